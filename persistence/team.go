package persistence

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"salesops/domain"
)

// QuotaProfile is the workspace's seasonality and ramp schedule.
type QuotaProfile struct {
	Seasonality domain.Seasonality
	Ramp        domain.RampSchedule
}

// QuotaProfile reads the seasonality and the ramp schedule.
func (db *DB) QuotaProfile(ctx context.Context) (QuotaProfile, error) {
	return loadQuotaProfile(ctx, db.db)
}

func loadQuotaProfile(ctx context.Context, q querier) (QuotaProfile, error) {
	prof := QuotaProfile{Ramp: domain.DefaultRamp()}
	rows, err := q.QueryContext(ctx, "SELECT key, value FROM team_settings")
	if err != nil {
		return prof, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return prof, err
		}
		switch k {
		case "seasonality":
			if v == "" {
				continue
			}
			var s []int64
			if err := json.Unmarshal([]byte(v), &s); err != nil || len(s) != 12 {
				return prof, fmt.Errorf("team setting seasonality %q is damaged", v)
			}
			for i, r := range s {
				prof.Seasonality[i] = domain.Rate(r)
			}
		case "ramp":
			var r []int64
			if err := json.Unmarshal([]byte(v), &r); err != nil {
				return prof, fmt.Errorf("team setting ramp %q is damaged", v)
			}
			prof.Ramp = make(domain.RampSchedule, len(r))
			for i, x := range r {
				prof.Ramp[i] = domain.Rate(x)
			}
		}
	}
	return prof, rows.Err()
}

// SaveQuotaProfile validates and stores the seasonality and the ramp schedule.
func (db *DB) SaveQuotaProfile(ctx context.Context, prof QuotaProfile) error {
	if err := prof.Seasonality.Validate(); err != nil {
		return err
	}
	if err := prof.Ramp.Validate(); err != nil {
		return err
	}
	season := ""
	if !prof.Seasonality.IsEven() {
		b, _ := json.Marshal(prof.Seasonality)
		season = string(b)
	}
	ramp, _ := json.Marshal([]domain.Rate(prof.Ramp))
	if prof.Ramp == nil {
		ramp = []byte("[]")
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		for k, v := range map[string]string{"seasonality": season, "ramp": string(ramp)} {
			if _, err := tx.ExecContext(ctx, "INSERT INTO team_settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// ApplyQuota spreads a full quota for period p over its months with the
// workspace's seasonality, ramps it from the person's hire date when ramp is
// true (months before hire and from the end date on carry nothing either
// way), and stores the months in one transaction, replacing what they had.
// It returns the months as stored.
func (db *DB) ApplyQuota(ctx context.Context, personID int64, p domain.Period, full domain.Money, ramp bool) ([]domain.MonthQuota, error) {
	var out []domain.MonthQuota
	err := db.update(ctx, func(tx *sql.Tx) error {
		person, err := scanPerson(tx.QueryRowContext(ctx, "SELECT "+personCols+" FROM people WHERE id = ?", personID))
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "No person with ID %d.", personID)
		} else if err != nil {
			return err
		}
		prof, err := loadQuotaProfile(ctx, tx)
		if err != nil {
			return err
		}
		plan := domain.QuotaPlan{Amount: full, Period: p, Seasonality: prof.Seasonality, Hire: person.HireDate, End: person.EndDate}
		if ramp {
			plan.Ramp = prof.Ramp
		}
		out, err = plan.Months()
		if err != nil {
			return err
		}
		for _, m := range out {
			if _, err := tx.ExecContext(ctx, "INSERT INTO quotas(person_id, month, amount) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET amount = excluded.amount",
				personID, m.Month.String(), int64(m.Quota)); err != nil {
				return fmt.Errorf("quota of %s for %s: %w", person.Name, m.Month, err)
			}
		}
		return nil
	})
	return out, err
}

// PersonQuotas returns a person's quota in each month of p (zero where none
// is set).
func (db *DB) PersonQuotas(ctx context.Context, personID int64, p domain.Period) ([]domain.Quota, error) {
	months := p.Months()
	rows, err := db.db.QueryContext(ctx, "SELECT month, amount FROM quotas WHERE person_id = ? AND month >= ? AND month <= ?",
		personID, months[0].String(), months[len(months)-1].String())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	got := map[string]domain.Money{}
	for rows.Next() {
		var m string
		var a int64
		if err := rows.Scan(&m, &a); err != nil {
			return nil, err
		}
		got[m] = domain.Money(a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]domain.Quota, len(months))
	for i, m := range months {
		out[i] = domain.Quota{PersonID: personID, Month: m, Amount: got[m.String()]}
	}
	return out, nil
}

// AddPerson creates a person, refusing a duplicate email or a manager who
// does not exist, and gives a new hire (domain.IsNewHire on today) the
// default onboarding checklist, in one transaction. names translates the
// default items' names (nil keeps English).
func (db *DB) AddPerson(ctx context.Context, p *domain.Person, today time.Time, names func(string) string) error {
	return db.update(ctx, func(tx *sql.Tx) error {
		if p.ManagerID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE id = ?", p.ManagerID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return domain.Errorf(domain.ENOTFOUND, "The manager chosen for %s does not exist.", p.Name)
			}
		}
		if err := createPerson(ctx, tx, p); err != nil {
			return err
		}
		return newHireChecklist(ctx, tx, p, today, names)
	})
}

