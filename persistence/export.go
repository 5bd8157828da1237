package persistence

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// ExportKinds are the tables the spreadsheet engine exports.
var ExportKinds = []string{"deals", "accounts", "people", "quotas"}

// ExportOptions narrow an export.
type ExportOptions struct {
	Period   domain.Period // deals closing in it, quotas of its months; zero = everything
	Progress func(rows int)
	// Deals only: the deals table's filter and sort (the window's Export…
	// on that table); nil = every deal (or the Period's) by close date.
	Filter *DealFilter
	Sort   *DealSort
}

// tableOut writes one table to XLSX (through persistence/sheets, streamed)
// or CSV (UTF-8, comma-separated, every text inert).
type tableOut struct {
	path  string
	cur   domain.Currency
	cols  []sheets.Column
	wb    *sheets.Workbook
	sheet *sheets.Sheet
	file  *os.File
	csv   *csv.Writer
	rec   []string
	rows  int
}

// amountIn is an amount in a currency other than the workbook's: a plain
// number in XLSX, an exact decimal in CSV.
type amountIn struct {
	m   domain.Money
	cur domain.Currency
}

// stamp is a date and time, written as ISO 8601 text.
type stamp time.Time

func newTableOut(path, title string, cols []sheets.Column, cur domain.Currency, company, period string) (*tableOut, error) {
	t := &tableOut{path: path, cur: cur, cols: cols}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		f, err := os.Create(path)
		if err != nil {
			return nil, domain.Errorf(domain.EINVALID, "Cannot write %s: %v", path, err)
		}
		t.file, t.csv = f, csv.NewWriter(f)
		hdr := make([]string, len(cols))
		for i, c := range cols {
			hdr[i] = c.Title
		}
		if err := t.csv.Write(hdr); err != nil {
			f.Close()
			return nil, err
		}
		t.rec = make([]string, len(cols))
	case ".xlsx":
		wb, err := sheets.NewWorkbook(cur)
		if err != nil {
			return nil, err
		}
		if err := wb.SetProperties(title, company, period); err != nil {
			wb.Close()
			return nil, err
		}
		s, err := wb.AddSheet(title, cols)
		if err != nil {
			wb.Close()
			return nil, err
		}
		t.wb, t.sheet = wb, s
	default:
		return nil, domain.Errorf(domain.EINVALID, "%s: export to a file ending in .xlsx or .csv", path)
	}
	return t, nil
}

func (t *tableOut) Row(vals ...any) error {
	t.rows++
	if t.csv != nil {
		for i, v := range vals {
			t.rec[i] = t.csvValue(v)
		}
		return t.csv.Write(t.rec)
	}
	return t.sheet.Row(t.xlsxValues(vals)...)
}

// Total writes the totals row (XLSX only: a CSV stays a plain table that
// imports back as it is).
func (t *tableOut) Total(vals ...any) error {
	if t.csv != nil {
		return nil
	}
	return t.sheet.TotalRow(t.xlsxValues(vals)...)
}

func (t *tableOut) xlsxValues(vals []any) []any {
	for i, v := range vals {
		switch x := v.(type) {
		case amountIn:
			vals[i] = x.cur.Major(x.m)
		case *amountIn:
			if x == nil {
				vals[i] = nil
			} else {
				vals[i] = x.cur.Major(x.m)
			}
		case stamp:
			if time.Time(x).IsZero() {
				vals[i] = nil
			} else {
				vals[i] = time.Time(x).UTC().Format(time.RFC3339)
			}
		}
	}
	return vals
}

func (t *tableOut) csvValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return sheets.InertCSV(x)
	case domain.Money:
		return t.cur.Format(x, "", ".")
	case amountIn:
		return x.cur.Format(x.m, "", ".")
	case *amountIn:
		if x == nil {
			return ""
		}
		return x.cur.Format(x.m, "", ".")
	case domain.Rate:
		return strconv.FormatFloat(x.Float(), 'f', -1, 64)
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.Format(dateLayout)
	case stamp:
		if time.Time(x).IsZero() {
			return ""
		}
		return time.Time(x).UTC().Format(time.RFC3339)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return sheets.InertCSV(fmt.Sprint(v))
}

