package sheets

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// excelizeRows reads a sheet as the XLSX source did before it streamed the
// zip itself: excelize's Rows and Columns with raw cell values, each cell
// trimmed, the line counted one per row. It is the reference the new reader
// must match.
func excelizeRows(t testing.TB, path, sheet string, limit int) (rows [][]string, lines []int, info SourceInfo, err error) {
	f, err := OpenWorkbook(path)
	if err != nil {
		return nil, nil, info, err
	}
	defer f.Close()
	info = SourceInfo{Format: "xlsx", Sheets: f.GetSheetList()}
	if sheet == "" {
		sheet = f.GetSheetName(f.GetActiveSheetIndex())
	}
	for _, s := range info.Sheets {
		if strings.EqualFold(s, sheet) {
			sheet = s
		}
	}
	info.Sheet = sheet
	rs, err := f.Rows(sheet)
	if err != nil {
		return nil, nil, info, err
	}
	defer rs.Close()
	line := 0
	for (limit == 0 || line < limit) && rs.Next() {
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
func sourceRows(t testing.TB, path, sheet string, limit int) (rows [][]string, lines []int, info SourceInfo, err error) {
	src, info, err := OpenSource(path, SourceOptions{Sheet: sheet})
	if err != nil {
		return nil, nil, info, err
	}
	defer src.Close()
	for (limit == 0 || len(rows) < limit) && src.Next() {
		rows = append(rows, append([]string{}, src.Row()...))
		lines = append(lines, src.Line())
	}
	return rows, lines, info, src.Err()
}

// sameAsExcelize fails t unless path's sheet reads through OpenSource as it
// does through excelize.
func sameAsExcelize(t testing.TB, path, sheet string) {
	t.Helper()
	want, wantLines, wantInfo, wantErr := excelizeRows(t, path, sheet, 0)
	got, gotLines, gotInfo, err := sourceRows(t, path, sheet, 0)
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

// TestXLSXDealsSameAsExcelize reads a deals sheet written by the stream
// writer, or the file SALESOPS_XLSX_BENCH names (such as an export of
// 100,000 demo deals), as excelize reads it.
func TestXLSXDealsSameAsExcelize(t *testing.T) {
	path := os.Getenv("SALESOPS_XLSX_BENCH")
	if path == "" {
		path = filepath.Join(t.TempDir(), "deals.xlsx")
		writeBenchDeals(t, path, 3000)
	}
	sameAsExcelize(t, path, "")
}

// writeCellsWorkbook writes cells of every kind through excelize's cell
// setters (shared strings, rich text, formulas, booleans, dates, numbers,
// gaps), on a sheet "Deals" and an active second sheet "Other".
func writeCellsWorkbook(t testing.TB, path string) {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Deals"))
	must(f.SetSheetRow("Deals", "A1", &[]any{"Deal ID", "Name", "Amount", "Won", "Close date", "Note"}))
	must(f.SetSheetRow("Deals", "A2", &[]any{"D-1", "Ünïcødé ✓ 日本語 🚀", 1234.5, true, time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), `a & b < c > "d" 'e'`}))
	must(f.SetSheetRow("Deals", "A3", &[]any{"  padded  ", "\u00a0nbsp\u00a0", "line 1\nline 2", "tab\there", "cr\r\nlf", "_x0041_ and _x005F_x0041_"}))
	// Row 4 left out; row 5 with gaps between its cells.
	must(f.SetCellValue("Deals", "A5", "first"))
	must(f.SetCellValue("Deals", "C5", 3))
	must(f.SetCellValue("Deals", "F5", "sixth"))
	must(f.SetCellFormula("Deals", "A6", "1+2"))
	must(f.SetCellValue("Deals", "C6", 5))
	must(f.SetCellFormula("Deals", "C6", "2+3"))
	must(f.SetCellRichText("Deals", "A7", []excelize.RichTextRun{{Text: "Bold ", Font: &excelize.Font{Bold: true}}, {Text: "italic"}, {Text: " & plain"}}))
	must(f.SetCellValue("Deals", "B7", strings.Repeat("long ", MaxCellLen/5)))
	must(f.SetSheetRow("Deals", "A8", &[]any{-42, 1e-20, 1.7976931348623157e308, "007", 0.1 + 0.2, int64(9007199254740993), false, ""}))
	must(f.SetCellValue("Deals", "Z12", "far right"))
	must(f.SetCellValue("Deals", "A13", "ctrl \x01\x1f end"))
	must(f.SetCellValue("Deals", "B13", "]]> <![CDATA[ x ]]>"))
	must(f.SetCellValue("Deals", "C13", "   "))
	must(f.SetCellStr("Deals", "D13", "D-1")) // a shared string used twice
	idx, err := f.NewSheet("Other")
	must(err)
	must(f.SetSheetRow("Other", "A1", &[]any{"other", 1}))
	f.SetActiveSheet(idx)
	must(f.SaveAs(path))
}

// writeStreamWorkbook writes a sheet through excelize's StreamWriter, which
// writes strings inline (t="inlineStr"), rich text as inline runs.
func writeStreamWorkbook(t testing.TB, path string) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[int][]any{
		1: {"Deal ID", "Name", "Amount", "Close", "Won"},
		2: {"D-1", "Säge & Söhne <GmbH>", 100.25, time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), true},
		3: {"D-2", nil, -7, nil, false},
		5: {nil, nil, excelize.Cell{Formula: "SUM(C2:C3)", Value: 93.25}, excelize.Cell{Formula: "TODAY()"}},
		6: {[]excelize.RichTextRun{{Text: "rich "}, {Text: "inline", Font: &excelize.Font{Italic: true}}}, "  spaced  ", "emoji 🚀", "\u00a0"},
		9: {"after a gap", strings.Repeat("é", 1000)},
	}
	for r := 1; r <= 9; r++ {
		if cells, ok := rows[r]; ok {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			if err := sw.SetRow(cell, cells); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func TestXLSXSameAsExcelize(t *testing.T) {
	dir := t.TempDir()
	cells := filepath.Join(dir, "cells.xlsx")
	writeCellsWorkbook(t, cells)
	stream := filepath.Join(dir, "stream.xlsx")
	writeStreamWorkbook(t, stream)
	for _, c := range []struct{ name, path, sheet string }{
		{"cells of every kind through the cell setters", cells, "Deals"},
		{"the active sheet when no sheet is named", cells, ""},
		{"a sheet named in another case", cells, "dEALS"},
		{"inline strings through the stream writer", stream, ""},
	} {
		t.Run(c.name, func(t *testing.T) { sameAsExcelize(t, c.path, c.sheet) })
	}
	t.Run("the values themselves", func(t *testing.T) {
		rows, lines, info, err := sourceRows(t, cells, "deals", 0)
		if err != nil {
			t.Fatal(err)
		}
		if info.Sheet != "Deals" || strings.Join(info.Sheets, ",") != "Deals,Other" {
			t.Errorf("info %+v", info)
		}
		want := map[int][]string{
			2:  {"D-1", "Ünïcødé ✓ 日本語 🚀", "1234.5", "1", "46112", `a & b < c > "d" 'e'`},
			3:  {"padded", "nbsp", "line 1\nline 2", "tab\there", "cr\r\nlf", "A and _x0041_"}, // excelize does not escape "_x" when it writes
			4:  {},
			5:  {"first", "", "3", "", "", "sixth"},
			6:  {"", "", "5"},
			7:  {"Bold italic & plain", strings.TrimSpace(strings.Repeat("long ", MaxCellLen/5))},
			12: append(make([]string, 25), "far right"),
		}
		for i, l := range lines {
			if w, ok := want[l]; ok && strings.Join(rows[i], "|") != strings.Join(w, "|") {
				t.Errorf("row %d = %q, want %q", l, rows[i], w)
			}
		}
	})
}

// xlsxParts writes an XLSX package with the given parts, adding the parts
// every workbook has unless given: a workbook with sheets Sheet1 (and the
// shared strings when sst is set).
func xlsxParts(t testing.TB, path string, parts map[string]string) {
	base := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
	}
	for k, v := range parts {
		base[k] = v
	}
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	for name, content := range base {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	out.Close()
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`

func sheetXML(sheetData string) string {
	return sheetHead + `<dimension ref="A1"/><sheetData>` + sheetData + `</sheetData></worksheet>`
}

const sstXML = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">` +
	`<si><t>zero</t></si>` +
	`<si><r><rPr><b/></rPr><t xml:space="preserve">ri </t></r><r><t>ch</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh><phoneticPr fontId="1"/></si>` +
	`<si/>` +
	`<si><t>_x0041__x005F_x0042_ &amp; &#x41;&#66;</t></si>` +
	`<si><t>a</t><t>b</t></si>` +
	`</sst>`

// handSheets are sheets as other programs write them, each with the rows
// it must read as (the test also holds them against excelize).
var handSheets = []struct {
	name, sheetData string
	rows            [][]string
}{
	{"namespace prefixes on every element",
		`<x:row r="1" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c><x:c r="C1"><x:v>3</x:v></x:c></x:row>`,
		[][]string{{"zero", "inline", "3"}}},
	{"rows and cells without r",
		`<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row><row><c/><c><v>2</v></c></row><row r="4"><c r="B4"><v>4</v></c><c><v>5</v></c></row><row><c><v>6</v></c></row>`,
		[][]string{{"a", "1"}, {"", "2"}, {}, {"", "4", "5"}, {"6"}}},
	{"CDATA, entities, character references and xml:space",
		`<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<b>&amp;</b>]]></t></is></c><c r="B1" t="str"><v>A&amp;B&#10;C&#x41;&lt;&gt;&quot;&apos;</v></c><c r="C1" t="inlineStr"><is><t xml:space="preserve">  two  spaces  </t></is></c><c r="D1" t="str"><v>1<!-- a comment -->2<?pi x?>3</v></c><c r="E1" t="str"><v>cr` + "\r\n" + `lf` + "\r" + `cr</v></c></row>`,
		[][]string{{"<b>&amp;</b>", "A&B\nCA<>\"'", "two  spaces", "123", "cr\nlf\ncr"}}},
	{"rich inline text with a phonetic run",
		`<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve">Hello </t></r><r><t>world</t></r><rPh sb="0" eb="1"><t>ハロー</t></rPh></is></c></row>`,
		[][]string{{"Hello world"}}},
	{"shared strings: rich, empty, escaped, out of range, padded and not a number",
		`<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>2</v></c><c r="C1" t="s"><v>3</v></c><c r="D1" t="s"><v>99</v></c><c r="E1" t="s"><v> 4 </v></c><c r="F1" t="s"><v>x</v></c><c r="G1" t="s"><v></v></c><c r="H1" t="s"/></row>`,
		[][]string{{"ri ch", "", "A_x0042_ & AB", "", "b", "zero"}}},
	{"booleans, errors, dates, formulas and their results",
		`<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><v>#DIV/0!</v></c><c r="C1" t="d"><v>2024-01-02T03:04:05Z</v></c><c r="D1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="E1"><f>1+1</f></c><c r="F1" s="3"><v>0.1</v></c><c r="G1" t="n"><v>1E-3</v></c><c r="H1" t="inlineStr"><v>no is</v></c><c r="I1"><f/></c><c r="J1"/></row>`,
		[][]string{{"1", "#DIV/0!", "2024-01-02T03:04:05Z", "ab", "", "0.1", "1E-3", "no is", ""}}},
	{"cell references in other spellings",
		`<row r="2"><c r="$B$2"><v>b</v></c><c r="d2"><v>d</v></c><c r="C2"><v>c</v></c></row>`,
		[][]string{{}, {"", "b", "", "d", "c"}}},
	{"elements around the cells",
		`<row r="1" spans="1:3" ht="20" customHeight="1"><c r="A1"><extLst><v>deep</v></extLst></c><c r="B1"><v>1</v><v>2</v></c><c r="C1"><v>x<b>y</b>z</v></c></row>`,
		[][]string{{"deep", "2", "xz"}}},
	{"attributes in single quotes, spaced out, with entities and line breaks",
		"<row r = '1' >\n\t<c r='A1'\r\n t = \"inlineStr\"><is><t>q</t></is></c><c r=\"B1\" t='s' s=\"0\"><v>0</v></c><c r=\"&#67;1\"><v>c</v></c><c\nr='D1'/></row>",
		[][]string{{"q", "zero", "c"}}},
	{"no rows", ``, nil},
	{"an empty row at the end", `<row r="1"><c r="A1"><v>1</v></c></row><row r="3"/>`, [][]string{{"1"}, {}, {}}},
}

func TestXLSXHandWrittenSheets(t *testing.T) {
	dir := t.TempDir()
	for i, c := range handSheets {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("hand%d.xlsx", i))
			xlsxParts(t, path, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(c.sheetData), "xl/sharedStrings.xml": sstXML})
			sameAsExcelize(t, path, "")
			rows, _, _, err := sourceRows(t, path, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprintf("%q", rows) != fmt.Sprintf("%q", c.rows) && !(len(rows) == 0 && len(c.rows) == 0) {
				t.Errorf("rows = %q, want %q", rows, c.rows)
			}
		})
	}
}

// brokenSheets read up to a clear error, where excelize stopped silently
// (malformed XML), merged rows (out of order) or failed alike.
var brokenSheets = []struct {
	name, sheetData, err string
	rows                 int // rows read before the error
}{
	{"XML cut short", `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2`, "row 2: the sheet's XML ends inside an element", 1},
	{"a tag cut short", `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="`, "ends in the middle of a tag", 1},
	{"an unknown entity", `<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>`, "row 1: the sheet's XML is malformed", 0},
	{"rows out of order", `<row r="2"><c r="A2"><v>2</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>`, "row 1 follows row 2 in the sheet: its rows are out of order", 2},
	{"a row twice", `<row r="1"><c r="A1"><v>1</v></c></row><row r="1"/>`, "row 1 follows row 1", 1},
	{"a row number that is no number", `<row r="x1"><c r="A1"><v>1</v></c></row>`, `the row after row 0 has the number "x1"`, 0},
	{"a row past Excel's last", `<row r="1048577"/>`, "row number exceeds maximum limit", 0},
	{"a cell reference that is none", `<row r="1"><c r="11"><v>1</v></c></row>`, `row 1: cannot convert cell "11" to coordinates`, 0},
	{"a column past Excel's last", `<row r="1"><c r="XFE1"><v>1</v></c></row>`, "row 1: the column number must be", 0},
	{"text that is not UTF-8", `<row r="1"><c r="A1" t="str"><v>caf` + "\xe9" + `</v></c></row>`, "row 1: column 1: the text is not UTF-8", 0},
	{"an attribute without quotes", `<row r="1"><c r=A1><v>1</v></c></row>`, "is not quoted", 0},
}

func TestXLSXBrokenSheets(t *testing.T) {
	dir := t.TempDir()
	for i, c := range brokenSheets {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("broken%d.xlsx", i))
			xlsxParts(t, path, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(c.sheetData)[:len(sheetHead)+len(`<dimension ref="A1"/><sheetData>`)+len(c.sheetData)] + func() string {
				if strings.HasSuffix(c.sheetData, ">") {
					return `</sheetData></worksheet>`
				}
				return "" // cut short
			}()})
			rows, _, _, err := sourceRows(t, path, "", 0)
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("err = %v, want %q", err, c.err)
			}
			if len(rows) != c.rows {
				t.Errorf("%d rows before the error, want %d", len(rows), c.rows)
			}
		})
	}
}

