package persistence

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// ImportOptions say what to import and how to read it.
type ImportOptions struct {
	Kind   string            // deals, accounts, people or quotas
	Sheet  string            // XLSX sheet; "" = the active one
	Preset string            // salesforce, hubspot, pipedrive, zoho, salesops; "" = detect
	Map    map[string]string // header → field, over the detected mapping ("" ignores the column)
	DryRun bool              // check everything, change nothing
	// DateOrder reads dates such as 03/04/2026; DateAuto decides from the
	// data, and where the data proves nothing uses DateFallback (the
	// locale's order; DateAuto there means day-first).
	DateOrder    sheets.DateOrder
	DateFallback sheets.DateOrder
	Encoding     string // CSV; "" = detect
	// CombineLines sums the amounts of the rows sharing one deal ID into one
	// deal (other fields from the first row); without it a repeated deal ID
	// is a problem of the later row.
	CombineLines bool
	Now          time.Time      // when, for the deals' history; zero = now
	Progress     func(read int) // called from the importing goroutine every few hundred rows
	rowHook      func(read int) // tests: called after every row
	backupHook   func()         // tests: called before the backup starts
}

// Problem is one thing wrong with one cell or row of the file.
type Problem struct {
	Sheet  string
	Row    int
	Column string
	Value  string
	Reason string // completes the sentence: "'twelve' is not a number"
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Sheet != "" {
		fmt.Fprintf(&b, "sheet %s, ", p.Sheet)
	}
	fmt.Fprintf(&b, "row %d", p.Row)
	if p.Column != "" {
		fmt.Fprintf(&b, ", column %s", p.Column)
	}
	b.WriteString(": ")
	b.WriteString(p.Reason)
	return b.String()
}

// ImportResult says what an import did (or, in a dry run, would do).
type ImportResult struct {
	Kind, File, Sheet, Preset string
	Format                    string // xlsx or csv
	Encoding                  string // csv
	DryRun                    bool
	Read                      int // data rows read (blank rows and report footers aside)
	Inserted                  int
	Updated                   int
	Skipped                   int // rows that changed nothing (already as in the file)
	Errors                    int // rows refused
	Footer                    int // report footer lines ignored
	Combined                  int // lines summed into an earlier line's deal (CombineLines)
	Problems                  []Problem
	Mapping                   map[string]string // header → field used
	Unmapped                  []string          // columns ignored
	Header                    []string
	DateOrder                 sheets.DateOrder
	Decimal                   byte
	Notes                     []string // what the user should know: created accounts, date order …
	Created                   map[string][]string
	Backup                    string     // the backup taken before the import
	Rejected                  [][]string // the refused rows as read, with the reason last
}

// Summary is the one-line summary of PRODUCT.md §7.
func (r *ImportResult) Summary() string {
	s := fmt.Sprintf("read %d, inserted %d, updated %d, skipped %d, errors %d", r.Read, r.Inserted, r.Updated, r.Skipped, r.Errors)
	if r.Combined > 0 {
		s += fmt.Sprintf(", combined %d", r.Combined)
	}
	if !r.Changed() {
		if r.DryRun {
			s += " — nothing would change"
		} else {
			s += " — nothing changed"
		}
	}
	return s
}

// Changed reports whether the import changed (or would change) the workspace.
func (r *ImportResult) Changed() bool {
	n := r.Inserted + r.Updated
	for _, c := range r.Created {
		n += len(c)
	}
	return n > 0
}

// MaxProblems caps the problems and rejected rows kept (the counts go on).
const MaxProblems = 100_000

type rowOutcome int

const (
	rowInserted rowOutcome = iota
	rowUpdated
	rowUnchanged
	rowRejected
	rowCombined // added to an earlier row's deal
	rowDeferred // written after the last row (flush)
)

// deferredRows is a kind importer that holds rows back until the last one
// is read (deals with CombineLines) and writes them in flush.
type deferredRows interface {
	flush(ctx context.Context, cm *columnMap, sheet string, tally func(rowOutcome, *importRow)) error
}

// bulkLoader is a kind importer that may load into an empty table,
// building its indexes in finish.
type bulkLoader interface {
	bulk() bool
}

