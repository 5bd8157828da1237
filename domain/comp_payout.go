package domain

import (
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
)

// PayoutLineKind says what a line of a statement is.
type PayoutLineKind string

const (
	LineCredit     PayoutLineKind = "credit"     // a credited deal (amount 0: it is what the tiers are applied to)
	LineNote       PayoutLineKind = "note"       // proration, threshold, gate … (amount 0)
	LineCommission PayoutLineKind = "commission" // a tier band
	LineCap        PayoutLineKind = "cap"        // what the payout cap took off
	LineSpiff      PayoutLineKind = "spiff"
	LineDraw       PayoutLineKind = "draw"     // advance (+) or recovery (−)
	LineClawback   PayoutLineKind = "clawback" // a cancelled deal of a closed period (−)
	LineAdjustment PayoutLineKind = "adjustment"
)

// PayoutLine is one explained line of a statement. A statement's total is
// exactly the sum of its lines' amounts.
type PayoutLine struct {
	Kind        PayoutLineKind
	DealID      int64 // 0 when the line is about no deal
	Amount      Money
	Explanation string
	Credited    Money  // credit lines: the credited amount
	Share       Rate   // credit lines: the credit share
	RefPeriod   string // clawbacks and corrections: the closed period concerned
	// Deal and ClawbackDays, on credit lines, keep what was credited and the
	// plan's clawback window, so a closed period can be corrected later.
	Deal         *CreditedDeal
	ClawbackDays int
}

// Payout is one person's payout for a period, as lines and their sums.
type Payout struct {
	PersonID    int64
	Name, Email string
	PlanID      int64
	Plan        string // the plan's name (several joined with " → " after a mid-period change)
	Period      Period
	Quota       Money
	Credited    Money
	Attainment  Rate
	HasAttain   bool
	Commission  Money // tier bands and cap
	Spiffs      Money
	Draw        Money
	Clawbacks   Money
	Adjustments Money
	Total       Money
	// Earned is commission + SPIFFs: what the plan itself paid, before draw
	// and corrections. Later corrections of a closed period compare it.
	Earned Money
	// DrawBalance is the recoverable draw still owed after this period (≤ 0).
	DrawBalance Money
	// Target is the target variable pay for the period (prorated), for cost of sales.
	Target Money
	Lines  []PayoutLine
	// DealEarned is what each credited deal earned (tier commission shared
	// pro rata to credit, plus its SPIFFs): what a clawback takes back.
	DealEarned map[int64]Money
}

// Add appends a line and adds its amount to the right sum and the total.
func (p *Payout) Add(l PayoutLine) {
	p.Lines = append(p.Lines, l)
	switch l.Kind {
	case LineCommission, LineCap:
		p.Commission += l.Amount
	case LineSpiff:
		p.Spiffs += l.Amount
	case LineDraw:
		p.Draw += l.Amount
	case LineClawback:
		p.Clawbacks += l.Amount
	case LineAdjustment:
		p.Adjustments += l.Amount
	}
	p.Total += l.Amount
}

// SumLines is the sum of the line amounts: always equal to Total.
func (p *Payout) SumLines() Money {
	var s Money
	for _, l := range p.Lines {
		s += l.Amount
	}
	return s
}

// CreditedDeal is one credit of one won deal to the person being paid.
type CreditedDeal struct {
	DealID     int64
	Name       string // for explanations
	CloseDate  time.Time
	Product    string
	Value      Money // the deal's value in the workspace currency
	Kind       SplitKind
	Share      Rate
	Amount     Money  // credited amount
	Via        string // roll-up: the name of the team member whose credit this is; "" = own
	NewAccount bool   // the account's first won deal
}

// PayoutInput is what one person's payout for one period is computed from.
type PayoutInput struct {
	PersonID    int64
	Name, Email string
	Period      Period
	Currency    Currency
	Segments    []Segment // the person's plans over the period, in order
	Quota       Money     // quota for the whole period
	Credits     []CreditedDeal
	// YTDCredited and YTDQuota run from the start of the fiscal year to the
	// end of the period: the gate opens when credited ≥ quota.
	YTDCredited, YTDQuota Money
	// DrawBalance is the recoverable draw owed when the period starts (≤ 0).
	DrawBalance Money
	// Extra are lines decided elsewhere: clawbacks, corrections, manual adjustments.
	Extra []PayoutLine
	// Words explain the lines; nil = English.
	Words *Words
}

