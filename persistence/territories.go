package persistence

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"salesops/domain"
)

// This file is the territory service: the hierarchy, effective-dated owners,
// rules, running the rules (propose, then commit), manual assignment, and the
// history of each account's territory that reporting follows.

// beginning is the valid_from of an account's first span of history: before
// any recorded move it was where it was.
const beginning = "0001-01-01"

// Territory reads one territory.
func (db *DB) Territory(ctx context.Context, id int64) (domain.Territory, error) {
	var t domain.Territory
	err := db.db.QueryRowContext(ctx, "SELECT id, name, coalesce(parent_id, 0), priority FROM territories WHERE id = ?", id).
		Scan(&t.ID, &t.Name, &t.ParentID, &t.Priority)
	if errors.Is(err, sql.ErrNoRows) {
		return t, domain.Errorf(domain.ENOTFOUND, "No territory with ID %d.", id)
	}
	return t, err
}

func territoryParents(ctx context.Context, q querier) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, coalesce(parent_id, 0) FROM territories")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, p int64
		if err := rows.Scan(&id, &p); err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, rows.Err()
}

// UpdateTerritory saves t's name, parent and priority, refusing a parent that
// would put the territory inside itself.
func (db *DB) UpdateTerritory(ctx context.Context, t *domain.Territory) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		parents, err := territoryParents(ctx, tx)
		if err != nil {
			return err
		}
		if _, ok := parents[t.ID]; !ok {
			return domain.Errorf(domain.ENOTFOUND, "No territory with ID %d.", t.ID)
		}
		if t.ParentID != 0 {
			if _, ok := parents[t.ParentID]; !ok {
				return domain.Errorf(domain.ENOTFOUND, "No territory with ID %d to put %s in.", t.ParentID, t.Name)
			}
		}
		if err := domain.CheckTerritoryCycle(parents, t.ID, t.ParentID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE territories SET name = ?, parent_id = ?, priority = ? WHERE id = ?",
			strings.TrimSpace(t.Name), idArg(t.ParentID), t.Priority, t.ID)
		return err
	})
}

// MoveTerritory puts territory id under parent (0 = top level).
func (db *DB) MoveTerritory(ctx context.Context, id, parent int64) error {
	t, err := db.Territory(ctx, id)
	if err != nil {
		return err
	}
	t.ParentID = parent
	return db.UpdateTerritory(ctx, &t)
}

// RenameTerritory renames territory id.
func (db *DB) RenameTerritory(ctx context.Context, id int64, name string) error {
	t, err := db.Territory(ctx, id)
	if err != nil {
		return err
	}
	t.Name = name
	return db.UpdateTerritory(ctx, &t)
}

