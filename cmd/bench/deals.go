package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"salesops/domain"
	"salesops/persistence"
	"salesops/ui"
)

// Deals, data quality and the dashboard on the generated workspace (as of
// 2026-11-22, so 2026-Q3 is the last closed quarter).
func init() {
	register(scenario{order: 500, name: "KPIs of a quarter and the previous one (tiles)", target: "< 100 ms", run: benchKPIs})
	register(scenario{order: 501, name: "KPIs of a quarter by person (salesops kpis --by)", target: "—", run: benchKPIsByPerson})
	register(scenario{order: 502, name: "deals table: won in a quarter by amount, count + page", target: "< 100 ms", run: benchDealsFiltered})
	register(scenario{order: 503, name: "deals table: one owner by close date, count + page", target: "< 100 ms", run: benchDealsOwner})
	register(scenario{order: 504, name: "deals table: free-text search, count + page", target: "< 100 ms", run: benchDealsText})
	register(scenario{order: 504, name: "deals table: search by deal ID, count + page", target: "< 100 ms", run: benchDealsTextID})
	register(scenario{order: 504, name: "deals table: every sort × owner/stage/period/status/text, worst", target: "< 100 ms", run: benchDealsSorts})
	register(scenario{order: 505, name: "dashboard background (quality, funnel, charts)", target: "—", run: benchDashboardBackground})
	register(scenario{order: 506, name: "data-quality scan of every deal", target: "< 2 s", run: benchQualityScan})
	register(scenario{order: 507, name: "window built with Dashboard tiles and Deals tab", target: "< 100 ms", run: benchWindow})
}

func withBigDB(ctx context.Context, env *benchEnv, n int, fn func(db *persistence.DB) error) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	d, err := timeIt(n, func() error { return fn(db) })
	return ms(d), err
}

func benchKPIs(ctx context.Context, env *benchEnv) (string, error) {
	return withBigDB(ctx, env, 5, func(db *persistence.DB) error {
		if _, err := db.KPIReport(ctx, persistence.KPIScope{}, benchQuarter, time.Time{}); err != nil {
			return err
		}
		_, err := db.KPIReport(ctx, persistence.KPIScope{}, benchQuarter.Prev(), time.Time{})
		return err
	})
}

func benchKPIsByPerson(ctx context.Context, env *benchEnv) (string, error) {
	return withBigDB(ctx, env, 3, func(db *persistence.DB) error {
		_, err := db.KPIsBy(ctx, persistence.ByPerson, persistence.KPIScope{}, benchQuarter, benchAsOf)
		return err
	})
}

func dealsPage(ctx context.Context, db *persistence.DB, f persistence.DealFilter, s persistence.DealSort) error {
	n, err := db.CountDeals(ctx, f)
	if err != nil {
		return err
	}
	rows, err := db.DealPage(ctx, f, s, 0, 200)
	if err == nil && n > 0 && len(rows) == 0 {
		err = fmt.Errorf("%d deals counted, none on the first page", n)
	}
	return err
}

func benchDealsFiltered(ctx context.Context, env *benchEnv) (string, error) {
	f := persistence.DealFilter{Status: domain.StatusWon, From: benchQuarter.Start(), To: benchQuarter.End()}
	return withBigDB(ctx, env, 5, func(db *persistence.DB) error {
		return dealsPage(ctx, db, f, persistence.DealSort{Column: "amount", Desc: true})
	})
}

func benchDealsOwner(ctx context.Context, env *benchEnv) (string, error) {
	return withBigDB(ctx, env, 5, func(db *persistence.DB) error {
		people, err := db.People(ctx)
		if err != nil || len(people) == 0 {
			return fmt.Errorf("no people: %v", err)
		}
		return dealsPage(ctx, db, persistence.DealFilter{OwnerID: people[len(people)/2].ID}, persistence.DealSort{Column: "close_date", Desc: true})
	})
}

