package persistence

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
	"salesops/persistence/sheets"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// dumpWorkbook renders every sheet of an XLSX file as text: for each cell
// its shown value, and its raw value when that differs; formulas are flagged.
func dumpWorkbook(tb testing.TB, path string) string {
	tb.Helper()
	f, err := sheets.OpenWorkbook(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, s := range f.GetSheetList() {
		fmt.Fprintf(&b, "## %s\n", s)
		rows, err := f.GetRows(s)
		if err != nil {
			tb.Fatal(err)
		}
		for r, row := range rows {
			var cells []string
			for c, v := range row {
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				raw, _ := f.GetCellValue(s, name, excelize.Options{RawCellValue: true})
				if fm, _ := f.GetCellFormula(s, name); fm != "" {
					v = "FORMULA " + fm
				}
				if raw != v {
					v += " [" + raw + "]"
				}
				cells = append(cells, v)
			}
			fmt.Fprintf(&b, "%d: %s\n", r+1, strings.Join(cells, " | "))
		}
		if p, err := f.GetPanes(s); err == nil && p.Freeze {
			fmt.Fprintf(&b, "frozen at %s\n", p.TopLeftCell)
		}
	}
	props, _ := f.GetDocProps()
	fmt.Fprintf(&b, "title %q, subject %q, description %q\n", props.Title, props.Subject, props.Description)
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file:\n--- want\n%s\n--- got\n%s", name, want, got)
	}
}

// smallCompany is a workspace with a few hand-written deals, people,
// accounts and quotas.
func smallCompany(t *testing.T) *DB {
	db := MustOpenDB(t)
	ctx := context.Background()
	s, _ := db.Settings(ctx)
	s.CompanyName = "Aurora AS"
	s.Rates = map[string]domain.Rate{"USD": domain.RateFromFloat(0.9)}
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "seed.csv", []byte("Deal ID,Name,Account,Owner,Stage,Amount,Currency,Created,Close date,Probability,Lost reason,Product\n"+
		"D1,=HYPERLINK(\"http://x\"),Acme,ada@example.com,Closed Won,1200.50,USD,2026-01-10,2026-03-15,,,Core\n"+
		"D2,Globex expansion,Globex,Grace Hopper,Negotiation,2000,EUR,2026-02-01,2026-04-30,60%,,\n"+
		"D3,Initech pilot,Initech,Grace Hopper,Closed Lost,500,,2026-01-13,2026-02-28,,Price,\n"+
		"D4,Open without amount,,,Prospecting,,,,,,,\n"))
	if res := mustImport(t, db, path, ImportOptions{}); res.Inserted != 4 {
		t.Fatalf("seed: %s %v", res.Summary(), res.Problems)
	}
	people := writeFile(t, "people.csv", []byte("Name,Email,Role,Manager,Team,Hire date\n"+
		"Linus Torvalds,linus@example.com,Sales manager,,Oslo,2020-01-01\n"+
		"Ada Lovelace,ada@example.com,Account executive,linus@example.com,Oslo,2024-03-01\n"))
	mustImport(t, db, people, ImportOptions{Kind: "people"})
	quotas := writeFile(t, "quotas.csv", []byte("Person,Period,Amount\nada@example.com,2026-Q1,\"10,000.01\"\n"))
	mustImport(t, db, quotas, ImportOptions{Kind: "quotas"})
	return db
}

func TestExportGoldenWorkbooks(t *testing.T) {
	db := smallCompany(t)
	ctx := context.Background()
	for _, kind := range ExportKinds {
		t.Run(kind, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), kind+".xlsx")
			if _, err := db.Export(ctx, kind, out, ExportOptions{}); err != nil {
				t.Fatal(err)
			}
			golden(t, "export-"+kind+".txt", dumpWorkbook(t, out))
		})
	}
	t.Run("template", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "t.xlsx")
		if err := WriteTemplate(out, "deals"); err != nil {
			t.Fatal(err)
		}
		golden(t, "template-deals.txt", dumpWorkbook(t, out))
		f, _ := sheets.OpenWorkbook(out)
		defer f.Close()
		cs, err := f.GetComments("Deals")
		if err != nil || len(cs) != len(ImportFields("deals"))-1 {
			t.Errorf("comments = %d, %v", len(cs), err)
		}
	})
}

func TestExportCSVIsInertAndExact(t *testing.T) {
	db := smallCompany(t)
	out := filepath.Join(t.TempDir(), "deals.csv")
	if _, err := db.ExportDeals(context.Background(), out, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	want := "D1,\"'=HYPERLINK(\"\"http://x\"\")\",Acme,Ada Lovelace,Closed Won,won,1200.50,USD,1080.45,2026-01-10,2026-03-15,1,Closed,,Core,,\n"
	if !strings.Contains(string(b), want) {
		t.Errorf("deals.csv =\n%s\nwant a line\n%s", b, want)
	}
}

func TestExportPeriodFiltersDealsAndQuotas(t *testing.T) {
	db := smallCompany(t)
	ctx := context.Background()
	p := domain.MustParsePeriod("2026-03", domain.CalendarYear)
	n, err := db.ExportDeals(ctx, filepath.Join(t.TempDir(), "d.xlsx"), ExportOptions{Period: p})
	if err != nil || n != 1 {
		t.Errorf("deals closing in March = %d, %v", n, err)
	}
	n, err = db.ExportQuotas(ctx, filepath.Join(t.TempDir(), "q.csv"), ExportOptions{Period: p})
	if err != nil || n != 1 {
		t.Errorf("quotas in March = %d, %v", n, err)
	}
	if _, err := db.ExportDeals(ctx, filepath.Join(t.TempDir(), "d.pdf"), ExportOptions{}); err == nil {
		t.Error("exported to .pdf")
	}
}

func TestDealsRoundTrip(t *testing.T) {
	for _, ext := range []string{".xlsx", ".csv"} {
		t.Run(ext, func(t *testing.T) {
			ctx := context.Background()
			src := MustOpenDB(t)
			if _, err := GenerateDemo(ctx, src, DemoOptions{Seed: 3, Sellers: 12, Deals: 600, AsOf: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}); err != nil {
				t.Fatal(err)
			}
			first := filepath.Join(t.TempDir(), "first"+ext)
			n, err := src.ExportDeals(ctx, first, ExportOptions{})
			if err != nil || n != 600 {
				t.Fatalf("export: %d, %v", n, err)
			}
			dst := MustOpenDB(t)
			s, _ := src.Settings(ctx)
			if err := dst.SaveSettings(ctx, s); err != nil {
				t.Fatal(err)
			}
			res := mustImport(t, dst, first, ImportOptions{})
			if res.Inserted != 600 || res.Errors != 0 {
				t.Fatalf("import: %s %v", res.Summary(), res.Problems)
			}
			second := filepath.Join(t.TempDir(), "second"+ext)
			if _, err := dst.ExportDeals(ctx, second, ExportOptions{}); err != nil {
				t.Fatal(err)
			}
			if ext == ".csv" {
				a, _ := os.ReadFile(first)
				b, _ := os.ReadFile(second)
				if string(a) != string(b) {
					t.Error("the CSV differs after a round trip")
				}
				return
			}
			a, b := dumpWorkbook(t, first), dumpWorkbook(t, second)
			if a != b {
				al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
				for i := range al {
					if i < len(bl) && al[i] != bl[i] {
						t.Fatalf("line %d differs:\n%s\n%s", i, al[i], bl[i])
					}
				}
				t.Fatal("the workbook differs after a round trip")
			}
		})
	}
}
