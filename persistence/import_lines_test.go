package persistence

import (
	"bufio"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// Order lines: three lines of order A (rows 2, 3 and 5), one of B, two of C
// of which the second is in another currency.
const orderLines = "Order ID,Product,Customer,Sales,Currency,Order Date\n" +
	"A-1,Chairs,Acme,100.50,,2026-03-01\n" + // row 2
	"A-1,Tables,Acme,200.25,,2026-03-02\n" + // row 3
	"B-2,Paper,Globex,10,,2026-03-05\n" + // row 4
	"A-1,Lamps,Acme,,,2026-03-03\n" + // row 5: no amount
	"C-3,Desk,Initech,50,USD,2026-03-07\n" + // row 6
	"C-3,Desk,Initech,60,GBP,2026-03-07\n" // row 7: cannot be summed with USD

func TestImportRepeatedDealIDs(t *testing.T) {
	mapping := map[string]string{"Order ID": "deal_id", "Product": "name", "Customer": "account", "Sales": "amount", "Order Date": "close_date"}
	cases := []struct {
		name                             string
		combine                          bool
		read, inserted, errors, combined int
		problems                         []string
		amounts                          map[string]int64 // deal ID → amount in cents
		names                            map[string]string
		rejectedRows                     int
	}{
		{name: "refused without combine", read: 6, inserted: 3, errors: 3,
			problems: []string{
				"row 3, column Order ID: deal ID 'A-1' already on row 2",
				"row 5, column Order ID: deal ID 'A-1' already on row 2",
				"row 7, column Order ID: deal ID 'C-3' already on row 6",
			},
			amounts:      map[string]int64{"A-1": 10050, "B-2": 1000, "C-3": 5000},
			names:        map[string]string{"A-1": "Chairs"},
			rejectedRows: 3},
		{name: "summed with combine", combine: true, read: 6, inserted: 3, errors: 1, combined: 2,
			problems: []string{
				"row 7, column Sales: the lines of deal ID 'C-3' are in USD on row 6 but GBP here: they cannot be summed",
			},
			// 100.50 + 200.25 + (no amount) = 300.75; the name and date of the first line.
			amounts:      map[string]int64{"A-1": 30075, "B-2": 1000, "C-3": 5000},
			names:        map[string]string{"A-1": "Chairs"},
			rejectedRows: 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := MustOpenDB(t)
			ctx := t.Context()
			s, _ := db.Settings(ctx)
			s.Rates = map[string]domain.Rate{"USD": domain.RateFromFloat(0.9), "GBP": domain.RateFromFloat(1.2)}
			if err := db.SaveSettings(ctx, s); err != nil {
				t.Fatal(err)
			}
			path := writeFile(t, "lines.csv", []byte(orderLines))
			for _, dry := range []bool{true, false} {
				res := mustImport(t, db, path, ImportOptions{Map: mapping, CombineLines: c.combine, DryRun: dry})
				if res.Read != c.read || res.Inserted != c.inserted || res.Errors != c.errors || res.Combined != c.combined || res.Updated != 0 {
					t.Fatalf("dry run %v: %s", dry, res.Summary())
				}
				var got []string
				for _, p := range res.Problems {
					got = append(got, p.String())
				}
				if strings.Join(got, "\n") != strings.Join(c.problems, "\n") {
					t.Errorf("dry run %v: problems\n%s\nwant\n%s", dry, strings.Join(got, "\n"), strings.Join(c.problems, "\n"))
				}
				if len(res.Rejected) != c.rejectedRows {
					t.Errorf("dry run %v: %d rejected rows, want %d", dry, len(res.Rejected), c.rejectedRows)
				}
				if !dry {
					out := filepath.Join(t.TempDir(), "refused.xlsx")
					if err := WriteRejected(out, res); err != nil {
						t.Fatal(err)
					}
					f, err := sheets.OpenWorkbook(out)
					if err != nil {
						t.Fatal(err)
					}
					rows, err := f.GetRows(f.GetSheetList()[0])
					f.Close()
					if err != nil {
						t.Fatal(err)
					}
					// The file's own columns as read, then the reason.
					if len(rows) != c.rejectedRows+1 || rows[0][len(rows[0])-1] != "Reason" {
						t.Fatalf("refused rows workbook: %v", rows)
					}
					last := rows[len(rows)-1]
					if last[0] != "C-3" || last[len(last)-1] != c.problems[len(c.problems)-1] {
						t.Errorf("last refused row %v, want C-3 with %q", last, c.problems[len(c.problems)-1])
					}
				}
			}
			got := dealsByExt(t, db)
			for id, want := range c.amounts {
				if got[id].Amount != want {
					t.Errorf("%s amount = %d, want %d", id, got[id].Amount, want)
				}
			}
			for id, want := range c.names {
				if got[id].Name != want || got[id].Close != "2026-03-01" {
					t.Errorf("%s = %+v, want the name and date of its first line", id, got[id])
				}
			}
			// The same file again changes nothing.
			again := mustImport(t, db, path, ImportOptions{Map: mapping, CombineLines: c.combine})
			if again.Changed() || again.Skipped != c.inserted {
				t.Errorf("re-import: %s", again.Summary())
			}
		})
	}
}

func TestImportSuperstoreOrderLinesCombined(t *testing.T) {
	dir := sharedData(t)
	path := filepath.Join(dir, "sample-superstore.csv")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bufio.NewReader(f)).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	col, orderCol := -1, -1
	for i, h := range recs[0] {
		switch strings.TrimPrefix(h, "\ufeff") {
		case "Sales":
			col = i
		case "Order ID":
			orderCol = i
		}
	}
	var want int64
	orders := map[string]bool{}
	for _, r := range recs[1:] {
		want += exactCents(t, r[col])
		orders[r[orderCol]] = true
	}
	mapping := map[string]string{"Order ID": "deal_id", "Product Name": "name", "Customer Name": "account", "Sales": "amount",
		"Order Date": "created", "Ship Date": "close_date"}
	db := MustOpenDB(t)
	plain := mustImport(t, db, path, ImportOptions{Map: mapping, DryRun: true})
	if plain.Inserted != len(orders) || plain.Errors != len(recs)-1-len(orders) {
		t.Errorf("without combine: %s, want %d orders inserted and the other lines refused", plain.Summary(), len(orders))
	}
	res := mustImport(t, db, path, ImportOptions{Map: mapping, CombineLines: true})
	if res.Read != len(recs)-1 || res.Inserted != len(orders) || res.Combined != res.Read-len(orders) || res.Errors != 0 {
		t.Fatalf("%s, want %d orders", res.Summary(), len(orders))
	}
	if got := count(t, db, "SELECT sum(amount) FROM deals WHERE status = 'won'"); int64(got) != want {
		t.Errorf("closed-won total = %d cents, the file's Sales add up to %d", got, want)
	}
}
