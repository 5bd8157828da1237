package ui

import (
	"context"
	"time"

	"salesops/domain"
	"salesops/persistence"
)

// forecastAccuracyScope is what the dashboard's forecast-accuracy tile
// needs to know of the scope: the owners, territories or segment it keeps
// (the Forecasts tab's own scope).
type forecastAccuracyScope struct {
	won persistence.WonScope
}

// accuracyScope reads the scope for the forecast-accuracy tile (on the UI
// goroutine: it reads u.Scope).
func (u *UI) accuracyScope(ctx context.Context) (forecastAccuracyScope, error) {
	ws, err := (&forecastsTab{u: u}).scopeWon(ctx)
	if err != nil {
		return forecastAccuracyScope{}, err
	}
	return forecastAccuracyScope{won: ws}, nil
}

// lastClosedPeriod is p when it has ended by today, else the last period of
// its kind before it that has.
func lastClosedPeriod(p domain.Period, today time.Time) domain.Period {
	for p.End().After(domain.DateOf(today)) {
		p = p.Prev()
	}
	return p
}

// periodAccuracy is the forecast accuracy (PRODUCT.md §5.3) of period p as
// the Forecasts tab's accuracy history has it, from the period's earliest
// snapshot — the one taken closest to the period's start; not OK when no
// snapshot forecast p.
func periodAccuracy(pts []domain.AccuracyPoint, p domain.Period) domain.OptFloat {
	var best *domain.AccuracyPoint
	for i := range pts {
		pt := &pts[i]
		if pt.Period.String() != p.String() || pt.Period.Kind != p.Kind {
			continue
		}
		if best == nil || pt.Snapshot.AsOf.Before(best.Snapshot.AsOf) {
			best = pt
		}
	}
	if best == nil {
		return domain.OptFloat{}
	}
	return best.Accuracy
}

// forecastAccuracy reads the accuracy of the last closed period up to p and
// of the period before it (for the background half of a dashboard refresh).
func forecastAccuracy(ctx context.Context, db *persistence.DB, cal domain.FiscalCalendar, s forecastAccuracyScope,
	p domain.Period, today time.Time) (cur, prev domain.OptFloat, err error) {
	target := lastClosedPeriod(p, today)
	pts, err := db.AccuracyHistoryIn(ctx, target.End(), cal, target.Kind, s.won)
	if err != nil {
		return cur, prev, err
	}
	return periodAccuracy(pts, target), periodAccuracy(pts, target.Prev()), nil
}
