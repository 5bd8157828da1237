package domain

// KPITotals are the sums the KPIs of PRODUCT.md §5.3 are made of. The
// workspace adds them up in SQL over a million deals; TotalsOf adds them up
// over deals in memory. Either way KPIs turns them into the figures.
type KPITotals struct {
	WonCount, LostCount, OpenCount int
	ClosedWon                      Money // Σ value of won deals
	OpenPipeline                   Money // Σ value of open deals not omitted
	WeightedPipeline               Money // Σ value × probability of those
	CycleDays                      float64
	CycleCount                     int       // won deals with a created date
	LeadResponseHours              []float64 // deals created in the period with both times
}

// TotalsOf adds up the deals closing in p (lead response: created in p).
func TotalsOf(deals []Deal, p Period) KPITotals {
	var t KPITotals
	for i := range deals {
		d := &deals[i]
		if !d.LeadCreated.IsZero() && !d.FirstResponse.IsZero() && !d.Created.IsZero() && p.Contains(d.Created) {
			t.LeadResponseHours = append(t.LeadResponseHours, d.FirstResponse.Sub(d.LeadCreated).Hours())
		}
		if d.CloseDate.IsZero() || !p.Contains(d.CloseDate) {
			continue
		}
		switch d.Status {
		case StatusWon:
			t.WonCount++
			t.ClosedWon += d.Value
			if !d.Created.IsZero() {
				t.CycleDays += d.CloseDate.Sub(DateOf(d.Created)).Hours() / 24
				t.CycleCount++
			}
		case StatusLost:
			t.LostCount++
		default:
			t.OpenCount++
			if d.Category != CategoryOmitted {
				t.OpenPipeline += d.Value
				t.WeightedPipeline += d.Value.MulRate(d.Probability)
			}
		}
	}
	return t
}

// Add adds u to t (a team is the sum of its people).
func (t *KPITotals) Add(u KPITotals) {
	t.WonCount += u.WonCount
	t.LostCount += u.LostCount
	t.OpenCount += u.OpenCount
	t.ClosedWon += u.ClosedWon
	t.OpenPipeline += u.OpenPipeline
	t.WeightedPipeline += u.WeightedPipeline
	t.CycleDays += u.CycleDays
	t.CycleCount += u.CycleCount
	t.LeadResponseHours = append(t.LeadResponseHours, u.LeadResponseHours...)
}

// KPIs computes the figures of PRODUCT.md §5.3 from the totals; quota is the
// scope's quota for the period. Attainment here is closed-won / quota; for a
// person or a team Credited replaces closed-won (see KPIReport).
func (t KPITotals) KPIs(quota Money) KPIs {
	k := KPIs{
		ClosedWon: t.ClosedWon, Quota: quota, WonCount: t.WonCount, LostCount: t.LostCount, OpenCount: t.OpenCount,
		OpenPipeline: t.OpenPipeline, WeightedPipeline: t.WeightedPipeline,
	}
	if a, ok := Attainment(t.ClosedWon, quota); ok {
		k.Attainment = OptFloat{a.Float(), true}
	}
	if n := t.WonCount + t.LostCount; n > 0 {
		k.WinRate = OptFloat{float64(t.WonCount) / float64(n), true}
	}
	if t.WonCount > 0 {
		k.AvgDealSize = OptFloat{float64(t.ClosedWon) / float64(t.WonCount), true}
	}
	if t.CycleCount > 0 {
		k.AvgCycleDays = OptFloat{t.CycleDays / float64(t.CycleCount), true}
	}
	if gap := quota - t.ClosedWon; quota > 0 && gap > 0 {
		k.PipelineCoverage = OptFloat{float64(t.OpenPipeline) / float64(gap), true}
	}
	if len(t.LeadResponseHours) > 0 {
		hrs := append([]float64(nil), t.LeadResponseHours...)
		k.LeadResponseHrs = OptFloat{Median(hrs), true}
	}
	return k
}

// KPIReport is what the dashboard and `salesops kpis` show for one period
// and scope (or one group of a breakdown).
type KPIReport struct {
	Period Period
	KPIs
	// Credited is the credit (PRODUCT.md §5.2) of the scope's people; for
	// everyone and for a territory it is closed-won.
	Credited Money
	// HasQuota is false for a territory, which carries no quota.
	HasQuota     bool
	QualityScore OptFloat // share of the deals closing in the period with no finding
	// Funnel is filled for the dashboard only.
	Funnel []FunnelStep
}

// SetCredited sets the credit and recomputes attainment as credit / quota.
func (r *KPIReport) SetCredited(c Money) {
	r.Credited = c
	r.Attainment = OptFloat{}
	if a, ok := Attainment(c, r.Quota); ok {
		r.Attainment = OptFloat{a.Float(), true}
	}
}

// Quality is the data-quality score: deals with no finding over deals.
func QualityScore(deals, flagged int) OptFloat {
	if deals == 0 {
		return OptFloat{}
	}
	return OptFloat{1 - float64(flagged)/float64(deals), true}
}

// FunnelStep is one stage of the conversion funnel.
type FunnelStep struct {
	Stage   string
	Reached int // deals that reached this stage (or a later one)
	// Conversion is the share of the deals that reached this stage and later
	// reached the next one; undefined for the last stage or when none reached it.
	Conversion OptFloat
}

// Funnel computes the stage-to-stage conversion (PRODUCT.md §5.3) of the
// process stages (lost stages excluded, in order). furthest[i] counts the
// deals whose furthest stage reached was stages[i]: a deal that got to
// Negotiation also passed every stage before it.
func Funnel(stages []Stage, furthest []int) []FunnelStep {
	out := make([]FunnelStep, len(stages))
	reached := 0
	for i := len(stages) - 1; i >= 0; i-- {
		if i < len(furthest) {
			reached += furthest[i]
		}
		out[i] = FunnelStep{Stage: stages[i].Name, Reached: reached}
	}
	for i := 0; i+1 < len(out); i++ {
		if out[i].Reached > 0 {
			out[i].Conversion = OptFloat{float64(out[i+1].Reached) / float64(out[i].Reached), true}
		}
	}
	return out
}

// DealSizeBand is a range of deal values for the win/loss analysis.
type DealSizeBand struct {
	Label  string // English, e.g. "10k–50k"
	Lo, Hi Money  // [Lo, Hi); Hi 0 = no upper bound
}

// DealSizeBands are the bands in the workspace currency c.
func DealSizeBands(c Currency) []DealSizeBand {
	k := func(n float64) Money { return c.FromMajor(n * 1000) }
	return []DealSizeBand{
		{"Under 10k", 0, k(10)},
		{"10k–50k", k(10), k(50)},
		{"50k–100k", k(50), k(100)},
		{"100k and more", k(100), 0},
	}
}

// WinLossRow is one line of the win/loss analysis.
type WinLossRow struct {
	Key       string // lost reason, person, segment, product or band
	Won, Lost int
	WonValue  Money
	LostValue Money
}

// WinRate is won / (won + lost).
func (r WinLossRow) WinRate() OptFloat {
	if n := r.Won + r.Lost; n > 0 {
		return OptFloat{float64(r.Won) / float64(n), true}
	}
	return OptFloat{}
}
