package ui

import (
	"context"
	"fmt"
	"sort"
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
	"salesops/ui/chart"
)

func bgCtx() context.Context { return context.Background() }

var xlsxFilter = storage.NewExtensionFileFilter([]string{".xlsx"})

// compTab is the Comp plans tab: plans and their editor, assignments, the
// payout run of the chosen period with per-person statements, and what-if.
type compTab struct {
	u *UI

	plans    []domain.Plan
	selected int  // index in plans, -1 = a new plan
	shown    bool // the tab has shown its plans once (the first plan is selected then)
	list     *widget.List
	noPlans  *widget.Label // over the empty list: what to do
	editor   *planEditor
	compareA *widget.Select
	compareB *widget.Select

	people      []domain.Person
	assignments []domain.PlanAssignment
	asgTable    *widget.Table
	asgPerson   *widget.Select
	asgPlan     *widget.Select
	asgFrom     *widget.Entry
	asgTo       *widget.Entry
	asgSel      int

	run       persistence.PayoutRun // the people of the chosen scope
	full      persistence.PayoutRun // everyone: what closing and the workbook cover
	runStatus *widget.Label
	summary   *widget.Table
	statement *widget.Table
	stmtTitle *widget.Label
	person    int // index in run.Payouts, -1 = none
	closeBtn  *widget.Button
	adjustBtn *widget.Button
	unadjBtn  *widget.Button
	gen       int
	busy      sync.WaitGroup
	// applying serialises the results of background runs: on the desktop
	// fyne.DoAndWait already runs them one at a time on the UI goroutine,
	// but the test driver runs them on the calling goroutine.
	applying sync.Mutex

	whatPlan  *widget.Select
	curve     *chart.Chart
	scenarios *widget.Label

	sub   *container.AppTabs
	stale bool // the payout run is out of date and not on screen
}

// Sub-tabs that show the payout run.
const (
	subPayouts = 2
	subWhatIf  = 3
)

func newCompPlansTab(u *UI) *container.TabItem {
	t := &compTab{u: u, selected: -1, person: -1, asgSel: -1}
	t.editor = newPlanEditor(t)
	t.sub = container.NewAppTabs(
		container.NewTabItem(lang.L("Plans"), t.plansView()),
		container.NewTabItem(lang.L("Assignments"), t.assignmentsView()),
		container.NewTabItem(lang.L("Payout run"), t.payoutsView()),
		container.NewTabItem(lang.L("What-if"), t.whatIfView()),
	)
	t.sub.OnSelected = func(*container.TabItem) {
		if t.stale && t.showsRun() {
			t.reloadRun()
		}
	}
	u.OnRefresh(t.refresh)
	u.addController(t)
	return container.NewTabItemWithIcon(lang.L("Comp plans"), theme.ListIcon(), t.sub)
}

// ---- Plans ----

