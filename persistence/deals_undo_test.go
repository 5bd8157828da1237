package persistence

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"salesops/domain"
)

func TestDeleteDealCanBeUndoneWithSplitsAndHistory(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	alice := createPersonT(t, db, domain.Person{Name: "Alice", Active: true})
	bob := createPersonT(t, db, domain.Person{Name: "Bob", Active: true})
	d := createDealT(t, db, domain.Deal{ExternalID: "D-1", Name: "Renewal", OwnerID: alice.ID, StageID: stageID(t, db, "Proposal"),
		Amount: 120_000, HasAmount: true, CloseDate: domain.Day(2026, 9, 1), Created: domain.Day(2026, 6, 1), LostReason: "", Product: "Suite"})
	d.Amount = 150_000
	d.StageID = stageID(t, db, "Closed Won")
	if err := db.UpdateDeal(ctx, &d, domain.Day(2026, 8, 1)); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSplits(ctx, d.ID, []domain.DealSplit{{PersonID: bob.ID, Kind: domain.SplitOverlay, Share: domain.RatePercent(10)}}); err != nil {
		t.Fatal(err)
	}
	before, _ := db.Deal(ctx, d.ID)
	hist, _ := db.DealHistory(ctx, d.ID)
	splits, _ := db.Splits(ctx, []int64{d.ID})

	gone, err := db.DeleteDealForUndo(ctx, d.ID, domain.Day(2026, 11, 2))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Deal(ctx, d.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("the deal is still there after delete: %v", err)
	}
	if n := count(t, db, "SELECT count(*) FROM deal_history WHERE deal_id = ?", d.ID); n != 0 {
		t.Errorf("%d history lines left", n)
	}
	if err := db.RestoreDeal(ctx, gone); err != nil {
		t.Fatal(err)
	}
	after, err := db.Deal(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("restored deal = %+v\nwant %+v", after, before)
	}
	hist2, _ := db.DealHistory(ctx, d.ID)
	splits2, _ := db.Splits(ctx, []int64{d.ID})
	if !reflect.DeepEqual(hist, hist2) || len(hist) != 2 {
		t.Errorf("history %+v, want %+v (amount and stage)", hist2, hist)
	}
	if !reflect.DeepEqual(splits, splits2) {
		t.Errorf("splits %+v, want %+v", splits2, splits)
	}
}

func TestStagesEditing(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	prop := stageID(t, db, "Proposal")
	createDealT(t, db, domain.Deal{Name: "Busy", StageID: prop})
	if err := db.DeleteStage(ctx, prop); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("deleting a stage with deals: %v, want a conflict", err)
	}
	extra := domain.Stage{Name: "Demo", Position: 7, Probability: domain.RatePercent(30)}
	if err := db.CreateStage(ctx, &extra); err != nil {
		t.Fatal(err)
	}
	if err := db.MoveStage(ctx, extra.ID, true); err != nil {
		t.Fatal(err)
	}
	stages, _ := db.Stages(ctx)
	var names []string
	for _, s := range stages {
		names = append(names, s.Name)
	}
	want := []string{"Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Demo", "Closed Lost"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("after moving Demo up: %v, want %v", names, want)
	}
	if err := db.DeleteStage(ctx, extra.ID); err != nil {
		t.Errorf("deleting an unused stage: %v", err)
	}
}

