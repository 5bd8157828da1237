package ui

import (
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"salesops/domain"
	"salesops/persistence"
	"salesops/persistence/sheets"
)

// walkWindow calls fn for every object of every tab of the window, inner
// tabs and split halves included, without going inside tables.
func walkWindow(u *UI, fn func(fyne.CanvasObject)) {
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil {
			return
		}
		fn(o)
		switch w := o.(type) {
		case *widget.Table:
			return
		case *container.AppTabs:
			for _, it := range w.Items {
				walk(it.Content)
			}
			return
		case *container.DocTabs:
			for _, it := range w.Items {
				walk(it.Content)
			}
			return
		case *container.Split:
			walk(w.Leading)
			walk(w.Trailing)
			return
		case *container.Scroll:
			walk(w.Content)
			return
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
			return
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	for _, it := range u.Tabs().Items {
		walk(it.Content)
	}
}

func TestExportEveryTableInTheWindowHasAnExportButton(t *testing.T) {
	u := newTestUI(t, 300)
	buttons := map[*widget.Button]bool{}
	var tables []*widget.Table
	walkWindow(u, func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Table:
			tables = append(tables, w)
		case *widget.Button:
			buttons[w] = true
		}
	})
	// Deals; people, quota year, team quotas, leaderboard, capacity,
	// onboarding; accounts, balance; assignments, payouts, statement;
	// forecast, accuracy, waterfall; win/loss.
	if len(tables) < 16 {
		t.Errorf("found %d tables in the window, want at least 16: the walk misses some", len(tables))
	}
	for i, tb := range tables {
		b, ok := u.exports[tb]
		if !ok {
			rows, cols := tb.Length()
			t.Errorf("table %d (%d×%d) has no Export… button", i, rows, cols)
			continue
		}
		if !buttons[b] {
			t.Errorf("table %d: its Export… button is not in the window", i)
		}
		if b.Text != lang.L("Export…") {
			t.Errorf("table %d: button %q", i, b.Text)
		}
	}
}

// tapExport taps the Export… button of tb, saving to name in a temporary
// folder, and waits for the file.
func tapExport(t *testing.T, u *UI, tb *widget.Table, name string) string {
	t.Helper()
	b, ok := u.exports[tb]
	if !ok {
		t.Fatal("the table has no Export… button")
	}
	path := filepath.Join(t.TempDir(), name)
	oldChoose, oldDone := chooseExportFile, exportFinished
	t.Cleanup(func() { chooseExportFile, exportFinished = oldChoose, oldDone })
	chooseExportFile = func(_ *UI, _ string, then func(string)) { then(path) }
	done := make(chan error, 1)
	exportFinished = func(_ int, err error) { done <- err }
	test.Tap(b)
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	return path
}

