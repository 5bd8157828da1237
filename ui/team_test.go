package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/persistence"
)

// findTeam is the Team tab, with its loads run inline (loadInBackground).
func findTeam(t *testing.T, u *UI) *teamTab {
	t.Helper()
	loadInBackground = false
	t.Cleanup(func() { loadInBackground = true })
	for _, c := range tabControllers(u) {
		if d, ok := c.(*teamTab); ok {
			return d
		}
	}
	t.Fatal("no team tab")
	return nil
}

// showInner selects the Team tab's inner tab i (0 people … 4 onboarding).
func showInner(tm *teamTab, i int) { tm.tabs.SelectIndex(i) }

// addPersonT fills the add dialog's form and saves it.
func addPersonT(t *testing.T, tm *teamTab, name, email, hire, team string) domain.Person {
	t.Helper()
	f := newPersonForm(tm, domain.Person{Active: true})
	f.name.SetText(name)
	f.email.SetText(email)
	f.role.SetSelected("Account executive")
	f.hire.SetText(hire)
	f.team.SetText(team)
	p, err := f.save()
	if err != nil {
		t.Fatalf("adding %s: %v", name, err)
	}
	return p
}

// leaderCell is the leaderboard's text for the person named name in column title.
func leaderCell(t *testing.T, v *teamPerformance, name, title string) string {
	t.Helper()
	col := -1
	for i, c := range v.cols {
		if c.title == title {
			col = i
		}
	}
	for i := range v.rows {
		if v.rows[i].Name == name {
			return v.cellText(i, col)
		}
	}
	t.Fatalf("%s is not on the leaderboard", name)
	return ""
}

func TestAddAPersonSetAQuotaAndTheLeaderboardChanges(t *testing.T) {
	u := newTestUI(t, 0)
	ctx := context.Background()
	tm := findTeam(t, u)
	nina := addPersonT(t, tm, "Nina Holm", "nina@aurora.example", "2025-01-06", "Nordics")
	if len(tm.people.shown) != 1 || tm.people.shown[0].Name != "Nina Holm" || tm.people.cols[4].text(tm.people.shown[0]) != "Nordics" {
		t.Fatalf("people table after adding: %+v", tm.people.shown)
	}
	if got := tm.people.children[""]; len(got) != 1 {
		t.Errorf("org chart roots %v, want Nina", got)
	}
	// A 15,000 won deal this quarter (2026-Q4).
	d := domain.Deal{Name: "Fjord renewal", OwnerID: nina.ID, StageID: 5, Amount: 1_500_000, HasAmount: true,
		Created: domain.Day(2026, 10, 1), CloseDate: domain.Day(2026, 10, 31)}
	if err := u.DB.CreateDeal(ctx, &d); err != nil {
		t.Fatal(err)
	}
	u.Changed()
	showInner(tm, 2)
	perf := tm.perf
	if got := leaderCell(t, perf, "Nina Holm", "Credited"); got != "€15,000.00" {
		t.Errorf("credited %q, want €15,000.00", got)
	}
	for _, col := range []string{"Quota", "Attainment"} {
		if got := leaderCell(t, perf, "Nina Holm", col); got != "—" {
			t.Errorf("%s without a quota shows %q, want —", col, got)
		}
	}
	// Set a Q4 quota of 30,000 without ramp: 10,000 a month.
	showInner(tm, 1)
	q := tm.quotas
	q.person.SetSelected("Nina Holm")
	q.period.SetText("2026-Q4")
	q.amount.SetText("30,000")
	q.ramp.SetChecked(false)
	if err := q.apply(); err != nil {
		t.Fatal(err)
	}
	if got := q.yearRows[9]; got[1] != "€10,000.00" { // October
		t.Errorf("October quota row %v", got)
	}
	if got := q.yearRows[15]; got[0] != "Q4" || got[1] != "€30,000.00" {
		t.Errorf("Q4 row %v", got)
	}
	showInner(tm, 2)
	if got := leaderCell(t, perf, "Nina Holm", "Quota"); got != "€30,000.00" {
		t.Errorf("quota %q, want €30,000.00", got)
	}
	if got := leaderCell(t, perf, "Nina Holm", "Attainment"); got != "50\u00a0%" {
		t.Errorf("attainment %q, want 50 %%", got)
	}
	if got := leaderCell(t, perf, "Nina Holm", "Milestone"); got != "★ 50\u00a0%" {
		t.Errorf("milestone %q, want ★ 50 %%", got)
	}
	if got := perf.cellText(len(perf.rows), 1); got != "Team average" {
		t.Errorf("last row %q, want the team average", got)
	}
	if spec := perf.trend.Spec(); len(spec.Series) != 2 || spec.Series[0].Values[9] != 1_500_000 || spec.Series[1].Values[9] != 1_000_000 {
		t.Errorf("trend chart %+v", spec.Series)
	}
	if spec := perf.versus.Spec(); len(spec.Series) != 2 || spec.Series[0].Values[0] != 1_500_000 {
		t.Errorf("person against average chart %+v", spec.Series)
	}
	// The dashboard follows too.
	if v, _ := findDashboard(t, u).Tile("quota"); v == "—" {
		t.Errorf("the dashboard's quota tile still shows —")
	}
}

