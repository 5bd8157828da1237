package ui

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/persistence"
)

// territoriesTab is the Territories tab: the hierarchy on the left; on the
// right the selected territory (name, place, priority, owners, rules), the
// accounts with how they got their territory, segments, balance and
// performance. Running the rules proposes first; a banner commits or
// discards the proposal.
type territoriesTab struct {
	u        *UI
	terrs    []domain.Territory
	byID     map[int64]domain.Territory
	children map[int64][]int64
	counts   map[int64]int // accounts, the territories inside included
	people   []domain.Person
	selected int64

	tree    *widget.Tree
	empty   *widget.Label
	newTop  *widget.Button
	newIn   *widget.Button
	delete  *widget.Button
	runBtn  *widget.Button
	sub     *container.AppTabs
	details *container.TabItem

	// the selected territory
	noSel       *widget.Label
	form        *fyne.Container
	name        *widget.Entry
	priority    *widget.Entry
	parent      *widget.Select
	parentIDs   []int64
	saveBtn     *widget.Button
	ownerRows   []domain.TerritoryOwner
	owners      *widget.List
	ownerPerson *widget.Select
	ownerRole   *widget.Select
	ownerFrom   *widget.Entry
	ownerAdd    *widget.Button
	ownerEnd    *widget.Button
	ownerSel    int
	rules       []*ruleRow
	rulesBox    *fyne.Container
	addRule     *widget.Button
	saveRules   *widget.Button

	// the pending proposal of a rules run
	proposal    *domain.AssignmentProposal
	banner      *fyne.Container
	bannerText  *widget.Label
	commitBtn   *widget.Button
	discardBtn  *widget.Button
	movesTab    *container.TabItem
	movesList   *widget.List
	countsLabel *widget.Label

	accounts *territoryAccounts
	balance  *territoryBalance
	segments *segmentEditor
	perf     *territoryPerformance

	// busy counts work running off the UI goroutine (tests wait on it).
	busy sync.WaitGroup
}

// ruleRow is one editable rule of the selected territory.
type ruleRow struct {
	set    *widget.Entry
	field  *widget.Select
	op     *widget.Select
	value  *widget.Entry
	remove *widget.Button
	box    *fyne.Container
}

func ruleFieldLabels() []string {
	return []string{lang.L("Country"), lang.L("State / region"), lang.L("Postal code prefix"), lang.L("Industry"), lang.L("Employees"), lang.L("Annual revenue")}
}

func newTerritoriesTab(u *UI) *container.TabItem {
	t := &territoriesTab{u: u, ownerSel: -1}
	t.tree = widget.NewTree(t.childUIDs, t.isBranch, t.createNode, t.updateNode)
	t.tree.OnSelected = t.onSelect
	t.empty = widget.NewLabelWithStyle(lang.L("No territories yet — add one, or import a territory workbook."), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	t.empty.Wrapping = fyne.TextWrapWord
	t.newTop = &widget.Button{Text: lang.L("New territory"), Icon: theme.ContentAddIcon(), OnTapped: t.onNewTop}
	t.newIn = &widget.Button{Text: lang.L("New inside"), Icon: theme.ContentAddIcon(), OnTapped: t.onNewInside}
	t.delete = &widget.Button{Text: lang.L("Delete…"), Icon: theme.DeleteIcon(), OnTapped: t.onDelete}
	t.runBtn = &widget.Button{Text: lang.L("Run rules"), Icon: theme.MediaPlayIcon(), Importance: widget.HighImportance, OnTapped: t.onRunRules}
	importBtn := &widget.Button{Text: lang.L("Import workbook…"), Icon: theme.FolderOpenIcon(), OnTapped: t.onImportWorkbook}
	exportBtn := &widget.Button{Text: lang.L("Export workbook…"), Icon: theme.DocumentSaveIcon(), OnTapped: t.onExportWorkbook}

	t.buildDetails()
	t.buildProposal()
	t.accounts = newTerritoryAccounts(t)
	t.balance = newTerritoryBalance(t)
	t.segments = newSegmentEditor(t)
	t.perf = newTerritoryPerformance(t)

	t.details = container.NewTabItem(lang.L("Territory"), t.detailsObject())
	t.movesTab = container.NewTabItem(lang.L("Proposed changes"), t.proposalObject())
	t.sub = container.NewAppTabs(t.details,
		container.NewTabItem(lang.L("Accounts"), t.accounts.object()),
		container.NewTabItem(lang.L("Segments"), t.segments.object()),
		container.NewTabItem(lang.L("Balance"), t.balance.object()),
		container.NewTabItem(lang.L("Performance"), t.perf.object()),
	)
	t.sub.OnSelected = func(*container.TabItem) { t.refreshVisible() }

	t.banner = container.NewPadded(container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), container.NewHBox(t.commitBtn, t.discardBtn), t.bannerText))
	t.banner.Hide()
	// Two by two: in one row the four buttons would widen the window.
	tools := container.NewGridWithColumns(2, t.newTop, t.newIn, t.delete, u.exportButton(territoryListExport(t)))
	left := container.NewBorder(container.NewVBox(tools, t.empty), nil, nil, nil, t.tree)
	top := container.NewVBox(container.NewHBox(t.runBtn, importBtn, exportBtn), t.banner)
	split := container.NewHSplit(left, t.sub)
	split.Offset = 0.28
	u.OnRefresh(t.reload)
	u.addController(t)
	return container.NewTabItemWithIcon(lang.L("Territories"), theme.GridIcon(), container.NewBorder(container.NewPadded(top), nil, nil, nil, split))
}

