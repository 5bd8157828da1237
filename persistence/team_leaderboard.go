package persistence

import (
	"context"
	"database/sql"
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
	// Segment keeps the deals of accounts in the segment; no quota either.
	Segment string
}

// byAccount reports whether the scope keeps deals by their account (a
// territory or a segment), where quotas do not apply.
func (s LeaderboardScope) byAccount() bool { return s.TerritoryID != 0 || s.Segment != "" }

// Leaderboard is the per-person performance for period p and scope
// (PRODUCT.md §3.1): credited bookings with splits and overlays, quota,
// attainment, milestone, won and lost counts, win rate, average deal size,
// average cycle and open pipeline, highest credited first. It is what the
// Team tab shows and what `salesops kpis --by person` prints.
func (db *DB) Leaderboard(ctx context.Context, p domain.Period, scope LeaderboardScope) ([]domain.LeaderRow, error) {
	people, err := db.peopleInScope(ctx, scope)
	if err != nil {
		return nil, err
	}
	tallies, err := db.tallies(ctx, p, scope)
	if err != nil {
		return nil, err
	}
	var quotas map[int64]domain.Money
	if !scope.byAccount() {
		if quotas, err = db.QuotaTotals(ctx, p); err != nil {
			return nil, err
		}
	}
	rows := domain.LeaderboardFromTallies(p, people, tallies, quotas)
	if scope.byAccount() {
		// Within a territory or segment, only those with business there.
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

func (db *DB) peopleInScope(ctx context.Context, scope LeaderboardScope) ([]domain.Person, error) {
	people, err := db.People(ctx)
	if err != nil {
		return nil, err
	}
	kept := people[:0]
	for _, pp := range people {
		if (scope.TeamID == 0 || pp.TeamID == scope.TeamID) && (scope.PersonID == 0 || pp.ID == scope.PersonID) {
			kept = append(kept, pp)
		}
	}
	return kept, nil
}

// territoryCTE names the territory and those below it as "sub".
const territoryCTE = `WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT t.id FROM territories t JOIN sub ON t.parent_id = sub.id) `

// tallies adds up the deals closing in p the way domain.TallyDeals does, but
// in SQLite: each owner's counts and sums come from one range of the owner
// index (which covers every column used), and only won deals with splits
// come back to Go to be credited by domain.DealCredits. A won deal without
// splits credits its owner its value, so an owner's credit is their won
// value less that of their won deals with splits, plus what splits give them.
func (db *DB) tallies(ctx context.Context, p domain.Period, scope LeaderboardScope) (map[int64]*domain.Tally, error) {
	from, to := p.Start().Format(dateLayout), p.End().Format(dateLayout)
	prefix, filter := "", ""
	// CROSS JOIN keeps people outside, so SQLite seeks each owner's range
	// whatever statistics it has.
	owners := " FROM people o CROSS JOIN deals d ON d.owner_id = o.id AND d.close_date >= ? AND d.close_date < ?"
	var args []any
	switch {
	case scope.TerritoryID != 0:
		// The territory each deal reports under (territory_scope.go): the
		// territory's deals of the period are ranges of deals_territory_kpi,
		// which covers every column summed.
		prefix = territoryCTE
		filter = " AND " + inTerritoryDeals
		args = append(args, scope.TerritoryID)
		// CROSS JOIN keeps the deals outside: one pass over the territory's
		// range, each owner found by key (people outside would walk the
		// range once per person).
		owners = " FROM deals d INDEXED BY deals_territory_kpi CROSS JOIN people o ON d.owner_id = o.id AND d.close_date >= ? AND d.close_date < ?"
	case scope.Segment != "":
		prefix = "WITH seg(id) AS (SELECT id FROM accounts WHERE segment = ?) "
		filter = " AND +d.account_id IN (SELECT id FROM seg)"
		args = append(args, scope.Segment)
	}
	// Won deals and the others are summed apart: simpler expressions, half
	// the time.
	out := map[int64]*domain.Tally{}
	tally := func(id int64) *domain.Tally {
		t := out[id]
		if t == nil {
			t = &domain.Tally{}
			out[id] = t
		}
		return t
	}
	rows, err := db.db.QueryContext(ctx, prefix+`SELECT o.id, count(*), coalesce(sum(d.amount_ws), 0),
		coalesce(sum(julianday(d.close_date) - julianday(d.created)), 0), count(d.created)`+owners+` AND d.status = 'won'`+filter+` GROUP BY o.id`,
		append(args, from, to)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, wonValue int64
		t := domain.Tally{}
		if err := rows.Scan(&id, &t.WonCount, &wonValue, &t.CycleDays, &t.CycleCount); err != nil {
			rows.Close()
			return nil, err
		}
		t.WonValue, t.Credited = domain.Money(wonValue), domain.Money(wonValue)
		*tally(id) = t
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.db.QueryContext(ctx, prefix+`SELECT o.id, sum(d.status = 'lost'),
		coalesce(sum(CASE WHEN d.status = 'open' AND d.category != 'omitted' THEN d.amount_ws END), 0)`+owners+` AND d.status IN ('lost', 'open')`+filter+` GROUP BY o.id`,
		append(args, from, to)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, pipeline int64
		var lost int
		if err := rows.Scan(&id, &lost, &pipeline); err != nil {
			rows.Close()
			return nil, err
		}
		t := tally(id)
		t.LostCount, t.OpenPipeline = lost, domain.Money(pipeline)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Won deals with splits, each with its splits in the order they were set.
	rows, err = db.db.QueryContext(ctx, prefix+`SELECT d.id, coalesce(d.owner_id, 0), d.amount_ws, s.person_id, s.kind, s.share
		FROM deals d JOIN deal_splits s ON s.deal_id = d.id
		WHERE d.status = 'won' AND d.close_date >= ? AND d.close_date < ?`+filter+` ORDER BY d.id, s.rowid`, append(args, from, to)...)
	if err != nil {
		return nil, err
	}
	err = eachWonDealWithSplits(rows, func(d *domain.Deal, splits []domain.DealSplit) {
		if d.OwnerID != 0 {
			tally(d.OwnerID).Credited -= d.Value
		}
		for _, c := range domain.DealCredits(d, splits) {
			tally(c.PersonID).Credited += c.Amount
		}
	})
	return out, err
}

// leaderboardInput loads the people in scope, the deals closing in p that
// the scope lets through, their splits and the quotas over p: what
// domain.Leaderboard needs to compute the leaderboard in Go. Leaderboard gets
// the same rows from SQL sums; the tests hold one against the other.
func (db *DB) leaderboardInput(ctx context.Context, p domain.Period, scope LeaderboardScope) (domain.LeaderboardInput, error) {
	in := domain.LeaderboardInput{Period: p}
	var err error
	if in.People, err = db.peopleInScope(ctx, scope); err != nil {
		return in, err
	}
	in.Deals, err = db.DealsClosedIn(ctx, p.Start(), p.End())
	if err != nil {
		return in, err
	}
	if scope.byAccount() {
		var accounts, deals map[int64]bool
		if scope.TerritoryID != 0 {
			deals, err = db.dealsInTerritory(ctx, scope.TerritoryID, p.Start(), p.End())
		} else {
			accounts, err = db.AccountsInSegment(ctx, scope.Segment)
		}
		if err != nil {
			return in, err
		}
		kept := in.Deals[:0]
		for _, d := range in.Deals {
			if accounts[d.AccountID] || deals[d.ID] {
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
		WHERE d.close_date >= ? AND d.close_date < ? AND d.status = 'won' ORDER BY s.deal_id, s.rowid`, from.Format(dateLayout), to.Format(dateLayout))
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

// inTerritoryDeals keeps the deals d reporting under the territory "sub"
// of territoryCTE or one below it.
const inTerritoryDeals = "d.territory_id IN (SELECT id FROM sub)"

// dealsInTerritory is the set of deals closing in [from, to) that report
// under the territory or one below it.
func (db *DB) dealsInTerritory(ctx context.Context, territoryID int64, from, to time.Time) (map[int64]bool, error) {
	return queryIDSet(ctx, db.db, territoryCTE+"SELECT d.id FROM deals d WHERE d.close_date >= ? AND d.close_date < ? AND "+inTerritoryDeals,
		territoryID, from.Format(dateLayout), to.Format(dateLayout))
}

// PersonTrend is one person's credited bookings and quota in each month of year.
type PersonTrend struct {
	Months   []domain.Period
	Credited []domain.Money
	Quota    []domain.Money
}

// PersonTrend returns personID's monthly credited bookings (splits honoured)
// and quotas over the months of year. The won deals they own without splits
// are summed by month in SQLite; only deals with splits that involve them
// come back to Go to be credited by domain.DealCredits.
func (db *DB) PersonTrend(ctx context.Context, personID int64, year domain.Period) (PersonTrend, error) {
	tr := PersonTrend{Months: year.Months()}
	from, to := year.Start().Format(dateLayout), year.End().Format(dateLayout)
	index := map[string]int{}
	for i, m := range tr.Months {
		index[m.String()] = i
	}
	tr.Credited = make([]domain.Money, len(tr.Months))
	rows, err := db.db.QueryContext(ctx, `SELECT substr(d.close_date, 1, 7), coalesce(sum(d.amount_ws), 0) FROM deals d
		WHERE d.owner_id = ? AND d.close_date >= ? AND d.close_date < ? AND d.status = 'won'
		AND NOT EXISTS (SELECT 1 FROM deal_splits s WHERE s.deal_id = d.id) GROUP BY 1`, personID, from, to)
	if err != nil {
		return tr, err
	}
	for rows.Next() {
		var month string
		var sum int64
		if err := rows.Scan(&month, &sum); err != nil {
			rows.Close()
			return tr, err
		}
		if i, ok := index[month]; ok {
			tr.Credited[i] += domain.Money(sum)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return tr, err
	}
	deals, splits, err := db.splitDealsOf(ctx, personID, from, to)
	if err != nil {
		return tr, err
	}
	for i, m := range domain.MonthlyCredited(deals, splits, personID, tr.Months) {
		tr.Credited[i] += m
	}
	qs, err := db.PersonQuotas(ctx, personID, year)
	if err != nil {
		return tr, err
	}
	for _, q := range qs {
		tr.Quota = append(tr.Quota, q.Amount)
	}
	return tr, nil
}

// splitDealsOf returns the won deals closing in [from, to) that have splits
// and that personID owns or is split on, with their splits in the order
// they were set (only what crediting needs: ID, owner, value, close date).
func (db *DB) splitDealsOf(ctx context.Context, personID int64, from, to string) ([]domain.Deal, map[int64][]domain.DealSplit, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT d.id, coalesce(d.owner_id, 0), d.amount_ws, d.close_date, s.person_id, s.kind, s.share
		FROM deals d JOIN deal_splits s ON s.deal_id = d.id
		WHERE d.id IN (SELECT d2.id FROM deals d2 WHERE d2.owner_id = ? AND d2.close_date >= ? AND d2.close_date < ? AND d2.status = 'won'
			AND EXISTS (SELECT 1 FROM deal_splits s2 WHERE s2.deal_id = d2.id)
			UNION SELECT deal_id FROM deal_splits WHERE person_id = ?)
		AND d.status = 'won' AND d.close_date >= ? AND d.close_date < ? ORDER BY d.id, s.rowid`, personID, from, to, personID, from, to)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var deals []domain.Deal
	splits := map[int64][]domain.DealSplit{}
	for rows.Next() {
		var id, owner, value int64
		var closeDate sql.NullString
		var sp domain.DealSplit
		var kind string
		if err := rows.Scan(&id, &owner, &value, &closeDate, &sp.PersonID, &kind, &sp.Share); err != nil {
			return nil, nil, err
		}
		if len(deals) == 0 || deals[len(deals)-1].ID != id {
			deals = append(deals, domain.Deal{ID: id, OwnerID: owner, Status: domain.StatusWon, HasAmount: true,
				Amount: domain.Money(value), Value: domain.Money(value), CloseDate: parseDate(closeDate)})
		}
		sp.DealID, sp.Kind = id, domain.SplitKind(kind)
		splits[id] = append(splits[id], sp)
	}
	return deals, splits, rows.Err()
}
