package domain

import (
	"math"
	"reflect"
	"testing"
	"time"
)

// seasonPct builds a seasonality from whole and fractional percentages.
func seasonPct(ps ...float64) Seasonality {
	var s Seasonality
	for i, p := range ps {
		s[i] = RatePercent(p)
	}
	return s
}

// demoProfile is a year with a slow August and a strong December.
var demoProfile = seasonPct(6, 7, 9, 8, 8, 9, 7, 4, 9, 9, 10, 14)

func TestSeasonalitySpreadsExactly(t *testing.T) {
	year := MustParsePeriod("2026", CalendarYear)
	aprilFY := FiscalCalendar{StartMonth: time.April}
	// Jan 50 %, Feb–Jul 4.5455 %, Aug–Dec 4.5454 %: 50 + 6 × 4.5455 + 5 × 4.5454 = 100.
	halfJan := Seasonality{500_000, 45_455, 45_455, 45_455, 45_455, 45_455, 45_455, 45_454, 45_454, 45_454, 45_454, 45_454}
	tests := []struct {
		name   string
		s      Seasonality
		amount Money
		p      Period
		want   []Money
	}{
		// 100.00 / 12 = 8.3333…: 833 cents each leaves 4 cents, one each to
		// the first four months (equal remainders: the earlier month first).
		{"an even 100.00 puts the 4 spare cents in the first four months", Seasonality{}, 10_000, year,
			[]Money{834, 834, 834, 834, 833, 833, 833, 833, 833, 833, 833, 833}},
		// 120,000.00 × 6 % = 7,200.00 and so on: no remainder.
		{"a seasonal 120,000.00 follows the percentages to the cent", demoProfile, 12_000_000, year,
			[]Money{720_000, 840_000, 1_080_000, 960_000, 960_000, 1_080_000, 840_000, 480_000, 1_080_000, 1_080_000, 1_200_000, 1_680_000}},
		// 10 cents: Jan 5 exactly; each other month 0.45455 or 0.45454 →
		// floor 0; the 5 spare cents go to the largest remainders, Feb–Jun.
		{"ten cents go by largest remainder, ties to the earlier month", halfJan, 10, year,
			[]Money{5, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0}},
		// Q1 of 1.00 with Jan/Feb/Mar at 6/7/9 %: 100 × 6/22 = 27.27,
		// 100 × 7/22 = 31.82, 100 × 9/22 = 40.91 → floors 27+31+40 = 98;
		// the 2 spare cents go to Feb (.82) and Mar (.91).
		{"a quarter is spread by its months' weights alone", demoProfile, 100, MustParsePeriod("2026-Q1", CalendarYear),
			[]Money{27, 32, 41}},
		// A fiscal year from April lists Apr … Mar: the spare cents go to Apr–Jul.
		{"a fiscal year starting in April spreads from April", Seasonality{}, 10_000, MustParsePeriod("2027", aprilFY),
			[]Money{834, 834, 834, 834, 833, 833, 833, 833, 833, 833, 833, 833}},
		{"zero spreads to zeros", demoProfile, 0, year, make([]Money, 12)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.s.Validate(); err != nil {
				t.Fatal(err)
			}
			got := tt.s.Spread(tt.amount, tt.p.Months())
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Spread = %v, want %v", got, tt.want)
			}
			var sum Money
			for _, m := range got {
				sum += m
			}
			if sum != tt.amount {
				t.Errorf("the months sum to %d, want %d", sum, tt.amount)
			}
		})
	}
}

func TestSeasonalityMustSumTo100(t *testing.T) {
	tests := []struct {
		name string
		s    Seasonality
		ok   bool
	}{
		{"even (the zero value) is valid", Seasonality{}, true},
		{"6/7/9/8/8/9/7/4/9/9/10/14 sums to 100", demoProfile, true},
		{"twelve times 8.33 sums to 99.96 and is refused", seasonPct(8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33, 8.33), false},
		{"a negative month is refused", seasonPct(-1, 9, 9, 8, 8, 9, 7, 4, 9, 9, 10, 19), false},
		{"101 % is refused", seasonPct(7, 7, 9, 8, 8, 9, 7, 4, 9, 9, 10, 14), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Validate()
			if (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tt.ok)
			}
			if err != nil && ErrorCode(err) != EINVALID {
				t.Errorf("code %s, want %s", ErrorCode(err), EINVALID)
			}
		})
	}
}