// loadInBackground is false only in tests: Fyne's test driver runs fyne.Do
// on the calling goroutine, so a load finishing while the test (or another
// callback) still works on the window would race, where the real driver
// queues it on the UI goroutine.
var loadInBackground = true

// load runs read (database work, no widgets) off the UI goroutine and the
// function it returns (widget changes) back on it.
func (t *territoriesTab) load(read func() (apply func())) {
	if !loadInBackground {
		read()()
		return
	}
	t.busy.Add(1)
	go func() {
		defer t.busy.Done()
		apply := read()
		fyne.Do(apply)
	}()
}

// ---- the tree ----

func uid(id int64) widget.TreeNodeID { return strconv.FormatInt(id, 10) }

func idOf(u widget.TreeNodeID) int64 {
	id, _ := strconv.ParseInt(u, 10, 64)
	return id
}

func (t *territoriesTab) childUIDs(n widget.TreeNodeID) []widget.TreeNodeID {
	var parent int64
	if n != "" {
		parent = idOf(n)
	}
	var out []widget.TreeNodeID
	for _, c := range t.children[parent] {
		out = append(out, uid(c))
	}
	return out
}

func (t *territoriesTab) isBranch(n widget.TreeNodeID) bool {
	return n == "" || len(t.children[idOf(n)]) > 0
}

func (t *territoriesTab) createNode(bool) fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (t *territoriesTab) updateNode(n widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	tr, ok := t.byID[idOf(n)]
	if !ok {
		return
	}
	o.(*widget.Label).SetText(tr.Name + "  ·  " + lang.L("{{.N}} accounts", map[string]any{"N": t.u.Fmt.Number(float64(t.counts[tr.ID]), 0)}) +
		"  ·  " + lang.L("priority {{.N}}", map[string]any{"N": strconv.Itoa(tr.Priority)}))
}

func (t *territoriesTab) onSelect(n widget.TreeNodeID) {
	t.selected = idOf(n)
	t.showSelected()
	if t.sub.Selected() == t.sub.Items[1] {
		t.accounts.reload()
	}
}

