package persistence

import (
	"context"
	"reflect"
	"testing"
	"time"

	"salesops/domain"
)

// Every sort, filtered or not, pages through the same order as a plain
// LEFT JOIN sort would, deals without owner, account or territory included.
func TestDealPageSortsMatchTheReferenceOrder(t *testing.T) {
	x := newDealTable(t)
	// A second "alice" (same name, other case) and a deal without account.
	al2 := createPersonT(t, x.db, domain.Person{Name: "ALICE", Active: true})
	createDealT(t, x.db, domain.Deal{ExternalID: "D-6", Name: "Loose", OwnerID: al2.ID, StageID: x.stageNames["Proposal"]})
	filters := []DealFilter{{}, {Text: "Core"}, {StageID: x.stageNames["Proposal"]}, {Status: domain.StatusOpen}, {OwnerID: x.alice.ID},
		{Status: domain.StatusWon, From: domain.Day(2026, 1, 1), To: domain.Day(2027, 1, 1)}}
	defer func(b int, w time.Duration) { fewDealsBound, walkBudget = b, w }(fewDealsBound, walkBudget)
	// Every way to a page: the filtered deals collected and sorted, the sort
	// column's index walked with the filter checked on each deal, and the
	// walk given up for the collection when it takes too long.
	for _, c := range []struct {
		bound  int
		budget time.Duration
	}{{20_000, time.Minute}, {0, time.Minute}, {0, 0}} {
		fewDealsBound, walkBudget = c.bound, c.budget
		sortEveryColumn(t, x, filters)
	}
}

func sortEveryColumn(t *testing.T, x *dealTable, filters []DealFilter) {
	ctx := context.Background()
	for col, expr := range DealSortColumns {
		for _, desc := range []bool{false, true} {
			for _, f := range filters {
				dir := " ASC"
				if desc {
					dir = " DESC"
				}
				where, args := f.whereSearch(x.db.search)
				rows, err := x.db.SQL().QueryContext(ctx, "SELECT coalesce(d.external_id, '')"+dealTableFrom+where+" ORDER BY "+expr+dir+", d.id"+dir, args...)
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for rows.Next() {
					var id string
					rows.Scan(&id)
					want = append(want, id)
				}
				rows.Close()
				var got []string
				for off := 0; ; off += 2 {
					page, err := x.db.DealPage(ctx, f, DealSort{Column: col, Desc: desc}, off, 2)
					if err != nil {
						t.Fatalf("%s: %v", col, err)
					}
					if len(page) == 0 {
						break
					}
					got = append(got, x.extIDs(page)...)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("sort by %s desc=%v filter %+v (few %d, walk %v): %v, want %v", col, desc, f, fewDealsBound, walkBudget, got, want)
				}
			}
		}
	}
}