func (t *compTab) plansView() fyne.CanvasObject {
	t.list = widget.NewList(func() int { return len(t.plans) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			p := t.plans[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s  (v%d, %s)", p.Name, p.Version, t.statusLabel(p.Status)))
		})
	t.list.OnSelected = t.onPlanSelected
	t.noPlans = widget.NewLabelWithStyle(lang.L("No comp plans yet — New plan starts one, Import plans… reads a workbook."), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	t.noPlans.Wrapping = fyne.TextWrapWord
	t.noPlans.Hide()
	t.compareA = widget.NewSelect(nil, nil)
	t.compareB = widget.NewSelect(nil, nil)
	buttons := container.NewGridWithColumns(2,
		&widget.Button{Text: lang.L("New plan"), Icon: theme.ContentAddIcon(), OnTapped: t.onNewPlan},
		&widget.Button{Text: lang.L("Duplicate"), Icon: theme.ContentCopyIcon(), OnTapped: t.onDuplicate},
		&widget.Button{Text: lang.L("Delete"), Icon: theme.DeleteIcon(), OnTapped: t.onDeletePlan},
		&widget.Button{Text: lang.L("Compare…"), Icon: theme.ViewRefreshIcon(), OnTapped: t.onCompare},
		&widget.Button{Text: lang.L("Import plans…"), Icon: theme.FolderOpenIcon(), OnTapped: t.onImportPlans},
		&widget.Button{Text: lang.L("Export plans…"), Icon: theme.DocumentSaveIcon(), OnTapped: t.onExportPlans},
	)
	left := container.NewBorder(nil, container.NewVBox(buttons, widget.NewLabel(lang.L("Compare two versions:")), t.compareA, t.compareB), nil, nil,
		container.NewStack(t.list, container.NewCenter(t.noPlans)))
	split := container.NewHSplit(left, t.editor.content)
	split.Offset = 0.28
	return split
}

func (t *compTab) statusLabel(s domain.PlanStatus) string {
	switch s {
	case domain.PlanActive:
		return lang.L("Active")
	case domain.PlanArchived:
		return lang.L("Archived")
	}
	return lang.L("Draft")
}

// reloadPlans reads the plans and selects the plan with ID id (0: none).
func (t *compTab) reloadPlans(id int64) {
	plans, err := t.u.DB.Plans(bgCtx())
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.plans = plans
	names := make([]string, len(plans))
	for i, p := range plans {
		names[i] = p.Name
	}
	t.compareA.SetOptions(names)
	t.compareB.SetOptions(names)
	t.whatPlan.SetOptions(names)
	t.asgPlan.SetOptions(names)
	t.noPlans.Hidden = len(plans) > 0
	t.noPlans.Refresh()
	t.list.Refresh()
	for i, p := range plans {
		if p.ID == id && id != 0 {
			t.selected = i
			t.list.Select(i)
		}
	}
}

func (t *compTab) onPlanSelected(i widget.ListItemID) {
	if i < 0 || i >= len(t.plans) {
		return
	}
	t.selected = i
	t.editor.load(t.plans[i])
	if t.whatPlan.Selected != t.plans[i].Name {
		t.whatPlan.SetSelected(t.plans[i].Name)
	}
}

func (t *compTab) onNewPlan() {
	t.selected = -1
	t.list.UnselectAll()
	t.editor.load(domain.Plan{Name: lang.L("New plan"), Status: domain.PlanDraft, Period: domain.Quarter, Kind: domain.KindCommissionRate,
		TierMode: domain.TierMarginal, TierBasis: domain.BasisAttainment, CapKind: domain.CapNone, DrawType: domain.DrawNone,
		Tiers: []domain.Tier{{From: 0, Open: true, Rate: domain.RatePercent(5)}}})
}

func (t *compTab) onDuplicate() {
	if t.selected < 0 {
		return
	}
	c, err := t.u.DB.DuplicatePlan(bgCtx(), t.plans[t.selected].ID)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.reloadPlans(c.ID)
	if t.selected >= 0 {
		t.compareA.SetSelectedIndex(max(0, t.indexOfPlanName(strings.TrimSuffix(c.Name, fmt.Sprintf(" v%d", c.Version)))))
		t.compareB.SetSelected(c.Name)
	}
}

func (t *compTab) indexOfPlanName(name string) int {
	for i, p := range t.plans {
		if p.Name == name {
			return i
		}
	}
	return -1
}

func (t *compTab) onDeletePlan() {
	if t.selected < 0 {
		return
	}
	p := t.plans[t.selected]
	dialog.ShowConfirm(lang.L("Delete plan"), lang.L("Delete {{.Name}}? Closed payout periods keep what they paid.", map[string]any{"Name": p.Name}), func(ok bool) {
		if !ok {
			return
		}
		if err := t.u.DB.DeletePlan(bgCtx(), p.ID); err != nil {
			t.u.ShowError(err)
			return
		}
		t.selected = -1
		t.reloadPlans(0)
		t.onNewPlan()
	}, t.u.Win)
}

// CompareRows returns the side-by-side comparison of the two chosen plans.
func (t *compTab) CompareRows() [][4]string {
	a, b := t.indexOfPlanName(t.compareA.Selected), t.indexOfPlanName(t.compareB.Selected)
	if a < 0 || b < 0 {
		return nil
	}
	return t.compareRows(&t.plans[a], &t.plans[b])
}

func (t *compTab) onCompare() {
	rows := t.CompareRows()
	if rows == nil {
		dialog.ShowInformation(lang.L("Compare…"), lang.L("Choose two plans below the list first."), t.u.Win)
		return
	}
	table := widget.NewTable(func() (int, int) { return len(rows) + 1, 4 },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row == 0 {
				l.TextStyle.Bold = true
				l.SetText([]string{"", t.compareA.Selected, t.compareB.Selected, ""}[id.Col])
				return
			}
			l.TextStyle.Bold = rows[id.Row-1][3] != ""
			l.SetText(rows[id.Row-1][id.Col])
		})
	table.SetColumnWidth(0, 220)
	table.SetColumnWidth(1, 300)
	table.SetColumnWidth(2, 300)
	table.SetColumnWidth(3, 30)
	d := dialog.NewCustom(lang.L("Compare…"), lang.L("Close"), table, t.u.Win)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

func (t *compTab) onImportPlans() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		if err := t.ImportPlans(r.URI().Path()); err != nil {
			t.u.ShowError(err)
			return
		}
		dialog.ShowInformation(lang.L("Import plans…"), lang.L("Plans and assignments imported from {{.Path}}.", map[string]any{"Path": r.URI().Path()}), t.u.Win)
	}, t.u.Win)
	d.SetFilter(xlsxFilter)
	d.Show()
}