// reload reads the hierarchy, the people and the accounts again.
func (t *territoriesTab) reload() {
	ctx := context.Background()
	terrs, err := t.u.DB.Territories(ctx)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	people, err := t.u.DB.People(ctx)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.people = people
	t.terrs = terrs
	t.byID = map[int64]domain.Territory{}
	t.children = map[int64][]int64{}
	for _, tr := range terrs {
		t.byID[tr.ID] = tr
	}
	for _, tr := range terrs {
		p := tr.ParentID
		if _, ok := t.byID[p]; !ok {
			p = 0
		}
		t.children[p] = append(t.children[p], tr.ID)
	}
	for _, kids := range t.children {
		sort.Slice(kids, func(i, j int) bool {
			return strings.ToLower(t.byID[kids[i]].Name) < strings.ToLower(t.byID[kids[j]].Name)
		})
	}
	if _, ok := t.byID[t.selected]; !ok {
		t.selected = 0
	}
	direct, err := t.u.DB.AccountCountsByTerritory(ctx)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.counts = t.rolledUpCounts(direct)
	t.empty.Hidden = len(terrs) > 0
	t.empty.Refresh()
	t.tree.Refresh()
	t.tree.OpenAllBranches()
	t.showSelected()
	// The accounts, segments, balance and performance load when shown: a
	// change of period or data costs this tab only the tree.
	t.accounts.dirty, t.balance.dirty, t.perf.dirty, t.segments.dirty = true, true, true, true
	t.refreshVisible()
}

// refreshVisible reloads the sub-tab in view when its data changed.
func (t *territoriesTab) refreshVisible() {
	switch t.sub.Selected() {
	case nil:
	case t.sub.Items[1]:
		if t.accounts.dirty {
			t.accounts.reload()
		}
	case t.sub.Items[2]:
		if t.segments.dirty {
			t.segments.reload()
		}
	case t.sub.Items[3]:
		if t.balance.dirty {
			t.balance.reload()
		}
	case t.sub.Items[4]:
		if t.perf.dirty {
			t.perf.reload()
		}
	}
}

func (t *territoriesTab) rolledUpCounts(direct map[int64]int) map[int64]int {
	out := map[int64]int{}
	var walk func(id int64) int
	walk = func(id int64) int {
		n := direct[id]
		for _, c := range t.children[id] {
			n += walk(c)
		}
		out[id] = n
		return n
	}
	for _, root := range t.children[0] {
		walk(root)
	}
	return out
}

// subtree lists id and every territory inside it.
func (t *territoriesTab) subtree(id int64) []int64 {
	out := []int64{id}
	for i := 0; i < len(out); i++ {
		out = append(out, t.children[out[i]]...)
	}
	return out
}

// territoryName is the name of id, or "Unassigned" for 0.
func (t *territoriesTab) territoryName(id int64) string {
	if id == 0 {
		return lang.L("Unassigned")
	}
	if tr, ok := t.byID[id]; ok {
		return tr.Name
	}
	return "#" + strconv.FormatInt(id, 10)
}

// ---- hierarchy edits ----

func (t *territoriesTab) onNewTop()    { t.createTerritory(0) }
func (t *territoriesTab) onNewInside() { t.createTerritory(t.selected) }

// createTerritory adds "New territory" under parent and selects it, ready to
// be named in the form.
func (t *territoriesTab) createTerritory(parent int64) {
	tr := domain.Territory{Name: lang.L("New territory"), ParentID: parent}
	if parent != 0 {
		tr.Priority = t.byID[parent].Priority
	}
	if err := t.u.DB.CreateTerritory(context.Background(), &tr); err != nil {
		t.u.ShowError(err)
		return
	}
	t.selected = tr.ID
	t.reload()
	t.tree.Select(uid(tr.ID))
	t.sub.Select(t.details)
	if c := fyne.CurrentApp().Driver().CanvasForObject(t.name); c != nil {
		c.Focus(t.name)
	}
}

