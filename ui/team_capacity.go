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
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/persistence"
	"salesops/ui/chart"
)

// teamCapacity is the capacity plan: from next year's target, the full quota
// of a ramped seller, the ramp, attrition and the current team, how many to
// hire and when; shown as a chart and a table, saved and exported.
type teamCapacity struct {
	t         *teamTab
	name      *widget.Entry
	year      *widget.Entry
	target    *widget.Entry
	fullQuota *widget.Entry
	ramp      *widget.Entry
	attrition *widget.Entry
	sellers   *widget.Entry
	teamInfo  *widget.Label
	saved     *widget.Select
	plans     []persistence.SavedCapacityPlan
	summary   *widget.Label
	chart     *chart.Chart
	table     *widget.Table
	plan      *domain.CapacityPlan
	team      []int // the current sellers' ramp months, from the workspace
}

func newTeamCapacity(t *teamTab) *teamCapacity {
	v := &teamCapacity{t: t}
	v.name = &widget.Entry{PlaceHolder: lang.L("Plan name")}
	v.year = &widget.Entry{}
	v.target = &widget.Entry{PlaceHolder: lang.L("Revenue target for the year")}
	v.fullQuota = &widget.Entry{PlaceHolder: lang.L("Annual quota of a ramped seller")}
	v.ramp = &widget.Entry{PlaceHolder: "0/25/50/75/100"}
	v.attrition = &widget.Entry{Text: "10"}
	v.sellers = &widget.Entry{}
	v.teamInfo = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	v.saved = widget.NewSelect(nil, v.onLoad)
	v.saved.PlaceHolder = lang.L("Saved plans")
	v.summary = widget.NewLabel(lang.L("Fill in the target and the full quota, then Calculate."))
	v.summary.Wrapping = fyne.TextWrapWord
	v.chart = chart.New(chart.Spec{})
	v.chart.SetMinSize(fyne.NewSize(420, 240))
	v.table = widget.NewTableWithHeaders(func() (int, int) {
		if v.plan == nil {
			return 0, 5
		}
		return len(v.plan.Months), 5
	}, func() fyne.CanvasObject { return widget.NewLabel("") }, v.updateCell)
	v.table.ShowHeaderColumn = false
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText([]string{lang.L("Month"), lang.L("Target"), lang.L("Capacity"), lang.L("Hires"), lang.L("Expected sellers")}[id.Col])
		}
	}
	for i, w := range []float32{110, 130, 130, 70, 120} {
		v.table.SetColumnWidth(i, w)
	}
	return v
}

func (v *teamCapacity) object() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Plan name"), v.name),
		widget.NewFormItem(lang.L("Fiscal year"), v.year),
		widget.NewFormItem(lang.L("Revenue target"), v.target),
		widget.NewFormItem(lang.L("Full quota per ramped seller"), v.fullQuota),
		widget.NewFormItem(lang.L("Ramp schedule (%)"), v.ramp),
		widget.NewFormItem(lang.L("Annual attrition (%)"), v.attrition),
		&widget.FormItem{Text: lang.L("Current sellers"), Widget: v.sellers, HintText: lang.L("Extra sellers count as ramped.")},
	)
	calc := &widget.Button{Text: lang.L("Calculate"), Icon: theme.ViewRefreshIcon(), Importance: widget.HighImportance, OnTapped: func() { v.t.u.ShowError(v.calculate()) }}
	save := &widget.Button{Text: lang.L("Save plan"), Icon: theme.DocumentSaveIcon(), OnTapped: func() { v.t.u.ShowError(v.save()) }}
	export := &widget.Button{Text: lang.L("Export XLSX…"), Icon: theme.DownloadIcon(), OnTapped: v.onExport}
	left := container.NewVBox(heading(lang.L("Capacity plan")), v.saved, form, v.teamInfo, container.NewHBox(calc, save, export, v.t.u.exportButton(&tableExport{Name: "Capacity", Table: v.table})), v.summary)
	right := container.NewVSplit(v.chart, v.table)
	right.Offset = 0.55
	split := container.NewHSplit(container.NewVScroll(container.NewPadded(left)), container.NewPadded(right))
	split.Offset = 0.36
	return split
}

