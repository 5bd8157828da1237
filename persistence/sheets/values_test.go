package sheets

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var amountCases = []struct {
	name    string
	in      string
	digits  int
	decimal byte
	want    int64
	code    string
	err     error
}{
	{"plain integer", "1234", 2, 0, 123400, "", nil},
	{"US grouping and decimals", "1,234.56", 2, 0, 123456, "", nil},
	{"European grouping and decimals", "1.234,56", 2, 0, 123456, "", nil},
	{"French space grouping", "1 234,56", 2, 0, 123456, "", nil},
	{"non-breaking space grouping", "1\u00a0234\u00a0567,8", 2, 0, 123456780, "", nil},
	{"narrow no-break space grouping", "12\u202f345,00", 2, 0, 1234500, "", nil},
	{"Swiss apostrophe grouping", "1'234.50", 2, 0, 123450, "", nil},
	{"typographic apostrophe grouping", "1’234’567.05", 2, 0, 123456705, "", nil},
	{"euro symbol before", "€ 1.234,56", 2, 0, 123456, "EUR", nil},
	{"euro symbol after", "1.234,56 €", 2, 0, 123456, "EUR", nil},
	{"dollar symbol", "$1,200", 2, 0, 120000, "USD", nil},
	{"ISO code after", "1200.5 USD", 2, 0, 120050, "USD", nil},
	{"ISO code before", "NOK 12 500", 2, 0, 1250000, "NOK", nil},
	{"kr names no single currency", "12 500 kr", 2, 0, 1250000, "", nil},
	{"accounting negative", "(1,234.56)", 2, 0, -123456, "", nil},
	{"accounting negative with symbol", "($99.99)", 2, 0, -9999, "USD", nil},
	{"leading minus", "-12.5", 2, 0, -1250, "", nil},
	{"trailing minus", "12.50-", 2, 0, -1250, "", nil},
	{"unicode minus", "−7,25", 2, 0, -725, "", nil},
	{"plus sign", "+3", 2, 0, 300, "", nil},
	{"three decimals round half away from zero", "16.448", 2, '.', 1645, "", nil},
	{"rounding down", "3.544", 2, 0, 354, "", nil},
	{"lone comma with three digits groups", "1,234", 2, 0, 123400, "", nil},
	{"lone dot with three digits is decimal when guessing", "1.234", 2, 0, 123, "", nil},
	{"lone dot with three digits groups in a decimal-comma file", "1.234", 2, ',', 123400, "", nil},
	{"lone comma with three digits is decimal in a decimal-comma file", "1,234", 3, ',', 1234, "", nil},
	{"leading zero decides decimal", "0,125", 3, 0, 125, "", nil},
	{"zero-decimal currency", "1,234", 0, 0, 1234, "", nil},
	{"Excel exponent", "1.5E+3", 2, 0, 150000, "", nil},
	{"small exponent", "5E-3", 2, 0, 1, "", nil},
	{"only decimals", ".5", 2, 0, 50, "", nil},
	{"word is not a number", "twelve", 2, 0, 0, "", ErrNotNumber},
	{"two decimal points", "1.2.3,4.5", 2, 0, 0, "", ErrNotNumber},
	{"bad grouping", "12,34,567.00", 2, 0, 0, "", ErrNotNumber},
	{"mixed grouping", "1.234,567.00", 2, 0, 0, "", ErrNotNumber},
	{"unclosed parenthesis", "(12", 2, 0, 0, "", ErrNotNumber},
	{"percent is not an amount", "12%", 2, 0, 0, "", ErrNotNumber},
	{"two signs", "--5", 2, 0, 0, "", ErrNotNumber},
	{"too large", "123456789012345678", 2, 0, 0, "", ErrTooLarge},
	{"unknown word as currency", "12 apples", 2, 0, 0, "", ErrNotNumber},
}

func TestParseAmount(t *testing.T) {
	for _, c := range amountCases {
		t.Run(c.name, func(t *testing.T) {
			got, code, err := ParseAmount(c.in, c.digits, c.decimal)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("ParseAmount(%q) = %d, %v; want error %v", c.in, got, err, c.err)
				}
				return
			}
			if err != nil || got != c.want || code != c.code {
				t.Fatalf("ParseAmount(%q) = %d %q %v; want %d %q", c.in, got, code, err, c.want, c.code)
			}
		})
	}
}

