package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/persistence"
)

var persistenceAll = persistence.DealFilter{}

// dealColumn is a column of the deals table.
type dealColumn struct {
	key   string // a persistence.DealSortColumns key
	title string
	width float32
	text  func(f Format, r *persistence.DealRow) string
	right bool
}

// dealsPage is how many rows one query fetches; the table asks only for the
// rows it shows, so a million deals cost a page at a time.
const dealsPage = 200

// dealsTab is the virtualised deals table with its filters.
type dealsTab struct {
	u      *UI
	cols   []dealColumn
	table  *widget.Table
	search *widget.Entry
	status *widget.Select
	inPer  *widget.Check
	count  *widget.Label
	empty  *widget.Label
	sort   persistence.DealSort // as the headers show it
	// What the table shows: its filter and sort, its count and the pages
	// read so far. A reload reads the count and the first page in the
	// background and puts them in place together; until then the table
	// shows the previous ones.
	filter persistence.DealFilter
	shown  persistence.DealSort
	total  int
	pages  map[int][]persistence.DealRow
	gen    int // the last reload; older results are dropped
	// shownGen counts the changes of what the table shows; fetching are
	// the pages being read for it (row).
	shownGen int
	fetching map[int]bool
	inRow    bool
	// idWidth is the Deal ID column's width: its default, widened to the
	// longest ID shown so far (fitIDColumn).
	idWidth float32

	// Filters by owner, stage and territory; index 0 is "all".
	owner, stage, territory *widget.Select
	ownerIDs, stageIDs      []int64
	territoryIDs            []int64
	loading                 bool
	// undo offers to put back the most recently deleted deal, and opens the
	// list of recently deleted deals.
	undo     *fyne.Container
	undoText *widget.Label
	bin      []persistence.DeletedEntry
	// editor is the open add/edit form (for tests).
	editor *dealEditor
	// finding narrows the table to the deals behind a data-quality finding.
	finding     string
	findingBar  *fyne.Container
	findingText *widget.Label
	lastFix     int            // deals the last one-click fix changed (for tests)
	reassignTo  *widget.Select // the person chosen in the last reassignment form (for tests)
}

