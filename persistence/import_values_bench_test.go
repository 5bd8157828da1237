package persistence

import (
	"fmt"
	"testing"
	"time"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// valuesHeader is the header of a deals export (ExportDeals).
var valuesHeader = []string{"Deal ID", "Name", "Account", "Owner", "Stage", "Status", "Amount", "Currency", "Value (EUR)", "Created", "Close date", "Probability", "Forecast category", "Lost reason", "Product", "Lead created", "First response"}

// valuesRows makes n rows shaped as a deals export of the demo workspace:
// the mix of stages, amounts, optional timestamps and lost reasons of a
// 100,000-deal export. xlsx writes dates as Excel serials and amounts as
// the numbers the XLSX reader returns ("37450", "9663.04"), as an XLSX
// export reads back; otherwise they are as the CSV export writes them.
func valuesRows(n int, xlsx bool) [][]string {
	type stage struct{ name, status, prob, cat string }
	stages := []stage{
		{"Closed Lost", "lost", "0", "Omitted"}, {"Closed Won", "won", "1", "Closed"}, {"Closed Lost", "lost", "0", "Omitted"},
		{"Prospecting", "open", "0.1", "Pipeline"}, {"Closed Lost", "lost", "0", "Omitted"}, {"Closed Won", "won", "1", "Closed"},
		{"Closed Lost", "lost", "0", "Omitted"}, {"Qualification", "open", "0.2", "Pipeline"}, {"Proposal", "open", "0.5", "Best case"},
		{"Negotiation", "open", "0.8", "Commit"},
	}
	reasons := []string{"Price", "Competition", "Budget", "No decision", "Timing", "Missing features"}
	products := []string{"Cloud hosting", "Core licence", "Professional services", "Analytics add-on"}
	owners := []string{"Ola Martin", "Paolo Gallo", "Maja Russo", "Mia Ferrari"}
	rows := make([][]string, n)
	for i := range rows {
		s := stages[i%len(stages)]
		cur := "EUR"
		if i%3 == 1 {
			cur = "USD"
		}
		cents := 500_000 + (i*7919)%4_000_000
		if i%4 == 0 {
			cents -= cents % 100 // whole amounts: "37450.00"
		}
		amount := fmt.Sprintf("%d.%02d", cents/100, cents%100)
		created := 45231 + i%900 // Excel serials from 2023-11-01
		closed := created + 34
		createdText, closedText := fmt.Sprint(created), fmt.Sprint(closed)
		if xlsx {
			if cents%100 == 0 {
				amount = fmt.Sprint(cents / 100)
			}
		} else {
			createdText = excelDay(created).Format("2006-01-02")
			closedText = excelDay(closed).Format("2006-01-02")
		}
		reason := ""
		if s.status == "lost" {
			reason = reasons[i%len(reasons)]
		}
		product := products[i%len(products)]
		account := fmt.Sprintf("Summit Pharma %d SAS", i%500)
		row := []string{
			fmt.Sprintf("D-%07d", i+1), account + " – " + product, account, owners[i%len(owners)], s.name, s.status,
			amount, cur, amount, createdText, closedText, s.prob, s.cat, reason, product, "", "",
		}
		if i%5 < 2 {
			lead := excelDay(created - 6).Add(hm(i%24, i%60))
			row[15] = lead.Format("2006-01-02T15:04:05Z")
			row[16] = lead.Add(hm(1, 59)).Format("2006-01-02T15:04:05Z")
		}
		rows[i] = row
	}
	return rows
}

// valuesImport is what importFile makes of the rows: the column map, the
// date order and decimal separator it detects, and a deal importer with
// the workspace currency.
func valuesImport(tb testing.TB, rows [][]string, format string) (*dealImporter, *columnMap, sheets.DateOrder, byte) {
	tb.Helper()
	cm, err := mapColumns("deals", valuesHeader, nil, false)
	if err != nil {
		tb.Fatal(err)
	}
	d := &dealImporter{cur: domain.Currency{Code: "EUR", Digits: 2}}
	var buffered []srcRow
	for i, r := range rows[:min(len(rows), prescanRows)] {
		buffered = append(buffered, srcRow{line: i + 2, cells: r})
	}
	opt := &ImportOptions{Kind: "deals"}
	order, decimal := detectFormats(cm, d, buffered, opt, sheets.SourceInfo{Format: format, Separator: ','}, &ImportResult{})
	return d, cm, order, decimal
}

// TestValuesBenchRows checks that the benchmark's rows read without a
// problem, so that it measures the values as a clean import reads them.
func TestValuesBenchRows(t *testing.T) {
	for _, xlsx := range []bool{false, true} {
		rows := valuesRows(2000, xlsx)
		d, cm, order, decimal := valuesImport(t, rows, map[bool]string{false: "csv", true: "xlsx"}[xlsx])
		for i, cells := range rows {
			r := &importRow{cm: cm, order: order, decimal: decimal, line: i + 2, cells: cells}
			p := d.values(r)
			if p == nil || len(r.problems) > 0 {
				t.Fatalf("xlsx %v row %d %q: %v", xlsx, i, cells, r.problems)
			}
			if !p.nd.HasAmount || p.nd.Created.IsZero() || p.nd.CloseDate.IsZero() || !p.probGiven || !p.catGiven {
				t.Fatalf("xlsx %v row %d %q: values missing: %+v", xlsx, i, cells, p)
			}
			if lead := cells[15] != ""; lead != !p.nd.LeadCreated.IsZero() || lead != !p.nd.FirstResponse.IsZero() {
				t.Fatalf("xlsx %v row %d %q: timestamps %v %v", xlsx, i, cells, p.nd.LeadCreated, p.nd.FirstResponse)
			}
		}
	}
}

// BenchmarkDealValues is the parsing goroutine's work on one row of a
// deals file (dealImporter.prepare): one op is one row.
func BenchmarkDealValues(b *testing.B) {
	for _, format := range []string{"csv", "xlsx"} {
		b.Run(format, func(b *testing.B) {
			rows := valuesRows(4096, format == "xlsx")
			d, cm, order, decimal := valuesImport(b, rows, format)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r := &importRow{cm: cm, order: order, decimal: decimal, line: i + 2, cells: rows[i%len(rows)]}
				if d.prepare(r) == nil {
					b.Fatalf("row %d: %v", i, r.problems)
				}
			}
		})
	}
}

// excelDay is the day of an Excel serial (from 61 on).
func excelDay(serial int) time.Time {
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, serial)
}

func hm(h, m int) time.Duration { return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute }
