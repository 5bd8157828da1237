package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"salesops/domain"
	"salesops/persistence"
)

func init() { runBackground = func(fn func()) { fn() } }

func TestKPITilesFollowTheThemeAfterASwitch(t *testing.T) {
	u := newTestUI(t, 300)
	dash := findDashboard(t, u)
	tile := dash.tiles["closed_won"]
	r := test.WidgetRenderer(tile).(*kpiTileRenderer)
	colours := func() (any, any) { return r.value.Color, r.bg.FillColor }
	u.App.Settings().SetTheme(newTheme("light"))
	tile.Refresh()
	lightFg, lightBg := colours()
	u.App.Settings().SetTheme(newTheme("dark"))
	tile.Refresh()
	darkFg, darkBg := colours()
	if lightFg == darkFg || lightBg == darkBg {
		t.Fatalf("the tile kept its colours across light → dark: fg %v/%v bg %v/%v", lightFg, darkFg, lightBg, darkBg)
	}
	want := theme.DefaultTheme().Color(theme.ColorNameForeground, theme.VariantDark)
	if darkFg != want {
		t.Errorf("dark value colour = %v, want the dark foreground %v", darkFg, want)
	}
}

func TestKPITileChangeIsColouredByGoodOrBadNews(t *testing.T) {
	u := newTestUI(t, 0)
	dash := findDashboard(t, u)
	cases := []struct {
		key       string
		cur, prev float64
		want      kpiMood
	}{
		{"closed_won", 120, 100, moodGood},
		{"closed_won", 80, 100, moodBad},
		{"avg_cycle", 30, 40, moodGood}, // a shorter cycle is good news
		{"lead_response", 5, 4, moodBad},
		{"quota", 120, 100, moodNeutral},
	}
	for _, c := range cases {
		_, mood := dash.change(c.key, domain.OptFloat{V: c.cur, OK: true}, domain.OptFloat{V: c.prev, OK: true}, true)
		if mood != c.want {
			t.Errorf("%s from %v to %v: mood %v, want %v", c.key, c.prev, c.cur, mood, c.want)
		}
	}
	if text, mood := dash.change("win_rate", domain.OptFloat{V: 0.5, OK: true}, domain.OptFloat{}, false); mood != moodNeutral || text != "no comparison" {
		t.Errorf("against an undefined previous value: %q, %v", text, mood)
	}
	// A change too small to show is no news: no arrow, no colour.
	if text, mood := dash.change("quality", domain.OptFloat{V: 0.9891, OK: true}, domain.OptFloat{V: 0.9893, OK: true}, false); mood != moodNeutral || !strings.HasPrefix(text, "= 0") {
		t.Errorf("quality 98.93 %% → 98.91 %%: %q, %v; want \"= 0 pts …\", neutral", text, mood)
	}
	if text, mood := dash.change("closed_won", domain.OptFloat{V: 100_200, OK: true}, domain.OptFloat{V: 100_000, OK: true}, true); mood != moodNeutral || !strings.HasPrefix(text, "= 0") {
		t.Errorf("closed-won +0.2 %%: %q, %v; want \"= 0 %% …\", neutral", text, mood)
	}
}

func TestDashboardFillsQualityFunnelAndWinLossInTheBackground(t *testing.T) {
	u := newTestUI(t, 1500)
	dash := findDashboard(t, u)
	u.SetPeriod(domain.MustParsePeriod("2026-Q3", u.Settings.Calendar))
	dash.wait()
	if v, _ := dash.Tile("quality"); !strings.HasSuffix(v, "%") {
		t.Errorf("data-quality tile shows %q, want a percentage", v)
	}
	if !dash.funnel.Spec().HasData() || !dash.monthly.Spec().HasData() || !dash.reasons.Spec().HasData() {
		t.Errorf("charts without data: funnel %v, monthly %v, reasons %v", dash.funnel.Spec().HasData(), dash.monthly.Spec().HasData(), dash.reasons.Spec().HasData())
	}
	if s := dash.monthly.Spec().Series; len(s) != 2 || s[1].Name != "Quota" {
		t.Errorf("the monthly chart of the demo company has %d series, want closed-won and its quota", len(s))
	}
	wl := dash.winLoss
	if len(wl.rows) == 0 || wl.rows[0].Lost == 0 || wl.rows[0].Won != 0 {
		t.Fatalf("by lost reason: %+v", wl.rows)
	}
	wl.dim.SetSelectedIndex(4) // by deal size
	if len(wl.rows) == 0 || wl.rows[0].Key != "Under 10k" {
		t.Errorf("by deal size: %+v", wl.rows)
	}
}

// TestNoQuotaLineWithoutQuotas: deals imported without any quota chart
// closed-won alone, not beside a quota line flat on zero.
func TestNoQuotaLineWithoutQuotas(t *testing.T) {
	u := newTestUI(t, 600)
	if _, err := u.DB.SQL().Exec("DELETE FROM quotas"); err != nil {
		t.Fatal(err)
	}
	dash := findDashboard(t, u)
	u.Changed()
	dash.wait()
	if !dash.monthly.Spec().HasData() {
		t.Fatal("the monthly chart has no closed-won")
	}
	if s := dash.monthly.Spec().Series; len(s) != 1 || s[0].Name != "Closed-won" {
		t.Errorf("without quotas the monthly chart has %d series (%v), want closed-won alone", len(s), s)
	}
}

func TestAKPITileChangesWhenADealIsWon(t *testing.T) {
	u := newTestUI(t, 800)
	dash := findDashboard(t, u)
	ctx := context.Background()
	before, _ := dash.Tile("closed_won")
	rows, err := u.DB.DealPage(ctx, persistence.DealFilter{Status: domain.StatusOpen, From: u.Period.Start(), To: u.Period.End()},
		persistence.DealSort{Column: "amount", Desc: true}, 0, 1)
	if err != nil || len(rows) == 0 {
		t.Fatalf("no open deal closing this quarter: %v", err)
	}
	d := rows[0].Deal
	stages, _ := u.DB.Stages(ctx)
	for _, s := range stages {
		if s.Won {
			d.StageID = s.ID
		}
	}
	if err := u.DB.UpdateDeal(ctx, &d, testToday); err != nil {
		t.Fatal(err)
	}
	u.Changed()
	dash.wait()
	after, change := dash.Tile("closed_won")
	if after == before {
		t.Errorf("closed-won stayed %q after winning a %s deal", after, u.Fmt.Money(d.Value))
	}
	if change == "" {
		t.Errorf("no change text")
	}
}

func TestQuarterlyReviewFromTheWindow(t *testing.T) {
	u := newTestUI(t, 600)
	out := filepath.Join(t.TempDir(), "review.xlsx")
	done := make(chan error, 1)
	u.writeReview(domain.MustParsePeriod("2026-Q3", u.Settings.Calendar), out, func(err error) { done <- err })
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
