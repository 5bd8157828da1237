package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"salesops/persistence"
)

func TestTheDefaultWorkspaceStartsAsTheDemoCompany(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	def := filepath.Join(dir, "Salesops", "workspace.db")
	db, err := openWorkspace(def, true, testToday)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, _ := db.Settings(ctx)
	n, _ := db.CountDeals(ctx, persistence.DealFilter{})
	if !s.Demo || n == 0 {
		t.Fatalf("first launch on the default workspace: demo=%v with %d deals, want the demo company", s.Demo, n)
	}
	db.Close()
	// Opening it again does not generate a second company.
	db2, err := openWorkspace(def, true, testToday)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if n2, _ := db2.CountDeals(ctx, persistence.DealFilter{}); n2 != n {
		t.Errorf("reopening the default workspace changed its deals from %d to %d", n, n2)
	}

	other, err := openWorkspace(filepath.Join(dir, "new.db"), false, testToday)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if m, _ := other.CountDeals(ctx, persistence.DealFilter{}); m != 0 {
		t.Errorf("a new --db workspace has %d deals, want an empty workspace", m)
	}
}

func TestStartAnEmptyWorkspaceKeepsTheDemoBeside(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "workspace.db")
	db, err := openWorkspace(path, true, testToday)
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	u, err := New(a, db, Options{Now: func() time.Time { return testToday }})
	if err != nil {
		t.Fatal(err)
	}
	if err := u.startEmpty(); err != nil {
		t.Fatal(err)
	}
	defer u.DB.Close()
	if u.DB.Path != path {
		t.Errorf("the empty workspace is %s, want it in place of the demo at %s", u.DB.Path, path)
	}
	if n, _ := u.DB.CountDeals(ctx, persistence.DealFilter{}); n != 0 || u.Settings.Demo {
		t.Errorf("after Start an empty workspace: %d deals, demo=%v", n, u.Settings.Demo)
	}
	entries, _ := os.ReadDir(dir)
	var kept string
	for _, e := range entries {
		if strings.Contains(e.Name(), "-demo-") && strings.HasSuffix(e.Name(), ".db") {
			kept = filepath.Join(dir, e.Name())
		}
	}
	if kept == "" {
		t.Fatalf("the demo company was not kept beside the workspace: %v", entries)
	}
	demo, err := persistence.Open(ctx, kept)
	if err != nil {
		t.Fatal(err)
	}
	defer demo.Close()
	if n, _ := demo.CountDeals(ctx, persistence.DealFilter{}); n == 0 {
		t.Errorf("the kept demo file has no deals")
	}
}
