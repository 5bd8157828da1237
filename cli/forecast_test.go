package cli

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// demoWorkspace writes a small demo company (three years of history up to
// 2026-11-22) into a temp file.
func TestForecastCommand(t *testing.T) {
	db := demoWorkspace(t)
	t.Run("auto returns the chosen method, history, forecast and backtest", func(t *testing.T) {
		code, out, errs := run("forecast", "--db", db, "--as-of", "2026-11-22", "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var f ForecastJSON
		if err := json.Unmarshal([]byte(out), &f); err != nil {
			t.Fatal(err)
		}
		if f.Method == "auto" || f.Method == "" || f.Reason == "" {
			t.Errorf("method %q, reason %q: want the chosen method and why", f.Method, f.Reason)
		}
		if len(f.History) == 0 || f.History[len(f.History)-1].Period != "2026-10" {
			t.Errorf("history ends %v, want with 2026-10 (the last full month before the as-of day)", f.History[len(f.History)-1])
		}
		if len(f.Forecast) != 18 || f.Forecast[0].Period != "2026-11" || f.Forecast[17].Period != "2028-04" {
			t.Errorf("forecast %d months from %v", len(f.Forecast), f.Forecast[0])
		}
		for _, p := range f.Forecast {
			if p.Low > p.Value || p.Value > p.High {
				t.Errorf("%s: %v outside [%v, %v]", p.Period, p.Value, p.Low, p.High)
			}
		}
		if f.Backtest.WAPE == nil || f.Backtest.MAPE == nil || f.Backtest.Bias == nil {
			t.Errorf("backtest %+v", f.Backtest)
		}
		for _, key := range []string{`"method"`, `"history"`, `"forecast"`, `"backtest"`, `"wape"`, `"mape"`, `"bias"`, `"period"`, `"low"`, `"high"`, `"actual"`} {
			if !strings.Contains(out, key) {
				t.Errorf("output lacks %s", key)
			}
		}
	})
	t.Run("each method and horizon", func(t *testing.T) {
		for _, m := range []string{"moving-average", "linear", "holt-winters"} {
			code, out, errs := run("forecast", "--db", db, "--as-of", "2026-11-22", "--method", m, "--horizon", "24", "--json")
			var f ForecastJSON
			if code != 0 || json.Unmarshal([]byte(out), &f) != nil || f.Method != m || len(f.Forecast) != 24 {
				t.Errorf("%s: exit %d %s method %q, %d months", m, code, errs, f.Method, len(f.Forecast))
			}
		}
	})
	t.Run("as-of reproduces an old forecast with a short history", func(t *testing.T) {
		code, out, _ := run("forecast", "--db", db, "--as-of", "2024-06-10", "--method", "holt-winters", "--json")
		var f ForecastJSON
		if code != 0 || json.Unmarshal([]byte(out), &f) != nil {
			t.Fatal(code, out)
		}
		if f.Method == "holt-winters" || f.Fallback == "" || f.Forecast[0].Period != "2024-06" || f.History[len(f.History)-1].Period != "2024-05" {
			t.Errorf("method %q fallback %q, first %v", f.Method, f.Fallback, f.Forecast[0])
		}
	})
	t.Run("pipeline returns the categories and roll-ups of the period", func(t *testing.T) {
		code, out, errs := run("forecast", "--db", db, "--as-of", "2026-11-22", "--method", "pipeline", "--json")
		var f ForecastJSON
		if code != 0 || json.Unmarshal([]byte(out), &f) != nil || f.Pipeline == nil {
			t.Fatalf("exit %d %s", code, errs)
		}
		tot := f.Pipeline.Total
		if f.Pipeline.Period != "2026-Q4" || len(f.Pipeline.People) == 0 || len(f.Pipeline.Territories) == 0 {
			t.Errorf("pipeline %+v", f.Pipeline)
		}
		if d := tot.CommitForecast - (tot.Closed + tot.Commit); d > 0.005 || d < -0.005 {
			t.Errorf("commit forecast %v ≠ closed %v + commit %v", tot.CommitForecast, tot.Closed, tot.Commit)
		}
		if d := tot.OpenPipeline - (tot.Pipeline + tot.BestCase + tot.Commit); d > 0.005 || d < -0.005 {
			t.Errorf("open pipeline %v", tot.OpenPipeline)
		}
		if len(f.Forecast) != 1 || f.Forecast[0].Low != tot.Closed || f.Forecast[0].High != tot.BestCaseForecast {
			t.Errorf("pipeline forecast %+v", f.Forecast)
		}
		for _, key := range []string{`"best_case"`, `"weighted_pipeline"`, `"gap"`, `"coverage_needed"`, `"adjusted_commit"`} {
			if !strings.Contains(out, key) {
				t.Errorf("output lacks %s", key)
			}
		}
	})
	t.Run("bad arguments exit 1 and name the flag", func(t *testing.T) {
		for _, args := range [][]string{{"--method", "magic"}, {"--horizon", "25"}, {"--as-of", "22/11/2026"}, {"--method", "pipeline", "--period", "2026-Q9"}} {
			code, _, errs := run(append([]string{"forecast", "--db", db, "--json"}, args...)...)
			if code != 1 || !strings.Contains(errs, args[len(args)-2]) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Errorf("%v: exit %d, %q", args, code, errs)
			}
		}
		if code, _, _ := run("forecast", "--json"); code != 2 {
			t.Errorf("without --db: exit %d, want 2", code)
		}
	})
}

func TestExportForecastWorkbook(t *testing.T) {
	db := demoWorkspace(t)
	out := filepath.Join(t.TempDir(), "forecast.xlsx")
	if code, _, errs := run("export", "--db", db, "forecast", "--as-of", "2026-11-22", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Categories,Statistical forecast,Accuracy" {
		t.Errorf("sheets %s", got)
	}
	rows, _ := f.GetRows("Categories")
	if len(rows) < 3 || rows[0][0] != "Level" || rows[len(rows)-1][0] != "Total" {
		t.Fatalf("categories sheet %v", rows[:min(3, len(rows))])
	}
	// Filtering on Person adds up to the total, for every category.
	raw, _ := f.GetRows("Categories", excelize.Options{RawCellValue: true})
	for col := 3; col <= 7; col++ {
		var sum, total float64
		for _, r := range raw[1:] {
			v, _ := strconv.ParseFloat(r[col], 64)
			switch r[0] {
			case "Person":
				sum += v
			case "Total":
				total = v
			}
		}
		if math.Abs(sum-total) > 0.005 || total == 0 && col == 3 {
			t.Errorf("%s: people add to %.2f, total %.2f", raw[0][col], sum, total)
		}
	}
	// Amounts are numbers, not text.
	if typ, _ := f.GetCellType("Categories", "D2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("Closed is stored as text")
	}
	if v, _ := f.GetCellValue("Statistical forecast", "A2"); v == "" {
		t.Error("no history in the statistical forecast sheet")
	}
	if code, _, _ := run("export", "--db", db, "forecast", "-o", filepath.Join(t.TempDir(), "f.csv")); code != 1 {
		t.Errorf("CSV forecast workbook: exit %d, want 1", code)
	}
}
