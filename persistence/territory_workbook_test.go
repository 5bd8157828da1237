package persistence

import (
	"bytes"
	"context"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
)

// terrDesignBook builds a workbook from rows of cells, one slice per sheet; a
// nil sheet is left out.
func terrDesignBook(tb testing.TB, terr, rules [][]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	write := func(name string, rows [][]any) {
		if rows == nil {
			return
		}
		if _, err := f.NewSheet(name); err != nil {
			tb.Fatal(err)
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				tb.Fatal(err)
			}
		}
	}
	write(SheetTerritories, terr)
	write(SheetRules, rules)
	if terr != nil || rules != nil {
		f.DeleteSheet("Sheet1")
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

var (
	terrSheetHeader = []any{"Territory", "Parent", "Priority", "Owner email", "Overlay emails", "Effective from"}
	ruleSheetHeader = []any{"Territory", "Set", "Field", "Operator", "Value"}
)

func goodTerrDesign(tb testing.TB) []byte {
	return terrDesignBook(tb,
		[][]any{terrSheetHeader,
			{"Italy", "Europe", 10, "anna@example.com", "cleo@example.com; bruno@example.com", "2026-01-01"},
			{"Europe", "", 0, "", "", ""},
			{"Big Italy", "Europe", 20, "", "", ""},
		},
		[][]any{ruleSheetHeader,
			{"Italy", 1, "country", "=", "IT"},
			{"Big Italy", 1, "Country", "in", "IT;SM"},
			{"Big Italy", 1, "employees", "between", "1000.."},
			{"Big Italy", 2, "industry", "=", "Banking"},
		})
}

func TestImportTerritoryWorkbookAssignsAccountsAndRoundTrips(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	anna := createPersonT(t, db, domain.Person{Name: "Anna", Email: "anna@example.com", Active: true})
	createPersonT(t, db, domain.Person{Name: "Bruno", Email: "bruno@example.com", Active: true})
	createPersonT(t, db, domain.Person{Name: "Cleo", Email: "cleo@example.com", Active: true})
	small := createTerrAccountT(t, db, domain.Account{Name: "Small", Country: "IT", Employees: 10})
	bank := createTerrAccountT(t, db, domain.Account{Name: "Bank", Country: "FR", Industry: "banking"})
	big := createTerrAccountT(t, db, domain.Account{Name: "Big", Country: "IT", Employees: 1000})
	manual := createTerrAccountT(t, db, domain.Account{Name: "Manual", Country: "IT", Assignment: domain.AssignedManual})

	d, err := ParseTerritoryWorkbookBytes(goodTerrDesign(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a dry run counts and changes nothing", func(t *testing.T) {
		sum, err := db.ImportTerritoryDesign(ctx, d, domain.Day(2026, 3, 1), true)
		if err != nil || sum.Created != 3 || sum.Moved != 3 {
			t.Fatalf("%v, %v", sum, err)
		}
		if terrs, _ := db.Territories(ctx); len(terrs) != 0 {
			t.Errorf("a dry run created %d territories", len(terrs))
		}
	})
	sum, err := db.ImportTerritoryDesign(ctx, d, domain.Day(2026, 3, 1), false)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Created != 3 || sum.Rules != 4 || sum.OwnersSet != 3 || sum.Moved != 3 || sum.Locked != 1 || sum.Unassigned != 1 {
		t.Errorf("summary %s", sum)
	}
	ids := map[string]int64{}
	terrs, _ := db.Territories(ctx)
	for _, tr := range terrs {
		ids[tr.Name] = tr.ID
	}
	for _, c := range []struct {
		acct domain.Account
		terr string
		src  domain.AssignmentSource
	}{{small, "Italy", domain.AssignedRule}, {bank, "Big Italy", domain.AssignedRule}, {big, "Big Italy", domain.AssignedRule}, {manual, "", domain.AssignedManual}} {
		a := terrAccountT(t, db, c.acct.ID)
		if a.TerritoryID != ids[c.terr] || a.Assignment != c.src {
			t.Errorf("%s in %d (%s), want %s (%s)", a.Name, a.TerritoryID, a.Assignment, c.terr, c.src)
		}
	}
	owners, _ := db.TerritoryOwnersOn(ctx, ids["Italy"], domain.Day(2026, 1, 1))
	if len(owners) != 3 || owners[0].PersonID != anna.ID || owners[0].Role != domain.OwnerPrimary {
		t.Errorf("Italy's owners on 1 January: %+v", owners)
	}

	t.Run("export then import into an empty workspace gives the same design", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "territories.xlsx")
		if err := db.ExportTerritoryWorkbook(ctx, path, domain.Day(2026, 3, 1)); err != nil {
			t.Fatal(err)
		}
		back, err := ReadTerritoryWorkbook(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(back.Territories) != 3 || back.Territories[0].Name != "Europe" || len(back.Rules) != 4 {
			t.Fatalf("read back %+v", back)
		}
		it := back.Territories[2]
		if it.Name != "Italy" || it.Parent != "Europe" || it.Priority != 10 || it.Owner != "anna@example.com" ||
			strings.Join(it.Overlays, ";") != "bruno@example.com;cleo@example.com" || !it.From.Equal(domain.Day(2026, 1, 1)) {
			t.Errorf("Italy read back as %+v", it)
		}
		other := MustOpenDB(t)
		for _, e := range []string{"anna", "bruno", "cleo"} {
			createPersonT(t, other, domain.Person{Name: e, Email: e + "@example.com", Active: true})
		}
		if _, err := other.ImportTerritoryDesign(ctx, back, domain.Day(2026, 3, 1), false); err != nil {
			t.Fatal(err)
		}
		path2 := filepath.Join(t.TempDir(), "again.xlsx")
		if err := other.ExportTerritoryWorkbook(ctx, path2, domain.Day(2026, 3, 1)); err != nil {
			t.Fatal(err)
		}
		if a, b := dumpTerrBook(t, path), dumpTerrBook(t, path2); a != b {
			t.Errorf("the design changed on the way:\n%s\n---\n%s", a, b)
		}
	})
	t.Run("importing again changes nothing", func(t *testing.T) {
		sum, err := db.ImportTerritoryDesign(ctx, d, domain.Day(2026, 3, 2), false)
		if err != nil || sum.Created != 0 || sum.Updated != 3 || sum.Moved != 0 || sum.OwnersSet != 0 {
			t.Errorf("%s, %v", sum, err)
		}
	})
}

