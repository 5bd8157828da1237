package persistence

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/mattn/go-sqlite3"

	"salesops/domain"
)

const personCols = "id, name, coalesce(email, ''), role, coalesce(manager_id, 0), coalesce(team_id, 0), hire_date, end_date, active"

func scanPerson(r rowScanner) (domain.Person, error) {
	var p domain.Person
	var role string
	var hire, end sql.NullString
	err := r.Scan(&p.ID, &p.Name, &p.Email, &role, &p.ManagerID, &p.TeamID, &hire, &end, &p.Active)
	p.Role = domain.Role(role)
	p.HireDate, p.EndDate = parseDate(hire), parseDate(end)
	return p, err
}

// People lists everyone, ordered by name.
func (db *DB) People(ctx context.Context) ([]domain.Person, error) { return loadPeopleQ(ctx, db.db) }

// Person reads one person.
func (db *DB) Person(ctx context.Context, id int64) (domain.Person, error) {
	p, err := scanPerson(db.db.QueryRowContext(ctx, "SELECT "+personCols+" FROM people WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, domain.Errorf(domain.ENOTFOUND, "No person with ID %d.", id)
	}
	return p, err
}

// CreatePerson validates and inserts p, setting p.ID.
func (db *DB) CreatePerson(ctx context.Context, p *domain.Person) error {
	return db.update(ctx, func(tx *sql.Tx) error { return createPerson(ctx, tx, p) })
}

func createPerson(ctx context.Context, q querier, p *domain.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, `INSERT INTO people(name, email, role, manager_id, team_id, hire_date, end_date, active)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		strings.TrimSpace(p.Name), textOrNull(strings.TrimSpace(p.Email)), string(p.Role), idArg(p.ManagerID), idArg(p.TeamID),
		dateArg(p.HireDate), dateArg(p.EndDate), boolInt(p.Active))
	if err != nil {
		return personConstraint(p, err)
	}
	p.ID, err = res.LastInsertId()
	return err
}

func personConstraint(p *domain.Person, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return domain.Errorf(domain.ECONFLICT, "Someone else already has the email %s.", p.Email)
	}
	return err
}

// UpdatePerson validates and saves p, refusing a manager that would make the
// hierarchy loop and an email someone else has.
func (db *DB) UpdatePerson(ctx context.Context, p *domain.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		if p.ManagerID != 0 {
			managerOf, err := managerMap(ctx, tx)
			if err != nil {
				return err
			}
			if err := domain.CheckManagerCycle(managerOf, p.ID, p.ManagerID); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE people SET name = ?, email = ?, role = ?, manager_id = ?, team_id = ?,
			hire_date = ?, end_date = ?, active = ? WHERE id = ?`,
			strings.TrimSpace(p.Name), textOrNull(strings.TrimSpace(p.Email)), string(p.Role), idArg(p.ManagerID), idArg(p.TeamID),
			dateArg(p.HireDate), dateArg(p.EndDate), boolInt(p.Active), p.ID)
		if err != nil {
			return personConstraint(p, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "No person with ID %d.", p.ID)
		}
		return nil
	})
}

func managerMap(ctx context.Context, q querier) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, manager_id FROM people WHERE manager_id IS NOT NULL")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, m int64
		if err := rows.Scan(&id, &m); err != nil {
			return nil, err
		}
		out[id] = m
	}
	return out, rows.Err()
}

// Teams lists the teams by name.
func (db *DB) Teams(ctx context.Context) ([]domain.Team, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, name FROM teams ORDER BY name COLLATE NOCASE")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Team
	for rows.Next() {
		var t domain.Team
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// CreateTeam validates and inserts t, setting t.ID.
func (db *DB) CreateTeam(ctx context.Context, t *domain.Team) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx) error { return createTeam(ctx, tx, t) })
}

func createTeam(ctx context.Context, q querier, t *domain.Team) error {
	res, err := q.ExecContext(ctx, "INSERT INTO teams(name) VALUES (?)", strings.TrimSpace(t.Name))
	if err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
			return domain.Errorf(domain.ECONFLICT, "There is already a team called %s.", t.Name)
		}
		return err
	}
	t.ID, err = res.LastInsertId()
	return err
}