func TestXLSXHostileFiles(t *testing.T) {
	dir := t.TempDir()
	t.Run("a piece of XML longer than 16 MB", func(t *testing.T) {
		path := filepath.Join(dir, "piece.xlsx")
		xlsxParts(t, path, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(`<row r="1"><c r="A1" t="str"><v>` + strings.Repeat("x", maxXMLPiece+1<<20) + `</v></c></row>`)})
		_, _, _, err := sourceRows(t, path, "", 0)
		if err == nil || !strings.Contains(err.Error(), "row 1: the sheet's XML has a tag or text longer than 16 MB") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("parts that unpack past the limit as they are read", func(t *testing.T) {
		path := filepath.Join(dir, "count.xlsx")
		xlsxParts(t, path, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(strings.Repeat(`<row><c t="str"><v>0123456789</v></c></row>`, 50000))})
		src, _, err := OpenSource(path, SourceOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		// As if the zip had said less than the parts hold.
		old := unzipLimit
		unzipLimit = 1 << 20
		defer func() { unzipLimit = old }()
		n := 0
		for src.Next() {
			n++
		}
		if err := src.Err(); err == nil || !strings.Contains(err.Error(), "count.xlsx unpacks to more than 1 MB: refused") || n == 0 || n >= 50000 {
			t.Errorf("%d rows, err = %v", n, src.Err())
		}
	})
	t.Run("shared strings past the memory cap", func(t *testing.T) {
		path := filepath.Join(dir, "sst.xlsx")
		xlsxParts(t, path, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(``), "xl/sharedStrings.xml": `<sst>` + strings.Repeat(`<si><t>0123456789</t></si>`, 100000) + `</sst>`})
		old := maxSharedStrings
		maxSharedStrings = 1 << 20
		defer func() { maxSharedStrings = old }()
		_, _, err := OpenSource(path, SourceOptions{})
		if err == nil || !strings.Contains(err.Error(), "its shared strings take more than 1 MB") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a password-protected workbook", func(t *testing.T) {
		path := filepath.Join(dir, "secret.xlsx")
		os.WriteFile(path, append(append([]byte{}, oleHeader...), make([]byte, 512)...), 0o644)
		_, _, err := OpenSource(path, SourceOptions{})
		if err == nil || !strings.Contains(err.Error(), "password-protected") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a file that is no zip", func(t *testing.T) {
		path := filepath.Join(dir, "text.xlsx")
		os.WriteFile(path, []byte("Deal ID,Name\n"), 0o644)
		_, _, err := OpenSource(path, SourceOptions{})
		if err == nil || !strings.Contains(err.Error(), "text.xlsx is not a readable XLSX workbook") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a sheet whose part is missing", func(t *testing.T) {
		path := filepath.Join(dir, "nopart.xlsx")
		xlsxParts(t, path, map[string]string{"xl/workbook.xml": `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="Ghost" sheetId="2" r:id="rId9"/></sheets></workbook>`, "xl/worksheets/sheet1.xml": sheetXML(``)})
		_, info, err := OpenSource(path, SourceOptions{Sheet: "ghost"})
		if err == nil || !strings.Contains(err.Error(), `sheet "Ghost" cannot be read`) || len(info.Sheets) != 2 {
			t.Errorf("info %+v err = %v", info, err)
		}
	})
}

