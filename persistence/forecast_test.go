package persistence

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"salesops/domain"
)

func TestSnapshotsAreImmutableAndComparable(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ann := createPersonT(t, db, domain.Person{Name: "Ann", Active: true})
	bob := createPersonT(t, db, domain.Person{Name: "Bob", Active: true, ManagerID: ann.ID})
	commit, won, lost := stageID(t, db, "Negotiation"), stageID(t, db, "Closed Won"), stageID(t, db, "Closed Lost")
	prospecting := stageID(t, db, "Prospecting")
	inQ3 := domain.Day(2026, 8, 15)
	d1 := createDealT(t, db, domain.Deal{Name: "one", OwnerID: ann.ID, StageID: commit, Amount: 100_00, HasAmount: true, CloseDate: inQ3, Probability: domain.RatePercent(80)})
	d2 := createDealT(t, db, domain.Deal{Name: "two", OwnerID: bob.ID, StageID: prospecting, Amount: 50_00, HasAmount: true, CloseDate: inQ3, Probability: domain.RatePercent(10)})
	d3 := createDealT(t, db, domain.Deal{Name: "three", OwnerID: bob.ID, StageID: won, Amount: 30_00, HasAmount: true, CloseDate: domain.Day(2026, 7, 2)})
	createDealT(t, db, domain.Deal{Name: "old", OwnerID: bob.ID, StageID: won, Amount: 1, HasAmount: true, CloseDate: domain.Day(2024, 7, 2)})
	d5 := createDealT(t, db, domain.Deal{Name: "five", OwnerID: ann.ID, StageID: commit, Amount: 20_00, HasAmount: true, CloseDate: inQ3, Probability: domain.RatePercent(80)})

	at1 := time.Date(2026, 7, 6, 9, 0, 0, 0, time.UTC)
	s1, err := db.TakeSnapshot(ctx, at1, "manual")
	if err != nil {
		t.Fatal(err)
	}
	if s1.Deals != 4 {
		t.Errorf("snapshot kept %d deals, want 4 (the 2024 win is older than a year)", s1.Deals)
	}

	t.Run("a snapshot cannot be changed, extended or deleted", func(t *testing.T) {
		for _, stmt := range []string{
			"UPDATE forecast_snapshot_deals SET amount_ws = 1",
			"DELETE FROM forecast_snapshot_deals",
			"UPDATE forecast_snapshots SET as_of = '2020-01-01'",
			"UPDATE forecast_snapshots SET deals = 99",
			"DELETE FROM forecast_snapshots",
			"INSERT INTO forecast_snapshot_deals VALUES (1, 999, 0, 0, 'open', 'commit', 5, 0, '2026-08-01', 'SMB')",
			"INSERT INTO forecast_snapshot_adjustments VALUES (1, 9, '2026-Q3', 1, 0, 1, 2, 'late', '2026-07-01')",
		} {
			_, err := db.SQL().ExecContext(ctx, stmt)
			if err == nil || !strings.Contains(err.Error(), "immutable") {
				t.Errorf("%s: %v, want refused as immutable", stmt, err)
			}
		}
		if n := count(t, db, "SELECT count(*) FROM forecast_snapshot_deals WHERE snapshot_id = ?", s1.ID); n != 4 {
			t.Errorf("%d lines after the attempts, want 4", n)
		}
	})

	// Between the snapshots: one is won at a higher amount, two is lost, a new one appears.
	d1.StageID, d1.Amount = won, 120_00
	if err := db.UpdateDeal(ctx, &d1, at1); err != nil {
		t.Fatal(err)
	}
	d2.StageID = lost
	if err := db.UpdateDeal(ctx, &d2, at1); err != nil {
		t.Fatal(err)
	}
	d5.CloseDate = domain.Day(2026, 10, 15) // pushed into Q4
	if err := db.UpdateDeal(ctx, &d5, at1); err != nil {
		t.Fatal(err)
	}
	createDealT(t, db, domain.Deal{Name: "four", OwnerID: ann.ID, StageID: commit, Amount: 70_00, HasAmount: true, CloseDate: inQ3, Probability: domain.RatePercent(80)})
	s2, err := db.TakeSnapshot(ctx, at1.Add(48*time.Hour), "manual")
	if err != nil {
		t.Fatal(err)
	}
	q3 := domain.MustParsePeriod("2026-Q3", domain.CalendarYear)
	w, err := db.Waterfall(ctx, s1.ID, s2.ID, q3, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := (domain.Waterfall{Start: 170_00, Created: 70_00, Won: 100_00, Lost: 50_00, PushedOut: 20_00, End: 70_00}); w != want {
		t.Errorf("waterfall %+v, want %+v", w, want)
	}
	// Reading only the period's lines gives what the whole snapshots give.
	all1, _ := db.SnapshotDeals(ctx, s1.ID, time.Time{}, time.Time{})
	all2, _ := db.SnapshotDeals(ctx, s2.ID, time.Time{}, time.Time{})
	for _, cat := range []domain.ForecastCategory{"", domain.CategoryCommit, domain.CategoryPipeline} {
		for _, p := range []domain.Period{q3, domain.MustParsePeriod("2026-07", domain.CalendarYear), domain.MustParsePeriod("2026", domain.CalendarYear)} {
			got, err := db.Waterfall(ctx, s1.ID, s2.ID, p, cat)
			if want := domain.PipelineWaterfall(all1, all2, p, cat); err != nil || got != want {
				t.Errorf("%s %q: %+v, %v; whole snapshots give %+v", p, cat, got, err, want)
			}
		}
	}

	t.Run("the snapshot still shows the deals as they were", func(t *testing.T) {
		deals, err := db.SnapshotDeals(ctx, s1.ID, q3.Start(), q3.End())
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]domain.Deal{}
		for _, d := range deals {
			got[d.ID] = d
		}
		if len(got) != 4 || got[d1.ID].Value != 100_00 || got[d1.ID].Status != domain.StatusOpen || got[d3.ID].Status != domain.StatusWon {
			t.Errorf("snapshot deals %+v", deals)
		}
	})

	t.Run("accuracy compares the snapshot's commit forecast with what closed", func(t *testing.T) {
		if pts, err := db.AccuracyHistory(ctx, domain.Day(2026, 9, 30), domain.CalendarYear, domain.Quarter, nil); err != nil || len(pts) != 0 {
			t.Errorf("before Q3 ends: %v, %v; want no points", pts, err)
		}
		pts, err := db.AccuracyHistory(ctx, domain.Day(2026, 10, 1), domain.CalendarYear, domain.Quarter, nil)
		if err != nil || len(pts) != 2 {
			t.Fatalf("%v, %v", pts, err)
		}
		// Snapshot 1 called 100 + 20 (commit) + 30 (won) = 150; closed-won is 120 + 30 = 150.
		p := pts[0]
		if p.Forecast != 150_00 || p.Actual != 150_00 || !p.Accuracy.OK || p.Accuracy.V != 1 {
			t.Errorf("first point %+v", p)
		}
		if len(p.People) != 2 || p.People[0].PersonID != ann.ID || p.People[0].Forecast != 120_00 || p.People[0].Actual != 120_00 {
			t.Errorf("per person %+v", p.People)
		}
		// Snapshot 2 called 120 + 30 won + 70 commit = 220.
		if pts[1].Forecast != 220_00 {
			t.Errorf("second point %+v", pts[1])
		}
		onlyBob, err := db.AccuracyHistory(ctx, domain.Day(2026, 10, 1), domain.CalendarYear, domain.Quarter, func(o, _ int64) bool { return o == bob.ID })
		if err != nil || onlyBob[0].Forecast != 30_00 || onlyBob[0].Actual != 30_00 || onlyBob[0].Accuracy.V != 1 {
			t.Errorf("Bob only: %+v, %v", onlyBob, err)
		}
	})
}

