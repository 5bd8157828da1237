package ui

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
)

// personColumn is a column of the people table.
type personColumn struct {
	title string
	width float32
	text  func(p *domain.Person) string
	// less orders two people by this column (nil: by text).
	less func(a, b *domain.Person) bool
}

// teamPeople is the people table (sortable, filterable, virtualised) beside
// the org chart, with add, edit and deactivate.
type teamPeople struct {
	t        *teamTab
	cols     []personColumn
	shown    []*domain.Person
	progress map[int64]domain.OnboardingProgress
	search   *widget.Entry
	inactive *widget.Check
	count    *widget.Label
	table    *widget.Table
	tree     *widget.Tree
	children map[string][]string
	sortCol  int
	desc     bool
	selected int64
	edit     *widget.Button
	leave    *widget.Button
	empty    *widget.Label
}

func newTeamPeople(t *teamTab) *teamPeople {
	v := &teamPeople{t: t, progress: map[int64]domain.OnboardingProgress{}}
	f := func() Format { return t.u.Fmt }
	byDate := func(get func(p *domain.Person) int64) func(a, b *domain.Person) bool {
		return func(a, b *domain.Person) bool { return get(a) < get(b) }
	}
	v.cols = []personColumn{
		{lang.L("Name"), 190, func(p *domain.Person) string { return p.Name }, nil},
		{lang.L("Email"), 220, func(p *domain.Person) string { return p.Email }, nil},
		{lang.L("Role"), 150, func(p *domain.Person) string { return roleLabel(p.Role) }, nil},
		{lang.L("Manager"), 170, func(p *domain.Person) string { return t.personName(p.ManagerID) }, nil},
		{lang.L("Team or office"), 140, func(p *domain.Person) string { return t.teamName(p.TeamID) }, nil},
		{lang.L("Hire date"), 110, func(p *domain.Person) string { return f().Date(p.HireDate) },
			byDate(func(p *domain.Person) int64 { return p.HireDate.Unix() })},
		{lang.L("End date"), 110, func(p *domain.Person) string { return f().Date(p.EndDate) },
			byDate(func(p *domain.Person) int64 { return p.EndDate.Unix() })},
		{lang.L("Status"), 90, func(p *domain.Person) string {
			if p.Active {
				return lang.L("Active")
			}
			return lang.L("Inactive")
		}, nil},
		{lang.L("Onboarding"), 120, v.onboardingText, nil},
	}
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder(lang.L("Filter by name, email, role, manager or team"))
	v.search.OnChanged = func(string) { v.apply() }
	v.inactive = widget.NewCheck(lang.L("Show people who left"), func(bool) { v.apply() })
	v.count = widget.NewLabel("")
	v.table = widget.NewTableWithHeaders(v.size, v.createCell, v.updateCell)
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject {
		return &widget.Button{Importance: widget.LowImportance, Alignment: widget.ButtonAlignLeading}
	}
	v.table.UpdateHeader = v.updateHeader
	v.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(v.shown) {
			v.selectPerson(v.shown[id.Row].ID)
		}
	}
	for i, c := range v.cols {
		v.table.SetColumnWidth(i, c.width)
	}
	v.tree = widget.NewTree(v.treeChildren, v.treeBranch, v.treeCreate, v.treeUpdate)
	v.tree.OnSelected = func(uid widget.TreeNodeID) {
		id, _ := strconv.ParseInt(uid, 10, 64)
		v.selectPerson(id)
	}
	v.edit = &widget.Button{Text: lang.L("Edit…"), Icon: theme.DocumentCreateIcon(), OnTapped: v.onEdit}
	v.leave = &widget.Button{Text: lang.L("Deactivate…"), Icon: theme.ContentRemoveIcon(), OnTapped: v.onDeactivate}
	v.empty = widget.NewLabelWithStyle(lang.L("No people yet — Add person… or import a people sheet."), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	return v
}

