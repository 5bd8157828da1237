package domain

import (
	"testing"
	"time"
)

// Fiscal calendars used across the period tests.
var (
	julyByEnd   = FiscalCalendar{StartMonth: time.July, NameByEndYear: true}
	julyByStart = FiscalCalendar{StartMonth: time.July}
	febByStart  = FiscalCalendar{StartMonth: time.February}
	febByEnd    = FiscalCalendar{StartMonth: time.February, NameByEndYear: true}
)

func TestParsePeriodRoundTrips(t *testing.T) {
	tests := []struct {
		name, in, want string
		kind           PeriodKind
		year, index    int
	}{
		{"a year key reads back as itself", "2026", "2026", Year, 2026, 0},
		{"the first quarter reads back as itself", "2026-Q1", "2026-Q1", Quarter, 2026, 1},
		{"the fourth quarter reads back as itself", "2026-Q4", "2026-Q4", Quarter, 2026, 4},
		{"a lower-case q is accepted and written upper-case", "2026-q3", "2026-Q3", Quarter, 2026, 3},
		{"January reads back as itself", "2026-01", "2026-01", Month, 2026, 1},
		{"December reads back as itself", "2026-12", "2026-12", Month, 2026, 12},
		{"surrounding spaces are ignored", "  2026-07 ", "2026-07", Month, 2026, 7},
		{"the earliest accepted year is 1900", "1900", "1900", Year, 1900, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePeriod(tt.in, CalendarYear)
			if err != nil {
				t.Fatalf("ParsePeriod(%q): %v", tt.in, err)
			}
			if p.Kind != tt.kind || p.Year != tt.year || p.Index != tt.index {
				t.Errorf("ParsePeriod(%q) = %v/%d/%d, want %v/%d/%d", tt.in, p.Kind, p.Year, p.Index, tt.kind, tt.year, tt.index)
			}
			if got := p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			again, err := ParsePeriod(p.String(), CalendarYear)
			if err != nil || again != p {
				t.Errorf("ParsePeriod(String()) = %v, %v; want %v", again, err, p)
			}
		})
	}
}

func TestParsePeriodKeepsTheCalendar(t *testing.T) {
	p := MustParsePeriod("2027-Q1", julyByEnd)
	if p.Cal != julyByEnd {
		t.Errorf("Cal = %+v, want %+v", p.Cal, julyByEnd)
	}
	if got := p.Start(); !got.Equal(Day(2026, time.July, 1)) {
		t.Errorf("Start = %v, want 2026-07-01", got)
	}
}

func TestParsePeriodRejects(t *testing.T) {
	tests := []struct{ name, in string }{
		{"month 13 does not exist", "2026-13"},
		{"month 00 does not exist", "2026-00"},
		{"quarter 5 does not exist", "2026-Q5"},
		{"quarter 0 does not exist", "2026-Q0"},
		{"a two-digit year is ambiguous", "26"},
		{"a one-digit month needs its leading zero", "2026-7"},
		{"a three-digit month is refused", "2026-007"},
		{"a quarter without its number is refused", "2026-Q"},
		{"a two-digit quarter is refused", "2026-Q12"},
		{"a full date is not a period", "2026-07-01"},
		{"a trailing dash is refused", "2026-"},
		{"an empty key is refused", ""},
		{"words are refused", "year"},
		{"a five-digit year is refused", "20266"},
		{"a year before 1900 is refused", "1899"},
		{"a quarter written number-first is refused", "2026-3Q"},
		{"a signed month is refused", "2026-+1"},
		{"a negative month is refused", "2026--1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePeriod(tt.in, CalendarYear)
			if err == nil {
				t.Fatalf("ParsePeriod(%q) = %v, want an error", tt.in, p)
			}
			if code := ErrorCode(err); code != EINVALID {
				t.Errorf("ErrorCode = %q, want %q", code, EINVALID)
			}
		})
	}
}

func TestMustParsePeriodPanicsOnABadKey(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParsePeriod(\"2026-13\") did not panic")
		}
	}()
	MustParsePeriod("2026-13", CalendarYear)
}