func (t *territoriesTab) onDelete() {
	if t.selected == 0 {
		return
	}
	tr := t.byID[t.selected]
	n, err := t.u.DB.AccountsIn(context.Background(), tr.ID)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	options := []string{lang.L("Leave them unassigned")}
	ids := []int64{0}
	for _, o := range t.terrs {
		if o.ID != tr.ID {
			options = append(options, lang.L("Move them to {{.Name}}", map[string]any{"Name": o.Name}))
			ids = append(ids, o.ID)
		}
	}
	target := widget.NewSelect(options, nil)
	target.SetSelectedIndex(0)
	msg := widget.NewLabel(lang.L("Delete {{.Name}}? Its rules and owners go with it; the territories inside it move up. Its {{.N}} accounts:",
		map[string]any{"Name": tr.Name, "N": t.u.Fmt.Number(float64(n), 0)}))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(lang.L("Delete territory"), lang.L("Delete"), lang.L("Cancel"), container.NewVBox(msg, target), func(ok bool) {
		if ok {
			t.deleteTerritory(tr.ID, ids[target.SelectedIndex()])
		}
	}, t.u.Win)
	d.Resize(fyne.NewSize(480, 220))
	d.Show()
}

// deleteTerritory deletes id, moving its accounts to reassign (0 = none).
func (t *territoriesTab) deleteTerritory(id, reassign int64) {
	if _, err := t.u.DB.DeleteTerritory(context.Background(), id, reassign, t.u.Now()); err != nil {
		t.u.ShowError(err)
		return
	}
	t.selected = 0
	t.tree.UnselectAll()
	t.u.Changed()
}

// ---- the selected territory: form, owners, rules ----

