package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"salesops/domain"
)

// DemoOptions shape the generated demo company.
type DemoOptions struct {
	Seed    uint64
	Sellers int       // account executives (at least 12)
	Deals   int       // number of deals
	AsOf    time.Time // "today" for the company: history runs three years back from here
	// Progress, when set, is told how many deals are written so far.
	Progress func(done, total int)
}

// DemoSummary reports what was generated.
type DemoSummary struct {
	People, Accounts, Territories, Deals, Won, Lost, Open int
	ClosedWon                                             domain.Money
	Quota                                                 domain.Money
}

type demoGen struct {
	rng      *rand.Rand
	opt      DemoOptions
	asOf     time.Time
	start    time.Time
	stages   []domain.Stage
	won      domain.Stage
	lost     domain.Stage
	open     []domain.Stage
	teams    []domain.Team
	people   []domain.Person
	sellers  []*domain.Person
	sdrs     []*domain.Person
	byTeam   map[int64][]*domain.Person
	terrs    []demoTerritory
	accounts []domain.Account
	acctTerr []int // index into terrs per account
}

type demoTerritory struct {
	t       domain.Territory
	teamIdx int
	places  []demoPlace
	owners  []*domain.Person
}

type demoPlace struct{ country, state, region, postal string }

var demoFirst = []string{"Giulia", "Marco", "Chiara", "Luca", "Sofia", "Matteo", "Camille", "Louis", "Chloé", "Hugo", "Léa", "Jules",
	"Ingrid", "Lars", "Sigrid", "Ola", "Nora", "Emil", "Anna", "Jonas", "Emma", "Noah", "Olivia", "Liam", "Mia", "Ethan", "Sara", "Paolo",
	"Elena", "Thomas", "Marie", "Henrik", "Astrid", "Kari", "Pierre", "Alice", "Davide", "Francesca", "Erik", "Maja"}
var demoLast = []string{"Rossi", "Bianchi", "Russo", "Ferrari", "Esposito", "Romano", "Martin", "Bernard", "Dubois", "Laurent", "Moreau",
	"Lefèvre", "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Berg", "Haugen", "Smith", "Johnson", "Brown", "Garcia", "Miller",
	"Davis", "Conti", "Gallo", "Fontaine", "Lambert", "Nilsen"}
var demoCompanyA = []string{"Alpi", "Borea", "Cobalt", "Delta", "Ember", "Fjord", "Granite", "Helix", "Iris", "Juniper", "Kestrel", "Lumen",
	"Meridian", "Nimbus", "Orion", "Pinnacle", "Quarry", "Riviera", "Summit", "Tidal", "Umbra", "Vega", "Willow", "Zenith", "Aster", "Brio"}
var demoCompanyB = []string{"Logistics", "Foods", "Systems", "Pharma", "Motors", "Textiles", "Energy", "Retail", "Media", "Analytics",
	"Construction", "Hotels", "Labs", "Finance", "Robotics", "Packaging", "Health", "Telecom"}
var demoSuffix = map[string]string{"IT": "S.r.l.", "FR": "SAS", "NO": "AS", "DE": "GmbH", "US": "Inc."}
var demoIndustries = []string{"Manufacturing", "Retail", "Healthcare", "Financial services", "Technology", "Logistics", "Hospitality", "Energy"}
var demoProducts = []string{"Core licence", "Analytics add-on", "Cloud hosting", "Professional services"}

