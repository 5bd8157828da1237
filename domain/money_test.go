package domain

import (
	"math"
	"testing"
)

func TestMulDivRound(t *testing.T) {
	tests := []struct {
		name    string
		a, b, c int64
		want    int64
	}{
		{"an exact quotient is returned as is", 6, 1, 3, 2},
		{"a half rounds up for positives: 5×1/2 = 2.5 → 3", 5, 1, 2, 3},
		{"a half rounds down for negatives: -5×1/2 = -2.5 → -3", -5, 1, 2, -3},
		{"a negative multiplier rounds away from zero: 5×-1/2 → -3", 5, -1, 2, -3},
		{"a negative divisor rounds away from zero: 5×1/-2 → -3", 5, 1, -2, -3},
		{"two negatives make a positive half: -5×1/-2 → 3", -5, 1, -2, 3},
		{"just under a half rounds down: 149/100 = 1.49 → 1", 149, 1, 100, 1},
		{"exactly a half rounds up: 150/100 = 1.5 → 2", 150, 1, 100, 2},
		{"exactly a negative half rounds down: -150/100 = -1.5 → -2", -150, 1, 100, -2},
		{"just under a negative half rounds toward zero: -149/100 → -1", -149, 1, 100, -1},
		{"over a half rounds up: 151/100 = 1.51 → 2", 151, 1, 100, 2},
		{"a third rounds down: 7/3 = 2.33 → 2", 7, 1, 3, 2},
		{"two thirds round up: 8/3 = 2.67 → 3", 8, 1, 3, 3},
		{"negative two thirds round away from zero: -8/3 → -3", -8, 1, 3, -3},
		{"zero times anything is zero", 0, 123, 7, 0},
		{"a product that overflows int64 is exact: 9e15 × 1e6 / 1e6 = 9e15", 9_000_000_000_000_000, 1_000_000, 1_000_000, 9_000_000_000_000_000},
		{"an overflowing product still rounds a half up: (4e18+1)×3/2 = 6e18+1.5 → 6e18+2", 4_000_000_000_000_000_001, 3, 2, 6_000_000_000_000_000_002},
		{"an overflowing product rounds three quarters up: (4e18+1)×3/4 = 3e18+0.75 → 3e18+1", 4_000_000_000_000_000_001, 3, 4, 3_000_000_000_000_000_001},
		{"an overflowing negative product rounds a half away from zero", -4_000_000_000_000_000_001, 3, 2, -6_000_000_000_000_000_002},
		{"MaxInt64 × 2 / 2 is MaxInt64", math.MaxInt64, 2, 2, math.MaxInt64},
		{"MinInt64 × -1 / -1 is MinInt64 (the product 2^63 does not fit)", math.MinInt64, -1, -1, math.MinInt64},
		{"-1 × MinInt64 / MinInt64 is -1", -1, math.MinInt64, math.MinInt64, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MulDivRound(tt.a, tt.b, tt.c); got != tt.want {
				t.Errorf("MulDivRound(%d, %d, %d) = %d, want %d", tt.a, tt.b, tt.c, got, tt.want)
			}
		})
	}
}

func TestMulDivRoundPanicsOnZeroDivisor(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MulDivRound(1, 1, 0) did not panic")
		}
	}()
	MulDivRound(1, 1, 0)
}

func TestMoneyMulRate(t *testing.T) {
	tests := []struct {
		name string
		m    Money
		r    Rate
		want Money
	}{
		// PRODUCT.md §5.5: retroactive 110,000 × 8 % = 8,800 (in cents).
		{"110,000.00 at 8 % is 8,800.00", 11_000_000, RatePercent(8), 880_000},
		{"100,000.00 at 6 % is 6,000.00", 10_000_000, RatePercent(6), 600_000},
		{"10,000.00 at 8 % is 800.00", 1_000_000, RatePercent(8), 80_000},
		{"100 % leaves the amount as is", 12_345, RateOne, 12_345},
		{"0 % is nothing", 12_345, 0, 0},
		{"half a cent rounds up: 1 cent × 50 % → 1", 1, RatePercent(50), 1},
		{"minus half a cent rounds away from zero: -1 cent × 50 % → -1", -1, RatePercent(50), -1},
		{"3.33 × 33.3333 % = 1.10999889 → 1.11", 333, 333_333, 111},
		{"a clawback stays negative: -500.00 × 10 % = -50.00", -50_000, RatePercent(10), -5_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.MulRate(tt.r); got != tt.want {
				t.Errorf("Money(%d).MulRate(%d) = %d, want %d", tt.m, tt.r, got, tt.want)
			}
		})
	}
}

