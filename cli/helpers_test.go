package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"salesops/domain"
	"salesops/persistence"
)

// demoWorkspace writes a small demo company (3,000 deals, as of 2026-11-22)
// into a new workspace and returns its path.
func demoWorkspace(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.db")
	db, err := persistence.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := persistence.GenerateDemo(context.Background(), db, persistence.DemoOptions{Seed: 3, Deals: 3000, AsOf: domain.Day(2026, 11, 22)}); err != nil {
		t.Fatal(err)
	}
	return path
}

// run runs salesops with args and returns its exit status and output.
func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(args, &out, &errb)
	return code, out.String(), errb.String()
}