// ImportPlans reads a plans workbook into the workspace (one transaction).
func (t *compTab) ImportPlans(path string) error {
	wb, err := persistence.ReadPlansWorkbook(path, t.u.Fmt.Currency)
	if err != nil {
		return err
	}
	if _, err := t.u.DB.Backup(bgCtx(), "before-import"); err != nil {
		return err
	}
	if _, err := t.u.DB.ImportPlans(bgCtx(), wb, false); err != nil {
		return err
	}
	t.u.Changed()
	return nil
}

func (t *compTab) onExportPlans() {
	t.saveXLSX("plans.xlsx", func(path string) error { return t.u.DB.WritePlansWorkbook(bgCtx(), path) })
}

func (t *compTab) saveXLSX(name string, write func(path string) error) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		w.Close()
		path := w.URI().Path()
		t.u.Background(lang.L("Exporting…"), func(ctx context.Context, progress func(float64, string)) error {
			return write(path)
		}, func(err error) {
			if err != nil {
				t.u.ShowError(err)
				return
			}
			dialog.ShowInformation(lang.L("Export…"), lang.L("Written to {{.Path}}.", map[string]any{"Path": path}), t.u.Win)
		})
	}, t.u.Win)
	d.SetFileName(name)
	d.SetFilter(xlsxFilter)
	d.Show()
}

// ---- Assignments ----

func (t *compTab) assignmentsView() fyne.CanvasObject {
	t.asgTable = widget.NewTableWithHeaders(func() (int, int) { return len(t.assignments), 4 },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			a := t.assignments[id.Row]
			o.(*widget.Label).SetText(t.assignmentCell(a, id.Col))
		})
	t.asgTable.ShowHeaderColumn = false
	t.asgTable.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText([]string{lang.L("Person"), lang.L("Plan"), lang.L("From"), lang.L("To")}[id.Col])
		}
	}
	for i, w := range []float32{220, 220, 120, 120} {
		t.asgTable.SetColumnWidth(i, w)
	}
	t.asgTable.OnSelected = func(id widget.TableCellID) { t.asgSel = id.Row }
	t.asgPerson = widget.NewSelect(nil, nil)
	t.asgPlan = widget.NewSelect(nil, nil)
	t.asgFrom = widget.NewEntry()
	t.asgFrom.SetPlaceHolder(t.u.Fmt.DateLayout)
	t.asgTo = widget.NewEntry()
	t.asgTo.SetPlaceHolder(lang.L("open-ended"))
	form := container.NewHBox(widget.NewLabel(lang.L("Person")), container.NewGridWrap(fyne.NewSize(220, 36), t.asgPerson),
		widget.NewLabel(lang.L("Plan")), container.NewGridWrap(fyne.NewSize(220, 36), t.asgPlan),
		widget.NewLabel(lang.L("From")), container.NewGridWrap(fyne.NewSize(130, 36), t.asgFrom),
		widget.NewLabel(lang.L("To")), container.NewGridWrap(fyne.NewSize(130, 36), t.asgTo),
		&widget.Button{Text: lang.L("Assign"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: t.onAssign},
		&widget.Button{Text: lang.L("Remove assignment"), Icon: theme.DeleteIcon(), OnTapped: t.onRemoveAssignment})
	note := widget.NewLabel(lang.L("A person has one plan at a time: a new assignment ends the current one the day before it starts. A change during a period is prorated by days."))
	note.Wrapping = fyne.TextWrapWord
	return container.NewBorder(container.NewVBox(container.NewHScroll(form), note), container.NewHBox(t.u.exportButton(&tableExport{Name: "Plan assignments", Table: t.asgTable})), nil, nil, t.asgTable)
}

