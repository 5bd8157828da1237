package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
)

// territoryAccounts lists the accounts with their territory and how they got
// it (rule, manual, tie, none), and assigns them by hand.
type territoryAccounts struct {
	t       *territoriesTab
	all     []domain.Account
	ties    map[int64][]int64
	rows    []int // indices into all, filtered
	show    *widget.Select
	segment *widget.Select
	search  *widget.Entry
	count   *widget.Label
	table   *widget.Table
	sel     int // index into rows, -1 = none
	assign  *widget.Button
	unlock  *widget.Button
	cols    []accountColumn
	actions *fyne.Container
	history *widget.Label // where the selected account has been
	dirty   bool          // the accounts may have changed: check before showing
	scoped  string        // the segment of the shared scope the filter last followed
	fp      string        // fingerprint of the accounts read
}

type accountColumn struct {
	title string
	width float32
	text  func(a *domain.Account) string
}

// Which accounts the list shows.
const (
	showAll = iota
	showSelected
	showUnassigned
	showTies
	showManual
)

func newTerritoryAccounts(t *territoriesTab) *territoryAccounts {
	a := &territoryAccounts{t: t, sel: -1, dirty: true}
	f := func() Format { return t.u.Fmt }
	a.cols = []accountColumn{
		{lang.L("Account"), 220, func(x *domain.Account) string { return x.Name }},
		{lang.L("Country"), 70, func(x *domain.Account) string { return x.Country }},
		{lang.L("State / region"), 120, func(x *domain.Account) string { return x.State }},
		{lang.L("Postal code"), 90, func(x *domain.Account) string { return x.PostalCode }},
		{lang.L("Industry"), 120, func(x *domain.Account) string { return x.Industry }},
		{lang.L("Employees"), 90, func(x *domain.Account) string { return f().Number(float64(x.Employees), 0) }},
		{lang.L("Potential"), 110, func(x *domain.Account) string { return f().MoneyShort(float64(x.Potential)) }},
		{lang.L("Segment"), 100, func(x *domain.Account) string { return x.Segment }},
		{lang.L("Territory"), 150, func(x *domain.Account) string { return a.territoryText(x) }},
		{lang.L("How assigned"), 110, func(x *domain.Account) string { return sourceLabel(x.Assignment) }},
	}
	a.show = widget.NewSelect([]string{lang.L("All accounts"), lang.L("In the chosen territory"), lang.L("Unassigned"), lang.L("Ties"), lang.L("Manual")}, func(string) { a.reload() })
	a.show.SetSelectedIndex(showAll)
	a.segment = widget.NewSelect(nil, func(string) { a.reload() })
	a.search = widget.NewEntry()
	a.search.SetPlaceHolder(lang.L("Search account"))
	a.search.OnChanged = func(string) { a.reload() }
	a.count = widget.NewLabel("")
	a.table = widget.NewTableWithHeaders(func() (int, int) { return len(a.rows), len(a.cols) }, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, a.updateCell)
	a.table.ShowHeaderColumn = false
	a.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	a.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 && id.Col < len(a.cols) {
			o.(*widget.Label).SetText(a.cols[id.Col].title)
		}
	}
	for i, c := range a.cols {
		a.table.SetColumnWidth(i, c.width)
	}
	a.table.OnSelected = func(id widget.TableCellID) { a.sel = id.Row; a.syncButtons(); a.showHistory() }
	a.history = widget.NewLabel("")
	a.history.Wrapping = fyne.TextWrapWord
	a.assign = &widget.Button{Text: lang.L("Assign to the chosen territory"), Icon: theme.ContentRedoIcon(), OnTapped: a.onAssign}
	a.unlock = &widget.Button{Text: lang.L("Let the rules decide"), Icon: theme.ViewRefreshIcon(), OnTapped: a.onUnlock}
	return a
}

