package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2/test"

	"salesops/persistence"
	"salesops/ui"
)

func init() {
	register(scenario{order: 1, name: "demo generation (salesops demo --deals N)", target: "< 60 s", run: benchDemo})
	register(scenario{order: 2, name: "demo generation peak memory", target: "< 300 MB", run: func(context.Context, *benchEnv) (string, error) { return mb(demoRSS), nil }})
	register(scenario{order: 3, name: "workspace open (migrations checked)", target: "< 100 ms", run: benchOpen})
	register(scenario{order: 4, name: "window built and Deals tab loaded (first page)", target: "< 100 ms", run: benchDealsTab})
	register(scenario{order: 1000, name: "bench process peak memory", target: "< 300 MB", run: func(context.Context, *benchEnv) (string, error) { return mb(selfPeak()), nil }})
}

var demoRSS int64

func benchDemo(ctx context.Context, env *benchEnv) (string, error) {
	env.BigDB = filepath.Join(env.Dir, "big.db")
	d, rss, err := env.runBin(ctx, "demo", "--db", env.BigDB, "--deals", fmt.Sprint(env.Deals), "--as-of", "2026-11-22")
	demoRSS = rss
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%.1f s", d.Seconds()), nil
}

func benchOpen(ctx context.Context, env *benchEnv) (string, error) {
	d, err := timeIt(5, func() error {
		db, err := env.bigDB(ctx)
		if err != nil {
			return err
		}
		return db.Close()
	})
	return ms(d), err
}

func benchDealsTab(ctx context.Context, env *benchEnv) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	a := test.NewApp()
	defer a.Quit()
	now := func() time.Time { return time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC) }
	d, err := timeIt(3, func() error {
		u, err := ui.New(a, db, ui.Options{Now: now})
		if err != nil {
			return err
		}
		_, err = db.DealPage(ctx, persistence.DealFilter{}, persistence.DealSort{Column: "close_date", Desc: true}, 0, 200)
		u.Win.Close()
		return err
	})
	return ms(d), err
}
