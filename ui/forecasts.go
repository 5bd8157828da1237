package ui

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

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

// forecastsTab is the Forecasts tab: the pipeline by category with managers'
// adjustments, the statistical forecast, the accuracy of past snapshots and
// the waterfall between two snapshots.
type forecastsTab struct {
	u     *UI
	tabs  *container.AppTabs
	outer *showWatch
	dirty [4]bool // panes to recompute when next shown

	// Pipeline by category.
	view     *widget.Select
	summary  *widget.Label
	table    *widget.Table
	rows     []domain.PipelineRow
	total    domain.PipelineTotals
	call     domain.Call
	selected int
	adjust   *widget.Button

	// Statistical forecast.
	method    *widget.Select
	horizon   *widget.Select
	reason    *widget.Label
	backtest  *widget.Label
	statChart *chart.Chart
	stat      persistence.StatResult
	lastStat  statKey
	statDone  bool
	statGen   int
	pipeGen   int // the last pipeline refresh; older results are dropped
	statWG    sync.WaitGroup

	// Accuracy.
	accChart *chart.Chart
	accLabel *widget.Label
	accTable *widget.Table
	acc      []domain.AccuracyPoint
	accRows  []accuracyRow

	// Waterfall.
	snaps    []domain.ForecastSnapshot
	from, to *widget.Select
	category *widget.Select
	wfTable  *widget.Table
	wfChart  *chart.Chart
	wf       domain.Waterfall
	wfNote   *widget.Label
}

var statMethodLabels = []string{"Automatic (best backtest)", "Moving average", "Linear trend", "Holt-Winters"}

func newForecastsTab(u *UI) *container.TabItem {
	t := &forecastsTab{u: u, selected: -1}
	t.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("Pipeline by category"), t.pipelinePane()),
		container.NewTabItem(lang.L("Statistical forecast"), t.statPane()),
		container.NewTabItem(lang.L("Accuracy"), t.accuracyPane()),
		container.NewTabItem(lang.L("Waterfall"), t.waterfallPane()),
	)
	t.tabs.OnSelected = func(*container.TabItem) { t.refreshVisible() }
	snapshot := &widget.Button{Text: lang.L("Take snapshot"), Icon: theme.ContentAddIcon(), OnTapped: t.onSnapshot}
	export := &widget.Button{Text: lang.L("Export forecast workbook…"), Icon: theme.DocumentSaveIcon(), OnTapped: t.onExport}
	top := container.NewHBox(snapshot, export)
	t.dirty = [4]bool{true, true, true, true}
	t.outer = newShowWatch(container.NewBorder(container.NewPadded(top), nil, nil, nil, t.tabs), t.refreshVisible)
	u.OnRefresh(t.refresh)
	u.addController(t)
	return container.NewTabItemWithIcon(lang.L("Forecasts"), theme.HistoryIcon(), t.outer)
}

// showWatch wraps the tab's content to learn when the window shows it: the
// forecasts are computed only for the pane in view, so the other tabs (and
// the window's opening) never wait for them.
type showWatch struct {
	widget.BaseWidget
	content fyne.CanvasObject
	shown   bool
	onShow  func()
}

func newShowWatch(content fyne.CanvasObject, onShow func()) *showWatch {
	w := &showWatch{content: content, onShow: onShow}
	w.ExtendBaseWidget(w)
	return w
}

func (w *showWatch) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(w.content) }

// Show is called by the tabs each time they lay the tab out; only the first
// showing after a hiding counts.
func (w *showWatch) Show() {
	was := w.shown
	w.shown = true
	w.BaseWidget.Show()
	if !was && w.onShow != nil {
		w.onShow()
	}
}

func (w *showWatch) Hide() {
	w.shown = false
	w.BaseWidget.Hide()
}

// Panes of the tab, in order.
const (
	panePipeline = iota
	paneStat
	paneAccuracy
	paneWaterfall
)

// ---- pipeline by category ----

type pipelineColumn struct {
	title string
	width float32
	text  func(f Format, r *domain.PipelineRow) string
}

func (t *forecastsTab) pipelineColumns() []pipelineColumn {
	m := func(get func(r *domain.PipelineRow) domain.Money) func(Format, *domain.PipelineRow) string {
		return func(f Format, r *domain.PipelineRow) string { return f.MoneyWhole(get(r)) }
	}
	return []pipelineColumn{
		{lang.L("Name"), 200, func(_ Format, r *domain.PipelineRow) string { return strings.Repeat("    ", r.Depth) + r.Name }},
		{lang.L("Closed"), 110, m(func(r *domain.PipelineRow) domain.Money { return r.Total.Closed })},
		{lang.L("Commit"), 110, m(func(r *domain.PipelineRow) domain.Money { return r.Total.Commit })},
		{lang.L("Best case"), 110, m(func(r *domain.PipelineRow) domain.Money { return r.Total.BestCase })},
		{lang.L("Pipeline"), 110, m(func(r *domain.PipelineRow) domain.Money { return r.Total.Pipeline })},
		{lang.L("Omitted"), 100, m(func(r *domain.PipelineRow) domain.Money { return r.Total.Omitted })},
		{lang.L("Commit forecast"), 130, m(func(r *domain.PipelineRow) domain.Money { return r.Total.CommitForecast() })},
		{lang.L("Adjusted commit"), 130, func(f Format, r *domain.PipelineRow) string {
			return adjustedText(f, r.Adjusted.Adjusted, r.Adjusted.Commit)
		}},
		{lang.L("Best-case forecast"), 140, m(func(r *domain.PipelineRow) domain.Money { return r.Total.BestCaseForecast() })},
		{lang.L("Adjusted best case"), 140, func(f Format, r *domain.PipelineRow) string {
			return adjustedText(f, r.Adjusted.Adjusted, r.Adjusted.BestCase)
		}},
		{lang.L("Weighted pipeline"), 130, m(func(r *domain.PipelineRow) domain.Money { return r.Total.Weighted })},
		{lang.L("Quota"), 110, m(func(r *domain.PipelineRow) domain.Money { return r.Total.Quota })},
		{lang.L("Gap"), 110, func(f Format, r *domain.PipelineRow) string {
			if r.Total.Quota == 0 {
				return "—"
			}
			return f.MoneyWhole(r.Total.Gap())
		}},
		{lang.L("Coverage needed"), 120, func(f Format, r *domain.PipelineRow) string {
			return f.Opt(r.Total.CoverageNeeded(), func(v float64) string { return f.Number(v, 1) + "×" })
		}},
		{lang.L("Note"), 260, func(_ Format, r *domain.PipelineRow) string { return r.Adjusted.Note }},
	}
}

