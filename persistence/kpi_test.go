package persistence

import (
	"context"
	"math"
	"testing"
	"time"

	"salesops/domain"
)

// kpiWorkspace holds the hand-made deal set of domain's KPI tests (2026-Q3),
// owned by Alice (team North, quota 60,000 in Q3) and Bob (no team, quota
// 40,000), on accounts in territories West (under Europe) and East.
type kpiWorkspace struct {
	db                 *DB
	alice, bob, carol  domain.Person
	north              domain.Team
	europe, west, east domain.Territory
	deals              []domain.Deal
}

func newKPIWorkspace(t *testing.T) *kpiWorkspace {
	t.Helper()
	ctx := context.Background()
	w := &kpiWorkspace{db: MustOpenDB(t)}
	db := w.db
	w.north = domain.Team{Name: "North"}
	if err := db.CreateTeam(ctx, &w.north); err != nil {
		t.Fatal(err)
	}
	w.alice = createPersonT(t, db, domain.Person{Name: "Alice", Email: "alice@example.com", TeamID: w.north.ID, Active: true})
	w.bob = createPersonT(t, db, domain.Person{Name: "Bob", Active: true})
	w.carol = createPersonT(t, db, domain.Person{Name: "Carol", TeamID: w.north.ID, Active: true})
	w.europe = domain.Territory{Name: "Europe"}
	if err := db.CreateTerritory(ctx, &w.europe); err != nil {
		t.Fatal(err)
	}
	w.west = domain.Territory{Name: "West", ParentID: w.europe.ID}
	w.east = domain.Territory{Name: "East"}
	for _, x := range []*domain.Territory{&w.west, &w.east} {
		if err := db.CreateTerritory(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	westAcct := domain.Account{Name: "Fjord Foods", Segment: "SMB", TerritoryID: w.west.ID}
	eastAcct := domain.Account{Name: "Orient AS", Segment: "Enterprise", TerritoryID: w.east.ID}
	for _, a := range []*domain.Account{&westAcct, &eastAcct} {
		if err := db.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []domain.Quota{{PersonID: w.alice.ID, Amount: 2_000_000}, {PersonID: w.bob.ID, Amount: 1_000_000}} {
		for m := 7; m <= 9; m++ {
			q.Month = domain.MustParsePeriod("2026-0"+itoa(int64(m)), domain.CalendarYear)
			amt := q.Amount
			if q.PersonID == w.bob.ID && m == 9 {
				q.Amount = 2_000_000 // Bob: 10k + 10k + 20k = 40k
			}
			if err := db.SetQuota(ctx, q); err != nil {
				t.Fatal(err)
			}
			q.Amount = amt
		}
	}
	won, lost, nego := stageID(t, db, "Closed Won"), stageID(t, db, "Closed Lost"), stageID(t, db, "Negotiation")
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	// The set of domain/kpi_test.go; W1, W3, L1 and O1 are Alice's (West),
	// W2, O2, O3 and W4 Bob's (East).
	set := []domain.Deal{
		{Name: "W1", OwnerID: w.alice.ID, AccountID: westAcct.ID, StageID: won, Amount: 1_000_000, Created: domain.Day(2026, 6, 1), CloseDate: domain.Day(2026, 7, 11)},
		{Name: "W2", OwnerID: w.bob.ID, AccountID: eastAcct.ID, StageID: won, Amount: 3_000_000, Created: domain.Day(2026, 7, 1), CloseDate: domain.Day(2026, 8, 20),
			LeadCreated: at(2026, 6, 30, 10, 0), FirstResponse: at(2026, 6, 30, 13, 0)},
		{Name: "W3", OwnerID: w.alice.ID, AccountID: westAcct.ID, StageID: won, Amount: 500_000, CloseDate: domain.Day(2026, 9, 30)},
		{Name: "L1", OwnerID: w.alice.ID, AccountID: westAcct.ID, StageID: lost, Amount: 800_000, Created: domain.Day(2026, 8, 1), CloseDate: domain.Day(2026, 9, 1),
			LeadCreated: at(2026, 8, 1, 0, 0), FirstResponse: at(2026, 8, 2, 0, 0), LostReason: "Price"},
		{Name: "O1", OwnerID: w.alice.ID, AccountID: westAcct.ID, StageID: nego, Amount: 2_000_000, Probability: domain.RatePercent(50), Category: domain.CategoryCommit,
			Created: domain.Day(2026, 7, 5), CloseDate: domain.Day(2026, 9, 30), LeadCreated: at(2026, 7, 5, 8, 0), FirstResponse: at(2026, 7, 5, 8, 30)},
		{Name: "O2", OwnerID: w.bob.ID, AccountID: eastAcct.ID, StageID: nego, Amount: 400_000, Probability: domain.RatePercent(10), Category: domain.CategoryOmitted, CloseDate: domain.Day(2026, 8, 1)},
		{Name: "O3", OwnerID: w.bob.ID, AccountID: eastAcct.ID, StageID: nego, Amount: 700_000, Probability: domain.RatePercent(20), Category: domain.CategoryPipeline,
			Created: domain.Day(2026, 9, 1), CloseDate: domain.Day(2026, 10, 1), LeadCreated: at(2026, 9, 1, 0, 0), FirstResponse: at(2026, 9, 1, 10, 0)},
		{Name: "W4", OwnerID: w.bob.ID, AccountID: eastAcct.ID, StageID: won, Amount: 9_999_900, Created: domain.Day(2026, 5, 1), CloseDate: domain.Day(2026, 6, 30)},
	}
	for _, d := range set {
		d.HasAmount = true
		w.deals = append(w.deals, createDealT(t, db, d))
	}
	return w
}

var q3 = domain.MustParsePeriod("2026-Q3", domain.CalendarYear)

func TestKPIReportAggregatesInSQLAsTheDomainDefines(t *testing.T) {
	w := newKPIWorkspace(t)
	ctx := context.Background()
	asOf := domain.Day(2026, 11, 22)
	byName := map[string]domain.Deal{}
	for _, d := range w.deals {
		byName[d.Name] = d
	}
	pick := func(names ...string) []domain.Deal {
		var out []domain.Deal
		for _, n := range names {
			out = append(out, byName[n])
		}
		return out
	}
	cases := []struct {
		name  string
		scope KPIScope
		deals []domain.Deal
		quota domain.Money
	}{
		{"everyone", KPIScope{}, w.deals, 10_000_000},
		{"Alice", KPIScope{PersonID: w.alice.ID}, pick("W1", "W3", "L1", "O1"), 6_000_000},
		{"team North (Alice and Carol)", KPIScope{TeamID: w.north.ID}, pick("W1", "W3", "L1", "O1"), 6_000_000},
		{"Europe, with West inside it", KPIScope{TerritoryID: w.europe.ID}, pick("W1", "W3", "L1", "O1"), 0},
		{"East", KPIScope{TerritoryID: w.east.ID}, pick("W2", "O2", "O3", "W4"), 0},
		{"Carol, who has no deals", KPIScope{PersonID: w.carol.ID}, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := w.db.KPIReport(ctx, c.scope, q3, asOf)
			if err != nil {
				t.Fatal(err)
			}
			want := domain.TotalsOf(c.deals, q3).KPIs(c.quota)
			if got.Quota != c.quota {
				t.Errorf("quota = %d, want %d", got.Quota, c.quota)
			}
			checkKPIs(t, got.KPIs, want)
		})
	}
}

func checkKPIs(t *testing.T, got, want domain.KPIs) {
	t.Helper()
	if got.ClosedWon != want.ClosedWon || got.WonCount != want.WonCount || got.LostCount != want.LostCount || got.OpenCount != want.OpenCount ||
		got.OpenPipeline != want.OpenPipeline || got.WeightedPipeline != want.WeightedPipeline {
		t.Errorf("sums = %+v\nwant   %+v", got, want)
	}
	for _, x := range []struct {
		name      string
		got, want domain.OptFloat
	}{
		{"attainment", got.Attainment, want.Attainment}, {"win rate", got.WinRate, want.WinRate},
		{"average deal size", got.AvgDealSize, want.AvgDealSize}, {"cycle", got.AvgCycleDays, want.AvgCycleDays},
		{"coverage", got.PipelineCoverage, want.PipelineCoverage}, {"lead response", got.LeadResponseHrs, want.LeadResponseHrs},
	} {
		if x.got.OK != x.want.OK || math.Abs(x.got.V-x.want.V) > 1e-9 {
			t.Errorf("%s = %+v, want %+v", x.name, x.got, x.want)
		}
	}
}

func TestKPIReportHandNumbers(t *testing.T) {
	w := newKPIWorkspace(t)
	r, err := w.db.KPIReport(context.Background(), KPIScope{}, q3, domain.Day(2026, 11, 22))
	if err != nil {
		t.Fatal(err)
	}
	// 45,000 won of a 100,000 quota; 3 won, 1 lost; 45-day cycle; 20,000
	// pipeline against 55,000 left; lead response median of 3, 0.5, 24, 10 h;
	// of the 6 deals closing in Q3, O1 and O2 are open past their close date.
	if r.ClosedWon != 4_500_000 || r.Quota != 10_000_000 || r.WonCount != 3 || r.LostCount != 1 {
		t.Errorf("report = %+v", r.KPIs)
	}
	for _, x := range []struct {
		name string
		got  domain.OptFloat
		want float64
	}{
		{"attainment", r.Attainment, 0.45}, {"win rate", r.WinRate, 0.75}, {"average deal size", r.AvgDealSize, 1_500_000},
		{"cycle", r.AvgCycleDays, 45}, {"coverage", r.PipelineCoverage, 20.0 / 55}, {"lead response", r.LeadResponseHrs, 6.5},
		{"data quality: two stale deals of six", r.QualityScore, 4.0 / 6},
	} {
		if !x.got.OK || math.Abs(x.got.V-x.want) > 1e-9 {
			t.Errorf("%s = %+v, want %v", x.name, x.got, x.want)
		}
	}
}

func TestKPIsByPersonCreditsSplitsAndOverlays(t *testing.T) {
	w := newKPIWorkspace(t)
	ctx := context.Background()
	// W2 (30,000, Bob's) is split 60/40 between Bob and Alice, and Carol has a
	// 10 % overlay on W1 (10,000, Alice's).
	w2, w1 := w.deals[1], w.deals[0]
	if err := w.db.SetSplits(ctx, w2.ID, []domain.DealSplit{
		{PersonID: w.bob.ID, Kind: domain.SplitRevenue, Share: domain.RatePercent(60)},
		{PersonID: w.alice.ID, Kind: domain.SplitRevenue, Share: domain.RatePercent(40)},
	}); err != nil {
		t.Fatal(err)
	}
	if err := w.db.SetSplits(ctx, w1.ID, []domain.DealSplit{{PersonID: w.carol.ID, Kind: domain.SplitOverlay, Share: domain.RatePercent(10)}}); err != nil {
		t.Fatal(err)
	}
	groups, err := w.db.KPIsBy(ctx, ByPerson, KPIScope{}, q3, domain.Day(2026, 11, 22))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name       string
		credited   domain.Money
		attainment domain.OptFloat
		won, lost  int
	}{
		// Alice: W1 10,000 + W3 5,000 + 40 % of W2 12,000 = 27,000 of 60,000.
		{"Alice", 2_700_000, domain.OptFloat{V: 0.45, OK: true}, 2, 1},
		// Bob: 60 % of W2 = 18,000 of 40,000.
		{"Bob", 1_800_000, domain.OptFloat{V: 0.45, OK: true}, 1, 0},
		// Carol: 10 % overlay on W1 = 1,000, no quota.
		{"Carol", 100_000, domain.OptFloat{}, 0, 0},
	}
	if len(groups) != len(want) {
		t.Fatalf("%d groups, want %d: %+v", len(groups), len(want), groups)
	}
	for i, x := range want {
		g := groups[i]
		if g.Name != x.name || g.Credited != x.credited || g.Attainment != x.attainment || g.WonCount != x.won || g.LostCount != x.lost {
			t.Errorf("group %d = %s credited %d attainment %+v won %d lost %d; want %+v", i, g.Name, g.Credited, g.Attainment, g.WonCount, g.LostCount, x)
		}
	}
	if groups[0].Email != "alice@example.com" {
		t.Errorf("Alice's email = %q", groups[0].Email)
	}
	teams, err := w.db.KPIsBy(ctx, ByTeam, KPIScope{}, q3, domain.Day(2026, 11, 22))
	if err != nil {
		t.Fatal(err)
	}
	// North = Alice + Carol: 28,000 credited of 60,000; "(no team)" = Bob.
	if len(teams) != 2 || teams[0].Name != "North" || teams[0].Credited != 2_800_000 || teams[1].ID != 0 || teams[1].Credited != 1_800_000 {
		t.Errorf("teams = %+v", teams)
	}
	terrs, err := w.db.KPIsBy(ctx, ByTerritory, KPIScope{}, q3, domain.Day(2026, 11, 22))
	if err != nil {
		t.Fatal(err)
	}
	if len(terrs) != 2 || terrs[0].Name != "East" || terrs[0].ClosedWon != 3_000_000 || terrs[1].Name != "West" || terrs[1].ClosedWon != 1_500_000 ||
		terrs[0].HasQuota || terrs[0].Attainment.OK {
		t.Errorf("territories = %+v", terrs)
	}
}

func TestKPIsOnAnEmptyWorkspace(t *testing.T) {
	db := MustOpenDB(t)
	r, err := db.KPIReport(context.Background(), KPIScope{}, q3, domain.Day(2026, 11, 22))
	if err != nil {
		t.Fatal(err)
	}
	if r.ClosedWon != 0 || r.WinRate.OK || r.Attainment.OK || r.AvgDealSize.OK || r.QualityScore.OK || r.LeadResponseHrs.OK {
		t.Errorf("empty workspace report = %+v", r)
	}
	g, err := db.KPIsBy(context.Background(), ByPerson, KPIScope{}, q3, domain.Day(2026, 11, 22))
	if err != nil || len(g) != 0 {
		t.Errorf("by person on an empty workspace = %+v, %v", g, err)
	}
	if _, err := db.KPIsBy(context.Background(), "region", KPIScope{}, q3, time.Now()); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("by region: %v, want an invalid-argument error", err)
	}
}