func (v *teamPeople) object() fyne.CanvasObject {
	add := &widget.Button{Text: lang.L("Add person…"), Icon: theme.ContentAddIcon(), Importance: widget.HighImportance, OnTapped: v.onAdd}
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(v.inactive, v.count, add, v.edit, v.leave, v.t.u.exportButton(&tableExport{Name: "People", Table: v.table})), v.search)
	chart := container.NewBorder(widget.NewLabelWithStyle(lang.L("Org chart"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, v.tree)
	split := container.NewHSplit(container.NewStack(v.table, container.NewCenter(v.empty)), chart)
	split.Offset = 0.68
	return container.NewBorder(container.NewPadded(bar), nil, nil, nil, split)
}

func (v *teamPeople) onboardingText(p *domain.Person) string {
	pr, ok := v.progress[p.ID]
	if !ok || pr.Total == 0 {
		return ""
	}
	s := lang.L("{{.Done}} of {{.Total}}", map[string]any{"Done": pr.Done, "Total": pr.Total})
	if pr.Overdue > 0 {
		s += " ⚠"
	}
	return s
}

// refresh reloads onboarding progress and re-applies the filter.
func (v *teamPeople) refresh() {
	items, err := v.t.u.DB.Onboarding(context.Background(), 0)
	if err != nil {
		v.t.u.ShowError(err)
		return
	}
	byPerson := map[int64][]domain.OnboardingItem{}
	for _, it := range items {
		byPerson[it.PersonID] = append(byPerson[it.PersonID], it)
	}
	v.progress = map[int64]domain.OnboardingProgress{}
	for id, its := range byPerson {
		v.progress[id] = domain.Progress(its, v.t.today())
	}
	v.apply()
}

// apply filters and sorts the people and rebuilds the org chart.
func (v *teamPeople) apply() {
	q := strings.ToLower(strings.TrimSpace(v.search.Text))
	v.shown = v.shown[:0]
	for i := range v.t.all {
		p := &v.t.all[i]
		if !p.Active && !v.inactive.Checked {
			continue
		}
		if q != "" {
			hay := strings.ToLower(strings.Join([]string{p.Name, p.Email, roleLabel(p.Role), v.t.personName(p.ManagerID), v.t.teamName(p.TeamID)}, "\n"))
			if !strings.Contains(hay, q) {
				continue
			}
		}
		v.shown = append(v.shown, p)
	}
	c := v.cols[v.sortCol]
	sort.SliceStable(v.shown, func(i, j int) bool {
		a, b := v.shown[i], v.shown[j]
		if v.desc {
			a, b = b, a
		}
		if c.less != nil {
			return c.less(a, b)
		}
		return strings.ToLower(c.text(a)) < strings.ToLower(c.text(b))
	})
	v.count.SetText(lang.L("{{.N}} people", map[string]any{"N": len(v.shown)}))
	v.empty.Hidden = len(v.t.all) > 0
	v.empty.Refresh()
	v.buildTree()
	v.table.Refresh()
	v.tree.Refresh()
	v.tree.OpenAllBranches()
	v.edit.Disable()
	v.leave.Disable()
	if p := v.t.byID[v.selected]; p != nil {
		v.edit.Enable()
		if p.Active {
			v.leave.Enable()
		}
	}
}

func (v *teamPeople) size() (int, int) { return len(v.shown), len(v.cols) }

func (v *teamPeople) createCell() fyne.CanvasObject { return newTableCell() }

func (v *teamPeople) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*tableCell)
	if id.Row >= len(v.shown) {
		c.set("", fyne.TextAlignLeading)
		return
	}
	c.set(v.cols[id.Col].text(v.shown[id.Row]), fyne.TextAlignLeading)
}

func (v *teamPeople) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 {
		return
	}
	b.Text = v.cols[id.Col].title
	b.Icon = nil
	b.IconPlacement = widget.ButtonIconTrailingText
	if id.Col == v.sortCol {
		b.Icon = theme.MenuDropUpIcon()
		if v.desc {
			b.Icon = theme.MenuDropDownIcon()
		}
	}
	col := id.Col
	b.OnTapped = func() { v.onSort(col) }
	b.Refresh()
}

// onSort sorts by column col, or flips the direction when it already does.
func (v *teamPeople) onSort(col int) {
	if v.sortCol == col {
		v.desc = !v.desc
	} else {
		v.sortCol, v.desc = col, false
	}
	v.apply()
}