// readSheet reads the first sheet raw, with the number format of each
// cell of row 2.
func readSheet(t *testing.T, path string) (rows [][]string, formats []string) {
	t.Helper()
	f, err := sheets.OpenWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := f.GetSheetList()[0]
	rows, err = f.GetRows(s, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if p, err := f.GetPanes(s); err != nil || !p.Freeze || p.TopLeftCell != "A2" {
		t.Errorf("header not frozen: %+v %v", p, err)
	}
	if len(rows) > 1 {
		for c := range rows[0] {
			cell, _ := excelize.CoordinatesToCellName(c+1, 2)
			id, _ := f.GetCellStyle(s, cell)
			st, _ := f.GetStyle(id)
			switch {
			case st == nil:
				formats = append(formats, "")
			case st.CustomNumFmt != nil:
				formats = append(formats, *st.CustomNumFmt)
			default:
				formats = append(formats, strconv.Itoa(st.NumFmt))
			}
		}
	}
	return rows, formats
}

func TestExportTheDealsTableStreamsItsFilterAndSort(t *testing.T) {
	u := newTestUI(t, 400)
	d := findDeals(t, u)
	d.filter = persistence.DealFilter{Status: domain.StatusWon}
	d.sort = persistence.DealSort{Column: "amount", Desc: true}
	d.shown = d.sort
	ctx := context.Background()
	want, err := u.DB.CountDeals(ctx, d.filter)
	if err != nil || want < 50 {
		t.Fatalf("%d won deals, %v", want, err)
	}
	page, err := u.DB.DealPage(ctx, d.filter, d.shown, 0, want)
	if err != nil {
		t.Fatal(err)
	}
	rows, formats := readSheet(t, tapExport(t, u, d.table, "deals.xlsx"))
	// The header, every won deal (not a page of them), the totals row.
	if len(rows) != want+2 {
		t.Fatalf("%d rows, want the header, %d won deals and the totals", len(rows), want)
	}
	if got := strings.Join(rows[0][:7], "|"); got != "Deal ID|Name|Account|Owner|Stage|Status|Amount" {
		t.Errorf("header %s", got)
	}
	for i, r := range page {
		row := rows[i+1]
		if row[0] != r.ExternalID || row[5] != "won" {
			t.Fatalf("row %d = %v, want deal %s (won) in the table's order", i+2, row[:6], r.ExternalID)
		}
		v, err := strconv.ParseFloat(row[8], 64)
		if err != nil || math.Abs(v*100-float64(r.Value)) > 0.5 {
			t.Fatalf("row %d value %q, want %d cents as a number", i+2, row[8], r.Value)
		}
	}
	wantFormats := map[int]string{0: "49", 8: sheets.MoneyFormat(u.Fmt.Currency), 10: "yyyy-mm-dd", 11: "0.0%"}
	for c, f := range wantFormats {
		if formats[c] != f {
			t.Errorf("column %d (%s) format %q, want %q", c+1, rows[0][c], formats[c], f)
		}
	}

	// CSV: the same deals, UTF-8, the text inert.
	path := tapExport(t, u, d.table, "deals.csv")
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != want+1 || recs[1][0] != page[0].ExternalID {
		t.Errorf("CSV: %d records, first %v", len(recs), recs[1][:2])
	}
}

func TestExportTablesReadFromTheirCells(t *testing.T) {
	u := newTestUI(t, 400)
	dash := findDashboard(t, u)
	wl := dash.winLoss
	wl.refresh()
	if len(wl.rows) == 0 {
		t.Fatal("no win/loss rows")
	}
	rows, formats := readSheet(t, tapExport(t, u, wl.table, "winloss.xlsx"))
	if len(rows) != len(wl.rows)+1 {
		t.Fatalf("%d rows, want %d", len(rows), len(wl.rows)+1)
	}
	if got := strings.Join(rows[0], "|"); got != wl.dim.Selected+"|"+strings.Join([]string{lang.L("Won"), lang.L("Lost"), lang.L("Win rate"), lang.L("Won value"), lang.L("Lost value")}, "|") {
		t.Errorf("header %s", got)
	}
	for i, r := range wl.rows {
		row := rows[i+1]
		if row[1] != strconv.Itoa(r.Won) || row[2] != strconv.Itoa(r.Lost) {
			t.Errorf("row %d = %v, want won %d lost %d", i+2, row, r.Won, r.Lost)
		}
		if v, _ := strconv.ParseFloat(row[4], 64); math.Abs(v*100-float64(r.WonValue)) > 0.5 {
			t.Errorf("row %d won value %q, want %d cents", i+2, row[4], r.WonValue)
		}
	}
	if formats[1] != "3" || formats[3] != "0.0%" || formats[4] != sheets.MoneyFormat(u.Fmt.Currency) {
		t.Errorf("formats %v", formats)
	}

	// The people table: its cells read back as text and dates.
	team := findTeam(t, u)
	team.people.apply()
	rows, formats = readSheet(t, tapExport(t, u, team.people.table, "people.csv.xlsx"))
	if len(rows) != len(team.people.shown)+1 || len(rows) < 3 {
		t.Fatalf("%d rows for %d people", len(rows), len(team.people.shown))
	}
	hire := -1
	for c, h := range rows[0] {
		if h == lang.L("Hire date") {
			hire = c
		}
	}
	if hire < 0 || formats[hire] != "yyyy-mm-dd" {
		t.Errorf("hire date column %d, formats %v", hire, formats)
	}
	p := team.people.shown[0]
	if rows[1][0] != p.Name {
		t.Errorf("first person %q, want %q", rows[1][0], p.Name)
	}
	if serial, err := strconv.Atoi(rows[1][hire]); err != nil || excelDate(serial) != p.HireDate.Format("2006-01-02") {
		t.Errorf("hire date %q, want %s", rows[1][hire], p.HireDate.Format("2006-01-02"))
	}
}

func excelDate(serial int) string {
	t, _ := excelize.ExcelDateToTime(float64(serial), false)
	return t.Format("2006-01-02")
}

func TestExportReadsFormattedCellsBack(t *testing.T) {
	f := NewFormat("it", "EUR")
	cases := []struct {
		text string
		kind sheets.Kind
		want any
	}{
		{"1.234,56\u00a0€", sheets.Money, domain.Money(123456)},
		{"-12,00\u00a0€", sheets.Money, domain.Money(-1200)},
		{"63,5 %", sheets.Percent, 0.635},
		{"1.200", sheets.Int, int64(1200)},
		{"3,25", sheets.Number, 3.25},
		{"04/03/2026", sheets.Date, domain.Day(2026, 3, 4)},
		{"—", sheets.Money, nil},
		{"=", sheets.Money, nil},
		{"", sheets.Text, nil},
		{"n/d", sheets.Number, "n/d"},
	}
	for _, c := range cases {
		if got := f.readBack(c.text, c.kind); got != c.want {
			t.Errorf("readBack(%q, %v) = %#v, want %#v", c.text, c.kind, got, c.want)
		}
	}
	texts := [][]string{{"Ada", "1.234,56\u00a0€", "50 %", "0150", "04/03/2026", "12"}, {"Bo", "=", "7,5 %", "0151", "", "3"}}
	for c, want := range []sheets.Kind{sheets.Text, sheets.Money, sheets.Percent, sheets.Text, sheets.Date, sheets.Int} {
		if got := f.kindOf(texts, c); got != want {
			t.Errorf("column %d kind %v, want %v", c, got, want)
		}
	}
}

// exportTo runs the export x describes to a file name and waits for it.
func exportTo(t *testing.T, u *UI, x *tableExport, name string) (string, int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	done := make(chan error, 1)
	n := 0
	u.exportTable(x, path, func(rows int, err error) { n = rows; done <- err })
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	return path, n
}

func TestExportListsThatAreNotTables(t *testing.T) {
	u := newTestUI(t, 300)
	tt := findTerritories(t, u)
	tt.reload()
	path, n := exportTo(t, u, territoryListExport(tt), "territories.xlsx")
	rows, formats := readSheet(t, path)
	if n != len(tt.byID) || n == 0 || len(rows) != n+1 {
		t.Fatalf("%d territories written, %d rows, %d in the tree", n, len(rows), len(tt.byID))
	}
	if got := strings.Join(rows[0], "|"); got != strings.Join([]string{lang.L("Territory"), lang.L("Inside"), lang.L("Accounts"), lang.L("Priority")}, "|") {
		t.Errorf("header %s", got)
	}
	// The tree's order: a territory's children follow it.
	first := tt.byID[tt.children[0][0]]
	if rows[1][0] != first.Name || rows[1][2] != strconv.Itoa(tt.counts[first.ID]) || formats[2] != "3" {
		t.Errorf("first row %v (formats %v), want %s with %d accounts", rows[1], formats, first.Name, tt.counts[first.ID])
	}

	report, err := u.DB.Quality(context.Background(), u.Now())
	if err != nil {
		t.Fatal(err)
	}
	path, n = exportTo(t, u, qualityExport(report), "quality.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if n != len(report.Findings) || len(lines) != n+1 || lines[0] != lang.L("Finding")+","+lang.L("Deals") {
		t.Fatalf("quality CSV:\n%s", b)
	}
	if want := lang.L(report.Findings[0].Label) + "," + strconv.Itoa(report.Findings[0].Count); strings.TrimSpace(lines[1]) != want && strings.TrimSpace(lines[1]) != `"`+lang.L(report.Findings[0].Label)+`",`+strconv.Itoa(report.Findings[0].Count) {
		t.Errorf("first finding %q, want %q", lines[1], want)
	}
}

func TestExportCancelledWritesNoFile(t *testing.T) {
	u := newTestUI(t, 0)
	started := make(chan struct{})
	x := &tableExport{Name: "Slow", Write: func() func(context.Context, string, func(int)) (int, error) {
		return func(ctx context.Context, path string, _ func(int)) (int, error) {
			os.WriteFile(path, []byte("half"), 0o644)
			close(started)
			<-ctx.Done()
			return 0, ctx.Err()
		}
	}}
	path := filepath.Join(t.TempDir(), "slow.xlsx")
	done := make(chan error, 1)
	u.exportTable(x, path, func(_ int, err error) { done <- err })
	<-started
	// The progress dialog's Cancel.
	var cancel *widget.Button
	var find func(o fyne.CanvasObject)
	find = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Button:
			if w.Text == lang.L("Cancel") {
				cancel = w
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				find(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				find(c)
			}
		}
	}
	for _, o := range u.Win.Canvas().Overlays().List() {
		find(o)
	}
	if cancel == nil {
		t.Fatal("no Cancel in the progress dialog")
	}
	test.Tap(cancel)
	if err := waitFor(t, done); err == nil {
		t.Fatal("a cancelled export reported success")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the half-written file stays: %v", err)
	}
}