// GenerateDemo fills an empty workspace with a believable, deterministic demo
// company: the same options give the same company.
func GenerateDemo(ctx context.Context, db *DB, opt DemoOptions) (DemoSummary, error) {
	if opt.Sellers < 12 {
		opt.Sellers = 12
	}
	if opt.Deals <= 0 {
		opt.Deals = 4000
	}
	if opt.AsOf.IsZero() {
		opt.AsOf = time.Now()
	}
	var sum DemoSummary
	var n int
	if err := db.db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM deals) + (SELECT count(*) FROM people) + (SELECT count(*) FROM accounts)").Scan(&n); err != nil {
		return sum, err
	}
	if n > 0 {
		return sum, domain.Errorf(domain.ECONFLICT, "%s already holds data; the demo company is generated into a new, empty workspace.", db.Path)
	}
	g := &demoGen{rng: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x9E3779B97F4A7C15)), opt: opt, asOf: domain.DateOf(opt.AsOf), byTeam: map[int64][]*domain.Person{}}
	g.start = g.asOf.AddDate(-3, 0, 0)
	g.start = domain.Day(g.start.Year(), g.start.Month(), 1)
	err := db.update(ctx, func(tx *sql.Tx) error {
		var err error
		if g.stages, err = stagesTx(ctx, tx); err != nil {
			return err
		}
		for _, s := range g.stages {
			switch {
			case s.Won:
				g.won = s
			case s.Lost:
				g.lost = s
			default:
				g.open = append(g.open, s)
			}
		}
		settings, err := loadSettings(ctx, tx)
		if err != nil {
			return err
		}
		settings.CompanyName = "Aurora Tools (demo)"
		settings.Demo = true
		settings.Currency = "EUR"
		settings.Rates = map[string]domain.Rate{"USD": domain.RateFromFloat(0.92), "NOK": domain.RateFromFloat(0.086)}
		if err := saveSettings(ctx, tx, settings); err != nil {
			return err
		}
		// Bulk load: a large page cache, and the deal indexes built once at the end.
		if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -262144"); err != nil {
			return err
		}
		idx, err := dropIndexes(ctx, tx, "deals", "deal_history", "deal_splits")
		if err != nil {
			return err
		}
		// The deals' territory triggers (0008) would update each deal as it
		// is inserted: dropped here, the demo writes each deal's territory
		// with it (its accounts never move: their territory now).
		trig, err := dropDealTerritoryTriggers(ctx, tx)
		if err != nil {
			return err
		}
		// The search index too is built once at the end, not row by row.
		if err := dropDealSearchTriggers(ctx, tx); err != nil {
			return err
		}
		steps := []func(context.Context, *sql.Tx, *DemoSummary) error{g.team, g.territories, g.genAccounts, g.quotas, g.deals, g.compPlans, g.onboarding, g.forecastSnapshots}
		for _, step := range steps {
			if err := step(ctx, tx, &sum); err != nil {
				return err
			}
		}
		for _, q := range append(idx, trig...) {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		if db.search {
			if err := rebuildDealSearch(ctx, tx); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, "PRAGMA cache_size = -2000")
		return err
	})
	if err != nil {
		return DemoSummary{}, err
	}
	// The planner's statistics from a sample of each index, as SQLite's own
	// PRAGMA optimize takes them: the full ANALYZE of a million deals' 18
	// indexes took 4 s of the demo's minute.
	// One call, so both run on the same connection of the pool.
	_, err = db.db.ExecContext(ctx, "PRAGMA analysis_limit = 4000; ANALYZE")
	return sum, err
}

// dropIndexes drops the indexes of the given tables and returns the statements
// that recreate them.
func dropIndexes(ctx context.Context, tx *sql.Tx, tables ...string) ([]string, error) {
	var create, names []string
	for _, t := range tables {
		rows, err := tx.QueryContext(ctx, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", t)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var n, q string
			if err := rows.Scan(&n, &q); err != nil {
				rows.Close()
				return nil, err
			}
			names, create = append(names, n), append(create, q)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, "DROP INDEX "+n); err != nil {
			return nil, err
		}
	}
	return create, nil
}

func stagesTx(ctx context.Context, tx *sql.Tx) ([]domain.Stage, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, name, position, probability, category, won, lost FROM stages ORDER BY position")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Stage
	for rows.Next() {
		var s domain.Stage
		var cat string
		if err := rows.Scan(&s.ID, &s.Name, &s.Position, &s.Probability, &cat, &s.Won, &s.Lost); err != nil {
			return nil, err
		}
		s.Category = domain.ForecastCategory(cat)
		out = append(out, s)
	}
	return out, rows.Err()
}