func TestParsePeriodKind(t *testing.T) {
	tests := []struct {
		name, in string
		want     PeriodKind
		ok       bool
	}{
		{"month is a month", "month", Month, true},
		{"Quarter in capitals is a quarter", " Quarter ", Quarter, true},
		{"YEAR is a year", "YEAR", Year, true},
		{"week is not a period length", "week", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePeriodKind(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("ParsePeriodKind(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
			if tt.ok && got.String() != tt.want.String() {
				t.Errorf("String() = %q", got.String())
			}
		})
	}
}

func TestFiscalCalendarValidate(t *testing.T) {
	tests := []struct {
		name string
		cal  FiscalCalendar
		ok   bool
	}{
		{"January is a valid start", CalendarYear, true},
		{"December is a valid start", FiscalCalendar{StartMonth: time.December}, true},
		{"month 0 is refused", FiscalCalendar{StartMonth: 0}, false},
		{"month 13 is refused", FiscalCalendar{StartMonth: 13}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cal.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate() = %v, want ok=%v", err, tt.ok)
			}
			if !tt.ok && ErrorCode(err) != EINVALID {
				t.Errorf("ErrorCode = %q, want %q", ErrorCode(err), EINVALID)
			}
		})
	}
}

// TestPeriodBounds pins Start, Last (inclusive), End (exclusive) and Days,
// worked out on a calendar by hand.
func TestPeriodBounds(t *testing.T) {
	tests := []struct {
		name        string
		key         string
		cal         FiscalCalendar
		start, last time.Time
		days        int
	}{
		// Calendar year.
		{"calendar Q1 2026 is Jan–Mar: 31+28+31 = 90 days", "2026-Q1", CalendarYear, Day(2026, 1, 1), Day(2026, 3, 31), 90},
		{"calendar Q2 2026 is Apr–Jun: 30+31+30 = 91 days", "2026-Q2", CalendarYear, Day(2026, 4, 1), Day(2026, 6, 30), 91},
		{"calendar Q3 2026 is Jul–Sep: 31+31+30 = 92 days", "2026-Q3", CalendarYear, Day(2026, 7, 1), Day(2026, 9, 30), 92},
		{"calendar Q4 2026 is Oct–Dec: 31+30+31 = 92 days", "2026-Q4", CalendarYear, Day(2026, 10, 1), Day(2026, 12, 31), 92},
		{"leap-year Q1 2024 has 91 days", "2024-Q1", CalendarYear, Day(2024, 1, 1), Day(2024, 3, 31), 91},
		{"calendar year 2026 has 365 days", "2026", CalendarYear, Day(2026, 1, 1), Day(2026, 12, 31), 365},
		{"leap year 2024 has 366 days", "2024", CalendarYear, Day(2024, 1, 1), Day(2024, 12, 31), 366},
		{"February 2026 has 28 days", "2026-02", CalendarYear, Day(2026, 2, 1), Day(2026, 2, 28), 28},
		{"February 2024 has 29 days", "2024-02", CalendarYear, Day(2024, 2, 1), Day(2024, 2, 29), 29},
		{"naming by end year changes nothing when the year starts in January", "2026", FiscalCalendar{StartMonth: time.January, NameByEndYear: true}, Day(2026, 1, 1), Day(2026, 12, 31), 365},

		// July start, named by end year: FY2027 = Jul 2026 – Jun 2027.
		{"July FY named by end year 2027 runs 2026-07-01..2027-06-30", "2027", julyByEnd, Day(2026, 7, 1), Day(2027, 6, 30), 365},
		{"July FY2027 Q1 is Jul–Sep 2026", "2027-Q1", julyByEnd, Day(2026, 7, 1), Day(2026, 9, 30), 92},
		{"July FY2027 Q2 is Oct–Dec 2026", "2027-Q2", julyByEnd, Day(2026, 10, 1), Day(2026, 12, 31), 92},
		{"July FY2027 Q3 is Jan–Mar 2027: 31+28+31 = 90 days", "2027-Q3", julyByEnd, Day(2027, 1, 1), Day(2027, 3, 31), 90},
		{"July FY2027 Q4 is Apr–Jun 2027", "2027-Q4", julyByEnd, Day(2027, 4, 1), Day(2027, 6, 30), 91},
		{"July FY2024 by end year holds leap February 2024: 366 days", "2024", julyByEnd, Day(2023, 7, 1), Day(2024, 6, 30), 366},
		{"months stay calendar months in a fiscal calendar", "2026-07", julyByEnd, Day(2026, 7, 1), Day(2026, 7, 31), 31},

		// July start, named by start year: FY2026 = Jul 2026 – Jun 2027.
		{"July FY named by start year 2026 runs 2026-07-01..2027-06-30", "2026", julyByStart, Day(2026, 7, 1), Day(2027, 6, 30), 365},
		{"July FY2026 by start year Q3 is Jan–Mar 2027", "2026-Q3", julyByStart, Day(2027, 1, 1), Day(2027, 3, 31), 90},

		// February start, named by start year: FY2026 = Feb 2026 – Jan 2027.
		{"February FY2026 by start year runs 2026-02-01..2027-01-31", "2026", febByStart, Day(2026, 2, 1), Day(2027, 1, 31), 365},
		{"February FY2026 Q1 is Feb–Apr 2026: 28+31+30 = 89 days", "2026-Q1", febByStart, Day(2026, 2, 1), Day(2026, 4, 30), 89},
		{"February FY2026 Q4 is Nov 2026–Jan 2027: 30+31+31 = 92 days", "2026-Q4", febByStart, Day(2026, 11, 1), Day(2027, 1, 31), 92},

		// February start, named by end year: FY2027 = Feb 2026 – Jan 2027.
		{"February FY2027 by end year runs 2026-02-01..2027-01-31", "2027", febByEnd, Day(2026, 2, 1), Day(2027, 1, 31), 365},
		{"February FY2027 by end year Q4 is Nov 2026–Jan 2027", "2027-Q4", febByEnd, Day(2026, 11, 1), Day(2027, 1, 31), 92},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := MustParsePeriod(tt.key, tt.cal)
			if got := p.Start(); !got.Equal(tt.start) {
				t.Errorf("Start = %s, want %s", got.Format(time.DateOnly), tt.start.Format(time.DateOnly))
			}
			if got := p.Last(); !got.Equal(tt.last) {
				t.Errorf("Last = %s, want %s", got.Format(time.DateOnly), tt.last.Format(time.DateOnly))
			}
			if want := tt.last.AddDate(0, 0, 1); !p.End().Equal(want) {
				t.Errorf("End = %s, want %s", p.End().Format(time.DateOnly), want.Format(time.DateOnly))
			}
			if got := p.Days(); got != tt.days {
				t.Errorf("Days = %d, want %d", got, tt.days)
			}
		})
	}
}

