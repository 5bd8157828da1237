package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
)

// teamOnboarding lists the onboarding checklists with their progress and
// overdue items; items are ticked, added and removed here.
type teamOnboarding struct {
	t        *teamTab
	all      []domain.OnboardingItem
	shown    []domain.OnboardingItem
	who      *widget.Select
	whoIDs   []int64
	open     *widget.Check
	bar      *widget.ProgressBar
	summary  *widget.Label
	table    *widget.Table
	empty    *widget.Label
	addName  *widget.Entry
	addDue   *widget.Entry
	selected int
}

func newTeamOnboarding(t *teamTab) *teamOnboarding {
	v := &teamOnboarding{t: t, selected: -1}
	v.who = widget.NewSelect(nil, func(string) { v.apply() })
	v.open = widget.NewCheck(lang.L("Only items not done"), func(bool) { v.apply() })
	v.bar = widget.NewProgressBar()
	v.summary = widget.NewLabel("")
	v.empty = widget.NewLabelWithStyle(lang.L("No onboarding items. New hires get a default checklist when they are added."), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	v.table = widget.NewTableWithHeaders(func() (int, int) { return len(v.shown), 5 }, v.createCell, v.updateCell)
	v.table.ShowHeaderColumn = false
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText([]string{lang.L("Done"), lang.L("Person"), lang.L("Training item"), lang.L("Due"), lang.L("Status")}[id.Col])
		}
	}
	v.table.OnSelected = func(id widget.TableCellID) { v.selected = id.Row }
	for i, w := range []float32{60, 180, 300, 110, 150} {
		v.table.SetColumnWidth(i, w)
	}
	v.addName = &widget.Entry{PlaceHolder: lang.L("Training item")}
	v.addDue = &widget.Entry{PlaceHolder: lang.L("Due date")}
	return v
}

func (v *teamOnboarding) object() fyne.CanvasObject {
	add := &widget.Button{Text: lang.L("Add item"), Icon: theme.ContentAddIcon(), OnTapped: func() { v.t.u.ShowError(v.addItem()) }}
	defaults := &widget.Button{Text: lang.L("Add the default checklist"), OnTapped: func() { v.t.u.ShowError(v.addDefaults()) }}
	remove := &widget.Button{Text: lang.L("Remove item"), Icon: theme.DeleteIcon(), OnTapped: v.onRemove}
	top := container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(lang.L("Person")), container.NewGridWrap(fyne.NewSize(240, v.who.MinSize().Height), v.who), v.open), nil, v.bar),
		v.summary)
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(container.NewGridWrap(fyne.NewSize(150, v.addDue.MinSize().Height), v.addDue), add, defaults, remove, v.t.u.exportButton(&tableExport{Name: "Onboarding", Table: v.table})), v.addName)
	return container.NewBorder(container.NewPadded(top), container.NewPadded(bottom), nil, nil, container.NewStack(v.table, container.NewCenter(v.empty)))
}

func (v *teamOnboarding) refresh() {
	items, err := v.t.u.DB.Onboarding(context.Background(), 0)
	if err != nil {
		v.t.u.ShowError(err)
		return
	}
	v.all = items
	names := []string{lang.L("Everyone")}
	v.whoIDs = []int64{0}
	for _, p := range v.t.all {
		if p.Active {
			names = append(names, p.Name)
			v.whoIDs = append(v.whoIDs, p.ID)
		}
	}
	prev := v.who.Selected
	v.who.OnChanged = nil
	v.who.SetOptions(names)
	v.who.SetSelectedIndex(0)
	if prev != "" {
		v.who.SetSelected(prev)
	}
	v.who.OnChanged = func(string) { v.apply() }
	v.apply()
}

func (v *teamOnboarding) person() int64 {
	if i := v.who.SelectedIndex(); i >= 0 && i < len(v.whoIDs) {
		return v.whoIDs[i]
	}
	return 0
}

// apply filters the items and updates the progress.
func (v *teamOnboarding) apply() {
	id := v.person()
	v.shown = v.shown[:0]
	var mine []domain.OnboardingItem
	for _, it := range v.all {
		if id != 0 && it.PersonID != id {
			continue
		}
		if v.t.byID[it.PersonID] == nil || (!v.t.byID[it.PersonID].Active && id == 0) {
			continue // people who left are not onboarding any more
		}
		mine = append(mine, it)
		if v.open.Checked && !it.Done.IsZero() {
			continue
		}
		v.shown = append(v.shown, it)
	}
	pr := domain.Progress(mine, v.t.today())
	frac, ok := pr.Fraction()
	v.bar.SetValue(frac)
	v.bar.Hidden = !ok
	v.bar.Refresh()
	v.summary.SetText(lang.L("{{.Done}} of {{.Total}} items done, {{.Overdue}} overdue.", map[string]any{"Done": pr.Done, "Total": pr.Total, "Overdue": pr.Overdue}))
	v.empty.Hidden = len(v.shown) > 0
	v.empty.Refresh()
	v.selected = -1
	v.table.UnselectAll()
	v.table.Refresh()
}

