package persistence

import (
	"context"
	"database/sql"
	"strings"
	"unicode"

	"salesops/domain"
)

// refs resolves the names a file uses for people, accounts, stages, teams
// and territories, creating (and reporting) what is new, inside the
// import's transaction.
type refs struct {
	tx  *sql.Tx
	res *ImportResult

	peopleByEmail, peopleByName   map[string]int64
	managerOf                     map[int64]int64
	accountsByExt, accountsByName map[string]int64
	stages                        map[string]*domain.Stage
	stageList                     []*domain.Stage
	maxPos                        int
	teams                         map[string]int64
	territories                   map[string]int64
	// seen caches the answer for the exact text a file repeats row after
	// row (the same owner, the same account), sparing the normalisation.
	seenPerson, seenAccount map[string]int64
	seenStage               map[string]*domain.Stage
}

// normKey is how names are compared: case- and space-insensitively.
func normKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func newRefs(tx *sql.Tx, res *ImportResult) *refs {
	return &refs{tx: tx, res: res}
}

func (x *refs) loadPeople(ctx context.Context) error {
	x.peopleByEmail, x.peopleByName, x.managerOf = map[string]int64{}, map[string]int64{}, map[int64]int64{}
	rows, err := x.tx.QueryContext(ctx, "SELECT id, name, coalesce(email, ''), coalesce(manager_id, 0) FROM people ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, mgr int64
		var name, email string
		if err := rows.Scan(&id, &name, &email, &mgr); err != nil {
			return err
		}
		if email != "" {
			x.peopleByEmail[normKey(email)] = id
		}
		if _, dup := x.peopleByName[normKey(name)]; !dup {
			x.peopleByName[normKey(name)] = id
		}
		if mgr != 0 {
			x.managerOf[id] = mgr
		}
	}
	return rows.Err()
}

func (x *refs) loadAccounts(ctx context.Context) error {
	x.accountsByExt, x.accountsByName = map[string]int64{}, map[string]int64{}
	rows, err := x.tx.QueryContext(ctx, "SELECT id, coalesce(external_id, ''), name FROM accounts ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ext, name string
		if err := rows.Scan(&id, &ext, &name); err != nil {
			return err
		}
		if ext != "" {
			x.accountsByExt[ext] = id
		}
		if _, dup := x.accountsByName[normKey(name)]; !dup {
			x.accountsByName[normKey(name)] = id
		}
	}
	return rows.Err()
}

func (x *refs) loadStages(ctx context.Context) error {
	x.stages = map[string]*domain.Stage{}
	x.stageList = nil
	rows, err := x.tx.QueryContext(ctx, "SELECT id, name, position, probability, category, won, lost FROM stages ORDER BY position, id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		s := &domain.Stage{}
		var cat string
		if err := rows.Scan(&s.ID, &s.Name, &s.Position, &s.Probability, &cat, &s.Won, &s.Lost); err != nil {
			return err
		}
		s.Category = domain.ForecastCategory(cat)
		x.stages[stageKey(s.Name)] = s
		x.stageList = append(x.stageList, s)
		x.maxPos = max(x.maxPos, s.Position)
	}
	return rows.Err()
}

func (x *refs) loadTeams(ctx context.Context) error {
	x.teams = map[string]int64{}
	rows, err := x.tx.QueryContext(ctx, "SELECT id, name FROM teams")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		x.teams[normKey(name)] = id
	}
	return rows.Err()
}

func (x *refs) loadTerritories(ctx context.Context) error {
	x.territories = map[string]int64{}
	rows, err := x.tx.QueryContext(ctx, "SELECT id, name FROM territories ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		if _, dup := x.territories[normKey(name)]; !dup {
			x.territories[normKey(name)] = id
		}
	}
	return rows.Err()
}

func (x *refs) created(kind, name string) {
	x.res.Created[kind] = append(x.res.Created[kind], name)
}

// findPerson looks a person up by email or name (0 when unknown).
func (x *refs) findPerson(v string) int64 {
	k := normKey(v)
	if id, ok := x.peopleByEmail[k]; ok {
		return id
	}
	return x.peopleByName[k]
}

// person resolves an owner or manager by email or name, creating someone
// new (an account executive) when unknown.
func (x *refs) person(ctx context.Context, v string) (int64, error) {
	if id, ok := x.seenPerson[v]; ok {
		return id, nil
	}
	if x.seenPerson == nil {
		x.seenPerson = map[string]int64{}
	}
	if id := x.findPerson(v); id != 0 {
		x.seenPerson[v] = id
		return id, nil
	}
	p := &domain.Person{Name: strings.TrimSpace(v), Role: domain.RoleAE, Active: true}
	if strings.Contains(v, "@") {
		p.Email = strings.TrimSpace(v)
		p.Name = nameFromEmail(p.Email)
		if err := p.Validate(); err != nil {
			p.Email, p.Name = "", strings.TrimSpace(v)
		}
	}
	if err := createPerson(ctx, x.tx, p); err != nil {
		return 0, err
	}
	x.remember(p)
	x.seenPerson[v] = p.ID
	x.created("people", v)
	return p.ID, nil
}

