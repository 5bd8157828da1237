package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/persistence"
	"salesops/ui/chart"
)

// territoryBalance compares sibling territories: accounts, potential, open
// pipeline, closed-won this year, people and potential per person; the
// imbalance (coefficient of variation) of the chosen metric; a chart; and a
// balancing proposal to review and apply.
type territoryBalance struct {
	t         *territoriesTab
	parent    *widget.Select
	parentIDs []int64
	metric    *widget.Select
	tolerance *widget.Entry
	table     *widget.Table
	rows      []persistence.TerritoryBalance
	cv        *widget.Label
	chart     *chart.Chart
	propose   *widget.Button
	apply     *widget.Button
	discard   *widget.Button
	result    *widget.Label
	moves     *widget.List
	proposal  *domain.BalanceProposal
	all       []persistence.TerritoryBalance // figures read last
	gen       int                            // the latest reload; older results are dropped
	dirty     bool
}

func newTerritoryBalance(t *territoriesTab) *territoryBalance {
	b := &territoryBalance{t: t, dirty: true}
	b.parent = widget.NewSelect(nil, func(string) { b.show() })
	var metrics []string
	for _, m := range domain.BalanceMetrics {
		metrics = append(metrics, metricLabel(m))
	}
	b.metric = widget.NewSelect(metrics, nil)
	b.metric.SetSelectedIndex(0)
	b.metric.OnChanged = func(string) { b.show() }
	b.tolerance = widget.NewEntry()
	b.tolerance.SetText("10")
	cols := []string{lang.L("Territory"), lang.L("Accounts"), lang.L("Potential"), lang.L("Open pipeline"), lang.L("Closed-won this year"), lang.L("People"), lang.L("Potential per person")}
	b.table = widget.NewTableWithHeaders(func() (int, int) { return len(b.rows), len(cols) }, func() fyne.CanvasObject { return widget.NewLabel("") }, b.updateCell)
	b.table.ShowHeaderColumn = false
	b.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	b.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col >= 0 {
			o.(*widget.Label).SetText(cols[id.Col])
		}
	}
	for i, w := range []float32{160, 90, 110, 130, 180, 80, 170} {
		b.table.SetColumnWidth(i, w)
	}
	b.cv = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.chart = chart.New(chart.Spec{})
	b.chart.SetMinSize(fyne.NewSize(360, 220))
	b.propose = &widget.Button{Text: lang.L("Propose a balance"), Icon: theme.ViewRefreshIcon(), OnTapped: b.onPropose}
	b.apply = &widget.Button{Text: lang.L("Apply"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: b.onApply}
	b.discard = &widget.Button{Text: lang.L("Discard"), Icon: theme.CancelIcon(), OnTapped: b.clearProposal}
	b.result = widget.NewLabel("")
	b.result.Wrapping = fyne.TextWrapWord
	b.moves = widget.NewList(func() int {
		if b.proposal == nil {
			return 0
		}
		return len(b.proposal.Moves)
	}, func() fyne.CanvasObject { return widget.NewLabel("") }, func(i widget.ListItemID, o fyne.CanvasObject) {
		m := b.proposal.Moves[i]
		text := m.Account + ":  " + t.territoryName(m.From) + "  →  " + t.territoryName(m.To) + "  (" + b.weightText(m.Weight) + ")"
		if m.Border {
			text += "  · " + lang.L("on a rule's border")
		}
		o.(*widget.Label).SetText(text)
	})
	b.clearProposal()
	return b
}

func metricLabel(m domain.BalanceMetric) string {
	switch m {
	case domain.MetricAccounts:
		return lang.L("Accounts")
	case domain.MetricOpenPipeline:
		return lang.L("Open pipeline")
	}
	return lang.L("Potential")
}

