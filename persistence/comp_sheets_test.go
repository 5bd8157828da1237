package persistence

import (
	"context"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
	"salesops/persistence/sheets"
)

var testEUR = domain.Currency{Code: "EUR", Digits: 2}

func TestPlansWorkbookRoundTripsThroughExportAndImport(t *testing.T) {
	f := newCompFixture(t)
	ctx := context.Background()
	rich := domain.Plan{Name: "TI 2026", Status: domain.PlanActive, Period: domain.Quarter, Kind: domain.KindTargetIncentive,
		OTE: eur(160_000), TargetVariable: eur(40_000), TierMode: domain.TierRetroactive, TierBasis: domain.BasisAttainment,
		Threshold: int64(domain.RatePercent(50)), CapKind: domain.CapAttainment, Cap: int64(domain.RatePercent(200)), GateYTD: true,
		DrawType: domain.DrawRecoverable, DrawAmount: eur(1_500), ClawbackDays: 120, Crediting: domain.Crediting{Overlay: true},
		Tiers: []domain.Tier{{From: 0, To: int64(domain.RatePercent(50)), Rate: domain.RateFromFloat(0.5)},
			{From: int64(domain.RatePercent(50)), To: int64(domain.RateOne), Rate: domain.RateOne},
			{From: int64(domain.RateOne), Open: true, Rate: domain.RateFromFloat(1.5)}},
		Spiffs: []domain.Spiff{{Product: "Analytics add-on", MinAmount: eur(10_000), NewAccount: true, Amount: eur(250), Rate: domain.RateFromFloat(0.0125),
			From: domain.Day(2026, 7, 1), To: domain.Day(2026, 9, 30)}}}
	if err := f.db.SavePlan(ctx, &rich); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plans.xlsx")
	if err := f.db.WritePlansWorkbook(ctx, path); err != nil {
		t.Fatal(err)
	}
	x, err := sheets.OpenWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	// The sheets and their leading columns exactly as issue 7 names them.
	for name, head := range map[string]string{
		"Plans":       "plan|kind|period|tier_mode|tier_basis|threshold|cap|target_variable_pay|draw_type|draw_amount|clawback_days|gate_ytd",
		"Tiers":       "plan|from|to|rate",
		"Spiffs":      "plan|product|min_amount|amount|rate|from|to",
		"Assignments": "person email|plan|from|to",
	} {
		rows, err := x.GetRows(name)
		if err != nil || len(rows) == 0 {
			t.Fatalf("sheet %s: %v", name, err)
		}
		want := strings.Split(head, "|")
		if got := rows[0]; len(got) < len(want) || !reflect.DeepEqual(got[:len(want)], want) {
			t.Errorf("sheet %s header %q, want it to start %q", name, got, want)
		}
	}
	x.Close()
	wb, err := ReadPlansWorkbook(path, testEUR)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := f.db.Plans(ctx)
	if len(wb.Plans) != len(want) || len(wb.Assignments) != 3 {
		t.Fatalf("read %d plans, %d assignments", len(wb.Plans), len(wb.Assignments))
	}
	// Into a second workspace with the same people: the same plans come out.
	g := newCompFixture(t)
	if _, err := g.db.SQL().Exec("DELETE FROM comp_assignments"); err != nil {
		t.Fatal(err)
	}
	res, err := g.db.ImportPlans(ctx, wb, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Inserted != 1 || res.Updated != 2 || res.Assignments != 3 {
		t.Errorf("import %+v", res)
	}
	got, _ := g.db.Plans(ctx)
	for i := range got {
		got[i].ID, want[i].ID = 0, 0
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("plan %s came back as\n%+v\nwant\n%+v", want[i].Name, got[i], want[i])
		}
	}
}

func sheet(name string, rows ...string) *PlanSheet {
	s := &PlanSheet{Name: name}
	for i, r := range rows {
		cells := strings.Split(r, "|")
		if i == 0 {
			s.Header = cells
		} else {
			s.Rows = append(s.Rows, cells)
		}
	}
	return s
}

const plansHeader = "plan|kind|period|tier_mode|tier_basis|threshold|cap|target_variable_pay|draw_type|draw_amount|clawback_days|gate_ytd"