func (t *compTab) assignmentCell(a domain.PlanAssignment, col int) string {
	switch col {
	case 0:
		for _, p := range t.people {
			if p.ID == a.PersonID {
				return p.Name
			}
		}
	case 1:
		for _, p := range t.plans {
			if p.ID == a.PlanID {
				return p.Name
			}
		}
	case 2:
		return t.u.Fmt.Date(a.From)
	case 3:
		if a.To.IsZero() {
			return "…"
		}
		return t.u.Fmt.Date(a.To.AddDate(0, 0, -1))
	}
	return ""
}

func (t *compTab) reloadAssignments() {
	people, err := t.u.DB.People(bgCtx())
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.people = people
	names := make([]string, len(people))
	for i, p := range people {
		names[i] = p.Name
	}
	t.asgPerson.SetOptions(names)
	if t.assignments, err = t.u.DB.Assignments(bgCtx()); err != nil {
		t.u.ShowError(err)
		return
	}
	sort.SliceStable(t.assignments, func(i, j int) bool {
		return t.assignmentCell(t.assignments[i], 0) < t.assignmentCell(t.assignments[j], 0)
	})
	t.asgTable.Refresh()
}

func (t *compTab) onAssign() {
	pi, pl := t.asgPerson.SelectedIndex(), t.indexOfPlanName(t.asgPlan.Selected)
	from, err := parseDay(t.asgFrom.Text, t.u.Fmt)
	last, terr := parseDay(t.asgTo.Text, t.u.Fmt)
	switch {
	case pi < 0 || pl < 0:
		err = domain.Errorf(domain.EINVALID, "%s", lang.L("Choose a person and a plan."))
	case err != nil || from.IsZero():
		err = domain.Errorf(domain.EINVALID, "%s", lang.L("Write the start date as {{.Layout}}.", map[string]any{"Layout": t.u.Fmt.DateLayout}))
	case terr != nil:
		err = domain.Errorf(domain.EINVALID, "%s", lang.L("Write the last day as {{.Layout}}, or leave it empty.", map[string]any{"Layout": t.u.Fmt.DateLayout}))
	}
	if err == nil {
		var to time.Time // the last day is shown inclusive, stored exclusive
		if !last.IsZero() {
			to = last.AddDate(0, 0, 1)
		}
		err = t.u.DB.AssignPlan(bgCtx(), t.people[pi].ID, t.plans[pl].ID, from, to)
	}
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.u.Changed()
}

func (t *compTab) onRemoveAssignment() {
	if t.asgSel < 0 || t.asgSel >= len(t.assignments) {
		return
	}
	if err := t.u.DB.DeleteAssignment(bgCtx(), t.assignments[t.asgSel].ID); err != nil {
		t.u.ShowError(err)
		return
	}
	t.asgSel = -1
	t.u.Changed()
}

// ---- Payout run ----

var summaryCols = []string{"Person", "Plan", "Quota", "Credited", "Attainment", "Commission", "SPIFFs", "Draw", "Clawbacks", "Adjustments", "Payout"}

