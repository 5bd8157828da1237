package persistence

import (
	"context"
	"testing"
	"time"

	"salesops/domain"
)

func TestQualityOnAnEmptyWorkspace(t *testing.T) {
	r, err := MustOpenDB(t).Quality(context.Background(), domain.Day(2026, 6, 15))
	if err != nil {
		t.Fatal(err)
	}
	if r.Deals != 0 || r.Flagged != 0 || r.Score() != 1 {
		t.Errorf("report = %+v, score %v; want no deals and a score of 1", r, r.Score())
	}
}

func TestQualityCountsEachFinding(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	asOf := domain.Day(2026, 6, 15)
	alice := createPersonT(t, db, domain.Person{Name: "Alice", Active: true})
	carol := createPersonT(t, db, domain.Person{Name: "Carol", Active: false})
	acct := domain.Account{Name: "Fjord Foods"}
	if err := db.CreateAccount(ctx, &acct); err != nil {
		t.Fatal(err)
	}
	open, won, lost := stageID(t, db, "Proposal"), stageID(t, db, "Closed Won"), stageID(t, db, "Closed Lost")
	later := domain.Day(2026, 7, 1)
	deals := []struct {
		why string
		d   domain.Deal
	}{
		{"duplicate of 2", domain.Deal{Name: "Renewal", AccountID: acct.ID, OwnerID: alice.ID, StageID: won, Amount: 1000, HasAmount: true, CloseDate: domain.Day(2026, 3, 1)}},
		{"duplicate of 1", domain.Deal{Name: "Renewal", AccountID: acct.ID, OwnerID: alice.ID, StageID: lost, Amount: 1000, HasAmount: true, CloseDate: domain.Day(2026, 3, 5)}},
		{"clean: same name, other amount", domain.Deal{Name: "Renewal", AccountID: acct.ID, OwnerID: alice.ID, StageID: open, Amount: 2000, HasAmount: true, CloseDate: later}},
		{"missing owner", domain.Deal{Name: "Unowned", StageID: open, Amount: 500, HasAmount: true, CloseDate: later}},
		{"missing amount", domain.Deal{Name: "No amount", OwnerID: alice.ID, StageID: open, CloseDate: later}},
		{"missing close date", domain.Deal{Name: "No date", OwnerID: alice.ID, StageID: open, Amount: 100, HasAmount: true}},
		{"stale: open, closing the day before as-of", domain.Deal{Name: "Stale", OwnerID: alice.ID, StageID: open, Amount: 100, HasAmount: true, CloseDate: asOf.AddDate(0, 0, -1)}},
		{"clean: open, closing on the as-of day", domain.Deal{Name: "Due today", OwnerID: alice.ID, StageID: open, Amount: 100, HasAmount: true, CloseDate: asOf}},
		{"amount zero", domain.Deal{Name: "Free pilot", OwnerID: alice.ID, StageID: won, Amount: 0, HasAmount: true, CloseDate: domain.Day(2026, 5, 1)}},
		{"open deal of an inactive owner", domain.Deal{Name: "Carol's open", OwnerID: carol.ID, StageID: open, Amount: 100, HasAmount: true, CloseDate: later}},
		{"clean: won deal of an inactive owner", domain.Deal{Name: "Carol's won", OwnerID: carol.ID, StageID: won, Amount: 100, HasAmount: true, CloseDate: domain.Day(2026, 1, 1)}},
		{"missing owner, amount and close date: one flagged deal", domain.Deal{Name: "Empty", StageID: open}},
	}
	for _, x := range deals {
		createDealT(t, db, x.d)
	}
	r, err := db.Quality(ctx, asOf)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"duplicate":           2, // deals 1 and 2
		"missing_owner":       2, // "Unowned" and "Empty"
		"missing_amount":      2, // "No amount" and "Empty"
		"missing_close_date":  2, // "No date" and "Empty"
		"stale":               1,
		"non_positive_amount": 1,
		"inactive_owner":      1,
	}
	got := map[string]int{}
	for _, f := range r.Findings {
		got[f.Key] = f.Count
		if f.Label == "" {
			t.Errorf("finding %s has no label", f.Key)
		}
	}
	for key, n := range want {
		t.Run("the "+key+" rule finds "+itoa(int64(n))+" deals", func(t *testing.T) {
			if got[key] != n {
				t.Errorf("%s = %d, want %d", key, got[key], n)
			}
		})
	}
	if len(got) != len(want) {
		t.Errorf("findings %v, want exactly the keys of %v", got, want)
	}
	// Flagged: the 12 deals minus the 3 clean ones = 9; score 1 − 9/12 = 0.25.
	t.Run("a deal with several findings is flagged once", func(t *testing.T) {
		if r.Deals != 12 || r.Flagged != 9 {
			t.Errorf("Deals = %d, Flagged = %d; want 12 and 9", r.Deals, r.Flagged)
		}
	})
	t.Run("the score is the share of deals without findings", func(t *testing.T) {
		if r.Score() != 0.25 {
			t.Errorf("Score() = %v, want 0.25", r.Score())
		}
	})
	t.Run("a later as-of date makes more open deals stale", func(t *testing.T) {
		// On 2026-07-02 the open deals closing 2026-07-01 ("Renewal" 2000,
		// "Unowned", "No amount", "Carol's open") and "Stale" and "Due today" are stale: 6.
		r2, err := db.Quality(ctx, time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r2.Findings {
			if f.Key == "stale" && f.Count != 6 {
				t.Errorf("stale = %d, want 6", f.Count)
			}
		}
	})
}
