package persistence

import (
	"context"
	"time"

	"salesops/domain"
)

// StatResult is a statistical forecast of monthly closed-won with the
// history it was computed from.
type StatResult struct {
	Months   []domain.Period // history months, oldest first
	History  []float64       // closed-won per month, minor units
	Start    domain.Period   // the first forecast month
	Forecast domain.StatForecast
}

// ForecastMonths are the months of the forecast, from Start.
func (r StatResult) ForecastMonths() []domain.Period {
	out := make([]domain.Period, len(r.Forecast.Points))
	for i := range out {
		out[i] = r.Start.Add(i)
	}
	return out
}

// StatisticalForecast forecasts monthly closed-won as if today were asOf: the
// history ends with the last full month before asOf and the forecast starts
// with asOf's month, over the deals of scope.
func (db *DB) StatisticalForecast(ctx context.Context, asOf time.Time, opt domain.StatOptions, scope WonScope) (StatResult, error) {
	s, err := db.Settings(ctx)
	if err != nil {
		return StatResult{}, err
	}
	start := s.Calendar.PeriodOf(domain.Month, asOf)
	var rows []domain.MonthlyWon
	if scope.Segment != "" {
		rows, err = db.monthlyWonInSegment(ctx, start.Start(), s.Calendar, scope.Segment)
	} else {
		rows, err = db.MonthlyWon(ctx, start.Start(), s.Calendar, scope.Territories != nil)
	}
	if err != nil {
		return StatResult{}, err
	}
	if opt.Horizon == 0 {
		opt.Horizon = s.ForecastHorizon
	}
	months, hist := domain.MonthlySeries(rows, start.Prev(), scope.Keep())
	return StatResult{Months: months, History: hist, Start: start, Forecast: domain.ForecastSeries(hist, opt)}, nil
}