func TestThePeopleFormRefusesDuplicatesAndLoops(t *testing.T) {
	u := newTestUI(t, 0)
	tm := findTeam(t, u)
	boss := addPersonT(t, tm, "Astrid Berg", "astrid@aurora.example", "2020-01-06", "")
	f := newPersonForm(tm, domain.Person{Active: true})
	f.name.SetText("Luca Gallo")
	f.email.SetText("luca@aurora.example")
	f.manager.SetSelected("Astrid Berg")
	luca, err := f.save()
	if err != nil || luca.ManagerID != boss.ID {
		t.Fatalf("adding Luca under Astrid: %+v, %v", luca, err)
	}
	if got := tm.people.children[strconv.FormatInt(boss.ID, 10)]; len(got) != 1 {
		t.Errorf("Astrid's reports in the org chart: %v", got)
	}
	dup := newPersonForm(tm, domain.Person{Active: true})
	dup.name.SetText("Other Astrid")
	dup.email.SetText("ASTRID@aurora.example")
	dup.team.SetText("Brand new team")
	if _, err := dup.save(); err == nil || !strings.Contains(domain.ErrorMessage(err), "ASTRID@aurora.example") {
		t.Errorf("a duplicate email: %v, want a message naming it", err)
	}
	if teams, _ := u.DB.Teams(context.Background()); len(teams) != 0 {
		t.Errorf("a refused person left the team made for them: %+v", teams)
	}
	loop := newPersonForm(tm, *tm.byID[boss.ID])
	loop.manager.SetSelected("Luca Gallo")
	if _, err := loop.save(); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "loop") {
		t.Errorf("Astrid reporting to Luca: %v, want a loop conflict", err)
	}
	bad := newPersonForm(tm, domain.Person{Active: true})
	bad.name.SetText("Date Less")
	bad.hire.SetText("31/31/2026")
	if _, err := bad.save(); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an impossible date: %v", err)
	}
	mia := newPersonForm(tm, domain.Person{Active: true})
	mia.name.SetText("Mia Rossi")
	mia.manager.SetSelected("Luca Gallo")
	miaP, err := mia.save()
	if err != nil {
		t.Fatal(err)
	}
	// Deactivating hides Luca until people who left are shown.
	tm.people.selectPerson(luca.ID)
	if err := tm.people.deactivate(); err != nil {
		t.Fatal(err)
	}
	if n := len(tm.people.shown); n != 2 {
		t.Errorf("%d people shown after deactivating one of three", n)
	}
	tm.people.inactive.SetChecked(true)
	if n := len(tm.people.shown); n != 3 {
		t.Errorf("%d people shown with those who left, want 3", n)
	}
	// Editing Mia keeps Luca as her manager although he left.
	edit := newPersonForm(tm, *tm.byID[miaP.ID])
	if edit.manager.Selected != "Luca Gallo" {
		t.Errorf("Mia's form shows manager %q", edit.manager.Selected)
	}
	edit.email.SetText("mia@aurora.example")
	if got, err := edit.save(); err != nil || got.ManagerID != luca.ID {
		t.Errorf("after editing Mia: manager %d, %v; want Luca", got.ManagerID, err)
	}
}