func (t *compTab) payoutsView() fyne.CanvasObject {
	t.runStatus = widget.NewLabel("")
	t.summary = widget.NewTableWithHeaders(func() (int, int) { return len(t.run.Payouts), len(summaryCols) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(t.SummaryCell(id.Row, id.Col))
		})
	t.summary.ShowHeaderColumn = false
	titles := []string{lang.L("Person"), lang.L("Plan"), lang.L("Quota"), lang.L("Credited"), lang.L("Attainment"), lang.L("Commission"),
		lang.L("SPIFFs"), lang.L("Draw"), lang.L("Clawbacks"), lang.L("Adjustments"), lang.L("Payout")}
	t.summary.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(titles[id.Col])
		}
	}
	for i := range summaryCols {
		w := float32(115)
		if i < 2 {
			w = 170
		}
		t.summary.SetColumnWidth(i, w)
	}
	t.summary.OnSelected = func(id widget.TableCellID) { t.OpenStatement(id.Row) }
	t.stmtTitle = bold(lang.L("Click a person for their statement."))
	t.statement = widget.NewTable(func() (int, int) {
		if t.person < 0 {
			return 0, 3
		}
		return len(t.run.Payouts[t.person].Lines), 3
	}, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(t.StatementCell(id.Row, id.Col))
	})
	t.statement.SetColumnWidth(0, 100)
	t.statement.SetColumnWidth(1, 120)
	t.statement.SetColumnWidth(2, 1100)
	t.closeBtn = &widget.Button{Text: lang.L("Close period…"), Icon: theme.ConfirmIcon(), Importance: widget.DangerImportance, OnTapped: t.onClosePeriod}
	t.adjustBtn = &widget.Button{Text: lang.L("Add adjustment…"), Icon: theme.ContentAddIcon(), OnTapped: t.onAdjust}
	t.unadjBtn = &widget.Button{Text: lang.L("Delete adjustment…"), Icon: theme.DeleteIcon(), OnTapped: t.onDeleteAdjustment}
	t.runStatus.Wrapping = fyne.TextWrapWord
	t.runStatus.TextStyle.Bold = true
	bar := container.NewHBox(
		&widget.Button{Text: lang.L("Recalculate"), Icon: theme.ViewRefreshIcon(), OnTapped: t.reloadRun},
		t.adjustBtn, t.unadjBtn, t.closeBtn,
		&widget.Button{Text: lang.L("Export workbook…"), Icon: theme.DocumentSaveIcon(), OnTapped: t.onExportPayouts}, t.u.exportButton(&tableExport{Name: "Payouts", Table: t.summary}))
	split := container.NewVSplit(t.summary, container.NewBorder(container.NewBorder(nil, nil, nil, t.u.exportButton(statementExport(t)), t.stmtTitle), nil, nil, nil, t.statement))
	split.Offset = 0.5
	return container.NewBorder(container.NewVBox(t.runStatus, container.NewHScroll(bar)), nil, nil, nil, split)
}

// SummaryCell is the text of a cell of the summary table (for tests).
func (t *compTab) SummaryCell(row, col int) string {
	if row < 0 || row >= len(t.run.Payouts) {
		return ""
	}
	p := &t.run.Payouts[row]
	f := t.u.Fmt
	switch col {
	case 0:
		return p.Name
	case 1:
		return p.Plan
	case 2:
		return f.Money(p.Quota)
	case 3:
		return f.Money(p.Credited)
	case 4:
		if !p.HasAttain {
			return "—"
		}
		return f.Percent(p.Attainment.Float(), 1)
	case 5:
		return f.Money(p.Commission)
	case 6:
		return f.Money(p.Spiffs)
	case 7:
		return f.Money(p.Draw)
	case 8:
		return f.Money(p.Clawbacks)
	case 9:
		return f.Money(p.Adjustments)
	case 10:
		return f.Money(p.Total)
	}
	return ""
}

// StatementCell is the text of a cell of the open statement (for tests).
func (t *compTab) StatementCell(row, col int) string {
	if t.person < 0 || row >= len(t.run.Payouts[t.person].Lines) {
		return ""
	}
	l := t.run.Payouts[t.person].Lines[row]
	switch col {
	case 0:
		return lineKindLabel(l.Kind)
	case 1:
		if l.Kind == domain.LineCredit || l.Kind == domain.LineNote {
			return ""
		}
		return t.u.Fmt.Money(l.Amount)
	}
	return l.Explanation
}

func lineKindLabel(k domain.PayoutLineKind) string {
	switch k {
	case domain.LineCredit:
		return lang.L("Credit")
	case domain.LineNote:
		return lang.L("Note")
	case domain.LineCommission:
		return lang.L("Commission")
	case domain.LineCap:
		return lang.L("Cap")
	case domain.LineSpiff:
		return lang.L("SPIFF")
	case domain.LineDraw:
		return lang.L("Draw")
	case domain.LineClawback:
		return lang.L("Clawback")
	case domain.LineAdjustment:
		return lang.L("Adjustment")
	}
	return string(k)
}

// OpenStatement shows the statement of the i-th person of the run.
func (t *compTab) OpenStatement(i int) {
	if i < 0 || i >= len(t.run.Payouts) {
		return
	}
	t.person = i
	p := &t.run.Payouts[i]
	t.stmtTitle.SetText(lang.L("Statement of {{.Name}}, {{.Period}}: {{.Total}}", map[string]any{
		"Name": p.Name, "Period": t.u.Fmt.PeriodLabel(t.run.Period), "Total": t.u.Fmt.Money(p.Total)}))
	t.statement.Refresh()
}