// money writes m as Currency.Format(m, ",", ".") does, without fmt: a
// payout run formats tens of thousands of amounts.
func (in *PayoutInput) money(m Money) string { return words(in.Words).M(in.Currency, m) }

func formatMoney(cur Currency, m Money) string {
	u := uint64(m)
	if m < 0 {
		u = uint64(-m)
	}
	scale := uint64(cur.Scale())
	whole := strconv.FormatUint(u/scale, 10)
	b := make([]byte, 0, len(whole)+len(whole)/3+cur.Digits+2)
	if m < 0 {
		b = append(b, '-')
	}
	for i := 0; i < len(whole); i++ {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, whole[i])
	}
	if cur.Digits > 0 {
		frac := strconv.FormatUint(u%scale+scale, 10) // leading 1 keeps the zeros
		b = append(b, '.')
		b = append(b, frac[1:]...)
	}
	return string(b)
}

// mulDiv returns a×b×c/(d×e) rounded half away from zero, exactly.
func mulDiv(a, b, c, d, e int64) Money {
	x := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	x.Mul(x, big.NewInt(c))
	y := new(big.Int).Mul(big.NewInt(d), big.NewInt(e))
	neg := (x.Sign() < 0) != (y.Sign() < 0)
	x.Abs(x)
	y.Abs(y)
	q, r := new(big.Int).QuoRem(x, y, new(big.Int))
	if r.Lsh(r, 1).Cmp(y) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return Money(q.Int64())
}

// ComputePayout computes a person's payout for a period: credit lines, tier
// bands, threshold, cap, gate, SPIFFs, draw, then the extra lines. Each line
// is rounded once, half away from zero; the total is the sum of the lines.
func ComputePayout(in PayoutInput) Payout {
	out := Payout{PersonID: in.PersonID, Name: in.Name, Email: in.Email, Period: in.Period, Quota: in.Quota,
		DrawBalance: in.DrawBalance, DealEarned: make(map[int64]Money, len(in.Credits)),
		Lines: make([]PayoutLine, 0, len(in.Credits)+4*len(in.Segments)+len(in.Extra)+1)}
	credits := append([]CreditedDeal(nil), in.Credits...)
	sort.SliceStable(credits, func(i, j int) bool {
		if !credits[i].CloseDate.Equal(credits[j].CloseDate) {
			return credits[i].CloseDate.Before(credits[j].CloseDate)
		}
		return credits[i].DealID < credits[j].DealID
	})
	for _, c := range credits {
		out.Credited += c.Amount
	}
	out.Attainment, out.HasAttain = Attainment(out.Credited, in.Quota)
	var names []string
	periodDays := daysBetween(in.Period.Start(), in.Period.End())
	for si, seg := range in.Segments {
		pl := seg.Plan
		if si == 0 {
			out.PlanID = pl.ID
		}
		if len(names) == 0 || names[len(names)-1] != pl.Name {
			names = append(names, pl.Name)
		}
		segDays := daysBetween(seg.From, seg.To)
		planPeriod := in.Period.Cal.PeriodOf(pl.Period, seg.From)
		planDays := daysBetween(planPeriod.Start(), planPeriod.End())
		var segCredits []CreditedDeal
		for _, c := range credits {
			if !c.CloseDate.Before(seg.From) && c.CloseDate.Before(seg.To) {
				segCredits = append(segCredits, c)
			}
		}
		full := segDays == periodDays && pl.Period == in.Period.Kind
		sc := segCalc{in: &in, out: &out, plan: pl, credits: segCredits, quota: in.Quota, num: 1, den: 1}
		if !full {
			sc.num, sc.den = segDays, planDays
			sc.quota = in.Quota.MulRatio(segDays, periodDays)
			w := words(in.Words)
			format := w.Prorated
			if len(in.Segments) > 1 {
				format = w.PlanChanged
			}
			out.Add(PayoutLine{Kind: LineNote, Explanation: w.F(format, pl.Name, seg.From.Format("2006-01-02"), seg.To.AddDate(0, 0, -1).Format("2006-01-02"),
				segDays, planDays, pl.Period, in.money(sc.quota), segDays, planDays)})
		}
		sc.run()
	}
	if len(in.Segments) == 0 {
		out.Add(PayoutLine{Kind: LineNote, Explanation: words(in.Words).NoPlan})
	}
	out.Plan = strings.Join(names, " → ")
	for _, l := range in.Extra {
		out.Add(l)
	}
	return out
}

