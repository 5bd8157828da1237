package sheets

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Parsers for the values spreadsheets and CRM exports hold: amounts in every
// national spelling, dates in every order, percentages three ways. They
// return errors whose text completes "'value' …" for row messages.

// IsEmpty reports whether a cell holds nothing: blank, NA, N/A, #N/A, null
// or a lone dash.
func IsEmpty(s string) bool {
	if empty, ok := plainIsEmpty(s); ok {
		return empty
	}
	return isEmpty(s)
}

// plainIsEmpty is IsEmpty for a cell with nothing to trim and ASCII text,
// without trimming or lowering; ok is false for other cells, which isEmpty
// then reads.
func plainIsEmpty(s string) (empty, ok bool) {
	if s == "" {
		return true, true
	}
	// The spaces isSpace knows are ASCII or start with a byte from 0x80 on.
	if first, last := s[0], s[len(s)-1]; first >= utf8.RuneSelf || last >= utf8.RuneSelf || asciiSpace(first) || asciiSpace(last) {
		return false, false
	}
	if len(s) > 4 {
		return false, true
	}
	if !isASCII(s) {
		return false, false
	}
	switch s[0] | 0x20 { // the empty spellings start with n, N, # or -
	case 'n', '#', '-':
	default:
		return false, true
	}
	switch len(s) {
	case 1:
		return s == "-", true
	case 2:
		return strings.EqualFold(s, "na"), true
	case 3:
		return strings.EqualFold(s, "n/a"), true
	}
	return strings.EqualFold(s, "#n/a") || strings.EqualFold(s, "null"), true
}

// isEmpty is IsEmpty for every cell.
func isEmpty(s string) bool {
	s = strings.TrimFunc(s, isSpace)
	if len(s) > 4 {
		return false // the longest empty spelling is 4 bytes: a quick way out for every real value
	}
	switch strings.ToLower(s) {
	case "", "na", "n/a", "#n/a", "null", "-", "—", "–":
		return true
	}
	return false
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}

// asciiSpace reports whether c, an ASCII byte, is a space to isSpace.
func asciiSpace(c byte) bool {
	return c == ' ' || c >= '\t' && c <= '\r'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// currencySymbols are the symbols CRM exports put beside amounts. "kr" (SEK,
// NOK, DKK, ISK) names no single currency, so it is accepted without a code.
var currencySymbols = map[string]string{
	"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "CHF": "CHF", "FR.": "CHF",
	"KR": "", "KR.": "", "NOK": "NOK", "R$": "BRL", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "₩": "KRW", "ZŁ": "PLN",
}

// ErrNotNumber and friends are the reasons a value is refused.
var (
	ErrNotNumber  = errors.New("is not a number")
	ErrTooLarge   = errors.New("is too large")
	ErrNotDate    = errors.New("is not a date")
	ErrBadDate    = errors.New("is not a real date")
	ErrAmbiguous  = errors.New("could be day-first or month-first")
	ErrNotPercent = errors.New("is not a percentage between 0 and 100 %")
)

// ParseAmount reads an amount such as "1,234.56", "1.234,56", "1 234,56",
// "€ 1'234.50", "(1,234.56)" or "-12 USD" into minor units with digits
// decimals (rounded half away from zero) and the currency code written beside
// it, if any. decimal is the decimal separator the file uses ('.' or ','),
// or 0 to guess; it only matters for a lone separator followed by exactly
// three digits ("1,234", "1.234"), which is read as grouping for ',' and as
// a decimal point for '.' when guessing.
func ParseAmount(s string, digits int, decimal byte) (int64, string, error) {
	if v, ok := plainAmount(s, digits, decimal); ok {
		return v, "", nil
	}
	return parseAmount(s, digits, decimal)
}

// plainAmount reads the amounts exports write, digits with a decimal point
// or none ("37450.00", "9663.04", "12"), as parseAmount does; ok is false
// for anything else, which parseAmount then reads.
func plainAmount(s string, digits int, decimal byte) (int64, bool) {
	dot := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && dot < 0:
			dot = i
		default:
			return 0, false
		}
	}
	whole, frac := s, ""
	if dot >= 0 {
		whole, frac = s[:dot], s[dot+1:]
		// A dot before exactly three digits may group thousands (splitNumber).
		if whole == "" || frac == "" || len(frac) == 3 && decimal != '.' && decimal != 0 && whole != "0" {
			return 0, false
		}
	}
	if whole == "" {
		return 0, false
	}
	v, err := toMinor(whole, frac, digits)
	return v, err == nil
}

