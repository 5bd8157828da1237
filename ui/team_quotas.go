package ui

import (
	"context"
	"fmt"
	"os"
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

// teamQuotas sets quotas (per month, quarter or year, spread by seasonality
// and ramped for new hires), shows a person's months, quarters and year, the
// teams' quotas against their top-down targets, and edits the seasonality
// and the ramp schedule.
type teamQuotas struct {
	t        *teamTab
	person   *widget.Select
	ids      []int64
	period   *widget.Entry
	amount   *widget.Entry
	ramp     *widget.Check
	yearRows [][2]string
	yearHead *widget.Label
	year     *widget.Table

	teamRows    []persistence.TeamQuotaRow
	teamsHead   *widget.Label
	teamsTable  *widget.Table
	targetTeam  *widget.Select
	targetIDs   []int64
	targetValue *widget.Entry

	season    [12]*widget.Entry
	rampEntry *widget.Entry
	seasonSum *widget.Label
}

func newTeamQuotas(t *teamTab) *teamQuotas {
	v := &teamQuotas{t: t}
	v.person = widget.NewSelect(nil, func(string) { v.refreshPerson() })
	v.period = &widget.Entry{PlaceHolder: "2027, 2027-Q1, 2027-03"}
	v.period.OnChanged = func(string) { v.refreshPerson() }
	v.amount = &widget.Entry{PlaceHolder: lang.L("Full quota for the period")}
	v.ramp = widget.NewCheck(lang.L("Apply the ramp schedule from the hire date"), nil)
	v.ramp.SetChecked(true)
	v.yearHead = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.year = widget.NewTable(func() (int, int) { return len(v.yearRows), 2 },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Alignment = fyne.TextAlignLeading
			if id.Col == 1 {
				l.Alignment = fyne.TextAlignTrailing
			}
			l.TextStyle.Bold = id.Row >= 12
			l.SetText(v.yearRows[id.Row][id.Col])
		})
	v.year.SetColumnWidth(0, 150)
	v.year.SetColumnWidth(1, 150)

	v.teamsHead = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.teamsTable = widget.NewTableWithHeaders(func() (int, int) { return len(v.teamRows), 4 },
		func() fyne.CanvasObject { return widget.NewLabel("") }, v.updateTeamCell)
	v.teamsTable.ShowHeaderColumn = false
	v.teamsTable.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText([]string{lang.L("Team"), lang.L("Members' quota"), lang.L("Target"), lang.L("Difference")}[id.Col])
		}
	}
	for i, w := range []float32{180, 140, 140, 140} {
		v.teamsTable.SetColumnWidth(i, w)
	}
	v.targetTeam = widget.NewSelect(nil, nil)
	v.targetValue = &widget.Entry{PlaceHolder: lang.L("Top-down target")}
	for i := range v.season {
		v.season[i] = &widget.Entry{}
		v.season[i].OnChanged = func(string) { v.showSeasonSum() }
	}
	v.rampEntry = &widget.Entry{PlaceHolder: "0/25/50/75/100"}
	v.seasonSum = widget.NewLabel("")
	return v
}

func (v *teamQuotas) object() fyne.CanvasObject {
	apply := &widget.Button{Text: lang.L("Set quota"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: func() { v.t.u.ShowError(v.apply()) }}
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Person"), v.person),
		widget.NewFormItem(lang.L("Period"), v.period),
		widget.NewFormItem(lang.L("Amount"), v.amount),
		widget.NewFormItem("", v.ramp),
	)
	imp := &widget.Button{Text: lang.L("Import quotas…"), Icon: theme.DownloadIcon(), OnTapped: func() { v.importDialog().show() }}
	exp := &widget.Button{Text: lang.L("Export quotas…"), Icon: theme.UploadIcon(), OnTapped: v.onExport}
	left := container.NewBorder(container.NewVBox(heading(lang.L("Set a quota")), form, container.NewHBox(apply, imp, exp, v.t.u.exportButton(quotaYearExport(v))), v.yearHead), nil, nil, nil, v.year)

	setTarget := &widget.Button{Text: lang.L("Set target"), OnTapped: func() { v.t.u.ShowError(v.setTarget()) }}
	targetRow := container.NewBorder(nil, nil, v.targetTeam, setTarget, v.targetValue)
	teams := container.NewBorder(container.NewBorder(nil, nil, nil, v.t.u.exportButton(&tableExport{Name: "Team quotas", Table: v.teamsTable}), v.teamsHead), targetRow, nil, nil, v.teamsTable)

	grid := container.NewGridWithColumns(6)
	for i := range v.season {
		grid.Add(widget.NewLabel(lang.L(time.Month(i + 1).String()[:3])))
		grid.Add(v.season[i])
	}
	even := &widget.Button{Text: lang.L("Even"), OnTapped: v.onEven}
	save := &widget.Button{Text: lang.L("Save seasonality and ramp"), Icon: theme.DocumentSaveIcon(), OnTapped: func() { v.t.u.ShowError(v.saveProfile()) }}
	profile := container.NewVBox(heading(lang.L("Seasonality (% of the year in each month)")), grid,
		container.NewBorder(nil, nil, even, nil, v.seasonSum),
		widget.NewForm(widget.NewFormItem(lang.L("Ramp schedule for new hires (% of full quota by month)"), v.rampEntry)),
		container.NewHBox(save))
	right := container.NewVSplit(teams, container.NewVScroll(profile))
	right.Offset = 0.45
	split := container.NewHSplit(container.NewPadded(left), container.NewPadded(right))
	split.Offset = 0.42
	return split
}

