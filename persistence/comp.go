package persistence

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"salesops/domain"
)

const planCols = `id, name, version, status, period, kind, ote, target_variable, tier_mode, tier_basis, threshold,
	cap_kind, cap, gate_ytd, draw_type, draw_amount, clawback_days, credit_overlay, credit_rollup`

func scanPlan(r rowScanner) (domain.Plan, error) {
	var p domain.Plan
	var status, period, kind, mode, basis, capKind, draw string
	err := r.Scan(&p.ID, &p.Name, &p.Version, &status, &period, &kind, &p.OTE, &p.TargetVariable, &mode, &basis, &p.Threshold,
		&capKind, &p.Cap, &p.GateYTD, &draw, &p.DrawAmount, &p.ClawbackDays, &p.Crediting.Overlay, &p.Crediting.RollUp)
	p.Status, p.Kind, p.TierMode, p.TierBasis = domain.PlanStatus(status), domain.PlanKind(kind), domain.TierMode(mode), domain.TierBasis(basis)
	p.CapKind, p.DrawType = domain.CapKind(capKind), domain.DrawType(draw)
	p.Period, _ = domain.ParsePeriodKind(period)
	return p, err
}

// Plans lists every comp plan with its tiers and SPIFFs, by name.
func (db *DB) Plans(ctx context.Context) ([]domain.Plan, error) { return loadPlans(ctx, db.db) }

func loadPlans(ctx context.Context, q querier) ([]domain.Plan, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+planCols+" FROM comp_plans ORDER BY name COLLATE NOCASE, id")
	if err != nil {
		return nil, err
	}
	var out []domain.Plan
	idx := map[int64]int{}
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		idx[p.ID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	trows, err := q.QueryContext(ctx, "SELECT plan_id, from_value, to_value, rate FROM comp_tiers ORDER BY plan_id, position")
	if err != nil {
		return nil, err
	}
	for trows.Next() {
		var id int64
		var t domain.Tier
		var to sql.NullInt64
		if err := trows.Scan(&id, &t.From, &to, &t.Rate); err != nil {
			trows.Close()
			return nil, err
		}
		t.To, t.Open = to.Int64, !to.Valid
		if i, ok := idx[id]; ok {
			out[i].Tiers = append(out[i].Tiers, t)
		}
	}
	trows.Close()
	if err := trows.Err(); err != nil {
		return nil, err
	}
	srows, err := q.QueryContext(ctx, "SELECT plan_id, product, min_amount, new_account, amount, rate, valid_from, valid_to FROM comp_spiffs ORDER BY plan_id, position")
	if err != nil {
		return nil, err
	}
	defer srows.Close()
	for srows.Next() {
		var id int64
		var s domain.Spiff
		var from, to sql.NullString
		if err := srows.Scan(&id, &s.Product, &s.MinAmount, &s.NewAccount, &s.Amount, &s.Rate, &from, &to); err != nil {
			return nil, err
		}
		s.From, s.To = parseDate(from), parseDate(to)
		if i, ok := idx[id]; ok {
			out[i].Spiffs = append(out[i].Spiffs, s)
		}
	}
	return out, srows.Err()
}

// Plan reads one plan.
func (db *DB) Plan(ctx context.Context, id int64) (domain.Plan, error) {
	ps, err := db.Plans(ctx)
	if err != nil {
		return domain.Plan{}, err
	}
	for _, p := range ps {
		if p.ID == id {
			return p, nil
		}
	}
	return domain.Plan{}, domain.Errorf(domain.ENOTFOUND, "No comp plan with ID %d.", id)
}

// SavePlan validates p and inserts it (ID 0) or replaces it with its tiers
// and SPIFFs. Closed payout runs keep what they paid.
func (db *DB) SavePlan(ctx context.Context, p *domain.Plan) error {
	return db.update(ctx, func(tx *sql.Tx) error { return savePlan(ctx, tx, p, 0) })
}

