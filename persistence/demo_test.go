package persistence

import (
	"context"
	"path/filepath"
	"testing"

	"salesops/domain"
)

// demoAsOf is "today" for the demo tests: the history starts 2023-06-01.
var demoAsOf = domain.Day(2026, 6, 15)

const demoDeals = 3000

func mustDemo(tb testing.TB, seed uint64) (*DB, DemoSummary) {
	tb.Helper()
	db := MustOpenDB(tb)
	sum, err := GenerateDemo(context.Background(), db, DemoOptions{Seed: seed, Deals: demoDeals, AsOf: demoAsOf})
	if err != nil {
		tb.Fatalf("GenerateDemo(seed %d): %v", seed, err)
	}
	return db, sum
}

// demoFingerprint sums what a demo company is made of.
type demoFingerprint struct {
	DealsWS, Deals      int64
	PeopleNames         string
	Quota, Splits       int64
	Accounts, History   int64
	FirstDeal, LastDeal string
}

func fingerprint(tb testing.TB, db *DB) demoFingerprint {
	tb.Helper()
	var f demoFingerprint
	q := db.SQL()
	scan := func(query string, dest ...any) {
		tb.Helper()
		if err := q.QueryRow(query).Scan(dest...); err != nil {
			tb.Fatalf("%s: %v", query, err)
		}
	}
	scan("SELECT coalesce(sum(amount_ws), 0), count(*) FROM deals", &f.DealsWS, &f.Deals)
	scan("SELECT group_concat(name || '/' || role || '/' || coalesce(hire_date, ''), ';') FROM (SELECT * FROM people ORDER BY id)", &f.PeopleNames)
	scan("SELECT coalesce(sum(amount), 0) FROM quotas", &f.Quota)
	scan("SELECT coalesce(sum(share * person_id), 0) FROM deal_splits", &f.Splits)
	scan("SELECT count(*) FROM accounts", &f.Accounts)
	scan("SELECT count(*) FROM deal_history", &f.History)
	scan("SELECT name || close_date FROM deals ORDER BY id LIMIT 1", &f.FirstDeal)
	scan("SELECT name || coalesce(close_date, '') FROM deals ORDER BY id DESC LIMIT 1", &f.LastDeal)
	return f
}

func TestGenerateDemoIsDeterministic(t *testing.T) {
	db1, sum1 := mustDemo(t, 42)
	db2, sum2 := mustDemo(t, 42)
	db3, sum3 := mustDemo(t, 43)

	t.Run("the same seed and day give the same summary", func(t *testing.T) {
		if sum1 != sum2 {
			t.Errorf("summaries differ:\n%+v\n%+v", sum1, sum2)
		}
	})
	t.Run("the same seed and day give the same deals, people, quotas and splits", func(t *testing.T) {
		if f1, f2 := fingerprint(t, db1), fingerprint(t, db2); f1 != f2 {
			t.Errorf("workspaces differ:\n%+v\n%+v", f1, f2)
		}
	})
	t.Run("another seed gives another company", func(t *testing.T) {
		f1, f3 := fingerprint(t, db1), fingerprint(t, db3)
		if f1.DealsWS == f3.DealsWS || sum1.ClosedWon == sum3.ClosedWon {
			t.Errorf("seeds 42 and 43 give the same totals: %d / %d", f1.DealsWS, sum1.ClosedWon)
		}
		if f1.Deals != f3.Deals || f1.Deals != demoDeals {
			t.Errorf("deal counts %d and %d, want %d for both", f1.Deals, f3.Deals, demoDeals)
		}
	})
}