func (g *demoGen) name(used map[string]bool) (string, string) {
	for {
		f, l := demoFirst[g.rng.IntN(len(demoFirst))], demoLast[g.rng.IntN(len(demoLast))]
		full := f + " " + l
		if !used[full] {
			used[full] = true
			email := strings.ToLower(f+"."+l) + "@aurora-demo.example"
			email = strings.NewReplacer("é", "e", "è", "e", "è", "e").Replace(email)
			return full, email
		}
	}
}

func (g *demoGen) team(ctx context.Context, tx *sql.Tx, sum *DemoSummary) error {
	used := map[string]bool{}
	for _, n := range []string{"Enterprise", "Mid-market", "Inside sales"} {
		t := domain.Team{Name: n}
		if err := createTeam(ctx, tx, &t); err != nil {
			return err
		}
		g.teams = append(g.teams, t)
	}
	add := func(p domain.Person) (*domain.Person, error) {
		p.Name, p.Email = g.name(used)
		p.Active = p.EndDate.IsZero() || p.EndDate.After(g.asOf)
		if err := createPerson(ctx, tx, &p); err != nil {
			return nil, err
		}
		g.people = append(g.people, p)
		sum.People++
		return &g.people[len(g.people)-1], nil
	}
	// Keep pointers stable: reserve capacity for everyone up front.
	g.people = make([]domain.Person, 0, g.opt.Sellers+8)
	early := g.start.AddDate(-2, 0, 0)
	dir, err := add(domain.Person{Role: domain.RoleDirector, HireDate: early})
	if err != nil {
		return err
	}
	if _, err := add(domain.Person{Role: domain.RoleOps, ManagerID: dir.ID, HireDate: early.AddDate(0, 4, 0)}); err != nil {
		return err
	}
	managers := make([]*domain.Person, len(g.teams))
	for i, t := range g.teams {
		if managers[i], err = add(domain.Person{Role: domain.RoleManager, ManagerID: dir.ID, TeamID: t.ID, HireDate: early.AddDate(0, i, 0)}); err != nil {
			return err
		}
	}
	months := int(g.asOf.Sub(g.start).Hours()/24/30.4) - 3
	for i := 0; i < g.opt.Sellers; i++ {
		ti := i % len(g.teams)
		hire := early.AddDate(0, g.rng.IntN(12), 0)
		// About a third join during the history, so their quotas ramp.
		var end time.Time
		switch {
		case i%7 == 5:
			// A few leave during the history (hired early, so they have one).
			end = g.asOf.AddDate(0, -2-g.rng.IntN(10), 0)
			end = domain.Day(end.Year(), end.Month(), 1)
		case i%3 == 2:
			hire = g.start.AddDate(0, 2+g.rng.IntN(months), 0)
		}
		p, err := add(domain.Person{Role: domain.RoleAE, ManagerID: managers[ti].ID, TeamID: g.teams[ti].ID, HireDate: domain.Day(hire.Year(), hire.Month(), 1), EndDate: end})
		if err != nil {
			return err
		}
		g.sellers = append(g.sellers, p)
		g.byTeam[p.TeamID] = append(g.byTeam[p.TeamID], p)
	}
	for i := 0; i < 2; i++ {
		p, err := add(domain.Person{Role: domain.RoleSDR, ManagerID: managers[2].ID, TeamID: g.teams[2].ID, HireDate: early.AddDate(0, 6+i, 0)})
		if err != nil {
			return err
		}
		g.sdrs = append(g.sdrs, p)
	}
	return nil
}