// parseAmount is ParseAmount for every spelling.
func parseAmount(s string, digits int, decimal byte) (int64, string, error) {
	s = strings.TrimFunc(s, isSpace)
	if s == "" {
		return 0, "", ErrNotNumber
	}
	// Excel's raw numbers may use exponents ("1.5E+20", "1E-3").
	if strings.ContainsAny(s, "eE") {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			v := f * math.Pow10(digits)
			if math.IsNaN(v) || math.Abs(v) >= 1e17 {
				return 0, "", ErrTooLarge
			}
			return int64(math.Round(v)), "", nil
		}
	}
	var num, token strings.Builder
	neg, paren, close, sign := false, false, false, false
	seenNum := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if close {
				return 0, "", ErrNotNumber
			}
			num.WriteRune(r)
			seenNum = true
		case r == '.' || r == ',':
			num.WriteRune(r)
		case r == '\'' || r == '’' || isSpace(r):
			if seenNum {
				num.WriteRune(r)
			}
		case r == '-' || r == '−' || r == '+':
			if sign {
				return 0, "", ErrNotNumber
			}
			sign = true
			neg = r != '+'
		case r == '(':
			if paren || seenNum {
				return 0, "", ErrNotNumber
			}
			paren = true
		case r == ')':
			if !paren || close {
				return 0, "", ErrNotNumber
			}
			close = true
			neg = true
		case r == '%':
			return 0, "", ErrNotNumber
		default:
			if unicode.IsLetter(r) || unicode.Is(unicode.Sc, r) || r == '$' {
				token.WriteRune(r)
				continue
			}
			return 0, "", ErrNotNumber
		}
	}
	if paren && !close {
		return 0, "", ErrNotNumber
	}
	code := ""
	if t := strings.ToUpper(strings.TrimSpace(token.String())); t != "" {
		if c, ok := currencySymbols[t]; ok {
			code = c
		} else if len(t) == 3 && strings.IndexFunc(t, func(r rune) bool { return r < 'A' || r > 'Z' }) < 0 {
			code = t
		} else if len(t) == 4 && t[3] == '$' && strings.IndexFunc(t[:3], func(r rune) bool { return r < 'A' || r > 'Z' }) < 0 {
			code = t[:3] // "USD$", "CAD$"
		} else {
			return 0, "", ErrNotNumber
		}
	}
	whole, frac, err := splitNumber(strings.TrimFunc(num.String(), isSpace), decimal)
	if err != nil {
		return 0, "", err
	}
	v, err := toMinor(whole, frac, digits)
	if err != nil {
		return 0, "", err
	}
	if neg {
		v = -v
	}
	return v, code, nil
}

