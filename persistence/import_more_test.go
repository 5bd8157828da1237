package persistence

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
	"salesops/persistence/sheets"
)

func TestImportAccountsUpsertsAndSetsTerritories(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	nordics := &domain.Territory{Name: "Nordics"}
	if err := db.CreateTerritory(ctx, nordics); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "a.csv", []byte("Account ID,Account Name,Billing Country,Employees,Annual Revenue,Territory\n"+
		"A1,Fjord AS,Norway,\"1,200\",\"€ 12.000.000,00\",nordics\n"+
		"A2,Alpi S.r.l.,Italy,80,,\n"+
		"A3,Nowhere Ltd,UK,10,,Atlantis\n"))
	res := mustImport(t, db, path, ImportOptions{Kind: "accounts"})
	if res.Inserted != 2 || res.Errors != 1 || !strings.Contains(res.Problems[0].String(), "row 4, column Territory: 'Atlantis' is not a territory") {
		t.Fatalf("%s %v", res.Summary(), res.Problems)
	}
	accs, _ := db.Accounts(ctx)
	if len(accs) != 2 || accs[1].Name != "Fjord AS" || accs[1].Employees != 1200 || accs[1].AnnualRevenue != 1_200_000_000 ||
		accs[1].TerritoryID != nordics.ID || accs[1].Assignment != domain.AssignedManual || accs[1].Country != "Norway" {
		t.Errorf("accounts = %+v", accs)
	}
	again := writeFile(t, "b.csv", []byte("Account ID,Name,Industry\nA2,Alpi S.r.l.,Textiles\nA1,Fjord AS,\n"))
	res = mustImport(t, db, again, ImportOptions{Kind: "accounts"})
	if res.Updated != 1 || res.Skipped != 1 {
		t.Errorf("second import: %s", res.Summary())
	}
	accs, _ = db.Accounts(ctx)
	if accs[0].Industry != "Textiles" || accs[0].Country != "Italy" || accs[1].TerritoryID != nordics.ID {
		t.Errorf("a column the file lacks must keep its value: %+v", accs)
	}
}

func TestImportPeopleWithManagersTeamsAndLoops(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	path := writeFile(t, "p.csv", []byte("Name,Email,Role,Manager,Team,Hire date,End date\n"+
		"Ada Lovelace,ada@example.com,Account executive,grace@example.com,Oslo,2024-03-01,\n"+
		"Grace Hopper,grace@example.com,Sales manager,,Oslo,2020-01-01,\n"+
		"Linus,linus@example.com,Wizard,,,,\n"+
		"Old Timer,old@example.com,SDR,ada@example.com,Milan,2019-01-01,2021-06-30\n"))
	res := mustImport(t, db, path, ImportOptions{Kind: "people"})
	// Grace is created when Ada's row names her as manager, then her own
	// row completes her: one insert becomes an update, no duplicate.
	if res.Inserted != 2 || res.Updated != 1 || res.Errors != 1 || !strings.Contains(res.Problems[0].String(), "row 4, column Role: 'Wizard' is not a role") {
		t.Fatalf("%s %v", res.Summary(), res.Problems)
	}
	people, _ := db.People(ctx)
	by := map[string]domain.Person{}
	for _, p := range people {
		by[p.Email] = p
	}
	if by["ada@example.com"].ManagerID != by["grace@example.com"].ID || by["grace@example.com"].Role != domain.RoleManager ||
		by["old@example.com"].Active || by["ada@example.com"].TeamID == 0 || by["ada@example.com"].TeamID != by["grace@example.com"].TeamID {
		t.Errorf("people = %+v", by)
	}
	if len(people) != 3 || by["grace@example.com"].Name != "Grace Hopper" {
		t.Errorf("%d people: a forward manager reference must resolve to the row below, not create a duplicate", len(people))
	}
	self := writeFile(t, "self.csv", []byte("Name,Email,Manager\nZed,zed@example.com,zed@example.com\nYan,yan@example.com,zed@example.com\n"))
	res = mustImport(t, db, self, ImportOptions{Kind: "people"})
	if res.Errors != 1 || res.Inserted != 1 || !strings.Contains(res.Problems[0].Reason, "cannot be their own manager") {
		t.Errorf("self-manager: %s %v", res.Summary(), res.Problems)
	}
	if n := count(t, db, "SELECT count(*) FROM people p JOIN people m ON m.id = p.manager_id WHERE p.email = 'yan@example.com' AND m.email = 'zed@example.com'"); n != 1 {
		t.Error("the refused row's person was forgotten, so the next row's manager is created afresh")
	}
	loop := writeFile(t, "loop.csv", []byte("Email,Manager\ngrace@example.com,ada@example.com\n"))
	res = mustImport(t, db, loop, ImportOptions{Kind: "people"})
	if res.Errors != 1 || !strings.Contains(res.Problems[0].Reason, "the hierarchy would loop") {
		t.Errorf("a loop was accepted: %s %v", res.Summary(), res.Problems)
	}
}

