package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
)

func findComp(t *testing.T, u *UI) *compTab {
	t.Helper()
	for _, c := range tabControllers(u) {
		if ct, ok := c.(*compTab); ok {
			ct.wait()
			t.Cleanup(ct.wait) // a run the test started ends before the next test builds its window
			return ct
		}
	}
	t.Fatal("no Comp plans tab")
	return nil
}

func TestCompTabBuildsAssignsRunsAndClosesAPeriod(t *testing.T) {
	u := newTestUI(t, 800)
	ct := findComp(t, u)
	u.SelectTab("Comp plans")
	if len(ct.plans) != 3 {
		t.Fatalf("the demo company shows %d plans, want 3", len(ct.plans))
	}

	// Build a plan with two tiers in the editor.
	test.Tap(compButton(t, ct, "New plan"))
	e := ct.editor
	e.name.SetText("Test plan")
	test.Tap(findEditorButton(t, e, "Add tier"))
	if len(e.tiers) != 2 {
		t.Fatalf("%d tiers after Add tier", len(e.tiers))
	}
	e.tiers[0].from.SetText("0")
	e.tiers[0].to.SetText("100")
	e.tiers[0].rate.SetText("5")
	e.tiers[1].from.SetText("100")
	e.tiers[1].to.SetText("")
	e.tiers[1].rate.SetText("8")
	test.Tap(e.save)
	if e.msg.Text != "Plan saved." {
		t.Fatalf("saving said %q", e.msg.Text)
	}
	ct.wait()
	i := ct.indexOfPlanName("Test plan")
	if i < 0 || len(ct.plans[i].Tiers) != 2 || ct.plans[i].Tiers[1].Rate != domain.RatePercent(8) {
		t.Fatalf("saved plan %+v", ct.plans)
	}

	// A gap between the tiers is refused, naming the tier.
	e.tiers[1].from.SetText("110")
	test.Tap(e.save)
	if !strings.Contains(e.msg.Text, "tier 2") || !strings.Contains(e.msg.Text, "gap") {
		t.Errorf("a gapped plan said %q", e.msg.Text)
	}

	// Assign it from October to the seller with the most bookings in Q4.
	ct.sub.SelectIndex(subPayouts)
	ct.wait()
	u.SetPeriod(domain.MustParsePeriod("2026-Q4", domain.CalendarYear))
	ct.wait()
	seller, most := "", domain.Money(0)
	for _, p := range ct.run.Payouts {
		if p.Plan == "AE commission" && p.Credited > most {
			seller, most = p.Name, p.Credited
		}
	}
	ct.asgPerson.SetSelected(seller)
	ct.asgPlan.SetSelected("Test plan")
	ct.asgFrom.SetText("2026-10-01")
	ct.onAssign()
	ct.wait()

	// Run Q4 2026 and open the seller's statement.
	u.SetPeriod(domain.MustParsePeriod("2026-Q4", domain.CalendarYear))
	ct.wait()
	row := -1
	for k, p := range ct.run.Payouts {
		if p.Name == seller {
			row = k
		}
		if p.SumLines() != p.Total {
			t.Errorf("%s: lines do not add up", p.Name)
		}
	}
	if row < 0 || ct.SummaryCell(row, 1) != "Test plan" {
		t.Fatalf("%s is not on Test plan in Q4: row %d", seller, row)
	}
	ct.summary.Select(widgetCell(row, 0))
	if !strings.HasPrefix(ct.stmtTitle.Text, "Statement of "+seller) {
		t.Errorf("statement title %q", ct.stmtTitle.Text)
	}
	found := false
	for r := 0; r < len(ct.run.Payouts[row].Lines); r++ {
		found = found || strings.Contains(ct.StatementCell(r, 2), "Tier 1")
	}
	if !found {
		t.Errorf("the statement has no tier line: %+v", ct.run.Payouts[row].Lines)
	}

	// An adjustment with its reason, then close the period: read-only after.
	if err := ct.AddAdjustment(ct.run.Payouts[row].PersonID, 12_345, "Onboarding bonus"); err != nil {
		t.Fatal(err)
	}
	ct.wait()
	if ct.run.Payouts[row].Adjustments != 12_345 {
		t.Errorf("adjustment not on the statement: %d", ct.run.Payouts[row].Adjustments)
	}
	// A mistaken adjustment is deleted while the period is open.
	if err := ct.AddAdjustment(ct.run.Payouts[row].PersonID, 99_999, "Typo"); err != nil {
		t.Fatal(err)
	}
	ct.wait()
	list, labels, err := ct.AdjustmentChoices()
	if err != nil || len(list) != 2 || !strings.Contains(labels[1], "Typo") || !strings.HasPrefix(labels[1], seller+": ") {
		t.Fatalf("adjustments offered for deletion: %v %q", err, labels)
	}
	if ct.unadjBtn.Disabled() || ct.run.Payouts[row].Adjustments != 12_345+99_999 {
		t.Fatalf("before the delete: button disabled %v, adjustments %d", ct.unadjBtn.Disabled(), ct.run.Payouts[row].Adjustments)
	}
	if err := ct.DeleteAdjustment(list[1].ID); err != nil {
		t.Fatal(err)
	}
	ct.wait()
	if p := ct.run.Payouts[row]; p.Adjustments != 12_345 || p.SumLines() != p.Total {
		t.Errorf("after deleting the typo: adjustments %d, lines %d, total %d", p.Adjustments, p.SumLines(), p.Total)
	}
	before := ct.SummaryCell(row, 10)
	ct.ClosePeriod()
	ct.wait()
	if !ct.run.Closed || !ct.closeBtn.Disabled() || !ct.adjustBtn.Disabled() || !strings.Contains(ct.runStatus.Text, "closed") {
		t.Fatalf("after closing: closed %v, status %q", ct.run.Closed, ct.runStatus.Text)
	}
	if ct.SummaryCell(row, 10) != before {
		t.Errorf("closing changed the payout: %s → %s", before, ct.SummaryCell(row, 10))
	}
	if err := ct.AddAdjustment(ct.run.Payouts[row].PersonID, 1, "late"); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("an adjustment in a closed period: %v", err)
	}
	if err := ct.DeleteAdjustment(list[0].ID); domain.ErrorCode(err) != domain.ECONFLICT || !ct.unadjBtn.Disabled() {
		t.Errorf("deleting an adjustment of a closed period: %v (button disabled %v)", err, ct.unadjBtn.Disabled())
	}

	// The plan paid the closed quarter: a new rate is refused in the editor
	// (a duplicate is the new version); a new name is fine.
	ct.onPlanSelected(ct.indexOfPlanName("Test plan"))
	ct.editor.tiers[1].rate.SetText("9")
	test.Tap(ct.editor.save)
	if !strings.Contains(ct.editor.msg.Text, "paid closed periods (2026-Q4)") || !strings.Contains(ct.editor.msg.Text, "Duplicate") {
		t.Errorf("changing the rate of a plan that paid a closed period said %q", ct.editor.msg.Text)
	}
	ct.onPlanSelected(ct.indexOfPlanName("Test plan"))
	ct.editor.name.SetText("Test plan 2026")
	test.Tap(ct.editor.save)
	if ct.editor.msg.Text != "Plan saved." {
		t.Errorf("renaming it said %q", ct.editor.msg.Text)
	}
}

