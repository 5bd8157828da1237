package persistence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// --- accounts ---

// accountImporter upserts accounts by external ID, else by name.
type accountImporter struct {
	refs *refs
	cur  domain.Currency
	tx   *sql.Tx
}

func (a *accountImporter) required() []string           { return []string{"name", "account_id"} }
func (a *accountImporter) dateFields() []string         { return nil }
func (a *accountImporter) numberFields() []string       { return []string{"annual_revenue", "potential"} }
func (a *accountImporter) close()                       {}
func (a *accountImporter) finish(context.Context) error { return nil }

func (a *accountImporter) begin(ctx context.Context, tx *sql.Tx, cm *columnMap, res *ImportResult) error {
	a.tx, a.refs = tx, newRefs(tx, res)
	s, err := loadSettings(ctx, tx)
	if err != nil {
		return err
	}
	if a.cur, err = domain.LookupCurrency(s.Currency); err != nil {
		return err
	}
	if err := a.refs.loadAccounts(ctx); err != nil {
		return err
	}
	return a.refs.loadTerritories(ctx)
}

func (a *accountImporter) row(ctx context.Context, r *importRow) (rowOutcome, error) {
	ext, name := r.text("account_id"), r.text("name")
	if ext == "" && name == "" {
		r.fail("", "", "an account needs a name or an ID")
		return rowRejected, nil
	}
	var id int64
	if ext != "" {
		id = a.refs.accountsByExt[ext]
	}
	if id == 0 && name != "" {
		id = a.refs.accountsByName[normKey(name)]
	}
	var acc domain.Account
	if id != 0 {
		var err error
		if acc, err = scanAccount(a.tx.QueryRowContext(ctx, "SELECT "+accountCols+" FROM accounts WHERE id = ?", id)); err != nil {
			return 0, err
		}
	}
	old := acc
	if ext != "" {
		acc.ExternalID = ext
	}
	if name != "" {
		acc.Name = name
	} else if acc.Name == "" {
		acc.Name = ext
	}
	for f, dst := range map[string]*string{"industry": &acc.Industry, "country": &acc.Country, "region": &acc.Region,
		"state": &acc.State, "postal_code": &acc.PostalCode, "segment": &acc.Segment} {
		if r.has(f) {
			*dst = r.text(f)
		}
	}
	if r.has("employees") {
		acc.Employees = 0
		if n, ok := r.integer("employees"); ok {
			acc.Employees = int(n)
		}
	}
	for f, dst := range map[string]*domain.Money{"annual_revenue": &acc.AnnualRevenue, "potential": &acc.Potential} {
		if r.has(f) {
			*dst = 0
			if m, _, ok := r.amount(f, a.cur.Digits); ok {
				*dst = domain.Money(m)
			}
		}
	}
	if v := r.text("territory"); v != "" {
		t, ok := a.refs.territories[normKey(v)]
		if !ok {
			r.fail(r.column("territory"), v, fmt.Sprintf("'%s' is not a territory of this workspace: add it (or import territories) first", v))
		} else if t != acc.TerritoryID || acc.Assignment != domain.AssignedManual {
			acc.TerritoryID, acc.Assignment = t, domain.AssignedManual
		}
	}
	if len(r.problems) > 0 {
		return rowRejected, nil
	}
	if err := acc.Validate(); err != nil {
		r.fail("", "", domain.ErrorMessage(err))
		return rowRejected, nil
	}
	if id != 0 {
		if old == acc {
			return rowUnchanged, nil
		}
		if _, err := a.tx.ExecContext(ctx, `UPDATE accounts SET external_id = ?, name = ?, industry = ?, country = ?, region = ?, state = ?,
			postal_code = ?, employees = ?, annual_revenue = ?, potential = ?, segment = ?, territory_id = ?, assignment = ? WHERE id = ?`,
			textOrNull(acc.ExternalID), acc.Name, acc.Industry, acc.Country, acc.Region, acc.State, acc.PostalCode,
			acc.Employees, int64(acc.AnnualRevenue), int64(acc.Potential), acc.Segment, idArg(acc.TerritoryID), string(acc.Assignment), id); err != nil {
			if isUnique(err) {
				r.fail(r.column("account_id"), ext, fmt.Sprintf("another account already has the ID %s", ext))
				return rowRejected, nil
			}
			return 0, err
		}
		if err := recordAccountMove(ctx, a.tx, id, old.TerritoryID, old.Assignment, acc.TerritoryID, acc.Assignment); err != nil {
			return 0, err
		}
		if ext != "" {
			a.refs.accountsByExt[ext] = id
		}
		return rowUpdated, nil
	}
	if err := createAccount(ctx, a.tx, &acc); err != nil {
		return 0, err
	}
	if ext != "" {
		a.refs.accountsByExt[ext] = acc.ID
	}
	if _, dup := a.refs.accountsByName[normKey(acc.Name)]; !dup {
		a.refs.accountsByName[normKey(acc.Name)] = acc.ID
	}
	return rowInserted, nil
}

