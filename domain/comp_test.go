package domain

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

var eur = Currency{Code: "EUR", Digits: 2}

// eu converts whole euros to cents.
func eu(n int64) Money { return Money(n * 100) }

func att(f float64) int64 { return int64(RateFromFloat(f)) }

// attTiers builds attainment tiers from bounds (fractions) and rates.
func attTiers(bounds []float64, rates ...Rate) []Tier {
	var out []Tier
	for i, r := range rates {
		t := Tier{From: att(bounds[i]), Rate: r}
		if i+1 < len(bounds) {
			t.To = att(bounds[i+1])
		} else {
			t.Open = true
		}
		out = append(out, t)
	}
	return out
}

func amtTiers(bounds []int64, rates ...Rate) []Tier {
	var out []Tier
	for i, r := range rates {
		t := Tier{From: int64(eu(bounds[i])), Rate: r}
		if i+1 < len(bounds) {
			t.To = int64(eu(bounds[i+1]))
		} else {
			t.Open = true
		}
		out = append(out, t)
	}
	return out
}

var q3 = MustParsePeriod("2026-Q3", CalendarYear)

// oneDeal credits the whole amount on one deal closed mid-period.
func oneDeal(p Period, amount Money) []CreditedDeal {
	return []CreditedDeal{{DealID: 1, Name: "D1", CloseDate: p.Start().AddDate(0, 0, 10), Value: amount, Kind: SplitRevenue, Share: RateOne, Amount: amount}}
}

func run(t *testing.T, pl Plan, p Period, quota Money, credits []CreditedDeal) Payout {
	t.Helper()
	if err := pl.Validate(); err != nil {
		t.Fatalf("plan invalid: %v", err)
	}
	in := PayoutInput{PersonID: 1, Name: "Ada", Period: p, Currency: eur, Quota: quota, Credits: credits,
		Segments: []Segment{{Plan: &pl, From: p.Start(), To: p.End()}}, YTDCredited: 1, YTDQuota: 1}
	out := ComputePayout(in)
	checkSum(t, out)
	return out
}

func checkSum(t *testing.T, p Payout) {
	t.Helper()
	if s := p.SumLines(); s != p.Total {
		t.Fatalf("total %d is not the sum of the lines %d", p.Total, s)
	}
	if p.Commission+p.Spiffs+p.Draw+p.Clawbacks+p.Adjustments != p.Total {
		t.Fatalf("the columns do not add up to the total: %+v", p)
	}
}

