package persistence

import (
	"context"
	"reflect"
	"testing"
	"time"

	"salesops/domain"
)

func TestSettingsRoundTrip(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		s    domain.Settings
	}{
		{"the defaults come back as saved", domain.DefaultSettings()},
		{"a July fiscal year named by end year, rates and every field come back", domain.Settings{
			CompanyName: "Aurora Tools", Demo: true, Currency: "EUR",
			Rates:    map[string]domain.Rate{"USD": domain.RateFromFloat(0.92), "JPY": domain.RateFromFloat(0.0062), "KWD": domain.RateFromFloat(2.98)},
			Calendar: domain.FiscalCalendar{StartMonth: time.July, NameByEndYear: true},
			Language: "it", Theme: "dark", ForecastHorizon: 12,
		}},
		{"a February fiscal year named by start year in yen comes back", domain.Settings{
			Currency: "JPY", Rates: map[string]domain.Rate{}, Calendar: domain.FiscalCalendar{StartMonth: time.February},
			Language: "nb", Theme: "light", ForecastHorizon: 24,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := makeWorkspace(t, func(db *DB) {
				if err := db.SaveSettings(ctx, tt.s); err != nil {
					t.Fatalf("SaveSettings: %v", err)
				}
			})
			db := mustOpenAt(t, path) // read back from a fresh connection
			got, err := db.Settings(ctx)
			if err != nil || !reflect.DeepEqual(got, tt.s) {
				t.Errorf("Settings() =\n%+v, %v\nwant\n%+v", got, err, tt.s)
			}
		})
	}
}

func TestSaveSettingsRefusesInvalidSettings(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	good := domain.DefaultSettings()
	good.CompanyName = "Kept"
	if err := db.SaveSettings(ctx, good); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(*domain.Settings)
	}{
		{"an unknown theme is refused", func(s *domain.Settings) { s.Theme = "blue" }},
		{"fiscal month 13 is refused", func(s *domain.Settings) { s.Calendar.StartMonth = 13 }},
		{"a negative exchange rate is refused", func(s *domain.Settings) { s.Rates = map[string]domain.Rate{"USD": -1} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := good
			bad.Rates = map[string]domain.Rate{}
			bad.CompanyName = "Changed"
			tt.change(&bad)
			if err := db.SaveSettings(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("SaveSettings = %v, want %s", err, domain.EINVALID)
			}
			if got, _ := db.Settings(ctx); got.CompanyName != "Kept" {
				t.Errorf("company name = %q after a refused save, want Kept", got.CompanyName)
			}
		})
	}
}

// amountWS reads a deal's stored workspace-currency amount.
func amountWS(tb testing.TB, db *DB, id int64) int64 {
	tb.Helper()
	var v int64
	if err := db.SQL().QueryRow("SELECT amount_ws FROM deals WHERE id = ?", id).Scan(&v); err != nil {
		tb.Fatal(err)
	}
	return v
}

