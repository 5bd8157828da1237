package persistence

import (
	"context"
	"strings"
	"testing"
	"time"

	"salesops/domain"
)

// checkDealTerritories fails unless every deal's territory_id is what the
// definition gives from scratch (fillDealTerritories): the triggers of
// migration 0008 kept it right through whatever the test did.
func checkDealTerritories(tb testing.TB, db *DB) {
	tb.Helper()
	var wrong int
	err := db.SQL().QueryRow(`SELECT count(*) FROM deals WHERE territory_id IS NOT nullif(` +
		territoryOnSQL("deals.account_id", "deals.close_date") + `, 0)`).Scan(&wrong)
	if err != nil || wrong != 0 {
		tb.Errorf("%d deals with a territory other than their account's on their close date (%v)", wrong, err)
	}
}

// dealTerritoryT is the territory deal id reports under (0 = none).
func dealTerritoryT(tb testing.TB, db *DB, id int64) int64 {
	tb.Helper()
	var t int64
	if err := db.SQL().QueryRow("SELECT coalesce(territory_id, 0) FROM deals WHERE id = ?", id).Scan(&t); err != nil {
		tb.Fatal(err)
	}
	return t
}

// Acme (in North, under Europe) moves to South from 1 April 2026 — the first
// day of Q2. Its deal won on 20 March reports under North, those of April
// and May under South, in every territory scope: dashboard KPIs, the deals
// table (filter, Territory column, sort), the leaderboard and the pipeline
// forecast.
func TestTerritoryScopesFollowTheHistoryAcrossAPeriodBoundary(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	europe := createTerritoryT(t, db, domain.Territory{Name: "Europe"})
	north := createTerritoryT(t, db, domain.Territory{Name: "North", ParentID: europe.ID})
	south := createTerritoryT(t, db, domain.Territory{Name: "South"})
	acme := createTerrAccountT(t, db, domain.Account{Name: "Acme", TerritoryID: north.ID, Assignment: domain.AssignedRule})
	ann := createPersonT(t, db, domain.Person{Name: "Ann", Active: true})
	won, commit := stageID(t, db, "Closed Won"), stageID(t, db, "Proposal")
	march := createDealT(t, db, domain.Deal{Name: "March win", AccountID: acme.ID, OwnerID: ann.ID, StageID: won, Amount: eur(100), HasAmount: true,
		CloseDate: domain.Day(2026, 3, 20)})
	april := createDealT(t, db, domain.Deal{Name: "April win", AccountID: acme.ID, OwnerID: ann.ID, StageID: won, Amount: eur(30), HasAmount: true,
		CloseDate: domain.Day(2026, 4, 10)})
	may := createDealT(t, db, domain.Deal{Name: "May open", AccountID: acme.ID, OwnerID: ann.ID, StageID: commit, Amount: eur(50), HasAmount: true,
		CloseDate: domain.Day(2026, 5, 15), Category: domain.CategoryCommit, Probability: domain.RatePercent(60)})
	createDealT(t, db, domain.Deal{Name: "Loose", StageID: stageID(t, db, "Closed Lost"), CloseDate: domain.Day(2026, 3, 1)}) // no account: no territory
	for _, d := range []domain.Deal{march, april, may} {
		if got := dealTerritoryT(t, db, d.ID); got != north.ID {
			t.Fatalf("%s reports under %d before the move, want North %d", d.Name, got, north.ID)
		}
	}
	if err := db.AssignAccount(ctx, acme.ID, south.ID, domain.Day(2026, 4, 1)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		d    domain.Deal
		want int64
	}{{march, north.ID}, {april, south.ID}, {may, south.ID}} {
		if got := dealTerritoryT(t, db, c.d.ID); got != c.want {
			t.Errorf("%s reports under %d, want %d", c.d.Name, got, c.want)
		}
	}
	checkDealTerritories(t, db)
	q1, q2 := domain.MustParsePeriod("2026-Q1", domain.CalendarYear), domain.MustParsePeriod("2026-Q2", domain.CalendarYear)

	t.Run("dashboard KPIs", func(t *testing.T) {
		for _, c := range []struct {
			name      string
			terr      int64
			p         domain.Period
			won, open domain.Money
			wonDeals  int
			openDeals int
		}{
			{"North Q1", north.ID, q1, eur(100), 0, 1, 0},
			{"Europe Q1 (North below it)", europe.ID, q1, eur(100), 0, 1, 0},
			{"South Q1", south.ID, q1, 0, 0, 0, 0},
			{"North Q2", north.ID, q2, 0, 0, 0, 0},
			{"Europe Q2", europe.ID, q2, 0, 0, 0, 0},
			{"South Q2", south.ID, q2, eur(30), eur(50), 1, 1},
		} {
			r, err := db.KPIReport(ctx, KPIScope{TerritoryID: c.terr}, c.p, domain.Day(2026, 6, 30))
			if err != nil {
				t.Fatal(err)
			}
			if r.ClosedWon != c.won || r.OpenPipeline != c.open || r.WonCount != c.wonDeals || r.OpenCount != c.openDeals {
				t.Errorf("%s: closed-won %d (%d deals), open %d (%d deals); want %d (%d), %d (%d)", c.name,
					r.ClosedWon, r.WonCount, r.OpenPipeline, r.OpenCount, c.won, c.wonDeals, c.open, c.openDeals)
			}
		}
	})

	t.Run("deals table filter, Territory column and sort", func(t *testing.T) {
		for _, c := range []struct {
			terr int64
			want []string
		}{{north.ID, []string{"March win"}}, {europe.ID, []string{"March win"}}, {south.ID, []string{"April win", "May open"}}} {
			f := DealFilter{TerritoryID: c.terr}
			n, err := db.CountDeals(ctx, f)
			if err != nil || n != len(c.want) {
				t.Errorf("territory %d counts %d deals (%v), want %d", c.terr, n, err, len(c.want))
			}
			for _, col := range []string{"close_date", "territory", "owner", "name"} {
				rows, err := db.DealPage(ctx, f, DealSort{Column: col}, 0, 10)
				if err != nil {
					t.Fatalf("sorted by %s: %v", col, err)
				}
				var names []string
				for _, r := range rows {
					names = append(names, r.Name)
				}
				if len(names) != len(c.want) {
					t.Errorf("territory %d sorted by %s: %v, want %v", c.terr, col, names, c.want)
				}
			}
		}
		rows, err := db.DealPage(ctx, DealFilter{}, DealSort{Column: "territory"}, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Name+"@"+r.Territory)
		}
		want := []string{"Loose@", "March win@North", "April win@South", "May open@South"}
		if strings.Join(got, ", ") != strings.Join(want, ", ") {
			t.Errorf("sorted by territory: %v, want %v", got, want)
		}
		rows, err = db.DealPage(ctx, DealFilter{}, DealSort{Column: "territory", Desc: true}, 0, 2)
		if err != nil || len(rows) != 2 || rows[0].Name != "May open" || rows[1].Name != "April win" {
			t.Errorf("sorted by territory, descending, first page of 2: %+v, %v", rows, err)
		}
		rows, err = db.DealPage(ctx, DealFilter{}, DealSort{Column: "territory", Desc: true}, 3, 2)
		if err != nil || len(rows) != 1 || rows[0].Name != "Loose" {
			t.Errorf("sorted by territory, descending, from the 4th: %+v, %v", rows, err)
		}
	})

	t.Run("leaderboard", func(t *testing.T) {
		for _, c := range []struct {
			name string
			terr int64
			p    domain.Period
			want domain.Money
		}{{"North Q1", north.ID, q1, eur(100)}, {"South Q1", south.ID, q1, 0}, {"North Q2", north.ID, q2, 0}, {"South Q2", south.ID, q2, eur(30)}} {
			rows, err := db.Leaderboard(ctx, c.p, LeaderboardScope{TerritoryID: c.terr})
			if err != nil {
				t.Fatal(err)
			}
			var got domain.Money
			for _, r := range rows {
				if r.PersonID == ann.ID {
					got = r.Credited
				}
			}
			if got != c.want {
				t.Errorf("%s: Ann credited %d, want %d", c.name, got, c.want)
			}
			in, err := db.leaderboardInput(ctx, c.p, LeaderboardScope{TerritoryID: c.terr})
			if err != nil {
				t.Fatal(err)
			}
			var sum domain.Money
			for _, d := range in.Deals {
				if d.Status == domain.StatusWon {
					sum += d.Value
				}
			}
			if sum != c.want {
				t.Errorf("%s: the leaderboard's input has %d won, want %d", c.name, sum, c.want)
			}
		}
	})

	t.Run("pipeline forecast", func(t *testing.T) {
		for _, c := range []struct {
			p                   domain.Period
			north, south, total domain.Money
		}{{q1, eur(100), 0, eur(100)}, {q2, 0, eur(30) + eur(50), eur(30) + eur(50)}} {
			pf, err := db.PipelineForecast(ctx, c.p)
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64]domain.Money{}
			for _, r := range pf.Territories {
				got[r.ID] = r.Total.Closed + r.Total.Commit
			}
			if got[north.ID] != c.north || got[south.ID] != c.south || got[europe.ID] != c.north {
				t.Errorf("%s closed + commit: North %d, Europe %d, South %d; want %d, %d, %d", c.p, got[north.ID], got[europe.ID], got[south.ID], c.north, c.north, c.south)
			}
		}
	})

	t.Run("forecast accuracy", func(t *testing.T) {
		// One snapshot in each quarter: a snapshot forecasts its own period.
		for _, day := range []time.Time{time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)} {
			if _, err := db.TakeSnapshot(ctx, day, "manual"); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			name             string
			terr             int64
			p                domain.Period
			forecast, actual domain.Money
		}{
			{"North Q1", north.ID, q1, eur(100), eur(100)},
			{"South Q1", south.ID, q1, 0, 0},
			{"North Q2", north.ID, q2, 0, 0},
			{"South Q2", south.ID, q2, eur(30) + eur(50), eur(30)}, // the May deal was in commit
		} {
			terr := c.terr
			pts, err := db.AccuracyHistory(ctx, domain.Day(2026, 7, 1), domain.CalendarYear, domain.Quarter, func(_, t int64) bool { return t == terr })
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, pt := range pts {
				if pt.Period.String() == c.p.String() {
					found = true
					if pt.Forecast != c.forecast || pt.Actual != c.actual {
						t.Errorf("%s: forecast %d, actual %d; want %d, %d", c.name, pt.Forecast, pt.Actual, c.forecast, c.actual)
					}
				}
			}
			if !found && (c.forecast != 0 || c.actual != 0) {
				t.Errorf("%s: no accuracy point for the snapshot (%d points)", c.name, len(pts))
			}
		}
	})

	t.Run("statistical forecast history by territory", func(t *testing.T) {
		rows, err := db.MonthlyWon(ctx, domain.Day(2026, 7, 1), domain.CalendarYear, true)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, r := range rows {
			got[r.Month.String()] = r.TerritoryID
		}
		if got["2026-03"] != north.ID || got["2026-04"] != south.ID {
			t.Errorf("monthly won by territory %v, want March in North %d, April in South %d", got, north.ID, south.ID)
		}
	})
}