// DeleteTerritory deletes territory id. Its accounts move to reassignTo from
// the effective date on (as manual assignments, since no rule sent them
// there), or become unassigned when reassignTo is 0; its children move up to
// its parent; its rules and owners go with it. It returns how many accounts
// moved.
func (db *DB) DeleteTerritory(ctx context.Context, id, reassignTo int64, effective time.Time) (int, error) {
	if id == reassignTo {
		return 0, domain.Errorf(domain.EINVALID, "Choose another territory for the accounts, or none.")
	}
	var moved int
	err := db.update(ctx, func(tx *sql.Tx) error {
		parents, err := territoryParents(ctx, tx)
		if err != nil {
			return err
		}
		parent, ok := parents[id]
		if !ok {
			return domain.Errorf(domain.ENOTFOUND, "No territory with ID %d.", id)
		}
		if _, ok := parents[reassignTo]; reassignTo != 0 && !ok {
			return domain.Errorf(domain.ENOTFOUND, "No territory with ID %d to move the accounts to.", reassignTo)
		}
		ids, err := accountIDsIn(ctx, tx, id)
		if err != nil {
			return err
		}
		mv, err := newMover(ctx, tx, effective)
		if err != nil {
			return err
		}
		defer mv.close()
		src := domain.AssignedManual
		if reassignTo == 0 {
			src = domain.AssignedNone
		}
		for _, a := range ids {
			if err := mv.move(ctx, a, id, reassignTo, src, nil); err != nil {
				return err
			}
		}
		if err := mv.flush(ctx); err != nil {
			return err
		}
		moved = len(ids)
		// Accounts that tied between this territory and others stay tied
		// between the rest (the next rules run settles them).
		if _, err := tx.ExecContext(ctx, "UPDATE territories SET parent_id = ? WHERE parent_id = ?", idArg(parent), id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM territories WHERE id = ?", id)
		return err
	})
	return moved, err
}

func accountIDsIn(ctx context.Context, q querier, territory int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT id FROM accounts WHERE territory_id = ? ORDER BY id", territory)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// AccountsIn counts the accounts directly in territory id (for the question
// before deleting it).
func (db *DB) AccountsIn(ctx context.Context, id int64) (int, error) {
	var n int
	err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM accounts WHERE territory_id = ?", id).Scan(&n)
	return n, err
}

// ---- owners ----

// SetTerritoryOwner makes person an owner of territory from the date from on.
// A new primary owner ends the current one the day before (ownership ends
// where the next begins); an overlay is added beside the others. Ownerships
// that would start on or after from in the same role and for the same person
// (primary: any person) are replaced.
func (db *DB) SetTerritoryOwner(ctx context.Context, o *domain.TerritoryOwner) error {
	if o.From.IsZero() {
		return domain.Errorf(domain.EINVALID, "An owner needs the date the ownership starts.")
	}
	if o.Role != domain.OwnerPrimary && o.Role != domain.OwnerOverlay {
		return domain.Errorf(domain.EINVALID, "%q is not an owner role: use primary or overlay.", o.Role)
	}
	if !o.To.IsZero() && !o.To.After(o.From) {
		return domain.Errorf(domain.EINVALID, "An ownership must end after it starts.")
	}
	return db.update(ctx, func(tx *sql.Tx) error { return setTerritoryOwner(ctx, tx, o) })
}

func setTerritoryOwner(ctx context.Context, tx *sql.Tx, o *domain.TerritoryOwner) error {
	from := o.From.Format(dateLayout)
	same := "territory_id = ? AND role = ?"
	args := []any{o.TerritoryID, string(o.Role)}
	if o.Role == domain.OwnerOverlay {
		same += " AND person_id = ?"
		args = append(args, o.PersonID)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM territory_owners WHERE "+same+" AND valid_from >= ?", append(args, from)...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE territory_owners SET valid_to = ? WHERE "+same+" AND (valid_to IS NULL OR valid_to > ?)",
		append(append([]any{from}, args...), from)...); err != nil {
		return err
	}
	return addTerritoryOwner(ctx, tx, o)
}

// EndTerritoryOwner ends ownership id on the day to (exclusive).
func (db *DB) EndTerritoryOwner(ctx context.Context, id int64, to time.Time) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE territory_owners SET valid_to = ? WHERE id = ? AND valid_from < ?", dateArg(to), id, to.Format(dateLayout))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.EINVALID, "That ownership starts after %s: delete it instead.", to.Format(dateLayout))
		}
		return nil
	})
}

// DeleteTerritoryOwner removes ownership id altogether (a mistake, not a change).
func (db *DB) DeleteTerritoryOwner(ctx context.Context, id int64) error {
	_, err := db.db.ExecContext(ctx, "DELETE FROM territory_owners WHERE id = ?", id)
	return err
}

// TerritoryOwnersOn lists the ownerships of territory holding on day d
// (primary first).
func (db *DB) TerritoryOwnersOn(ctx context.Context, territory int64, d time.Time) ([]domain.TerritoryOwner, error) {
	all, err := db.TerritoryOwners(ctx)
	if err != nil {
		return nil, err
	}
	var out []domain.TerritoryOwner
	for _, o := range all {
		if o.TerritoryID == territory && o.ActiveOn(d) {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Role == domain.OwnerPrimary && out[j].Role != domain.OwnerPrimary })
	return out, nil
}

// ---- rules ----