// splitNumber separates the digits of a number written with grouping and a
// decimal separator into its whole and fractional digits.
func splitNumber(n string, decimal byte) (whole, frac string, err error) {
	if n == "" {
		return "", "", ErrNotNumber
	}
	// Spaces and apostrophes only ever group.
	n = strings.Map(func(r rune) rune {
		if r == '\'' || r == '’' || isSpace(r) {
			return '\''
		}
		return r
	}, n)
	dots, commas := strings.Count(n, "."), strings.Count(n, ",")
	dec := byte(0)
	switch {
	case dots > 0 && commas > 0:
		dec = '.'
		if strings.LastIndexByte(n, ',') > strings.LastIndexByte(n, '.') {
			dec = ','
		}
	case dots == 1 || commas == 1:
		c := byte('.')
		if commas == 1 {
			c = ','
		}
		after := len(n) - strings.LastIndexByte(n, c) - 1
		before := n[:strings.LastIndexByte(n, c)]
		switch {
		case after != 3 || strings.ContainsRune(n, '\''):
			if strings.ContainsRune(n[strings.LastIndexByte(n, c):], '\'') {
				return "", "", ErrNotNumber
			}
			dec = c
		case before == "0" || before == "":
			dec = c
		case decimal != 0:
			if decimal == c {
				dec = c
			}
		default:
			if c == '.' {
				dec = c
			}
		}
	}
	if dec != 0 {
		i := strings.LastIndexByte(n, dec)
		if strings.IndexByte(n, dec) != i {
			return "", "", ErrNotNumber
		}
		whole, frac = n[:i], n[i+1:]
		if strings.ContainsAny(frac, ".,'") {
			return "", "", ErrNotNumber
		}
	} else {
		whole = n
	}
	// Whatever separators remain in the whole part group by thousands.
	if strings.ContainsAny(whole, ".,'") {
		groups := strings.FieldsFunc(whole, func(r rune) bool { return r == '.' || r == ',' || r == '\'' })
		if len(groups) == 0 || len(groups[0]) > 3 || strings.HasSuffix(whole, ".") || strings.HasSuffix(whole, ",") || strings.HasSuffix(whole, "'") {
			return "", "", ErrNotNumber
		}
		sep := -1
		for i := 0; i < len(whole); i++ {
			if c := whole[i]; c == '.' || c == ',' || c == '\'' {
				if sep >= 0 && whole[sep] != c {
					return "", "", ErrNotNumber
				}
				sep = i
			}
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return "", "", ErrNotNumber
			}
		}
		whole = strings.Join(groups, "")
	}
	if whole == "" && frac == "" {
		return "", "", ErrNotNumber
	}
	return whole, frac, nil
}

// toMinor turns whole and fractional digits into minor units, rounding the
// fraction half away from zero.
func toMinor(whole, frac string, digits int) (int64, error) {
	whole = strings.TrimLeft(whole, "0")
	if len(whole)+digits > 17 {
		return 0, ErrTooLarge
	}
	var v int64
	for _, c := range whole {
		v = v*10 + int64(c-'0')
	}
	for i := 0; i < digits; i++ {
		v *= 10
		if i < len(frac) {
			v += int64(frac[i] - '0')
		}
	}
	if len(frac) > digits && frac[digits] >= '5' {
		v++
	}
	return v, nil
}

// ParseRate reads a percentage as "40", "40%", "40 %", "0.4" or "40,5 %"
// into millionths (400000 for 40 %). Without a % sign, a value up to 1 is a
// fraction and a larger one a percentage.
func ParseRate(s string, decimal byte) (int64, error) {
	v, plain := plainAmount(s, 6, decimal) // "0.4", "40": nothing to trim
	pct := false
	if !plain {
		s = strings.TrimFunc(s, isSpace)
		pct = strings.HasSuffix(s, "%")
		s = strings.TrimFunc(strings.TrimSuffix(s, "%"), isSpace)
		var code string
		var err error
		v, code, err = ParseAmount(s, 6, decimal)
		if err != nil || code != "" || v < 0 {
			return 0, ErrNotPercent
		}
	}
	if pct || v > 1_000_000 {
		v = (v + 50) / 100
	}
	if v > 1_000_000 {
		return 0, ErrNotPercent
	}
	return v, nil
}

// ParseInt reads a whole number such as "1,200" or "1 200".
func ParseInt(s string) (int64, error) {
	v, code, err := ParseAmount(s, 0, ',')
	if err != nil || code != "" {
		return 0, ErrNotNumber
	}
	return v, nil
}

// DateOrder says how to read a date such as 03/04/2026.
type DateOrder int

const (
	DateAuto   DateOrder = iota // decide from the value; ambiguous values are an error
	DayFirst                    // 03/04/2026 is 3 April
	MonthFirst                  // 03/04/2026 is 4 March
	YearFirst                   // 26/03/04 is 4 March 2026 (2026-03-04 is always read so)
)

// ParseDateOrder reads a date order as the command line names it: dmy,
// mdy or ymd ("" = decide from the data).
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return DateAuto, nil
	case "dmy":
		return DayFirst, nil
	case "mdy":
		return MonthFirst, nil
	case "ymd":
		return YearFirst, nil
	}
	return DateAuto, fmt.Errorf("%q is not a date order: use dmy, mdy or ymd", s)
}