// refresh fills the defaults from the workspace: next fiscal year, the ramp
// and the current sellers.
func (v *teamCapacity) refresh() {
	u := v.t.u
	ctx := context.Background()
	cal := u.Settings.Calendar
	next := cal.PeriodOf(domain.Year, u.Now()).Next()
	if v.year.Text == "" {
		v.year.SetText(next.String())
	}
	if v.name.Text == "" {
		v.name.SetText(lang.L("Plan {{.Year}}", map[string]any{"Year": u.Fmt.PeriodLabel(next)}))
	}
	if v.ramp.Text == "" {
		if prof, err := u.DB.QuotaProfile(ctx); err == nil {
			v.ramp.SetText(rampText(prof.Ramp, u.Fmt))
		}
	}
	v.loadTeam()
	plans, err := u.DB.CapacityPlans(ctx, cal)
	if err != nil {
		u.ShowError(err)
		return
	}
	v.plans = plans
	names := make([]string, len(plans))
	for i, p := range plans {
		names[i] = p.Input.Name
	}
	v.saved.SetOptions(names)
}

// loadTeam reads the current sellers as of the plan's first month.
func (v *teamCapacity) loadTeam() {
	u := v.t.u
	year, err := domain.ParsePeriod(v.year.Text, u.Settings.Calendar)
	if err != nil || year.Kind != domain.Year {
		year = u.Settings.Calendar.PeriodOf(domain.Year, u.Now()).Next()
	}
	team, err := u.DB.CurrentTeam(context.Background(), year.Start())
	if err != nil {
		u.ShowError(err)
		return
	}
	sort.Sort(sort.Reverse(sort.IntSlice(team))) // the most ramped first
	v.team = team
	if v.sellers.Text == "" {
		v.sellers.SetText(strconv.Itoa(len(team)))
	}
	ramping := 0
	ramp, _ := parseRamp(v.ramp.Text)
	for _, k := range team {
		if ramp.Share(k) < domain.RateOne {
			ramping++
		}
	}
	v.teamInfo.SetText(lang.L("Workspace: {{.N}} sellers at the start, {{.R}} still ramping.", map[string]any{"N": len(team), "R": ramping}))
}

// input reads the form.
func (v *teamCapacity) input() (domain.CapacityInput, error) {
	u := v.t.u
	f := u.Fmt
	in := domain.CapacityInput{Name: strings.TrimSpace(v.name.Text)}
	var err error
	if in.Year, err = domain.ParsePeriod(v.year.Text, u.Settings.Calendar); err != nil {
		return in, err
	}
	if in.Year.Kind != domain.Year {
		return in, domain.Errorf(domain.EINVALID, "%s", lang.L("A capacity plan covers a fiscal year: write the year, e.g. 2027."))
	}
	if in.Target, err = parseAmount(v.target.Text, f); err != nil {
		return in, err
	}
	if in.FullQuota, err = parseAmount(v.fullQuota.Text, f); err != nil {
		return in, err
	}
	if in.Ramp, err = parseRamp(v.ramp.Text); err != nil {
		return in, err
	}
	if in.Attrition, err = parsePercent(v.attrition.Text); err != nil {
		return in, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(v.sellers.Text))
	if err != nil || n < 0 {
		return in, domain.Errorf(domain.EINVALID, "%s", lang.L("The current sellers must be a whole number."))
	}
	in.Team = append([]int(nil), v.team[:min(n, len(v.team))]...)
	for len(in.Team) < n {
		in.Team = append(in.Team, domain.RampedMonth)
	}
	prof, err := u.DB.QuotaProfile(context.Background())
	if err != nil {
		return in, err
	}
	in.Seasonality = prof.Seasonality
	return in, nil
}

// calculate plans the hires and shows the result.
func (v *teamCapacity) calculate() error {
	in, err := v.input()
	if err != nil {
		return err
	}
	plan, err := domain.PlanCapacity(in)
	if err != nil {
		return err
	}
	v.show(&plan)
	return nil
}