func goodSheets() map[string]*PlanSheet {
	return map[string]*PlanSheet{
		"Plans":       sheet("Plans", plansHeader, "AE|commission_rate|quarter|marginal|attainment|0||0|none|0|90|no"),
		"Tiers":       sheet("Tiers", "plan|from|to|rate", "AE|0|1|0.05", "AE|1|1.25|0.06", "AE|1.25||0.07"),
		"Spiffs":      sheet("Spiffs", "plan|product|min_amount|amount|rate|from|to", "AE|Core|1000|250||2026-07-01|46295"),
		"Assignments": sheet("Assignments", "person email|plan|from|to", "ada@example.com|AE|2026-01-01|"),
	}
}

func TestPlansWorkbookErrorsNameSheetRowAndColumn(t *testing.T) {
	wb, err := ParsePlanSheets(goodSheets(), testEUR)
	if err != nil {
		t.Fatal(err)
	}
	if p := wb.Plans[0]; len(p.Tiers) != 3 || p.Tiers[2].Rate != domain.RatePercent(7) || !p.Spiffs[0].To.Equal(domain.Day(2026, 9, 30)) {
		t.Fatalf("parsed %+v", p)
	}
	for _, c := range []struct {
		name string
		edit func(map[string]*PlanSheet)
		want string
	}{
		{"an unknown kind", func(s map[string]*PlanSheet) { s["Plans"].Rows[0][1] = "bonus" }, "Sheet Plans, row 2, column kind"},
		{"text in a number cell", func(s map[string]*PlanSheet) { s["Tiers"].Rows[1][3] = "six" }, "Sheet Tiers, row 3, column rate"},
		{"a tier of an unknown plan", func(s map[string]*PlanSheet) { s["Tiers"].Rows[2][0] = "XX" }, "Sheet Tiers, row 4, column plan"},
		{"a gap between tiers", func(s map[string]*PlanSheet) { s["Tiers"].Rows[1][1] = "1.1" }, "Sheet Tiers, row 3, column from: Plan AE, tier 2 (from 110 %) leaves a gap"},
		{"a negative rate in the last tier", func(s map[string]*PlanSheet) { s["Tiers"].Rows[2][3] = "-0.07" }, "Sheet Tiers, row 4, column rate: Plan AE, tier 3 (from 125 %): the rate -7 % is negative"},
		// Tiers out of order on the sheet: the row named is the tier's own.
		{"an overlap, tiers out of order", func(s map[string]*PlanSheet) {
			r := s["Tiers"].Rows
			r[0], r[2] = r[2], r[0]
			r[1][1] = "0.9"
		}, "Sheet Tiers, row 3, column from: Plan AE, tier 2 (from 90 %) overlaps tier 1, which ends at 100 %"},
		{"a last tier with an end", func(s map[string]*PlanSheet) { s["Tiers"].Rows[2][2] = "2" }, "Sheet Tiers, row 4, column to: Plan AE, tier 3"},
		{"a bad date", func(s map[string]*PlanSheet) { s["Spiffs"].Rows[0][5] = "31/31/2026" }, "Sheet Spiffs, row 2, column from"},
		{"a draw without an amount", func(s map[string]*PlanSheet) { s["Plans"].Rows[0][8] = "recoverable" },
			"Sheet Plans, row 2, column draw_amount: Plan AE: a draw needs an amount per period."},
		{"a target incentive without target pay", func(s map[string]*PlanSheet) { s["Plans"].Rows[0][1] = "target_incentive" },
			"Sheet Plans, row 2, column target_variable_pay: Plan AE: a target incentive plan needs"},
		{"a missing column", func(s map[string]*PlanSheet) { s["Tiers"].Header[3] = "pct" }, "Sheet Tiers: column rate is missing"},
		{"a missing sheet", func(s map[string]*PlanSheet) { delete(s, "Tiers") }, "Sheet Tiers is missing"},
		{"an assignment ending before it starts", func(s map[string]*PlanSheet) { s["Assignments"].Rows[0][3] = "2025-01-01" }, "Sheet Assignments, row 2, column to"},
		{"a negative rate", func(s map[string]*PlanSheet) { s["Tiers"].Rows[0][3] = "-0.05" }, "Sheet Tiers, row 2, column rate: Plan AE, tier 1 (from 0 %): the rate"},
	} {
		t.Run(c.name+" is refused", func(t *testing.T) {
			s := goodSheets()
			c.edit(s)
			_, err := ParsePlanSheets(s, testEUR)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
		})
	}
}

