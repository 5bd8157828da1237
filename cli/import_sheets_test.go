package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportAndExportCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	file := filepath.Join(dir, "deals.csv")
	os.WriteFile(file, []byte("Opportunity ID,Opportunity Name,Account Name,Amount,Close Date,Stage,Opportunity Owner\n"+
		"006A,Acme,Acme Corp,\"1,000.00\",2026-03-15,Closed Won,Ada Lovelace\n"+
		"006B,Globex,Globex,lots,2026-04-30,Negotiation,Ada Lovelace\n"), 0o644)

	code, out, errs := runCLI(t, "import", "--db", db, "--dry-run", file)
	if code != 0 || !strings.Contains(out, "row 3, column Amount: 'lots' is not a number") ||
		!strings.HasSuffix(out, "read 2, inserted 1, updated 0, skipped 0, errors 1\n") {
		t.Fatalf("dry run: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runCLI(t, "import", file, "--db", db)
	if code != 0 || out != "read 2, inserted 1, updated 0, skipped 0, errors 1\n" || !strings.Contains(errs, "deals-refused.xlsx") {
		t.Fatalf("import: %d\n%s\n%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "deals-refused.xlsx")); err != nil {
		t.Errorf("refused rows not saved: %v", err)
	}
	code, out, _ = runCLI(t, "import", "--db", db, file)
	if code != 0 || out != "read 2, inserted 0, updated 0, skipped 1, errors 1 — nothing changed\n" {
		t.Errorf("re-import: %d %q", code, out)
	}
	code, _, errs = runCLI(t, "import", "--db", db, "--map", "Nope=amount", file)
	if code != 1 || !strings.Contains(errs, `column "nope"`) {
		t.Errorf("bad --map: %d %q", code, errs)
	}
	code, _, errs = runCLI(t, "import", "--db", db, "--map", "Amount=money", file)
	if code != 1 || !strings.Contains(errs, "money is not a field of deals") {
		t.Errorf("unknown field: %d %q", code, errs)
	}
	code, _, errs = runCLI(t, "import", "--db", db, filepath.Join(dir, "missing.csv"))
	if code != 1 || !strings.Contains(errs, "missing.csv") {
		t.Errorf("missing file: %d %q", code, errs)
	}
	for _, kind := range []string{"deals", "accounts", "people", "quotas", "template-deals"} {
		outFile := filepath.Join(dir, kind+".xlsx")
		code, out, errs = runCLI(t, "export", "--db", db, kind, "-o", outFile)
		if code != 0 || !strings.HasPrefix(out, "wrote ") {
			t.Errorf("export %s: %d %q %q", kind, code, out, errs)
		}
	}
	code, out, _ = runCLI(t, "export", "--db", db, "deals", "--period", "2026-Q1", "-o", filepath.Join(dir, "q1.csv"))
	if code != 0 || out != "wrote 1 deals to "+filepath.Join(dir, "q1.csv")+"\n" {
		t.Errorf("period export: %d %q", code, out)
	}
	code, _, errs = runCLI(t, "export", "--db", db, "deals", "-o", filepath.Join(dir, "x.pdf"))
	if code != 1 || !strings.Contains(errs, ".xlsx or .csv") {
		t.Errorf("pdf export: %d %q", code, errs)
	}
}