// reloadRun recomputes the period's payouts off the UI goroutine.
func (t *compTab) reloadRun() {
	t.stale = false
	t.gen++
	gen, p, asOf := t.gen, t.u.Period, t.u.Now()
	db := t.u.DB
	sel, serr := t.u.selection(bgCtx())
	words := t.u.compWords()
	t.runStatus.SetText(lang.L("Calculating…"))
	t.busy.Add(1)
	go func() {
		defer t.busy.Done()
		run, err := db.PayoutRunIn(bgCtx(), p, asOf, words)
		if err == nil {
			err = serr
		}
		fyne.DoAndWait(func() {
			t.applying.Lock()
			defer t.applying.Unlock()
			if gen != t.gen {
				return
			}
			if err != nil {
				t.runStatus.SetText(domain.ErrorMessage(err))
				return
			}
			t.setRun(run, sel.people)
		})
	}()
}

// wait blocks until the payout run being computed is shown (for tests).
func (t *compTab) wait() { t.busy.Wait() }

// setRun shows run, keeping the payouts of people (nil = everyone).
func (t *compTab) setRun(run persistence.PayoutRun, people map[int64]bool) {
	t.full = run
	if people != nil {
		kept := run
		kept.Payouts = nil
		for _, p := range run.Payouts {
			if people[p.PersonID] {
				kept.Payouts = append(kept.Payouts, p)
			}
		}
		run = kept
	}
	t.run = run
	f := t.u.Fmt
	tot := run.Totals()
	status := lang.L("{{.Period}}: open — {{.N}} people, total {{.Total}}", map[string]any{"Period": f.PeriodLabel(run.Period), "N": len(run.Payouts), "Total": f.Money(tot.Total)})
	if run.Closed {
		status = lang.L("{{.Period}}: closed on {{.Date}} (read-only) — {{.N}} people, total {{.Total}}", map[string]any{
			"Period": f.PeriodLabel(run.Period), "Date": f.Date(run.ClosedAt), "N": len(run.Payouts), "Total": f.Money(tot.Total)})
	}
	if len(run.Payouts) == 0 {
		status = lang.L("Nobody is on a plan in {{.Period}}: assign plans in Assignments.", map[string]any{"Period": f.PeriodLabel(run.Period)})
	}
	t.runStatus.SetText(status)
	if run.Closed {
		t.closeBtn.Disable()
		t.adjustBtn.Disable()
		t.unadjBtn.Disable()
	} else {
		t.closeBtn.Enable()
		t.adjustBtn.Enable()
		t.unadjBtn.Enable()
	}
	if t.person >= len(run.Payouts) {
		t.person = -1
	}
	t.summary.Refresh()
	if t.person >= 0 {
		t.OpenStatement(t.person)
	} else {
		t.statement.Refresh()
	}
	t.refreshWhatIf()
}

func (t *compTab) onClosePeriod() {
	p := t.u.Period
	dialog.ShowConfirm(lang.L("Close period…"), lang.L("Close {{.Period}}? Its payouts are frozen as they are now and never change; later corrections become adjustments in the next open period.",
		map[string]any{"Period": t.u.Fmt.PeriodLabel(p)}), func(ok bool) {
		if ok {
			t.ClosePeriod()
		}
	}, t.u.Win)
}

// ClosePeriod closes the chosen period, off the UI goroutine.
func (t *compTab) ClosePeriod() {
	p, asOf, db, words := t.u.Period, t.u.Now(), t.u.DB, t.u.compWords()
	t.busy.Add(1)
	t.u.Background(lang.L("Closing the period…"), func(ctx context.Context, progress func(float64, string)) error {
		return db.ClosePeriodIn(ctx, p, asOf, words)
	}, func(err error) {
		defer t.busy.Done()
		if err != nil {
			t.u.ShowError(err)
		}
		t.reloadRun()
	})
}

