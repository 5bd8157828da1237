package persistence

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"salesops/domain"
)

const accountCols = `id, coalesce(external_id, ''), name, industry, country, region, state, postal_code, employees,
	annual_revenue, potential, segment, coalesce(territory_id, 0), assignment`

func scanAccount(r rowScanner) (domain.Account, error) {
	var a domain.Account
	var asg string
	err := r.Scan(&a.ID, &a.ExternalID, &a.Name, &a.Industry, &a.Country, &a.Region, &a.State, &a.PostalCode, &a.Employees,
		&a.AnnualRevenue, &a.Potential, &a.Segment, &a.TerritoryID, &asg)
	a.Assignment = domain.AssignmentSource(asg)
	return a, err
}

// Accounts lists every account by name.
func (db *DB) Accounts(ctx context.Context) ([]domain.Account, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+accountCols+" FROM accounts ORDER BY name COLLATE NOCASE, id")
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

// Account reads one account.
func (db *DB) Account(ctx context.Context, id int64) (domain.Account, error) {
	a, err := scanAccount(db.db.QueryRowContext(ctx, "SELECT "+accountCols+" FROM accounts WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, domain.Errorf(domain.ENOTFOUND, "No account with ID %d.", id)
	}
	return a, err
}

// CreateAccount validates and inserts a.
func (db *DB) CreateAccount(ctx context.Context, a *domain.Account) error {
	return db.update(ctx, func(tx *sql.Tx) error { return createAccount(ctx, tx, a) })
}

func createAccount(ctx context.Context, q querier, a *domain.Account) error {
	if err := a.Validate(); err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, `INSERT INTO accounts(external_id, name, industry, country, region, state, postal_code,
		employees, annual_revenue, potential, segment, territory_id, assignment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		textOrNull(a.ExternalID), strings.TrimSpace(a.Name), a.Industry, a.Country, a.Region, a.State, a.PostalCode,
		a.Employees, int64(a.AnnualRevenue), int64(a.Potential), a.Segment, idArg(a.TerritoryID), string(a.Assignment))
	if err != nil {
		return err
	}
	a.ID, err = res.LastInsertId()
	return err
}

// UpdateAccount validates and saves a.
func (db *DB) UpdateAccount(ctx context.Context, a *domain.Account) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET external_id = ?, name = ?, industry = ?, country = ?, region = ?, state = ?,
			postal_code = ?, employees = ?, annual_revenue = ?, potential = ?, segment = ?, territory_id = ?, assignment = ? WHERE id = ?`,
			textOrNull(a.ExternalID), strings.TrimSpace(a.Name), a.Industry, a.Country, a.Region, a.State, a.PostalCode,
			a.Employees, int64(a.AnnualRevenue), int64(a.Potential), a.Segment, idArg(a.TerritoryID), string(a.Assignment), a.ID)
		return err
	})
}

// Territories lists the territory hierarchy (parents before children where
// ids allow; the UI builds the tree).
func (db *DB) Territories(ctx context.Context) ([]domain.Territory, error) {
	return listTerritories(ctx, db.db)
}

// CreateTerritory validates and inserts t.
func (db *DB) CreateTerritory(ctx context.Context, t *domain.Territory) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx) error { return createTerritory(ctx, tx, t) })
}

func createTerritory(ctx context.Context, q querier, t *domain.Territory) error {
	res, err := q.ExecContext(ctx, "INSERT INTO territories(name, parent_id, priority) VALUES (?, ?, ?)", strings.TrimSpace(t.Name), idArg(t.ParentID), t.Priority)
	if err != nil {
		return err
	}
	t.ID, err = res.LastInsertId()
	return err
}

// TerritoryOwners lists every effective-dated ownership.
func (db *DB) TerritoryOwners(ctx context.Context) ([]domain.TerritoryOwner, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, territory_id, person_id, role, valid_from, valid_to FROM territory_owners ORDER BY territory_id, valid_from")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.TerritoryOwner
	for rows.Next() {
		var o domain.TerritoryOwner
		var role string
		var from, to sql.NullString
		if err := rows.Scan(&o.ID, &o.TerritoryID, &o.PersonID, &role, &from, &to); err != nil {
			return nil, err
		}
		o.Role, o.From, o.To = domain.TerritoryOwnerRole(role), parseDate(from), parseDate(to)
		out = append(out, o)
	}
	return out, rows.Err()
}

func addTerritoryOwner(ctx context.Context, q querier, o *domain.TerritoryOwner) error {
	res, err := q.ExecContext(ctx, "INSERT INTO territory_owners(territory_id, person_id, role, valid_from, valid_to) VALUES (?, ?, ?, ?, ?)",
		o.TerritoryID, o.PersonID, string(o.Role), dateArg(o.From), dateArg(o.To))
	if err != nil {
		return err
	}
	o.ID, err = res.LastInsertId()
	return err
}

// TerritoryRules lists every rule.
func (db *DB) TerritoryRules(ctx context.Context) ([]domain.TerritoryRule, error) {
	return listRules(ctx, db.db)
}

func addTerritoryRule(ctx context.Context, q querier, r *domain.TerritoryRule) error {
	res, err := q.ExecContext(ctx, "INSERT INTO territory_rules(territory_id, rule_set, field, operator, value) VALUES (?, ?, ?, ?, ?)",
		r.TerritoryID, r.Set, r.Field, r.Operator, r.Value)
	if err != nil {
		return err
	}
	r.ID, err = res.LastInsertId()
	return err
}
