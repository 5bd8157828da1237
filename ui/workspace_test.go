package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/persistence"
)

func TestTheDefaultWorkspaceStartsAsTheDemoCompany(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	def := filepath.Join(dir, "Salesops", "workspace.db")
	db, err := openWorkspace(context.Background(), def, true, testToday)
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
	db2, err := openWorkspace(context.Background(), def, true, testToday)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if n2, _ := db2.CountDeals(ctx, persistence.DealFilter{}); n2 != n {
		t.Errorf("reopening the default workspace changed its deals from %d to %d", n, n2)
	}

	other, err := openWorkspace(context.Background(), filepath.Join(dir, "new.db"), false, testToday)
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
	db, err := openWorkspace(context.Background(), path, true, testToday)
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

// overlayTexts is every label's text in the window's overlays (the dialogs
// on screen), top last.
func overlayTexts(u *UI) []string {
	var out []string
	for _, o := range u.Win.Canvas().Overlays().List() {
		out = append(out, labelTexts(o)...)
	}
	return out
}

func showsText(u *UI, text string) bool {
	return slices.Contains(overlayTexts(u), text)
}

// TestBackupAndRestoreFromTheWindow: File → Backup… writes a checked copy in
// the background and says so; after a change, File → Restore… of that copy
// backs the workspace up first, puts the copy in its place and the window
// shows it.
func TestBackupAndRestoreFromTheWindow(t *testing.T) {
	ctx := context.Background()
	u := newTestUI(t, 300)
	workspace := u.DB.Path
	deals := countRows(t, u, "SELECT count(*) FROM deals")
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	done := make(chan error, 1)
	then := func(err error) { done <- err }
	u.writeBackup(copyPath, then)
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	if want := "Backup written to " + copyPath + " and checked."; !showsText(u, want) {
		t.Errorf("after Backup… the window shows %q, want %q", overlayTexts(u), want)
	}
	if _, err := u.DB.SQL().ExecContext(ctx, "DELETE FROM deals WHERE id % 2 = 0"); err != nil {
		t.Fatal(err)
	}
	changed := countRows(t, u, "SELECT count(*) FROM deals")
	if changed == deals {
		t.Fatal("the change deleted no deal")
	}
	old := u.DB
	u.restore(copyPath, then)
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	if u.DB == old || u.DB.Path != workspace {
		t.Fatalf("after Restore… the window is on %s (the same DB: %v), want a new DB on %s", u.DB.Path, u.DB == old, workspace)
	}
	if n := countRows(t, u, "SELECT count(*) FROM deals"); n != deals {
		t.Errorf("after Restore… %d deals, want the backup's %d", n, deals)
	}
	u.SelectTab("Deals")
	u.WaitBackground()
	if got, want := findDeals(t, u).count.Text, fmt.Sprintf("%d deals", deals); got != want {
		t.Errorf("the Deals tab says %q after Restore…, want %q", got, want)
	}
	entries, _ := os.ReadDir(u.DB.BackupDir)
	var before string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), "-before-restore.db") {
			before = filepath.Join(u.DB.BackupDir, e.Name())
		}
	}
	if before == "" {
		t.Fatalf("no before-restore backup in %s: %v", u.DB.BackupDir, entries)
	}
	b, err := persistence.Open(ctx, before)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if n, _ := b.CountDeals(ctx, persistence.DealFilter{}); n != changed {
		t.Errorf("the before-restore backup has %d deals, want the workspace's %d", n, changed)
	}
}

// TestRestoreOfABadFileKeepsTheWorkspace: a file that is not a backup is
// refused with the reason; the window stays on the workspace, which works.
func TestRestoreOfABadFileKeepsTheWorkspace(t *testing.T) {
	u := newTestUI(t, 200)
	deals := countRows(t, u, "SELECT count(*) FROM deals")
	bad := writeTestFile(t, "notes.db", "these are not the deals you are looking for")
	done := make(chan error, 1)
	u.restore(bad, func(err error) { done <- err })
	err := waitFor(t, done)
	if err == nil {
		t.Fatal("restoring a text file succeeded")
	}
	if want := domain.ErrorMessage(err); !strings.Contains(want, "not a Salesops workspace") || !showsText(u, want) {
		t.Errorf("the window shows %q, want the error %q saying it is not a workspace", overlayTexts(u), want)
	}
	if n := countRows(t, u, "SELECT count(*) FROM deals"); n != deals {
		t.Errorf("after a refused restore %d deals, want %d", n, deals)
	}
	if err := u.DB.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
}

