package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"salesops/domain"
)

// TerritoryBalance is one territory's figures for the balance view. Every
// figure covers the territory and the territories inside it.
type TerritoryBalance struct {
	Territory    domain.Territory
	Accounts     int
	Potential    domain.Money
	OpenPipeline domain.Money // open deals, omitted excluded
	ClosedWon    domain.Money // won this fiscal year up to the day, by where the account was when the deal closed
	People       int          // distinct owners (primary and overlay) on the day
}

// PotentialPerPerson is the potential over the people; ok is false with nobody.
func (b TerritoryBalance) PotentialPerPerson() (domain.Money, bool) {
	if b.People == 0 {
		return 0, false
	}
	return b.Potential / domain.Money(b.People), true
}

// Metric returns the figure a balance compares.
func (b TerritoryBalance) Metric(m domain.BalanceMetric) float64 {
	switch m {
	case domain.MetricAccounts:
		return float64(b.Accounts)
	case domain.MetricOpenPipeline:
		return float64(b.OpenPipeline)
	}
	return float64(b.Potential)
}

// subtrees maps each territory to itself and every territory inside it.
func subtrees(terrs []domain.Territory) map[int64][]int64 {
	children := map[int64][]int64{}
	for _, t := range terrs {
		children[t.ParentID] = append(children[t.ParentID], t.ID)
	}
	out := map[int64][]int64{}
	var walk func(root, id int64, depth int)
	walk = func(root, id int64, depth int) {
		if depth > len(terrs) {
			return // a loop in damaged data; never expected
		}
		out[root] = append(out[root], id)
		for _, c := range children[id] {
			walk(root, c, depth+1)
		}
	}
	for _, t := range terrs {
		walk(t.ID, t.ID, 0)
	}
	return out
}

// TerritoryBalances returns the balance figures of every territory on day asOf.
func (db *DB) TerritoryBalances(ctx context.Context, asOf time.Time) ([]TerritoryBalance, error) {
	s, err := db.Settings(ctx)
	if err != nil {
		return nil, err
	}
	terrs, err := listTerritories(ctx, db.db)
	if err != nil {
		return nil, err
	}
	type direct struct {
		accounts        int
		potential, open int64
		won             domain.Money
		people          map[int64]bool
	}
	d := map[int64]*direct{}
	get := func(id int64) *direct {
		if d[id] == nil {
			d[id] = &direct{people: map[int64]bool{}}
		}
		return d[id]
	}
	if err := eachRow(ctx, db.db, "SELECT coalesce(territory_id, 0), count(*), coalesce(sum(potential), 0) FROM accounts GROUP BY 1", nil, func(r *sql.Rows) error {
		var id int64
		var n int
		var pot int64
		if err := r.Scan(&id, &n, &pot); err != nil {
			return err
		}
		x := get(id)
		x.accounts, x.potential = n, pot
		return nil
	}); err != nil {
		return nil, err
	}
	// Open pipeline by account through the partial index of open deals,
	// then by territory here: joining accounts first read the deals table
	// in random order (7 s over a million deals).
	terrOf := map[int64]int64{}
	if err := eachRow(ctx, db.db, "SELECT id, coalesce(territory_id, 0) FROM accounts", nil, func(r *sql.Rows) error {
		var id, t int64
		if err := r.Scan(&id, &t); err != nil {
			return err
		}
		terrOf[id] = t
		return nil
	}); err != nil {
		return nil, err
	}
	open, err := openPipelineByAccount(ctx, db.db)
	if err != nil {
		return nil, err
	}
	for a, sum := range open {
		get(terrOf[a]).open += sum
	}
	year := s.Calendar.PeriodOf(domain.Year, asOf)
	won, err := db.ClosedWonByTerritory(ctx, year.Start(), domain.DateOf(asOf).AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	for id, months := range won {
		for _, m := range months {
			get(id).won += m
		}
	}
	owners, err := db.TerritoryOwners(ctx)
	if err != nil {
		return nil, err
	}
	day := domain.DateOf(asOf)
	for _, o := range owners {
		if o.ActiveOn(day) {
			get(o.TerritoryID).people[o.PersonID] = true
		}
	}
	sub := subtrees(terrs)
	out := make([]TerritoryBalance, 0, len(terrs))
	for _, t := range terrs {
		b := TerritoryBalance{Territory: t}
		people := map[int64]bool{}
		for _, id := range sub[t.ID] {
			x := d[id]
			if x == nil {
				continue
			}
			b.Accounts += x.accounts
			b.Potential += domain.Money(x.potential)
			b.OpenPipeline += domain.Money(x.open)
			b.ClosedWon += x.won
			for p := range x.people {
				people[p] = true
			}
		}
		b.People = len(people)
		out = append(out, b)
	}
	return out, nil
}

// openPipelineByAccount sums open deals (omitted excluded) per account; the
// partial index territories_open_deals (0005) answers it without touching
// the other deals.
func openPipelineByAccount(ctx context.Context, q querier) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := eachRow(ctx, q, `SELECT account_id, coalesce(sum(amount_ws), 0) FROM deals WHERE status = 'open' AND category != 'omitted'
		AND account_id IS NOT NULL GROUP BY 1`, nil, func(r *sql.Rows) error {
		var a, sum int64
		if err := r.Scan(&a, &sum); err != nil {
			return err
		}
		out[a] = sum
		return nil
	})
	return out, err
}

