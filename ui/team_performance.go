package ui

import (
	"context"
	"sort"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/persistence"
	"salesops/ui/chart"
)

// leaderColumn is a column of the leaderboard.
type leaderColumn struct {
	title string
	width float32
	text  func(f Format, r *domain.LeaderRow) string
	key   func(r *domain.LeaderRow) float64 // sort key; nil = by name
}

// teamPerformance is the leaderboard for the period and scope, each person
// against the team average, and the chosen person's monthly trend.
type teamPerformance struct {
	t        *teamTab
	cols     []leaderColumn
	rows     []domain.LeaderRow
	avg      domain.LeaderRow
	sortCol  int
	desc     bool
	table    *widget.Table
	head     *widget.Label
	empty    *widget.Label
	selected int64
	versus   *chart.Chart
	trend    *chart.Chart
	// gen and trendGen number the loads: only the newest one's result is
	// shown.
	gen, trendGen atomic.Int64
}

func newTeamPerformance(t *teamTab) *teamPerformance {
	v := &teamPerformance{t: t, sortCol: 2, desc: true}
	money := func(get func(r *domain.LeaderRow) domain.Money) func(Format, *domain.LeaderRow) string {
		return func(f Format, r *domain.LeaderRow) string { return f.Money(get(r)) }
	}
	opt := func(get func(r *domain.LeaderRow) domain.OptFloat, show func(f Format, x float64) string) func(Format, *domain.LeaderRow) string {
		return func(f Format, r *domain.LeaderRow) string {
			return f.Opt(get(r), func(x float64) string { return show(f, x) })
		}
	}
	optKey := func(get func(r *domain.LeaderRow) domain.OptFloat) func(*domain.LeaderRow) float64 {
		return func(r *domain.LeaderRow) float64 {
			if o := get(r); o.OK {
				return o.V
			}
			return -1
		}
	}
	pct := func(f Format, x float64) string { return f.Percent(x, 0) }
	v.cols = []leaderColumn{
		{"#", 40, nil, nil},
		{lang.L("Name"), 170, func(_ Format, r *domain.LeaderRow) string { return r.Name }, nil},
		{lang.L("Credited"), 130, money(func(r *domain.LeaderRow) domain.Money { return r.Credited }), func(r *domain.LeaderRow) float64 { return float64(r.Credited) }},
		{lang.L("Quota"), 130, func(f Format, r *domain.LeaderRow) string {
			if r.Quota <= 0 {
				return "—"
			}
			return f.Money(r.Quota)
		}, func(r *domain.LeaderRow) float64 { return float64(r.Quota) }},
		{lang.L("Attainment"), 120, opt(func(r *domain.LeaderRow) domain.OptFloat { return r.Attainment }, pct), optKey(func(r *domain.LeaderRow) domain.OptFloat { return r.Attainment })},
		{lang.L("Milestone"), 110, func(f Format, r *domain.LeaderRow) string { return milestoneText(f, r.Milestone) }, func(r *domain.LeaderRow) float64 { return float64(r.Milestone) }},
		{lang.L("Open pipeline"), 150, money(func(r *domain.LeaderRow) domain.Money { return r.OpenPipeline }), func(r *domain.LeaderRow) float64 { return float64(r.OpenPipeline) }},
		{lang.L("Won"), 60, func(f Format, r *domain.LeaderRow) string { return f.Number(float64(r.WonCount), 0) }, func(r *domain.LeaderRow) float64 { return float64(r.WonCount) }},
		{lang.L("Lost"), 60, func(f Format, r *domain.LeaderRow) string { return f.Number(float64(r.LostCount), 0) }, func(r *domain.LeaderRow) float64 { return float64(r.LostCount) }},
		{lang.L("Win rate"), 100, opt(func(r *domain.LeaderRow) domain.OptFloat { return r.WinRate }, pct), optKey(func(r *domain.LeaderRow) domain.OptFloat { return r.WinRate })},
		{lang.L("Average deal size"), 170, opt(func(r *domain.LeaderRow) domain.OptFloat { return r.AvgDealSize }, func(f Format, x float64) string { return f.MoneyShort(x) }),
			optKey(func(r *domain.LeaderRow) domain.OptFloat { return r.AvgDealSize })},
		{lang.L("Average sales cycle"), 180, opt(func(r *domain.LeaderRow) domain.OptFloat { return r.AvgCycleDays }, func(f Format, x float64) string {
			return lang.L("{{.N}} days", map[string]any{"N": f.Number(x, 0)})
		}), optKey(func(r *domain.LeaderRow) domain.OptFloat { return r.AvgCycleDays })},
	}
	v.head = heading("")
	v.empty = widget.NewLabelWithStyle(lang.L("Nobody sells in this scope yet — add people in the People tab."), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	v.table = widget.NewTableWithHeaders(func() (int, int) { return len(v.rows) + 1, len(v.cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		}, v.updateCell)
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject {
		return &widget.Button{Importance: widget.LowImportance, Alignment: widget.ButtonAlignLeading}
	}
	v.table.UpdateHeader = v.updateHeader
	v.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(v.rows) {
			v.selected = v.rows[id.Row].PersonID
			v.loadTrend()
		}
	}
	for i, c := range v.cols {
		v.table.SetColumnWidth(i, c.width)
	}
	v.versus = chart.New(chart.Spec{})
	v.versus.SetMinSize(fyne.NewSize(360, 230))
	v.trend = chart.New(chart.Spec{})
	v.trend.SetMinSize(fyne.NewSize(360, 230))
	return v
}

func milestoneText(f Format, m domain.Milestone) string {
	if m == 0 {
		return ""
	}
	return "★ " + f.Percent(float64(m)/100, 0)
}

func (v *teamPerformance) object() fyne.CanvasObject {
	charts := container.NewGridWithColumns(2, v.versus, v.trend)
	top := container.NewBorder(container.NewPadded(container.NewBorder(nil, nil, nil, v.t.u.exportButton(&tableExport{Name: "Leaderboard", Table: v.table}), v.head)), nil, nil, nil, container.NewStack(v.table, container.NewCenter(v.empty)))
	split := container.NewVSplit(top, container.NewPadded(charts))
	split.Offset = 0.55
	return split
}

// scope turns the window's scope into the leaderboard's.
func (v *teamPerformance) scope() persistence.LeaderboardScope {
	s := v.t.u.Scope
	switch s.Kind {
	case ScopeTeam:
		return persistence.LeaderboardScope{TeamID: s.ID}
	case ScopeTerritory:
		return persistence.LeaderboardScope{TerritoryID: s.ID}
	case ScopeSegment:
		return persistence.LeaderboardScope{Segment: s.Segment}
	case ScopePerson:
		// A person is shown among their team, so the average means something.
		if p := v.t.byID[s.ID]; p != nil && p.TeamID != 0 {
			return persistence.LeaderboardScope{TeamID: p.TeamID}
		}
	}
	return persistence.LeaderboardScope{}
}

// refresh recomputes the leaderboard, and the trend of the person it will
// select, off the UI goroutine: at a million deals the sums take a while.
func (v *teamPerformance) refresh() {
	u := v.t.u
	db, p, scope := u.DB, u.Period, v.scope()
	want := v.selected
	if u.Scope.Kind == ScopePerson {
		want = u.Scope.ID
	}
	year := u.Settings.Calendar.PeriodOf(domain.Year, p.Start())
	gen := v.gen.Add(1)
	v.trendGen.Add(1) // a trend loading for the old rows is not wanted
	v.t.load(func() func() {
		ctx := context.Background()
		rows, err := db.Leaderboard(ctx, p, scope)
		sel := pickLeader(rows, want)
		var tr persistence.PersonTrend
		var trErr error
		if err == nil && sel != 0 {
			tr, trErr = db.PersonTrend(ctx, sel, year)
		}
		return func() {
			if v.gen.Load() != gen {
				return // a newer load is on its way
			}
			if err != nil {
				u.ShowError(err)
				return
			}
			if trErr != nil {
				u.ShowError(trErr) // the leaderboard still shows
			}
			v.rows, v.selected = rows, sel
			v.avg = domain.TeamAverage(rows)
			v.sortRows()
			v.head.SetText(lang.L("Leaderboard, {{.Period}}", map[string]any{"Period": u.Fmt.PeriodLabel(p)}))
			v.empty.Hidden = len(rows) > 0
			v.empty.Refresh()
			v.table.Refresh()
			v.showCharts(tr, year)
		}
	})
}

// pickLeader is want when it has a row, else the first row's person (0 when
// there are no rows).
func pickLeader(rows []domain.LeaderRow, want int64) int64 {
	for _, r := range rows {
		if r.PersonID == want {
			return want
		}
	}
	if len(rows) > 0 {
		return rows[0].PersonID
	}
	return 0
}

// loadTrend reads the selected person's monthly trend off the UI goroutine
// and redraws the charts.
func (v *teamPerformance) loadTrend() {
	u := v.t.u
	db, id := u.DB, v.selected
	year := u.Settings.Calendar.PeriodOf(domain.Year, u.Period.Start())
	gen, rowsGen := v.trendGen.Add(1), v.gen.Load()
	v.t.load(func() func() {
		tr, err := db.PersonTrend(context.Background(), id, year)
		return func() {
			if v.trendGen.Load() != gen || v.gen.Load() != rowsGen {
				return
			}
			if err != nil {
				u.ShowError(err)
				return
			}
			v.showCharts(tr, year)
		}
	})
}

func (v *teamPerformance) sortRows() {
	c := v.cols[v.sortCol]
	sort.SliceStable(v.rows, func(i, j int) bool {
		a, b := &v.rows[i], &v.rows[j]
		if v.desc {
			a, b = b, a
		}
		if c.key == nil {
			return strings.ToLower(a.Name) < strings.ToLower(b.Name)
		}
		return c.key(a) < c.key(b)
	})
}

func (v *teamPerformance) onSort(col int) {
	if col == 0 {
		col = 2
	}
	if v.sortCol == col {
		v.desc = !v.desc
	} else {
		v.sortCol, v.desc = col, col != 1
	}
	v.sortRows()
	v.table.Refresh()
}

func (v *teamPerformance) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
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

// cellText is the leaderboard's text at row, col; the last row is the team
// average.
func (v *teamPerformance) cellText(row, col int) string {
	f := v.t.u.Fmt
	if row == len(v.rows) {
		if len(v.rows) == 0 {
			return ""
		}
		switch col {
		case 0:
			return ""
		case 1:
			return lang.L("Team average")
		}
		return v.cols[col].text(f, &v.avg)
	}
	if col == 0 {
		return f.Number(float64(row+1), 0)
	}
	return v.cols[col].text(f, &v.rows[row])
}

func (v *teamPerformance) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	l.Alignment = fyne.TextAlignTrailing
	if id.Col == 1 {
		l.Alignment = fyne.TextAlignLeading
	}
	l.TextStyle.Bold = id.Row == len(v.rows)
	l.SetText(v.cellText(id.Row, id.Col))
}

