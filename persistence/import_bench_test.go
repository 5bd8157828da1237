package persistence

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// benchDeals is the size of the workspace the spreadsheet benchmarks use
// (SALESOPS_BENCH_DEALS overrides it; make bench measures 100,000 through
// the binary).
func benchDeals() int {
	if v := os.Getenv("SALESOPS_BENCH_DEALS"); v != "" {
		var n int
		for _, c := range v {
			n = n*10 + int(c-'0')
		}
		return n
	}
	return 20_000
}

// benchWorkspace makes a demo workspace, exports its deals to ext and empties
// its deals table: importing the file inserts every row, as in make bench.
func benchWorkspace(b *testing.B, ext string) (*DB, string) {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	if d := os.Getenv("SALESOPS_BENCH_DIR"); d != "" {
		// Kept between runs: the demo takes longer to make than to import.
		dir = d
	}
	fresh := true
	if _, err := os.Stat(filepath.Join(dir, "src.db")); err == nil {
		fresh = false
	}
	db, err := Open(ctx, filepath.Join(dir, "src.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	file := filepath.Join(dir, "deals"+ext)
	if _, err := os.Stat(file); err == nil && !fresh {
		return db, file
	}
	if fresh {
		if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 1, Deals: benchDeals(), AsOf: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.ExportDeals(ctx, file, ExportOptions{}); err != nil {
		b.Fatal(err)
	}
	return db, file
}

func benchImport(b *testing.B, ext string) {
	db, file := benchWorkspace(b, ext)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if _, err := db.db.ExecContext(ctx, "DELETE FROM deals"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := db.Import(ctx, file, ImportOptions{Kind: "deals", DryRun: false})
		if err != nil {
			b.Fatal(err)
		}
		if res.Inserted != benchDeals() {
			b.Fatalf("%s", res.Summary())
		}
	}
}

func BenchmarkImportDealsCSV(b *testing.B)  { benchImport(b, ".csv") }
func BenchmarkImportDealsXLSX(b *testing.B) { benchImport(b, ".xlsx") }

func BenchmarkExportDealsXLSX(b *testing.B) {
	db, _ := benchWorkspace(b, ".csv")
	ctx := context.Background()
	out := filepath.Join(b.TempDir(), "out.xlsx")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := db.ExportDeals(ctx, out, ExportOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
