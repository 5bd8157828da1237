package sheets

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
)

var excelizeRaw = excelize.Options{RawCellValue: true}

func TestWorkbookRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.xlsx")
	w, err := NewWorkbook(domain.Currency{Code: "EUR", Digits: 2})
	if err != nil {
		t.Fatal(err)
	}
	s, err := w.AddSheet("Deals/2026", []Column{{Title: "Name", Kind: Text}, {Title: "Amount", Kind: Money}, {Title: "Closed", Kind: Date}, {Title: "Win rate", Kind: Percent}, {Title: "Count", Kind: Int}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Row("=HYPERLINK(\"x\")", domain.Money(123456), time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), domain.Rate(630000), 3); err != nil {
		t.Fatal(err)
	}
	if err := s.TotalRow("Total", domain.Money(123456), nil, nil, 3); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f, err := OpenWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Deals-2026" {
		t.Fatalf("sheets = %v", got)
	}
	if v, _ := f.GetCellFormula("Deals-2026", "A2"); v != "" {
		t.Errorf("imported text became a formula: %q", v)
	}
	if v, _ := f.GetCellValue("Deals-2026", "A2"); v != "=HYPERLINK(\"x\")" {
		t.Errorf("A2 = %q", v)
	}
	raw, _ := f.GetCellValue("Deals-2026", "B2", excelizeRaw)
	if raw != "1234.56" {
		t.Errorf("amount raw = %q, want 1234.56", raw)
	}
	if v, _ := f.GetCellValue("Deals-2026", "C2"); v != "2026-07-01" {
		t.Errorf("date = %q", v)
	}
	if v, _ := f.GetCellValue("Deals-2026", "D2"); v != "63.0%" {
		t.Errorf("rate = %q", v)
	}
	tab, err := ReadTable(f, "Deals-2026")
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 2 || tab.Get(1, "name") != "Total" || tab.RowNumber(1) != 3 {
		t.Errorf("table = %+v", tab)
	}
	if err := tab.Require("Name", "Owner"); err == nil || err.Error() != `sheet "Deals-2026": column "Owner" is missing` {
		t.Errorf("require = %v", err)
	}
	if _, err := ReadTable(f, "Nope"); err == nil {
		t.Error("missing sheet read")
	}
}

func TestMoneyFormatAndInert(t *testing.T) {
	if got := MoneyFormat(domain.Currency{Code: "JPY"}); got != `#,##0 "JPY";(#,##0) "JPY"` {
		t.Errorf("JPY = %s", got)
	}
	for in, want := range map[string]string{"=1+1": "'=1+1", "-3": "'-3", "@x": "'@x", "ok": "ok", "": ""} {
		if got := InertCSV(in); got != want {
			t.Errorf("InertCSV(%q) = %q", in, got)
		}
	}
	if got := SheetName("a:very/long*name that goes past thirty-one"); got != "a-very-long-name that goes past" {
		t.Errorf("SheetName = %q", got)
	}
}

func TestEmptyTextIsAnEmptyCell(t *testing.T) {
	path := filepath.Join(t.TempDir(), "e.xlsx")
	w, err := NewWorkbook(domain.Currency{Code: "EUR", Digits: 2})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := w.AddSheet("S", []Column{{Title: "A", Kind: Text}, {Title: "B", Kind: Text}})
	if err := s.Row("", "x"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := w.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f, _ := OpenWorkbook(path)
	defer f.Close()
	if typ, _ := f.GetCellType("S", "A2"); typ != excelize.CellTypeUnset {
		t.Errorf("an empty string was written as a cell of type %v", typ)
	}
}
