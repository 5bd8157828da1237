package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"salesops/domain"
)

func createTerritoryT(tb testing.TB, db *DB, t domain.Territory, rules ...domain.TerritoryRule) domain.Territory {
	tb.Helper()
	if err := db.CreateTerritory(context.Background(), &t); err != nil {
		tb.Fatalf("CreateTerritory(%s): %v", t.Name, err)
	}
	if len(rules) > 0 {
		if err := db.SetTerritoryRules(context.Background(), t.ID, rules); err != nil {
			tb.Fatalf("SetTerritoryRules(%s): %v", t.Name, err)
		}
	}
	return t
}

func createTerrAccountT(tb testing.TB, db *DB, a domain.Account) domain.Account {
	tb.Helper()
	if err := db.CreateAccount(context.Background(), &a); err != nil {
		tb.Fatalf("CreateAccount(%s): %v", a.Name, err)
	}
	return a
}

func terrAccountT(tb testing.TB, db *DB, id int64) domain.Account {
	tb.Helper()
	a, err := db.Account(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func terrRule(field, op, value string) domain.TerritoryRule {
	return domain.TerritoryRule{Set: 1, Field: field, Operator: op, Value: value}
}

func TestRunRulesProposesThenCommits(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	europe := createTerritoryT(t, db, domain.Territory{Name: "Europe"})
	italy := createTerritoryT(t, db, domain.Territory{Name: "Italy", ParentID: europe.ID, Priority: 10}, terrRule("country", "=", "IT"))
	france := createTerritoryT(t, db, domain.Territory{Name: "France", ParentID: europe.ID, Priority: 10}, terrRule("country", "=", "FR"))
	big := createTerritoryT(t, db, domain.Territory{Name: "Big", ParentID: europe.ID, Priority: 10}, terrRule("employees", "between", "1000.."))
	milano := createTerrAccountT(t, db, domain.Account{Name: "Milano SpA", Country: "IT"})
	paris := createTerrAccountT(t, db, domain.Account{Name: "Paris SA", Country: "FR", Employees: 5000})
	locked := createTerrAccountT(t, db, domain.Account{Name: "Locked Srl", Country: "IT", TerritoryID: france.ID, Assignment: domain.AssignedManual})

	p, err := db.ProposeAssignments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the proposal lists the moves and changes nothing yet", func(t *testing.T) {
		if len(p.Moves) != 2 || p.Locked != 1 {
			t.Fatalf("moves %+v locked %d; want 2 moves and 1 locked", p.Moves, p.Locked)
		}
		if a := terrAccountT(t, db, milano.ID); a.TerritoryID != 0 || a.Assignment != domain.AssignedNone {
			t.Errorf("before commit Milano is in %d (%s)", a.TerritoryID, a.Assignment)
		}
	})
	applied, skipped, err := db.CommitAssignments(ctx, p, domain.Day(2026, 1, 1))
	if err != nil || applied != 2 || skipped != 0 {
		t.Fatalf("commit: %d applied %d skipped, %v", applied, skipped, err)
	}
	t.Run("committed accounts land where the rules say", func(t *testing.T) {
		if a := terrAccountT(t, db, milano.ID); a.TerritoryID != italy.ID || a.Assignment != domain.AssignedRule {
			t.Errorf("Milano in %d (%s), want Italy by rule", a.TerritoryID, a.Assignment)
		}
	})
	t.Run("a tie stays unassigned with its candidates", func(t *testing.T) {
		a := terrAccountT(t, db, paris.ID)
		ties, err := db.TieCandidates(ctx)
		if err != nil || a.TerritoryID != 0 || a.Assignment != domain.AssignedTie || !reflect.DeepEqual(ties[paris.ID], []int64{france.ID, big.ID}) {
			t.Errorf("Paris in %d (%s), candidates %v %v", a.TerritoryID, a.Assignment, ties[paris.ID], err)
		}
	})
	t.Run("a manual account keeps its territory", func(t *testing.T) {
		if a := terrAccountT(t, db, locked.ID); a.TerritoryID != france.ID || a.Assignment != domain.AssignedManual {
			t.Errorf("locked account in %d (%s)", a.TerritoryID, a.Assignment)
		}
	})
	t.Run("a second run proposes nothing", func(t *testing.T) {
		p2, err := db.ProposeAssignments(ctx)
		if err != nil || len(p2.Moves) != 0 {
			t.Errorf("moves %+v, %v", p2.Moves, err)
		}
	})
	t.Run("a stale proposal is skipped, not forced", func(t *testing.T) {
		if err := db.AssignAccount(ctx, milano.ID, france.ID, domain.Day(2026, 2, 1)); err != nil {
			t.Fatal(err)
		}
		_, skipped, err := db.CommitAssignments(ctx, p, domain.Day(2026, 2, 2))
		if err != nil || skipped != 2 {
			t.Errorf("skipped %d, %v; want both moves skipped", skipped, err)
		}
		if a := terrAccountT(t, db, milano.ID); a.TerritoryID != france.ID || !a.Locked() {
			t.Errorf("Milano in %d (%s), want France, manual", a.TerritoryID, a.Assignment)
		}
	})
	t.Run("unlocking places the account by the rules again", func(t *testing.T) {
		pl, err := db.UnlockAccount(ctx, milano.ID, domain.Day(2026, 3, 1))
		if err != nil || pl.TerritoryID != italy.ID {
			t.Fatalf("unlock: %+v, %v", pl, err)
		}
		if a := terrAccountT(t, db, milano.ID); a.TerritoryID != italy.ID || a.Assignment != domain.AssignedRule {
			t.Errorf("Milano in %d (%s), want Italy by rule", a.TerritoryID, a.Assignment)
		}
	})
}

