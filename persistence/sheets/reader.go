package sheets

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits against hostile files: a zip bomb or a giant cell gives a clear
// error, never an out-of-memory.
const (
	UnzipSizeLimit    = 1 << 30 // 1 GiB unpacked in all
	UnzipXMLSizeLimit = 64 << 20
	MaxCellLen        = 32767 // Excel's own limit
)

// unzipLimit is UnzipSizeLimit; a test lowers it to try a zip bomb
// without writing a gigabyte.
var unzipLimit int64 = UnzipSizeLimit

// OpenWorkbook opens an XLSX file for reading with the limits above.
func OpenWorkbook(path string) (*excelize.File, error) {
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: unzipLimit, UnzipXMLSizeLimit: min(UnzipXMLSizeLimit, unzipLimit)})
	if err != nil {
		if isUnzipLimit(err) {
			return nil, fmt.Errorf("%s unpacks to more than %d MB: refused", path, unzipLimit>>20)
		}
		return nil, fmt.Errorf("%s is not a readable XLSX workbook: %v", path, err)
	}
	return f, nil
}

// isUnzipLimit reports excelize's refusal of a file that unpacks past the limit.
func isUnzipLimit(err error) bool {
	return errors.Is(err, excelize.ErrOptionsUnzipSizeLimit) || strings.Contains(err.Error(), "unzip size exceeds")
}

// maxCellLen is MaxCellLen; a test lowers it (excelize itself cannot write
// a longer cell).
var maxCellLen = MaxCellLen

// TooLong reports whether s is longer than Excel lets a cell be: counted as
// Excel counts, in UTF-16 units, not bytes (a cell of 20,000 Cyrillic or
// Chinese characters is within the limit).
func TooLong(s string) bool {
	if len(s) <= maxCellLen {
		return false
	}
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++ // a surrogate pair
		}
	}
	return n > maxCellLen
}

// Table is a small sheet read whole: its header and its rows, each row as
// wide as the header. Row numbers in messages are the sheet's own (the header
// is row 1).
type Table struct {
	Sheet  string
	Header []string
	Rows   [][]string
	index  map[string]int
	first  int // sheet row number of the first data row
}

// ReadTable reads a sheet whose first non-empty row is the header, for the
// small design workbooks (territories, plans). Big imports stream instead.
// Trailing empty rows are dropped; a missing sheet is an error naming it.
func ReadTable(f *excelize.File, sheet string) (*Table, error) {
	idx, err := f.GetSheetIndex(sheet)
	if err != nil || idx < 0 {
		return nil, fmt.Errorf("sheet %q is missing", sheet)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("sheet %q: %v", sheet, err)
	}
	defer rows.Close()
	t := &Table{Sheet: sheet, index: map[string]int{}}
	line := 0
	for rows.Next() {
		line++
		cols, err := rows.Columns(excelize.Options{RawCellValue: false})
		if err != nil {
			return nil, fmt.Errorf("sheet %q row %d: %v", sheet, line, err)
		}
		for i, c := range cols {
			if TooLong(c) {
				return nil, fmt.Errorf("sheet %q: a cell in column %d is longer than %d characters", sheet, i+1, maxCellLen)
			}
			cols[i] = strings.TrimSpace(c)
		}
		if t.Header == nil {
			if isBlank(cols) {
				continue
			}
			t.Header = cols
			t.first = line + 1
			for i, h := range cols {
				t.index[strings.ToLower(h)] = i
			}
			continue
		}
		row := make([]string, len(t.Header))
		copy(row, cols)
		t.Rows = append(t.Rows, row)
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("sheet %q: %v", sheet, err)
	}
	for len(t.Rows) > 0 && isBlank(t.Rows[len(t.Rows)-1]) {
		t.Rows = t.Rows[:len(t.Rows)-1]
	}
	return t, nil
}

// Col is the index of the column titled name (case-insensitive), or -1.
func (t *Table) Col(name string) int {
	if i, ok := t.index[strings.ToLower(name)]; ok {
		return i
	}
	return -1
}

// Require returns an error naming the sheet and the first missing column.
func (t *Table) Require(names ...string) error {
	for _, n := range names {
		if t.Col(n) < 0 {
			return fmt.Errorf("sheet %q: column %q is missing", t.Sheet, n)
		}
	}
	return nil
}

// Get is the trimmed value of column name in row i ("" when absent).
func (t *Table) Get(i int, name string) string {
	c := t.Col(name)
	if c < 0 || c >= len(t.Rows[i]) {
		return ""
	}
	return t.Rows[i][c]
}

// RowNumber is the sheet row number of data row i, for messages.
func (t *Table) RowNumber(i int) int { return t.first + i }

func isBlank(cols []string) bool {
	for _, c := range cols {
		if c != "" {
			return false
		}
	}
	return true
}
