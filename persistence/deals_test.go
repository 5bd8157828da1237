package persistence

import (
	"context"
	"reflect"
	"testing"
	"time"

	"salesops/domain"
)

// stageID finds a default stage by name.
func stageID(tb testing.TB, db *DB, name string) int64 {
	tb.Helper()
	stages, err := db.Stages(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, s := range stages {
		if s.Name == name {
			return s.ID
		}
	}
	tb.Fatalf("no stage %q", name)
	return 0
}

func createDealT(tb testing.TB, db *DB, d domain.Deal) domain.Deal {
	tb.Helper()
	if err := db.CreateDeal(context.Background(), &d); err != nil {
		tb.Fatalf("CreateDeal(%s): %v", d.Name, err)
	}
	return d
}

func TestDealCreateReadAndHistory(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	owner := createPersonT(t, db, domain.Person{Name: "Giulia Rossi", Active: true})
	prospecting, won := stageID(t, db, "Prospecting"), stageID(t, db, "Closed Won")

	d := createDealT(t, db, domain.Deal{ExternalID: "D-1", Name: "Fjord renewal", OwnerID: owner.ID, StageID: prospecting,
		Amount: 1_000_000, HasAmount: true, Created: domain.Day(2026, 1, 15), CloseDate: domain.Day(2026, 6, 30),
		Probability: domain.RatePercent(10), Product: "Core licence",
		LeadCreated: time.Date(2026, 1, 10, 9, 30, 0, 0, time.UTC), FirstResponse: time.Date(2026, 1, 10, 13, 0, 0, 0, time.UTC)})

	t.Run("a created deal reads back field for field", func(t *testing.T) {
		got, err := db.Deal(ctx, d.ID)
		if err != nil || !reflect.DeepEqual(got, d) {
			t.Errorf("Deal() =\n%+v, %v\nwant\n%+v", got, err, d)
		}
		if d.Status != domain.StatusOpen || d.Category != domain.CategoryPipeline || d.Value != 1_000_000 {
			t.Errorf("status %q, category %q, value %d; want open, pipeline (the stage's), 1000000", d.Status, d.Category, d.Value)
		}
	})
	t.Run("a deal that does not exist is not found", func(t *testing.T) {
		if _, err := db.Deal(ctx, 999); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("Deal(999) = %v, want %s", err, domain.ENOTFOUND)
		}
		ghost := d
		ghost.ID = 999
		if err := db.UpdateDeal(ctx, &ghost, time.Now()); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("UpdateDeal(999) = %v, want %s", err, domain.ENOTFOUND)
		}
	})
	t.Run("a second deal with the same external ID is a conflict", func(t *testing.T) {
		dup := domain.Deal{ExternalID: "D-1", Name: "Copy", StageID: prospecting}
		if err := db.CreateDeal(ctx, &dup); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("CreateDeal = %v, want %s", err, domain.ECONFLICT)
		}
	})
	t.Run("a deal on a stage that does not exist is refused", func(t *testing.T) {
		bad := domain.Deal{Name: "Nowhere", StageID: 999}
		if err := db.CreateDeal(ctx, &bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("CreateDeal = %v, want %s", err, domain.EINVALID)
		}
	})

	// Change the amount in March, then win it early in April.
	march := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	april := time.Date(2026, 4, 1, 16, 0, 0, 0, time.UTC)
	d.Amount = 1_200_000
	if err := db.UpdateDeal(ctx, &d, march); err != nil {
		t.Fatal(err)
	}
	d.StageID, d.CloseDate = won, domain.Day(2026, 4, 1)
	if err := db.UpdateDeal(ctx, &d, april); err != nil {
		t.Fatal(err)
	}
	d.Name = "Fjord renewal 2026" // not a tracked field
	if err := db.UpdateDeal(ctx, &d, april.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	t.Run("amount, stage and close date changes are recorded with their time", func(t *testing.T) {
		got, err := db.DealHistory(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []domain.DealChange{
			{DealID: d.ID, Field: "amount", Old: "1000000", New: "1200000", ChangedAt: march},
			{DealID: d.ID, Field: "stage", Old: itoa(prospecting), New: itoa(won), ChangedAt: april},
			{DealID: d.ID, Field: "close_date", Old: "2026-06-30", New: "2026-04-01", ChangedAt: april},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("DealHistory() =\n%+v\nwant\n%+v", got, want)
		}
	})
	t.Run("moving to a won stage makes the deal won", func(t *testing.T) {
		got, err := db.Deal(ctx, d.ID)
		if err != nil || got.Status != domain.StatusWon || got.Value != 1_200_000 || got.Name != "Fjord renewal 2026" {
			t.Errorf("Deal() = status %q value %d name %q, %v", got.Status, got.Value, got.Name, err)
		}
	})
	t.Run("a won deal without an amount is refused and nothing is recorded", func(t *testing.T) {
		bad := d
		bad.HasAmount = false
		if err := db.UpdateDeal(ctx, &bad, april.Add(2*time.Hour)); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("UpdateDeal = %v, want %s", err, domain.EINVALID)
		}
		if h, _ := db.DealHistory(ctx, d.ID); len(h) != 3 {
			t.Errorf("%d history lines, want 3", len(h))
		}
	})
	t.Run("deleting a deal deletes its history", func(t *testing.T) {
		if err := db.DeleteDeal(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "SELECT count(*) FROM deal_history"); n != 0 {
			t.Errorf("%d history lines left", n)
		}
	})
}

