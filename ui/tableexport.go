package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/persistence"
	"salesops/persistence/sheets"
)

// The one "Export…" of every table in the window: a button that saves the
// table as XLSX or CSV (by the extension chosen) through the spreadsheet
// engine, off the UI goroutine with progress and Cancel.

// exportColumn is one column of a table to export.
type exportColumn struct {
	Title string      // "" = the table's own header
	Kind  sheets.Kind // Text, Int, Number, Money, Percent or Date
	// Value is the row's value, typed as persistence.Table says; nil reads
	// the cell the table shows and turns its text back into a number or a
	// date of Kind (text it cannot read stays text).
	Value func(row int) any
}

// tableExport describes one table for Export….
type tableExport struct {
	Name  string        // file name and sheet title
	Table *widget.Table // the table exported (registered for the tests' walk)
	// HeaderRow: the table's row 0 holds the titles (tables without headers).
	HeaderRow bool
	Columns   func() []exportColumn
	// Rows is the number of rows of a source that is not a table (the
	// columns then all have a Value).
	Rows func() int
	// Write, when set, returns (on the UI goroutine, so it can take the
	// table's state) what writes the table itself: the deals table streams
	// every row of its filter from the database.
	Write func() func(ctx context.Context, path string, progress func(rows int)) (int, error)
}

// exportFinished (tests) is told when an Export… has written its file.
var exportFinished func(n int, err error)

// exportButton is the Export… button of the table x describes.
func (u *UI) exportButton(x *tableExport) *widget.Button {
	b := &widget.Button{Text: lang.L("Export…"), Icon: theme.DocumentSaveIcon(), OnTapped: func() {
		chooseExportFile(u, x.Name, func(path string) { u.exportTable(x, path, exportFinished) })
	}}
	if x.Table != nil {
		if u.exports == nil {
			u.exports = map[*widget.Table]*widget.Button{}
		}
		u.exports[x.Table] = b
	}
	return b
}

// chooseExportFile asks where to save; tests replace it.
var chooseExportFile = func(u *UI, name string, then func(path string)) {
	fd := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			u.ShowError(err)
			return
		}
		path := w.URI().Path()
		w.Close()
		switch strings.ToLower(filepath.Ext(path)) {
		case ".xlsx", ".csv":
		default:
			path = withExt(path, ".xlsx")
		}
		then(path)
	}, u.Win)
	fd.SetFileName(fileStem(name) + ".xlsx")
	fd.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".csv"}))
	fd.Show()
}