var rateCases = []struct {
	in   string
	want int64
	ok   bool
}{
	{"40", 400000, true},
	{"40%", 400000, true},
	{"40 %", 400000, true},
	{"0.4", 400000, true},
	{"40,5 %", 405000, true},
	{"1", 1000000, true},
	{"100", 1000000, true},
	{"0", 0, true},
	{"12.5%", 125000, true},
	{"150", 0, false},
	{"-10", 0, false},
	{"high", 0, false},
	{"10 EUR", 0, false},
}

func TestParseRate(t *testing.T) {
	for _, c := range rateCases {
		t.Run(c.in, func(t *testing.T) {
			got, err := ParseRate(c.in, 0)
			if (err == nil) != c.ok || got != c.want {
				t.Fatalf("ParseRate(%q) = %d, %v; want %d ok=%v", c.in, got, err, c.want, c.ok)
			}
		})
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var dateCases = []struct {
	name  string
	in    string
	order DateOrder
	want  time.Time
	err   error
}{
	{"ISO", "2026-07-01", DateAuto, day(2026, 7, 1), nil},
	{"ISO without padding", "2026-7-1", DateAuto, day(2026, 7, 1), nil},
	{"ISO slashes", "2026/07/01", DateAuto, day(2026, 7, 1), nil},
	{"ISO date-time UTC", "2026-07-01T10:30:00Z", DateAuto, time.Date(2026, 7, 1, 10, 30, 0, 0, time.UTC), nil},
	{"ISO date-time with offset", "2026-07-01T10:30:00+02:00", DateAuto, time.Date(2026, 7, 1, 8, 30, 0, 0, time.UTC), nil},
	{"ISO date space time", "2026-07-01 10:30", DateAuto, time.Date(2026, 7, 1, 10, 30, 0, 0, time.UTC), nil},
	{"day-first", "01/07/2026", DayFirst, day(2026, 7, 1), nil},
	{"month-first", "07/01/2026", MonthFirst, day(2026, 7, 1), nil},
	{"day-first with dots", "1.7.2026", DayFirst, day(2026, 7, 1), nil},
	{"day-first two-digit year", "03/01/19", DayFirst, day(2019, 1, 3), nil},
	{"year-first two-digit year", "26/03/04", YearFirst, day(2026, 3, 4), nil},
	{"year-first with dots", "26.12.31", YearFirst, day(2026, 12, 31), nil},
	{"year-first ISO as always", "2026-03-04", YearFirst, day(2026, 3, 4), nil},
	{"year-first impossible day", "26/02/30", YearFirst, time.Time{}, ErrBadDate},
	{"two-digit year of the last century", "31/12/99", DayFirst, day(1999, 12, 31), nil},
	{"auto proves day-first", "13/01/2026", DateAuto, day(2026, 1, 13), nil},
	{"auto proves month-first", "01/13/2026", DateAuto, day(2026, 1, 13), nil},
	{"auto same day and month", "05/05/2026", DateAuto, day(2026, 5, 5), nil},
	{"auto ambiguous", "03/04/2026", DateAuto, time.Time{}, ErrAmbiguous},
	{"month-first with a 12-hour time", "7/1/2026 2:05 PM", MonthFirst, time.Date(2026, 7, 1, 14, 5, 0, 0, time.UTC), nil},
	{"12 AM is midnight", "7/1/2026 12:00 AM", MonthFirst, day(2026, 7, 1), nil},
	{"day month-name year", "1 Jul 2026", DateAuto, day(2026, 7, 1), nil},
	{"month-name day, year", "July 1, 2026", DateAuto, day(2026, 7, 1), nil},
	{"Salesforce style", "01-Jul-26", DateAuto, day(2026, 7, 1), nil},
	{"Italian month", "3 gennaio 2026", DateAuto, day(2026, 1, 3), nil},
	{"French month", "3 févr. 2026", DateAuto, day(2026, 2, 3), nil},
	{"Excel serial", "46204", DateAuto, day(2026, 7, 1), nil},
	{"Excel serial with time", "46204.75", DateAuto, time.Date(2026, 7, 1, 18, 0, 0, 0, time.UTC), nil},
	{"Excel serial before the phantom leap day", "59", DateAuto, day(1900, 2, 28), nil},
	{"Excel serial after the phantom leap day", "61", DateAuto, day(1900, 3, 1), nil},
	{"yyyymmdd", "20260701", DateAuto, day(2026, 7, 1), nil},
	{"impossible day", "2026-02-30", DateAuto, time.Time{}, ErrBadDate},
	{"impossible month day-first", "01/13/2026", DayFirst, time.Time{}, ErrBadDate},
	{"month 13 both ways", "13/13/2026", DateAuto, time.Time{}, ErrBadDate},
	{"word", "tomorrow", DateAuto, time.Time{}, ErrNotDate},
	{"two parts", "07/2026", DateAuto, time.Time{}, ErrNotDate},
	{"bad time", "2026-07-01 25:00", DateAuto, time.Time{}, ErrNotDate},
	{"serial zero", "0", DateAuto, time.Time{}, ErrNotDate},
}

func TestParseDate(t *testing.T) {
	for _, c := range dateCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseDate(c.in, c.order)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("ParseDate(%q, %v) = %v, %v; want error %v", c.in, c.order, got, err, c.err)
				}
				return
			}
			if err != nil || !got.Equal(c.want) {
				t.Fatalf("ParseDate(%q, %v) = %v, %v; want %v", c.in, c.order, got, err, c.want)
			}
		})
	}
}

