package main

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"time"

	"salesops/domain"
	"salesops/persistence"
)

func init() {
	register(scenario{order: 600, name: "territory rules, 100,000 accounts × 200 territories (evaluate)", target: "< 1 s", run: benchRulesInMemory})
	register(scenario{order: 601, name: "territory rules run and commit in a workspace, 100,000 accounts", target: "< 1 s evaluate", run: benchRulesWorkspace})
	register(scenario{order: 602, name: "balancing proposal, 10,000 accounts", target: "—", run: benchBalance})
	register(scenario{order: 603, name: "territory rules proposal over the bench workspace", target: "< 1 s", run: benchRulesBigDB})
	register(scenario{order: 604, name: "territory balance figures over the bench workspace", target: "off the UI goroutine", run: benchBalanceBigDB})
	register(scenario{order: 605, name: "territory closed-won by quarter (8) over the bench workspace", target: "off the UI goroutine", run: benchPerformanceBigDB})
	register(scenario{order: 606, name: "deals table sorted by territory, first page", target: "< 100 ms", run: benchDealsByTerritory})
	register(scenario{order: 607, name: "KPIs of a quarter and the previous one for one territory (Europe)", target: "< 100 ms", run: benchTerritoryKPIs})
}

// benchDesign is 200 territories over 25 countries: a country territory, an
// enterprise territory above it, and six state territories in between, with
// a tie now and then between two state territories sharing a state.
func benchDesign() ([]domain.Territory, []domain.TerritoryRule, []string) {
	var terrs []domain.Territory
	var rules []domain.TerritoryRule
	var countries []string
	id := int64(0)
	add := func(name string, prio int, rs ...[3]string) {
		id++
		terrs = append(terrs, domain.Territory{ID: id, Name: name, Priority: prio})
		for _, r := range rs {
			rules = append(rules, domain.TerritoryRule{TerritoryID: id, Set: 1, Field: r[0], Operator: r[1], Value: r[2]})
		}
	}
	for c := 0; c < 25; c++ {
		country := fmt.Sprintf("C%02d", c)
		countries = append(countries, country)
		add(country, 10, [3]string{"country", "=", country})
		add(country+" enterprise", 30, [3]string{"country", "=", country}, [3]string{"employees", "between", "1000.."})
		for s := 0; s < 6; s++ {
			states := fmt.Sprintf("S%d;S%d", 2*s, 2*s+1)
			if s == 5 {
				states += ";S0" // overlaps the first state territory: ties
			}
			add(fmt.Sprintf("%s region %d", country, s), 20, [3]string{"country", "=", country}, [3]string{"state", "in", states},
				[3]string{"postal_prefix", "between", "10..89"})
		}
	}
	return terrs, rules, countries
}

func benchAccounts(n int, countries []string) []domain.Account {
	rng := rand.New(rand.NewPCG(6, 6))
	out := make([]domain.Account, n)
	for i := range out {
		emp := int(math.Exp(2 + rng.Float64()*7))
		out[i] = domain.Account{ID: int64(i + 1), Name: fmt.Sprintf("Account %d", i+1), Country: countries[rng.IntN(len(countries)+2)%len(countries)],
			State: fmt.Sprintf("S%d", rng.IntN(14)), PostalCode: fmt.Sprintf("%05d", rng.IntN(100000)), Industry: "Software",
			Employees: emp, AnnualRevenue: domain.Money(int64(emp) * 100_000_00), Potential: domain.Money(int64(emp) * 250_00), Assignment: domain.AssignedNone}
	}
	return out
}

func benchRulesInMemory(context.Context, *benchEnv) (string, error) {
	terrs, rules, countries := benchDesign()
	accounts := benchAccounts(100_000, countries)
	var p domain.AssignmentProposal
	d, err := timeIt(3, func() error {
		book, err := domain.CompileRules(terrs, rules, domain.Currency{Code: "EUR", Digits: 2})
		if err != nil {
			return err
		}
		p = domain.ProposeAssignments(book, accounts)
		return nil
	})
	return fmt.Sprintf("%s (%d placed)", ms(d), len(p.Moves)), err
}