// Close finishes the file.
func (t *tableOut) Close() error {
	if t.csv != nil {
		t.csv.Flush()
		if err := t.csv.Error(); err != nil {
			t.file.Close()
			return err
		}
		return t.file.Close()
	}
	if err := t.sheet.Close(); err != nil {
		t.wb.Close()
		return err
	}
	return t.wb.SaveAs(t.path)
}

// abort drops a half-written file.
func (t *tableOut) abort() {
	if t.csv != nil {
		t.file.Close()
	} else {
		t.wb.Close()
	}
	os.Remove(t.path)
}

// fill writes a row per record of query, as row reads it, then the totals
// row total gives (nil: none), and closes the file; on any error it drops
// the half-written file.
func (t *tableOut) fill(ctx context.Context, q querier, query string, args []any, row func(*sql.Rows) ([]any, error), total func() []any) (int, error) {
	err := eachRow(ctx, q, query, args, func(r *sql.Rows) error {
		vals, err := row(r)
		if err != nil {
			return err
		}
		return t.Row(vals...)
	})
	if err == nil && total != nil {
		err = t.Total(total()...)
	}
	if err != nil {
		t.abort()
		return 0, err
	}
	return t.rows, t.Close()
}

// fitWidth is a column width for text up to n characters, within reason.
func fitWidth(n int, title string) float64 {
	w := float64(max(n, len([]rune(title)))) + 2
	return min(max(w, 10), 60)
}

// maxLen is the longest text of a column, for widths fitted to content.
func maxLen(ctx context.Context, q querier, query string, args ...any) int {
	var n sql.NullInt64
	_ = q.QueryRowContext(ctx, query, args...).Scan(&n)
	return int(n.Int64)
}

func periodLabel(p domain.Period) string {
	if p.IsZero() {
		return ""
	}
	return p.String()
}

