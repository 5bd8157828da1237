package domain

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// PlanKind is how a comp plan turns bookings into pay.
type PlanKind string

const (
	// KindCommissionRate pays rates of credited bookings.
	KindCommissionRate PlanKind = "commission_rate"
	// KindTargetIncentive pays a share of target variable pay by attainment:
	// tier rates are multipliers (1.5 = accelerator, 0.5 = decelerator).
	KindTargetIncentive PlanKind = "target_incentive"
)

// PlanStatus is where a plan is in its life.
type PlanStatus string

const (
	PlanDraft    PlanStatus = "draft"
	PlanActive   PlanStatus = "active"
	PlanArchived PlanStatus = "archived"
)

// TierMode says how tiers combine.
type TierMode string

const (
	// TierMarginal pays each band of bookings at its own rate.
	TierMarginal TierMode = "marginal"
	// TierRetroactive pays everything at the rate of the tier reached.
	TierRetroactive TierMode = "retroactive"
)

// TierBasis says what tier bounds measure.
type TierBasis string

const (
	BasisAttainment TierBasis = "attainment" // bounds are Rates (1.0 = 100 % of quota)
	BasisAmount     TierBasis = "amount"     // bounds are Money (credited bookings)
)

// CapKind says what a plan's cap limits.
type CapKind string

const (
	CapNone       CapKind = "none"
	CapPayout     CapKind = "payout"     // the period's earnings never exceed Cap (Money)
	CapAttainment CapKind = "attainment" // bookings counted stop at Cap (a Rate) × quota
)

// DrawType is the kind of guaranteed advance a plan pays.
type DrawType string

const (
	DrawNone           DrawType = "none"
	DrawRecoverable    DrawType = "recoverable"     // advances are recovered from later commission
	DrawNonRecoverable DrawType = "non_recoverable" // a guaranteed minimum, never recovered
)

// Tier is one band of a plan. From and To are in the plan's basis: Rate
// millionths for attainment, Money minor units for amount. Open means no
// upper bound (To is ignored).
type Tier struct {
	From int64
	To   int64
	Open bool
	Rate Rate // a commission rate, or a multiplier for target incentive plans
}

// Spiff is a bonus on deals that match: a fixed amount per deal (times the
// credit share) and/or a rate of the credited amount.
type Spiff struct {
	Product    string // "" = any product
	MinAmount  Money  // the deal's value must be at least this
	NewAccount bool   // only the first won deal of an account
	Amount     Money
	Rate       Rate
	From, To   time.Time // close date within [From, To], zero = unbounded
}

// Crediting says which credit counts towards a plan.
type Crediting struct {
	Overlay bool // overlay splits count (revenue credit always does)
	RollUp  bool // a manager is credited with the bookings of everyone below them
}

// Plan is a compensation plan. Amounts (target variable pay, draw, a payout
// cap, amount-basis tier bounds) are per plan period.
type Plan struct {
	ID             int64
	Name           string
	Version        int
	Status         PlanStatus
	Period         PeriodKind
	Kind           PlanKind
	OTE            Money // on-target earnings for the plan period: base + variable
	TargetVariable Money // target variable pay for the plan period
	TierMode       TierMode
	TierBasis      TierBasis
	Tiers          []Tier
	Threshold      int64 // in the basis: nothing is paid below it
	CapKind        CapKind
	Cap            int64 // Money (payout) or Rate (attainment)
	GateYTD        bool  // accelerated tiers only once year-to-date quota is met
	Spiffs         []Spiff
	DrawType       DrawType
	DrawAmount     Money
	ClawbackDays   int
	Crediting      Crediting
}

// Base is the plan's base salary for its period (OTE − target variable).
func (p *Plan) Base() Money {
	if p.OTE <= p.TargetVariable {
		return 0
	}
	return p.OTE - p.TargetVariable
}

// FormatBound writes a tier bound in the plan's basis: "150 %" or "10,000.00".
func (p *Plan) FormatBound(v int64, cur Currency) string {
	if p.TierBasis == BasisAttainment {
		return Rate(v).String()
	}
	return cur.Format(Money(v), ",", ".")
}