func adjustedText(f Format, adjusted bool, m domain.Money) string {
	if !adjusted {
		return "="
	}
	return f.MoneyWhole(m)
}

func (t *forecastsTab) pipelinePane() fyne.CanvasObject {
	cols := t.pipelineColumns()
	t.view = widget.NewSelect([]string{lang.L("By person and manager"), lang.L("By team"), lang.L("By territory")}, func(string) { t.refreshPipeline() })
	t.view.SetSelectedIndex(0)
	t.summary = widget.NewLabel("")
	t.summary.Wrapping = fyne.TextWrapWord
	t.table = widget.NewTableWithHeaders(func() (int, int) { return len(t.rows), len(cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row >= len(t.rows) {
				l.SetText("")
				return
			}
			l.Alignment = fyne.TextAlignTrailing
			if id.Col == 0 || id.Col == len(cols)-1 {
				l.Alignment = fyne.TextAlignLeading
			}
			r := &t.rows[id.Row]
			l.TextStyle.Bold = id.Col == 0 && r.Depth == 0
			l.SetText(cols[id.Col].text(t.u.Fmt, r))
		})
	t.table.ShowHeaderColumn = false
	t.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(cols[id.Col].title)
		}
	}
	for i, c := range cols {
		t.table.SetColumnWidth(i, c.width)
	}
	t.table.OnSelected = func(id widget.TableCellID) {
		t.selected = id.Row
		t.syncAdjust()
	}
	t.adjust = &widget.Button{Text: lang.L("Adjust forecast…"), Icon: theme.DocumentCreateIcon(), OnTapped: t.onAdjust}
	t.adjust.Disable()
	hint := widget.NewLabelWithStyle(lang.L("A person's row includes everyone reporting to them. “=” means no adjustment: the unadjusted figure stands."),
		fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
	hint.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(260, t.view.MinSize().Height), t.view), t.adjust), t.summary)
	return container.NewBorder(top, container.NewBorder(nil, nil, nil, t.u.exportButton(&tableExport{Name: "Forecast", Table: t.table}), hint), nil, nil, t.table)
}

func (t *forecastsTab) syncAdjust() {
	// A person's row, not the row of the deals without an owner (ID 0).
	if t.selected >= 0 && t.selected < len(t.rows) && t.rows[t.selected].ID != 0 && t.view.Selected == lang.L("By person and manager") {
		t.adjust.Enable()
	} else {
		t.adjust.Disable()
	}
}

// pipelineRows picks the rows of the chosen view that the scope shows, and
// the totals of the scope.
func (t *forecastsTab) pipelineRows(pf domain.PipelineForecast, org domain.Org) ([]domain.PipelineRow, domain.PipelineTotals, domain.Call) {
	u := t.u
	var rows []domain.PipelineRow
	switch t.view.Selected {
	case lang.L("By team"):
		rows = pf.Teams
	case lang.L("By territory"):
		rows = pf.Territories
	default:
		rows = pf.People
	}
	total, call := pf.Total, pf.Adjusted
	pick := func(keep func(r domain.PipelineRow) bool) []domain.PipelineRow {
		var out []domain.PipelineRow
		for _, r := range rows {
			if keep(r) {
				out = append(out, r)
			}
		}
		return out
	}
	switch u.Scope.Kind {
	case ScopePerson:
		if t.view.Selected == lang.L("By person and manager") {
			under := subtree(org, u.Scope.ID)
			rows = pick(func(r domain.PipelineRow) bool { return under[r.ID] })
			if r, ok := pf.Row(u.Scope.ID); ok {
				total, call = r.Total, r.Adjusted
			}
		}
	case ScopeTeam:
		if t.view.Selected == lang.L("By team") {
			rows = pick(func(r domain.PipelineRow) bool { return r.ID == u.Scope.ID })
		} else if t.view.Selected == lang.L("By person and manager") {
			team := map[int64]bool{}
			for _, p := range org.People {
				team[p.ID] = p.TeamID == u.Scope.ID
			}
			rows = pick(func(r domain.PipelineRow) bool { return team[r.ID] })
		}
		for _, r := range pf.Teams {
			if r.ID == u.Scope.ID {
				total, call = r.Total, r.Adjusted
			}
		}
	case ScopeTerritory:
		if t.view.Selected == lang.L("By territory") {
			within := territoriesWithin(org.Territories, u.Scope.ID)
			rows = pick(func(r domain.PipelineRow) bool { return within[r.ID] })
		}
		for _, r := range pf.Territories {
			if r.ID == u.Scope.ID {
				total, call = r.Total, r.Adjusted
			}
		}
	}
	// Deals without an owner (a CRM export without one) are in the totals
	// of everyone and of a segment: a row of their own says where.
	if t.view.Selected == lang.L("By person and manager") && (u.Scope.Kind == ScopeEveryone || u.Scope.Kind == ScopeSegment) && pf.Unowned.Deals > 0 {
		rows = append(slices.Clip(rows), domain.PipelineRow{Name: lang.L("No owner"), Own: pf.Unowned, Total: pf.Unowned})
	}
	return rows, total, call
}

func subtree(org domain.Org, root int64) map[int64]bool {
	in := map[int64]bool{root: true}
	for changed := true; changed; {
		changed = false
		for _, p := range org.People {
			if in[p.ManagerID] && !in[p.ID] {
				in[p.ID], changed = true, true
			}
		}
	}
	return in
}

