package persistence

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
)

var cal = domain.CalendarYear

func TestANewWorkspaceHasTheDefaultQuotaProfile(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	prof, err := db.QuotaProfile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !prof.Seasonality.IsEven() || !reflect.DeepEqual(prof.Ramp, domain.DefaultRamp()) {
		t.Errorf("profile %+v, want even and 0/25/50/75/100", prof)
	}
	season := domain.Seasonality{60_000, 70_000, 90_000, 80_000, 80_000, 90_000, 70_000, 40_000, 90_000, 90_000, 100_000, 140_000}
	want := QuotaProfile{Seasonality: season, Ramp: domain.RampSchedule{domain.RatePercent(50)}}
	if err := db.SaveQuotaProfile(ctx, want); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.QuotaProfile(ctx); !reflect.DeepEqual(got, want) {
		t.Errorf("after saving: %+v, want %+v", got, want)
	}
	bad := want
	bad.Seasonality[0] = 59_000 // sums to 99.9 %
	if err := db.SaveQuotaProfile(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a profile summing to 99.9 %% saved: %v", err)
	}
	if got, _ := db.QuotaProfile(ctx); !reflect.DeepEqual(got, want) {
		t.Errorf("a refused profile changed the stored one: %+v", got)
	}
	if err := db.SaveQuotaProfile(ctx, QuotaProfile{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.QuotaProfile(ctx); !got.Seasonality.IsEven() || len(got.Ramp) != 0 {
		t.Errorf("even with no ramp reads back as %+v", got)
	}
}

func TestApplyQuotaStoresRampedMonths(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	p := createPersonT(t, db, domain.Person{Name: "Nina Holm", Role: domain.RoleAE, HireDate: domain.Day(2026, 3, 10), Active: true})
	year := domain.MustParsePeriod("2026", cal)
	// 120,000 even with the default ramp from a 10 March hire: Apr 2,500,
	// May 5,000, Jun 7,500, Jul–Dec 10,000 (see domain's worked example).
	if _, err := db.ApplyQuota(ctx, p.ID, year, 12_000_000, true); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		period string
		want   domain.Money
	}{{"2026", 7_500_000}, {"2026-Q1", 0}, {"2026-Q2", 1_500_000}, {"2026-Q4", 3_000_000}, {"2026-06", 750_000}} {
		got, err := db.QuotaTotals(ctx, domain.MustParsePeriod(tt.period, cal))
		if err != nil {
			t.Fatal(err)
		}
		if got[p.ID] != tt.want {
			t.Errorf("quota for %s = %d, want %d", tt.period, got[p.ID], tt.want)
		}
	}
	// A quarter quota without ramp replaces just its months: 30,000 over Q3 = 10,000 each.
	if _, err := db.ApplyQuota(ctx, p.ID, domain.MustParsePeriod("2026-Q3", cal), 3_000_000, false); err != nil {
		t.Fatal(err)
	}
	qs, err := db.PersonQuotas(ctx, p.ID, year)
	if err != nil {
		t.Fatal(err)
	}
	var got []domain.Money
	for _, q := range qs {
		got = append(got, q.Amount)
	}
	want := []domain.Money{0, 0, 0, 250_000, 500_000, 750_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("months = %v, want %v", got, want)
	}
	// Without ramp, a month before the hire still carries nothing.
	ms, err := db.ApplyQuota(ctx, p.ID, domain.MustParsePeriod("2026-Q1", cal), 3_000_000, false)
	if err != nil {
		t.Fatal(err)
	}
	if ms[0].Quota != 0 || ms[1].Quota != 0 || ms[2].Quota != 1_000_000 {
		t.Errorf("Q1 without ramp for a March hire = %+v", ms)
	}
	if _, err := db.ApplyQuota(ctx, 999, year, 1, true); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("quota for nobody: %v", err)
	}
}

