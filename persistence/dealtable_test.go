package persistence

import (
	"context"
	"reflect"
	"testing"

	"salesops/domain"
)

// Every sort, filtered or not, pages through the same order as a plain
// LEFT JOIN sort would, deals without owner, account or territory included.
func TestDealPageSortsMatchTheReferenceOrder(t *testing.T) {
	ctx := context.Background()
	x := newDealTable(t)
	// A second "alice" (same name, other case) and a deal without account.
	al2 := createPersonT(t, x.db, domain.Person{Name: "ALICE", Active: true})
	createDealT(t, x.db, domain.Deal{ExternalID: "D-6", Name: "Loose", OwnerID: al2.ID, StageID: x.stageNames["Proposal"]})
	filters := []DealFilter{{}, {Text: "Core"}, {StageID: x.stageNames["Proposal"]}}
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
					t.Errorf("sort by %s desc=%v filter %+v: %v, want %v", col, desc, f, got, want)
				}
			}
		}
	}
}
