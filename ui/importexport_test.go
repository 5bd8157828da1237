package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"salesops/persistence"
)

func writeTestFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func countRows(t *testing.T, u *UI, q string) int {
	t.Helper()
	var n int
	if err := u.DB.SQL().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func waitFor(t *testing.T, ch chan error) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(60 * time.Second):
		t.Fatal("the background work did not finish")
		return nil
	}
}

func ownerChoice() string {
	for _, f := range persistence.ImportFields("deals") {
		if f.Key == "owner" {
			return fieldChoice(f)
		}
	}
	return ""
}

func TestImportDialogPreviewsImportsAndRemembersTheMapping(t *testing.T) {
	u := newTestUI(t, 0)
	path := writeTestFile(t, "crm.csv", "Opportunity;Customer;Seller;Phase;Value;Closing\n"+
		"Acme renewal;Acme;Ada Lovelace;Closed Won;1.200,50;15/03/2026\n"+
		"Globex;Globex;Grace Hopper;Negotiation;2.000;30/04/2026\n"+
		"Initech;Initech;Grace Hopper;Negotiation;dodici;30/04/2026\n")
	d := u.newImportDialog()
	d.show()
	done := make(chan error, 1)
	d.done = func(err error) { done <- err }
	d.load(path, "")
	if got := d.Mapping(); got["Opportunity"] != "name" || got["Customer"] != "account" || got["Seller"] != "" || got["Value"] != "amount" {
		t.Fatalf("detected mapping = %v", got)
	}
	if !d.sheetSel.Disabled() {
		t.Error("a CSV file offers a sheet choice")
	}
	d.fieldSel["Seller"].SetSelected(ownerChoice())
	d.fieldSel["Phase"].SetSelectedIndex(5) // Stage
	d.fieldSel["Closing"].SetSelectedIndex(9)
	if m := d.Mapping(); m["Phase"] != "stage" || m["Closing"] != "close_date" || m["Seller"] != "owner" {
		t.Fatalf("chosen mapping = %v", m)
	}
	test.Tap(d.previewBtn)
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.status.Text, "read 3, inserted 2, updated 0, skipped 0, errors 1") {
		t.Errorf("preview says %q", d.status.Text)
	}
	if d.importBtn.Disabled() || d.importBtn.Text != "Import the good rows" || d.rejectBtn.Disabled() {
		t.Errorf("after a preview with a bad row: import %q disabled=%v, refused rows disabled=%v", d.importBtn.Text, d.importBtn.Disabled(), d.rejectBtn.Disabled())
	}
	if d.problemCount() != 1 || d.preview.Problems[0].String() != "row 4, column Value: 'dodici' is not a number" {
		t.Errorf("problems = %v", d.preview.Problems)
	}
	if n := countRows(t, u, "SELECT count(*) FROM deals"); n != 0 {
		t.Fatalf("the preview wrote %d deals", n)
	}
	test.Tap(d.importBtn)
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, u, "SELECT count(*) FROM deals"); n != 2 {
		t.Errorf("deals after import = %d, want 2", n)
	}
	if n := countRows(t, u, "SELECT amount FROM deals WHERE name = 'Acme renewal'"); n != 120050 {
		t.Errorf("Acme amount = %d, want 120050 (1.200,50 read with a decimal comma)", n)
	}
	if n := countRows(t, u, "SELECT count(*) FROM people"); n != 2 {
		t.Errorf("people created = %d, want Ada and Grace", n)
	}
	if !strings.HasPrefix(d.status.Text, "Imported: read 3, inserted 2") || !d.importBtn.Disabled() {
		t.Errorf("after import: %q", d.status.Text)
	}

	again := u.newImportDialog()
	again.load(path, "")
	if m := again.Mapping(); m["Seller"] != "owner" || m["Phase"] != "stage" || m["Closing"] != "close_date" {
		t.Errorf("the mapping was not remembered for this header set: %v", m)
	}
}