func (t *compTab) onAdjust() {
	if len(t.run.Payouts) == 0 {
		return
	}
	names := make([]string, len(t.run.Payouts))
	for i, p := range t.run.Payouts {
		names[i] = p.Name
	}
	who := widget.NewSelect(names, nil)
	if t.person >= 0 {
		who.SetSelectedIndex(t.person)
	}
	amount, reason := widget.NewEntry(), widget.NewEntry()
	reason.SetPlaceHolder(lang.L("Why (shown on the statement)"))
	dialog.ShowForm(lang.L("Add adjustment…"), lang.L("Add"), lang.L("Cancel"), []*widget.FormItem{
		widget.NewFormItem(lang.L("Person"), who), widget.NewFormItem(lang.L("Amount"), amount), widget.NewFormItem(lang.L("Reason"), reason),
	}, func(ok bool) {
		if !ok || who.SelectedIndex() < 0 {
			return
		}
		v, err := parseNumber(amount.Text, t.u.Fmt)
		if err != nil {
			t.u.ShowError(domain.Errorf(domain.EINVALID, "%s", lang.L("The amount is not a number.")))
			return
		}
		if err := t.AddAdjustment(t.run.Payouts[who.SelectedIndex()].PersonID, t.u.Fmt.Currency.FromMajor(v), reason.Text); err != nil {
			t.u.ShowError(err)
		}
	}, t.u.Win)
}

// AddAdjustment records a manual adjustment in the chosen (open) period.
func (t *compTab) AddAdjustment(personID int64, amount domain.Money, reason string) error {
	if err := t.u.DB.AddAdjustment(bgCtx(), &persistence.Adjustment{Period: t.u.Period.String(), PersonID: personID, Amount: amount, Reason: reason, At: t.u.Now()}); err != nil {
		return err
	}
	t.reloadRun()
	return nil
}

// AdjustmentChoices lists the manual adjustments of the chosen period, of
// the person whose statement is open (everyone's when none is), as the
// delete dialog offers them.
func (t *compTab) AdjustmentChoices() ([]persistence.Adjustment, []string, error) {
	all, err := t.u.DB.Adjustments(bgCtx(), t.run.Period.String())
	if err != nil {
		return nil, nil, err
	}
	names := map[int64]string{}
	for _, p := range t.run.Payouts {
		names[p.PersonID] = p.Name
	}
	var who int64
	if t.person >= 0 && t.person < len(t.run.Payouts) {
		who = t.run.Payouts[t.person].PersonID
	}
	var list []persistence.Adjustment
	var labels []string
	for _, a := range all {
		if who != 0 && a.PersonID != who {
			continue
		}
		list = append(list, a)
		labels = append(labels, lang.L("{{.Name}}: {{.Amount}} — {{.Reason}}", map[string]any{
			"Name": names[a.PersonID], "Amount": t.u.Fmt.Money(a.Amount), "Reason": a.Reason}))
	}
	return list, labels, nil
}

func (t *compTab) onDeleteAdjustment() {
	list, labels, err := t.AdjustmentChoices()
	if err != nil {
		t.u.ShowError(err)
		return
	}
	if len(list) == 0 {
		dialog.ShowInformation(lang.L("Delete adjustment…"), lang.L("No manual adjustments to delete in {{.Period}}.",
			map[string]any{"Period": t.u.Fmt.PeriodLabel(t.run.Period)}), t.u.Win)
		return
	}
	which := widget.NewSelect(labels, nil)
	which.SetSelectedIndex(0)
	dialog.ShowForm(lang.L("Delete adjustment…"), lang.L("Delete"), lang.L("Cancel"), []*widget.FormItem{
		widget.NewFormItem(lang.L("Adjustment"), which),
	}, func(ok bool) {
		if !ok || which.SelectedIndex() < 0 {
			return
		}
		if err := t.DeleteAdjustment(list[which.SelectedIndex()].ID); err != nil {
			t.u.ShowError(err)
		}
	}, t.u.Win)
}

// DeleteAdjustment removes a manual adjustment of an open period (a closed
// period refuses) and recomputes the run.
func (t *compTab) DeleteAdjustment(id int64) error {
	if err := t.u.DB.DeleteAdjustment(bgCtx(), id); err != nil {
		return err
	}
	t.reloadRun()
	return nil
}

func (t *compTab) onExportPayouts() {
	run := t.full
	t.saveXLSX("payouts-"+run.Period.String()+".xlsx", func(path string) error { return persistence.WritePayoutWorkbook(&run, path) })
}

// ---- What-if ----

