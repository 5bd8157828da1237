package persistence

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"time"

	"salesops/domain"
)

// Org reads what the forecast roll-ups need: people, teams, territories and
// each account's territory.
func (db *DB) Org(ctx context.Context) (domain.Org, error) {
	var org domain.Org
	var err error
	if org.People, err = db.People(ctx); err != nil {
		return org, err
	}
	if org.Teams, err = db.Teams(ctx); err != nil {
		return org, err
	}
	if org.Territories, err = db.Territories(ctx); err != nil {
		return org, err
	}
	rows, err := db.db.QueryContext(ctx, "SELECT id, territory_id FROM accounts WHERE territory_id IS NOT NULL")
	if err != nil {
		return org, err
	}
	defer rows.Close()
	org.AccountTerritory = map[int64]int64{}
	for rows.Next() {
		var a, t int64
		if err := rows.Scan(&a, &t); err != nil {
			return org, err
		}
		org.AccountTerritory[a] = t
	}
	return org, rows.Err()
}

// PipelineForecast builds the forecast by category for period p from the
// live deals, quotas and adjustments.
func (db *DB) PipelineForecast(ctx context.Context, p domain.Period) (domain.PipelineForecast, error) {
	deals, terrs, err := db.pipelineDeals(ctx, p)
	if err != nil {
		return domain.PipelineForecast{}, err
	}
	org, err := db.Org(ctx)
	if err != nil {
		return domain.PipelineForecast{}, err
	}
	org.DealTerritory = terrs
	quotas, err := db.QuotaTotals(ctx, p)
	if err != nil {
		return domain.PipelineForecast{}, err
	}
	adj, err := db.ForecastAdjustments(ctx, p)
	if err != nil {
		return domain.PipelineForecast{}, err
	}
	return domain.BuildPipeline(deals, p, org, quotas, adj), nil
}

// pipelineDeals reads what the categories need of the open and won deals
// closing in p; lost deals, in no category, are skipped inside the index.
// It maps each deal to the territory it reports under (territory_scope.go).
func (db *DB) pipelineDeals(ctx context.Context, p domain.Period) ([]domain.Deal, map[int64]int64, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, coalesce(owner_id, 0), coalesce(account_id, 0), status, category,
		amount_ws, probability, close_date, coalesce(territory_id, 0) FROM deals
		WHERE close_date >= ? AND close_date < ? AND status IN ('open', 'won')`, p.Start().Format(dateLayout), p.End().Format(dateLayout))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []domain.Deal
	terrs := map[int64]int64{}
	for rows.Next() {
		var d domain.Deal
		var status, cat string
		var value sql.NullInt64
		var closeDate sql.NullString
		var terr int64
		if err := rows.Scan(&d.ID, &d.OwnerID, &d.AccountID, &status, &cat, &value, &d.Probability, &closeDate, &terr); err != nil {
			return nil, nil, err
		}
		d.Status, d.Category, d.CloseDate = domain.DealStatus(status), domain.ForecastCategory(cat), parseDate(closeDate)
		d.Value, d.HasAmount = domain.Money(value.Int64), value.Valid
		out = append(out, d)
		if terr != 0 {
			terrs[d.ID] = terr
		}
	}
	return out, terrs, rows.Err()
}

// AddForecastAdjustment records a manager's adjustment of a person's forecast.
func (db *DB) AddForecastAdjustment(ctx context.Context, a *domain.ForecastAdjustment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.ByID != 0 && a.ByID != a.PersonID {
		people, err := db.People(ctx)
		if err != nil {
			return err
		}
		org := domain.Org{People: people}
		if !org.CanAdjust(a.ByID, a.PersonID) {
			name := func(id int64) string {
				for _, p := range people {
					if p.ID == id {
						return p.Name
					}
				}
				return "#" + itoa(id)
			}
			return domain.Errorf(domain.EINVALID, "%s is not above %s in the hierarchy: a forecast is adjusted by the person or one of their managers.",
				name(a.ByID), name(a.PersonID))
		}
	}
	if a.At.IsZero() {
		a.At = time.Now()
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO forecast_adjustments(period, person_id, by_id, commit_amount, best_case, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, a.Period.String(), a.PersonID, idArg(a.ByID), int64(a.Commit), int64(a.BestCase), a.Note,
			a.At.UTC().Format(time.RFC3339Nano))
		if err != nil {
			return err
		}
		a.ID, err = res.LastInsertId()
		return err
	})
}

// ForecastAdjustments lists the adjustments made for period p, oldest first.
func (db *DB) ForecastAdjustments(ctx context.Context, p domain.Period) ([]domain.ForecastAdjustment, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, person_id, coalesce(by_id, 0), commit_amount, best_case, note, created_at
		FROM forecast_adjustments WHERE period = ? ORDER BY created_at, id`, p.String())
	return scanAdjustments(rows, err, p)
}