func TestSetLostReasons(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if err := db.SetLostReasons(ctx, []string{"Price", " ", "Legal", "price"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a reason listed twice: %v", err)
	}
	if err := db.SetLostReasons(ctx, []string{"Legal", " Price ", ""}); err != nil {
		t.Fatal(err)
	}
	got, _ := db.LostReasons(ctx)
	if !reflect.DeepEqual(got, []string{"Legal", "Price"}) {
		t.Errorf("lost reasons = %v", got)
	}
}

func TestDeletedDealsComeBackMostRecentFirstAfterAReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	db := mustOpenAt(t, path)
	alice := createPersonT(t, db, domain.Person{Name: "Alice", Active: true})
	bob := createPersonT(t, db, domain.Person{Name: "Bob", Active: true})
	acct := domain.Account{Name: "Fjord Logistics AS"}
	if err := db.CreateAccount(ctx, &acct); err != nil {
		t.Fatal(err)
	}
	proposal, won := stageID(t, db, "Proposal"), stageID(t, db, "Closed Won")
	mk := func(ext string) domain.Deal {
		return createDealT(t, db, domain.Deal{ExternalID: ext, Name: "Deal " + ext, AccountID: acct.ID, OwnerID: alice.ID, StageID: proposal,
			Amount: 50_000, HasAmount: true, CloseDate: domain.Day(2026, 12, 1)})
	}
	a, b, c := mk("A"), mk("B"), mk("C")
	a.StageID, a.Amount = won, 60_000
	if err := db.UpdateDeal(ctx, &a, domain.Day(2026, 11, 1)); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSplits(ctx, a.ID, []domain.DealSplit{{PersonID: bob.ID, Kind: domain.SplitOverlay, Share: domain.RatePercent(10)}}); err != nil {
		t.Fatal(err)
	}
	wantA, _ := db.Deal(ctx, a.ID)
	histA, _ := db.DealHistory(ctx, a.ID)
	for i, d := range []domain.Deal{a, b, c} {
		if _, err := db.DeleteDealForUndo(ctx, d.ID, domain.Day(2026, 11, 10+i)); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db = mustOpenAt(t, path)

	list, err := db.RecentlyDeleted(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range list {
		got = append(got, e.ExternalID+" "+e.Name+" "+e.Account+" "+e.DeletedAt.Format("2006-01-02"))
	}
	want := []string{"C Deal C Fjord Logistics AS 2026-11-12", "B Deal B Fjord Logistics AS 2026-11-11", "A Deal A Fjord Logistics AS 2026-11-10"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("recently deleted = %q, want %q", got, want)
	}
	t.Run("undo puts back the most recent, then the one before", func(t *testing.T) {
		for _, ext := range []string{"C", "B"} {
			d, ok, err := db.UndoDelete(ctx)
			if err != nil || !ok || d.ExternalID != ext {
				t.Fatalf("undo gave %q (%v, %v), want %s", d.ExternalID, ok, err, ext)
			}
			if _, err := db.Deal(ctx, d.ID); err != nil {
				t.Errorf("deal %s is not back: %v", ext, err)
			}
		}
	})
	t.Run("restore from the list brings the splits and history back", func(t *testing.T) {
		list, _ := db.RecentlyDeleted(ctx)
		if len(list) != 1 {
			t.Fatalf("%d deals left in the list, want 1", len(list))
		}
		d, err := db.RestoreDeleted(ctx, list[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		back, _ := db.Deal(ctx, d.ID)
		if !reflect.DeepEqual(back, wantA) {
			t.Errorf("restored %+v\nwant %+v", back, wantA)
		}
		if h, _ := db.DealHistory(ctx, d.ID); !reflect.DeepEqual(h, histA) || len(h) != 2 {
			t.Errorf("history %+v, want %+v", h, histA)
		}
		if s, _ := db.Splits(ctx, []int64{d.ID}); len(s[d.ID]) != 1 || s[d.ID][0].PersonID != bob.ID {
			t.Errorf("splits %+v", s[d.ID])
		}
		if _, ok, err := db.UndoDelete(ctx); ok || err != nil {
			t.Errorf("undo with nothing deleted: %v, %v", ok, err)
		}
		if _, err := db.RestoreDeleted(ctx, list[0].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("restoring twice: %v", err)
		}
	})
	t.Run("a deal that took the ID leaves the restored one a new ID", func(t *testing.T) {
		last := mk("L")
		if _, err := db.DeleteDealForUndo(ctx, last.ID, domain.Day(2026, 11, 20)); err != nil {
			t.Fatal(err)
		}
		newer := mk("N")
		if newer.ID != last.ID {
			t.Fatalf("the new deal got ID %d, not the freed %d: the case is not set up", newer.ID, last.ID)
		}
		d, _, err := db.UndoDelete(ctx)
		if err != nil || d.ID == last.ID || d.ExternalID != "L" {
			t.Fatalf("restored as %d %q (%v); ID %d is deal N's", d.ID, d.ExternalID, err, last.ID)
		}
	})
	t.Run("deleted deals are kept 30 days", func(t *testing.T) {
		old := mk("OLD")
		if _, err := db.DeleteDealForUndo(ctx, old.ID, domain.Day(2026, 10, 1)); err != nil {
			t.Fatal(err)
		}
		recent := mk("NEW")
		if _, err := db.DeleteDealForUndo(ctx, recent.ID, domain.Day(2026, 11, 1)); err != nil {
			t.Fatal(err)
		}
		list, _ := db.RecentlyDeleted(ctx)
		if len(list) != 1 || list[0].ExternalID != "NEW" {
			t.Errorf("after a delete 31 days later the list is %+v, want NEW alone", list)
		}
	})
}
