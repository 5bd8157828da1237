package cli

import (
	"context"
	"fmt"
	"time"

	"salesops/domain"
	"salesops/persistence"
)

func init() {
	register(&command{name: "demo", usage: "demo --db FILE [--seed N] [--people N] [--deals N]",
		summary: "generate the demo company into a new workspace", run: runDemo})
}

func runDemo(ctx context.Context, env *Env, args []string) error {
	fs := flags("demo", env)
	dbPath := fs.String("db", "", "workspace file to create")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same company")
	people := fs.Int("people", 15, "number of account executives (at least 12)")
	deals := fs.Int("deals", 4000, "number of deals")
	asOf := fs.String("as-of", "", "generate as if today were DATE (YYYY-MM-DD)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *deals < 1 || *deals > 10_000_000 {
		return usagef("--deals must be 1 to 10000000")
	}
	if *people < 1 || *people > 10_000 {
		return usagef("--people must be 1 to 10000")
	}
	day, err := parseAsOf(*asOf)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	sum, err := persistence.GenerateDemo(ctx, db, persistence.DemoOptions{Seed: *seed, Sellers: *people, Deals: *deals, AsOf: day})
	if err != nil {
		return err
	}
	s, _ := db.Settings(ctx)
	cur, _ := domain.LookupCurrency(s.Currency)
	fmt.Fprintf(env.Stdout, "demo company written to %s: %d people, %d accounts, %d territories, %d deals (%d won, %d lost, %d open), closed-won %s %s, in %.1fs\n",
		db.Path, sum.People, sum.Accounts, sum.Territories, sum.Deals, sum.Won, sum.Lost, sum.Open,
		s.Currency, cur.Format(sum.ClosedWon, ",", "."), time.Since(start).Seconds())
	return nil
}