// The public worked examples of PRODUCT.md §5.5, exactly.
func TestWorkedExamplesOfTheProductBrief(t *testing.T) {
	attainment3 := attTiers([]float64{0, 1.0, 1.5}, RatePercent(6), RatePercent(8), RatePercent(10))
	amount4 := amtTiers([]int64{0, 10_000, 50_000, 100_000}, RatePercent(1), RatePercent(2), RatePercent(3), RatePercent(4))
	quarterly := attTiers([]float64{0, 1.0, 1.25}, RatePercent(5), RatePercent(6), RatePercent(7))
	ti := attTiers([]float64{0, 1.0}, RateOne, RateFromFloat(1.5))
	tiDecel := attTiers([]float64{0, 0.5, 1.0}, RateFromFloat(0.5), RateOne, RateFromFloat(1.5))
	for _, c := range []struct {
		name     string
		plan     Plan
		quota    Money
		bookings Money
		want     Money
		lines    []Money // the commission lines, in order
	}{
		{"retroactive attainment tiers pay 110,000 × 8 % = 8,800",
			Plan{Name: "A", Kind: KindCommissionRate, TierMode: TierRetroactive, Tiers: attainment3}, eu(100_000), eu(110_000), eu(8_800), []Money{eu(8_800)}},
		{"marginal attainment tiers pay 100,000 × 6 % + 10,000 × 8 % = 6,800",
			Plan{Name: "A", Kind: KindCommissionRate, TierMode: TierMarginal, Tiers: attainment3}, eu(100_000), eu(110_000), eu(6_800), []Money{eu(6_000), eu(800)}},
		{"a retroactive rate table by amount pays 60,000 × 3 % = 1,800",
			Plan{Name: "B", Kind: KindCommissionRate, TierMode: TierRetroactive, TierBasis: BasisAmount, Tiers: amount4}, 0, eu(60_000), eu(1_800), []Money{eu(1_800)}},
		{"a marginal rate table by amount pays 100 + 800 + 300 = 1,200",
			Plan{Name: "B", Kind: KindCommissionRate, TierMode: TierMarginal, TierBasis: BasisAmount, Tiers: amount4}, 0, eu(60_000), eu(1_200), []Money{eu(100), eu(800), eu(300)}},
		{"a quarterly marginal plan pays 5,000 + 1,500 + 1,750 = 8,250 on 150,000",
			Plan{Name: "C", Kind: KindCommissionRate, TierMode: TierMarginal, Tiers: quarterly}, eu(100_000), eu(150_000), eu(8_250), []Money{eu(5_000), eu(1_500), eu(1_750)}},
		{"target incentive with a 1.5× accelerator pays 145,000 at 130 %",
			Plan{Name: "D", Kind: KindTargetIncentive, TargetVariable: eu(100_000), Tiers: ti}, eu(500_000), eu(650_000), eu(145_000), []Money{eu(100_000), eu(45_000)}},
		{"target incentive with a 0.5× decelerator pays 20,000 at 40 %",
			Plan{Name: "D", Kind: KindTargetIncentive, TargetVariable: eu(100_000), Tiers: tiDecel}, eu(500_000), eu(200_000), eu(20_000), []Money{eu(20_000)}},
		{"the decelerated target incentive is the same retroactively at 40 %",
			Plan{Name: "D", Kind: KindTargetIncentive, TierMode: TierRetroactive, TargetVariable: eu(100_000), Tiers: tiDecel}, eu(500_000), eu(200_000), eu(20_000), []Money{eu(20_000)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := run(t, c.plan, q3, c.quota, oneDeal(q3, c.bookings))
			if out.Total != c.want || out.Commission != c.want {
				t.Fatalf("total %s, want %s", eur.Format(out.Total, ",", "."), eur.Format(c.want, ",", "."))
			}
			var got []Money
			for _, l := range out.Lines {
				if l.Kind == LineCommission {
					got = append(got, l.Amount)
				}
			}
			if len(got) != len(c.lines) {
				t.Fatalf("commission lines %v, want %v", got, c.lines)
			}
			for i := range got {
				if got[i] != c.lines[i] {
					t.Errorf("line %d = %d, want %d", i, got[i], c.lines[i])
				}
			}
		})
	}
}

func TestWorkedExampleDraws(t *testing.T) {
	tiers := amtTiers([]int64{0}, RatePercent(10))
	aug, sep := MustParsePeriod("2026-08", CalendarYear), MustParsePeriod("2026-09", CalendarYear)
	for _, c := range []struct {
		name          string
		draw          DrawType
		wantAug, balA Money
		wantSep, balS Money
	}{
		{"a recoverable draw pays 1,500 then 2,000 and ends at balance 0", DrawRecoverable, eu(1_500), eu(-1_000), eu(2_000), 0},
		{"a non-recoverable draw pays 1,500 then 3,000", DrawNonRecoverable, eu(1_500), 0, eu(3_000), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			pl := Plan{Name: "Draw", Kind: KindCommissionRate, Period: Month, TierBasis: BasisAmount, Tiers: tiers, DrawType: c.draw, DrawAmount: eu(1_500)}
			if err := pl.Validate(); err != nil {
				t.Fatal(err)
			}
			// commission 500 in August (5,000 × 10 %), 3,000 in September.
			a := ComputePayout(PayoutInput{Period: aug, Currency: eur, Credits: oneDeal(aug, eu(5_000)), Segments: []Segment{{&pl, aug.Start(), aug.End()}}})
			checkSum(t, a)
			if a.Total != c.wantAug || a.DrawBalance != c.balA {
				t.Fatalf("August paid %d balance %d, want %d and %d", a.Total, a.DrawBalance, c.wantAug, c.balA)
			}
			s := ComputePayout(PayoutInput{Period: sep, Currency: eur, Credits: oneDeal(sep, eu(30_000)), DrawBalance: a.DrawBalance,
				Segments: []Segment{{&pl, sep.Start(), sep.End()}}})
			checkSum(t, s)
			if s.Total != c.wantSep || s.DrawBalance != c.balS {
				t.Fatalf("September paid %d balance %d, want %d and %d", s.Total, s.DrawBalance, c.wantSep, c.balS)
			}
		})
	}
}

