package cli

import (
	"context"
	"fmt"
	"time"
)

func init() {
	register(&command{name: "check", usage: "check --db FILE",
		summary: "integrity and data-quality report", run: runCheck})
}

func runCheck(ctx context.Context, env *Env, args []string) error {
	fs := flags("check", env)
	dbPath := fs.String("db", "", "workspace file")
	asOf := fs.String("as-of", "", "judge stale deals as if today were DATE (YYYY-MM-DD)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	day := time.Now()
	if *asOf != "" {
		t, err := time.Parse("2006-01-02", *asOf)
		if err != nil {
			return usagef("--as-of %q is not a date (YYYY-MM-DD)", *asOf)
		}
		day = t
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.IntegrityCheck(ctx); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "integrity: ok (%s)\n", db.Path)
	r, err := db.Quality(ctx, day)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "deals: %d, with findings: %d, data-quality score: %.1f %%\n", r.Deals, r.Flagged, r.Score()*100)
	for _, f := range r.Findings {
		fmt.Fprintf(env.Stdout, "  %-45s %d\n", f.Label, f.Count)
	}
	return nil
}
