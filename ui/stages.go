package ui

import (
	"context"
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

// stagesEditor edits the sales process: order, default probability and
// forecast category, won/lost flags. Reached from Settings.
type stagesEditor struct {
	u      *UI
	stages []domain.Stage
	rows   []*stageRow
	box    *fyne.Container
}

type stageRow struct {
	name, probability *widget.Entry
	category          *widget.Select
	won, lost         *widget.Check
}

func categoryLabels() []string {
	var out []string
	for _, c := range domain.ForecastCategories {
		out = append(out, lang.L(c.Label()))
	}
	return out
}

func (u *UI) onStages() {
	e := &stagesEditor{u: u, box: container.NewVBox()}
	if err := e.load(); err != nil {
		u.ShowError(err)
		return
	}
	add := &widget.Button{Text: lang.L("Add stage"), Icon: theme.ContentAddIcon(), OnTapped: e.onAdd}
	d := dialog.NewCustomConfirm(lang.L("Stages"), lang.L("Save"), lang.L("Close"), container.NewBorder(nil, add, nil, nil, container.NewVScroll(e.box)),
		func(ok bool) {
			if ok {
				u.ShowError(e.save())
			}
		}, u.Win)
	d.Resize(fyne.NewSize(820, 520))
	d.Show()
}

// load reads the stages and rebuilds the rows.
func (e *stagesEditor) load() error {
	stages, err := e.u.DB.Stages(context.Background())
	if err != nil {
		return err
	}
	e.stages, e.rows = stages, nil
	e.box.Objects = nil
	e.box.Add(container.NewGridWithColumns(6, widget.NewLabel(lang.L("Stage")), widget.NewLabel(lang.L("Probability (%)")),
		widget.NewLabel(lang.L("Forecast category")), widget.NewLabel(lang.L("Won")), widget.NewLabel(lang.L("Lost")), widget.NewLabel("")))
	for i := range stages {
		s := stages[i]
		r := &stageRow{name: &widget.Entry{Text: s.Name}, probability: &widget.Entry{Text: strconv.FormatFloat(s.Probability.Float()*100, 'f', -1, 64)},
			category: widget.NewSelect(categoryLabels(), nil), won: widget.NewCheck("", nil), lost: widget.NewCheck("", nil)}
		for j, c := range domain.ForecastCategories {
			if c == s.Category {
				r.category.SetSelectedIndex(j)
			}
		}
		r.won.SetChecked(s.Won)
		r.lost.SetChecked(s.Lost)
		id := s.ID
		actions := container.NewHBox(
			&widget.Button{Icon: theme.MoveUpIcon(), Importance: widget.LowImportance, OnTapped: func() { e.move(id, true) }},
			&widget.Button{Icon: theme.MoveDownIcon(), Importance: widget.LowImportance, OnTapped: func() { e.move(id, false) }},
			&widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() { e.delete(id) }},
		)
		e.rows = append(e.rows, r)
		e.box.Add(container.NewGridWithColumns(6, r.name, r.probability, r.category, r.won, r.lost, actions))
	}
	e.box.Refresh()
	return nil
}

// read returns the stages as the rows show them, or says what is wrong.
func (e *stagesEditor) read() ([]domain.Stage, error) {
	out := make([]domain.Stage, len(e.stages))
	for i, r := range e.rows {
		s := e.stages[i]
		s.Name = strings.TrimSpace(r.name.Text)
		p, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(r.probability.Text), ",", "."), 64)
		if err != nil || p < 0 || p > 100 {
			return nil, domain.Errorf(domain.EINVALID, "%s", lang.L("The probability is a percentage from 0 to 100."))
		}
		s.Probability = domain.RatePercent(p)
		if j := r.category.SelectedIndex(); j >= 0 {
			s.Category = domain.ForecastCategories[j]
		}
		s.Won, s.Lost = r.won.Checked, r.lost.Checked
		s.Position = i + 1
		if err := s.Validate(); err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// save stores every stage that changed; a stage that becomes won or lost
// moves its deals' status with it.
func (e *stagesEditor) save() error {
	stages, err := e.read()
	if err != nil {
		return err
	}
	ctx := context.Background()
	for i := range stages {
		if stages[i] != e.stages[i] {
			if err := e.u.DB.UpdateStage(ctx, &stages[i]); err != nil {
				return err
			}
		}
	}
	e.u.Changed()
	return e.load()
}

func (e *stagesEditor) onAdd() {
	if err := e.save(); err != nil {
		e.u.ShowError(err)
		return
	}
	s := domain.Stage{Name: lang.L("New stage"), Position: len(e.stages) + 1, Category: domain.CategoryPipeline}
	for n := 2; e.has(s.Name); n++ {
		s.Name = lang.L("New stage") + " " + strconv.Itoa(n)
	}
	if err := e.u.DB.CreateStage(context.Background(), &s); err != nil {
		e.u.ShowError(err)
		return
	}
	e.u.ShowError(e.load())
}

func (e *stagesEditor) has(name string) bool {
	for _, s := range e.stages {
		if strings.EqualFold(s.Name, name) {
			return true
		}
	}
	return false
}

func (e *stagesEditor) move(id int64, up bool) {
	if err := e.save(); err != nil {
		e.u.ShowError(err)
		return
	}
	if err := e.u.DB.MoveStage(context.Background(), id, up); err != nil {
		e.u.ShowError(err)
		return
	}
	e.u.Changed()
	e.u.ShowError(e.load())
}

func (e *stagesEditor) delete(id int64) {
	if err := e.u.DB.DeleteStage(context.Background(), id); err != nil {
		e.u.ShowError(err)
		return
	}
	e.u.Changed()
	e.u.ShowError(e.load())
}

// lostReasonsEditor edits the lost reasons, one per line, in order.
type lostReasonsEditor struct {
	u     *UI
	entry *widget.Entry
}

func (u *UI) onLostReasons() {
	e, err := newLostReasonsEditor(u)
	if err != nil {
		u.ShowError(err)
		return
	}
	d := dialog.NewCustomConfirm(lang.L("Lost reasons"), lang.L("Save"), lang.L("Cancel"), e.entry, func(ok bool) {
		if ok {
			u.ShowError(e.save())
		}
	}, u.Win)
	d.Resize(fyne.NewSize(420, 420))
	d.Show()
}

func newLostReasonsEditor(u *UI) (*lostReasonsEditor, error) {
	reasons, err := u.DB.LostReasons(context.Background())
	if err != nil {
		return nil, err
	}
	e := &lostReasonsEditor{u: u, entry: widget.NewMultiLineEntry()}
	e.entry.SetText(strings.Join(reasons, "\n"))
	e.entry.SetPlaceHolder(lang.L("One reason per line, in the order to offer them"))
	return e, nil
}

func (e *lostReasonsEditor) save() error {
	if err := e.u.DB.SetLostReasons(context.Background(), strings.Split(e.entry.Text, "\n")); err != nil {
		return err
	}
	e.u.Changed()
	return nil
}
