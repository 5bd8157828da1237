package persistence

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// ReviewSheets are the sheets of the quarterly review workbook, in order.
var ReviewSheets = []string{"Summary", "Leaderboard", "Territories", "Win-Loss", "Forecast"}

// WriteQuarterlyReview writes the quarterly review workbook of period p
// (PRODUCT.md §6.3) to path: the summary KPIs against the previous period,
// the leaderboard of people, the territories, the win/loss analysis and the
// forecast (categories and accuracy), each with a native Excel chart. asOf dates the data-quality score.
func (db *DB) WriteQuarterlyReview(ctx context.Context, p domain.Period, asOf time.Time, path string) error {
	_, cur, err := db.settingsCurrency(ctx)
	if err != nil {
		return err
	}
	wb, err := sheets.NewWorkbook(cur)
	if err != nil {
		return err
	}
	defer wb.Close()
	steps := []func(context.Context, *sheets.Workbook, domain.Period, time.Time) error{
		db.reviewSummary, db.reviewLeaderboard, db.reviewTerritories, db.reviewWinLoss, db.reviewForecast,
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := step(ctx, wb, p, asOf); err != nil {
			return err
		}
	}
	if err := wb.SaveAs(path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// opt is an optional figure for a cell: nil (an empty cell) when undefined.
func opt(o domain.OptFloat) any {
	if !o.OK {
		return nil
	}
	return o.V
}

// optMoney is an optional average amount (in minor units) for a Money cell.
func optMoney(o domain.OptFloat) any {
	if !o.OK {
		return nil
	}
	return domain.Money(o.V + 0.5)
}

func quotaCell(r domain.KPIReport) any {
	if !r.HasQuota {
		return nil
	}
	return r.Quota
}

// column chart over rows 2..last of sheet: categories in column cat, one
// series per value column.
func addColumnChart(wb *sheets.Workbook, sheet, at, title string, last int, cat string, vals ...string) error {
	if last < 2 {
		return nil // nothing to chart
	}
	ref := func(col string, from int) string {
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, col, from, col, last)
	}
	var series []excelize.ChartSeries
	for _, v := range vals {
		series = append(series, excelize.ChartSeries{Name: fmt.Sprintf("'%s'!$%s$1", sheet, v), Categories: ref(cat, 2), Values: ref(v, 2)})
	}
	return wb.File().AddChart(sheet, at, &excelize.Chart{
		Type: excelize.Col, Series: series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 640, Height: 320},
	})
}

func (db *DB) reviewSummary(ctx context.Context, wb *sheets.Workbook, p domain.Period, asOf time.Time) error {
	sh, err := wb.AddSheet("Summary", []sheets.Column{
		{Title: "Period", Kind: sheets.Text}, {Title: "Closed-won", Kind: sheets.Money}, {Title: "Quota", Kind: sheets.Money},
		{Title: "Attainment", Kind: sheets.Percent}, {Title: "Won", Kind: sheets.Int}, {Title: "Lost", Kind: sheets.Int},
		{Title: "Win rate", Kind: sheets.Percent}, {Title: "Average deal size", Kind: sheets.Money},
		{Title: "Average sales cycle (days)", Kind: sheets.Number}, {Title: "Open pipeline", Kind: sheets.Money},
		{Title: "Pipeline coverage", Kind: sheets.Number}, {Title: "Lead response (hours)", Kind: sheets.Number},
		{Title: "Data-quality score", Kind: sheets.Percent},
	})
	if err != nil {
		return err
	}
	for _, q := range []domain.Period{p, p.Prev()} {
		r, err := db.KPIReport(ctx, KPIScope{}, q, asOf)
		if err != nil {
			return err
		}
		if err := sh.Row(q.String(), r.ClosedWon, quotaCell(r), opt(r.Attainment), r.WonCount, r.LostCount, opt(r.WinRate),
			optMoney(r.AvgDealSize), opt(r.AvgCycleDays), r.OpenPipeline, opt(r.PipelineCoverage), opt(r.LeadResponseHrs), opt(r.QualityScore)); err != nil {
			return err
		}
	}
	if err := sh.Close(); err != nil {
		return err
	}
	return addColumnChart(wb, "Summary", "B5", "Closed-won and quota, this period and the previous one", 3, "A", "B", "C")
}

