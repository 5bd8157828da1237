package persistence

import (
	"context"
	"database/sql"
	"time"

	"salesops/domain"
)

// Territory scopes (issue 6). The one definition of the territory a deal
// reports under: the territory its account was in on the deal's close date,
// by account_territory_history — a deal follows its account's territory for
// reporting from the effective date of a move on, so a deal closed before
// the move stays with the old territory. An account without history has
// always been in its current territory, and so has a deal without close
// date. Migration 0008 keeps that territory on the deal (deals.territory_id)
// with triggers on deals, accounts and the history, so every territory scope
// — dashboard KPIs, the deals table filter, sort and Territory column, the
// leaderboard, the pipeline and statistical forecasts, forecast accuracy,
// balance and performance, `salesops kpis --by territory` — reads
// d.territory_id with the territory's sub-territories (inTerritorySQL).

// inTerritorySQL is the condition "column is the territory given as its
// one argument or a territory below it".
func inTerritorySQL(column string) string {
	return column + " IN (" + territoryCTE + "SELECT id FROM sub)"
}

// dealTerritoryTriggers are the triggers of migration 0008 that keep
// deals.territory_id as deals are written; the demo drops them for its bulk
// load and fills the column with fillDealTerritories.
var dealTerritoryTriggers = []string{"deals_territory_insert", "deals_territory_update"}

// territoryOnSQL is the definition as SQL: the territory (0 = none) the
// account of the given column was in on the date of the other, by the
// history, else its territory now — what migration 0008's triggers store in
// deals.territory_id, here for rows that are not deals (snapshot lines).
func territoryOnSQL(account, date string) string {
	return `coalesce((SELECT CASE WHEN h.id IS NULL THEN ta.territory_id ELSE h.territory_id END
		FROM accounts ta LEFT JOIN account_territory_history h ON h.account_id = ta.id
		 AND h.valid_from <= ` + date + ` AND (h.valid_to IS NULL OR ` + date + ` < h.valid_to)
		WHERE ta.id = ` + account + `), 0)`
}

// fillDealTerritories sets every deal's territory_id from scratch, as the
// migration's backfill does.
var fillDealTerritories = "UPDATE deals SET territory_id = nullif(" + territoryOnSQL("deals.account_id", "deals.close_date") + ", 0)"

// snapshotLineTerritories maps the lines of snapshot id closing in p to the
// territory they report under (territoryOnSQL).
func (db *DB) snapshotLineTerritories(ctx context.Context, id int64, p domain.Period) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := eachRow(ctx, db.db, "SELECT l.deal_id, "+territoryOnSQL("l.account_id", "l.close_date")+
		" FROM forecast_snapshot_deals l WHERE l.snapshot_id = ? AND l.close_date >= ? AND l.close_date < ?",
		[]any{id, p.Start().Format(dateLayout), p.End().Format(dateLayout)}, func(r *sql.Rows) error {
			var deal, terr int64
			if err := r.Scan(&deal, &terr); err != nil {
				return err
			}
			if terr != 0 {
				out[deal] = terr
			}
			return nil
		})
	return out, err
}

// dropDealTerritoryTriggers drops the deals' territory triggers and returns
// the statements that recreate them.
func dropDealTerritoryTriggers(ctx context.Context, tx *sql.Tx) ([]string, error) {
	var create []string
	for _, name := range dealTerritoryTriggers {
		var q string
		if err := tx.QueryRowContext(ctx, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?", name).Scan(&q); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, "DROP TRIGGER "+name); err != nil {
			return nil, err
		}
		create = append(create, q)
	}
	return create, nil
}

// HasQuota reports whether the scope's figures have a quota: a territory or
// a segment narrows deals by their account, and quotas are per person.
func (s KPIScope) HasQuota() bool { return s.TerritoryID == 0 && s.Segment == "" }

// PipelineForecastInSegment is the pipeline forecast of period p over the
// deals of accounts in segment. Quotas and managers' adjustments are per
// person, not per segment, so it has neither.
func (db *DB) PipelineForecastInSegment(ctx context.Context, p domain.Period, segment string) (domain.PipelineForecast, error) {
	deals, terrs, err := db.pipelineDeals(ctx, p)
	if err != nil {
		return domain.PipelineForecast{}, err
	}
	in, err := db.AccountsInSegment(ctx, segment)
	if err != nil {
		return domain.PipelineForecast{}, err
	}
	kept := deals[:0]
	for _, d := range deals {
		if in[d.AccountID] {
			kept = append(kept, d)
		}
	}
	org, err := db.Org(ctx)
	if err != nil {
		return domain.PipelineForecast{}, err
	}
	org.DealTerritory = terrs
	return domain.BuildPipeline(kept, p, org, nil, nil), nil
}

// monthlyWonInSegment is MonthlyWon (by owner) over the deals of accounts in
// segment.
func (db *DB) monthlyWonInSegment(ctx context.Context, before time.Time, cal domain.FiscalCalendar, segment string) ([]domain.MonthlyWon, error) {
	var out []domain.MonthlyWon
	err := eachRow(ctx, db.db, `SELECT substr(d.close_date, 1, 7), coalesce(d.owner_id, 0), sum(d.amount_ws)
		FROM deals d JOIN accounts a ON a.id = d.account_id
		WHERE d.status = 'won' AND d.close_date < ? AND d.amount_ws IS NOT NULL AND a.segment = ?
		GROUP BY 1, 2`, []any{before.Format(dateLayout), segment}, func(r *sql.Rows) error {
		var w domain.MonthlyWon
		var month string
		if err := r.Scan(&month, &w.OwnerID, &w.Value); err != nil {
			return err
		}
		var err error
		w.Month, err = domain.ParsePeriod(month, cal)
		out = append(out, w)
		return err
	})
	return out, err
}
