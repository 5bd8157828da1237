package sheets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

func readAll(t testing.TB, path string, opt SourceOptions) ([][]string, SourceInfo, error) {
	src, info, err := OpenSource(path, opt)
	if err != nil {
		return nil, info, err
	}
	defer src.Close()
	var rows [][]string
	for src.Next() {
		rows = append(rows, append([]string(nil), src.Row()...))
	}
	return rows, info, src.Err()
}

var csvCases = []struct {
	name, content string
	sep           rune
	enc           string
	rows          [][]string
}{
	{"comma LF", "a,b\n1,2\n", ',', "utf-8", [][]string{{"a", "b"}, {"1", "2"}}},
	{"semicolon CRLF with decimal commas", "a;b\r\n1,5;2\r\n", ';', "utf-8", [][]string{{"a", "b"}, {"1,5", "2"}}},
	{"tab", "a\tb\n1\t2\n", '\t', "utf-8", [][]string{{"a", "b"}, {"1", "2"}}},
	{"quoted separators do not count", "\"x,y,z\";b\n1;2\n", ';', "utf-8", [][]string{{"x,y,z", "b"}, {"1", "2"}}},
	{"UTF-8 BOM", "\xef\xbb\xbfNavn,Beløp\nÅse,10\n", ',', "utf-8", [][]string{{"Navn", "Beløp"}, {"Åse", "10"}}},
	{"Windows-1252", "Nom;Soci\xe9t\xe9\nL\xe9a;\x80 5\n", ';', "windows-1252", [][]string{{"Nom", "Société"}, {"Léa", "€ 5"}}},
	{"UTF-16 LE with BOM", "\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00", ',', "utf-16le", [][]string{{"a", "b"}, {"1", "2"}}},
	{"embedded newline and quotes", "a,b\n\"line 1\nline 2\",\"say \"\"hi\"\"\"\n", ',', "utf-8", [][]string{{"a", "b"}, {"line 1\nline 2", `say "hi"`}}},
	{"ragged rows and non-breaking spaces", "a,b,c\n\u00a01\u00a0\n", ',', "utf-8", [][]string{{"a", "b", "c"}, {"1"}}},
}

func TestCSVSource(t *testing.T) {
	for _, c := range csvCases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.csv")
			os.WriteFile(path, []byte(c.content), 0o644)
			rows, info, err := readAll(t, path, SourceOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if info.Separator != c.sep || info.Encoding != c.enc {
				t.Errorf("separator %q encoding %s, want %q %s", info.Separator, info.Encoding, c.sep, c.enc)
			}
			if len(rows) != len(c.rows) {
				t.Fatalf("rows = %q, want %q", rows, c.rows)
			}
			for i := range rows {
				if strings.Join(rows[i], "|") != strings.Join(c.rows[i], "|") {
					t.Errorf("row %d = %q, want %q", i+1, rows[i], c.rows[i])
				}
			}
		})
	}
}

func TestCSVEncodingChosenByName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.csv")
	os.WriteFile(path, []byte("a,b\n\xa4,2\n"), 0o644) // ¤ in Latin-1 is € in Latin-9
	rows, info, err := readAll(t, path, SourceOptions{Encoding: "iso-8859-15"})
	if err != nil || info.Encoding != "iso-8859-15" || rows[1][0] != "€" {
		t.Errorf("rows %q info %+v err %v", rows, info, err)
	}
	if _, _, err := OpenSource(path, SourceOptions{Encoding: "klingon"}); err == nil {
		t.Error("an unknown encoding was accepted")
	}
}

