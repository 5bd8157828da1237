package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"salesops/domain"
	"salesops/persistence"
)

var testToday = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// newTestUI builds the window headlessly on a small generated demo company.
func newTestUI(t *testing.T, deals int) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	ctx := context.Background()
	db, err := persistence.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if deals > 0 {
		if _, err := persistence.GenerateDemo(ctx, db, persistence.DemoOptions{Seed: 7, Deals: deals, AsOf: testToday}); err != nil {
			t.Fatal(err)
		}
	}
	u, err := New(a, db, Options{Now: func() time.Time { return testToday }})
	if err != nil {
		t.Fatal(err)
	}
	u.Win.Resize(fyne.NewSize(1280, 800))
	return u
}

func TestTheWindowHasTheSixTabsInOrder(t *testing.T) {
	u := newTestUI(t, 500)
	want := []string{"Dashboard", "Team", "Territories", "Deals", "Comp plans", "Forecasts"}
	items := u.Tabs().Items
	if len(items) != len(want) {
		t.Fatalf("%d tabs, want %d", len(items), len(want))
	}
	for i, w := range want {
		if items[i].Text != w {
			t.Errorf("tab %d is %q, want %q", i, items[i].Text, w)
		}
		u.Tabs().SelectIndex(i)
		if u.Tabs().Selected() != items[i] {
			t.Errorf("selecting tab %q did not select it", w)
		}
	}
}

func TestThePeriodBarMovesThePeriodAndTheTabsFollow(t *testing.T) {
	u := newTestUI(t, 1500)
	if got := u.Period.String(); got != "2026-Q4" {
		t.Fatalf("the window opens on %s, want the current quarter 2026-Q4", got)
	}
	dash := findDashboard(t, u)
	before, _ := dash.Tile("closed_won")
	if before == "—" || before == "" {
		t.Fatalf("closed-won tile shows %q for a quarter with won deals", before)
	}
	test.Tap(u.bar.prev)
	if got := u.Period.String(); got != "2026-Q3" {
		t.Fatalf("after ← the period is %s, want 2026-Q3", got)
	}
	if got := u.bar.label.Text; got != "Q3 2026" {
		t.Errorf("the period label says %q, want Q3 2026", got)
	}
	after, _ := dash.Tile("closed_won")
	if after == before {
		t.Errorf("closed-won stayed %q after moving to another quarter", after)
	}
	u.bar.kind.SetSelected("Year")
	if got := u.Period.String(); got != "2026" {
		t.Errorf("choosing Year gives %s, want 2026", got)
	}
}

func TestTheScopeNarrowsTheDeals(t *testing.T) {
	u := newTestUI(t, 1500)
	u.Tabs().SelectIndex(3)
	deals := findDeals(t, u)
	all := deals.total
	if all != 1500 {
		t.Fatalf("the deals table counts %d deals, want 1500", all)
	}
	u.bar.scope.SetSelected("Team: Enterprise")
	if deals.total == 0 || deals.total >= all {
		t.Errorf("scope Team: Enterprise shows %d of %d deals", deals.total, all)
	}
	u.bar.scope.SetSelected("Everyone")
	if deals.total != all {
		t.Errorf("back to Everyone shows %d deals, want %d", deals.total, all)
	}
}

func TestTheDealsTableSearchesAndSorts(t *testing.T) {
	u := newTestUI(t, 800)
	deals := findDeals(t, u)
	test.Type(deals.search, "D-0000042")
	if deals.total != 1 {
		t.Fatalf("searching an ID finds %d deals, want 1", deals.total)
	}
	if got := deals.cellText(0, 0); got != "D-0000042" {
		t.Errorf("first row ID %q, want D-0000042", got)
	}
	deals.search.SetText("")
	deals.onSort("amount")
	deals.onSort("amount") // descending
	first, second := deals.row(0), deals.row(1)
	if first == nil || second == nil || first.Value < second.Value {
		t.Errorf("sorted by amount descending, the first rows are out of order")
	}
	deals.status.SetSelected("Won")
	ctx := context.Background()
	n, _ := u.DB.CountDeals(ctx, persistence.DealFilter{Status: domain.StatusWon})
	if deals.total != n {
		t.Errorf("status Won shows %d deals, the workspace has %d won", deals.total, n)
	}
}

func TestAnEmptyWorkspaceSaysWhatToDo(t *testing.T) {
	u := newTestUI(t, 0)
	deals := findDeals(t, u)
	if deals.empty.Hidden || !strings.Contains(deals.empty.Text, "Import") {
		t.Errorf("the empty deals table shows %q (hidden %v); want a hint to import", deals.empty.Text, deals.empty.Hidden)
	}
	dash := findDashboard(t, u)
	if v, _ := dash.Tile("win_rate"); v != "—" {
		t.Errorf("win rate with no deals shows %q, want —", v)
	}
}

