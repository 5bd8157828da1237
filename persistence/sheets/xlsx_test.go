package sheets

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// excelizeRows reads a sheet as the XLSX source did before it streamed the
// zip itself: excelize's Rows and Columns with raw cell values, each cell
// trimmed, the line counted one per row. It is the reference the new reader
// must match.
func excelizeRows(t testing.TB, path, sheet string) (rows [][]string, lines []int, info SourceInfo, err error) {
	f, err := OpenWorkbook(path)
	if err != nil {
		return nil, nil, info, err
	}
	defer f.Close()
	info = SourceInfo{Format: "xlsx", Sheets: f.GetSheetList()}
	if sheet == "" {
		sheet = f.GetSheetName(f.GetActiveSheetIndex())
	}
	info.Sheet = sheet
	rs, err := f.Rows(sheet)
	if err != nil {
		return nil, nil, info, err
	}
	defer rs.Close()
	line := 0
	for rs.Next() {
		line++
		cols, err := rs.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return rows, lines, info, fmt.Errorf("row %d: %v", line, err)
		}
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = strings.TrimFunc(c, isSpace)
		}
		rows = append(rows, row)
		lines = append(lines, line)
	}
	return rows, lines, info, rs.Error()
}

// sourceRows reads a sheet through OpenSource, with each row's line.
func sourceRows(t testing.TB, path, sheet string) (rows [][]string, lines []int, info SourceInfo, err error) {
	src, info, err := OpenSource(path, SourceOptions{Sheet: sheet})
	if err != nil {
		return nil, nil, info, err
	}
	defer src.Close()
	for src.Next() {
		rows = append(rows, append([]string{}, src.Row()...))
		lines = append(lines, src.Line())
	}
	return rows, lines, info, src.Err()
}

// sameAsExcelize fails t unless path's sheet reads through OpenSource as it
// does through excelize.
func sameAsExcelize(t testing.TB, path, sheet string) {
	t.Helper()
	want, wantLines, wantInfo, wantErr := excelizeRows(t, path, sheet)
	got, gotLines, gotInfo, err := sourceRows(t, path, sheet)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("err = %v, excelize: %v", err, wantErr)
	}
	if strings.Join(gotInfo.Sheets, "|") != strings.Join(wantInfo.Sheets, "|") || gotInfo.Sheet != wantInfo.Sheet {
		t.Errorf("sheets %q, sheet %q; excelize: %q, %q", gotInfo.Sheets, gotInfo.Sheet, wantInfo.Sheets, wantInfo.Sheet)
	}
	if len(got) != len(want) {
		t.Errorf("%d rows, excelize %d", len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if strings.Join(got[i], "\x00") != strings.Join(want[i], "\x00") || len(got[i]) != len(want[i]) || gotLines[i] != wantLines[i] {
			t.Fatalf("row %d (line %d) = %q, excelize (line %d) %q", i+1, gotLines[i], got[i], wantLines[i], want[i])
		}
	}
}

func TestXLSXFileSameAsExcelize(t *testing.T) {
	path := os.Getenv("SALESOPS_XLSX_BENCH")
	if path == "" {
		t.Skip("SALESOPS_XLSX_BENCH names no file")
	}
	sameAsExcelize(t, path, "")
}
