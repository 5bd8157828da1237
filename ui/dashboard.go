package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/ui/chart"
)

// kpiTile shows one figure large, with its change against the previous period.
type kpiTile struct {
	title  *widget.Label
	value  *canvas.Text
	change *widget.Label
	box    fyne.CanvasObject
}

func newKPITile(title string) *kpiTile {
	t := &kpiTile{
		title:  widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		value:  canvas.NewText("—", theme.Color(theme.ColorNameForeground)),
		change: widget.NewLabel(""),
	}
	t.value.TextSize = theme.TextSize() * 2
	t.value.TextStyle = fyne.TextStyle{Bold: true}
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize() * 2
	t.box = container.NewStack(bg, container.NewPadded(container.NewVBox(t.title, t.value, t.change)))
	return t
}

func (t *kpiTile) set(value, change string) {
	t.value.Text = value
	t.value.Color = theme.Color(theme.ColorNameForeground)
	t.value.Refresh()
	t.change.SetText(change)
}

// dashboardTab shows the KPIs of the chosen period and scope.
type dashboardTab struct {
	u     *UI
	tiles map[string]*kpiTile
	order []string
	chart *chart.Chart
	empty *widget.Label
}

func newDashboardTab(u *UI) *container.TabItem {
	t := &dashboardTab{u: u, tiles: map[string]*kpiTile{}}
	t.order = []string{"closed_won", "quota", "attainment", "win_rate", "avg_deal_size", "avg_cycle", "coverage", "lead_response"}
	titles := map[string]string{
		"closed_won": lang.L("Closed-won"), "quota": lang.L("Quota"), "attainment": lang.L("Attainment"),
		"win_rate": lang.L("Win rate"), "avg_deal_size": lang.L("Average deal size"), "avg_cycle": lang.L("Average sales cycle"),
		"coverage": lang.L("Pipeline coverage"), "lead_response": lang.L("Lead response time"),
	}
	var objs []fyne.CanvasObject
	for _, k := range t.order {
		t.tiles[k] = newKPITile(titles[k])
		objs = append(objs, t.tiles[k].box)
	}
	t.chart = chart.New(chart.Spec{})
	t.chart.SetMinSize(fyne.NewSize(400, 260))
	t.empty = widget.NewLabelWithStyle(lang.L("No deals yet — Import… or add one in the Deals tab."), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	u.OnRefresh(t.refresh)
	u.addController(t)
	content := container.NewBorder(container.NewVBox(t.empty, container.NewGridWithColumns(4, objs...)), nil, nil, nil, t.chart)
	return container.NewTabItemWithIcon(lang.L("Dashboard"), theme.HomeIcon(), container.NewPadded(content))
}

// Tile returns the value and change text of a tile (for tests).
func (t *dashboardTab) Tile(key string) (string, string) {
	return t.tiles[key].value.Text, t.tiles[key].change.Text
}

func (t *dashboardTab) kpis(ctx context.Context, sel scopeSelection, p domain.Period) (domain.KPIs, error) {
	deals, err := t.u.DB.DealsClosedIn(ctx, p.Start().AddDate(0, -1, 0), p.End())
	if err != nil {
		return domain.KPIs{}, err
	}
	in := deals[:0]
	for i := range deals {
		if sel.dealIn(&deals[i]) {
			in = append(in, deals[i])
		}
	}
	quota, err := t.u.quotaOf(ctx, sel, p)
	if err != nil {
		return domain.KPIs{}, err
	}
	return domain.ComputeKPIs(in, p, quota), nil
}

func (t *dashboardTab) refresh() {
	ctx := context.Background()
	u := t.u
	f := u.Fmt
	sel, err := u.selection(ctx)
	if err != nil {
		u.ShowError(err)
		return
	}
	cur, err := t.kpis(ctx, sel, u.Period)
	if err != nil {
		u.ShowError(err)
		return
	}
	prev, err := t.kpis(ctx, sel, u.Period.Prev())
	if err != nil {
		u.ShowError(err)
		return
	}
	n, _ := u.DB.CountDeals(ctx, persistenceAll)
	t.empty.Hidden = n > 0
	t.empty.Refresh()
	money := func(m domain.Money) string { return f.MoneyShort(float64(m)) }
	moneyF := func(v float64) string { return f.MoneyShort(v) }
	pct := func(v float64) string { return f.Percent(v, 0) }
	days := func(v float64) string { return lang.L("{{.N}} days", map[string]any{"N": f.Number(v, 0)}) }
	hours := func(v float64) string { return lang.L("{{.N}} h", map[string]any{"N": f.Number(v, 1)}) }
	times := func(v float64) string { return f.Number(v, 1) + "×" }
	change := func(a, b domain.OptFloat, relative bool) string {
		if !a.OK || !b.OK {
			return lang.L("no comparison")
		}
		if relative {
			if b.V == 0 {
				return lang.L("no comparison")
			}
			return arrow(a.V-b.V) + f.Percent((a.V-b.V)/b.V, 0) + " " + lang.L("vs previous")
		}
		return arrow(a.V-b.V) + f.Number((a.V-b.V)*100, 0) + " " + lang.L("pts vs previous")
	}
	of := func(m domain.Money) domain.OptFloat { return domain.OptFloat{V: float64(m), OK: true} }
	t.tiles["closed_won"].set(money(cur.ClosedWon), change(of(cur.ClosedWon), of(prev.ClosedWon), true))
	t.tiles["quota"].set(f.Opt(domain.OptFloat{V: float64(cur.Quota), OK: cur.Quota > 0}, moneyF), change(of(cur.Quota), of(prev.Quota), true))
	t.tiles["attainment"].set(f.Opt(cur.Attainment, pct), change(cur.Attainment, prev.Attainment, false))
	t.tiles["win_rate"].set(f.Opt(cur.WinRate, pct), change(cur.WinRate, prev.WinRate, false))
	t.tiles["avg_deal_size"].set(f.Opt(cur.AvgDealSize, moneyF), change(cur.AvgDealSize, prev.AvgDealSize, true))
	t.tiles["avg_cycle"].set(f.Opt(cur.AvgCycleDays, days), change(cur.AvgCycleDays, prev.AvgCycleDays, true))
	t.tiles["coverage"].set(f.Opt(cur.PipelineCoverage, times), change(cur.PipelineCoverage, prev.PipelineCoverage, true))
	t.tiles["lead_response"].set(f.Opt(cur.LeadResponseHrs, hours), change(cur.LeadResponseHrs, prev.LeadResponseHrs, true))
	t.refreshChart(ctx, sel)
}

// refreshChart draws closed-won against quota by month over the period's
// fiscal year.
func (t *dashboardTab) refreshChart(ctx context.Context, sel scopeSelection) {
	u := t.u
	year := u.Settings.Calendar.PeriodOf(domain.Year, u.Period.Start())
	deals, err := u.DB.DealsClosedIn(ctx, year.Start(), year.End())
	if err != nil {
		u.ShowError(err)
		return
	}
	months := year.Months()
	won := make([]float64, len(months))
	quota := make([]float64, len(months))
	labels := make([]string, len(months))
	for i, m := range months {
		labels[i] = lang.L(m.Start().Month().String()[:3])
		q, _ := u.quotaOf(ctx, sel, m)
		quota[i] = float64(q)
	}
	for i := range deals {
		d := &deals[i]
		if d.Status != domain.StatusWon || !sel.dealIn(d) {
			continue
		}
		for j, m := range months {
			if m.Contains(d.CloseDate) {
				won[j] += float64(d.Value)
			}
		}
	}
	series := []chart.Series{{Name: lang.L("Closed-won"), Values: won, Kind: chart.Bars}}
	if sel.hasQuota {
		series = append(series, chart.Series{Name: lang.L("Quota"), Values: quota, Kind: chart.Dashed})
	}
	t.chart.SetSpec(chart.Spec{
		Title:   lang.L("Closed-won and quota by month, {{.Year}}", map[string]any{"Year": u.Fmt.PeriodLabel(year)}),
		XLabels: labels, Series: series, YFormat: u.Fmt.MoneyShort,
	})
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
