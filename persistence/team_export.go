package persistence

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// ExportCapacityPlan writes plan to an XLSX workbook at path: a sheet of
// inputs and results, and a sheet of months (target, capacity, cumulative
// figures, hires, headcount) with a native chart of capacity against target.
// Amounts are in cur.
func ExportCapacityPlan(plan domain.CapacityPlan, cur domain.Currency, path string) error {
	wb, err := sheets.NewWorkbook(cur)
	if err != nil {
		return err
	}
	saved := false
	defer func() {
		if !saved {
			wb.Close()
		}
	}()
	in := plan.Input
	sum, err := wb.AddSheet("Plan", []sheets.Column{{Title: "Item", Kind: sheets.Text, Width: 34}, {Title: "Value", Kind: sheets.Text, Width: 22}})
	if err != nil {
		return err
	}
	rampText := ""
	for i, r := range in.Ramp {
		if i > 0 {
			rampText += " / "
		}
		rampText += r.String()
	}
	ramped := 0
	for _, k := range in.Team {
		if in.Ramp.Share(k) == domain.RateOne {
			ramped++
		}
	}
	lines := [][2]any{
		{"Plan", in.Name},
		{"Fiscal year", in.Year.String()},
		{"Revenue target", in.Target},
		{"Full quota per ramped seller", in.FullQuota},
		{"Ramp schedule", rampText},
		{"Annual attrition", in.Attrition},
		{"Current sellers", len(in.Team)},
		{"of whom fully ramped", ramped},
		{"Capacity of the current team", in.Target - plan.Shortfall},
		{"Sellers to hire", plan.Hires},
		{"Capacity with the hires", plan.Capacity},
	}
	for _, l := range lines {
		// Money, rates and counts keep their own number formats in the value column.
		if err := sum.Row(l[0], l[1]); err != nil {
			return err
		}
	}
	if err := sum.Close(); err != nil {
		return err
	}
	cols := []sheets.Column{
		{Title: "Month", Kind: sheets.Text, Width: 10},
		{Title: "Target", Kind: sheets.Money},
		{Title: "Capacity", Kind: sheets.Money},
		{Title: "Cumulative target", Kind: sheets.Money, Width: 20},
		{Title: "Cumulative capacity", Kind: sheets.Money, Width: 20},
		{Title: "Hires", Kind: sheets.Int},
		{Title: "Expected sellers", Kind: sheets.Number, Width: 18},
	}
	ms, err := wb.AddSheet("Months", cols)
	if err != nil {
		return err
	}
	for _, m := range plan.Months {
		if err := ms.Row(m.Month.String(), m.Target, m.Capacity, m.CumTarget, m.CumCapacity, m.Hires, m.Headcount); err != nil {
			return err
		}
	}
	var target domain.Money
	for _, m := range plan.Months {
		target += m.Target
	}
	if err := ms.TotalRow("Total", target, plan.Capacity, nil, nil, plan.Hires, nil); err != nil {
		return err
	}
	if err := ms.Close(); err != nil {
		return err
	}
	n := len(plan.Months) + 1
	cats := fmt.Sprintf("Months!$A$2:$A$%d", n)
	f := wb.File()
	err = f.AddChart("Months", "I2", &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{
			{Name: "Months!$D$1", Categories: cats, Values: fmt.Sprintf("Months!$D$2:$D$%d", n)},
			{Name: "Months!$E$1", Categories: cats, Values: fmt.Sprintf("Months!$E$2:$E$%d", n)},
		},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Cumulative capacity against target"}}},
		Legend: excelize.ChartLegend{Position: "bottom"},
		Format: excelize.GraphicOptions{ScaleX: 1.4, ScaleY: 1.2},
	})
	if err != nil {
		return err
	}
	saved = true
	return wb.SaveAs(path)
}
