package domain

import "sort"

// Credit is one person's credit on one won deal.
type Credit struct {
	DealID   int64
	PersonID int64
	Kind     SplitKind // revenue (the owner's 100 % is a revenue credit) or overlay
	Share    Rate
	Amount   Money // deal value × share, rounded once
}

// DealCredits returns who is credited with a won deal and how much
// (PRODUCT.md §5.2): the owner 100 % unless there are revenue splits, which
// share 100 %; overlay splits add credit without reducing anyone's.
func DealCredits(d *Deal, splits []DealSplit) []Credit {
	if d.Status != StatusWon {
		return nil
	}
	var out []Credit
	hasRevenue := false
	for _, s := range splits {
		if s.Kind == SplitRevenue {
			hasRevenue = true
		}
	}
	if !hasRevenue && d.OwnerID != 0 {
		out = append(out, Credit{DealID: d.ID, PersonID: d.OwnerID, Kind: SplitRevenue, Share: RateOne, Amount: d.Value})
	}
	// Revenue splits share exactly the deal's value: each is rounded, and the
	// cent or two that rounding leaves over goes to the largest share, so
	// finance never sees split credit that adds up to more or less than the deal.
	var revenueSum Money
	largest := -1
	for _, s := range splits {
		c := Credit{DealID: d.ID, PersonID: s.PersonID, Kind: s.Kind, Share: s.Share, Amount: d.Value.MulRate(s.Share)}
		if s.Kind == SplitRevenue {
			revenueSum += c.Amount
			if largest < 0 || s.Share > out[largest].Share {
				largest = len(out)
			}
		}
		out = append(out, c)
	}
	if largest >= 0 && ValidateSplits(splits) == nil {
		out[largest].Amount += d.Value - revenueSum
	}
	return out
}

// CreditedBookings sums, per person, the credit of won deals closed in p.
// splits maps deal ID to that deal's splits.
func CreditedBookings(deals []Deal, splits map[int64][]DealSplit, p Period) map[int64]Money {
	out := map[int64]Money{}
	for i := range deals {
		d := &deals[i]
		if d.Status != StatusWon || !p.Contains(d.CloseDate) {
			continue
		}
		for _, c := range DealCredits(d, splits[d.ID]) {
			out[c.PersonID] += c.Amount
		}
	}
	return out
}

// Attainment is credited / quota; ok is false when the quota is zero or
// missing, which the UI shows as "—".
func Attainment(credited, quota Money) (r Rate, ok bool) {
	if quota <= 0 {
		return 0, false
	}
	return RatioOf(credited, quota)
}

// OptFloat is a figure that may be undefined (a ratio over nothing).
type OptFloat struct {
	V  float64
	OK bool
}

// KPIs are the figures of PRODUCT.md §5.3 over a set of deals and a period.
type KPIs struct {
	ClosedWon        Money
	Quota            Money
	Attainment       OptFloat // fraction
	WonCount         int
	LostCount        int
	OpenCount        int
	WinRate          OptFloat // fraction
	AvgDealSize      OptFloat // minor units
	AvgCycleDays     OptFloat
	OpenPipeline     Money // open deals (not omitted) closing in the period
	WeightedPipeline Money
	PipelineCoverage OptFloat // open pipeline / (quota − closed-won)
	LeadResponseHrs  OptFloat // median
}

// ComputeKPIs computes the KPIs of the deals whose close date lies in p (lead
// response: created in p). quota is the quota of the scope for p.
func ComputeKPIs(deals []Deal, p Period, quota Money) KPIs {
	k := KPIs{Quota: quota}
	var cycleSum float64
	var cycleN int
	var responses []float64
	for i := range deals {
		d := &deals[i]
		if !d.LeadCreated.IsZero() && !d.FirstResponse.IsZero() && !d.Created.IsZero() && p.Contains(d.Created) {
			responses = append(responses, d.FirstResponse.Sub(d.LeadCreated).Hours())
		}
		if d.CloseDate.IsZero() || !p.Contains(d.CloseDate) {
			continue
		}
		switch d.Status {
		case StatusWon:
			k.WonCount++
			k.ClosedWon += d.Value
			if !d.Created.IsZero() {
				cycleSum += d.CloseDate.Sub(DateOf(d.Created)).Hours() / 24
				cycleN++
			}
		case StatusLost:
			k.LostCount++
		default:
			k.OpenCount++
			if d.Category != CategoryOmitted {
				k.OpenPipeline += d.Value
				k.WeightedPipeline += d.Value.MulRate(d.Probability)
			}
		}
	}
	if a, ok := Attainment(k.ClosedWon, quota); ok {
		k.Attainment = OptFloat{a.Float(), true}
	}
	if n := k.WonCount + k.LostCount; n > 0 {
		k.WinRate = OptFloat{float64(k.WonCount) / float64(n), true}
	}
	if k.WonCount > 0 {
		k.AvgDealSize = OptFloat{float64(k.ClosedWon) / float64(k.WonCount), true}
	}
	if cycleN > 0 {
		k.AvgCycleDays = OptFloat{cycleSum / float64(cycleN), true}
	}
	if gap := quota - k.ClosedWon; quota > 0 && gap > 0 {
		k.PipelineCoverage = OptFloat{float64(k.OpenPipeline) / float64(gap), true}
	}
	if len(responses) > 0 {
		k.LeadResponseHrs = OptFloat{Median(responses), true}
	}
	return k
}

// Median of xs (which it sorts); 0 for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