func TestImportQuotasSpreadsQuartersAndYears(t *testing.T) {
	db := MustOpenDB(t)
	createPersonT(t, db, domain.Person{Name: "Ada Lovelace", Email: "ada@example.com", Role: domain.RoleAE, Active: true})
	path := writeFile(t, "q.csv", []byte("Person,Period,Amount\nada@example.com,2026,\"120,000.12\"\nAda Lovelace,2026-Q3,\"30,000\"\nada lovelace,2026-07,50000\nada@example.com,2026-13,1\n"))
	res := mustImport(t, db, path, ImportOptions{Kind: "quotas"})
	if res.Inserted != 1 || res.Updated != 2 || res.Errors != 1 {
		t.Fatalf("%s %v", res.Summary(), res.Problems)
	}
	// 12,000,012 cents over 12 months = 1,000,001 each; Q3 then sets
	// 1,000,000 a month; July then 5,000,000.
	want := map[string]int{"2026-01": 1000001, "2026-06": 1000001, "2026-07": 5000000, "2026-08": 1000000, "2026-09": 1000000, "2026-12": 1000001}
	for m, w := range want {
		if got := count(t, db, "SELECT amount FROM quotas WHERE month = ?", m); got != w {
			t.Errorf("%s = %d, want %d", m, got, w)
		}
	}
}

func TestImportDayFirstOrMonthFirstFromTheData(t *testing.T) {
	cases := []struct {
		name, dates string
		fallback    sheets.DateOrder
		want        string
		note        string
	}{
		{"a day above 12 proves day-first", "03/04/2026\n13/04/2026", sheets.MonthFirst, "2026-04-03", "day-first"},
		{"a day above 12 in second place proves month-first", "03/04/2026\n04/13/2026", sheets.DayFirst, "2026-03-04", "month-first"},
		{"nothing proves: the locale decides and the note says so", "03/04/2026\n05/06/2026", sheets.MonthFirst, "2026-03-04", "could be day-first or month-first"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := MustOpenDB(t)
			lines := strings.Split(c.dates, "\n")
			content := "Name,Stage,Close date\n"
			for i, l := range lines {
				content += fmt.Sprintf("D%d,Proposal,%s\n", i, l)
			}
			res := mustImport(t, db, writeFile(t, "d.csv", []byte(content)), ImportOptions{DateFallback: c.fallback})
			if got := dealsByExt(t, db)["D0"].Close; got != c.want {
				t.Errorf("close date = %s, want %s", got, c.want)
			}
			if !strings.Contains(strings.Join(res.Notes, "\n"), c.note) {
				t.Errorf("notes = %v, want one saying %q", res.Notes, c.note)
			}
		})
	}
}

// exactCents rounds a decimal text to cents half away from zero, exactly.
func exactCents(t *testing.T, s string) int64 {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("%q is not a number", s)
	}
	r.Mul(r, big.NewRat(100, 1))
	neg := r.Sign() < 0
	r.Abs(r)
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if new(big.Int).Mul(m, big.NewInt(2)).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}

// sharedData finds ../shared/data from the repository (or its worktree).
func sharedData(t *testing.T) string {
	for _, up := range []string{"../../shared/data", "../../../shared/data", "../../../../shared/data"} {
		if fi, err := os.Stat(up); err == nil && fi.IsDir() {
			return up
		}
	}
	t.Skip("../shared/data is absent: the real sample files are not here")
	return ""
}

