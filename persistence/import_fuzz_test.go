package persistence

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
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
		if res.Inserted+res.Updated+res.Skipped+res.Errors != res.Read {
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
