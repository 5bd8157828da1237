package domain

import (
	"math/big"
	"sort"
	"strings"
	"time"
)

// Seasonality is the share of a year's quota that falls in each calendar
// month, January first, as twelve percentages summing to exactly 100 %. The
// zero value (all twelve zero) means even: every month the same.
type Seasonality [12]Rate

// IsEven reports whether s is the even profile (the zero value).
func (s Seasonality) IsEven() bool { return s == Seasonality{} }

// Validate checks that the twelve percentages are not negative and sum to 100.
func (s Seasonality) Validate() error {
	if s.IsEven() {
		return nil
	}
	var sum Rate
	for i, r := range s {
		if r < 0 {
			return Errorf(EINVALID, "Seasonality for %s cannot be negative.", time.Month(i+1))
		}
		sum += r
	}
	if sum != RateOne {
		return Errorf(EINVALID, "The twelve seasonality percentages must sum to 100 %%; they sum to %s.", sum)
	}
	return nil
}

// weight is the relative weight of calendar month m.
func (s Seasonality) weight(m time.Month) int64 {
	if s.IsEven() {
		return 1
	}
	return int64(s[m-1])
}

// Spread divides amount over months in proportion to their seasonality
// weights, exactly: each month gets the floor of its share, and the minor
// units left over go one each to the months with the largest remainders
// (ties: the earlier month), so the months always sum to amount.
// When every month weighs zero, the amount is spread evenly.
func (s Seasonality) Spread(amount Money, months []Period) []Money {
	w := make([]int64, len(months))
	var total int64
	for i, m := range months {
		w[i] = s.weight(time.Month(m.Index))
		total += w[i]
	}
	if total == 0 {
		for i := range w {
			w[i] = 1
		}
		total = int64(len(w))
	}
	return spreadByWeights(amount, w, total)
}

// spreadByWeights is the largest-remainder apportionment of amount over
// weights summing to total.
func spreadByWeights(amount Money, w []int64, total int64) []Money {
	out := make([]Money, len(w))
	if len(w) == 0 {
		return out
	}
	neg := amount < 0
	a := big.NewInt(int64(amount))
	if neg {
		a.Neg(a)
	}
	t := big.NewInt(total)
	rems := make([]*big.Int, len(w))
	var given Money
	for i, wi := range w {
		x := new(big.Int).Mul(a, big.NewInt(wi))
		q, r := new(big.Int).QuoRem(x, t, new(big.Int))
		out[i] = Money(q.Int64())
		rems[i] = r
		given += out[i]
	}
	left := Money(a.Int64()) - given
	order := make([]int, len(w))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return rems[order[i]].Cmp(rems[order[j]]) > 0 })
	for k := 0; left > 0; k = (k + 1) % len(order) {
		out[order[k]]++
		left--
	}
	if neg {
		for i := range out {
			out[i] = -out[i]
		}
	}
	return out
}

// RampSchedule is the share of full quota a new hire carries in each month
// from the month they are hired in (the first entry), until the schedule
// ends; from then on they carry 100 %. Nil means no ramp.
type RampSchedule []Rate

// DefaultRamp is 0/25/50/75/100 % over the first five months.
func DefaultRamp() RampSchedule {
	return RampSchedule{0, RatePercent(25), RatePercent(50), RatePercent(75), RateOne}
}

// Validate checks that every step lies between 0 and 100 % and the schedule
// is at most two years long.
func (r RampSchedule) Validate() error {
	if len(r) > 24 {
		return Errorf(EINVALID, "A ramp schedule lasts at most 24 months.")
	}
	for i, s := range r {
		if s < 0 || s > RateOne {
			return Errorf(EINVALID, "Ramp month %d: the share of full quota must lie between 0 and 100 %%.", i+1)
		}
	}
	return nil
}

// Share is the share of full quota in ramp month k, counting the month of
// hire as 1. Months before hire (k < 1) carry nothing.
func (r RampSchedule) Share(k int) Rate {
	switch {
	case k < 1:
		return 0
	case k <= len(r):
		return r[k-1]
	}
	return RateOne
}

// RampMonth is month m's place in the ramp of someone hired on hire: 1 for
// the month of hire, 0 or less before it. An unknown hire date counts as
// hired long ago.
func RampMonth(hire time.Time, m Period) int {
	if hire.IsZero() {
		return 1 << 20
	}
	return (m.Year-hire.Year())*12 + m.Index - int(hire.Month()) + 1
}

// MonthQuota is one month of a spread quota.
type MonthQuota struct {
	Month Period
	Full  Money // the month's share of the full quota
	Share Rate  // the ramp share (0 when not employed that month)
	Quota Money // Full × Share, rounded once
}

// QuotaPlan is how a quota entered for a period becomes monthly quotas.
type QuotaPlan struct {
	Amount      Money // the full quota for the period
	Period      Period
	Seasonality Seasonality
	Ramp        RampSchedule
	// Hire and End are the person's dates: months before the month of hire
	// and months starting on or after the end date carry no quota.
	Hire, End time.Time
}