// TestExportEveryTableWrites taps the Export… of every table of the window
// on the demo company: each writes a workbook that opens, with a title on
// every column and as many rows as the table has.
func TestExportEveryTableWrites(t *testing.T) {
	u := newTestUI(t, 400)
	findForecasts(t, u).refreshPipeline()
	var tables []*widget.Table
	walkWindow(u, func(o fyne.CanvasObject) {
		if tb, ok := o.(*widget.Table); ok {
			tables = append(tables, tb)
		}
	})
	for i, tb := range tables {
		rowsShown, cols := tb.Length()
		rows, formats := readSheet(t, tapExport(t, u, tb, fmt.Sprintf("table-%d.xlsx", i)))
		if len(rows) == 0 {
			t.Errorf("table %d: an empty workbook", i)
			continue
		}
		for c, h := range rows[0] {
			if strings.TrimSpace(h) == "" && c > 0 {
				t.Errorf("table %d: column %d has no title (%v)", i, c+1, rows[0])
			}
		}
		if _, isDeals := u.exports[tb]; isDeals && tb == findDeals(t, u).table {
			continue // every deal of the filter, not the rows on screen
		}
		// (a table's blank rows, such as an empty leaderboard's totals, are
		// not rows of the sheet)
		if len(rows[0]) != cols || len(rows)-1 > rowsShown {
			t.Errorf("table %d: %d columns and %d rows written for %d×%d", i, len(rows[0]), len(rows)-1, rowsShown, cols)
		}
		t.Logf("table %d %q: %d rows, formats %v", i, rows[0], len(rows)-1, formats)
	}
}