func (v *teamPerformance) row(id int64) *domain.LeaderRow {
	for i := range v.rows {
		if v.rows[i].PersonID == id {
			return &v.rows[i]
		}
	}
	return nil
}

// showCharts draws the chosen person against the team average and their
// monthly trend tr over the period's fiscal year.
func (v *teamPerformance) showCharts(tr persistence.PersonTrend, year domain.Period) {
	f := v.t.u.Fmt
	r := v.row(v.selected)
	if r == nil {
		v.versus.SetSpec(chart.Spec{Title: lang.L("Person against the team average")})
		v.trend.SetSpec(chart.Spec{Title: lang.L("Monthly trend")})
		return
	}
	opt := func(o domain.OptFloat) float64 {
		if o.OK {
			return o.V
		}
		return 0
	}
	v.versus.SetSpec(chart.Spec{
		Title:      lang.L("{{.Name}} against the team average", map[string]any{"Name": r.Name}),
		XLabels:    []string{lang.L("Credited"), lang.L("Quota"), lang.L("Open pipeline"), lang.L("Average deal size")},
		Categories: true,
		Series: []chart.Series{
			{Name: r.Name, Kind: chart.Bars, Values: []float64{float64(r.Credited), float64(r.Quota), float64(r.OpenPipeline), opt(r.AvgDealSize)}},
			{Name: lang.L("Team average"), Kind: chart.Bars, Values: []float64{float64(v.avg.Credited), float64(v.avg.Quota), float64(v.avg.OpenPipeline), opt(v.avg.AvgDealSize)}},
		},
		YFormat: f.MoneyShort,
	})
	labels := make([]string, len(tr.Months))
	credited := make([]float64, len(tr.Months))
	quota := make([]float64, len(tr.Months))
	hasQuota := false
	for i, m := range tr.Months {
		labels[i] = lang.L(m.Start().Month().String()[:3])
		credited[i] = float64(tr.Credited[i])
		quota[i] = float64(tr.Quota[i])
		hasQuota = hasQuota || tr.Quota[i] > 0
	}
	series := []chart.Series{{Name: lang.L("Credited"), Kind: chart.Bars, Values: credited}}
	if hasQuota {
		series = append(series, chart.Series{Name: lang.L("Quota"), Kind: chart.Dashed, Values: quota})
	}
	v.trend.SetSpec(chart.Spec{
		Title:   lang.L("{{.Name}} by month, {{.Year}}", map[string]any{"Name": r.Name, "Year": f.PeriodLabel(year)}),
		XLabels: labels, Series: series, YFormat: f.MoneyShort,
	})
}