func TestOwnershipIsEffectiveDatedAcrossAPeriodBoundary(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	tr := createTerritoryT(t, db, domain.Territory{Name: "Nordics"})
	anna := createPersonT(t, db, domain.Person{Name: "Anna", Active: true})
	bjorn := createPersonT(t, db, domain.Person{Name: "Bjørn", Active: true})
	cleo := createPersonT(t, db, domain.Person{Name: "Cleo", Active: true})
	for _, o := range []domain.TerritoryOwner{
		{TerritoryID: tr.ID, PersonID: anna.ID, Role: domain.OwnerPrimary, From: domain.Day(2026, 1, 1)},
		{TerritoryID: tr.ID, PersonID: cleo.ID, Role: domain.OwnerOverlay, From: domain.Day(2026, 2, 1)},
		// From Q2 on Bjørn owns it: Anna's ownership ends on 31 March.
		{TerritoryID: tr.ID, PersonID: bjorn.ID, Role: domain.OwnerPrimary, From: domain.Day(2026, 4, 1)},
	} {
		if err := db.SetTerritoryOwner(ctx, &o); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		y, m int
		d    int
		want []int64
	}{
		{"before anyone", 2025, 12, 31, nil},
		{"January: Anna alone", 2026, 1, 15, []int64{anna.ID}},
		{"the last day of Q1: Anna with Cleo", 2026, 3, 31, []int64{anna.ID, cleo.ID}},
		{"the first day of Q2: Bjørn with Cleo", 2026, 4, 1, []int64{bjorn.ID, cleo.ID}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			os, err := db.TerritoryOwnersOn(ctx, tr.ID, domain.Day(c.y, terrMonth(c.m), c.d))
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, o := range os {
				got = append(got, o.PersonID)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("owners %v, want %v (primary first)", got, c.want)
			}
		})
	}
}

