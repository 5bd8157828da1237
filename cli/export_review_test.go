package cli

import (
	"archive/zip"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExportReviewWritesTheFiveSheetsWithChartsAndNumbers(t *testing.T) {
	path := demoWorkspace(t)
	out := filepath.Join(t.TempDir(), "review.xlsx")
	code, stdout, errs := run("export", "--db", path, "review", "--period", "2026-Q3", "--as-of", "2026-11-22", "-o", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(stdout, "2026-Q3") {
		t.Errorf("stdout %q does not name the period", stdout)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "Summary,Leaderboard,Territories,Win-Loss,Forecast" {
		t.Errorf("sheets = %s", got)
	}
	// Closed-won of the quarter is a real number with the currency format.
	typ, err := f.GetCellType("Summary", "B2")
	if err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("Summary!B2 is of type %v (%v), want a number", typ, err)
	}
	if v, _ := f.GetCellValue("Summary", "A2"); v != "2026-Q3" {
		t.Errorf("Summary!A2 = %q", v)
	}
	st, _ := f.GetCellStyle("Summary", "B2")
	if s, _ := f.GetStyle(st); s == nil || s.CustomNumFmt == nil || !strings.Contains(*s.CustomNumFmt, "EUR") {
		t.Errorf("Summary!B2 is not formatted as money")
	}
	// Five native charts, each in its own sheet's drawing.
	z, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	charts, drawings := 0, 0
	for _, e := range z.File {
		switch {
		case strings.HasPrefix(e.Name, "xl/charts/chart"):
			charts++
		case strings.HasPrefix(e.Name, "xl/drawings/drawing") && strings.HasSuffix(e.Name, ".xml"):
			drawings++
		}
	}
	if charts != 5 || drawings != 5 {
		t.Errorf("%d charts in %d drawings, want 5 in 5", charts, drawings)
	}
}

func TestExportReviewRefusesACSV(t *testing.T) {
	path := demoWorkspace(t)
	code, _, errs := run("export", "--db", path, "review", "--period", "2026-Q3", "-o", filepath.Join(t.TempDir(), "r.csv"))
	if code != ExitUsage || !strings.Contains(errs, ".xlsx") {
		t.Errorf("exit %d, %q", code, errs)
	}
}
