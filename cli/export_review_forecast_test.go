package cli

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
	"salesops/persistence"
)

// The review's Forecast sheet: the person rows of the categories add up to
// the total row, which is the pipeline forecast of the quarter as of the
// day; then one accuracy row per snapshot of an ended quarter, with the
// snapshot's forecast, actual and accuracy as the accuracy history has them.
func TestExportReviewForecastSheetHasTheCategoriesAndTheAccuracyHistory(t *testing.T) {
	path := demoWorkspace(t)
	out := filepath.Join(t.TempDir(), "review.xlsx")
	if code, _, errs := run("export", "--db", path, "review", "--period", "2026-Q3", "--as-of", "2026-11-22", "-o", out); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	ctx := context.Background()
	db, err := persistence.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := domain.ParsePeriod("2026-Q3", s.Calendar)
	if err != nil {
		t.Fatal(err)
	}
	asOf := domain.Day(2026, 11, 22)
	pf, _, err := db.PipelineForecastAsOf(ctx, p, asOf)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := db.AccuracyHistory(ctx, asOf, s.Calendar, domain.Quarter, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(acc) == 0 || pf.Total.Commit == 0 || pf.Total.Pipeline == 0 {
		t.Fatalf("the demo has %d accuracy points and a commit of %d: nothing to check", len(acc), pf.Total.Commit)
	}

	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Forecast", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	num := func(r []string, i int) float64 {
		if i >= len(r) || r[i] == "" {
			return 0
		}
		v, err := strconv.ParseFloat(r[i], 64)
		if err != nil {
			t.Fatalf("row %v column %d: %v", r, i, err)
		}
		return v
	}
	major := func(m domain.Money) float64 { return float64(m) / 100 } // EUR
	near := func(a, b float64) bool { return math.Abs(a-b) < 0.005 }
	var sum [4]float64
	var total []string
	var points [][]string
	for _, r := range rows[1:] {
		if len(r) < 2 {
			continue
		}
		switch {
		case r[0] == "Categories" && r[1] == "Total":
			total = r
		case r[0] == "Categories":
			for i := range sum {
				sum[i] += num(r, 4+i)
			}
		case r[0] == "Accuracy" && r[1] == "Everyone":
			points = append(points, r)
		}
	}
	if total == nil {
		t.Fatal("no total row of the categories")
	}
	want := []domain.Money{pf.Total.Closed, pf.Total.Commit, pf.Total.BestCase, pf.Total.Pipeline}
	for i, w := range want {
		if !near(num(total, 4+i), major(w)) || !near(sum[i], major(w)) {
			t.Errorf("column %s: total %v, people add up to %v, want %v", rows[0][4+i], num(total, 4+i), sum[i], major(w))
		}
	}
	if len(points) != len(acc) {
		t.Fatalf("%d accuracy rows, want %d", len(points), len(acc))
	}
	for i, pt := range acc {
		r := points[i]
		if r[3] != pt.Period.String() || !near(num(r, 8), major(pt.Forecast)) || !near(num(r, 9), major(pt.Actual)) ||
			!pt.Accuracy.OK || math.Abs(num(r, 10)-pt.Accuracy.V) > 1e-9 {
			t.Errorf("accuracy row %d = %v, want %s %d %d %v", i, r, pt.Period, pt.Forecast, pt.Actual, pt.Accuracy)
		}
	}
}