func TestThePeopleTableFiltersAndSorts(t *testing.T) {
	u := newTestUI(t, 300)
	tm := findTeam(t, u)
	v := tm.people
	all := len(v.shown)
	if all < 10 {
		t.Fatalf("%d people in the demo table", all)
	}
	test.Type(v.search, "enterprise")
	if n := len(v.shown); n == 0 || n >= all {
		t.Errorf("filtering by a team shows %d of %d", n, all)
	}
	for _, p := range v.shown {
		if !strings.Contains(strings.ToLower(tm.teamName(p.TeamID)+p.Name+p.Email+tm.personName(p.ManagerID)), "enterprise") {
			t.Errorf("%s does not match the filter", p.Name)
		}
	}
	v.search.SetText("")
	v.onSort(5) // hire date ascending
	for i := 1; i < len(v.shown); i++ {
		if v.shown[i].HireDate.Before(v.shown[i-1].HireDate) {
			t.Fatalf("not sorted by hire date at row %d", i)
		}
	}
	v.onSort(5) // descending
	if v.shown[0].HireDate.Before(v.shown[len(v.shown)-1].HireDate) {
		t.Error("the second tap does not reverse the order")
	}
	if len(v.children[""]) == 0 || len(v.children[""]) >= len(v.shown) {
		t.Errorf("org chart has %d roots for %d people", len(v.children[""]), len(v.shown))
	}
}

func TestTheCapacityPlanIsCalculatedSavedAndExported(t *testing.T) {
	u := newTestUI(t, 0)
	tm := findTeam(t, u)
	for i, name := range []string{"A One", "B Two"} {
		addPersonT(t, tm, name, "", fmt.Sprintf("2024-%02d-01", i+1), "")
	}
	showInner(tm, 3)
	c := tm.capacity
	if c.year.Text != "2027" || c.sellers.Text != "2" || c.ramp.Text != "0/25/50/75/100" {
		t.Fatalf("defaults: year %q sellers %q ramp %q", c.year.Text, c.sellers.Text, c.ramp.Text)
	}
	// 8 ramped sellers, 1.2M target, 120k quota: 2 hires in January, 1 in May
	// (domain's worked example).
	c.sellers.SetText("8")
	c.target.SetText("1,200,000")
	c.fullQuota.SetText("120000")
	c.attrition.SetText("0")
	if err := c.calculate(); err != nil {
		t.Fatal(err)
	}
	if c.plan.Hires != 3 || c.plan.Months[0].Hires != 2 || c.plan.Months[4].Hires != 1 {
		t.Errorf("plan hires %d: %+v", c.plan.Hires, c.plan.Months)
	}
	if !strings.Contains(c.summary.Text, "Hire 3 sellers") || !strings.Contains(c.summary.Text, "2 in January 2027") {
		t.Errorf("summary %q", c.summary.Text)
	}
	if spec := c.chart.Spec(); len(spec.Series) != 2 || spec.Series[0].Values[0] != 8_000_000 {
		t.Errorf("chart %+v", spec.Series)
	}
	if err := c.save(); err != nil {
		t.Fatal(err)
	}
	if len(c.plans) != 1 || c.saved.Options[0] != "Plan 2027" {
		t.Errorf("saved plans %v", c.saved.Options)
	}
	c.target.SetText("1")
	c.saved.SetSelectedIndex(0)
	if c.target.Text != "1200000.00" || c.plan.Hires != 3 {
		t.Errorf("loading the saved plan: target %q, hires %d", c.target.Text, c.plan.Hires)
	}
	out := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := c.exportTo(out); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Errorf("export: %v", err)
	}
	c.fullQuota.SetText("0")
	if err := c.calculate(); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a zero full quota: %v", err)
	}
}