// kindImporter is one import kind: it prepares its statements and caches in
// the import's transaction, then takes the rows one by one.
type kindImporter interface {
	required() []string // one of these fields must be mapped
	dateFields() []string
	numberFields() []string
	begin(ctx context.Context, tx *sql.Tx, cm *columnMap, res *ImportResult) error
	row(ctx context.Context, r *importRow) (rowOutcome, error)
	// finish runs after the last row, in the transaction.
	finish(ctx context.Context) error
	close()
}

func newKindImporter(kind string, opt *ImportOptions) (kindImporter, error) {
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	switch kind {
	case "deals":
		return &dealImporter{now: now, combine: opt.CombineLines}, nil
	case "accounts":
		return &accountImporter{}, nil
	case "people":
		return &personImporter{}, nil
	case "quotas":
		return &quotaImporter{}, nil
	}
	return nil, domain.Errorf(domain.EINVALID, "%q is not an import kind: use %s", kind, strings.Join(ImportKinds, ", "))
}

type srcRow struct {
	line  int
	cells []string
}

// headerScan is how many rows may precede the header (report titles).
const headerScan = 30

// prescanRows are buffered to learn the file's date order and decimal separator.
const prescanRows = 2000

// Import reads the file at path into the workspace in one transaction,
// after a backup: every good row lands or none does; a Cancel (ctx) or a
// failure leaves the workspace as it was. Bad rows are listed in the
// result's Problems and Rejected and are not imported.
func (db *DB) Import(ctx context.Context, path string, opt ImportOptions) (*ImportResult, error) {
	res, err := db.importFile(ctx, path, opt)
	if err != nil && ctx.Err() != nil {
		// Whatever failed first (the backup, a statement), a Cancel is what happened.
		return nil, ctx.Err()
	}
	return res, err
}