// findButton finds the button titled text among o's objects.
func buttonNamed(o fyne.CanvasObject, text string) *widget.Button {
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

func TestImportDialogCancelLeavesTheWorkspaceUnchanged(t *testing.T) {
	u := newTestUI(t, 0)
	var b strings.Builder
	b.WriteString("Deal ID,Name,Stage,Amount,Close date\n")
	for i := 0; i < 40000; i++ {
		fmt.Fprintf(&b, "D%d,Deal %d,Proposal,%d.50,2026-05-01\n", i, i, i)
	}
	path := writeTestFile(t, "big.csv", b.String())
	d := u.newImportDialog()
	d.show()
	done := make(chan error, 1)
	d.done = func(err error) { done <- err }
	d.load(path, "")
	d.run(false)
	cancel := buttonNamed(u.Win.Canvas().Overlays().Top(), "Cancel")
	if cancel == nil {
		t.Fatal("no Cancel button while importing")
	}
	test.Tap(cancel)
	err := waitFor(t, done)
	if err == nil {
		t.Fatal("a cancelled import reported success")
	}
	if n := countRows(t, u, "SELECT count(*) FROM deals"); n != 0 {
		t.Errorf("deals after Cancel = %d", n)
	}
	if d.status.Text != "Cancelled: the workspace is unchanged." {
		t.Errorf("status = %q", d.status.Text)
	}
	if err := u.DB.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
}

func TestExportFromTheWindow(t *testing.T) {
	u := newTestUI(t, 400)
	for _, name := range []string{"deals.xlsx", "accounts.csv"} {
		path := filepath.Join(t.TempDir(), name)
		done := make(chan error, 1)
		var rows int
		u.exportTo(strings.TrimSuffix(name, filepath.Ext(name)), path, false, func(n int, err error) { rows = n; done <- err })
		if err := waitFor(t, done); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", name, err)
		}
		if name == "deals.xlsx" && rows != 400 {
			t.Errorf("deals exported = %d, want 400", rows)
		}
	}
	// The period export keeps only the deals closing in the window's period.
	path := filepath.Join(t.TempDir(), "q.csv")
	done := make(chan error, 1)
	var rows int
	u.exportTo("deals", path, true, func(n int, err error) { rows = n; done <- err })
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	want := countRows(t, u, fmt.Sprintf("SELECT count(*) FROM deals WHERE close_date >= '%s' AND close_date < '%s'",
		u.Period.Start().Format("2006-01-02"), u.Period.End().Format("2006-01-02")))
	if rows != want || want == 0 {
		t.Errorf("period export wrote %d deals, want %d", rows, want)
	}
}

func TestImportDialogEncodingAndDateOrderChosenByHand(t *testing.T) {
	u := newTestUI(t, 0)
	// Latin-9 ¤ (0xA4) is €; Windows-1252 would read it as ¤. The dates
	// prove nothing, so the user's order decides.
	path := writeTestFile(t, "latin9.csv", "Name,Account,Stage,Close date\nD1,Caf\xe9 \xa4,Proposal,03/04/2026\n")
	d := u.newImportDialog()
	d.show()
	done := make(chan error, 1)
	d.done = func(err error) { done <- err }
	d.load(path, "")
	d.encSel.SetSelected("ISO-8859-15")
	d.dateSel.SetSelectedIndex(2) // month first
	if !d.importBtn.Disabled() {
		t.Fatal("import enabled before a preview")
	}
	test.Tap(d.previewBtn)
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	test.Tap(d.importBtn)
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	var account, close string
	if err := u.DB.SQL().QueryRow("SELECT a.name, d.close_date FROM deals d JOIN accounts a ON a.id = d.account_id").Scan(&account, &close); err != nil {
		t.Fatal(err)
	}
	if account != "Café €" || close != "2026-03-04" {
		t.Errorf("account %q close %s; want Café € and 2026-03-04 (month first)", account, close)
	}
}

func TestImportDialogRepeatedDealIDsRefusedOrCombined(t *testing.T) {
	u := newTestUI(t, 0)
	path := writeTestFile(t, "lines.csv", "Deal ID,Name,Stage,Amount,Close date\n"+
		"O1,Chairs,Closed Won,10.50,2026-02-01\nO1,Tables,Closed Won,20,2026-02-01\nO2,Paper,Closed Won,1,2026-02-02\n")
	d := u.newImportDialog()
	d.show()
	done := make(chan error, 1)
	d.done = func(err error) { done <- err }
	d.load(path, "")
	test.Tap(d.previewBtn)
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	if d.preview == nil || d.preview.Errors != 1 || len(d.preview.Problems) != 1 ||
		d.preview.Problems[0].String() != "row 3, column Deal ID: deal ID 'O1' already on row 2" {
		t.Fatalf("preview without combining: %+v", d.preview)
	}
	d.combine.SetChecked(true)
	if !d.importBtn.Disabled() {
		t.Error("import still enabled after the option changed: the preview is stale")
	}
	test.Tap(d.previewBtn)
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	if d.preview.Errors != 0 || d.preview.Combined != 1 || d.preview.Inserted != 2 {
		t.Fatalf("preview combining: %s", d.preview.Summary())
	}
	test.Tap(d.importBtn)
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	if got := countRows(t, u, "SELECT sum(amount) FROM deals WHERE external_id = 'O1'"); got != 3050 {
		t.Errorf("O1 amount %d cents, want 30.50 summed", got)
	}
	d.kindSel.SetSelectedIndex(1) // accounts
	if !d.combine.Disabled() || d.combine.Checked {
		t.Error("the combine option stays on for accounts")
	}
}
