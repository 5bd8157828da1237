package main

import (
	"context"
	"fmt"

	"salesops/domain"
	"salesops/persistence"
)

func init() {
	register(scenario{order: 40, name: "team leaderboard, one quarter (splits, quotas)", target: "< 100 ms", run: benchLeaderboard})
	register(scenario{order: 41, name: "team monthly trend of one person, one year", target: "< 100 ms", run: benchPersonTrend})
	register(scenario{order: 42, name: "capacity plan calculated (12 months, 50 sellers)", target: "< 100 ms", run: benchCapacity})
}

func benchLeaderboard(ctx context.Context, env *benchEnv) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	rows := 0
	d, err := timeIt(5, func() error {
		r, err := db.Leaderboard(ctx, benchQuarter, persistence.LeaderboardScope{})
		rows = len(r)
		return err
	})
	if err == nil && rows == 0 {
		err = fmt.Errorf("the leaderboard of %s is empty", benchQuarter)
	}
	return fmt.Sprintf("%s (%d people)", ms(d), rows), err
}

func benchPersonTrend(ctx context.Context, env *benchEnv) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	rows, err := db.Leaderboard(ctx, benchQuarter, persistence.LeaderboardScope{})
	if err != nil || len(rows) == 0 {
		return "", fmt.Errorf("no leaderboard: %v", err)
	}
	year := domain.MustParsePeriod("2026", domain.CalendarYear)
	d, err := timeIt(5, func() error {
		_, err := db.PersonTrend(ctx, rows[0].PersonID, year)
		return err
	})
	return ms(d), err
}

func benchCapacity(context.Context, *benchEnv) (string, error) {
	team := make([]int, 50)
	for i := range team {
		team[i] = domain.RampedMonth
	}
	in := domain.CapacityInput{Year: domain.MustParsePeriod("2027", domain.CalendarYear), Target: 9_000_000_000, FullQuota: 120_000_000,
		Ramp: domain.DefaultRamp(), Attrition: domain.RatePercent(12), Team: team}
	hires := 0
	d, err := timeIt(5, func() error {
		p, err := domain.PlanCapacity(in)
		hires = p.Hires
		return err
	})
	return fmt.Sprintf("%s (%d hires)", ms(d), hires), err
}
