package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
	"salesops/persistence"
)

func writeTerritoryDesign(t *testing.T, path string, terr, rules [][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for name, rows := range map[string][][]any{"Territories": terr, "Rules": rules} {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.DeleteSheet("Sheet1")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func runTerritoryCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestImportAndExportTerritoriesFromTheCommandLine(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.db")
	db, err := persistence.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []domain.Account{{Name: "Roma", Country: "IT"}, {Name: "Oslo", Country: "NO"}, {Name: "Pinned", Country: "IT", Assignment: domain.AssignedManual}} {
		if err := db.CreateAccount(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	good := filepath.Join(dir, "design.xlsx")
	writeTerritoryDesign(t, good, [][]any{{"Territory", "Parent", "Priority", "Owner email", "Overlay emails", "Effective from"}, {"Italy", "", 10}},
		[][]any{{"Territory", "Set", "Field", "Operator", "Value"}, {"Italy", 1, "country", "=", "IT"}})

	t.Run("import assigns the accounts at once and keeps manual locks", func(t *testing.T) {
		code, out, errs := runTerritoryCLI("import", "--db", dbPath, "--kind", "territories", good)
		if code != ExitOK || !strings.Contains(out, "1 created") || !strings.Contains(out, "1 moved") || !strings.Contains(out, "1 manual kept") {
			t.Fatalf("exit %d, out %q, err %q", code, out, errs)
		}
		db, _ := persistence.Open(ctx, dbPath)
		defer db.Close()
		accounts, _ := db.Accounts(ctx)
		for _, a := range accounts {
			want := a.Name == "Roma"
			if (a.TerritoryID != 0) != want {
				t.Errorf("%s in territory %d (%s)", a.Name, a.TerritoryID, a.Assignment)
			}
		}
	})
	t.Run("export writes the workbook back", func(t *testing.T) {
		out := filepath.Join(dir, "out.xlsx")
		if code, _, errs := runTerritoryCLI("export", "--db", dbPath, "territories", "-o", out); code != ExitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		d, err := persistence.ReadTerritoryWorkbook(out)
		if err != nil || len(d.Territories) != 1 || len(d.Rules) != 1 || d.Territories[0].Priority != 10 {
			t.Errorf("%+v, %v", d, err)
		}
	})
	t.Run("export to CSV is a usage error", func(t *testing.T) {
		if code, _, _ := runTerritoryCLI("export", "--db", dbPath, "territories", "-o", filepath.Join(dir, "x.csv")); code != ExitUsage {
			t.Errorf("exit %d, want %d", code, ExitUsage)
		}
	})
	t.Run("a bad workbook names sheet, row and column and changes nothing", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.xlsx")
		writeTerritoryDesign(t, bad, [][]any{{"Territory", "Parent", "Priority"}, {"France", "", 5}},
			[][]any{{"Territory", "Set", "Field", "Operator", "Value"}, {"France", 1, "country", "=", "FR"}, {"France", 1, "employees", "between", "lots"}})
		code, _, errs := runTerritoryCLI("import", "--db", dbPath, "--kind", "territories", bad)
		if code != ExitUser || !strings.Contains(errs, "Sheet Rules, row 3, column E (Value)") || strings.Count(errs, "\n") != 1 {
			t.Errorf("exit %d, message %q", code, errs)
		}
		db, _ := persistence.Open(ctx, dbPath)
		defer db.Close()
		if terrs, _ := db.Territories(ctx); len(terrs) != 1 {
			t.Errorf("%d territories after a failed import, want 1", len(terrs))
		}
	})
}