func savePlan(ctx context.Context, q querier, p *domain.Plan, basedOn int64) error {
	if err := p.Validate(); err != nil {
		return err
	}
	args := []any{p.Name, p.Version, string(p.Status), p.Period.String(), string(p.Kind), int64(p.OTE), int64(p.TargetVariable),
		string(p.TierMode), string(p.TierBasis), p.Threshold, string(p.CapKind), p.Cap, boolInt(p.GateYTD), string(p.DrawType),
		int64(p.DrawAmount), p.ClawbackDays, boolInt(p.Crediting.Overlay), boolInt(p.Crediting.RollUp)}
	if p.ID == 0 {
		res, err := q.ExecContext(ctx, `INSERT INTO comp_plans(name, version, status, period, kind, ote, target_variable, tier_mode, tier_basis,
			threshold, cap_kind, cap, gate_ytd, draw_type, draw_amount, clawback_days, credit_overlay, credit_rollup, based_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, idArg(basedOn))...)
		if err != nil {
			return planConstraint(p, err)
		}
		if p.ID, err = res.LastInsertId(); err != nil {
			return err
		}
	} else {
		if err := refusePayChangeAfterClose(ctx, q, p); err != nil {
			return err
		}
		res, err := q.ExecContext(ctx, `UPDATE comp_plans SET name = ?, version = ?, status = ?, period = ?, kind = ?, ote = ?, target_variable = ?,
			tier_mode = ?, tier_basis = ?, threshold = ?, cap_kind = ?, cap = ?, gate_ytd = ?, draw_type = ?, draw_amount = ?, clawback_days = ?,
			credit_overlay = ?, credit_rollup = ? WHERE id = ?`, append(args, p.ID)...)
		if err != nil {
			return planConstraint(p, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "No comp plan with ID %d.", p.ID)
		}
		for _, t := range []string{"comp_tiers", "comp_spiffs"} {
			if _, err := q.ExecContext(ctx, "DELETE FROM "+t+" WHERE plan_id = ?", p.ID); err != nil {
				return err
			}
		}
	}
	for i, t := range p.Tiers {
		var to any
		if !t.Open {
			to = t.To
		}
		if _, err := q.ExecContext(ctx, "INSERT INTO comp_tiers(plan_id, position, from_value, to_value, rate) VALUES (?, ?, ?, ?, ?)",
			p.ID, i+1, t.From, to, int64(t.Rate)); err != nil {
			return err
		}
	}
	for i, s := range p.Spiffs {
		if _, err := q.ExecContext(ctx, `INSERT INTO comp_spiffs(plan_id, position, product, min_amount, new_account, amount, rate, valid_from, valid_to)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, i+1, strings.TrimSpace(s.Product), int64(s.MinAmount), boolInt(s.NewAccount),
			int64(s.Amount), int64(s.Rate), dateArg(s.From), dateArg(s.To)); err != nil {
			return err
		}
	}
	return nil
}

// refusePayChangeAfterClose refuses to change how plan p pays once it has
// paid a closed period: the next open period would otherwise be corrected
// for every closed period with the new rules. Its name and status may
// change; a new version is a duplicate.
func refusePayChangeAfterClose(ctx context.Context, q querier, p *domain.Plan) error {
	plans, err := loadPlans(ctx, q)
	if err != nil {
		return err
	}
	var old *domain.Plan
	for i := range plans {
		if plans[i].ID == p.ID {
			old = &plans[i]
		}
	}
	if old == nil || old.SamePay(p) {
		return nil
	}
	var periods sql.NullString
	err = q.QueryRowContext(ctx, `SELECT group_concat(period, ', ') FROM (SELECT DISTINCT r.period FROM payouts x JOIN payout_runs r ON r.id = x.run_id
		WHERE r.status = 'closed' AND (x.plan_id = ? OR instr(' → ' || x.plan || ' → ', ' → ' || ? || ' → ') > 0) ORDER BY r.start_date)`,
		p.ID, old.Name).Scan(&periods)
	if err != nil || !periods.Valid || periods.String == "" {
		return err
	}
	return domain.Errorf(domain.ECONFLICT, "Plan %s paid closed periods (%s): its tiers, rates and amounts no longer change. Duplicate it to draft a new version and assign that from the day it applies.",
		old.Name, periods.String)
}

func planConstraint(p *domain.Plan, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique {
		return domain.Errorf(domain.ECONFLICT, "Another plan is already called %s.", p.Name)
	}
	return err
}