func (x *refs) remember(p *domain.Person) {
	if p.Email != "" {
		x.peopleByEmail[normKey(p.Email)] = p.ID
	}
	if _, dup := x.peopleByName[normKey(p.Name)]; !dup {
		x.peopleByName[normKey(p.Name)] = p.ID
	}
}

// forget drops a person a refused row had created.
func (x *refs) forget(id int64) {
	for _, m := range []map[string]int64{x.peopleByEmail, x.peopleByName, x.seenPerson} {
		for k, v := range m {
			if v == id {
				delete(m, k)
			}
		}
	}
}

// nameFromEmail makes "Jane Doe" of "jane.doe@example.com".
func nameFromEmail(email string) string {
	local, _, _ := strings.Cut(email, "@")
	parts := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' || r == '+' })
	for i, p := range parts {
		rs := []rune(p)
		rs[0] = unicode.ToUpper(rs[0])
		parts[i] = string(rs)
	}
	if len(parts) == 0 {
		return email
	}
	return strings.Join(parts, " ")
}

// account resolves an account by ID or name, creating it when unknown.
func (x *refs) account(ctx context.Context, v string) (int64, error) {
	if id, ok := x.seenAccount[v]; ok {
		return id, nil
	}
	if x.seenAccount == nil {
		x.seenAccount = map[string]int64{}
	}
	if id, ok := x.accountsByExt[v]; ok {
		x.seenAccount[v] = id
		return id, nil
	}
	k := normKey(v)
	if id, ok := x.accountsByName[k]; ok {
		x.seenAccount[v] = id
		return id, nil
	}
	a := &domain.Account{Name: strings.TrimSpace(v)}
	if err := createAccount(ctx, x.tx, a); err != nil {
		return 0, err
	}
	x.accountsByName[k] = a.ID
	x.seenAccount[v] = a.ID
	x.created("accounts", a.Name)
	return a.ID, nil
}

// stage resolves a stage by name, creating it when unknown with won/lost
// inferred from the name.
func (x *refs) stage(ctx context.Context, v string) (*domain.Stage, error) {
	if s, ok := x.seenStage[v]; ok {
		return s, nil
	}
	if x.seenStage == nil {
		x.seenStage = map[string]*domain.Stage{}
	}
	k := stageKey(v)
	if s, ok := x.stages[k]; ok {
		x.seenStage[v] = s
		return s, nil
	}
	won, lost := domain.InferStageOutcome(v)
	x.maxPos++
	s := &domain.Stage{Name: strings.TrimSpace(v), Position: x.maxPos, Won: won, Lost: lost, Category: domain.CategoryPipeline}
	switch {
	case won:
		s.Probability, s.Category = domain.RateOne, domain.CategoryClosed
	case lost:
		s.Category = domain.CategoryOmitted
	}
	if err := insertStage(ctx, x.tx, s); err != nil {
		return nil, err
	}
	x.stages[k] = s
	x.seenStage[v] = s
	x.stageList = append(x.stageList, s)
	x.created("stages", s.Name)
	return s, nil
}

// stageSeparators are the characters CRMs put between the words of a stage.
var stageSeparators = strings.NewReplacer("-", " ", "_", " ")

// stageKey compares stage names as CRMs vary them: "Closed-Won",
// "closed_won" and "closedwon" are "closed won".
func stageKey(s string) string {
	k := normKey(stageSeparators.Replace(s))
	switch k {
	case "closedwon":
		return "closed won"
	case "closedlost":
		return "closed lost"
	}
	return k
}

// outcomeStage is the first won (or lost) stage, for rows that give a
// status but no stage.
func (x *refs) outcomeStage(ctx context.Context, won bool) (*domain.Stage, error) {
	for _, s := range x.stageList {
		if (won && s.Won) || (!won && s.Lost) {
			return s, nil
		}
	}
	if won {
		return x.stage(ctx, "Closed Won")
	}
	return x.stage(ctx, "Closed Lost")
}

// team resolves a team by name, creating it when unknown.
func (x *refs) team(ctx context.Context, v string) (int64, error) {
	k := normKey(v)
	if id, ok := x.teams[k]; ok {
		return id, nil
	}
	t := &domain.Team{Name: strings.TrimSpace(v)}
	if err := createTeam(ctx, x.tx, t); err != nil {
		return 0, err
	}
	x.teams[k] = t.ID
	x.created("teams", t.Name)
	return t.ID, nil
}
