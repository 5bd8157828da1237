package persistence

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// ForecastWorkbookOptions say what the forecast workbook covers.
type ForecastWorkbookOptions struct {
	Period  domain.Period // the pipeline's period
	AsOf    time.Time     // today for the statistical forecast and accuracy
	Method  domain.StatMethod
	Horizon int
}

// WriteForecastWorkbook writes the forecast workbook of PRODUCT.md §6.3 to
// path: categories per person and roll-up, the statistical forecast with its
// interval (and a native chart), and the accuracy history of the snapshots.
func (db *DB) WriteForecastWorkbook(ctx context.Context, path string, opt ForecastWorkbookOptions) error {
	s, cur, err := db.settingsCurrency(ctx)
	if err != nil {
		return err
	}
	pf, _, err := db.PipelineForecastAsOf(ctx, opt.Period, opt.AsOf)
	if err != nil {
		return err
	}
	stat, err := db.StatisticalForecast(ctx, opt.AsOf, domain.StatOptions{Method: opt.Method, Horizon: opt.Horizon}, WonScope{})
	if err != nil {
		return err
	}
	acc, err := db.AccuracyHistory(ctx, opt.AsOf, s.Calendar, opt.Period.Kind, nil)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, r := range pf.People {
		names[r.ID] = r.Name
	}
	wb, err := sheets.NewWorkbook(cur)
	if err != nil {
		return err
	}
	defer wb.Close()
	if err := writeCategories(wb, pf); err != nil {
		return err
	}
	if err := writeStatForecast(wb, stat, cur); err != nil {
		return err
	}
	if err := writeAccuracy(wb, acc, names); err != nil {
		return err
	}
	return wb.SaveAs(path)
}

func writeCategories(wb *sheets.Workbook, pf domain.PipelineForecast) error {
	cols := []sheets.Column{{Title: "Level", Kind: sheets.Text, Width: 16}, {Title: "Name", Kind: sheets.Text, Width: 28},
		{Title: "Period", Kind: sheets.Text}, {Title: "Closed", Kind: sheets.Money}, {Title: "Commit", Kind: sheets.Money},
		{Title: "Best case", Kind: sheets.Money}, {Title: "Pipeline", Kind: sheets.Money}, {Title: "Omitted", Kind: sheets.Money},
		{Title: "Commit forecast", Kind: sheets.Money}, {Title: "Best-case forecast", Kind: sheets.Money},
		{Title: "Open pipeline", Kind: sheets.Money}, {Title: "Weighted pipeline", Kind: sheets.Money}, {Title: "Quota", Kind: sheets.Money},
		{Title: "Gap", Kind: sheets.Money}, {Title: "Coverage needed", Kind: sheets.Number},
		{Title: "Adjusted commit", Kind: sheets.Money}, {Title: "Adjusted best case", Kind: sheets.Money}, {Title: "Adjustment note", Kind: sheets.Text, Width: 36}}
	sh, err := wb.AddSheet("Categories", cols)
	if err != nil {
		return err
	}
	row := func(bold bool, level, name string, t domain.PipelineTotals, c domain.Call) error {
		var cov any
		if v := t.CoverageNeeded(); v.OK {
			cov = v.V
		}
		vals := []any{level, name, pf.Period.String(), t.Closed, t.Commit, t.BestCase, t.Pipeline, t.Omitted, t.CommitForecast(),
			t.BestCaseForecast(), t.OpenPipeline(), t.Weighted, t.Quota, t.Gap(), cov, c.Commit, c.BestCase, c.Note}
		if bold {
			return sh.TotalRow(vals...)
		}
		return sh.Row(vals...)
	}
	// Person rows hold each person's own deals, so that filtering on the
	// level adds up to the total; a manager's roll-up (with everyone
	// reporting to them, and the adjusted call) has its own row.
	for i, r := range pf.People {
		hasReports := i+1 < len(pf.People) && pf.People[i+1].Depth > r.Depth
		call := r.Adjusted
		if hasReports {
			call = domain.Call{Commit: r.Own.CommitForecast(), BestCase: r.Own.BestCaseForecast()}
		}
		if err := row(false, "Person", r.Name, r.Own, call); err != nil {
			return err
		}
		if hasReports {
			if err := row(false, "Manager roll-up", strings.Repeat("  ", r.Depth)+r.Name, r.Total, r.Adjusted); err != nil {
				return err
			}
		}
	}
	if pf.Unowned.Deals > 0 {
		u := pf.Unowned
		if err := row(false, "Person", "No owner", u, domain.Call{Commit: u.CommitForecast(), BestCase: u.BestCaseForecast()}); err != nil {
			return err
		}
	}
	for _, r := range pf.Teams {
		if err := row(false, "Team", r.Name, r.Total, r.Adjusted); err != nil {
			return err
		}
	}
	for _, r := range pf.Territories {
		if err := row(false, "Territory", strings.Repeat("  ", r.Depth)+r.Name, r.Total, r.Adjusted); err != nil {
			return err
		}
	}
	if err := row(true, "Total", "Everyone", pf.Total, pf.Adjusted); err != nil {
		return err
	}
	return sh.Close()
}

