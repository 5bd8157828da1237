package persistence

import (
	"context"
	"testing"

	"salesops/domain"
)

func findingCount(t *testing.T, db *DB, key string, asOf domain.Period) int {
	t.Helper()
	r, err := db.Quality(context.Background(), asOf.Start())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Findings {
		if f.Key == key {
			return f.Count
		}
	}
	t.Fatalf("no finding %s", key)
	return 0
}

func TestQualityFixes(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	june := domain.MustParsePeriod("2026-06", domain.CalendarYear)
	asOf := june.Start().AddDate(0, 0, 14) // 15 June
	alice := createPersonT(t, db, domain.Person{Name: "Alice", Active: true})
	carol := createPersonT(t, db, domain.Person{Name: "Carol", ManagerID: alice.ID, Active: false})
	dan := createPersonT(t, db, domain.Person{Name: "Dan", Active: false})
	acct := domain.Account{Name: "Fjord Foods"}
	if err := db.CreateAccount(ctx, &acct); err != nil {
		t.Fatal(err)
	}
	open, won, lost := stageID(t, db, "Proposal"), stageID(t, db, "Closed Won"), stageID(t, db, "Closed Lost")
	dup := func(ext string, stage int64) domain.Deal {
		return createDealT(t, db, domain.Deal{ExternalID: ext, Name: "Renewal", AccountID: acct.ID, OwnerID: alice.ID, StageID: stage,
			Amount: 1000, HasAmount: true, CloseDate: domain.Day(2026, 7, 1)})
	}
	lostDup := dup("A", lost)
	wonDup := dup("B", won)
	dup("C", open)
	// The lost copy has history; it must survive the merge on the won one.
	if _, err := db.SQL().ExecContext(ctx, "INSERT INTO deal_history(deal_id, field, old_value, new_value, changed_at) VALUES (?, 'stage', ?, ?, '2026-05-01T00:00:00Z')",
		lostDup.ID, open, lost); err != nil {
		t.Fatal(err)
	}
	carols := createDealT(t, db, domain.Deal{Name: "Carol's", OwnerID: carol.ID, StageID: open, Amount: 5, HasAmount: true, CloseDate: domain.Day(2026, 8, 1)})
	dans := createDealT(t, db, domain.Deal{Name: "Dan's", OwnerID: dan.ID, StageID: open, Amount: 5, HasAmount: true, CloseDate: domain.Day(2026, 8, 1)})
	stale := createDealT(t, db, domain.Deal{Name: "Late", OwnerID: alice.ID, StageID: open, Amount: 5, HasAmount: true, CloseDate: domain.Day(2026, 6, 1)})

	t.Run("the table lists the deals behind each finding", func(t *testing.T) {
		r, err := db.Quality(ctx, asOf)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Findings {
			n, err := db.CountDeals(ctx, DealFilter{Finding: f.Key, AsOf: asOf})
			if err != nil || n != f.Count {
				t.Errorf("%s: the table shows %d deals (%v), the scan counts %d", f.Key, n, err, f.Count)
			}
		}
		rows, err := db.DealPage(ctx, DealFilter{Finding: "duplicate", AsOf: asOf}, DealSort{Column: "id"}, 0, 10)
		if err != nil || len(rows) != 3 || rows[0].ExternalID != "A" {
			t.Errorf("duplicate rows = %+v, %v", rows, err)
		}
	})
	t.Run("merging duplicates keeps the won deal and every history line", func(t *testing.T) {
		fix, err := db.MergeDuplicates(ctx, asOf)
		if err != nil || fix.Deals != 2 {
			t.Fatalf("merged %d deals (%v), want 2", fix.Deals, err)
		}
		if _, err := db.Deal(ctx, wonDup.ID); err != nil {
			t.Errorf("the won copy is gone: %v", err)
		}
		if _, err := db.Deal(ctx, lostDup.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("the lost copy is still there: %v", err)
		}
		h, _ := db.DealHistory(ctx, wonDup.ID)
		merged := 0
		for _, c := range h {
			if c.Field == "merged" {
				merged++
			}
		}
		if len(h) != 3 || merged != 2 {
			t.Errorf("history of the kept deal = %+v, want the stage change and two merged lines", h)
		}
		if n := findingCount(t, db, "duplicate", june); n != 0 {
			t.Errorf("%d duplicates left", n)
		}
		// The copies merged away are among the recently deleted deals, the
		// lost one with its own history line.
		bin, err := db.RecentlyDeleted(ctx)
		if err != nil || len(bin) != 2 || bin[0].ExternalID != "A" || bin[1].ExternalID != "C" {
			t.Fatalf("recently deleted after the merge = %+v (%v), want A, then C", bin, err)
		}
		back, err := db.RestoreDeleted(ctx, bin[0].ID)
		if err != nil || back.ID != lostDup.ID {
			t.Fatalf("restoring A: %+v, %v", back, err)
		}
		if h, _ := db.DealHistory(ctx, lostDup.ID); len(h) != 1 || h[0].Field != "stage" {
			t.Errorf("restored A's history = %+v, want its stage change", h)
		}
		if fix, err := db.MergeDuplicates(ctx, asOf); err != nil || fix.Deals != 1 {
			t.Errorf("merging the restored copy again: %d, %v", fix.Deals, err)
		}
	})
	t.Run("an inactive owner's open deals go to their active manager", func(t *testing.T) {
		fix, err := db.ReassignInactiveOwners(ctx, 0)
		if err != nil || fix.Deals != 1 {
			t.Fatalf("reassigned %d (%v), want 1", fix.Deals, err)
		}
		if d, _ := db.Deal(ctx, carols.ID); d.OwnerID != alice.ID {
			t.Errorf("Carol's deal is owned by %d, want Alice %d", d.OwnerID, alice.ID)
		}
		if d, _ := db.Deal(ctx, dans.ID); d.OwnerID != dan.ID {
			t.Errorf("Dan has no manager: his deal should stay, it went to %d", d.OwnerID)
		}
		if _, err := db.ReassignInactiveOwners(ctx, dan.ID); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("reassigning to an inactive person: %v", err)
		}
		if fix, err := db.ReassignInactiveOwners(ctx, alice.ID); err != nil || fix.Deals != 1 {
			t.Errorf("reassigning the rest to Alice: %d, %v", fix.Deals, err)
		}
	})
	t.Run("stale close dates move to the end of the month with history", func(t *testing.T) {
		fix, err := db.MoveStaleCloseDates(ctx, asOf, asOf)
		if err != nil || fix.Deals != 1 {
			t.Fatalf("moved %d (%v), want 1", fix.Deals, err)
		}
		d, _ := db.Deal(ctx, stale.ID)
		if !d.CloseDate.Equal(domain.Day(2026, 6, 30)) {
			t.Errorf("close date = %v, want 2026-06-30", d.CloseDate)
		}
		h, _ := db.DealHistory(ctx, stale.ID)
		if len(h) != 1 || h[0].Old != "2026-06-01" || h[0].New != "2026-06-30" {
			t.Errorf("history = %+v", h)
		}
	})
}