func TestAddPersonGivesNewHiresAChecklist(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	today := domain.Day(2026, 11, 22)
	boss := domain.Person{Name: "Astrid Berg", Email: "astrid@aurora.example", Role: domain.RoleDirector, HireDate: domain.Day(2020, 1, 6), Active: true}
	if err := db.AddPerson(ctx, &boss, today, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT count(*) FROM onboarding_items"); n != 0 {
		t.Errorf("someone hired in 2020 got %d onboarding items", n)
	}
	hire := domain.Person{Name: "Ola Nordmann", Email: "ola@aurora.example", Role: domain.RoleAE, ManagerID: boss.ID, HireDate: domain.Day(2026, 11, 2), Active: true}
	if err := db.AddPerson(ctx, &hire, today, strings.ToUpper); err != nil {
		t.Fatal(err)
	}
	items, err := db.Onboarding(ctx, hire.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != len(domain.DefaultOnboarding) || items[0].Name != "CRM AND SALES PROCESS" || !items[0].Due.Equal(domain.Day(2026, 11, 9)) {
		t.Fatalf("new hire's checklist %+v", items)
	}
	t.Run("a duplicate email is refused and writes nothing", func(t *testing.T) {
		dup := domain.Person{Name: "Other Ola", Email: "OLA@aurora.example", HireDate: today, Active: true}
		err := db.AddPerson(ctx, &dup, today, nil)
		if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "OLA@aurora.example") {
			t.Errorf("AddPerson = %v, want a conflict naming the email", err)
		}
		if n := count(t, db, "SELECT count(*) FROM onboarding_items"); n != len(domain.DefaultOnboarding) {
			t.Errorf("%d onboarding items after a refused add", n)
		}
	})
	t.Run("a manager who does not exist is refused", func(t *testing.T) {
		p := domain.Person{Name: "Lost", ManagerID: 999, Active: true}
		if err := db.AddPerson(ctx, &p, today, nil); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("AddPerson = %v, want %s", err, domain.ENOTFOUND)
		}
	})
	t.Run("the director cannot report to her new hire", func(t *testing.T) {
		b := boss
		b.ManagerID = hire.ID
		if err := db.UpdatePerson(ctx, &b); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("UpdatePerson = %v, want %s", err, domain.ECONFLICT)
		}
	})
	t.Run("onboarding items are ticked, added and deleted", func(t *testing.T) {
		it := items[0]
		it.Done = domain.Day(2026, 11, 8)
		if err := db.SaveOnboardingItem(ctx, &it); err != nil {
			t.Fatal(err)
		}
		extra := domain.OnboardingItem{PersonID: hire.ID, Name: "Security training", Due: domain.Day(2026, 11, 20)}
		if err := db.SaveOnboardingItem(ctx, &extra); err != nil || extra.ID == 0 {
			t.Fatalf("add: %v (ID %d)", err, extra.ID)
		}
		all, _ := db.Onboarding(ctx, 0)
		// Due Nov 9 done; Nov 16 and Nov 20 past and open; Dec 2, 17, Jan 1 ahead.
		if got := domain.Progress(all, today); got != (domain.OnboardingProgress{Total: 6, Done: 1, Overdue: 2}) {
			t.Errorf("progress %+v", got)
		}
		if err := db.DeleteOnboardingItem(ctx, extra.ID); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "SELECT count(*) FROM onboarding_items"); n != 5 {
			t.Errorf("%d items after deleting one of 6", n)
		}
		if err := db.SaveOnboardingItem(ctx, &domain.OnboardingItem{PersonID: hire.ID, Name: " "}); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("an item without a name: %v", err)
		}
	})
	t.Run("deactivating keeps the person with an end date", func(t *testing.T) {
		if err := db.DeactivatePerson(ctx, hire.ID, domain.Day(2026, 11, 30)); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Person(ctx, hire.ID)
		if got.Active || !got.EndDate.Equal(domain.Day(2026, 11, 30)) {
			t.Errorf("after deactivating: %+v", got)
		}
	})
}