// The column stays right after every way accounts move and deals change:
// a rules proposal committed, a manual assignment, a territory workbook
// import, a deal edit of close date or account, a territory deleted.
func TestDealTerritoryStaysRightThroughMovesAndEdits(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	north := createTerritoryT(t, db, domain.Territory{Name: "North"})
	west := createTerritoryT(t, db, domain.Territory{Name: "West", Priority: 10}, terrRule("country", "=", "DE"))
	berlin := createTerrAccountT(t, db, domain.Account{Name: "Berlin GmbH", Country: "DE", TerritoryID: north.ID, Assignment: domain.AssignedRule})
	oslo := createTerrAccountT(t, db, domain.Account{Name: "Oslo AS", Country: "NO", TerritoryID: north.ID, Assignment: domain.AssignedManual})
	won := stageID(t, db, "Closed Won")
	deal := func(name string, acct int64, day time.Time) domain.Deal {
		return createDealT(t, db, domain.Deal{Name: name, AccountID: acct, StageID: won, Amount: eur(10), HasAmount: true, CloseDate: day})
	}
	feb := deal("Berlin Feb", berlin.ID, domain.Day(2026, 2, 1))
	jun := deal("Berlin Jun", berlin.ID, domain.Day(2026, 6, 1))
	osloMar := deal("Oslo Mar", oslo.ID, domain.Day(2026, 3, 1))
	noAccount := deal("No account", 0, domain.Day(2026, 3, 1))
	want := func(step string, d domain.Deal, terr int64) {
		t.Helper()
		if got := dealTerritoryT(t, db, d.ID); got != terr {
			t.Errorf("after %s, %s reports under %d, want %d", step, d.Name, got, terr)
		}
	}
	want("creating", noAccount, 0)

	// The rules move Berlin (DE) to West from 1 May; Oslo is locked.
	p, err := db.ProposeAssignments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.CommitAssignments(ctx, p, domain.Day(2026, 5, 1)); err != nil {
		t.Fatal(err)
	}
	want("the proposal", feb, north.ID)
	want("the proposal", jun, west.ID)
	want("the proposal", osloMar, north.ID)
	checkDealTerritories(t, db)

	// A manual assignment of Oslo to West from 1 March: its March deal follows.
	if err := db.AssignAccount(ctx, oslo.ID, west.ID, domain.Day(2026, 3, 1)); err != nil {
		t.Fatal(err)
	}
	want("the manual assignment", osloMar, west.ID)
	checkDealTerritories(t, db)

	// Editing a deal: June's close date back to April (before Berlin's move),
	// then February's account to Oslo (in West on 1 February? no: Oslo was
	// in North until 1 March).
	jun.CloseDate = domain.Day(2026, 4, 20)
	if err := db.UpdateDeal(ctx, &jun, time.Now()); err != nil {
		t.Fatal(err)
	}
	want("moving the close date before the move", jun, north.ID)
	feb.AccountID = oslo.ID
	feb.CloseDate = domain.Day(2026, 3, 15)
	if err := db.UpdateDeal(ctx, &feb, time.Now()); err != nil {
		t.Fatal(err)
	}
	want("changing the account", feb, west.ID)
	checkDealTerritories(t, db)

	// A territory workbook import: a new territory East takes NO from 1 June,
	// but Oslo is locked (manual), so only rules accounts move: none here.
	// Unlock Oslo first so the import's rules run moves it.
	if _, err := db.UnlockAccount(ctx, oslo.ID, domain.Day(2026, 3, 1)); err != nil {
		t.Fatal(err)
	}
	late := deal("Oslo Jul", oslo.ID, domain.Day(2026, 7, 1))
	d, err := ParseTerritoryWorkbookBytes(terrDesignBook(t,
		[][]any{terrSheetHeader, {"East", "", 10, "", "", "2026-06-01"}},
		[][]any{ruleSheetHeader, {"East", 1, "country", "=", "NO"}}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportTerritoryDesign(ctx, d, domain.Day(2026, 6, 1), false); err != nil {
		t.Fatal(err)
	}
	east := int64(0)
	terrs, _ := db.Territories(ctx)
	for _, tr := range terrs {
		if tr.Name == "East" {
			east = tr.ID
		}
	}
	if a := terrAccountT(t, db, oslo.ID); a.TerritoryID != east || east == 0 {
		t.Fatalf("the import left Oslo in %d, want East %d", a.TerritoryID, east)
	}
	want("the import", late, east)
	want("the import", feb, terrAccountAt(t, db, oslo.ID, domain.Day(2026, 3, 15)))
	checkDealTerritories(t, db)

	// Deleting West, its accounts unassigned: its deals report under none.
	if _, err := db.DeleteTerritory(ctx, west.ID, 0, domain.Day(2026, 8, 1)); err != nil {
		t.Fatal(err)
	}
	checkDealTerritories(t, db)
	var inWest int
	if err := db.SQL().QueryRow("SELECT count(*) FROM deals WHERE territory_id = ?", west.ID).Scan(&inWest); err != nil || inWest != 0 {
		t.Errorf("%d deals still report under the deleted territory (%v)", inWest, err)
	}
}

// terrAccountAt is the territory the history puts account in on day.
func terrAccountAt(tb testing.TB, db *DB, account int64, day time.Time) int64 {
	tb.Helper()
	var t int64
	if err := db.SQL().QueryRow("SELECT "+territoryOnSQL("?", "?"), day.Format(dateLayout), day.Format(dateLayout), account).Scan(&t); err != nil {
		tb.Fatal(err)
	}
	return t
}

// The demo writes each deal's territory with the deal (its triggers dropped
// for the bulk load): the column is what the definition gives.
func TestTheDemoWritesEachDealsTerritory(t *testing.T) {
	db := MustOpenDB(t)
	if _, err := GenerateDemo(context.Background(), db, DemoOptions{Seed: 3, Deals: 1500, AsOf: demoAsOf}); err != nil {
		t.Fatal(err)
	}
	var missing int
	if err := db.SQL().QueryRow("SELECT count(*) FROM deals WHERE account_id IS NOT NULL AND territory_id IS NULL").Scan(&missing); err != nil || missing != 0 {
		t.Errorf("%d demo deals without territory (%v)", missing, err)
	}
	checkDealTerritories(t, db)
	var triggers int
	if err := db.SQL().QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN ('deals_territory_insert', 'deals_territory_update')").Scan(&triggers); err != nil || triggers != 2 {
		t.Errorf("%d of the deals' territory triggers after the demo, want 2 (%v)", triggers, err)
	}
	// fillDealTerritories recomputes the same.
	if _, err := db.SQL().Exec(fillDealTerritories); err != nil {
		t.Fatal(err)
	}
	checkDealTerritories(t, db)
}

// Forecast accuracy by segment: a snapshot line counts under the segment its
// account had when the snapshot was taken; a line of a snapshot taken before
// lines kept it, under the account's segment now; closed-won under the
// account's segment now.
func TestForecastAccuracyBySegment(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	big := createTerrAccountT(t, db, domain.Account{Name: "Big", Segment: "Enterprise"})
	small := createTerrAccountT(t, db, domain.Account{Name: "Small", Segment: "SMB"})
	ann := createPersonT(t, db, domain.Person{Name: "Ann", Active: true})
	open, won := stageID(t, db, "Proposal"), stageID(t, db, "Closed Won")
	d1 := createDealT(t, db, domain.Deal{Name: "Big deal", AccountID: big.ID, OwnerID: ann.ID, StageID: open, Amount: eur(100), HasAmount: true,
		CloseDate: domain.Day(2026, 8, 20), Category: domain.CategoryCommit})
	d2 := createDealT(t, db, domain.Deal{Name: "Small deal", AccountID: small.ID, OwnerID: ann.ID, StageID: open, Amount: eur(40), HasAmount: true,
		CloseDate: domain.Day(2026, 9, 5), Category: domain.CategoryCommit})

	// A snapshot as Salesops wrote them before lines kept the segment.
	sql := db.SQL()
	for _, q := range []string{
		"INSERT INTO forecast_snapshots(id, taken_at, as_of, kind) VALUES (100, '2026-07-01T08:00:00Z', '2026-07-01', 'weekly')",
		"INSERT INTO forecast_snapshot_deals(snapshot_id, deal_id, owner_id, account_id, status, category, amount_ws, probability, close_date) " +
			"SELECT 100, id, owner_id, account_id, status, category, amount_ws, probability, close_date FROM deals",
		"UPDATE forecast_snapshots SET deals = 2, sealed = 1 WHERE id = 100",
	} {
		if _, err := sql.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	s1, err := db.TakeSnapshot(ctx, time.Date(2026, 7, 15, 9, 0, 0, 0, time.UTC), "manual")
	if err != nil {
		t.Fatal(err)
	}
	// After the snapshot Small grows into Enterprise; both deals are won,
	// the big one for 90.
	if _, err := sql.Exec("UPDATE accounts SET segment = 'Enterprise' WHERE id = ?", small.ID); err != nil {
		t.Fatal(err)
	}
	d1.StageID, d1.Amount = won, eur(90)
	d2.StageID = won
	for _, d := range []*domain.Deal{&d1, &d2} {
		if err := db.UpdateDeal(ctx, d, time.Now()); err != nil {
			t.Fatal(err)
		}
	}

	for _, c := range []struct {
		segment               string
		actual, before, taken domain.Money // closed-won; forecast of the old snapshot, of s1
	}{
		{"", eur(130), eur(140), eur(140)},
		{"Enterprise", eur(130), eur(140), eur(100)}, // s1 saw Small as SMB
		{"SMB", 0, 0, eur(40)},
	} {
		pts, err := db.AccuracyHistoryIn(ctx, domain.Day(2026, 10, 1), domain.CalendarYear, domain.Quarter, WonScope{Segment: c.segment})
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64][2]domain.Money{}
		for _, p := range pts {
			got[p.Snapshot.ID] = [2]domain.Money{p.Forecast, p.Actual}
		}
		if want := [2]domain.Money{c.before, c.actual}; got[100] != want {
			t.Errorf("segment %q, snapshot without segments: forecast, actual %v, want %v", c.segment, got[100], want)
		}
		if want := [2]domain.Money{c.taken, c.actual}; got[s1.ID] != want {
			t.Errorf("segment %q, snapshot with segments: forecast, actual %v, want %v", c.segment, got[s1.ID], want)
		}
	}
}

// A workspace written before migration 0008 gets each deal's territory from
// its history when it opens: the backfill follows the same definition.
func TestMigration0008FillsTheDealsTerritoryFromTheHistory(t *testing.T) {
	ctx := context.Background()
	all, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var before []migration
	for _, m := range all {
		if m.version < 8 {
			before = append(before, m)
		}
	}
	migrationSource = func() ([]migration, error) { return before, nil }
	t.Cleanup(func() { migrationSource = migrations })
	path := t.TempDir() + "/old.db"
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"INSERT INTO territories(id, name) VALUES (1, 'North'), (2, 'South')",
		"INSERT INTO accounts(id, name, territory_id, assignment) VALUES (10, 'Moved', 2, 'manual'), (11, 'Stayed', 1, 'rule'), (12, 'Nowhere', NULL, 'none')",
		"INSERT INTO account_territory_history(account_id, territory_id, source, valid_from, valid_to) VALUES (10, 1, 'rule', '0001-01-01', '2026-04-01'), (10, 2, 'manual', '2026-04-01', NULL)",
		`INSERT INTO deals(id, name, account_id, stage_id, status, close_date) VALUES
			(1, 'moved, March', 10, (SELECT min(id) FROM stages), 'open', '2026-03-31'),
			(2, 'moved, April', 10, (SELECT min(id) FROM stages), 'open', '2026-04-01'),
			(3, 'moved, no date', 10, (SELECT min(id) FROM stages), 'open', NULL),
			(4, 'stayed', 11, (SELECT min(id) FROM stages), 'open', '2026-05-01'),
			(5, 'nowhere', 12, (SELECT min(id) FROM stages), 'open', '2026-05-01'),
			(6, 'no account', NULL, (SELECT min(id) FROM stages), 'open', '2026-05-01')`,
	} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()
	migrationSource = migrations
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for id, want := range map[int64]int64{1: 1, 2: 2, 3: 2, 4: 1, 5: 0, 6: 0} {
		if got := dealTerritoryT(t, db, id); got != want {
			t.Errorf("deal %d reports under %d after the migration, want %d", id, got, want)
		}
	}
	checkDealTerritories(t, db)
}
