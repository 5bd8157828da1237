package domain

import "testing"

func TestRevenueSplitsAlwaysAddUpToTheDeal(t *testing.T) {
	third := Rate(333_333)
	for _, c := range []struct {
		name   string
		value  Money
		shares []Rate
		want   []Money
	}{
		// 10.01 × 33.3333 % = 3.33666… → 3.34 each would credit 10.02; the
		// largest share (the third, 33.3334 %) absorbs the cent: 3.34 + 3.34 + 3.33.
		{"three ways on 10.01 credit exactly 10.01", 1001, []Rate{third, third, RateOne - 2*third}, []Money{334, 334, 333}},
		// 0.05 split 50/50: 2.5 → 3 and 3 would be 0.06; the first largest keeps 2.
		{"half and half of five cents credit five cents", 5, []Rate{RatePercent(50), RatePercent(50)}, []Money{2, 3}},
		{"60/40 of 1,000.00 needs no correction", 100000, []Rate{RatePercent(60), RatePercent(40)}, []Money{60000, 40000}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := Deal{ID: 1, OwnerID: 9, Status: StatusWon, Value: c.value}
			var splits []DealSplit
			for i, s := range c.shares {
				splits = append(splits, DealSplit{DealID: 1, PersonID: int64(i + 1), Kind: SplitRevenue, Share: s})
			}
			splits = append(splits, DealSplit{DealID: 1, PersonID: 99, Kind: SplitOverlay, Share: RatePercent(10)})
			credits := DealCredits(&d, splits)
			var sum Money
			for i, want := range c.want {
				if credits[i].Amount != want {
					t.Errorf("split %d credits %d, want %d", i+1, credits[i].Amount, want)
				}
				sum += credits[i].Amount
			}
			if sum != c.value {
				t.Errorf("revenue credits total %d, want the deal's %d", sum, c.value)
			}
			if over := credits[len(credits)-1]; over.Kind != SplitOverlay || over.Amount != c.value.MulRate(RatePercent(10)) {
				t.Errorf("the overlay credits %d, want 10 %% of the deal untouched by the correction", over.Amount)
			}
		})
	}
}

func TestStageNamesAsCRMsSpellThem(t *testing.T) {
	for _, c := range []struct {
		name      string
		won, lost bool
	}{
		{"Closed-Won", true, false},
		{"closed_lost", false, true},
		{"ClosedWon", true, false},
		{"closedlost", false, true},
		{"Negotiation/Review", false, false},
	} {
		won, lost := InferStageOutcome(c.name)
		if won != c.won || lost != c.lost {
			t.Errorf("%q: won=%v lost=%v, want %v %v", c.name, won, lost, c.won, c.lost)
		}
	}
}

func TestSettingsKeepCurrencyCodesInUpperCase(t *testing.T) {
	s := DefaultSettings()
	s.Currency = " eur"
	s.Rates = map[string]Rate{"usd": RateFromFloat(0.92)}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Currency != "EUR" {
		t.Errorf("currency stored as %q", s.Currency)
	}
	v, err := s.ToWorkspace(10000, "USD")
	if err != nil || v != 9200 {
		t.Errorf("100.00 USD at a rate typed as usd converts to %d (%v), want 92.00 EUR", v, err)
	}
}