func (t *territoriesTab) buildDetails() {
	t.noSel = widget.NewLabelWithStyle(lang.L("Choose a territory on the left, or add one."), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	t.name = widget.NewEntry()
	t.priority = widget.NewEntry()
	t.priority.Validator = func(s string) error {
		if _, err := strconv.Atoi(strings.TrimSpace(s)); err != nil {
			return domain.Errorf(domain.EINVALID, "%s", lang.L("The priority is a whole number; higher wins."))
		}
		return nil
	}
	t.parent = widget.NewSelect(nil, nil)
	t.saveBtn = &widget.Button{Text: lang.L("Save"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: t.onSave}

	t.owners = widget.NewList(func() int { return len(t.ownerRows) }, func() fyne.CanvasObject { return widget.NewLabel("") }, t.updateOwner)
	t.owners.OnSelected = func(i widget.ListItemID) { t.ownerSel = i }
	t.owners.OnUnselected = func(widget.ListItemID) { t.ownerSel = -1 }
	t.ownerPerson = widget.NewSelect(nil, nil)
	t.ownerPerson.PlaceHolder = lang.L("Person")
	t.ownerRole = widget.NewSelect([]string{lang.L("Primary owner"), lang.L("Overlay")}, nil)
	t.ownerRole.SetSelectedIndex(0)
	t.ownerFrom = widget.NewEntry()
	t.ownerFrom.SetPlaceHolder(lang.L("from (date)"))
	t.ownerAdd = &widget.Button{Text: lang.L("Add owner"), Icon: theme.ContentAddIcon(), OnTapped: t.onAddOwner}
	t.ownerEnd = &widget.Button{Text: lang.L("End on the date"), Icon: theme.CancelIcon(), OnTapped: t.onEndOwner}

	t.rulesBox = container.NewVBox()
	t.addRule = &widget.Button{Text: lang.L("Add rule"), Icon: theme.ContentAddIcon(), OnTapped: func() {
		t.appendRule(domain.TerritoryRule{Set: 1, Field: domain.RuleCountry, Operator: domain.OpEquals})
	}}
	t.saveRules = &widget.Button{Text: lang.L("Save rules"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: t.onSaveRules}
}

func (t *territoriesTab) detailsObject() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Name"), t.name),
		widget.NewFormItem(lang.L("Inside"), t.parent),
		widget.NewFormItem(lang.L("Priority"), t.priority),
	)
	hint := widget.NewLabel(lang.L("Rules with the same set number must all match (AND); any one set is enough (OR). An account matching several territories goes to the highest priority; equal priorities leave it unassigned as a tie."))
	hint.Wrapping = fyne.TextWrapWord
	ownersHead := widget.NewLabelWithStyle(lang.L("Owners (effective-dated: past periods keep theirs)"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	rulesHead := widget.NewLabelWithStyle(lang.L("Assignment rules"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	ownersList := container.NewGridWrap(fyne.NewSize(480, 110), t.owners)
	t.form = container.NewVBox(form, container.NewHBox(t.saveBtn),
		widget.NewSeparator(), ownersHead, ownersList,
		container.NewGridWithColumns(3, t.ownerPerson, t.ownerRole, t.ownerFrom), container.NewHBox(t.ownerAdd, t.ownerEnd),
		widget.NewSeparator(), rulesHead, hint, t.rulesBox, container.NewHBox(t.addRule, t.saveRules))
	return container.NewStack(container.NewCenter(t.noSel), container.NewVScroll(container.NewPadded(t.form)))
}

func (t *territoriesTab) showSelected() {
	tr, ok := t.byID[t.selected]
	t.noSel.Hidden = ok
	t.form.Hidden = !ok
	t.newIn.Disable()
	t.delete.Disable()
	if !ok {
		t.noSel.Refresh()
		t.form.Refresh()
		return
	}
	t.newIn.Enable()
	t.delete.Enable()
	t.name.SetText(tr.Name)
	t.priority.SetText(strconv.Itoa(tr.Priority))
	inside := map[int64]bool{}
	for _, id := range t.subtree(tr.ID) {
		inside[id] = true
	}
	opts := []string{lang.L("(top level)")}
	t.parentIDs = []int64{0}
	sel := 0
	for _, o := range t.terrs {
		if inside[o.ID] {
			continue
		}
		if o.ID == tr.ParentID {
			sel = len(opts)
		}
		opts = append(opts, o.Name)
		t.parentIDs = append(t.parentIDs, o.ID)
	}
	t.parent.Options = opts
	t.parent.SetSelectedIndex(sel)
	var names []string
	for _, p := range t.people {
		names = append(names, personLabel(p))
	}
	t.ownerPerson.Options = names
	t.ownerPerson.ClearSelected()
	if t.ownerFrom.Text == "" {
		t.ownerFrom.SetText(t.u.Fmt.Date(t.u.Now()))
	}
	t.loadOwners()
	t.loadRules()
	t.form.Refresh()
}

func personLabel(p domain.Person) string {
	if p.Email != "" {
		return p.Name + " <" + p.Email + ">"
	}
	return p.Name
}

func (t *territoriesTab) onSave() {
	tr := t.byID[t.selected]
	p, err := strconv.Atoi(strings.TrimSpace(t.priority.Text))
	if err != nil {
		t.u.ShowError(domain.Errorf(domain.EINVALID, "%s", lang.L("The priority is a whole number; higher wins.")))
		return
	}
	tr.Name, tr.Priority = strings.TrimSpace(t.name.Text), p
	if i := t.parent.SelectedIndex(); i >= 0 && i < len(t.parentIDs) {
		tr.ParentID = t.parentIDs[i]
	}
	if err := t.u.DB.UpdateTerritory(context.Background(), &tr); err != nil {
		t.u.ShowError(err)
		return
	}
	t.u.Changed()
}

func (t *territoriesTab) loadOwners() {
	all, err := t.u.DB.TerritoryOwners(context.Background())
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.ownerRows = t.ownerRows[:0]
	for _, o := range all {
		if o.TerritoryID == t.selected {
			t.ownerRows = append(t.ownerRows, o)
		}
	}
	sort.SliceStable(t.ownerRows, func(i, j int) bool { return t.ownerRows[i].From.After(t.ownerRows[j].From) })
	t.ownerSel = -1
	t.owners.UnselectAll()
	t.owners.Refresh()
}

func (t *territoriesTab) updateOwner(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(t.ownerRows) {
		return
	}
	r := t.ownerRows[i]
	name := "#" + strconv.FormatInt(r.PersonID, 10)
	for _, p := range t.people {
		if p.ID == r.PersonID {
			name = p.Name
		}
	}
	role := lang.L("Primary owner")
	if r.Role == domain.OwnerOverlay {
		role = lang.L("Overlay")
	}
	span := lang.L("from {{.From}}", map[string]any{"From": t.u.Fmt.Date(r.From)})
	if !r.To.IsZero() {
		span = lang.L("from {{.From}} to {{.To}}", map[string]any{"From": t.u.Fmt.Date(r.From), "To": t.u.Fmt.Date(r.To.AddDate(0, 0, -1))})
	}
	o.(*widget.Label).SetText(name + " — " + role + ", " + span)
}

// parseDate reads a date typed in the user's format or as ISO.
func (t *territoriesTab) parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{t.u.Fmt.DateLayout, "2006-01-02"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, nil
		}
	}
	return time.Time{}, domain.Errorf(domain.EINVALID, "%s", lang.L("{{.V}} is not a date: write it as {{.Example}}.", map[string]any{"V": s, "Example": t.u.Fmt.Date(domain.Day(2026, 12, 31))}))
}

func (t *territoriesTab) onAddOwner() {
	i := t.ownerPerson.SelectedIndex()
	if i < 0 || i >= len(t.people) {
		t.u.ShowError(domain.Errorf(domain.EINVALID, "%s", lang.L("Choose the person first.")))
		return
	}
	from, err := t.parseDate(t.ownerFrom.Text)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	role := domain.OwnerPrimary
	if t.ownerRole.SelectedIndex() == 1 {
		role = domain.OwnerOverlay
	}
	o := domain.TerritoryOwner{TerritoryID: t.selected, PersonID: t.people[i].ID, Role: role, From: from}
	if err := t.u.DB.SetTerritoryOwner(context.Background(), &o); err != nil {
		t.u.ShowError(err)
		return
	}
	t.loadOwners()
	t.balance.dirty = true
}

func (t *territoriesTab) onEndOwner() {
	if t.ownerSel < 0 || t.ownerSel >= len(t.ownerRows) {
		t.u.ShowError(domain.Errorf(domain.EINVALID, "%s", lang.L("Choose the ownership to end in the list first.")))
		return
	}
	on, err := t.parseDate(t.ownerFrom.Text)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	// The date typed is the last day owned; the stored end is exclusive.
	if err := t.u.DB.EndTerritoryOwner(context.Background(), t.ownerRows[t.ownerSel].ID, on.AddDate(0, 0, 1)); err != nil {
		t.u.ShowError(err)
		return
	}
	t.loadOwners()
	t.balance.dirty = true
}

func (t *territoriesTab) loadRules() {
	rules, err := t.u.DB.RulesOf(context.Background(), t.selected)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.rules = nil
	t.rulesBox.RemoveAll()
	for _, r := range rules {
		t.appendRule(r)
	}
}

func (t *territoriesTab) appendRule(r domain.TerritoryRule) {
	row := &ruleRow{set: widget.NewEntry(), field: widget.NewSelect(ruleFieldLabels(), nil), op: widget.NewSelect(domain.RuleOperators, nil), value: widget.NewEntry()}
	row.set.SetText(strconv.Itoa(max(1, r.Set)))
	for i, f := range domain.RuleFields {
		if f == r.Field {
			row.field.SetSelectedIndex(i)
		}
	}
	row.op.SetSelected(r.Operator)
	row.value.SetText(r.Value)
	row.value.SetPlaceHolder("IT · IT;FR · 20 · 100..999")
	row.remove = &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance}
	row.remove.OnTapped = func() {
		for i, x := range t.rules {
			if x == row {
				t.rules = append(t.rules[:i], t.rules[i+1:]...)
				break
			}
		}
		t.rulesBox.Remove(row.box)
	}
	setLabel := widget.NewLabel(lang.L("Set"))
	row.box = container.NewBorder(nil, nil, container.NewHBox(setLabel, container.NewGridWrap(fyne.NewSize(50, row.set.MinSize().Height), row.set)), row.remove,
		container.NewGridWithColumns(3, row.field, row.op, row.value))
	t.rules = append(t.rules, row)
	t.rulesBox.Add(row.box)
}

// editedRules reads the rule rows.
func (t *territoriesTab) editedRules() ([]domain.TerritoryRule, error) {
	var out []domain.TerritoryRule
	for i, r := range t.rules {
		set, err := strconv.Atoi(strings.TrimSpace(r.set.Text))
		if err != nil || set < 1 {
			return nil, domain.Errorf(domain.EINVALID, "%s", lang.L("Rule {{.N}}: the set is a number from 1.", map[string]any{"N": strconv.Itoa(i + 1)}))
		}
		f := r.field.SelectedIndex()
		if f < 0 {
			return nil, domain.Errorf(domain.EINVALID, "%s", lang.L("Rule {{.N}}: choose a field.", map[string]any{"N": strconv.Itoa(i + 1)}))
		}
		out = append(out, domain.TerritoryRule{Set: set, Field: domain.RuleFields[f], Operator: r.op.Selected, Value: r.value.Text})
	}
	return out, nil
}

func (t *territoriesTab) onSaveRules() {
	rules, err := t.editedRules()
	if err == nil {
		err = t.u.DB.SetTerritoryRules(context.Background(), t.selected, rules)
	}
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.loadRules()
}

// ---- running the rules: propose, review, commit or discard ----

func (t *territoriesTab) buildProposal() {
	t.bannerText = widget.NewLabel("")
	t.bannerText.Wrapping = fyne.TextWrapWord
	t.commitBtn = &widget.Button{Text: lang.L("Commit the changes"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: t.onCommit}
	t.discardBtn = &widget.Button{Text: lang.L("Discard"), Icon: theme.CancelIcon(), OnTapped: t.onDiscard}
	t.countsLabel = widget.NewLabel("")
	t.countsLabel.Wrapping = fyne.TextWrapWord
	t.movesList = widget.NewList(func() int {
		if t.proposal == nil {
			return 0
		}
		return len(t.proposal.Moves)
	}, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		if t.proposal == nil || i >= len(t.proposal.Moves) {
			return
		}
		o.(*widget.Label).SetText(t.moveText(t.proposal.Moves[i]))
	})
}

func (t *territoriesTab) proposalObject() fyne.CanvasObject {
	return container.NewBorder(container.NewPadded(container.NewBorder(nil, nil, nil, t.u.exportButton(proposalExport(t)), t.countsLabel)), nil, nil, nil, t.movesList)
}

func (t *territoriesTab) moveText(m domain.AssignmentMove) string {
	to := t.territoryName(m.To)
	if m.ToSource == domain.AssignedTie {
		var names []string
		for _, c := range m.Candidates {
			names = append(names, t.territoryName(c))
		}
		to = lang.L("tie between {{.Names}}", map[string]any{"Names": strings.Join(names, ", ")})
	}
	return m.Account + ":  " + t.territoryName(m.From) + "  →  " + to
}

func (t *territoriesTab) onRunRules() {
	var p domain.AssignmentProposal
	t.busy.Add(1)
	t.u.Background(lang.L("Running the rules"), func(ctx context.Context, progress func(float64, string)) error {
		progress(0.2, lang.L("Evaluating every account…"))
		var err error
		p, err = t.u.DB.ProposeAssignments(ctx)
		return err
	}, func(err error) {
		defer t.busy.Done()
		if err != nil {
			t.u.ShowError(err)
			return
		}
		t.showProposal(&p)
	})
}

func (t *territoriesTab) showProposal(p *domain.AssignmentProposal) {
	t.proposal = p
	if len(p.Moves) == 0 {
		t.proposal = nil
		t.banner.Hide()
		t.removeMovesTab()
		dialog.ShowInformation(lang.L("Run rules"), lang.L("The rules change nothing: every account is where they put it."), t.u.Win)
		return
	}
	t.bannerText.SetText(lang.L("The rules would change {{.N}} accounts (manual assignments kept: {{.Locked}}). Review them under Proposed changes, then commit or discard.",
		map[string]any{"N": t.u.Fmt.Number(float64(len(p.Moves)), 0), "Locked": t.u.Fmt.Number(float64(p.Locked), 0)}))
	var lines []string
	for _, c := range p.Counts {
		if c.Before == c.After {
			continue
		}
		lines = append(lines, lang.L("{{.Name}}: {{.Before}} → {{.After}} accounts", map[string]any{"Name": t.territoryName(c.TerritoryID),
			"Before": t.u.Fmt.Number(float64(c.Before), 0), "After": t.u.Fmt.Number(float64(c.After), 0)}))
	}
	t.countsLabel.SetText(strings.Join(lines, "\n"))
	t.movesList.Refresh()
	t.banner.Show()
	found := false
	for _, it := range t.sub.Items {
		found = found || it == t.movesTab
	}
	if !found {
		t.sub.Append(t.movesTab)
	}
	t.sub.Select(t.movesTab)
}

func (t *territoriesTab) removeMovesTab() {
	for _, it := range t.sub.Items {
		if it == t.movesTab {
			t.sub.Remove(t.movesTab)
			t.sub.Select(t.details)
			return
		}
	}
}

func (t *territoriesTab) onCommit() {
	if t.proposal == nil {
		return
	}
	p := *t.proposal
	var applied, skipped int
	t.busy.Add(1)
	t.u.Background(lang.L("Committing the changes"), func(ctx context.Context, progress func(float64, string)) error {
		var err error
		applied, skipped, err = t.u.DB.CommitAssignments(ctx, p, t.u.Now())
		return err
	}, func(err error) {
		defer t.busy.Done()
		if err != nil {
			t.u.ShowError(err)
			return
		}
		t.onDiscard()
		if skipped > 0 {
			dialog.ShowInformation(lang.L("Run rules"), lang.L("{{.N}} accounts moved; {{.Skipped}} had changed since the proposal and were left alone.",
				map[string]any{"N": t.u.Fmt.Number(float64(applied), 0), "Skipped": t.u.Fmt.Number(float64(skipped), 0)}), t.u.Win)
		}
		t.u.Changed()
	})
}

func (t *territoriesTab) onDiscard() {
	t.proposal = nil
	t.banner.Hide()
	t.removeMovesTab()
}

// ---- the design workbook ----

func (t *territoriesTab) onExportWorkbook() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			t.u.ShowError(err)
			return
		}
		path := w.URI().Path()
		w.Close()
		if err := t.u.DB.ExportTerritoryWorkbook(context.Background(), path, t.u.Now()); err != nil {
			t.u.ShowError(err)
		}
	}, t.u.Win)
	d.SetFileName("territories.xlsx")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	d.Show()
}

