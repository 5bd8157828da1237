package domain

import (
	"math/rand/v2"
	"testing"
	"time"
)

// The hand-made team: Dana (director) ← Mia (manager) ← Ann, Bob; Zoe reports
// to Dana directly. Teams: North = Mia, Ann, Bob; South = Zoe.
func forecastOrg() Org {
	return Org{
		People: []Person{
			{ID: 1, Name: "Dana", Role: RoleDirector},
			{ID: 2, Name: "Mia", Role: RoleManager, ManagerID: 1, TeamID: 10},
			{ID: 3, Name: "Ann", ManagerID: 2, TeamID: 10},
			{ID: 4, Name: "Bob", ManagerID: 2, TeamID: 10},
			{ID: 5, Name: "Zoe", ManagerID: 1, TeamID: 11},
		},
		Teams:            []Team{{ID: 10, Name: "North"}, {ID: 11, Name: "South"}},
		Territories:      []Territory{{ID: 100, Name: "Europe"}, {ID: 101, Name: "Italy", ParentID: 100}},
		AccountTerritory: map[int64]int64{1000: 101, 1001: 100},
	}
}

func fdeal(id, owner, account int64, st DealStatus, cat ForecastCategory, value Money, prob float64, close time.Time) Deal {
	return Deal{ID: id, OwnerID: owner, AccountID: account, Status: st, Category: cat, Value: value, HasAmount: true,
		Probability: RatePercent(prob), CloseDate: close}
}