func TestMoneyMulRatio(t *testing.T) {
	tests := []struct {
		name     string
		m        Money
		num, den int64
		want     Money
	}{
		{"10.00 split in three is 3.33", 1000, 1, 3, 333},
		{"20.00 × 1/3 = 6.666… → 6.67", 2000, 1, 3, 667},
		{"a whole ratio is exact", 1000, 3, 1, 3000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.MulRatio(tt.num, tt.den); got != tt.want {
				t.Errorf("MulRatio = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestRatioOf(t *testing.T) {
	tests := []struct {
		name   string
		a, b   Money
		want   Rate
		wantOK bool
	}{
		{"a zero denominator gives no ratio", 1_000, 0, 0, false},
		{"zero over zero gives no ratio", 0, 0, 0, false},
		{"110,000 of 100,000 is 110 %", 11_000_000, 10_000_000, 1_100_000, true},
		{"one third is 333,333 millionths", 1, 3, 333_333, true},
		{"two thirds round up to 666,667 millionths", 2, 3, 666_667, true},
		{"a negative ratio keeps its sign", -1, 2, -500_000, true},
		{"nothing of something is 0 %", 0, 5, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := RatioOf(tt.a, tt.b)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("RatioOf(%d, %d) = %d, %v; want %d, %v", tt.a, tt.b, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestRateConversionsAndString(t *testing.T) {
	tests := []struct {
		name string
		r    Rate
		want Rate
		str  string
	}{
		{"6 % is 60,000 millionths", RatePercent(6), 60_000, "6 %"},
		{"0.06 is 60,000 millionths", RateFromFloat(0.06), 60_000, "6 %"},
		{"12.5 % keeps its decimal", RatePercent(12.5), 125_000, "12.5 %"},
		{"100 % is RateOne", RatePercent(100), RateOne, "100 %"},
		{"1000 % keeps its trailing zeros", RatePercent(1000), 10_000_000, "1000 %"},
		{"0 % is zero", RatePercent(0), 0, "0 %"},
		{"one millionth shows as 0.0001 %", Rate(1), 1, "0.0001 %"},
		{"a negative rate keeps its sign", RatePercent(-2.5), -25_000, "-2.5 %"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.r != tt.want {
				t.Errorf("rate = %d, want %d", tt.r, tt.want)
			}
			if got := tt.r.String(); got != tt.str {
				t.Errorf("String() = %q, want %q", got, tt.str)
			}
		})
	}
	if f := RatePercent(8).Float(); f != 0.08 {
		t.Errorf("RatePercent(8).Float() = %v, want 0.08", f)
	}
}

func TestCurrencyFormat(t *testing.T) {
	eur := Currency{Code: "EUR", Digits: 2}
	jpy := Currency{Code: "JPY", Digits: 0}
	kwd := Currency{Code: "KWD", Digits: 3}
	tests := []struct {
		name           string
		c              Currency
		m              Money
		group, decimal string
		want           string
	}{
		{"euros group thousands with dots and use a decimal comma", eur, 123_456, ".", ",", "1.234,56"},
		{"five negative cents keep a leading zero", eur, -5, ".", ",", "-0,05"},
		{"zero shows its decimals", eur, 0, ".", ",", "0,00"},
		{"one euro is 1,00", eur, 100, ".", ",", "1,00"},
		{"millions get two group separators", eur, 123_456_789, ".", ",", "1.234.567,89"},
		{"a round million", eur, 100_000_000, ".", ",", "1.000.000,00"},
		{"just under a million", eur, 99_999_999, ".", ",", "999.999,99"},
		{"three whole digits need no group separator", eur, 99_900, ".", ",", "999,00"},
		{"English separators", eur, 123_456, ",", ".", "1,234.56"},
		{"no group separator", eur, 123_456, "", ",", "1234,56"},
		{"yen have no decimals", jpy, 1_234_567, ",", ".", "1,234,567"},
		{"negative yen have no decimals", jpy, -1_000, ",", ".", "-1,000"},
		{"Kuwaiti dinars have three decimals", kwd, 1_234_567, ".", ",", "1.234,567"},
		{"the most negative amount does not overflow", eur, math.MinInt64, "", ".", "-92233720368547758.08"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Format(tt.m, tt.group, tt.decimal); got != tt.want {
				t.Errorf("Format(%d) = %q, want %q", tt.m, got, tt.want)
			}
		})
	}
}

func TestLookupCurrency(t *testing.T) {
	tests := []struct {
		name   string
		code   string
		want   Currency
		scale  int64
		wantOK bool
	}{
		{"the euro has cents", "EUR", Currency{"EUR", 2}, 100, true},
		{"the US dollar has cents", "USD", Currency{"USD", 2}, 100, true},
		{"the yen has no minor unit", "JPY", Currency{"JPY", 0}, 1, true},
		{"a lower-case code is accepted", "jpy", Currency{"JPY", 0}, 1, true},
		{"the Kuwaiti dinar has three decimals", " KWD ", Currency{"KWD", 3}, 1000, true},
		{"the Bahraini dinar has three decimals", "BHD", Currency{"BHD", 3}, 1000, true},
		{"the forint has two decimals in ISO 4217", "HUF", Currency{"HUF", 2}, 100, true},
		{"an empty code is refused", "", Currency{}, 0, false},
		{"a two-letter code is refused", "EU", Currency{}, 0, false},
		{"a four-letter code is refused", "EURO", Currency{}, 0, false},
		{"digits are refused", "E1R", Currency{}, 0, false},
		{"a currency symbol is refused", "€", Currency{}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LookupCurrency(tt.code)
			if !tt.wantOK {
				if ErrorCode(err) != EINVALID {
					t.Fatalf("LookupCurrency(%q) = %v, %v; want an %s error", tt.code, got, err, EINVALID)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("LookupCurrency(%q) = %v, %v; want %v", tt.code, got, err, tt.want)
			}
			if got.Scale() != tt.scale {
				t.Errorf("Scale() = %d, want %d", got.Scale(), tt.scale)
			}
		})
	}
}

func TestCurrencyFromMajorAndMajor(t *testing.T) {
	eur := Currency{Code: "EUR", Digits: 2}
	jpy := Currency{Code: "JPY", Digits: 0}
	tests := []struct {
		name string
		c    Currency
		f    float64
		want Money
	}{
		{"12.34 euros are 1234 cents", eur, 12.34, 1234},
		{"2.5 yen round up to 3", jpy, 2.5, 3},
		{"-2.5 yen round away from zero to -3", jpy, -2.5, -3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.FromMajor(tt.f); got != tt.want {
				t.Errorf("FromMajor(%v) = %d, want %d", tt.f, got, tt.want)
			}
		})
	}
	if got := eur.Major(1234); got != 12.34 {
		t.Errorf("Major(1234) = %v, want 12.34", got)
	}
}

func TestConvert(t *testing.T) {
	usd := Currency{Code: "USD", Digits: 2}
	eur := Currency{Code: "EUR", Digits: 2}
	jpy := Currency{Code: "JPY", Digits: 0}
	kwd := Currency{Code: "KWD", Digits: 3}
	tests := []struct {
		name     string
		m        Money
		from, to Currency
		rate     Rate
		want     Money
	}{
		{"100.00 USD at 0.92 are 92.00 EUR", 10_000, usd, eur, RateFromFloat(0.92), 9_200},
		{"-100.00 USD at 0.92 are -92.00 EUR", -10_000, usd, eur, RateFromFloat(0.92), -9_200},
		{"one cent at 0.92 rounds up to one cent", 1, usd, eur, RateFromFloat(0.92), 1},
		{"half a cent rounds up: 0.50 USD at 0.01 = 0.005 → 0.01", 50, usd, eur, RateFromFloat(0.01), 1},
		{"minus half a cent rounds away from zero", -50, usd, eur, RateFromFloat(0.01), -1},
		// Yen have no minor unit, so a rounding step in yen would lose cents.
		{"1,000 JPY at 0.0062 are 6.20 EUR", 1_000, jpy, eur, RateFromFloat(0.0062), 620},
		{"1,000 JPY at 0.00615 are 6.15 EUR", 1_000, jpy, eur, RateFromFloat(0.00615), 615},
		{"1 JPY at 0.006 is 0.006 EUR → 0.01", 1, jpy, eur, RateFromFloat(0.006), 1},
		// Rounding happens once: 0.03 EUR × 16.5 = 0.495 JPY → 0, not 0.50 → 1.
		{"0.03 EUR at 16.5 JPY is 0.495 yen, which rounds to 0", 3, eur, jpy, RateFromFloat(16.5), 0},
		{"0.01 EUR at 161.5 JPY is 1.615 yen → 2", 1, eur, jpy, RateFromFloat(161.5), 2},
		{"10.00 USD at 0.307 are 3.070 KWD", 1_000, usd, kwd, RateFromFloat(0.307), 3_070},
		{"1.000 KWD at 3.25 are 3.25 USD", 1_000, kwd, usd, RateFromFloat(3.25), 325},
		{"the same currency at 1.0 is unchanged", 12_345, eur, eur, RateOne, 12_345},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Convert(tt.m, tt.from, tt.to, tt.rate); got != tt.want {
				t.Errorf("Convert(%d %s → %s at %d) = %d, want %d", tt.m, tt.from.Code, tt.to.Code, tt.rate, got, tt.want)
			}
		})
	}
}

func TestSettingsToWorkspace(t *testing.T) {
	s := DefaultSettings()
	s.Rates = map[string]Rate{"USD": RateFromFloat(0.92), "JPY": RateFromFloat(0.0062)}
	tests := []struct {
		name     string
		m        Money
		code     string
		want     Money
		wantCode string
	}{
		{"an amount without currency is in the workspace currency", 12_345, "", 12_345, ""},
		{"an amount in the workspace currency is unchanged", 12_345, "EUR", 12_345, ""},
		{"100.00 USD at 0.92 are 92.00 EUR", 10_000, "USD", 9_200, ""},
		{"a lower-case code finds its rate", 10_000, " usd ", 9_200, ""},
		{"1,000 JPY at 0.0062 are 6.20 EUR", 1_000, "JPY", 620, ""},
		{"a currency without a rate is an invalid-input error", 10_000, "GBP", 0, EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ToWorkspace(tt.m, tt.code)
			if code := ErrorCode(err); code != tt.wantCode {
				t.Fatalf("ToWorkspace(%d, %q) error = %v (code %q), want code %q", tt.m, tt.code, err, code, tt.wantCode)
			}
			if got != tt.want {
				t.Errorf("ToWorkspace(%d, %q) = %d, want %d", tt.m, tt.code, got, tt.want)
			}
		})
	}
}

func TestSettingsValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Settings)
		ok     bool
	}{
		{"the defaults are valid", func(*Settings) {}, true},
		{"Norwegian with a July fiscal year is valid", func(s *Settings) { s.Language = "nb"; s.Calendar = julyByEnd }, true},
		{"a bad currency code is refused", func(s *Settings) { s.Currency = "EURO" }, false},
		{"fiscal month 13 is refused", func(s *Settings) { s.Calendar.StartMonth = 13 }, false},
		{"a language Salesops does not speak is refused", func(s *Settings) { s.Language = "de" }, false},
		{"an unknown theme is refused", func(s *Settings) { s.Theme = "blue" }, false},
		{"a forecast horizon of 0 months is refused", func(s *Settings) { s.ForecastHorizon = 0 }, false},
		{"a forecast horizon of 25 months is refused", func(s *Settings) { s.ForecastHorizon = 25 }, false},
		{"a zero exchange rate is refused", func(s *Settings) { s.Rates = map[string]Rate{"USD": 0} }, false},
		{"a rate for a bad code is refused", func(s *Settings) { s.Rates = map[string]Rate{"US": RateOne} }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := DefaultSettings()
			tt.change(&s)
			err := s.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tt.ok)
			}
			if !tt.ok && ErrorCode(err) != EINVALID {
				t.Errorf("ErrorCode = %q, want %q", ErrorCode(err), EINVALID)
			}
		})
	}
}
