package cli

import (
	"context"
	"fmt"

	"salesops/persistence"
)

func init() {
	register(&command{name: "check", usage: "check --db FILE [--as-of DATE] [--deals N]",
		summary: "integrity and data-quality report", run: runCheck})
}

func runCheck(ctx context.Context, env *Env, args []string) error {
	fs := flags("check", env)
	dbPath := fs.String("db", "", "workspace file")
	asOf := fs.String("as-of", "", "judge stale deals as if today were DATE (YYYY-MM-DD)")
	examples := fs.Int("deals", 5, "list up to N deals behind each finding (0: counts only)")
	if _, err := parse(fs, args); err != nil {
		return err
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
		if f.Count == 0 || *examples <= 0 {
			continue
		}
		// The deals behind the finding, as the Deals tab lists them.
		rows, err := db.DealPage(ctx, persistence.DealFilter{Finding: f.Key, AsOf: day}, persistence.DealSort{Column: "id"}, 0, *examples)
		if err != nil {
			return err
		}
		for _, d := range rows {
			id := d.ExternalID
			if id == "" {
				id = fmt.Sprintf("#%d", d.ID)
			}
			fmt.Fprintf(env.Stdout, "      %-12s %s\n", id, oneLine(d.Name))
		}
		if f.Count > len(rows) {
			fmt.Fprintf(env.Stdout, "      … and %d more\n", f.Count-len(rows))
		}
	}
	return nil
}
