package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"salesops/domain"
)

// withMigrationsUpTo makes the next Opens see the migrations up to version v
// only, as an older release of Salesops would; the returned func restores
// all of them.
func withMigrationsUpTo(t *testing.T, v int) func() {
	t.Helper()
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var old []migration
	for _, m := range all {
		if m.version <= v {
			old = append(old, m)
		}
	}
	migrationSource = func() ([]migration, error) { return old, nil }
	restore := func() { migrationSource = migrations }
	t.Cleanup(restore)
	return restore
}

// tableObjects maps the name of each index and trigger of a table that has
// SQL of its own to that SQL.
func tableObjects(t *testing.T, db *DB, table string) map[string]string {
	t.Helper()
	return schemaSQL(t, db, "SELECT name, sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL", table)
}

// schemaSQL maps the names a query of sqlite_schema returns to their SQL.
func schemaSQL(t *testing.T, db *DB, query string, args ...any) map[string]string {
	t.Helper()
	rows, err := db.SQL().Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, q string
		if err := rows.Scan(&n, &q); err != nil {
			t.Fatal(err)
		}
		out[n] = q
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// dumpRows renders every row a query returns, one line each.
func dumpRows(t *testing.T, q *sql.DB, query string) string {
	t.Helper()
	rows, err := q.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%v\n", vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMigrationGivesTheDealsExternalIDANamedIndex(t *testing.T) {
	ctx := context.Background()
	restore := withMigrationsUpTo(t, 9)
	var before map[string]string
	var deals, splits, history string
	path := makeWorkspace(t, func(db *DB) {
		if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 3, Deals: 400, AsOf: demoAsOf}); err != nil {
			t.Fatal(err)
		}
		createDealT(t, db, domain.Deal{Name: "Without an ID", StageID: 1, Status: domain.StatusOpen})
		createDealT(t, db, domain.Deal{Name: "Without an ID either", StageID: 1, Status: domain.StatusOpen})
		if n := count(t, db, "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_autoindex_deals_1'"); n != 1 {
			t.Fatalf("the workspace of version 9 has no automatic index on deals")
		}
		before = tableObjects(t, db, "deals")
		deals = dumpRows(t, db.SQL(), "SELECT * FROM deals ORDER BY id")
		splits = dumpRows(t, db.SQL(), "SELECT * FROM deal_splits ORDER BY deal_id, person_id, kind")
		history = dumpRows(t, db.SQL(), "SELECT * FROM deal_history ORDER BY id")
	})
	restore()
	db := mustOpenAt(t, path)

	if got := pragma(t, db, "user_version"); got != 10 {
		t.Fatalf("user_version = %d, want 10", got)
	}
	t.Run("the rows are unchanged", func(t *testing.T) {
		if got := dumpRows(t, db.SQL(), "SELECT * FROM deals ORDER BY id"); got != deals {
			t.Error("the deals changed")
		}
		if got := dumpRows(t, db.SQL(), "SELECT * FROM deal_splits ORDER BY deal_id, person_id, kind"); got != splits || splits == "" {
			t.Errorf("the deals' splits changed (%d bytes before)", len(splits))
		}
		if got := dumpRows(t, db.SQL(), "SELECT * FROM deal_history ORDER BY id"); got != history || history == "" {
			t.Errorf("the deals' history changed (%d bytes before)", len(history))
		}
		if err := db.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
	})
	t.Run("a named unique index replaces the automatic one", func(t *testing.T) {
		after := tableObjects(t, db, "deals")
		if !strings.Contains(after["deals_external_id"], "CREATE UNIQUE INDEX") {
			t.Errorf("deals_external_id = %q, want a unique index", after["deals_external_id"])
		}
		if n := count(t, db, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'sqlite_autoindex_deals%'"); n != 0 {
			t.Errorf("%d automatic indexes left on deals", n)
		}
		for name, q := range before {
			if after[name] != q {
				t.Errorf("%s = %q after the migration, was %q", name, after[name], q)
			}
		}
		if len(after) != len(before)+1 {
			t.Errorf("%d indexes and triggers on deals, want the %d there were and deals_external_id", len(after), len(before))
		}
		ext := count(t, db, "SELECT count(*) FROM deals WHERE external_id IS NOT NULL")
		if n := count(t, db, "SELECT count(*) FROM deals INDEXED BY deals_external_id WHERE external_id > ''"); n != ext || n == 0 {
			t.Errorf("the index holds %d external IDs, the deals %d", n, ext)
		}
	})
	t.Run("a second deal with an ID already taken is refused", func(t *testing.T) {
		var ext string
		if err := db.SQL().QueryRow("SELECT external_id FROM deals WHERE external_id IS NOT NULL LIMIT 1").Scan(&ext); err != nil {
			t.Fatal(err)
		}
		err := db.CreateDeal(ctx, &domain.Deal{ExternalID: ext, Name: "Copy", StageID: 1, Status: domain.StatusOpen})
		if err == nil {
			t.Fatalf("a second deal with ID %s was created", ext)
		}
	})
	t.Run("the foreign keys are enforced again and still cascade", func(t *testing.T) {
		if n := pragma(t, db, "foreign_keys"); n != 1 {
			t.Errorf("PRAGMA foreign_keys = %d on a connection after the migration", n)
		}
		var deal int64
		if err := db.SQL().QueryRow("SELECT deal_id FROM deal_splits LIMIT 1").Scan(&deal); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteDeal(ctx, deal); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "SELECT count(*) FROM deal_splits WHERE deal_id = ?", deal); n != 0 {
			t.Errorf("deleting deal %d left %d splits", deal, n)
		}
		if _, err := db.SQL().Exec("INSERT INTO deal_splits(deal_id, person_id, kind, share) VALUES (999999, 1, 'revenue', 1)"); err == nil {
			t.Error("a split of a deal that does not exist was written")
		}
	})
	t.Run("the deals sort by ID from the new index and search finds them", func(t *testing.T) {
		defer func(n int) { fewDealsBound = n }(fewDealsBound)
		fewDealsBound = 0
		page, err := db.DealPage(ctx, DealFilter{}, DealSort{Column: "id"}, 0, 3)
		if err != nil {
			t.Fatal(err)
		}
		var first string
		if err := db.SQL().QueryRow("SELECT external_id FROM deals WHERE external_id IS NOT NULL ORDER BY external_id LIMIT 1").Scan(&first); err != nil {
			t.Fatal(err)
		}
		if len(page) != 3 {
			t.Fatalf("%d deals on the page, want 3", len(page))
		}
		if page[0].ExternalID != "" && page[0].ExternalID != first {
			t.Errorf("first deal by ID = %q, want %q or one without an ID", page[0].ExternalID, first)
		}
		found, err := db.DealPage(ctx, DealFilter{Text: "without an id"}, DealSort{Column: "name"}, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) != 2 {
			t.Errorf("search for 'without an id' found %d deals, want 2", len(found))
		}
		if db.search {
			if _, err := db.SQL().Exec("INSERT INTO deal_search(deal_search, rank) VALUES ('integrity-check', 1)"); err != nil {
				t.Errorf("the search index does not match the deals: %v", err)
			}
		}
	})
}