func TestCompTabComparesTwoVersionsAndDrawsTheCurve(t *testing.T) {
	u := newTestUI(t, 300)
	ct := findComp(t, u)
	ct.list.Select(ct.indexOfPlanName("AE commission"))
	test.Tap(compButton(t, ct, "Duplicate"))
	ct.wait()
	if ct.indexOfPlanName("AE commission v2") < 0 {
		t.Fatalf("no duplicate: %v", ct.plans)
	}
	ct.compareA.SetSelected("AE commission")
	ct.compareB.SetSelected("AE commission v2")
	rows := ct.CompareRows()
	diff := map[string]bool{}
	for _, r := range rows {
		if r[3] != "" {
			diff[r[0]] = true
		}
	}
	if !diff["Name"] || !diff["Version"] || !diff["Status"] || diff["Tier 1"] {
		t.Errorf("differences %v", diff)
	}
	ct.sub.SelectIndex(subWhatIf)
	ct.wait()
	ct.whatPlan.SetSelected("AE commission")
	if s := ct.curve.Spec(); len(s.XLabels) != 21 || !s.HasData() {
		t.Errorf("payout curve %d points", len(s.XLabels))
	}
	if !strings.Contains(ct.scenarios.Text, "At 120") {
		t.Errorf("scenarios %q", ct.scenarios.Text)
	}

	// The scope narrows the run to a person; the workbook still covers everyone.
	someone := ct.full.Payouts[0]
	u.SetScope(Scope{Kind: ScopePerson, ID: someone.PersonID, Name: someone.Name})
	ct.wait()
	if len(ct.run.Payouts) != 1 || ct.run.Payouts[0].PersonID != someone.PersonID || len(ct.full.Payouts) < 2 {
		t.Errorf("scoped to %s: %d shown of %d", someone.Name, len(ct.run.Payouts), len(ct.full.Payouts))
	}

	// Plans go out as a workbook and come back in, unchanged in number.
	path := filepath.Join(t.TempDir(), "plans.xlsx")
	if err := u.DB.WritePlansWorkbook(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	if err := ct.ImportPlans(path); err != nil {
		t.Fatal(err)
	}
	ct.wait()
	if len(ct.plans) != 4 {
		t.Errorf("%d plans after re-importing the export, want 4", len(ct.plans))
	}
}

// walk visits every object under o, through containers, splits, scrolls, tabs and tab bodies.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, visit)
		}
	case *container.Split:
		walk(x.Leading, visit)
		walk(x.Trailing, visit)
	case *container.Scroll:
		walk(x.Content, visit)
	case *container.AppTabs:
		for _, it := range x.Items {
			walk(it.Content, visit)
		}
	case *tabBody:
		walk(x.content, visit)
	}
}