func TestTeamQuotasAgainstTargets(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ent, smb := domain.Team{Name: "Enterprise"}, domain.Team{Name: "SMB"}
	for _, tm := range []*domain.Team{&ent, &smb} {
		if err := db.CreateTeam(ctx, tm); err != nil {
			t.Fatal(err)
		}
	}
	a := createPersonT(t, db, domain.Person{Name: "A", TeamID: ent.ID, Active: true})
	b := createPersonT(t, db, domain.Person{Name: "B", TeamID: ent.ID, Active: true})
	c := createPersonT(t, db, domain.Person{Name: "C", TeamID: smb.ID, Active: true})
	q1 := domain.MustParsePeriod("2027-Q1", cal)
	for id, amount := range map[int64]domain.Money{a.ID: 3_000_000, b.ID: 1_500_000, c.ID: 600_000} {
		if _, err := db.ApplyQuota(ctx, id, q1, amount, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetTeamTarget(ctx, domain.TeamTarget{TeamID: ent.ID, Period: q1, Amount: 5_000_000}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetTeamTarget(ctx, domain.TeamTarget{Period: q1, Amount: 4_000_000}); err != nil {
		t.Fatal(err)
	}
	// Setting the company target again replaces it.
	if err := db.SetTeamTarget(ctx, domain.TeamTarget{Period: q1, Amount: 5_000_000}); err != nil {
		t.Fatal(err)
	}
	rows, err := db.TeamQuotas(ctx, q1, "Everyone")
	if err != nil {
		t.Fatal(err)
	}
	// Everyone 30,000 + 15,000 + 6,000 = 51,000 against 50,000: +1,000.
	// Enterprise 45,000 against 50,000: −5,000. SMB 6,000, no target.
	want := []TeamQuotaRow{
		{0, "Everyone", domain.TeamQuota{Members: 5_100_000, Target: 5_000_000, HasTarget: true, Difference: 100_000}},
		{ent.ID, "Enterprise", domain.TeamQuota{Members: 4_500_000, Target: 5_000_000, HasTarget: true, Difference: -500_000}},
		{smb.ID, "SMB", domain.TeamQuota{Members: 600_000}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("TeamQuotas =\n%+v\nwant\n%+v", rows, want)
	}
	if err := db.ClearTeamTarget(ctx, ent.ID, q1); err != nil {
		t.Fatal(err)
	}
	if rows, _ := db.TeamQuotas(ctx, q1, "Everyone"); rows[1].HasTarget {
		t.Errorf("cleared target still there: %+v", rows[1])
	}
	if err := db.SetTeamTarget(ctx, domain.TeamTarget{Period: q1, Amount: -1}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a negative target: %v", err)
	}
}

func TestCapacityPlansAreSavedAndExported(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	in := domain.CapacityInput{Name: "FY2027 base", Year: domain.MustParsePeriod("2027", cal), Target: 120_000_000, FullQuota: 12_000_000,
		Ramp: domain.DefaultRamp(), Attrition: domain.RatePercent(10), Team: []int{3, domain.RampedMonth, domain.RampedMonth}}
	if _, err := db.SaveCapacityPlan(ctx, in, time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	in.Target = 100_000_000 // same name: replaces
	if _, err := db.SaveCapacityPlan(ctx, in, time.Date(2026, 11, 22, 11, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	plans, err := db.CapacityPlans(ctx, cal)
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) != 1 || !reflect.DeepEqual(plans[0].Input, in) {
		t.Fatalf("saved plans %+v, want one with %+v", plans, in)
	}
	if _, err := db.SaveCapacityPlan(ctx, domain.CapacityInput{Year: in.Year, FullQuota: 1}, time.Now()); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a plan without a name saved: %v", err)
	}
	plan, err := domain.PlanCapacity(in)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "capacity.xlsx")
	if err := ExportCapacityPlan(plan, domain.Currency{Code: "EUR", Digits: 2}, out); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Plan", "Months"}) {
		t.Errorf("sheets %v", got)
	}
	rows, err := f.GetRows("Months", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 14 || rows[1][0] != "2027-01" || rows[1][1] != "83333.34" {
		t.Fatalf("months sheet starts %v", rows[:2])
	}
	// The total row's capacity is the plan's, as a number.
	if got, want := rows[13][2], strconv.FormatFloat(domain.Currency{Code: "EUR", Digits: 2}.Major(plan.Capacity), 'f', -1, 64); got != want {
		t.Errorf("total capacity cell %q, want %q", got, want)
	}
	typ, err := f.GetCellType("Months", "C2")
	if err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("capacity is stored as text (%v, %v)", typ, err)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	hasChart := false
	for _, zf := range zr.File {
		hasChart = hasChart || strings.HasPrefix(zf.Name, "xl/charts/chart")
	}
	if !hasChart {
		t.Error("the workbook has no native chart")
	}
}

func TestLeaderboardOnAWorkspace(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ent := domain.Team{Name: "Enterprise"}
	if err := db.CreateTeam(ctx, &ent); err != nil {
		t.Fatal(err)
	}
	anna := createPersonT(t, db, domain.Person{Name: "Anna", Email: "anna@x.example", Role: domain.RoleAE, TeamID: ent.ID, HireDate: domain.Day(2024, 1, 1), Active: true})
	bruno := createPersonT(t, db, domain.Person{Name: "Bruno", Role: domain.RoleAE, TeamID: ent.ID, HireDate: domain.Day(2024, 1, 1), Active: true})
	carla := createPersonT(t, db, domain.Person{Name: "Carla", Role: domain.RoleSDR, HireDate: domain.Day(2025, 1, 1), Active: true})
	north := domain.Territory{Name: "North"}
	if err := db.CreateTerritory(ctx, &north); err != nil {
		t.Fatal(err)
	}
	oslo := domain.Territory{Name: "Oslo", ParentID: north.ID}
	if err := db.CreateTerritory(ctx, &oslo); err != nil {
		t.Fatal(err)
	}
	acc := domain.Account{Name: "Fjord AS", TerritoryID: oslo.ID, Assignment: domain.AssignedManual}
	if err := db.CreateAccount(ctx, &acc); err != nil {
		t.Fatal(err)
	}
	const won, lost, commit = 5, 6, 4 // default stages
	mk := func(owner int64, stage int64, v domain.Money, created, closed time.Time, account int64) domain.Deal {
		d := domain.Deal{Name: "deal", OwnerID: owner, StageID: stage, Amount: v, HasAmount: true, Created: created, CloseDate: closed, AccountID: account}
		if err := db.CreateDeal(ctx, &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	mk(anna.ID, won, 1_000_000, domain.Day(2026, 7, 1), domain.Day(2026, 7, 31), 0)
	split := mk(bruno.ID, won, 2_000_000, domain.Day(2026, 6, 1), domain.Day(2026, 8, 10), acc.ID)
	mk(anna.ID, lost, 500_000, domain.Day(2026, 7, 1), domain.Day(2026, 8, 1), 0)
	mk(anna.ID, commit, 500_000, domain.Day(2026, 7, 1), domain.Day(2026, 9, 30), 0)
	mk(bruno.ID, won, 300_000, domain.Day(2026, 4, 1), domain.Day(2026, 6, 30), 0)
	if err := db.SetSplits(ctx, split.ID, []domain.DealSplit{
		{PersonID: bruno.ID, Kind: domain.SplitRevenue, Share: domain.RatePercent(60)},
		{PersonID: anna.ID, Kind: domain.SplitRevenue, Share: domain.RatePercent(40)},
		{PersonID: carla.ID, Kind: domain.SplitOverlay, Share: domain.RatePercent(10)},
	}); err != nil {
		t.Fatal(err)
	}
	q3 := domain.MustParsePeriod("2026-Q3", cal)
	for id, amount := range map[int64]domain.Money{anna.ID: 3_000_000, carla.ID: 1_000_000} {
		if _, err := db.ApplyQuota(ctx, id, q3, amount, false); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.Leaderboard(ctx, q3, LeaderboardScope{})
	if err != nil {
		t.Fatal(err)
	}
	type brief struct {
		name       string
		credited   domain.Money
		quota      domain.Money
		attainment domain.OptFloat
		won, lost  int
		pipeline   domain.Money
	}
	var got []brief
	for _, r := range rows {
		got = append(got, brief{r.Name, r.Credited, r.Quota, r.Attainment, r.WonCount, r.LostCount, r.OpenPipeline})
	}
	// As in domain's worked example: Anna 10,000 + 40 % of 20,000; Bruno 60 %
	// and no quota; Carla's 10 % overlay of 20,000 against 10,000.
	want := []brief{
		{"Anna", 1_800_000, 3_000_000, domain.OptFloat{V: 0.6, OK: true}, 1, 1, 500_000},
		{"Bruno", 1_200_000, 0, domain.OptFloat{}, 1, 0, 0},
		{"Carla", 200_000, 1_000_000, domain.OptFloat{V: 0.2, OK: true}, 0, 0, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Leaderboard =\n%+v\nwant\n%+v", got, want)
	}
	t.Run("a team's leaderboard lists its members", func(t *testing.T) {
		rows, err := db.Leaderboard(ctx, q3, LeaderboardScope{TeamID: ent.ID})
		if err != nil || len(rows) != 2 || rows[0].Name != "Anna" || rows[1].Name != "Bruno" {
			t.Errorf("team rows %+v, %v", rows, err)
		}
	})
	t.Run("a territory's leaderboard credits only its accounts' deals, without quotas", func(t *testing.T) {
		rows, err := db.Leaderboard(ctx, q3, LeaderboardScope{TerritoryID: north.ID})
		if err != nil {
			t.Fatal(err)
		}
		var got []brief
		for _, r := range rows {
			got = append(got, brief{r.Name, r.Credited, r.Quota, r.Attainment, r.WonCount, r.LostCount, r.OpenPipeline})
		}
		want := []brief{
			{"Bruno", 1_200_000, 0, domain.OptFloat{}, 1, 0, 0},
			{"Anna", 800_000, 0, domain.OptFloat{}, 0, 0, 0},
			{"Carla", 200_000, 0, domain.OptFloat{}, 0, 0, 0},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("territory rows =\n%+v\nwant\n%+v", got, want)
		}
	})
	t.Run("the monthly trend has credit and quota per month", func(t *testing.T) {
		tr, err := db.PersonTrend(ctx, anna.ID, domain.MustParsePeriod("2026", cal))
		if err != nil {
			t.Fatal(err)
		}
		if tr.Credited[6] != 1_000_000 || tr.Credited[7] != 800_000 || tr.Quota[6] != 1_000_000 || tr.Quota[0] != 0 {
			t.Errorf("trend %+v", tr)
		}
	})
	t.Run("the current team counts each active seller's ramp month", func(t *testing.T) {
		team, err := db.CurrentTeam(ctx, domain.Day(2025, 3, 1))
		if err != nil {
			t.Fatal(err)
		}
		// Anna and Bruno hired Jan 2024: ramp month 15 in March 2025; Carla
		// hired Jan 2025: ramp month 3.
		if !reflect.DeepEqual(team, []int{15, 15, 3}) {
			t.Errorf("CurrentTeam = %v", team)
		}
	})
}

// TestLeaderboardSQLMatchesTheDomain holds the SQL sums of Leaderboard
// against domain.Leaderboard computed in Go from the same deals, on a demo
// company with splits, overlays, leavers and ramped quotas.
func TestLeaderboardSQLMatchesTheDomain(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 3, Deals: 4000, AsOf: domain.Day(2026, 11, 22)}); err != nil {
		t.Fatal(err)
	}
	teams, _ := db.Teams(ctx)
	terrs, _ := db.Territories(ctx)
	scopes := []LeaderboardScope{{}, {TeamID: teams[0].ID}, {TerritoryID: terrs[0].ID}, {TerritoryID: terrs[len(terrs)-1].ID}}
	splitDeals := count(t, db, "SELECT count(DISTINCT deal_id) FROM deal_splits")
	if splitDeals == 0 {
		t.Fatal("the demo has no splits to test")
	}
	for _, key := range []string{"2026-Q3", "2026", "2025-11", "2024-Q1"} {
		p := domain.MustParsePeriod(key, cal)
		for _, sc := range scopes {
			got, err := db.Leaderboard(ctx, p, sc)
			if err != nil {
				t.Fatal(err)
			}
			in, err := db.leaderboardInput(ctx, p, sc)
			if err != nil {
				t.Fatal(err)
			}
			want := domain.Leaderboard(in)
			if sc.TerritoryID != 0 {
				kept := want[:0]
				for _, r := range want {
					if r.Credited != 0 || r.WonCount+r.LostCount > 0 || r.OpenPipeline != 0 {
						kept = append(kept, r)
					}
				}
				want = kept
			}
			if len(want) == 0 {
				t.Errorf("%s %+v: an empty leaderboard proves nothing", key, sc)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %+v: SQL and domain differ\nSQL    %+v\ndomain %+v", key, sc, got, want)
			}
		}
	}
	t.Run("the trend of each seller sums to their credit over the year", func(t *testing.T) {
		year := domain.MustParsePeriod("2026", cal)
		rows, err := db.Leaderboard(ctx, year, LeaderboardScope{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			tr, err := db.PersonTrend(ctx, r.PersonID, year)
			if err != nil {
				t.Fatal(err)
			}
			var credited, quota domain.Money
			for i := range tr.Months {
				credited += tr.Credited[i]
				quota += tr.Quota[i]
			}
			if credited != r.Credited || quota != r.Quota {
				t.Errorf("%s: trend sums to %d credited and %d quota; the leaderboard says %d and %d", r.Name, credited, quota, r.Credited, r.Quota)
			}
		}
	})
}

// The demo company's recent hires have onboarding checklists, with items
// done, items overdue on the demo's day and items not yet due, so the
// Onboarding tab has something to show on first launch.
func TestDemoOnboarding(t *testing.T) {
	db, _ := mustDemo(t, 42)
	ctx := context.Background()
	items, err := db.Onboarding(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	people := map[int64]bool{}
	var pr domain.OnboardingProgress
	for _, it := range items {
		people[it.PersonID] = true
		p, err := db.Person(ctx, it.PersonID)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Active || !p.Role.Sells() || p.HireDate.After(demoAsOf) {
			t.Errorf("%s has a checklist: active %v, role %s, hired %s", p.Name, p.Active, p.Role, p.HireDate.Format("2006-01-02"))
		}
		if !it.Done.IsZero() && (it.Done.After(demoAsOf) || it.Done.Before(p.HireDate)) {
			t.Errorf("%s: %q done on %s, outside %s … %s", p.Name, it.Name, it.Done.Format("2006-01-02"), p.HireDate.Format("2006-01-02"), demoAsOf.Format("2006-01-02"))
		}
		if !it.Due.Before(demoAsOf) && !it.Done.IsZero() {
			t.Errorf("%s: %q is done before it is due (%s)", p.Name, it.Name, it.Due.Format("2006-01-02"))
		}
	}
	pr = domain.Progress(items, demoAsOf)
	if len(people) != demoOnboardingHires || pr.Total != demoOnboardingHires*len(domain.DefaultOnboarding) {
		t.Fatalf("checklists of %d people with %d items, want %d people with %d each", len(people), pr.Total, demoOnboardingHires, len(domain.DefaultOnboarding))
	}
	if pr.Done == 0 || pr.Overdue == 0 {
		t.Errorf("progress on %s = %+v: want some items done and some overdue", demoAsOf.Format("2006-01-02"), pr)
	}
	// The most recent hire among them carries the overdue item.
	var newest domain.Person
	for id := range people {
		p, _ := db.Person(ctx, id)
		if p.HireDate.After(newest.HireDate) {
			newest = p
		}
	}
	t.Logf("demo onboarding on %s: %+v; newest hire %s on %s", demoAsOf.Format("2006-01-02"), pr, newest.Name, newest.HireDate.Format("2006-01-02"))
}

// Quotas set with seasonality and a ramp go out through the spreadsheet
// engine month by month and come back in exactly: importing months applies
// neither the seasonality nor the ramp again, and a second import changes
// nothing.
func TestQuotasRoundTripThroughASpreadsheet(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	pct := domain.RatePercent
	season := domain.Seasonality{pct(6), pct(6), pct(8), pct(8), pct(8), pct(9), pct(9), pct(6), pct(9), pct(9), pct(10), pct(12)}
	if err := db.SaveQuotaProfile(ctx, QuotaProfile{Seasonality: season, Ramp: domain.DefaultRamp()}); err != nil {
		t.Fatal(err)
	}
	hire := domain.Person{Name: "Ines Berg", Email: "ines@aurora.example", Role: domain.RoleAE, Active: true, HireDate: domain.Day(2027, 2, 10)}
	vet := domain.Person{Name: "Olav Dahl", Email: "olav@aurora.example", Role: domain.RoleAE, Active: true, HireDate: domain.Day(2020, 1, 1)}
	for _, p := range []*domain.Person{&hire, &vet} {
		if err := db.AddPerson(ctx, p, domain.Day(2026, 12, 1), nil); err != nil {
			t.Fatal(err)
		}
	}
	year := domain.MustParsePeriod("2027", domain.CalendarYear)
	if _, err := db.ApplyQuota(ctx, hire.ID, year, 120_000_000, true); err != nil { // 1,200,000.00
		t.Fatal(err)
	}
	if _, err := db.ApplyQuota(ctx, vet.ID, year, 120_000_000, true); err != nil {
		t.Fatal(err)
	}
	months := func(id int64) []domain.Money {
		t.Helper()
		qs, err := db.PersonQuotas(ctx, id, year)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]domain.Money, len(qs))
		for i, q := range qs {
			out[i] = q.Amount
		}
		return out
	}
	// By hand, in euros: 8 % of 1,200,000 is 96,000 a month in March to May,
	// 9 % is 108,000; the hire carries 0 % in February (the month of hire),
	// then 25, 50, 75 %, and nothing in January, before the hire.
	wantHire := []domain.Money{0, 0, 2_400_000, 4_800_000, 7_200_000, 10_800_000, 10_800_000, 7_200_000, 10_800_000, 10_800_000, 12_000_000, 14_400_000}
	wantVet := []domain.Money{7_200_000, 7_200_000, 9_600_000, 9_600_000, 9_600_000, 10_800_000, 10_800_000, 7_200_000, 10_800_000, 10_800_000, 12_000_000, 14_400_000}
	if got := months(hire.ID); !reflect.DeepEqual(got, wantHire) {
		t.Fatalf("the hire's months %v, want %v", got, wantHire)
	}
	if got := months(vet.ID); !reflect.DeepEqual(got, wantVet) {
		t.Fatalf("the veteran's months %v, want %v", got, wantVet)
	}
	for _, ext := range []string{".xlsx", ".csv"} {
		t.Run(ext, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "quotas"+ext)
			n, err := db.Export(ctx, "quotas", path, ExportOptions{})
			if err != nil || n != 24 {
				t.Fatalf("export: %d rows, %v", n, err)
			}
			if _, err := db.SQL().Exec("DELETE FROM quotas"); err != nil {
				t.Fatal(err)
			}
			res := mustImport(t, db, path, ImportOptions{Kind: "quotas"})
			if res.Errors != 0 || res.Inserted != 24 {
				t.Fatalf("import: %s %v", res.Summary(), res.Problems)
			}
			if got := months(hire.ID); !reflect.DeepEqual(got, wantHire) {
				t.Errorf("the hire's months after the round trip %v, want %v", got, wantHire)
			}
			if got := months(vet.ID); !reflect.DeepEqual(got, wantVet) {
				t.Errorf("the veteran's months after the round trip %v, want %v", got, wantVet)
			}
			if res := mustImport(t, db, path, ImportOptions{Kind: "quotas"}); res.Inserted+res.Updated != 0 || res.Skipped != 24 {
				t.Errorf("importing the same file again: %s", res.Summary())
			}
		})
	}
}

// An imported quarter or year quota is spread by the workspace's seasonality,
// as the Team tab spreads it; a month is stored as it is, even in a month the
// profile weighs at 0 %.
func TestImportedQuotasFollowTheSeasonality(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	pct := domain.RatePercent
	season := domain.Seasonality{0, pct(10), pct(10), pct(10), pct(10), pct(10), pct(10), pct(5), pct(10), pct(10), pct(10), pct(5)}
	if err := db.SaveQuotaProfile(ctx, QuotaProfile{Seasonality: season, Ramp: domain.DefaultRamp()}); err != nil {
		t.Fatal(err)
	}
	p := domain.Person{Name: "Olav Dahl", Email: "olav@aurora.example", Role: domain.RoleAE, Active: true, HireDate: domain.Day(2020, 1, 1)}
	if err := db.AddPerson(ctx, &p, domain.Day(2026, 12, 1), nil); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "quotas.csv")
	if err := os.WriteFile(path, []byte("Person,Period,Amount\nolav@aurora.example,2027,\"1,200,000.00\"\nOlav Dahl,2028-Q3,100000.01\nOlav Dahl,2028-01,5000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := mustImport(t, db, path, ImportOptions{Kind: "quotas"}); res.Errors != 0 {
		t.Fatalf("import: %s %v", res.Summary(), res.Problems)
	}
	get := func(key string) []domain.Money {
		t.Helper()
		qs, err := db.PersonQuotas(ctx, p.ID, domain.MustParsePeriod(key, domain.CalendarYear))
		if err != nil {
			t.Fatal(err)
		}
		var out []domain.Money
		for _, q := range qs {
			out = append(out, q.Amount)
		}
		return out
	}
	// 10 % of 1,200,000 is 120,000; 5 % is 60,000; January 0 %.
	want2027 := []domain.Money{0, 12_000_000, 12_000_000, 12_000_000, 12_000_000, 12_000_000, 12_000_000, 6_000_000, 12_000_000, 12_000_000, 12_000_000, 6_000_000}
	if got := get("2027"); !reflect.DeepEqual(got, want2027) {
		t.Errorf("2027 months %v, want %v", got, want2027)
	}
	// Q3 weighs July 10, August 5, September 10: 10,000,001 cents as 4,000,000.4,
	// 2,000,000.2 and 4,000,000.4; the spare cent goes to July (ties: earlier).
	if got, want := get("2028-Q3"), []domain.Money{4_000_001, 2_000_000, 4_000_000}; !reflect.DeepEqual(got, want) {
		t.Errorf("2028-Q3 months %v, want %v", got, want)
	}
	if got := get("2028-01"); got[0] != 500_000 {
		t.Errorf("January 2028 (0 %% in the profile) imported as %d, want 500000 as written", got[0])
	}
}

// People imported as new hires get the default onboarding checklist, as
// people added in the Team tab do; others, and people updated by a later
// import, get none.
func TestImportedNewHiresGetTheChecklist(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	today := domain.DateOf(time.Now())
	recent, soon := today.AddDate(0, 0, -10), today.AddDate(0, 0, 20)
	path := filepath.Join(t.TempDir(), "people.csv")
	csv := "Name,Email,Role,Hire date\n" +
		"Recent Hire,recent@aurora.example,Account executive," + recent.Format("2006-01-02") + "\n" +
		"Starts Soon,soon@aurora.example,SDR," + soon.Format("2006-01-02") + "\n" +
		"Old Hand,old@aurora.example,Account executive,2019-01-07\n"
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	count := func() map[string]int {
		t.Helper()
		items, err := db.Onboarding(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, it := range items {
			p, err := db.Person(ctx, it.PersonID)
			if err != nil {
				t.Fatal(err)
			}
			out[p.Name]++
			if it.Due.Before(p.HireDate) {
				t.Errorf("%s: %q due %s, before the hire", p.Name, it.Name, it.Due.Format("2006-01-02"))
			}
		}
		return out
	}
	if res := mustImport(t, db, path, ImportOptions{Kind: "people", DryRun: true}); res.Inserted != 3 {
		t.Fatalf("dry run: %s", res.Summary())
	}
	if got := count(); len(got) != 0 {
		t.Fatalf("a dry run left checklists: %v", got)
	}
	if res := mustImport(t, db, path, ImportOptions{Kind: "people"}); res.Inserted != 3 || res.Errors != 0 {
		t.Fatalf("import: %s %v", res.Summary(), res.Problems)
	}
	n := len(domain.DefaultOnboarding)
	want := map[string]int{"Recent Hire": n, "Starts Soon": n}
	if got := count(); !reflect.DeepEqual(got, want) {
		t.Errorf("checklist items by person %v, want %v", got, want)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(csv, "Account executive,"+recent.Format("2006-01-02"), "SDR,"+recent.Format("2006-01-02"), 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := mustImport(t, db, path, ImportOptions{Kind: "people"}); res.Updated != 1 {
		t.Fatalf("second import: %s", res.Summary())
	}
	if got := count(); !reflect.DeepEqual(got, want) {
		t.Errorf("after updating by import: %v, want %v", got, want)
	}
}