func (db *DB) reviewLeaderboard(ctx context.Context, wb *sheets.Workbook, p domain.Period, asOf time.Time) error {
	groups, err := db.KPIsBy(ctx, ByPerson, KPIScope{}, p, asOf)
	if err != nil {
		return err
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].Credited > groups[j].Credited })
	sh, err := wb.AddSheet("Leaderboard", []sheets.Column{
		{Title: "Person", Kind: sheets.Text}, {Title: "Email", Kind: sheets.Text}, {Title: "Quota", Kind: sheets.Money},
		{Title: "Credited", Kind: sheets.Money}, {Title: "Attainment", Kind: sheets.Percent}, {Title: "Won", Kind: sheets.Int},
		{Title: "Lost", Kind: sheets.Int}, {Title: "Win rate", Kind: sheets.Percent}, {Title: "Average deal size", Kind: sheets.Money},
		{Title: "Average sales cycle (days)", Kind: sheets.Number}, {Title: "Open pipeline", Kind: sheets.Money},
	})
	if err != nil {
		return err
	}
	var quota, credited, pipe domain.Money
	won, lost := 0, 0
	for _, g := range groups {
		if err := sh.Row(g.Name, g.Email, quotaCell(g.KPIReport), g.Credited, opt(g.Attainment), g.WonCount, g.LostCount, opt(g.WinRate),
			optMoney(g.AvgDealSize), opt(g.AvgCycleDays), g.OpenPipeline); err != nil {
			return err
		}
		quota, credited, pipe = quota+g.Quota, credited+g.Credited, pipe+g.OpenPipeline
		won, lost = won+g.WonCount, lost+g.LostCount
	}
	last := sh.Rows()
	if err := sh.TotalRow("Total", "", quota, credited, nil, won, lost, nil, nil, nil, pipe); err != nil {
		return err
	}
	if err := sh.Close(); err != nil {
		return err
	}
	return addColumnChart(wb, "Leaderboard", "M2", "Credited against quota", last, "A", "D", "C")
}

func (db *DB) reviewTerritories(ctx context.Context, wb *sheets.Workbook, p domain.Period, asOf time.Time) error {
	groups, err := db.KPIsBy(ctx, ByTerritory, KPIScope{}, p, asOf)
	if err != nil {
		return err
	}
	sh, err := wb.AddSheet("Territories", []sheets.Column{
		{Title: "Territory", Kind: sheets.Text}, {Title: "Closed-won", Kind: sheets.Money}, {Title: "Won", Kind: sheets.Int},
		{Title: "Lost", Kind: sheets.Int}, {Title: "Win rate", Kind: sheets.Percent}, {Title: "Average deal size", Kind: sheets.Money},
		{Title: "Open pipeline", Kind: sheets.Money}, {Title: "Data-quality score", Kind: sheets.Percent},
	})
	if err != nil {
		return err
	}
	var won domain.Money
	var pipe domain.Money
	nw, nl := 0, 0
	for _, g := range groups {
		if err := sh.Row(g.Name, g.ClosedWon, g.WonCount, g.LostCount, opt(g.WinRate), optMoney(g.AvgDealSize), g.OpenPipeline, opt(g.QualityScore)); err != nil {
			return err
		}
		won, pipe, nw, nl = won+g.ClosedWon, pipe+g.OpenPipeline, nw+g.WonCount, nl+g.LostCount
	}
	last := sh.Rows()
	if err := sh.TotalRow("Total", won, nw, nl, nil, nil, pipe, nil); err != nil {
		return err
	}
	if err := sh.Close(); err != nil {
		return err
	}
	return addColumnChart(wb, "Territories", "J2", "Closed-won by territory", last, "A", "B")
}

func (db *DB) reviewWinLoss(ctx context.Context, wb *sheets.Workbook, p domain.Period, _ time.Time) error {
	sh, err := wb.AddSheet("Win-Loss", []sheets.Column{
		{Title: "Breakdown", Kind: sheets.Text}, {Title: "Group", Kind: sheets.Text}, {Title: "Won", Kind: sheets.Int},
		{Title: "Lost", Kind: sheets.Int}, {Title: "Win rate", Kind: sheets.Percent}, {Title: "Won value", Kind: sheets.Money},
		{Title: "Lost value", Kind: sheets.Money},
	})
	if err != nil {
		return err
	}
	dims := []struct{ key, label string }{
		{WinLossReason, "Lost reason"}, {WinLossPerson, "Person"}, {WinLossSegment, "Segment"}, {WinLossProduct, "Product"}, {WinLossBand, "Deal size"},
	}
	reasonsLast := 1
	for _, d := range dims {
		rows, err := db.WinLoss(ctx, d.key, KPIScope{}, p)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := sh.Row(d.label, r.Key, r.Won, r.Lost, opt(r.WinRate()), r.WonValue, r.LostValue); err != nil {
				return err
			}
		}
		if d.key == WinLossReason {
			reasonsLast = sh.Rows()
		}
	}
	if err := sh.Close(); err != nil {
		return err
	}
	return addColumnChart(wb, "Win-Loss", "I2", "Lost deals by reason", reasonsLast, "B", "D")
}