func TestDrawRecoveryAcrossThreePeriods(t *testing.T) {
	// Draw 1,000/month recoverable at 10 %: Jan earns 200 (advance 800, owed
	// 800), Feb earns 1,300 (recover 300, owed 500), Mar earns 2,000 (recover
	// 500, owed 0, paid 1,500).
	pl := Plan{Name: "Ramp", Kind: KindCommissionRate, Period: Month, TierBasis: BasisAmount, Tiers: amtTiers([]int64{0}, RatePercent(10)),
		DrawType: DrawRecoverable, DrawAmount: eu(1_000)}
	if err := pl.Validate(); err != nil {
		t.Fatal(err)
	}
	bal := Money(0)
	for i, c := range []struct {
		bookings, paid, bal Money
	}{{eu(2_000), eu(1_000), eu(-800)}, {eu(13_000), eu(1_000), eu(-500)}, {eu(20_000), eu(1_500), 0}} {
		p := MustParsePeriod("2026-0"+string(rune('1'+i)), CalendarYear)
		out := ComputePayout(PayoutInput{Period: p, Currency: eur, Credits: oneDeal(p, c.bookings), DrawBalance: bal, Segments: []Segment{{&pl, p.Start(), p.End()}}})
		checkSum(t, out)
		if out.Total != c.paid || out.DrawBalance != c.bal {
			t.Fatalf("%s: paid %d balance %d, want %d and %d", p, out.Total, out.DrawBalance, c.paid, c.bal)
		}
		bal = out.DrawBalance
	}
}

func TestThresholdCapAndGate(t *testing.T) {
	tiers := attTiers([]float64{0, 1.0}, RatePercent(5), RatePercent(10))
	for _, c := range []struct {
		name     string
		plan     Plan
		bookings Money
		ytd      [2]Money
		want     Money
	}{
		{"below the threshold nothing is paid", Plan{Threshold: att(0.5)}, eu(49_999), [2]Money{1, 1}, 0},
		{"below the threshold not even a SPIFF", Plan{Threshold: att(0.5), Spiffs: []Spiff{{Amount: eu(100)}}}, eu(49_999), [2]Money{1, 1}, 0},
		{"at the threshold the SPIFF is paid too", Plan{Threshold: att(0.5), Spiffs: []Spiff{{Amount: eu(100)}}}, eu(50_000), [2]Money{1, 1}, eu(2_600)},
		{"exactly at the threshold the plan pays", Plan{Threshold: att(0.5)}, eu(50_000), [2]Money{1, 1}, eu(2_500)},
		{"a payout cap stops the period at the cap", Plan{CapKind: CapPayout, Cap: int64(eu(6_000))}, eu(150_000), [2]Money{1, 1}, eu(6_000)},
		{"a cap not reached takes nothing", Plan{CapKind: CapPayout, Cap: int64(eu(6_000))}, eu(110_000), [2]Money{1, 1}, eu(6_000)},
		{"an attainment cap counts bookings up to 120 %", Plan{CapKind: CapAttainment, Cap: att(1.2)}, eu(150_000), [2]Money{1, 1}, eu(5_000 + 2_000)},
		{"a gate not yet met pays accelerated bands at the base rate", Plan{GateYTD: true}, eu(120_000), [2]Money{eu(300_000), eu(400_000)}, eu(6_000)},
		{"a gate met pays the accelerator", Plan{GateYTD: true}, eu(120_000), [2]Money{eu(400_000), eu(400_000)}, eu(7_000)},
	} {
		t.Run(c.name, func(t *testing.T) {
			pl := c.plan
			pl.Name, pl.Kind, pl.Tiers = "P", KindCommissionRate, tiers
			if err := pl.Validate(); err != nil {
				t.Fatal(err)
			}
			out := ComputePayout(PayoutInput{Period: q3, Currency: eur, Quota: eu(100_000), Credits: oneDeal(q3, c.bookings),
				YTDCredited: c.ytd[0], YTDQuota: c.ytd[1], Segments: []Segment{{&pl, q3.Start(), q3.End()}}})
			checkSum(t, out)
			if out.Total != c.want {
				t.Fatalf("paid %d, want %d\n%s", out.Total, c.want, dump(out))
			}
		})
	}
}

func dump(p Payout) string {
	var b strings.Builder
	for _, l := range p.Lines {
		b.WriteString(string(l.Kind) + " " + eur.Format(l.Amount, ",", ".") + " " + l.Explanation + "\n")
	}
	return b.String()
}