func (b *territoryBalance) object() fyne.CanvasObject {
	bar := container.NewHBox(widget.NewLabel(lang.L("Territories under")), b.parent, widget.NewLabel(lang.L("Metric")), b.metric,
		widget.NewLabel(lang.L("Tolerance ± %")), container.NewGridWrap(fyne.NewSize(70, b.tolerance.MinSize().Height), b.tolerance), b.propose)
	figures := container.NewVSplit(container.NewBorder(nil, container.NewBorder(nil, nil, nil, b.t.u.exportButton(&tableExport{Name: "Territory balance", Table: b.table}), b.cv), nil, nil, b.table), b.chart)
	figures.Offset = 0.42
	// A wrapped label reports its height only once it knows its width: a
	// scroll of fixed height keeps the text from running over the buttons.
	result := container.NewVScroll(b.result)
	result.SetMinSize(fyne.NewSize(0, 120))
	review := container.NewBorder(container.NewVBox(container.NewHBox(b.apply, b.discard, b.t.u.exportButton(balanceMovesExport(b))), result), nil, nil, nil, b.moves)
	body := container.NewHSplit(figures, review)
	body.Offset = 0.66
	// The bar scrolls rather than widening the window on a laptop.
	return container.NewBorder(container.NewPadded(container.NewHScroll(bar)), nil, nil, nil, body)
}

func (b *territoryBalance) chosenMetric() domain.BalanceMetric {
	if i := b.metric.SelectedIndex(); i >= 0 {
		return domain.BalanceMetrics[i]
	}
	return domain.MetricPotential
}

func (b *territoryBalance) weightText(w int64) string {
	if b.proposal != nil && b.chosenMetric() == domain.MetricAccounts {
		return lang.L("{{.N}} accounts", map[string]any{"N": strconv.FormatInt(w, 10)})
	}
	return b.t.u.Fmt.MoneyShort(float64(w))
}

// reload fills the parent choice (keeping it) and reads the figures again
// off the UI goroutine when the data changed: over a million deals the sums
// take a moment, and the window must not freeze meanwhile.
func (b *territoryBalance) reload() {
	if b.cv == nil || b.t.byID == nil {
		return
	}
	t := b.t
	chosen := int64(0)
	if i := b.parent.SelectedIndex(); i >= 0 && i < len(b.parentIDs) {
		chosen = b.parentIDs[i]
	}
	opts := []string{lang.L("(top level)")}
	b.parentIDs = []int64{0}
	sel := 0
	for _, tr := range t.terrs {
		if len(t.children[tr.ID]) < 2 {
			continue
		}
		if tr.ID == chosen {
			sel = len(opts)
		}
		opts = append(opts, tr.Name)
		b.parentIDs = append(b.parentIDs, tr.ID)
	}
	b.parent.Options = opts
	if b.parent.SelectedIndex() != sel {
		b.parent.OnChanged = nil
		b.parent.SetSelectedIndex(sel)
		b.parent.OnChanged = func(string) { b.show() }
	}
	if !b.dirty && b.all != nil {
		b.show()
		return
	}
	b.dirty = false
	b.gen++
	gen, db, now := b.gen, t.u.DB, t.u.Now()
	t.load(func() func() {
		all, err := db.TerritoryBalances(context.Background(), now)
		return func() {
			if gen != b.gen {
				return // a newer reload is on its way
			}
			if err != nil {
				t.u.ShowError(err)
				return
			}
			b.all = all
			b.show()
		}
	})
}

// show draws the figures read last for the chosen parent and metric.
func (b *territoryBalance) show() {
	t := b.t
	parent := int64(0)
	if i := b.parent.SelectedIndex(); i >= 0 && i < len(b.parentIDs) {
		parent = b.parentIDs[i]
	}
	byID := map[int64]persistence.TerritoryBalance{}
	for _, x := range b.all {
		byID[x.Territory.ID] = x
	}
	b.rows = b.rows[:0]
	for _, id := range t.children[parent] {
		if x, ok := byID[id]; ok {
			b.rows = append(b.rows, x)
		}
	}
	b.table.Refresh()
	m := b.chosenMetric()
	vals := make([]float64, len(b.rows))
	labels := make([]string, len(b.rows))
	for i, r := range b.rows {
		vals[i] = r.Metric(m)
		labels[i] = r.Territory.Name
	}
	if cv, ok := domain.CoefficientOfVariation(vals); ok && len(vals) > 1 {
		b.cv.SetText(lang.L("Imbalance of {{.Metric}} (coefficient of variation): {{.CV}}", map[string]any{"Metric": metricLabel(m), "CV": t.u.Fmt.Percent(cv, 1)}))
	} else {
		b.cv.SetText(lang.L("Imbalance: — (needs at least two territories side by side with some {{.Metric}})", map[string]any{"Metric": metricLabel(m)}))
	}
	yf := t.u.Fmt.MoneyShort
	if m == domain.MetricAccounts {
		yf = func(v float64) string { return t.u.Fmt.Number(v, 0) }
	}
	b.chart.SetSpec(chart.Spec{Title: metricLabel(m), XLabels: labels, Categories: true, Series: []chart.Series{{Name: metricLabel(m), Values: vals, Kind: chart.Bars}}, YFormat: yf})
	relayout(b.chart)
}