// segCalc computes one plan segment.
type segCalc struct {
	in       *PayoutInput
	out      *Payout
	plan     *Plan
	credits  []CreditedDeal
	quota    Money
	num, den int64 // proration of the plan's per-period amounts
}

func (s *segCalc) prorate(m Money) Money {
	if s.num == s.den {
		return m
	}
	return m.MulRatio(s.num, s.den)
}

func (s *segCalc) run() {
	pl, in, out := s.plan, s.in, s.out
	w := words(in.Words)
	english := w == &EnglishWords
	var credited Money
	for i := range s.credits {
		c := s.credits[i]
		credited += c.Amount
		share := "100 %"
		if c.Share != RateOne {
			share = c.Share.String()
		}
		var text string
		if english && c.Via == "" {
			// One line per credited deal: in English built without fmt, as a
			// payout run writes tens of thousands of them.
			text = "Deal " + c.Name + " closed " + c.CloseDate.Format("2006-01-02") + ": " + in.money(c.Value) + " × " + share + " " +
				string(c.Kind) + " credit = " + in.money(c.Amount) + " credited."
		} else {
			via := ""
			if c.Via != "" {
				via = w.F(w.RollUpFrom, c.Via)
			}
			text = w.F(w.Credit, c.Name, c.CloseDate.Format("2006-01-02"), in.money(c.Value), share, string(c.Kind), via, in.money(c.Amount))
		}
		out.Add(PayoutLine{Kind: LineCredit, DealID: c.DealID, Credited: c.Amount, Share: c.Share, Deal: &c, ClawbackDays: pl.ClawbackDays, Explanation: text})
	}
	if len(s.credits) == 0 {
		out.Add(PayoutLine{Kind: LineNote, Explanation: w.F(w.NoWonDeals, pl.Name)})
	}
	tvp := s.prorate(pl.TargetVariable)
	out.Target += tvp
	var commission Money

	// bounds converts a tier bound to bookings.
	needQuota := pl.TierBasis == BasisAttainment || pl.Kind == KindTargetIncentive
	bound := func(v int64) Money {
		if pl.TierBasis == BasisAttainment {
			return s.quota.MulRate(Rate(v))
		}
		return s.prorate(Money(v))
	}
	below := false // under the threshold the plan pays nothing, SPIFFs included
	switch {
	case needQuota && s.quota <= 0:
		out.Add(PayoutLine{Kind: LineNote, Explanation: w.F(w.NoQuota, pl.Name)})
	case pl.Threshold > 0 && credited < bound(pl.Threshold):
		below = true
		out.Add(PayoutLine{Kind: LineNote, Explanation: w.F(w.BelowThreshold, pl.Name, in.money(credited), pl.FormatBound(pl.Threshold, in.Currency),
			in.money(bound(pl.Threshold)))})
	default:
		counted := credited
		if pl.CapKind == CapAttainment {
			if lim := s.quota.MulRate(Rate(pl.Cap)); counted > lim {
				out.Add(PayoutLine{Kind: LineNote, Explanation: w.F(w.AttainmentCap, Rate(pl.Cap), in.money(lim), in.money(credited))})
				counted = lim
			}
		}
		gateShut := false
		var gatePoint Money
		var baseRate Rate
		if pl.GateYTD {
			gatePoint = bound(RateOne.int())
			if pl.TierBasis == BasisAmount {
				gatePoint = s.quota
			}
			if in.YTDCredited < in.YTDQuota || in.YTDQuota <= 0 {
				gateShut = true
				for _, t := range pl.Tiers {
					if bound(t.From) < gatePoint {
						baseRate = t.Rate
					}
				}
				out.Add(PayoutLine{Kind: LineNote, Explanation: w.F(w.Gate, in.money(in.YTDCredited), in.money(in.YTDQuota), in.money(gatePoint),
					pl.FormatTierRate(baseRate))})
			}
		}
		rateOf := func(t Tier) (Rate, string) {
			if gateShut && bound(t.From) >= gatePoint && t.Rate > baseRate {
				return baseRate, w.F(w.Gated, pl.FormatTierRate(t.Rate))
			}
			return t.Rate, ""
		}
		pay := func(portion Money, r Rate) Money {
			if pl.Kind == KindTargetIncentive {
				return mulDiv(int64(tvp), int64(portion), int64(r), int64(s.quota), int64(RateOne))
			}
			return portion.MulRate(r)
		}
		explain := func(portion Money, r Rate, amt Money) string {
			if pl.Kind == KindTargetIncentive {
				att, _ := RatioOf(portion, s.quota)
				return w.F(w.TargetShare, att, in.money(tvp), pl.FormatTierRate(r), in.money(amt))
			}
			return w.F(w.RateOf, in.money(portion), r, in.money(amt))
		}
		bandName := func(i int, t Tier) string {
			to := w.TierAbove
			if !t.Open {
				to = w.F(w.TierTo, pl.FormatBound(t.To, in.Currency))
			}
			return w.F(w.TierName, i+1, pl.FormatBound(t.From, in.Currency), to)
		}
		if pl.TierMode == TierRetroactive {
			idx := 0
			for i, t := range pl.Tiers {
				if counted >= bound(t.From) {
					idx = i
				}
			}
			t := pl.Tiers[idx]
			r, note := rateOf(t)
			amt := pay(counted, r)
			commission += amt
			out.Add(PayoutLine{Kind: LineCommission, Amount: amt, Explanation: w.F(w.Retroactive, bandName(idx, t), explain(counted, r, amt), note)})
		} else {
			for i, t := range pl.Tiers {
				lo := bound(t.From)
				hi := counted
				if !t.Open && bound(t.To) < hi {
					hi = bound(t.To)
				}
				if hi <= lo {
					continue
				}
				r, note := rateOf(t)
				amt := pay(hi-lo, r)
				commission += amt
				out.Add(PayoutLine{Kind: LineCommission, Amount: amt, Explanation: w.F(w.Marginal, bandName(i, t), explain(hi-lo, r, amt), note)})
			}
		}
	}
	// SPIFFs on the person's own credit.
	spiffByDeal := map[int64]Money{}
	var spiffs Money
	for _, c := range s.credits {
		if c.Via != "" || below {
			continue
		}
		for si, sp := range pl.Spiffs {
			if !sp.matches(&c) {
				continue
			}
			amt := sp.Amount.MulRate(c.Share) + c.Amount.MulRate(sp.Rate)
			if amt == 0 {
				continue
			}
			var parts []string
			if sp.Amount != 0 {
				parts = append(parts, w.F(w.SpiffFixed, in.money(sp.Amount), c.Share))
			}
			if sp.Rate != 0 {
				parts = append(parts, w.F(w.SpiffRate, in.money(c.Amount), sp.Rate))
			}
			spiffs += amt
			spiffByDeal[c.DealID] += amt
			out.Add(PayoutLine{Kind: LineSpiff, DealID: c.DealID, Amount: amt, Explanation: w.F(w.Spiff, si+1, sp.describe(in), c.Name,
				strings.Join(parts, " + "), in.money(amt))})
		}
	}
	earned := commission + spiffs
	if pl.CapKind == CapPayout {
		if lim := s.prorate(Money(pl.Cap)); earned > lim {
			out.Add(PayoutLine{Kind: LineCap, Amount: lim - earned, Explanation: w.F(w.Cap, in.money(earned), in.money(lim))})
			commission += lim - earned
			earned = lim
		}
	}
	out.Earned += earned
	s.attribute(commission, spiffByDeal)
	s.draw(earned)
}

