package ui

import (
	"context"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/persistence"
	"salesops/ui/chart"
)

// kpiScope is the UI's scope as the workspace's KPI queries take it.
func (u *UI) kpiScope() persistence.KPIScope {
	switch u.Scope.Kind {
	case ScopePerson:
		return persistence.KPIScope{PersonID: u.Scope.ID}
	case ScopeTeam:
		return persistence.KPIScope{TeamID: u.Scope.ID}
	case ScopeTerritory:
		return persistence.KPIScope{TerritoryID: u.Scope.ID}
	case ScopeSegment:
		return persistence.KPIScope{Segment: u.Scope.Segment}
	}
	return persistence.KPIScope{}
}

// dashboardTab shows the KPIs of the chosen period and scope as tiles, the
// charts, and the win/loss analysis, all read in the background and filled in.
type dashboardTab struct {
	u     *UI
	tiles map[string]*kpiTile
	order []string
	empty *widget.Label

	monthly, funnel, reasons *chart.Chart
	winLoss                  *winLossView

	gen     atomic.Int64
	pending sync.WaitGroup
	cancel  context.CancelFunc // stops the background half of the last refresh
}

func newDashboardTab(u *UI) *container.TabItem {
	t := &dashboardTab{u: u, tiles: map[string]*kpiTile{}}
	t.order = []string{"closed_won", "quota", "attainment", "win_rate", "avg_deal_size", "avg_cycle", "coverage", "lead_response", "quality", "forecast_accuracy"}
	titles := map[string]string{
		"closed_won": lang.L("Closed-won"), "quota": lang.L("Quota"), "attainment": lang.L("Attainment"),
		"win_rate": lang.L("Win rate"), "avg_deal_size": lang.L("Average deal size"), "avg_cycle": lang.L("Average sales cycle"),
		"coverage": lang.L("Pipeline coverage"), "lead_response": lang.L("Lead response time"), "quality": lang.L("Data quality"),
		"forecast_accuracy": lang.L("Forecast accuracy"),
	}
	var objs []fyne.CanvasObject
	for _, k := range t.order {
		t.tiles[k] = newKPITile(titles[k])
		objs = append(objs, t.tiles[k])
	}
	t.monthly = chart.New(chart.Spec{})
	t.monthly.SetMinSize(fyne.NewSize(400, 240))
	t.funnel = chart.New(chart.Spec{})
	t.funnel.SetMinSize(fyne.NewSize(300, 240))
	t.reasons = chart.New(chart.Spec{})
	t.reasons.SetMinSize(fyne.NewSize(300, 240))
	t.winLoss = newWinLossView(u)
	t.empty = widget.NewLabelWithStyle(lang.L("No deals yet — Import… or add one in the Deals tab."), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	review := &widget.Button{Text: lang.L("Quarterly review…"), Icon: theme.DocumentSaveIcon(), OnTapped: u.onQuarterlyReview}
	u.OnRefresh(t.refresh)
	u.addController(t)
	charts := container.NewGridWithColumns(3, t.monthly, t.funnel, t.reasons)
	inner := container.NewAppTabs(
		container.NewTabItem(lang.L("Charts"), charts),
		container.NewTabItem(lang.L("Win/loss analysis"), t.winLoss.object()),
	)
	top := container.NewVBox(t.empty, container.NewGridWithColumns(5, objs...), container.NewHBox(review))
	content := container.NewBorder(top, nil, nil, nil, inner)
	return container.NewTabItemWithIcon(lang.L("Dashboard"), theme.HomeIcon(), container.NewPadded(content))
}

// Tile returns the value and change text of a tile (for tests).
func (t *dashboardTab) Tile(key string) (string, string) {
	return t.tiles[key].Value, t.tiles[key].Change
}

// wait waits for the background work of the last refresh (for tests).
func (t *dashboardTab) wait() { t.pending.Wait() }

// higherIsBetter says how a KPI's change is coloured; quota is neither.
var higherIsBetter = map[string]int{
	"closed_won": 1, "attainment": 1, "win_rate": 1, "avg_deal_size": 1, "coverage": 1, "quality": 1, "forecast_accuracy": 1,
	"avg_cycle": -1, "lead_response": -1,
}

// refresh recomputes the dashboard for the current period and scope. Every
// query runs in the background — the tiles first, then the data-quality
// score, the funnel and the charts, which read more — so building the window
// or changing the period never waits for a million deals.
func (t *dashboardTab) refresh() {
	ctx := context.Background()
	u := t.u
	scope, p := u.kpiScope(), u.Period
	accScope, err := u.accuracyScope(ctx)
	if err != nil {
		u.ShowError(err)
		return
	}
	for _, k := range t.order {
		t.tiles[k].set("…", "", moodNeutral)
	}

	// A refresh in flight is cancelled (its query interrupted) and waited
	// for, so two never overlap.
	if t.cancel != nil {
		t.cancel()
	}
	t.pending.Wait()
	gen := t.gen.Add(1)
	today := u.Now()
	cal := u.Settings.Calendar
	year := cal.PeriodOf(domain.Year, p.Start())
	bctx, cancel := context.WithCancel(ctx)
	t.cancel = cancel
	db := u.DB // the workspace of this refresh, whatever the window opens next
	// show runs fn on the UI goroutine unless a newer refresh started.
	show := func(err error, fn func()) {
		fyne.Do(func() {
			if t.gen.Load() != gen || bctx.Err() != nil {
				return // a newer refresh is on its way
			}
			if err != nil {
				u.ShowError(err)
				return
			}
			fn()
		})
	}
	t.pending.Add(1)
	u.goBackground(func() {
		defer t.pending.Done()
		tiles, err := tileData(bctx, db, scope, p)
		show(err, func() { t.showTiles(tiles) })
		if err != nil {
			return
		}
		bg, err := dashboardBackground(bctx, db, scope, p, year, today)
		if err == nil {
			bg.accuracy, bg.prevAccuracy, err = forecastAccuracy(bctx, db, cal, accScope, p, today)
		}
		show(err, func() { t.apply(bg, year) })
	})
	t.winLoss.refresh()
}

// dashboardTiles is what the quick half of a refresh reads: the KPIs of the
// period and the previous one, and whether there is any deal at all.
type dashboardTiles struct {
	cur, prev domain.KPIReport
	anyDeal   bool
}

func tileData(ctx context.Context, db *persistence.DB, scope persistence.KPIScope, p domain.Period) (dashboardTiles, error) {
	var d dashboardTiles
	var err error
	if d.cur, err = db.KPIReport(ctx, scope, p, time.Time{}); err != nil {
		return d, err
	}
	if d.prev, err = db.KPIReport(ctx, scope, p.Prev(), time.Time{}); err != nil {
		return d, err
	}
	// Any deal at all? One row, not a count of a million.
	first, err := db.DealPage(ctx, persistenceAll, persistence.DealSort{Column: "id"}, 0, 1)
	d.anyDeal = len(first) > 0
	return d, err
}

// showTiles shows the KPIs of the quick half.
func (t *dashboardTab) showTiles(d dashboardTiles) {
	cur, prev := d.cur, d.prev
	t.empty.Hidden = d.anyDeal
	t.empty.Refresh()
	f := t.u.Fmt
	money := func(v float64) string { return f.MoneyShort(v) }
	pct := func(v float64) string { return f.Percent(v, 0) }
	days := func(v float64) string { return lang.L("{{.N}} days", map[string]any{"N": f.Number(v, 0)}) }
	hours := func(v float64) string { return lang.L("{{.N}} h", map[string]any{"N": f.Number(v, 1)}) }
	times := func(v float64) string { return f.Number(v, 1) + "×" }
	of := func(m domain.Money) domain.OptFloat { return domain.OptFloat{V: float64(m), OK: true} }
	quota := func(r domain.KPIReport) domain.OptFloat {
		return domain.OptFloat{V: float64(r.Quota), OK: r.HasQuota && r.Quota > 0}
	}
	set := func(key string, a, b domain.OptFloat, show func(float64) string, relative bool) {
		text, mood := t.change(key, a, b, relative)
		t.tiles[key].set(f.Opt(a, show), text, mood)
	}
	set("closed_won", of(cur.ClosedWon), of(prev.ClosedWon), money, true)
	set("quota", quota(cur), quota(prev), money, true)
	set("attainment", cur.Attainment, prev.Attainment, pct, false)
	set("win_rate", cur.WinRate, prev.WinRate, pct, false)
	set("avg_deal_size", cur.AvgDealSize, prev.AvgDealSize, money, true)
	set("avg_cycle", cur.AvgCycleDays, prev.AvgCycleDays, days, true)
	set("coverage", cur.PipelineCoverage, prev.PipelineCoverage, times, true)
	set("lead_response", cur.LeadResponseHrs, prev.LeadResponseHrs, hours, true)
}

// change is the text and colour of a tile's change against the previous
// period: relative (%) for amounts, in points for ratios.
func (t *dashboardTab) change(key string, a, b domain.OptFloat, relative bool) (string, kpiMood) {
	f := t.u.Fmt
	if !a.OK || !b.OK || (relative && b.V == 0) {
		return lang.L("no comparison"), moodNeutral
	}
	d := a.V - b.V
	// A change that shows as 0 (in whole percent or points) is no change:
	// neither an arrow nor a colour.
	if (relative && math.Abs(d/b.V) < 0.005) || (!relative && math.Abs(d*100) < 0.5) {
		d = 0
	}
	mood := moodNeutral
	switch {
	case d*float64(higherIsBetter[key]) > 0:
		mood = moodGood
	case d*float64(higherIsBetter[key]) < 0:
		mood = moodBad
	}
	if relative {
		return arrow(d) + f.Percent(d/b.V, 0) + " " + lang.L("vs previous"), mood
	}
	return arrow(d) + f.Number(d*100, 0) + " " + lang.L("pts vs previous"), mood
}

// dashboardData is what the background half of a refresh reads.
type dashboardData struct {
	quality, prevQuality domain.OptFloat
	funnel               []domain.FunnelStep
	won, quota           map[string]domain.Money
	reasons              []domain.WinLossRow
	hasQuota             bool
	// The forecast accuracy of the last closed period and the one before.
	accuracy, prevAccuracy domain.OptFloat
}

func dashboardBackground(ctx context.Context, db *persistence.DB, scope persistence.KPIScope, p, year domain.Period, today time.Time) (dashboardData, error) {
	var d dashboardData
	var err error
	if d.quality, err = db.QualityScore(ctx, scope, p, today); err != nil {
		return d, err
	}
	if d.prevQuality, err = db.QualityScore(ctx, scope, p.Prev(), today); err != nil {
		return d, err
	}
	if d.funnel, err = db.Funnel(ctx, scope, p); err != nil {
		return d, err
	}
	if d.won, err = db.MonthlyClosedWon(ctx, scope, year); err != nil {
		return d, err
	}
	if d.quota, err = db.MonthlyQuota(ctx, scope, year); err != nil {
		return d, err
	}
	d.hasQuota = scope.HasQuota()
	d.reasons, err = db.WinLoss(ctx, persistence.WinLossReason, scope, p)
	return d, err
}

// apply shows the background results.
func (t *dashboardTab) apply(d dashboardData, year domain.Period) {
	f := t.u.Fmt
	text, mood := t.change("quality", d.quality, d.prevQuality, false)
	t.tiles["quality"].set(f.Opt(d.quality, func(v float64) string { return f.Percent(v, 1) }), text, mood)
	text, mood = t.change("forecast_accuracy", d.accuracy, d.prevAccuracy, false)
	t.tiles["forecast_accuracy"].set(f.Opt(d.accuracy, func(v float64) string { return f.Percent(v, 1) }), text, mood)

	months := year.Months()
	won := make([]float64, len(months))
	quota := make([]float64, len(months))
	labels := make([]string, len(months))
	for i, m := range months {
		key := m.Start().Format("2006-01")
		labels[i] = lang.L(m.Start().Month().String()[:3])
		won[i], quota[i] = float64(d.won[key]), float64(d.quota[key])
	}
	series := []chart.Series{{Name: lang.L("Closed-won"), Values: won, Kind: chart.Bars}}
	// A workspace without quotas for the year (a CRM export just imported)
	// gets no quota line lying flat on zero.
	if d.hasQuota && slices.ContainsFunc(quota, func(q float64) bool { return q != 0 }) {
		series = append(series, chart.Series{Name: lang.L("Quota"), Values: quota, Kind: chart.Dashed})
	}
	t.monthly.SetSpec(chart.Spec{
		Title:   lang.L("Closed-won and quota by month, {{.Year}}", map[string]any{"Year": f.PeriodLabel(year)}),
		XLabels: labels, Series: series, YFormat: f.MoneyShort,
	})

	var stages []string
	var reached []float64
	for _, s := range d.funnel {
		stages = append(stages, s.Stage)
		reached = append(reached, float64(s.Reached))
	}
	t.funnel.SetSpec(chart.Spec{Title: lang.L("Stage funnel"), XLabels: stages, Categories: true,
		Series:  []chart.Series{{Name: lang.L("Deals that reached the stage"), Values: reached, Kind: chart.Bars}},
		YFormat: func(v float64) string { return f.Number(v, 0) }})

	var keys []string
	var lost []float64
	for i, r := range d.reasons {
		if i == 8 {
			break
		}
		keys = append(keys, lang.L(r.Key))
		lost = append(lost, float64(r.Lost))
	}
	t.reasons.SetSpec(chart.Spec{Title: lang.L("Lost deals by reason"), XLabels: keys, Categories: true,
		Series:  []chart.Series{{Name: lang.L("Lost"), Values: lost, Kind: chart.Bars}},
		YFormat: func(v float64) string { return f.Number(v, 0) }})
}

func arrow(d float64) string {
	switch {
	case d > 0:
		return "▲ +"
	case d < 0:
		return "▼ "
	}
	return "= "
}
