package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"salesops/persistence"
)

func TestTypingInTheSearchShowsTheMatchingDeals(t *testing.T) {
	u := newTestUI(t, 800)
	deals := findDeals(t, u)
	all := deals.total
	test.Type(deals.search, "Robotics")
	want, err := u.DB.CountDeals(context.Background(), persistence.DealFilter{Text: "Robotics"})
	if err != nil {
		t.Fatal(err)
	}
	if deals.total != want || want == 0 || want == all {
		t.Fatalf("search Robotics shows %d deals, want %d of %d", deals.total, want, all)
	}
	for row := 0; row < min(deals.total, 30); row++ {
		if name, account := deals.cellText(row, 1), deals.cellText(row, 2); !containsFold(name, "robotics") && !containsFold(account, "robotics") {
			t.Errorf("row %d (%s, %s) does not hold Robotics", row, name, account)
		}
	}
	first := deals.cellText(0, 0)
	deals.search.SetText(first)
	if deals.total != 1 || deals.cellText(0, 0) != first {
		t.Errorf("searching deal ID %s shows %d deals, first %s", first, deals.total, deals.cellText(0, 0))
	}
	deals.search.SetText("")
	if deals.total != all {
		t.Errorf("an empty search shows %d deals, want %d", deals.total, all)
	}
}

func containsFold(s, sub string) bool { return strings.Contains(strings.ToLower(s), sub) }

// Three deals deleted, the app closed and opened again: Undo brings back
// the third, then the second; the list restores the first.
func TestDeletedDealsComeBackAfterARestart(t *testing.T) {
	u := newTestUI(t, 300)
	deals := findDeals(t, u)
	ctx := context.Background()
	all := deals.total
	if !deals.undo.Hidden {
		t.Fatal("undo is offered before anything was deleted")
	}
	var gone []int64
	for row := 0; row < 3; row++ {
		r := deals.row(0)
		gone = append(gone, r.ID)
		deals.deleteDeal(r.Deal)
	}
	if deals.total != all-3 || deals.undo.Hidden || len(deals.bin) != 3 {
		t.Fatalf("after three deletes: %d deals (want %d), undo hidden %v, %d in the list", deals.total, all-3, deals.undo.Hidden, len(deals.bin))
	}

	// Restart: close the workspace and the window, open both again.
	path := u.DB.Path
	u.Win.Close()
	u.DB.Close()
	db, err := persistence.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	u, err = New(test.NewTempApp(t), db, Options{Now: func() time.Time { return testToday }})
	if err != nil {
		t.Fatal(err)
	}
	deals = findDeals(t, u)
	if deals.total != all-3 || deals.undo.Hidden {
		t.Fatalf("after the restart: %d deals, undo hidden %v", deals.total, deals.undo.Hidden)
	}
	undo := deals.undo.Objects[1].(*widget.Button)
	test.Tap(undo)
	if _, err := db.Deal(ctx, gone[2]); err != nil || deals.total != all-2 {
		t.Fatalf("the first undo did not bring back the last deleted deal: %v, %d deals", err, deals.total)
	}
	test.Tap(undo)
	if _, err := db.Deal(ctx, gone[1]); err != nil || deals.total != all-1 {
		t.Fatalf("the second undo did not bring back the deal deleted before: %v, %d deals", err, deals.total)
	}
	list := deals.deletedList()
	if n := list.Length(); n != 1 {
		t.Fatalf("the recently deleted list holds %d deals, want 1", n)
	}
	item := list.CreateItem()
	list.UpdateItem(0, item)
	test.Tap(item.(*fyne.Container).Objects[1].(*widget.Button))
	if _, err := db.Deal(ctx, gone[0]); err != nil || deals.total != all || !deals.undo.Hidden {
		t.Fatalf("Restore in the list: %v, %d deals, undo hidden %v", err, deals.total, deals.undo.Hidden)
	}
}