func TestEnsureWeeklySnapshot(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/w.db"
	db := mustOpenAt(t, path)
	now := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	for i, c := range []struct {
		at   time.Time
		want bool
	}{
		{now, true},                          // none yet
		{now.Add(6 * 24 * time.Hour), false}, // six days later
		{now.Add(7 * 24 * time.Hour), true},  // a week later
		{now.Add(8 * 24 * time.Hour), false},
	} {
		took, err := db.EnsureWeeklySnapshot(ctx, c.at)
		if err != nil || took != c.want {
			t.Errorf("call %d at %s: took %v, %v; want %v", i, c.at, took, err, c.want)
		}
	}
	db.Close()
	db = mustOpenAt(t, path)
	snaps, err := db.Snapshots(ctx)
	if err != nil || len(snaps) != 2 || snaps[0].Kind != "weekly" || !snaps[1].TakenAt.Equal(now.Add(7*24*time.Hour)) {
		t.Errorf("after reopening: %+v, %v", snaps, err)
	}
}

func TestAdjustmentsAndPipelineForecast(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	mgr := createPersonT(t, db, domain.Person{Name: "Mia", Role: domain.RoleManager, Active: true})
	ann := createPersonT(t, db, domain.Person{Name: "Ann", ManagerID: mgr.ID, Active: true})
	commit := stageID(t, db, "Negotiation")
	createDealT(t, db, domain.Deal{Name: "one", OwnerID: ann.ID, StageID: commit, Amount: 100_00, HasAmount: true, CloseDate: domain.Day(2026, 8, 1), Probability: domain.RatePercent(80)})
	q3 := domain.MustParsePeriod("2026-Q3", domain.CalendarYear)
	if err := db.SetQuota(ctx, domain.Quota{PersonID: ann.ID, Month: domain.MustParsePeriod("2026-08", domain.CalendarYear), Amount: 300_00}); err != nil {
		t.Fatal(err)
	}
	bad := domain.ForecastAdjustment{Period: q3, PersonID: ann.ID, ByID: mgr.ID, Commit: 80_00, BestCase: 90_00}
	if err := db.AddForecastAdjustment(ctx, &bad); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an adjustment without a note: %v, want invalid", err)
	}
	a := domain.ForecastAdjustment{Period: q3, PersonID: ann.ID, ByID: mgr.ID, Commit: 80_00, BestCase: 90_00, Note: "legal review slips", At: time.Date(2026, 7, 3, 0, 0, 0, 0, time.UTC)}
	if err := db.AddForecastAdjustment(ctx, &a); err != nil || a.ID == 0 {
		t.Fatal(a.ID, err)
	}
	adj, err := db.ForecastAdjustments(ctx, q3)
	if err != nil || len(adj) != 1 || adj[0].Note != "legal review slips" || !adj[0].At.Equal(a.At) || adj[0].ByID != mgr.ID {
		t.Errorf("adjustments %+v, %v", adj, err)
	}
	f, err := db.PipelineForecast(ctx, q3)
	if err != nil {
		t.Fatal(err)
	}
	row, _ := f.Row(ann.ID)
	if row.Total.Commit != 100_00 || row.Total.Quota != 300_00 || row.Adjusted.Commit != 80_00 || row.Adjusted.Note != "legal review slips" {
		t.Errorf("Ann's row %+v", row)
	}
	m, _ := f.Row(mgr.ID)
	if m.Total.Commit != 100_00 || m.Adjusted.Commit != 80_00 || !m.Adjusted.Adjusted {
		t.Errorf("Mia's row %+v", m)
	}
	// A snapshot keeps the adjustments in force.
	s, err := db.TakeSnapshot(ctx, time.Date(2026, 7, 4, 0, 0, 0, 0, time.UTC), "manual")
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "SELECT count(*) FROM forecast_snapshot_adjustments WHERE snapshot_id = ?", s.ID); n != 1 {
		t.Errorf("snapshot kept %d adjustments, want 1", n)
	}
	// The deal is then won at 85: the adjusted call (80) was closer than the
	// pipeline's (100).
	deals, _ := db.DealsClosedIn(ctx, q3.Start(), q3.End())
	d := deals[0]
	d.StageID, d.Amount = stageID(t, db, "Closed Won"), 85_00
	if err := db.UpdateDeal(ctx, &d, time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	pts, err := db.AccuracyHistory(ctx, domain.Day(2026, 10, 1), domain.CalendarYear, domain.Quarter, nil)
	if err != nil || len(pts) != 1 {
		t.Fatal(pts, err)
	}
	p := pts[0]
	if p.Forecast != 100_00 || p.Actual != 85_00 || !p.HasAdjusted || p.Adjusted != 80_00 ||
		math.Abs(p.AdjustedAccuracy.V-(1-5.0/85)) > 1e-12 || math.Abs(p.Accuracy.V-(1-15.0/85)) > 1e-12 {
		t.Errorf("accuracy point %+v", p)
	}
	// A later adjustment does not change what the snapshot kept.
	later := domain.ForecastAdjustment{Period: q3, PersonID: ann.ID, Commit: 1, BestCase: 1, Note: "too late", At: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}
	if err := db.AddForecastAdjustment(ctx, &later); err != nil {
		t.Fatal(err)
	}
	if pts, _ := db.AccuracyHistory(ctx, domain.Day(2026, 10, 1), domain.CalendarYear, domain.Quarter, nil); pts[0].Adjusted != 80_00 {
		t.Errorf("after a later adjustment the snapshot's call is %d, want 80_00", pts[0].Adjusted)
	}
}