func TestPeriodContains(t *testing.T) {
	q1 := MustParsePeriod("2026-Q1", CalendarYear)
	fy27 := MustParsePeriod("2027", julyByEnd)
	fq4 := MustParsePeriod("2026-Q4", febByStart)
	tests := []struct {
		name string
		p    Period
		t    time.Time
		want bool
	}{
		{"the first day of the quarter is inside", q1, Day(2026, 1, 1), true},
		{"the last day of the quarter is inside", q1, Day(2026, 3, 31), true},
		{"the last minute of the last day is inside", q1, time.Date(2026, 3, 31, 23, 59, 59, 0, time.UTC), true},
		{"the first day of the next quarter is outside", q1, Day(2026, 4, 1), false},
		{"the day before the quarter is outside", q1, Day(2025, 12, 31), false},
		{"the date is read in the time's own zone", q1, time.Date(2026, 4, 1, 0, 30, 0, 0, time.FixedZone("CEST", 2*3600)), false},
		{"FY2027 by end year holds 2026-07-01", fy27, Day(2026, 7, 1), true},
		{"FY2027 by end year holds 2027-06-30", fy27, Day(2027, 6, 30), true},
		{"FY2027 by end year does not hold 2026-06-30", fy27, Day(2026, 6, 30), false},
		{"FY2027 by end year does not hold 2027-07-01", fy27, Day(2027, 7, 1), false},
		{"February FY2026 Q4 holds January 2027", fq4, Day(2027, 1, 31), true},
		{"February FY2026 Q4 does not hold February 2027", fq4, Day(2027, 2, 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Contains(tt.t); got != tt.want {
				t.Errorf("%s.Contains(%s) = %v, want %v", tt.p, tt.t, got, tt.want)
			}
		})
	}
}