func heading(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func (v *teamQuotas) refresh() {
	var names []string
	v.ids = nil
	for _, p := range v.t.all {
		if p.Active || p.EndDate.After(v.t.u.Period.Start()) {
			names = append(names, p.Name)
			v.ids = append(v.ids, p.ID)
		}
	}
	prev := v.person.Selected
	v.person.SetOptions(names)
	if prev != "" {
		v.person.SetSelected(prev)
	}
	if v.period.Text == "" {
		v.period.SetText(v.t.u.Period.String())
	}
	tnames := []string{lang.L("Everyone")}
	v.targetIDs = []int64{0}
	for _, tm := range v.t.teams {
		tnames = append(tnames, tm.Name)
		v.targetIDs = append(v.targetIDs, tm.ID)
	}
	i := max(0, v.targetTeam.SelectedIndex())
	v.targetTeam.SetOptions(tnames)
	v.targetTeam.SetSelectedIndex(min(i, len(tnames)-1))
	prof, err := v.t.u.DB.QuotaProfile(context.Background())
	if err != nil {
		v.t.u.ShowError(err)
		return
	}
	v.showProfile(prof)
	v.refreshPerson()
	v.refreshTeams()
}

func (v *teamQuotas) selectedPerson() int64 {
	if i := v.person.SelectedIndex(); i >= 0 && i < len(v.ids) {
		return v.ids[i]
	}
	return 0
}

// refreshPerson shows the chosen person's quota in each month, quarter and
// in the fiscal year of the period being edited.
func (v *teamQuotas) refreshPerson() {
	v.yearRows = nil
	id := v.selectedPerson()
	f := v.t.u.Fmt
	cal := v.t.u.Settings.Calendar
	p, err := domain.ParsePeriod(v.period.Text, cal)
	if err != nil {
		p = v.t.u.Period
	}
	year := cal.PeriodOf(domain.Year, p.Start())
	v.yearHead.SetText(lang.L("Quota of {{.Name}}, {{.Year}}", map[string]any{"Name": v.t.personName(id), "Year": f.PeriodLabel(year)}))
	if id == 0 {
		v.yearHead.SetText(lang.L("Choose a person to see and set their quota."))
		v.year.Refresh()
		return
	}
	qs, err := v.t.u.DB.PersonQuotas(context.Background(), id, year)
	if err != nil {
		v.t.u.ShowError(err)
		return
	}
	var quarters [4]domain.Money
	var total domain.Money
	for i, q := range qs {
		v.yearRows = append(v.yearRows, [2]string{f.PeriodLabel(q.Month), f.Money(q.Amount)})
		quarters[i/3] += q.Amount
		total += q.Amount
	}
	for i, q := range quarters {
		v.yearRows = append(v.yearRows, [2]string{fmt.Sprintf("Q%d", i+1), f.Money(q)})
	}
	v.yearRows = append(v.yearRows, [2]string{f.PeriodLabel(year), f.Money(total)})
	v.year.Refresh()
}

// apply spreads the amount over the period's months and stores them.
func (v *teamQuotas) apply() error {
	id := v.selectedPerson()
	if id == 0 {
		return domain.Errorf(domain.EINVALID, "%s", lang.L("Choose a person to see and set their quota."))
	}
	p, err := domain.ParsePeriod(v.period.Text, v.t.u.Settings.Calendar)
	if err != nil {
		return err
	}
	amount, err := parseAmount(v.amount.Text, v.t.u.Fmt)
	if err != nil {
		return err
	}
	if _, err := v.t.u.DB.ApplyQuota(context.Background(), id, p, amount, v.ramp.Checked); err != nil {
		return err
	}
	v.t.changed()
	return nil
}

func (v *teamQuotas) refreshTeams() {
	f := v.t.u.Fmt
	rows, err := v.t.u.DB.TeamQuotas(context.Background(), v.t.u.Period, lang.L("Everyone"))
	if err != nil {
		v.t.u.ShowError(err)
		return
	}
	v.teamRows = rows
	v.teamsHead.SetText(lang.L("Team quota and top-down targets, {{.Period}}", map[string]any{"Period": f.PeriodLabel(v.t.u.Period)}))
	v.teamsTable.Refresh()
}

func (v *teamQuotas) updateTeamCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row >= len(v.teamRows) {
		return
	}
	r := v.teamRows[id.Row]
	f := v.t.u.Fmt
	l.Alignment = fyne.TextAlignTrailing
	switch id.Col {
	case 0:
		l.Alignment = fyne.TextAlignLeading
		l.SetText(r.Name)
	case 1:
		l.SetText(f.Money(r.Members))
	case 2:
		if !r.HasTarget {
			l.SetText("—")
		} else {
			l.SetText(f.Money(r.Target))
		}
	case 3:
		if !r.HasTarget {
			l.SetText("—")
		} else {
			sign := ""
			if r.Difference > 0 {
				sign = "+"
			}
			l.SetText(sign + f.Money(r.Difference))
		}
	}
}