// fileStem makes a table's name a file name: "Win/loss" → "win-loss".
func fileStem(name string) string {
	s := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>| `, r) {
			return '-'
		}
		return r
	}, strings.ToLower(name))
	if s == "" {
		return "table"
	}
	return s
}

// exportTable writes the table to path: the rows are read here, on the UI
// goroutine (they are what the table shows now), and written in the
// background. done (tests) is told the outcome.
func (u *UI) exportTable(x *tableExport, path string, done func(n int, err error)) {
	var write func(ctx context.Context, path string, progress func(rows int)) (int, error)
	if x.Write != nil {
		write = x.Write()
	} else {
		t := u.snapshotTable(x)
		write = func(ctx context.Context, path string, progress func(int)) (int, error) {
			return u.DB.ExportTable(ctx, path, t, progress)
		}
	}
	n := 0
	u.Background(lang.L("Exporting…"), func(ctx context.Context, progress func(float64, string)) error {
		var err error
		n, err = write(ctx, path, func(rows int) { progress(0, lang.L("{{.N}} rows written", map[string]any{"N": rows})) })
		return err
	}, func(err error) {
		switch {
		case errors.Is(err, context.Canceled):
			os.Remove(path) // nothing half-written stays behind
			dialog.ShowInformation(lang.L("Export…"), lang.L("Export cancelled: no file was written."), u.Win)
		case err != nil:
			os.Remove(path)
			u.ShowError(err)
		default:
			dialog.ShowInformation(lang.L("Export…"), lang.L("{{.N}} rows written to {{.Path}}.", map[string]any{"N": n, "Path": path}), u.Win)
		}
		if done != nil {
			done(n, err)
		}
	})
}

// snapshotTable reads the table's rows as x describes them; without
// Columns, every column of the table with the kind its cells show.
func (u *UI) snapshotTable(x *tableExport) persistence.Table {
	t := persistence.Table{Title: x.Name, Period: u.Period.String()}
	var cols []exportColumn
	if x.Columns != nil {
		cols = x.Columns()
	}
	rows, ncol := 0, len(cols)
	var cell, header fyne.CanvasObject
	first := 0
	if x.Table != nil {
		var n int
		rows, n = x.Table.Length()
		if cols == nil {
			ncol = n
			cols = make([]exportColumn, n)
			for c := range cols {
				cols[c].Kind = kindAuto
			}
		}
		if x.Table.CreateCell != nil && x.Table.UpdateCell != nil {
			cell = x.Table.CreateCell()
		}
		if x.Table.CreateHeader != nil {
			header = x.Table.CreateHeader()
		} else {
			header = widget.NewLabel("")
		}
		if x.HeaderRow {
			first = 1
		}
	} else if x.Rows != nil {
		rows = x.Rows()
	}
	// The texts the table shows, for the columns without a Value.
	texts := make([][]string, 0, max(0, rows-first))
	for r := first; r < rows; r++ {
		row := make([]string, ncol)
		for c, col := range cols {
			if col.Value == nil && cell != nil {
				x.Table.UpdateCell(widget.TableCellID{Row: r, Col: c}, cell)
				row[c] = strings.TrimSpace(cellText(cell))
			}
		}
		texts = append(texts, row)
	}
	for c, col := range cols {
		title := col.Title
		if title == "" && x.Table != nil {
			switch {
			case x.HeaderRow && cell != nil:
				x.Table.UpdateCell(widget.TableCellID{Row: 0, Col: c}, cell)
				title = cellText(cell)
			case x.Table.UpdateHeader != nil:
				x.Table.UpdateHeader(widget.TableCellID{Row: -1, Col: c}, header)
				title = cellText(header)
			}
		}
		if col.Kind == kindAuto {
			col.Kind = u.Fmt.kindOf(texts, c)
			cols[c].Kind = col.Kind
		}
		t.Columns = append(t.Columns, sheets.Column{Title: title, Kind: col.Kind})
	}
	for r := range texts {
		vals := make([]any, ncol)
		for c, col := range cols {
			if col.Value != nil {
				vals[c] = col.Value(r)
			} else {
				vals[c] = u.Fmt.readBack(texts[r][c], col.Kind)
			}
		}
		t.Rows = append(t.Rows, vals)
	}
	return t
}

// kindAuto asks snapshotTable to tell a column's kind from its cells.
const kindAuto sheets.Kind = -1

// kindOf is the kind every non-empty cell of column c reads as: an amount
// (with the currency symbol), a percentage, a date, a whole number or a
// number; else text. A number written with a leading zero (a postal code)
// is text.
func (f Format) kindOf(texts [][]string, c int) sheets.Kind {
	kinds := []sheets.Kind{xMoney, xPct, xDate, xInt, xNum}
	ok := map[sheets.Kind]bool{}
	for _, k := range kinds {
		ok[k] = true
	}
	seen := false
	for _, row := range texts {
		s := row[c]
		if noValue(s) {
			continue
		}
		seen = true
		for _, k := range kinds {
			if !ok[k] {
				continue
			}
			v := f.readBack(s, k)
			if _, isText := v.(string); isText {
				ok[k] = false
				continue
			}
			switch k {
			case xMoney:
				ok[k] = strings.Contains(s, f.symbol())
			case xPct:
				ok[k] = strings.HasSuffix(s, "%")
			case xInt, xNum:
				ok[k] = (k == xNum || !strings.Contains(s, f.Decimal)) && !strings.HasSuffix(s, "%") && !strings.Contains(s, f.symbol()) &&
					!(len(s) > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9')
			}
		}
	}
	if seen {
		for _, k := range kinds {
			if ok[k] {
				return k
			}
		}
	}
	return xText
}

// cellText is the text a table cell shows: its first label, text, entry or
// hyperlink, depth first.
func cellText(o fyne.CanvasObject) string {
	switch w := o.(type) {
	case *widget.Label:
		return w.Text
	case *tableCell:
		return w.Text
	case *canvas.Text:
		return w.Text
	case *widget.Entry:
		return w.Text
	case *widget.Hyperlink:
		return w.Text
	case *widget.Check:
		return w.Text
	case *widget.Button:
		return w.Text
	case *widget.RichText:
		return w.String()
	case *fyne.Container:
		for _, c := range w.Objects {
			if s := cellText(c); s != "" {
				return s
			}
		}
	}
	return ""
}

// noValue is a cell that shows the absence of a number: a dash, or the
// forecast's "=" (no adjustment).
func noValue(s string) bool { return s == "" || s == "—" || s == "-" || s == "=" }

// readBack turns a cell's text back into the value it shows: a number, an
// amount, a fraction or a date; "" is empty and what it cannot read stays
// text (a dash, "n/a").
func (f Format) readBack(s string, k sheets.Kind) any {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if k != sheets.Text && noValue(s) {
		return nil
	}
	if k == sheets.Text {
		return s
	}
	if k == sheets.Date {
		for _, layout := range []string{f.DateLayout, "2006-01-02"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t
			}
		}
		return s
	}
	num := s
	if f.Group != "" {
		num = strings.ReplaceAll(num, f.Group, "")
	}
	if sym := f.symbol(); sym != "" {
		num = strings.ReplaceAll(num, sym, "")
	}
	num = strings.TrimSpace(strings.TrimPrefix(strings.TrimSuffix(strings.TrimSpace(num), "%"), "+"))
	dec := byte('.')
	if f.Decimal != "" {
		dec = f.Decimal[0]
	}
	switch k {
	case sheets.Money:
		m, _, err := sheets.ParseAmount(num, f.Currency.Digits, dec)
		if err != nil {
			return s
		}
		return domain.Money(m)
	case sheets.Int:
		m, _, err := sheets.ParseAmount(num, 0, dec)
		if err != nil {
			return s
		}
		return m
	}
	m, _, err := sheets.ParseAmount(num, 6, dec)
	if err != nil {
		return s
	}
	v := float64(m) / 1e6
	if k == sheets.Percent {
		v /= 100
	}
	return v
}

// Short names for the column kinds of the tables below.
const (
	xText  = sheets.Text
	xInt   = sheets.Int
	xNum   = sheets.Number
	xMoney = sheets.Money
	xPct   = sheets.Percent
	xDate  = sheets.Date
)

// ---- The tables of the window ----

// dealsExport writes every deal of the deals table's filter, in its sort,
// streamed from the database (not only the rows on screen).
func dealsExport(t *dealsTab) *tableExport {
	return &tableExport{Name: "Deals", Table: t.table, Write: func() func(context.Context, string, func(int)) (int, error) {
		f, s := t.filter, t.shown
		return func(ctx context.Context, path string, progress func(int)) (int, error) {
			return t.u.DB.ExportDeals(ctx, path, persistence.ExportOptions{Filter: &f, Sort: &s, Progress: progress})
		}
	}}
}

// winLossExport has the win/loss table's exact values.
func winLossExport(v *winLossView) *tableExport {
	row := func(i int) domain.WinLossRow { return v.rows[i] }
	return &tableExport{Name: "Win-loss", Table: v.table, Columns: func() []exportColumn {
		return []exportColumn{
			{Title: v.dim.Selected, Kind: xText, Value: func(i int) any { return lang.L(row(i).Key) }},
			{Kind: xInt, Value: func(i int) any { return row(i).Won }},
			{Kind: xInt, Value: func(i int) any { return row(i).Lost }},
			{Kind: xPct, Value: func(i int) any {
				if r := row(i).WinRate(); r.OK {
					return r.V
				}
				return nil
			}},
			{Kind: xMoney, Value: func(i int) any { return row(i).WonValue }},
			{Kind: xMoney, Value: func(i int) any { return row(i).LostValue }},
		}
	}}
}

// quotaYearExport is a person's quota year: the months and their totals.
func quotaYearExport(v *teamQuotas) *tableExport {
	return &tableExport{Name: "Quota year", Table: v.year, Columns: func() []exportColumn {
		return []exportColumn{{Title: lang.L("Month"), Kind: kindAuto}, {Title: lang.L("Quota"), Kind: kindAuto}}
	}}
}

// statementExport is the payout statement of the person chosen.
func statementExport(t *compTab) *tableExport {
	return &tableExport{Name: "Statement", Table: t.statement, Columns: func() []exportColumn {
		return []exportColumn{{Title: lang.L("Line"), Kind: kindAuto}, {Title: lang.L("Amount"), Kind: kindAuto}, {Title: lang.L("Explanation"), Kind: xText}}
	}}
}

// qualityExport is the data-quality findings: each rule and its deals.
func qualityExport(r persistence.QualityReport) *tableExport {
	return &tableExport{Name: "Data quality", Rows: func() int { return len(r.Findings) }, Columns: func() []exportColumn {
		return []exportColumn{
			{Title: lang.L("Finding"), Kind: xText, Value: func(i int) any { return lang.L(r.Findings[i].Label) }},
			{Title: lang.L("Deals"), Kind: xInt, Value: func(i int) any { return r.Findings[i].Count }},
		}
	}}
}

// territoryListExport is the territory hierarchy in the tree's order: each
// territory with its parent, accounts (those inside included) and priority.
func territoryListExport(t *territoriesTab) *tableExport {
	var order []domain.Territory
	rows := func() int {
		order = order[:0]
		var walk func(parent int64)
		walk = func(parent int64) {
			for _, id := range t.children[parent] {
				if tr, ok := t.byID[id]; ok {
					order = append(order, tr)
					walk(id)
				}
			}
		}
		walk(0)
		return len(order)
	}
	return &tableExport{Name: "Territories", Rows: rows, Columns: func() []exportColumn {
		return []exportColumn{
			{Title: lang.L("Territory"), Kind: xText, Value: func(i int) any { return order[i].Name }},
			{Title: lang.L("Inside"), Kind: xText, Value: func(i int) any { return t.byID[order[i].ParentID].Name }},
			{Title: lang.L("Accounts"), Kind: xInt, Value: func(i int) any { return t.counts[order[i].ID] }},
			{Title: lang.L("Priority"), Kind: xInt, Value: func(i int) any { return order[i].Priority }},
		}
	}}
}

// proposalExport is the pending proposal of a rules run: each account's
// move.
func proposalExport(t *territoriesTab) *tableExport {
	var moves []domain.AssignmentMove
	return &tableExport{Name: "Proposed changes", Rows: func() int {
		moves = nil
		if t.proposal != nil {
			moves = t.proposal.Moves
		}
		return len(moves)
	}, Columns: func() []exportColumn {
		return []exportColumn{
			{Title: lang.L("Account"), Kind: xText, Value: func(i int) any { return moves[i].Account }},
			{Title: lang.L("From"), Kind: xText, Value: func(i int) any { return t.territoryName(moves[i].From) }},
			{Title: lang.L("To"), Kind: xText, Value: func(i int) any {
				m := moves[i]
				if m.ToSource != domain.AssignedTie {
					return t.territoryName(m.To)
				}
				var names []string
				for _, c := range m.Candidates {
					names = append(names, t.territoryName(c))
				}
				return lang.L("tie between {{.Names}}", map[string]any{"Names": strings.Join(names, ", ")})
			}},
		}
	}}
}

// balanceMovesExport is a balance proposal's moves with their weight: a
// number of accounts, or an amount for the money metrics.
func balanceMovesExport(b *territoryBalance) *tableExport {
	var moves []domain.BalanceMove
	return &tableExport{Name: "Balance moves", Rows: func() int {
		moves = nil
		if b.proposal != nil {
			moves = b.proposal.Moves
		}
		return len(moves)
	}, Columns: func() []exportColumn {
		weight := exportColumn{Title: metricLabel(b.chosenMetric()), Kind: xMoney, Value: func(i int) any { return domain.Money(moves[i].Weight) }}
		if b.chosenMetric() == domain.MetricAccounts {
			weight = exportColumn{Title: lang.L("Accounts"), Kind: xInt, Value: func(i int) any { return moves[i].Weight }}
		}
		return []exportColumn{
			{Title: lang.L("Account"), Kind: xText, Value: func(i int) any { return moves[i].Account }},
			{Title: lang.L("From"), Kind: xText, Value: func(i int) any { return b.t.territoryName(moves[i].From) }},
			{Title: lang.L("To"), Kind: xText, Value: func(i int) any { return b.t.territoryName(moves[i].To) }},
			weight,
		}
	}}
}
