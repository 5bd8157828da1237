package domain

import "fmt"

// Words are the sentences that explain payout lines, as fmt formats with
// indexed verbs (%[2]s) so that a translation may reorder them. The window
// passes them in the interface language; the command line and tests use
// EnglishWords. Money is written by Money (nil: 1,234.56).
type Words struct {
	Money func(Money) string

	Prorated       string // plan, from, to, days, plan days, period kind, quota, days, plan days
	PlanChanged    string // plan, from, to, days, plan days, period kind, quota, days, plan days
	NoPlan         string
	Credit         string // deal, close date, value, share, kind, roll-up, credited
	RollUpFrom     string // team member
	NoWonDeals     string // plan
	NoQuota        string // plan
	BelowThreshold string // plan, credited, threshold, threshold amount
	AttainmentCap  string // cap, counted, credited
	Gate           string // ytd credited, ytd quota, from, rate
	Gated          string // rate
	TargetShare    string // attainment, target variable pay, multiplier, amount
	RateOf         string // portion, rate, amount
	TierAbove      string
	TierTo         string // bound
	TierName       string // tier number, from, to-text
	Retroactive    string // tier name, calculation, gated note
	Marginal       string // tier name, calculation, gated note
	SpiffFixed     string // amount, share
	SpiffRate      string // credited, rate
	Spiff          string // number, description, deal, parts, amount
	AnyProduct     string
	FromAmount     string // amount
	NewAccounts    string
	Cap            string // earned, cap
	DrawAdvance    string // draw, earned, advance, balance
	DrawTopUp      string // draw, earned, top-up
	DrawRecovery   string // earned, draw, recovered, balance
	Clawback       string // deal, close date, earned, period, cancel date, days, window
	NotClawedBack  string // deal, close date, period, cancel date, days, window
	Correction     string // period, cause, now, paid
	CauseWon       string // deal, credit
	CauseChanged   string // deal, before, after
	CauseMore      string // count
	CauseOther     string
	Adjustment     string // reason
}

// EnglishWords are the explanations in English.
var EnglishWords = Words{
	Prorated:       "Plan %[1]s from %[2]s to %[3]s: %[4]d of %[5]d days of the %[6]s (prorated by days): quota %[7]s, target variable pay, draw and amount bounds × %[8]d/%[9]d.",
	PlanChanged:    "Plan %[1]s from %[2]s to %[3]s: %[4]d of %[5]d days of the %[6]s (plan changed during the period; prorated by days): quota %[7]s, target variable pay, draw and amount bounds × %[8]d/%[9]d.",
	NoPlan:         "No comp plan assigned for this period: nothing is paid.",
	Credit:         "Deal %[1]s closed %[2]s: %[3]s × %[4]s %[5]s credit%[6]s = %[7]s credited.",
	RollUpFrom:     ", roll-up from %[1]s",
	NoWonDeals:     "Plan %[1]s: no won deals credited in this period.",
	NoQuota:        "Plan %[1]s: no quota for the period, so no attainment: no commission.",
	BelowThreshold: "Plan %[1]s: credited %[2]s is below the threshold of %[3]s (%[4]s): no commission and no SPIFFs for the period.",
	AttainmentCap:  "Attainment counted up to the cap of %[1]s: %[2]s of %[3]s credited.",
	Gate:           "Gate: year-to-date credited %[1]s is below the year-to-date quota %[2]s, so tiers from %[3]s pay at most %[4]s.",
	Gated:          " (gated: %[1]s until the YTD quota is met)",
	TargetShare:    "%[1]s of quota × target variable pay %[2]s × %[3]s = %[4]s",
	RateOf:         "%[1]s × %[2]s = %[3]s",
	TierAbove:      "and above",
	TierTo:         "to %[1]s",
	TierName:       "Tier %[1]d (%[2]s %[3]s)",
	Retroactive:    "%[1]s reached, retroactive: all %[2]s%[3]s.",
	Marginal:       "%[1]s, marginal: %[2]s%[3]s.",
	SpiffFixed:     "%[1]s × %[2]s share",
	SpiffRate:      "%[1]s × %[2]s",
	Spiff:          "SPIFF %[1]d (%[2]s) on deal %[3]s: %[4]s = %[5]s.",
	AnyProduct:     "any product",
	FromAmount:     "from %[1]s",
	NewAccounts:    "new accounts",
	Cap:            "Cap: earnings of %[1]s for the period are capped at %[2]s.",
	DrawAdvance:    "Recoverable draw of %[1]s: earned %[2]s, advance %[3]s; draw balance %[4]s.",
	DrawTopUp:      "Non-recoverable draw of %[1]s: earned %[2]s, topped up by %[3]s.",
	DrawRecovery:   "Draw recovery: earned %[1]s is above the draw of %[2]s; %[3]s recovered; draw balance %[4]s.",
	Clawback:       "Clawback: deal %[1]s (closed %[2]s, paid %[3]s in %[4]s) cancelled on %[5]s, %[6]d days later, within the %[7]d-day window.",
	NotClawedBack:  "Deal %[1]s (closed %[2]s, paid in %[3]s) cancelled on %[4]s, %[5]d days later, outside the %[6]d-day clawback window: nothing taken back.",
	Correction:     "Correction of closed period %[1]s after %[2]s: its plan now pays %[3]s instead of %[4]s.",
	CauseWon:       "deal %[1]s won (credit %[2]s)",
	CauseChanged:   "deal %[1]s changed (credit %[2]s → %[3]s)",
	CauseMore:      "%[1]d more",
	CauseOther:     "changes to its plan, quota or team",
	Adjustment:     "Adjustment: %[1]s",
}

// words returns w, or EnglishWords when w is nil.
func words(w *Words) *Words {
	if w == nil {
		return &EnglishWords
	}
	return w
}

// M writes an amount as these words do.
func (w *Words) M(cur Currency, m Money) string {
	if w.Money != nil {
		return w.Money(m)
	}
	return formatMoney(cur, m)
}

// F formats one of the sentences.
func (w *Words) F(format string, args ...any) string { return fmt.Sprintf(format, args...) }