func territoriesWithin(terrs []domain.Territory, root int64) map[int64]bool {
	in := map[int64]bool{root: true}
	for changed := true; changed; {
		changed = false
		for _, t := range terrs {
			if in[t.ParentID] && !in[t.ID] {
				in[t.ID], changed = true, true
			}
		}
	}
	return in
}

func (t *forecastsTab) refreshPipeline() {
	if t.table == nil || t.summary == nil {
		return
	}
	// The pipeline of a million deals takes a second: it is read in the
	// background and shown when it arrives; a newer refresh wins.
	u := t.u
	scope, period, db := u.Scope, u.Period, u.DB
	t.pipeGen++
	gen := t.pipeGen
	// Until the new figures arrive nothing can be adjusted: the rows on
	// screen are the previous period's or scope's.
	t.selected = -1
	t.table.UnselectAll()
	t.syncAdjust()
	t.summary.SetText(lang.L("Computing…"))
	u.goBackground(func() {
		ctx := context.Background()
		var pf domain.PipelineForecast
		var org domain.Org
		var err error
		if scope.Kind == ScopeSegment {
			pf, err = db.PipelineForecastInSegment(ctx, period, scope.Segment)
		} else {
			pf, err = db.PipelineForecast(ctx, period)
		}
		if err == nil {
			org, err = db.Org(ctx)
		}
		fyne.Do(func() {
			if gen != t.pipeGen {
				return
			}
			if err != nil {
				t.summary.SetText("")
				u.ShowError(err)
				return
			}
			t.showPipeline(pf, org, period)
		})
	})
}

// showPipeline shows the pipeline forecast of period in the table and the summary.
func (t *forecastsTab) showPipeline(pf domain.PipelineForecast, org domain.Org, period domain.Period) {
	u := t.u
	t.rows, t.total, t.call = t.pipelineRows(pf, org)
	f := u.Fmt
	tot := t.total
	var b strings.Builder
	b.WriteString(lang.L("{{.Period}}: commit forecast {{.Commit}}, best case {{.Best}}, open pipeline {{.Open}}, weighted {{.Weighted}}.",
		map[string]any{"Period": f.PeriodLabel(period), "Commit": f.MoneyWhole(tot.CommitForecast()), "Best": f.MoneyWhole(tot.BestCaseForecast()),
			"Open": f.MoneyWhole(tot.OpenPipeline()), "Weighted": f.MoneyWhole(tot.Weighted)}))
	if t.call.Adjusted {
		b.WriteString(" " + lang.L("Adjusted by managers: commit {{.Commit}}, best case {{.Best}}.",
			map[string]any{"Commit": f.MoneyWhole(t.call.Commit), "Best": f.MoneyWhole(t.call.BestCase)}))
	}
	if tot.Quota > 0 {
		b.WriteString(" " + lang.L("Quota {{.Quota}}, gap {{.Gap}}, coverage needed {{.Coverage}}.",
			map[string]any{"Quota": f.MoneyWhole(tot.Quota), "Gap": f.MoneyWhole(tot.Gap()),
				"Coverage": f.Opt(tot.CoverageNeeded(), func(v float64) string { return f.Number(v, 1) + "×" })}))
	}
	if tot.Deals == 0 {
		b.WriteString(" " + lang.L("No deals close in this period: choose another period, or import deals."))
	}
	t.summary.SetText(b.String())
	t.selected = -1
	t.table.UnselectAll()
	t.syncAdjust()
	t.table.Refresh()
}

// onAdjust asks for the adjusted commit and best-case forecasts of the
// selected person with a note.
func (t *forecastsTab) onAdjust() {
	if t.selected < 0 || t.selected >= len(t.rows) {
		return
	}
	r := t.rows[t.selected]
	f := t.u.Fmt
	commit := widget.NewEntry()
	best := widget.NewEntry()
	cur := r.Total.CommitForecast()
	bc := r.Total.BestCaseForecast()
	if r.Adjusted.Adjusted {
		cur, bc = r.Adjusted.Commit, r.Adjusted.BestCase
	}
	commit.SetText(f.Number(f.Currency.Major(cur), f.Currency.Digits))
	best.SetText(f.Number(f.Currency.Major(bc), f.Currency.Digits))
	note := widget.NewMultiLineEntry()
	note.SetPlaceHolder(lang.L("Why: what you know that the pipeline does not"))
	by := widget.NewSelect(nil, nil)
	people, _ := t.u.DB.People(context.Background())
	names := map[int64]string{}
	for _, p := range people {
		names[p.ID] = p.Name
	}
	// The person or someone above them, their own manager first.
	byIDs := domain.Org{People: people}.Adjusters(r.ID)
	if len(byIDs) > 1 {
		byIDs = append(byIDs[1:], byIDs[0])
	}
	for _, id := range byIDs {
		by.Options = append(by.Options, names[id])
	}
	if len(byIDs) > 0 {
		by.SetSelectedIndex(0)
	}
	unadj := widget.NewLabel(lang.L("Unadjusted: commit {{.Commit}}, best case {{.Best}}", map[string]any{
		"Commit": f.MoneyWhole(r.Total.CommitForecast()), "Best": f.MoneyWhole(r.Total.BestCaseForecast())}))
	items := []*widget.FormItem{
		{Text: lang.L("Person"), Widget: widget.NewLabel(r.Name)},
		{Text: "", Widget: unadj},
		{Text: lang.L("Commit forecast"), Widget: commit},
		{Text: lang.L("Best-case forecast"), Widget: best},
		{Text: lang.L("Adjusted by"), Widget: by},
		{Text: lang.L("Note"), Widget: note},
	}
	d := dialog.NewForm(lang.L("Adjust forecast…"), lang.L("Save"), lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		a := domain.ForecastAdjustment{Period: t.u.Period, PersonID: r.ID, Note: note.Text, At: t.u.Now()}
		if i := by.SelectedIndex(); i >= 0 {
			a.ByID = byIDs[i]
		}
		var err error
		if a.Commit, err = parseMoneyInput(f, commit.Text); err != nil {
			t.u.ShowError(err)
			return
		}
		if a.BestCase, err = parseMoneyInput(f, best.Text); err != nil {
			t.u.ShowError(err)
			return
		}
		if err := t.saveAdjustment(&a); err != nil {
			t.u.ShowError(err)
		}
	}, t.u.Win)
	d.Resize(fyne.NewSize(520, 420))
	d.Show()
}

