package persistence

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"salesops/domain"
)

// openSearch opens the workspace at path with the trigram index (when the
// build has FTS5) or with the LIKE path alone.
func openSearch(t *testing.T, path string, index bool) *DB {
	t.Helper()
	dealSearchOff = !index
	defer func() { dealSearchOff = false }()
	return mustOpenAt(t, path)
}

func fts5Compiled(t *testing.T, db *DB) bool {
	t.Helper()
	var on bool
	if err := db.SQL().QueryRow("SELECT sqlite_compileoption_used('ENABLE_FTS5')").Scan(&on); err != nil {
		t.Fatal(err)
	}
	return on
}

// searchIDs is the sorted external IDs the free text finds, through the
// count and through the pages.
func searchIDs(t *testing.T, db *DB, text string) []string {
	t.Helper()
	ctx := context.Background()
	f := DealFilter{Text: text}
	n, err := db.CountDeals(ctx, f)
	if err != nil {
		t.Fatalf("count %q: %v", text, err)
	}
	rows, err := db.DealPage(ctx, f, DealSort{Column: "id"}, 0, 10_000)
	if err != nil {
		t.Fatalf("page %q: %v", text, err)
	}
	out := []string{}
	for _, r := range rows {
		out = append(out, r.ExternalID)
	}
	if n != len(out) {
		t.Errorf("%q: counted %d deals, the pages hold %d", text, n, len(out))
	}
	sort.Strings(out)
	return out
}

func TestFreeTextSearchFindsTheSameDealsWithAndWithoutTheIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "w.db")
	db := openSearch(t, path, true)
	if db.search != fts5Compiled(t, db) {
		t.Fatalf("the index is used: %v; this build has FTS5: %v", db.search, fts5Compiled(t, db))
	}
	won := stageID(t, db, "Prospecting")
	fjord := domain.Account{Name: "Fjord Logistics AS"}
	helix := domain.Account{Name: "Helix Pharma S.r.l."}
	for _, a := range []*domain.Account{&fjord, &helix} {
		if err := db.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	deals := map[string]domain.Deal{}
	for _, d := range []domain.Deal{
		{ExternalID: "D-100", Name: "Core licence renewal", AccountID: fjord.ID},
		{ExternalID: "D-101", Name: "Analytics add-on", AccountID: helix.ID},
		{ExternalID: "X-7_1", Name: "50% discount pilot"},
		{ExternalID: "D-102", Name: "Société Générale – CORE"},
		{ExternalID: "", Name: "No ID, cloud hosting"},
	} {
		d.StageID = won
		deals[d.Name] = createDealT(t, db, d)
	}
	cases := []struct {
		text string
		want []string
	}{
		{"core", []string{"D-100", "D-102"}},                    // name, any case
		{"D-10", []string{"D-100", "D-101", "D-102"}},           // external ID
		{"fjord", []string{"D-100"}},                            // account name
		{"pharma s.r", []string{"D-101"}},                       // account name with a space
		{"50%", []string{"X-7_1"}},                              // a wildcard character is literal
		{"7_1", []string{"X-7_1"}},                              //
		{"%", []string{"X-7_1"}},                                // short text (LIKE path)
		{"Gé", []string{"D-102"}},                               //
		{"cloud", []string{""}},                                 // a deal without external ID
		{"nowhere", []string{}},                                 //
		{`"core"`, []string{}},                                  // quotes are text, not query syntax
		{"licence renewal", []string{"D-100"}},                  // several words are one substring
		{"renewal licence", []string{}},                         // in that order
		{"o", []string{"", "D-100", "D-101", "D-102", "X-7_1"}}, // one letter
	}
	check := func(t *testing.T, db *DB) {
		for _, c := range cases {
			if got := searchIDs(t, db, c.text); !reflect.DeepEqual(got, c.want) {
				t.Errorf("search %q = %v, want %v", c.text, got, c.want)
			}
		}
	}
	t.Run("with the index when the build has FTS5", func(t *testing.T) { check(t, db) })
	db.Close()
	t.Run("with LIKE alone", func(t *testing.T) {
		like := openSearch(t, path, false)
		if like.search {
			t.Fatal("the index is used although switched off")
		}
		check(t, like)
		// Writes made while the index is not kept in step...
		d := deals["Analytics add-on"]
		d.Name = "Analytics premium"
		if err := like.UpdateDeal(ctx, &d, time.Now()); err != nil {
			t.Fatal(err)
		}
		createDealT(t, like, domain.Deal{ExternalID: "D-103", Name: "Premium support", StageID: won})
		if _, err := like.DeleteDealForUndo(ctx, deals["Core licence renewal"].ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		like.Close()
	})
	t.Run("an index left behind is rebuilt on the next open", func(t *testing.T) {
		// ...are found once a build with FTS5 opens the workspace again.
		again := openSearch(t, path, true)
		for text, want := range map[string][]string{"premium": {"D-101", "D-103"}, "renewal": {}, "analytics add": {}} {
			if got := searchIDs(t, again, text); !reflect.DeepEqual(got, want) {
				t.Errorf("after reopening, search %q = %v, want %v", text, got, want)
			}
		}
	})
}

func TestTheDemoBuildsTheSearchIndexInOnePass(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 3, Deals: 600, AsOf: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	table, triggers, err := dealSearchState(ctx, db.SQL())
	if err != nil {
		t.Fatal(err)
	}
	if db.search && (!table || triggers != len(dealSearchTriggers)) {
		t.Fatalf("after the demo: index table %v, %d triggers", table, triggers)
	}
	// Every deal's ID finds exactly that deal, by index and by LIKE.
	var want int
	if err := db.SQL().QueryRow("SELECT count(*) FROM deals WHERE name LIKE '%Robotics%' OR account_id IN (SELECT id FROM accounts WHERE name LIKE '%Robotics%')").Scan(&want); err != nil {
		t.Fatal(err)
	}
	if got := len(searchIDs(t, db, "Robotics")); got != want || want == 0 {
		t.Errorf("search Robotics finds %d deals, want %d", got, want)
	}
	rows, err := db.SQL().Query("SELECT external_id FROM deals ORDER BY id LIMIT 20")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var ext sql.NullString
		rows.Scan(&ext)
		if got := searchIDs(t, db, ext.String); !reflect.DeepEqual(got, []string{ext.String}) {
			t.Errorf("search %s = %v", ext.String, got)
		}
	}
}