// FuzzXLSXSheet reads fuzzed sheet XML (with the shared strings of the
// hand-written cases) through OpenSource and through excelize. The reader
// must never panic; where encoding/xml finds the sheet well-formed, both
// must give the same rows, or both an error, except for rows out of order,
// which only the new reader refuses.
func FuzzXLSXSheet(f *testing.F) {
	for _, c := range handSheets {
		f.Add(sheetXML(c.sheetData))
	}
	for _, c := range brokenSheets {
		f.Add(sheetXML(c.sheetData))
	}
	dir := f.TempDir()
	for _, write := range []func(testing.TB, string){writeCellsWorkbook, writeStreamWorkbook} {
		path := filepath.Join(dir, "seed.xlsx")
		write(f, path)
		zr, err := zip.OpenReader(path)
		if err != nil {
			f.Fatal(err)
		}
		for _, zf := range zr.File {
			if strings.HasPrefix(zf.Name, "xl/worksheets/") {
				rc, _ := zf.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				f.Add(string(b))
			}
		}
		zr.Close()
	}
	f.Fuzz(func(t *testing.T, sheet string) {
		path := filepath.Join(dir, "fuzz.xlsx")
		xlsxParts(t, path, map[string]string{"xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": sstXML})
		phase := "new reader"
		watch := time.AfterFunc(20*time.Second, func() { panic(phase + " hangs") })
		defer watch.Stop()
		// The first thousand rows: a row number can ask for a million.
		got, gotLines, _, err := sourceRows(t, path, "", 1000)
		phase = "excelize"
		if !wellFormed(sheet) || (err != nil && strings.Contains(err.Error(), "out of order")) {
			return
		}
		want, wantLines, _, wantErr := excelizeRows(t, path, "", 1000)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("err = %v, excelize: %v", err, wantErr)
		}
		if err != nil {
			return
		}
		if fmt.Sprintf("%q %v", got, gotLines) != fmt.Sprintf("%q %v", want, wantLines) {
			t.Fatalf("rows %q lines %v\nexcelize rows %q lines %v", got, gotLines, want, wantLines)
		}
	})
}

