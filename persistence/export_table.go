package persistence

import (
	"context"
	"fmt"
	"unicode/utf8"

	"salesops/persistence/sheets"
)

// Table is a table of the window to export: its columns and rows of typed
// values (string, domain.Money for Money columns, domain.Rate or a fraction
// for Percent, time.Time for Date, int/int64/float64 for numbers; nil is an
// empty cell).
type Table struct {
	Title   string // the sheet's name and the document title
	Period  string // the period it covers, for the document properties ("" = none)
	Columns []sheets.Column
	Rows    [][]any
}

// ExportTable writes t to path (.xlsx or .csv) as the other exports do:
// real numbers and dates with formats, a bold frozen header, an autofilter
// and widths fitted to the texts; CSV in UTF-8 with every text inert.
func (db *DB) ExportTable(ctx context.Context, path string, t Table, progress func(rows int)) (int, error) {
	s, cur, err := db.settingsCurrency(ctx)
	if err != nil {
		return 0, err
	}
	cols := append([]sheets.Column(nil), t.Columns...)
	for i := range cols {
		if cols[i].Kind != sheets.Text || cols[i].Width != 0 {
			continue
		}
		longest := 0
		for _, r := range t.Rows {
			if i < len(r) {
				if v, ok := r[i].(string); ok {
					longest = max(longest, utf8.RuneCountInString(v))
				}
			}
		}
		cols[i].Width = fitWidth(longest, cols[i].Title)
	}
	title := t.Title
	if title == "" {
		title = "Table"
	}
	out, err := newTableOut(path, title, cols, cur, s.CompanyName, t.Period)
	if err != nil {
		return 0, err
	}
	for i, r := range t.Rows {
		if len(r) != len(cols) {
			out.abort()
			return 0, fmt.Errorf("export %s: row %d has %d values for %d columns", title, i+1, len(r), len(cols))
		}
		if err := out.Row(append([]any(nil), r...)...); err != nil {
			out.abort()
			return 0, err
		}
		if i%1000 == 999 {
			if err := ctx.Err(); err != nil {
				out.abort()
				return 0, err
			}
			if progress != nil {
				progress(i + 1)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		out.abort()
		return 0, err
	}
	return out.rows, out.Close()
}