func newDealsTab(u *UI) *container.TabItem {
	t := &dealsTab{u: u, sort: persistence.DealSort{Column: "close_date", Desc: true}, pages: map[int][]persistence.DealRow{}}
	t.cols = []dealColumn{
		{"id", lang.L("Deal ID"), 100, func(_ Format, r *persistence.DealRow) string { return r.ExternalID }, false},
		{"name", lang.L("Deal"), 280, func(_ Format, r *persistence.DealRow) string { return r.Name }, false},
		{"account", lang.L("Account"), 200, func(_ Format, r *persistence.DealRow) string { return r.Account }, false},
		{"owner", lang.L("Owner"), 150, func(_ Format, r *persistence.DealRow) string { return r.Owner }, false},
		{"stage", lang.L("Stage"), 120, func(_ Format, r *persistence.DealRow) string { return r.Stage }, false},
		{"amount", lang.L("Amount"), 130, func(f Format, r *persistence.DealRow) string {
			if !r.HasAmount {
				return ""
			}
			return f.Money(r.Value)
		}, true},
		{"close_date", lang.L("Close date"), 110, func(f Format, r *persistence.DealRow) string { return f.Date(r.CloseDate) }, false},
		{"probability", lang.L("Probability"), 90, func(f Format, r *persistence.DealRow) string { return f.Percent(r.Probability.Float(), 0) }, true},
		{"territory", lang.L("Territory"), 130, func(_ Format, r *persistence.DealRow) string { return r.Territory }, false},
	}
	t.search = widget.NewEntry()
	t.search.SetPlaceHolder(lang.L("Search deal, ID or account"))
	t.search.OnChanged = t.onSearch
	t.search.OnSubmitted = func(string) { t.reload() }
	t.status = widget.NewSelect([]string{lang.L("All"), lang.L("Open"), lang.L("Won"), lang.L("Lost")}, t.onStatus)
	t.status.SetSelectedIndex(0)
	t.inPer = widget.NewCheck(lang.L("Closing in the period"), func(bool) { t.reload() })
	t.owner = widget.NewSelect(nil, func(string) { t.reload() })
	t.stage = widget.NewSelect(nil, func(string) { t.reload() })
	t.territory = widget.NewSelect(nil, func(string) { t.reload() })
	t.undoText = widget.NewLabel("")
	t.undo = container.NewHBox(t.undoText, &widget.Button{Text: lang.L("Undo"), Icon: theme.ContentUndoIcon(), OnTapped: t.onUndo},
		&widget.Button{Text: lang.L("Recently deleted…"), Icon: theme.HistoryIcon(), OnTapped: t.onRecentlyDeleted})
	t.undo.Hide()
	add := &widget.Button{Text: lang.L("Add deal"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: t.onAdd}
	quality := &widget.Button{Text: lang.L("Data quality…"), Icon: theme.WarningIcon(), OnTapped: t.onQuality}
	t.findingText = widget.NewLabel("")
	t.findingBar = container.NewHBox(t.findingText, &widget.Button{Text: lang.L("Show all deals"), Icon: theme.CancelIcon(), OnTapped: t.onClearFinding})
	t.findingBar.Hide()
	t.count = widget.NewLabel("")
	t.empty = widget.NewLabelWithStyle(lang.L("No deals yet — Import… or add one."), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	t.table = widget.NewTableWithHeaders(t.size, t.createCell, t.updateCell)
	t.table.ShowHeaderColumn = false
	t.table.CreateHeader = t.createHeader
	t.table.UpdateHeader = t.updateHeader
	for i, c := range t.cols {
		t.table.SetColumnWidth(i, c.width)
	}
	t.table.OnSelected = t.onSelect
	u.OnRefresh(t.refresh)
	u.addController(t)
	filters := container.NewHBox(t.owner, t.stage, t.territory, t.status, t.inPer, t.count)
	bar := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(quality, u.exportButton(dealsExport(t)), add), t.search), filters, t.findingBar, t.undo)
	body := container.NewStack(t.table, container.NewCenter(t.empty))
	return container.NewTabItemWithIcon(lang.L("Deals"), theme.DocumentIcon(), container.NewBorder(container.NewPadded(bar), nil, nil, nil, body))
}

// size is the table's length. Before the table has a height (its tab not
// yet shown) it reports no rows: Fyne's table then lays out a divider for
// every row, which at a million deals takes seconds.
func (t *dealsTab) size() (int, int) {
	if t.table != nil && t.table.Size().Height <= 0 {
		return 0, len(t.cols)
	}
	return t.total, len(t.cols)
}

func (t *dealsTab) createCell() fyne.CanvasObject { return newTableCell() }

// row returns the deal at index i, or nil while its page is being read: a
// page not read yet is read in the background (a page of a search matching
// a third of a million deals takes half a second), and the table is
// refreshed when it arrives, so scrolling never waits for the database.
func (t *dealsTab) row(i int) *persistence.DealRow {
	p := i / dealsPage
	rows, ok := t.pages[p]
	if !ok {
		t.inRow = true
		t.fetch(p)
		t.inRow = false
		if rows, ok = t.pages[p]; !ok {
			return nil
		}
	}
	if k := i % dealsPage; k < len(rows) {
		return &rows[k]
	}
	return nil
}