// A rebuild that loses a row other rows refer to fails, and the workspace
// stays as it was.
func TestMigrationRebuildingATableChecksTheForeignKeys(t *testing.T) {
	path := makeWorkspace(t, func(db *DB) {
		if _, err := GenerateDemo(context.Background(), db, DemoOptions{Seed: 5, Deals: 50, AsOf: demoAsOf}); err != nil {
			t.Fatal(err)
		}
	})
	old := SchemaVersion()
	withExtraMigration(t, `-- rebuilds: deal_history
CREATE TABLE deal_history_new (id INTEGER PRIMARY KEY, deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    field TEXT NOT NULL, old_value TEXT NOT NULL, new_value TEXT NOT NULL, changed_at TEXT NOT NULL) STRICT;
INSERT INTO deal_history_new SELECT id, deal_id + 1000000, field, old_value, new_value, changed_at FROM deal_history;
DROP TABLE deal_history;
ALTER TABLE deal_history_new RENAME TO deal_history;`)
	_, err := Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "deal_history row") {
		t.Fatalf("Open = %v, want the migration refused for deal_history rows that refer to no deal", err)
	}
	withMigrationsUpTo(t, old)
	db := mustOpenAt(t, path)
	if got := pragma(t, db, "user_version"); got != old {
		t.Errorf("user_version = %d, want %d", got, old)
	}
	if n := count(t, db, "SELECT count(*) FROM deal_history h JOIN deals d ON d.id = h.deal_id"); n == 0 {
		t.Error("the deals' history is gone")
	}
	if n := count(t, db, "SELECT count(*) FROM sqlite_schema WHERE name = 'deal_history_new'"); n != 0 {
		t.Error("the half-made table is there")
	}
}

func TestMigrationRebuildsLine(t *testing.T) {
	for _, tc := range []struct {
		sql  string
		want []string
	}{
		{"CREATE TABLE x(a);", nil},
		{"-- rebuilds: deals\nCREATE TABLE deals_new(a);", []string{"deals"}},
		{"-- A comment.\n  -- rebuilds: a, b ,\n", []string{"a", "b"}},
		{"-- it rebuilds: nothing", nil},
	} {
		if got := migrationRebuilds(tc.sql); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("migrationRebuilds(%q) = %v, want %v", tc.sql, got, tc.want)
		}
	}
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if want := m.version == 10; (len(m.rebuilds) > 0) != want {
			t.Errorf("%s rebuilds %v", m.name, m.rebuilds)
		}
	}
}