func TestOnboardingShowsProgressAndOverdueItems(t *testing.T) {
	u := newTestUI(t, 0)
	tm := findTeam(t, u)
	// Hired 1 October: items due Oct 8, 15, 31, Nov 15 are overdue on Nov 22; Nov 30 is not.
	p := addPersonT(t, tm, "Ola Nordmann", "", "2026-10-01", "")
	addPersonT(t, tm, "Old Hand", "", "2019-10-01", "")
	if got := tm.people.onboardingText(tm.byID[p.ID]); got != "0 of 5 ⚠" {
		t.Errorf("people table onboarding %q", got)
	}
	showInner(tm, 4)
	o := tm.onboarding
	if len(o.shown) != 5 {
		t.Fatalf("%d items, want the default 5", len(o.shown))
	}
	if o.summary.Text != "0 of 5 items done, 4 overdue." {
		t.Errorf("summary %q", o.summary.Text)
	}
	if err := o.setDone(0, true); err != nil {
		t.Fatal(err)
	}
	if o.summary.Text != "1 of 5 items done, 3 overdue." || o.bar.Value != 0.2 {
		t.Errorf("after ticking one: %q, bar %v", o.summary.Text, o.bar.Value)
	}
	o.who.SetSelected("Old Hand")
	if len(o.shown) != 0 {
		t.Errorf("someone hired in 2019 has %d items", len(o.shown))
	}
	o.addName.SetText("Security training")
	o.addDue.SetText("2026-11-30")
	if err := o.addItem(); err != nil {
		t.Fatal(err)
	}
	if len(o.shown) != 1 || o.summary.Text != "0 of 1 items done, 0 overdue." {
		t.Errorf("after adding: %d items, %q", len(o.shown), o.summary.Text)
	}
}

func TestAmountsAreReadTheWayPeopleTypeThem(t *testing.T) {
	en, it, fr := NewFormat("en", "EUR"), NewFormat("it", "EUR"), NewFormat("fr", "EUR")
	tests := []struct {
		in   string
		f    Format
		want domain.Money
		ok   bool
	}{
		{"120000", en, 12_000_000, true},
		{"120,000", en, 12_000_000, true},
		{"120,000.50", en, 12_000_050, true},
		{"€1,234.5", en, 123_450, true},
		{"120.000", it, 12_000_000, true},
		{"120.000,50", it, 12_000_050, true},
		{"1,5", it, 150, true},
		{"120 000,25", fr, 12_000_025, true},
		{"1,234", fr, 123, false}, // three decimals in a currency of two
		{"12.345.678", en, 1_234_567_800, true},
		{"abc", en, 0, false},
		{"", en, 0, false},
		{"1.001", en, 100_100, true},
	}
	for _, tt := range tests {
		got, err := parseAmount(tt.in, tt.f)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("parseAmount(%q, %s) = %d, %v; want %d, ok %v", tt.in, tt.f.Lang, got, err, tt.want, tt.ok)
		}
	}
}

func TestSeasonalityRampAndTeamTargetsAreEdited(t *testing.T) {
	u := newTestUI(t, 0)
	tm := findTeam(t, u)
	p := addPersonT(t, tm, "Nina Holm", "", "2026-05-20", "Nordics")
	showInner(tm, 1)
	q := tm.quotas
	if q.seasonSum.Text != "Even: every month the same." || q.rampEntry.Text != "0/25/50/75/100" {
		t.Fatalf("defaults: %q, ramp %q", q.seasonSum.Text, q.rampEntry.Text)
	}
	for i, v := range []string{"6", "7", "9", "8", "8", "9", "7", "4", "9", "9", "10", "13"} {
		q.season[i].SetText(v)
	}
	if q.seasonSum.Text != "Total 99.00\u00a0% (must be 100 %)" {
		t.Errorf("sum shown %q", q.seasonSum.Text)
	}
	if err := q.saveProfile(); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a profile summing to 99 %% saved: %v", err)
	}
	q.season[11].SetText("14")
	if err := q.saveProfile(); err != nil {
		t.Fatal(err)
	}
	// 120,000 for 2026 with the default ramp from 20 May: Jun 2,700, Jul
	// 4,200, Aug 3,600, Sep 10,800, Oct 10,800, Nov 12,000, Dec 16,800
	// (domain's worked example): 60,900 in the year, 2,700 in Q2.
	q.person.SetSelected("Nina Holm")
	q.period.SetText("2026")
	q.amount.SetText("120000")
	q.ramp.SetChecked(true)
	if err := q.apply(); err != nil {
		t.Fatal(err)
	}
	if got := q.yearRows[16]; got[1] != "€60,900.00" {
		t.Errorf("year row %v, want €60,900.00", got)
	}
	if got := q.yearRows[13]; got[0] != "Q2" || got[1] != "€2,700.00" {
		t.Errorf("Q2 row %v", got)
	}
	// The team's Q4 quota (10,800 + 12,000 + 16,800 = 39,600) against a 50,000 target.
	q.targetTeam.SetSelected("Nordics")
	q.targetValue.SetText("50000")
	if err := q.setTarget(); err != nil {
		t.Fatal(err)
	}
	var nordics []string
	for row := range q.teamRows {
		if q.teamRows[row].Name == "Nordics" {
			for col := 0; col < 4; col++ {
				nordics = append(nordics, teamCellText(q, row, col))
			}
		}
	}
	if strings.Join(nordics, " | ") != "Nordics | €39,600.00 | €50,000.00 | -€10,400.00" {
		t.Errorf("Nordics row %v", nordics)
	}
	q.rampEntry.SetText("50/120")
	if err := q.saveProfile(); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a ramp step of 120 %% saved: %v", err)
	}
	_ = p
}