func (t *compTab) whatIfView() fyne.CanvasObject {
	t.whatPlan = widget.NewSelect(nil, func(string) { t.refreshWhatIf() })
	t.curve = chart.New(chart.Spec{})
	t.curve.SetMinSize(fyne.NewSize(500, 300))
	t.scenarios = widget.NewLabel("")
	t.scenarios.Wrapping = fyne.TextWrapWord
	return container.NewBorder(container.NewVBox(container.NewHBox(widget.NewLabel(lang.L("Plan")), container.NewGridWrap(fyne.NewSize(260, 36), t.whatPlan)), t.scenarios),
		nil, nil, nil, t.curve)
}

// refreshWhatIf draws the chosen plan's payout curve (0–200 % attainment on
// the average quota of the people on it) and the team's cost at 80/100/120 %.
func (t *compTab) refreshWhatIf() {
	i := t.indexOfPlanName(t.whatPlan.Selected)
	if i < 0 {
		t.curve.SetSpec(chart.Spec{})
		t.scenarios.SetText(lang.L("Choose a plan to see its payout curve."))
		return
	}
	pl := &t.plans[i]
	f := t.u.Fmt
	var quota domain.Money
	var n int64
	for _, p := range t.run.Payouts {
		if p.PlanID == pl.ID && p.Quota > 0 {
			quota += p.Quota
			n++
		}
	}
	if n > 0 {
		quota /= domain.Money(n)
	} else {
		quota = f.Currency.FromMajor(100_000)
	}
	levels, pay := domain.PayoutCurve(pl, quota, domain.RatePercent(10), domain.RatePercent(200), t.u.Settings.Calendar)
	spec := chart.Spec{Title: lang.L("Payout against attainment, quota {{.Quota}}", map[string]any{"Quota": f.MoneyWhole(quota)}),
		YFormat: func(v float64) string { return f.MoneyShort(v) }}
	vals := make([]float64, len(pay))
	for k := range pay {
		spec.XLabels = append(spec.XLabels, f.Percent(levels[k].Float(), 0))
		vals[k] = float64(pay[k])
	}
	spec.Series = []chart.Series{{Name: pl.Name, Values: vals, Kind: chart.Line}}
	t.curve.SetSpec(spec)
	planByID := map[int64]*domain.Plan{}
	for k := range t.plans {
		planByID[t.plans[k].ID] = &t.plans[k]
	}
	var lines []string
	for _, lvl := range []float64{80, 100, 120} {
		var cost, bookings domain.Money
		for _, p := range t.run.Payouts {
			if plan := planByID[p.PlanID]; plan != nil && p.Quota > 0 {
				cost += domain.WhatIf(plan, p.Quota, domain.RatePercent(lvl), t.u.Settings.Calendar)
				bookings += p.Quota.MulRate(domain.RatePercent(lvl))
			}
		}
		cos := "—"
		if r, ok := domain.RatioOf(cost, bookings); ok && bookings > 0 {
			cos = f.Percent(r.Float(), 1)
		}
		lines = append(lines, lang.L("At {{.Level}} attainment the team costs {{.Cost}} in variable pay: {{.Share}} of sales.",
			map[string]any{"Level": f.Percent(lvl/100, 0), "Cost": f.Money(cost), "Share": cos}))
	}
	t.scenarios.SetText(strings.Join(lines, "\n"))
}

// ---- refresh ----

func (t *compTab) refresh() {
	id := int64(0)
	if t.selected >= 0 && t.selected < len(t.plans) {
		id = t.plans[t.selected].ID
	}
	t.reloadPlans(id)
	// The first time, show the first plan rather than an empty form that
	// looks like a new plan; later refreshes keep what the user is doing.
	if !t.shown && t.selected < 0 && len(t.plans) > 0 {
		t.list.Select(0)
	}
	t.shown = true
	if t.whatPlan.Selected == "" && len(t.plans) > 0 {
		t.whatPlan.SetSelected(t.plans[0].Name)
	}
	t.reloadAssignments()
	// The payout run is computed (off the UI goroutine) only when a sub-tab
	// shows it: opening the window costs nothing at a million deals.
	if t.showsRun() {
		t.reloadRun()
	} else {
		t.stale = true
	}
}

func (t *compTab) showsRun() bool {
	i := t.sub.SelectedIndex()
	return i == subPayouts || i == subWhatIf
}