func dumpTerrBook(tb testing.TB, path string) string {
	tb.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, s := range f.GetSheetList() {
		rows, _ := f.GetRows(s)
		b.WriteString(s + "\n")
		for _, r := range rows {
			b.WriteString(strings.Join(r, "|") + "\n")
		}
	}
	return b.String()
}

func TestBadTerritoryWorkbooksNameSheetRowAndColumn(t *testing.T) {
	cases := []struct {
		name        string
		terr, rules [][]any
		want        string
	}{
		{"a missing sheet", [][]any{terrSheetHeader, {"A"}}, nil, `sheet "Rules" is missing`},
		{"a missing column", [][]any{{"Name"}, {"A"}}, [][]any{ruleSheetHeader}, `column "Territory" is missing`},
		{"a priority in words", [][]any{terrSheetHeader, {"A", "", "high"}}, [][]any{ruleSheetHeader}, "Sheet Territories, row 2, column C (Priority)"},
		{"a bad email", [][]any{terrSheetHeader, {"A"}, {"B", "", 1, "not-an-email"}}, [][]any{ruleSheetHeader}, "Sheet Territories, row 3, column D (Owner email)"},
		{"a bad overlay", [][]any{terrSheetHeader, {"A", "", 1, "", "a@b.c;nope"}}, [][]any{ruleSheetHeader}, "Sheet Territories, row 2, column E (Overlay emails)"},
		{"a bad date", [][]any{terrSheetHeader, {"A", "", 1, "", "", "soon"}}, [][]any{ruleSheetHeader}, "Sheet Territories, row 2, column F (Effective from)"},
		{"a duplicate territory", [][]any{terrSheetHeader, {"A"}, {"a"}}, [][]any{ruleSheetHeader}, "row 3, column A (Territory): \"a\" is already on row 2"},
		{"a parent loop", [][]any{terrSheetHeader, {"A", "B"}, {"B", "A"}}, [][]any{ruleSheetHeader}, "column B (Parent)"},
		{"an unknown field", [][]any{terrSheetHeader, {"A"}}, [][]any{ruleSheetHeader, {"A", 1, "colour", "=", "red"}}, "Sheet Rules, row 2, column C (Field)"},
		{"an unknown operator", [][]any{terrSheetHeader, {"A"}}, [][]any{ruleSheetHeader, {"A", 1, "country", "like", "I%"}}, "Sheet Rules, row 2, column D (Operator)"},
		{"a bad range", [][]any{terrSheetHeader, {"A"}}, [][]any{ruleSheetHeader, {"A", 1, "employees", "between", "999..1"}}, "Sheet Rules, row 2, column E (Value)"},
		{"a bad set", [][]any{terrSheetHeader, {"A"}}, [][]any{ruleSheetHeader, {"A", "first", "country", "=", "IT"}}, "Sheet Rules, row 2, column B (Set)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseTerritoryWorkbookBytes(terrDesignBook(t, c.terr, c.rules))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want a message containing %q", err, c.want)
			}
		})
	}
}

