package ui

import (
	"context"
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/ui/chart"
)

func findForecasts(t *testing.T, u *UI) *forecastsTab {
	t.Helper()
	statInBackground = false
	t.Cleanup(func() { statInBackground = true })
	for _, c := range tabControllers(u) {
		if f, ok := c.(*forecastsTab); ok {
			return f
		}
	}
	t.Fatal("no Forecasts tab")
	return nil
}

func TestForecastsPipelineByCategoryWithAdjustments(t *testing.T) {
	u := newTestUI(t, 1500)
	ft := findForecasts(t, u)
	if len(ft.rows) != 0 {
		t.Error("the pipeline was computed before the tab was shown")
	}
	u.SelectTab("Forecasts")
	ft.show(panePipeline)
	if len(ft.rows) == 0 {
		t.Fatal("no pipeline rows for the demo company")
	}
	if !strings.Contains(ft.summary.Text, "commit forecast") || !strings.Contains(ft.summary.Text, "Q4 2026") {
		t.Errorf("summary %q", ft.summary.Text)
	}
	if ft.total.CommitForecast() != ft.total.Closed+ft.total.Commit || ft.total.Deals == 0 {
		t.Errorf("totals %+v", ft.total)
	}
	people := len(ft.rows)
	ft.view.SetSelected("By team")
	if len(ft.rows) == 0 || len(ft.rows) >= people {
		t.Errorf("by team: %d rows (people %d)", len(ft.rows), people)
	}
	ft.view.SetSelected("By territory")
	if len(ft.rows) == 0 || ft.adjust.Disabled() == false {
		t.Errorf("by territory: %d rows, adjust enabled %v", len(ft.rows), !ft.adjust.Disabled())
	}
	ft.view.SetSelected("By person and manager")

	// A seller's row: adjust it and see both figures side by side.
	idx := -1
	for i, r := range ft.rows {
		if r.Total.CommitForecast() > 0 && r.Depth > 0 {
			idx = i
			break
		}
	}
	if idx < 0 {
		t.Fatal("no seller with a commit forecast")
	}
	ft.table.Select(widget.TableCellID{Row: idx, Col: 1})
	if ft.adjust.Disabled() {
		t.Fatal("Adjust stays disabled with a person selected")
	}
	row := ft.rows[idx]
	cols := ft.pipelineColumns()
	if got := cols[7].text(u.Fmt, &row); got != "=" {
		t.Errorf("adjusted commit before any adjustment shows %q, want =", got)
	}
	a := domain.ForecastAdjustment{Period: u.Period, PersonID: row.ID, Commit: row.Total.CommitForecast() / 2, BestCase: row.Total.BestCaseForecast(),
		Note: "Two deals wait for the budget", At: testToday}
	if err := ft.saveAdjustment(&a); err != nil {
		t.Fatal(err)
	}
	var after domain.PipelineRow
	for _, r := range ft.rows {
		if r.ID == row.ID {
			after = r
		}
	}
	if after.Total.CommitForecast() != row.Total.CommitForecast() || after.Adjusted.Commit != a.Commit || after.Adjusted.Note != a.Note {
		t.Errorf("after adjusting: unadjusted %d (was %d), adjusted %d, note %q", after.Total.CommitForecast(), row.Total.CommitForecast(), after.Adjusted.Commit, after.Adjusted.Note)
	}
	if got := cols[7].text(u.Fmt, &after); got != u.Fmt.MoneyWhole(a.Commit) {
		t.Errorf("adjusted commit cell %q", got)
	}
	if got := cols[len(cols)-1].text(u.Fmt, &after); got != a.Note {
		t.Errorf("note cell %q", got)
	}
	if !strings.Contains(ft.summary.Text, "Adjusted by managers") {
		t.Errorf("the summary does not show the adjusted call: %q", ft.summary.Text)
	}
	bad := domain.ForecastAdjustment{Period: u.Period, PersonID: row.ID, Commit: 1, BestCase: 2}
	if err := ft.saveAdjustment(&bad); err == nil {
		t.Error("an adjustment without a note was saved")
	}
	// The dialog opens on the selected row without a crash.
	ft.onAdjust()
}