func TestMonthlyWon(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ann := createPersonT(t, db, domain.Person{Name: "Ann", Active: true})
	won := stageID(t, db, "Closed Won")
	for _, d := range []struct {
		day    time.Time
		amount domain.Money
	}{{domain.Day(2026, 1, 5), 10_00}, {domain.Day(2026, 1, 25), 5_00}, {domain.Day(2026, 3, 1), 7_00}, {domain.Day(2026, 4, 1), 99_00}} {
		createDealT(t, db, domain.Deal{Name: "w", OwnerID: ann.ID, StageID: won, Amount: d.amount, HasAmount: true, CloseDate: d.day})
	}
	rows, err := db.MonthlyWon(ctx, domain.Day(2026, 4, 1), domain.CalendarYear, true)
	if err != nil {
		t.Fatal(err)
	}
	months, vals := domain.MonthlySeries(rows, domain.MustParsePeriod("2026-03", domain.CalendarYear), nil)
	if len(months) != 3 || vals[0] != 15_00 || vals[1] != 0 || vals[2] != 7_00 {
		t.Errorf("series %v %v", months, vals)
	}
	plain, err := db.MonthlyWon(ctx, domain.Day(2026, 4, 1), domain.CalendarYear, false)
	if _, v2 := domain.MonthlySeries(plain, domain.MustParsePeriod("2026-03", domain.CalendarYear), nil); err != nil || len(v2) != 3 || v2[0] != vals[0] || v2[2] != vals[2] {
		t.Errorf("without territories: %v, %v", v2, err)
	}
	if (WonScope{}).Keep() != nil {
		t.Error("the whole workspace needs no filter")
	}
	k := WonScope{Owners: map[int64]bool{ann.ID: true}, Territories: map[int64]bool{5: true}}.Keep()
	if !k(ann.ID, 5) || k(ann.ID, 6) || k(ann.ID+1, 5) {
		t.Error("WonScope.Keep lets the wrong deals through")
	}
}

func TestPipelineForecastMatchesTheDealsOfThePeriod(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 5, Deals: 2500, AsOf: domain.Day(2026, 11, 22)}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"2026-Q4", "2026-Q2", "2026-11", "2025"} {
		p := domain.MustParsePeriod(key, domain.CalendarYear)
		got, err := db.PipelineForecast(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		deals, _ := db.DealsClosedIn(ctx, p.Start(), p.End())
		org, _ := db.Org(ctx)
		quotas, _ := db.QuotaTotals(ctx, p)
		want := domain.BuildPipeline(deals, p, org, quotas, nil)
		if got.Total != want.Total || len(got.People) != len(want.People) || got.Total.Deals == 0 {
			t.Errorf("%s: %+v, from every deal %+v", key, got.Total, want.Total)
		}
		for i := range want.Territories {
			if got.Territories[i] != want.Territories[i] {
				t.Errorf("%s territory %s: %+v, want %+v", key, want.Territories[i].Name, got.Territories[i].Total, want.Territories[i].Total)
			}
		}
	}
}
