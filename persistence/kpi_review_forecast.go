package persistence

import (
	"context"
	"time"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// reviewForecast writes the review's Forecast sheet: each person's deals of
// the period by forecast category (the pipeline forecast as of asOf, as the
// forecast workbook has it), with the total, then the accuracy history of
// the snapshots of periods of p's kind ended by asOf (everyone's commit
// forecast against closed-won, PRODUCT.md §5.3), and a chart of the
// categories per person.
func (db *DB) reviewForecast(ctx context.Context, wb *sheets.Workbook, p domain.Period, asOf time.Time) error {
	s, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	pf, _, err := db.PipelineForecastAsOf(ctx, p, asOf)
	if err != nil {
		return err
	}
	acc, err := db.AccuracyHistory(ctx, asOf, s.Calendar, p.Kind, nil)
	if err != nil {
		return err
	}
	sh, err := wb.AddSheet("Forecast", []sheets.Column{
		{Title: "Section", Kind: sheets.Text}, {Title: "Person", Kind: sheets.Text, Width: 24}, {Title: "Snapshot", Kind: sheets.Date},
		{Title: "Period", Kind: sheets.Text}, {Title: "Closed", Kind: sheets.Money}, {Title: "Commit", Kind: sheets.Money},
		{Title: "Best case", Kind: sheets.Money}, {Title: "Pipeline", Kind: sheets.Money}, {Title: "Forecast", Kind: sheets.Money},
		{Title: "Actual", Kind: sheets.Money}, {Title: "Accuracy", Kind: sheets.Percent},
	})
	if err != nil {
		return err
	}
	period := pf.Period.String()
	// Each person's own deals, so that the rows add up to the total.
	for _, r := range pf.People {
		if err := sh.Row("Categories", r.Name, nil, period, r.Own.Closed, r.Own.Commit, r.Own.BestCase, r.Own.Pipeline); err != nil {
			return err
		}
	}
	if u := pf.Unowned; u.Deals > 0 {
		if err := sh.Row("Categories", "No owner", nil, period, u.Closed, u.Commit, u.BestCase, u.Pipeline); err != nil {
			return err
		}
	}
	last := sh.Rows()
	t := pf.Total
	if err := sh.TotalRow("Categories", "Total", nil, period, t.Closed, t.Commit, t.BestCase, t.Pipeline); err != nil {
		return err
	}
	if err := sh.Blank(); err != nil {
		return err
	}
	for _, pt := range acc {
		if err := sh.Row("Accuracy", "Everyone", pt.Snapshot.AsOf, pt.Period.String(), nil, nil, nil, nil, pt.Forecast, pt.Actual, opt(pt.Accuracy)); err != nil {
			return err
		}
	}
	if len(acc) > 0 {
		sum := domain.AccuracySummary(acc)
		if err := sh.TotalRow("Accuracy", "WAPE over the snapshots", nil, nil, nil, nil, nil, nil, nil, nil, opt(sum.WAPE)); err != nil {
			return err
		}
	}
	if err := sh.Close(); err != nil {
		return err
	}
	return addColumnChart(wb, "Forecast", "M2", "Forecast categories by person", last, "B", "F", "G", "H")
}