// --- people ---

// personImporter upserts people by email, else by name.
type personImporter struct {
	refs  *refs
	tx    *sql.Tx
	today time.Time
}

func (p *personImporter) required() []string           { return []string{"name", "email"} }
func (p *personImporter) dateFields() []string         { return []string{"hire_date", "end_date"} }
func (p *personImporter) numberFields() []string       { return nil }
func (p *personImporter) close()                       {}
func (p *personImporter) finish(context.Context) error { return nil }

func (p *personImporter) begin(ctx context.Context, tx *sql.Tx, cm *columnMap, res *ImportResult) error {
	p.tx, p.refs, p.today = tx, newRefs(tx, res), domain.DateOf(time.Now())
	if err := p.refs.loadPeople(ctx); err != nil {
		return err
	}
	return p.refs.loadTeams(ctx)
}

func (p *personImporter) row(ctx context.Context, r *importRow) (rowOutcome, error) {
	name, email := r.text("name"), r.text("email")
	if name == "" && email == "" {
		r.fail("", "", "a person needs a name or an email")
		return rowRejected, nil
	}
	var id int64
	if email != "" {
		id = p.refs.peopleByEmail[normKey(email)]
	}
	if id == 0 && name != "" {
		if cand := p.refs.peopleByName[normKey(name)]; cand != 0 {
			id = cand
		}
	}
	var per domain.Person
	if id != 0 {
		var err error
		if per, err = scanPerson(p.tx.QueryRowContext(ctx, "SELECT "+personCols+" FROM people WHERE id = ?", id)); err != nil {
			return 0, err
		}
	} else {
		per.Active, per.Role = true, domain.RoleAE
	}
	old := per
	if name != "" {
		per.Name = name
	} else if per.Name == "" {
		per.Name = nameFromEmail(email)
	}
	if r.has("email") {
		per.Email = email
	}
	if v := r.text("role"); v != "" {
		role, err := domain.ParseRole(v)
		if err != nil {
			r.fail(r.column("role"), v, fmt.Sprintf("'%s' is not a role: use Sales director, Sales manager, Account executive, SDR or Sales ops", v))
		}
		per.Role = role
	}
	if r.has("team") {
		per.TeamID = 0
		if v := r.text("team"); v != "" {
			t, err := p.refs.team(ctx, v)
			if err != nil {
				return 0, err
			}
			per.TeamID = t
		}
	}
	if r.has("hire_date") {
		per.HireDate = time.Time{}
		if t, ok := r.date("hire_date"); ok {
			per.HireDate = domain.DateOf(t)
		}
	}
	if r.has("end_date") {
		per.EndDate = time.Time{}
		if t, ok := r.date("end_date"); ok {
			per.EndDate = domain.DateOf(t)
		}
		per.Active = per.EndDate.IsZero() || per.EndDate.After(p.today)
	}
	if len(r.problems) > 0 {
		return rowRejected, nil
	}
	if err := per.Validate(); err != nil {
		r.fail("", "", domain.ErrorMessage(err))
		return rowRejected, nil
	}
	// The person exists before the manager is set, so that a manager named
	// further down the file (or the person's own row) resolves.
	inserted := false
	if id == 0 {
		if err := createPerson(ctx, p.tx, &per); err != nil {
			if domain.ErrorCode(err) == domain.ECONFLICT {
				r.fail(r.column("email"), email, domain.ErrorMessage(err))
				return rowRejected, nil
			}
			return 0, err
		}
		p.refs.remember(&per)
		id, inserted = per.ID, true
		old = per
	}
	if r.has("manager") {
		per.ManagerID = 0
		if v := r.text("manager"); v != "" {
			m, err := p.refs.person(ctx, v)
			if err != nil {
				return 0, err
			}
			if m == id {
				r.fail(r.column("manager"), v, fmt.Sprintf("%s cannot be their own manager", per.Name))
			} else if err := domain.CheckManagerCycle(p.refs.managerOf, id, m); err != nil {
				r.fail(r.column("manager"), v, fmt.Sprintf("'%s' reports (directly or not) to %s: the hierarchy would loop", v, per.Name))
			} else {
				per.ManagerID = m
			}
		}
	}
	if len(r.problems) > 0 {
		if inserted {
			if _, err := p.tx.ExecContext(ctx, "DELETE FROM people WHERE id = ?", id); err != nil {
				return 0, err
			}
			p.refs.forget(id)
		}
		return rowRejected, nil
	}
	if per == old && !inserted {
		return rowUnchanged, nil
	}
	if per != old || !inserted {
		if _, err := p.tx.ExecContext(ctx, `UPDATE people SET name = ?, email = ?, role = ?, manager_id = ?, team_id = ?,
			hire_date = ?, end_date = ?, active = ? WHERE id = ?`,
			per.Name, textOrNull(per.Email), string(per.Role), idArg(per.ManagerID), idArg(per.TeamID),
			dateArg(per.HireDate), dateArg(per.EndDate), boolInt(per.Active), id); err != nil {
			if isUnique(err) {
				r.fail(r.column("email"), email, fmt.Sprintf("someone else already has the email %s", email))
				return rowRejected, nil
			}
			return 0, err
		}
	}
	if per.ManagerID != 0 {
		p.refs.managerOf[id] = per.ManagerID
	} else {
		delete(p.refs.managerOf, id)
	}
	p.refs.remember(&per)
	if inserted {
		return rowInserted, newHireChecklist(ctx, p.tx, &per, p.today, nil)
	}
	return rowUpdated, nil
}