// newHireChecklist gives p, just created, the default onboarding checklist
// when they are a new hire on today (domain.IsNewHire); names translates the
// items' names (nil keeps English). AddPerson and the people import use it.
func newHireChecklist(ctx context.Context, q querier, p *domain.Person, today time.Time, names func(string) string) error {
	if !domain.IsNewHire(p.HireDate, today) {
		return nil
	}
	for _, it := range domain.NewHireChecklist(p.ID, p.HireDate) {
		if names != nil {
			it.Name = names(it.Name)
		}
		if err := insertOnboarding(ctx, q, &it); err != nil {
			return err
		}
	}
	return nil
}

// DeactivatePerson marks someone as having left on end (today when zero):
// inactive, with an end date. Their deals, credit and history stay.
func (db *DB) DeactivatePerson(ctx context.Context, id int64, end time.Time) error {
	p, err := db.Person(ctx, id)
	if err != nil {
		return err
	}
	if end.IsZero() {
		end = domain.DateOf(time.Now())
	}
	if p.EndDate.IsZero() || end.Before(p.EndDate) {
		p.EndDate = end
	}
	if !p.HireDate.IsZero() && p.EndDate.Before(p.HireDate) {
		p.EndDate = p.HireDate
	}
	p.Active = false
	return db.UpdatePerson(ctx, &p)
}

// DeleteTeam removes a team; its members keep their place with no team.
func (db *DB) DeleteTeam(ctx context.Context, id int64) error {
	_, err := db.db.ExecContext(ctx, "DELETE FROM teams WHERE id = ?", id)
	return err
}

// SetTeamTarget stores a top-down target (TeamID 0 = the company), replacing
// the one for the same team and period.
func (db *DB) SetTeamTarget(ctx context.Context, t domain.TeamTarget) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM team_targets WHERE coalesce(team_id, 0) = ? AND period = ?", t.TeamID, t.Period.String()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO team_targets(team_id, period, amount) VALUES (?, ?, ?)", idArg(t.TeamID), t.Period.String(), int64(t.Amount))
		return err
	})
}

// ClearTeamTarget removes a team's target for a period.
func (db *DB) ClearTeamTarget(ctx context.Context, teamID int64, p domain.Period) error {
	_, err := db.db.ExecContext(ctx, "DELETE FROM team_targets WHERE coalesce(team_id, 0) = ? AND period = ?", teamID, p.String())
	return err
}

// TeamQuotaRow is a team's quota for a period: the sum of its members'
// quotas beside its top-down target.
type TeamQuotaRow struct {
	TeamID int64 // 0 = everyone
	Name   string
	domain.TeamQuota
}

