package domain

import (
	"math"
	"testing"
	"time"
)

// KPIDealSet is a hand-made set of deals around 2026-Q3 (calendar year).
// Amounts in cents. The expected figures were worked by hand:
//
//	won in Q3: 10,000 (40-day cycle), 30,000 (50 days), 5,000 (no created date)
//	lost in Q3: 8,000; open in Q3: 20,000 at 50 % (commit), 4,000 omitted
//	outside Q3: a won deal on 30 June, an open deal closing 1 October
//	lead response of deals created in Q3: 3 h, 0.5 h, 24 h, 10 h → median 6.5 h
func kpiDealSet() []Deal {
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	return []Deal{
		{Name: "W1", Status: StatusWon, Value: 1_000_000, Created: Day(2026, 6, 1), CloseDate: Day(2026, 7, 11)},
		{Name: "W2", Status: StatusWon, Value: 3_000_000, Created: Day(2026, 7, 1), CloseDate: Day(2026, 8, 20),
			LeadCreated: at(2026, 6, 30, 10, 0), FirstResponse: at(2026, 6, 30, 13, 0)},
		{Name: "W3", Status: StatusWon, Value: 500_000, CloseDate: Day(2026, 9, 30)},
		{Name: "L1", Status: StatusLost, Value: 800_000, Created: Day(2026, 8, 1), CloseDate: Day(2026, 9, 1),
			LeadCreated: at(2026, 8, 1, 0, 0), FirstResponse: at(2026, 8, 2, 0, 0)},
		{Name: "O1", Status: StatusOpen, Value: 2_000_000, Probability: RatePercent(50), Category: CategoryCommit,
			Created: Day(2026, 7, 5), CloseDate: Day(2026, 9, 30), LeadCreated: at(2026, 7, 5, 8, 0), FirstResponse: at(2026, 7, 5, 8, 30)},
		{Name: "O2", Status: StatusOpen, Value: 400_000, Probability: RatePercent(10), Category: CategoryOmitted, CloseDate: Day(2026, 8, 1)},
		{Name: "O3", Status: StatusOpen, Value: 700_000, Probability: RatePercent(20), Category: CategoryPipeline,
			Created: Day(2026, 9, 1), CloseDate: Day(2026, 10, 1), LeadCreated: at(2026, 9, 1, 0, 0), FirstResponse: at(2026, 9, 1, 10, 0)},
		{Name: "W4", Status: StatusWon, Value: 9_999_900, Created: Day(2026, 5, 1), CloseDate: Day(2026, 6, 30)},
	}
}

func opt(v float64) OptFloat { return OptFloat{v, true} }

var none = OptFloat{}

func TestKPIsOfHandMadeDealSets(t *testing.T) {
	q3 := MustParsePeriod("2026-Q3", CalendarYear)
	only := func(names ...string) []Deal {
		var out []Deal
		for _, d := range kpiDealSet() {
			for _, n := range names {
				if d.Name == n {
					out = append(out, d)
				}
			}
		}
		return out
	}
	noCreated := only("W1", "W2", "L1")
	for i := range noCreated {
		noCreated[i].Created, noCreated[i].LeadCreated, noCreated[i].FirstResponse = time.Time{}, time.Time{}, time.Time{}
	}
	cases := []struct {
		name  string
		deals []Deal
		quota Money
		want  KPIs
	}{
		{"the whole set against a quota of 100,000", kpiDealSet(), 10_000_000, KPIs{
			ClosedWon: 4_500_000, Quota: 10_000_000, Attainment: opt(0.45), WonCount: 3, LostCount: 1, OpenCount: 2,
			WinRate: opt(0.75), AvgDealSize: opt(1_500_000), AvgCycleDays: opt(45),
			OpenPipeline: 2_000_000, WeightedPipeline: 1_000_000, PipelineCoverage: opt(2_000_000.0 / 5_500_000), LeadResponseHrs: opt(6.5)}},
		{"no deals at all", nil, 10_000_000, KPIs{Quota: 10_000_000, Attainment: opt(0), PipelineCoverage: opt(0)}},
		{"no deals and no quota", nil, 0, KPIs{}},
		{"no lost deals: every closed deal won", only("W1", "W2"), 10_000_000, KPIs{
			ClosedWon: 4_000_000, Quota: 10_000_000, Attainment: opt(0.4), WonCount: 2, WinRate: opt(1),
			AvgDealSize: opt(2_000_000), AvgCycleDays: opt(45), PipelineCoverage: opt(0), LeadResponseHrs: opt(3)}},
		{"zero quota: no attainment and no coverage", only("W1", "L1", "O1"), 0, KPIs{
			ClosedWon: 1_000_000, WonCount: 1, LostCount: 1, OpenCount: 1, WinRate: opt(0.5), AvgDealSize: opt(1_000_000),
			AvgCycleDays: opt(40), OpenPipeline: 2_000_000, WeightedPipeline: 1_000_000, LeadResponseHrs: opt(median(24, 0.5))}},
		{"deals without created date: no sales cycle, no lead response", noCreated, 10_000_000, KPIs{
			ClosedWon: 4_000_000, Quota: 10_000_000, Attainment: opt(0.4), WonCount: 2, LostCount: 1, WinRate: opt(2.0 / 3),
			AvgDealSize: opt(2_000_000), AvgCycleDays: none, PipelineCoverage: opt(0)}},
		{"a period with only open deals", only("O1", "O2", "O3"), 10_000_000, KPIs{
			Quota: 10_000_000, Attainment: opt(0), OpenCount: 2, OpenPipeline: 2_000_000, WeightedPipeline: 1_000_000,
			PipelineCoverage: opt(0.2), LeadResponseHrs: opt(median(0.5, 10))}},
		{"closed-won above quota: nothing left to cover", only("W1", "W2"), 3_000_000, KPIs{
			ClosedWon: 4_000_000, Quota: 3_000_000, Attainment: opt(1.333333) /* a Rate: millionths */, WonCount: 2, WinRate: opt(1),
			AvgDealSize: opt(2_000_000), AvgCycleDays: opt(45), LeadResponseHrs: opt(3)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := TotalsOf(c.deals, q3).KPIs(c.quota)
			assertKPIs(t, got, c.want)
			// The in-memory computation of the foundation agrees.
			assertKPIs(t, ComputeKPIs(c.deals, q3, c.quota), c.want)
		})
	}
}