func (a *territoryAccounts) object() fyne.CanvasObject {
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(a.show, a.segment, a.t.u.exportButton(&tableExport{Name: "Accounts", Table: a.table})), a.search)
	a.actions = container.NewBorder(nil, nil, container.NewHBox(a.assign, a.unlock), a.count)
	return container.NewBorder(container.NewPadded(bar), container.NewPadded(container.NewVBox(a.actions, a.history)), nil, nil, a.table)
}

func sourceLabel(s domain.AssignmentSource) string {
	switch s {
	case domain.AssignedRule:
		return lang.L("By rule")
	case domain.AssignedManual:
		return lang.L("Manual")
	case domain.AssignedTie:
		return lang.L("Tie")
	}
	return lang.L("None")
}

func (a *territoryAccounts) territoryText(x *domain.Account) string {
	if x.Assignment == domain.AssignedTie {
		var names []string
		for _, c := range a.ties[x.ID] {
			names = append(names, a.t.territoryName(c))
		}
		return lang.L("tie between {{.Names}}", map[string]any{"Names": strings.Join(names, ", ")})
	}
	if x.TerritoryID == 0 {
		return ""
	}
	return a.t.territoryName(x.TerritoryID)
}

// ensure reads the accounts and tie candidates when they changed.
func (a *territoryAccounts) ensure() {
	if !a.dirty {
		return
	}
	a.dirty = false
	ctx := context.Background()
	fp, err := a.t.u.DB.AccountsFingerprint(ctx)
	if err != nil {
		a.t.u.ShowError(err)
		return
	}
	if fp == a.fp && a.all != nil {
		return
	}
	a.fp = fp
	all, err := a.t.u.DB.Accounts(ctx)
	if err != nil {
		a.t.u.ShowError(err)
		return
	}
	ties, err := a.t.u.DB.TieCandidates(ctx)
	if err != nil {
		a.t.u.ShowError(err)
		return
	}
	a.all, a.ties = all, ties
	segs, err := a.t.u.DB.Segments(ctx)
	if err != nil {
		a.t.u.ShowError(err)
		return
	}
	chosen := a.segment.Selected
	a.segment.Options = append([]string{lang.L("Every segment")}, segs...)
	a.segment.SetSelected(chosen)
	if a.segment.SelectedIndex() < 0 {
		a.segment.SetSelectedIndex(0)
	}
}

// reload filters the accounts (read again first when they changed).
func (a *territoryAccounts) reload() {
	if a.count == nil || a.t.byID == nil {
		return
	}
	a.ensure()
	if seg := a.t.u.Scope.Segment; seg != a.scoped {
		// The segment filter follows a segment chosen as the window's scope
		// (and back to every segment when the scope is something else).
		a.scoped = seg
		if seg == "" {
			seg = lang.L("Every segment")
		}
		a.segment.Selected = seg
		a.segment.Refresh()
	}
	within := map[int64]bool{}
	if a.show.SelectedIndex() == showSelected && a.t.selected != 0 {
		for _, id := range a.t.subtree(a.t.selected) {
			within[id] = true
		}
	}
	q := strings.ToLower(strings.TrimSpace(a.search.Text))
	seg := ""
	if a.segment.SelectedIndex() > 0 {
		seg = a.segment.Selected
	}
	a.rows = a.rows[:0]
	for i := range a.all {
		x := &a.all[i]
		switch a.show.SelectedIndex() {
		case showSelected:
			if !within[x.TerritoryID] {
				continue
			}
		case showUnassigned:
			if x.TerritoryID != 0 {
				continue
			}
		case showTies:
			if x.Assignment != domain.AssignedTie {
				continue
			}
		case showManual:
			if x.Assignment != domain.AssignedManual {
				continue
			}
		}
		if seg != "" && x.Segment != seg {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(x.Name), q) {
			continue
		}
		a.rows = append(a.rows, i)
	}
	a.count.SetText(lang.L("{{.N}} accounts", map[string]any{"N": a.t.u.Fmt.Number(float64(len(a.rows)), 0)}))
	if a.actions != nil {
		a.actions.Refresh() // the count's width changed: lay the bar out again
	}
	a.sel = -1
	a.table.UnselectAll()
	a.history.SetText("")
	a.table.Refresh()
	a.syncButtons()
}