// saveAdjustment stores a and refreshes the pipeline.
func (t *forecastsTab) saveAdjustment(a *domain.ForecastAdjustment) error {
	if err := t.u.DB.AddForecastAdjustment(context.Background(), a); err != nil {
		return err
	}
	t.refreshPipeline()
	return nil
}

// parseMoneyInput reads an amount typed in the user's language.
func parseMoneyInput(f Format, s string) (domain.Money, error) {
	clean := strings.NewReplacer(f.Group, "", "\u00a0", "", " ", "", f.Currency.Code, "").Replace(strings.TrimSpace(s))
	clean = strings.TrimSpace(strings.TrimPrefix(clean, f.symbol()))
	clean = strings.Replace(clean, f.Decimal, ".", 1)
	v, err := strconv.ParseFloat(clean, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, domain.Errorf(domain.EINVALID, "%q is not an amount.", s)
	}
	return f.Currency.FromMajor(v), nil
}

// ---- statistical forecast ----

func (t *forecastsTab) statPane() fyne.CanvasObject {
	var labels []string
	for _, l := range statMethodLabels {
		labels = append(labels, lang.L(l))
	}
	t.method = widget.NewSelect(labels, func(string) { t.refreshStat() })
	t.method.SetSelectedIndex(0)
	var hs []string
	for _, h := range []int{6, 12, 18, 24} {
		hs = append(hs, lang.L("{{.N}} months", map[string]any{"N": h}))
	}
	t.horizon = widget.NewSelect(hs, func(string) { t.refreshStat() })
	t.reason = widget.NewLabel("")
	t.reason.Wrapping = fyne.TextWrapWord
	t.backtest = widget.NewLabel("")
	t.statChart = chart.New(chart.Spec{})
	t.statChart.SetMinSize(fyne.NewSize(480, 300))
	wide := func(o fyne.CanvasObject, w float32) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	bar := container.NewHBox(widget.NewLabel(lang.L("Method")), wide(t.method, 260), widget.NewLabel(lang.L("Horizon")), wide(t.horizon, 140), t.backtest)
	return container.NewBorder(container.NewVBox(bar, t.reason), nil, nil, nil, t.statChart)
}

func (t *forecastsTab) statOptions() domain.StatOptions {
	methods := []domain.StatMethod{domain.MethodAuto, domain.MethodMovingAverage, domain.MethodLinear, domain.MethodHoltWinters}
	opt := domain.StatOptions{Method: domain.MethodAuto, Horizon: t.u.Settings.ForecastHorizon}
	if i := t.method.SelectedIndex(); i >= 0 {
		opt.Method = methods[i]
	}
	if i := t.horizon.SelectedIndex(); i >= 0 {
		opt.Horizon = []int{6, 12, 18, 24}[i]
	}
	return opt
}

// scopeWon is the UI's scope as owners or territories.
func (t *forecastsTab) scopeWon(ctx context.Context) (persistence.WonScope, error) {
	u := t.u
	switch u.Scope.Kind {
	case ScopePerson:
		return persistence.WonScope{Owners: map[int64]bool{u.Scope.ID: true}}, nil
	case ScopeTeam:
		people, err := u.DB.People(ctx)
		if err != nil {
			return persistence.WonScope{}, err
		}
		team := map[int64]bool{}
		for _, p := range people {
			if p.TeamID == u.Scope.ID {
				team[p.ID] = true
			}
		}
		return persistence.WonScope{Owners: team}, nil
	case ScopeTerritory:
		terrs, err := u.DB.Territories(ctx)
		if err != nil {
			return persistence.WonScope{}, err
		}
		return persistence.WonScope{Territories: territoriesWithin(terrs, u.Scope.ID)}, nil
	case ScopeSegment:
		return persistence.WonScope{Segment: u.Scope.Segment}, nil
	}
	return persistence.WonScope{}, nil
}

// statKey is what the statistical forecast depends on besides the data.
type statKey struct {
	scope  Scope
	opt    domain.StatOptions
	period domain.Period
}

// refreshStat recomputes the statistical forecast off the UI goroutine
// (reading five years of wins and fitting the models takes a moment on a
// large workspace); a newer request drops an older result. A refresh that
// only moved the period keeps it: it does not depend on the period.
func (t *forecastsTab) refreshStat() {
	if t.statChart == nil || t.horizon == nil || t.reason == nil {
		return
	}
	if t.horizon.SelectedIndex() < 0 {
		h := t.u.Settings.ForecastHorizon
		idx := 2
		for i, v := range []int{6, 12, 18, 24} {
			if v == h {
				idx = i
			}
		}
		t.horizon.SetSelectedIndex(idx) // calls back into refreshStat
		return
	}
	key := statKey{scope: t.u.Scope, opt: t.statOptions(), period: t.u.Period}
	if t.statDone && key.scope == t.lastStat.scope && key.opt == t.lastStat.opt && key.period != t.lastStat.period {
		t.lastStat = key
		return
	}
	t.lastStat, t.statDone = key, true
	ctx := context.Background()
	scope, err := t.scopeWon(ctx)
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.statGen++
	gen := t.statGen
	db, now := t.u.DB, t.u.Now()
	t.reason.SetText(lang.L("Computing…"))
	work := func(background bool) {
		res, err := db.StatisticalForecast(ctx, now, key.opt, scope)
		var quota []float64
		if err == nil && key.scope.Kind != ScopeTerritory && key.scope.Kind != ScopeSegment {
			quota, err = monthlyQuotas(ctx, db, res, key.scope)
		}
		apply := func() {
			if gen != t.statGen {
				return
			}
			if err != nil {
				t.u.ShowError(err)
				return
			}
			t.stat = res
			t.showStat(quota)
		}
		if background {
			fyne.DoAndWait(apply)
		} else {
			apply()
		}
	}
	if !statInBackground {
		work(false)
		return
	}
	t.statWG.Add(1)
	go func() {
		defer t.statWG.Done()
		work(true)
	}()
}