func (t *territoriesTab) onImportWorkbook() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			t.u.ShowError(err)
			return
		}
		path := r.URI().Path()
		r.Close()
		t.importWorkbook(path)
	}, t.u.Win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	d.Show()
}

// importWorkbook applies a design workbook: territories, owners and rules in
// one transaction, then the rules run at once (manual locks kept).
func (t *territoriesTab) importWorkbook(path string) {
	var sum persistence.TerritoryImportSummary
	t.busy.Add(1)
	t.u.Background(lang.L("Importing territories"), func(ctx context.Context, progress func(float64, string)) error {
		d, err := persistence.ReadTerritoryWorkbook(path)
		if err != nil {
			return err
		}
		progress(0.3, lang.L("Backing up the workspace…"))
		if _, err := t.u.DB.Backup(ctx, "before-import"); err != nil {
			return err
		}
		progress(0.6, lang.L("Assigning accounts…"))
		sum, err = t.u.DB.ImportTerritoryDesign(ctx, d, t.u.Now(), false)
		return err
	}, func(err error) {
		defer t.busy.Done()
		if err != nil {
			t.u.ShowError(err)
			return
		}
		dialog.ShowInformation(lang.L("Import territories"), lang.L("{{.T}} territories ({{.New}} new) and {{.R}} rules; {{.M}} accounts moved, {{.Ties}} tied, {{.Locked}} manual kept.",
			map[string]any{"T": sum.Territories, "New": sum.Created, "R": sum.Rules, "M": sum.Moved, "Ties": sum.Ties, "Locked": sum.Locked}), t.u.Win)
		t.u.Changed()
	})
}
