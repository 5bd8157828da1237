package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"

	"salesops/domain"
	"salesops/persistence"
)

// Every Italian account of the demo moves to France on 15 August 2026, in
// the middle of the dashboard's quarter (Q3). The scope "Territory: Italy" still
// shows the deals that closed while they were Italian — in the deals table
// and in the dashboard's closed-won tile — as the history says, not the
// accounts' territory now (which would leave Italy empty).
func TestATerritoryScopeFollowsTheHistory(t *testing.T) {
	u := newTestUI(t, 1500)
	ctx := context.Background()
	terrs, err := u.DB.Territories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, tr := range terrs {
		ids[tr.Name] = tr.ID
	}
	italy, france := ids["Italy"], ids["France"]
	db := u.DB.SQL()
	rows, err := db.Query("SELECT id FROM accounts WHERE territory_id = ?", italy)
	if err != nil {
		t.Fatal(err)
	}
	var moving []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		moving = append(moving, id)
	}
	rows.Close()
	if len(moving) == 0 {
		t.Fatal("the demo has no Italian accounts")
	}
	for _, id := range moving {
		if err := u.DB.AssignAccount(ctx, id, france, domain.Day(2026, 8, 15)); err != nil {
			t.Fatal(err)
		}
	}

	// What the history says, straight from the history table.
	const byHistory = ` FROM deals d JOIN accounts a ON a.id = d.account_id
		LEFT JOIN account_territory_history h ON h.account_id = a.id AND h.valid_from <= d.close_date AND (h.valid_to IS NULL OR d.close_date < h.valid_to)
		WHERE (CASE WHEN h.id IS NULL THEN a.territory_id ELSE h.territory_id END) = ?`
	var wantDeals, nowItalian int
	var wantWon int64
	if err := db.QueryRow("SELECT count(*)"+byHistory, italy).Scan(&wantDeals); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT count(*) FROM deals d JOIN accounts a ON a.id = d.account_id WHERE a.territory_id = ?", italy).Scan(&nowItalian); err != nil {
		t.Fatal(err)
	}
	p := domain.MustParsePeriod("2026-Q3", u.Settings.Calendar)
	u.SetPeriod(p)
	if err := db.QueryRow("SELECT coalesce(sum(d.amount_ws), 0)"+byHistory+" AND d.status = 'won' AND d.close_date >= ? AND d.close_date < ?",
		italy, p.Start().Format("2006-01-02"), p.End().Format("2006-01-02")).Scan(&wantWon); err != nil {
		t.Fatal(err)
	}
	if wantDeals == 0 || nowItalian != 0 || wantWon == 0 {
		t.Fatalf("Italy has %d deals by the history, %d by the accounts now, %d won in %s: no test", wantDeals, nowItalian, wantWon, p)
	}

	dash := findDashboard(t, u)
	u.Tabs().SelectIndex(3)
	deals := findDeals(t, u)
	name := lang.L("Territory") + ": Italy"
	u.bar.scope.SetSelected(name)
	if u.Scope.Kind != ScopeTerritory || u.Scope.ID != italy {
		t.Fatalf("choosing %q gives scope %+v", name, u.Scope)
	}
	if deals.total != wantDeals {
		t.Errorf("scope %s shows %d deals, the history counts %d", name, deals.total, wantDeals)
	}
	dash.wait()
	if won, _ := dash.Tile("closed_won"); won != u.Fmt.MoneyShort(float64(wantWon)) {
		t.Errorf("closed-won tile in scope %s reads %q, want %q (closed before 15 August)", name, won, u.Fmt.MoneyShort(float64(wantWon)))
	}
}

// The Forecasts tab's accuracy history in a segment scope is the segment's
// (snapshot lines by the segment they were taken with) and says so.
func TestForecastAccuracyInASegmentScope(t *testing.T) {
	u := newTestUI(t, 1500)
	ctx := context.Background()
	all, err := u.DB.AccuracyHistory(ctx, testToday, u.Settings.Calendar, u.Period.Kind, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := u.DB.AccuracyHistoryIn(ctx, testToday, u.Settings.Calendar, u.Period.Kind, persistence.WonScope{Segment: "Enterprise"})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || len(want) != len(all) || want[0].Forecast == all[0].Forecast || want[0].Forecast == 0 {
		t.Fatalf("the demo's accuracy history: %d points, %d for Enterprise: no test", len(all), len(want))
	}
	ft := findForecasts(t, u)
	u.bar.scope.SetSelected(lang.L("Segment") + ": Enterprise")
	u.SelectTab("Forecasts")
	ft.show(paneAccuracy)
	if len(ft.acc) != len(want) || ft.acc[0].Forecast != want[0].Forecast || ft.acc[0].Actual != want[0].Actual {
		t.Errorf("the tab shows %d points (first %+v), want %d (first forecast %d, actual %d)", len(ft.acc), ft.acc, len(want), want[0].Forecast, want[0].Actual)
	}
	if !strings.Contains(ft.accLabel.Text, "By the segment each account had") {
		t.Errorf("accuracy label %q does not say how segments are counted", ft.accLabel.Text)
	}
}