func (a *territoryAccounts) syncButtons() {
	if a.sel >= 0 && a.sel < len(a.rows) && a.t.selected != 0 {
		a.assign.Enable()
	} else {
		a.assign.Disable()
	}
	if a.sel >= 0 && a.sel < len(a.rows) && a.all[a.rows[a.sel]].Locked() {
		a.unlock.Enable()
	} else {
		a.unlock.Disable()
	}
}

func (a *territoryAccounts) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row >= len(a.rows) || id.Col >= len(a.cols) {
		l.SetText("")
		return
	}
	l.SetText(a.cols[id.Col].text(&a.all[a.rows[id.Row]]))
}

// showHistory says where the selected account has been: deals count for the
// territory their account was in when they closed.
func (a *territoryAccounts) showHistory() {
	if a.sel < 0 || a.sel >= len(a.rows) {
		a.history.SetText("")
		return
	}
	x := &a.all[a.rows[a.sel]]
	spans, err := a.t.u.DB.AccountTerritoryHistory(context.Background(), x.ID)
	if err != nil {
		a.t.u.ShowError(err)
		return
	}
	if len(spans) == 0 {
		a.history.SetText(lang.L("{{.Account}} has always been in {{.Territory}}.", map[string]any{"Account": x.Name, "Territory": a.t.territoryName(x.TerritoryID)}))
		return
	}
	f := a.t.u.Fmt
	var parts []string
	for _, sp := range spans {
		name := a.t.territoryName(sp.TerritoryID) + " (" + sourceLabel(sp.Source) + ")"
		switch {
		case sp.From.IsZero() && !sp.To.IsZero():
			parts = append(parts, lang.L("{{.Territory}} until {{.Date}}", map[string]any{"Territory": name, "Date": f.Date(sp.To.AddDate(0, 0, -1))}))
		case sp.To.IsZero():
			parts = append(parts, lang.L("{{.Territory}} from {{.Date}}", map[string]any{"Territory": name, "Date": f.Date(sp.From)}))
		default:
			parts = append(parts, lang.L("{{.Territory}} from {{.From}} to {{.To}}", map[string]any{"Territory": name, "From": f.Date(sp.From), "To": f.Date(sp.To.AddDate(0, 0, -1))}))
		}
	}
	a.history.SetText(x.Name + ": " + strings.Join(parts, "  →  "))
}

// cellText is what the list shows at row, col (for tests).
func (a *territoryAccounts) cellText(row, col int) string {
	if row >= len(a.rows) {
		return ""
	}
	return a.cols[col].text(&a.all[a.rows[row]])
}

func (a *territoryAccounts) onAssign() {
	if a.sel < 0 || a.sel >= len(a.rows) || a.t.selected == 0 {
		return
	}
	x := a.all[a.rows[a.sel]]
	if err := a.t.u.DB.AssignAccount(context.Background(), x.ID, a.t.selected, a.t.u.Now()); err != nil {
		a.t.u.ShowError(err)
		return
	}
	a.t.u.Changed()
}

func (a *territoryAccounts) onUnlock() {
	if a.sel < 0 || a.sel >= len(a.rows) {
		return
	}
	x := a.all[a.rows[a.sel]]
	if _, err := a.t.u.DB.UnlockAccount(context.Background(), x.ID, a.t.u.Now()); err != nil {
		a.t.u.ShowError(err)
		return
	}
	a.t.u.Changed()
}

// ---- segments ----

// segmentEditor edits the segment buckets and applies them to every account.
type segmentEditor struct {
	t      *territoriesTab
	rows   []*segmentRow
	box    *fyne.Container
	status *widget.Label
	dirty  bool
}

type segmentRow struct {
	name  *widget.Entry
	field *widget.Select
	rng   *widget.Entry
	box   *fyne.Container
}

func newSegmentEditor(t *territoriesTab) *segmentEditor {
	return &segmentEditor{t: t, box: container.NewVBox(), status: widget.NewLabel(""), dirty: true}
}