func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	t.Run("a zip bomb is refused before it is unpacked", func(t *testing.T) {
		path := filepath.Join(dir, "bomb.xlsx")
		f := excelize.NewFile()
		sw, _ := f.NewStreamWriter("Sheet1")
		row := make([]any, 20)
		for i := range row {
			row[i] = strings.Repeat("A", 200)
		}
		for r := 1; r <= 2000; r++ {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			sw.SetRow(cell, row)
		}
		sw.Flush()
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Stat(path)
		old := unzipLimit
		unzipLimit = 1 << 20 // 1 MB: the sheet unpacks to about 8 MB from a far smaller file
		defer func() { unzipLimit = old }()
		_, _, err := OpenSource(path, SourceOptions{})
		if err == nil || !strings.Contains(err.Error(), "unpacks to more than 1 MB") {
			t.Errorf("%d-byte bomb: err = %v", fi.Size(), err)
		}
	})
	t.Run("a cell past Excel's length limit", func(t *testing.T) {
		path := filepath.Join(dir, "long.xlsx")
		f := excelize.NewFile()
		sw, _ := f.NewStreamWriter("Sheet1")
		sw.SetRow("A1", []any{"Name", "Amount"})
		sw.SetRow("A2", []any{strings.Repeat("x", 101), 1})
		sw.Flush()
		f.SaveAs(path)
		old := maxCellLen
		maxCellLen = 100
		defer func() { maxCellLen = old }()
		_, _, err := readAll(t, path, SourceOptions{})
		if err == nil || !strings.Contains(err.Error(), "row 2, column 1: a cell is longer than 100 characters") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("the length limit counts characters as Excel does, not bytes", func(t *testing.T) {
		old := maxCellLen
		maxCellLen = 100
		defer func() { maxCellLen = old }()
		for _, c := range []struct {
			cell    string
			tooLong bool
		}{
			{strings.Repeat("ж", 100), false}, // 200 bytes, 100 characters
			{strings.Repeat("中", 100), false}, // 300 bytes
			{strings.Repeat("ж", 101), true},
			{strings.Repeat("😀", 50), false}, // 50 surrogate pairs: 100 UTF-16 units
			{strings.Repeat("😀", 50) + "x", true},
		} {
			if got := TooLong(c.cell); got != c.tooLong {
				t.Errorf("TooLong(%d characters of %q) = %v, want %v", utf8.RuneCountInString(c.cell), c.cell[:4], got, c.tooLong)
			}
		}
		for _, ext := range []string{".xlsx", ".csv"} {
			path := filepath.Join(dir, "cyrillic"+ext)
			if ext == ".csv" {
				os.WriteFile(path, []byte("Name,Amount\n"+strings.Repeat("ж", 100)+",1\n"), 0o644)
			} else {
				f := excelize.NewFile()
				f.SetSheetRow("Sheet1", "A1", &[]any{"Name", "Amount"})
				f.SetSheetRow("Sheet1", "A2", &[]any{strings.Repeat("ж", 100), 1})
				f.SaveAs(path)
			}
			rows, _, err := readAll(t, path, SourceOptions{})
			if err != nil || len(rows) != 2 || rows[1][0] != strings.Repeat("ж", 100) {
				t.Errorf("%s: a 100-character cell of 200 bytes: rows %d, err %v", ext, len(rows), err)
			}
		}
	})
	t.Run("a CSV without an end to its quote", func(t *testing.T) {
		path := filepath.Join(dir, "q.csv")
		os.WriteFile(path, []byte("a,b\n\""+strings.Repeat("x,", MaxRecordBytes)+"\n"), 0o644)
		_, _, err := readAll(t, path, SourceOptions{})
		if err == nil || !strings.Contains(err.Error(), "row 2") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a missing sheet is named", func(t *testing.T) {
		path := filepath.Join(dir, "s.xlsx")
		f := excelize.NewFile()
		f.SaveAs(path)
		if _, _, err := OpenSource(path, SourceOptions{Sheet: "Deals"}); err == nil || !strings.Contains(err.Error(), `no sheet "Deals" (it has Sheet1)`) {
			t.Errorf("err = %v", err)
		}
	})
}

func FuzzCSVSource(f *testing.F) {
	for _, c := range csvCases {
		f.Add([]byte(c.content))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, content []byte) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		rows, _, err := readAll(t, path, SourceOptions{})
		if err == nil && len(rows) > len(content)+1 {
			t.Fatalf("%d rows from %d bytes", len(rows), len(content))
		}
	})
}