func TestPeriodContainsPeriod(t *testing.T) {
	fy27 := MustParsePeriod("2027", julyByEnd)
	tests := []struct {
		name  string
		outer Period
		inner Period
		want  bool
	}{
		{"a calendar year holds its quarters", MustParsePeriod("2026", CalendarYear), MustParsePeriod("2026-Q4", CalendarYear), true},
		{"a quarter holds its months", MustParsePeriod("2026-Q2", CalendarYear), MustParsePeriod("2026-06", CalendarYear), true},
		{"a quarter does not hold the next month", MustParsePeriod("2026-Q2", CalendarYear), MustParsePeriod("2026-07", CalendarYear), false},
		{"July FY2027 holds July 2026", fy27, MustParsePeriod("2026-07", julyByEnd), true},
		{"July FY2027 holds June 2027", fy27, MustParsePeriod("2027-06", julyByEnd), true},
		{"July FY2027 does not hold June 2026", fy27, MustParsePeriod("2026-06", julyByEnd), false},
		{"July FY2027 does not hold fiscal 2026-Q4 (Apr–Jun 2026)", fy27, MustParsePeriod("2026-Q4", julyByEnd), false},
		{"a quarter does not hold its year", MustParsePeriod("2026-Q1", CalendarYear), MustParsePeriod("2026", CalendarYear), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.outer.ContainsPeriod(tt.inner); got != tt.want {
				t.Errorf("%s.ContainsPeriod(%s) = %v, want %v", tt.outer, tt.inner, got, tt.want)
			}
		})
	}
}

func TestPeriodOf(t *testing.T) {
	tests := []struct {
		name string
		cal  FiscalCalendar
		kind PeriodKind
		t    time.Time
		want string
	}{
		{"a calendar date in March is in Q1", CalendarYear, Quarter, Day(2026, 3, 31), "2026-Q1"},
		{"a calendar date on April 1 is in Q2", CalendarYear, Quarter, Day(2026, 4, 1), "2026-Q2"},
		{"New Year's Eve is in the calendar year's Q4", CalendarYear, Quarter, Day(2026, 12, 31), "2026-Q4"},
		{"a month is the calendar month", CalendarYear, Month, Day(2026, 7, 15), "2026-07"},
		{"a month stays the calendar month in a fiscal calendar", julyByEnd, Month, Day(2026, 7, 15), "2026-07"},
		{"June 30 2026 is in July-FY 2026-Q4 named by end year", julyByEnd, Quarter, Day(2026, 6, 30), "2026-Q4"},
		{"July 1 2026 is in July-FY 2027-Q1 named by end year", julyByEnd, Quarter, Day(2026, 7, 1), "2027-Q1"},
		{"December 31 2026 is in July-FY 2027-Q2 named by end year", julyByEnd, Quarter, Day(2026, 12, 31), "2027-Q2"},
		{"January 1 2027 is in July-FY 2027-Q3 named by end year", julyByEnd, Quarter, Day(2027, 1, 1), "2027-Q3"},
		{"June 30 2026 is in July-FY year 2026 named by end year", julyByEnd, Year, Day(2026, 6, 30), "2026"},
		{"July 1 2026 is in July-FY year 2027 named by end year", julyByEnd, Year, Day(2026, 7, 1), "2027"},
		{"June 30 2026 is in July-FY 2025-Q4 named by start year", julyByStart, Quarter, Day(2026, 6, 30), "2025-Q4"},
		{"July 1 2026 is in July-FY year 2026 named by start year", julyByStart, Year, Day(2026, 7, 1), "2026"},
		{"January 31 2027 is in February-FY 2026-Q4 by start year", febByStart, Quarter, Day(2027, 1, 31), "2026-Q4"},
		{"February 1 2027 is in February-FY 2027-Q1 by start year", febByStart, Quarter, Day(2027, 2, 1), "2027-Q1"},
		{"January 31 2026 is in February-FY year 2025 by start year", febByStart, Year, Day(2026, 1, 31), "2025"},
		{"January 31 2026 is in February-FY year 2026 by end year", febByEnd, Year, Day(2026, 1, 31), "2026"},
		{"November 1 2026 is in February-FY 2027-Q4 by end year", febByEnd, Quarter, Day(2026, 11, 1), "2027-Q4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.cal.PeriodOf(tt.kind, tt.t)
			if got := p.String(); got != tt.want {
				t.Errorf("PeriodOf(%v, %s) = %s, want %s", tt.kind, tt.t.Format(time.DateOnly), got, tt.want)
			}
			if !p.Contains(tt.t) {
				t.Errorf("%s does not contain the date it was made from, %s", p, tt.t.Format(time.DateOnly))
			}
		})
	}
}