func (o DateOrder) String() string {
	switch o {
	case DayFirst:
		return "day-first"
	case MonthFirst:
		return "month-first"
	case YearFirst:
		return "year-first"
	}
	return "auto"
}

var monthNames = map[string]time.Month{}

func init() {
	names := [][]string{
		{"jan", "january", "gen", "gennaio", "janv", "janvier", "januar"},
		{"feb", "february", "febbraio", "fév", "févr", "fevr", "février", "fevrier", "februar"},
		{"mar", "march", "marzo", "mars", "mars"},
		{"apr", "april", "aprile", "avr", "avril"},
		{"may", "maggio", "mag", "mai"},
		{"jun", "june", "giu", "giugno", "juin", "juni"},
		{"jul", "july", "lug", "luglio", "juil", "juillet", "juli"},
		{"aug", "august", "ago", "agosto", "août", "aout"},
		{"sep", "sept", "september", "set", "settembre", "septembre"},
		{"oct", "october", "ott", "ottobre", "octobre", "okt", "oktober"},
		{"nov", "november", "novembre"},
		{"dec", "december", "dic", "dicembre", "déc", "décembre", "decembre", "des", "desember"},
	}
	for i, ns := range names {
		for _, n := range ns {
			monthNames[n] = time.Month(i + 1)
		}
	}
}

// excelEpoch is day 0 of Excel's 1900 date system (which counts a 29 Feb
// 1900 that never was, so serials from 61 on count from 30 Dec 1899).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excelEpochUnix is excelEpoch in Unix seconds.
var excelEpochUnix = excelEpoch.Unix()

// ParseDate reads a date or date-time: ISO (2026-07-01, 2026-07-01T10:30:00Z),
// day- or month-first numeric dates with / . or - (01/07/2026, 7/1/26),
// month names (1 Jul 2026, Jul 1, 2026, 01-Jul-26), yyyymmdd and Excel
// serial numbers (46204, 46204.5). Times of day are kept, in UTC.
func ParseDate(s string, order DateOrder) (time.Time, error) {
	if t, ok := plainDate(s); ok {
		return t, nil
	}
	return parseDate(s, order)
}

// plainDate reads the dates exports write, as parseDate does: ISO dates
// (2026-07-01), UTC timestamps to the second (2026-07-01T10:30:00Z) and
// whole Excel serials (46204). ok is false for anything else, wrong dates
// included, which parseDate then reads (or refuses).
func plainDate(s string) (time.Time, bool) {
	switch {
	case len(s) >= 1 && len(s) <= 7:
		// isSerial; 8 digits would be yyyymmdd.
		n := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
			n = n*10 + int(c-'0')
		}
		if n < 61 || n >= 2958466 {
			return time.Time{}, false // before the phantom 29 Feb 1900, or past 9999
		}
		return time.Unix(excelEpochUnix+int64(n)*86400, 0).UTC(), true
	case len(s) == 10:
		return isoDay(s)
	case len(s) == 20 && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == 'Z':
		t, ok := isoDay(s[:10])
		h, ok1 := twoDigits(s[11:13])
		m, ok2 := twoDigits(s[14:16])
		sec, ok3 := twoDigits(s[17:19])
		if !ok || !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 60 {
			return time.Time{}, false
		}
		return t.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second), true
	}
	return time.Time{}, false
}

// isoDay reads yyyy-mm-dd, ok only for a real date from year 1000.
func isoDay(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	y1, ok1 := twoDigits(s[:2])
	y2, ok2 := twoDigits(s[2:4])
	m, ok3 := twoDigits(s[5:7])
	d, ok4 := twoDigits(s[8:])
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return time.Time{}, false
	}
	t, err := mkDate(y1*100+y2, m, d)
	return t, err == nil
}

func twoDigits(s string) (int, bool) {
	a, b := s[0]-'0', s[1]-'0'
	return int(a)*10 + int(b), a <= 9 && b <= 9
}