func TestImportOfPlansIsOneTransaction(t *testing.T) {
	f := newCompFixture(t)
	ctx := context.Background()
	s := goodSheets()
	s["Assignments"].Rows = append(s["Assignments"].Rows, []string{"nobody@example.com", "AE", "2026-01-01", ""})
	wb, err := ParsePlanSheets(s, testEUR)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := f.db.Plans(ctx)
	if _, err := f.db.ImportPlans(ctx, wb, false); err == nil || !strings.Contains(err.Error(), "Sheet Assignments, row 3, column person email") {
		t.Fatalf("import with an unknown person: %v", err)
	}
	after, _ := f.db.Plans(ctx)
	if len(after) != len(before) {
		t.Errorf("a failed import left %d plans, had %d", len(after), len(before))
	}
}

func FuzzParsePlanSheets(f *testing.F) {
	for _, s := range goodSheets() {
		for _, r := range s.Rows {
			f.Add(s.Name, strings.Join(r, "|"))
		}
	}
	f.Add("Tiers", "AE|1e400|NaN|-")
	f.Add("Plans", "AE|target_incentive|year|retroactive|amount|5%|1.234,56|x|recoverable|0|1.5|maybe")
	f.Fuzz(func(t *testing.T, sheetName, row string) {
		s := goodSheets()
		target := s[sheetName]
		if target == nil {
			target = s["Plans"]
		}
		target.Rows = append(target.Rows, strings.Split(row, "|"))
		wb, err := ParsePlanSheets(s, testEUR)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "Sheet ") && !strings.HasPrefix(err.Error(), "Plan ") && !strings.Contains(err.Error(), "plan") {
				t.Fatalf("error does not say where: %v", err)
			}
			return
		}
		for i := range wb.Plans {
			if err := wb.Plans[i].Validate(); err != nil {
				t.Fatalf("accepted an invalid plan: %v", err)
			}
		}
	})
}

func TestPayoutWorkbookSummaryEqualsTheStatements(t *testing.T) {
	f := newCompFixture(t)
	run := f.run(t, "2026-06", domain.Day(2026, 7, 1))
	path := filepath.Join(t.TempDir(), "payouts.xlsx")
	if err := WritePayoutWorkbook(&run, path); err != nil {
		t.Fatal(err)
	}
	x, err := sheets.OpenWorkbook(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	names := x.GetSheetList()
	if len(names) != 4 || names[0] != "Summary" {
		t.Fatalf("sheets %v", names)
	}
	summary, _ := x.GetRows("Summary", excelizeRaw)
	var total float64
	for _, r := range summary[1 : len(summary)-1] {
		v, _ := strconv.ParseFloat(r[11], 64)
		total += v
	}
	last := summary[len(summary)-1]
	if got, _ := strconv.ParseFloat(last[11], 64); got != total || got != 910 {
		t.Errorf("summary total %v, rows add to %v, want 910 (300 + 480 + 130)", got, total)
	}
	// Attainment of the whole: the sellers' 13,000 on their 30,000 of quota;
	// Mia's roll-up of the same bookings (she has no quota) is not counted twice.
	if got, _ := strconv.ParseFloat(last[5], 64); got != 0.433333 {
		t.Errorf("total attainment %v, want 0.433333 (13,000 / 30,000)", got)
	}
	for _, n := range names[1:] {
		rows, _ := x.GetRows(n, excelizeRaw)
		if h := strings.Join(rows[0], "|"); h != "Line|Kind|Deal|Period|Share|Credited|Amount|Explanation" {
			t.Errorf("statement %s header %s", n, h)
		}
		var sum float64
		for _, r := range rows[1 : len(rows)-1] {
			v, _ := strconv.ParseFloat(r[6], 64)
			sum += v
			// Each credited deal with its share and credited amount.
			if r[1] == "credit" && (r[2] == "" || r[4] == "" || r[5] == "") {
				t.Errorf("statement %s: credit line without deal, share or credited amount: %q", n, r)
			}
		}
		tot, _ := strconv.ParseFloat(rows[len(rows)-1][6], 64)
		if sum != tot {
			t.Errorf("statement %s: lines add to %v, total says %v", n, sum, tot)
		}
		if p := byName(run)[n]; tot != run.Currency.Major(p.Total) || !strings.Contains(rows[len(rows)-1][7], "quota") {
			t.Errorf("statement %s: total %v, summary says %v; %q", n, tot, run.Currency.Major(p.Total), rows[len(rows)-1][7])
		}
	}
}

var excelizeRaw = excelize.Options{RawCellValue: true}