func (r Rate) int() int64 { return int64(r) }

// attribute shares the segment's tier commission among its credited deals
// in proportion to credit (the rounding remainder goes to the largest), so
// that a clawback takes back exactly what a deal earned.
func (s *segCalc) attribute(commission Money, spiffs map[int64]Money) {
	var total Money
	for _, c := range s.credits {
		total += c.Amount
	}
	var given Money
	largest := -1
	for i, c := range s.credits {
		var share Money
		if total != 0 {
			share = commission.MulRatio(int64(c.Amount), int64(total))
		}
		given += share
		s.out.DealEarned[c.DealID] += share
		if largest < 0 || c.Amount > s.credits[largest].Amount {
			largest = i
		}
	}
	if largest >= 0 {
		s.out.DealEarned[s.credits[largest].DealID] += commission - given
	}
	for id, m := range spiffs {
		s.out.DealEarned[id] += m
	}
}

// draw applies the plan's draw to what the segment earned (PRODUCT.md §5.5):
// a recoverable draw advances the shortfall and recovers it from later
// earnings above the draw; a non-recoverable one tops up to the draw.
func (s *segCalc) draw(earned Money) {
	pl, in, out := s.plan, s.in, s.out
	w := words(in.Words)
	if pl.DrawType == DrawNone {
		return
	}
	d := s.prorate(pl.DrawAmount)
	switch {
	case earned < d && pl.DrawType == DrawRecoverable:
		adv := d - earned
		out.DrawBalance -= adv
		out.Add(PayoutLine{Kind: LineDraw, Amount: adv, Explanation: w.F(w.DrawAdvance, in.money(d), in.money(earned), in.money(adv), in.money(out.DrawBalance))})
	case earned < d:
		out.Add(PayoutLine{Kind: LineDraw, Amount: d - earned, Explanation: w.F(w.DrawTopUp, in.money(d), in.money(earned), in.money(d-earned))})
	case pl.DrawType == DrawRecoverable && out.DrawBalance < 0 && earned > d:
		rec := earned - d
		if -out.DrawBalance < rec {
			rec = -out.DrawBalance
		}
		out.DrawBalance += rec
		out.Add(PayoutLine{Kind: LineDraw, Amount: -rec, Explanation: w.F(w.DrawRecovery, in.money(earned), in.money(d), in.money(rec), in.money(out.DrawBalance))})
	}
}