// parseDate is ParseDate for every spelling.
func parseDate(s string, order DateOrder) (time.Time, error) {
	s = strings.TrimFunc(s, isSpace)
	if s == "" {
		return time.Time{}, ErrNotDate
	}
	if isSerial(s) {
		if len(s) == 8 && !strings.Contains(s, ".") && (s[:2] == "19" || s[:2] == "20") {
			y, _ := strconv.Atoi(s[:4])
			m, _ := strconv.Atoi(s[4:6])
			d, _ := strconv.Atoi(s[6:])
			return mkDate(y, m, d)
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 1 || f >= 2958466 {
			return time.Time{}, ErrNotDate
		}
		days := math.Floor(f)
		base := excelEpoch
		if f < 61 {
			base = base.AddDate(0, 0, 1)
		}
		t := base.AddDate(0, 0, int(days))
		secs := math.Round((f - days) * 86400)
		return t.Add(time.Duration(secs) * time.Second), nil
	}
	datePart, timePart := splitDateTime(s)
	t, err := parseDay(datePart, order)
	if err != nil {
		return time.Time{}, err
	}
	if timePart != "" {
		tod, loc, err := parseTimeOfDay(timePart)
		if err != nil {
			return time.Time{}, ErrNotDate
		}
		t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc).Add(tod).UTC()
	}
	return t, nil
}

func isSerial(s string) bool {
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return true
}

// splitDateTime cuts "2026-07-01T10:00:00Z" or "01/07/2026 10:00" at the time.
func splitDateTime(s string) (string, string) {
	if i := strings.IndexByte(s, 'T'); i == 10 && len(s) > 11 && s[4] == '-' {
		return s[:i], s[i+1:]
	}
	if i := strings.IndexByte(s, ':'); i > 0 {
		j := strings.LastIndexFunc(s[:i], isSpace)
		if j > 0 {
			return strings.TrimFunc(s[:j], isSpace), strings.TrimFunc(s[j+1:], isSpace)
		}
	}
	return s, ""
}

func parseTimeOfDay(s string) (time.Duration, *time.Location, error) {
	loc := time.UTC
	up := strings.ToUpper(s)
	pm, am := strings.HasSuffix(up, "PM"), strings.HasSuffix(up, "AM")
	if pm || am {
		up = strings.TrimSpace(up[:len(up)-2])
	}
	switch {
	case strings.HasSuffix(up, "Z"):
		up = up[:len(up)-1]
	case len(up) > 6 && (up[len(up)-6] == '+' || up[len(up)-6] == '-') && up[len(up)-3] == ':':
		z := up[len(up)-6:]
		h, err1 := strconv.Atoi(z[1:3])
		m, err2 := strconv.Atoi(z[4:])
		if err1 != nil || err2 != nil {
			return 0, nil, ErrNotDate
		}
		off := h*3600 + m*60
		if z[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
		up = up[:len(up)-6]
	}
	parts := strings.Split(up, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, nil, ErrNotDate
	}
	h, err := strconv.Atoi(parts[0])
	if err != nil {
		return 0, nil, ErrNotDate
	}
	m, err := strconv.Atoi(parts[1])
	if err != nil {
		return 0, nil, ErrNotDate
	}
	sec := 0.0
	if len(parts) == 3 {
		sec, err = strconv.ParseFloat(parts[2], 64)
		if err != nil || sec < 0 || sec >= 61 {
			return 0, nil, ErrNotDate
		}
	}
	if pm && h < 12 {
		h += 12
	} else if am && h == 12 {
		h = 0
	}
	if h > 23 || m > 59 || h < 0 || m < 0 {
		return 0, nil, ErrNotDate
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec*float64(time.Second)), loc, nil
}

func parseDay(s string, order DateOrder) (time.Time, error) {
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == ',' || isSpace(r) })
	if len(parts) != 3 {
		return time.Time{}, ErrNotDate
	}
	nums := make([]int, 3)
	month := -1
	for i, p := range parts {
		if m, ok := monthNames[strings.ToLower(p)]; ok {
			if month >= 0 {
				return time.Time{}, ErrNotDate
			}
			month, nums[i] = i, int(m)
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || len(p) > 4 {
			return time.Time{}, ErrNotDate
		}
		nums[i] = n
	}
	year := func(p string, n int) int {
		if len(p) <= 2 {
			if n < 70 {
				return 2000 + n
			}
			return 1900 + n
		}
		return n
	}
	switch {
	case month >= 0:
		// "1 Jul 2026", "Jul 1, 2026", "2026 Jul 1"
		rest := []int{}
		for i := range parts {
			if i != month {
				rest = append(rest, i)
			}
		}
		yi, di := rest[1], rest[0]
		if len(parts[rest[0]]) == 4 {
			yi, di = rest[0], rest[1]
		}
		return mkDate(year(parts[yi], nums[yi]), nums[month], nums[di])
	case len(parts[0]) == 4:
		return mkDate(nums[0], nums[1], nums[2])
	case order == YearFirst:
		return mkDate(year(parts[0], nums[0]), nums[1], nums[2])
	case len(parts[2]) == 4 || len(parts[2]) == 2:
		y := year(parts[2], nums[2])
		a, b := nums[0], nums[1]
		o := order
		if o == DateAuto {
			switch {
			case a > 12 && b <= 12:
				o = DayFirst
			case b > 12 && a <= 12:
				o = MonthFirst
			case a == b:
				o = DayFirst
			default:
				if a > 12 && b > 12 {
					return time.Time{}, ErrBadDate
				}
				return time.Time{}, ErrAmbiguous
			}
		}
		if o == DayFirst {
			return mkDate(y, b, a)
		}
		return mkDate(y, a, b)
	}
	return time.Time{}, ErrNotDate
}

