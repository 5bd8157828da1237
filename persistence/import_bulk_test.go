package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"salesops/domain"
)

// An import into an empty deals table fills each deal's reporting territory
// and the search index once at the end instead of through their triggers:
// afterwards both are what the triggers would have made, and the triggers
// are back for the next write.
func TestBulkImportFillsTerritoriesAndTheSearchIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := mustOpenAt(t, filepath.Join(dir, "w.db"))
	if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 3, Deals: 1500, AsOf: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	// An account that moved: its deals before the move report elsewhere.
	var acct, from, to int64
	if err := db.db.QueryRowContext(ctx, `SELECT a.id, a.territory_id, (SELECT id FROM territories WHERE id != a.territory_id AND parent_id IS NOT NULL LIMIT 1)
		FROM accounts a JOIN deals d ON d.account_id = a.id WHERE a.territory_id IS NOT NULL GROUP BY a.id ORDER BY count(*) DESC LIMIT 1`).Scan(&acct, &from, &to); err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.ExecContext(ctx, `INSERT INTO account_territory_history(account_id, territory_id, source, valid_from, valid_to)
		VALUES (?, ?, 'manual', '2000-01-01', '2025-07-01'), (?, ?, 'rule', '2025-07-01', NULL)`, acct, to, acct, from); err != nil {
		t.Fatal(err)
	}
	// Each deal's territory by external ID, as the triggers keep it.
	read := func() map[string]int64 {
		out := map[string]int64{}
		err := eachRow(ctx, db.db, "SELECT external_id, coalesce(territory_id, 0) FROM deals", nil, func(r *sql.Rows) error {
			var ext string
			var terr int64
			if err := r.Scan(&ext, &terr); err != nil {
				return err
			}
			out[ext] = terr
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	// A deal without an account reports under no territory.
	if err := db.CreateDeal(ctx, &domain.Deal{ExternalID: "NO-ACCOUNT", Name: "Walk-in", StageID: 1, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	before := read()
	if before["NO-ACCOUNT"] != 0 {
		t.Fatalf("a deal without an account reports under territory %d", before["NO-ACCOUNT"])
	}
	file := filepath.Join(dir, "deals.csv")
	if _, err := db.ExportDeals(ctx, file, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	// An account with a territory and no history is renamed once the deals
	// are exported: the import creates the file's account anew, without a
	// territory, so its deals then report under none.
	var renamed int64
	if err := db.db.QueryRowContext(ctx, `SELECT a.id FROM accounts a JOIN deals d ON d.account_id = a.id
		WHERE a.territory_id IS NOT NULL AND a.id != ? GROUP BY a.id ORDER BY a.id LIMIT 1`, acct).Scan(&renamed); err != nil {
		t.Fatal(err)
	}
	renamedDeals := map[string]bool{}
	err := eachRow(ctx, db.db, "SELECT external_id FROM deals WHERE account_id = ?", []any{renamed}, func(r *sql.Rows) error {
		var ext string
		err := r.Scan(&ext)
		renamedDeals[ext] = true
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.db.ExecContext(ctx, "UPDATE accounts SET name = name || ' (closed)', external_id = NULL WHERE id = ?", renamed); err != nil {
		t.Fatal(err)
	}
	if len(renamedDeals) == 0 {
		t.Fatal("the renamed account has no deals")
	}
	search := func() int {
		n, err := db.CountDeals(ctx, DealFilter{Text: "Inc"})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	found := search()
	if found == 0 {
		t.Fatal("the demo has no deal matching 'Inc': the test needs one")
	}
	if _, err := db.db.ExecContext(ctx, "DELETE FROM deals"); err != nil {
		t.Fatal(err)
	}
	// Scratch folders a killed import left: an old one is cleared, a recent
	// one (another import may be using it) is left alone, and so is an old
	// folder of the user's that shares the name but holds something else.
	stale, recent, mine := db.Path+".search-1", db.Path+".search-2", db.Path+".search-mine"
	for _, d := range []string{stale, recent, mine} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{filepath.Join(stale, sideSearchFile), filepath.Join(mine, "notes.txt")} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{stale, mine} {
		if err := os.Chtimes(d, time.Now().Add(-2*time.Hour), time.Now().Add(-2*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	var sideCopied []bool
	sideSearchHook = func(copied bool) { sideCopied = append(sideCopied, copied) }
	defer func() { sideSearchHook = nil }()
	// A dry run builds no search index and leaves the workspace as it was.
	dealTriggers := func() int {
		return count(t, db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'deals'")
	}
	triggersBefore := dealTriggers()
	if res, err := db.Import(ctx, file, ImportOptions{Kind: "deals", DryRun: true}); err != nil || res.Inserted != len(before) {
		t.Fatalf("dry run: %v, %+v", err, res)
	}
	if n := count(t, db, "SELECT count(*) FROM deals"); len(sideCopied) != 0 || dealTriggers() != triggersBefore || n != 0 {
		t.Errorf("after a dry run: side index %v, %d triggers (was %d), %d deals", sideCopied, dealTriggers(), triggersBefore, n)
	}
	res, err := db.Import(ctx, file, ImportOptions{Kind: "deals"})
	if err != nil {
		t.Fatal(err)
	}
	if db.search && (len(sideCopied) != 1 || !sideCopied[0]) {
		t.Errorf("the search index built beside the import: %v, want it copied once", sideCopied)
	}
	checkSearchIndex(t, db)
	if left, _ := filepath.Glob(db.Path + ".search-*"); len(left) != 2 || left[0] != recent || left[1] != mine {
		t.Errorf("scratch folders after the import: %v, want %s and %s", left, recent, mine)
	}
	if res.Inserted != len(before) {
		t.Fatalf("inserted %d, want %d", res.Inserted, len(before))
	}
	after := read()
	moved := 0
	for ext, terr := range before {
		if renamedDeals[ext] {
			terr = 0
		}
		if after[ext] != terr {
			t.Errorf("deal %s reports under territory %d after the import, %d before", ext, after[ext], terr)
		}
		if terr == to {
			moved++
		}
	}
	if moved == 0 {
		t.Error("no deal reports under the account's old territory: the history was not exercised")
	}
	if got := search(); got != found {
		t.Errorf("search finds %d deals after the import, %d before", got, found)
	}
	// The index stays in step through its triggers afterwards.
	if db.search {
		d := &domain.Deal{ExternalID: "NEW-1", Name: "Zyxw Incorporated renewal", StageID: 1, Currency: "EUR"}
		if err := db.CreateDeal(ctx, d); err != nil {
			t.Fatal(err)
		}
		if n, err := db.CountDeals(ctx, DealFilter{Text: "zyxw inc"}); err != nil || n != 1 {
			t.Errorf("search finds %d deals (%v) for a deal created after the import, want 1", n, err)
		}
		checkSearchIndex(t, db)
	}
	var triggers int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'deals'").Scan(&triggers); err != nil {
		t.Fatal(err)
	}
	if want := 2 + len(dealSearchTriggers)*boolInt(db.search); triggers != want {
		t.Errorf("%d triggers on deals after the import, want %d", triggers, want)
	}
}

// checkSearchIndex runs FTS5's integrity check of the search index against
// the deals (rank 1: the index holds exactly the deals' names and IDs).
func checkSearchIndex(t *testing.T, db *DB) {
	t.Helper()
	if !db.search {
		return
	}
	if _, err := db.db.ExecContext(context.Background(), "INSERT INTO deal_search(deal_search, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("search index: %v", err)
	}
}

// A workspace whose search index an older build declared otherwise gets it
// rebuilt in place rather than copied from the index built beside the import.
func TestBulkImportRebuildsASearchIndexDeclaredOtherwise(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := mustOpenAt(t, filepath.Join(dir, "w.db"))
	if !db.search {
		t.Skip("this build has no FTS5")
	}
	if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 5, Deals: 300, AsOf: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "deals.csv")
	if _, err := db.ExportDeals(ctx, file, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := db.update(ctx, func(tx *sql.Tx) error {
		if err := dropDealSearchTriggers(ctx, tx); err != nil {
			return err
		}
		for _, q := range []string{
			"DROP TABLE deal_search",
			`CREATE VIRTUAL TABLE deal_search USING fts5(name, external_id, content='deals', content_rowid='id', tokenize='trigram')`,
			"INSERT INTO deal_search(deal_search) VALUES ('rebuild')",
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		for _, q := range dealSearchTriggers {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM deals")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var sideCopied []bool
	sideSearchHook = func(copied bool) { sideCopied = append(sideCopied, copied) }
	defer func() { sideSearchHook = nil }()
	res, err := db.Import(ctx, file, ImportOptions{Kind: "deals"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sideCopied) != 1 || sideCopied[0] {
		t.Errorf("the index built beside the import: %v, want it not copied", sideCopied)
	}
	checkSearchIndex(t, db)
	n, err := db.CountDeals(ctx, DealFilter{})
	if err != nil || n != res.Inserted || n != 300 {
		t.Fatalf("%d deals (%v), inserted %d, want 300", n, err, res.Inserted)
	}
	var name string
	if err := db.db.QueryRowContext(ctx, "SELECT name FROM deals ORDER BY id DESC LIMIT 1").Scan(&name); err != nil {
		t.Fatal(err)
	}
	if found, err := db.CountDeals(ctx, DealFilter{Text: name}); err != nil || found == 0 {
		t.Errorf("search for %q finds %d deals (%v)", name, found, err)
	}
}

// A batch of new deals that SQLite refuses, written while the import reads
// on, fails the import with SQLite's reason and the rows of the batch, and
// leaves no deal behind: in the middle of the file, and in the last batch
// (written when the rows are all read).
func TestBulkImportStopsAtABatchSQLiteRefuses(t *testing.T) {
	for _, tc := range []struct {
		line int
		rows string
	}{{71, "66–97"}, {491, "482–501"}} {
		t.Run(fmt.Sprint("row ", tc.line), func(t *testing.T) {
			ctx := context.Background()
			db := MustOpenDB(t)
			if _, err := db.db.ExecContext(ctx, `CREATE TRIGGER refuse_boom BEFORE INSERT ON deals WHEN NEW.name = 'boom'
				BEGIN SELECT RAISE(ABORT, 'boom refused'); END`); err != nil {
				t.Fatal(err)
			}
			var file strings.Builder
			file.WriteString("Deal ID,Name,Stage,Amount\n")
			for i := 1; i <= 500; i++ {
				name := fmt.Sprintf("Deal %d", i)
				if i+1 == tc.line {
					name = "boom"
				}
				fmt.Fprintf(&file, "D%d,%s,Proposal,%d\n", i, name, 100+i)
			}
			_, err := db.Import(ctx, writeFile(t, "deals.csv", []byte(file.String())), ImportOptions{Kind: "deals"})
			if want := "import deals.csv rows " + tc.rows + ": "; err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "boom refused") {
				t.Fatalf("import: %v, want %q and SQLite's refusal", err, want)
			}
			if n := count(t, db, "SELECT count(*) FROM deals"); n != 0 {
				t.Errorf("%d deals after the failed import, want 0", n)
			}
			if n := count(t, db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'deals'"); n < 10 {
				t.Errorf("%d indexes on deals after the failed import", n)
			}
			if err := db.IntegrityCheck(ctx); err != nil {
				t.Error(err)
			}
		})
	}
}