// TeamQuotas returns, for p, the company's row (TeamID 0, named everyone) and
// one row per team, each with the members' quota sum and the target set for
// exactly p, if any.
func (db *DB) TeamQuotas(ctx context.Context, p domain.Period, everyone string) ([]TeamQuotaRow, error) {
	teams, err := db.Teams(ctx)
	if err != nil {
		return nil, err
	}
	people, err := db.People(ctx)
	if err != nil {
		return nil, err
	}
	quotas, err := db.QuotaTotals(ctx, p)
	if err != nil {
		return nil, err
	}
	targets := map[int64]domain.Money{}
	rows, err := db.db.QueryContext(ctx, "SELECT coalesce(team_id, 0), amount FROM team_targets WHERE period = ?", p.String())
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, a int64
		if err := rows.Scan(&id, &a); err != nil {
			rows.Close()
			return nil, err
		}
		targets[id] = domain.Money(a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	members := map[int64][]domain.Money{}
	for _, pp := range people {
		q := quotas[pp.ID]
		members[0] = append(members[0], q)
		if pp.TeamID != 0 {
			members[pp.TeamID] = append(members[pp.TeamID], q)
		}
	}
	row := func(id int64, name string) TeamQuotaRow {
		t, ok := targets[id]
		return TeamQuotaRow{TeamID: id, Name: name, TeamQuota: domain.CompareTeamQuota(members[id], t, ok)}
	}
	out := []TeamQuotaRow{row(0, everyone)}
	for _, t := range teams {
		out = append(out, row(t.ID, t.Name))
	}
	return out, nil
}

const onboardingCols = "id, person_id, name, due_date, done_date"

func scanOnboarding(r rowScanner) (domain.OnboardingItem, error) {
	var o domain.OnboardingItem
	var due, done sql.NullString
	err := r.Scan(&o.ID, &o.PersonID, &o.Name, &due, &done)
	o.Due, o.Done = parseDate(due), parseDate(done)
	return o, err
}

// Onboarding lists the checklist items of everyone (personID 0) or of one
// person, by person, due date and ID.
func (db *DB) Onboarding(ctx context.Context, personID int64) ([]domain.OnboardingItem, error) {
	q := "SELECT " + onboardingCols + " FROM onboarding_items"
	var args []any
	if personID != 0 {
		q += " WHERE person_id = ?"
		args = append(args, personID)
	}
	rows, err := db.db.QueryContext(ctx, q+" ORDER BY person_id, due_date IS NULL, due_date, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.OnboardingItem
	for rows.Next() {
		o, err := scanOnboarding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func insertOnboarding(ctx context.Context, q querier, o *domain.OnboardingItem) error {
	if err := o.Validate(); err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, "INSERT INTO onboarding_items(person_id, name, due_date, done_date) VALUES (?, ?, ?, ?)",
		o.PersonID, strings.TrimSpace(o.Name), dateArg(o.Due), dateArg(o.Done))
	if err != nil {
		return fmt.Errorf("onboarding item %q: %w", o.Name, err)
	}
	o.ID, err = res.LastInsertId()
	return err
}

// SaveOnboardingItem inserts o (ID 0) or updates it.
func (db *DB) SaveOnboardingItem(ctx context.Context, o *domain.OnboardingItem) error {
	if o.ID == 0 {
		return db.update(ctx, func(tx *sql.Tx) error { return insertOnboarding(ctx, tx, o) })
	}
	if err := o.Validate(); err != nil {
		return err
	}
	res, err := db.db.ExecContext(ctx, "UPDATE onboarding_items SET name = ?, due_date = ?, done_date = ? WHERE id = ?",
		strings.TrimSpace(o.Name), dateArg(o.Due), dateArg(o.Done), o.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.ENOTFOUND, "No onboarding item with ID %d.", o.ID)
	}
	return nil
}

// DeleteOnboardingItem removes an item.
func (db *DB) DeleteOnboardingItem(ctx context.Context, id int64) error {
	_, err := db.db.ExecContext(ctx, "DELETE FROM onboarding_items WHERE id = ?", id)
	return err
}

// AddDefaultChecklist gives a person the default onboarding checklist from
// their hire date (today when unknown).
func (db *DB) AddDefaultChecklist(ctx context.Context, personID int64, today time.Time, names func(string) string) error {
	p, err := db.Person(ctx, personID)
	if err != nil {
		return err
	}
	start := p.HireDate
	if start.IsZero() {
		start = today
	}
	return db.update(ctx, func(tx *sql.Tx) error {
		for _, it := range domain.NewHireChecklist(personID, start) {
			if names != nil {
				it.Name = names(it.Name)
			}
			if err := insertOnboarding(ctx, tx, &it); err != nil {
				return err
			}
		}
		return nil
	})
}

// SavedCapacityPlan is a capacity plan's inputs as saved.
type SavedCapacityPlan struct {
	ID      int64
	SavedAt time.Time
	Input   domain.CapacityInput
}

// capacityJSON is how a plan's inputs are stored.
type capacityJSON struct {
	Target      int64   `json:"target"`
	FullQuota   int64   `json:"full_quota"`
	Ramp        []int64 `json:"ramp"`
	Attrition   int64   `json:"attrition"`
	Seasonality []int64 `json:"seasonality,omitempty"`
	Team        []int   `json:"team"`
}

// SaveCapacityPlan stores the plan's inputs under its name, replacing a plan
// of the same name.
func (db *DB) SaveCapacityPlan(ctx context.Context, in domain.CapacityInput, at time.Time) (int64, error) {
	if strings.TrimSpace(in.Name) == "" {
		return 0, domain.Errorf(domain.EINVALID, "A capacity plan needs a name.")
	}
	if err := in.Validate(); err != nil {
		return 0, err
	}
	j := capacityJSON{Target: int64(in.Target), FullQuota: int64(in.FullQuota), Attrition: int64(in.Attrition), Team: in.Team, Ramp: []int64{}}
	for _, r := range in.Ramp {
		j.Ramp = append(j.Ramp, int64(r))
	}
	if !in.Seasonality.IsEven() {
		for _, r := range in.Seasonality {
			j.Seasonality = append(j.Seasonality, int64(r))
		}
	}
	b, err := json.Marshal(j)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM capacity_plans WHERE name = ?", strings.TrimSpace(in.Name)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO capacity_plans(name, year, inputs, saved_at) VALUES (?, ?, ?, ?)",
			strings.TrimSpace(in.Name), in.Year.String(), string(b), at.UTC().Format(time.RFC3339))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// CapacityPlans lists the saved plans, newest first.
func (db *DB) CapacityPlans(ctx context.Context, cal domain.FiscalCalendar) ([]SavedCapacityPlan, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT id, name, year, inputs, saved_at FROM capacity_plans ORDER BY saved_at DESC, id DESC")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SavedCapacityPlan
	for rows.Next() {
		var s SavedCapacityPlan
		var year, inputs string
		var at sql.NullString
		if err := rows.Scan(&s.ID, &s.Input.Name, &year, &inputs, &at); err != nil {
			return nil, err
		}
		s.SavedAt = parseDate(at)
		if s.Input.Year, err = domain.ParsePeriod(year, cal); err != nil {
			return nil, fmt.Errorf("capacity plan %s: %w", s.Input.Name, err)
		}
		var j capacityJSON
		if err := json.Unmarshal([]byte(inputs), &j); err != nil {
			return nil, fmt.Errorf("capacity plan %s: %w", s.Input.Name, err)
		}
		s.Input.Target, s.Input.FullQuota, s.Input.Attrition, s.Input.Team = domain.Money(j.Target), domain.Money(j.FullQuota), domain.Rate(j.Attrition), j.Team
		s.Input.Ramp = domain.RampSchedule{}
		for _, r := range j.Ramp {
			s.Input.Ramp = append(s.Input.Ramp, domain.Rate(r))
		}
		if len(j.Seasonality) == 12 {
			for i, r := range j.Seasonality {
				s.Input.Seasonality[i] = domain.Rate(r)
			}
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// DeleteCapacityPlan removes a saved plan.
func (db *DB) DeleteCapacityPlan(ctx context.Context, id int64) error {
	_, err := db.db.ExecContext(ctx, "DELETE FROM capacity_plans WHERE id = ?", id)
	return err
}

// CurrentTeam returns, for a capacity plan starting with the month start,
// the ramp month of each seller (account executive or SDR) active and
// employed then or hired before it, as domain.CapacityInput.Team wants.
func (db *DB) CurrentTeam(ctx context.Context, start time.Time) ([]int, error) {
	people, err := db.People(ctx)
	if err != nil {
		return nil, err
	}
	first := domain.CalendarYear.PeriodOf(domain.Month, start)
	var out []int
	for _, p := range people {
		if !p.Active || !p.Role.Sells() || (!p.EndDate.IsZero() && !p.EndDate.After(start)) {
			continue
		}
		k := domain.RampMonth(p.HireDate, first)
		if k > domain.RampedMonth {
			k = domain.RampedMonth
		}
		// Someone hired after the plan starts has k < 1 and books nothing
		// until their month of hire.
		out = append(out, k)
	}
	return out, nil
}