func TestExchangeRatesConvertDeals(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := domain.DefaultSettings() // EUR
	s.Rates = map[string]domain.Rate{"USD": domain.RateFromFloat(0.92), "JPY": domain.RateFromFloat(0.0062)}
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	prospecting := stageID(t, db, "Prospecting")
	newDeal := func(name, cur string, amount domain.Money) domain.Deal {
		d := domain.Deal{Name: name, StageID: prospecting, Amount: amount, HasAmount: true, Currency: cur}
		if err := db.CreateDeal(ctx, &d); err != nil {
			t.Fatalf("CreateDeal(%s): %v", name, err)
		}
		return d
	}
	usd := newDeal("US deal", "USD", 1_000_000) // 10,000.00 USD
	eur := newDeal("Euro deal", "EUR", 500_000) // 5,000.00 EUR
	jpy := newDeal("Yen deal", "JPY", 1_234)    // 1,234 JPY

	t.Run("a new USD deal is converted at 0.92: 10,000.00 USD = 9,200.00 EUR", func(t *testing.T) {
		if got := amountWS(t, db, usd.ID); got != 920_000 || usd.Value != 920_000 {
			t.Errorf("amount_ws = %d, Value = %d; want 920000", got, usd.Value)
		}
	})
	t.Run("a deal in the workspace currency is stored without currency", func(t *testing.T) {
		d, err := db.Deal(ctx, eur.ID)
		if err != nil || d.Currency != "" || d.Value != 500_000 {
			t.Errorf("Deal() = currency %q value %d, %v; want \"\" and 500000", d.Currency, d.Value, err)
		}
	})
	t.Run("1,234 JPY at 0.0062 are 7.6508 EUR, stored as 7.65", func(t *testing.T) {
		if got := amountWS(t, db, jpy.ID); got != 765 {
			t.Errorf("amount_ws = %d, want 765", got)
		}
	})
	t.Run("a new USD rate of 0.95 recomputes the USD deal to 9,500.00 EUR", func(t *testing.T) {
		s.Rates = map[string]domain.Rate{"USD": domain.RateFromFloat(0.95), "JPY": domain.RateFromFloat(0.0062)}
		if err := db.SaveSettings(ctx, s); err != nil {
			t.Fatal(err)
		}
		if got := amountWS(t, db, usd.ID); got != 950_000 {
			t.Errorf("USD deal amount_ws = %d, want 950000", got)
		}
		if got := amountWS(t, db, eur.ID); got != 500_000 {
			t.Errorf("EUR deal amount_ws = %d, want 500000 (unchanged)", got)
		}
		if got := amountWS(t, db, jpy.ID); got != 765 {
			t.Errorf("JPY deal amount_ws = %d, want 765 (unchanged)", got)
		}
	})
	t.Run("dropping the rate of a currency deals use is refused and changes nothing", func(t *testing.T) {
		bad := s
		bad.Rates = map[string]domain.Rate{"JPY": domain.RateFromFloat(0.0062)}
		if err := db.SaveSettings(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("SaveSettings without USD = %v, want %s", err, domain.EINVALID)
		}
		got, err := db.Settings(ctx)
		if err != nil || got.Rates["USD"] != domain.RateFromFloat(0.95) {
			t.Errorf("USD rate after the refused save = %d, %v; want 950000", got.Rates["USD"], err)
		}
		if v := amountWS(t, db, usd.ID); v != 950_000 {
			t.Errorf("USD deal amount_ws = %d, want 950000", v)
		}
	})
	t.Run("a deal in a currency without a rate is refused", func(t *testing.T) {
		d := domain.Deal{Name: "Pound deal", StageID: prospecting, Amount: 100, HasAmount: true, Currency: "GBP"}
		if err := db.CreateDeal(ctx, &d); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("CreateDeal(GBP) = %v, want %s", err, domain.EINVALID)
		}
	})
}

func TestChangingTheWorkspaceCurrencyKeepsEachDealsCurrency(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := domain.DefaultSettings() // EUR
	s.Rates = map[string]domain.Rate{"USD": domain.RateFromFloat(0.92)}
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	stage := stageID(t, db, "Prospecting")
	eur := createDealT(t, db, domain.Deal{Name: "Euro deal", StageID: stage, Amount: 500_000, HasAmount: true})                  // 5,000.00 EUR
	usd := createDealT(t, db, domain.Deal{Name: "US deal", StageID: stage, Amount: 1_000_000, HasAmount: true, Currency: "USD"}) // 10,000.00 USD

	t.Run("switching to USD without a rate for the euro deals is refused", func(t *testing.T) {
		bad := s
		bad.Currency, bad.Rates = "USD", map[string]domain.Rate{}
		if err := db.SaveSettings(ctx, bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("SaveSettings = %v, want %s", err, domain.EINVALID)
		}
		if got, _ := db.Settings(ctx); got.Currency != "EUR" {
			t.Errorf("currency = %s after a refused change, want EUR", got.Currency)
		}
		if got := amountWS(t, db, eur.ID); got != 500_000 {
			t.Errorf("euro deal amount_ws = %d, want 500000", got)
		}
	})
	t.Run("switching to USD converts the euro deals and keeps the dollar deals", func(t *testing.T) {
		next := s
		next.Currency, next.Rates = "USD", map[string]domain.Rate{"EUR": domain.RateFromFloat(1.087)}
		if err := db.SaveSettings(ctx, next); err != nil {
			t.Fatal(err)
		}
		// 5,000.00 EUR × 1.087 = 5,435.00 USD.
		if got := amountWS(t, db, eur.ID); got != 543_500 {
			t.Errorf("euro deal amount_ws = %d, want 543500", got)
		}
		if got := amountWS(t, db, usd.ID); got != 1_000_000 {
			t.Errorf("dollar deal amount_ws = %d, want 1000000", got)
		}
		if d, _ := db.Deal(ctx, eur.ID); d.Currency != "EUR" || d.Amount != 500_000 {
			t.Errorf("euro deal = %s %d, want EUR 500000", d.Currency, d.Amount)
		}
		if d, _ := db.Deal(ctx, usd.ID); d.Currency != "" {
			t.Errorf("dollar deal currency = %q, want \"\" (the workspace currency)", d.Currency)
		}
	})
}