// buildTree lays out the hierarchy of the people shown: each under their
// manager, those whose manager is not shown at the top.
func (v *teamPeople) buildTree() {
	v.children = map[string][]string{}
	in := map[int64]bool{}
	for _, p := range v.shown {
		in[p.ID] = true
	}
	byName := append([]*domain.Person(nil), v.shown...)
	sort.SliceStable(byName, func(i, j int) bool { return strings.ToLower(byName[i].Name) < strings.ToLower(byName[j].Name) })
	for _, p := range byName {
		parent := ""
		if in[p.ManagerID] {
			parent = strconv.FormatInt(p.ManagerID, 10)
		}
		v.children[parent] = append(v.children[parent], strconv.FormatInt(p.ID, 10))
	}
}

func (v *teamPeople) treeChildren(uid widget.TreeNodeID) []widget.TreeNodeID { return v.children[uid] }
func (v *teamPeople) treeBranch(uid widget.TreeNodeID) bool                  { return len(v.children[uid]) > 0 }
func (v *teamPeople) treeCreate(bool) fyne.CanvasObject                      { return widget.NewLabel("") }
func (v *teamPeople) treeUpdate(uid widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
	id, _ := strconv.ParseInt(uid, 10, 64)
	p := v.t.byID[id]
	if p == nil {
		return
	}
	text := p.Name + " — " + roleLabel(p.Role)
	if tm := v.t.teamName(p.TeamID); tm != "" {
		text += " (" + tm + ")"
	}
	o.(*widget.Label).SetText(text)
}

func (v *teamPeople) selectPerson(id int64) {
	v.selected = id
	p := v.t.byID[id]
	if p == nil {
		return
	}
	v.edit.Enable()
	if p.Active {
		v.leave.Enable()
	} else {
		v.leave.Disable()
	}
}

// personForm is the add and edit dialog's form.
type personForm struct {
	t       *teamTab
	id      int64
	name    *widget.Entry
	email   *widget.Entry
	role    *widget.Select
	manager *widget.Select
	team    *widget.SelectEntry
	hire    *widget.Entry
	end     *widget.Entry
	active  *widget.Check
	mgrIDs  []int64
}

func newPersonForm(t *teamTab, p domain.Person) *personForm {
	f := &personForm{t: t, id: p.ID}
	fm := t.u.Fmt
	f.name = &widget.Entry{Text: p.Name}
	f.email = &widget.Entry{Text: p.Email}
	roles := make([]string, len(domain.Roles))
	for i, r := range domain.Roles {
		roles[i] = roleLabel(r)
	}
	f.role = widget.NewSelect(roles, nil)
	if p.Role == "" {
		p.Role = domain.RoleAE
	}
	for i, r := range domain.Roles {
		if r == p.Role {
			f.role.SetSelectedIndex(i)
		}
	}
	names := []string{lang.L("Nobody")}
	f.mgrIDs = []int64{0}
	for _, o := range t.all {
		// The current manager stays on the list even after leaving, so an
		// edit never drops them silently.
		if o.ID != p.ID && (o.Active || o.ID == p.ManagerID) {
			names = append(names, o.Name)
			f.mgrIDs = append(f.mgrIDs, o.ID)
		}
	}
	f.manager = widget.NewSelect(names, nil)
	f.manager.SetSelectedIndex(0)
	for i, id := range f.mgrIDs {
		if id == p.ManagerID {
			f.manager.SetSelectedIndex(i)
		}
	}
	var teams []string
	for _, tm := range t.teams {
		teams = append(teams, tm.Name)
	}
	f.team = widget.NewSelectEntry(teams)
	f.team.SetText(t.teamName(p.TeamID))
	f.team.SetPlaceHolder(lang.L("Choose or type a new team"))
	f.hire = &widget.Entry{Text: fm.Date(p.HireDate), PlaceHolder: fm.Date(domain.Day(2026, 12, 31))}
	f.end = &widget.Entry{Text: fm.Date(p.EndDate), PlaceHolder: lang.L("still on the team")}
	f.active = widget.NewCheck(lang.L("Active"), nil)
	f.active.SetChecked(p.Active || p.ID == 0)
	return f
}