func TestImportRealSampleFilesMatchTheirOwnSums(t *testing.T) {
	dir := sharedData(t)
	mapping := map[string]string{"Row ID": "deal_id", "Product Name": "name", "Customer Name": "account", "Sales": "amount",
		"Order Date": "created", "Ship Date": "close_date"}
	t.Run("Superstore CSV (BOM, CRLF, day-first two-digit years)", func(t *testing.T) {
		path := filepath.Join(dir, "sample-superstore.csv")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		recs, err := csv.NewReader(bufio.NewReader(f)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var want int64
		col := -1
		for i, h := range recs[0] {
			if h == "Sales" {
				col = i
			}
		}
		for _, r := range recs[1:] {
			want += exactCents(t, r[col])
		}
		db := MustOpenDB(t)
		res := mustImport(t, db, path, ImportOptions{Map: mapping})
		if res.Read != len(recs)-1 || res.Inserted != res.Read || res.Errors != 0 || res.Encoding != "utf-8" {
			t.Fatalf("%s %v", res.Summary(), res.Problems[:min(5, len(res.Problems))])
		}
		if got := count(t, db, "SELECT sum(amount) FROM deals WHERE status = 'won'"); int64(got) != want {
			t.Errorf("sum of amounts = %d cents, the file's Sales add up to %d", got, want)
		}
		if got := count(t, db, "SELECT count(*) FROM deals WHERE created = '2019-01-03' AND close_date = '2019-01-07'"); got == 0 {
			t.Error("03/01/19 → 07/01/19 was not read day-first")
		}
		if again := mustImport(t, db, path, ImportOptions{Map: mapping}); again.Changed() {
			t.Errorf("re-import: %s", again.Summary())
		}
	})
	t.Run("Superstore XLSX (Excel serial dates, three sheets)", func(t *testing.T) {
		path := filepath.Join(dir, "superstore.xlsx")
		f, err := sheets.OpenWorkbook(path)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("Orders", excelize.Options{RawCellValue: true})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		var want int64
		col := -1
		for i, h := range rows[0] {
			if h == "Sales" {
				col = i
			}
		}
		for _, r := range rows[1:] {
			want += exactCents(t, r[col])
		}
		db := MustOpenDB(t)
		res := mustImport(t, db, path, ImportOptions{Sheet: "Orders", Map: mapping})
		if res.Read != len(rows)-1 || res.Inserted != res.Read || res.Errors != 0 {
			t.Fatalf("%s %v", res.Summary(), res.Problems[:min(5, len(res.Problems))])
		}
		if got := count(t, db, "SELECT sum(amount) FROM deals"); int64(got) != want {
			t.Errorf("sum of amounts = %d cents, the sheet's Sales add up to %d", got, want)
		}
		if got := count(t, db, "SELECT count(*) FROM deals WHERE close_date < '2015-01-01' OR close_date > '2019-12-31'"); got != 0 {
			t.Errorf("%d close dates outside 2015–2019: serial dates misread", got)
		}
		people := mustImport(t, db, path, ImportOptions{Kind: "people", Sheet: "People"})
		if people.Inserted != 4 {
			t.Errorf("People sheet: %s", people.Summary())
		}
	})
}

// TestImportKilledMidwayLeavesTheWorkspaceUnchanged runs an import in a
// child process, kills it with SIGKILL half-way and checks the workspace.
func TestImportKilledMidwayLeavesTheWorkspaceUnchanged(t *testing.T) {
	if os.Getenv("SALESOPS_IMPORT_CHILD") != "" {
		t.Skip("running as the child")
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "w.db")
	db := mustOpenAt(t, dbPath)
	seed := writeFile(t, "seed.csv", []byte("Deal ID,Name,Account,Stage,Amount,Close date\nS1,Seed,Acme,Proposal,100,\nS2,Seed 2,Acme,Closed Won,200,2026-01-01\n"))
	mustImport(t, db, seed, ImportOptions{})
	var b strings.Builder
	b.WriteString("Deal ID,Name,Account,Stage,Amount\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, "K%d,Deal %d,Account %d,Proposal,%d\n", i, i, i%500, i)
	}
	big := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(big, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	before := count(t, db, "SELECT count(*) FROM deals") + 1000*count(t, db, "SELECT count(*) FROM accounts")
	db.Close()

	cmd := exec.Command(os.Args[0], "-test.run", "^TestImportChildProcess$")
	cmd.Env = append(os.Environ(), "SALESOPS_IMPORT_CHILD=1", "SALESOPS_IMPORT_DB="+dbPath, "SALESOPS_IMPORT_FILE="+big)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	reached := false
	deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "ROWS 5000") {
			reached = true
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if !reached {
		t.Fatal("the child never reached row 5000")
	}
	db2 := mustOpenAt(t, dbPath)
	after := count(t, db2, "SELECT count(*) FROM deals") + 1000*count(t, db2, "SELECT count(*) FROM accounts")
	if after != before {
		t.Errorf("deals+accounts signature %d after the kill, %d before", after, before)
	}
	var ok string
	if err := db2.SQL().QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check = %q, %v", ok, err)
	}
}

// TestImportChildProcess is the child of the kill test: it imports and
// reports progress until it is killed.
func TestImportChildProcess(t *testing.T) {
	if os.Getenv("SALESOPS_IMPORT_CHILD") == "" {
		t.Skip("only runs as the child of TestImportKilledMidwayLeavesTheWorkspaceUnchanged")
	}
	db, err := Open(context.Background(), os.Getenv("SALESOPS_IMPORT_DB"))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = db.Import(context.Background(), os.Getenv("SALESOPS_IMPORT_FILE"), ImportOptions{Kind: "deals", rowHook: func(n int) {
		if n == 5000 {
			fmt.Println("ROWS 5000")
			os.Stdout.Sync()
			time.Sleep(time.Minute) // killed here, mid-transaction
		}
	}})
}
