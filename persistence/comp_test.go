package persistence

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"salesops/domain"
)

func eur(n int64) domain.Money { return domain.Money(n * 100) }

func monthlyPlan(name string, rollUp bool) domain.Plan {
	return domain.Plan{Name: name, Status: domain.PlanActive, Period: domain.Month, Kind: domain.KindCommissionRate,
		TierMode: domain.TierMarginal, TierBasis: domain.BasisAttainment, ClawbackDays: 90, Crediting: domain.Crediting{RollUp: rollUp},
		Tiers: []domain.Tier{{From: 0, To: int64(domain.RateOne), Rate: domain.RatePercent(6)}, {From: int64(domain.RateOne), Open: true, Rate: domain.RatePercent(8)}}}
}

type compFixture struct {
	db          *DB
	ada, bo, mi domain.Person
	ae, mgr     domain.Plan
	adaDeal     domain.Deal
	boDeal      domain.Deal
}

func newCompFixture(t *testing.T) *compFixture {
	t.Helper()
	ctx := context.Background()
	f := &compFixture{db: MustOpenDB(t)}
	f.mi = createPersonT(t, f.db, domain.Person{Name: "Mia Manager", Email: "mia@example.com", Role: domain.RoleManager, Active: true})
	f.ada = createPersonT(t, f.db, domain.Person{Name: "Ada Seller", Email: "ada@example.com", Role: domain.RoleAE, ManagerID: f.mi.ID, Active: true})
	f.bo = createPersonT(t, f.db, domain.Person{Name: "Bo Seller", Email: "bo@example.com", Role: domain.RoleAE, ManagerID: f.mi.ID, Active: true})
	f.ae, f.mgr = monthlyPlan("AE monthly", false), monthlyPlan("Manager roll-up", true)
	f.mgr.TierBasis, f.mgr.Tiers = domain.BasisAmount, []domain.Tier{{From: 0, Open: true, Rate: domain.RatePercent(1)}}
	for _, p := range []*domain.Plan{&f.ae, &f.mgr} {
		if err := f.db.SavePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	jan := domain.Day(2026, 1, 1)
	for _, a := range []struct {
		person, plan int64
	}{{f.ada.ID, f.ae.ID}, {f.bo.ID, f.ae.ID}, {f.mi.ID, f.mgr.ID}} {
		if err := f.db.AssignPlan(ctx, a.person, a.plan, jan, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []domain.Quota{
		{PersonID: f.ada.ID, Month: domain.MustParsePeriod("2026-06", domain.CalendarYear), Amount: eur(10_000)},
		{PersonID: f.bo.ID, Month: domain.MustParsePeriod("2026-06", domain.CalendarYear), Amount: eur(20_000)},
	} {
		if err := f.db.SetQuota(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	won := stageID(t, f.db, "Closed Won")
	f.adaDeal = createDealT(t, f.db, domain.Deal{ExternalID: "J-1", Name: "June deal", OwnerID: f.ada.ID, StageID: won, Amount: eur(5_000), HasAmount: true, CloseDate: domain.Day(2026, 6, 20)})
	f.boDeal = createDealT(t, f.db, domain.Deal{ExternalID: "J-2", Name: "Bo deal", OwnerID: f.bo.ID, StageID: won, Amount: eur(8_000), HasAmount: true, CloseDate: domain.Day(2026, 6, 25)})
	return f
}

func (f *compFixture) run(t *testing.T, period string, asOf time.Time) PayoutRun {
	t.Helper()
	r, err := f.db.PayoutRun(context.Background(), domain.MustParsePeriod(period, domain.CalendarYear), asOf)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Payouts {
		if p.SumLines() != p.Total {
			t.Fatalf("%s %s: total %d is not the sum of its lines %d", period, p.Name, p.Total, p.SumLines())
		}
	}
	return r
}

func byName(r PayoutRun) map[string]domain.Payout {
	m := map[string]domain.Payout{}
	for _, p := range r.Payouts {
		m[p.Name] = p
	}
	return m
}

func TestPlansRoundTripAndAssignmentsAreOneAtATime(t *testing.T) {
	f := newCompFixture(t)
	ctx := context.Background()
	plans, err := f.db.Plans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) != 2 || plans[0].Name != "AE monthly" || len(plans[0].Tiers) != 2 || !plans[0].Tiers[1].Open || plans[0].ClawbackDays != 90 {
		t.Fatalf("plans read back %+v", plans)
	}
	dup, err := f.db.DuplicatePlan(ctx, f.ae.ID)
	if err != nil || dup.Name != "AE monthly v2" || dup.Status != domain.PlanDraft {
		t.Fatalf("duplicate %+v %v", dup, err)
	}
	bad := monthlyPlan("Gappy", false)
	bad.Tiers[1].From = int64(domain.RatePercent(110))
	if err := f.db.SavePlan(ctx, &bad); err == nil || !strings.Contains(err.Error(), "tier 2") {
		t.Errorf("a gapped plan was saved: %v", err)
	}
	// A second open assignment overlapping the first is refused …
	err = f.db.SaveAssignment(ctx, &domain.PlanAssignment{PersonID: f.ada.ID, PlanID: dup.ID, From: domain.Day(2026, 7, 1)})
	if domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("overlapping assignment: %v", err)
	}
	// … but AssignPlan ends the current one the day the new one starts.
	if err := f.db.AssignPlan(ctx, f.ada.ID, dup.ID, domain.Day(2026, 7, 16), time.Time{}); err != nil {
		t.Fatal(err)
	}
	as, _ := f.db.Assignments(ctx)
	var ada []domain.PlanAssignment
	for _, a := range as {
		if a.PersonID == f.ada.ID {
			ada = append(ada, a)
		}
	}
	if len(ada) != 2 || !ada[0].To.Equal(domain.Day(2026, 7, 16)) || ada[1].PlanID != dup.ID {
		t.Fatalf("Ada's assignments %+v", ada)
	}
	if err := f.db.DeletePlan(ctx, f.ae.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("deleting a plan in use: %v", err)
	}
}

func TestAClosedPeriodNeverChangesAndLaterChangesLandInTheNextOpenPeriod(t *testing.T) {
	f := newCompFixture(t)
	ctx := context.Background()
	june := domain.MustParsePeriod("2026-06", domain.CalendarYear)
	r := byName(f.run(t, "2026-06", domain.Day(2026, 7, 1)))
	// Ada 5,000 on 10,000 × 6 % = 300; Bo 8,000 on 20,000 × 6 % = 480;
	// Mia rolls up 13,000 × 1 % = 130.
	for name, want := range map[string]domain.Money{"Ada Seller": eur(300), "Bo Seller": eur(480), "Mia Manager": eur(130)} {
		if got := r[name].Total; got != want {
			t.Errorf("June %s: %d, want %d", name, got, want)
		}
	}
	if err := f.db.AddAdjustment(ctx, &Adjustment{Period: "2026-06", PersonID: f.bo.ID, Amount: eur(50), Reason: "Welcome bonus"}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.ClosePeriod(ctx, june, domain.Day(2026, 7, 1)); err != nil {
		t.Fatal(err)
	}
	closed := f.run(t, "2026-06", domain.Day(2026, 7, 1))
	if !closed.Closed || byName(closed)["Bo Seller"].Total != eur(530) {
		t.Fatalf("closed June: %+v", byName(closed)["Bo Seller"])
	}
	before, _ := json.Marshal(closed.Payouts)

	// After the close: Ada's deal is lost in August, Bo's amount grows to 10,000.
	lost := stageID(t, f.db, "Closed Lost")
	d := f.adaDeal
	d.StageID = lost
	if err := f.db.UpdateDeal(ctx, &d, time.Date(2026, 8, 10, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	b := f.boDeal
	b.Amount = eur(10_000)
	if err := f.db.UpdateDeal(ctx, &b, time.Date(2026, 7, 15, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	// The closed period reads back byte for byte as it was paid.
	again := f.run(t, "2026-06", domain.Day(2026, 8, 20))
	after, _ := json.Marshal(again.Payouts)
	if string(before) != string(after) {
		t.Fatalf("closed June changed:\n%s\n%s", before, after)
	}
	// Writes to it are refused by the code …
	if err := f.db.AddAdjustment(ctx, &Adjustment{Period: "2026-06", PersonID: f.bo.ID, Amount: eur(1), Reason: "late"}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("adjustment in a closed period: %v", err)
	}
	if err := f.db.ClosePeriod(ctx, june, domain.Day(2026, 9, 1)); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("closing June twice: %v", err)
	}
	// … and by the database itself.
	for _, stmt := range []string{
		"UPDATE payout_lines SET amount = amount + 1",
		"DELETE FROM payout_lines",
		"UPDATE payouts SET total = 0",
		"DELETE FROM payout_runs",
		"UPDATE payout_runs SET status = 'open'",
		"INSERT INTO payout_lines(run_id, person_id, position, kind, amount, explanation) SELECT id, 1, 999, 'note', 0, 'x' FROM payout_runs",
		"DELETE FROM payout_adjustments",
	} {
		if _, err := f.db.SQL().ExecContext(ctx, stmt); err == nil || !strings.Contains(err.Error(), "never changes") {
			t.Errorf("%s: %v", stmt, err)
		}
	}

	// July, the next open period, carries the consequences.
	july := byName(f.run(t, "2026-07", domain.Day(2026, 8, 20)))
	ada := july["Ada Seller"]
	if ada.Clawbacks != eur(-300) || ada.Total != eur(-300) {
		t.Errorf("Ada's July: clawbacks %d total %d\n%+v", ada.Clawbacks, ada.Total, ada.Lines)
	}
	var claw domain.PayoutLine
	for _, l := range ada.Lines {
		if l.Kind == domain.LineClawback {
			claw = l
		}
	}
	if claw.DealID != f.adaDeal.ID || claw.RefPeriod != "2026-06" || !strings.Contains(claw.Explanation, "within the 90-day window") {
		t.Errorf("clawback line %+v", claw)
	}
	// Bo: 10,000 × 6 % = 600 instead of 480: +120, labelled with the deal.
	bo := july["Bo Seller"]
	if bo.Adjustments != eur(120) || !strings.Contains(bo.Lines[len(bo.Lines)-1].Explanation, "deal J-2 Bo deal changed (credit 8,000.00 → 10,000.00)") {
		t.Errorf("Bo's July: adjustments %d\n%+v", bo.Adjustments, bo.Lines)
	}
	// Mia: Ada's cancelled deal paid her 50 (1 % of 5,000), clawed back; the
	// recalculation keeps that deal as paid and adds Bo's 2,000: +20.
	if mia := july["Mia Manager"]; mia.Adjustments != eur(20) || mia.Clawbacks != eur(-50) {
		t.Errorf("Mia's July: adjustments %d clawbacks %d\n%+v", mia.Adjustments, mia.Clawbacks, mia.Lines)
	}
	// Once July is closed, August does not repeat any of it.
	if err := f.db.ClosePeriod(ctx, domain.MustParsePeriod("2026-07", domain.CalendarYear), domain.Day(2026, 8, 20)); err != nil {
		t.Fatal(err)
	}
	for name, p := range byName(f.run(t, "2026-08", domain.Day(2026, 9, 1))) {
		if p.Clawbacks != 0 || p.Adjustments != 0 {
			t.Errorf("August %s repeats a correction: %+v", name, p.Lines)
		}
	}
	periods, _ := f.db.ClosedPeriods(ctx)
	if strings.Join(periods, ",") != "2026-06,2026-07" {
		t.Errorf("closed periods %v", periods)
	}
}

func TestAClawbackOutsideTheWindowTakesNothing(t *testing.T) {
	f := newCompFixture(t)
	ctx := context.Background()
	if err := f.db.ClosePeriod(ctx, domain.MustParsePeriod("2026-06", domain.CalendarYear), domain.Day(2026, 7, 1)); err != nil {
		t.Fatal(err)
	}
	d := f.adaDeal
	d.StageID = stageID(t, f.db, "Closed Lost")
	if err := f.db.UpdateDeal(ctx, &d, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)); err != nil { // 103 days later
		t.Fatal(err)
	}
	ada := byName(f.run(t, "2026-10", domain.Day(2026, 10, 2)))["Ada Seller"]
	if ada.Clawbacks != 0 || ada.Total != 0 || !strings.Contains(ada.Lines[len(ada.Lines)-1].Explanation, "outside the 90-day clawback window") {
		t.Errorf("October: %+v", ada.Lines)
	}
}

func TestTheDemoCompanyHasPlansAndPayouts(t *testing.T) {
	db, _ := mustDemo(t, 3)
	ctx := context.Background()
	plans, err := db.Plans(ctx)
	if err != nil || len(plans) != 3 {
		t.Fatalf("demo plans %d %v", len(plans), err)
	}
	r, err := db.PayoutRun(ctx, domain.MustParsePeriod("2026-Q1", domain.CalendarYear), demoAsOf)
	if err != nil {
		t.Fatal(err)
	}
	var total domain.Money
	for _, p := range r.Payouts {
		if p.SumLines() != p.Total {
			t.Fatalf("%s does not add up", p.Name)
		}
		total += p.Total
	}
	if len(r.Payouts) < 12 || total <= 0 {
		t.Errorf("demo Q1 2026: %d payouts totalling %d", len(r.Payouts), total)
	}
}

func TestNewAccountSpiffPaysOnlyTheAccountsFirstWonDeal(t *testing.T) {
	f := newCompFixture(t)
	ctx := context.Background()
	old, fresh := domain.Account{Name: "Old Co"}, domain.Account{Name: "Fresh Co"}
	for _, a := range []*domain.Account{&old, &fresh} {
		if err := f.db.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	won := stageID(t, f.db, "Closed Won")
	for _, d := range []domain.Deal{
		{ExternalID: "O-1", Name: "Old first", AccountID: old.ID, OwnerID: f.bo.ID, StageID: won, Amount: eur(1_000), HasAmount: true, CloseDate: domain.Day(2026, 5, 2)},
		{ExternalID: "O-2", Name: "Old again", AccountID: old.ID, OwnerID: f.ada.ID, StageID: won, Amount: eur(1_000), HasAmount: true, CloseDate: domain.Day(2026, 6, 2)},
		{ExternalID: "F-1", Name: "Fresh first", AccountID: fresh.ID, OwnerID: f.ada.ID, StageID: won, Amount: eur(1_000), HasAmount: true, CloseDate: domain.Day(2026, 6, 3)},
		{ExternalID: "F-2", Name: "Fresh second", AccountID: fresh.ID, OwnerID: f.ada.ID, StageID: won, Amount: eur(1_000), HasAmount: true, CloseDate: domain.Day(2026, 6, 3)},
	} {
		createDealT(t, f.db, d)
	}
	f.ae.Spiffs = []domain.Spiff{{NewAccount: true, Amount: eur(100)}}
	if err := f.db.SavePlan(ctx, &f.ae); err != nil {
		t.Fatal(err)
	}
	ada := byName(f.run(t, "2026-06", domain.Day(2026, 7, 1)))["Ada Seller"]
	var paid []string
	for _, l := range ada.Lines {
		if l.Kind == domain.LineSpiff {
			paid = append(paid, l.Explanation)
		}
	}
	if len(paid) != 1 || !strings.Contains(paid[0], "F-1 Fresh first") || ada.Spiffs != eur(100) {
		t.Errorf("new-account SPIFFs paid: %v", paid)
	}
}

func TestAnAdjustmentCanBeDeletedOnlyWhileItsPeriodIsOpen(t *testing.T) {
	f := newCompFixture(t)
	ctx := context.Background()
	keep := Adjustment{Period: "2026-06", PersonID: f.bo.ID, Amount: eur(50), Reason: "Welcome bonus"}
	typo := Adjustment{Period: "2026-06", PersonID: f.bo.ID, Amount: eur(5_000), Reason: "Typo: meant 50"}
	for _, a := range []*Adjustment{&keep, &typo} {
		if err := f.db.AddAdjustment(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	// Bo: 480 of commission + 50 + 5,000.
	if got := byName(f.run(t, "2026-06", domain.Day(2026, 7, 1)))["Bo Seller"]; got.Adjustments != eur(5_050) || got.Total != eur(5_530) {
		t.Fatalf("before: adjustments %d total %d", got.Adjustments, got.Total)
	}
	if err := f.db.DeleteAdjustment(ctx, typo.ID); err != nil {
		t.Fatal(err)
	}
	bo := byName(f.run(t, "2026-06", domain.Day(2026, 7, 1)))["Bo Seller"]
	if bo.Adjustments != eur(50) || bo.Total != eur(530) || bo.SumLines() != bo.Total {
		t.Errorf("after delete: adjustments %d total %d lines %d", bo.Adjustments, bo.Total, bo.SumLines())
	}
	for _, l := range bo.Lines {
		if strings.Contains(l.Explanation, "Typo") {
			t.Errorf("the deleted adjustment is still on the statement: %s", l.Explanation)
		}
	}
	if err := f.db.DeleteAdjustment(ctx, typo.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("deleting it twice: %v", err)
	}
	// Once June is closed its adjustments stay as they were paid.
	if err := f.db.ClosePeriod(ctx, domain.MustParsePeriod("2026-06", domain.CalendarYear), domain.Day(2026, 7, 1)); err != nil {
		t.Fatal(err)
	}
	if err := f.db.DeleteAdjustment(ctx, keep.ID); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(err.Error(), "2026-06 is closed") {
		t.Errorf("delete in a closed period: %v", err)
	}
	if list, _ := f.db.Adjustments(ctx, "2026-06"); len(list) != 1 || list[0].ID != keep.ID {
		t.Errorf("adjustments after the refused delete: %+v", list)
	}
	if got := byName(f.run(t, "2026-06", domain.Day(2026, 8, 1)))["Bo Seller"]; got.Total != eur(530) {
		t.Errorf("closed June pays Bo %d, want 530", got.Total)
	}
}

// PRODUCT.md §5.5, end to end: a June deal paid in a closed June, cancelled
// in August after July closed, is clawed back in August (the next open
// period) referencing the deal and June; June's attainment is unchanged.
func TestAClawbackLandsInTheMonthAfterTheLastClosedOne(t *testing.T) {
	f := newCompFixture(t)
	ctx := context.Background()
	for _, m := range []struct {
		key  string
		asOf time.Time
	}{{"2026-06", domain.Day(2026, 7, 1)}, {"2026-07", domain.Day(2026, 8, 1)}} {
		if err := f.db.ClosePeriod(ctx, domain.MustParsePeriod(m.key, domain.CalendarYear), m.asOf); err != nil {
			t.Fatal(err)
		}
	}
	juneBefore := byName(f.run(t, "2026-06", domain.Day(2026, 8, 1)))["Ada Seller"]
	if juneBefore.Total != eur(300) || juneBefore.Attainment != domain.RatePercent(50) {
		t.Fatalf("June paid Ada %d at %s", juneBefore.Total, juneBefore.Attainment)
	}
	d := f.adaDeal
	d.StageID = stageID(t, f.db, "Closed Lost")
	if err := f.db.UpdateDeal(ctx, &d, time.Date(2026, 8, 12, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	aug := byName(f.run(t, "2026-08", domain.Day(2026, 8, 31)))["Ada Seller"]
	var claw []domain.PayoutLine
	for _, l := range aug.Lines {
		if l.Kind == domain.LineClawback {
			claw = append(claw, l)
		}
	}
	if len(claw) != 1 || claw[0].Amount != eur(-300) || claw[0].DealID != f.adaDeal.ID || claw[0].RefPeriod != "2026-06" ||
		!strings.Contains(claw[0].Explanation, "J-1 June deal") || !strings.Contains(claw[0].Explanation, "2026-06") {
		t.Fatalf("August clawback lines %+v", claw)
	}
	if aug.Clawbacks != eur(-300) || aug.Total != eur(-300) {
		t.Errorf("August: clawbacks %d total %d", aug.Clawbacks, aug.Total)
	}
	juneAfter := byName(f.run(t, "2026-06", domain.Day(2026, 8, 31)))["Ada Seller"]
	if juneAfter.Attainment != juneBefore.Attainment || juneAfter.Credited != juneBefore.Credited || juneAfter.Total != juneBefore.Total {
		t.Errorf("June changed: %+v", juneAfter)
	}
	if jul := byName(f.run(t, "2026-07", domain.Day(2026, 8, 31)))["Ada Seller"]; jul.Clawbacks != 0 {
		t.Errorf("closed July took the clawback: %+v", jul.Lines)
	}
}

func TestAPlanThatPaidAClosedPeriodKeepsItsPayRules(t *testing.T) {
	f := newCompFixture(t)
	ctx := context.Background()
	if err := f.db.ClosePeriod(ctx, domain.MustParsePeriod("2026-06", domain.CalendarYear), domain.Day(2026, 7, 1)); err != nil {
		t.Fatal(err)
	}
	// A new rate would correct every closed period in the next open one.
	changed := f.ae
	changed.Tiers = append([]domain.Tier(nil), f.ae.Tiers...)
	changed.Tiers[0].Rate = domain.RatePercent(7)
	err := f.db.SavePlan(ctx, &changed)
	if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(err.Error(), "Plan AE monthly paid closed periods (2026-06)") {
		t.Fatalf("changing the rate of a plan that paid June: %v", err)
	}
	if p, _ := f.db.Plan(ctx, f.ae.ID); p.Tiers[0].Rate != domain.RatePercent(6) {
		t.Errorf("the refused change was saved: %+v", p.Tiers)
	}
	// Its name and status may change; nothing is corrected for it.
	renamed := f.ae
	renamed.Name, renamed.Status = "AE monthly 2026", domain.PlanArchived
	if err := f.db.SavePlan(ctx, &renamed); err != nil {
		t.Fatal(err)
	}
	for name, p := range byName(f.run(t, "2026-07", domain.Day(2026, 8, 1))) {
		if p.Adjustments != 0 {
			t.Errorf("July corrects %s after a rename: %+v", name, p.Lines)
		}
	}
	// A plan that never paid a closed period changes freely, and so does a duplicate.
	v2, err := f.db.DuplicatePlan(ctx, f.ae.ID)
	if err != nil {
		t.Fatal(err)
	}
	v2.Tiers[0].Rate = domain.RatePercent(7)
	if err := f.db.SavePlan(ctx, &v2); err != nil {
		t.Errorf("changing the new version: %v", err)
	}
}