func (b *territoryBalance) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row >= len(b.rows) {
		l.SetText("")
		return
	}
	l.SetText(b.cellText(id.Row, id.Col))
}

// cellText is what the table shows at row, col (for tests).
func (b *territoryBalance) cellText(row, col int) string {
	r := b.rows[row]
	f := b.t.u.Fmt
	switch col {
	case 0:
		return r.Territory.Name
	case 1:
		return f.Number(float64(r.Accounts), 0)
	case 2:
		return f.MoneyShort(float64(r.Potential))
	case 3:
		return f.MoneyShort(float64(r.OpenPipeline))
	case 4:
		return f.MoneyShort(float64(r.ClosedWon))
	case 5:
		return f.Number(float64(r.People), 0)
	case 6:
		if pp, ok := r.PotentialPerPerson(); ok {
			return f.MoneyShort(float64(pp))
		}
		return "—"
	}
	return ""
}

func (b *territoryBalance) tolerancePct() (float64, error) {
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(b.tolerance.Text), "%"))
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil || v < 0 || v > 100 {
		return 0, domain.Errorf(domain.EINVALID, "%s", lang.L("The tolerance is a percentage from 0 to 100."))
	}
	return v / 100, nil
}

func (b *territoryBalance) onPropose() {
	tol, err := b.tolerancePct()
	if err != nil {
		b.t.u.ShowError(err)
		return
	}
	parent := int64(0)
	if i := b.parent.SelectedIndex(); i >= 0 && i < len(b.parentIDs) {
		parent = b.parentIDs[i]
	}
	m := b.chosenMetric()
	var p domain.BalanceProposal
	b.t.busy.Add(1)
	b.t.u.Background(lang.L("Looking for a balance"), func(ctx context.Context, progress func(float64, string)) error {
		var err error
		p, err = b.t.u.DB.ProposeBalance(ctx, parent, m, tol)
		return err
	}, func(err error) {
		defer b.t.busy.Done()
		if err != nil {
			b.t.u.ShowError(err)
			return
		}
		b.showProposal(&p)
	})
}

func (b *territoryBalance) showProposal(p *domain.BalanceProposal) {
	b.proposal = p
	f := b.t.u.Fmt
	n := f.Number(float64(len(p.Moves)), 0)
	tol := f.Percent(p.Tolerance, 0)
	switch {
	case p.Within && len(p.Moves) == 0:
		b.result.SetText(lang.L("Already balanced: every territory is within ±{{.Tol}} of the mean.", map[string]any{"Tol": tol}))
	case p.Within:
		b.result.SetText(lang.L("{{.N}} moves bring every territory within ±{{.Tol}} of the mean (imbalance {{.Before}} → {{.After}}). Manual accounts never move; moved accounts become manual.",
			map[string]any{"N": n, "Tol": tol, "Before": f.Percent(p.CVBefore, 1), "After": f.Percent(p.CVAfter, 1)}))
	default:
		b.result.SetText(lang.L("±{{.Tol}} cannot be reached by moving unlocked accounts; with {{.N}} moves the farthest territory ends {{.Dev}} from the mean (imbalance {{.Before}} → {{.After}}).",
			map[string]any{"N": n, "Tol": tol, "Dev": f.Percent(p.MaxDeviation, 1), "Before": f.Percent(p.CVBefore, 1), "After": f.Percent(p.CVAfter, 1)}))
	}
	if len(p.Moves) > 0 {
		b.apply.Enable()
		b.discard.Enable()
	}
	b.moves.Refresh()
}

func (b *territoryBalance) clearProposal() {
	b.proposal = nil
	b.result.SetText(lang.L("Choose the territories, the metric and the tolerance, then propose a balance to review."))
	b.apply.Disable()
	b.discard.Disable()
	b.moves.Refresh()
}