// statInBackground runs the statistical forecast off the UI goroutine. The
// headless test driver runs fyne.Do on the calling goroutine, where the
// result would race with the test's own layout, so the tests switch it off.
var statInBackground = true

// wait blocks until the statistical forecast in flight is shown (tests).
func (t *forecastsTab) wait() { t.statWG.Wait() }

// monthlyQuotas is the scope's quota for each forecast month.
func monthlyQuotas(ctx context.Context, db *persistence.DB, res persistence.StatResult, sel Scope) ([]float64, error) {
	var team map[int64]bool
	if sel.Kind == ScopeTeam {
		people, err := db.People(ctx)
		if err != nil {
			return nil, err
		}
		team = map[int64]bool{}
		for _, p := range people {
			team[p.ID] = p.TeamID == sel.ID
		}
	}
	var out []float64
	for _, m := range res.ForecastMonths() {
		q, err := db.QuotaTotals(ctx, m)
		if err != nil {
			return nil, err
		}
		var sum domain.Money
		for id, v := range q {
			if sel.Kind == ScopeEveryone || (sel.Kind == ScopePerson && id == sel.ID) || (sel.Kind == ScopeTeam && team[id]) {
				sum += v
			}
		}
		out = append(out, float64(sum))
	}
	return out, nil
}

// statHistoryShown is how many months of history the chart shows.
const statHistoryShown = 24

func (t *forecastsTab) showStat(quota []float64) {
	res := t.stat
	f := t.u.Fmt
	fc := res.Forecast
	// The reason's WAPE is the chosen method's backtest WAPE: written here
	// with the language's decimal separator.
	wape := ""
	if fc.Backtest.WAPE.OK {
		wape = f.Percent(fc.Backtest.WAPE.V, 1)
	}
	text := lang.L("Method: {{.Model}}.", map[string]any{"Model": lang.L(fc.Model)}) + " " + translateNote(fc.Reason, wape)
	if fc.Fallback.Key != "" {
		text += " " + translateNote(fc.Fallback, wape)
	}
	t.reason.SetText(text)
	if fc.Backtest.WAPE.OK {
		pct := func(v float64) string { return f.Percent(v, 1) }
		t.backtest.SetText(lang.L("Backtest: WAPE {{.WAPE}}, MAPE {{.MAPE}}, bias {{.Bias}}", map[string]any{
			"WAPE": f.Opt(fc.Backtest.WAPE, pct), "MAPE": f.Opt(fc.Backtest.MAPE, pct), "Bias": f.Opt(fc.Backtest.Bias, pct)}))
	} else {
		t.backtest.SetText(lang.L("Backtest: not enough history"))
	}
	t.statChart.SetSpec(statSpec(res, quota, f))
}

// statSpec draws the last two years of history, the forecast with its
// interval band and the quota.
func statSpec(res persistence.StatResult, quota []float64, f Format) chart.Spec {
	hist := res.History
	months := res.Months
	if len(hist) > statHistoryShown {
		hist, months = hist[len(hist)-statHistoryShown:], months[len(months)-statHistoryShown:]
	}
	nh, nf := len(hist), len(res.Forecast.Points)
	n := nh + nf
	labels := make([]string, 0, n)
	label := func(p domain.Period) string {
		return lang.L(p.Start().Month().String()[:3]) + " " + strconv.Itoa(p.Year%100)
	}
	for _, m := range months {
		labels = append(labels, label(m))
	}
	for _, m := range res.ForecastMonths() {
		labels = append(labels, label(m))
	}
	nan := math.NaN()
	actual, forecast, q := make([]float64, n), make([]float64, n), make([]float64, n)
	low, high := make([]float64, n), make([]float64, n)
	for i := range actual {
		actual[i], forecast[i], q[i], low[i], high[i] = nan, nan, nan, nan, nan
	}
	copy(actual, hist)
	if nh > 0 { // join the forecast to the last actual month
		forecast[nh-1], low[nh-1], high[nh-1] = hist[nh-1], hist[nh-1], hist[nh-1]
	}
	for i, p := range res.Forecast.Points {
		forecast[nh+i], low[nh+i], high[nh+i] = p.Value, p.Low, p.High
	}
	// The forecast goes first so the interval band takes its colour (the
	// theme's primary); the history is drawn in the text colour and the quota
	// in the error colour, which both keep their contrast on light and dark
	// backgrounds (the palette's orange and green fade on white).
	series := []chart.Series{{Name: lang.L("Forecast"), Values: forecast, Kind: chart.Dashed}}
	hasQuota := false
	for i, v := range quota {
		if i < nf && v > 0 {
			q[nh+i] = v
			hasQuota = true
		}
	}
	if hasQuota {
		series = append(series, chart.Series{Name: lang.L("Quota"), Values: q, Kind: chart.Dashed, ColorName: theme.ColorNameError})
	}
	series = append(series, chart.Series{Name: lang.L("Closed-won"), Values: actual, Kind: chart.Line, ColorName: theme.ColorNameForeground})
	return chart.Spec{Title: lang.L("Monthly closed-won: history and forecast"), XLabels: labels, Series: series,
		Band: &chart.Band{Name: lang.L("80 % interval"), Low: low, High: high}, YFormat: f.MoneyShort}
}