func TestRampedAndSeasonalQuotas(t *testing.T) {
	year := MustParsePeriod("2026", CalendarYear)
	tests := []struct {
		name  string
		plan  QuotaPlan
		want  []Money
		total Money
		q2    Money
	}{
		// Hired 10 March: Jan, Feb not yet employed; March is ramp month 1
		// (0 %), April 25 % of 10,000 = 2,500, May 5,000, June 7,500, then
		// 10,000 × 6 = 60,000. Year = 75,000; Q2 = 2,500 + 5,000 + 7,500.
		{"an even 120,000 for a March hire ramps 0/25/50/75/100", QuotaPlan{Amount: 12_000_000, Period: year, Ramp: DefaultRamp(), Hire: Day(2026, 3, 10)},
			[]Money{0, 0, 0, 250_000, 500_000, 750_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000}, 7_500_000, 1_500_000},
		// Leaving on 1 November: November and December carry nothing, 75,000 − 20,000.
		{"months from the end date on carry nothing", QuotaPlan{Amount: 12_000_000, Period: year, Ramp: DefaultRamp(), Hire: Day(2026, 3, 10), End: Day(2026, 11, 1)},
			[]Money{0, 0, 0, 250_000, 500_000, 750_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 0, 0}, 5_500_000, 1_500_000},
		// Seasonal full months: Jun 9 % = 10,800 × 25 % = 2,700; Jul 7 % =
		// 8,400 × 50 % = 4,200; Aug 4 % = 4,800 × 75 % = 3,600; then Sep
		// 10,800, Oct 10,800, Nov 12,000, Dec 16,800. Year 60,900; Q2 = 2,700.
		{"a seasonal quota for a May hire ramps on the seasonal months", QuotaPlan{Amount: 12_000_000, Period: year, Seasonality: demoProfile, Ramp: DefaultRamp(), Hire: Day(2026, 5, 20)},
			[]Money{0, 0, 0, 0, 0, 270_000, 420_000, 360_000, 1_080_000, 1_080_000, 1_200_000, 1_680_000}, 6_090_000, 270_000},
		// 100.00 even = 834 ×4, 833 ×8; hired in February: Mar 834 × 25 % =
		// 208.5 → 209 (half away from zero), Apr 834 × 50 % = 417, May 833 ×
		// 75 % = 624.75 → 625, Jun–Dec 833 × 7 = 5,831. Year 7,082 cents.
		{"ramped cents are rounded once, half away from zero", QuotaPlan{Amount: 10_000, Period: year, Ramp: DefaultRamp(), Hire: Day(2026, 2, 1)},
			[]Money{0, 0, 209, 417, 625, 833, 833, 833, 833, 833, 833, 833}, 7_082, 625 + 833 + 417},
		{"someone hired long ago carries the full quota", QuotaPlan{Amount: 12_000_000, Period: year, Ramp: DefaultRamp(), Hire: Day(2020, 1, 1)},
			[]Money{1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000}, 12_000_000, 3_000_000},
		// An edited ramp 50/100: hired in November, Nov 5,000, Dec 10,000.
		{"an edited ramp of 50/100 applies", QuotaPlan{Amount: 12_000_000, Period: year, Ramp: RampSchedule{RatePercent(50)}, Hire: Day(2026, 11, 30)},
			[]Money{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 500_000, 1_000_000}, 1_500_000, 0},
		// A quarter quota of 30,000 for the April hire: Apr 25 % of 10,000,
		// May 50 %, Jun 75 % = 2,500 + 5,000 + 7,500.
		{"a quarter quota is spread and ramped the same way", QuotaPlan{Amount: 3_000_000, Period: MustParsePeriod("2026-Q2", CalendarYear), Ramp: DefaultRamp(), Hire: Day(2026, 3, 10)},
			[]Money{250_000, 500_000, 750_000}, 1_500_000, 1_500_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := tt.plan.Months()
			if err != nil {
				t.Fatal(err)
			}
			got := make([]Money, len(ms))
			var q2 Money
			for i, m := range ms {
				got[i] = m.Quota
				if m.Month.Index >= 4 && m.Month.Index <= 6 {
					q2 += m.Quota
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("months = %v, want %v", got, tt.want)
			}
			if s := SumQuotas(ms); s != tt.total {
				t.Errorf("total %d, want %d", s, tt.total)
			}
			if q2 != tt.q2 {
				t.Errorf("Q2 %d, want %d", q2, tt.q2)
			}
		})
	}
	t.Run("a negative quota and a ramp over 100 % are refused", func(t *testing.T) {
		if _, err := (QuotaPlan{Amount: -1, Period: year}).Months(); ErrorCode(err) != EINVALID {
			t.Errorf("negative: %v", err)
		}
		if _, err := (QuotaPlan{Amount: 1, Period: year, Ramp: RampSchedule{RatePercent(120)}}).Months(); ErrorCode(err) != EINVALID {
			t.Errorf("120 %% ramp: %v", err)
		}
	})
}