// SetTerritoryRules replaces the rules of territory with rules (each
// validated; an error names the rule).
func (db *DB) SetTerritoryRules(ctx context.Context, territory int64, rules []domain.TerritoryRule) error {
	t, err := db.Territory(ctx, territory)
	if err != nil {
		return err
	}
	for i := range rules {
		if err := rules[i].Validate(); err != nil {
			return domain.Errorf(domain.EINVALID, "%s, rule %d: %s", t.Name, i+1, domain.ErrorMessage(err))
		}
		rules[i].TerritoryID = territory
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM territory_rules WHERE territory_id = ?", territory); err != nil {
			return err
		}
		for i := range rules {
			if err := addTerritoryRule(ctx, tx, &rules[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// RulesOf lists the rules of one territory.
func (db *DB) RulesOf(ctx context.Context, territory int64) ([]domain.TerritoryRule, error) {
	all, err := db.TerritoryRules(ctx)
	if err != nil {
		return nil, err
	}
	var out []domain.TerritoryRule
	for _, r := range all {
		if r.TerritoryID == territory {
			out = append(out, r)
		}
	}
	return out, nil
}

// RuleBook compiles the workspace's rules.
func (db *DB) RuleBook(ctx context.Context) (*domain.RuleBook, error) {
	return ruleBook(ctx, db.db)
}

func ruleBook(ctx context.Context, q querier) (*domain.RuleBook, error) {
	s, err := loadSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	cur, err := domain.LookupCurrency(s.Currency)
	if err != nil {
		return nil, err
	}
	terrs, err := listTerritories(ctx, q)
	if err != nil {
		return nil, err
	}
	rules, err := listRules(ctx, q)
	if err != nil {
		return nil, err
	}
	return domain.CompileRules(terrs, rules, cur)
}

func listTerritories(ctx context.Context, q querier) ([]domain.Territory, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, name, coalesce(parent_id, 0), priority FROM territories ORDER BY coalesce(parent_id, 0), name COLLATE NOCASE")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Territory
	for rows.Next() {
		var t domain.Territory
		if err := rows.Scan(&t.ID, &t.Name, &t.ParentID, &t.Priority); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func listRules(ctx context.Context, q querier) ([]domain.TerritoryRule, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, territory_id, rule_set, field, operator, value FROM territory_rules ORDER BY territory_id, rule_set, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.TerritoryRule
	for rows.Next() {
		var r domain.TerritoryRule
		if err := rows.Scan(&r.ID, &r.TerritoryID, &r.Set, &r.Field, &r.Operator, &r.Value); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func listAccounts(ctx context.Context, q querier) ([]domain.Account, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+accountCols+" FROM accounts ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// listAccountsForRules reads only what the rules and a proposal need: a
// rules run reads every account, and fewer columns read faster.
func listAccountsForRules(ctx context.Context, q querier) ([]domain.Account, error) {
	var out []domain.Account
	err := eachRow(ctx, q, `SELECT id, name, industry, country, state, postal_code, employees, annual_revenue, coalesce(territory_id, 0), assignment
		FROM accounts ORDER BY id`, nil, func(r *sql.Rows) error {
		var a domain.Account
		var asg string
		if err := r.Scan(&a.ID, &a.Name, &a.Industry, &a.Country, &a.State, &a.PostalCode, &a.Employees, &a.AnnualRevenue, &a.TerritoryID, &asg); err != nil {
			return err
		}
		a.Assignment = domain.AssignmentSource(asg)
		out = append(out, a)
		return nil
	})
	return out, err
}

// ---- running the rules ----

// ProposeAssignments evaluates the rules over every account and returns what
// would change, without changing anything.
func (db *DB) ProposeAssignments(ctx context.Context) (domain.AssignmentProposal, error) {
	return proposeAssignments(ctx, db.db)
}

func proposeAssignments(ctx context.Context, q querier) (domain.AssignmentProposal, error) {
	book, err := ruleBook(ctx, q)
	if err != nil {
		return domain.AssignmentProposal{}, err
	}
	accounts, err := listAccountsForRules(ctx, q)
	if err != nil {
		return domain.AssignmentProposal{}, err
	}
	return domain.ProposeAssignments(book, accounts), nil
}

// CommitAssignments applies a proposal from the effective date on. A move
// whose account changed since the proposal (another territory or source, or
// a manual lock) is skipped and counted.
func (db *DB) CommitAssignments(ctx context.Context, p domain.AssignmentProposal, effective time.Time) (applied, skipped int, err error) {
	err = db.update(ctx, func(tx *sql.Tx) error {
		applied, skipped, err = commitAssignments(ctx, tx, p.Moves, effective)
		return err
	})
	return applied, skipped, err
}

func commitAssignments(ctx context.Context, tx *sql.Tx, moves []domain.AssignmentMove, effective time.Time) (applied, skipped int, err error) {
	mv, err := newMover(ctx, tx, effective)
	if err != nil {
		return 0, 0, err
	}
	defer mv.close()
	type state struct {
		terr int64
		src  domain.AssignmentSource
	}
	now := map[int64]state{}
	if err := eachRow(ctx, tx, "SELECT id, coalesce(territory_id, 0), assignment FROM accounts", nil, func(r *sql.Rows) error {
		var id int64
		var st state
		if err := r.Scan(&id, &st.terr, &st.src); err != nil {
			return err
		}
		now[id] = st
		return nil
	}); err != nil {
		return 0, 0, err
	}
	for _, m := range moves {
		if err := ctx.Err(); err != nil {
			return 0, 0, err
		}
		if st, ok := now[m.AccountID]; !ok || st.terr != m.From || st.src != m.FromSource {
			skipped++
			continue
		}
		if err := mv.move(ctx, m.AccountID, m.From, m.To, m.ToSource, m.Candidates); err != nil {
			return 0, 0, err
		}
		applied++
	}
	return applied, skipped, mv.flush(ctx)
}

// RunRules evaluates and commits the rules in one transaction (import does
// this: accounts are assigned at once, manual locks kept).
func (db *DB) RunRules(ctx context.Context, effective time.Time) (domain.AssignmentProposal, error) {
	var p domain.AssignmentProposal
	err := db.update(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = runRules(ctx, tx, effective)
		return err
	})
	return p, err
}

func runRules(ctx context.Context, tx *sql.Tx, effective time.Time) (domain.AssignmentProposal, error) {
	p, err := proposeAssignments(ctx, tx)
	if err != nil {
		return p, err
	}
	_, _, err = commitAssignments(ctx, tx, p.Moves, effective)
	return p, err
}

// AssignAccount assigns an account to territory by hand (0 = unassigned) from
// the effective date on, locking it against the rules.
func (db *DB) AssignAccount(ctx context.Context, account, territory int64, effective time.Time) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		var from int64
		if err := tx.QueryRowContext(ctx, "SELECT coalesce(territory_id, 0) FROM accounts WHERE id = ?", account).Scan(&from); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return domain.Errorf(domain.ENOTFOUND, "No account with ID %d.", account)
			}
			return err
		}
		if territory != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM territories WHERE id = ?", territory).Scan(&n); err != nil {
				return err
			} else if n == 0 {
				return domain.Errorf(domain.ENOTFOUND, "No territory with ID %d.", territory)
			}
		}
		mv, err := newMover(ctx, tx, effective)
		if err != nil {
			return err
		}
		defer mv.close()
		if err := mv.move(ctx, account, from, territory, domain.AssignedManual, nil); err != nil {
			return err
		}
		return mv.flush(ctx)
	})
}

// UnlockAccount lifts an account's manual lock and places it by the rules at
// once, from the effective date on.
func (db *DB) UnlockAccount(ctx context.Context, account int64, effective time.Time) (domain.Placement, error) {
	var pl domain.Placement
	err := db.update(ctx, func(tx *sql.Tx) error {
		book, err := ruleBook(ctx, tx)
		if err != nil {
			return err
		}
		a, err := scanAccount(tx.QueryRowContext(ctx, "SELECT "+accountCols+" FROM accounts WHERE id = ?", account))
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "No account with ID %d.", account)
		} else if err != nil {
			return err
		}
		from := a.TerritoryID
		a.Assignment = domain.AssignedRule
		pl = book.Place(&a)
		mv, err := newMover(ctx, tx, effective)
		if err != nil {
			return err
		}
		defer mv.close()
		if err := mv.move(ctx, account, from, pl.TerritoryID, pl.Source, pl.Candidates); err != nil {
			return err
		}
		return mv.flush(ctx)
	})
	return pl, err
}