func TestIsEmptyAndEvidence(t *testing.T) {
	for _, s := range []string{"", "  ", "NA", "n/a", "N/A", "#N/A", "null", "-", "\u00a0"} {
		if !IsEmpty(s) {
			t.Errorf("IsEmpty(%q) = false", s)
		}
	}
	for _, s := range []string{"0", "NaN", "Nancy", "--"} {
		if IsEmpty(s) {
			t.Errorf("IsEmpty(%q) = true", s)
		}
	}
	orders := map[string]DateOrder{"13/01/2026": DayFirst, "01/13/2026": MonthFirst, "03/04/2026": DateAuto, "2026-01-13": DateAuto, "46204": DateAuto}
	for in, want := range orders {
		if got := DateOrderOf(in); got != want {
			t.Errorf("DateOrderOf(%q) = %v, want %v", in, got, want)
		}
	}
	decs := map[string]byte{"1,234.56": '.', "1.234,56": ',', "3.5": '.', "3,5": ',', "1,234": 0, "1234": 0, "16.448": 0}
	for in, want := range decs {
		if got := DecimalOf(in); got != want {
			t.Errorf("DecimalOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDateOrder(t *testing.T) {
	for in, want := range map[string]DateOrder{"": DateAuto, "dmy": DayFirst, "MDY": MonthFirst, " ymd ": YearFirst} {
		if got, err := ParseDateOrder(in); err != nil || got != want {
			t.Errorf("ParseDateOrder(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := ParseDateOrder("dd/mm/yyyy"); err == nil || err.Error() != `"dd/mm/yyyy" is not a date order: use dmy, mdy or ymd` {
		t.Errorf("bad order: %v", err)
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, c := range amountCases {
		f.Add(c.in, c.digits, c.decimal)
	}
	for _, s := range plainAmountCases {
		f.Add(s, 2, byte(0))
	}
	f.Fuzz(func(t *testing.T, s string, digits int, decimal byte) {
		if digits < 0 || digits > 6 {
			digits = 2
		}
		v, code, err := ParseAmount(s, digits, decimal)
		if err == nil && (v > 1e17 || v < -1e17) {
			t.Fatalf("ParseAmount(%q) = %d: beyond the limit", s, v)
		}
		if err == nil && len(code) > 3 {
			t.Fatalf("ParseAmount(%q) code %q", s, code)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, c := range dateCases {
		f.Add(c.in, int(c.order))
	}
	for _, s := range plainDateCases {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, order int) {
		got, err := ParseDate(s, DateOrder(order%4))
		if err == nil && (got.Year() < 1000 || got.Year() > 9999) && got.Year() > 1 {
			t.Fatalf("ParseDate(%q) = %v: year out of range", s, got)
		}
	})
}

func FuzzParseRate(f *testing.F) {
	for _, c := range rateCases {
		f.Add(c.in)
	}
	for _, s := range plainAmountCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseRate(s, 0)
		if err == nil && (v < 0 || v > 1_000_000) {
			t.Fatalf("ParseRate(%q) = %d", s, v)
		}
	})
}

// plainAmountCases are amounts near the shapes plainAmount reads, which
// it must read as parseAmount does or leave to it.
var plainAmountCases = []string{
	"37450.00", "9663.04", "37450", "0", "00", "0.1", "0.5", "1", "100", "12.5", "1.234", "0.125", "0.1234", "1234.567",
	"16.448", "3.544", "3.545", "0.005", "0.0049", "007", "007.50", ".5", "5.", ".", "", "1..2", "1.2.3", "1,234", "1,5",
	" 12.50", "12.50 ", "\u00a012.50", "12.50\u00a0", "\u202f1", "+12.5", "-12.5", "12.5-", "(12.5)", "1e3", "1E3",
	"99999999999999999", "9999999999999999", "999999999999999", "99999999999999.995", "0000000000000000000001.5",
	"12345678901234567890", "١٢٣", "１２", "12 500", "1'234.5", "40%", "12 EUR", "€12.50", "1.234.567",
}

func TestPlainAmountIsParseAmount(t *testing.T) {
	for _, s := range plainAmountCases {
		for _, digits := range []int{0, 2, 3, 6} {
			for _, dec := range []byte{0, '.', ','} {
				v, code, err := ParseAmount(s, digits, dec)
				gv, gcode, gerr := parseAmount(s, digits, dec)
				if v != gv || code != gcode || err != gerr {
					t.Errorf("ParseAmount(%q, %d, %q) = %d %q %v; the general path says %d %q %v", s, digits, dec, v, code, err, gv, gcode, gerr)
				}
			}
		}
	}
	// The shapes exports write take the fast path.
	for _, s := range []string{"37450.00", "9663.04", "37450", "0", "0.1", "1.234"} {
		if _, ok := plainAmount(s, 2, '.'); !ok {
			t.Errorf("plainAmount(%q) does not read it", s)
		}
	}
	// A dot before three digits is left to the general path where it may group.
	if _, ok := plainAmount("1.234", 2, ','); ok {
		t.Error(`plainAmount("1.234", 2, ',') reads it`)
	}
}

// parseRateGeneral is ParseRate on parseAmount alone, without fast paths.
func parseRateGeneral(s string, decimal byte) (int64, error) {
	s = strings.TrimFunc(s, isSpace)
	pct := strings.HasSuffix(s, "%")
	s = strings.TrimFunc(strings.TrimSuffix(s, "%"), isSpace)
	v, code, err := parseAmount(s, 6, decimal)
	if err != nil || code != "" || v < 0 {
		return 0, ErrNotPercent
	}
	if pct || v > 1_000_000 {
		v = (v + 50) / 100
	}
	if v > 1_000_000 {
		return 0, ErrNotPercent
	}
	return v, nil
}

func TestPlainRateIsParseRate(t *testing.T) {
	ins := append([]string{"100.0000001", "100.00005", "100.00004", "1.0000005", "0.9999995", "0.0000005", "150", "1000000"}, plainAmountCases...)
	for _, c := range rateCases {
		ins = append(ins, c.in)
	}
	for _, s := range ins {
		for _, dec := range []byte{0, '.', ','} {
			v, err := ParseRate(s, dec)
			gv, gerr := parseRateGeneral(s, dec)
			if v != gv || err != gerr {
				t.Errorf("ParseRate(%q, %q) = %d %v; the general path says %d %v", s, dec, v, err, gv, gerr)
			}
		}
	}
}

// plainDateCases are dates near the shapes plainDate reads, which it must
// read as parseDate does or leave to it.
var plainDateCases = []string{
	"2023-11-01", "2024-02-29", "2023-02-29", "2023-02-30", "2100-02-29", "2000-02-29", "2023-04-31", "2023-12-31",
	"2023-13-01", "2023-00-10", "2023-01-00", "0999-12-31", "1000-01-01", "9999-12-31", "0000-01-01", "2023-1-01",
	"2023/11/01", "2023-11-01 ", " 2023-11-01", "\u00a02023-11-01", "2023-11-0a", "+023-11-01", "2023-+1-01", "2023--1-01",
	"2023-11-01T18:00:00Z", "2023-11-01T23:59:60Z", "2023-12-31T23:59:60Z", "2023-11-01T24:00:00Z", "2023-11-01T23:60:00Z",
	"2023-11-01T23:59:61Z", "2023-11-01T18:00:00z", "2023-11-01t18:00:00Z", "2023-11-01T18:00:00+00:00", "2023-11-01T18:00:00+02:00",
	"2023-11-01T18:00:00.5Z", "2023-11-01T18:00Z", "2023-11-01 18:00:00Z", "2023-02-30T10:00:00Z", "2023-11-01T1a:00:00Z",
	"2023-11-01T18:00:00 Z", "2023-11-01T18:00:00PM", "2023-11-01T-1:00:00Z", "2023-11-01T18:-1:00Z",
	"45231", "45231.5", "46204.75", "0", "1", "59", "60", "61", "0000061", "0045231", "2958465", "2958466", "9999999",
	"20260701", "19000101", "00000001", "1234567", "45231 ", " 45231", "-45231", "+45231", "4523a", "01/07/2026", "1 Jul 2026",
}

func TestPlainDateIsParseDate(t *testing.T) {
	for _, s := range plainDateCases {
		for _, order := range []DateOrder{DateAuto, DayFirst, MonthFirst, YearFirst} {
			got, err := ParseDate(s, order)
			want, werr := parseDate(s, order)
			if got != want || err != werr {
				t.Errorf("ParseDate(%q, %v) = %#v %v; the general path says %#v %v", s, order, got, err, want, werr)
			}
		}
	}
	// The shapes exports write take the fast path.
	for _, s := range []string{"2023-11-01", "2024-02-29", "2023-11-01T18:00:00Z", "45231", "61", "2958465"} {
		if _, ok := plainDate(s); !ok {
			t.Errorf("plainDate(%q) does not read it", s)
		}
	}
}

var emptyCases = []string{
	"", " ", "  ", "\t", "\u00a0", "\u202f", "\u2009", "\u0085", "NA", "na", "nA", "N/A", "n/a", "#N/A", "#n/a", "NULL", "Null",
	"null", "-", "—", "–", " - ", "\u00a0NA\u00a0", " null", "null ", "0", "NaN", "Nancy", "--", "N/AA", "N", "A", "#", "/",
	"nul", "nulls", "ſa", "Na\u0307", "\u212a", "ᴺᴬ", "Ｎ/Ａ", "—-", "x", "won", "2023", "\x1c", "\x1cNA", "NA\x1f",
}

func TestPlainIsEmptyIsIsEmpty(t *testing.T) {
	for _, s := range emptyCases {
		if got, want := IsEmpty(s), isEmpty(s); got != want {
			t.Errorf("IsEmpty(%q) = %v; the general path says %v", s, got, want)
		}
	}
	for _, s := range []string{"", "NA", "n/a", "#N/A", "null", "-", "won", "Closed Won"} {
		if _, ok := plainIsEmpty(s); !ok {
			t.Errorf("plainIsEmpty(%q) does not read it", s)
		}
	}
}

func FuzzParseAmountPaths(f *testing.F) {
	for _, s := range plainAmountCases {
		f.Add(s, 2, byte('.'))
		f.Add(s, 6, byte(','))
	}
	f.Fuzz(func(t *testing.T, s string, digits int, decimal byte) {
		if digits < 0 || digits > 6 {
			digits = 2
		}
		v, code, err := ParseAmount(s, digits, decimal)
		gv, gcode, gerr := parseAmount(s, digits, decimal)
		if v != gv || code != gcode || err != gerr {
			t.Fatalf("ParseAmount(%q, %d, %q) = %d %q %v; the general path says %d %q %v", s, digits, decimal, v, code, err, gv, gcode, gerr)
		}
	})
}

func FuzzParseDatePaths(f *testing.F) {
	for _, s := range plainDateCases {
		f.Add(s, 0)
		f.Add(s, 1)
	}
	f.Fuzz(func(t *testing.T, s string, order int) {
		o := DateOrder(order & 3)
		got, err := ParseDate(s, o)
		want, werr := parseDate(s, o)
		if got != want || err != werr {
			t.Fatalf("ParseDate(%q, %v) = %#v %v; the general path says %#v %v", s, o, got, err, want, werr)
		}
	})
}

func FuzzIsEmptyPaths(f *testing.F) {
	for _, s := range emptyCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsEmpty(s), isEmpty(s); got != want {
			t.Fatalf("IsEmpty(%q) = %v; the general path says %v", s, got, want)
		}
	})
}

// TestMkDateIsTimeDate holds mkDate to time.Date on every day, month and
// year it accepts, and on the days just outside them.
func TestMkDateIsTimeDate(t *testing.T) {
	for y := 990; y <= 10010; y++ {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				got, err := mkDate(y, m, d)
				want := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
				real := y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && want.Day() == d
				if !real {
					if err != ErrBadDate {
						t.Fatalf("mkDate(%d, %d, %d) = %v, %v; want ErrBadDate", y, m, d, got, err)
					}
					continue
				}
				if err != nil || got != want {
					t.Fatalf("mkDate(%d, %d, %d) = %#v, %v; want %#v", y, m, d, got, err, want)
				}
			}
		}
	}
}

func FuzzParseRatePaths(f *testing.F) {
	for _, c := range rateCases {
		f.Add(c.in, byte(0))
	}
	for _, s := range plainAmountCases {
		f.Add(s, byte('.'))
		f.Add(s, byte(','))
	}
	f.Fuzz(func(t *testing.T, s string, decimal byte) {
		v, err := ParseRate(s, decimal)
		gv, gerr := parseRateGeneral(s, decimal)
		if v != gv || err != gerr {
			t.Fatalf("ParseRate(%q, %q) = %d %v; the general path says %d %v", s, decimal, v, err, gv, gerr)
		}
	})
}