// dealTable is a small, hand-made workspace for the deals table tests.
type dealTable struct {
	db           *DB
	alice, bob   domain.Person
	team         domain.Team
	italy        domain.Territory
	ids          map[string]int64 // external ID → deal ID
	stageNames   map[string]int64
	fjord, helix domain.Account
}

func newDealTable(t *testing.T) *dealTable {
	t.Helper()
	ctx := context.Background()
	x := &dealTable{db: MustOpenDB(t), ids: map[string]int64{}, stageNames: map[string]int64{}}
	x.team = domain.Team{Name: "Enterprise"}
	if err := x.db.CreateTeam(ctx, &x.team); err != nil {
		t.Fatal(err)
	}
	x.italy = domain.Territory{Name: "Italy"}
	if err := x.db.CreateTerritory(ctx, &x.italy); err != nil {
		t.Fatal(err)
	}
	x.alice = createPersonT(t, x.db, domain.Person{Name: "Alice", TeamID: x.team.ID, Active: true})
	x.bob = createPersonT(t, x.db, domain.Person{Name: "Bob", Active: true})
	x.fjord = domain.Account{Name: "Fjord Foods", TerritoryID: x.italy.ID}
	x.helix = domain.Account{Name: "Helix Labs"}
	for _, a := range []*domain.Account{&x.fjord, &x.helix} {
		if err := x.db.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"Prospecting", "Qualification", "Proposal", "Closed Won", "Closed Lost"} {
		x.stageNames[n] = stageID(t, x.db, n)
	}
	deals := []domain.Deal{
		{ExternalID: "D-1", Name: "Fjord – Core licence", AccountID: x.fjord.ID, OwnerID: x.alice.ID, StageID: x.stageNames["Closed Won"],
			Amount: 500_000, HasAmount: true, CloseDate: domain.Day(2026, 3, 1)},
		{ExternalID: "D-2", Name: "Fjord – Hosting", AccountID: x.fjord.ID, OwnerID: x.bob.ID, StageID: x.stageNames["Proposal"],
			Amount: 200_000, HasAmount: true, CloseDate: domain.Day(2026, 5, 1)},
		{ExternalID: "D-3", Name: "Helix – Core licence", AccountID: x.helix.ID, OwnerID: x.alice.ID, StageID: x.stageNames["Closed Lost"],
			Amount: 100_000, HasAmount: true, CloseDate: domain.Day(2026, 4, 1)},
		{ExternalID: "D-4", Name: "Helix – 100% upgrade", AccountID: x.helix.ID, OwnerID: x.bob.ID, StageID: x.stageNames["Prospecting"],
			Amount: 300_000, HasAmount: true, CloseDate: domain.Day(2026, 6, 1)},
		{ExternalID: "D-5", Name: "Orphan deal", StageID: x.stageNames["Qualification"]},
	}
	for _, d := range deals {
		d := createDealT(t, x.db, d)
		x.ids[d.ExternalID] = d.ID
	}
	return x
}