func TestTeamQuotaAgainstTarget(t *testing.T) {
	got := CompareTeamQuota([]Money{100_000, 250_000, 0}, 400_000, true)
	if got.Members != 350_000 || got.Difference != -50_000 {
		t.Errorf("members 1,000 + 2,500 + 0 against 4,000: got %+v, want 3,500 and −500", got)
	}
	if got := CompareTeamQuota([]Money{100_000}, 0, false); got.Difference != 0 || got.HasTarget {
		t.Errorf("without a target: %+v", got)
	}
}

func TestMilestones(t *testing.T) {
	tests := []struct {
		a    OptFloat
		want Milestone
	}{
		{OptFloat{}, 0}, {OptFloat{0.49, true}, 0}, {OptFloat{0.5, true}, 50}, {OptFloat{0.8999, true}, 50},
		{OptFloat{0.9, true}, 90}, {OptFloat{0.99999, true}, 90}, {OptFloat{1, true}, 100}, {OptFloat{1.7, true}, 100},
	}
	for _, tt := range tests {
		if got := MilestoneOf(tt.a); got != tt.want {
			t.Errorf("MilestoneOf(%v) = %d, want %d", tt.a, got, tt.want)
		}
	}
}

func TestOnboardingProgress(t *testing.T) {
	today := Day(2026, 11, 22)
	items := NewHireChecklist(7, Day(2026, 10, 1)) // due Oct 8, Oct 15, Oct 31, Nov 15, Nov 30
	if len(items) != 5 || !items[0].Due.Equal(Day(2026, 10, 8)) || !items[4].Due.Equal(Day(2026, 11, 30)) {
		t.Fatalf("default checklist %+v", items)
	}
	items[0].Done = Day(2026, 10, 7)
	items[1].Done = Day(2026, 10, 20) // late but done: not overdue
	got := Progress(items, today)
	// Oct 31 and Nov 15 are past and not done; Nov 30 is still ahead.
	if want := (OnboardingProgress{Total: 5, Done: 2, Overdue: 2}); got != want {
		t.Errorf("Progress = %+v, want %+v", got, want)
	}
	if f, ok := got.Fraction(); !ok || f != 0.4 {
		t.Errorf("Fraction = %v %v, want 0.4", f, ok)
	}
	if _, ok := Progress(nil, today).Fraction(); ok {
		t.Error("an empty checklist has a fraction")
	}
	due := OnboardingItem{Name: "x", Due: today}
	if due.Overdue(today) {
		t.Error("an item due today is overdue")
	}
	for _, tt := range []struct {
		hire time.Time
		want bool
	}{{Day(2026, 8, 24), true}, {Day(2026, 8, 23), false}, {Day(2027, 1, 4), true}, {time.Time{}, false}} {
		if got := IsNewHire(tt.hire, today); got != tt.want {
			t.Errorf("IsNewHire(%s) = %v, want %v", tt.hire.Format("2006-01-02"), got, tt.want)
		}
	}
}