func TestFunnelUsesStageHistory(t *testing.T) {
	w := newKPIWorkspace(t)
	ctx := context.Background()
	// L1 was in Proposal before it was lost; the other lost/open deals have
	// no history. Stages: Prospecting, Qualification, Proposal, Negotiation, Won.
	l1 := w.deals[3]
	if _, err := w.db.SQL().ExecContext(ctx, "INSERT INTO deal_history(deal_id, field, old_value, new_value, changed_at) VALUES (?, 'stage', ?, ?, '2026-09-01T00:00:00Z')",
		l1.ID, stageID(t, w.db, "Proposal"), l1.StageID); err != nil {
		t.Fatal(err)
	}
	f, err := w.db.Funnel(ctx, KPIScope{}, q3)
	if err != nil {
		t.Fatal(err)
	}
	// Q3 deals: W1 W2 W3 won (reached everything), O1 O2 in Negotiation, L1
	// got to Proposal. So: 6 reached Prospecting, Qualification and
	// Proposal; 5 Negotiation; 3 Closed Won.
	want := []int{6, 6, 6, 5, 3}
	if len(f) != len(want) {
		t.Fatalf("funnel = %+v", f)
	}
	for i, n := range want {
		if f[i].Reached != n {
			t.Errorf("%s reached by %d, want %d", f[i].Stage, f[i].Reached, n)
		}
	}
	if c := f[3].Conversion; !c.OK || math.Abs(c.V-0.6) > 1e-9 {
		t.Errorf("Negotiation → Won = %+v, want 0.6", c)
	}
}

