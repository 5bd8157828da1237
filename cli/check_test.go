package cli

import (
	"strings"
	"testing"
)

func TestCheckListsTheFindingsWithTheirDeals(t *testing.T) {
	path := demoWorkspace(t)
	code, out, errs := run("check", "--db", path, "--as-of", "2026-11-22", "--deals", "2")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"integrity: ok", "data-quality score", "Duplicates (same account, name and amount)", "Missing owner",
		"Missing amount", "Missing close date", "Open deals whose close date has passed", "Amount zero or negative", "Owned by an inactive person"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	// The stale finding lists two of its deals by ID, and how many more.
	i := strings.Index(out, "Open deals whose close date has passed")
	rest := strings.SplitN(out[i:], "\n", 5)
	if len(rest) < 4 || !strings.HasPrefix(strings.TrimSpace(rest[1]), "D-") || !strings.HasPrefix(strings.TrimSpace(rest[2]), "D-") ||
		!strings.Contains(rest[3], "more") {
		t.Errorf("stale finding lines: %q", rest)
	}
}