// --- quotas ---

// quotaImporter sets monthly quotas; a quarter or a year is spread over its
// months by the workspace's seasonality (even by default: the remainder on
// the first months, one minor unit each), as the Team tab spreads it. A
// month's amount is stored as it is.
type quotaImporter struct {
	refs   *refs
	tx     *sql.Tx
	set    domain.Settings
	cur    domain.Currency
	season domain.Seasonality
}

func (q *quotaImporter) required() []string           { return []string{"person"} }
func (q *quotaImporter) dateFields() []string         { return nil }
func (q *quotaImporter) numberFields() []string       { return []string{"amount"} }
func (q *quotaImporter) close()                       {}
func (q *quotaImporter) finish(context.Context) error { return nil }

func (q *quotaImporter) begin(ctx context.Context, tx *sql.Tx, cm *columnMap, res *ImportResult) error {
	q.tx, q.refs = tx, newRefs(tx, res)
	var err error
	if q.set, err = loadSettings(ctx, tx); err != nil {
		return err
	}
	if q.cur, err = domain.LookupCurrency(q.set.Currency); err != nil {
		return err
	}
	prof, err := loadQuotaProfile(ctx, tx)
	if err != nil {
		return err
	}
	q.season = prof.Seasonality
	if err := cm.require("quotas", "period"); err != nil {
		return err
	}
	if err := cm.require("quotas", "amount"); err != nil {
		return err
	}
	return q.refs.loadPeople(ctx)
}

func (q *quotaImporter) row(ctx context.Context, r *importRow) (rowOutcome, error) {
	who, pv := r.text("person"), r.text("period")
	if who == "" {
		r.fail(r.column("person"), "", "a quota needs a person")
	}
	var period domain.Period
	if pv == "" {
		r.fail(r.column("period"), "", "a quota needs a period (2026-07, 2026-Q3 or 2026)")
	} else if p, err := domain.ParsePeriod(pv, q.set.Calendar); err == nil {
		period = p
	} else if t, err := parseMonthDate(pv, r); err == nil {
		period = q.set.Calendar.PeriodOf(domain.Month, t)
	} else {
		r.fail(r.column("period"), pv, fmt.Sprintf("'%s' is not a period: write 2026-07, 2026-Q3 or 2026", pv))
	}
	amount, _, ok := r.amount("amount", q.cur.Digits)
	if !ok && len(r.problems) == 0 {
		r.fail(r.column("amount"), "", "a quota needs an amount")
	}
	if ok && amount < 0 {
		r.fail(r.column("amount"), r.text("amount"), "a quota cannot be negative")
	}
	if len(r.problems) > 0 {
		return rowRejected, nil
	}
	person, err := q.refs.person(ctx, who)
	if err != nil {
		return 0, err
	}
	months := period.Months()
	spread := q.season.Spread(domain.Money(amount), months)
	out := rowUnchanged
	for i, m := range months {
		v := int64(spread[i])
		var cur int64
		err := q.tx.QueryRowContext(ctx, "SELECT amount FROM quotas WHERE person_id = ? AND month = ?", person, m.String()).Scan(&cur)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if out == rowUnchanged {
				out = rowInserted
			}
		case err != nil:
			return 0, err
		case cur == v:
			continue
		default:
			out = rowUpdated
		}
		if _, err := q.tx.ExecContext(ctx, "INSERT INTO quotas(person_id, month, amount) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET amount = excluded.amount",
			person, m.String(), v); err != nil {
			return 0, err
		}
	}
	return out, nil
}

// parseMonthDate reads a period given as a date (a month's first day, an
// Excel date cell).
func parseMonthDate(v string, r *importRow) (time.Time, error) {
	return sheets.ParseDate(v, r.order)
}

func isUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique
}
