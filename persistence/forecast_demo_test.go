package persistence

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"salesops/domain"
)

func TestDemoHasWeeklySnapshotsReconstructedFromThePast(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	asOf := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 3, Deals: 3000, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	snaps, err := db.Snapshots(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps) != demoSnapshotWeeks+1 {
		t.Fatalf("demo has %d snapshots, want %d weekly ones and today's", len(snaps), demoSnapshotWeeks+1)
	}
	for i, s := range snaps {
		want := domain.Day(2026, 11, 22).AddDate(0, 0, -7*(len(snaps)-1-i))
		if !s.AsOf.Equal(want) || s.Kind != "weekly" || s.Deals == 0 {
			t.Errorf("snapshot %d: as of %s, kind %s, %d deals; want as of %s, weekly, some deals", i, s.AsOf.Format(dateLayout), s.Kind, s.Deals, want.Format(dateLayout))
		}
	}
	if due := domain.SnapshotDue(&snaps[len(snaps)-1], asOf.Add(time.Hour)); due {
		t.Error("the app, opened on the demo's day, would take another weekly snapshot")
	}

	t.Run("each past snapshot holds what stood on its day", func(t *testing.T) {
		checks := []struct{ name, query string }{
			{"deals created after the day", `SELECT count(*) FROM forecast_snapshot_deals l JOIN forecast_snapshots s ON s.id = l.snapshot_id
				JOIN deals d ON d.id = l.deal_id WHERE d.created > s.as_of AND s.as_of < '2026-11-22'`}, // today's is the live one
			{"wins closed after the day", `SELECT count(*) FROM forecast_snapshot_deals l JOIN forecast_snapshots s ON s.id = l.snapshot_id
				WHERE l.status = 'won' AND l.close_date > s.as_of`},
			{"lost deals", `SELECT count(*) FROM forecast_snapshot_deals WHERE status NOT IN ('open', 'won')`},
			{"deals won later missing as open", `SELECT count(*) FROM deals d, forecast_snapshots s WHERE d.status = 'won'
				AND d.created <= s.as_of AND d.close_date > s.as_of
				AND NOT EXISTS (SELECT 1 FROM forecast_snapshot_deals l WHERE l.snapshot_id = s.id AND l.deal_id = d.id AND l.status = 'open')`},
			{"deals lost later missing as open", `SELECT count(*) FROM deals d, forecast_snapshots s WHERE d.status = 'lost'
				AND d.created <= s.as_of AND d.close_date > s.as_of
				AND NOT EXISTS (SELECT 1 FROM forecast_snapshot_deals l WHERE l.snapshot_id = s.id AND l.deal_id = d.id AND l.status = 'open')`},
			{"open lines in a won or lost stage's category", `SELECT count(*) FROM forecast_snapshot_deals WHERE status = 'open' AND category = 'closed'`},
			{"unsealed snapshots", `SELECT count(*) FROM forecast_snapshots WHERE sealed = 0`},
			{"lines counted wrong", `SELECT count(*) FROM forecast_snapshots s WHERE deals <> (SELECT count(*) FROM forecast_snapshot_deals l WHERE l.snapshot_id = s.id)`},
		}
		for _, c := range checks {
			var n int
			if err := db.db.QueryRowContext(ctx, c.query).Scan(&n); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if n != 0 {
				t.Errorf("%s: %d", c.name, n)
			}
		}
	})

	t.Run("a pushed close date shows its earlier value before the push", func(t *testing.T) {
		var n int
		err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM deal_history h JOIN forecast_snapshots s
			ON s.as_of < substr(h.changed_at, 1, 10) JOIN forecast_snapshot_deals l ON l.snapshot_id = s.id AND l.deal_id = h.deal_id
			WHERE h.field = 'close_date' AND l.close_date = h.old_value`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Error("no snapshot line carries a close date from before a push")
		}
	})

	t.Run("today's snapshot is the live pipeline", func(t *testing.T) {
		var live int
		if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM deals WHERE status = 'open' OR (status = 'won' AND close_date >= '2025-11-22')").Scan(&live); err != nil {
			t.Fatal(err)
		}
		if got := snaps[len(snaps)-1].Deals; got != live {
			t.Errorf("today's snapshot has %d lines, the workspace %d", got, live)
		}
	})

	t.Run("accuracy and waterfall have something to show", func(t *testing.T) {
		acc, err := db.AccuracyHistory(ctx, asOf, domain.CalendarYear, domain.Month, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(acc) < 20 {
			t.Fatalf("%d accuracy points over monthly periods, want one per past snapshot of an ended month", len(acc))
		}
		for _, p := range acc {
			if p.Actual <= 0 || p.Forecast <= 0 {
				t.Errorf("snapshot %s for %s: forecast %d, actual %d", p.Snapshot.AsOf.Format(dateLayout), p.Period, p.Forecast, p.Actual)
			}
		}
		q := domain.MustParsePeriod("2026-Q4", domain.CalendarYear)
		w, err := db.Waterfall(ctx, snaps[len(snaps)-8].ID, snaps[len(snaps)-1].ID, q, "")
		if err != nil {
			t.Fatal(err)
		}
		if w.Start == 0 || w.End == 0 || w.Won == 0 || w.Created == 0 {
			t.Errorf("waterfall of 2026-Q4 over seven weeks is empty: %+v", w)
		}
		if got := w.Start + w.Created + w.PulledIn + w.Increased - w.Decreased - w.PushedOut - w.Lost - w.Won; got != w.End {
			t.Errorf("waterfall does not add up: %+v gives %d", w, got)
		}
	})

	t.Run("snapshots stay immutable", func(t *testing.T) {
		if _, err := db.db.ExecContext(ctx, "UPDATE forecast_snapshot_deals SET amount_ws = 1 WHERE snapshot_id = ?", snaps[0].ID); err == nil {
			t.Error("a demo snapshot line could be changed")
		}
	})
}

func TestReconstructedSnapshotsKeepToTheBudget(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	asOf := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 3, Deals: 1500, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	var perWeek int
	if err := db.db.QueryRowContext(ctx, "SELECT max(deals) FROM forecast_snapshots").Scan(&perWeek); err != nil {
		t.Fatal(err)
	}
	// A second history into a workspace with the same deals, with room for about three weeks.
	var written int
	err := db.update(ctx, func(tx *sql.Tx) error {
		var err error
		written, err = reconstructSnapshots(ctx, tx, asOf.AddDate(0, 0, 1), 26, 3*perWeek+perWeek/2)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if written != 3 {
		t.Errorf("wrote %d past snapshots with room for about 3.5 weeks of %d lines, want 3", written, perWeek)
	}
	// Spread over the 26 weeks, the oldest 26 weeks back.
	snaps, err := db.Snapshots(ctx)
	if err != nil {
		t.Fatal(err)
	}
	day := domain.Day(2026, 11, 23)
	var got []string
	for _, s := range snaps {
		if s.ID > int64(demoSnapshotWeeks+1) && s.AsOf.Before(day) {
			got = append(got, s.AsOf.Format(dateLayout))
		}
	}
	want := []string{day.AddDate(0, 0, -7*26).Format(dateLayout), day.AddDate(0, 0, -7*18).Format(dateLayout), day.AddDate(0, 0, -7*9).Format(dateLayout)}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("past snapshots as of %v, want %v", got, want)
	}
	var lines int
	if err := db.db.QueryRowContext(ctx, "SELECT coalesce(sum(deals), 0) FROM (SELECT deals FROM forecast_snapshots ORDER BY id DESC LIMIT ? OFFSET 1)", written).Scan(&lines); err != nil {
		t.Fatal(err)
	}
	if lines > 3*perWeek+perWeek/2 {
		t.Errorf("past snapshots hold %d lines, over the budget of %d", lines, 3*perWeek+perWeek/2)
	}
}

func TestPipelineForecastAsOfAPastDayIsTheSnapshotOfThen(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 4, Deals: 1500, AsOf: domain.Day(2026, 11, 22)}); err != nil {
		t.Fatal(err)
	}
	q3 := domain.MustParsePeriod("2026-Q3", domain.CalendarYear)
	past, from, err := db.PipelineForecastAsOf(ctx, q3, domain.Day(2026, 8, 15))
	if err != nil {
		t.Fatal(err)
	}
	if from == nil || from.AsOf.Format(dateLayout) != "2026-08-09" {
		t.Fatalf("as of 2026-08-15 the pipeline comes from %+v, want the snapshot of 2026-08-09", from)
	}
	lines, err := db.SnapshotDeals(ctx, from.ID, q3.Start(), q3.End())
	if err != nil {
		t.Fatal(err)
	}
	var closed, open domain.Money
	for _, d := range lines {
		if d.Status == domain.StatusWon {
			closed += d.Value
		} else if d.Category != domain.CategoryOmitted {
			open += d.Value
		}
	}
	if past.Total.Closed != closed || past.Total.OpenPipeline() != open || open == 0 {
		t.Errorf("closed %d, open %d; the snapshot holds %d and %d", past.Total.Closed, past.Total.OpenPipeline(), closed, open)
	}
	live, from, err := db.PipelineForecastAsOf(ctx, q3, time.Now())
	if err != nil || from != nil {
		t.Fatal(from, err)
	}
	if live.Total.Closed <= past.Total.Closed {
		t.Errorf("today's Q3 closed-won %d is not more than mid-August's %d", live.Total.Closed, past.Total.Closed)
	}
}

func TestReconstructedSnapshotsFollowTheRecordedHistory(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ann := createPersonT(t, db, domain.Person{Name: "Ann", Active: true})
	prospecting, proposal, negotiation := stageID(t, db, "Prospecting"), stageID(t, db, "Proposal"), stageID(t, db, "Negotiation")
	won, lost := stageID(t, db, "Closed Won"), stageID(t, db, "Closed Lost")
	// Won on 1 March after two recorded moves; lost on 1 March with only its last move recorded, its close date pushed from 15 February on 10 February;
	// still open in Negotiation.
	a := createDealT(t, db, domain.Deal{Name: "a", OwnerID: ann.ID, StageID: won, Amount: 100_00, HasAmount: true, Created: domain.Day(2026, 1, 1), CloseDate: domain.Day(2026, 3, 1)})
	b := createDealT(t, db, domain.Deal{Name: "b", OwnerID: ann.ID, StageID: lost, Amount: 50_00, HasAmount: true, Created: domain.Day(2026, 1, 1), CloseDate: domain.Day(2026, 3, 1)})
	c := createDealT(t, db, domain.Deal{Name: "c", OwnerID: ann.ID, StageID: negotiation, Amount: 20_00, HasAmount: true, Created: domain.Day(2026, 1, 1), CloseDate: domain.Day(2026, 4, 30)})
	for _, h := range []struct {
		deal      int64
		field     string
		old, new  string
		changedAt string
	}{
		{a.ID, "stage", itoa(prospecting), itoa(proposal), "2026-01-20T10:00:00Z"},
		{a.ID, "stage", itoa(proposal), itoa(won), "2026-03-01T10:00:00Z"},
		{b.ID, "stage", itoa(negotiation), itoa(lost), "2026-03-01T10:00:00Z"},
		{b.ID, "close_date", "2026-02-15", "2026-03-01", "2026-02-10T10:00:00Z"},
	} {
		if _, err := db.db.ExecContext(ctx, "INSERT INTO deal_history(deal_id, field, old_value, new_value, changed_at) VALUES (?, ?, ?, ?, ?)",
			h.deal, h.field, h.old, h.new, h.changedAt); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.update(ctx, func(tx *sql.Tx) error {
		_, err := reconstructSnapshots(ctx, tx, time.Date(2026, 3, 8, 12, 0, 0, 0, time.UTC), 9, 1000)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	type line struct {
		status, category, close string
	}
	got := map[string]map[int64]line{}
	rows, err := db.db.QueryContext(ctx, `SELECT s.as_of, l.deal_id, l.status, l.category, l.close_date FROM forecast_snapshot_deals l
		JOIN forecast_snapshots s ON s.id = l.snapshot_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var day, st, cat, cd string
		var id int64
		if err := rows.Scan(&day, &id, &st, &cat, &cd); err != nil {
			t.Fatal(err)
		}
		if got[day] == nil {
			got[day] = map[int64]line{}
		}
		got[day][id] = line{st, cat, cd}
	}
	rows.Close()
	// Four open stages: Prospecting, Qualification (pipeline), Proposal (best case), Negotiation (commit).
	for _, c2 := range []struct {
		day  string
		deal int64
		want line
	}{
		{"2025-12-28", a.ID, line{}},                                  // not created yet
		{"2026-01-04", a.ID, line{"open", "pipeline", "2026-03-01"}},  // before its first move: Prospecting
		{"2026-02-22", a.ID, line{"open", "best_case", "2026-03-01"}}, // between its moves: Proposal
		{"2026-03-01", a.ID, line{"won", "closed", "2026-03-01"}},     // won that day
		{"2026-01-04", b.ID, line{"open", "pipeline", "2026-02-15"}},  // early in its life, before the push
		{"2026-02-08", b.ID, line{"open", "commit", "2026-02-15"}},    // near its close date: Negotiation, the stage it left
		{"2026-02-15", b.ID, line{"open", "commit", "2026-03-01"}},    // after the push
		{"2026-03-01", b.ID, line{}},                                  // lost
		{"2026-03-08", c.ID, line{"open", "commit", "2026-04-30"}},    // today: as it is
		{"2026-01-04", c.ID, line{"open", "pipeline", "2026-04-30"}},  // early: Prospecting
	} {
		if g := got[c2.day][c2.deal]; g != c2.want {
			t.Errorf("deal %d on %s: %+v, want %+v", c2.deal, c2.day, g, c2.want)
		}
	}
}

func TestAnAdjustmentIsMadeByThePersonOrAManagerAbove(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	dir := createPersonT(t, db, domain.Person{Name: "Dir", Active: true})
	mgr := createPersonT(t, db, domain.Person{Name: "Mgr", Active: true, ManagerID: dir.ID})
	ann := createPersonT(t, db, domain.Person{Name: "Ann", Active: true, ManagerID: mgr.ID})
	bob := createPersonT(t, db, domain.Person{Name: "Bob", Active: true, ManagerID: dir.ID})
	q := domain.MustParsePeriod("2026-Q4", domain.CalendarYear)
	for _, c := range []struct {
		by, person domain.Person
		ok         bool
	}{
		{ann, ann, true}, {mgr, ann, true}, {dir, ann, true}, {bob, ann, false}, {ann, mgr, false}, {mgr, bob, false},
	} {
		a := domain.ForecastAdjustment{Period: q, PersonID: c.person.ID, ByID: c.by.ID, Commit: 10, BestCase: 20, Note: "call"}
		err := db.AddForecastAdjustment(ctx, &a)
		if c.ok && err != nil {
			t.Errorf("%s adjusting %s: %v", c.by.Name, c.person.Name, err)
		}
		if !c.ok && (domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(err.Error(), c.by.Name)) {
			t.Errorf("%s adjusting %s: %v, want refused naming %s", c.by.Name, c.person.Name, err, c.by.Name)
		}
	}
	adj, err := db.ForecastAdjustments(ctx, q)
	if err != nil || len(adj) != 3 {
		t.Errorf("%d adjustments stored, want the 3 allowed (%v)", len(adj), err)
	}
}