// FormatTierRate writes a tier rate: "6 %" for commission, "1.5×" for a multiplier.
func (p *Plan) FormatTierRate(r Rate) string {
	if p.Kind == KindTargetIncentive {
		return trimFloat(r.Float()) + "×"
	}
	return r.String()
}

func trimFloat(f float64) string {
	s := fmt.Sprintf("%.6f", f)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// Validate checks the plan and puts its tiers in order. Tiers must start at
// zero, follow each other without gap or overlap, and end open; rates may
// not be negative. Every message names the plan and the tier.
func (p *Plan) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return Errorf(EINVALID, "A plan needs a name.")
	}
	if p.Status == "" {
		p.Status = PlanDraft
	}
	if p.Version == 0 {
		p.Version = 1
	}
	if p.Period == 0 {
		p.Period = Quarter
	}
	if p.TierMode == "" {
		p.TierMode = TierMarginal
	}
	if p.TierBasis == "" {
		p.TierBasis = BasisAttainment
	}
	if p.CapKind == "" {
		p.CapKind = CapNone
	}
	if p.DrawType == "" {
		p.DrawType = DrawNone
	}
	n := p.Name
	bad := func(field, format string, args ...any) error {
		return &PlanFieldError{Field: field, Err: Errorf(EINVALID, format, args...)}
	}
	switch {
	case p.Status != PlanDraft && p.Status != PlanActive && p.Status != PlanArchived:
		return bad("status", "Plan %s: status %q is not draft, active or archived.", n, p.Status)
	case p.Period < Month || p.Period > Year:
		return bad("period", "Plan %s: the period must be month, quarter or year.", n)
	case p.Kind != KindCommissionRate && p.Kind != KindTargetIncentive:
		return bad("kind", "Plan %s: kind %q is not commission_rate or target_incentive.", n, p.Kind)
	case p.TierMode != TierMarginal && p.TierMode != TierRetroactive:
		return bad("tier_mode", "Plan %s: tier mode %q is not marginal or retroactive.", n, p.TierMode)
	case p.TierBasis != BasisAttainment && p.TierBasis != BasisAmount:
		return bad("tier_basis", "Plan %s: tier basis %q is not attainment or amount.", n, p.TierBasis)
	case p.CapKind != CapNone && p.CapKind != CapPayout && p.CapKind != CapAttainment:
		return bad("cap_on", "Plan %s: cap kind %q is not none, payout or attainment.", n, p.CapKind)
	case p.DrawType != DrawNone && p.DrawType != DrawRecoverable && p.DrawType != DrawNonRecoverable:
		return bad("draw_type", "Plan %s: draw type %q is not none, recoverable or non_recoverable.", n, p.DrawType)
	case p.OTE < 0 || p.TargetVariable < 0:
		return bad("target_variable_pay", "Plan %s: OTE and target variable pay cannot be negative.", n)
	case p.Kind == KindTargetIncentive && p.TargetVariable <= 0:
		return bad("target_variable_pay", "Plan %s: a target incentive plan needs a target variable pay above zero.", n)
	case p.OTE > 0 && p.TargetVariable > p.OTE:
		return bad("ote", "Plan %s: the target variable pay is larger than the OTE.", n)
	case p.Threshold < 0:
		return bad("threshold", "Plan %s: the threshold cannot be negative.", n)
	case p.Cap < 0 || (p.CapKind != CapNone && p.Cap == 0):
		return bad("cap", "Plan %s: the cap must be above zero (or no cap).", n)
	case p.DrawAmount < 0:
		return bad("draw_amount", "Plan %s: the draw cannot be negative.", n)
	case p.DrawType != DrawNone && p.DrawAmount == 0:
		return bad("draw_amount", "Plan %s: a draw needs an amount per period.", n)
	case p.ClawbackDays < 0:
		return bad("clawback_days", "Plan %s: the clawback window cannot be negative.", n)
	case len(p.Tiers) == 0:
		return Errorf(EINVALID, "Plan %s needs at least one tier.", n)
	}
	sort.SliceStable(p.Tiers, func(i, j int) bool { return p.Tiers[i].From < p.Tiers[j].From })
	for i := range p.Tiers {
		t := &p.Tiers[i]
		label := fmt.Sprintf("Plan %s, tier %d (from %s)", n, i+1, p.FormatBound(t.From, Currency{Digits: 2}))
		bad := func(field, format string, args ...any) error {
			return &TierError{Index: i, Field: field, Err: Errorf(EINVALID, format, args...)}
		}
		switch {
		case t.Rate < 0:
			return bad("rate", "%s: the rate %s is negative.", label, t.Rate)
		case t.From < 0:
			return bad("from", "%s: a tier cannot start below zero.", label)
		case !t.Open && t.To <= t.From:
			return bad("to", "%s: it must end above where it starts.", label)
		case i == 0 && t.From != 0:
			return bad("from", "%s: the first tier must start at 0; below %s nothing would be defined.", label, p.FormatBound(t.From, Currency{Digits: 2}))
		case i > 0 && p.Tiers[i-1].Open:
			return bad("from", "%s overlaps tier %d, which has no upper bound.", label, i)
		case i > 0 && t.From < p.Tiers[i-1].To:
			return bad("from", "%s overlaps tier %d, which ends at %s.", label, i, p.FormatBound(p.Tiers[i-1].To, Currency{Digits: 2}))
		case i > 0 && t.From > p.Tiers[i-1].To:
			return bad("from", "%s leaves a gap after tier %d, which ends at %s.", label, i, p.FormatBound(p.Tiers[i-1].To, Currency{Digits: 2}))
		case i == len(p.Tiers)-1 && !t.Open:
			return bad("to", "%s: the last tier must have no upper bound (leave \"to\" empty).", label)
		}
	}
	for i, s := range p.Spiffs {
		switch {
		case s.Amount < 0 || s.Rate < 0 || s.MinAmount < 0:
			return Errorf(EINVALID, "Plan %s, SPIFF %d: amounts and rates cannot be negative.", n, i+1)
		case s.Amount == 0 && s.Rate == 0:
			return Errorf(EINVALID, "Plan %s, SPIFF %d: give a fixed amount or a rate.", n, i+1)
		case !s.From.IsZero() && !s.To.IsZero() && s.To.Before(s.From):
			return Errorf(EINVALID, "Plan %s, SPIFF %d: it ends before it starts.", n, i+1)
		}
	}
	return nil
}