func eachRow(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Siblings returns the territories directly under parent (0 = the top level).
func (db *DB) Siblings(ctx context.Context, parent int64) ([]domain.Territory, error) {
	terrs, err := listTerritories(ctx, db.db)
	if err != nil {
		return nil, err
	}
	var out []domain.Territory
	for _, t := range terrs {
		if t.ParentID == parent {
			out = append(out, t)
		}
	}
	return out, nil
}

// BalanceItems lists the accounts of the sibling territories (and of the
// territories inside them) for a balancing proposal: each account's weight in
// the metric, its lock, and whether it lies on the border of a rule.
func (db *DB) BalanceItems(ctx context.Context, siblings []int64, metric domain.BalanceMetric) ([]domain.BalanceItem, error) {
	terrs, err := listTerritories(ctx, db.db)
	if err != nil {
		return nil, err
	}
	book, err := db.RuleBook(ctx)
	if err != nil {
		return nil, err
	}
	sub := subtrees(terrs)
	rootOf := map[int64]int64{}
	for _, s := range siblings {
		for _, id := range sub[s] {
			rootOf[id] = s
		}
	}
	open := map[int64]int64{}
	if metric == domain.MetricOpenPipeline {
		if open, err = openPipelineByAccount(ctx, db.db); err != nil {
			return nil, err
		}
	}
	accounts, err := listAccounts(ctx, db.db)
	if err != nil {
		return nil, err
	}
	var out []domain.BalanceItem
	for i := range accounts {
		a := &accounts[i]
		root, ok := rootOf[a.TerritoryID]
		if !ok {
			continue
		}
		it := domain.BalanceItem{AccountID: a.ID, Account: a.Name, TerritoryID: root, Locked: a.Locked()}
		switch metric {
		case domain.MetricAccounts:
			it.Weight = 1
		case domain.MetricOpenPipeline:
			it.Weight = open[a.ID]
		default:
			it.Weight = int64(a.Potential)
		}
		for _, m := range book.Matches(a) {
			if r, ok := rootOf[m]; ok && r != root {
				it.Matches = append(it.Matches, r)
			}
		}
		it.NearBorder = book.NearBorder(a, a.TerritoryID)
		out = append(out, it)
	}
	return out, nil
}

// ProposeBalance proposes account moves between the territories directly
// under parent that bring metric within tolerance of their mean.
func (db *DB) ProposeBalance(ctx context.Context, parent int64, metric domain.BalanceMetric, tolerance float64) (domain.BalanceProposal, error) {
	sibs, err := db.Siblings(ctx, parent)
	if err != nil {
		return domain.BalanceProposal{}, err
	}
	if len(sibs) < 2 {
		return domain.BalanceProposal{}, domain.Errorf(domain.EINVALID, "Balancing needs at least two territories side by side.")
	}
	ids := make([]int64, len(sibs))
	for i, s := range sibs {
		ids[i] = s.ID
	}
	items, err := db.BalanceItems(ctx, ids, metric)
	if err != nil {
		return domain.BalanceProposal{}, err
	}
	return domain.ProposeBalance(ids, items, tolerance, 0), nil
}

// ApplyBalance moves the proposal's accounts from the effective date on. The
// moved accounts become manual (locked), or the next rules run would move
// them back. An account locked or gone since the proposal is skipped.
func (db *DB) ApplyBalance(ctx context.Context, moves []domain.BalanceMove, effective time.Time) (applied, skipped int, err error) {
	err = db.update(ctx, func(tx *sql.Tx) error {
		mv, err := newMover(ctx, tx, effective)
		if err != nil {
			return err
		}
		defer mv.close()
		for _, m := range moves {
			var from int64
			var src string
			err := tx.QueryRowContext(ctx, "SELECT coalesce(territory_id, 0), assignment FROM accounts WHERE id = ?", m.AccountID).Scan(&from, &src)
			if err == sql.ErrNoRows || (err == nil && domain.AssignmentSource(src) == domain.AssignedManual) {
				skipped++
				continue
			} else if err != nil {
				return err
			}
			if err := mv.move(ctx, m.AccountID, from, m.To, domain.AssignedManual, nil); err != nil {
				return err
			}
			applied++
		}
		return mv.flush(ctx)
	})
	return applied, skipped, err
}

// ---- segments ----

// SegmentRules lists the segment buckets in order.
func (db *DB) SegmentRules(ctx context.Context) ([]domain.SegmentRule, error) {
	var out []domain.SegmentRule
	err := eachRow(ctx, db.db, "SELECT id, position, name, field, bounds FROM segment_rules ORDER BY position, id", nil, func(r *sql.Rows) error {
		var s domain.SegmentRule
		if err := r.Scan(&s.ID, &s.Position, &s.Name, &s.Field, &s.Range); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// SetSegmentRules replaces the segment buckets and sets every account's
// segment by them at once. It returns how many accounts changed segment.
func (db *DB) SetSegmentRules(ctx context.Context, rules []domain.SegmentRule) (int, error) {
	_, cur, err := db.settingsCurrency(ctx)
	if err != nil {
		return 0, err
	}
	for i := range rules {
		rules[i].Position = i + 1
	}
	seg, err := domain.NewSegmenter(rules, cur)
	if err != nil {
		return 0, err
	}
	changed := 0
	err = db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM segment_rules"); err != nil {
			return err
		}
		for _, r := range rules {
			if _, err := tx.ExecContext(ctx, "INSERT INTO segment_rules(position, name, field, bounds) VALUES (?, ?, ?, ?)", r.Position, r.Name, r.Field, r.Range); err != nil {
				return err
			}
		}
		if len(rules) == 0 {
			return nil
		}
		accounts, err := listAccounts(ctx, tx)
		if err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, "UPDATE accounts SET segment = ? WHERE id = ?")
		if err != nil {
			return err
		}
		defer st.Close()
		for i := range accounts {
			if name := seg.SegmentOf(&accounts[i]); name != accounts[i].Segment {
				if _, err := st.ExecContext(ctx, name, accounts[i].ID); err != nil {
					return err
				}
				changed++
			}
		}
		return nil
	})
	return changed, err
}