// translateNote says a domain note in the user's language; wape, when not
// empty, replaces the note's WAPE figure.
func translateNote(n domain.Note, wape string) string {
	if n.Key == "" {
		return ""
	}
	args := map[string]any{}
	for k, v := range n.Args {
		args[k] = v
		if s, ok := v.(string); ok && k == "Model" {
			args[k] = lang.L(s)
		}
	}
	if _, ok := args["WAPE"]; ok && wape != "" {
		args["WAPE"] = wape
	}
	return lang.L(n.Key, args)
}

// ---- accuracy ----

func (t *forecastsTab) accuracyPane() fyne.CanvasObject {
	t.accChart = chart.New(chart.Spec{})
	t.accChart.SetMinSize(fyne.NewSize(420, 240))
	t.accLabel = widget.NewLabel("")
	t.accLabel.Wrapping = fyne.TextWrapWord
	titles := []string{lang.L("Snapshot"), lang.L("Period"), lang.L("Person"), lang.L("Forecast"), lang.L("Actual"), lang.L("Accuracy"),
		lang.L("Adjusted forecast"), lang.L("Adjusted accuracy")}
	t.accTable = widget.NewTableWithHeaders(func() (int, int) { return len(t.accRows), len(titles) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row >= len(t.accRows) {
				l.SetText("")
				return
			}
			r := t.accRows[id.Row]
			f := t.u.Fmt
			l.Alignment = fyne.TextAlignTrailing
			l.TextStyle.Bold = r.person == ""
			switch id.Col {
			case 0:
				l.Alignment = fyne.TextAlignLeading
				l.SetText(f.Date(r.point.Snapshot.AsOf))
			case 1:
				l.Alignment = fyne.TextAlignLeading
				l.SetText(f.PeriodLabel(r.point.Period))
			case 2:
				l.Alignment = fyne.TextAlignLeading
				if r.person == "" {
					l.SetText(lang.L("Everyone in scope"))
				} else {
					l.SetText("    " + r.person)
				}
			case 3:
				l.SetText(f.MoneyWhole(r.forecast))
			case 4:
				l.SetText(f.MoneyWhole(r.actual))
			case 5:
				l.SetText(f.Opt(r.accuracy, func(v float64) string { return f.Percent(v, 1) }))
			case 6:
				l.SetText("")
				if r.person == "" && r.point.HasAdjusted {
					l.SetText(f.MoneyWhole(r.point.Adjusted))
				}
			case 7:
				l.SetText("")
				if r.person == "" && r.point.HasAdjusted {
					l.SetText(f.Opt(r.point.AdjustedAccuracy, func(v float64) string { return f.Percent(v, 1) }))
				}
			}
		})
	t.accTable.ShowHeaderColumn = false
	t.accTable.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.accTable.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(titles[id.Col])
		}
	}
	for i, w := range []float32{110, 100, 200, 130, 130, 100, 150, 150} {
		t.accTable.SetColumnWidth(i, w)
	}
	return container.NewVSplit(container.NewBorder(t.accLabel, nil, nil, nil, t.accChart), container.NewBorder(nil, container.NewHBox(t.u.exportButton(&tableExport{Name: "Forecast accuracy", Table: t.accTable})), nil, nil, t.accTable))
}

func (t *forecastsTab) refreshAccuracy() {
	if t.accChart == nil {
		return
	}
	ctx := context.Background()
	u := t.u
	scope, err := t.scopeWon(ctx)
	if err != nil {
		u.ShowError(err)
		return
	}
	kind := u.Period.Kind
	t.acc, err = u.DB.AccuracyHistoryIn(ctx, u.Now(), u.Settings.Calendar, kind, scope)
	if err != nil {
		u.ShowError(err)
		return
	}
	people, err := u.DB.People(ctx)
	if err != nil {
		u.ShowError(err)
		return
	}
	names := map[int64]string{0: lang.L("No owner")}
	for _, p := range people {
		names[p.ID] = p.Name
	}
	t.accRows = t.accRows[:0]
	for _, p := range t.acc {
		t.accRows = append(t.accRows, accuracyRow{point: p, forecast: p.Forecast, actual: p.Actual, accuracy: p.Accuracy})
		first := len(t.accRows)
		for _, pa := range p.People {
			t.accRows = append(t.accRows, accuracyRow{point: p, person: names[pa.PersonID], forecast: pa.Forecast, actual: pa.Actual, accuracy: pa.Accuracy})
		}
		people := t.accRows[first:]
		sort.Slice(people, func(i, j int) bool { return strings.ToLower(people[i].person) < strings.ToLower(people[j].person) })
	}
	f := u.Fmt
	if len(t.acc) == 0 {
		t.accLabel.SetText(lang.L("No snapshot has a finished period yet. Snapshots are taken weekly and with Take snapshot; once their period ends, their forecast is compared here with what closed."))
	} else {
		s := domain.AccuracySummary(t.acc)
		pct := func(v float64) string { return f.Percent(v, 1) }
		t.accLabel.SetText(lang.L("Over {{.N}} snapshots: WAPE {{.WAPE}}, MAPE {{.MAPE}}, bias {{.Bias}} (commit forecast against closed-won).", map[string]any{
			"N": len(t.acc), "WAPE": f.Opt(s.WAPE, pct), "MAPE": f.Opt(s.MAPE, pct), "Bias": f.Opt(s.Bias, pct)}))
	}
	if u.Scope.Kind == ScopeSegment && len(t.acc) > 0 {
		t.accLabel.SetText(t.accLabel.Text + " " + lang.L("By the segment each account had when the snapshot was taken (its segment now for snapshots taken before Salesops kept it)."))
	}
	labels := make([]string, len(t.acc))
	vals := make([]float64, len(t.acc))
	chartKind := chart.Line
	if len(t.acc) < 3 { // a line needs a few points to say anything
		chartKind = chart.Bars
	}
	for i, p := range t.acc {
		labels[i] = f.Date(p.Snapshot.AsOf)
		vals[i] = math.NaN()
		if p.Accuracy.OK {
			vals[i] = p.Accuracy.V
		}
	}
	t.accChart.SetSpec(chart.Spec{Title: lang.L("Forecast accuracy by snapshot"), XLabels: labels,
		Series:  []chart.Series{{Name: lang.L("Accuracy"), Values: vals, Kind: chartKind}},
		YFormat: func(v float64) string { return f.Percent(v, 0) }})
	t.accTable.Refresh()
}