// TestCancelARestore: Cancel in the progress dialog leaves the workspace as
// it was, open in the window, and says nothing went wrong.
func TestCancelARestore(t *testing.T) {
	u := newTestUI(t, 5000)
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := u.DB.BackupTo(context.Background(), copyPath); err != nil {
		t.Fatal(err)
	}
	if _, err := u.DB.SQL().Exec("DELETE FROM deals WHERE id % 2 = 0"); err != nil {
		t.Fatal(err)
	}
	deals := countRows(t, u, "SELECT count(*) FROM deals")
	done := make(chan error, 1)
	tapped := make(chan struct{})
	u.workStarts = func() { <-tapped }
	u.restore(copyPath, func(err error) { done <- err })
	cancel := buttonNamed(u.Win.Canvas().Overlays().Top(), "Cancel")
	if cancel == nil {
		t.Fatal("no Cancel button while restoring")
	}
	test.Tap(cancel)
	close(tapped)
	if err := waitFor(t, done); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled restore reported %v", err)
	}
	if n := countRows(t, u, "SELECT count(*) FROM deals"); n != deals {
		t.Errorf("after Cancel %d deals, want the workspace's %d", n, deals)
	}
	if texts := overlayTexts(u); len(texts) != 0 {
		t.Errorf("after Cancel the window shows %q", texts)
	}
}

// TestOpenAnotherWorkspace: File → Open… switches the window to the file in
// the background and remembers it; a file that is not a workspace is refused
// and the window stays where it was.
func TestOpenAnotherWorkspace(t *testing.T) {
	u := newTestUI(t, 100)
	first := u.DB
	done := make(chan error, 1)
	then := func(err error) { done <- err }
	bad := writeTestFile(t, "notes.db", "not a database")
	u.openPath(bad, then)
	err := waitFor(t, done)
	if err == nil {
		t.Fatal("opening a text file succeeded")
	}
	if u.DB != first {
		t.Fatal("a refused file replaced the workspace")
	}
	if want := domain.ErrorMessage(err); !strings.Contains(want, "not a Salesops workspace") || !showsText(u, want) {
		t.Errorf("the window shows %q, want the error %q saying why the file was refused", overlayTexts(u), want)
	}
	other := filepath.Join(t.TempDir(), "other.db")
	u.openPath(other, then)
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { u.DB.Close() })
	if u.DB.Path != other {
		t.Fatalf("the window is on %s, want %s", u.DB.Path, other)
	}
	if n := countRows(t, u, "SELECT count(*) FROM deals"); n != 0 {
		t.Errorf("a new workspace has %d deals", n)
	}
	if got := u.App.Preferences().String("lastWorkspace"); got != other {
		t.Errorf("lastWorkspace = %q, want %q", got, other)
	}
}

// TestTheStartWindow: while the workspace opens the note names it; a
// failure replaces it with the reason and a Close button, and closing it
// quits; once the main window is up, a late show stays hidden.
func TestTheStartWindow(t *testing.T) {
	a := test.NewTempApp(t)
	sw := &startWindow{app: a, path: "/home/ada/sales.db"}
	sw.show()
	if !slices.Contains(labelTexts(sw.win.Content()), "Opening /home/ada/sales.db…") {
		t.Errorf("the start window says %q", labelTexts(sw.win.Content()))
	}
	sw.fail(domain.Errorf(domain.EINVALID, "/home/ada/sales.db was written by a newer Salesops."))
	if got := labelTexts(sw.win.Content()); !slices.Contains(got, "/home/ada/sales.db was written by a newer Salesops.") {
		t.Errorf("after a failure the start window says %q", got)
	}
	closeBtn := buttonNamed(sw.win.Content(), "Close")
	if closeBtn == nil {
		t.Fatal("no Close button under the reason")
	}
	test.Tap(closeBtn)

	later := &startWindow{app: a, path: "w.db"}
	later.close()
	later.show()
	if later.win != nil {
		t.Error("the start window showed after the main window was up")
	}
}

// labelTexts is the text of every label in o that has some.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok && l.Text != "" {
			out = append(out, l.Text)
		}
	}
	return out
}

// TestACancelledFirstLaunchStartsOverWithTheDemo: closing the start window
// during the first launch leaves no half-made workspace behind; the next
// launch makes the demo company.
func TestACancelledFirstLaunchStartsOverWithTheDemo(t *testing.T) {
	def := filepath.Join(t.TempDir(), "Salesops", "workspace.db")
	// Cancelled while the demo is generated, once the workspace file exists.
	generateDemo = func(context.Context, *persistence.DB, persistence.DemoOptions) (persistence.DemoSummary, error) {
		return persistence.DemoSummary{}, context.Canceled
	}
	_, err := openWorkspace(context.Background(), def, true, testToday)
	generateDemo = persistence.GenerateDemo
	if err == nil {
		t.Fatal("a cancelled first launch opened the workspace")
	}
	if _, err := os.Stat(def); !os.IsNotExist(err) {
		t.Errorf("a cancelled first launch left %s: %v", def, err)
	}
	db, err := openWorkspace(context.Background(), def, true, testToday)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.CountDeals(context.Background(), persistence.DealFilter{}); n == 0 {
		t.Error("the launch after a cancelled first one has no demo company")
	}
}
