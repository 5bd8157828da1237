package domain

import (
	"math"
	"reflect"
	"testing"
)

// testBook: Italy (10) country = IT; North Italy (20) IT and postal 20..24;
// France (10) FR; Big EU (10) employees 1000.. in IT;FR — ties with Italy and
// France; Revenue band (5) revenue 1,000,000..5,000,000 OR industry = Retail.
func testBook(t *testing.T) *RuleBook {
	t.Helper()
	terrs := []Territory{{ID: 1, Name: "Italy", Priority: 10}, {ID: 2, Name: "North Italy", Priority: 20}, {ID: 3, Name: "France", Priority: 10},
		{ID: 4, Name: "Big EU", Priority: 10}, {ID: 5, Name: "Revenue band", Priority: 5}, {ID: 6, Name: "Texas", Priority: 8}}
	rules := []TerritoryRule{
		{TerritoryID: 1, Set: 1, Field: "country", Operator: "=", Value: "IT"},
		{TerritoryID: 2, Set: 1, Field: "country", Operator: "=", Value: "it"},
		{TerritoryID: 2, Set: 1, Field: "postal_prefix", Operator: "between", Value: "20..24"},
		{TerritoryID: 3, Set: 1, Field: "Country", Operator: "IN", Value: "FR; MC"},
		{TerritoryID: 4, Set: 1, Field: "country", Operator: "in", Value: "IT;FR"},
		{TerritoryID: 4, Set: 1, Field: "employees", Operator: "between", Value: "1000.."},
		{TerritoryID: 5, Set: 1, Field: "annual_revenue", Operator: "between", Value: "1000000..5000000"},
		{TerritoryID: 5, Set: 2, Field: "industry", Operator: "=", Value: "Retail"},
		{TerritoryID: 6, Set: 1, Field: "state", Operator: "=", Value: "texas"},
	}
	b, err := CompileRules(terrs, rules, eur)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPlaceAccountsByRules(t *testing.T) {
	b := testBook(t)
	m := func(major int64) Money { return Money(major * 100) }
	cases := []struct {
		name string
		a    Account
		want Placement
	}{
		{"a country rule places an Italian account", Account{Country: "IT", PostalCode: "00100"}, Placement{TerritoryID: 1, Source: AssignedRule}},
		{"higher priority wins over a lower one", Account{Country: "IT", PostalCode: "20121"}, Placement{TerritoryID: 2, Source: AssignedRule}},
		{"the upper bound of a prefix range is inside", Account{Country: "IT", PostalCode: "24999"}, Placement{TerritoryID: 2, Source: AssignedRule}},
		{"just past the prefix range falls back", Account{Country: "IT", PostalCode: "25000"}, Placement{TerritoryID: 1, Source: AssignedRule}},
		{"in takes any listed value, case-insensitively", Account{Country: " mc "}, Placement{TerritoryID: 3, Source: AssignedRule}},
		{"equal priorities tie and list the candidates", Account{Country: "FR", Employees: 1000}, Placement{Source: AssignedTie, Candidates: []int64{3, 4}}},
		{"one below the employee bound does not tie", Account{Country: "FR", Employees: 999}, Placement{TerritoryID: 3, Source: AssignedRule}},
		{"higher priority beats a tie below it", Account{Country: "IT", PostalCode: "20100", Employees: 5000}, Placement{TerritoryID: 2, Source: AssignedRule}},
		{"revenue at the low bound matches", Account{Country: "US", AnnualRevenue: m(1_000_000)}, Placement{TerritoryID: 5, Source: AssignedRule}},
		{"revenue at the high bound matches", Account{Country: "US", AnnualRevenue: m(5_000_000)}, Placement{TerritoryID: 5, Source: AssignedRule}},
		{"a cent above the high bound does not", Account{Country: "US", AnnualRevenue: m(5_000_000) + 1}, Placement{Source: AssignedNone}},
		{"a cent below the low bound does not", Account{Country: "US", AnnualRevenue: m(1_000_000) - 1}, Placement{Source: AssignedNone}},
		{"a second rule set is ORed", Account{Country: "US", Industry: "retail"}, Placement{TerritoryID: 5, Source: AssignedRule}},
		{"no rule leaves it unassigned", Account{Country: "DE"}, Placement{Source: AssignedNone}},
		{"a state rule reads the region when there is no state", Account{Country: "US", Region: "Texas"}, Placement{TerritoryID: 6, Source: AssignedRule}},
		{"the state wins over the region", Account{Country: "US", State: "Ohio", Region: "Texas"}, Placement{Source: AssignedNone}},
		{"a manual account is locked", Account{Country: "IT", TerritoryID: 3, Assignment: AssignedManual}, Placement{TerritoryID: 3, Source: AssignedManual}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := b.Place(&c.a)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestRuleValidation(t *testing.T) {
	cases := []struct {
		rule TerritoryRule
		ok   bool
	}{
		{TerritoryRule{Field: "country", Operator: "=", Value: "IT"}, true},
		{TerritoryRule{Field: "zip", Operator: "prefix", Value: "20"}, true},
		{TerritoryRule{Field: "employees", Operator: "between", Value: "..99"}, true},
		{TerritoryRule{Field: "annual_revenue", Operator: "in", Value: "1000;2 000"}, true},
		{TerritoryRule{Field: "colour", Operator: "=", Value: "red"}, false},
		{TerritoryRule{Field: "country", Operator: "like", Value: "I%"}, false},
		{TerritoryRule{Field: "country", Operator: "=", Value: ""}, false},
		{TerritoryRule{Field: "employees", Operator: "prefix", Value: "1"}, false},
		{TerritoryRule{Field: "employees", Operator: "between", Value: "999..100"}, false},
		{TerritoryRule{Field: "employees", Operator: "between", Value: "100-999"}, false},
		{TerritoryRule{Field: "employees", Operator: "=", Value: "many"}, false},
		{TerritoryRule{Field: "industry", Operator: "between", Value: "a..b"}, false},
		{TerritoryRule{Field: "postal_prefix", Operator: "between", Value: "2..24"}, false},
		{TerritoryRule{Field: "country", Operator: "in", Value: " ; "}, false},
	}
	for _, c := range cases {
		err := c.rule.Validate()
		if (err == nil) != c.ok {
			t.Errorf("%+v: error %v, want ok=%v", c.rule, err, c.ok)
		}
	}
}

func TestProposeAssignmentsListsMovesAndCounts(t *testing.T) {
	b := testBook(t)
	accounts := []Account{
		{ID: 1, Name: "Stays", Country: "IT", PostalCode: "00100", TerritoryID: 1, Assignment: AssignedRule},
		{ID: 2, Name: "Moves up", Country: "IT", PostalCode: "20100", TerritoryID: 1, Assignment: AssignedRule},
		{ID: 3, Name: "Locked", Country: "IT", PostalCode: "20100", TerritoryID: 3, Assignment: AssignedManual},
		{ID: 4, Name: "Ties", Country: "FR", Employees: 2000, TerritoryID: 3, Assignment: AssignedRule},
		{ID: 5, Name: "New", Country: "FR", Assignment: AssignedNone},
	}
	p := ProposeAssignments(b, accounts)
	want := []AssignmentMove{
		{AccountID: 2, Account: "Moves up", From: 1, To: 2, FromSource: AssignedRule, ToSource: AssignedRule},
		{AccountID: 4, Account: "Ties", From: 3, To: 0, FromSource: AssignedRule, ToSource: AssignedTie, Candidates: []int64{3, 4}},
		{AccountID: 5, Account: "New", From: 0, To: 3, FromSource: AssignedNone, ToSource: AssignedRule},
	}
	if !reflect.DeepEqual(p.Moves, want) {
		t.Errorf("moves %+v\nwant %+v", p.Moves, want)
	}
	wantCounts := []TerritoryCount{{0, 1, 1}, {1, 2, 1}, {2, 0, 1}, {3, 2, 2}}
	if !reflect.DeepEqual(p.Counts, wantCounts) {
		t.Errorf("counts %+v, want %+v", p.Counts, wantCounts)
	}
	if p.Locked != 1 || p.Evaluated != 5 {
		t.Errorf("locked %d evaluated %d, want 1 and 5", p.Locked, p.Evaluated)
	}
}

func TestSegmentBuckets(t *testing.T) {
	// Revenue first (in major units: 1,000,000.00 EUR), then the default buckets.
	s, err := NewSegmenter(append([]SegmentRule{{Name: "Rich", Field: RuleAnnualRevenue, Range: "1000000.."}}, DefaultSegmentRules()...), eur)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		emp  int
		rev  Money
		want string
	}{{5000, 0, "Enterprise"}, {1000, 0, "Enterprise"}, {999, 0, "Mid-market"}, {100, 0, "Mid-market"}, {99, 0, "SMB"}, {0, 0, "SMB"}, {5000, 100_000_000, "Rich"}, {5000, 99_999_999, "Enterprise"}, {-1, 0, "SMB"}} {
		if got := s.SegmentOf(&Account{Employees: c.emp, AnnualRevenue: c.rev}); got != c.want {
			t.Errorf("%d employees, revenue %d: segment %q, want %q", c.emp, c.rev, got, c.want)
		}
	}
	if _, err := NewSegmenter([]SegmentRule{{Name: "X", Field: "country", Range: "1.."}}, eur); err == nil {
		t.Error("a segment by country was accepted")
	}
}

func TestCoefficientOfVariation(t *testing.T) {
	for _, c := range []struct {
		vals []float64
		want float64
		ok   bool
	}{
		{[]float64{10, 10, 10}, 0, true},
		// mean 5, deviations ±3 → σ 3, CV 0.6
		{[]float64{2, 8}, 0.6, true},
		// mean 4, squares 4+0+4+16+0... {2,4,6,4}: dev -2,0,2,0 → var 2 → σ √2
		{[]float64{2, 4, 6, 4}, math.Sqrt2 / 4, true},
		{nil, 0, false},
		{[]float64{0, 0}, 0, false},
	} {
		got, ok := CoefficientOfVariation(c.vals)
		if ok != c.ok || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("CV(%v) = %v %v, want %v %v", c.vals, got, ok, c.want, c.ok)
		}
	}
}

func TestCheckTerritoryCycle(t *testing.T) {
	parent := map[int64]int64{2: 1, 3: 2}
	if err := CheckTerritoryCycle(parent, 1, 3); err == nil {
		t.Error("moving the root under its grandchild was allowed")
	}
	if err := CheckTerritoryCycle(parent, 3, 1); err != nil {
		t.Errorf("moving a leaf up: %v", err)
	}
}
