package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/persistence"
)

func TestDealsFilterByOwnerStageAndTerritory(t *testing.T) {
	u := newTestUI(t, 1200)
	deals := findDeals(t, u)
	ctx := context.Background()
	all := deals.total
	deals.owner.SetSelectedIndex(3)
	owner := deals.ownerIDs[2]
	want, _ := u.DB.CountDeals(ctx, persistence.DealFilter{OwnerID: owner})
	if deals.total != want || want == 0 || want == all {
		t.Errorf("owner filter shows %d deals, the owner has %d (of %d)", deals.total, want, all)
	}
	deals.stage.SetSelected("Closed Won")
	want, _ = u.DB.CountDeals(ctx, persistence.DealFilter{OwnerID: owner, StageID: deals.stageIDs[deals.stage.SelectedIndex()-1]})
	if deals.total != want {
		t.Errorf("owner and stage show %d deals, want %d", deals.total, want)
	}
	for row := 0; row < min(deals.total, 20); row++ {
		if got := deals.cellText(row, 4); got != "Closed Won" {
			t.Fatalf("row %d is in stage %q", row, got)
		}
	}
	deals.owner.SetSelectedIndex(0)
	deals.stage.SetSelectedIndex(0)
	deals.territory.SetSelectedIndex(1)
	terr := deals.territoryIDs[0]
	want, _ = u.DB.CountDeals(ctx, persistence.DealFilter{TerritoryID: terr})
	if deals.total != want || want == all {
		t.Errorf("territory filter shows %d deals, want %d", deals.total, want)
	}
	deals.territory.SetSelectedIndex(0)
	if deals.total != all {
		t.Errorf("with every filter off the table shows %d deals, want %d", deals.total, all)
	}
}

// openFirst opens the editor on the first open deal of the current quarter.
func openFirst(t *testing.T, u *UI, deals *dealsTab) *dealEditor {
	t.Helper()
	deals.status.SetSelected("Open")
	deals.inPer.SetChecked(true)
	if deals.total == 0 {
		t.Fatal("no open deal closes in the quarter")
	}
	deals.onSelect(widget.TableCellID{Row: 0, Col: 1})
	if deals.editor == nil {
		t.Fatal("selecting a row opened no editor")
	}
	return deals.editor
}

func TestEditADealRecordsHistoryAndMovesTheKPIs(t *testing.T) {
	u := newTestUI(t, 1500)
	deals := findDeals(t, u)
	dash := findDashboard(t, u)
	dash.wait()
	before, _ := dash.Tile("closed_won")
	e := openFirst(t, u, deals)
	id := e.deal.ID
	e.stage.SetSelected("Closed Won")
	e.amount.SetText("123456.78")
	if e.probability.Text != "100" {
		t.Errorf("moving to Closed Won proposes probability %q, want 100", e.probability.Text)
	}
	if err := e.save(); err != nil {
		t.Fatal(err)
	}
	dash.wait()
	d, err := u.DB.Deal(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != domain.StatusWon || d.Amount != 12_345_678 {
		t.Errorf("saved deal is %s with amount %d", d.Status, d.Amount)
	}
	if after, _ := dash.Tile("closed_won"); after == before {
		t.Errorf("the closed-won tile stayed %q after winning a deal", after)
	}
	// The deal's history shows both changes.
	deals.status.SetSelected("All")
	deals.inPer.SetChecked(false)
	deals.search.SetText(d.ExternalID)
	deals.onSelect(widget.TableCellID{Row: 0, Col: 1})
	h := deals.editor.history.Text
	if !strings.Contains(h, "Stage:") || !strings.Contains(h, "Closed Won") || !strings.Contains(h, "Amount:") {
		t.Errorf("history reads %q", h)
	}
}

func TestTheDealFormRefusesWhatCannotBeSaved(t *testing.T) {
	u := newTestUI(t, 300)
	deals := findDeals(t, u)
	cases := []struct {
		name string
		set  func(e *dealEditor)
		want string
	}{
		{"no name and no ID", func(e *dealEditor) {}, "needs a name"},
		{"an amount that is not one", func(e *dealEditor) { e.name.SetText("X"); e.amount.SetText("lots") }, "not an amount"},
		{"a date in the wrong shape", func(e *dealEditor) { e.name.SetText("X"); e.closeDate.SetText("31/12") }, "YYYY-MM-DD"},
		{"an unknown account", func(e *dealEditor) { e.name.SetText("X"); e.account.SetText("Nobody Inc") }, "Nobody Inc"},
		{"a won deal without amount", func(e *dealEditor) {
			e.name.SetText("X")
			e.stage.SetSelected("Closed Won")
			e.closeDate.SetText("2026-11-01")
		}, "needs an amount"},
		{"revenue splits short of 100 %", func(e *dealEditor) {
			e.name.SetText("X")
			e.addSplit(domain.DealSplit{PersonID: e.people[0].ID, Kind: domain.SplitRevenue, Share: domain.RatePercent(60)})
		}, "100"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			deals.onAdd()
			e := deals.editor
			c.set(e)
			err := e.save()
			if err == nil || !strings.Contains(domain.ErrorMessage(err), c.want) {
				t.Errorf("save: %v, want an error about %q", err, c.want)
			}
		})
	}
}