func (sp *Spiff) matches(c *CreditedDeal) bool {
	if sp.Product != "" && !strings.EqualFold(strings.TrimSpace(sp.Product), strings.TrimSpace(c.Product)) {
		return false
	}
	if c.Value < sp.MinAmount || (sp.NewAccount && !c.NewAccount) {
		return false
	}
	if !sp.From.IsZero() && c.CloseDate.Before(sp.From) {
		return false
	}
	return sp.To.IsZero() || !c.CloseDate.After(sp.To)
}

// Candidate reports whether the SPIFF could pay on won deal d, leaving the
// new-account condition aside (it needs the account's history).
func (sp *Spiff) Candidate(d *Deal) bool {
	c := CreditedDeal{Product: d.Product, Value: d.Value, CloseDate: d.CloseDate, NewAccount: true}
	return sp.matches(&c)
}

func (sp *Spiff) describe(in *PayoutInput) string {
	w := words(in.Words)
	var p []string
	if sp.Product != "" {
		p = append(p, sp.Product)
	} else {
		p = append(p, w.AnyProduct)
	}
	if sp.MinAmount > 0 {
		p = append(p, w.F(w.FromAmount, in.money(sp.MinAmount)))
	}
	if sp.NewAccount {
		p = append(p, w.NewAccounts)
	}
	return strings.Join(p, ", ")
}