// Months spreads the plan over the period's months (by seasonality) and
// applies the ramp: the months' Quota is what is stored.
func (q QuotaPlan) Months() ([]MonthQuota, error) {
	if q.Amount < 0 {
		return nil, Errorf(EINVALID, "A quota cannot be negative.")
	}
	if err := q.Seasonality.Validate(); err != nil {
		return nil, err
	}
	if err := q.Ramp.Validate(); err != nil {
		return nil, err
	}
	months := q.Period.Months()
	full := q.Seasonality.Spread(q.Amount, months)
	out := make([]MonthQuota, len(months))
	for i, m := range months {
		share := q.Ramp.Share(RampMonth(q.Hire, m))
		if !q.End.IsZero() && !m.Start().Before(q.End) {
			share = 0
		}
		out[i] = MonthQuota{Month: m, Full: full[i], Share: share, Quota: full[i].MulRate(share)}
	}
	return out, nil
}

// SumQuotas adds the Quota of the months.
func SumQuotas(ms []MonthQuota) Money {
	var s Money
	for _, m := range ms {
		s += m.Quota
	}
	return s
}

// TeamQuota compares a team's bottom-up quota (the sum of its members') with
// a top-down target.
type TeamQuota struct {
	Members    Money
	Target     Money
	HasTarget  bool
	Difference Money // Members − Target; meaningful only with a target
}

// CompareTeamQuota sums members' quotas and sets the difference to target.
func CompareTeamQuota(members []Money, target Money, hasTarget bool) TeamQuota {
	t := TeamQuota{Target: target, HasTarget: hasTarget}
	for _, m := range members {
		t.Members += m
	}
	if hasTarget {
		t.Difference = t.Members - target
	}
	return t
}

// TeamTarget is a top-down quota target for a team (TeamID 0 = the whole
// company) for a period.
type TeamTarget struct {
	TeamID int64
	Period Period
	Amount Money
}

// Validate checks the target.
func (t *TeamTarget) Validate() error {
	if t.Period.IsZero() {
		return Errorf(EINVALID, "A team target needs a period.")
	}
	if t.Amount < 0 {
		return Errorf(EINVALID, "A team target cannot be negative.")
	}
	return nil
}

// OnboardingItem is one training step of a person's onboarding checklist.
type OnboardingItem struct {
	ID       int64
	PersonID int64
	Name     string
	Due      time.Time // zero = no due date
	Done     time.Time // zero = not done
}

// Validate checks the item.
func (o *OnboardingItem) Validate() error {
	if strings.TrimSpace(o.Name) == "" {
		return Errorf(EINVALID, "An onboarding item needs a name.")
	}
	return nil
}

// Overdue reports whether the item is not done and its due date has passed
// by today.
func (o *OnboardingItem) Overdue(today time.Time) bool {
	return o.Done.IsZero() && !o.Due.IsZero() && DateOf(today).After(DateOf(o.Due))
}

// DefaultOnboardingStep is an item of the default checklist: a name and the
// days after hire when it is due.
type DefaultOnboardingStep struct {
	Name string
	Days int
}

// DefaultOnboarding is the checklist every new hire gets.
var DefaultOnboarding = []DefaultOnboardingStep{
	{"CRM and sales process", 7},
	{"Product training", 14},
	{"Shadow five customer calls", 30},
	{"Pitch certification", 45},
	{"First pipeline review with manager", 60},
}

// NewHireChecklist is the default checklist of someone hired on hire.
func NewHireChecklist(personID int64, hire time.Time) []OnboardingItem {
	out := make([]OnboardingItem, len(DefaultOnboarding))
	for i, s := range DefaultOnboarding {
		out[i] = OnboardingItem{PersonID: personID, Name: s.Name, Due: DateOf(hire).AddDate(0, 0, s.Days)}
	}
	return out
}

// IsNewHire reports whether someone hired on hire counts as a new hire on
// today: hired within the last 90 days, or about to start.
func IsNewHire(hire, today time.Time) bool {
	return !hire.IsZero() && !DateOf(hire).Before(DateOf(today).AddDate(0, 0, -90))
}

// OnboardingProgress summarises checklists.
type OnboardingProgress struct {
	Total, Done, Overdue int
}

// Fraction is done / total; ok is false for an empty checklist.
func (p OnboardingProgress) Fraction() (float64, bool) {
	if p.Total == 0 {
		return 0, false
	}
	return float64(p.Done) / float64(p.Total), true
}

// Progress counts the items, done and overdue on today.
func Progress(items []OnboardingItem, today time.Time) OnboardingProgress {
	var p OnboardingProgress
	for i := range items {
		p.Total++
		if !items[i].Done.IsZero() {
			p.Done++
		} else if items[i].Overdue(today) {
			p.Overdue++
		}
	}
	return p
}
