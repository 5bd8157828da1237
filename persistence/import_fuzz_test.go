package persistence

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"salesops/persistence/sheets"
)

// FuzzImportXLSX writes fuzzed cells into a deals workbook and imports it
// (dry run, so the workspace stays small): whatever the cells hold, the
// import reports problems instead of failing, and every row is accounted for.
func FuzzImportXLSX(f *testing.F) {
	seeds := [][5]string{
		{"Acme renewal", "Closed Won", "1,200.50", "2026-03-15", "40%"},
		{"Globex", "Negotiation", "(1.234,56)", "13/01/2026", "0.4"},
		{"", "", "twelve", "2026-02-30", "150"},
		{"=1+1", "Vinto", "€ 1 234,56", "46204.5", "N/A"},
		{"x", "Perdu", "1E+30", "01/13/2026", "-1"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4])
	}
	db := MustOpenDB(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, name, stage, amount, close, prob string) {
		path := filepath.Join(dir, "fuzz.xlsx")
		x := excelize.NewFile()
		sw, err := x.NewStreamWriter("Sheet1")
		if err != nil {
			t.Fatal(err)
		}
		sw.SetRow("A1", []any{"Name", "Stage", "Amount", "Close date", "Probability"})
		sw.SetRow("A2", []any{name, stage, amount, close, prob})
		sw.SetRow("A3", []any{"Control", "Proposal", "10", "2026-01-01", "10"})
		if err := sw.Flush(); err != nil {
			t.Skip(err) // excelize refuses some strings itself
		}
		if err := x.SaveAs(path); err != nil {
			t.Skip(err)
		}
		res, err := db.Import(context.Background(), path, ImportOptions{Kind: "deals", DryRun: true})
		if err != nil {
			return // a clear refusal of the whole file is fine
		}
		if res.Inserted+res.Updated+res.Skipped+res.Errors+res.Combined != res.Read {
			t.Fatalf("rows unaccounted for: %s", res.Summary())
		}
		if res.Errors != len(res.Rejected) {
			t.Fatalf("%d errors, %d rejected rows", res.Errors, len(res.Rejected))
		}
		for _, p := range res.Problems {
			if p.Row < 2 || p.Reason == "" {
				t.Fatalf("problem without a place or reason: %+v", p)
			}
		}
	})
}

// FuzzImportRepeatedDealIDs imports three lines whose deal IDs and amounts
// are fuzzed, with and without CombineLines: every row is accounted for,
// a repeated ID is refused or combined, never silently applied twice.
func FuzzImportRepeatedDealIDs(f *testing.F) {
	seeds := [][6]string{
		{"A", "10", "A", "20.50", "B", "1"},
		{"A", "10", "a", "20", "A", "(5)"},
		{"", "10", "", "10", "X", "twelve"},
		{"CA-2016-152156", "261.96", "CA-2016-152156", "731.94", "CA-2016-138688", "14.62"},
		{"=1", "1E+30", "=1", "-1", "=1", "NA"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5], false)
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5], true)
	}
	db := MustOpenDB(f)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, id1, a1, id2, a2, id3, a3 string, combine bool) {
		var b strings.Builder
		w := csv.NewWriter(&b)
		w.Write([]string{"Deal ID", "Name", "Stage", "Amount", "Close date"})
		for i, r := range [][2]string{{id1, a1}, {id2, a2}, {id3, a3}} {
			w.Write([]string{r[0], fmt.Sprintf("Line %d", i+1), "Closed Won", r[1], "2026-03-01"})
		}
		w.Flush()
		path := filepath.Join(dir, "lines.csv")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := db.Import(context.Background(), path, ImportOptions{Kind: "deals", DryRun: true, CombineLines: combine})
		if err != nil {
			return
		}
		if res.Inserted+res.Updated+res.Skipped+res.Errors+res.Combined != res.Read {
			t.Fatalf("rows unaccounted for: %s", res.Summary())
		}
		if !combine && res.Combined != 0 {
			t.Fatalf("lines combined without CombineLines: %s", res.Summary())
		}
		ids := map[string]bool{}
		for _, id := range []string{id1, id2, id3} {
			if v := strings.TrimSpace(id); v != "" && !sheets.IsEmpty(v) {
				ids[v] = true
			}
		}
		if res.Inserted > 3 || (len(ids) > 0 && res.Inserted+res.Updated+res.Skipped > 3) {
			t.Fatalf("%s for IDs %v", res.Summary(), ids)
		}
		if res.Errors != len(res.Rejected) {
			t.Fatalf("%d errors, %d rejected rows", res.Errors, len(res.Rejected))
		}
	})
}
