package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs salesops with args and returns its exit status and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := runCLI(t, "--help")
	if code != ExitOK {
		t.Fatalf("--help exit %d", code)
	}
	for name := range commands {
		if !strings.Contains(out, "salesops "+name+" ") {
			t.Errorf("--help does not list %s:\n%s", name, out)
		}
	}
	for _, want := range []string{"demo", "import", "export", "kpis", "payouts", "forecast", "backup", "check"} {
		if _, ok := commands[want]; !ok {
			t.Errorf("command %s is missing (PRODUCT.md §7)", want)
		}
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"backup", "-o", filepath.Join(dir, "b.db")}, "--db FILE is required"},
		{[]string{"backup", "--db", filepath.Join(dir, "w.db")}, "-o OUT.db is required"},
		{[]string{"demo", "--db", filepath.Join(dir, "w.db"), "--deals", "0"}, "--deals must be 1 to 10000000"},
		{[]string{"export", "--db", filepath.Join(dir, "w.db")}, "name one KIND to export"},
		{[]string{"demo", "--bogus"}, "flag provided but not defined"},
	} {
		code, _, stderr := runCLI(t, tc.args...)
		if code != ExitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestDemoBackupCheck(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	code, out, stderr := runCLI(t, "demo", "--db", db, "--seed", "7", "--deals", "600", "--as-of", "2026-06-30")
	if code != ExitOK {
		t.Fatalf("demo exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "600 deals") {
		t.Errorf("demo summary = %q", out)
	}
	// The same seed gives the same company: the summary up to the timing is equal.
	db2 := filepath.Join(dir, "demo2.db")
	_, out2, _ := runCLI(t, "demo", "--db", db2, "--seed", "7", "--deals", "600", "--as-of", "2026-06-30")
	cut := func(s string) string {
		s = strings.Replace(s, db2, db, 1)
		return s[:strings.LastIndex(s, " in ")]
	}
	if cut(out) != cut(out2) {
		t.Errorf("same seed, different company:\n%s\n%s", out, out2)
	}

	bak := filepath.Join(dir, "copy.db")
	if code, out, stderr := runCLI(t, "backup", "--db", db, "-o", bak); code != ExitOK || !strings.Contains(out, "integrity check passed") {
		t.Fatalf("backup exit %d: %s %s", code, out, stderr)
	}
	code, out, stderr = runCLI(t, "check", "--db", bak, "--as-of", "2026-06-30")
	if code != ExitOK || !strings.Contains(out, "integrity: ok") || !strings.Contains(out, "deals: 600") {
		t.Errorf("check on the backup: exit %d: %s %s", code, out, stderr)
	}
	// A second backup onto the same file is refused, the first left as it was.
	info, _ := os.Stat(bak)
	if code, _, _ := runCLI(t, "backup", "--db", db, "-o", bak); code != ExitUser {
		t.Errorf("backup over an existing file: exit %d, want 1", code)
	}
	if info2, _ := os.Stat(bak); info2.Size() != info.Size() || !info2.ModTime().Equal(info.ModTime()) {
		t.Error("backup over an existing file changed it")
	}
}

func TestABadDateIsAUserErrorNamingTheFlag(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range [][]string{
		{"check", "--db", filepath.Join(dir, "w.db"), "--as-of", "yesterday"},
		{"kpis", "--db", filepath.Join(dir, "w.db"), "--period", "2026-Q3", "--as-of", "yesterday", "--json"},
		{"payouts", "--db", filepath.Join(dir, "w.db"), "--period", "2026-Q3", "--as-of", "yesterday", "--json"},
		{"forecast", "--db", filepath.Join(dir, "w.db"), "--as-of", "yesterday", "--json"},
		{"demo", "--db", filepath.Join(dir, "d.db"), "--as-of", "yesterday"},
	} {
		code, _, stderr := runCLI(t, cmd...)
		if code != ExitUser || !strings.Contains(stderr, `--as-of "yesterday" is not a date`) {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 naming --as-of", cmd[0], code, stderr)
		}
	}
}

func TestForeignFileIsAUserError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte("shopping list\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "check", "--db", path)
	if code != ExitUser || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "salesops check: ") {
		t.Errorf("exit %d, stderr %q: want exit 1 and one line", code, stderr)
	}
	if b, _ := os.ReadFile(path); string(b) != "shopping list\n" {
		t.Error("a foreign file was changed")
	}
}