func TestTerritoryImportProblemsAgainstTheWorkspaceChangeNothing(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name        string
		terr, rules [][]any
		want        string
	}{
		{"an unknown owner", [][]any{terrSheetHeader, {"A", "", 1, "ghost@example.com"}}, [][]any{ruleSheetHeader}, "Sheet Territories, row 2, column D (Owner email): nobody has the email ghost@example.com"},
		{"an unknown parent", [][]any{terrSheetHeader, {"A", "Nowhere"}}, [][]any{ruleSheetHeader}, "Sheet Territories, row 2, column B (Parent): no territory \"Nowhere\""},
		{"a rule for an unknown territory", [][]any{terrSheetHeader, {"A"}}, [][]any{ruleSheetHeader, {"Z", 1, "country", "=", "IT"}}, "Sheet Rules, row 2, column A (Territory): no territory \"Z\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := MustOpenDB(t)
			d, err := ParseTerritoryWorkbookBytes(terrDesignBook(t, c.terr, c.rules))
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.ImportTerritoryDesign(ctx, d, domain.Day(2026, 1, 1), false)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
			if terrs, _ := db.Territories(ctx); len(terrs) != 0 {
				t.Errorf("a failed import left %d territories", len(terrs))
			}
		})
	}
}

func FuzzParseTerritoryWorkbook(f *testing.F) {
	f.Add(goodTerrDesign(f))
	f.Add(terrDesignBook(f, [][]any{terrSheetHeader, {"A", "B"}, {"B", "A"}}, [][]any{ruleSheetHeader}))
	f.Add(terrDesignBook(f, [][]any{terrSheetHeader, {"A"}}, [][]any{ruleSheetHeader, {"A", 1, "employees", "between", "1..2"}}))
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseTerritoryWorkbookBytes(data)
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("a bad workbook gave %v (%s), want an invalid-input message", err, domain.ErrorCode(err))
			}
			return
		}
		names := map[string]bool{}
		for _, tr := range d.Territories {
			if tr.Name == "" || names[strings.ToLower(tr.Name)] {
				t.Errorf("parsed an empty or duplicate territory %q", tr.Name)
			}
			names[strings.ToLower(tr.Name)] = true
		}
		for _, r := range d.Rules {
			rr := r.Rule
			if err := rr.Validate(); err != nil || rr.Set < 1 {
				t.Errorf("parsed an invalid rule %+v: %v", r.Rule, err)
			}
		}
	})
}

// TestCorruptTerritoryWorkbooksGiveAClearMessage damages a good workbook in
// 500 seeded ways (bytes changed, dropped, inserted): each either parses into
// a valid design or fails with an invalid-input message, never a panic.
func TestCorruptTerritoryWorkbooksGiveAClearMessage(t *testing.T) {
	seed := goodTerrDesign(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		c := append([]byte(nil), seed...)
		for k := 0; k < 1+rng.IntN(4); k++ {
			j := rng.IntN(len(c))
			switch rng.IntN(3) {
			case 0:
				c[j] = byte(rng.IntN(256))
			case 1:
				c = append(c[:j], c[j+1:]...)
			case 2:
				c = append(c[:j], append([]byte{byte(rng.IntN(256))}, c[j:]...)...)
			}
		}
		if _, err := ParseTerritoryWorkbookBytes(c); err != nil && domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("damage %d: %v (%s)", i, err, domain.ErrorCode(err))
		}
	}
}