// TestDealsWithoutAnOwnerHaveTheirForecastRow: the open deals of a CRM
// export without owners are in the total; a "No owner" row shows them, and
// it cannot be adjusted (nobody's forecast). A person's scope leaves it out.
func TestDealsWithoutAnOwnerHaveTheirForecastRow(t *testing.T) {
	u := newTestUI(t, 800)
	ft := findForecasts(t, u)
	u.SelectTab("Forecasts")
	ft.show(panePipeline)
	for _, r := range ft.rows {
		if r.Name == "No owner" {
			t.Fatal("a No owner row while every deal has an owner")
		}
	}
	res, err := u.DB.SQL().Exec("UPDATE deals SET owner_id = NULL WHERE status = 'open' AND id % 3 = 0 AND close_date >= ? AND close_date < ?",
		u.Period.Start().Format("2006-01-02"), u.Period.End().Format("2006-01-02"))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatal("no open deal of the quarter lost its owner")
	}
	u.Changed()
	u.WaitBackground()
	last := ft.rows[len(ft.rows)-1]
	if last.Name != "No owner" || last.ID != 0 || last.Total.Deals == 0 || last.Total.OpenPipeline() == 0 {
		t.Fatalf("the last row is %+v, want No owner with the open deals", last)
	}
	var people domain.Money
	for _, r := range ft.rows {
		if r.Depth == 0 {
			people += r.Total.OpenPipeline()
		}
	}
	if people != ft.total.OpenPipeline() {
		t.Errorf("the top rows' open pipeline adds up to %d, the total is %d", people, ft.total.OpenPipeline())
	}
	ft.table.Select(widget.TableCellID{Row: len(ft.rows) - 1, Col: 1})
	if !ft.adjust.Disabled() {
		t.Error("the No owner row can be adjusted")
	}
	ppl, _ := u.DB.People(context.Background())
	u.SetScope(Scope{Kind: ScopePerson, ID: ppl[0].ID, Name: ppl[0].Name})
	u.WaitBackground()
	for _, r := range ft.rows {
		if r.Name == "No owner" {
			t.Error("a person's scope shows the No owner row")
		}
	}
}