func (b *territoryBalance) onApply() {
	if b.proposal == nil {
		return
	}
	if _, _, err := b.t.u.DB.ApplyBalance(context.Background(), b.proposal.Moves, b.t.u.Now()); err != nil {
		b.t.u.ShowError(err)
		return
	}
	b.clearProposal()
	b.t.u.Changed()
}

// ---- performance ----

// territoryPerformance charts closed-won by quarter for sibling territories,
// each deal counted where its account was when it closed.
type territoryPerformance struct {
	t         *territoriesTab
	parent    *widget.Select
	parentIDs []int64
	chart     *chart.Chart
	quarters  []domain.Period
	perf      map[int64][]domain.Money
	gen       int
	dirty     bool
}

// performanceQuarters is how many quarters the chart shows.
const performanceQuarters = 8

func newTerritoryPerformance(t *territoriesTab) *territoryPerformance {
	p := &territoryPerformance{t: t, dirty: true}
	p.parent = widget.NewSelect(nil, func(string) { p.show() })
	p.chart = chart.New(chart.Spec{})
	p.chart.SetMinSize(fyne.NewSize(400, 280))
	return p
}

func (p *territoryPerformance) object() fyne.CanvasObject {
	return container.NewBorder(container.NewPadded(container.NewHBox(widget.NewLabel(lang.L("Territories under")), p.parent)), nil, nil, nil, p.chart)
}

func (p *territoryPerformance) reload() {
	if p.t.byID == nil {
		return
	}
	t := p.t
	chosen := int64(0)
	if i := p.parent.SelectedIndex(); i >= 0 && i < len(p.parentIDs) {
		chosen = p.parentIDs[i]
	}
	opts := []string{lang.L("(top level)")}
	p.parentIDs = []int64{0}
	sel := 0
	for _, tr := range t.terrs {
		if len(t.children[tr.ID]) == 0 {
			continue
		}
		if tr.ID == chosen {
			sel = len(opts)
		}
		opts = append(opts, tr.Name)
		p.parentIDs = append(p.parentIDs, tr.ID)
	}
	p.parent.Options = opts
	if p.parent.SelectedIndex() != sel {
		p.parent.OnChanged = nil
		p.parent.SetSelectedIndex(sel)
		p.parent.OnChanged = func(string) { p.show() }
	}
	if !p.dirty && p.quarters != nil {
		p.show()
		return
	}
	p.dirty = false
	p.gen++
	gen, db, cal, now := p.gen, t.u.DB, t.u.Settings.Calendar, t.u.Now()
	t.load(func() func() {
		quarters, perf, err := db.TerritoryPerformance(context.Background(), cal, now, performanceQuarters)
		return func() {
			if gen != p.gen {
				return
			}
			if err != nil {
				t.u.ShowError(err)
				return
			}
			p.quarters, p.perf = quarters, perf
			p.show()
		}
	})
}

// show draws the quarters read last for the chosen parent's territories.
func (p *territoryPerformance) show() {
	t := p.t
	parent := int64(0)
	if i := p.parent.SelectedIndex(); i >= 0 && i < len(p.parentIDs) {
		parent = p.parentIDs[i]
	}
	labels := make([]string, len(p.quarters))
	for i, q := range p.quarters {
		labels[i] = t.u.Fmt.PeriodLabel(q)
	}
	var series []chart.Series
	for _, id := range t.children[parent] {
		vals := make([]float64, len(p.quarters))
		for _, sub := range t.subtree(id) {
			for i, m := range p.perf[sub] {
				vals[i] += float64(m)
			}
		}
		series = append(series, chart.Series{Name: t.byID[id].Name, Values: vals, Kind: chart.Line})
	}
	p.chart.SetSpec(chart.Spec{Title: lang.L("Closed-won by quarter"), XLabels: labels, Series: series, YFormat: t.u.Fmt.MoneyShort})
	relayout(p.chart)
}

// relayout lays a chart out again after its spec changed while shown: the
// chart's legend is laid out only when the chart's size changes, so without
// this a chart filled after it appeared shows no legend until the window is
// resized.
func relayout(c *chart.Chart) {
	s := c.Size()
	if s.IsZero() {
		return
	}
	c.Resize(s.AddWidthHeight(1, 0))
	c.Resize(s)
}