// TieCandidates maps each tied account to the territories it tied between.
func (db *DB) TieCandidates(ctx context.Context) (map[int64][]int64, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT account_id, territory_id FROM account_tie_candidates ORDER BY account_id, territory_id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]int64{}
	for rows.Next() {
		var a, t int64
		if err := rows.Scan(&a, &t); err != nil {
			return nil, err
		}
		out[a] = append(out[a], t)
	}
	return out, rows.Err()
}

// mover changes accounts' territories and keeps their history. Moves are
// gathered into a temporary table and applied set-wise by flush, so that a
// rules run over 100,000 accounts is a handful of statements, not 700,000.
type mover struct {
	tx      *sql.Tx
	eff     string
	add     *sql.Stmt // moveBatch rows at once
	tie     *sql.Stmt
	pending []any // account, territory, source of moves not yet in the table
	ties    [][2]int64
	count   int
}

// moveBatch is how many moves one INSERT carries: each Exec crosses into
// SQLite, so 100,000 moves go in 200 statements rather than 100,000.
const moveBatch = 500

func newMover(ctx context.Context, tx *sql.Tx, effective time.Time) (*mover, error) {
	if effective.IsZero() {
		effective = time.Now()
	}
	m := &mover{tx: tx, eff: domain.DateOf(effective).Format(dateLayout)}
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS territory_moves (
		account_id INTEGER PRIMARY KEY, territory_id INTEGER, source TEXT NOT NULL, moves INTEGER NOT NULL DEFAULT 0)`); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM temp.territory_moves"); err != nil {
		return nil, err
	}
	var err error
	if m.add, err = tx.PrepareContext(ctx, "INSERT OR REPLACE INTO temp.territory_moves(account_id, territory_id, source) VALUES "+
		strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", moveBatch), ", ")); err != nil {
		return nil, err
	}
	if m.tie, err = tx.PrepareContext(ctx, "INSERT OR IGNORE INTO account_tie_candidates(account_id, territory_id) VALUES (?, ?)"); err != nil {
		m.close()
		return nil, err
	}
	return m, nil
}

func (m *mover) close() {
	for _, s := range []*sql.Stmt{m.add, m.tie} {
		if s != nil {
			s.Close()
		}
	}
}

// move puts account in territory to (0 = none) with source, from the
// effective date on. from (where it is now) is kept for the callers' sake;
// flush reads the current territory itself.
func (m *mover) move(ctx context.Context, account, _, to int64, src domain.AssignmentSource, candidates []int64) error {
	m.pending = append(m.pending, account, idArg(to), string(src))
	if len(m.pending) == 3*moveBatch {
		if _, err := m.add.ExecContext(ctx, m.pending...); err != nil {
			return err
		}
		m.pending = m.pending[:0]
	}
	for _, c := range candidates {
		m.ties = append(m.ties, [2]int64{account, c})
	}
	m.count++
	return nil
}

// flush applies the gathered moves: history first (the first move of an
// account records where it was until then; spans starting on or after the
// effective date are replaced; the open span ends), then the accounts and
// their tie candidates.
func (m *mover) flush(ctx context.Context) error {
	if m.count == 0 {
		return nil
	}
	// The last, partial batch: one row at a time (INSERT OR REPLACE keeps
	// the last move of an account, as the batches do).
	for i := 0; i < len(m.pending); i += 3 {
		if _, err := m.tx.ExecContext(ctx, "INSERT OR REPLACE INTO temp.territory_moves(account_id, territory_id, source) VALUES (?, ?, ?)", m.pending[i:i+3]...); err != nil {
			return err
		}
	}
	m.pending = m.pending[:0]
	moving := "SELECT account_id FROM temp.territory_moves WHERE moves"
	steps := []struct {
		sql  string
		args []any
	}{
		// A move changes the history when the territory changes, except an
		// account's very first territory: it was never anywhere else, so its
		// past deals count for that territory too, with no span to write.
		{`UPDATE temp.territory_moves SET moves = coalesce((SELECT territory_moves.territory_id IS NOT a.territory_id
			AND (a.territory_id IS NOT NULL OR EXISTS (SELECT 1 FROM account_territory_history h WHERE h.account_id = a.id))
			FROM accounts a WHERE a.id = territory_moves.account_id), 0)`, nil},
		{`INSERT INTO account_territory_history(account_id, territory_id, source, valid_from, valid_to)
			SELECT a.id, a.territory_id, a.assignment, '` + beginning + `', ? FROM accounts a JOIN temp.territory_moves t ON t.account_id = a.id
			WHERE t.moves AND NOT EXISTS (SELECT 1 FROM account_territory_history h WHERE h.account_id = a.id)`, []any{m.eff}},
		{"DELETE FROM account_territory_history WHERE account_id IN (" + moving + ") AND valid_from >= ? AND valid_from > '" + beginning + "'", []any{m.eff}},
		{"UPDATE account_territory_history SET valid_to = ? WHERE account_id IN (" + moving + ") AND (valid_to IS NULL OR valid_to > ?)", []any{m.eff, m.eff}},
		{`INSERT INTO account_territory_history(account_id, territory_id, source, valid_from, valid_to)
			SELECT account_id, territory_id, source, ?, NULL FROM temp.territory_moves WHERE moves`, []any{m.eff}},
		{"UPDATE accounts SET territory_id = t.territory_id, assignment = t.source FROM temp.territory_moves t WHERE accounts.id = t.account_id", nil},
		{"DELETE FROM account_tie_candidates WHERE account_id IN (SELECT account_id FROM temp.territory_moves)", nil},
	}
	for _, st := range steps {
		if _, err := m.tx.ExecContext(ctx, st.sql, st.args...); err != nil {
			return err
		}
	}
	for _, t := range m.ties {
		if _, err := m.tie.ExecContext(ctx, t[0], t[1]); err != nil {
			return err
		}
	}
	_, err := m.tx.ExecContext(ctx, "DELETE FROM temp.territory_moves")
	m.count, m.ties = 0, nil
	return err
}

// AccountTerritorySpan is one span of an account's territory history.
type AccountTerritorySpan struct {
	TerritoryID int64 // 0 = unassigned
	Source      domain.AssignmentSource
	From, To    time.Time // From zero = since the beginning; To zero = still
}

// AccountTerritoryHistory lists where an account has been, oldest first.
func (db *DB) AccountTerritoryHistory(ctx context.Context, account int64) ([]AccountTerritorySpan, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT coalesce(territory_id, 0), source, valid_from, valid_to FROM account_territory_history WHERE account_id = ? ORDER BY valid_from", account)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AccountTerritorySpan
	for rows.Next() {
		var s AccountTerritorySpan
		var src string
		var from, to sql.NullString
		if err := rows.Scan(&s.TerritoryID, &src, &from, &to); err != nil {
			return nil, err
		}
		s.Source = domain.AssignmentSource(src)
		if from.String != beginning {
			s.From = parseDate(from)
		}
		s.To = parseDate(to)
		out = append(out, s)
	}
	return out, rows.Err()
}

// dealTerritorySQL is the territory a deal d reports under (0 = none):
// deals.territory_id, kept by the triggers of migration 0008 (see
// territory_scope.go).
const dealTerritorySQL = `coalesce(d.territory_id, 0)`

const dealTerritoryJoin = ` FROM deals d`

// DealTerritoryGroup is the SQL of the territory a deal d counts for on its
// close date and the joins it needs (none), for reports grouped by territory
// such as `salesops kpis --by territory`.
func DealTerritoryGroup() (key, join string) {
	return dealTerritorySQL, ""
}

// ClosedWonByTerritory sums won deals closing in [from, to) by the territory
// their account was in on the close date, per calendar month ("2026-07").
func (db *DB) ClosedWonByTerritory(ctx context.Context, from, to time.Time) (map[int64]map[string]domain.Money, error) {
	// Each territory's won deals are a range of deals_territory_kpi, which
	// covers what is summed; the deals without territory come apart.
	f, t := from.Format(dateLayout), to.Format(dateLayout)
	rows, err := db.db.QueryContext(ctx, `SELECT t.id, substr(d.close_date, 1, 7), sum(coalesce(d.amount_ws, 0))
		FROM territories t CROSS JOIN deals d INDEXED BY deals_territory_kpi ON d.territory_id = t.id
		WHERE d.status = 'won' AND d.close_date >= ? AND d.close_date < ? GROUP BY 1, 2
		UNION ALL SELECT 0, substr(d.close_date, 1, 7), sum(coalesce(d.amount_ws, 0)) FROM deals d INDEXED BY deals_territory
		WHERE d.territory_id IS NULL AND d.status = 'won' AND d.close_date >= ? AND d.close_date < ? GROUP BY 2`, f, t, f, t)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[string]domain.Money{}
	for rows.Next() {
		var t int64
		var month string
		var sum int64
		if err := rows.Scan(&t, &month, &sum); err != nil {
			return nil, err
		}
		if out[t] == nil {
			out[t] = map[string]domain.Money{}
		}
		out[t][month] += domain.Money(sum)
	}
	return out, rows.Err()
}

// DealTerritories maps each deal closing in [from, to) to the territory its
// account was in on the close date (0 = unassigned or no account), for
// reports that group deals by territory: a deal follows its account's
// territory from the date the account moved on.
func (db *DB) DealTerritories(ctx context.Context, from, to time.Time) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := eachRow(ctx, db.db, "SELECT d.id, "+dealTerritorySQL+dealTerritoryJoin+" WHERE d.close_date >= ? AND d.close_date < ?",
		[]any{from.Format(dateLayout), to.Format(dateLayout)}, func(r *sql.Rows) error {
			var id, t int64
			if err := r.Scan(&id, &t); err != nil {
				return err
			}
			out[id] = t
			return nil
		})
	return out, err
}

// TerritoryPerformance is closed-won by quarter for each territory (by the
// territory deals' accounts were in when they closed; 0 = unassigned), for
// the n fiscal quarters ending with the one containing asOf.
func (db *DB) TerritoryPerformance(ctx context.Context, cal domain.FiscalCalendar, asOf time.Time, n int) ([]domain.Period, map[int64][]domain.Money, error) {
	last := cal.PeriodOf(domain.Quarter, asOf)
	first := last.Add(-(n - 1))
	var quarters []domain.Period
	for p := first; !p.Start().After(last.Start()); p = p.Next() {
		quarters = append(quarters, p)
	}
	byMonth, err := db.ClosedWonByTerritory(ctx, first.Start(), last.End())
	if err != nil {
		return nil, nil, err
	}
	out := map[int64][]domain.Money{}
	for t, months := range byMonth {
		row := make([]domain.Money, len(quarters))
		for m, sum := range months {
			d, err := time.Parse("2006-01", m)
			if err != nil {
				continue
			}
			for i, q := range quarters {
				if q.Contains(d) {
					row[i] += sum
				}
			}
		}
		out[t] = row
	}
	return quarters, out, nil
}

// recordAccountMove writes the history of one account moving (in tx, before
// its row changes) from territory from (with source fromSrc) to to with
// source src, effective today, as mover.flush does for a batch: an
// account's first territory writes none, spans from today on are replaced,
// the open span ends. The account import uses it, so that an account it
// moves keeps its earlier deals where they were.
func recordAccountMove(ctx context.Context, tx *sql.Tx, account, from int64, fromSrc domain.AssignmentSource, to int64, src domain.AssignmentSource) error {
	if from == to {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM account_tie_candidates WHERE account_id = ?", account); err != nil {
		return err
	}
	eff := domain.DateOf(time.Now()).Format(dateLayout)
	var spans int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM account_territory_history WHERE account_id = ?", account).Scan(&spans); err != nil {
		return err
	}
	if from == 0 && spans == 0 {
		return nil
	}
	if fromSrc == "" {
		fromSrc = domain.AssignedNone
	}
	steps := []struct {
		sql  string
		args []any
	}{
		{"DELETE FROM account_territory_history WHERE account_id = ? AND valid_from >= ? AND valid_from > '" + beginning + "'", []any{account, eff}},
		{"UPDATE account_territory_history SET valid_to = ? WHERE account_id = ? AND (valid_to IS NULL OR valid_to > ?)", []any{eff, account, eff}},
		{"INSERT INTO account_territory_history(account_id, territory_id, source, valid_from, valid_to) VALUES (?, ?, ?, ?, NULL)", []any{account, idArg(to), string(src), eff}},
	}
	if spans == 0 {
		if _, err := tx.ExecContext(ctx, "INSERT INTO account_territory_history(account_id, territory_id, source, valid_from, valid_to) VALUES (?, ?, ?, ?, ?)",
			account, idArg(from), string(fromSrc), beginning, eff); err != nil {
			return err
		}
	}
	for _, st := range steps {
		if _, err := tx.ExecContext(ctx, st.sql, st.args...); err != nil {
			return err
		}
	}
	return nil
}
