package persistence

import (
	"context"
	"database/sql"
	"time"

	"salesops/domain"
)

// HasQuota reports whether the scope's figures have a quota: a territory or
// a segment narrows deals by their account, and quotas are per person.
func (s KPIScope) HasQuota() bool { return s.TerritoryID == 0 && s.Segment == "" }

// PipelineForecastInSegment is the pipeline forecast of period p over the
// deals of accounts in segment. Quotas and managers' adjustments are per
// person, not per segment, so it has neither.
func (db *DB) PipelineForecastInSegment(ctx context.Context, p domain.Period, segment string) (domain.PipelineForecast, error) {
	deals, err := db.pipelineDeals(ctx, p)
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
