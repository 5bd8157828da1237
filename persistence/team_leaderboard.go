package persistence

import (
	"context"
	"time"

	"salesops/domain"
)

// LeaderboardScope narrows the leaderboard; zero fields narrow nothing.
type LeaderboardScope struct {
	TeamID   int64 // members of the team
	PersonID int64 // one person
	// TerritoryID keeps the deals of accounts in the territory or below it.
	// Quotas are not per territory, so rows carry no quota (attainment "—").
	TerritoryID int64
}

// Leaderboard is the per-person performance for period p and scope
// (PRODUCT.md §3.1): credited bookings with splits and overlays, quota,
// attainment, milestone, won and lost counts, win rate, average deal size,
// average cycle and open pipeline, highest credited first. It is what the
// Team tab shows and what `salesops kpis --by person` prints.
func (db *DB) Leaderboard(ctx context.Context, p domain.Period, scope LeaderboardScope) ([]domain.LeaderRow, error) {
	in, err := db.leaderboardInput(ctx, p, scope)
	if err != nil {
		return nil, err
	}
	rows := domain.Leaderboard(in)
	if scope.TerritoryID != 0 {
		// Within a territory, only those with business there.
		kept := rows[:0]
		for _, r := range rows {
			if r.Credited != 0 || r.WonCount+r.LostCount > 0 || r.OpenPipeline != 0 {
				kept = append(kept, r)
			}
		}
		rows = kept
	}
	return rows, nil
}

// leaderboardInput loads the people in scope, the deals closing in p that
// the scope lets through, their splits and the quotas over p.
func (db *DB) leaderboardInput(ctx context.Context, p domain.Period, scope LeaderboardScope) (domain.LeaderboardInput, error) {
	in := domain.LeaderboardInput{Period: p}
	people, err := db.People(ctx)
	if err != nil {
		return in, err
	}
	for _, pp := range people {
		if (scope.TeamID == 0 || pp.TeamID == scope.TeamID) && (scope.PersonID == 0 || pp.ID == scope.PersonID) {
			in.People = append(in.People, pp)
		}
	}
	in.Deals, err = db.DealsClosedIn(ctx, p.Start(), p.End())
	if err != nil {
		return in, err
	}
	if scope.TerritoryID != 0 {
		accounts, err := db.accountsInTerritory(ctx, scope.TerritoryID)
		if err != nil {
			return in, err
		}
		kept := in.Deals[:0]
		for _, d := range in.Deals {
			if accounts[d.AccountID] {
				kept = append(kept, d)
			}
		}
		in.Deals = kept
	} else {
		in.Quotas, err = db.QuotaTotals(ctx, p)
		if err != nil {
			return in, err
		}
	}
	in.Splits, err = db.wonSplitsClosedIn(ctx, p.Start(), p.End())
	return in, err
}

// wonSplitsClosedIn returns the splits of the won deals closing in [from, to).
func (db *DB) wonSplitsClosedIn(ctx context.Context, from, to time.Time) (map[int64][]domain.DealSplit, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT s.deal_id, s.person_id, s.kind, s.share FROM deal_splits s JOIN deals d ON d.id = s.deal_id
		WHERE d.close_date >= ? AND d.close_date < ? AND d.status = 'won'`, from.Format(dateLayout), to.Format(dateLayout))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]domain.DealSplit{}
	for rows.Next() {
		var s domain.DealSplit
		var kind string
		if err := rows.Scan(&s.DealID, &s.PersonID, &kind, &s.Share); err != nil {
			return nil, err
		}
		s.Kind = domain.SplitKind(kind)
		out[s.DealID] = append(out[s.DealID], s)
	}
	return out, rows.Err()
}

// accountsInTerritory is the set of accounts in the territory or any below it.
func (db *DB) accountsInTerritory(ctx context.Context, territoryID int64) (map[int64]bool, error) {
	rows, err := db.db.QueryContext(ctx, `WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT t.id FROM territories t JOIN sub ON t.parent_id = sub.id)
		SELECT a.id FROM accounts a WHERE a.territory_id IN (SELECT id FROM sub)`, territoryID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// PersonTrend is one person's credited bookings and quota in each month of year.
type PersonTrend struct {
	Months   []domain.Period
	Credited []domain.Money
	Quota    []domain.Money
}

// PersonTrend returns personID's monthly credited bookings (splits honoured)
// and quotas over the months of year.
func (db *DB) PersonTrend(ctx context.Context, personID int64, year domain.Period) (PersonTrend, error) {
	tr := PersonTrend{Months: year.Months()}
	deals, err := db.dealsCreditingIn(ctx, personID, year.Start(), year.End())
	if err != nil {
		return tr, err
	}
	splits, err := db.wonSplitsClosedIn(ctx, year.Start(), year.End())
	if err != nil {
		return tr, err
	}
	tr.Credited = domain.MonthlyCredited(deals, splits, personID, tr.Months)
	qs, err := db.PersonQuotas(ctx, personID, year)
	if err != nil {
		return tr, err
	}
	for _, q := range qs {
		tr.Quota = append(tr.Quota, q.Amount)
	}
	return tr, nil
}

// dealsCreditingIn lists the won deals closing in [from, to) that personID
// owns or has a split on.
func (db *DB) dealsCreditingIn(ctx context.Context, personID int64, from, to time.Time) ([]domain.Deal, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+dealCols+` FROM deals d WHERE d.status = 'won' AND d.close_date >= ? AND d.close_date < ?
		AND (d.owner_id = ? OR d.id IN (SELECT deal_id FROM deal_splits WHERE person_id = ?))`,
		from.Format(dateLayout), to.Format(dateLayout), personID, personID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Deal
	for rows.Next() {
		d, err := scanDeal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