func TestGenerateDemoIsBelievable(t *testing.T) {
	ctx := context.Background()
	db, sum := mustDemo(t, 7)
	historyStart := "2023-06-01" // three years before 2026-06-15, from the first of the month
	asOf := demoAsOf.Format(dateLayout)

	checks := []struct {
		name  string
		query string
		args  []any
		ok    func(n int) bool
		want  string
	}{
		{"there are at least 12 account executives", "SELECT count(*) FROM people WHERE role = 'ae'", nil, func(n int) bool { return n >= 12 }, "≥ 12"},
		{"there are three teams", "SELECT count(*) FROM teams", nil, func(n int) bool { return n == 3 }, "3"},
		{"every account executive is in a team and has a manager", "SELECT count(*) FROM people WHERE role = 'ae' AND (team_id IS NULL OR manager_id IS NULL)", nil,
			func(n int) bool { return n == 0 }, "0"},
		{"at least four leaf territories have assignment rules",
			`SELECT count(*) FROM territories t WHERE NOT EXISTS (SELECT 1 FROM territories c WHERE c.parent_id = t.id)
			   AND EXISTS (SELECT 1 FROM territory_rules r WHERE r.territory_id = t.id)`, nil, func(n int) bool { return n >= 4 }, "≥ 4"},
		{"some account executives were hired during the history", "SELECT count(*) FROM people WHERE role = 'ae' AND hire_date > ?", []any{historyStart},
			func(n int) bool { return n >= 1 }, "≥ 1"},
		{"anyone who has left is inactive", "SELECT count(*) FROM people WHERE end_date IS NOT NULL AND end_date <= ? AND active = 1", []any{asOf},
			func(n int) bool { return n == 0 }, "0"},
		{"quotas are present", "SELECT count(*) FROM quotas", nil, func(n int) bool { return n > 0 }, "> 0"},
		{"nobody has a quota before being hired", "SELECT count(*) FROM quotas q JOIN people p ON p.id = q.person_id WHERE q.month < substr(p.hire_date, 1, 7)", nil,
			func(n int) bool { return n == 0 }, "0"},
		{"revenue splits are present", "SELECT count(*) FROM deal_splits WHERE kind = 'revenue'", nil, func(n int) bool { return n > 0 }, "> 0"},
		{"overlay splits are present", "SELECT count(*) FROM deal_splits WHERE kind = 'overlay'", nil, func(n int) bool { return n > 0 }, "> 0"},
		{"every deal's revenue splits total 100 %", "SELECT count(*) FROM (SELECT deal_id FROM deal_splits WHERE kind = 'revenue' GROUP BY deal_id HAVING sum(share) <> 1000000)", nil,
			func(n int) bool { return n == 0 }, "0"},
		{"no deal closing after today is won or lost", "SELECT count(*) FROM deals WHERE status <> 'open' AND close_date > ?", []any{asOf},
			func(n int) bool { return n == 0 }, "0"},
		{"every won deal has an amount and a close date", "SELECT count(*) FROM deals WHERE status = 'won' AND (amount IS NULL OR close_date IS NULL)", nil,
			func(n int) bool { return n == 0 }, "0"},
		{"USD deals are present and converted", "SELECT count(*) FROM deals WHERE currency = 'USD' AND amount_ws < amount", nil, func(n int) bool { return n > 0 }, "> 0"},
		{"stage history is present", "SELECT count(*) FROM deal_history", nil, func(n int) bool { return n > 0 }, "> 0"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if n := count(t, db, c.query, c.args...); !c.ok(n) {
				t.Errorf("count = %d, want %s", n, c.want)
			}
		})
	}

	t.Run("the win rate lies between 20 % and 40 %", func(t *testing.T) {
		won := count(t, db, "SELECT count(*) FROM deals WHERE status = 'won'")
		lost := count(t, db, "SELECT count(*) FROM deals WHERE status = 'lost'")
		rate := float64(won) / float64(won+lost)
		if rate < 0.20 || rate > 0.40 {
			t.Errorf("win rate = %d / (%d + %d) = %.3f", won, won, lost, rate)
		}
	})
	t.Run("the summary matches the workspace", func(t *testing.T) {
		var closedWon, quota int64
		if err := db.SQL().QueryRow("SELECT coalesce(sum(amount_ws), 0) FROM deals WHERE status = 'won'").Scan(&closedWon); err != nil {
			t.Fatal(err)
		}
		if err := db.SQL().QueryRow("SELECT coalesce(sum(amount), 0) FROM quotas").Scan(&quota); err != nil {
			t.Fatal(err)
		}
		got := DemoSummary{
			People: count(t, db, "SELECT count(*) FROM people"), Accounts: count(t, db, "SELECT count(*) FROM accounts"),
			Territories: count(t, db, "SELECT count(*) FROM territories"), Deals: count(t, db, "SELECT count(*) FROM deals"),
			Won: count(t, db, "SELECT count(*) FROM deals WHERE status = 'won'"), Lost: count(t, db, "SELECT count(*) FROM deals WHERE status = 'lost'"),
			Open: count(t, db, "SELECT count(*) FROM deals WHERE status = 'open'"), ClosedWon: domain.Money(closedWon), Quota: domain.Money(quota),
		}
		if got != sum {
			t.Errorf("workspace\n%+v\nsummary\n%+v", got, sum)
		}
		if sum.Deals != demoDeals {
			t.Errorf("Deals = %d, want %d", sum.Deals, demoDeals)
		}
	})
	t.Run("the settings mark a demo company with exchange rates", func(t *testing.T) {
		s, err := db.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !s.Demo || s.Currency != "EUR" || s.Rates["USD"] != domain.RateFromFloat(0.92) || s.Rates["NOK"] != domain.RateFromFloat(0.086) {
			t.Errorf("settings = %+v", s)
		}
	})
	t.Run("the deal indexes are rebuilt after the bulk load", func(t *testing.T) {
		// Every index the migrations make, exactly as they make it.
		fresh := mustOpenAt(t, filepath.Join(t.TempDir(), "fresh.db"))
		defer fresh.Close()
		indexes := func(db *DB) map[string]string {
			return schemaSQL(t, db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")
		}
		want, got := indexes(fresh), indexes(db)
		if len(want) < 10 {
			t.Fatalf("a fresh workspace has only %d indexes", len(want))
		}
		for n, q := range want {
			if got[n] != q {
				t.Errorf("index %s after the demo: %q, want %q", n, got[n], q)
			}
		}
		for n := range got {
			if _, ok := want[n]; !ok {
				t.Errorf("index %s is not one the migrations make", n)
			}
		}
	})
	t.Run("the generated workspace passes the integrity check", func(t *testing.T) {
		if err := db.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
	})
	t.Run("a workspace that holds data is refused", func(t *testing.T) {
		before := count(t, db, "SELECT count(*) FROM deals")
		_, err := GenerateDemo(ctx, db, DemoOptions{Seed: 1, Deals: 10, AsOf: demoAsOf})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("GenerateDemo on a full workspace = %v, want %s", err, domain.ECONFLICT)
		}
		if after := count(t, db, "SELECT count(*) FROM deals"); after != before {
			t.Errorf("deals went from %d to %d", before, after)
		}
	})
}

func TestGenerateDemoRefusesAWorkspaceWithOnlyPeople(t *testing.T) {
	db := MustOpenDB(t)
	createPersonT(t, db, domain.Person{Name: "Existing Person"})
	if _, err := GenerateDemo(context.Background(), db, DemoOptions{Seed: 1, Deals: 10, AsOf: demoAsOf}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("GenerateDemo = %v, want %s", err, domain.ECONFLICT)
	}
}

func TestGenerateDemoReportsProgress(t *testing.T) {
	db := MustOpenDB(t)
	var last, total int
	calls := 0
	_, err := GenerateDemo(context.Background(), db, DemoOptions{Seed: 3, Deals: 500, AsOf: demoAsOf, Progress: func(done, n int) {
		calls++
		last, total = done, n
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 2 || last != 500 || total != 500 {
		t.Errorf("progress: %d calls, last %d of %d; want at least a start and an end at 500 of 500", calls, last, total)
	}
}
