package persistence

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// writeFile writes content to name under a temporary folder.
func writeFile(tb testing.TB, name string, content []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	if err := os.WriteFile(path, content, 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

func mustImport(tb testing.TB, db *DB, path string, opt ImportOptions) *ImportResult {
	tb.Helper()
	if opt.Kind == "" {
		opt.Kind = "deals"
	}
	res, err := db.Import(context.Background(), path, opt)
	if err != nil {
		tb.Fatalf("Import(%s): %v", filepath.Base(path), err)
	}
	return res
}

type dealSnap struct {
	Ext, Name, Account, Owner, Stage, Status, Currency, Created, Close, Category string
	Amount, Value, Prob                                                          int64
	HasAmount                                                                    bool
}

// dealsByExt reads every deal with its names, by external ID (or name).
func dealsByExt(tb testing.TB, db *DB) map[string]dealSnap {
	tb.Helper()
	rows, err := db.DealPage(context.Background(), DealFilter{}, DealSort{Column: "id"}, 0, 1_000_000)
	if err != nil {
		tb.Fatal(err)
	}
	out := map[string]dealSnap{}
	for _, r := range rows {
		k := r.ExternalID
		if k == "" {
			k = r.Name
		}
		d := func(t interface{ IsZero() bool }, s string) string {
			if t.IsZero() {
				return ""
			}
			return s
		}
		out[k] = dealSnap{Ext: r.ExternalID, Name: r.Name, Account: r.Account, Owner: r.Owner, Stage: r.Stage, Status: string(r.Status),
			Currency: r.Currency, Created: d(r.Created, r.Created.Format("2006-01-02")), Close: d(r.CloseDate, r.CloseDate.Format("2006-01-02")),
			Category: string(r.Category), Amount: int64(r.Amount), Value: int64(r.Value), Prob: int64(r.Probability), HasAmount: r.HasAmount}
	}
	return out
}

func TestImportDealsFromEachPreset(t *testing.T) {
	cases := []struct {
		name, preset, file string
	}{
		{"Salesforce opportunity report with currency columns and footer", "salesforce",
			"Opportunity ID,Opportunity Name,Account Name,Amount Currency,Amount,Expected Revenue Currency,Expected Revenue,Close Date,Stage,Probability (%),Forecast Category,Opportunity Owner,Created Date\r\n" +
				"006A1,Acme renewal,Acme Corp,USD,\"1,200.50\",USD,600.25,3/15/2026,Closed Won,100,Closed,Ada Lovelace,1/10/2026\r\n" +
				"006A2,Globex expansion,Globex,EUR,\"2,000.00\",EUR,\"1,000.00\",4/30/2026,Negotiation,60,Commit,ada@example.com,2/1/2026\r\n" +
				"006A3,Initech pilot,Initech,EUR,500.00,EUR,0.00,2/28/2026,Closed Lost,0,Omitted,Grace Hopper,1/13/2026\r\n" +
				",,,,,,,,,,,,\r\n" +
				"Total,,,,\"3,700.50\",,,,,,,,\r\n" +
				"Confidential Information - Do Not Distribute,,,,,,,,,,,,\r\n" +
				"\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\",,,,,,,,,,,,\r\n"},
		{"HubSpot deals export", "hubspot",
			"Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Currency,Pipeline,Create Date,Associated Company\n" +
				"006A1,Acme renewal,Closed won,2026-03-15,Ada Lovelace,1200.5,USD,Sales Pipeline,2026-01-10 09:00,Acme Corp\n" +
				"006A2,Globex expansion,Negotiation,2026-04-30,ada@example.com,2000,EUR,Sales Pipeline,2026-02-01 10:00,Globex\n" +
				"006A3,Initech pilot,Closed lost,2026-02-28,Grace Hopper,500,EUR,Sales Pipeline,2026-01-13 11:00,Initech\n"},
		{"Pipedrive deals export", "pipedrive",
			"Deal - ID;Deal - Title;Deal - Owner;Deal - Stage;Deal - Value;Deal - Currency;Deal - Expected close date;Deal - Status;Organization - Name;Deal - Deal created\n" +
				"006A1;Acme renewal;Ada Lovelace;Negotiation;1200,50;USD;2026-03-15;won;Acme Corp;2026-01-10\n" +
				"006A2;Globex expansion;ada@example.com;Negotiation;2000;EUR;2026-04-30;open;Globex;2026-02-01\n" +
				"006A3;Initech pilot;Grace Hopper;Proposal;500;EUR;2026-02-28;lost;Initech;2026-01-13\n"},
		{"Zoho deals export", "zoho",
			"Record Id\tDeal Owner\tDeal Name\tAccount Name\tStage\tClosing Date\tAmount\tProbability (%)\tExpected Revenue\tCurrency\tCreated Time\n" +
				"006A1\tAda Lovelace\tAcme renewal\tAcme Corp\tClosed Won\t15/03/2026\t$1,200.50\t100\t1200.5\tUSD\t10/01/2026 09:00\n" +
				"006A2\tada@example.com\tGlobex expansion\tGlobex\tNegotiation\t30/04/2026\t2000\t60\t1200\tEUR\t01/02/2026 10:00\n" +
				"006A3\tGrace Hopper\tInitech pilot\tInitech\tClosed Lost\t28/02/2026\t500\t0\t0\tEUR\t13/01/2026 11:00\n"},
		{"our own template", "salesops",
			"deal_id,name,account,owner,stage,amount,currency,created,close_date,probability\n" +
				"006A1,Acme renewal,Acme Corp,Ada Lovelace,Closed Won,1200.50,USD,2026-01-10,2026-03-15,100%\n" +
				"006A2,Globex expansion,Globex,ada@example.com,Negotiation,2000,EUR,2026-02-01,2026-04-30,0.6\n" +
				"006A3,Initech pilot,Initech,Grace Hopper,Closed Lost,500,,2026-01-13,2026-02-28,0\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := MustOpenDB(t)
			ctx := context.Background()
			s, _ := db.Settings(ctx)
			s.Rates = map[string]domain.Rate{"USD": domain.RateFromFloat(0.9)}
			if err := db.SaveSettings(ctx, s); err != nil {
				t.Fatal(err)
			}
			ada := createPersonT(t, db, domain.Person{Name: "Ada Lovelace", Email: "ada@example.com", Role: domain.RoleAE, Active: true})
			_ = ada
			path := writeFile(t, "deals.csv", []byte(c.file))
			res := mustImport(t, db, path, ImportOptions{})
			if res.Preset != c.preset {
				t.Errorf("preset = %q, want %q", res.Preset, c.preset)
			}
			if res.Read != 3 || res.Inserted != 3 || res.Errors != 0 {
				t.Fatalf("summary %s; problems %v", res.Summary(), res.Problems)
			}
			got := dealsByExt(t, db)
			acme := got["006A1"]
			// 1,200.50 USD at 0.9 = 1,080.45 EUR.
			if acme.Status != "won" || acme.Amount != 120050 || acme.Currency != "USD" || acme.Value != 108045 || acme.Close != "2026-03-15" ||
				acme.Account != "Acme Corp" || acme.Owner != "Ada Lovelace" || acme.Prob != 1_000_000 {
				t.Errorf("Acme = %+v", acme)
			}
			globex := got["006A2"]
			if globex.Status != "open" || globex.Amount != 200000 || globex.Currency != "" || globex.Owner != "Ada Lovelace" || globex.Close != "2026-04-30" || globex.Created != "2026-02-01" {
				t.Errorf("Globex = %+v", globex)
			}
			if ini := got["006A3"]; ini.Status != "lost" || ini.Owner != "Grace Hopper" || ini.Created != "2026-01-13" || ini.Category != "omitted" {
				t.Errorf("Initech = %+v", ini)
			}
			if n := count(t, db, "SELECT count(*) FROM people"); n != 2 {
				t.Errorf("people = %d, want Ada plus Grace created", n)
			}
			if got := res.Created["people"]; len(got) != 1 || got[0] != "Grace Hopper" {
				t.Errorf("created people = %v", got)
			}
			if len(res.Created["accounts"]) != 3 {
				t.Errorf("created accounts = %v", res.Created["accounts"])
			}
			again := mustImport(t, db, path, ImportOptions{})
			if again.Changed() || again.Skipped != 3 || !strings.HasSuffix(again.Summary(), "nothing changed") {
				t.Errorf("re-import: %s", again.Summary())
			}
		})
	}
}

func TestImportReportsEveryProblemAndKeepsGoodRows(t *testing.T) {
	db := MustOpenDB(t)
	path := writeFile(t, "deals.csv", []byte("Deal ID,Name,Stage,Amount,Close date,Probability,Forecast category\n"+
		"D1,Good,Negotiation,100,2026-05-01,50,Commit\n"+
		"D2,Bad amount,Negotiation,twelve,2026-05-01,,\n"+
		"D3,Bad date,Negotiation,100,2026-02-30,,\n"+
		"D4,Won without amount,Closed Won,,2026-05-01,,\n"+
		"D5,Bad probability,Proposal,100,2026-05-01,150,\n"+
		"D6,Bad category,Proposal,100,2026-05-01,,Maybe\n"+
		",,Proposal,100,2026-05-01,,\n"+
		"D8,No stage,,100,2026-05-01,,\n"))
	dry := mustImport(t, db, path, ImportOptions{DryRun: true})
	if dry.Read != 8 || dry.Inserted != 1 || dry.Errors != 7 {
		t.Fatalf("dry run: %s", dry.Summary())
	}
	if n := count(t, db, "SELECT count(*) FROM deals"); n != 0 {
		t.Fatalf("a dry run wrote %d deals", n)
	}
	want := []string{
		"row 3, column Amount: 'twelve' is not a number",
		"row 4, column Close date: '2026-02-30' is not a real date",
		"row 5, column Amount: Won deal Won without amount needs an amount.",
		"row 6, column Probability: '150' is not a percentage between 0 and 100 %",
		"row 7, column Forecast category: 'Maybe' is not a forecast category: use Pipeline, Best case, Commit, Closed or Omitted",
		"row 8: a deal needs a name or an ID",
		"row 9, column Stage: a new deal needs a stage",
	}
	if len(dry.Problems) != len(want) {
		t.Fatalf("problems = %v", dry.Problems)
	}
	for i, w := range want {
		if got := dry.Problems[i].String(); got != w {
			t.Errorf("problem %d = %q, want %q", i, got, w)
		}
	}
	res := mustImport(t, db, path, ImportOptions{})
	if res.Inserted != 1 || res.Errors != 7 || len(res.Rejected) != 7 || res.Backup == "" {
		t.Fatalf("import: %s, backup %q", res.Summary(), res.Backup)
	}
	if r := res.Rejected[0]; r[0] != "D2" || r[len(r)-1] != want[0] {
		t.Errorf("rejected row = %q", r)
	}
	out := filepath.Join(t.TempDir(), "refused.xlsx")
	if err := WriteRejected(out, res); err != nil {
		t.Fatal(err)
	}
	f, err := sheets.OpenWorkbook(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := sheets.ReadTable(f, "Rejected deals")
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 7 || tab.Get(0, "Reason") != want[0] || tab.Get(0, "Amount") != "twelve" {
		t.Errorf("refused workbook = %v", tab.Rows)
	}
	if _, err := os.Stat(res.Backup); err != nil {
		t.Errorf("no backup before the import: %v", err)
	}
}

func TestImportUpdatesByExternalIDAndByAccountNameAndDate(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	first := writeFile(t, "a.csv", []byte("Deal ID,Name,Account,Stage,Amount,Close date\n"+
		"D1,Alpha,Acme,Proposal,100,2026-05-01\n"+
		",Beta,Acme,Proposal,200,2026-06-01\n"))
	mustImport(t, db, first, ImportOptions{})
	second := writeFile(t, "b.csv", []byte("Deal ID,Name,Account,Stage,Amount,Close date\n"+
		"D1,Alpha,Acme,Negotiation,150,2026-05-01\n"+
		",Beta,ACME,Proposal,250,2026-06-01\n"+
		",Beta,Acme,Proposal,300,2026-07-01\n"))
	res := mustImport(t, db, second, ImportOptions{})
	if res.Updated != 2 || res.Inserted != 1 {
		t.Fatalf("second import: %s", res.Summary())
	}
	got := dealsByExt(t, db)
	if a := got["D1"]; a.Stage != "Negotiation" || a.Amount != 15000 || a.Prob != 800000 {
		t.Errorf("D1 = %+v (a stage change takes the new stage's probability)", a)
	}
	var id int64
	if err := db.SQL().QueryRow("SELECT id FROM deals WHERE external_id = 'D1'").Scan(&id); err != nil {
		t.Fatal(err)
	}
	hist, err := db.DealHistory(ctx, id)
	if err != nil || len(hist) != 2 {
		t.Errorf("history = %v, %v; want amount and stage", hist, err)
	}
	if n := count(t, db, "SELECT count(*) FROM deals WHERE name = 'Beta'"); n != 2 {
		t.Errorf("Beta deals = %d", n)
	}
	if n := count(t, db, "SELECT amount FROM deals WHERE name = 'Beta' AND close_date = '2026-06-01'"); n != 25000 {
		t.Errorf("Beta June = %d", n)
	}
}

func TestImportCreatesStagesWithOutcomeInferred(t *testing.T) {
	db := MustOpenDB(t)
	path := writeFile(t, "d.csv", []byte("Name,Stage,Amount,Close date\n"+
		"A,Vinto,100,2026-05-01\nB,Perdu,100,2026-05-01\nC,Discovery,,\nD,closed_won,100,2026-05-02\n"))
	res := mustImport(t, db, path, ImportOptions{})
	if res.Inserted != 4 {
		t.Fatalf("%s %v", res.Summary(), res.Problems)
	}
	got := dealsByExt(t, db)
	if got["A"].Status != "won" || got["B"].Status != "lost" || got["C"].Status != "open" || got["D"].Stage != "Closed Won" {
		t.Errorf("statuses: %+v", got)
	}
	if c := res.Created["stages"]; len(c) != 3 {
		t.Errorf("created stages = %v", c)
	}
}

func TestImportEncodingsSeparatorsAndQuotes(t *testing.T) {
	win1252 := []byte("Name;Account;Amount;Close date;Stage\r\nCaf\xe9 cr\xe8me;Soci\xe9t\xe9 G\xe9n\xe9rale;1.234,56;31/01/2026;Closed Won\r\n\"Line\r\nbreak\";M\xfcller;\"2.000,00\";01/02/2026;Closed Won\r\n")
	db := MustOpenDB(t)
	res := mustImport(t, db, writeFile(t, "w.csv", win1252), ImportOptions{})
	if res.Encoding != "windows-1252" || res.Inserted != 2 {
		t.Fatalf("%s encoding %s problems %v", res.Summary(), res.Encoding, res.Problems)
	}
	got := dealsByExt(t, db)
	if d := got["Café crème"]; d.Account != "Société Générale" || d.Amount != 123456 || d.Close != "2026-01-31" {
		t.Errorf("café = %+v", d)
	}
	if d := got["Line\nbreak"]; d.Account != "Müller" || d.Amount != 200000 || d.Close != "2026-02-01" {
		t.Errorf("embedded newline = %+v (%v)", d, got)
	}
	bom := append([]byte("\xef\xbb\xbf"), []byte("Name\tAmount\tStage\nÅse\t10\tProposal\n")...)
	db2 := MustOpenDB(t)
	res = mustImport(t, db2, writeFile(t, "b.csv", bom), ImportOptions{})
	if res.Encoding != "utf-8" || res.Inserted != 1 || dealsByExt(t, db2)["Åse"].Amount != 1000 {
		t.Errorf("BOM tab file: %s %v", res.Summary(), res.Problems)
	}
}

func TestImportRefusesBadFilesAndChangesNothing(t *testing.T) {
	db := MustOpenDB(t)
	cases := map[string]struct {
		name, content, want string
	}{
		"empty file":          {"e.csv", "", "no header row"},
		"header only":         {"h.csv", "Name,Amount\n", "no rows to import"},
		"no name column":      {"n.csv", "Foo,Bar\n1,2\n", "No column for Name (name) or Deal ID (deal_id)"},
		"not a workbook":      {"x.xlsx", "hello", "not a readable XLSX workbook"},
		"unclosed giant cell": {"g.csv", "Name,Amount\n\"" + strings.Repeat("x", 40000) + "\n", "longer than"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := db.Import(context.Background(), writeFile(t, c.name, []byte(c.content)), ImportOptions{Kind: "deals"})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	if n := count(t, db, "SELECT count(*) FROM deals"); n != 0 {
		t.Errorf("deals = %d", n)
	}
	_, err := db.Import(context.Background(), writeFile(t, "m.csv", []byte("Name,Amount\nA,1\n")), ImportOptions{Kind: "deals", Map: map[string]string{"Nope": "name"}})
	if err == nil || !strings.Contains(err.Error(), `column "nope"`) {
		t.Errorf("unknown --map column: %v", err)
	}
}

func TestImportCancelledLeavesWorkspaceUnchanged(t *testing.T) {
	db := MustOpenDB(t)
	var b strings.Builder
	b.WriteString("Deal ID,Name,Stage,Amount\n")
	for i := 0; i < 3000; i++ {
		b.WriteString("D")
		b.WriteString(strings.Repeat("x", i%3))
		b.WriteString(itoa(int64(i)))
		b.WriteString(",Deal,Proposal,100\n")
	}
	path := writeFile(t, "big.csv", []byte(b.String()))
	ctx, cancel := context.WithCancel(context.Background())
	_, err := db.Import(ctx, path, ImportOptions{Kind: "deals", rowHook: func(n int) {
		if n == 1000 {
			cancel()
		}
	}})
	if err == nil {
		t.Fatal("a cancelled import succeeded")
	}
	if n := count(t, db, "SELECT count(*) FROM deals"); n != 0 {
		t.Errorf("deals after cancel = %d", n)
	}
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
}

// The backup before an import is taken while the import writes; it still
// holds the workspace as it was, indexes and all, even when it starts after
// the import has written rows (and, into an empty deals table, dropped the
// indexes it rebuilds at the end: there it starts once every row is in).
func TestTheBackupBeforeAnImportHoldsTheWorkspaceAsItWas(t *testing.T) {
	ctx := context.Background()
	var file strings.Builder
	file.WriteString("Deal ID,Name,Account,Stage,Amount,Close date\n")
	for i := 1; i <= 600; i++ {
		fmt.Fprintf(&file, "D%d,Deal %d,Account %d,Proposal,%d,2026-05-01\n", i, i, i%7, 100+i)
	}
	path := writeFile(t, "deals.csv", []byte(file.String()))
	for _, tc := range []struct {
		name  string
		deals int
	}{{"into an empty deals table", 0}, {"beside other deals", 1}} {
		t.Run(tc.name, func(t *testing.T) {
			db := MustOpenDB(t)
			if tc.deals > 0 {
				mustImport(t, db, writeFile(t, "one.csv", []byte("Deal ID,Name,Account,Stage,Amount,Close date\nX1,Before,Acme,Proposal,5,2026-04-01\n")), ImportOptions{})
			}
			indexes := count(t, db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'deals'")
			written := make(chan struct{})
			var rows, rowsAtBackup atomic.Int64
			res := mustImport(t, db, path, ImportOptions{
				rowHook: func(n int) {
					rows.Store(int64(n))
					if n == 400 {
						close(written)
					}
				},
				backupHook: func() {
					rowsAtBackup.Store(rows.Load())
					<-written
				},
			})
			if res.Inserted != 600 {
				t.Fatalf("import: %s", res.Summary())
			}
			// A bulk load takes its backup once the rows are in, while it
			// builds the indexes (the other core is idle then).
			if n := rowsAtBackup.Load(); tc.deals == 0 && n != 600 {
				t.Errorf("the backup started after %d rows of 600, want after all of them", n)
			}
			if n := count(t, db, "SELECT count(*) FROM deals"); n != 600+tc.deals {
				t.Errorf("workspace holds %d deals, want %d", n, 600+tc.deals)
			}
			raw, err := sql.Open("sqlite3", "file:"+res.Backup+"?mode=ro")
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			var deals, idx int
			if err := raw.QueryRow("SELECT count(*) FROM deals").Scan(&deals); err != nil || deals != tc.deals {
				t.Errorf("backup holds %d deals (%v), want %d", deals, err, tc.deals)
			}
			if err := raw.QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'deals'").Scan(&idx); err != nil || idx != indexes {
				t.Errorf("backup has %d indexes on deals (%v), want %d", idx, err, indexes)
			}
			if err := integrityCheck(ctx, raw, fullCheck); err != nil {
				t.Errorf("backup: %v", err)
			}
		})
	}
}