// ExportDeals writes the deals (closing in opt.Period, if given) to an XLSX
// or CSV file and returns how many it wrote. Amounts are in each deal's
// currency, with their value in the workspace currency beside them and a
// total of the values. The columns are the deal's own, so the file imports
// back unchanged (territories go with the accounts export).
func (db *DB) ExportDeals(ctx context.Context, path string, opt ExportOptions) (int, error) {
	s, cur, err := db.settingsCurrency(ctx)
	if err != nil {
		return 0, err
	}
	where, args := DealFilter{From: opt.Period.Start(), To: periodEnd(opt.Period)}.where()
	if opt.Period.IsZero() {
		where, args = "", nil
	}
	order := " ORDER BY d.close_date, d.id"
	if opt.Filter != nil {
		where, args = opt.Filter.where()
	}
	if opt.Sort != nil {
		if col, ok := DealSortColumns[opt.Sort.Column]; ok {
			dir := " ASC"
			if opt.Sort.Desc {
				dir = " DESC"
			}
			order = " ORDER BY " + col + dir + ", d.id" + dir
		}
	}
	// Widths fitted to the longest texts, measured in one pass.
	exprs := []string{"d.external_id", "d.name", "a.name", "p.name", "s.name", "d.lost_reason", "d.product"}
	longest := make([]sql.NullInt64, len(exprs))
	sel := make([]string, len(exprs))
	dest := make([]any, len(exprs))
	for i, e := range exprs {
		sel[i], dest[i] = "max(length("+e+"))", &longest[i]
	}
	if err := db.db.QueryRowContext(ctx, "SELECT "+strings.Join(sel, ", ")+dealTableFrom+where, args...).Scan(dest...); err != nil {
		return 0, err
	}
	width := map[string]float64{}
	for i, e := range exprs {
		width[e] = fitWidth(int(longest[i].Int64), "")
	}
	w := func(expr string) float64 { return width[expr] }
	cols := []sheets.Column{
		{Title: "Deal ID", Kind: sheets.Text, Width: w("d.external_id")},
		{Title: "Name", Kind: sheets.Text, Width: w("d.name")},
		{Title: "Account", Kind: sheets.Text, Width: w("a.name")},
		{Title: "Owner", Kind: sheets.Text, Width: w("p.name")},
		{Title: "Stage", Kind: sheets.Text, Width: w("s.name")},
		{Title: "Status", Kind: sheets.Text, Width: 8},
		{Title: "Amount", Kind: sheets.Number},
		{Title: "Currency", Kind: sheets.Text, Width: 10},
		{Title: "Value (" + cur.Code + ")", Kind: sheets.Money},
		{Title: "Created", Kind: sheets.Date},
		{Title: "Close date", Kind: sheets.Date},
		{Title: "Probability", Kind: sheets.Percent, Width: 12},
		{Title: "Forecast category", Kind: sheets.Text, Width: 18},
		{Title: "Lost reason", Kind: sheets.Text, Width: w("d.lost_reason")},
		{Title: "Product", Kind: sheets.Text, Width: w("d.product")},
		{Title: "Lead created", Kind: sheets.Text, Width: 22},
		{Title: "First response", Kind: sheets.Text, Width: 22},
	}
	out, err := newTableOut(path, "Deals", cols, cur, s.CompanyName, periodLabel(opt.Period))
	if err != nil {
		return 0, err
	}
	// Reading the database and writing the sheet overlap: a goroutine scans
	// the deals into batches of rows while this one writes them.
	qctx, stop := context.WithCancel(ctx)
	defer stop()
	batches := make(chan [][]any, 4)
	var total domain.Money
	var scanErr error
	go func() {
		defer close(batches)
		scanErr = func() error {
			rows, err := db.db.QueryContext(qctx, "SELECT "+dealCols+", coalesce(a.name, ''), coalesce(p.name, ''), s.name"+
				dealTableFrom+where+order, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			batch := make([][]any, 0, 256)
			for rows.Next() {
				var account, owner, stage string
				d, err := scanDeal(rows, &account, &owner, &stage)
				if err != nil {
					return err
				}
				code := d.Currency
				if code == "" {
					code = cur.Code
				}
				dc, err := domain.LookupCurrency(code)
				if err != nil {
					dc = cur
				}
				var amount, value any
				if d.HasAmount {
					amount, value = amountIn{d.Amount, dc}, d.Value
					total += d.Value
				}
				batch = append(batch, []any{d.ExternalID, d.Name, account, owner, stage, string(d.Status), amount, code, value,
					d.Created, d.CloseDate, d.Probability, d.Category.Label(), d.LostReason, d.Product,
					stamp(d.LeadCreated), stamp(d.FirstResponse)})
				if len(batch) == cap(batch) {
					select {
					case batches <- batch:
					case <-qctx.Done():
						return qctx.Err()
					}
					batch = make([][]any, 0, 256)
				}
			}
			if err := rows.Err(); err != nil {
				return err
			}
			if len(batch) > 0 {
				select {
				case batches <- batch:
				case <-qctx.Done():
					return qctx.Err()
				}
			}
			return nil
		}()
	}()
	for batch := range batches {
		for _, vals := range batch {
			if err := out.Row(vals...); err != nil {
				stop()
				for range batches {
				}
				out.abort()
				return 0, err
			}
			if opt.Progress != nil && out.rows%1000 == 0 {
				opt.Progress(out.rows)
			}
		}
	}
	if scanErr != nil {
		out.abort()
		return 0, scanErr
	}
	if err := out.Total("Total", nil, nil, nil, nil, nil, nil, nil, total); err != nil {
		out.abort()
		return 0, err
	}
	return out.rows, out.Close()
}

func periodEnd(p domain.Period) time.Time {
	if p.IsZero() {
		return time.Time{}
	}
	return p.End()
}

// ExportAccounts writes every account with its territory and how the
// territory was assigned.
func (db *DB) ExportAccounts(ctx context.Context, path string, opt ExportOptions) (int, error) {
	s, cur, err := db.settingsCurrency(ctx)
	if err != nil {
		return 0, err
	}
	w := func(col string) float64 {
		return fitWidth(maxLen(ctx, db.db, "SELECT max(length("+col+")) FROM accounts"), "")
	}
	cols := []sheets.Column{
		{Title: "Account ID", Kind: sheets.Text, Width: w("external_id")},
		{Title: "Name", Kind: sheets.Text, Width: w("name")},
		{Title: "Industry", Kind: sheets.Text, Width: w("industry")},
		{Title: "Country", Kind: sheets.Text, Width: w("country")},
		{Title: "Region", Kind: sheets.Text, Width: w("region")},
		{Title: "State", Kind: sheets.Text, Width: w("state")},
		{Title: "Postal code", Kind: sheets.Text, Width: 12},
		{Title: "Employees", Kind: sheets.Int},
		{Title: "Annual revenue", Kind: sheets.Money},
		{Title: "Potential", Kind: sheets.Money},
		{Title: "Segment", Kind: sheets.Text, Width: w("segment")},
		{Title: "Territory", Kind: sheets.Text, Width: 20},
		{Title: "Assignment", Kind: sheets.Text, Width: 12},
	}
	out, err := newTableOut(path, "Accounts", cols, cur, s.CompanyName, "")
	if err != nil {
		return 0, err
	}
	return out.fill(ctx, db.db, `SELECT a.id, coalesce(a.external_id, ''), a.name, a.industry, a.country, a.region, a.state, a.postal_code, a.employees,
		a.annual_revenue, a.potential, a.segment, coalesce(a.territory_id, 0), a.assignment, coalesce(t.name, '') FROM accounts a LEFT JOIN territories t ON t.id = a.territory_id ORDER BY a.name COLLATE NOCASE, a.id`,
		nil, func(rows *sql.Rows) ([]any, error) {
			var a domain.Account
			var asg, terr string
			err := rows.Scan(&a.ID, &a.ExternalID, &a.Name, &a.Industry, &a.Country, &a.Region, &a.State, &a.PostalCode, &a.Employees,
				&a.AnnualRevenue, &a.Potential, &a.Segment, &a.TerritoryID, &asg, &terr)
			return []any{a.ExternalID, a.Name, a.Industry, a.Country, a.Region, a.State, a.PostalCode, a.Employees,
				a.AnnualRevenue, a.Potential, a.Segment, terr, asg}, err
		}, nil)
}

// ExportPeople writes everyone with their manager and team.
func (db *DB) ExportPeople(ctx context.Context, path string, opt ExportOptions) (int, error) {
	s, err := db.Settings(ctx)
	if err != nil {
		return 0, err
	}
	cur, _ := domain.LookupCurrency(s.Currency)
	cols := []sheets.Column{
		{Title: "Name", Kind: sheets.Text, Width: fitWidth(maxLen(ctx, db.db, "SELECT max(length(name)) FROM people"), "")},
		{Title: "Email", Kind: sheets.Text, Width: fitWidth(maxLen(ctx, db.db, "SELECT max(length(email)) FROM people"), "")},
		{Title: "Role", Kind: sheets.Text, Width: 18},
		{Title: "Manager", Kind: sheets.Text, Width: fitWidth(maxLen(ctx, db.db, "SELECT max(length(coalesce(email, name))) FROM people"), "")},
		{Title: "Team", Kind: sheets.Text, Width: fitWidth(maxLen(ctx, db.db, "SELECT max(length(name)) FROM teams"), "")},
		{Title: "Hire date", Kind: sheets.Date},
		{Title: "End date", Kind: sheets.Date},
		{Title: "Active", Kind: sheets.Text, Width: 8},
	}
	out, err := newTableOut(path, "People", cols, cur, s.CompanyName, "")
	if err != nil {
		return 0, err
	}
	return out.fill(ctx, db.db, `SELECT p.name, coalesce(p.email, ''), p.role, coalesce(m.email, m.name, ''), coalesce(t.name, ''),
		p.hire_date, p.end_date, p.active FROM people p LEFT JOIN people m ON m.id = p.manager_id LEFT JOIN teams t ON t.id = p.team_id
		ORDER BY p.name COLLATE NOCASE, p.id`, nil, func(rows *sql.Rows) ([]any, error) {
		var name, email, role, mgr, team string
		var hire, end sql.NullString
		var active bool
		if err := rows.Scan(&name, &email, &role, &mgr, &team, &hire, &end, &active); err != nil {
			return nil, err
		}
		act := "yes"
		if !active {
			act = "no"
		}
		return []any{name, email, domain.Role(role).Label(), mgr, team, parseDate(hire), parseDate(end), act}, nil
	}, nil)
}

// ExportQuotas writes the monthly quotas (of opt.Period's months, if given)
// with their total.
func (db *DB) ExportQuotas(ctx context.Context, path string, opt ExportOptions) (int, error) {
	s, cur, err := db.settingsCurrency(ctx)
	if err != nil {
		return 0, err
	}
	cols := []sheets.Column{
		{Title: "Person", Kind: sheets.Text, Width: fitWidth(maxLen(ctx, db.db, "SELECT max(length(name)) FROM people"), "")},
		{Title: "Email", Kind: sheets.Text, Width: fitWidth(maxLen(ctx, db.db, "SELECT max(length(email)) FROM people"), "")},
		{Title: "Period", Kind: sheets.Text, Width: 10},
		{Title: "Amount", Kind: sheets.Money},
	}
	out, err := newTableOut(path, "Quotas", cols, cur, s.CompanyName, periodLabel(opt.Period))
	if err != nil {
		return 0, err
	}
	q := "SELECT p.name, coalesce(p.email, ''), q.month, q.amount FROM quotas q JOIN people p ON p.id = q.person_id"
	var args []any
	if !opt.Period.IsZero() {
		ms := opt.Period.Months()
		q += " WHERE q.month >= ? AND q.month <= ?"
		args = append(args, ms[0].String(), ms[len(ms)-1].String())
	}
	var total domain.Money
	return out.fill(ctx, db.db, q+" ORDER BY p.name COLLATE NOCASE, p.id, q.month", args, func(rows *sql.Rows) ([]any, error) {
		var name, email, month string
		var amount int64
		err := rows.Scan(&name, &email, &month, &amount)
		total += domain.Money(amount)
		return []any{name, email, month, domain.Money(amount)}, err
	}, func() []any { return []any{"Total", nil, nil, total} })
}

// Export writes the table kind (one of ExportKinds) to path.
func (db *DB) Export(ctx context.Context, kind, path string, opt ExportOptions) (int, error) {
	switch kind {
	case "deals":
		return db.ExportDeals(ctx, path, opt)
	case "accounts":
		return db.ExportAccounts(ctx, path, opt)
	case "people":
		return db.ExportPeople(ctx, path, opt)
	case "quotas":
		return db.ExportQuotas(ctx, path, opt)
	}
	return 0, domain.Errorf(domain.EINVALID, "%q is not a table Salesops exports: use %s", kind, strings.Join(ExportKinds, ", "))
}

// WriteTemplate saves an import template for kind: the expected headers,
// each with a comment describing it, and one example row.
func WriteTemplate(path, kind string) error {
	fields := ImportFields(kind)
	if fields == nil {
		return domain.Errorf(domain.EINVALID, "%q has no import template: use %s", kind, strings.Join(ImportKinds, ", "))
	}
	if strings.ToLower(filepath.Ext(path)) != ".xlsx" {
		return domain.Errorf(domain.EINVALID, "%s: save templates as .xlsx", path)
	}
	var cols []sheets.Column
	var example []any
	var fs []ImportField
	for _, f := range fields {
		if f.Key == "status" {
			continue
		}
		cols = append(cols, sheets.Column{Title: f.Title, Kind: sheets.Text, Width: fitWidth(len(f.Example), f.Title)})
		example = append(example, f.Example)
		fs = append(fs, f)
	}
	wb, err := sheets.NewWorkbook(domain.Currency{})
	if err != nil {
		return err
	}
	title := strings.ToUpper(kind[:1]) + kind[1:]
	if err := wb.SetProperties(title+" import template", "", ""); err != nil {
		wb.Close()
		return err
	}
	s, err := wb.AddSheet(title, cols)
	if err != nil {
		wb.Close()
		return err
	}
	if err := s.Row(example...); err != nil {
		wb.Close()
		return err
	}
	if err := s.Close(); err != nil {
		wb.Close()
		return err
	}
	for i, f := range fs {
		desc := f.Description
		if desc == "" {
			desc = f.Title
		}
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := wb.File().AddComment(s.Name, excelize.Comment{Cell: cell, Author: "Salesops",
			Paragraph: []excelize.RichTextRun{{Text: f.Key + ": " + desc}}}); err != nil {
			wb.Close()
			return err
		}
	}
	return wb.SaveAs(path)
}