func (db *DB) importFile(ctx context.Context, path string, opt ImportOptions) (*ImportResult, error) {
	ki, err := newKindImporter(opt.Kind, &opt)
	if err != nil {
		return nil, err
	}
	defer ki.close()
	if di, ok := ki.(*dealImporter); ok {
		// A dry run is rolled back: the search index need not be rebuilt.
		di.search, di.workspace = db.search && !opt.DryRun, db.Path
	}
	sweepSideSearch(db.Path)
	if opt.Preset != "" {
		if err := CheckPreset(opt.Kind, opt.Preset); err != nil {
			return nil, err
		}
	}
	src, info, err := sheets.OpenSource(path, sheets.SourceOptions{Sheet: opt.Sheet, Encoding: opt.Encoding})
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%v", err)
	}
	res := &ImportResult{Kind: opt.Kind, File: filepath.Base(path), Sheet: info.Sheet, Format: info.Format, Encoding: info.Encoding,
		DryRun: opt.DryRun, Created: map[string][]string{}}
	sheetName := ""
	if info.Format == "xlsx" {
		sheetName = info.Sheet
	}

	// Reading (unzipping, XML, decoding) runs beside the database work.
	readCtx, stop := context.WithCancel(ctx)
	batches := make(chan []srcRow, 8)
	readerDone := make(chan struct{})
	var readErr error
	go func() {
		defer close(readerDone)
		defer close(batches)
		batch := make([]srcRow, 0, 256)
		for src.Next() {
			cells := append([]string(nil), src.Row()...)
			batch = append(batch, srcRow{src.Line(), cells})
			if len(batch) == cap(batch) {
				select {
				case batches <- batch:
				case <-readCtx.Done():
					return
				}
				batch = make([]srcRow, 0, 256)
			}
		}
		if len(batch) > 0 {
			select {
			case batches <- batch:
			case <-readCtx.Done():
				return
			}
		}
		readErr = src.Err()
	}()
	defer func() {
		stop()
		for range batches {
		}
		<-readerDone
		src.Close()
	}()
	var pending []srcRow
	next := func() (srcRow, bool) {
		for len(pending) == 0 {
			b, ok := <-batches
			if !ok {
				return srcRow{}, false
			}
			pending = b
		}
		r := pending[0]
		pending = pending[1:]
		return r, true
	}
	readFailed := func() error {
		<-readerDone
		if readErr != nil {
			where := res.File
			if sheetName != "" {
				where += ", sheet " + sheetName
			}
			return domain.Errorf(domain.EINVALID, "%s: %v", where, readErr)
		}
		return nil
	}

	// The header is the first row with two or more cells filled.
	var header []string
	for i := 0; i < headerScan; i++ {
		r, ok := next()
		if !ok {
			break
		}
		if filled(r.cells) >= 2 {
			header = r.cells
			break
		}
	}
	if header == nil {
		if err := readFailed(); err != nil {
			return nil, err
		}
		where := res.File
		if sheetName != "" {
			where = fmt.Sprintf("sheet %q of %s", sheetName, res.File)
		}
		return nil, domain.Errorf(domain.EINVALID, "%s has no header row (a row naming two or more columns) in its first %d rows: is it empty?", where, headerScan)
	}
	res.Header = header
	res.Preset = strings.ToLower(opt.Preset)
	if res.Preset == "" {
		res.Preset = DetectPreset(opt.Kind, header)
	}
	user, forced := opt.Map, false
	if res.Preset != "" && opt.Preset != "" {
		// A preset named by the user maps its own columns and no other;
		// --map goes over it.
		pm, err := presetMapping(opt.Kind, res.Preset, header)
		if err != nil {
			return nil, err
		}
		for h, f := range opt.Map {
			for ph := range pm {
				if NormHeader(ph) == NormHeader(h) {
					delete(pm, ph)
				}
			}
			pm[h] = f
		}
		user, forced = pm, true
	}
	cm, err := mapColumns(opt.Kind, header, user, forced)
	if err != nil {
		return nil, err
	}
	res.Mapping, res.Unmapped = cm.Mapping(), cm.unmapped
	if err := cm.require(opt.Kind, ki.required()...); err != nil {
		return nil, err
	}

	// Learn the date order and decimal separator from the first rows.
	var buffered []srcRow
	for len(buffered) < prescanRows {
		r, ok := next()
		if !ok {
			break
		}
		buffered = append(buffered, r)
	}
	res.DateOrder, res.Decimal = detectFormats(cm, ki, buffered, &opt, info, res)

	// The backup is taken on a connection of its own while the import
	// writes: it reads the workspace as last committed, which the import
	// does not change before it commits, and it commits only once the
	// backup is safe.
	started, done := false, make(chan error, 1)
	startBackup := func() {
		if opt.DryRun || started {
			return
		}
		started = true
		go func() {
			if opt.backupHook != nil {
				opt.backupHook()
			}
			var err error
			res.Backup, err = db.Backup(ctx, "before-import")
			done <- err
		}()
	}
	waited, backupErr := false, error(nil)
	waitBackup := func() error {
		if started && !waited {
			waited = true
			if err := <-done; err != nil {
				backupErr = fmt.Errorf("backup before the import: %w", err)
			}
		}
		return backupErr
	}
	defer waitBackup()
	// The import's connection is closed afterwards, not put back in the
	// pool: a bulk load of deals writes the tables of the search index
	// directly, which FTS5 on that connection would not know of
	// (deals_search_side.go).
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Raw(func(any) error { return driver.ErrBadConn })
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := ki.begin(ctx, tx, cm, res); err != nil {
		return nil, err
	}
	// A bulk load keeps both cores busy reading, parsing and writing the
	// rows, and one idle while it builds its indexes: its backup is taken
	// then (finish).
	if bl, ok := ki.(bulkLoader); !ok || !bl.bulk() {
		startBackup()
	}
	// Parsing the values (dates, amounts, …) runs in its own goroutine too,
	// beside the database work: reading, parsing and writing overlap.
	prep, _ := ki.(preparer)
	parsed := make(chan []*importRow, 8)
	parseDone := make(chan struct{})
	order, decimal := res.DateOrder, res.Decimal
	go func(buffered []srcRow) {
		defer close(parseDone)
		defer close(parsed)
		batch := make([]*importRow, 0, 256)
		send := func() bool {
			select {
			case parsed <- batch:
				batch = make([]*importRow, 0, 256)
				return true
			case <-readCtx.Done():
				return false
			}
		}
		emit := func(r srcRow) bool {
			if filled(r.cells) == 0 {
				return true
			}
			ir := &importRow{cm: cm, sheet: sheetName, order: order, decimal: decimal, line: r.line, cells: r.cells}
			if isFooter(r.cells) {
				ir.footer = true
			} else if prep != nil {
				ir.prep = prep.prepare(ir)
			}
			batch = append(batch, ir)
			return len(batch) < cap(batch) || send()
		}
		for _, r := range buffered {
			if !emit(r) {
				return
			}
		}
		for {
			r, ok := next()
			if !ok {
				break
			}
			if !emit(r) {
				return
			}
		}
		if len(batch) > 0 {
			send()
		}
	}(buffered)
	defer func() {
		stop()
		for range parsed {
		}
		<-parseDone
	}()
	tally := func(out rowOutcome, r *importRow) {
		switch out {
		case rowInserted:
			res.Inserted++
		case rowUpdated:
			res.Updated++
		case rowUnchanged:
			res.Skipped++
		case rowCombined:
			res.Combined++
		case rowRejected:
			res.Errors++
			if len(res.Problems) < MaxProblems {
				res.Problems = append(res.Problems, r.problems...)
				reasons := make([]string, len(r.problems))
				for i, p := range r.problems {
					reasons[i] = p.String()
				}
				rej := make([]string, len(header)+1)
				copy(rej, r.cells)
				rej[len(header)] = strings.Join(reasons, "; ")
				res.Rejected = append(res.Rejected, rej)
			}
		}
	}
	handle := func(ir *importRow) error {
		if ir.footer {
			res.Footer++
			return nil
		}
		res.Read++
		out, err := ki.row(ctx, ir)
		if err != nil {
			return importError(res.File, ir.line, err)
		}
		tally(out, ir)
		if res.Read%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if opt.Progress != nil {
				opt.Progress(res.Read)
			}
		}
		if opt.rowHook != nil {
			opt.rowHook(res.Read)
		}
		return nil
	}
	for b := range parsed {
		for _, ir := range b {
			if err := handle(ir); err != nil {
				return nil, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := readFailed(); err != nil {
		return nil, err
	}
	if res.Read == 0 {
		return nil, domain.Errorf(domain.EINVALID, "%s has a header but no rows to import.", res.File)
	}
	if fl, ok := ki.(deferredRows); ok {
		if err := fl.flush(ctx, cm, sheetName, tally); err != nil {
			return nil, err
		}
	}
	for _, k := range []string{"accounts", "people", "stages", "teams"} {
		if n := len(res.Created[k]); n > 0 {
			res.Notes = append(res.Notes, fmt.Sprintf("new %s: %s", k, listSome(res.Created[k], 10)))
		}
	}
	if res.Footer > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%d report footer lines ignored", res.Footer))
	}
	if len(res.Unmapped) > 0 {
		res.Notes = append(res.Notes, "columns ignored: "+strings.Join(res.Unmapped, ", "))
	}
	startBackup()
	if err := ki.finish(ctx); err != nil {
		return nil, importError(res.File, 0, err)
	}
	if opt.Progress != nil {
		opt.Progress(res.Read)
	}
	if opt.DryRun {
		return res, nil // the deferred Rollback undoes the trial
	}
	if err := waitBackup(); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return res, nil
}

// importError names the file and the row an import failed at: line, or the
// rows of a batch of deals SQLite refused (learnt of a batch or more later).
func importError(file string, line int, err error) error {
	var be *batchError
	switch {
	case errors.As(err, &be):
		return fmt.Errorf("import %s %w", file, err)
	case line > 0:
		return fmt.Errorf("import %s row %d: %w", file, line, err)
	}
	return err
}

func listSome(ss []string, n int) string {
	if len(ss) <= n {
		return strings.Join(ss, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ss[:n], ", "), len(ss)-n)
}

func filled(cells []string) int {
	n := 0
	for _, c := range cells {
		if c != "" {
			n++
		}
	}
	return n
}

// footerRe matches the first cell of a report's footer lines (Salesforce:
// totals, "Confidential Information - Do Not Distribute", the copyright).
var footerRe = regexp.MustCompile(`(?i)^(grand totals?|totals?|subtotals?|sum|count|confidential information|copyright|©|\(c\)|generated by|salesforce\.com)\b`)

func isFooter(cells []string) bool {
	if filled(cells) > 4 {
		return false
	}
	for _, c := range cells {
		if c != "" {
			return footerRe.MatchString(c)
		}
	}
	return false
}

// detectFormats decides the date order and decimal separator from the
// buffered rows, noting what it decided when the data left it open.
func detectFormats(cm *columnMap, ki kindImporter, rows []srcRow, opt *ImportOptions, info sheets.SourceInfo, res *ImportResult) (sheets.DateOrder, byte) {
	var dayFirst, monthFirst, ambiguous string
	for _, f := range ki.dateFields() {
		for _, c := range cm.fields[f] {
			for _, r := range rows {
				if c >= len(r.cells) || r.cells[c] == "" {
					continue
				}
				v := r.cells[c]
				switch sheets.DateOrderOf(v) {
				case sheets.DayFirst:
					if dayFirst == "" {
						dayFirst = fmt.Sprintf("%s in column %s, row %d", v, cm.header[c], r.line)
					}
				case sheets.MonthFirst:
					if monthFirst == "" {
						monthFirst = fmt.Sprintf("%s in column %s, row %d", v, cm.header[c], r.line)
					}
				default:
					if _, err := sheets.ParseDate(v, sheets.DateAuto); errors.Is(err, sheets.ErrAmbiguous) && ambiguous == "" {
						ambiguous = v
					}
				}
			}
		}
	}
	order := opt.DateOrder
	fallback := opt.DateFallback
	if fallback == sheets.DateAuto {
		fallback = sheets.DayFirst
	}
	if order == sheets.DateAuto {
		switch {
		case dayFirst != "" && monthFirst != "":
			order = fallback
			res.Notes = append(res.Notes, fmt.Sprintf("dates are mixed: %s is day-first but %s is month-first; read %s", dayFirst, monthFirst, order))
		case dayFirst != "":
			order = sheets.DayFirst
			res.Notes = append(res.Notes, fmt.Sprintf("dates read day-first (as %s shows)", dayFirst))
		case monthFirst != "":
			order = sheets.MonthFirst
			res.Notes = append(res.Notes, fmt.Sprintf("dates read month-first (as %s shows)", monthFirst))
		default:
			order = fallback
			if ambiguous != "" {
				res.Notes = append(res.Notes, fmt.Sprintf("dates such as %s could be day-first or month-first: read %s", ambiguous, order))
			}
		}
	}
	dots, commas := 0, 0
	for _, f := range ki.numberFields() {
		for _, c := range cm.fields[f] {
			for _, r := range rows {
				if c < len(r.cells) {
					switch sheets.DecimalOf(r.cells[c]) {
					case '.':
						dots++
					case ',':
						commas++
					}
				}
			}
		}
	}
	dec := byte('.')
	switch {
	case commas > dots:
		dec = ','
	case dots == 0 && commas == 0 && info.Format == "csv" && info.Separator == ';':
		dec = ','
	}
	return order, dec
}

// importRow is the row being imported, with helpers that read its fields
// and record problems against the right column.
type importRow struct {
	cm       *columnMap
	sheet    string
	order    sheets.DateOrder
	decimal  byte
	line     int
	cells    []string
	problems []Problem
	footer   bool // a report's footer line, not data
	prep     any  // what the kind's prepare made of the row
}

// preparer is a kind importer that reads a row's values apart from the
// database (in the parsing goroutine); row then finds them in r.prep.
type preparer interface {
	prepare(r *importRow) any
}

func (r *importRow) fail(column, value, reason string) {
	r.problems = append(r.problems, Problem{Sheet: r.sheet, Row: r.line, Column: column, Value: value, Reason: reason})
}

// failValue records a value error: "'twelve' is not a number".
func (r *importRow) failValue(column, value string, err error) {
	r.fail(column, value, sheets.Reason(value, err))
}

func (r *importRow) has(f string) bool { return r.cm.has(f) }

// text returns the field's text ("" for empty, NA …).
func (r *importRow) text(f string) string {
	v, _ := r.cm.get(r.cells, f)
	if sheets.IsEmpty(v) {
		return ""
	}
	return v
}

// date returns the field's date; ok is false when it is empty or wrong (a problem is recorded).
func (r *importRow) date(f string) (time.Time, bool) {
	v, col := r.cm.get(r.cells, f)
	if sheets.IsEmpty(v) {
		return time.Time{}, false
	}
	t, err := sheets.ParseDate(v, r.order)
	if err != nil {
		if errors.Is(err, sheets.ErrBadDate) && r.order != sheets.DateAuto && !(len(v) > 4 && (v[4] == '-' || v[4] == '/')) {
			err = fmt.Errorf("is not a real date (reading %s)", r.order)
		}
		r.failValue(col, v, err)
		return time.Time{}, false
	}
	return t, true
}

// amount returns the field's amount in minor units with digits decimals and
// the currency written in the cell, if any.
func (r *importRow) amount(f string, digits int) (int64, string, bool) {
	v, col := r.cm.get(r.cells, f)
	if sheets.IsEmpty(v) {
		return 0, "", false
	}
	m, code, err := sheets.ParseAmount(v, digits, r.decimal)
	if err != nil {
		r.failValue(col, v, err)
		return 0, "", false
	}
	return m, code, true
}

func (r *importRow) rate(f string) (domain.Rate, bool) {
	v, col := r.cm.get(r.cells, f)
	if sheets.IsEmpty(v) {
		return 0, false
	}
	x, err := sheets.ParseRate(v, r.decimal)
	if err != nil {
		r.failValue(col, v, err)
		return 0, false
	}
	return domain.Rate(x), true
}

func (r *importRow) integer(f string) (int64, bool) {
	v, col := r.cm.get(r.cells, f)
	if sheets.IsEmpty(v) {
		return 0, false
	}
	// A count is never fractional: "1,200" and "1.200" group thousands
	// whatever the file's decimal separator.
	hint := r.decimal
	switch {
	case strings.Count(v, ",") == 1 && !strings.Contains(v, "."):
		hint = '.'
	case strings.Count(v, ".") == 1 && !strings.Contains(v, ","):
		hint = ','
	}
	m, _, err := sheets.ParseAmount(v, 0, hint)
	if err != nil {
		r.failValue(col, v, err)
		return 0, false
	}
	return m, true
}

// column is the header of the column feeding field f.
func (r *importRow) column(f string) string {
	_, col := r.cm.get(r.cells, f)
	return col
}

// FileHead is the start of a file to import: what the import dialog shows
// before the user maps the columns.
type FileHead struct {
	Format   string
	Sheets   []string // XLSX
	Sheet    string
	Encoding string
	Header   []string
	Sample   [][]string // the first rows under the header, as wide as it
	Preset   string
	Mapping  map[string]string // header → field as detected ("" = ignored)
}

// InspectFile reads the header and the first rows of a file for kind
// (encoding "" = detect).
func InspectFile(path, kind, sheet, encoding string, rows int) (*FileHead, error) {
	src, info, err := sheets.OpenSource(path, sheets.SourceOptions{Sheet: sheet, Encoding: encoding})
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%v", err)
	}
	defer src.Close()
	h := &FileHead{Format: info.Format, Sheets: info.Sheets, Sheet: info.Sheet, Encoding: info.Encoding}
	for i := 0; src.Next(); i++ {
		cells := append([]string(nil), src.Row()...)
		if h.Header == nil {
			if filled(cells) >= 2 {
				h.Header = cells
			} else if i >= headerScan {
				break
			}
			continue
		}
		if filled(cells) == 0 || isFooter(cells) {
			continue
		}
		row := make([]string, len(h.Header))
		copy(row, cells)
		h.Sample = append(h.Sample, row)
		if len(h.Sample) >= rows {
			break
		}
	}
	if err := src.Err(); err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%s: %v", filepath.Base(path), err)
	}
	if h.Header == nil {
		return h, domain.Errorf(domain.EINVALID, "%s has no header row (a row naming two or more columns) in its first %d rows: is it empty?", filepath.Base(path), headerScan)
	}
	h.Preset = DetectPreset(kind, h.Header)
	cm, err := mapColumns(kind, h.Header, nil, false)
	if err != nil {
		return nil, err
	}
	h.Mapping = map[string]string{}
	for c, hd := range h.Header {
		if strings.TrimSpace(hd) != "" {
			h.Mapping[hd] = cm.byColumn[c]
		}
	}
	return h, nil
}