func (v *teamCapacity) show(plan *domain.CapacityPlan) {
	f := v.t.u.Fmt
	v.plan = plan
	var when []string
	for _, m := range plan.Months {
		if m.Hires > 0 {
			when = append(when, lang.L("{{.N}} in {{.Month}}", map[string]any{"N": m.Hires, "Month": f.PeriodLabel(m.Month)}))
		}
	}
	switch {
	case plan.Hires == 0:
		v.summary.SetText(lang.L("The current team's capacity of {{.C}} meets the target of {{.T}}: no hires needed.",
			map[string]any{"C": f.Money(plan.Capacity), "T": f.Money(plan.Input.Target)}))
	default:
		v.summary.SetText(lang.L("Hire {{.N}} sellers: {{.When}}. Capacity {{.C}} against the target of {{.T}} (the current team alone: {{.Base}}).",
			map[string]any{"N": plan.Hires, "When": strings.Join(when, ", "), "C": f.Money(plan.Capacity), "T": f.Money(plan.Input.Target),
				"Base": f.Money(plan.Input.Target - plan.Shortfall)}))
	}
	labels := make([]string, len(plan.Months))
	capacity := make([]float64, len(plan.Months))
	target := make([]float64, len(plan.Months))
	for i, m := range plan.Months {
		labels[i] = lang.L(m.Month.Start().Month().String()[:3])
		capacity[i] = float64(m.Capacity)
		target[i] = float64(m.Target)
	}
	v.chart.SetSpec(chart.Spec{
		Title:   lang.L("Capacity against target by month, {{.Year}}", map[string]any{"Year": f.PeriodLabel(plan.Input.Year)}),
		XLabels: labels,
		Series: []chart.Series{
			{Name: lang.L("Capacity"), Kind: chart.Bars, Values: capacity},
			{Name: lang.L("Target"), Kind: chart.Dashed, Values: target},
		},
		YFormat: f.MoneyShort,
	})
	v.table.Refresh()
}

func (v *teamCapacity) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if v.plan == nil || id.Row >= len(v.plan.Months) {
		l.SetText("")
		return
	}
	f := v.t.u.Fmt
	m := v.plan.Months[id.Row]
	l.Alignment = fyne.TextAlignTrailing
	switch id.Col {
	case 0:
		l.Alignment = fyne.TextAlignLeading
		l.SetText(f.PeriodLabel(m.Month))
	case 1:
		l.SetText(f.Money(m.Target))
	case 2:
		l.SetText(f.Money(m.Capacity))
	case 3:
		if m.Hires == 0 {
			l.SetText("")
		} else {
			l.SetText(strconv.Itoa(m.Hires))
		}
	case 4:
		l.SetText(f.Number(m.Headcount, 1))
	}
}

// save stores the plan's inputs under its name.
func (v *teamCapacity) save() error {
	in, err := v.input()
	if err != nil {
		return err
	}
	if _, err := v.t.u.DB.SaveCapacityPlan(context.Background(), in, v.t.u.Now()); err != nil {
		return err
	}
	plan, err := domain.PlanCapacity(in)
	if err != nil {
		return err
	}
	v.show(&plan)
	v.refresh()
	return nil
}

// onLoad fills the form with a saved plan and shows it.
func (v *teamCapacity) onLoad(string) {
	i := v.saved.SelectedIndex()
	if i < 0 || i >= len(v.plans) {
		return
	}
	in := v.plans[i].Input
	f := v.t.u.Fmt
	v.name.SetText(in.Name)
	v.year.SetText(in.Year.String())
	v.target.SetText(moneyInput(in.Target, f))
	v.fullQuota.SetText(moneyInput(in.FullQuota, f))
	v.ramp.SetText(rampText(in.Ramp, f))
	v.attrition.SetText(f.Number(in.Attrition.Float()*100, decimalsOf(in.Attrition.Float()*100)))
	v.sellers.SetText(strconv.Itoa(len(in.Team)))
	v.team = append([]int(nil), in.Team...)
	plan, err := domain.PlanCapacity(in)
	if err != nil {
		v.t.u.ShowError(err)
		return
	}
	v.show(&plan)
}

// exportTo writes the plan shown (calculating it first) to path.
func (v *teamCapacity) exportTo(path string) error {
	if err := v.calculate(); err != nil {
		return err
	}
	return persistence.ExportCapacityPlan(*v.plan, v.t.u.Fmt.Currency, path)
}

func (v *teamCapacity) onExport() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			v.t.u.ShowError(err)
			return
		}
		path := w.URI().Path()
		w.Close()
		if err := v.exportTo(path); err != nil {
			v.t.u.ShowError(err)
			return
		}
		dialog.ShowInformation(lang.L("Capacity plan"), lang.L("Saved to {{.Path}}.", map[string]any{"Path": path}), v.t.u.Win)
	}, v.t.u.Win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	d.SetFileName(strings.ReplaceAll(v.name.Text, "/", "-") + ".xlsx")
	d.Show()
}