// wellFormed reports whether encoding/xml reads the whole of doc.
func wellFormed(doc string) bool {
	d := xml.NewDecoder(strings.NewReader(doc))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// Workbooks whose parts lie elsewhere or are named otherwise than excelize
// writes them.
func TestXLSXWorkbookParts(t *testing.T) {
	const strictMain = "http://purl.oclc.org/ooxml/spreadsheetml/main"
	const strictRel = "http://purl.oclc.org/ooxml/officeDocument/relationships"
	one := `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row>`
	two := `<row r="1"><c r="A1" t="inlineStr"><is><t>second</t></is></c></row>`
	rels := func(sheets ...string) string {
		s := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
		for i, target := range sheets {
			s += fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="%s"/>`, i+1, target)
		}
		return s + `<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	}
	workbook := func(ns, rel, views string) string {
		return `<workbook xmlns="` + ns + `" xmlns:r="` + rel + `">` + views + `<sheets><sheet name="One" sheetId="1" r:id="rId1"/><sheet name="Two" sheetId="2" r:id="rId2"/></sheets></workbook>`
	}
	for _, c := range []struct {
		name   string
		parts  map[string]string
		active string
	}{
		{"the second tab active", map[string]string{
			"xl/workbook.xml":            workbook("http://schemas.openxmlformats.org/spreadsheetml/2006/main", nsRelationships, `<bookViews><workbookView activeTab="1"/></bookViews>`),
			"xl/_rels/workbook.xml.rels": rels("worksheets/sheet1.xml", "worksheets/sheet2.xml"),
			"xl/worksheets/sheet1.xml":   sheetXML(one), "xl/worksheets/sheet2.xml": sheetXML(two), "xl/sharedStrings.xml": sstXML,
		}, "Two"},
		{"an active tab past the last", map[string]string{
			"xl/workbook.xml":            workbook("http://schemas.openxmlformats.org/spreadsheetml/2006/main", nsRelationships, `<bookViews><workbookView activeTab="7"/></bookViews>`),
			"xl/_rels/workbook.xml.rels": rels("worksheets/sheet1.xml", "worksheets/sheet2.xml"),
			"xl/worksheets/sheet1.xml":   sheetXML(one), "xl/worksheets/sheet2.xml": sheetXML(two), "xl/sharedStrings.xml": sstXML,
		}, "One"},
		{"strict OOXML namespaces", map[string]string{
			"_rels/.rels":                `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
			"xl/workbook.xml":            workbook(strictMain, strictRel, ``),
			"xl/_rels/workbook.xml.rels": rels("worksheets/sheet1.xml", "worksheets/sheet2.xml"),
			"xl/worksheets/sheet1.xml":   strings.ReplaceAll(sheetXML(one), "http://schemas.openxmlformats.org/spreadsheetml/2006/main", strictMain), "xl/worksheets/sheet2.xml": sheetXML(two),
			"xl/sharedStrings.xml": strings.ReplaceAll(sstXML, "http://schemas.openxmlformats.org/spreadsheetml/2006/main", strictMain),
		}, "One"},
		{"absolute targets and parts in other folders", map[string]string{
			"xl/workbook.xml":            workbook("http://schemas.openxmlformats.org/spreadsheetml/2006/main", nsRelationships, ``),
			"xl/_rels/workbook.xml.rels": rels("/xl/data/first.xml", "../other/second.xml"),
			"xl/data/first.xml":          sheetXML(one), "other/second.xml": sheetXML(two), "xl/sharedStrings.xml": sstXML,
		}, "One"},
		{"the workbook at the root of the zip", map[string]string{
			"_rels/.rels":             `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="workbook.xml"/></Relationships>`,
			"workbook.xml":            workbook("http://schemas.openxmlformats.org/spreadsheetml/2006/main", nsRelationships, ``),
			"_rels/workbook.xml.rels": strings.Replace(rels("sheets/one.xml", "sheets/two.xml"), `Target="sharedStrings.xml"`, `Target="xl/sharedStrings.xml"`, 1),
			"sheets/one.xml":          sheetXML(one), "sheets/two.xml": sheetXML(two), "xl/sharedStrings.xml": sstXML,
		}, "One"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "wb.xlsx")
			xlsxParts(t, path, c.parts)
			for _, sheet := range []string{"", "one", "TWO"} {
				sameAsExcelize(t, path, sheet)
			}
			_, info, err := OpenSource(path, SourceOptions{})
			if err != nil || info.Sheet != c.active || strings.Join(info.Sheets, ",") != "One,Two" {
				t.Errorf("info %+v, err %v; want the active sheet %s", info, err, c.active)
			}
			rows, _, _, err := sourceRows(t, path, "one", 0)
			if err != nil || fmt.Sprint(rows) != "[[zero 1]]" {
				t.Errorf("rows %q err %v", rows, err)
			}
		})
	}
}