// fetch reads page p of what the table shows, once at a time.
func (t *dealsTab) fetch(p int) {
	if t.fetching[p] {
		return
	}
	if t.fetching == nil {
		t.fetching = map[int]bool{}
	}
	t.fetching[p] = true
	shown, f, s, db := t.shownGen, t.filter, t.shown, t.u.DB
	t.u.goBackground(func() {
		rows, err := db.DealPage(context.Background(), f, s, p*dealsPage, dealsPage)
		fyne.Do(func() {
			if shown != t.shownGen {
				return // the table shows another filter or sort by now
			}
			if err != nil {
				t.u.ShowError(err) // once: the page stays marked as being read
				return
			}
			delete(t.fetching, p)
			if len(t.pages) > 50 {
				t.pages = map[int][]persistence.DealRow{}
			}
			t.pages[p] = rows
			if !t.inRow {
				t.table.Refresh()
			}
		})
	})
}

func (t *dealsTab) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	cell := o.(*tableCell)
	r := t.row(id.Row)
	if r == nil {
		cell.set("", fyne.TextAlignLeading)
		return
	}
	c := t.cols[id.Col]
	align := fyne.TextAlignLeading
	if c.right {
		align = fyne.TextAlignTrailing
	}
	cell.set(c.text(t.u.Fmt, r), align)
}

func (t *dealsTab) createHeader() fyne.CanvasObject {
	return &widget.Button{Importance: widget.LowImportance, Alignment: widget.ButtonAlignLeading}
}

func (t *dealsTab) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 {
		return
	}
	c := t.cols[id.Col]
	b.Text = c.title
	b.Icon = nil
	if t.sort.Column == c.key {
		b.Icon = theme.MenuDropUpIcon()
		if t.sort.Desc {
			b.Icon = theme.MenuDropDownIcon()
		}
	}
	b.OnTapped = func() { t.onSort(c.key) }
	b.Refresh()
}

// onSort sorts by key, or flips the direction when it already sorts by it.
func (t *dealsTab) onSort(key string) {
	if t.sort.Column == key {
		t.sort.Desc = !t.sort.Desc
	} else {
		t.sort = persistence.DealSort{Column: key}
	}
	t.reload()
}

// onSearch searches as the user types from three characters on (the index
// answers those at once); one or two characters search on Enter, as they
// read every deal, and an emptied search shows every deal again.
func (t *dealsTab) onSearch(text string) {
	if n := len([]rune(strings.TrimSpace(text))); n == 1 || n == 2 {
		return
	}
	t.reload()
}
func (t *dealsTab) onStatus(string) { t.reload() }

// refresh reloads the filter choices (people, stages and territories may
// have changed) and the table.
func (t *dealsTab) refresh() {
	ctx := context.Background()
	t.loading = true
	defer func() { t.loading = false }()
	people, err := t.u.DB.People(ctx)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	stages, err := t.u.DB.Stages(ctx)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	terrs, err := t.u.DB.Territories(ctx)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	fill := func(sel *widget.Select, all string, ids *[]int64, names []string, newIDs []int64) {
		keep := int64(0)
		if i := sel.SelectedIndex(); i > 0 && i-1 < len(*ids) {
			keep = (*ids)[i-1]
		}
		*ids = newIDs
		sel.SetOptions(append([]string{all}, names...))
		sel.SetSelectedIndex(0)
		for i, id := range newIDs {
			if id == keep {
				sel.SetSelectedIndex(i + 1)
			}
		}
	}
	var names []string
	var ids []int64
	for _, p := range people {
		names, ids = append(names, p.Name), append(ids, p.ID)
	}
	fill(t.owner, lang.L("All owners"), &t.ownerIDs, names, ids)
	names, ids = nil, nil
	for _, s := range stages {
		names, ids = append(names, s.Name), append(ids, s.ID)
	}
	fill(t.stage, lang.L("All stages"), &t.stageIDs, names, ids)
	names, ids = nil, nil
	for _, x := range terrs {
		names, ids = append(names, x.Name), append(ids, x.ID)
	}
	fill(t.territory, lang.L("All territories"), &t.territoryIDs, names, ids)
	t.loadBin()
	t.loading = false
	t.reload()
}

// selectedID is the ID chosen in a filter select, 0 for "all".
func selectedID(sel *widget.Select, ids []int64) int64 {
	if i := sel.SelectedIndex(); i > 0 && i-1 < len(ids) {
		return ids[i-1]
	}
	return 0
}

