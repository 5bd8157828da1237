package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"salesops/domain"
	"salesops/persistence"
)

// compWorkspace is a workspace with one seller on a quarterly plan: quota
// 100,000, bookings 110,000, 6 % to 100 % and 8 % above, marginal — the
// worked example of PRODUCT.md §5.5 (6,800).
func compWorkspace(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := persistence.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ada := domain.Person{Name: "Ada Seller", Email: "ada@example.com", Role: domain.RoleAE, Active: true}
	if err := db.CreatePerson(ctx, &ada); err != nil {
		t.Fatal(err)
	}
	plan := domain.Plan{Name: "AE 2026", Status: domain.PlanActive, Period: domain.Quarter, Kind: domain.KindCommissionRate,
		Tiers: []domain.Tier{{From: 0, To: int64(domain.RateOne), Rate: domain.RatePercent(6)}, {From: int64(domain.RateOne), Open: true, Rate: domain.RatePercent(8)}}}
	if err := db.SavePlan(ctx, &plan); err != nil {
		t.Fatal(err)
	}
	if err := db.AssignPlan(ctx, ada.ID, plan.ID, domain.Day(2026, 1, 1), time.Time{}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"2026-07", "2026-08", "2026-09"} {
		if err := db.SetQuota(ctx, domain.Quota{PersonID: ada.ID, Month: domain.MustParsePeriod(m, domain.CalendarYear), Amount: domain.Money(int64(100_000_00) / 3)}); err != nil {
			t.Fatal(err)
		}
	}
	// 3 × 3,333,333 cents = 99,999.99: top up one month so the quarter is 100,000.
	if err := db.SetQuota(ctx, domain.Quota{PersonID: ada.ID, Month: domain.MustParsePeriod("2026-09", domain.CalendarYear), Amount: 3_333_334}); err != nil {
		t.Fatal(err)
	}
	stages, _ := db.Stages(ctx)
	var won int64
	for _, s := range stages {
		if s.Won {
			won = s.ID
		}
	}
	for i, amt := range []int64{60_000, 50_000} {
		d := domain.Deal{ExternalID: "D" + string(rune('1'+i)), Name: "Deal", OwnerID: ada.ID, StageID: won, Amount: domain.Money(amt * 100), HasAmount: true,
			CloseDate: domain.Day(2026, 8, 10+i)}
		if err := db.CreateDeal(ctx, &d); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestPayoutsJSONGivesEveryPersonWithLines(t *testing.T) {
	path := compWorkspace(t)
	code, out, errs := run("payouts", "--db", path, "--period", "2026-Q3", "--as-of", "2026-11-01", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got) != 1 {
		t.Fatalf("%d people", len(got))
	}
	p := got[0]
	for k, want := range map[string]any{"name": "Ada Seller", "email": "ada@example.com", "plan": "AE 2026", "period": "2026-Q3",
		"quota": 100000.0, "credited": 110000.0, "attainment": 1.1, "commission": 6800.0, "spiffs": 0.0, "draw": 0.0, "clawbacks": 0.0,
		"adjustments": 0.0, "payout": 6800.0} {
		if p[k] != want {
			t.Errorf("%s = %v, want %v", k, p[k], want)
		}
	}
	lines := p["lines"].([]any)
	var sum float64
	kinds := map[string]int{}
	for _, l := range lines {
		m := l.(map[string]any)
		sum += m["amount"].(float64)
		kinds[m["kind"].(string)]++
		if m["explanation"] == "" {
			t.Errorf("a line without explanation: %v", m)
		}
		if m["kind"] == "credit" {
			if m["deal_id"] == nil || m["credit_share"] != 1.0 || (m["credited"] != 60000.0 && m["credited"] != 50000.0) {
				t.Errorf("a credit line without its deal, share and credited amount: %v", m)
			}
		} else if _, ok := m["credit_share"]; ok {
			t.Errorf("a %s line with a credit share: %v", m["kind"], m)
		}
	}
	if sum != 6800 || kinds["credit"] != 2 || kinds["commission"] != 2 {
		t.Errorf("lines add to %v with kinds %v", sum, kinds)
	}

	// Once closed, the period answers with what was paid.
	db, err := persistence.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	err = db.ClosePeriod(context.Background(), domain.MustParsePeriod("2026-Q3", domain.CalendarYear), domain.Day(2026, 10, 5))
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out2, _ := run("payouts", "--db", path, "--period", "2026-Q3", "--json")
	var closed []map[string]any
	if code != 0 || json.Unmarshal([]byte(out2), &closed) != nil || closed[0]["closed"] != true || closed[0]["payout"] != 6800.0 {
		t.Errorf("closed period: exit %d, %s", code, out2)
	}
}

func TestPayoutsAndPlansExportsAndImport(t *testing.T) {
	path := compWorkspace(t)
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"export", "--db", path, "payouts", "--period", "2026-Q3", "--as-of", "2026-11-01", "-o", filepath.Join(dir, "p.xlsx")}, 0, "total EUR 6,800.00"},
		{[]string{"export", "--db", path, "plans", "-o", filepath.Join(dir, "plans.xlsx")}, 0, "1 plans written"},
		{[]string{"import", "--db", path, "--kind", "plans", filepath.Join(dir, "plans.xlsx")}, 0, "1 plans read, 0 inserted, 1 updated, 0 skipped, 0 errors; 1 assignments"},
		{[]string{"import", "--db", path, "--kind", "plans", "--dry-run", filepath.Join(dir, "plans.xlsx")}, 0, "(dry run: nothing changed)"},
		{[]string{"import", "--db", path, "--kind", "plans", filepath.Join(dir, "p.xlsx")}, 1, "Sheet Plans is missing"},
		{[]string{"import", "--db", path, "--kind", "plans", filepath.Join(dir, "missing.xlsx")}, 1, "missing.xlsx"},
		{[]string{"payouts", "--db", path, "--period", "2026-13", "--json"}, 1, "is not a period"},
		{[]string{"payouts", "--db", path, "--json"}, 2, "--period P is required"},
		{[]string{"export", "--db", path, "plans", "-o", filepath.Join(dir, "plans.csv")}, 2, ".xlsx"},
	} {
		code, out, errs := run(c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("%v: exit %d, %q %q; want %d and %q", c.args[:2], code, out, errs, c.code, c.want)
		}
	}
}
