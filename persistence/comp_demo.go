package persistence

import (
	"context"
	"database/sql"

	"salesops/domain"
)

// demoPlans are the demo company's comp plans: account executives on a
// tiered commission, SDRs paid on their overlay credit with a draw, sales
// managers on a roll-up of their team's bookings.
func demoPlans() []domain.Plan {
	pct := domain.RatePercent
	one := int64(domain.RateOne)
	return []domain.Plan{
		{Name: "AE commission", Status: domain.PlanActive, Period: domain.Quarter, Kind: domain.KindCommissionRate, OTE: 2_400_000, TargetVariable: 1_200_000,
			TierMode: domain.TierMarginal, TierBasis: domain.BasisAttainment, ClawbackDays: 90, Threshold: int64(pct(25)),
			Tiers:  []domain.Tier{{From: 0, To: one, Rate: pct(6)}, {From: one, To: int64(pct(150)), Rate: pct(8)}, {From: int64(pct(150)), Open: true, Rate: pct(10)}},
			Spiffs: []domain.Spiff{{Product: "Analytics add-on", MinAmount: 1_000_000, NewAccount: true, Amount: 25_000}}},
		{Name: "SDR overlay", Status: domain.PlanActive, Period: domain.Quarter, Kind: domain.KindCommissionRate, TierMode: domain.TierMarginal,
			TierBasis: domain.BasisAmount, Crediting: domain.Crediting{Overlay: true}, DrawType: domain.DrawNonRecoverable, DrawAmount: 100_000,
			Tiers: []domain.Tier{{From: 0, Open: true, Rate: pct(2)}}},
		{Name: "Manager roll-up", Status: domain.PlanActive, Period: domain.Quarter, Kind: domain.KindCommissionRate, TierMode: domain.TierMarginal,
			TierBasis: domain.BasisAmount, Crediting: domain.Crediting{RollUp: true}, ClawbackDays: 90, CapKind: domain.CapPayout, Cap: 3_000_000,
			Tiers: []domain.Tier{{From: 0, Open: true, Rate: pct(1)}}},
	}
}

// compPlans gives the demo company its plans and assigns everyone who sells
// or manages sellers, from their hire date (or the start of the history).
func (g *demoGen) compPlans(ctx context.Context, tx *sql.Tx, _ *DemoSummary) error {
	plans := demoPlans()
	for i := range plans {
		if err := savePlan(ctx, tx, &plans[i], 0); err != nil {
			return err
		}
	}
	planFor := map[domain.Role]int64{domain.RoleAE: plans[0].ID, domain.RoleSDR: plans[1].ID, domain.RoleManager: plans[2].ID}
	for _, p := range g.people {
		id, ok := planFor[p.Role]
		if !ok {
			continue
		}
		from := p.HireDate
		if from.Before(g.start) {
			from = g.start
		}
		a := domain.PlanAssignment{PersonID: p.ID, PlanID: id, From: from, To: p.EndDate}
		if !a.To.IsZero() && !a.To.After(a.From) {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO comp_assignments(person_id, plan_id, valid_from, valid_to) VALUES (?, ?, ?, ?)",
			a.PersonID, a.PlanID, dateArg(a.From), dateArg(a.To)); err != nil {
			return err
		}
	}
	return nil
}