func TestPipelineRollUps(t *testing.T) {
	q3 := MustParsePeriod("2026-Q3", CalendarYear)
	in, out := Day(2026, 8, 10), Day(2026, 10, 2)
	deals := []Deal{
		fdeal(1, 3, 1000, StatusWon, CategoryClosed, 10_000, 100, in),   // Ann closed 10,000
		fdeal(2, 3, 1000, StatusOpen, CategoryCommit, 5_000, 80, in),    // Ann commit 5,000 (weighted 4,000)
		fdeal(3, 3, 1001, StatusOpen, CategoryBestCase, 8_000, 50, in),  // Ann best case 8,000 (4,000)
		fdeal(4, 4, 1000, StatusOpen, CategoryPipeline, 20_000, 10, in), // Bob pipeline 20,000 (2,000)
		fdeal(5, 4, 0, StatusOpen, CategoryOmitted, 7_000, 10, in),      // Bob omitted: in no roll-up
		fdeal(6, 4, 0, StatusLost, CategoryOmitted, 9_000, 0, in),       // lost: nowhere
		fdeal(7, 2, 1001, StatusOpen, CategoryClosed, 1_000, 90, in),    // Mia: open but marked closed → commit (900)
		fdeal(8, 5, 0, StatusWon, CategoryClosed, 4_000, 100, in),       // Zoe closed 4,000
		fdeal(9, 5, 0, StatusOpen, CategoryCommit, 50_000, 80, out),     // next quarter: not here
		fdeal(10, 0, 1000, StatusOpen, CategoryCommit, 3_000, 50, in),   // no owner (1,500)
	}
	quotas := map[int64]Money{3: 20_000, 4: 15_000, 5: 10_000}
	f := BuildPipeline(deals, q3, forecastOrg(), quotas, nil)

	ann, _ := f.Row(3)
	want := PipelineTotals{Closed: 10_000, Commit: 5_000, BestCase: 8_000, Weighted: 8_000, Quota: 20_000, Deals: 3}
	if ann.Own != want || ann.Total != want {
		t.Errorf("Ann = %+v / %+v, want %+v", ann.Own, ann.Total, want)
	}
	if ann.Own.CommitForecast() != 15_000 || ann.Own.BestCaseForecast() != 23_000 || ann.Own.OpenPipeline() != 13_000 || ann.Own.Gap() != 5_000 {
		t.Errorf("Ann roll-ups: commit %d best %d open %d gap %d", ann.Own.CommitForecast(), ann.Own.BestCaseForecast(), ann.Own.OpenPipeline(), ann.Own.Gap())
	}
	if c := ann.Own.CoverageNeeded(); !c.OK || c.V != 1.3 { // 13,000 / (20,000 − 10,000)
		t.Errorf("Ann coverage needed %+v, want 1.3", c)
	}
	mia, _ := f.Row(2)
	wantMia := PipelineTotals{Closed: 10_000, Commit: 6_000, BestCase: 8_000, Pipeline: 20_000, Omitted: 7_000, Weighted: 8_000 + 2_000 + 900, Quota: 35_000, Deals: 6}
	if mia.Total != wantMia {
		t.Errorf("Mia's roll-up = %+v, want %+v", mia.Total, wantMia)
	}
	dana, _ := f.Row(1)
	if dana.Total.CommitForecast() != 10_000+6_000+4_000 || dana.Total.Quota != 45_000 || dana.Depth != 0 || mia.Depth != 1 || ann.Depth != 2 {
		t.Errorf("Dana's roll-up %+v (depths %d %d %d)", dana.Total, dana.Depth, mia.Depth, ann.Depth)
	}
	wantTotal := wantMia.Plus(PipelineTotals{Closed: 4_000, Commit: 3_000, Weighted: 1_500, Quota: 10_000, Deals: 2})
	if f.Total != wantTotal {
		t.Errorf("total = %+v, want %+v", f.Total, wantTotal)
	}
	if f.Unowned != (PipelineTotals{Commit: 3_000, Weighted: 1_500, Deals: 1}) {
		t.Errorf("unowned %+v", f.Unowned)
	}
	var sumOwn PipelineTotals
	for _, r := range f.People {
		sumOwn = sumOwn.Plus(r.Own)
	}
	if sumOwn.Plus(f.Unowned) != f.Total {
		t.Errorf("people's own figures and the unowned add to %+v, total %+v", sumOwn.Plus(f.Unowned), f.Total)
	}
	if f.Adjusted.Commit != f.Total.CommitForecast() || f.Adjusted.Adjusted {
		t.Errorf("unadjusted call %+v vs total commit %d", f.Adjusted, f.Total.CommitForecast())
	}
	order := []int64{}
	for _, r := range f.People {
		order = append(order, r.ID)
	}
	if want := []int64{1, 2, 3, 4, 5}; !equalIDs(order, want) {
		t.Errorf("hierarchy order %v, want %v", order, want)
	}
	if len(f.Teams) != 2 || f.Teams[0].Name != "North" || f.Teams[0].Total.CommitForecast() != 16_000 || f.Teams[1].Total.Closed != 4_000 {
		t.Errorf("teams %+v", f.Teams)
	}
	if len(f.Territories) != 2 || f.Territories[0].Name != "Europe" || f.Territories[1].Name != "Italy" {
		t.Fatalf("territories %+v", f.Territories)
	}
	// Italy: deals 1, 2, 4, 10; Europe adds 3 and 7.
	if it := f.Territories[1].Total; it.Closed != 10_000 || it.Commit != 8_000 || it.Pipeline != 20_000 || it.BestCase != 0 {
		t.Errorf("Italy %+v", it)
	}
	if eu := f.Territories[0].Total; eu.Commit != 9_000 || eu.BestCase != 8_000 || eu.Quota != 0 {
		t.Errorf("Europe %+v", eu)
	}
}