// TierError is a plan's refusal because of one tier: Index is the tier's
// position once Validate has put the tiers in order (by From, stable), Field
// the column at fault ("from", "to" or "rate"). Err is the *Error to show.
type TierError struct {
	Index int
	Field string
	Err   *Error
}

func (e *TierError) Error() string { return e.Err.Message }
func (e *TierError) Unwrap() error { return e.Err }

// PlanFieldError is a plan's refusal because of one of its own fields,
// named as the plans workbook's column on sheet Plans ("threshold", "cap",
// "draw_amount" …). Err is the *Error to show.
type PlanFieldError struct {
	Field string
	Err   *Error
}

func (e *PlanFieldError) Error() string { return e.Err.Message }
func (e *PlanFieldError) Unwrap() error { return e.Err }

// Duplicate returns a draft copy of the plan as its next version.
func (p *Plan) Duplicate() Plan {
	c := *p
	c.ID = 0
	c.Status = PlanDraft
	c.Version = p.Version + 1
	c.Tiers = append([]Tier(nil), p.Tiers...)
	c.Spiffs = append([]Spiff(nil), p.Spiffs...)
	base := strings.TrimSpace(p.Name)
	if i := strings.LastIndex(base, " v"); i > 0 {
		if _, err := fmt.Sscanf(base[i+2:], "%d", new(int)); err == nil && !strings.ContainsAny(base[i+2:], " .") {
			base = base[:i]
		}
	}
	c.Name = fmt.Sprintf("%s v%d", base, c.Version)
	return c
}