func TestAddADealWithSplitsThenDeleteAndUndo(t *testing.T) {
	u := newTestUI(t, 300)
	deals := findDeals(t, u)
	ctx := context.Background()
	all := deals.total
	deals.onAdd()
	e := deals.editor
	e.name.SetText("Fjord pilot")
	e.extID.SetText("NEW-1")
	e.owner.SetSelectedIndex(1)
	e.amount.SetText("10 000,50")
	e.closeDate.SetText("2026-12-15")
	e.addSplit(domain.DealSplit{PersonID: e.people[0].ID, Kind: domain.SplitRevenue, Share: domain.RatePercent(70)})
	e.addSplit(domain.DealSplit{PersonID: e.people[1].ID, Kind: domain.SplitRevenue, Share: domain.RatePercent(30)})
	e.addSplit(domain.DealSplit{PersonID: e.people[2].ID, Kind: domain.SplitOverlay, Share: domain.RatePercent(15)})
	if err := e.save(); err != nil {
		t.Fatal(err)
	}
	if deals.total != all+1 {
		t.Fatalf("after adding, %d deals, want %d", deals.total, all+1)
	}
	d := e.deal
	if d.Amount != 1_000_050 {
		t.Errorf("amount 10 000,50 saved as %d", d.Amount)
	}
	splits, _ := u.DB.Splits(ctx, []int64{d.ID})
	if len(splits[d.ID]) != 3 {
		t.Errorf("splits = %+v", splits[d.ID])
	}
	deals.deleteDeal(d)
	if deals.total != all || deals.undo.Hidden {
		t.Fatalf("after delete: %d deals, undo hidden %v", deals.total, deals.undo.Hidden)
	}
	test.Tap(deals.undo.Objects[1].(*widget.Button))
	if deals.total != all+1 || !deals.undo.Hidden {
		t.Fatalf("after undo: %d deals, undo hidden %v", deals.total, deals.undo.Hidden)
	}
	back, err := u.DB.Splits(ctx, []int64{d.ID})
	if err != nil || len(back[d.ID]) != 3 {
		t.Errorf("the undone deal has splits %+v (%v)", back[d.ID], err)
	}
}

func TestStagesAndLostReasonsEditors(t *testing.T) {
	u := newTestUI(t, 200)
	ctx := context.Background()
	e := &stagesEditor{u: u, box: container.NewVBox()}
	if err := e.load(); err != nil {
		t.Fatal(err)
	}
	e.rows[2].probability.SetText("55")
	e.rows[2].name.SetText("Proposal sent")
	if err := e.save(); err != nil {
		t.Fatal(err)
	}
	stages, _ := u.DB.Stages(ctx)
	if stages[2].Name != "Proposal sent" || stages[2].Probability != domain.RatePercent(55) {
		t.Errorf("stage 3 = %+v", stages[2])
	}
	e.rows[0].probability.SetText("150")
	if err := e.save(); err == nil {
		t.Errorf("a probability of 150 %% was saved")
	}
	e.rows[0].probability.SetText("10")
	e.move(stages[1].ID, true)
	stages, _ = u.DB.Stages(ctx)
	if stages[0].Name != "Qualification" {
		t.Errorf("after moving Qualification up the first stage is %s", stages[0].Name)
	}
	e.onAdd()
	if n := len(e.stages); n != 7 || e.stages[6].Name != "New stage" {
		t.Errorf("after adding: %d stages, last %q", n, e.stages[n-1].Name)
	}
	e.delete(e.stages[6].ID)
	if len(e.stages) != 6 {
		t.Errorf("after deleting the new stage: %d stages", len(e.stages))
	}
	l, err := newLostReasonsEditor(u)
	if err != nil {
		t.Fatal(err)
	}
	l.entry.SetText("Price\nLegal review\n")
	if err := l.save(); err != nil {
		t.Fatal(err)
	}
	if got, _ := u.DB.LostReasons(ctx); strings.Join(got, ",") != "Price,Legal review" {
		t.Errorf("lost reasons = %v", got)
	}
}

