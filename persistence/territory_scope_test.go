package persistence

import (
	"context"
	"testing"
	"time"

	"salesops/domain"
)

// A segment scope keeps the deals of the segment's accounts in every figure
// (deals table, KPIs, leaderboard, pipeline and statistical forecasts), held
// against SQL written independently; quotas, per person, do not apply.
func TestASegmentScopeKeepsTheSegmentsDeals(t *testing.T) {
	ctx := context.Background()
	db, _ := mustDemo(t, 3)
	const seg = "Mid-market"
	s, err := db.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := s.Calendar.PeriodOf(domain.Quarter, domain.Day(2026, 2, 1))
	from, to := p.Start().Format(dateLayout), p.End().Format(dateLayout)
	sqlInt := func(q string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := db.SQL().QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const inSeg = " FROM deals d JOIN accounts a ON a.id = d.account_id WHERE a.segment = ?"
	allDeals := sqlInt("SELECT count(*) FROM deals")
	segDeals := sqlInt("SELECT count(*)"+inSeg, seg)
	wonCount := sqlInt("SELECT count(*)"+inSeg+" AND d.status = 'won' AND d.close_date >= ? AND d.close_date < ?", seg, from, to)
	wonValue := sqlInt("SELECT coalesce(sum(d.amount_ws), 0)"+inSeg+" AND d.status = 'won' AND d.close_date >= ? AND d.close_date < ?", seg, from, to)
	if segDeals == 0 || segDeals == allDeals || wonCount == 0 {
		t.Fatalf("the demo's %s segment has %d of %d deals, %d won in %s: no test", seg, segDeals, allDeals, wonCount, p)
	}

	if n, err := db.CountDeals(ctx, DealFilter{Segment: seg}); err != nil || int64(n) != segDeals {
		t.Errorf("CountDeals(segment) = %d, %v; SQL counts %d", n, err, segDeals)
	}
	// Every page path of the deals table (sorted by a deal column, by a name,
	// by stage) shows only the segment's deals.
	for _, col := range []string{"close_date", "amount", "owner", "account", "stage", "territory"} {
		page, err := db.DealPage(ctx, DealFilter{Segment: seg}, DealSort{Column: col}, 0, 50)
		if err != nil {
			t.Fatalf("DealPage(segment) by %s: %v", col, err)
		}
		if len(page) != 50 {
			t.Errorf("DealPage(segment) by %s: %d rows, want 50", col, len(page))
		}
		for _, d := range page {
			var s string
			if err := db.SQL().QueryRow("SELECT segment FROM accounts WHERE id = ?", d.AccountID).Scan(&s); err != nil || s != seg {
				t.Fatalf("DealPage(segment) by %s shows deal %s of a %q account (%v)", col, d.ExternalID, s, err)
			}
		}
	}

	scope := KPIScope{Segment: seg}
	if scope.HasQuota() || !(KPIScope{TeamID: 1}).HasQuota() {
		t.Error("HasQuota: a segment has no quota, a team has")
	}
	r, err := db.KPIReport(ctx, scope, p, demoAsOf)
	if err != nil {
		t.Fatal(err)
	}
	if int64(r.ClosedWon) != wonValue || r.HasQuota || r.Quota != 0 {
		t.Errorf("KPIReport(segment): closed-won %d, quota %d (has %v); SQL sums %d and no quota", r.ClosedWon, r.Quota, r.HasQuota, wonValue)
	}
	mq, err := db.MonthlyQuota(ctx, scope, p)
	if err != nil || len(mq) != 0 {
		t.Errorf("MonthlyQuota(segment) = %v, %v; want none", mq, err)
	}

	rows, err := db.Leaderboard(ctx, p, LeaderboardScope{Segment: seg})
	if err != nil {
		t.Fatal(err)
	}
	var won int64
	for _, row := range rows {
		won += int64(row.WonCount)
		if row.Quota != 0 || row.Attainment.OK {
			t.Errorf("leaderboard row %s in a segment has quota %d, attainment %v", row.Name, row.Quota, row.Attainment)
		}
	}
	if won != wonCount {
		t.Errorf("leaderboard(segment) counts %d won deals, SQL %d", won, wonCount)
	}
	// The Go path (leaderboardInput) agrees with the SQL one.
	in, err := db.leaderboardInput(ctx, p, LeaderboardScope{Segment: seg})
	if err != nil {
		t.Fatal(err)
	}
	var inWon int64
	for _, d := range in.Deals {
		if d.Status == domain.StatusWon {
			inWon++
		}
	}
	if inWon != wonCount || in.Quotas != nil {
		t.Errorf("leaderboardInput(segment): %d won deals (SQL %d), quotas %v", inWon, wonCount, in.Quotas)
	}

	pf, err := db.PipelineForecastInSegment(ctx, p, seg)
	if err != nil {
		t.Fatal(err)
	}
	if int64(pf.Total.Closed) != wonValue || pf.Total.Quota != 0 {
		t.Errorf("pipeline(segment): closed %d, quota %d; SQL sums %d won, no quota", pf.Total.Closed, pf.Total.Quota, wonValue)
	}

	// The statistical forecast's last history month is the segment's wins.
	stat, err := db.StatisticalForecast(ctx, demoAsOf, domain.StatOptions{Horizon: 6}, WonScope{Segment: seg})
	if err != nil {
		t.Fatal(err)
	}
	last := stat.Months[len(stat.Months)-1]
	want := sqlInt("SELECT coalesce(sum(d.amount_ws), 0)"+inSeg+" AND d.status = 'won' AND d.close_date >= ? AND d.close_date < ?",
		seg, last.Start().Format(dateLayout), last.End().Format(dateLayout))
	all, err := db.StatisticalForecast(ctx, demoAsOf, domain.StatOptions{Horizon: 6}, WonScope{})
	if err != nil {
		t.Fatal(err)
	}
	if got := int64(stat.History[len(stat.History)-1]); got != want || want == 0 || got == int64(all.History[len(all.History)-1]) {
		t.Errorf("statistical forecast(segment): %s history %d, SQL %d, everyone %v", last, got, want, all.History[len(all.History)-1])
	}
}

// A territory in the deals table's filter (or the window's scope) takes the
// deals of the territories below it, as the dashboard's territory scope does.
func TestTheDealsTableTakesATerritorysSubTerritories(t *testing.T) {
	ctx := context.Background()
	db, _ := mustDemo(t, 3)
	var europe int64
	if err := db.SQL().QueryRow("SELECT id FROM territories WHERE name = 'Europe'").Scan(&europe); err != nil {
		t.Fatal(err)
	}
	var want int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM deals d JOIN accounts a ON a.id = d.account_id
		JOIN territories t ON t.id = a.territory_id WHERE t.id = ? OR t.parent_id = ?`, europe, europe).Scan(&want); err != nil {
		t.Fatal(err)
	}
	n, err := db.CountDeals(ctx, DealFilter{TerritoryID: europe})
	if err != nil || n != want || want == 0 {
		t.Errorf("CountDeals(Europe) = %d, %v; its territories have %d deals", n, err, want)
	}
	r, err := db.KPIReport(ctx, KPIScope{TerritoryID: europe}, demoAsOfYear(db, t), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.DealPage(ctx, DealFilter{TerritoryID: europe, Status: domain.StatusWon,
		From: r.Period.Start(), To: r.Period.End()}, DealSort{}, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	var sum domain.Money
	for _, d := range rows {
		sum += d.Value
	}
	if sum != r.ClosedWon || sum == 0 {
		t.Errorf("the deals table's won deals in Europe sum to %d, the dashboard's closed-won %d", sum, r.ClosedWon)
	}
}

func demoAsOfYear(db *DB, t *testing.T) domain.Period {
	s, err := db.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s.Calendar.PeriodOf(domain.Year, demoAsOf)
}