func TestAdjustmentsReplaceTheRollUpBelow(t *testing.T) {
	q3 := MustParsePeriod("2026-Q3", CalendarYear)
	in := Day(2026, 8, 10)
	deals := []Deal{
		fdeal(1, 3, 0, StatusOpen, CategoryCommit, 10_000, 80, in),  // Ann
		fdeal(2, 4, 0, StatusOpen, CategoryCommit, 6_000, 80, in),   // Bob
		fdeal(3, 5, 0, StatusOpen, CategoryBestCase, 2_000, 50, in), // Zoe
	}
	adj := []ForecastAdjustment{
		{ID: 1, Period: q3, PersonID: 3, ByID: 2, Commit: 7_000, BestCase: 9_000, Note: "slipping", At: Day(2026, 7, 1)},
		{ID: 2, Period: q3, PersonID: 3, ByID: 2, Commit: 8_000, BestCase: 9_000, Note: "later call", At: Day(2026, 7, 8)},
		{ID: 3, Period: MustParsePeriod("2026-Q4", CalendarYear), PersonID: 4, Commit: 1, BestCase: 1, Note: "other quarter"},
	}
	f := BuildPipeline(deals, q3, forecastOrg(), nil, adj)
	ann, _ := f.Row(3)
	if ann.Adjusted != (Call{Commit: 8_000, BestCase: 9_000, Adjusted: true, Note: "later call"}) || ann.Total.CommitForecast() != 10_000 {
		t.Errorf("Ann adjusted %+v, unadjusted %d", ann.Adjusted, ann.Total.CommitForecast())
	}
	mia, _ := f.Row(2) // Ann's adjusted 8,000 + Bob's 6,000
	if mia.Adjusted.Commit != 14_000 || mia.Adjusted.BestCase != 15_000 || !mia.Adjusted.Adjusted || mia.Adjusted.Note != "" || mia.Total.CommitForecast() != 16_000 {
		t.Errorf("Mia adjusted %+v, unadjusted %d", mia.Adjusted, mia.Total.CommitForecast())
	}
	if f.Adjusted.Commit != 14_000 || f.Adjusted.BestCase != 17_000 {
		t.Errorf("everyone adjusted %+v", f.Adjusted)
	}
	// Dana overrides the whole organisation.
	adj = append(adj, ForecastAdjustment{ID: 4, Period: q3, PersonID: 1, ByID: 1, Commit: 12_000, BestCase: 20_000, Note: "board call", At: Day(2026, 7, 9)})
	f = BuildPipeline(deals, q3, forecastOrg(), nil, adj)
	if f.Adjusted.Commit != 12_000 || f.Adjusted.BestCase != 20_000 {
		t.Errorf("after the director's call %+v", f.Adjusted)
	}
	if north := f.Teams[0]; north.Adjusted.Commit != 14_000 || north.Total.CommitForecast() != 16_000 {
		t.Errorf("North team %+v", north)
	}
}

