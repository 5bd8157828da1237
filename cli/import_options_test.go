package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportOptions checks --preset, --encoding, --date-order and
// --combine-lines: each case imports a file into a new workspace and reads
// the deals back through `export deals` to CSV.
func TestImportOptions(t *testing.T) {
	cases := []struct {
		name    string
		file    string // content; the name ends .csv
		args    []string
		code    int
		summary string   // stdout of the import (code 0)
		deals   []string // lines of the exported CSV that must be there
		errs    string   // part of stderr (code != 0)
	}{
		{name: "a forced preset ignores the columns it does not know",
			file: "Opportunity ID,Opportunity Name,Owner,Stage,Amount,Close Date\n006A,Acme,Grace Hopper,Closed Won,100,2026-03-15\n",
			args: []string{"--preset", "salesforce"}, summary: "read 1, inserted 1, updated 0, skipped 0, errors 0\n",
			deals: []string{"006A,Acme,,,Closed Won,won,100.00,EUR,100.00,,2026-03-15,"}},
		{name: "a preset that is not one",
			file: "Opportunity ID,Opportunity Name\n006A,Acme\n", args: []string{"--preset", "sugar"}, code: 1,
			errs: `"sugar" is not a preset: use salesforce, hubspot, pipedrive, zoho, salesops`},
		{name: "UTF-8 detected",
			file:    "Deal ID,Name,Stage,Amount,Close date\nD1,Caf\xc3\xa9,Closed Won,5,2026-01-02\n",
			summary: "read 1, inserted 1, updated 0, skipped 0, errors 0\n", deals: []string{"D1,Café,"}},
		{name: "the same bytes read as Windows-1252",
			file: "Deal ID,Name,Stage,Amount,Close date\nD1,Caf\xc3\xa9,Closed Won,5,2026-01-02\n", args: []string{"--encoding", "windows-1252"},
			summary: "read 1, inserted 1, updated 0, skipped 0, errors 0\n", deals: []string{"D1,CafÃ©,"}},
		{name: "ISO-8859-1",
			file: "Deal ID,Name,Stage,Amount,Close date\nD1,Bj\xf8rn,Closed Won,5,2026-01-02\n", args: []string{"--encoding", "ISO-8859-1"},
			summary: "read 1, inserted 1, updated 0, skipped 0, errors 0\n", deals: []string{"D1,Bjørn,"}},
		{name: "an encoding that is not one",
			file: "Deal ID,Name\nD1,x\n", args: []string{"--encoding", "klingon"}, code: 1,
			errs: `--encoding: "klingon" is not an encoding Salesops knows`},
		{name: "day-first",
			file: "Deal ID,Name,Stage,Amount,Close date\nD1,A,Closed Won,5,03/04/2026\n", args: []string{"--date-order", "dmy"},
			summary: "read 1, inserted 1, updated 0, skipped 0, errors 0\n", deals: []string{",2026-04-03,"}},
		{name: "month-first",
			file: "Deal ID,Name,Stage,Amount,Close date\nD1,A,Closed Won,5,03/04/2026\n", args: []string{"--date-order", "mdy"},
			summary: "read 1, inserted 1, updated 0, skipped 0, errors 0\n", deals: []string{",2026-03-04,"}},
		{name: "year-first with a two-digit year",
			file: "Deal ID,Name,Stage,Amount,Close date\nD1,A,Closed Won,5,26/03/04\n", args: []string{"--date-order", "ymd"},
			summary: "read 1, inserted 1, updated 0, skipped 0, errors 0\n", deals: []string{",2026-03-04,"}},
		{name: "a date order that is not one",
			file: "Deal ID,Name\nD1,x\n", args: []string{"--date-order", "dd/mm"}, code: 1,
			errs: `--date-order: "dd/mm" is not a date order: use dmy, mdy or ymd`},
		{name: "order lines refused",
			file:    "Order ID,Product,Sales,Order Date\nO1,Chairs,10.50,2026-02-01\nO1,Tables,20,2026-02-01\nO2,Paper,1,2026-02-02\n",
			args:    []string{"--map", "Order ID=deal_id,Product=name,Sales=amount,Order Date=close_date"},
			summary: "read 3, inserted 2, updated 0, skipped 0, errors 1\n", deals: []string{"O1,Chairs,,,Closed Won,won,10.50,"}},
		{name: "order lines combined",
			file:    "Order ID,Product,Sales,Order Date\nO1,Chairs,10.50,2026-02-01\nO1,Tables,20,2026-02-01\nO2,Paper,1,2026-02-02\n",
			args:    []string{"--map", "Order ID=deal_id,Product=name,Sales=amount,Order Date=close_date", "--combine-lines"},
			summary: "read 3, inserted 2, updated 0, skipped 0, errors 0, combined 1\n", deals: []string{"O1,Chairs,,,Closed Won,won,30.50,"}},
		{name: "combine lines of people", file: "Name,Email\nAda,a@x.com\n", args: []string{"--kind", "people", "--combine-lines"}, code: 2,
			errs: "--combine-lines sums the lines of one deal"},
		{name: "an encoding for a territories workbook", file: "Name,Email\nAda,a@x.com\n", args: []string{"--kind", "territories", "--encoding", "utf-8"}, code: 2,
			errs: "--encoding, --date-order and --combine-lines read tables"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			db, file := filepath.Join(dir, "w.db"), filepath.Join(dir, "in.csv")
			if err := os.WriteFile(file, []byte(c.file), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errs := run(append(append([]string{"import", "--db", db}, c.args...), file)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, c.code, out, errs)
			}
			if c.code != 0 {
				if !strings.Contains(errs, c.errs) || strings.Count(strings.TrimSpace(errs), "\n") > 1 && c.code == 1 {
					t.Errorf("stderr %q, want %q", errs, c.errs)
				}
				return
			}
			if out != c.summary {
				t.Errorf("summary %q, want %q", out, c.summary)
			}
			csv := filepath.Join(dir, "out.csv")
			if code, _, errs := run("export", "--db", db, "deals", "-o", csv); code != 0 {
				t.Fatal(errs)
			}
			got, _ := os.ReadFile(csv)
			for _, want := range c.deals {
				if !strings.Contains(string(got), want) {
					t.Errorf("exported deals lack %q:\n%s", want, got)
				}
			}
		})
	}
}