// PersonCredits gathers, for one person under a plan's crediting rules, the
// credit of won deals closed in [from, to): their own revenue credit (owner or
// revenue splits), overlay credit when the plan counts it, and with roll-up
// the revenue credit of everyone below them. team lists the people below
// (all levels) with their names.
func PersonCredits(personID int64, c Crediting, byPerson map[int64][]CreditedDeal, team map[int64]string) []CreditedDeal {
	var out []CreditedDeal
	for _, cd := range byPerson[personID] {
		if cd.Kind == SplitOverlay && !c.Overlay {
			continue
		}
		out = append(out, cd)
	}
	if c.RollUp {
		ids := make([]int64, 0, len(team))
		for id := range team {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			for _, cd := range byPerson[id] {
				if cd.Kind != SplitRevenue {
					continue
				}
				cd.Via = team[id]
				out = append(out, cd)
			}
		}
	}
	return out
}

// CreditIndex turns won deals and their splits into credits by person.
// newAccount reports whether a deal is its account's first won deal.
func CreditIndex(deals []Deal, splits map[int64][]DealSplit, newAccount func(*Deal) bool) map[int64][]CreditedDeal {
	out := map[int64][]CreditedDeal{}
	for i := range deals {
		d := &deals[i]
		if d.Status != StatusWon {
			continue
		}
		name := d.Name
		if d.ExternalID != "" {
			name = d.ExternalID + " " + d.Name
		}
		isNew := newAccount != nil && newAccount(d)
		for _, c := range DealCredits(d, splits[d.ID]) {
			out[c.PersonID] = append(out[c.PersonID], CreditedDeal{DealID: d.ID, Name: strings.TrimSpace(name), CloseDate: d.CloseDate,
				Product: d.Product, Value: d.Value, Kind: c.Kind, Share: c.Share, Amount: c.Amount, NewAccount: isNew})
		}
	}
	return out
}

// ClosedCredit is what a closed period paid one person on one deal: the
// ground for a later clawback.
type ClosedCredit struct {
	PersonID     int64
	DealID       int64
	DealName     string
	Period       string // the closed period's key
	CloseDate    time.Time
	Credited     Money
	Earned       Money // what the deal earned in that period (see Payout.DealEarned)
	ClawbackDays int   // the plan's clawback window; 0 = no clawback
}

// Clawback is the line for a deal of a closed period that was cancelled on
// day cancelled (PRODUCT.md §5.5): within the plan's window it takes back
// what the deal earned, referencing the deal and the period; outside it, a
// note says why nothing is taken back. The closed period is left unchanged.
func Clawback(c ClosedCredit, cancelled time.Time, cur Currency, wd *Words) PayoutLine {
	w := words(wd)
	days := int(daysBetween(DateOf(c.CloseDate), DateOf(cancelled)))
	if c.ClawbackDays > 0 && days <= c.ClawbackDays {
		return PayoutLine{Kind: LineClawback, DealID: c.DealID, Amount: -c.Earned, RefPeriod: c.Period,
			Explanation: w.F(w.Clawback, c.DealName, c.CloseDate.Format("2006-01-02"), w.M(cur, c.Earned), c.Period, cancelled.Format("2006-01-02"), days, c.ClawbackDays)}
	}
	return PayoutLine{Kind: LineNote, DealID: c.DealID, RefPeriod: c.Period,
		Explanation: w.F(w.NotClawedBack, c.DealName, c.CloseDate.Format("2006-01-02"), c.Period, cancelled.Format("2006-01-02"), days, c.ClawbackDays)}
}

// Correction is the adjustment line for a closed period whose deals changed
// after it closed: the difference between what its plan pays on today's data
// and what was paid (with earlier corrections), labelled with the cause.
func Correction(period string, paid, now Money, cause string, cur Currency, wd *Words) (PayoutLine, bool) {
	if paid == now {
		return PayoutLine{}, false
	}
	w := words(wd)
	return PayoutLine{Kind: LineAdjustment, Amount: now - paid, RefPeriod: period,
		Explanation: w.F(w.Correction, period, cause, w.M(cur, now), w.M(cur, paid))}, true
}

// ManualAdjustment is the line of an adjustment entered by hand.
func ManualAdjustment(amount Money, reason string, wd *Words) PayoutLine {
	w := words(wd)
	return PayoutLine{Kind: LineAdjustment, Amount: amount, Explanation: w.F(w.Adjustment, strings.TrimSpace(reason))}
}