func TestLeaderboardWithSplitsAndOverlays(t *testing.T) {
	const anna, bruno, carla, dario int64 = 1, 2, 3, 4
	q3 := MustParsePeriod("2026-Q3", CalendarYear)
	people := []Person{
		{ID: anna, Name: "Anna", Email: "anna@x.example", Role: RoleAE, Active: true, HireDate: Day(2024, 1, 1)},
		{ID: bruno, Name: "Bruno", Role: RoleAE, Active: true, HireDate: Day(2024, 1, 1)},
		{ID: carla, Name: "Carla", Role: RoleSDR, Active: true, HireDate: Day(2025, 1, 1)},
		{ID: dario, Name: "Dario", Role: RoleManager, Active: true},
	}
	deal := func(id, owner int64, st DealStatus, v Money, created, closed time.Time) Deal {
		return Deal{ID: id, Name: "d", OwnerID: owner, StageID: 1, Status: st, Amount: v, HasAmount: true, Value: v, Created: created, CloseDate: closed, Category: CategoryPipeline}
	}
	deals := []Deal{
		deal(1, anna, StatusWon, 1_000_000, Day(2026, 7, 1), Day(2026, 7, 31)),  // Anna 10,000, 30 days
		deal(2, bruno, StatusWon, 2_000_000, Day(2026, 6, 1), Day(2026, 8, 10)), // split 60/40 + overlay 10 %, 70 days
		deal(3, anna, StatusLost, 500_000, Day(2026, 7, 1), Day(2026, 8, 1)),    // Anna's loss
		deal(4, anna, StatusOpen, 500_000, Day(2026, 7, 1), Day(2026, 9, 30)),   // Anna's pipeline 5,000
		deal(5, anna, StatusOpen, 700_000, Day(2026, 7, 1), Day(2026, 9, 15)),   // omitted: no pipeline
		deal(6, bruno, StatusWon, 300_000, Day(2026, 4, 1), Day(2026, 6, 30)),   // Q2: outside
		deal(7, bruno, StatusOpen, 400_000, Day(2026, 7, 1), Day(2026, 10, 1)),  // Q4: outside
	}
	deals[4].Category = CategoryOmitted
	splits := map[int64][]DealSplit{2: {
		{DealID: 2, PersonID: bruno, Kind: SplitRevenue, Share: RatePercent(60)},
		{DealID: 2, PersonID: anna, Kind: SplitRevenue, Share: RatePercent(40)},
		{DealID: 2, PersonID: carla, Kind: SplitOverlay, Share: RatePercent(10)},
	}}
	quotas := map[int64]Money{anna: 3_000_000, carla: 1_000_000}
	rows := Leaderboard(LeaderboardInput{Period: q3, People: people, Deals: deals, Splits: splits, Quotas: quotas})
	// Anna: 10,000 + 40 % of 20,000 = 18,000 of 30,000 = 60 % (milestone 50);
	// won 1, lost 1 → 50 %; average deal 10,000; cycle 30 days; pipeline 5,000.
	// Bruno: 60 % of 20,000 = 12,000, no quota → "—"; won 1 of 1; deal size
	// 20,000 (the deal he owns); cycle 70 days.
	// Carla: 10 % overlay = 2,000 of 10,000 = 20 %; no deals of her own.
	// Dario manages, has no quota and no credit: not listed.
	want := []LeaderRow{
		{PersonID: anna, Name: "Anna", Email: "anna@x.example", Active: true, Credited: 1_800_000, Quota: 3_000_000, Attainment: OptFloat{0.6, true}, Milestone: 50,
			WonCount: 1, LostCount: 1, WinRate: OptFloat{0.5, true}, AvgDealSize: OptFloat{1_000_000, true}, AvgCycleDays: OptFloat{30, true}, OpenPipeline: 500_000},
		{PersonID: bruno, Name: "Bruno", Active: true, Credited: 1_200_000, WonCount: 1, WinRate: OptFloat{1, true}, AvgDealSize: OptFloat{2_000_000, true}, AvgCycleDays: OptFloat{70, true}},
		{PersonID: carla, Name: "Carla", Active: true, Credited: 200_000, Quota: 1_000_000, Attainment: OptFloat{0.2, true}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("Leaderboard =\n%+v\nwant\n%+v", rows, want)
	}
	avg := TeamAverage(rows)
	// Credited (18,000 + 12,000 + 2,000) / 3 = 10,666.666… → 10,666.67;
	// attainment over those with a quota (60 % + 20 %) / 2 = 40 %; win rate
	// over those with closed deals (50 % + 100 %) / 2 = 75 %.
	if avg.Credited != 1_066_667 || !approx(avg.Attainment, 0.4) || !approx(avg.WinRate, 0.75) || avg.Quota != 1_333_333 {
		t.Errorf("TeamAverage = %+v", avg)
	}
	t.Run("nobody with a quota of zero gets an attainment", func(t *testing.T) {
		rows := Leaderboard(LeaderboardInput{Period: q3, People: people, Deals: deals, Splits: splits, Quotas: map[int64]Money{bruno: 0}})
		for _, r := range rows {
			if r.Attainment.OK || r.Milestone != 0 {
				t.Errorf("%s: attainment %v with no quota", r.Name, r.Attainment)
			}
		}
	})
	t.Run("the monthly trend credits each month", func(t *testing.T) {
		got := MonthlyCredited(deals, splits, anna, MustParsePeriod("2026", CalendarYear).Months())
		want := make([]Money, 12)
		want[6], want[7] = 1_000_000, 800_000 // July 10,000; August 40 % of 20,000
		if !reflect.DeepEqual(got, want) {
			t.Errorf("MonthlyCredited = %v, want %v", got, want)
		}
	})
}

func approx(o OptFloat, v float64) bool { return o.OK && math.Abs(o.V-v) < 1e-9 }

func TestCapacityPlan(t *testing.T) {
	year := MustParsePeriod("2027", CalendarYear)
	ramped := func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = RampedMonth
		}
		return out
	}
	tests := []struct {
		name      string
		in        CapacityInput
		hires     []int // per month
		capacity  Money
		shortfall Money
	}{
		// Target 1,200,000; a ramped seller books 120,000 a year = 10,000 a
		// month; 8 ramped sellers book 960,000: 240,000 short. A January hire
		// books 0 + 2,500 + 5,000 + 7,500 + 8 × 10,000 = 95,000, so two leave
		// 50,000 and a third is needed. The third, as late as possible: hired
		// in May he books 0 + 2,500 + 5,000 + 7,500 + 4 × 10,000 = 55,000 ≥
		// 50,000 (June would give 45,000). The second cannot move to February
		// (85,000 + 95,000 + 55,000 = 235,000 < 240,000). Capacity 1,205,000.
		{"8 ramped sellers and a 1.2M target need 2 hires in January and 1 in May",
			CapacityInput{Year: year, Target: 120_000_000, FullQuota: 12_000_000, Ramp: DefaultRamp(), Team: ramped(8)},
			[]int{2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, 120_500_000, 24_000_000},
		// No ramp, 12 % attrition = 1 % a month: 10 sellers book 100,000 ×
		// 0.99^m in month m, Σ = 100,000 × (1 − 0.99^12) / 0.01 ≈ 1,136,151.27
		// (each month rounded to the cent): 63,848.73 short. A hire in June
		// books 10,000 × (1 − 0.99^7) / 0.01 = 67,934.65 ≥ the gap; in July
		// 58,519.85 would not do. Capacity 1,204,085.92.
		{"12 % attrition on 10 sellers is covered by one hire in June",
			CapacityInput{Year: year, Target: 120_000_000, FullQuota: 12_000_000, Attrition: RatePercent(12), Team: ramped(10)},
			[]int{0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, 120_408_592, 6_384_873},
		{"a team that meets the target hires nobody",
			CapacityInput{Year: year, Target: 90_000_000, FullQuota: 12_000_000, Ramp: DefaultRamp(), Team: ramped(8)},
			make([]int, 12), 96_000_000, -6_000_000},
		// A seller in ramp month 3 at the start books 5,000 + 7,500 + 10 ×
		// 10,000 = 112,500; with 1 ramped (120,000) the team books 232,500
		// of 240,000: one hire needed, as late as 7,500 allows. Hired in
		// November he books 0 + 2,500 = 2,500, too little; in October
		// 0 + 2,500 + 5,000 = 7,500, just enough: capacity 240,000.
		{"a seller still ramping counts at their ramp share",
			CapacityInput{Year: year, Target: 24_000_000, FullQuota: 12_000_000, Ramp: DefaultRamp(), Team: []int{3, RampedMonth}},
			[]int{0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}, 24_000_000, 750_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := PlanCapacity(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			hires := make([]int, len(plan.Months))
			var sum Money
			for i, m := range plan.Months {
				hires[i] = m.Hires
				sum += m.Capacity
			}
			if !reflect.DeepEqual(hires, tt.hires) {
				t.Errorf("hires by month = %v, want %v", hires, tt.hires)
			}
			if plan.Capacity != tt.capacity || sum != tt.capacity || plan.Months[11].CumCapacity != tt.capacity {
				t.Errorf("capacity %d (months %d, cumulative %d), want %d", plan.Capacity, sum, plan.Months[11].CumCapacity, tt.capacity)
			}
			if plan.Shortfall != tt.shortfall {
				t.Errorf("shortfall %d, want %d", plan.Shortfall, tt.shortfall)
			}
			if plan.Months[11].CumTarget != tt.in.Target {
				t.Errorf("cumulative target %d, want %d", plan.Months[11].CumTarget, tt.in.Target)
			}
		})
	}
	t.Run("the first plan's months are worked by hand", func(t *testing.T) {
		plan, _ := PlanCapacity(tests[0].in)
		want := []Money{8_000_000, 8_500_000, 9_000_000, 9_500_000, 10_000_000, 10_250_000, 10_500_000, 10_750_000, 11_000_000, 11_000_000, 11_000_000, 11_000_000}
		for i, m := range plan.Months {
			if m.Capacity != want[i] || m.Target != 10_000_000 {
				t.Errorf("%s: capacity %d target %d, want %d and 10,000,000", m.Month, m.Capacity, m.Target, want[i])
			}
		}
		if plan.Months[0].Headcount != 10 || plan.Months[11].Headcount != 11 {
			t.Errorf("headcount Jan %v Dec %v, want 10 and 11", plan.Months[0].Headcount, plan.Months[11].Headcount)
		}
	})
	bad := []struct {
		name string
		in   CapacityInput
	}{
		{"no full quota", CapacityInput{Year: year, Target: 1}},
		{"a quarter instead of a year", CapacityInput{Year: MustParsePeriod("2027-Q1", CalendarYear), Target: 1, FullQuota: 1}},
		{"attrition over 100 %", CapacityInput{Year: year, Target: 1, FullQuota: 1, Attrition: RatePercent(101)}},
		{"a ramp that books nothing within a year", CapacityInput{Year: year, Target: 1, FullQuota: 1, Ramp: make(RampSchedule, 12)}},
	}
	for _, tt := range bad {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			if _, err := PlanCapacity(tt.in); ErrorCode(err) != EINVALID {
				t.Errorf("PlanCapacity = %v, want %s", err, EINVALID)
			}
		})
	}
}