func benchRulesWorkspace(ctx context.Context, env *benchEnv) (string, error) {
	db, err := persistence.Open(ctx, filepath.Join(env.Dir, "territories.db"))
	if err != nil {
		return "", err
	}
	defer db.Close()
	terrs, rules, countries := benchDesign()
	ids := map[int64]int64{}
	for _, t := range terrs {
		old := t.ID
		t.ID = 0
		if err := db.CreateTerritory(ctx, &t); err != nil {
			return "", err
		}
		ids[old] = t.ID
	}
	byTerr := map[int64][]domain.TerritoryRule{}
	for _, r := range rules {
		byTerr[ids[r.TerritoryID]] = append(byTerr[ids[r.TerritoryID]], r)
	}
	for id, rs := range byTerr {
		if err := db.SetTerritoryRules(ctx, id, rs); err != nil {
			return "", err
		}
	}
	accounts := benchAccounts(100_000, countries)
	err = db.Update(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO accounts(name, industry, country, state, postal_code, employees, annual_revenue, potential)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, a := range accounts {
			if _, err := st.ExecContext(ctx, a.Name, a.Industry, a.Country, a.State, a.PostalCode, a.Employees, int64(a.AnnualRevenue), int64(a.Potential)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	start := time.Now()
	p, err := db.ProposeAssignments(ctx)
	if err != nil {
		return "", err
	}
	propose := time.Since(start)
	start = time.Now()
	applied, _, err := db.CommitAssignments(ctx, p, time.Now())
	commit := time.Since(start)
	return fmt.Sprintf("%s + commit %s (%d)", ms(propose), ms(commit), applied), err
}

func benchBalance(context.Context, *benchEnv) (string, error) {
	rng := rand.New(rand.NewPCG(10, 10))
	terrs := []int64{1, 2, 3, 4, 5, 6, 7, 8}
	items := make([]domain.BalanceItem, 10_000)
	for i := range items {
		// Skewed: the first territories hold more and bigger accounts.
		t := terrs[int(math.Sqrt(rng.Float64())*float64(len(terrs)))%len(terrs)]
		items[i] = domain.BalanceItem{AccountID: int64(i + 1), TerritoryID: t, Weight: int64(math.Exp(8+rng.Float64()*6)) * 100, Locked: rng.IntN(10) == 0}
	}
	var p domain.BalanceProposal
	d, err := timeIt(3, func() error {
		p = domain.ProposeBalance(terrs, items, 0.05, 0)
		return nil
	})
	return fmt.Sprintf("%s (%d moves, within %v)", ms(d), len(p.Moves), p.Within), err
}

func benchRulesBigDB(ctx context.Context, env *benchEnv) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var p domain.AssignmentProposal
	d, err := timeIt(3, func() error {
		var err error
		p, err = db.ProposeAssignments(ctx)
		return err
	})
	return fmt.Sprintf("%s (%d accounts)", ms(d), p.Evaluated), err
}

func benchBalanceBigDB(ctx context.Context, env *benchEnv) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	d, err := timeIt(3, func() error {
		_, err := db.TerritoryBalances(ctx, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
		return err
	})
	return ms(d), err
}

func benchPerformanceBigDB(ctx context.Context, env *benchEnv) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	d, err := timeIt(3, func() error {
		_, _, err := db.TerritoryPerformance(ctx, domain.CalendarYear, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), 8)
		return err
	})
	return ms(d), err
}

// benchTerritoryID is the bench workspace's largest territory with
// sub-territories (Europe in the demo), or the first one.
func benchTerritoryID(ctx context.Context, db *persistence.DB) (int64, error) {
	terrs, err := db.Territories(ctx)
	if err != nil || len(terrs) == 0 {
		return 0, fmt.Errorf("no territories: %v", err)
	}
	for _, t := range terrs {
		if t.Name == "Europe" {
			return t.ID, nil
		}
	}
	return terrs[0].ID, nil
}

// benchDealsByTerritory reads the first page of the deals table sorted by
// the territory each deal reports under, ascending then descending.
func benchDealsByTerritory(ctx context.Context, env *benchEnv) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	d, err := timeIt(5, func() error {
		for _, desc := range []bool{false, true} {
			rows, err := db.DealPage(ctx, persistence.DealFilter{}, persistence.DealSort{Column: "territory", Desc: desc}, 0, 200)
			if err != nil {
				return err
			}
			if len(rows) != 200 {
				return fmt.Errorf("%d rows on the first page, want 200", len(rows))
			}
		}
		return nil
	})
	return ms(d/2) + " a page", err
}

// benchTerritoryKPIs computes the dashboard's KPI tiles of a quarter and the
// one before for one territory (with its sub-territories) by the territory
// deals report under.
func benchTerritoryKPIs(ctx context.Context, env *benchEnv) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	id, err := benchTerritoryID(ctx, db)
	if err != nil {
		return "", err
	}
	d, err := timeIt(5, func() error {
		// As "KPIs of a quarter and the previous one (tiles)": the quality
		// score is a scan of its own.
		if _, err := db.KPIReport(ctx, persistence.KPIScope{TerritoryID: id}, benchQuarter, time.Time{}); err != nil {
			return err
		}
		_, err := db.KPIReport(ctx, persistence.KPIScope{TerritoryID: id}, benchQuarter.Prev(), time.Time{})
		return err
	})
	return ms(d), err
}