// TestQuarterBoundaries walks two years of quarters in each calendar: the last
// day of a quarter belongs to it, the first day of the next to the next one.
func TestQuarterBoundaries(t *testing.T) {
	cals := []struct {
		name string
		cal  FiscalCalendar
	}{
		{"calendar year", CalendarYear},
		{"July start named by end year", julyByEnd},
		{"July start named by start year", julyByStart},
		{"February start named by start year", febByStart},
		{"February start named by end year", febByEnd},
	}
	for _, c := range cals {
		t.Run("in the "+c.name+" each quarter ends the day before the next begins", func(t *testing.T) {
			p := c.cal.PeriodOf(Quarter, Day(2025, 6, 15))
			for i := 0; i < 8; i++ {
				next := p.Next()
				if got := c.cal.PeriodOf(Quarter, p.Last()); got != p {
					t.Errorf("the last day of %s, %s, is in %s", p, p.Last().Format(time.DateOnly), got)
				}
				if got := c.cal.PeriodOf(Quarter, p.End()); got != next {
					t.Errorf("the day after %s, %s, is in %s, want %s", p, p.End().Format(time.DateOnly), got, next)
				}
				if !next.Start().Equal(p.End()) {
					t.Errorf("%s starts %s, but %s ends (exclusive) %s", next, next.Start().Format(time.DateOnly), p, p.End().Format(time.DateOnly))
				}
				if next.Prev() != p {
					t.Errorf("%s.Prev() = %s, want %s", next, next.Prev(), p)
				}
				p = next
			}
		})
	}
}

