package domain

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// PeriodKind is the length of a period.
type PeriodKind int

const (
	Month PeriodKind = iota + 1
	Quarter
	Year
)

func (k PeriodKind) String() string {
	switch k {
	case Month:
		return "month"
	case Quarter:
		return "quarter"
	case Year:
		return "year"
	}
	return "unknown"
}

// ParsePeriodKind reads "month", "quarter" or "year".
func ParsePeriodKind(s string) (PeriodKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "month":
		return Month, nil
	case "quarter":
		return Quarter, nil
	case "year":
		return Year, nil
	}
	return 0, Errorf(EINVALID, "%q is not a period length: use month, quarter or year", s)
}

// FiscalCalendar says when the workspace's fiscal year starts and how a fiscal
// year is named. A fiscal year starting in July 2026 and ending in June 2027 is
// "2026" when named by its starting year and "2027" when named by its ending year.
type FiscalCalendar struct {
	StartMonth    time.Month // 1 = January (the calendar year)
	NameByEndYear bool
}

// CalendarYear is the fiscal calendar equal to the calendar year.
var CalendarYear = FiscalCalendar{StartMonth: time.January}

// Validate reports whether the calendar is usable.
func (c FiscalCalendar) Validate() error {
	if c.StartMonth < time.January || c.StartMonth > time.December {
		return Errorf(EINVALID, "fiscal year start month must be 1 to 12, not %d", c.StartMonth)
	}
	return nil
}

func (c FiscalCalendar) start() time.Month {
	if c.StartMonth < time.January || c.StartMonth > time.December {
		return time.January
	}
	return c.StartMonth
}

// fiscalStartYear is the calendar year in which fiscal year `name` starts.
func (c FiscalCalendar) fiscalStartYear(name int) int {
	if c.NameByEndYear && c.start() != time.January {
		return name - 1
	}
	return name
}

// fiscalName is the name of the fiscal year starting in calendar year y.
func (c FiscalCalendar) fiscalName(startYear int) int {
	if c.NameByEndYear && c.start() != time.January {
		return startYear + 1
	}
	return startYear
}

// Period is a month, fiscal quarter or fiscal year. Months are calendar months
// (2026-07 is July 2026 whatever the fiscal calendar); quarters and years are
// fiscal, named as the calendar says.
type Period struct {
	Kind  PeriodKind
	Year  int // fiscal year name (Quarter, Year) or calendar year (Month)
	Index int // quarter 1–4 or month 1–12; 0 for a year
	Cal   FiscalCalendar
}

// Day returns the date y-m-d at midnight UTC: the form every date in the
// domain takes.
func Day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// DateOf truncates t to its calendar date at midnight UTC.
func DateOf(t time.Time) time.Time { return Day(t.Date()) }

// ParsePeriod reads a period key: "2026" (fiscal year), "2026-Q3" (fiscal
// quarter) or "2026-07" (month).
func ParsePeriod(s string, cal FiscalCalendar) (Period, error) {
	s = strings.TrimSpace(s)
	bad := Errorf(EINVALID, "%q is not a period: write 2026, 2026-Q3 or 2026-07", s)
	y, rest, hasRest := strings.Cut(s, "-")
	if len(y) != 4 {
		return Period{}, bad
	}
	year, err := strconv.Atoi(y)
	if err != nil || year < 1900 || year > 9999 {
		return Period{}, bad
	}
	if !hasRest {
		return Period{Kind: Year, Year: year, Cal: cal}, nil
	}
	if len(rest) == 2 && (rest[0] == 'Q' || rest[0] == 'q') {
		q := int(rest[1] - '0')
		if q < 1 || q > 4 {
			return Period{}, bad
		}
		return Period{Kind: Quarter, Year: year, Index: q, Cal: cal}, nil
	}
	if len(rest) != 2 {
		return Period{}, bad
	}
	m, err := strconv.Atoi(rest)
	// Atoi accepts a sign ("+1"); a month key is two digits.
	if err != nil || m < 1 || m > 12 || rest[0] < '0' || rest[0] > '9' {
		return Period{}, bad
	}
	return Period{Kind: Month, Year: year, Index: m, Cal: cal}, nil
}

// MustParsePeriod is ParsePeriod for literals in tests and defaults.
func MustParsePeriod(s string, cal FiscalCalendar) Period {
	p, err := ParsePeriod(s, cal)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the period's key.
func (p Period) String() string {
	switch p.Kind {
	case Month:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Index)
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.Index)
	case Year:
		return fmt.Sprintf("%04d", p.Year)
	}
	return ""
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p.Kind == 0 }

// Start is the first day of the period.
func (p Period) Start() time.Time {
	switch p.Kind {
	case Month:
		return Day(p.Year, time.Month(p.Index), 1)
	case Quarter:
		return Day(p.Cal.fiscalStartYear(p.Year), p.Cal.start()+time.Month(3*(p.Index-1)), 1)
	case Year:
		return Day(p.Cal.fiscalStartYear(p.Year), p.Cal.start(), 1)
	}
	return time.Time{}
}

// End is the first day after the period (exclusive bound).
func (p Period) End() time.Time { return p.Start().AddDate(0, p.months(), 0) }

// Last is the last day of the period.
func (p Period) Last() time.Time { return p.End().AddDate(0, 0, -1) }

func (p Period) months() int {
	switch p.Kind {
	case Month:
		return 1
	case Quarter:
		return 3
	case Year:
		return 12
	}
	return 0
}

// Contains reports whether the date of t lies in the period.
func (p Period) Contains(t time.Time) bool {
	d := DateOf(t)
	return !d.Before(p.Start()) && d.Before(p.End())
}

// ContainsPeriod reports whether q lies wholly inside p.
func (p Period) ContainsPeriod(q Period) bool {
	return !q.Start().Before(p.Start()) && !q.End().After(p.End())
}

// Next is the period of the same kind that follows p.
func (p Period) Next() Period { return p.Cal.PeriodOf(p.Kind, p.End()) }

// Prev is the period of the same kind that precedes p.
func (p Period) Prev() Period { return p.Cal.PeriodOf(p.Kind, p.Start().AddDate(0, 0, -1)) }

// Add moves n periods forward (or back for negative n).
func (p Period) Add(n int) Period {
	return p.Cal.PeriodOf(p.Kind, p.Start().AddDate(0, n*p.months(), 0))
}

// Months lists the months of the period in order.
func (p Period) Months() []Period {
	out := make([]Period, 0, p.months())
	for t := p.Start(); t.Before(p.End()); t = t.AddDate(0, 1, 0) {
		out = append(out, Period{Kind: Month, Year: t.Year(), Index: int(t.Month()), Cal: p.Cal})
	}
	return out
}

// Days is the number of days in the period.
func (p Period) Days() int { return int(p.End().Sub(p.Start()).Hours() / 24) }

// PeriodOf returns the period of the given kind containing t.
func (c FiscalCalendar) PeriodOf(kind PeriodKind, t time.Time) Period {
	y, m, _ := t.Date()
	if kind == Month {
		return Period{Kind: Month, Year: y, Index: int(m), Cal: c}
	}
	startYear := y
	if m < c.start() {
		startYear--
	}
	name := c.fiscalName(startYear)
	if kind == Year {
		return Period{Kind: Year, Year: name, Cal: c}
	}
	monthsIn := (int(m) - int(c.start()) + 12) % 12
	return Period{Kind: Quarter, Year: name, Index: monthsIn/3 + 1, Cal: c}
}