// reload re-counts and forgets the cached pages. Every filter runs in
// SQLite on indexed columns; the table then asks only for visible rows.
func (t *dealsTab) reload() {
	if t.table == nil || t.loading {
		return
	}
	f := persistence.DealFilter{Text: t.search.Text}
	f.OwnerID = selectedID(t.owner, t.ownerIDs)
	f.StageID = selectedID(t.stage, t.stageIDs)
	f.TerritoryID = selectedID(t.territory, t.territoryIDs)
	if t.finding != "" {
		f.Finding, f.AsOf = t.finding, t.u.Now()
	}
	switch t.status.SelectedIndex() {
	case 1:
		f.Status = domain.StatusOpen
	case 2:
		f.Status = domain.StatusWon
	case 3:
		f.Status = domain.StatusLost
	}
	if t.inPer.Checked {
		f.From, f.To = t.u.Period.Start(), t.u.Period.End()
	}
	switch t.u.Scope.Kind {
	case ScopePerson:
		if f.OwnerID == 0 {
			f.OwnerID = t.u.Scope.ID
		}
	case ScopeTeam:
		f.TeamID = t.u.Scope.ID
	case ScopeTerritory:
		if f.TerritoryID == 0 {
			f.TerritoryID = t.u.Scope.ID
		}
	case ScopeSegment:
		f.Segment = t.u.Scope.Segment
	}
	// A search that matches a third of a million deals takes most of a
	// second to count and sort: never on the UI goroutine.
	t.gen++
	gen, sort, db := t.gen, t.sort, t.u.DB
	t.u.goBackground(func() {
		ctx := context.Background()
		n, err := db.CountDeals(ctx, f)
		var first []persistence.DealRow
		if err == nil && n > 0 {
			first, err = db.DealPage(ctx, f, sort, 0, dealsPage)
		}
		fyne.Do(func() {
			if gen != t.gen {
				return // a newer reload is on its way
			}
			if err != nil {
				t.u.ShowError(err)
				return
			}
			t.filter, t.shown, t.total = f, sort, n
			t.pages = map[int][]persistence.DealRow{0: first}
			t.fitIDColumn(first)
			t.shownGen++
			t.fetching = nil
			t.showCount(n, f)
		})
	})
}

// fitIDColumn widens the Deal ID column to the longest ID of rows, up to
// twice its default width: CRM IDs are long and often share their start
// ("US-2022-103800", "US-2022-112326"), so cut at the default width they
// all read the same. It never narrows the column.
func (t *dealsTab) fitIDColumn(rows []persistence.DealRow) {
	def := t.cols[0].width
	if t.idWidth == 0 {
		t.idWidth = def
	}
	need := t.idWidth
	for _, r := range rows {
		w := fyne.MeasureText(r.ExternalID, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding() + theme.Padding()
		need = max(need, min(w, 2*def))
	}
	if need > t.idWidth {
		t.idWidth = need
		t.table.SetColumnWidth(0, need)
	}
}

// showCount shows the number of deals the filter f lets through, or why
// there are none, and the table from its top.
func (t *dealsTab) showCount(n int, f persistence.DealFilter) {
	t.count.SetText(lang.L("{{.N}} deals", map[string]any{"N": t.u.Fmt.Number(float64(n), 0)}))
	t.empty.Hidden = n > 0 || f != persistenceAll
	if n == 0 && f != persistenceAll {
		t.empty.Hidden = false
		t.empty.SetText(lang.L("No deals match these filters."))
	} else {
		t.empty.SetText(lang.L("No deals yet — Import… or add one."))
	}
	t.table.Refresh()
	t.table.ScrollToTop()
}

// cellText returns what the table shows at row, col (for tests).
func (t *dealsTab) cellText(row, col int) string {
	r := t.row(row)
	if r == nil {
		return ""
	}
	return t.cols[col].text(t.u.Fmt, r)
}