func TestPeriodNextPrevAdd(t *testing.T) {
	tests := []struct {
		name       string
		key        string
		cal        FiscalCalendar
		n          int
		want       string
		next, prev string
	}{
		{"calendar Q4 is followed by next year's Q1", "2026-Q4", CalendarYear, 1, "2027-Q1", "2027-Q1", "2026-Q3"},
		{"calendar Q1 is preceded by last year's Q4", "2026-Q1", CalendarYear, -1, "2025-Q4", "2026-Q2", "2025-Q4"},
		{"December is followed by next January", "2026-12", CalendarYear, 1, "2027-01", "2027-01", "2026-11"},
		{"January is preceded by last December", "2026-01", CalendarYear, -1, "2025-12", "2026-02", "2025-12"},
		{"a year is followed by the next year", "2026", CalendarYear, 1, "2027", "2027", "2025"},
		{"five quarters after 2026-Q3 is 2027-Q4", "2026-Q3", CalendarYear, 5, "2027-Q4", "2026-Q4", "2026-Q2"},
		{"three quarters before 2026-Q1 is 2025-Q2", "2026-Q1", CalendarYear, -3, "2025-Q2", "2026-Q2", "2025-Q4"},
		{"fourteen months after 2026-11 is 2028-01", "2026-11", CalendarYear, 14, "2028-01", "2026-12", "2026-10"},
		{"adding zero keeps the period", "2026-Q2", CalendarYear, 0, "2026-Q2", "2026-Q3", "2026-Q1"},
		{"July FY 2026-Q4 by end year is followed by 2027-Q1", "2026-Q4", julyByEnd, 1, "2027-Q1", "2027-Q1", "2026-Q3"},
		{"July FY 2027-Q1 by end year is preceded by 2026-Q4", "2027-Q1", julyByEnd, -1, "2026-Q4", "2027-Q2", "2026-Q4"},
		{"July FY year 2027 by end year is followed by 2028", "2027", julyByEnd, 2, "2029", "2028", "2026"},
		{"February FY 2026-Q4 by start year is followed by 2027-Q1", "2026-Q4", febByStart, 1, "2027-Q1", "2027-Q1", "2026-Q3"},
		{"February FY 2026-Q1 by start year minus four quarters is 2025-Q1", "2026-Q1", febByStart, -4, "2025-Q1", "2026-Q2", "2025-Q4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := MustParsePeriod(tt.key, tt.cal)
			if got := p.Add(tt.n).String(); got != tt.want {
				t.Errorf("%s.Add(%d) = %s, want %s", p, tt.n, got, tt.want)
			}
			if got := p.Next().String(); got != tt.next {
				t.Errorf("%s.Next() = %s, want %s", p, got, tt.next)
			}
			if got := p.Prev().String(); got != tt.prev {
				t.Errorf("%s.Prev() = %s, want %s", p, got, tt.prev)
			}
			if got := p.Add(tt.n); got.Cal != tt.cal || got.Kind != p.Kind {
				t.Errorf("Add kept kind %v and calendar %+v, want %v and %+v", got.Kind, got.Cal, p.Kind, tt.cal)
			}
		})
	}
}

func TestPeriodMonths(t *testing.T) {
	tests := []struct {
		name string
		key  string
		cal  FiscalCalendar
		want []string
	}{
		{"a calendar quarter has its three months", "2026-Q2", CalendarYear, []string{"2026-04", "2026-05", "2026-06"}},
		{"a month is its own only month", "2026-07", CalendarYear, []string{"2026-07"}},
		{"July FY 2027-Q2 by end year is Oct–Dec 2026", "2027-Q2", julyByEnd, []string{"2026-10", "2026-11", "2026-12"}},
		{"February FY 2026-Q4 by start year crosses the calendar year", "2026-Q4", febByStart, []string{"2026-11", "2026-12", "2027-01"}},
		{"July FY 2027 by end year runs July to June", "2027", julyByEnd, []string{
			"2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12",
			"2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := MustParsePeriod(tt.key, tt.cal).Months()
			if len(ms) != len(tt.want) {
				t.Fatalf("Months() has %d months, want %d", len(ms), len(tt.want))
			}
			for i, m := range ms {
				if m.Kind != Month || m.String() != tt.want[i] {
					t.Errorf("Months()[%d] = %v %s, want month %s", i, m.Kind, m, tt.want[i])
				}
			}
		})
	}
}

func TestPeriodZeroAndKindNames(t *testing.T) {
	var zero Period
	if !zero.IsZero() || zero.String() != "" {
		t.Errorf("the zero period: IsZero = %v, String = %q", zero.IsZero(), zero.String())
	}
	if MustParsePeriod("2026", CalendarYear).IsZero() {
		t.Error("a parsed year reports IsZero")
	}
	for k, want := range map[PeriodKind]string{Month: "month", Quarter: "quarter", Year: "year", 0: "unknown"} {
		if k.String() != want {
			t.Errorf("PeriodKind(%d).String() = %q, want %q", k, k.String(), want)
		}
	}
}

func TestDateOfTruncatesToMidnightUTC(t *testing.T) {
	in := time.Date(2026, 7, 15, 23, 30, 0, 0, time.FixedZone("X", -5*3600))
	if got := DateOf(in); !got.Equal(Day(2026, 7, 15)) || got.Location() != time.UTC {
		t.Errorf("DateOf(%v) = %v, want 2026-07-15 00:00 UTC", in, got)
	}
}