func buttonIn(t *testing.T, root fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var b *widget.Button
	walk(root, func(o fyne.CanvasObject) {
		if x, ok := o.(*widget.Button); ok && x.Text == text {
			b = x
		}
	})
	if b == nil {
		t.Fatalf("no button %q", text)
	}
	return b
}

func compButton(t *testing.T, ct *compTab, text string) *widget.Button {
	return buttonIn(t, ct.sub, text)
}

func findEditorButton(t *testing.T, e *planEditor, text string) *widget.Button {
	return buttonIn(t, e.content, text)
}

func widgetCell(row, col int) widget.TableCellID { return widget.TableCellID{Row: row, Col: col} }

// Every language's explanation sentences keep their fmt verbs: a statement
// computed in it has no "%!" and every amount in the language's format.
func TestPayoutExplanationsInEveryLanguage(t *testing.T) {
	u := newTestUI(t, 0)
	t.Cleanup(func() { _ = ApplyLanguage("") })
	q := domain.MustParsePeriod("2026-Q3", domain.CalendarYear)
	pct := domain.RatePercent
	plan := domain.Plan{Name: "P", Period: domain.Month, Kind: domain.KindCommissionRate, Threshold: 0, GateYTD: true,
		CapKind: domain.CapPayout, Cap: 100_000, DrawType: domain.DrawRecoverable, DrawAmount: 5_000_000,
		Tiers:  []domain.Tier{{From: 0, To: int64(domain.RateOne), Rate: pct(5)}, {From: int64(domain.RateOne), Open: true, Rate: pct(9)}},
		Spiffs: []domain.Spiff{{MinAmount: 100, Amount: 10_000, Rate: pct(1)}}}
	if err := plan.Validate(); err != nil {
		t.Fatal(err)
	}
	ti := plan
	ti.Kind, ti.TargetVariable, ti.TierMode = domain.KindTargetIncentive, 1_000_000, domain.TierRetroactive
	for _, code := range domain.Languages {
		if err := ApplyLanguage(code); err != nil {
			t.Fatal(err)
		}
		u.Fmt = NewFormat(code, "EUR")
		w := u.compWords()
		for _, pl := range []*domain.Plan{&plan, &ti} {
			in := domain.PayoutInput{Period: q, Currency: u.Fmt.Currency, Quota: 1_000_000, YTDQuota: 9, Words: w,
				Segments: []domain.Segment{{Plan: pl, From: q.Start(), To: q.Start().AddDate(0, 1, 0)}},
				Credits: []domain.CreditedDeal{{DealID: 1, Name: "D", CloseDate: q.Start(), Value: 2_000_000, Kind: domain.SplitRevenue, Share: pct(50), Amount: 2_000_000},
					{DealID: 2, Name: "E", CloseDate: q.Start(), Value: 50_000, Kind: domain.SplitRevenue, Share: domain.RateOne, Amount: 50_000, Via: "Bo"}},
				Extra: []domain.PayoutLine{
					domain.Clawback(domain.ClosedCredit{DealID: 3, DealName: "F", Period: "2026-06", CloseDate: domain.Day(2026, 6, 1), Earned: 100, ClawbackDays: 90}, domain.Day(2026, 7, 1), u.Fmt.Currency, w),
					domain.ManualAdjustment(-5, "x", w)}}
			out := domain.ComputePayout(in)
			if len(out.Lines) < 8 {
				t.Fatalf("%s: only %d lines", code, len(out.Lines))
			}
			for _, l := range out.Lines {
				if strings.Contains(l.Explanation, "%!") || strings.Contains(l.Explanation, "%[") {
					t.Errorf("%s: %q", code, l.Explanation)
				}
			}
			if code != "en" && strings.Contains(out.Lines[0].Explanation, " closed ") {
				t.Errorf("%s: the statement is still in English: %q", code, out.Lines[0].Explanation)
			}
		}
	}
}

