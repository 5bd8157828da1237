package domain

import (
	"math"
	"reflect"
	"testing"
	"time"
)

// People in the credit tests.
const (
	owner   int64 = 10
	mate    int64 = 20
	overlay int64 = 30
)

func wonDeal(id int64, value Money, close time.Time) Deal {
	return Deal{ID: id, Name: "deal", StageID: 5, Status: StatusWon, OwnerID: owner, Amount: value, HasAmount: true, Value: value, CloseDate: close}
}

func TestDealCredits(t *testing.T) {
	d := wonDeal(1, 1_000_000, Day(2026, 8, 15)) // 10,000.00
	split6040 := []DealSplit{
		{DealID: 1, PersonID: owner, Kind: SplitRevenue, Share: RatePercent(60)},
		{DealID: 1, PersonID: mate, Kind: SplitRevenue, Share: RatePercent(40)},
	}
	withOverlay := append(append([]DealSplit{}, split6040...), DealSplit{DealID: 1, PersonID: overlay, Kind: SplitOverlay, Share: RatePercent(10)})
	tests := []struct {
		name   string
		deal   Deal
		splits []DealSplit
		want   []Credit
		total  Money
	}{
		{"the owner of an unsplit won deal gets 100 %", d, nil, []Credit{
			{DealID: 1, PersonID: owner, Kind: SplitRevenue, Share: RateOne, Amount: 1_000_000},
		}, 1_000_000},
		{"revenue splits 60/40 replace the owner's 100 %", d, split6040, []Credit{
			{DealID: 1, PersonID: owner, Kind: SplitRevenue, Share: RatePercent(60), Amount: 600_000},
			{DealID: 1, PersonID: mate, Kind: SplitRevenue, Share: RatePercent(40), Amount: 400_000},
		}, 1_000_000},
		// 60 % + 40 % + 10 % overlay = 110 % of 10,000.00 = 11,000.00 credited.
		{"a 10 % overlay on a 60/40 split credits 110 % in all", d, withOverlay, []Credit{
			{DealID: 1, PersonID: owner, Kind: SplitRevenue, Share: RatePercent(60), Amount: 600_000},
			{DealID: 1, PersonID: mate, Kind: SplitRevenue, Share: RatePercent(40), Amount: 400_000},
			{DealID: 1, PersonID: overlay, Kind: SplitOverlay, Share: RatePercent(10), Amount: 100_000},
		}, 1_100_000},
		{"an overlay alone leaves the owner's 100 % intact", d, withOverlay[2:], []Credit{
			{DealID: 1, PersonID: owner, Kind: SplitRevenue, Share: RateOne, Amount: 1_000_000},
			{DealID: 1, PersonID: overlay, Kind: SplitOverlay, Share: RatePercent(10), Amount: 100_000},
		}, 1_100_000},
		{"a won deal without owner or splits credits nobody", func() Deal { x := d; x.OwnerID = 0; return x }(), nil, nil, 0},
		{"an open deal credits nobody", func() Deal { x := d; x.Status = StatusOpen; return x }(), split6040, nil, 0},
		{"a lost deal credits nobody", func() Deal { x := d; x.Status = StatusLost; return x }(), nil, nil, 0},
		// 333.33 × 33.3333 % = 111.109889 → 111.11 (rounded once, per credit).
		{"a credit is rounded once to the cent", wonDeal(2, 33_333, Day(2026, 8, 15)), []DealSplit{
			{DealID: 2, PersonID: overlay, Kind: SplitOverlay, Share: 333_333},
		}, []Credit{
			{DealID: 2, PersonID: owner, Kind: SplitRevenue, Share: RateOne, Amount: 33_333},
			{DealID: 2, PersonID: overlay, Kind: SplitOverlay, Share: 333_333, Amount: 11_111},
		}, 44_444},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DealCredits(&tt.deal, tt.splits)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("DealCredits() =\n%+v\nwant\n%+v", got, tt.want)
			}
			var total Money
			for _, c := range got {
				total += c.Amount
			}
			if total != tt.total {
				t.Errorf("total credited = %d, want %d", total, tt.total)
			}
		})
	}
}