func median(xs ...float64) float64 { return Median(xs) }

func assertKPIs(t *testing.T, got, want KPIs) {
	t.Helper()
	ints := []struct {
		name      string
		got, want int64
	}{
		{"closed-won", int64(got.ClosedWon), int64(want.ClosedWon)},
		{"quota", int64(got.Quota), int64(want.Quota)},
		{"won", int64(got.WonCount), int64(want.WonCount)},
		{"lost", int64(got.LostCount), int64(want.LostCount)},
		{"open", int64(got.OpenCount), int64(want.OpenCount)},
		{"open pipeline", int64(got.OpenPipeline), int64(want.OpenPipeline)},
		{"weighted pipeline", int64(got.WeightedPipeline), int64(want.WeightedPipeline)},
	}
	for _, x := range ints {
		if x.got != x.want {
			t.Errorf("%s = %d, want %d", x.name, x.got, x.want)
		}
	}
	opts := []struct {
		name      string
		got, want OptFloat
	}{
		{"attainment", got.Attainment, want.Attainment},
		{"win rate", got.WinRate, want.WinRate},
		{"average deal size", got.AvgDealSize, want.AvgDealSize},
		{"average cycle", got.AvgCycleDays, want.AvgCycleDays},
		{"pipeline coverage", got.PipelineCoverage, want.PipelineCoverage},
		{"lead response", got.LeadResponseHrs, want.LeadResponseHrs},
	}
	for _, x := range opts {
		if x.got.OK != x.want.OK || math.Abs(x.got.V-x.want.V) > 1e-9 {
			t.Errorf("%s = %+v, want %+v", x.name, x.got, x.want)
		}
	}
}

func TestTotalsAddUpAcrossPeople(t *testing.T) {
	q3 := MustParsePeriod("2026-Q3", CalendarYear)
	set := kpiDealSet()
	var sum KPITotals
	for i := range set {
		sum.Add(TotalsOf(set[i:i+1], q3))
	}
	assertKPIs(t, sum.KPIs(10_000_000), TotalsOf(set, q3).KPIs(10_000_000))
}

func TestCreditReplacesClosedWonInAttainment(t *testing.T) {
	r := KPIReport{KPIs: KPIs{ClosedWon: 100, Quota: 400}}
	r.SetCredited(300)
	if !r.Attainment.OK || r.Attainment.V != 0.75 {
		t.Errorf("attainment with credit 300 of quota 400 = %+v, want 0.75", r.Attainment)
	}
	r.Quota = 0
	r.SetCredited(300)
	if r.Attainment.OK {
		t.Errorf("attainment with no quota = %+v, want none", r.Attainment)
	}
}

func TestFunnelCountsDealsThatPassedEachStage(t *testing.T) {
	stages := []Stage{{Name: "Prospecting"}, {Name: "Proposal"}, {Name: "Negotiation"}, {Name: "Closed Won"}}
	// 10 stopped at Prospecting, 5 at Proposal, 3 at Negotiation, 2 won:
	// 20 reached Prospecting, 10 Proposal, 5 Negotiation, 2 won.
	got := Funnel(stages, []int{10, 5, 3, 2})
	want := []FunnelStep{
		{"Prospecting", 20, opt(0.5)}, {"Proposal", 10, opt(0.5)}, {"Negotiation", 5, opt(0.4)}, {"Closed Won", 2, none},
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("step %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	empty := Funnel(stages, nil)
	for _, s := range empty {
		if s.Reached != 0 || s.Conversion.OK {
			t.Errorf("funnel of no deals has step %+v", s)
		}
	}
}

func TestQualityScore(t *testing.T) {
	for _, c := range []struct {
		deals, flagged int
		want           OptFloat
	}{{0, 0, none}, {10, 0, opt(1)}, {10, 3, opt(0.7)}, {4, 4, opt(0)}} {
		if got := QualityScore(c.deals, c.flagged); got != c.want {
			t.Errorf("QualityScore(%d, %d) = %+v, want %+v", c.deals, c.flagged, got, c.want)
		}
	}
}

func TestDealSizeBandsCoverEveryValue(t *testing.T) {
	b := DealSizeBands(Currency{Code: "EUR", Digits: 2})
	if b[0].Lo != 0 || b[len(b)-1].Hi != 0 {
		t.Fatalf("bands %+v do not start at 0 and end open", b)
	}
	for i := 1; i < len(b); i++ {
		if b[i].Lo != b[i-1].Hi {
			t.Errorf("band %s starts at %d, the previous ends at %d", b[i].Label, b[i].Lo, b[i-1].Hi)
		}
	}
	if b[1].Lo != 1_000_000 {
		t.Errorf("10k in cents = %d, want 1,000,000", b[1].Lo)
	}
}
