package ui

import (
	"fyne.io/fyne/v2/lang"

	"salesops/domain"
)

// compWords are the payout explanations in the interface language, with
// money written as the language writes it. Each sentence is a fmt format
// whose indexed verbs (%[2]s) translations keep.
func (u *UI) compWords() *domain.Words {
	return &domain.Words{
		Money:          u.Fmt.Money,
		Prorated:       lang.L("Plan %[1]s from %[2]s to %[3]s: %[4]d of %[5]d days of the %[6]s (prorated by days): quota %[7]s, target variable pay, draw and amount bounds × %[8]d/%[9]d."),
		PlanChanged:    lang.L("Plan %[1]s from %[2]s to %[3]s: %[4]d of %[5]d days of the %[6]s (plan changed during the period; prorated by days): quota %[7]s, target variable pay, draw and amount bounds × %[8]d/%[9]d."),
		NoPlan:         lang.L("No comp plan assigned for this period: nothing is paid."),
		Credit:         lang.L("Deal %[1]s closed %[2]s: %[3]s × %[4]s %[5]s credit%[6]s = %[7]s credited."),
		RollUpFrom:     lang.L(", roll-up from %[1]s"),
		NoWonDeals:     lang.L("Plan %[1]s: no won deals credited in this period."),
		NoQuota:        lang.L("Plan %[1]s: no quota for the period, so no attainment: no commission."),
		BelowThreshold: lang.L("Plan %[1]s: credited %[2]s is below the threshold of %[3]s (%[4]s): no commission and no SPIFFs for the period."),
		AttainmentCap:  lang.L("Attainment counted up to the cap of %[1]s: %[2]s of %[3]s credited."),
		Gate:           lang.L("Gate: year-to-date credited %[1]s is below the year-to-date quota %[2]s, so tiers from %[3]s pay at most %[4]s."),
		Gated:          lang.L(" (gated: %[1]s until the YTD quota is met)"),
		TargetShare:    lang.L("%[1]s of quota × target variable pay %[2]s × %[3]s = %[4]s"),
		RateOf:         lang.L("%[1]s × %[2]s = %[3]s"),
		TierAbove:      lang.L("and above"),
		TierTo:         lang.L("to %[1]s"),
		TierName:       lang.L("Tier %[1]d (%[2]s %[3]s)"),
		Retroactive:    lang.L("%[1]s reached, retroactive: all %[2]s%[3]s."),
		Marginal:       lang.L("%[1]s, marginal: %[2]s%[3]s."),
		SpiffFixed:     lang.L("%[1]s × %[2]s share"),
		SpiffRate:      lang.L("%[1]s × %[2]s"),
		Spiff:          lang.L("SPIFF %[1]d (%[2]s) on deal %[3]s: %[4]s = %[5]s."),
		AnyProduct:     lang.L("any product"),
		FromAmount:     lang.L("from %[1]s"),
		NewAccounts:    lang.L("new accounts"),
		Cap:            lang.L("Cap: earnings of %[1]s for the period are capped at %[2]s."),
		DrawAdvance:    lang.L("Recoverable draw of %[1]s: earned %[2]s, advance %[3]s; draw balance %[4]s."),
		DrawTopUp:      lang.L("Non-recoverable draw of %[1]s: earned %[2]s, topped up by %[3]s."),
		DrawRecovery:   lang.L("Draw recovery: earned %[1]s is above the draw of %[2]s; %[3]s recovered; draw balance %[4]s."),
		Clawback:       lang.L("Clawback: deal %[1]s (closed %[2]s, paid %[3]s in %[4]s) cancelled on %[5]s, %[6]d days later, within the %[7]d-day window."),
		NotClawedBack:  lang.L("Deal %[1]s (closed %[2]s, paid in %[3]s) cancelled on %[4]s, %[5]d days later, outside the %[6]d-day clawback window: nothing taken back."),
		Correction:     lang.L("Correction of closed period %[1]s after %[2]s: its plan now pays %[3]s instead of %[4]s."),
		CauseWon:       lang.L("deal %[1]s won (credit %[2]s)"),
		CauseChanged:   lang.L("deal %[1]s changed (credit %[2]s → %[3]s)"),
		CauseMore:      lang.L("%[1]d more"),
		CauseOther:     lang.L("changes to its plan, quota or team"),
		Adjustment:     lang.L("Adjustment: %[1]s"),
	}
}