// PlanAssignment puts a person on a plan from a day (inclusive) to a day
// (exclusive; zero = open-ended).
type PlanAssignment struct {
	ID       int64
	PersonID int64
	PlanID   int64
	From     time.Time
	To       time.Time
}

// Validate checks one assignment.
func (a *PlanAssignment) Validate() error {
	switch {
	case a.PersonID == 0 || a.PlanID == 0:
		return Errorf(EINVALID, "An assignment needs a person and a plan.")
	case a.From.IsZero():
		return Errorf(EINVALID, "An assignment needs a start date.")
	case !a.To.IsZero() && !a.To.After(a.From):
		return Errorf(EINVALID, "An assignment must end after it starts (%s).", a.From.Format("2006-01-02"))
	}
	return nil
}

// CheckAssignments refuses overlapping assignments of one person: a person
// has one plan at a time. name gives a person's name for the message.
func CheckAssignments(as []PlanAssignment, name func(int64) string) error {
	by := map[int64][]PlanAssignment{}
	for _, a := range as {
		if err := a.Validate(); err != nil {
			return err
		}
		by[a.PersonID] = append(by[a.PersonID], a)
	}
	for pid, list := range by {
		sort.Slice(list, func(i, j int) bool { return list[i].From.Before(list[j].From) })
		for i := 1; i < len(list); i++ {
			prev := list[i-1]
			if prev.To.IsZero() || list[i].From.Before(prev.To) {
				return Errorf(ECONFLICT, "%s would be on two plans at once from %s: a person has one plan at a time; end the earlier assignment first.",
					name(pid), list[i].From.Format("2006-01-02"))
			}
		}
	}
	return nil
}

// Segment is the part of a payout period a person spends on one plan.
type Segment struct {
	Plan     *Plan
	From, To time.Time // [From, To) inside the period
}

// Segments cuts period p by a person's assignments (any order), returning the
// parts where they had a plan.
func Segments(p Period, as []PlanAssignment, plans map[int64]*Plan) []Segment {
	var out []Segment
	for _, a := range as {
		from, to := a.From, a.To
		if from.Before(p.Start()) {
			from = p.Start()
		}
		if to.IsZero() || to.After(p.End()) {
			to = p.End()
		}
		pl := plans[a.PlanID]
		if pl == nil || !to.After(from) {
			continue
		}
		out = append(out, Segment{Plan: pl, From: from, To: to})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].From.Before(out[j].From) })
	return out
}

func daysBetween(a, b time.Time) int64 { return int64(b.Sub(a).Hours()+0.5) / 24 }

// SamePay reports whether plans p and q pay the same way: everything but
// the name, status and version is equal (both validated, tiers in order).
func (p *Plan) SamePay(q *Plan) bool {
	if p.Period != q.Period || p.Kind != q.Kind || p.OTE != q.OTE || p.TargetVariable != q.TargetVariable ||
		p.TierMode != q.TierMode || p.TierBasis != q.TierBasis || p.Threshold != q.Threshold || p.CapKind != q.CapKind ||
		p.Cap != q.Cap || p.GateYTD != q.GateYTD || p.DrawType != q.DrawType || p.DrawAmount != q.DrawAmount ||
		p.ClawbackDays != q.ClawbackDays || p.Crediting != q.Crediting || len(p.Tiers) != len(q.Tiers) || len(p.Spiffs) != len(q.Spiffs) {
		return false
	}
	for i := range p.Tiers {
		a, b := p.Tiers[i], q.Tiers[i]
		if a.From != b.From || a.Open != b.Open || a.Rate != b.Rate || (!a.Open && a.To != b.To) {
			return false
		}
	}
	for i := range p.Spiffs {
		a, b := p.Spiffs[i], q.Spiffs[i]
		if strings.TrimSpace(a.Product) != strings.TrimSpace(b.Product) || a.MinAmount != b.MinAmount || a.NewAccount != b.NewAccount ||
			a.Amount != b.Amount || a.Rate != b.Rate || !DateOf(a.From).Equal(DateOf(b.From)) || !DateOf(a.To).Equal(DateOf(b.To)) {
			return false
		}
	}
	return true
}
