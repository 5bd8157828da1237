package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"salesops/domain"
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

// duplicateIDs lists the deals that share account, name and amount with
// another: the groups come from one pass over deals_match, so the rule
// costs one grouped index scan, not a probe per deal.
const duplicateIDs = `SELECT x.id FROM (SELECT account_id, name, amount FROM deals INDEXED BY deals_match WHERE account_id IS NOT NULL
	GROUP BY account_id, name, amount HAVING count(*) > 1) g
	JOIN deals x ON x.account_id = g.account_id AND x.name = g.name AND x.amount IS g.amount`

// qualityRules are SQL conditions on deals d. asOf is
// the ? in the stale rule. Deals share external IDs never: the column is unique.
var qualityRules = []struct{ key, label, cond string }{
	{"duplicate", "Duplicates (same account, name and amount)", "d.id IN (" + duplicateIDs + ")"},
	{"missing_owner", "Missing owner", "d.owner_id IS NULL"},
	{"missing_amount", "Missing amount", "d.amount IS NULL"},
	{"missing_close_date", "Missing close date", "d.close_date IS NULL"},
	{"stale", "Open deals whose close date has passed", "d.status = 'open' AND d.close_date < :asof"},
	{"non_positive_amount", "Amount zero or negative", "d.amount <= 0"},
	{"inactive_owner", "Owned by an inactive person", "d.status = 'open' AND d.owner_id IN (SELECT id FROM people WHERE active = 0)"},
}

// QualityRuleKeys are the keys of the data-quality findings, in order.
func QualityRuleKeys() []string {
	var out []string
	for _, r := range qualityRules {
		out = append(out, r.key)
	}
	return out
}