// teamCellText renders one cell of the team quota table.
func teamCellText(q *teamQuotas, row, col int) string {
	l := &widget.Label{}
	q.updateTeamCell(widget.TableCellID{Row: row, Col: col}, l)
	return l.Text
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"120000", "120,000.50", "120.000,50", "1,5", "€1,234.5", "-3", "1.2.3,4", "", "abc"} {
		f.Add(s, int64(12_345_67))
	}
	formats := []Format{NewFormat("en", "EUR"), NewFormat("it", "EUR"), NewFormat("fr", "EUR"), NewFormat("nb", "NOK"), NewFormat("en", "JPY")}
	f.Fuzz(func(t *testing.T, s string, m int64) {
		for _, fm := range formats {
			_, _ = parseAmount(s, fm) // never panics
			// What the entries show reads back exactly.
			if m > -1e15 && m < 1e15 {
				if got, err := parseAmount(moneyInput(domain.Money(m), fm), fm); err != nil || got != domain.Money(m) {
					t.Fatalf("%s: %q reads back as %d, %v; want %d", fm.Lang, moneyInput(domain.Money(m), fm), got, err, m)
				}
			}
		}
	})
}

// The leaderboard and the trend are computed off the UI goroutine, and only
// the newest load's result is shown. (Nothing else touches the window while
// the loads run: Fyne's test driver applies them on their own goroutines.)
func TestTheLeaderboardLoadsInTheBackground(t *testing.T) {
	u := newTestUI(t, 400)
	findDashboard(t, u).pending.Wait() // its own background load
	tm := findTeam(t, u)
	perf := tm.perf
	u.Period = mustPeriod(t, u, "2026-Q1")
	showInner(tm, 2)
	loadInBackground = true
	// Two refreshes in a row, the second for another period: whichever read
	// finishes first, only the second's rows land.
	tm.applying.Lock()
	u.Period = mustPeriod(t, u, "2026-Q1")
	perf.refresh()
	u.Period = mustPeriod(t, u, "2025")
	perf.refresh()
	tm.applying.Unlock()
	tm.busy.Wait()
	want, err := u.DB.Leaderboard(context.Background(), u.Period, perf.scope())
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 2 || len(perf.rows) != len(want) {
		t.Fatalf("%d rows shown, want the %d of 2025", len(perf.rows), len(want))
	}
	var sumShown, sumWant domain.Money
	for i := range want {
		sumShown += perf.rows[i].Credited
		sumWant += want[i].Credited
	}
	if sumShown != sumWant {
		t.Errorf("credited shown %d, 2025's %d", sumShown, sumWant)
	}
	if !strings.Contains(perf.head.Text, "2025") {
		t.Errorf("heading %q does not name 2025", perf.head.Text)
	}
	if spec := perf.trend.Spec(); len(spec.Series) == 0 || len(spec.XLabels) != 12 || !strings.Contains(spec.Title, tm.personName(perf.selected)) {
		t.Errorf("trend chart not drawn for %s: %+v", tm.personName(perf.selected), spec)
	}
	// Choosing another person loads their trend in the background too.
	second := perf.rows[0]
	if second.PersonID == perf.selected {
		second = perf.rows[1]
	}
	perf.selected = second.PersonID
	perf.loadTrend()
	tm.busy.Wait()
	if title := perf.trend.Spec().Title; !strings.Contains(title, second.Name) {
		t.Errorf("after choosing %s the trend is %q", second.Name, title)
	}
}