func TestForecastsStatisticalForecastAndMethodPicker(t *testing.T) {
	u := newTestUI(t, 2000)
	ft := findForecasts(t, u)
	u.SelectTab("Forecasts")
	ft.show(paneStat)
	ft.wait()
	spec := ft.statChart.Spec()
	if len(ft.stat.History) < 24 || len(ft.stat.Forecast.Points) != 18 {
		t.Fatalf("history %d months, forecast %d", len(ft.stat.History), len(ft.stat.Forecast.Points))
	}
	if spec.Band == nil || len(spec.Series) < 2 || spec.Series[0].Name != "Forecast" {
		t.Fatalf("chart %+v", spec)
	}
	names := []string{}
	for _, s := range spec.Series {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "Forecast,Quota,Closed-won" {
		t.Errorf("series %v, want the forecast, the quota and the history", names)
	}
	if !strings.Contains(ft.reason.Text, "Method:") || !strings.Contains(ft.backtest.Text, "WAPE") {
		t.Errorf("reason %q, backtest %q", ft.reason.Text, ft.backtest.Text)
	}
	last := len(spec.XLabels) - 1
	if spec.Band.Low[last] > spec.Series[0].Values[last] || spec.Band.High[last] < spec.Series[0].Values[last] || math.IsNaN(spec.Band.High[last]) {
		t.Errorf("the band does not hold the forecast at the end")
	}
	if !math.IsNaN(spec.Series[2].Values[last]) || math.IsNaN(spec.Series[2].Values[0]) {
		t.Errorf("history should fill the past only")
	}
	ft.method.SetSelected("Linear trend")
	ft.wait()
	if ft.stat.Forecast.Method != domain.MethodLinear || !strings.Contains(ft.reason.Text, "Linear trend") {
		t.Errorf("after picking linear: %s, %q", ft.stat.Forecast.Method, ft.reason.Text)
	}
	ft.horizon.SetSelected("24 months")
	ft.wait()
	if len(ft.stat.Forecast.Points) != 24 {
		t.Errorf("24 months asked, %d shown", len(ft.stat.Forecast.Points))
	}
	// Moving the period keeps the forecast (it does not depend on it) ...
	before := ft.stat.Forecast.Points[0]
	test.Tap(u.bar.prev)
	ft.wait()
	if ft.stat.Forecast.Points[0] != before || len(ft.stat.Forecast.Points) != 24 {
		t.Error("moving the period changed the statistical forecast")
	}
	// ... and a person scope recomputes it for that person.
	people, _ := u.DB.People(context.Background())
	var seller domain.Person
	for _, p := range people {
		if p.Role == domain.RoleAE {
			seller = p
			break
		}
	}
	u.SetScope(Scope{Kind: ScopePerson, ID: seller.ID, Name: seller.Name})
	ft.wait()
	if ft.stat.Forecast.Points[0] == before {
		t.Error("the person's forecast equals everyone's")
	}
	terrs, _ := u.DB.Territories(context.Background())
	u.SetScope(Scope{Kind: ScopeTerritory, ID: terrs[0].ID, Name: terrs[0].Name})
	ft.wait()
	spec = ft.statChart.Spec()
	if len(ft.stat.History) == 0 || len(spec.Series) != 2 || spec.Series[1].Name != "Closed-won" {
		t.Errorf("territory scope: %d months, series %d (a territory has no quota)", len(ft.stat.History), len(spec.Series))
	}
}

func TestForecastsOnAnEmptyWorkspaceSayWhatToDo(t *testing.T) {
	u := newTestUI(t, 0)
	ft := findForecasts(t, u)
	for i := panePipeline; i <= paneWaterfall; i++ {
		ft.show(i)
		ft.wait()
	}
	if !strings.Contains(ft.reason.Text, "No closed-won history yet") {
		t.Errorf("reason %q", ft.reason.Text)
	}
	if !strings.Contains(ft.summary.Text, "No deals close in this period") {
		t.Errorf("summary %q", ft.summary.Text)
	}
	if !strings.Contains(ft.wfNote.Text, "compares two snapshots") || !strings.Contains(ft.accLabel.Text, "No snapshot") {
		t.Errorf("waterfall %q, accuracy %q", ft.wfNote.Text, ft.accLabel.Text)
	}
	if ft.statChart.Spec().HasData() {
		t.Error("the chart of an empty workspace has data")
	}
}

func TestForecastsSnapshotsAccuracyAndWaterfall(t *testing.T) {
	u := newTestUI(t, 1500)
	ft := findForecasts(t, u)
	ctx := context.Background()
	// A snapshot in the middle of Q3, then one today (Q4): Q3 has ended, so
	// the first has an accuracy; the waterfall runs between the two.
	today := u.Now
	u.Now = func() time.Time { return time.Date(2026, 8, 14, 10, 0, 0, 0, time.UTC) }
	// The director's call for Q3 is in force when the August snapshot is taken.
	people, _ := u.DB.People(ctx)
	var director domain.Person
	for _, p := range people {
		if p.Role == domain.RoleDirector {
			director = p
		}
	}
	call := domain.ForecastAdjustment{Period: domain.MustParsePeriod("2026-Q3", u.Settings.Calendar), PersonID: director.ID, ByID: director.ID,
		Commit: 1_000_000_00, BestCase: 1_200_000_00, Note: "Board call", At: u.Now()}
	if err := u.DB.AddForecastAdjustment(ctx, &call); err != nil {
		t.Fatal(err)
	}
	s1, err := ft.takeSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u.Now = today
	// Between the two: one Q3 deal is won, another grows.
	q3 := domain.MustParsePeriod("2026-Q3", u.Settings.Calendar)
	deals, err := u.DB.DealsClosedIn(ctx, q3.Start(), q3.End())
	if err != nil {
		t.Fatal(err)
	}
	stages, _ := u.DB.Stages(ctx)
	var wonStage int64
	for _, s := range stages {
		if s.Won {
			wonStage = s.ID
		}
	}
	changed := 0
	for i := range deals {
		d := deals[i]
		if d.Status != domain.StatusOpen || d.Category == domain.CategoryOmitted || !d.HasAmount {
			continue
		}
		if changed == 0 {
			d.StageID = wonStage
		} else {
			d.Amount += 1_000_00
		}
		if err := u.DB.UpdateDeal(ctx, &d, testToday); err != nil {
			t.Fatal(err)
		}
		if changed++; changed == 2 {
			break
		}
	}
	if changed < 2 {
		t.Fatalf("the demo has %d open Q3 deals to change", changed)
	}
	s2, err := ft.takeSnapshot(ctx)
	if err != nil || s2.Deals == 0 {
		t.Fatal(s2, err)
	}
	u.SetPeriod(q3)
	ft.show(paneAccuracy)
	// The demo's weekly snapshots of Q3 are there too; ours is among them.
	var mine *domain.AccuracyPoint
	for i := range ft.acc {
		if ft.acc[i].Snapshot.ID == s1.ID {
			mine = &ft.acc[i]
		}
	}
	if len(ft.acc) < 2 || mine == nil || !mine.Accuracy.OK || mine.Period.String() != "2026-Q3" {
		t.Fatalf("accuracy %+v", ft.acc)
	}
	// The snapshot's row, then its people's.
	k := -1
	for i, r := range ft.accRows {
		if r.person == "" && r.point.Snapshot.ID == s1.ID {
			k = i
		}
	}
	if k < 0 || k+1 >= len(ft.accRows) || ft.accRows[k+1].person == "" {
		t.Fatalf("accuracy rows: the snapshot then its people, got %d rows", len(ft.accRows))
	}
	var sum domain.Money
	for _, r := range ft.accRows[k+1:] {
		if r.person == "" {
			break
		}
		sum += r.actual
	}
	if sum != ft.accRows[k].actual {
		t.Errorf("people's actuals add to %d, the snapshot's to %d", sum, ft.accRows[k].actual)
	}
	if p := ft.accRows[k].point; !p.HasAdjusted || p.Adjusted < call.Commit || !p.AdjustedAccuracy.OK {
		t.Errorf("the snapshot's adjusted call: %+v", p)
	}
	if !strings.Contains(ft.accLabel.Text, "WAPE") {
		t.Errorf("accuracy label %q", ft.accLabel.Text)
	}
	if spec := ft.accChart.Spec(); len(spec.Series) != 1 || !spec.HasData() {
		t.Errorf("accuracy chart %+v", spec)
	}
	ft.show(paneWaterfall)
	n := len(ft.snaps)
	if len(ft.from.Options) != n || ft.from.SelectedIndex() != n-2 || ft.to.SelectedIndex() != n-1 || ft.snaps[n-1].ID != s2.ID {
		t.Fatalf("snapshot pickers %v %d %d", ft.from.Options, ft.from.SelectedIndex(), ft.to.SelectedIndex())
	}
	// From our August snapshot to today's.
	i1 := -1
	for i, s := range ft.snaps {
		if s.ID == s1.ID {
			i1 = i
		}
	}
	ft.from.SetSelectedIndex(i1)
	w := ft.wf
	if w.Start == 0 || w.Balance() != 0 {
		t.Errorf("waterfall %+v", w)
	}
	if w.Won == 0 || w.Increased <= 0 || w.End != w.Start-w.Won+w.Increased { // the grown deal may be in another currency
		t.Errorf("waterfall %+v: want one deal won and one grown", w)
	}
	spec := ft.wfChart.Spec()
	if len(spec.XLabels) != 9 || spec.XLabels[0] != "Start" || spec.XLabels[8] != "End" || spec.Series[0].Values[0] != float64(w.Start) ||
		spec.Series[0].Values[8] != float64(w.End) {
		t.Errorf("waterfall chart %+v", spec)
	}
	ft.category.SetSelected("Commit")
	if ft.wf.Balance() != 0 || ft.wf.Start > w.Start {
		t.Errorf("commit waterfall %+v", ft.wf)
	}
	// Swapped pickers compare in time order all the same.
	ft.category.SetSelectedIndex(0)
	ft.from.SetSelectedIndex(n - 1)
	ft.to.SetSelectedIndex(i1)
	if ft.wf != w {
		t.Errorf("swapped snapshots give %+v, want %+v", ft.wf, w)
	}
}

func TestWeeklySnapshotOnOpen(t *testing.T) {
	u := newTestUI(t, 300)
	// The demo comes with a snapshot of its day: opening it that day takes none.
	before, err := u.DB.Snapshots(context.Background())
	if err != nil || len(before) == 0 {
		t.Fatal(before, err)
	}
	u.StartWeeklySnapshot()
	time.Sleep(200 * time.Millisecond)
	if snaps, _ := u.DB.Snapshots(context.Background()); len(snaps) != len(before) {
		t.Fatalf("opened on the demo's day, %d snapshots became %d", len(before), len(snaps))
	}
	// A week later, opening takes one.
	later := testToday.AddDate(0, 0, 7)
	u.Now = func() time.Time { return later }
	u.StartWeeklySnapshot()
	deadline := time.Now().Add(10 * time.Second)
	for {
		snaps, err := u.DB.Snapshots(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(snaps) == len(before)+1 {
			if s := snaps[len(snaps)-1]; s.Kind != "weekly" || !s.AsOf.Equal(domain.DateOf(later)) {
				t.Errorf("snapshot %+v", s)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no weekly snapshot after opening")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestForecastNotesAndModelsAreTranslated(t *testing.T) {
	tr := loadTranslations(t)
	keys := append(append([]string{}, domain.StatNotes...), domain.ModelNames...)
	keys = append(keys, statMethodLabels...)
	keys = append(keys, waterfallSteps...)
	for _, k := range keys {
		for _, code := range domain.Languages {
			if _, ok := tr[code][k]; !ok {
				t.Errorf("%s lacks %q", code, k)
			}
		}
	}
}

// luminance is the relative luminance of c (WCAG).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v>>8) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func TestStatChartIsReadableInLightAndDark(t *testing.T) {
	u := newTestUI(t, 2000)
	ft := findForecasts(t, u)
	ft.show(paneStat)
	ft.wait()
	spec := ft.statChart.Spec()
	th := theme.DefaultTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		pal := chart.Colors{Background: th.Color(theme.ColorNameBackground, v), Foreground: th.Color(theme.ColorNameForeground, v),
			Grid:   th.Color(theme.ColorNameSeparator, v),
			Series: []color.Color{th.Color(theme.ColorNamePrimary, v), th.Color(theme.ColorNameWarning, v), th.Color(theme.ColorNameSuccess, v)},
			Named:  func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }}
		drawn := []color.Color{pal.Series[0], pal.Named(spec.Series[1].ColorName), pal.Named(spec.Series[2].ColorName)}
		// The forecast, the quota and the history stand out from the
		// background (3:1, the WCAG bar for graphics).
		for k, name := range []string{"forecast", "quota", "history"} {
			if got := contrast(drawn[k], pal.Background); got < 3 {
				t.Errorf("variant %v: %s contrast %.2f, want ≥ 3", v, name, got)
			}
		}
		img := chart.Render(spec, 900, 400, 1, pal)
		seen := map[string]int{}
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				for i, sc := range drawn {
					sr, sg, sb, _ := sc.RGBA()
					if absDiff(r, sr) < 0x800 && absDiff(g, sg) < 0x800 && absDiff(bl, sb) < 0x800 {
						seen[[]string{"forecast", "quota", "history"}[i]]++
					}
				}
			}
		}
		for _, name := range []string{"forecast", "quota", "history"} {
			if seen[name] < 50 {
				t.Errorf("variant %v: the %s line is hardly drawn (%d pixels)", v, name, seen[name])
			}
		}
	}
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestParseMoneyInputReadsTheLanguagesNumbers(t *testing.T) {
	for _, c := range []struct {
		lang, in string
		want     domain.Money
	}{
		{"en", "1,234.56", 123456}, {"it", "1.234,56", 123456}, {"fr", "1 234,5", 123450}, {"nb", "12 000", 1200000}, {"en", "€ 99", 9900},
	} {
		f := NewFormat(c.lang, "EUR")
		got, err := parseMoneyInput(f, c.in)
		if err != nil || got != c.want {
			t.Errorf("%s %q = %d, %v; want %d", c.lang, c.in, got, err, c.want)
		}
		if back, err := parseMoneyInput(f, f.Number(f.Currency.Major(c.want), 2)); err != nil || back != c.want {
			t.Errorf("%s: %q reads back as %d, %v", c.lang, f.Number(f.Currency.Major(c.want), 2), back, err)
		}
	}
	if _, err := parseMoneyInput(NewFormat("en", "EUR"), "lots"); err == nil {
		t.Error("text was read as an amount")
	}
}

func TestForecastReasonsSpeakTheUsersLanguage(t *testing.T) {
	if err := ApplyLanguage("it"); err != nil {
		t.Fatal(err)
	}
	defer ApplyLanguage("")
	n := domain.Note{Key: domain.NoteBestBacktest, Args: map[string]any{"Model": "Linear trend", "WAPE": "9.1 %", "Count": 6, "Origins": 11}}
	got := translateNote(n, NewFormat("it", "EUR").Percent(0.091, 1))
	if !strings.Contains(got, "Trend lineare") || !strings.Contains(got, "9,1") || !strings.Contains(got, "6 metodi") {
		t.Errorf("in Italian: %q", got)
	}
}

func TestWaterfallChartFloatsEachMovementFromTheRunningTotal(t *testing.T) {
	test.NewTempApp(t)
	w := domain.Waterfall{Start: 1000, Created: 300, PulledIn: 50, Increased: 20, Decreased: 70, PushedOut: 100, Lost: 200, Won: 400}
	w.End = w.Start + w.Created + w.PulledIn + w.Increased - w.Decreased - w.PushedOut - w.Lost - w.Won
	spec := waterfallSpec(w)
	if len(spec.Series) != 3 {
		t.Fatalf("%d series, want start and end, additions, removals", len(spec.Series))
	}
	// Per step: which series draws, its base and its value.
	want := []struct {
		series      int
		base, value float64
	}{
		{0, 0, 1000}, {1, 1000, 300}, {1, 1300, 50}, {1, 1350, 20}, {2, 1370, -70},
		{2, 1300, -100}, {2, 1200, -200}, {2, 1000, -400}, {0, 0, 600},
	}
	for k, wt := range want {
		for i, se := range spec.Series {
			v, b := se.Values[k], se.Base[k]
			if i != wt.series {
				if !math.IsNaN(v) {
					t.Errorf("step %d: series %q draws %v too", k, se.Name, v)
				}
				continue
			}
			if v != wt.value || b != wt.base {
				t.Errorf("step %d (%s): %q floats %v from %v, want %v from %v", k, spec.XLabels[k], se.Name, v, b, wt.value, wt.base)
			}
		}
	}
	// The last movement lands on the end.
	last := spec.Series[2]
	if got := last.Base[7] + last.Values[7]; got != float64(w.End) {
		t.Errorf("the won bar ends at %v, the end is %d", got, w.End)
	}
}