func TestWinLossBreakdowns(t *testing.T) {
	w := newKPIWorkspace(t)
	ctx := context.Background()
	cases := []struct {
		dim  string
		want []domain.WinLossRow
	}{
		{WinLossReason, []domain.WinLossRow{{Key: "Price", Lost: 1, LostValue: 800_000}}},
		{WinLossPerson, []domain.WinLossRow{{Key: "Bob", Won: 1, WonValue: 3_000_000}, {Key: "Alice", Won: 2, Lost: 1, WonValue: 1_500_000, LostValue: 800_000}}},
		{WinLossSegment, []domain.WinLossRow{{Key: "Enterprise", Won: 1, WonValue: 3_000_000}, {Key: "SMB", Won: 2, Lost: 1, WonValue: 1_500_000, LostValue: 800_000}}},
		{WinLossBand, []domain.WinLossRow{{Key: "Under 10k", Won: 1, Lost: 1, WonValue: 500_000, LostValue: 800_000}, {Key: "10k–50k", Won: 2, WonValue: 4_000_000}}},
	}
	for _, c := range cases {
		t.Run(c.dim, func(t *testing.T) {
			got, err := w.db.WinLoss(ctx, c.dim, KPIScope{}, q3)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("rows = %+v, want %+v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("row %d = %+v, want %+v", i, got[i], c.want[i])
				}
			}
		})
	}
}