func (v *teamOnboarding) createCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(widget.NewCheck("", nil), l)
}

func (v *teamOnboarding) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	st := o.(*fyne.Container)
	check, l := st.Objects[0].(*widget.Check), st.Objects[1].(*widget.Label)
	if id.Row >= len(v.shown) {
		return
	}
	it := v.shown[id.Row]
	check.Hidden, l.Hidden = id.Col != 0, id.Col == 0
	if id.Col == 0 {
		check.OnChanged = nil
		check.SetChecked(!it.Done.IsZero())
		row := id.Row
		check.OnChanged = func(done bool) { v.t.u.ShowError(v.setDone(row, done)) }
		return
	}
	f := v.t.u.Fmt
	l.Importance = widget.MediumImportance
	switch id.Col {
	case 1:
		l.SetText(v.t.personName(it.PersonID))
	case 2:
		l.SetText(it.Name)
	case 3:
		l.SetText(f.Date(it.Due))
	case 4:
		switch {
		case !it.Done.IsZero():
			l.Importance = widget.SuccessImportance
			l.SetText(lang.L("Done {{.Date}}", map[string]any{"Date": f.Date(it.Done)}))
		case it.Overdue(v.t.today()):
			l.Importance = widget.DangerImportance
			l.SetText(lang.L("Overdue"))
		default:
			l.SetText(lang.L("To do"))
		}
	}
}

// setDone ticks or unticks the item at row (done today).
func (v *teamOnboarding) setDone(row int, done bool) error {
	if row >= len(v.shown) {
		return nil
	}
	it := v.shown[row]
	if done == !it.Done.IsZero() {
		return nil
	}
	it.Done = time.Time{}
	if done {
		it.Done = v.t.today()
	}
	if err := v.t.u.DB.SaveOnboardingItem(context.Background(), &it); err != nil {
		return err
	}
	v.refreshAll()
	return nil
}

// refreshAll reloads this view and the people table's progress column.
func (v *teamOnboarding) refreshAll() {
	v.refresh()
	v.t.stale[v.t.tabs.Items[0]] = true
}

func (v *teamOnboarding) addItem() error {
	id := v.person()
	if id == 0 {
		return domain.Errorf(domain.EINVALID, "%s", lang.L("Choose a person first."))
	}
	due, err := parseDay(v.addDue.Text, v.t.u.Fmt)
	if err != nil {
		return err
	}
	it := domain.OnboardingItem{PersonID: id, Name: strings.TrimSpace(v.addName.Text), Due: due}
	if err := v.t.u.DB.SaveOnboardingItem(context.Background(), &it); err != nil {
		return err
	}
	v.addName.SetText("")
	v.addDue.SetText("")
	v.refreshAll()
	return nil
}

func (v *teamOnboarding) addDefaults() error {
	id := v.person()
	if id == 0 {
		return domain.Errorf(domain.EINVALID, "%s", lang.L("Choose a person first."))
	}
	if err := v.t.u.DB.AddDefaultChecklist(context.Background(), id, v.t.today(), func(s string) string { return lang.L(s) }); err != nil {
		return err
	}
	v.refreshAll()
	return nil
}

func (v *teamOnboarding) onRemove() {
	if v.selected < 0 || v.selected >= len(v.shown) {
		v.t.u.ShowError(v.removeSelected())
		return
	}
	it := v.shown[v.selected]
	msg := lang.L("Remove “{{.Item}}” from the checklist of {{.Name}}?", map[string]any{"Item": it.Name, "Name": v.t.personName(it.PersonID)})
	dialog.ShowConfirm(lang.L("Remove item"), msg, func(ok bool) {
		if ok {
			v.t.u.ShowError(v.removeSelected())
		}
	}, v.t.u.Win)
}

func (v *teamOnboarding) removeSelected() error {
	if v.selected < 0 || v.selected >= len(v.shown) {
		return domain.Errorf(domain.EINVALID, "%s", lang.L("Choose an item in the list first."))
	}
	if err := v.t.u.DB.DeleteOnboardingItem(context.Background(), v.shown[v.selected].ID); err != nil {
		return err
	}
	v.refreshAll()
	return nil
}