func (x *dealTable) extIDs(rows []DealRow) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, r.ExternalID)
	}
	return out
}

func TestDealPageFilters(t *testing.T) {
	ctx := context.Background()
	x := newDealTable(t)
	tests := []struct {
		name   string
		filter DealFilter
		want   []string
	}{
		{"no filter shows every deal", DealFilter{}, []string{"D-1", "D-2", "D-3", "D-4", "D-5"}},
		{"text finds the account name", DealFilter{Text: "fjord"}, []string{"D-1", "D-2"}},
		{"text is case-insensitive", DealFilter{Text: "HELIX"}, []string{"D-3", "D-4"}},
		{"text finds words in the deal name", DealFilter{Text: " core "}, []string{"D-1", "D-3"}},
		{"text finds the external ID", DealFilter{Text: "D-5"}, []string{"D-5"}},
		{"a percent sign is matched literally", DealFilter{Text: "%"}, []string{"D-4"}},
		{"an underscore is matched literally", DealFilter{Text: "_"}, []string{}},
		{"open deals only", DealFilter{Status: domain.StatusOpen}, []string{"D-2", "D-4", "D-5"}},
		{"won deals only", DealFilter{Status: domain.StatusWon}, []string{"D-1"}},
		{"one owner's deals", DealFilter{OwnerID: x.alice.ID}, []string{"D-1", "D-3"}},
		{"one owner's open deals", DealFilter{OwnerID: x.bob.ID, Status: domain.StatusOpen}, []string{"D-2", "D-4"}},
		{"one stage's deals", DealFilter{StageID: x.stageNames["Proposal"]}, []string{"D-2"}},
		{"a team's deals", DealFilter{TeamID: x.team.ID}, []string{"D-1", "D-3"}},
		{"a territory's deals through their account", DealFilter{TerritoryID: x.italy.ID}, []string{"D-1", "D-2"}},
		{"close dates from April 1 up to, not including, June 1", DealFilter{From: domain.Day(2026, 4, 1), To: domain.Day(2026, 6, 1)}, []string{"D-2", "D-3"}},
		{"text and owner together", DealFilter{Text: "core", OwnerID: x.bob.ID}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := x.db.DealPage(ctx, tt.filter, DealSort{Column: "id"}, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			if got := x.extIDs(rows); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DealPage() = %v, want %v", got, tt.want)
			}
			n, err := x.db.CountDeals(ctx, tt.filter)
			if err != nil || n != len(tt.want) {
				t.Errorf("CountDeals() = %d, %v; want %d", n, err, len(tt.want))
			}
		})
	}
}

