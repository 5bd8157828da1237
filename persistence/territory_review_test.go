package persistence

import (
	"context"
	"testing"
	"time"

	"salesops/domain"
)

// An account the accounts import puts in a territory by name is manual: the
// next rules run leaves it there, its tie candidates go, and its history
// keeps the deals it closed before the import in the territory it was in, so
// `salesops kpis --by territory` reports them there.
func TestAnImportedTerritoryIsManualAndKeepsThePastWhereItWas(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	italy := createTerritoryT(t, db, domain.Territory{Name: "Italy", Priority: 10}, terrRule("country", "=", "IT"))
	france := createTerritoryT(t, db, domain.Territory{Name: "France", Priority: 10}, terrRule("country", "=", "FR"))
	roma := createTerrAccountT(t, db, domain.Account{ExternalID: "R1", Name: "Roma SpA", Country: "IT"})
	if _, err := db.RunRules(ctx, domain.Day(2025, 1, 1)); err != nil {
		t.Fatal(err)
	}
	if a := terrAccountT(t, db, roma.ID); a.TerritoryID != italy.ID || a.Assignment != domain.AssignedRule {
		t.Fatalf("the rules put Roma in %d (%s), want Italy by rule", a.TerritoryID, a.Assignment)
	}
	won := stageID(t, db, "Closed Won")
	createDealT(t, db, domain.Deal{ExternalID: "D1", Name: "Roma Q1", AccountID: roma.ID, StageID: won, Amount: eur(7_000), HasAmount: true, CloseDate: domain.Day(2026, 2, 10)})

	res := mustImport(t, db, writeFile(t, "a.csv", []byte("Account ID,Name,Territory\nR1,Roma SpA,France\n")), ImportOptions{Kind: "accounts"})
	if res.Updated != 1 {
		t.Fatalf("import: %s %v", res.Summary(), res.Problems)
	}
	if _, err := db.RunRules(ctx, domain.DateOf(time.Now())); err != nil {
		t.Fatal(err)
	}
	if a := terrAccountT(t, db, roma.ID); a.TerritoryID != france.ID || a.Assignment != domain.AssignedManual {
		t.Errorf("after import and a rules run Roma is in %d (%s), want France, manual", a.TerritoryID, a.Assignment)
	}
	spans, err := db.AccountTerritoryHistory(ctx, roma.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != 2 || spans[0].TerritoryID != italy.ID || spans[1].TerritoryID != france.ID || spans[1].Source != domain.AssignedManual || !spans[1].To.IsZero() {
		t.Errorf("history after the import: %+v", spans)
	}
	q1 := domain.CalendarYear.PeriodOf(domain.Quarter, domain.Day(2026, 2, 1))
	groups, err := db.KPIsBy(ctx, ByTerritory, KPIScope{}, q1, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]domain.Money{}
	for _, g := range groups {
		got[g.ID] = g.ClosedWon
	}
	if got[italy.ID] != eur(7_000) || got[france.ID] != 0 {
		t.Errorf("Q1 closed-won by territory %v: want the February deal in Italy (%d), none in France (%d)", got, italy.ID, france.ID)
	}
}
