package ui

import (
	"testing"

	"fyne.io/fyne/v2/lang"
)

// A segment in the scope selector narrows the deals table and the
// dashboard's tiles to the deals of accounts in that segment, as SQL counts
// them, and the quota (per person, not per segment) is not shown.
func TestASegmentScopeNarrowsTheDealsAndTheDashboard(t *testing.T) {
	u := newTestUI(t, 1500)
	dash := findDashboard(t, u)
	allWon, _ := dash.Tile("closed_won")
	const seg = "Enterprise"
	name := lang.L("Segment") + ": " + seg
	found := false
	for _, o := range u.bar.scope.Options {
		found = found || o == name
	}
	if !found {
		t.Fatalf("scope options %v lack %q", u.bar.scope.Options, name)
	}

	var wantDeals int
	var wantWon int64
	db := u.DB.SQL()
	if err := db.QueryRow(`SELECT count(*) FROM deals d JOIN accounts a ON a.id = d.account_id WHERE a.segment = ?`, seg).Scan(&wantDeals); err != nil {
		t.Fatal(err)
	}
	p := u.Period
	if err := db.QueryRow(`SELECT coalesce(sum(d.amount_ws), 0) FROM deals d JOIN accounts a ON a.id = d.account_id
		WHERE a.segment = ? AND d.status = 'won' AND d.close_date >= ? AND d.close_date < ?`,
		seg, p.Start().Format("2006-01-02"), p.End().Format("2006-01-02")).Scan(&wantWon); err != nil {
		t.Fatal(err)
	}
	if wantDeals == 0 || wantDeals == 1500 || wantWon == 0 {
		t.Fatalf("the demo's %s segment has %d deals and %d won in %s: no test", seg, wantDeals, wantWon, p)
	}

	u.Tabs().SelectIndex(3)
	deals := findDeals(t, u)
	u.bar.scope.SetSelected(name)
	if u.Scope.Kind != ScopeSegment || u.Scope.Segment != seg {
		t.Fatalf("choosing %q gives scope %+v", name, u.Scope)
	}
	if deals.total != wantDeals {
		t.Errorf("scope %s shows %d deals, SQL counts %d", name, deals.total, wantDeals)
	}
	won, _ := dash.Tile("closed_won")
	if want := u.Fmt.MoneyShort(float64(wantWon)); won != want || won == allWon {
		t.Errorf("closed-won tile in scope %s reads %q, want %q (everyone: %q)", name, won, want, allWon)
	}
	if q, _ := dash.Tile("quota"); q != "—" {
		t.Errorf("quota tile in a segment scope reads %q, want —", q)
	}

	// The pipeline forecast counts the segment's won deals as closed, with
	// no quota.
	ft := findForecasts(t, u)
	u.SelectTab("Forecasts")
	ft.show(panePipeline)
	if int64(ft.total.Closed) != wantWon || ft.total.Quota != 0 {
		t.Errorf("pipeline in scope %s: closed %d, quota %d; SQL sums %d won, no quota", name, ft.total.Closed, ft.total.Quota, wantWon)
	}

	// The Territories tab's accounts list follows the segment too.
	var wantAccounts, allAccounts int
	if err := db.QueryRow(`SELECT count(*) FROM accounts WHERE segment = ?`, seg).Scan(&wantAccounts); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM accounts`).Scan(&allAccounts); err != nil {
		t.Fatal(err)
	}
	u.SelectTab("Territories")
	tt := findTerritories(t, u)
	tt.sub.SelectIndex(1)
	if len(tt.accounts.rows) != wantAccounts || tt.accounts.segment.Selected != seg {
		t.Errorf("the accounts list in scope %s shows %d accounts (filter %q), SQL counts %d", name, len(tt.accounts.rows), tt.accounts.segment.Selected, wantAccounts)
	}

	u.bar.scope.SetSelected(lang.L("Everyone"))
	if deals.total != 1500 {
		t.Errorf("back to Everyone shows %d deals, want 1500", deals.total)
	}
	if len(tt.accounts.rows) != allAccounts {
		t.Errorf("back to Everyone the accounts list shows %d of %d accounts", len(tt.accounts.rows), allAccounts)
	}
}