// Segments lists the segment names in use (buckets first, then any others
// accounts carry), for filters.
func (db *DB) Segments(ctx context.Context) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	err := eachRow(ctx, db.db, `SELECT name FROM (SELECT name, position FROM segment_rules
		UNION ALL SELECT DISTINCT segment, 1000000 FROM accounts WHERE segment != '') ORDER BY position, name`, nil, func(r *sql.Rows) error {
		var n string
		if err := r.Scan(&n); err != nil {
			return err
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
		return nil
	})
	return out, err
}

// AccountsInSegment is the set of accounts in segment name, for a scope or
// filter by segment.
func (db *DB) AccountsInSegment(ctx context.Context, name string) (map[int64]bool, error) {
	return queryIDSet(ctx, db.db, "SELECT id FROM accounts WHERE segment = ?", name)
}

// AccountCountsByTerritory counts the accounts directly in each territory
// (0 = unassigned).
func (db *DB) AccountCountsByTerritory(ctx context.Context) (map[int64]int, error) {
	out := map[int64]int{}
	err := eachRow(ctx, db.db, "SELECT coalesce(territory_id, 0), count(*) FROM accounts GROUP BY 1", nil, func(r *sql.Rows) error {
		var id int64
		var n int
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		out[id] = n
		return nil
	})
	return out, err
}

// AccountsFingerprint summarises the accounts table cheaply (count, highest
// ID, sums over territory, assignment, segment and name), so a list can skip
// reading 20,000 accounts again when nothing in them changed.
func (db *DB) AccountsFingerprint(ctx context.Context) (string, error) {
	var n, maxID, ties int64
	var terr, asg, seg, name, emp float64
	err := db.db.QueryRowContext(ctx, `SELECT count(*), coalesce(max(id), 0), total(coalesce(territory_id, 0) * (id % 997 + 1)),
		total(length(assignment) * (id % 991 + 1)), total(length(segment)), total(length(name)), total(employees) FROM accounts`).
		Scan(&n, &maxID, &terr, &asg, &seg, &name, &emp)
	if err != nil {
		return "", err
	}
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM account_tie_candidates").Scan(&ties); err != nil {
		return "", err
	}
	return fmt.Sprint(n, maxID, terr, asg, seg, name, emp, ties), nil
}