func TestDealPageSortsAndPages(t *testing.T) {
	ctx := context.Background()
	x := newDealTable(t)
	tests := []struct {
		name          string
		sort          DealSort
		offset, limit int
		want          []string
	}{
		// Amounts: D-1 5,000, D-4 3,000, D-2 2,000, D-3 1,000, D-5 none (NULL sorts first ascending).
		{"by amount, smallest first, deals without amount before", DealSort{Column: "amount"}, 0, 10, []string{"D-5", "D-3", "D-2", "D-4", "D-1"}},
		{"by amount, largest first", DealSort{Column: "amount", Desc: true}, 0, 10, []string{"D-1", "D-4", "D-2", "D-3", "D-5"}},
		{"by name, ignoring case", DealSort{Column: "name"}, 0, 10, []string{"D-1", "D-2", "D-4", "D-3", "D-5"}},
		{"by owner, unowned first, ties by deal", DealSort{Column: "owner"}, 0, 10, []string{"D-5", "D-1", "D-3", "D-2", "D-4"}},
		{"by stage position", DealSort{Column: "stage"}, 0, 10, []string{"D-4", "D-5", "D-2", "D-1", "D-3"}},
		{"an unknown column sorts by close date, latest first", DealSort{Column: "bogus"}, 0, 10, []string{"D-4", "D-2", "D-3", "D-1", "D-5"}},
		{"a page of two from the second row", DealSort{Column: "amount", Desc: true}, 1, 2, []string{"D-4", "D-2"}},
		{"a page past the end is empty", DealSort{Column: "amount"}, 5, 10, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := x.db.DealPage(ctx, DealFilter{}, tt.sort, tt.offset, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if got := x.extIDs(rows); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DealPage() = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("a row carries the names the table shows", func(t *testing.T) {
		rows, err := x.db.DealPage(ctx, DealFilter{Text: "D-1"}, DealSort{Column: "id"}, 0, 1)
		if err != nil || len(rows) != 1 {
			t.Fatalf("DealPage() = %v, %v", rows, err)
		}
		r := rows[0]
		if r.Account != "Fjord Foods" || r.Owner != "Alice" || r.Stage != "Closed Won" || r.Territory != "Italy" || r.Value != 500_000 {
			t.Errorf("row = account %q owner %q stage %q territory %q value %d", r.Account, r.Owner, r.Stage, r.Territory, r.Value)
		}
	})
}

func TestQuotaTotals(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a := createPersonT(t, db, domain.Person{Name: "A"})
	b := createPersonT(t, db, domain.Person{Name: "B"})
	set := func(p int64, month string, amount domain.Money) {
		t.Helper()
		if err := db.SetQuota(ctx, domain.Quota{PersonID: p, Month: domain.MustParsePeriod(month, domain.CalendarYear), Amount: amount}); err != nil {
			t.Fatalf("SetQuota(%s): %v", month, err)
		}
	}
	set(a.ID, "2025-12", 500_000)
	set(a.ID, "2026-01", 99)
	set(a.ID, "2026-01", 10_000) // replaces 99
	set(a.ID, "2026-02", 20_000)
	set(a.ID, "2026-03", 30_000)
	set(a.ID, "2026-04", 100_000)
	set(b.ID, "2026-03", 5_000)

	tests := []struct {
		name string
		p    domain.Period
		want map[int64]domain.Money
	}{
		// A: 10,000 + 20,000 + 30,000 = 60,000; B: 5,000.
		{"a calendar quarter sums its three months", domain.MustParsePeriod("2026-Q1", domain.CalendarYear), map[int64]domain.Money{a.ID: 60_000, b.ID: 5_000}},
		// A: 60,000 + 100,000 = 160,000.
		{"a year sums its twelve months", domain.MustParsePeriod("2026", domain.CalendarYear), map[int64]domain.Money{a.ID: 160_000, b.ID: 5_000}},
		{"a month is its own quota", domain.MustParsePeriod("2026-04", domain.CalendarYear), map[int64]domain.Money{a.ID: 100_000}},
		// February fiscal 2025-Q4 is Nov 2025–Jan 2026: A 500,000 + 10,000.
		{"a fiscal quarter across the year end sums its months", domain.MustParsePeriod("2025-Q4", domain.FiscalCalendar{StartMonth: time.February}), map[int64]domain.Money{a.ID: 510_000}},
		// July fiscal named by end year: 2026-Q3 is Jan–Mar 2026.
		{"a July fiscal quarter named by end year sums Jan–Mar", domain.MustParsePeriod("2026-Q3", domain.FiscalCalendar{StartMonth: time.July, NameByEndYear: true}), map[int64]domain.Money{a.ID: 60_000, b.ID: 5_000}},
		{"a period without quotas is empty", domain.MustParsePeriod("2027", domain.CalendarYear), map[int64]domain.Money{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.QuotaTotals(ctx, tt.p)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("QuotaTotals(%s) = %v, %v; want %v", tt.p, got, err, tt.want)
			}
		})
	}
	t.Run("a quota for a quarter is refused: quotas are monthly", func(t *testing.T) {
		err := db.SetQuota(ctx, domain.Quota{PersonID: a.ID, Month: domain.MustParsePeriod("2026-Q2", domain.CalendarYear), Amount: 1})
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("SetQuota(quarter) = %v, want %s", err, domain.EINVALID)
		}
	})
}

func TestSetSplits(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	owner := createPersonT(t, db, domain.Person{Name: "Owner"})
	mate := createPersonT(t, db, domain.Person{Name: "Mate"})
	sdr := createPersonT(t, db, domain.Person{Name: "SDR", Role: domain.RoleSDR})
	d := createDealT(t, db, domain.Deal{Name: "Split deal", OwnerID: owner.ID, StageID: stageID(t, db, "Closed Won"),
		Amount: 1_000_000, HasAmount: true, CloseDate: domain.Day(2026, 5, 1)})
	other := createDealT(t, db, domain.Deal{Name: "Other deal", StageID: stageID(t, db, "Prospecting")})

	good := []domain.DealSplit{
		{DealID: d.ID, PersonID: owner.ID, Kind: domain.SplitRevenue, Share: domain.RatePercent(60)},
		{DealID: d.ID, PersonID: mate.ID, Kind: domain.SplitRevenue, Share: domain.RatePercent(40)},
		{DealID: d.ID, PersonID: sdr.ID, Kind: domain.SplitOverlay, Share: domain.RatePercent(10)},
	}
	if err := db.SetSplits(ctx, d.ID, good); err != nil {
		t.Fatalf("SetSplits(60/40 + 10 %% overlay): %v", err)
	}
	want := map[int64][]domain.DealSplit{d.ID: good}

	check := func(t *testing.T) {
		t.Helper()
		got, err := db.Splits(ctx, nil)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Splits(nil) =\n%v, %v\nwant\n%v", got, err, want)
		}
	}
	t.Run("60/40 with a 10 % overlay is stored", check)
	t.Run("splits can be read for chosen deals", func(t *testing.T) {
		got, err := db.Splits(ctx, []int64{d.ID, other.ID})
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("Splits(ids) = %v, %v", got, err)
		}
		got, err = db.Splits(ctx, []int64{})
		if err != nil || len(got) != 0 {
			t.Errorf("Splits(no ids) = %v, %v; want empty", got, err)
		}
	})
	t.Run("revenue splits of 99 % are refused and the old splits stay", func(t *testing.T) {
		bad := []domain.DealSplit{
			{DealID: d.ID, PersonID: owner.ID, Kind: domain.SplitRevenue, Share: domain.RatePercent(60)},
			{DealID: d.ID, PersonID: mate.ID, Kind: domain.SplitRevenue, Share: domain.RatePercent(39)},
		}
		if err := db.SetSplits(ctx, d.ID, bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("SetSplits(99 %%) = %v, want %s", err, domain.EINVALID)
		}
		check(t)
	})
	t.Run("a split for someone who does not exist rolls back whole", func(t *testing.T) {
		bad := []domain.DealSplit{{DealID: d.ID, PersonID: 999, Kind: domain.SplitRevenue, Share: domain.RateOne}}
		if err := db.SetSplits(ctx, d.ID, bad); err == nil {
			t.Error("SetSplits with an unknown person succeeded")
		}
		check(t)
	})
	t.Run("an empty list removes the splits", func(t *testing.T) {
		if err := db.SetSplits(ctx, d.ID, nil); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Splits(ctx, nil); len(got) != 0 {
			t.Errorf("Splits() = %v, want none", got)
		}
	})
}

func TestDealsClosedIn(t *testing.T) {
	ctx := context.Background()
	x := newDealTable(t)
	q2 := domain.MustParsePeriod("2026-Q2", domain.CalendarYear)
	deals, err := x.db.DealsClosedIn(ctx, q2.Start(), q2.End())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, d := range deals {
		got[d.ExternalID] = true
	}
	// Q2 holds D-3 (Apr 1), D-2 (May 1) and D-4 (Jun 1); D-1 closed in March.
	if want := map[string]bool{"D-2": true, "D-3": true, "D-4": true}; !reflect.DeepEqual(got, want) {
		t.Errorf("DealsClosedIn(Q2) = %v, want %v", got, want)
	}
}