// setTarget stores the chosen team's target for the window's period; an
// empty amount clears it.
func (v *teamQuotas) setTarget() error {
	i := v.targetTeam.SelectedIndex()
	if i < 0 || i >= len(v.targetIDs) {
		return nil
	}
	ctx := context.Background()
	if v.targetValue.Text == "" {
		if err := v.t.u.DB.ClearTeamTarget(ctx, v.targetIDs[i], v.t.u.Period); err != nil {
			return err
		}
	} else {
		amount, err := parseAmount(v.targetValue.Text, v.t.u.Fmt)
		if err != nil {
			return err
		}
		if err := v.t.u.DB.SetTeamTarget(ctx, domain.TeamTarget{TeamID: v.targetIDs[i], Period: v.t.u.Period, Amount: amount}); err != nil {
			return err
		}
	}
	v.refreshTeams()
	return nil
}

func (v *teamQuotas) showProfile(prof persistence.QuotaProfile) {
	f := v.t.u.Fmt
	for i := range v.season {
		if prof.Seasonality.IsEven() {
			v.season[i].SetText("")
			v.season[i].SetPlaceHolder(f.Number(100.0/12, 2))
		} else {
			v.season[i].SetText(f.Number(prof.Seasonality[i].Float()*100, decimalsOf(prof.Seasonality[i].Float()*100)))
		}
	}
	v.rampEntry.SetText(rampText(prof.Ramp, f))
	v.showSeasonSum()
}

func (v *teamQuotas) onEven() {
	for _, e := range v.season {
		e.SetText("")
	}
}

// profile reads the seasonality (all empty = even) and the ramp.
func (v *teamQuotas) profile() (persistence.QuotaProfile, error) {
	var prof persistence.QuotaProfile
	empty := true
	for i, e := range v.season {
		if e.Text == "" {
			continue
		}
		empty = false
		r, err := parsePercent(e.Text)
		if err != nil {
			return prof, err
		}
		prof.Seasonality[i] = r
	}
	if !empty && prof.Seasonality.IsEven() {
		return prof, domain.Errorf(domain.EINVALID, "%s", lang.L("The twelve seasonality percentages must sum to 100 %."))
	}
	if !empty {
		if err := prof.Seasonality.Validate(); err != nil {
			return prof, domain.Errorf(domain.EINVALID, "%s", lang.L("The twelve seasonality percentages must sum to 100 %."))
		}
	}
	ramp, err := parseRamp(v.rampEntry.Text)
	if err != nil {
		return prof, err
	}
	prof.Ramp = ramp
	return prof, nil
}

func (v *teamQuotas) showSeasonSum() {
	var sum domain.Rate
	empty := true
	for _, e := range v.season {
		if e.Text == "" {
			continue
		}
		empty = false
		if r, err := parsePercent(e.Text); err == nil {
			sum += r
		}
	}
	if empty {
		v.seasonSum.SetText(lang.L("Even: every month the same."))
		return
	}
	v.seasonSum.SetText(lang.L("Total {{.Sum}} (must be 100 %)", map[string]any{"Sum": v.t.u.Fmt.Percent(sum.Float(), 2)}))
}

func (v *teamQuotas) saveProfile() error {
	prof, err := v.profile()
	if err != nil {
		return err
	}
	if err := v.t.u.DB.SaveQuotaProfile(context.Background(), prof); err != nil {
		return err
	}
	v.showProfile(prof)
	return nil
}

// importDialog is the spreadsheet import dialog (ui/importexport.go) with
// quotas chosen: rows of person, period and amount; a month's amount is
// stored as it is, so an exported file comes back unchanged.
func (v *teamQuotas) importDialog() *importDialog {
	d := v.t.u.newImportDialog()
	for i, k := range persistence.ImportKinds {
		if k == "quotas" {
			d.kindSel.SetSelectedIndex(i)
		}
	}
	return d
}

// onExport writes every month's quota to a workbook the user names.
func (v *teamQuotas) onExport() {
	u := v.t.u
	fd := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			u.ShowError(err)
			return
		}
		path := w.URI().Path()
		w.Close()
		os.Remove(path)
		v.exportTo(withExt(path, ".xlsx"), nil)
	}, u.Win)
	fd.SetFileName("quotas.xlsx")
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	fd.Show()
}

// exportTo writes the quotas, month by month, off the UI goroutine; done
// (tests) is told the outcome.
func (v *teamQuotas) exportTo(path string, done func(n int, err error)) {
	v.t.u.exportTo("quotas", path, false, done)
}
