package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
)

func findTerritories(t *testing.T, u *UI) *territoriesTab {
	t.Helper()
	loadInBackground = false
	t.Cleanup(func() { loadInBackground = true })
	for _, c := range tabControllers(u) {
		if tt, ok := c.(*territoriesTab); ok {
			return tt
		}
	}
	t.Fatal("no territories tab")
	return nil
}

func TestCreatingATerritoryWithARuleLandsAccountsInIt(t *testing.T) {
	u := newTestUI(t, 0)
	ctx := context.Background()
	for _, a := range []domain.Account{{Name: "Roma SpA", Country: "IT", Employees: 50}, {Name: "Torino Srl", Country: "it", Employees: 500}, {Name: "Lyon SA", Country: "FR", Employees: 5000}} {
		if err := u.DB.CreateAccount(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	u.Changed()
	u.SelectTab("Territories")
	tt := findTerritories(t, u)
	if tt.empty.Hidden {
		t.Error("an empty workspace does not say how to start")
	}

	test.Tap(tt.newTop)
	if tt.selected == 0 || tt.form.Hidden {
		t.Fatal("New territory did not select the new territory's form")
	}
	tt.name.SetText("")
	test.Type(tt.name, "Italy")
	tt.priority.SetText("10")
	test.Tap(tt.saveBtn)
	if got := tt.byID[tt.selected]; got.Name != "Italy" || got.Priority != 10 {
		t.Fatalf("saved territory %+v", got)
	}

	test.Tap(tt.addRule)
	if len(tt.rules) != 1 {
		t.Fatalf("%d rule rows after Add rule", len(tt.rules))
	}
	row := tt.rules[0]
	row.field.SetSelectedIndex(0) // country
	row.op.SetSelected("=")
	test.Type(row.value, "IT")
	test.Tap(tt.saveRules)
	if rules, _ := u.DB.RulesOf(ctx, tt.selected); len(rules) != 1 || rules[0].Value != "IT" {
		t.Fatalf("rules saved: %+v", rules)
	}

	t.Run("running the rules proposes first", func(t *testing.T) {
		test.Tap(tt.runBtn)
		tt.busy.Wait()
		if tt.proposal == nil || len(tt.proposal.Moves) != 2 || tt.banner.Hidden {
			t.Fatalf("proposal %+v, banner hidden %v", tt.proposal, tt.banner.Hidden)
		}
		if tt.sub.Selected() != tt.movesTab {
			t.Error("the proposed changes are not shown")
		}
		if got := tt.moveText(tt.proposal.Moves[0]); !strings.Contains(got, "Unassigned  →  Italy") {
			t.Errorf("a move reads %q", got)
		}
		if accounts, _ := u.DB.Accounts(ctx); accounts[0].TerritoryID != 0 {
			t.Error("the proposal changed an account before commit")
		}
	})
	t.Run("committing lands the Italian accounts in Italy by rule", func(t *testing.T) {
		test.Tap(tt.commitBtn)
		tt.busy.Wait()
		if tt.proposal != nil || !tt.banner.Hidden {
			t.Error("the banner stays after commit")
		}
		tt.sub.SelectIndex(1)
		a := tt.accounts
		a.show.SetSelectedIndex(showSelected)
		if len(a.rows) != 2 {
			t.Fatalf("%d accounts in Italy, want 2", len(a.rows))
		}
		for r := 0; r < 2; r++ {
			if a.cellText(r, 8) != "Italy" || a.cellText(r, 9) != "By rule" {
				t.Errorf("row %d: %q %q", r, a.cellText(r, 8), a.cellText(r, 9))
			}
		}
		if got := tt.counts[tt.selected]; got != 2 {
			t.Errorf("the tree counts %d accounts in Italy", got)
		}
	})
	t.Run("a manual assignment is shown as manual and survives a rules run", func(t *testing.T) {
		a := tt.accounts
		a.show.SetSelectedIndex(showUnassigned)
		if len(a.rows) != 1 || a.cellText(0, 0) != "Lyon SA" {
			t.Fatalf("unassigned: %d rows", len(a.rows))
		}
		a.table.Select(terrCell(0, 0))
		test.Tap(a.assign)
		a.show.SetSelectedIndex(showManual)
		if len(a.rows) != 1 || a.cellText(0, 8) != "Italy" || a.cellText(0, 9) != "Manual" {
			t.Fatalf("manual list: %d rows", len(a.rows))
		}
		a.table.Select(terrCell(0, 0))
		if want := "Lyon SA has always been in Italy."; a.history.Text != want {
			t.Errorf("history reads %q, want %q", a.history.Text, want)
		}
		p, _ := u.DB.ProposeAssignments(ctx)
		if len(p.Moves) != 0 || p.Locked != 1 {
			t.Errorf("a rules run would move %d (locked %d)", len(p.Moves), p.Locked)
		}
	})
	t.Run("segments set from buckets", func(t *testing.T) {
		tt.sub.SelectIndex(2)
		tt.segments.show(domain.DefaultSegmentRules())
		test.Tap(terrButton(t, tt.sub.Items[2].Content, "Save and apply to every account"))
		tt.busy.Wait()
		accounts, _ := u.DB.Accounts(ctx)
		got := map[string]string{}
		for _, a := range accounts {
			got[a.Name] = a.Segment
		}
		if got["Roma SpA"] != "SMB" || got["Torino Srl"] != "Mid-market" || got["Lyon SA"] != "Enterprise" {
			t.Errorf("segments %v", got)
		}
	})
}

func TestBalanceViewAndProposalOnTheDemoCompany(t *testing.T) {
	u := newTestUI(t, 3000)
	u.SelectTab("Territories")
	tt := findTerritories(t, u)
	tt.sub.SelectIndex(3)
	tt.busy.Wait()
	b := tt.balance
	if len(b.rows) < 2 {
		t.Fatalf("the top level shows %d territories", len(b.rows))
	}
	// Choose Europe, whose five territories are uneven in the demo.
	for i, id := range b.parentIDs {
		if tt.byID[id].Name == "Europe" {
			b.parent.SetSelectedIndex(i)
		}
	}
	if len(b.rows) != 5 {
		t.Fatalf("Europe has %d territories in the balance view, want 5", len(b.rows))
	}
	if !strings.Contains(b.cv.Text, "coefficient of variation") {
		t.Errorf("imbalance label %q", b.cv.Text)
	}
	if spec := b.chart.Spec(); len(spec.XLabels) != 5 || !spec.HasData() {
		t.Errorf("chart %+v", spec)
	}
	b.metric.SetSelectedIndex(1) // accounts
	b.tolerance.SetText("15")
	test.Tap(b.propose)
	tt.busy.Wait()
	p := b.proposal
	if p == nil {
		t.Fatal("no proposal")
	}
	accounts, _ := u.DB.Accounts(context.Background())
	locked := map[int64]bool{}
	for _, a := range accounts {
		locked[a.ID] = a.Locked()
	}
	for _, m := range p.Moves {
		if locked[m.AccountID] {
			t.Errorf("locked account %d proposed", m.AccountID)
		}
	}
	if p.Within == (p.MaxDeviation > 0.15+1e-9) {
		t.Errorf("within %v but max deviation %v", p.Within, p.MaxDeviation)
	}
	if len(p.Moves) > 0 {
		test.Tap(b.apply)
		tt.busy.Wait()
		if b.proposal != nil {
			t.Fatal("the proposal stays after apply")
		}
		cv := b.cv.Text
		if !strings.Contains(cv, "%") {
			t.Errorf("imbalance after apply %q", cv)
		}
		var vals []float64
		for _, r := range b.rows {
			vals = append(vals, float64(r.Accounts))
		}
		after, _ := domain.CoefficientOfVariation(vals)
		if after > p.CVBefore {
			t.Errorf("imbalance rose from %v to %v", p.CVBefore, after)
		}
	}
	t.Run("performance by quarter", func(t *testing.T) {
		tt.sub.SelectIndex(4)
		tt.busy.Wait()
		spec := tt.perf.chart.Spec()
		if len(spec.XLabels) != performanceQuarters || len(spec.Series) < 2 || !spec.HasData() {
			t.Errorf("performance chart %d labels, %d series, data %v", len(spec.XLabels), len(spec.Series), spec.HasData())
		}
	})
}

func terrCell(row, col int) widget.TableCellID { return widget.TableCellID{Row: row, Col: col} }

// terrButton finds the button titled text inside o.
func terrButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var walk func(o fyne.CanvasObject) *widget.Button
	walk = func(o fyne.CanvasObject) *widget.Button {
		switch x := o.(type) {
		case *widget.Button:
			if x.Text == text {
				return x
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				if b := walk(c); b != nil {
					return b
				}
			}
		case *container.Scroll:
			return walk(x.Content)
		}
		return nil
	}
	if b := walk(o); b != nil {
		return b
	}
	t.Fatalf("no button %q", text)
	return nil
}

func TestOwnersDeleteAndWorkbookFromTheTab(t *testing.T) {
	u := newTestUI(t, 0)
	ctx := context.Background()
	anna := domain.Person{Name: "Anna", Email: "anna@example.com", Active: true}
	if err := u.DB.CreatePerson(ctx, &anna); err != nil {
		t.Fatal(err)
	}
	acct := domain.Account{Name: "Bergen AS", Country: "NO"}
	if err := u.DB.CreateAccount(ctx, &acct); err != nil {
		t.Fatal(err)
	}
	u.Changed()
	u.SelectTab("Territories")
	tt := findTerritories(t, u)

	path := t.TempDir() + "/design.xlsx"
	t.Run("a design workbook imports and lands the account", func(t *testing.T) {
		// Make the design through the tab, export it, delete it, import it back.
		test.Tap(tt.newTop)
		tt.name.SetText("Nordics")
		test.Tap(tt.saveBtn)
		test.Tap(tt.addRule)
		tt.rules[0].field.SetSelectedIndex(0)
		tt.rules[0].op.SetSelected("in")
		tt.rules[0].value.SetText("NO;SE;DK")
		test.Tap(tt.saveRules)
		if err := u.DB.ExportTerritoryWorkbook(ctx, path, u.Now()); err != nil {
			t.Fatal(err)
		}
		tt.deleteTerritory(tt.selected, 0)
		if len(tt.terrs) != 0 {
			t.Fatalf("%d territories after delete", len(tt.terrs))
		}
		tt.importWorkbook(path)
		tt.busy.Wait()
		a, _ := u.DB.Account(ctx, acct.ID)
		if len(tt.terrs) != 1 || a.TerritoryID != tt.terrs[0].ID || a.Assignment != domain.AssignedRule {
			t.Errorf("after import: %d territories, account in %d (%s)", len(tt.terrs), a.TerritoryID, a.Assignment)
		}
	})
	t.Run("an owner is added from a date and ended", func(t *testing.T) {
		tt.tree.Select(uid(tt.terrs[0].ID))
		tt.ownerPerson.SetSelectedIndex(0)
		tt.ownerRole.SetSelectedIndex(0)
		tt.ownerFrom.SetText(u.Fmt.Date(domain.Day(2026, 1, 1)))
		test.Tap(tt.ownerAdd)
		if len(tt.ownerRows) != 1 || tt.ownerRows[0].PersonID != anna.ID || !tt.ownerRows[0].From.Equal(domain.Day(2026, 1, 1)) {
			t.Fatalf("owners %+v", tt.ownerRows)
		}
		tt.owners.Select(0)
		tt.ownerFrom.SetText(u.Fmt.Date(domain.Day(2026, 6, 30)))
		test.Tap(tt.ownerEnd)
		on, _ := u.DB.TerritoryOwnersOn(ctx, tt.selected, domain.Day(2026, 6, 30))
		off, _ := u.DB.TerritoryOwnersOn(ctx, tt.selected, domain.Day(2026, 7, 1))
		if len(on) != 1 || len(off) != 0 {
			t.Errorf("owners on 30 June %d, on 1 July %d; want 1 and 0", len(on), len(off))
		}
	})
	t.Run("deleting with a target moves the accounts", func(t *testing.T) {
		first := tt.selected
		test.Tap(tt.newTop)
		second := tt.selected
		tt.deleteTerritory(first, second)
		a, _ := u.DB.Account(ctx, acct.ID)
		if a.TerritoryID != second || a.Assignment != domain.AssignedManual {
			t.Errorf("account in %d (%s), want %d manual", a.TerritoryID, a.Assignment, second)
		}
	})
}