// TakeSnapshot saves the pipeline as it stands on now: every open deal and
// every deal won in the year before now or later, with the adjustments in
// force (a deal missing from a later snapshot was lost or deleted). The
// snapshot is sealed in the same transaction and never changes.
func (db *DB) TakeSnapshot(ctx context.Context, now time.Time, kind string) (domain.ForecastSnapshot, error) {
	if kind != "weekly" {
		kind = "manual"
	}
	s := domain.ForecastSnapshot{TakenAt: now.UTC(), AsOf: domain.DateOf(now), Kind: kind}
	err := db.update(ctx, func(tx *sql.Tx) error {
		return takeSnapshot(ctx, tx, &s)
	})
	return s, err
}

func takeSnapshot(ctx context.Context, tx *sql.Tx, s *domain.ForecastSnapshot) error {
	res, err := tx.ExecContext(ctx, "INSERT INTO forecast_snapshots(taken_at, as_of, kind) VALUES (?, ?, ?)",
		s.TakenAt.Format(time.RFC3339Nano), s.AsOf.Format(dateLayout), s.Kind)
	if err != nil {
		return err
	}
	if s.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	since := s.AsOf.AddDate(-1, 0, 0).Format(dateLayout)
	// Each line keeps its account's segment as it is now (0008), so that
	// accuracy by segment sees the segments the forecast was made with.
	res, err = tx.ExecContext(ctx, `INSERT INTO forecast_snapshot_deals(snapshot_id, deal_id, owner_id, account_id, status, category,
		amount_ws, probability, close_date, segment)
		SELECT ?, d.id, coalesce(d.owner_id, 0), coalesce(d.account_id, 0), d.status, d.category, coalesce(d.amount_ws, 0), d.probability, d.close_date,
			a.segment
		FROM deals d LEFT JOIN accounts a ON a.id = d.account_id WHERE d.status = 'open' OR (d.status = 'won' AND d.close_date >= ?)`, s.ID, since)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	s.Deals = int(n)
	if _, err := tx.ExecContext(ctx, `INSERT INTO forecast_snapshot_adjustments(snapshot_id, adjustment_id, period, person_id, by_id,
		commit_amount, best_case, note, created_at)
		SELECT ?, id, period, person_id, coalesce(by_id, 0), commit_amount, best_case, note, created_at FROM forecast_adjustments`, s.ID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, "UPDATE forecast_snapshots SET deals = ?, sealed = 1 WHERE id = ?", n, s.ID)
	return err
}

// EnsureWeeklySnapshot takes a weekly snapshot when none was taken in the
// seven days before now, and reports whether it did.
func (db *DB) EnsureWeeklySnapshot(ctx context.Context, now time.Time) (bool, error) {
	took := false
	err := db.update(ctx, func(tx *sql.Tx) error {
		last, err := lastSnapshot(ctx, tx)
		if err != nil {
			return err
		}
		if !domain.SnapshotDue(last, now) {
			return nil
		}
		s := domain.ForecastSnapshot{TakenAt: now.UTC(), AsOf: domain.DateOf(now), Kind: "weekly"}
		took = true
		return takeSnapshot(ctx, tx, &s)
	})
	return took && err == nil, err
}