func (s *segmentEditor) object() fyne.CanvasObject {
	hint := widget.NewLabel(lang.L("Buckets are tried from the top; the first whose range holds the account's employees or annual revenue sets its segment. Ranges are lo..hi inclusive, either end may be left out: 1000.. or ..99."))
	hint.Wrapping = fyne.TextWrapWord
	add := &widget.Button{Text: lang.L("Add bucket"), Icon: theme.ContentAddIcon(), OnTapped: func() { s.append(domain.SegmentRule{Field: domain.RuleEmployees}) }}
	defaults := &widget.Button{Text: lang.L("Enterprise / Mid-market / SMB"), Icon: theme.ContentPasteIcon(), OnTapped: func() { s.show(domain.DefaultSegmentRules()) }}
	save := &widget.Button{Text: lang.L("Save and apply to every account"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: s.onSave}
	return container.NewVScroll(container.NewPadded(container.NewVBox(hint, s.box, container.NewHBox(add, defaults, save), s.status)))
}

func (s *segmentEditor) reload() {
	s.dirty = false
	rules, err := s.t.u.DB.SegmentRules(context.Background())
	if err != nil {
		s.t.u.ShowError(err)
		return
	}
	s.show(rules)
	s.t.accounts.ensure()
	counts := map[string]int{}
	for i := range s.t.accounts.all {
		counts[s.t.accounts.all[i].Segment]++
	}
	var parts []string
	for _, r := range rules {
		parts = append(parts, r.Name+": "+s.t.u.Fmt.Number(float64(counts[r.Name]), 0))
	}
	if len(rules) == 0 {
		s.status.SetText(lang.L("No buckets yet: accounts keep the segment they were imported with."))
	} else {
		s.status.SetText(strings.Join(parts, "  ·  "))
	}
}

func (s *segmentEditor) show(rules []domain.SegmentRule) {
	s.rows = nil
	s.box.RemoveAll()
	for _, r := range rules {
		s.append(r)
	}
}

func (s *segmentEditor) append(r domain.SegmentRule) {
	row := &segmentRow{name: widget.NewEntry(), field: widget.NewSelect([]string{lang.L("Employees"), lang.L("Annual revenue")}, nil), rng: widget.NewEntry()}
	row.name.SetText(r.Name)
	row.name.SetPlaceHolder(lang.L("Segment"))
	row.field.SetSelectedIndex(0)
	if r.Field == domain.RuleAnnualRevenue {
		row.field.SetSelectedIndex(1)
	}
	row.rng.SetText(r.Range)
	row.rng.SetPlaceHolder("100..999")
	remove := &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance}
	remove.OnTapped = func() {
		for i, x := range s.rows {
			if x == row {
				s.rows = append(s.rows[:i], s.rows[i+1:]...)
				break
			}
		}
		s.box.Remove(row.box)
	}
	row.box = container.NewBorder(nil, nil, nil, remove, container.NewGridWithColumns(3, row.name, row.field, row.rng))
	s.rows = append(s.rows, row)
	s.box.Add(row.box)
}

func (s *segmentEditor) onSave() {
	var rules []domain.SegmentRule
	for _, r := range s.rows {
		f := domain.RuleEmployees
		if r.field.SelectedIndex() == 1 {
			f = domain.RuleAnnualRevenue
		}
		rules = append(rules, domain.SegmentRule{Name: r.name.Text, Field: f, Range: r.rng.Text})
	}
	var n int
	s.t.busy.Add(1)
	s.t.u.Background(lang.L("Setting segments"), func(ctx context.Context, progress func(float64, string)) error {
		var err error
		n, err = s.t.u.DB.SetSegmentRules(ctx, rules)
		return err
	}, func(err error) {
		defer s.t.busy.Done()
		if err != nil {
			s.t.u.ShowError(err)
			return
		}
		s.t.u.Changed()
		s.status.SetText(lang.L("{{.N}} accounts changed segment.", map[string]any{"N": strconv.Itoa(n)}) + "  " + s.status.Text)
	})
}