func mustPeriod(t *testing.T, u *UI, key string) domain.Period {
	t.Helper()
	p, err := domain.ParsePeriod(key, u.Settings.Calendar)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The Quotas tab opens the import dialog with quotas chosen, and exports
// the months to a workbook that imports back to the same quotas.
func TestQuotasImportAndExportFromTheQuotasTab(t *testing.T) {
	u := newTestUI(t, 0)
	tm := findTeam(t, u)
	addPersonT(t, tm, "Nina Holm", "nina@aurora.example", "2020-01-06", "Nordics")
	showInner(tm, 1)
	q := tm.quotas
	path := writeTestFile(t, "quotas.csv", "Person,Period,Amount\nnina@aurora.example,2026-10,\"12,000.00\"\nNina Holm,2026-11,9000\n")
	d := q.importDialog()
	if d.kind != "quotas" {
		t.Fatalf("the import dialog opens on %q", d.kind)
	}
	d.show()
	done := make(chan error, 1)
	d.done = func(err error) { done <- err }
	d.load(path, "")
	d.run(false)
	if err := waitFor(t, done); err != nil {
		t.Fatal(err)
	}
	if d.result == nil || d.result.Inserted != 2 || d.result.Errors != 0 {
		t.Fatalf("import: %+v", d.result)
	}
	q.person.SetSelected("Nina Holm")
	q.period.SetText("2026-Q4")
	if got := q.yearRows[9][1] + " " + q.yearRows[10][1] + " " + q.yearRows[15][1]; got != "€12,000.00 €9,000.00 €21,000.00" {
		t.Errorf("October, November and Q4 after the import: %s", got)
	}
	out := filepath.Join(t.TempDir(), "quotas.xlsx")
	exported := make(chan error, 1)
	q.exportTo(out, func(n int, err error) {
		if err == nil && n != 2 {
			err = fmt.Errorf("%d rows written, want 2", n)
		}
		exported <- err
	})
	if err := waitFor(t, exported); err != nil {
		t.Fatal(err)
	}
	if _, err := u.DB.SQL().Exec("DELETE FROM quotas"); err != nil {
		t.Fatal(err)
	}
	res, err := u.DB.Import(context.Background(), out, persistence.ImportOptions{Kind: "quotas"})
	if err != nil || res.Inserted != 2 {
		t.Fatalf("importing the export: %+v, %v", res, err)
	}
	if n := countRows(t, u, "SELECT sum(amount) FROM quotas"); n != 2_100_000 {
		t.Errorf("quotas after the round trip sum to %d, want 2100000", n)
	}
}

// On first launch with the demo company the Onboarding tab is not empty:
// its recent hires' checklists show progress and overdue items.
func TestTheDemoCompanyHasOnboardingToShow(t *testing.T) {
	u := newTestUI(t, 300)
	tm := findTeam(t, u)
	showInner(tm, 4)
	o := tm.onboarding
	items, err := u.DB.Onboarding(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	pr := domain.Progress(items, testToday)
	if pr.Total == 0 || pr.Done == 0 || pr.Overdue == 0 {
		t.Fatalf("demo onboarding %+v: want items done and overdue", pr)
	}
	if len(o.shown) != pr.Total || o.bar.Hidden {
		t.Errorf("%d items shown (bar hidden %v), want %d", len(o.shown), o.bar.Hidden, pr.Total)
	}
	want := fmt.Sprintf("%d of %d items done, %d overdue.", pr.Done, pr.Total, pr.Overdue)
	if o.summary.Text != want {
		t.Errorf("summary %q, want %q", o.summary.Text, want)
	}
	warned := 0
	for _, p := range tm.people.shown {
		if strings.HasSuffix(tm.people.onboardingText(p), "⚠") {
			warned++
		}
	}
	if warned == 0 {
		t.Error("no one in the people table is marked with overdue onboarding")
	}
}