// qualityCond is the SQL condition of one finding (key) or of any finding
// (key ""), with its arguments.
func qualityCond(key string, asOf time.Time) (string, []any) {
	var conds []string
	var args []any
	for _, r := range qualityRules {
		if key != "" && r.key != key {
			continue
		}
		conds = append(conds, "("+strings.ReplaceAll(r.cond, ":asof", "?")+")")
		for i := 0; i < strings.Count(r.cond, ":asof"); i++ {
			args = append(args, asOf.Format(dateLayout))
		}
	}
	if len(conds) == 0 {
		return "0", nil
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// Quality scans every deal for the findings of PRODUCT.md §3.3 as of a day,
// in one pass over the deals.
func (db *DB) Quality(ctx context.Context, asOf time.Time) (QualityReport, error) {
	var r QualityReport
	// Each rule is evaluated once per deal in a co-routine (LIMIT -1 keeps
	// SQLite from flattening it and evaluating every rule twice).
	var flags, sums, ors []string
	var args []any
	for i, q := range qualityRules {
		c, a := qualityCond(q.key, asOf)
		flags = append(flags, "("+c+") AS f"+itoa(int64(i)))
		sums = append(sums, "coalesce(sum(f"+itoa(int64(i))+"), 0)")
		ors = append(ors, "f"+itoa(int64(i)))
		args = append(args, a...)
	}
	sums = append(sums, "coalesce(sum("+strings.Join(ors, " OR ")+"), 0)")
	counts := make([]int, len(qualityRules))
	dest := []any{&r.Deals}
	for i := range counts {
		dest = append(dest, &counts[i])
	}
	dest = append(dest, &r.Flagged)
	err := db.db.QueryRowContext(ctx, "SELECT count(*), "+strings.Join(sums, ", ")+" FROM (SELECT "+strings.Join(flags, ", ")+
		" FROM deals d LIMIT -1)", args...).Scan(dest...)
	if err != nil {
		return r, err
	}
	for i, q := range qualityRules {
		r.Findings = append(r.Findings, QualityCheck{Key: q.key, Label: q.label, Count: counts[i]})
	}
	return r, nil
}

// QualityFix is what a one-click fix changed.
type QualityFix struct {
	Deals int // deals changed, merged away or moved
}

// MergeDuplicates merges each group of duplicate deals (same account, name
// and amount) into one: the won deal if there is one, else an open one, else
// the oldest. The others' history and splits move to it (splits only when it
// has none), a "merged" line records each removed deal, and they are deleted
// — kept among the recently deleted deals, dated at, as they were.
func (db *DB) MergeDuplicates(ctx context.Context, at time.Time) (QualityFix, error) {
	var fix QualityFix
	err := db.update(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT x.account_id, x.name, coalesce(x.amount, -1), x.amount IS NULL, x.id, coalesce(x.external_id, '')
			FROM (`+duplicateIDs+`) ids JOIN deals x ON x.id = ids.id
			ORDER BY x.account_id, x.name, x.amount, CASE x.status WHEN 'won' THEN 0 WHEN 'open' THEN 1 ELSE 2 END, x.id`)
		if err != nil {
			return err
		}
		type member struct {
			id  int64
			ext string
		}
		var groups [][]member
		var last string
		for rows.Next() {
			var acct, amount int64
			var name, ext string
			var null bool
			var id int64
			if err := rows.Scan(&acct, &name, &amount, &null, &id, &ext); err != nil {
				rows.Close()
				return err
			}
			k := fmt.Sprint(acct, "\x00", name, "\x00", amount, null)
			if k != last || len(groups) == 0 {
				groups = append(groups, nil)
				last = k
			}
			groups[len(groups)-1] = append(groups[len(groups)-1], member{id, ext})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		stamp := at.UTC().Format(time.RFC3339)
		for _, g := range groups {
			keep := g[0].id
			for _, m := range g[1:] {
				// The copy goes to the recently deleted deals as it was, so
				// a merge can be undone deal by deal.
				if _, err := binDeal(ctx, tx, m.id, at); err != nil {
					return err
				}
				var keeperSplits int
				if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM deal_splits WHERE deal_id = ?", keep).Scan(&keeperSplits); err != nil {
					return err
				}
				if keeperSplits == 0 {
					if _, err := tx.ExecContext(ctx, "UPDATE deal_splits SET deal_id = ? WHERE deal_id = ?", keep, m.id); err != nil {
						return err
					}
				}
				if _, err := tx.ExecContext(ctx, "UPDATE deal_history SET deal_id = ? WHERE deal_id = ?", keep, m.id); err != nil {
					return err
				}
				removed := m.ext
				if removed == "" {
					removed = "#" + itoa(m.id)
				}
				if _, err := tx.ExecContext(ctx, "INSERT INTO deal_history(deal_id, field, old_value, new_value, changed_at) VALUES (?, 'merged', ?, '', ?)",
					keep, removed, stamp); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, "DELETE FROM deals WHERE id = ?", m.id); err != nil {
					return err
				}
				fix.Deals++
			}
		}
		return nil
	})
	return fix, err
}

// ReassignInactiveOwners gives the open deals of inactive people to to, or
// (to = 0) to each one's manager when that manager is active. Deals whose
// owner has no active manager stay as they are.
func (db *DB) ReassignInactiveOwners(ctx context.Context, to int64) (QualityFix, error) {
	var fix QualityFix
	err := db.update(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		if to != 0 {
			var active bool
			if err := tx.QueryRowContext(ctx, "SELECT active FROM people WHERE id = ?", to).Scan(&active); err != nil || !active {
				return domain.Errorf(domain.EINVALID, "Deals can only go to an active person.")
			}
			res, err = tx.ExecContext(ctx, `UPDATE deals SET owner_id = ? WHERE status = 'open'
				AND owner_id IN (SELECT id FROM people WHERE active = 0)`, to)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE deals SET owner_id = (SELECT m.id FROM people p JOIN people m ON m.id = p.manager_id WHERE p.id = deals.owner_id)
				WHERE status = 'open' AND owner_id IN (SELECT p.id FROM people p JOIN people m ON m.id = p.manager_id WHERE p.active = 0 AND m.active = 1)`)
		}
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		fix.Deals = int(n)
		return err
	})
	return fix, err
}

// MoveStaleCloseDates moves the close date of open deals that has passed
// (before asOf) to the last day of asOf's month, recording each change in
// the deal's history, dated at.
func (db *DB) MoveStaleCloseDates(ctx context.Context, asOf, at time.Time) (QualityFix, error) {
	var fix QualityFix
	day := asOf.Format(dateLayout)
	to := domain.Day(asOf.Year(), asOf.Month()+1, 1).AddDate(0, 0, -1).Format(dateLayout)
	err := db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO deal_history(deal_id, field, old_value, new_value, changed_at)
			SELECT id, 'close_date', close_date, ?, ? FROM deals WHERE status = 'open' AND close_date < ?`,
			to, at.UTC().Format(time.RFC3339), day); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE deals SET close_date = ? WHERE status = 'open' AND close_date < ?", to, day)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		fix.Deals = int(n)
		return err
	})
	return fix, err
}