func (f *personForm) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem(lang.L("Name"), f.name),
		widget.NewFormItem(lang.L("Email"), f.email),
		widget.NewFormItem(lang.L("Role"), f.role),
		widget.NewFormItem(lang.L("Manager"), f.manager),
		widget.NewFormItem(lang.L("Team or office"), f.team),
		widget.NewFormItem(lang.L("Hire date"), f.hire),
		widget.NewFormItem(lang.L("End date"), f.end),
		widget.NewFormItem("", f.active),
	}
}

// save validates and stores the person; a new team name creates the team.
func (f *personForm) save() (domain.Person, error) {
	ctx := context.Background()
	fm := f.t.u.Fmt
	p := domain.Person{ID: f.id, Name: strings.TrimSpace(f.name.Text), Email: strings.TrimSpace(f.email.Text), Active: f.active.Checked}
	if i := f.role.SelectedIndex(); i >= 0 {
		p.Role = domain.Roles[i]
	}
	if i := f.manager.SelectedIndex(); i > 0 {
		p.ManagerID = f.mgrIDs[i]
	}
	var err error
	var newTeam int64
	if p.HireDate, err = parseDay(f.hire.Text, fm); err != nil {
		return p, err
	}
	if p.EndDate, err = parseDay(f.end.Text, fm); err != nil {
		return p, err
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	if name := strings.TrimSpace(f.team.Text); name != "" {
		for _, tm := range f.t.teams {
			if strings.EqualFold(tm.Name, name) {
				p.TeamID = tm.ID
			}
		}
		if p.TeamID == 0 {
			tm := domain.Team{Name: name}
			if err := f.t.u.DB.CreateTeam(ctx, &tm); err != nil {
				return p, err
			}
			p.TeamID, newTeam = tm.ID, tm.ID
		}
	}
	if p.ID == 0 {
		err = f.t.u.DB.AddPerson(ctx, &p, f.t.today(), func(s string) string { return lang.L(s) })
	} else {
		err = f.t.u.DB.UpdatePerson(ctx, &p)
	}
	if err != nil {
		if newTeam != 0 {
			// The person was refused: the team made for them goes too.
			_ = f.t.u.DB.DeleteTeam(ctx, newTeam)
		}
		return p, err
	}
	if err := f.t.loadPeople(); err != nil {
		return p, err
	}
	f.t.people.selected = p.ID
	f.t.changed()
	return p, nil
}

func (v *teamPeople) showForm(title string, p domain.Person) {
	f := newPersonForm(v.t, p)
	d := dialog.NewForm(title, lang.L("Save"), lang.L("Cancel"), f.items(), func(ok bool) {
		if !ok {
			return
		}
		if _, err := f.save(); err != nil {
			v.t.u.ShowError(err)
		}
	}, v.t.u.Win)
	d.Resize(fyne.NewSize(520, 520))
	d.Show()
}

func (v *teamPeople) onAdd() {
	v.showForm(lang.L("Add person"), domain.Person{Active: true, HireDate: v.t.today()})
}

func (v *teamPeople) onEdit() {
	if p := v.t.byID[v.selected]; p != nil {
		v.showForm(lang.L("Edit {{.Name}}", map[string]any{"Name": p.Name}), *p)
	}
}

// deactivate marks the selected person as having left today.
func (v *teamPeople) deactivate() error {
	p := v.t.byID[v.selected]
	if p == nil {
		return nil
	}
	if err := v.t.u.DB.DeactivatePerson(context.Background(), p.ID, v.t.today()); err != nil {
		return err
	}
	v.t.changed()
	return nil
}

func (v *teamPeople) onDeactivate() {
	p := v.t.byID[v.selected]
	if p == nil {
		return
	}
	msg := lang.L("Mark {{.Name}} as having left today? Their deals, credit and history stay; you can make them active again with Edit.", map[string]any{"Name": p.Name})
	dialog.ShowConfirm(lang.L("Deactivate"), msg, func(ok bool) {
		if ok {
			v.t.u.ShowError(v.deactivate())
		}
	}, v.t.u.Win)
}
