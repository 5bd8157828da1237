package persistence

import (
	"fmt"
	"strings"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// CostOfSales is a payout as a share of the bookings credited for it; ok is
// false when nothing was credited.
func CostOfSales(p *domain.Payout) (domain.Rate, bool) {
	if p.Credited <= 0 {
		return 0, false
	}
	return domain.RatioOf(p.Total, p.Credited)
}

// WritePayoutWorkbook writes the payout workbook of PRODUCT.md §6.3: a
// Summary sheet and one statement sheet per person with every line and its
// explanation. Before writing, it checks that every statement's lines add up
// to its payout and that the summary's total is the sum of the payouts.
func WritePayoutWorkbook(run *PayoutRun, path string) error {
	var sum domain.Money
	for _, p := range run.Payouts {
		if p.SumLines() != p.Total {
			return domain.Errorf(domain.EINTERNAL, "The statement of %s does not add up (%d ≠ %d): not written.", p.Name, p.SumLines(), p.Total)
		}
		sum += p.Total
	}
	tot := run.Totals()
	if tot.Total != sum {
		return domain.Errorf(domain.EINTERNAL, "The payout total does not add up: not written.")
	}
	wb, err := sheets.NewWorkbook(run.Currency)
	if err != nil {
		return err
	}
	defer wb.Close()
	status := "open (provisional)"
	if run.Closed {
		status = "closed " + run.ClosedAt.Format("2006-01-02")
	}
	sumSheet, err := wb.AddSheet("Summary", []sheets.Column{
		{Title: "Person", Kind: sheets.Text, Width: 24}, {Title: "Email", Kind: sheets.Text, Width: 26}, {Title: "Plan", Kind: sheets.Text, Width: 24},
		{Title: "Quota", Kind: sheets.Money}, {Title: "Credited", Kind: sheets.Money}, {Title: "Attainment", Kind: sheets.Percent},
		{Title: "Commission", Kind: sheets.Money}, {Title: "SPIFFs", Kind: sheets.Money}, {Title: "Draw", Kind: sheets.Money},
		{Title: "Clawbacks", Kind: sheets.Money}, {Title: "Adjustments", Kind: sheets.Money}, {Title: "Payout", Kind: sheets.Money},
		{Title: "Cost of sales %", Kind: sheets.Percent},
	})
	if err != nil {
		return err
	}
	opt := func(r domain.Rate, ok bool) any {
		if !ok {
			return nil
		}
		return r
	}
	for i := range run.Payouts {
		p := &run.Payouts[i]
		cos, ok := CostOfSales(p)
		if err := sumSheet.Row(p.Name, p.Email, p.Plan, p.Quota, p.Credited, opt(p.Attainment, p.HasAttain), p.Commission, p.Spiffs,
			p.Draw, p.Clawbacks, p.Adjustments, p.Total, opt(cos, ok)); err != nil {
			return err
		}
	}
	cos, ok := CostOfSales(&tot)
	if err := sumSheet.TotalRow("Total "+run.Period.String()+" — "+status, "", "", tot.Quota, tot.Credited, opt(tot.Attainment, tot.HasAttain),
		tot.Commission, tot.Spiffs, tot.Draw, tot.Clawbacks, tot.Adjustments, tot.Total, opt(cos, ok)); err != nil {
		return err
	}
	if err := sumSheet.Close(); err != nil {
		return err
	}
	used := map[string]bool{"summary": true}
	for i := range run.Payouts {
		p := &run.Payouts[i]
		name := statementSheetName(p.Name, used)
		st, err := wb.AddSheet(name, []sheets.Column{
			{Title: "Line", Kind: sheets.Int, Width: 6}, {Title: "Kind", Kind: sheets.Text, Width: 12}, {Title: "Deal", Kind: sheets.Int, Width: 9},
			{Title: "Period", Kind: sheets.Text, Width: 9}, {Title: "Share", Kind: sheets.Percent}, {Title: "Credited", Kind: sheets.Money},
			{Title: "Amount", Kind: sheets.Money},
			{Title: "Explanation", Kind: sheets.Text, Width: 110},
		})
		if err != nil {
			return err
		}
		for k, l := range p.Lines {
			var deal, share, credited any
			if l.DealID != 0 {
				deal = l.DealID
			}
			if l.Kind == domain.LineCredit {
				share, credited = l.Share, l.Credited
			}
			ref := l.RefPeriod
			if ref == "" {
				ref = run.Period.String()
			}
			if err := st.Row(k+1, string(l.Kind), deal, ref, share, credited, l.Amount, l.Explanation); err != nil {
				return err
			}
		}
		att := "no quota, no attainment"
		if p.HasAttain {
			att = "attainment " + p.Attainment.String()
		}
		if err := st.TotalRow(nil, "Payout", nil, run.Period.String(), nil, p.Credited, p.Total,
			fmt.Sprintf("%s, %s, %s: quota %s, credited %s, %s; the payout is the sum of the lines above.", p.Name, p.Plan, run.Period,
				run.Currency.Format(p.Quota, ",", "."), run.Currency.Format(p.Credited, ",", "."), att)); err != nil {
			return err
		}
		if err := st.Close(); err != nil {
			return err
		}
	}
	return wb.SaveAs(path)
}

// statementSheetName is a person's sheet name, unique within the workbook.
func statementSheetName(name string, used map[string]bool) string {
	base := sheets.SheetName(strings.TrimSpace(name))
	n := base
	for k := 2; used[strings.ToLower(n)]; k++ {
		suffix := fmt.Sprintf(" (%d)", k)
		r := []rune(base)
		if len(r)+len([]rune(suffix)) > 31 {
			r = r[:31-len([]rune(suffix))]
		}
		n = string(r) + suffix
	}
	used[strings.ToLower(n)] = true
	return n
}
