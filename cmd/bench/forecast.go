package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"time"

	"salesops/domain"
)

func init() {
	register(scenario{order: 800, name: "auto forecast, 200 scopes × 60 months (in process)", target: "< 2 s", run: benchForecastScopes})
	register(scenario{order: 801, name: "salesops forecast --method auto (1M deals)", target: "< 2 s", run: benchForecastCLI("auto")})
	register(scenario{order: 802, name: "salesops forecast --method pipeline (1M deals)", target: "< 2 s", run: benchForecastCLI("pipeline")})
	register(scenario{order: 803, name: "forecast snapshot of the workspace (1M deals)", target: "< 5 s", run: benchSnapshot})
	register(scenario{order: 804, name: "salesops export forecast (1M deals)", target: "< 3 s", run: benchForecastExport})
}

// benchSeries are 200 scopes of five years of monthly closed-won: a level,
// a trend, a yearly season of varied shape and noise, some with empty months.
func benchSeries() [][]float64 {
	rng := rand.New(rand.NewPCG(200, 60))
	out := make([][]float64, 200)
	for s := range out {
		level := 20_000 + rng.Float64()*200_000
		trend := (rng.Float64() - 0.3) * level / 100
		phase := rng.Float64() * 2 * math.Pi
		amp := rng.Float64() * 0.4
		y := make([]float64, 60)
		for i := range y {
			v := (level + trend*float64(i)) * (1 + amp*math.Sin(2*math.Pi*float64(i)/12+phase)) * (1 + 0.15*rng.NormFloat64())
			if s%10 == 0 && rng.IntN(12) == 0 {
				v = 0
			}
			y[i] = math.Max(0, math.Round(v*100))
		}
		out[s] = y
	}
	return out
}

func benchForecastScopes(context.Context, *benchEnv) (string, error) {
	series := benchSeries()
	var models map[string]int
	d, err := timeIt(3, func() error {
		res := domain.ForecastMany(series, domain.StatOptions{Method: domain.MethodAuto, Horizon: 18}, runtime.NumCPU())
		models = map[string]int{}
		for _, r := range res {
			if len(r.Points) != 18 {
				return fmt.Errorf("%d points, want 18", len(r.Points))
			}
			models[string(r.Method)]++
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%.2f s (HW %d)", d.Seconds(), models[string(domain.MethodHoltWinters)]), nil
}

func benchForecastCLI(method string) func(context.Context, *benchEnv) (string, error) {
	return func(ctx context.Context, env *benchEnv) (string, error) {
		if env.BigDB == "" {
			return "", fmt.Errorf("the big workspace was not generated")
		}
		d, err := timeIt(3, func() error {
			_, _, err := env.runBin(ctx, "forecast", "--db", env.BigDB, "--method", method, "--as-of", "2026-11-22", "--json")
			return err
		})
		return fmt.Sprintf("%.2f s", d.Seconds()), err
	}
}

func benchSnapshot(ctx context.Context, env *benchEnv) (string, error) {
	db, err := env.bigDB(ctx)
	if err != nil {
		return "", err
	}
	defer db.Close()
	start := time.Now()
	s, err := db.TakeSnapshot(ctx, time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC), "manual")
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%.2f s (%d lines)", time.Since(start).Seconds(), s.Deals), nil
}

func benchForecastExport(ctx context.Context, env *benchEnv) (string, error) {
	if env.BigDB == "" {
		return "", fmt.Errorf("the big workspace was not generated")
	}
	out := filepath.Join(env.Dir, "forecast.xlsx")
	d, _, err := env.runBin(ctx, "export", "--db", env.BigDB, "forecast", "--as-of", "2026-11-22", "-o", out)
	return fmt.Sprintf("%.2f s", d.Seconds()), err
}
