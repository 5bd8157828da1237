package domain

// WhatIf is what plan pays in one period of its own length at attainment
// level (a Rate, 1.0 = 100 %) of quota: the credited bookings are
// quota × level, in one deal, with the YTD gate met. For amount-based plans
// without a quota, quota is the bookings at level 100 %.
func WhatIf(plan *Plan, quota Money, level Rate, cal FiscalCalendar) Money {
	p := cal.PeriodOf(plan.Period, Day(2026, 1, 1))
	bookings := quota.MulRate(level)
	in := PayoutInput{Period: p, Quota: quota, YTDCredited: 1, YTDQuota: 1,
		Segments: []Segment{{Plan: plan, From: p.Start(), To: p.End()}},
		Credits:  []CreditedDeal{{DealID: 1, Name: "what-if", CloseDate: p.Start(), Value: bookings, Kind: SplitRevenue, Share: RateOne, Amount: bookings}}}
	return ComputePayout(in).Earned
}

// PayoutCurve is plan's payout at attainment 0 %, step, 2·step … up to max.
func PayoutCurve(plan *Plan, quota Money, step, max Rate, cal FiscalCalendar) (levels []Rate, pay []Money) {
	for l := Rate(0); l <= max; l += step {
		levels = append(levels, l)
		pay = append(pay, WhatIf(plan, quota, l, cal))
	}
	return levels, pay
}