func TestDataQualityShowsTheDealsBehindAFindingAndFixesIt(t *testing.T) {
	u := newTestUI(t, 1500)
	deals := findDeals(t, u)
	ctx := context.Background()
	r, err := u.DB.Quality(ctx, testToday)
	if err != nil {
		t.Fatal(err)
	}
	stale := 0
	for _, f := range r.Findings {
		if f.Key == "stale" {
			stale = f.Count
		}
	}
	if stale == 0 {
		t.Fatal("the demo has no stale deals to fix")
	}
	view := deals.qualityView(r, func() {})
	if view == nil {
		t.Fatal("no quality view")
	}
	deals.showFinding("stale")
	if deals.total != stale || deals.findingBar.Hidden {
		t.Errorf("showing stale deals: %d rows (bar hidden %v), the scan found %d", deals.total, deals.findingBar.Hidden, stale)
	}
	if err := deals.applyFix("stale"); err != nil {
		t.Fatal(err)
	}
	if deals.lastFix != stale || deals.total != 0 {
		t.Errorf("the fix moved %d deals and %d stay stale; want %d and 0", deals.lastFix, deals.total, stale)
	}
	deals.onClearFinding()
	if deals.total != 1500 {
		t.Errorf("after clearing the finding: %d deals", deals.total)
	}
}

func TestTheDealsTableShowsRowsOnceItsTabIsShown(t *testing.T) {
	u := newTestUI(t, 500)
	deals := findDeals(t, u)
	u.SelectTab("Deals")
	u.Win.Resize(fyne.NewSize(1280, 800))
	u.Win.Content().Resize(fyne.NewSize(1280, 760))
	test.WidgetRenderer(deals.table).Layout(deals.table.Size())
	if h := deals.table.Size().Height; h <= 0 {
		t.Fatalf("the deals table has no height once its tab is shown")
	}
	if rows, _ := deals.size(); rows != 500 {
		t.Errorf("the shown table reports %d rows, want 500", rows)
	}
}

// Scrolling never waits for the database: a page not read yet is read in the
// background and the row is empty until it arrives.
func TestDealsTableReadsPagesInTheBackground(t *testing.T) {
	u := newTestUI(t, 600)
	d := findDeals(t, u)
	old := runBackground
	release := make(chan struct{})
	runBackground = func(fn func()) { go func() { <-release; fn() }() }
	defer func() { runBackground = old }()
	if r := d.row(450); r != nil {
		t.Fatal("row 450 came back before its page was read: the read ran on the UI goroutine")
	}
	if d.row(451) != nil || len(d.fetching) != 1 {
		t.Fatalf("%d pages being read for two rows of one page, want 1", len(d.fetching))
	}
	close(release)
	u.WaitBackground()
	r := d.row(450)
	if r == nil {
		t.Fatal("row 450 still empty after its page was read")
	}
	want, err := u.DB.DealPage(context.Background(), d.filter, d.shown, 450, 1)
	if err != nil || len(want) != 1 {
		t.Fatalf("%v, %v", want, err)
	}
	if r.ID != want[0].ID {
		t.Errorf("row 450 is deal %d, want %d", r.ID, want[0].ID)
	}
}

// TestTheDealIDColumnFitsLongIDs: IDs that share a long start (a Superstore
// or Salesforce export) widen the Deal ID column until each shows whole, up
// to twice its width; short IDs leave it as it is.
func TestTheDealIDColumnFitsLongIDs(t *testing.T) {
	u := newTestUI(t, 0)
	ctx := context.Background()
	deals := findDeals(t, u)
	u.SelectTab("Deals")
	u.WaitBackground()
	if deals.idWidth != 100 {
		t.Fatalf("the Deal ID column is %v wide in an empty workspace, want its default 100", deals.idWidth)
	}
	ids := []string{"US-2022-103800", "US-2022-112326", "A1"}
	for i, id := range ids {
		d := domain.Deal{ExternalID: id, Name: "Order " + id, StageID: 1, Created: domain.Day(2026, 10, 1), CloseDate: domain.Day(2026, 10, 2+i)}
		if err := u.DB.CreateDeal(ctx, &d); err != nil {
			t.Fatal(err)
		}
	}
	u.Changed()
	u.WaitBackground()
	need := fyne.MeasureText("US-2022-103800", theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding()
	if deals.idWidth < need || deals.idWidth > 200 {
		t.Errorf("the Deal ID column is %v wide, want room for %q (%v) and at most 200", deals.idWidth, ids[0], need)
	}
	wide := deals.idWidth
	deals.search.SetText("A1")
	deals.reload()
	u.WaitBackground()
	if deals.idWidth != wide {
		t.Errorf("a search for a short ID narrowed the column from %v to %v", wide, deals.idWidth)
	}
	d := domain.Deal{ExternalID: strings.Repeat("0060000000ABCDEFGH", 3), Name: "Salesforce", StageID: 1, Created: domain.Day(2026, 10, 1), CloseDate: domain.Day(2026, 10, 9)}
	if err := u.DB.CreateDeal(ctx, &d); err != nil {
		t.Fatal(err)
	}
	deals.search.SetText("")
	u.Changed()
	u.WaitBackground()
	if deals.idWidth != 200 {
		t.Errorf("a 54-character ID makes the column %v wide, want the cap of 200", deals.idWidth)
	}
}
