package persistence

import (
	"context"
	"time"
)

// QualityCheck is one data-quality rule of PRODUCT.md §3.3 with the number of
// deals it finds.
type QualityCheck struct {
	Key   string // stable identifier
	Label string // English description (the UI translates it)
	Count int
}

// QualityReport is the data-quality scan of a workspace.
type QualityReport struct {
	Deals    int
	Flagged  int // deals with at least one finding
	Findings []QualityCheck
}

// Score is the share of deals with no finding (1 for no deals).
func (r QualityReport) Score() float64 {
	if r.Deals == 0 {
		return 1
	}
	return 1 - float64(r.Flagged)/float64(r.Deals)
}

// qualityRules are SQL conditions on deals d (with owner p joined). asOf is
// the ? in the stale rule.
var qualityRules = []struct{ key, label, cond string }{
	{"duplicate", "Duplicates (same account, name and amount)", `EXISTS (SELECT 1 FROM deals x WHERE x.id <> d.id AND x.account_id = d.account_id AND x.name = d.name AND x.amount IS d.amount)`},
	{"missing_owner", "Missing owner", "d.owner_id IS NULL"},
	{"missing_amount", "Missing amount", "d.amount IS NULL"},
	{"missing_close_date", "Missing close date", "d.close_date IS NULL"},
	{"stale", "Open deals whose close date has passed", "d.status = 'open' AND d.close_date < :asof"},
	{"non_positive_amount", "Amount zero or negative", "d.amount <= 0"},
	{"inactive_owner", "Owned by an inactive person", "d.status = 'open' AND p.active = 0"},
}

// Quality scans every deal for the findings of PRODUCT.md §3.3 as of a day.
func (db *DB) Quality(ctx context.Context, asOf time.Time) (QualityReport, error) {
	var r QualityReport
	from := " FROM deals d LEFT JOIN people p ON p.id = d.owner_id"
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM deals").Scan(&r.Deals); err != nil {
		return r, err
	}
	day := asOf.Format(dateLayout)
	var any string
	for _, q := range qualityRules {
		c := QualityCheck{Key: q.key, Label: q.label}
		if err := db.db.QueryRowContext(ctx, "SELECT count(*)"+from+" WHERE "+q.cond, namedAsOf(q.cond, day)...).Scan(&c.Count); err != nil {
			return r, err
		}
		r.Findings = append(r.Findings, c)
		if any != "" {
			any += " OR "
		}
		any += "(" + q.cond + ")"
	}
	err := db.db.QueryRowContext(ctx, "SELECT count(*)"+from+" WHERE "+any, namedAsOf(any, day)...).Scan(&r.Flagged)
	return r, err
}

func namedAsOf(cond, day string) []any {
	for i := 0; i+5 <= len(cond); i++ {
		if cond[i:i+5] == ":asof" {
			return []any{sqlNamed("asof", day)}
		}
	}
	return nil
}