func TestAdjustmentValidate(t *testing.T) {
	q3 := MustParsePeriod("2026-Q3", CalendarYear)
	ok := ForecastAdjustment{Period: q3, PersonID: 1, Commit: 1, BestCase: 2, Note: "why"}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, mut := range map[string]func(*ForecastAdjustment){
		"no person":     func(a *ForecastAdjustment) { a.PersonID = 0 },
		"no note":       func(a *ForecastAdjustment) { a.Note = " " },
		"negative":      func(a *ForecastAdjustment) { a.Commit = -1 },
		"best < commit": func(a *ForecastAdjustment) { a.BestCase = 0 },
		"no period":     func(a *ForecastAdjustment) { a.Period = Period{} },
	} {
		a := ok
		mut(&a)
		if a.Validate() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWaterfallHandMade(t *testing.T) {
	q3 := MustParsePeriod("2026-Q3", CalendarYear)
	in, later := Day(2026, 8, 1), Day(2026, 11, 1)
	from := []Deal{
		fdeal(1, 1, 0, StatusOpen, CategoryCommit, 100, 50, in),     // grows to 150
		fdeal(2, 1, 0, StatusOpen, CategoryCommit, 200, 50, in),     // shrinks to 120
		fdeal(3, 1, 0, StatusOpen, CategoryPipeline, 300, 50, in),   // pushed to Q4
		fdeal(4, 1, 0, StatusOpen, CategoryPipeline, 400, 50, in),   // lost
		fdeal(5, 1, 0, StatusOpen, CategoryBestCase, 500, 50, in),   // won at 650
		fdeal(6, 1, 0, StatusOpen, CategoryPipeline, 60, 50, in),    // deleted
		fdeal(7, 1, 0, StatusOpen, CategoryPipeline, 70, 50, later), // pulled into Q3 at 80
		fdeal(8, 1, 0, StatusOpen, CategoryOmitted, 90, 50, in),     // back from Omitted
	}
	to := []Deal{
		fdeal(1, 1, 0, StatusOpen, CategoryCommit, 150, 50, in),
		fdeal(2, 1, 0, StatusOpen, CategoryCommit, 120, 50, in),
		fdeal(3, 1, 0, StatusOpen, CategoryPipeline, 300, 50, later),
		fdeal(4, 1, 0, StatusLost, CategoryOmitted, 400, 0, in),
		fdeal(5, 1, 0, StatusWon, CategoryClosed, 650, 100, in),
		fdeal(7, 1, 0, StatusOpen, CategoryPipeline, 80, 50, in),
		fdeal(8, 1, 0, StatusOpen, CategoryPipeline, 90, 50, in),
		fdeal(9, 1, 0, StatusOpen, CategoryPipeline, 1_000, 50, in), // created
	}
	w := PipelineWaterfall(from, to, q3, "")
	want := Waterfall{Start: 1_560, Created: 1_000, PulledIn: 170, Increased: 50, Decreased: 80, PushedOut: 300, Lost: 460, Won: 500, End: 1_440}
	if w != want {
		t.Errorf("waterfall %+v\nwant      %+v", w, want)
	}
	if w.Balance() != 0 {
		t.Errorf("balance %d", w.Balance())
	}
	// Per category: deal 8 enters Pipeline; deal 1 and 2 stay in Commit.
	c := PipelineWaterfall(from, to, q3, CategoryCommit)
	if c.Start != 300 || c.End != 270 || c.Increased != 50 || c.Decreased != 80 || c.Balance() != 0 {
		t.Errorf("commit waterfall %+v", c)
	}
}

func TestWaterfallBalancesOnRandomSnapshots(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	q3 := MustParsePeriod("2026-Q3", CalendarYear)
	dates := []time.Time{Day(2026, 6, 30), Day(2026, 7, 1), Day(2026, 9, 30), Day(2026, 10, 1), {}}
	statuses := []DealStatus{StatusOpen, StatusOpen, StatusOpen, StatusWon, StatusLost}
	random := func(id int64) Deal {
		cat := ForecastCategories[rng.IntN(len(ForecastCategories))]
		return fdeal(id, 1, 0, statuses[rng.IntN(len(statuses))], cat, Money(rng.IntN(1_000_000)), 50, dates[rng.IntN(len(dates))])
	}
	for round := 0; round < 500; round++ {
		n := rng.IntN(60)
		var from, to []Deal
		for id := int64(1); id <= int64(n); id++ {
			a := random(id)
			if rng.IntN(5) > 0 {
				from = append(from, a)
			}
			if rng.IntN(6) > 0 {
				b := a
				switch rng.IntN(4) {
				case 0:
					b = random(id)
				case 1:
					b.Value += Money(rng.IntN(2001) - 1000)
				}
				to = append(to, b)
			}
		}
		rng.Shuffle(len(to), func(i, j int) { to[i], to[j] = to[j], to[i] })
		total := PipelineWaterfall(from, to, q3, "")
		if total.Balance() != 0 {
			t.Fatalf("round %d: %+v does not balance (%d)", round, total, total.Balance())
		}
		var startSum, endSum Money
		for _, c := range []ForecastCategory{CategoryPipeline, CategoryBestCase, CategoryCommit} {
			w := PipelineWaterfall(from, to, q3, c)
			if w.Balance() != 0 {
				t.Fatalf("round %d, %s: %+v does not balance", round, c, w)
			}
			startSum += w.Start
			endSum += w.End
		}
		if startSum != total.Start || endSum != total.End {
			t.Fatalf("round %d: categories start %d end %d, total %d %d", round, startSum, endSum, total.Start, total.End)
		}
	}
}

func TestMonthlyClosedWonZeroFills(t *testing.T) {
	deals := []Deal{
		fdeal(1, 1, 0, StatusWon, CategoryClosed, 100, 100, Day(2026, 1, 15)),
		fdeal(2, 1, 0, StatusWon, CategoryClosed, 50, 100, Day(2026, 3, 31)),
		fdeal(3, 2, 0, StatusWon, CategoryClosed, 70, 100, Day(2026, 3, 1)),
		fdeal(4, 1, 0, StatusWon, CategoryClosed, 999, 100, Day(2026, 5, 2)), // the as-of month: not history
		fdeal(5, 1, 0, StatusLost, CategoryOmitted, 999, 0, Day(2026, 2, 2)),
		fdeal(6, 1, 0, StatusOpen, CategoryCommit, 999, 80, Day(2026, 2, 2)),
	}
	months, vals := MonthlyClosedWon(deals, Day(2026, 5, 20), CalendarYear, nil)
	if len(months) != 4 || months[0].String() != "2026-01" || months[3].String() != "2026-04" {
		t.Fatalf("months %v", months)
	}
	if want := []Money{100, 0, 120, 0}; vals[0] != want[0] || vals[1] != want[1] || vals[2] != want[2] || vals[3] != want[3] {
		t.Errorf("values %v, want %v", vals, want)
	}
	_, vals = MonthlyClosedWon(deals, Day(2026, 5, 20), CalendarYear, func(d *Deal) bool { return d.OwnerID == 2 })
	if len(vals) != 2 || vals[0] != 70 || vals[1] != 0 {
		t.Errorf("owner 2: %v, want [70 0] (from March)", vals)
	}
	if m, _ := MonthlyClosedWon(nil, Day(2026, 5, 20), CalendarYear, nil); m != nil {
		t.Errorf("no deals: %v", m)
	}
	if c := CommitByOwner(deals, MustParsePeriod("2026-Q1", CalendarYear)); c[1] != 150+999 || c[2] != 70 {
		t.Errorf("commit by owner %v", c)
	}
	if w := WonByOwner(deals, MustParsePeriod("2026-Q1", CalendarYear)); w[1] != 150 || w[2] != 70 {
		t.Errorf("won by owner %v", w)
	}
}

func TestPipelineSurvivesAReportingLoop(t *testing.T) {
	q3 := MustParsePeriod("2026-Q3", CalendarYear)
	org := Org{People: []Person{{ID: 1, Name: "A", ManagerID: 2}, {ID: 2, Name: "B", ManagerID: 1}, {ID: 3, Name: "C"}}}
	deals := []Deal{fdeal(1, 1, 0, StatusWon, CategoryClosed, 100, 100, Day(2026, 8, 1)), fdeal(2, 3, 0, StatusWon, CategoryClosed, 50, 100, Day(2026, 8, 1))}
	f := BuildPipeline(deals, q3, org, nil, nil)
	if len(f.People) != 3 || f.Adjusted.Commit != 150 {
		t.Errorf("%d rows, everyone's call %d; want every person once and 150", len(f.People), f.Adjusted.Commit)
	}
}

func TestOnlyThePersonAndTheirManagersAdjust(t *testing.T) {
	// dir ← mgr ← ann, bob (under dir directly); cyc1 ↔ cyc2 report to each other.
	org := Org{People: []Person{{ID: 1, Name: "dir"}, {ID: 2, Name: "mgr", ManagerID: 1}, {ID: 3, Name: "ann", ManagerID: 2},
		{ID: 4, Name: "bob", ManagerID: 1}, {ID: 5, Name: "cyc1", ManagerID: 6}, {ID: 6, Name: "cyc2", ManagerID: 5}}}
	for _, c := range []struct {
		by, person int64
		want       bool
	}{
		{3, 3, true}, {2, 3, true}, {1, 3, true}, {4, 3, false}, {3, 2, false}, {2, 4, false}, {1, 4, true},
		{6, 5, true}, {5, 6, true}, {1, 5, false},
	} {
		if got := org.CanAdjust(c.by, c.person); got != c.want {
			t.Errorf("CanAdjust(%d, %d) = %v, want %v", c.by, c.person, got, c.want)
		}
	}
	if got := org.Adjusters(3); len(got) != 3 || got[0] != 3 || got[1] != 2 || got[2] != 1 {
		t.Errorf("Adjusters(ann) = %v, want ann, mgr, dir", got)
	}
}