func TestCreditedBookings(t *testing.T) {
	deals := []Deal{
		wonDeal(1, 1_000_000, Day(2026, 8, 15)), // in Q3, split 60/40 + 10 % overlay
		wonDeal(2, 500_000, Day(2026, 9, 30)),   // in Q3 on its last day, owner only
		wonDeal(3, 700_000, Day(2026, 10, 1)),   // first day of Q4: outside
		wonDeal(4, 900_000, Day(2026, 6, 30)),   // last day of Q2: outside
		{ID: 5, Status: StatusLost, OwnerID: owner, Value: 300_000, HasAmount: true, CloseDate: Day(2026, 8, 1)},
		{ID: 6, Status: StatusOpen, OwnerID: mate, Value: 800_000, HasAmount: true, CloseDate: Day(2026, 8, 1)},
	}
	deals[3].OwnerID = mate
	splits := map[int64][]DealSplit{
		1: {
			{DealID: 1, PersonID: owner, Kind: SplitRevenue, Share: RatePercent(60)},
			{DealID: 1, PersonID: mate, Kind: SplitRevenue, Share: RatePercent(40)},
			{DealID: 1, PersonID: overlay, Kind: SplitOverlay, Share: RatePercent(10)},
		},
		// Splits of deals outside the period must not leak in.
		3: {{DealID: 3, PersonID: overlay, Kind: SplitOverlay, Share: RatePercent(50)}},
	}
	// owner: 60 % of 10,000.00 + 5,000.00 = 11,000.00; mate: 40 % of
	// 10,000.00 = 4,000.00; overlay: 10 % of 10,000.00 = 1,000.00.
	want := map[int64]Money{owner: 1_100_000, mate: 400_000, overlay: 100_000}
	tests := []struct {
		name string
		p    Period
	}{
		{"calendar 2026-Q3 credits only the deals closed Jul–Sep 2026", MustParsePeriod("2026-Q3", CalendarYear)},
		{"July fiscal 2027-Q1 named by end year is the same Jul–Sep 2026", MustParsePeriod("2027-Q1", julyByEnd)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CreditedBookings(deals, splits, tt.p); !reflect.DeepEqual(got, want) {
				t.Errorf("CreditedBookings(%s) = %v, want %v", tt.p, got, want)
			}
		})
	}
	t.Run("a period without won deals credits nobody", func(t *testing.T) {
		if got := CreditedBookings(deals, splits, MustParsePeriod("2025", CalendarYear)); len(got) != 0 {
			t.Errorf("CreditedBookings(2025) = %v, want empty", got)
		}
	})
}