func TestPlanValidationNamesTheTier(t *testing.T) {
	for _, c := range []struct {
		name  string
		tiers []Tier
		want  string
	}{
		{"a gap between tiers", []Tier{{From: 0, To: att(1)}, {From: att(1.1), Open: true}}, "tier 2 (from 110 %) leaves a gap after tier 1"},
		{"overlapping tiers", []Tier{{From: 0, To: att(1)}, {From: att(0.9), Open: true}}, "tier 2 (from 90 %) overlaps tier 1"},
		{"a negative rate", []Tier{{From: 0, Open: true, Rate: -1}}, "tier 1 (from 0 %): the rate"},
		{"a first tier above zero", []Tier{{From: att(0.5), Open: true}}, "tier 1 (from 50 %): the first tier must start at 0"},
		{"a bounded last tier", []Tier{{From: 0, To: att(1)}}, "tier 1 (from 0 %): the last tier must have no upper bound"},
		{"a tier ending where it starts", []Tier{{From: 0, To: 0}, {From: 0, Open: true}}, "tier 1 (from 0 %): it must end above"},
	} {
		t.Run(c.name+" is refused", func(t *testing.T) {
			pl := Plan{Name: "Bad", Kind: KindCommissionRate, Tiers: c.tiers}
			err := pl.Validate()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestCreditingSplitsOverlaysAndRollUp(t *testing.T) {
	day := q3.Start().AddDate(0, 0, 5)
	deals := []Deal{
		{ID: 1, Name: "Split", OwnerID: 1, Status: StatusWon, Value: eu(10_000), CloseDate: day},
		{ID: 2, Name: "Own", OwnerID: 2, Status: StatusWon, Value: eu(20_000), CloseDate: day},
		{ID: 3, Name: "Lost", OwnerID: 2, Status: StatusLost, Value: eu(99_000), CloseDate: day},
	}
	splits := map[int64][]DealSplit{1: {
		{DealID: 1, PersonID: 1, Kind: SplitRevenue, Share: RatePercent(60)},
		{DealID: 1, PersonID: 2, Kind: SplitRevenue, Share: RatePercent(40)},
		{DealID: 1, PersonID: 3, Kind: SplitOverlay, Share: RatePercent(50)},
	}}
	idx := CreditIndex(deals, splits, nil)
	sum := func(cs []CreditedDeal) Money {
		var s Money
		for _, c := range cs {
			s += c.Amount
		}
		return s
	}
	for _, c := range []struct {
		name   string
		person int64
		cr     Crediting
		team   map[int64]string
		want   Money
	}{
		{"a revenue split credits 60 %", 1, Crediting{}, nil, eu(6_000)},
		{"the other split and an own deal", 2, Crediting{}, nil, eu(24_000)},
		{"an overlay counts only when the plan says so", 3, Crediting{}, nil, 0},
		{"an overlay credits 50 % without reducing anyone", 3, Crediting{Overlay: true}, nil, eu(5_000)},
		{"a manager rolls up the team's revenue credit", 9, Crediting{RollUp: true}, map[int64]string{1: "A", 2: "B", 3: "C"}, eu(30_000)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := sum(PersonCredits(c.person, c.cr, idx, c.team)); got != c.want {
				t.Fatalf("credited %d, want %d", got, c.want)
			}
		})
	}
}

func TestMidPeriodPlanChangeProratesByDays(t *testing.T) {
	// Q3 2026 has 92 days. Plan A (5 %) July 1 – August 15 (46 days), plan B
	// (10 %) from August 16 (46 days). Quota 92,000 → 46,000 per segment.
	// Deal of 50,000 on July 10 under A: 46,000 × 5 % + 4,000 × 8 % (A's
	// accelerator) = 2,300 + 320 = 2,620. Deal of 23,000 on Sept 1 under B:
	// 23,000 × 10 % = 2,300. Total 4,920.
	a := Plan{ID: 1, Name: "A", Kind: KindCommissionRate, Tiers: attTiers([]float64{0, 1}, RatePercent(5), RatePercent(8))}
	b := Plan{ID: 2, Name: "B", Kind: KindCommissionRate, Tiers: attTiers([]float64{0}, RatePercent(10))}
	for _, p := range []*Plan{&a, &b} {
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	as := []PlanAssignment{{PersonID: 1, PlanID: 2, From: Day(2026, 8, 16)}, {PersonID: 1, PlanID: 1, From: Day(2026, 1, 1), To: Day(2026, 8, 16)}}
	if err := CheckAssignments(as, func(int64) string { return "Ada" }); err != nil {
		t.Fatal(err)
	}
	segs := Segments(q3, as, map[int64]*Plan{1: &a, 2: &b})
	if len(segs) != 2 || segs[0].Plan != &a {
		t.Fatalf("segments %+v", segs)
	}
	credits := []CreditedDeal{
		{DealID: 1, Name: "X", CloseDate: Day(2026, 7, 10), Value: eu(50_000), Kind: SplitRevenue, Share: RateOne, Amount: eu(50_000)},
		{DealID: 2, Name: "Y", CloseDate: Day(2026, 9, 1), Value: eu(23_000), Kind: SplitRevenue, Share: RateOne, Amount: eu(23_000)},
	}
	out := ComputePayout(PayoutInput{Period: q3, Currency: eur, Quota: eu(92_000), Credits: credits, Segments: segs})
	checkSum(t, out)
	if out.Total != eu(4_920) {
		t.Fatalf("paid %d, want 4,920.00\n%s", out.Total, dump(out))
	}
	if out.Plan != "A → B" || !strings.Contains(dump(out), "plan changed during the period; prorated by days") {
		t.Errorf("the statement does not say the plan changed and was prorated:\n%s", dump(out))
	}
	overlap := append(as, PlanAssignment{PersonID: 1, PlanID: 1, From: Day(2026, 9, 1)})
	if err := CheckAssignments(overlap, func(int64) string { return "Ada" }); err == nil || !strings.Contains(err.Error(), "two plans at once") {
		t.Errorf("overlapping assignments accepted: %v", err)
	}
}

func TestRampedQuotaIsTheSumOfTheMonthsAndSpiffs(t *testing.T) {
	// A new hire ramps 10,000 / 20,000 / 30,000 over Q3: quota 60,000.
	// Bookings 66,000 at 5 % to 100 %, 10 % above: 3,000 + 600 = 3,600.
	// SPIFF: 250 per new-account deal of "Analytics" from 10,000, and 1 % of
	// any deal from 50,000: deal 1 (16,000, Analytics, new) gets 250; deal 2
	// (50,000, Core) gets 500.
	pl := Plan{Name: "Ramp", Kind: KindCommissionRate, Tiers: attTiers([]float64{0, 1}, RatePercent(5), RatePercent(10)),
		Spiffs: []Spiff{{Product: "analytics", MinAmount: eu(10_000), NewAccount: true, Amount: eu(250)}, {MinAmount: eu(50_000), Rate: RatePercent(1)}}}
	credits := []CreditedDeal{
		{DealID: 1, Name: "A", CloseDate: Day(2026, 7, 3), Product: "Analytics", Value: eu(16_000), Kind: SplitRevenue, Share: RateOne, Amount: eu(16_000), NewAccount: true},
		{DealID: 2, Name: "B", CloseDate: Day(2026, 9, 3), Product: "Core", Value: eu(50_000), Kind: SplitRevenue, Share: RateOne, Amount: eu(50_000)},
	}
	out := run(t, pl, q3, eu(10_000+20_000+30_000), credits)
	if out.Commission != eu(3_600) || out.Spiffs != eu(750) || out.Total != eu(4_350) {
		t.Fatalf("commission %d spiffs %d total %d\n%s", out.Commission, out.Spiffs, out.Total, dump(out))
	}
	if out.DealEarned[1]+out.DealEarned[2] != out.Commission+out.Spiffs {
		t.Errorf("deal attributions %v do not add up to the earnings", out.DealEarned)
	}
}

func TestDuplicateDraftsTheNextVersion(t *testing.T) {
	pl := Plan{ID: 4, Name: "AE 2026 v2", Version: 2, Status: PlanActive, Kind: KindCommissionRate, Tiers: attTiers([]float64{0}, RatePercent(5))}
	d := pl.Duplicate()
	if d.ID != 0 || d.Status != PlanDraft || d.Version != 3 || d.Name != "AE 2026 v3" {
		t.Fatalf("duplicate %+v", d)
	}
	d.Tiers[0].Rate = 1
	if pl.Tiers[0].Rate == 1 {
		t.Error("the duplicate shares its tiers with the original")
	}
}

// Property: for random plans with non-negative rates and random deals, the
// total is the sum of the lines, and more bookings never pay less.
func TestPropertyTotalsAndMonotonicity(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 400; i++ {
		pl := randomPlan(rng)
		if err := pl.Validate(); err != nil {
			t.Fatalf("random plan invalid: %v", err)
		}
		quota := Money(rng.Int64N(int64(eu(200_000))) + 1)
		var credits []CreditedDeal
		for k := 0; k < rng.IntN(6)+1; k++ {
			a := Money(rng.Int64N(int64(eu(80_000))))
			credits = append(credits, CreditedDeal{DealID: int64(k + 1), Name: "D", CloseDate: q3.Start().AddDate(0, 0, rng.IntN(90)), Value: a, Kind: SplitRevenue, Share: RateOne, Amount: a})
		}
		in := PayoutInput{Period: q3, Currency: eur, Quota: quota, Credits: credits, Segments: []Segment{{&pl, q3.Start(), q3.End()}}, YTDCredited: 1, YTDQuota: 1}
		a := ComputePayout(in)
		checkSum(t, a)
		more := append([]CreditedDeal(nil), credits...)
		extra := Money(rng.Int64N(int64(eu(50_000))) + 1)
		more = append(more, CreditedDeal{DealID: 99, Name: "More", CloseDate: q3.Start(), Value: extra, Kind: SplitRevenue, Share: RateOne, Amount: extra})
		in.Credits = more
		b := ComputePayout(in)
		checkSum(t, b)
		if pl.TierMode == TierMarginal && b.Earned < a.Earned {
			t.Fatalf("plan %+v: more bookings paid %d < %d", pl, b.Earned, a.Earned)
		}
		if pl.TierMode == TierRetroactive && nondecreasing(pl.Tiers) && b.Earned < a.Earned {
			t.Fatalf("retroactive plan with rising rates: more bookings paid %d < %d", b.Earned, a.Earned)
		}
	}
}

func nondecreasing(ts []Tier) bool {
	for i := 1; i < len(ts); i++ {
		if ts[i].Rate < ts[i-1].Rate {
			return false
		}
	}
	return true
}

func randomPlan(rng *rand.Rand) Plan {
	pl := Plan{Name: "R", Kind: KindCommissionRate, TierMode: TierMarginal}
	if rng.IntN(2) == 0 {
		pl.TierMode = TierRetroactive
	}
	if rng.IntN(3) == 0 {
		pl.Kind, pl.TargetVariable = KindTargetIncentive, Money(rng.Int64N(int64(eu(100_000)))+1)
	}
	if rng.IntN(2) == 0 {
		pl.TierBasis = BasisAmount
	}
	n := rng.IntN(4) + 1
	var from int64
	for k := 0; k < n; k++ {
		step := int64(RateFromFloat(rng.Float64()*0.8 + 0.05))
		if pl.TierBasis == BasisAmount {
			step = rng.Int64N(int64(eu(50_000))) + 1
		}
		tr := Tier{From: from, To: from + step, Rate: Rate(rng.Int64N(int64(RateFromFloat(0.2))))}
		if pl.Kind == KindTargetIncentive {
			tr.Rate = Rate(rng.Int64N(int64(RateFromFloat(2))))
		}
		if k == n-1 {
			tr.Open = true
		}
		pl.Tiers = append(pl.Tiers, tr)
		from += step
	}
	if rng.IntN(3) == 0 {
		pl.CapKind, pl.Cap = CapPayout, rng.Int64N(int64(eu(20_000)))+1
	}
	if rng.IntN(4) == 0 {
		pl.Threshold = pl.Tiers[0].To / 2
		if pl.Tiers[0].Open {
			pl.Threshold = 0
		}
	}
	return pl
}

var _ = time.Time{}

func TestClawbackInsideAndOutsideTheWindow(t *testing.T) {
	june := ClosedCredit{PersonID: 1, DealID: 7, DealName: "June deal", Period: "2026-06", CloseDate: Day(2026, 6, 20), Credited: eu(10_000), Earned: eu(500), ClawbackDays: 90}
	for _, c := range []struct {
		name      string
		cancelled time.Time
		days      int
		kind      PayoutLineKind
		amount    Money
	}{
		{"a cancellation in August is clawed back in full", Day(2026, 8, 10), 90, LineClawback, eu(-500)},
		{"on the last day of the window it is clawed back", Day(2026, 9, 18), 90, LineClawback, eu(-500)},
		{"a day after the window nothing is taken", Day(2026, 9, 19), 90, LineNote, 0},
		{"a plan without a window never claws back", Day(2026, 6, 21), 0, LineNote, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			cc := june
			cc.ClawbackDays = c.days
			l := Clawback(cc, c.cancelled, eur, nil)
			if l.Kind != c.kind || l.Amount != c.amount || l.DealID != 7 || l.RefPeriod != "2026-06" {
				t.Fatalf("line %+v", l)
			}
		})
	}
	// The clawback lands in August's payout as a negative line.
	aug := MustParsePeriod("2026-08", CalendarYear)
	pl := Plan{Name: "P", Kind: KindCommissionRate, Period: Month, TierBasis: BasisAmount, Tiers: amtTiers([]int64{0}, RatePercent(5))}
	_ = pl.Validate()
	out := ComputePayout(PayoutInput{Period: aug, Currency: eur, Segments: []Segment{{&pl, aug.Start(), aug.End()}}, Extra: []PayoutLine{Clawback(june, Day(2026, 8, 10), eur, nil)}})
	checkSum(t, out)
	if out.Clawbacks != eu(-500) || out.Total != eu(-500) {
		t.Fatalf("August clawbacks %d total %d", out.Clawbacks, out.Total)
	}
}

func TestWhatIfCurveFollowsTheTiers(t *testing.T) {
	pl := Plan{Name: "C", Kind: KindCommissionRate, Tiers: attTiers([]float64{0, 1.0, 1.25}, RatePercent(5), RatePercent(6), RatePercent(7))}
	if err := pl.Validate(); err != nil {
		t.Fatal(err)
	}
	levels, pay := PayoutCurve(&pl, eu(100_000), RatePercent(50), RatePercent(200), CalendarYear)
	want := []Money{0, eu(2_500), eu(5_000), eu(8_250), eu(11_750)}
	if len(levels) != 5 {
		t.Fatalf("levels %v", levels)
	}
	for i := range want {
		if pay[i] != want[i] {
			t.Errorf("at %s: %d, want %d", levels[i], pay[i], want[i])
		}
	}
}

func TestFastMoneyFormatMatchesCurrencyFormat(t *testing.T) {
	for _, cur := range []Currency{eur, {Code: "JPY"}, {Code: "KWD", Digits: 3}} {
		for _, m := range []Money{0, 1, -1, 5, 99, 100, 101, 123456789, -123456789, 1_000_000_000_00, -7} {
			if got, want := formatMoney(cur, m), cur.Format(m, ",", "."); got != want {
				t.Errorf("%s %d: %q, want %q", cur.Code, m, got, want)
			}
		}
	}
}

func TestSamePayIgnoresNameStatusAndVersionOnly(t *testing.T) {
	base := Plan{Name: "A", Kind: KindCommissionRate, Tiers: attTiers([]float64{0, 1.0}, RatePercent(6), RatePercent(8)),
		Spiffs: []Spiff{{Product: "Core", Amount: eu(100), From: Day(2026, 7, 1)}}}
	if err := base.Validate(); err != nil {
		t.Fatal(err)
	}
	dup := base.Duplicate()
	if !base.SamePay(&dup) {
		t.Fatalf("a duplicate (new name, version, draft) pays the same")
	}
	for name, edit := range map[string]func(p *Plan){
		"a tier rate":     func(p *Plan) { p.Tiers[1].Rate = RatePercent(9) },
		"a tier bound":    func(p *Plan) { p.Tiers[0].To, p.Tiers[1].From = int64(RatePercent(90)), int64(RatePercent(90)) },
		"the tier mode":   func(p *Plan) { p.TierMode = TierRetroactive },
		"the threshold":   func(p *Plan) { p.Threshold = int64(RatePercent(10)) },
		"the draw":        func(p *Plan) { p.DrawType, p.DrawAmount = DrawRecoverable, eu(1) },
		"a SPIFF's dates": func(p *Plan) { p.Spiffs[0].From = Day(2026, 7, 2) },
		"the crediting":   func(p *Plan) { p.Crediting.RollUp = true },
		"the clawback":    func(p *Plan) { p.ClawbackDays = 30 },
	} {
		c := base.Duplicate()
		edit(&c)
		if base.SamePay(&c) {
			t.Errorf("changing %s is not seen", name)
		}
	}
}
