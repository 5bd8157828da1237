package sheets

import (
	"archive/zip"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// BenchmarkXLSXSource reads a whole deals sheet through OpenSource: the file
// named by SALESOPS_XLSX_BENCH (such as an export of 100,000 demo deals), or
// else a generated sheet of 100,000 rows shaped like one.
func BenchmarkXLSXSource(b *testing.B) {
	path := os.Getenv("SALESOPS_XLSX_BENCH")
	if path == "" {
		path = filepath.Join(b.TempDir(), "deals.xlsx")
		writeBenchDeals(b, path, 100_000)
	}
	var unpacked int64
	if f, err := os.Open(path); err == nil {
		unpacked = sheetBytes(b, f)
		f.Close()
	}
	b.SetBytes(unpacked)
	benchReadSheet(b, path)
}

// benchReadSheet reads the sheet at path once per iteration and reports the
// CPU time it took: CPU time counts where wall time does not on a busy
// machine, and where the import keeps both cores busy.
func benchReadSheet(b *testing.B, path string) {
	b.ReportAllocs()
	ops, cpu := 0, processCPU()
	for b.Loop() {
		ops++
		src, _, err := OpenSource(path, SourceOptions{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for src.Next() {
			n += len(src.Row())
		}
		if err := src.Err(); err != nil {
			b.Fatal(err)
		}
		src.Close()
		if n == 0 {
			b.Fatal("no cells read")
		}
	}
	b.ReportMetric((processCPU()-cpu).Seconds()/float64(ops), "cpu-s/op")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB") // all the memory the test process took from the system
}

// sheetBytes is the unpacked size of every part of the zip file f.
func sheetBytes(b *testing.B, f *os.File) int64 {
	fi, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	zr, err := zip.NewReader(f, fi.Size())
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, zf := range zr.File {
		n += int64(zf.UncompressedSize64)
	}
	return n
}

func writeBenchDeals(b testing.TB, path string, rows int) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"Deal ID", "Name", "Account", "Owner", "Stage", "Status", "Amount", "Currency", "Value (EUR)", "Created", "Close date", "Probability", "Forecast category", "Lost reason", "Product"})
	for r := 2; r <= rows+1; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		sw.SetRow(cell, []any{fmt.Sprintf("D-%07d", r), fmt.Sprintf("Account %d Inc. – Core licence", r%6000), fmt.Sprintf("Account %d Inc.", r%6000), "Ola Martin", "Closed Won", "won", 1000 + r%90000, "EUR", float64(r%90000) * 1.1, 45231 + r%700, 45265 + r%700, 0.5, "Closed", "", "Core licence"})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkXLSXSourceShared reads 100,000 deals written as Excel writes
// them: every text a shared string (half of them unique), rows with spans.
func BenchmarkXLSXSourceShared(b *testing.B) {
	path := filepath.Join(b.TempDir(), "shared.xlsx")
	writeSharedDeals(b, path, 100_000)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(sheetBytes(b, f))
	f.Close()
	benchReadSheet(b, path)
}

// writeSharedDeals writes a deals sheet with shared strings, as Excel does.
func writeSharedDeals(b testing.TB, path string, rows int) {
	var sst, sheet strings.Builder
	strs := map[string]int{}
	shared := func(s string) int {
		i, ok := strs[s]
		if !ok {
			i = len(strs)
			strs[s] = i
			fmt.Fprintf(&sst, "<si><t>%s</t></si>", s)
		}
		return i
	}
	for r := 1; r <= rows; r++ {
		fmt.Fprintf(&sheet, `<row r="%d" spans="1:8" x14ac:dyDescent="0.25">`, r)
		for c, s := range []string{fmt.Sprintf("D-%07d", r), fmt.Sprintf("Account %d Inc. – Core licence", r%6000), "Ola Martin", "Closed Won", "EUR"} {
			fmt.Fprintf(&sheet, `<c r="%c%d" s="1" t="s"><v>%d</v></c>`, 'A'+c, r, shared(s))
		}
		fmt.Fprintf(&sheet, `<c r="F%d" s="2"><v>%d</v></c><c r="G%d" s="3"><v>%d</v></c><c r="H%d"><v>0.5</v></c></row>`, r, 1000+r%90000, r, 45231+r%700, r)
	}
	xlsxParts(b, path, map[string]string{
		"xl/worksheets/sheet1.xml": sheetXML(sheet.String()),
		"xl/sharedStrings.xml":     fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>`, rows*5, len(strs), sst.String()),
	})
}