const snapshotCols = "id, taken_at, as_of, kind, deals"

func scanSnapshot(r rowScanner) (domain.ForecastSnapshot, error) {
	var s domain.ForecastSnapshot
	var taken, asOf string
	err := r.Scan(&s.ID, &taken, &asOf, &s.Kind, &s.Deals)
	s.TakenAt, _ = time.Parse(time.RFC3339Nano, taken)
	s.AsOf, _ = time.Parse(dateLayout, asOf)
	return s, err
}

func lastSnapshot(ctx context.Context, q querier) (*domain.ForecastSnapshot, error) {
	s, err := scanSnapshot(q.QueryRowContext(ctx, "SELECT "+snapshotCols+" FROM forecast_snapshots ORDER BY taken_at DESC, id DESC LIMIT 1"))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// Snapshots lists the snapshots, oldest first.
func (db *DB) Snapshots(ctx context.Context) ([]domain.ForecastSnapshot, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+snapshotCols+" FROM forecast_snapshots ORDER BY taken_at, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ForecastSnapshot
	for rows.Next() {
		s, err := scanSnapshot(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SnapshotDeals returns the deals of a snapshot as they stood, limited to
// those closing in [from, to) when to is not zero (open deals without a close
// date are then left out).
func (db *DB) SnapshotDeals(ctx context.Context, id int64, from, to time.Time) ([]domain.Deal, error) {
	if to.IsZero() {
		return db.snapshotLines(ctx, "snapshot_id = ?", id)
	}
	return db.snapshotLines(ctx, "snapshot_id = ? AND close_date >= ? AND close_date < ?", id, from.Format(dateLayout), to.Format(dateLayout))
}

func (db *DB) snapshotLines(ctx context.Context, where string, args ...any) ([]domain.Deal, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT deal_id, owner_id, account_id, status, category, amount_ws, probability, close_date
		FROM forecast_snapshot_deals WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Deal
	for rows.Next() {
		var d domain.Deal
		var status, cat string
		var closeDate sql.NullString
		if err := rows.Scan(&d.ID, &d.OwnerID, &d.AccountID, &status, &cat, &d.Value, &d.Probability, &closeDate); err != nil {
			return nil, err
		}
		d.Status, d.Category, d.CloseDate = domain.DealStatus(status), domain.ForecastCategory(cat), parseDate(closeDate)
		d.Amount, d.HasAmount = d.Value, true
		out = append(out, d)
	}
	return out, rows.Err()
}

// Waterfall compares the open pipeline of p (in category cat, "" = all)
// between snapshots from and to. It reads only the lines closing in p in
// either snapshot, and those deals' lines in the other.
func (db *DB) Waterfall(ctx context.Context, from, to int64, p domain.Period, cat domain.ForecastCategory) (domain.Waterfall, error) {
	a, err := db.periodLines(ctx, from, to, p)
	if err != nil {
		return domain.Waterfall{}, err
	}
	b, err := db.periodLines(ctx, to, from, p)
	if err != nil {
		return domain.Waterfall{}, err
	}
	return domain.PipelineWaterfall(a, b, p, cat), nil
}

// periodLines reads the lines of snapshot id closing in p, or whose deal
// closes in p in snapshot other.
func (db *DB) periodLines(ctx context.Context, id, other int64, p domain.Period) ([]domain.Deal, error) {
	from, to := p.Start().Format(dateLayout), p.End().Format(dateLayout)
	return db.snapshotLines(ctx, `snapshot_id = ? AND ((close_date >= ? AND close_date < ?)
		OR deal_id IN (SELECT deal_id FROM forecast_snapshot_deals WHERE snapshot_id = ? AND close_date >= ? AND close_date < ?))`,
		id, from, to, other, from, to)
}

// WonScope limits closed-won to some owners or to some territories (a nil
// map lets everyone through).
type WonScope struct {
	Owners      map[int64]bool
	Territories map[int64]bool
	Segment     string // deals of accounts in the segment
}

// Keep reports whether a deal of owner in territory is in the scope; nil
// when the scope is everyone.
func (s WonScope) Keep() func(ownerID, territoryID int64) bool {
	if s.Owners == nil && s.Territories == nil {
		return nil
	}
	return func(o, t int64) bool {
		return (s.Owners == nil || s.Owners[o]) && (s.Territories == nil || s.Territories[t])
	}
}

// MonthlyWon sums closed-won value per month, owner and (when byTerritory)
// the territory each deal reports under over deals closed before the day
// before.
func (db *DB) MonthlyWon(ctx context.Context, before time.Time, cal domain.FiscalCalendar, byTerritory bool) ([]domain.MonthlyWon, error) {
	q := `SELECT substr(close_date, 1, 7), coalesce(owner_id, 0), 0, sum(amount_ws) FROM deals
		WHERE status = 'won' AND close_date < ? AND amount_ws IS NOT NULL GROUP BY 1, 2`
	if byTerritory {
		q = `SELECT substr(d.close_date, 1, 7), coalesce(d.owner_id, 0), coalesce(d.territory_id, 0), sum(d.amount_ws)
		FROM deals d
		WHERE d.status = 'won' AND d.close_date < ? AND d.amount_ws IS NOT NULL
		GROUP BY 1, 2, 3`
	}
	rows, err := db.db.QueryContext(ctx, q, before.Format(dateLayout))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.MonthlyWon
	for rows.Next() {
		var r domain.MonthlyWon
		var month string
		if err := rows.Scan(&month, &r.OwnerID, &r.TerritoryID, &r.Value); err != nil {
			return nil, err
		}
		if r.Month, err = domain.ParsePeriod(month, cal); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AccuracyHistory compares every snapshot whose period (of the given kind)
// ended by asOf with what closed in that period: the snapshot's commit
// forecast against closed-won, overall and per person. keep filters owners
// and territories (nil = everyone); a deal's territory is the one it reports
// under (territory_scope.go), a snapshot line's the same for the line's
// account and close date.
func (db *DB) AccuracyHistory(ctx context.Context, asOf time.Time, cal domain.FiscalCalendar, kind domain.PeriodKind,
	keep func(ownerID, territoryID int64) bool) ([]domain.AccuracyPoint, error) {
	return db.accuracyHistory(ctx, asOf, cal, kind, keep, "")
}

// AccuracyHistoryIn is AccuracyHistory within scope, segment included: a
// snapshot line counts under the segment its account had when the snapshot
// was taken (lines of snapshots taken before Salesops kept it count under the
// account's segment now), closed-won under the account's segment now.
func (db *DB) AccuracyHistoryIn(ctx context.Context, asOf time.Time, cal domain.FiscalCalendar, kind domain.PeriodKind,
	scope WonScope) ([]domain.AccuracyPoint, error) {
	return db.accuracyHistory(ctx, asOf, cal, kind, scope.Keep(), scope.Segment)
}

func (db *DB) accuracyHistory(ctx context.Context, asOf time.Time, cal domain.FiscalCalendar, kind domain.PeriodKind,
	keep func(ownerID, territoryID int64) bool, segment string) ([]domain.AccuracyPoint, error) {
	actJoin, actSeg, lineSeg := "", "", ""
	var segArgs []any
	if segment != "" {
		actJoin, actSeg, lineSeg = " JOIN accounts a ON a.id = d.account_id", " AND a.segment = ?", " AND coalesce(l.segment, a.segment) = ?"
		segArgs = []any{segment}
	}
	lineTerritory := "0" // looked up only when the scope needs it
	if keep != nil {
		lineTerritory = territoryOnSQL("l.account_id", "l.close_date")
	}
	snaps, err := db.Snapshots(ctx)
	if err != nil {
		return nil, err
	}
	actuals := map[string]map[int64]domain.Money{}
	var org *domain.Org // read when a snapshot has adjustments
	var out []domain.AccuracyPoint
	for _, s := range snaps {
		p := s.Period(cal, kind)
		if p.End().After(domain.DateOf(asOf)) {
			continue
		}
		act, ok := actuals[p.String()]
		if !ok {
			if act, err = db.sumByOwner(ctx, `SELECT coalesce(d.owner_id, 0), coalesce(d.territory_id, 0), sum(d.amount_ws)
				FROM deals d`+actJoin+`
				WHERE d.status = 'won' AND d.close_date >= ? AND d.close_date < ?`+actSeg+` GROUP BY 1, 2`, keep,
				append([]any{p.Start().Format(dateLayout), p.End().Format(dateLayout)}, segArgs...)...); err != nil {
				return nil, err
			}
			actuals[p.String()] = act
		}
		fc, err := db.sumByOwner(ctx, `SELECT l.owner_id, `+lineTerritory+`, sum(l.amount_ws)
			FROM forecast_snapshot_deals l LEFT JOIN accounts a ON a.id = l.account_id
			WHERE l.snapshot_id = ? AND l.close_date >= ? AND l.close_date < ?
			  AND (l.status = 'won' OR (l.status = 'open' AND l.category IN ('commit', 'closed')))`+lineSeg+` GROUP BY 1, 2`, keep,
			append([]any{s.ID, p.Start().Format(dateLayout), p.End().Format(dateLayout)}, segArgs...)...)
		if err != nil {
			return nil, err
		}
		pt := domain.AccuracyPoint{Snapshot: s, Period: p}
		ids := map[int64]bool{}
		for id, v := range fc {
			ids[id] = true
			pt.Forecast += v
		}
		for id, v := range act {
			ids[id] = true
			pt.Actual += v
		}
		for id := range ids {
			pt.People = append(pt.People, domain.PersonAccuracy{PersonID: id, Forecast: fc[id], Actual: act[id],
				Accuracy: domain.ForecastAccuracy(float64(act[id]), float64(fc[id]))})
		}
		sort.Slice(pt.People, func(i, j int) bool { return pt.People[i].PersonID < pt.People[j].PersonID })
		pt.Accuracy = domain.ForecastAccuracy(float64(pt.Actual), float64(pt.Forecast))
		if keep == nil && segment == "" {
			if err := db.adjustedCall(ctx, &pt, &org); err != nil {
				return nil, err
			}
		}
		out = append(out, pt)
	}
	return out, nil
}

// adjustedCall fills in the point's adjusted commit forecast from the
// adjustments kept with its snapshot, when there were any for its period.
func (db *DB) adjustedCall(ctx context.Context, pt *domain.AccuracyPoint, org **domain.Org) error {
	adj, err := db.snapshotAdjustments(ctx, pt.Snapshot.ID, pt.Period)
	if err != nil || len(adj) == 0 {
		return err
	}
	if *org == nil {
		o, err := db.Org(ctx)
		if err != nil {
			return err
		}
		*org = &o
	}
	lines, err := db.SnapshotDeals(ctx, pt.Snapshot.ID, pt.Period.Start(), pt.Period.End())
	if err != nil {
		return err
	}
	f := domain.BuildPipeline(lines, pt.Period, **org, nil, adj)
	pt.Adjusted, pt.HasAdjusted = f.Adjusted.Commit, true
	pt.AdjustedAccuracy = domain.ForecastAccuracy(float64(pt.Actual), float64(pt.Adjusted))
	return nil
}

func (db *DB) sumByOwner(ctx context.Context, q string, keep func(ownerID, territoryID int64) bool, args ...any) (map[int64]domain.Money, error) {
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]domain.Money{}
	for rows.Next() {
		var owner, terr int64
		var v domain.Money
		if err := rows.Scan(&owner, &terr, &v); err != nil {
			return nil, err
		}
		if keep == nil || keep(owner, terr) {
			out[owner] += v
		}
	}
	return out, rows.Err()
}

// SnapshotOn returns the last snapshot describing day or a day before it,
// nil when there is none.
func (db *DB) SnapshotOn(ctx context.Context, day time.Time) (*domain.ForecastSnapshot, error) {
	s, err := scanSnapshot(db.db.QueryRowContext(ctx, "SELECT "+snapshotCols+
		" FROM forecast_snapshots WHERE as_of <= ? ORDER BY as_of DESC, taken_at DESC, id DESC LIMIT 1", domain.DateOf(day).Format(dateLayout)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// SnapshotPipelineForecast builds the forecast by category for period p as
// snapshot s saw it: its deals and the adjustments in force then, against
// today's quotas.
func (db *DB) SnapshotPipelineForecast(ctx context.Context, s domain.ForecastSnapshot, p domain.Period) (domain.PipelineForecast, error) {
	deals, err := db.SnapshotDeals(ctx, s.ID, p.Start(), p.End())
	if err != nil {
		return domain.PipelineForecast{}, err
	}
	org, err := db.Org(ctx)
	if err != nil {
		return domain.PipelineForecast{}, err
	}
	if org.DealTerritory, err = db.snapshotLineTerritories(ctx, s.ID, p); err != nil {
		return domain.PipelineForecast{}, err
	}
	quotas, err := db.QuotaTotals(ctx, p)
	if err != nil {
		return domain.PipelineForecast{}, err
	}
	adj, err := db.snapshotAdjustments(ctx, s.ID, p)
	if err != nil {
		return domain.PipelineForecast{}, err
	}
	return domain.BuildPipeline(deals, p, org, quotas, adj), nil
}

// scanAdjustments reads the rows of a query for adjustments of period p
// (id, person, by, commit, best case, note, created at).
func scanAdjustments(rows *sql.Rows, err error, p domain.Period) ([]domain.ForecastAdjustment, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ForecastAdjustment
	for rows.Next() {
		a := domain.ForecastAdjustment{Period: p}
		var at string
		if err := rows.Scan(&a.ID, &a.PersonID, &a.ByID, &a.Commit, &a.BestCase, &a.Note, &at); err != nil {
			return nil, err
		}
		a.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, a)
	}
	return out, rows.Err()
}

func (db *DB) snapshotAdjustments(ctx context.Context, id int64, p domain.Period) ([]domain.ForecastAdjustment, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT adjustment_id, person_id, by_id, commit_amount, best_case, note, created_at
		FROM forecast_snapshot_adjustments WHERE snapshot_id = ? AND period = ? ORDER BY created_at, adjustment_id`, id, p.String())
	return scanAdjustments(rows, err, p)
}

// PipelineForecastAsOf is the forecast by category of p as if today were
// asOf: for a past day, as the last snapshot taken on or before it saw it
// (returned too); for today, or when no snapshot is that old, the live one.
func (db *DB) PipelineForecastAsOf(ctx context.Context, p domain.Period, asOf time.Time) (domain.PipelineForecast, *domain.ForecastSnapshot, error) {
	if domain.DateOf(asOf).Before(domain.DateOf(time.Now())) {
		from, err := db.SnapshotOn(ctx, asOf)
		if err != nil {
			return domain.PipelineForecast{}, nil, err
		}
		if from != nil {
			pf, err := db.SnapshotPipelineForecast(ctx, *from, p)
			return pf, from, err
		}
	}
	pf, err := db.PipelineForecast(ctx, p)
	return pf, nil, err
}