// DuplicatePlan saves a draft copy of plan id as its next version and returns it.
func (db *DB) DuplicatePlan(ctx context.Context, id int64) (domain.Plan, error) {
	orig, err := db.Plan(ctx, id)
	if err != nil {
		return orig, err
	}
	c := orig.Duplicate()
	err = db.update(ctx, func(tx *sql.Tx) error {
		base := c.Name
		for n := 2; ; n++ {
			var exists int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM comp_plans WHERE name = ?", c.Name).Scan(&exists); err != nil {
				return err
			}
			if exists == 0 {
				break
			}
			c.Name = base + " (" + itoa(int64(n)) + ")"
		}
		return savePlan(ctx, tx, &c, orig.ID)
	})
	return c, err
}

// DeletePlan removes a plan nobody is assigned to.
func (db *DB) DeletePlan(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM comp_assignments WHERE plan_id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return domain.Errorf(domain.ECONFLICT, "This plan has %d assignment(s): remove them or archive the plan instead.", n)
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM comp_plans WHERE id = ?", id)
		return err
	})
}

// Assignments lists every plan assignment, by person and start.
func (db *DB) Assignments(ctx context.Context) ([]domain.PlanAssignment, error) {
	return loadAssignments(ctx, db.db)
}

func loadAssignments(ctx context.Context, q querier) ([]domain.PlanAssignment, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, person_id, plan_id, valid_from, valid_to FROM comp_assignments ORDER BY person_id, valid_from")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.PlanAssignment
	for rows.Next() {
		var a domain.PlanAssignment
		var from, to sql.NullString
		if err := rows.Scan(&a.ID, &a.PersonID, &a.PlanID, &from, &to); err != nil {
			return nil, err
		}
		a.From, a.To = parseDate(from), parseDate(to)
		out = append(out, a)
	}
	return out, rows.Err()
}

// SaveAssignment inserts (ID 0) or updates an assignment, refusing one that
// would put the person on two plans at once.
func (db *DB) SaveAssignment(ctx context.Context, a *domain.PlanAssignment) error {
	return db.update(ctx, func(tx *sql.Tx) error { return saveAssignment(ctx, tx, a) })
}

func saveAssignment(ctx context.Context, q querier, a *domain.PlanAssignment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	all, err := loadAssignments(ctx, q)
	if err != nil {
		return err
	}
	var mine []domain.PlanAssignment
	for _, x := range all {
		if x.PersonID == a.PersonID && x.ID != a.ID {
			mine = append(mine, x)
		}
	}
	mine = append(mine, *a)
	if err := domain.CheckAssignments(mine, func(id int64) string { return personName(ctx, q, id) }); err != nil {
		return err
	}
	if a.ID == 0 {
		res, err := q.ExecContext(ctx, "INSERT INTO comp_assignments(person_id, plan_id, valid_from, valid_to) VALUES (?, ?, ?, ?)",
			a.PersonID, a.PlanID, dateArg(a.From), dateArg(a.To))
		if err != nil {
			return assignmentConstraint(err)
		}
		a.ID, err = res.LastInsertId()
		return err
	}
	_, err = q.ExecContext(ctx, "UPDATE comp_assignments SET person_id = ?, plan_id = ?, valid_from = ?, valid_to = ? WHERE id = ?",
		a.PersonID, a.PlanID, dateArg(a.From), dateArg(a.To), a.ID)
	return assignmentConstraint(err)
}

func assignmentConstraint(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrConstraint {
		return domain.Errorf(domain.EINVALID, "The person or the plan of this assignment does not exist.")
	}
	return err
}

func personName(ctx context.Context, q querier, id int64) string {
	var n string
	if err := q.QueryRowContext(ctx, "SELECT name FROM people WHERE id = ?", id).Scan(&n); err != nil {
		return "Person " + itoa(id)
	}
	return n
}

// DeleteAssignment removes an assignment.
func (db *DB) DeleteAssignment(ctx context.Context, id int64) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM comp_assignments WHERE id = ?", id)
		return err
	})
}

// AssignPlan puts a person on a plan from a day on, until to (exclusive;
// zero = open-ended): an open assignment that started earlier ends that day,
// so the person has one plan at a time.
func (db *DB) AssignPlan(ctx context.Context, personID, planID int64, from, to time.Time) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE comp_assignments SET valid_to = ? WHERE person_id = ? AND valid_from < ? AND (valid_to IS NULL OR valid_to > ?)",
			dateArg(from), personID, dateArg(from), dateArg(from)); err != nil {
			return err
		}
		return saveAssignment(ctx, tx, &domain.PlanAssignment{PersonID: personID, PlanID: planID, From: from, To: to})
	})
}