func TestSettingsChangeTheLanguageOfTheWindow(t *testing.T) {
	u := newTestUI(t, 200)
	f := newSettingsForm(u)
	f.language.SetSelected("Italiano")
	if err := f.save(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ApplyLanguage("") })
	if got := u.Tabs().Items[3].Text; got != "Trattative" {
		t.Errorf("in Italian the Deals tab is %q, want Trattative", got)
	}
	if got := u.Fmt.Money(123456); got != "1.234,56\u00a0€" {
		t.Errorf("in Italian money reads %q, want 1.234,56 €", got)
	}
	s, _ := u.DB.Settings(context.Background())
	if s.Language != "it" {
		t.Errorf("the workspace stored language %q, want it", s.Language)
	}
}

func TestSettingsRefuseABadExchangeRate(t *testing.T) {
	u := newTestUI(t, 0)
	f := newSettingsForm(u)
	f.rates.SetText("USD zero")
	if err := f.save(); err == nil || !strings.Contains(domain.ErrorMessage(err), "line 1") {
		t.Errorf("a bad rate gives %v, want an error naming line 1", err)
	}
}

func TestAFiscalYearStartingInJulyRenamesThePeriods(t *testing.T) {
	u := newTestUI(t, 200)
	f := newSettingsForm(u)
	f.start.SetSelectedIndex(6) // July
	f.naming.SetSelected(f.naming.Options[1])
	if err := f.save(); err != nil {
		t.Fatal(err)
	}
	// 22 Nov 2026 lies in FY2027 (July 2026 – June 2027), its second quarter.
	if got := u.Period.String(); got != "2027-Q2" {
		t.Errorf("with a July fiscal year named by its end, today is in %s, want 2027-Q2", got)
	}
	if got := u.bar.label.Text; got != "Q2 FY2027" {
		t.Errorf("the period label says %q, want Q2 FY2027", got)
	}
}

func TestFormatsFollowTheLanguage(t *testing.T) {
	for _, c := range []struct {
		lang, money, date, pct string
	}{
		{"en", "€1,234.56", "2026-12-31", "63.4\u00a0%"},
		{"it", "1.234,56\u00a0€", "31/12/2026", "63,4\u00a0%"},
		{"fr", "1\u202f234,56\u00a0€", "31/12/2026", "63,4\u00a0%"},
		{"nb", "1\u00a0234,56\u00a0€", "31.12.2026", "63,4\u00a0%"},
	} {
		t.Run(c.lang+" writes money, dates and percentages its own way", func(t *testing.T) {
			f := NewFormat(c.lang, "EUR")
			if got := f.Money(123456); got != c.money {
				t.Errorf("money %q, want %q", got, c.money)
			}
			if got := f.Date(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)); got != c.date {
				t.Errorf("date %q, want %q", got, c.date)
			}
			if got := f.Percent(0.634, 1); got != c.pct {
				t.Errorf("percent %q, want %q", got, c.pct)
			}
		})
	}
	if got := NewFormat("en", "EUR").Money(-5); got != "-€0.05" {
		t.Errorf("a negative amount reads %q, want -€0.05", got)
	}
	if got := NewFormat("en", "JPY").MoneyShort(1_500_000); got != "¥1.5M" {
		t.Errorf("1.5 million yen reads %q, want ¥1.5M", got)
	}
}

// findDashboard and findDeals return the tabs' controllers through the
// refresh hooks they registered.
func findDashboard(t *testing.T, u *UI) *dashboardTab {
	t.Helper()
	for _, c := range tabControllers(u) {
		if d, ok := c.(*dashboardTab); ok {
			return d
		}
	}
	t.Fatal("no dashboard tab")
	return nil
}

func findDeals(t *testing.T, u *UI) *dealsTab {
	t.Helper()
	for _, c := range tabControllers(u) {
		if d, ok := c.(*dealsTab); ok {
			return d
		}
	}
	t.Fatal("no deals tab")
	return nil
}

func TestANewTeamIsAScopeAtOnce(t *testing.T) {
	u := newTestUI(t, 200)
	if err := u.DB.CreateTeam(context.Background(), &domain.Team{Name: "Partners"}); err != nil {
		t.Fatal(err)
	}
	want := lang.L("Team") + ": Partners"
	for _, o := range u.bar.scope.Options {
		if o == want {
			t.Fatalf("%q listed before the workspace said it changed", want)
		}
	}
	u.Changed()
	found := false
	for _, o := range u.bar.scope.Options {
		found = found || o == want
	}
	if !found {
		t.Errorf("scope options %v lack %q after a change", u.bar.scope.Options, want)
	}
	if u.bar.scope.Selected != lang.L("Everyone") {
		t.Errorf("the chosen scope moved to %q", u.bar.scope.Selected)
	}
}