func TestCompTabOpensOnTheFirstPlanNotAnEmptyForm(t *testing.T) {
	u := newTestUI(t, 300)
	ct := findComp(t, u)
	if len(ct.plans) == 0 {
		t.Fatal("the demo company has no plans")
	}
	if ct.selected != 0 || ct.editor.name.Text != ct.plans[0].Name {
		t.Fatalf("the editor shows %q (selected %d), want the first plan %q", ct.editor.name.Text, ct.selected, ct.plans[0].Name)
	}
	if ct.noPlans.Visible() {
		t.Error("the hint for an empty plan list shows beside the demo's plans")
	}
	// After New plan, a refresh (a period change) keeps the new plan being typed.
	test.Tap(compButton(t, ct, "New plan"))
	ct.editor.name.SetText("Draft in progress")
	u.SetPeriod(u.Period.Next())
	if ct.editor.name.Text != "Draft in progress" {
		t.Errorf("a refresh replaced the plan being typed with %q", ct.editor.name.Text)
	}
}

// TestAnEmptyPlanListSaysWhatToDo: a workspace without plans (deals just
// imported) says how to make one instead of an empty list.
func TestAnEmptyPlanListSaysWhatToDo(t *testing.T) {
	u := newTestUI(t, 0)
	ct := findComp(t, u)
	u.SelectTab("Comp plans")
	if len(ct.plans) != 0 || !ct.noPlans.Visible() || !strings.Contains(ct.noPlans.Text, "New plan") {
		t.Errorf("%d plans; the list's hint %q shows: %v", len(ct.plans), ct.noPlans.Text, ct.noPlans.Visible())
	}
}
