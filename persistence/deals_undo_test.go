package persistence

import (
	"context"
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

	gone, err := db.DeleteDealForUndo(ctx, d.ID)
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