// accuracyRow is a line of the accuracy table: a snapshot for everyone in
// scope (person "") or one person's part of it.
type accuracyRow struct {
	point            domain.AccuracyPoint
	person           string
	forecast, actual domain.Money
	accuracy         domain.OptFloat
}

// ---- waterfall ----

var waterfallSteps = []string{"Start", "Created", "Pulled in", "Increased", "Decreased", "Pushed out", "Lost", "Won", "End"}

func (w domainWaterfall) values() []domain.Money {
	return []domain.Money{w.Start, w.Created, w.PulledIn, w.Increased, -w.Decreased, -w.PushedOut, -w.Lost, -w.Won, w.End}
}

type domainWaterfall domain.Waterfall

func (t *forecastsTab) waterfallPane() fyne.CanvasObject {
	t.from = widget.NewSelect(nil, func(string) { t.refreshWaterfall() })
	t.to = widget.NewSelect(nil, func(string) { t.refreshWaterfall() })
	t.category = widget.NewSelect([]string{lang.L("All open categories"), lang.L("Commit"), lang.L("Best case"), lang.L("Pipeline")}, func(string) { t.refreshWaterfall() })
	t.category.SetSelectedIndex(0)
	t.wfNote = widget.NewLabel("")
	t.wfNote.Wrapping = fyne.TextWrapWord
	t.wfTable = widget.NewTableWithHeaders(func() (int, int) { return len(waterfallSteps), 2 },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			v := domainWaterfall(t.wf).values()[id.Row]
			if id.Col == 0 {
				l.Alignment = fyne.TextAlignLeading
				l.TextStyle.Bold = id.Row == 0 || id.Row == len(waterfallSteps)-1
				l.SetText(lang.L(waterfallSteps[id.Row]))
				return
			}
			l.Alignment = fyne.TextAlignTrailing
			s := t.u.Fmt.MoneyWhole(v)
			if id.Row > 0 && id.Row < len(waterfallSteps)-1 && v >= 0 {
				s = "+" + s
			}
			l.SetText(s)
		})
	t.wfTable.ShowHeaderColumn = false
	t.wfTable.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.wfTable.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText([]string{lang.L("Movement"), lang.L("Amount")}[id.Col])
		}
	}
	t.wfTable.SetColumnWidth(0, 140)
	t.wfTable.SetColumnWidth(1, 150)
	t.wfChart = chart.New(chart.Spec{})
	t.wfChart.SetMinSize(fyne.NewSize(420, 260))
	wide := func(o fyne.CanvasObject, w float32) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	bar := container.NewHBox(widget.NewLabel(lang.L("From")), wide(t.from, 290), widget.NewLabel(lang.L("To")), wide(t.to, 290), wide(t.category, 220))
	table := container.NewGridWrap(fyne.NewSize(300, 380), t.wfTable)
	return container.NewBorder(container.NewVBox(bar, t.wfNote), nil, container.NewBorder(nil, container.NewHBox(t.u.exportButton(&tableExport{Name: "Pipeline waterfall", Table: t.wfTable})), nil, nil, table), nil, t.wfChart)
}

func snapshotLabel(f Format, s domain.ForecastSnapshot) string {
	kind := lang.L("on demand")
	if s.Kind == "weekly" {
		kind = lang.L("weekly")
	}
	return fmt.Sprintf("%s %s (%s) #%d", f.Date(s.AsOf), s.TakenAt.Format("15:04"), kind, s.ID)
}

func (t *forecastsTab) loadSnapshots() {
	if t.from == nil {
		return
	}
	snaps, err := t.u.DB.Snapshots(context.Background())
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.snaps = snaps
	var opts []string
	for _, s := range snaps {
		opts = append(opts, snapshotLabel(t.u.Fmt, s))
	}
	fromSel, toSel := t.from.SelectedIndex(), t.to.SelectedIndex()
	t.from.OnChanged, t.to.OnChanged = nil, nil
	t.from.SetOptions(opts)
	t.to.SetOptions(opts)
	if len(opts) >= 2 {
		if fromSel < 0 || fromSel >= len(opts) {
			fromSel = len(opts) - 2
		}
		if toSel < 0 || toSel >= len(opts) {
			toSel = len(opts) - 1
		}
		t.from.SetSelectedIndex(fromSel)
		t.to.SetSelectedIndex(toSel)
	}
	t.from.OnChanged, t.to.OnChanged = func(string) { t.refreshWaterfall() }, func(string) { t.refreshWaterfall() }
}

func (t *forecastsTab) refreshWaterfall() {
	if t.wfChart == nil || t.category == nil || t.from == nil || t.to == nil {
		return
	}
	u := t.u
	i, j := t.from.SelectedIndex(), t.to.SelectedIndex()
	t.wf = domain.Waterfall{}
	if len(t.snaps) < 2 || i < 0 || j < 0 {
		t.wfNote.SetText(lang.L("The waterfall compares two snapshots: take one now and another later (a snapshot is also taken weekly when the app opens)."))
		t.wfChart.SetSpec(chart.Spec{})
		t.wfTable.Refresh()
		return
	}
	a, b := t.snaps[i], t.snaps[j]
	if a.TakenAt.After(b.TakenAt) {
		a, b = b, a
	}
	cat := []domain.ForecastCategory{"", domain.CategoryCommit, domain.CategoryBestCase, domain.CategoryPipeline}[max(0, t.category.SelectedIndex())]
	w, err := u.DB.Waterfall(context.Background(), a.ID, b.ID, u.Period, cat)
	if err != nil {
		u.ShowError(err)
		return
	}
	t.wf = w
	f := u.Fmt
	t.wfNote.SetText(lang.L("Open pipeline closing in {{.Period}}, from {{.From}} to {{.To}}: start + created + pulled in + increased − decreased − pushed out − lost − won = end.",
		map[string]any{"Period": f.PeriodLabel(u.Period), "From": f.Date(a.AsOf), "To": f.Date(b.AsOf)}))
	spec := waterfallSpec(w)
	spec.YFormat = f.MoneyShort
	t.wfChart.SetSpec(spec)
	t.wfTable.Refresh()
}