func writeStatForecast(wb *sheets.Workbook, r StatResult, cur domain.Currency) error {
	cols := []sheets.Column{{Title: "Month", Kind: sheets.Date}, {Title: "Closed-won", Kind: sheets.Money},
		{Title: "Forecast", Kind: sheets.Money}, {Title: "Low", Kind: sheets.Money}, {Title: "High", Kind: sheets.Money}}
	sh, err := wb.AddSheet("Statistical forecast", cols)
	if err != nil {
		return err
	}
	money := func(v float64) domain.Money { return domain.Money(v + 0.5*sign(v)) }
	for i, m := range r.Months {
		if err := sh.Row(m.Start(), money(r.History[i]), nil, nil, nil); err != nil {
			return err
		}
	}
	for i, m := range r.ForecastMonths() {
		p := r.Forecast.Points[i]
		if err := sh.Row(m.Start(), nil, money(p.Value), money(p.Low), money(p.High)); err != nil {
			return err
		}
	}
	last := sh.Rows()
	if err := sh.Blank(); err != nil {
		return err
	}
	notes := [][2]string{{"Method", r.Forecast.Model}, {"Why", r.Forecast.Reason.Text()}, {"Fallback", r.Forecast.Fallback.Text()},
		{"Backtest WAPE", optPct(r.Forecast.Backtest.WAPE)}, {"Backtest MAPE", optPct(r.Forecast.Backtest.MAPE)},
		{"Backtest bias", optPct(r.Forecast.Backtest.Bias)}, {"Interval", "80 % prediction interval from the backtest errors"}}
	for _, n := range notes {
		if n[1] == "" {
			continue
		}
		if err := sh.Row(n[0], n[1]); err != nil {
			return err
		}
	}
	if err := sh.Close(); err != nil {
		return err
	}
	if last < 3 {
		return nil
	}
	name := sh.Name
	ref := func(col string) string { return fmt.Sprintf("'%s'!$%s$2:$%s$%d", name, col, col, last) }
	cats := ref("A")
	series := []excelize.ChartSeries{
		{Name: fmt.Sprintf("'%s'!$B$1", name), Categories: cats, Values: ref("B")},
		{Name: fmt.Sprintf("'%s'!$C$1", name), Categories: cats, Values: ref("C")},
		{Name: fmt.Sprintf("'%s'!$D$1", name), Categories: cats, Values: ref("D")},
		{Name: fmt.Sprintf("'%s'!$E$1", name), Categories: cats, Values: ref("E")},
	}
	return wb.File().AddChart(name, "H2", &excelize.Chart{
		Type:      excelize.Line,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Closed-won and forecast by month (" + cur.Code + ")"}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 900, Height: 420},
	})
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

func optPct(o domain.OptFloat) string {
	if !o.OK {
		return ""
	}
	return fmt.Sprintf("%.1f %%", o.V*100)
}

func writeAccuracy(wb *sheets.Workbook, pts []domain.AccuracyPoint, names map[int64]string) error {
	cols := []sheets.Column{{Title: "Snapshot", Kind: sheets.Date}, {Title: "Kind", Kind: sheets.Text}, {Title: "Period", Kind: sheets.Text},
		{Title: "Person", Kind: sheets.Text, Width: 24}, {Title: "Forecast", Kind: sheets.Money}, {Title: "Actual", Kind: sheets.Money},
		{Title: "Accuracy", Kind: sheets.Percent}, {Title: "Adjusted forecast", Kind: sheets.Money}, {Title: "Adjusted accuracy", Kind: sheets.Percent}}
	sh, err := wb.AddSheet("Accuracy", cols)
	if err != nil {
		return err
	}
	opt := func(o domain.OptFloat) any {
		if !o.OK {
			return nil
		}
		return o.V
	}
	for _, p := range pts {
		var adjusted, adjAcc any
		if p.HasAdjusted {
			adjusted, adjAcc = p.Adjusted, opt(p.AdjustedAccuracy)
		}
		if err := sh.Row(p.Snapshot.AsOf, p.Snapshot.Kind, p.Period.String(), "Everyone", p.Forecast, p.Actual, opt(p.Accuracy), adjusted, adjAcc); err != nil {
			return err
		}
		for _, pa := range p.People {
			name := names[pa.PersonID]
			if pa.PersonID == 0 {
				name = "No owner"
			} else if name == "" {
				name = fmt.Sprintf("Person %d", pa.PersonID)
			}
			if err := sh.Row(p.Snapshot.AsOf, p.Snapshot.Kind, p.Period.String(), name, pa.Forecast, pa.Actual, opt(pa.Accuracy)); err != nil {
				return err
			}
		}
	}
	if len(pts) > 0 {
		sum := domain.AccuracySummary(pts)
		for _, r := range []struct {
			name string
			v    domain.OptFloat
		}{{"WAPE", sum.WAPE}, {"MAPE", sum.MAPE}, {"Bias", sum.Bias}} {
			if err := sh.TotalRow(nil, nil, nil, r.name+" over the snapshots", nil, nil, opt(r.v)); err != nil {
				return err
			}
		}
	}
	return sh.Close()
}
