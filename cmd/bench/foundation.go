package main

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
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
	register(scenario{order: 5, name: "open each tab of the window (slowest tab)", target: "< 100 ms", run: benchTabs})
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
	return withWindows(ctx, env, func(db *persistence.DB, newUI func() (*ui.UI, error)) (string, error) {
		d, err := timeWindows(3, func() (*ui.UI, error) {
			u, err := newUI()
			if err != nil {
				return nil, err
			}
			_, err = db.DealPage(ctx, persistence.DealFilter{}, persistence.DealSort{Column: "close_date", Desc: true}, 0, 200)
			return u, err
		})
		return ms(d), err
	})
}

// withWindows runs fn with the generated workspace open and a function that
// builds a headless window on it, as of the bench's day.
func withWindows(ctx context.Context, env *benchEnv, fn func(db *persistence.DB, newUI func() (*ui.UI, error)) (string, error)) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	a := test.NewApp()
	defer a.Quit()
	now := func() time.Time { return time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC) }
	// On a goroutine of its own, locked to an OS thread as the window's UI
	// goroutine is (Fyne locks the main goroutine to the main thread, and a
	// locked goroutine pays a thread hand-off each time it blocks): the main
	// goroutine itself is the one fyne.DoAndWait must not be called from in
	// the test app (it logs an error at every theme change).
	var out string
	done := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		defer close(done)
		out, err = fn(db, func() (*ui.UI, error) { return ui.New(a, db, ui.Options{Now: now}) })
	}()
	<-done
	return out, err
}

// benchTabs builds the window and chooses each tab in turn, timing the
// choice (what the UI goroutine does before the tab is on screen); it prints
// the slowest tab.
func benchTabs(ctx context.Context, env *benchEnv) (string, error) {
	return withWindows(ctx, env, func(_ *persistence.DB, newUI func() (*ui.UI, error)) (string, error) {
		u, err := newUI()
		if err != nil {
			return "", err
		}
		defer u.Win.Close()
		u.WaitBackground()
		items := u.Tabs().Items
		var worst time.Duration
		var name string
		for i := range items {
			// Each tab twice: the first opening lays it out, the second is a
			// return to it.
			for _, j := range []int{i, 0, i} {
				start := time.Now()
				u.Tabs().SelectIndex(j)
				if d := time.Since(start); d > worst {
					worst, name = d, items[j].Text
				}
				u.WaitBackground()
			}
		}
		return fmt.Sprintf("%s (%s)", ms(worst), name), nil
	})
}

// timeWindows builds a window n times with build and returns the median time
// of the builds; between two, the background work of the last one (the
// dashboard's queries) finishes untimed, as it would on screen.
func timeWindows(n int, build func() (*ui.UI, error)) (time.Duration, error) {
	ds := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		start := time.Now()
		u, err := build()
		ds = append(ds, time.Since(start))
		if u != nil {
			u.WaitBackground()
			u.Win.Close()
		}
		if err != nil {
			return 0, err
		}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[n/2], nil
}