func TestDealsFollowTheirAccountsTerritoryFromTheEffectiveDate(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	north := createTerritoryT(t, db, domain.Territory{Name: "North"})
	south := createTerritoryT(t, db, domain.Territory{Name: "South"})
	acct := createTerrAccountT(t, db, domain.Account{Name: "Acme", TerritoryID: north.ID, Assignment: domain.AssignedRule})
	owner := createPersonT(t, db, domain.Person{Name: "Owner", Active: true})
	won := stageID(t, db, "Closed Won")
	for _, d := range []struct {
		day    int
		m      int
		amount domain.Money
	}{{15, 3, 100_00}, {31, 3, 20_00}, {1, 4, 3_00}, {10, 5, 4_00}} {
		createDealT(t, db, domain.Deal{Name: "deal", AccountID: acct.ID, OwnerID: owner.ID, StageID: won, Amount: d.amount, HasAmount: true,
			CloseDate: domain.Day(2026, terrMonth(d.m), d.day)})
	}
	if err := db.AssignAccount(ctx, acct.ID, south.ID, domain.Day(2026, 4, 1)); err != nil {
		t.Fatal(err)
	}
	quarters, perf, err := db.TerritoryPerformance(ctx, domain.CalendarYear, domain.Day(2026, 6, 30), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(quarters) != 2 || quarters[0].String() != "2026-Q1" || quarters[1].String() != "2026-Q2" {
		t.Fatalf("quarters %v", quarters)
	}
	// Q1: 100 + 20 stay with North (the account was there when they closed);
	// Q2: 3 + 4 go to South from 1 April on.
	if got, want := perf[north.ID], []domain.Money{120_00, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("North %v, want %v", got, want)
	}
	if got, want := perf[south.ID], []domain.Money{0, 7_00}; !reflect.DeepEqual(got, want) {
		t.Errorf("South %v, want %v", got, want)
	}
	hist, err := db.AccountTerritoryHistory(ctx, acct.ID)
	if err != nil || len(hist) != 2 || hist[0].TerritoryID != north.ID || !hist[0].To.Equal(domain.Day(2026, 4, 1)) || hist[1].TerritoryID != south.ID || !hist[1].To.IsZero() {
		t.Errorf("history %+v, %v", hist, err)
	}
	t.Run("each deal maps to the territory of its close date", func(t *testing.T) {
		m, err := db.DealTerritories(ctx, domain.Day(2026, 1, 1), domain.Day(2027, 1, 1))
		if err != nil || len(m) != 4 {
			t.Fatalf("%v, %v", m, err)
		}
		in := map[int64]int{}
		for _, terr := range m {
			in[terr]++
		}
		if in[north.ID] != 2 || in[south.ID] != 2 {
			t.Errorf("North %d, South %d deals; want 2 and 2", in[north.ID], in[south.ID])
		}
	})
	t.Run("a second move the same day replaces the first", func(t *testing.T) {
		if err := db.AssignAccount(ctx, acct.ID, north.ID, domain.Day(2026, 4, 1)); err != nil {
			t.Fatal(err)
		}
		_, perf, _ := db.TerritoryPerformance(ctx, domain.CalendarYear, domain.Day(2026, 6, 30), 2)
		if got, want := perf[north.ID], []domain.Money{120_00, 7_00}; !reflect.DeepEqual(got, want) || perf[south.ID] != nil {
			t.Errorf("North %v (want %v), South %v (want none)", got, want, perf[south.ID])
		}
	})
	t.Run("an account's first territory takes its past deals too", func(t *testing.T) {
		fresh := createTerrAccountT(t, db, domain.Account{Name: "Fresh"})
		createDealT(t, db, domain.Deal{Name: "old win", AccountID: fresh.ID, OwnerID: owner.ID, StageID: won, Amount: 50_00, HasAmount: true, CloseDate: domain.Day(2026, 2, 1)})
		if err := db.AssignAccount(ctx, fresh.ID, south.ID, domain.Day(2026, 6, 1)); err != nil {
			t.Fatal(err)
		}
		_, perf, _ := db.TerritoryPerformance(ctx, domain.CalendarYear, domain.Day(2026, 6, 30), 2)
		if got, want := perf[south.ID], []domain.Money{50_00, 0}; !reflect.DeepEqual(got, want) {
			t.Errorf("South %v, want %v: an account never elsewhere brings its history", got, want)
		}
	})
}

func TestTerritoryHierarchyEdits(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	emea := createTerritoryT(t, db, domain.Territory{Name: "EMEA"})
	italy := createTerritoryT(t, db, domain.Territory{Name: "Italy", ParentID: emea.ID}, terrRule("country", "=", "IT"))
	milan := createTerritoryT(t, db, domain.Territory{Name: "Milan", ParentID: italy.ID})
	france := createTerritoryT(t, db, domain.Territory{Name: "France", ParentID: emea.ID})
	a1 := createTerrAccountT(t, db, domain.Account{Name: "A1", TerritoryID: italy.ID, Assignment: domain.AssignedRule})
	a2 := createTerrAccountT(t, db, domain.Account{Name: "A2", TerritoryID: italy.ID, Assignment: domain.AssignedRule})

	t.Run("moving a territory inside its own child is refused", func(t *testing.T) {
		if err := db.MoveTerritory(ctx, italy.ID, milan.ID); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("got %v, want a conflict", err)
		}
	})
	t.Run("rename and move", func(t *testing.T) {
		if err := db.RenameTerritory(ctx, france.ID, "France & Benelux"); err != nil {
			t.Fatal(err)
		}
		if err := db.MoveTerritory(ctx, france.ID, 0); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Territory(ctx, france.ID)
		if got.Name != "France & Benelux" || got.ParentID != 0 {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("deleting reassigns the accounts and lifts the children", func(t *testing.T) {
		n, err := db.DeleteTerritory(ctx, italy.ID, france.ID, domain.Day(2026, 5, 1))
		if err != nil || n != 2 {
			t.Fatalf("moved %d, %v", n, err)
		}
		for _, id := range []int64{a1.ID, a2.ID} {
			if a := terrAccountT(t, db, id); a.TerritoryID != france.ID || a.Assignment != domain.AssignedManual {
				t.Errorf("account %d in %d (%s), want France, manual", id, a.TerritoryID, a.Assignment)
			}
		}
		m, _ := db.Territory(ctx, milan.ID)
		if m.ParentID != emea.ID {
			t.Errorf("Milan's parent %d, want EMEA", m.ParentID)
		}
		if rules, _ := db.TerritoryRules(ctx); len(rules) != 0 {
			t.Errorf("the deleted territory's rules remain: %+v", rules)
		}
	})
	t.Run("deleting with no target leaves the accounts unassigned", func(t *testing.T) {
		if _, err := db.DeleteTerritory(ctx, france.ID, 0, domain.Day(2026, 6, 1)); err != nil {
			t.Fatal(err)
		}
		if a := terrAccountT(t, db, a1.ID); a.TerritoryID != 0 || a.Assignment != domain.AssignedNone {
			t.Errorf("A1 in %d (%s), want unassigned", a.TerritoryID, a.Assignment)
		}
	})
	t.Run("a bad rule is refused with its territory named", func(t *testing.T) {
		err := db.SetTerritoryRules(ctx, milan.ID, []domain.TerritoryRule{terrRule("employees", "between", "9..1")})
		if domain.ErrorCode(err) != domain.EINVALID || !terrContains(domain.ErrorMessage(err), "Milan") {
			t.Errorf("got %v", err)
		}
	})
}

func TestBalanceFiguresAndApplyingAProposal(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	top := createTerritoryT(t, db, domain.Territory{Name: "Top"})
	a := createTerritoryT(t, db, domain.Territory{Name: "A", ParentID: top.ID})
	b := createTerritoryT(t, db, domain.Territory{Name: "B", ParentID: top.ID})
	var locked domain.Account
	for i, pot := range []domain.Money{40, 30, 20, 10} {
		acc := createTerrAccountT(t, db, domain.Account{Name: "a" + string(rune('0'+i)), Potential: pot * 100, TerritoryID: a.ID, Assignment: domain.AssignedRule})
		if i == 0 {
			acc.Assignment = domain.AssignedManual
			if err := db.UpdateAccount(ctx, &acc); err != nil {
				t.Fatal(err)
			}
			locked = acc
		}
	}
	createTerrAccountT(t, db, domain.Account{Name: "b0", Potential: 20 * 100, TerritoryID: b.ID, Assignment: domain.AssignedRule})
	p1 := createPersonT(t, db, domain.Person{Name: "P1", Active: true})
	if err := db.SetTerritoryOwner(ctx, &domain.TerritoryOwner{TerritoryID: a.ID, PersonID: p1.ID, Role: domain.OwnerPrimary, From: domain.Day(2026, 1, 1)}); err != nil {
		t.Fatal(err)
	}
	// Deals of an account in A: open 7.00 and 3.00 count as pipeline, the
	// lost one nothing; won 11.00 in May counts for this year, won in 2025 not.
	for _, d := range []struct {
		stage  string
		amount domain.Money
		close  time.Time
	}{{"Proposal", 7_00, domain.Day(2026, 9, 1)}, {"Prospecting", 3_00, domain.Day(2026, 10, 1)}, {"Closed Lost", 50_00, domain.Day(2026, 2, 1)},
		{"Closed Won", 11_00, domain.Day(2026, 5, 2)}, {"Closed Won", 13_00, domain.Day(2025, 12, 31)}} {
		createDealT(t, db, domain.Deal{Name: d.stage, AccountID: locked.ID, OwnerID: p1.ID, StageID: stageID(t, db, d.stage), Amount: d.amount, HasAmount: true, CloseDate: d.close})
	}
	bal, err := db.TerritoryBalances(ctx, domain.Day(2026, 6, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range bal {
		if x.Territory.Name == "A" || x.Territory.Name == "Top" {
			if x.OpenPipeline != 10_00 || x.ClosedWon != 11_00 {
				t.Errorf("%s: open pipeline %d, closed-won %d; want 1000 and 1100", x.Territory.Name, x.OpenPipeline, x.ClosedWon)
			}
		}
	}
	got := map[string]TerritoryBalance{}
	for _, x := range bal {
		got[x.Territory.Name] = x
	}
	if x := got["A"]; x.Accounts != 4 || x.Potential != 100_00 || x.People != 1 {
		t.Errorf("A: %+v", x)
	}
	if x := got["Top"]; x.Accounts != 5 || x.Potential != 120_00 || x.People != 1 {
		t.Errorf("Top rolls up its territories: %+v", x)
	}
	if pp, ok := got["A"].PotentialPerPerson(); !ok || pp != 100_00 {
		t.Errorf("potential per person %v %v", pp, ok)
	}
	// A 100, B 20 → mean 60, ±10 % = 54–66: moving 40 would do it in one,
	// but that account is locked; 30 + 10 (A 60, B 60) takes two.
	prop, err := db.ProposeBalance(ctx, top.ID, domain.MetricPotential, 0.10)
	if err != nil {
		t.Fatal(err)
	}
	if !prop.Within || len(prop.Moves) != 2 {
		t.Fatalf("proposal %+v", prop)
	}
	for _, m := range prop.Moves {
		if m.AccountID == locked.ID {
			t.Errorf("the locked account was proposed")
		}
	}
	applied, _, err := db.ApplyBalance(ctx, prop.Moves, domain.Day(2026, 6, 1))
	if err != nil || applied != 2 {
		t.Fatalf("applied %d, %v", applied, err)
	}
	bal, _ = db.TerritoryBalances(ctx, domain.Day(2026, 6, 1))
	for _, x := range bal {
		if (x.Territory.Name == "A" || x.Territory.Name == "B") && x.Potential != 60_00 {
			t.Errorf("%s ends at %d, want 6000", x.Territory.Name, x.Potential)
		}
	}
}

func TestSegmentRulesSetEveryAccountsSegment(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	for _, e := range []int{5000, 1000, 999, 100, 99} {
		createTerrAccountT(t, db, domain.Account{Name: "x", Employees: e})
	}
	n, err := db.SetSegmentRules(ctx, domain.DefaultSegmentRules())
	if err != nil || n != 5 {
		t.Fatalf("changed %d, %v", n, err)
	}
	accounts, _ := db.Accounts(ctx)
	want := map[int]string{5000: "Enterprise", 1000: "Enterprise", 999: "Mid-market", 100: "Mid-market", 99: "SMB"}
	for _, a := range accounts {
		if a.Segment != want[a.Employees] {
			t.Errorf("%d employees: %q, want %q", a.Employees, a.Segment, want[a.Employees])
		}
	}
	segs, err := db.Segments(ctx)
	if err != nil || !reflect.DeepEqual(segs, []string{"Enterprise", "Mid-market", "SMB"}) {
		t.Errorf("segments %v, %v", segs, err)
	}
	if in, err := db.AccountsInSegment(ctx, "Enterprise"); err != nil || len(in) != 2 {
		t.Errorf("accounts in Enterprise: %v, %v", in, err)
	}
	rules, _ := db.SegmentRules(ctx)
	if len(rules) != 3 || rules[2].Range != "..99" {
		t.Errorf("rules %+v", rules)
	}
}

func terrMonth(m int) time.Month { return time.Month(m) }

func terrContains(s, sub string) bool { return strings.Contains(s, sub) }

func TestTheDemoCompanyIsWhereItsRulesPutIt(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 3, Deals: 2000, AsOf: domain.Day(2026, 11, 22)}); err != nil {
		t.Fatal(err)
	}
	p, err := db.ProposeAssignments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Evaluated == 0 || len(p.Moves) != 0 {
		t.Errorf("%d accounts evaluated, %d would move (first: %+v)", p.Evaluated, len(p.Moves), p.Moves[:min(1, len(p.Moves))])
	}
}

func TestARulesRunOverManyAccountsMovesEveryOne(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	italy := createTerritoryT(t, db, domain.Territory{Name: "Italy"}, terrRule("country", "=", "IT"))
	const n = 1234 // two full batches of moves and a partial one
	err := db.Update(ctx, func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			if _, err := tx.ExecContext(ctx, "INSERT INTO accounts(name, country) VALUES (?, 'IT')", fmt.Sprint("A", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.RunRules(ctx, domain.Day(2026, 1, 1))
	if err != nil || len(p.Moves) != n {
		t.Fatalf("%d moves, %v", len(p.Moves), err)
	}
	var in, spans int
	db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM accounts WHERE territory_id = ? AND assignment = 'rule'", italy.ID).Scan(&in)
	db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM account_territory_history").Scan(&spans)
	// A first territory needs no history: the accounts were never elsewhere.
	if in != n || spans != 0 {
		t.Errorf("%d accounts in Italy by rule, %d history spans; want %d and none", in, spans, n)
	}
	if err := db.SetTerritoryRules(ctx, italy.ID, []domain.TerritoryRule{terrRule("country", "=", "FR")}); err != nil {
		t.Fatal(err)
	}
	if p, err = db.RunRules(ctx, domain.Day(2026, 7, 1)); err != nil || len(p.Moves) != n {
		t.Fatalf("%d moves, %v", len(p.Moves), err)
	}
	db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM account_territory_history").Scan(&spans)
	if spans != 2*n {
		t.Errorf("%d history spans after leaving Italy, want %d (Italy until July, none since)", spans, 2*n)
	}
}
