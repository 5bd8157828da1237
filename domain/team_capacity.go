package domain

import (
	"math"
	"sort"
)

// CapacityInput is what a capacity plan starts from.
type CapacityInput struct {
	Name   string
	Year   Period // the fiscal year planned
	Target Money  // the year's revenue target
	// FullQuota is the annual quota (and so the expected bookings) of one
	// fully ramped seller.
	FullQuota   Money
	Ramp        RampSchedule
	Attrition   Rate // expected share of sellers who leave over a year
	Seasonality Seasonality
	// Team holds, for each current seller, their ramp month in the plan's
	// first month (1 = hired that month); ramped sellers can carry any number
	// past the ramp, e.g. RampedMonth.
	Team []int
}

// RampedMonth is a ramp month past any schedule: a fully ramped seller.
const RampedMonth = 1000

// MaxPlannedHires bounds the search for hires.
const MaxPlannedHires = 1000

// Validate checks the inputs.
func (c *CapacityInput) Validate() error {
	switch {
	case c.Year.Kind != Year:
		return Errorf(EINVALID, "A capacity plan covers a fiscal year.")
	case c.Target < 0:
		return Errorf(EINVALID, "The revenue target cannot be negative.")
	case c.FullQuota <= 0:
		return Errorf(EINVALID, "The full quota of a ramped seller must be more than zero.")
	case c.Attrition < 0 || c.Attrition > RateOne:
		return Errorf(EINVALID, "Attrition must lie between 0 and 100 %%.")
	}
	if err := c.Ramp.Validate(); err != nil {
		return err
	}
	return c.Seasonality.Validate()
}

// CapacityMonth is one month of a capacity plan.
type CapacityMonth struct {
	Month       Period
	Target      Money   // the month's share of the target (by seasonality)
	Capacity    Money   // expected bookings of the team that month
	Hires       int     // sellers to hire (starting) this month
	Headcount   float64 // expected sellers on the team, attrition included
	CumTarget   Money
	CumCapacity Money
}

// CapacityPlan is the result: how many to hire and when.
type CapacityPlan struct {
	Input    CapacityInput
	Months   []CapacityMonth
	Hires    int
	Capacity Money // the year's capacity with the hires
	// Shortfall is Target − capacity of the current team alone (≤ 0: no gap).
	Shortfall Money
}

// PlanCapacity works out the fewest hires whose ramped capacity, with the
// current team's, meets the year's target, each hired as late as the target
// still allows (the last hire is pushed latest first).
//
// The arithmetic: a ramped seller books the month's share of FullQuota
// (spread by seasonality, like the target); someone in ramp month k books
// Ramp.Share(k) of that; attrition is a steady monthly loss of Attrition/12 of
// the sellers there are, so a seller present j months after joining the plan
// (or being hired) counts (1 − Attrition/12)^j. A month's capacity is Σ over
// sellers of full × share × retention, rounded once to the minor unit.
func PlanCapacity(in CapacityInput) (CapacityPlan, error) {
	if err := in.Validate(); err != nil {
		return CapacityPlan{}, err
	}
	months := in.Year.Months()
	target := in.Seasonality.Spread(in.Target, months)
	full := in.Seasonality.Spread(in.FullQuota, months)
	retain := 1 - in.Attrition.Float()/12
	// factor[m] for the current team: Σ share × retention.
	base := make([]float64, len(months))
	for _, k0 := range in.Team {
		for m := range months {
			base[m] += in.Ramp.Share(k0+m).Float() * math.Pow(retain, float64(m))
		}
	}
	hireFactor := func(h, m int) float64 {
		if m < h {
			return 0
		}
		return in.Ramp.Share(m-h+1).Float() * math.Pow(retain, float64(m-h))
	}
	capacity := func(hires []int) (Money, []Money) {
		per := make([]Money, len(months))
		var sum Money
		for m := range months {
			f := base[m]
			for _, h := range hires {
				f += hireFactor(h, m)
			}
			per[m] = Money(math.Round(float64(full[m]) * f))
			sum += per[m]
		}
		return sum, per
	}
	baseCap, _ := capacity(nil)
	var hires []int
	if baseCap < in.Target {
		// The fewest hires, all in the first month, that meet the target.
		one, _ := capacity([]int{0})
		if one <= 0 {
			return CapacityPlan{}, Errorf(EINVALID, "A seller hired at the start of the year books nothing within it under this ramp: the target cannot be met by hiring.")
		}
		for n := 1; ; n++ {
			if n > MaxPlannedHires {
				return CapacityPlan{}, Errorf(EINVALID, "Meeting this target would take more than %d hires: check the target and the full quota.", MaxPlannedHires)
			}
			hires = make([]int, n)
			if c, _ := capacity(hires); c >= in.Target {
				break
			}
		}
		// Then each hire as late as the target allows, the last one first.
		for k := len(hires) - 1; k >= 0; k-- {
			for h := len(months) - 1; h > hires[k]; h-- {
				was := hires[k]
				hires[k] = h
				if c, _ := capacity(hires); c >= in.Target {
					break
				}
				hires[k] = was
			}
		}
		sort.Ints(hires)
	}
	total, per := capacity(hires)
	plan := CapacityPlan{Input: in, Hires: len(hires), Capacity: total, Shortfall: in.Target - baseCap}
	var cumT, cumC Money
	for m, mo := range months {
		cm := CapacityMonth{Month: mo, Target: target[m], Capacity: per[m]}
		for _, h := range hires {
			if h == m {
				cm.Hires++
			}
			if h <= m {
				cm.Headcount += math.Pow(retain, float64(m-h))
			}
		}
		for range in.Team {
			cm.Headcount += math.Pow(retain, float64(m))
		}
		cumT += target[m]
		cumC += per[m]
		cm.CumTarget, cm.CumCapacity = cumT, cumC
		plan.Months = append(plan.Months, cm)
	}
	return plan, nil
}