func benchDealsText(ctx context.Context, env *benchEnv) (string, error) {
	return withBigDB(ctx, env, 3, func(db *persistence.DB) error {
		return dealsPage(ctx, db, persistence.DealFilter{Text: "Robotics 4"}, persistence.DealSort{Column: "close_date", Desc: true})
	})
}

func benchDealsTextID(ctx context.Context, env *benchEnv) (string, error) {
	return withBigDB(ctx, env, 3, func(db *persistence.DB) error {
		return dealsPage(ctx, db, persistence.DealFilter{Text: "D-00123"}, persistence.DealSort{Column: "close_date", Desc: true})
	})
}

// benchDealsSorts pages every sort column both ways under each kind of
// filter and reports the slowest (the median of three runs each), with the
// median over all of them. The territory sort and filter are the
// territories' bench.
func benchDealsSorts(ctx context.Context, env *benchEnv) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	people, err := db.People(ctx)
	if err != nil || len(people) == 0 {
		return "", fmt.Errorf("no people: %v", err)
	}
	stages, err := db.Stages(ctx)
	if err != nil || len(stages) < 3 {
		return "", fmt.Errorf("no stages: %v", err)
	}
	filters := []struct {
		name string
		f    persistence.DealFilter
	}{
		{"all", persistence.DealFilter{}},
		{"owner", persistence.DealFilter{OwnerID: people[len(people)/2].ID}},
		{"stage", persistence.DealFilter{StageID: stages[2].ID}},
		{"quarter", persistence.DealFilter{From: benchQuarter.Start(), To: benchQuarter.End()}},
		{"open", persistence.DealFilter{Status: domain.StatusOpen}},
		{"won in quarter", persistence.DealFilter{Status: domain.StatusWon, From: benchQuarter.Start(), To: benchQuarter.End()}},
		{"text", persistence.DealFilter{Text: "Robotics 4"}},
	}
	var cols []string
	for c := range persistence.DealSortColumns {
		if c != "territory" {
			cols = append(cols, c)
		}
	}
	sort.Strings(cols)
	var all []time.Duration
	var worst time.Duration
	var worstName string
	for _, f := range filters {
		for _, c := range cols {
			for _, desc := range []bool{false, true} {
				d, err := timeIt(3, func() error { return dealsPage(ctx, db, f.f, persistence.DealSort{Column: c, Desc: desc}) })
				if err != nil {
					return "", fmt.Errorf("%s by %s: %w", f.name, c, err)
				}
				all = append(all, d)
				if d > worst {
					worst, worstName = d, fmt.Sprintf("%s by %s", f.name, c)
					if desc {
						worstName += " desc"
					}
				}
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	return fmt.Sprintf("%s (%s); median %s", ms(worst), worstName, ms(all[len(all)/2])), nil
}

func benchDashboardBackground(ctx context.Context, env *benchEnv) (string, error) {
	year := domain.MustParsePeriod("2026", domain.CalendarYear)
	return withBigDB(ctx, env, 3, func(db *persistence.DB) error {
		all := persistence.KPIScope{}
		for _, p := range []domain.Period{benchQuarter, benchQuarter.Prev()} {
			if _, err := db.QualityScore(ctx, all, p, benchAsOf); err != nil {
				return err
			}
		}
		if _, err := db.Funnel(ctx, all, benchQuarter); err != nil {
			return err
		}
		if _, err := db.MonthlyClosedWon(ctx, all, year); err != nil {
			return err
		}
		if _, err := db.MonthlyQuota(ctx, all, year); err != nil {
			return err
		}
		_, err := db.WinLoss(ctx, persistence.WinLossReason, all, benchQuarter)
		return err
	})
}

func benchQualityScan(ctx context.Context, env *benchEnv) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	d, err := timeIt(3, func() error { _, err := db.Quality(ctx, benchAsOf); return err })
	return fmt.Sprintf("%.2f s", d.Seconds()), err
}

func benchWindow(ctx context.Context, env *benchEnv) (string, error) {
	return withWindows(ctx, env, func(_ *persistence.DB, newUI func() (*ui.UI, error)) (string, error) {
		d, err := timeWindows(3, newUI)
		return ms(d), err
	})
}