func (g *demoGen) territories(ctx context.Context, tx *sql.Tx, sum *DemoSummary) error {
	type leaf struct {
		name, parent string
		prio, team   int
		places       []demoPlace
		rules        [][3]string
	}
	parents := []string{"Europe", "North America"}
	leaves := []leaf{
		{"Italy", "Europe", 10, 0, []demoPlace{{"IT", "Lombardia", "North", "20"}, {"IT", "Lazio", "Centre", "00"}, {"IT", "Piemonte", "North", "10"}, {"IT", "Emilia-Romagna", "North", "40"}}, [][3]string{{domain.RuleCountry, domain.OpEquals, "IT"}}},
		{"France", "Europe", 10, 1, []demoPlace{{"FR", "Île-de-France", "Nord", "75"}, {"FR", "Auvergne-Rhône-Alpes", "Sud", "69"}, {"FR", "Occitanie", "Sud", "31"}}, [][3]string{{domain.RuleCountry, domain.OpEquals, "FR"}}},
		{"Nordics", "Europe", 10, 2, []demoPlace{{"NO", "Oslo", "Øst", "01"}, {"NO", "Vestland", "Vest", "50"}, {"NO", "Trøndelag", "Midt", "70"}}, [][3]string{{domain.RuleCountry, domain.OpIn, "NO;SE;DK;FI"}}},
		{"DACH", "Europe", 10, 1, []demoPlace{{"DE", "Bayern", "Süd", "80"}, {"DE", "Berlin", "Ost", "10"}}, [][3]string{{domain.RuleCountry, domain.OpIn, "DE;AT;CH"}}},
		{"US East", "North America", 10, 0, []demoPlace{{"US", "NY", "East", "10"}, {"US", "MA", "East", "02"}, {"US", "FL", "East", "33"}}, [][3]string{{domain.RuleCountry, domain.OpEquals, "US"}, {domain.RuleState, domain.OpIn, "NY;MA;FL;NJ;PA"}}},
		{"US West", "North America", 10, 2, []demoPlace{{"US", "CA", "West", "94"}, {"US", "WA", "West", "98"}}, [][3]string{{domain.RuleCountry, domain.OpEquals, "US"}, {domain.RuleState, domain.OpIn, "CA;WA;OR"}}},
		// Enterprise accounts anywhere in Europe go to a named-accounts territory of higher priority.
		{"Strategic accounts", "Europe", 20, 0, nil, [][3]string{{domain.RuleCountry, domain.OpIn, "IT;FR;DE;NO"}, {domain.RuleEmployees, domain.OpBetween, "5000..1000000"}}},
	}
	parentID := map[string]int64{}
	for _, p := range parents {
		t := domain.Territory{Name: p}
		if err := createTerritory(ctx, tx, &t); err != nil {
			return err
		}
		parentID[p] = t.ID
		sum.Territories++
	}
	for i, l := range leaves {
		t := domain.Territory{Name: l.name, ParentID: parentID[l.parent], Priority: l.prio}
		if err := createTerritory(ctx, tx, &t); err != nil {
			return err
		}
		sum.Territories++
		for _, r := range l.rules {
			rule := domain.TerritoryRule{TerritoryID: t.ID, Set: 1, Field: r[0], Operator: r[1], Value: r[2]}
			if err := addTerritoryRule(ctx, tx, &rule); err != nil {
				return err
			}
		}
		team := g.byTeam[g.teams[l.team].ID]
		dt := demoTerritory{t: t, teamIdx: l.team, places: l.places}
		// Primary owner and, where the team is large enough, a second seller.
		for k := 0; k < 2 && k < len(team); k++ {
			p := team[(i+k*3)%len(team)]
			dt.owners = append(dt.owners, p)
			role := domain.OwnerPrimary
			if k > 0 {
				role = domain.OwnerOverlay
			}
			o := domain.TerritoryOwner{TerritoryID: t.ID, PersonID: p.ID, Role: role, From: maxTime(p.HireDate, g.start), To: p.EndDate}
			if err := addTerritoryOwner(ctx, tx, &o); err != nil {
				return err
			}
		}
		g.terrs = append(g.terrs, dt)
	}
	return nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func (g *demoGen) genAccounts(ctx context.Context, tx *sql.Tx, sum *DemoSummary) error {
	n := g.opt.Deals / 15
	n = max(300, min(n, 20000))
	used := map[string]int{}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO accounts(external_id, name, industry, country, region, state, postal_code,
		employees, annual_revenue, potential, segment, territory_id, assignment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	strategic := len(g.terrs) - 1
	for i := 0; i < n; i++ {
		ti := g.rng.IntN(strategic)
		pl := g.terrs[ti].places[g.rng.IntN(len(g.terrs[ti].places))]
		base := demoCompanyA[g.rng.IntN(len(demoCompanyA))] + " " + demoCompanyB[g.rng.IntN(len(demoCompanyB))]
		used[base]++
		name := base
		if used[base] > 1 {
			name = fmt.Sprintf("%s %d", base, used[base])
		}
		name += " " + demoSuffix[pl.country]
		emp := int(math.Exp(3 + g.rng.Float64()*6.5)) // ~20 to ~13,000
		seg := "SMB"
		switch {
		case emp >= 1000:
			seg = "Enterprise"
		case emp >= 100:
			seg = "Mid-market"
		}
		revenue := domain.Money(int64(emp) * int64(80_000+g.rng.IntN(120_000)) * 100)
		a := domain.Account{ExternalID: fmt.Sprintf("A-%05d", i+1), Name: name, Industry: demoIndustries[g.rng.IntN(len(demoIndustries))],
			Country: pl.country, Region: pl.region, State: pl.state, PostalCode: pl.postal + fmt.Sprintf("%03d", g.rng.IntN(1000)),
			Employees: emp, AnnualRevenue: revenue, Potential: revenue / 400, Segment: seg, Assignment: domain.AssignedRule}
		if emp >= 5000 && pl.country != "US" {
			ti = strategic
		}
		a.TerritoryID = g.terrs[ti].t.ID
		res, err := stmt.ExecContext(ctx, a.ExternalID, a.Name, a.Industry, a.Country, a.Region, a.State, a.PostalCode, a.Employees,
			int64(a.AnnualRevenue), int64(a.Potential), a.Segment, a.TerritoryID, string(a.Assignment))
		if err != nil {
			return err
		}
		a.ID, _ = res.LastInsertId()
		g.accounts = append(g.accounts, a)
		g.acctTerr = append(g.acctTerr, ti)
		sum.Accounts++
	}
	return nil
}

// demoSeason is the share of a year's business in each calendar month (sums to 100).
var demoSeason = [12]float64{6, 7, 9, 8, 8, 9, 7, 4, 9, 9, 10, 14}

// monthWeight is the relative volume of deals in the month starting at t:
// seasonality and about 25 % growth a year.
func (g *demoGen) monthWeight(t time.Time) float64 {
	years := t.Sub(g.start).Hours() / 24 / 365
	return demoSeason[t.Month()-1] / (100.0 / 12) * math.Pow(1.25, years)
}

// RampSchedule is the default share of full quota in a new hire's first months.
var RampSchedule = []domain.Rate{0, domain.RatePercent(25), domain.RatePercent(50), domain.RatePercent(75)}

func (g *demoGen) quotas(ctx context.Context, tx *sql.Tx, sum *DemoSummary) error {
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO quotas(person_id, month, amount) VALUES (?, ?, ?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	// Expected bookings per seller-month, so attainment lands around 80–110 %.
	avgDeal := 30_000.0 * 100
	perSellerMonth := float64(g.opt.Deals) * 0.32 * avgDeal / float64(len(g.sellers)) / 42
	end := domain.Day(g.asOf.Year(), g.asOf.Month(), 1).AddDate(1, 0, 0)
	for _, p := range g.sellers {
		for m := g.start; m.Before(end); m = m.AddDate(0, 1, 0) {
			if m.Before(domain.Day(p.HireDate.Year(), p.HireDate.Month(), 1)) || (!p.EndDate.IsZero() && !m.Before(p.EndDate)) {
				continue
			}
			full := domain.Money(perSellerMonth * g.monthWeight(m) / 1000 * 1000)
			full = full / 100_000 * 100_000 // whole thousands
			monthsIn := (m.Year()-p.HireDate.Year())*12 + int(m.Month()-p.HireDate.Month())
			q := full
			if monthsIn < len(RampSchedule) {
				q = full.MulRate(RampSchedule[monthsIn])
			}
			if _, err := stmt.ExecContext(ctx, p.ID, fmt.Sprintf("%04d-%02d", m.Year(), m.Month()), int64(q)); err != nil {
				return err
			}
			sum.Quota += q
		}
	}
	return nil
}

func (g *demoGen) ownerFor(ai int, on time.Time) *domain.Person {
	t := &g.terrs[g.acctTerr[ai]]
	cands := t.owners
	if g.rng.IntN(10) < 3 {
		cands = g.byTeam[g.teams[t.teamIdx].ID]
	}
	for tries := 0; tries < 4; tries++ {
		p := cands[g.rng.IntN(len(cands))]
		if p.EmployedOn(on) {
			return p
		}
		cands = g.sellers
	}
	for _, p := range g.sellers {
		if p.EmployedOn(on) {
			return p
		}
	}
	return g.sellers[0]
}

func (g *demoGen) deals(ctx context.Context, tx *sql.Tx, sum *DemoSummary) error {
	stmt, err := tx.PrepareContext(ctx, withTerritoryColumn(insertDealSQL))
	if err != nil {
		return err
	}
	defer stmt.Close()
	hist, err := tx.PrepareContext(ctx, "INSERT INTO deal_history(deal_id, field, old_value, new_value, changed_at) VALUES (?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer hist.Close()
	split, err := tx.PrepareContext(ctx, "INSERT INTO deal_splits(deal_id, person_id, kind, share) VALUES (?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer split.Close()

	// Created dates spread over the history with seasonality and growth,
	// plus a tail created in the last weeks that is still open.
	var months []time.Time
	var cum []float64
	total := 0.0
	for m := g.start; m.Before(g.asOf); m = m.AddDate(0, 1, 0) {
		months = append(months, m)
		total += g.monthWeight(m)
		cum = append(cum, total)
	}
	reasons := domain.DefaultLostReasons
	reasonW := []int{22, 20, 14, 10, 10, 12, 6, 4, 2}
	for i := 0; i < g.opt.Deals; i++ {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if g.opt.Progress != nil {
				g.opt.Progress(i, g.opt.Deals)
			}
		}
		x := g.rng.Float64() * total
		mi := 0
		for lo, hi := 0, len(cum)-1; lo <= hi; {
			mid := (lo + hi) / 2
			if cum[mid] < x {
				lo = mid + 1
			} else {
				mi, hi = mid, mid-1
			}
		}
		created := months[mi].AddDate(0, 0, g.rng.IntN(28))
		ai := g.rng.IntN(len(g.accounts))
		acct := &g.accounts[ai]
		owner := g.ownerFor(ai, created)
		var mean float64
		switch acct.Segment {
		case "Enterprise":
			mean = 90_000
		case "Mid-market":
			mean = 28_000
		default:
			mean = 8_000
		}
		amount := domain.Money(math.Round(mean*math.Exp(g.rng.NormFloat64()*0.45-0.1)/10) * 10 * 100)
		cycle := 14 + int(math.Exp(3+g.rng.Float64()*1.6)) // ~34 to ~115 days
		if acct.Segment == "Enterprise" {
			cycle += 30
		}
		closeDate := created.AddDate(0, 0, cycle)
		product := demoProducts[g.rng.IntN(len(demoProducts))]
		d := domain.Deal{
			ExternalID: fmt.Sprintf("D-%07d", i+1), Name: acct.Name + " – " + product, AccountID: acct.ID, OwnerID: owner.ID,
			Amount: amount, HasAmount: true, Value: amount, Created: created, CloseDate: closeDate, Product: product,
		}
		if acct.Country == "US" {
			d.Currency = "USD"
			d.Amount = domain.Money(float64(amount) / 0.92 / 100 * 100)
			d.Value = domain.Convert(d.Amount, domain.Currency{Code: "USD", Digits: 2}, domain.Currency{Code: "EUR", Digits: 2}, domain.RateFromFloat(0.92))
		}
		winP := map[string]float64{"Enterprise": 0.24, "Mid-market": 0.3, "SMB": 0.36}[acct.Segment]
		var st domain.Stage
		switch {
		case closeDate.Before(g.asOf):
			if g.rng.Float64() < winP {
				st = g.won
			} else if g.rng.IntN(50) == 0 {
				// A few open deals whose close date has passed: a data-quality finding.
				st = g.open[g.rng.IntN(len(g.open))]
			} else {
				st = g.lost
				d.LostReason = pickWeighted(g.rng, reasons, reasonW)
			}
		default:
			st = g.open[min(len(g.open)-1, int(float64(len(g.open))*(1-math.Sqrt(g.rng.Float64()))))]
		}
		d.StageID, d.Status, d.Probability, d.Category = st.ID, st.Status(), st.Probability, st.Category
		if d.Status == domain.StatusOpen && g.rng.IntN(200) == 0 {
			d.HasAmount = false // an open deal without an amount
		}
		if d.Status == domain.StatusOpen && g.rng.IntN(300) == 0 {
			d.OwnerID = 0
		}
		if g.rng.IntN(10) < 4 {
			d.LeadCreated = created.Add(-time.Duration(24+g.rng.IntN(24*10)) * time.Hour)
			d.FirstResponse = d.LeadCreated.Add(time.Duration(math.Exp(g.rng.NormFloat64()*1.1+1.6)*60) * time.Minute)
		}
		res, err := stmt.Exec(append(dealArgs(&d), idArg(acct.TerritoryID))...)
		if err != nil {
			return fmt.Errorf("demo deal %d: %w", i+1, err)
		}
		d.ID, _ = res.LastInsertId()
		sum.Deals++
		switch d.Status {
		case domain.StatusWon:
			sum.Won++
			sum.ClosedWon += d.Value
		case domain.StatusLost:
			sum.Lost++
		default:
			sum.Open++
		}
		// Stage history for a third of the deals; a pushed close date for some.
		if d.Status != domain.StatusOpen && i%3 == 0 {
			prev := g.open[len(g.open)-1-g.rng.IntN(2)]
			if _, err := hist.Exec(d.ID, "stage", itoa(prev.ID), itoa(st.ID), closeDate.Format(time.RFC3339)); err != nil {
				return err
			}
			if i%9 == 0 {
				early := closeDate.AddDate(0, 0, -14-g.rng.IntN(30))
				if _, err := hist.Exec(d.ID, "close_date", early.Format(dateLayout), closeDate.Format(dateLayout), early.AddDate(0, 0, -3).Format(time.RFC3339)); err != nil {
					return err
				}
			}
		}
		// Splits: a shared deal now and then, and SDR overlay credit on sourced deals.
		if d.Status == domain.StatusWon && d.OwnerID != 0 {
			if g.rng.IntN(25) == 0 {
				mates := g.byTeam[owner.TeamID]
				mate := mates[g.rng.IntN(len(mates))]
				if mate.ID != owner.ID {
					for _, s := range []struct {
						id    int64
						share domain.Rate
					}{{owner.ID, domain.RatePercent(60)}, {mate.ID, domain.RatePercent(40)}} {
						if _, err := split.Exec(d.ID, s.id, string(domain.SplitRevenue), int64(s.share)); err != nil {
							return err
						}
					}
				}
			}
			if g.rng.IntN(12) == 0 {
				sdr := g.sdrs[g.rng.IntN(len(g.sdrs))]
				if _, err := split.Exec(d.ID, sdr.ID, string(domain.SplitOverlay), int64(domain.RatePercent(10))); err != nil {
					return err
				}
			}
		}
	}
	if g.opt.Progress != nil {
		g.opt.Progress(g.opt.Deals, g.opt.Deals)
	}
	return nil
}

func pickWeighted(rng *rand.Rand, items []string, weights []int) string {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := rng.IntN(total)
	for i, w := range weights {
		if x < w {
			return items[i]
		}
		x -= w
	}
	return items[len(items)-1]
}

// withTerritoryColumn adds deals.territory_id as the last column of a deal
// INSERT statement.
func withTerritoryColumn(insert string) string {
	i := strings.Index(insert, ")")
	return insert[:i] + ", territory_id" + strings.TrimSuffix(strings.TrimSpace(insert[i:]), ")") + ", ?)"
}
