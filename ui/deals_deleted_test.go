package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
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
	// One or two characters wait for Enter: they read every deal.
	deals.search.SetText("")
	test.Type(deals.search, "Ro")
	if deals.total != all {
		t.Errorf("two characters typed already filter: %d deals of %d", deals.total, all)
	}
	deals.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	want, _ = u.DB.CountDeals(context.Background(), persistence.DealFilter{Text: "Ro"})
	if deals.total != want || want == all {
		t.Errorf("Enter after Ro shows %d deals, want %d of %d", deals.total, want, all)
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

// The reassignment asks to whom, each one's manager first; another person
// chosen there gets the open deals of the inactive people.
func TestReassigningAnInactivePersonsDealsToAChosenPerson(t *testing.T) {
	u := newTestUI(t, 800)
	deals := findDeals(t, u)
	ctx := context.Background()
	people, err := u.DB.People(ctx)
	if err != nil {
		t.Fatal(err)
	}
	openOf := func(id int64) int {
		n, err := u.DB.CountDeals(ctx, persistence.DealFilter{OwnerID: id, Status: "open"})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// One seller leaves with open deals; another person takes them.
	var leaver, taker *domain.Person
	for i := range people {
		p := &people[i]
		switch {
		case !p.Active:
		case leaver == nil && openOf(p.ID) > 0:
			leaver = p
		case taker == nil:
			taker = p
		}
	}
	if leaver == nil || taker == nil {
		t.Fatal("the demo has no active seller with open deals")
	}
	if _, err := u.DB.SQL().ExecContext(ctx, "UPDATE people SET active = 0 WHERE id = ?", leaver.ID); err != nil {
		t.Fatal(err)
	}
	r, err := u.DB.Quality(ctx, testToday)
	if err != nil {
		t.Fatal(err)
	}
	inactive := 0
	for _, f := range r.Findings {
		if f.Key == "inactive_owner" {
			inactive = f.Count
		}
	}
	leaving, before := openOf(leaver.ID), openOf(taker.ID)
	form, apply := deals.fixForm("inactive_owner", inactive)
	if !strings.Contains(markupText(form), fmt.Sprint(inactive)) {
		t.Errorf("the form does not say how many deals move (%d): %q", inactive, markupText(form))
	}
	if deals.reassignTo.SelectedIndex() != 0 || deals.reassignTo.Selected != "Each one's active manager" {
		t.Errorf("the form proposes %q first, want each one's manager", deals.reassignTo.Selected)
	}
	deals.reassignTo.SetSelected(taker.Name)
	if err := apply(); err != nil {
		t.Fatal(err)
	}
	// Every inactive person's open deals move (the demo has a leaver too).
	if got := openOf(taker.ID); got != before+inactive || inactive < leaving || openOf(leaver.ID) != 0 || deals.lastFix != inactive {
		t.Errorf("%s has %d open deals, want %d + %d; %s keeps %d of %d; the fix moved %d", taker.Name, got, before, inactive, leaver.Name, openOf(leaver.ID), leaving, deals.lastFix)
	}
	t.Run("the other fixes say what they change before they do", func(t *testing.T) {
		form, _ := deals.fixForm("stale", 17)
		if s := markupText(form); !strings.Contains(s, "17 open deals") || !strings.Contains(s, "history") {
			t.Errorf("stale fix asks %q", s)
		}
		form, _ = deals.fixForm("duplicate", 4)
		if s := markupText(form); !strings.Contains(s, "(4 deals)") || !strings.Contains(s, "Recently deleted") {
			t.Errorf("duplicate fix asks %q", s)
		}
	})
}

// markupText is the text of every label in o.
func markupText(o fyne.CanvasObject) string {
	switch w := o.(type) {
	case *widget.Label:
		return w.Text
	case *fyne.Container:
		var parts []string
		for _, c := range w.Objects {
			parts = append(parts, markupText(c))
		}
		return strings.Join(parts, " ")
	}
	return ""
}