func TestAttainment(t *testing.T) {
	tests := []struct {
		name            string
		credited, quota Money
		want            Rate
		ok              bool
	}{
		{"110,000 of a 100,000 quota is 110 %", 11_000_000, 10_000_000, 1_100_000, true},
		{"nothing sold of a quota is 0 %", 0, 10_000_000, 0, true},
		{"a zero quota gives no attainment", 5_000, 0, 0, false},
		{"a negative quota gives no attainment", 5_000, -1, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Attainment(tt.credited, tt.quota)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Attainment(%d, %d) = %d, %v; want %d, %v", tt.credited, tt.quota, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// kpiDeal builds a deal for the KPI tests; created may be zero.
func kpiDeal(status DealStatus, value Money, created, close time.Time) Deal {
	return Deal{Name: "d", StageID: 1, Status: status, Value: value, Amount: value, HasAmount: true, Created: created, CloseDate: close, Category: CategoryPipeline}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestComputeKPIs(t *testing.T) {
	q3 := MustParsePeriod("2026-Q3", CalendarYear) // 2026-07-01 .. 2026-09-30
	some := func(v float64) OptFloat { return OptFloat{V: v, OK: true} }

	// A typical quarter.
	wonA := kpiDeal(StatusWon, 2_000_000, Day(2026, 5, 1), Day(2026, 7, 31)) // cycle: 31 (May) + 30 (Jun) + 30 = 91 days
	wonB := kpiDeal(StatusWon, 1_000_000, Day(2026, 8, 1), Day(2026, 8, 31)) // cycle: 30 days
	lostC := kpiDeal(StatusLost, 400_000, Day(2026, 6, 1), Day(2026, 9, 15))
	lostD := kpiDeal(StatusLost, 400_000, Day(2026, 6, 1), Day(2026, 7, 10))
	lostE := kpiDeal(StatusLost, 400_000, Day(2026, 6, 1), Day(2026, 9, 30))
	openF := kpiDeal(StatusOpen, 3_000_000, Day(2026, 6, 1), Day(2026, 9, 30))
	openF.Probability, openF.Category = RatePercent(50), CategoryCommit
	openG := kpiDeal(StatusOpen, 1_000_000, Day(2026, 6, 1), Day(2026, 8, 1)) // omitted: counted open, not pipeline
	openG.Probability, openG.Category = RatePercent(10), CategoryOmitted
	openH := kpiDeal(StatusOpen, 500_000, Day(2026, 6, 1), Day(2026, 10, 1)) // closes after Q3
	wonI := kpiDeal(StatusWon, 9_000_000, Day(2026, 1, 1), Day(2026, 6, 30)) // closed before Q3
	openNoClose := kpiDeal(StatusOpen, 700_000, Day(2026, 7, 1), time.Time{})
	typical := []Deal{wonA, wonB, lostC, lostD, lostE, openF, openG, openH, wonI, openNoClose}

	wonNoCreated := wonB
	wonNoCreated.Created = time.Time{}

	tests := []struct {
		name  string
		deals []Deal
		quota Money
		want  KPIs
	}{
		{
			// Won 2 (3,000,000), lost 3: win rate 2/5 = 40 %; average deal
			// 3,000,000 / 2 = 1,500,000; cycle (91 + 30) / 2 = 60.5 days;
			// attainment 3,000,000 / 10,000,000 = 30 %; open pipeline F only
			// (G omitted, H outside) = 3,000,000, weighted 50 % = 1,500,000;
			// coverage 3,000,000 / (10,000,000 − 3,000,000) = 3/7.
			"a typical quarter gives every figure", typical, 10_000_000,
			KPIs{ClosedWon: 3_000_000, Quota: 10_000_000, Attainment: some(0.3), WonCount: 2, LostCount: 3, OpenCount: 2,
				WinRate: some(0.4), AvgDealSize: some(1_500_000), AvgCycleDays: some(60.5), OpenPipeline: 3_000_000,
				WeightedPipeline: 1_500_000, PipelineCoverage: some(3.0 / 7.0)},
		},
		{
			// Attainment 0 / 1,000,000 = 0; coverage 0 / (1,000,000 − 0) = 0.
			"no deals give no rates but a zero attainment against a quota", nil, 1_000_000,
			KPIs{Quota: 1_000_000, Attainment: some(0), PipelineCoverage: some(0)},
		},
		{
			// Won 3,000,000 of 2,000,000 quota: 150 %; 2 won, 0 lost: 100 %.
			"no lost deals give a 100 % win rate", []Deal{wonA, wonB}, 2_000_000,
			KPIs{ClosedWon: 3_000_000, Quota: 2_000_000, Attainment: some(1.5), WonCount: 2, WinRate: some(1),
				AvgDealSize: some(1_500_000), AvgCycleDays: some(60.5)},
		},
		{
			"a zero quota gives no attainment and no coverage", typical, 0,
			KPIs{ClosedWon: 3_000_000, WonCount: 2, LostCount: 3, OpenCount: 2, WinRate: some(0.4), AvgDealSize: some(1_500_000),
				AvgCycleDays: some(60.5), OpenPipeline: 3_000_000, WeightedPipeline: 1_500_000},
		},
		{
			// Only A has a created date: cycle 91 days; both count as won.
			"deals without a created date are left out of the sales cycle", []Deal{wonA, wonNoCreated}, 0,
			KPIs{ClosedWon: 3_000_000, WonCount: 2, WinRate: some(1), AvgDealSize: some(1_500_000), AvgCycleDays: some(91)},
		},
		{
			"won deals none of which has a created date give no sales cycle", []Deal{wonNoCreated}, 0,
			KPIs{ClosedWon: 1_000_000, WonCount: 1, WinRate: some(1), AvgDealSize: some(1_000_000)},
		},
		{
			// Pipeline F 3,000,000 (G omitted) / (4,000,000 − 0) = 0.75.
			"a period with only open deals has pipeline but no win rate", []Deal{openF, openG, openH}, 4_000_000,
			KPIs{Quota: 4_000_000, Attainment: some(0), OpenCount: 2, OpenPipeline: 3_000_000, WeightedPipeline: 1_500_000,
				PipelineCoverage: some(0.75)},
		},
		{
			"coverage is undefined once closed-won equals the quota", []Deal{wonA, wonB, openF}, 3_000_000,
			KPIs{ClosedWon: 3_000_000, Quota: 3_000_000, Attainment: some(1), WonCount: 2, OpenCount: 1, WinRate: some(1),
				AvgDealSize: some(1_500_000), AvgCycleDays: some(60.5), OpenPipeline: 3_000_000, WeightedPipeline: 1_500_000},
		},
		{
			"coverage is undefined once closed-won exceeds the quota", []Deal{wonA, wonB, openF}, 2_500_000,
			KPIs{ClosedWon: 3_000_000, Quota: 2_500_000, Attainment: some(1.2), WonCount: 2, OpenCount: 1, WinRate: some(1),
				AvgDealSize: some(1_500_000), AvgCycleDays: some(60.5), OpenPipeline: 3_000_000, WeightedPipeline: 1_500_000},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ComputeKPIs(tt.deals, q3, tt.quota)
			checkKPIs(t, got, tt.want)
		})
	}
}

func checkKPIs(t *testing.T, got, want KPIs) {
	t.Helper()
	if got.ClosedWon != want.ClosedWon || got.Quota != want.Quota || got.WonCount != want.WonCount ||
		got.LostCount != want.LostCount || got.OpenCount != want.OpenCount || got.OpenPipeline != want.OpenPipeline ||
		got.WeightedPipeline != want.WeightedPipeline {
		t.Errorf("money and counts:\n got %+v\nwant %+v", got, want)
	}
	opts := []struct {
		name      string
		got, want OptFloat
	}{
		{"Attainment", got.Attainment, want.Attainment},
		{"WinRate", got.WinRate, want.WinRate},
		{"AvgDealSize", got.AvgDealSize, want.AvgDealSize},
		{"AvgCycleDays", got.AvgCycleDays, want.AvgCycleDays},
		{"PipelineCoverage", got.PipelineCoverage, want.PipelineCoverage},
		{"LeadResponseHrs", got.LeadResponseHrs, want.LeadResponseHrs},
	}
	for _, o := range opts {
		if o.got.OK != o.want.OK || (o.want.OK && !near(o.got.V, o.want.V)) {
			t.Errorf("%s = %+v, want %+v", o.name, o.got, o.want)
		}
	}
}

func TestComputeKPIsLeadResponse(t *testing.T) {
	q3 := MustParsePeriod("2026-Q3", CalendarYear)
	at := func(d, h int) time.Time { return time.Date(2026, 7, d, h, 0, 0, 0, time.UTC) }
	lead := func(created time.Time, leadAt time.Time, hours int) Deal {
		d := kpiDeal(StatusOpen, 0, created, time.Time{})
		d.LeadCreated = leadAt
		if hours >= 0 {
			d.FirstResponse = leadAt.Add(time.Duration(hours) * time.Hour)
		}
		return d
	}
	h2 := lead(Day(2026, 7, 2), at(1, 9), 2)
	h4 := lead(Day(2026, 7, 3), at(2, 9), 4)
	h10 := lead(Day(2026, 8, 3), at(3, 9), 10)
	h30 := lead(Day(2026, 9, 30), at(4, 9), 30)
	before := lead(Day(2026, 6, 30), at(1, 9), 1)     // created before Q3
	noResponse := lead(Day(2026, 7, 5), at(5, 9), -1) // no first response yet
	noCreated := lead(time.Time{}, at(6, 9), 1)       // created date unknown
	tests := []struct {
		name  string
		deals []Deal
		want  OptFloat
	}{
		// Sorted 2, 4, 10, 30 h: median (4 + 10) / 2 = 7 h.
		{"an even count takes the mean of the middle two", []Deal{h30, h2, h10, h4, before, noResponse, noCreated}, OptFloat{7, true}},
		// Sorted 2, 10, 30 h: median 10 h.
		{"an odd count takes the middle one", []Deal{h30, h2, h10}, OptFloat{10, true}},
		{"deals created outside the period or lacking a time give none", []Deal{before, noResponse, noCreated}, OptFloat{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ComputeKPIs(tt.deals, q3, 0).LeadResponseHrs
			if got.OK != tt.want.OK || !near(got.V, tt.want.V) {
				t.Errorf("LeadResponseHrs = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want float64
	}{
		{"nothing has a median of 0", nil, 0},
		{"one value is its own median", []float64{5}, 5},
		{"three unsorted values give the middle one", []float64{3, 1, 2}, 2},
		{"four values give the mean of the middle two", []float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Median(tt.xs); got != tt.want {
				t.Errorf("Median(%v) = %v, want %v", tt.xs, got, tt.want)
			}
		})
	}
}