func mkDate(y, m, d int) (time.Time, error) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1000 || y > 9999 {
		return time.Time{}, ErrBadDate
	}
	if d > 28 && d > daysIn(y, m) {
		return time.Time{}, ErrBadDate
	}
	return time.Unix(unixDay(y, m, d)*86400, 0).UTC(), nil
}

// daysIn is the number of days of month m of year y (Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// unixDay is the number of days from 1970-01-01 to y-m-d (a real date
// from year 1) in the proleptic Gregorian calendar (H. Hinnant's
// days_from_civil).
func unixDay(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= 0
	yoe := y - era*400
	mp := (m + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// DateOrderOf says which order a numeric date proves: DayFirst for
// 13/01/2026, MonthFirst for 01/13/2026, DateAuto when it proves nothing.
func DateOrderOf(s string) DateOrder {
	s = strings.TrimFunc(s, isSpace)
	if isSerial(s) {
		return DateAuto
	}
	d, _ := splitDateTime(s)
	parts := strings.FieldsFunc(d, func(r rune) bool { return r == '/' || r == '-' || r == '.' || isSpace(r) })
	if len(parts) != 3 || len(parts[0]) == 4 {
		return DateAuto
	}
	a, err1 := strconv.Atoi(parts[0])
	b, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return DateAuto
	}
	switch {
	case a > 12 && b <= 12:
		return DayFirst
	case b > 12 && a <= 12:
		return MonthFirst
	}
	return DateAuto
}

// DecimalOf says which decimal separator an amount proves: '.' for
// "1,234.56" or "3.5", ',' for "1.234,56" or "3,5", 0 when it proves nothing
// ("1,234", "1234").
func DecimalOf(s string) byte {
	dot, comma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	switch {
	case dot >= 0 && comma >= 0:
		if dot > comma {
			return '.'
		}
		return ','
	case dot >= 0 && strings.Count(s, ".") == 1:
		if n := digitsAfter(s[dot+1:]); n != 3 && n > 0 {
			return '.'
		}
	case comma >= 0 && strings.Count(s, ",") == 1:
		if n := digitsAfter(s[comma+1:]); n != 3 && n > 0 {
			return ','
		}
	}
	return 0
}

func digitsAfter(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// Reason is the text of a value error for a row message: "'twelve' is not a number".
func Reason(value string, err error) string {
	if len(value) > 60 {
		value = value[:57] + "…"
	}
	return fmt.Sprintf("'%s' %v", value, err)
}