// waterfallSpec draws the waterfall as floating bars: start and end stand on
// zero; each movement floats from the running total before it, up for what
// was added and down for what left, so the last movement lands on the end.
func waterfallSpec(w domain.Waterfall) chart.Spec {
	n := len(waterfallSteps)
	nan := math.NaN()
	fill := func() []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = nan
		}
		return out
	}
	labels := make([]string, n)
	totals, totalBase := fill(), fill()
	ups, upBase, downs, downBase := fill(), fill(), fill(), fill()
	running := 0.0
	for k, m := range domainWaterfall(w).values() {
		labels[k] = lang.L(waterfallSteps[k])
		v := float64(m)
		switch {
		case k == 0 || k == n-1:
			totals[k], totalBase[k] = v, 0
			running = v
		case v >= 0:
			ups[k], upBase[k] = v, running
			running += v
		default:
			downs[k], downBase[k] = v, running
			running += v
		}
	}
	return chart.Spec{Title: lang.L("Pipeline waterfall"), XLabels: labels, Categories: true, Series: []chart.Series{
		{Name: lang.L("Start and end"), Values: totals, Base: totalBase, Kind: chart.Bars, ColorName: theme.ColorNamePrimary},
		{Name: lang.L("Added"), Values: ups, Base: upBase, Kind: chart.Bars, ColorName: theme.ColorNameSuccess},
		{Name: lang.L("Removed"), Values: downs, Base: downBase, Kind: chart.Bars, ColorName: theme.ColorNameError},
	}}
}

// ---- actions ----

// refresh marks every pane out of date and recomputes the one in view.
func (t *forecastsTab) refresh() {
	t.dirty = [4]bool{true, true, true, true}
	t.refreshVisible()
}

// refreshVisible recomputes the pane in view when it is out of date.
func (t *forecastsTab) refreshVisible() {
	if t.outer == nil || !t.outer.shown {
		return
	}
	i := t.tabs.SelectedIndex()
	if i < 0 || i >= len(t.dirty) || !t.dirty[i] {
		return
	}
	t.dirty[i] = false
	switch i {
	case panePipeline:
		t.refreshPipeline()
	case paneStat:
		t.refreshStat()
	case paneAccuracy:
		t.refreshAccuracy()
	case paneWaterfall:
		t.loadSnapshots()
		t.refreshWaterfall()
	}
}

// show brings pane i into view (for tests and links).
func (t *forecastsTab) show(i int) {
	t.outer.Show()
	if t.tabs.SelectedIndex() == i {
		t.refreshVisible()
		return
	}
	t.tabs.SelectIndex(i)
}

// takeSnapshot saves the pipeline now.
func (t *forecastsTab) takeSnapshot(ctx context.Context) (domain.ForecastSnapshot, error) {
	return t.u.DB.TakeSnapshot(ctx, t.u.Now(), "manual")
}

func (t *forecastsTab) onSnapshot() {
	var s domain.ForecastSnapshot
	t.u.Background(lang.L("Taking a snapshot…"), func(ctx context.Context, progress func(float64, string)) error {
		progress(0.5, lang.L("Saving the pipeline as it stands"))
		var err error
		s, err = t.takeSnapshot(ctx)
		return err
	}, func(err error) {
		if err != nil {
			t.u.ShowError(err)
			return
		}
		t.dirty[paneAccuracy], t.dirty[paneWaterfall] = true, true
		t.refreshVisible()
		dialog.ShowInformation(lang.L("Snapshot saved"), lang.L("The pipeline as it stands ({{.N}} deals) is saved and will not change.",
			map[string]any{"N": t.u.Fmt.Number(float64(s.Deals), 0)}), t.u.Win)
	})
}

func (t *forecastsTab) onExport() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		t.exportTo(path)
	}, t.u.Win)
	d.SetFileName("forecast-" + t.u.Period.String() + ".xlsx")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	d.Show()
}

// exportTo writes the forecast workbook in the background.
func (t *forecastsTab) exportTo(path string) {
	if !strings.EqualFold(path[max(0, len(path)-5):], ".xlsx") {
		path += ".xlsx"
	}
	opt := persistence.ForecastWorkbookOptions{Period: t.u.Period, AsOf: t.u.Now(), Method: t.statOptions().Method, Horizon: t.statOptions().Horizon}
	db := t.u.DB
	t.u.Background(lang.L("Exporting the forecast workbook…"), func(ctx context.Context, progress func(float64, string)) error {
		progress(0.3, path)
		return db.WriteForecastWorkbook(ctx, path, opt)
	}, func(err error) {
		if err != nil {
			t.u.ShowError(err)
			return
		}
		dialog.ShowInformation(lang.L("Export…"), lang.L("Forecast workbook saved to {{.Path}}", map[string]any{"Path": path}), t.u.Win)
	})
}

// StartWeeklySnapshot takes the weekly snapshot in the background when the
// last one is a week old (ui.Main calls it once the window is built).
func (u *UI) StartWeeklySnapshot() {
	db, now := u.DB, u.Now()
	go func() {
		took, err := db.EnsureWeeklySnapshot(context.Background(), now)
		if err != nil && !errors.Is(err, context.Canceled) {
			fyne.Do(func() {
				if u.DB == db { // not a workspace closed meanwhile
					u.ShowError(err)
				}
			})
			return
		}
		if took {
			fyne.Do(func() {
				for _, c := range u.controllers {
					if t, ok := c.(*forecastsTab); ok && t.u.DB == db {
						t.dirty[paneAccuracy], t.dirty[paneWaterfall] = true, true
						t.refreshVisible()
					}
				}
			})
		}
	}()
}
