package domain

import (
	"fmt"
	"math"
	"math/big"
	"strings"
)

// Money is an exact amount in the minor units of a currency (cents for EUR and
// USD, whole yen for JPY). It never holds a float: arithmetic on money is
// integer arithmetic, and rounding happens once, where a ratio is applied.
type Money int64

// Rate is a ratio held exactly in millionths: 0.06 is Rate(60_000), 1.0 is
// RateOne. Commission rates, credit shares, probabilities and attainment
// bounds are Rates, so that money × rate can be rounded exactly once.
type Rate int64

// RateOne is the Rate for 100 %.
const RateOne Rate = 1_000_000

// RateFromFloat converts a fraction (0.06) to a Rate, rounding half away from
// zero to the nearest millionth. Use it at the edges (parsing, UI), never in
// arithmetic that finance relies on.
func RateFromFloat(f float64) Rate {
	return Rate(math.Round(f * float64(RateOne)))
}

// RatePercent is a convenience for whole and fractional percentages: 6 → 6 %.
func RatePercent(p float64) Rate { return RateFromFloat(p / 100) }

// Float returns the rate as a fraction (0.06).
func (r Rate) Float() float64 { return float64(r) / float64(RateOne) }

// String formats the rate as a percentage with up to four decimals.
func (r Rate) String() string {
	s := fmt.Sprintf("%.4f", float64(r)/1e4)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + " %"
}

// MulDivRound returns a×b/c rounded half away from zero, without overflow for
// any int64 inputs whose exact result fits in an int64. It panics on c == 0.
func MulDivRound(a, b, c int64) int64 {
	if c == 0 {
		panic("domain: MulDivRound by zero")
	}
	// Fast path: the product fits in 63 bits.
	if p, ok := mulFits(a, b); ok {
		return divRound(p, c)
	}
	x := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	d := big.NewInt(c)
	neg := (x.Sign() < 0) != (d.Sign() < 0)
	x.Abs(x)
	d.Abs(d)
	q, r := new(big.Int).QuoRem(x, d, new(big.Int))
	if r.Lsh(r, 1).Cmp(d) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q.Int64()
}

func mulFits(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return p, true
}

// divRound divides rounding half away from zero.
func divRound(n, d int64) int64 {
	q, r := n/d, n%d
	if r == 0 {
		return q
	}
	if r < 0 {
		r = -r
	}
	ad := d
	if ad < 0 {
		ad = -ad
	}
	if 2*uint64(r) >= uint64(ad) {
		if (n < 0) != (d < 0) {
			return q - 1
		}
		return q + 1
	}
	return q
}

// MulRate returns m × r, rounded half away from zero to the minor unit.
func (m Money) MulRate(r Rate) Money {
	return Money(MulDivRound(int64(m), int64(r), int64(RateOne)))
}

// MulRatio returns m × num / den rounded half away from zero; den must not be 0.
func (m Money) MulRatio(num, den int64) Money {
	return Money(MulDivRound(int64(m), num, den))
}

// RatioOf returns a/b as a Rate (rounded), and false when b is zero: a quota of
// zero gives no attainment, never a division error.
func RatioOf(a, b Money) (Rate, bool) {
	if b == 0 {
		return 0, false
	}
	return Rate(MulDivRound(int64(a), int64(RateOne), int64(b))), true
}

// Currency describes an ISO 4217 currency: its code and how many decimals its
// minor unit has.
type Currency struct {
	Code   string
	Digits int
}

// zeroDecimal and threeDecimal list the ISO 4217 currencies whose minor unit is
// not a hundredth.
var (
	zeroDecimal  = map[string]bool{"JPY": true, "KRW": true, "ISK": true, "CLP": true, "VND": true, "XAF": true, "XOF": true, "PYG": true, "UGX": true, "HUF": false}
	threeDecimal = map[string]bool{"BHD": true, "KWD": true, "OMR": true, "JOD": true, "TND": true, "LYD": true, "IQD": true}
)

// LookupCurrency returns the currency for a three-letter ISO code.
func LookupCurrency(code string) (Currency, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) != 3 || strings.IndexFunc(code, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return Currency{}, Errorf(EINVALID, "%q is not a three-letter currency code such as EUR or USD", code)
	}
	switch {
	case zeroDecimal[code]:
		return Currency{Code: code, Digits: 0}, nil
	case threeDecimal[code]:
		return Currency{Code: code, Digits: 3}, nil
	}
	return Currency{Code: code, Digits: 2}, nil
}

// Scale is 10^Digits: the number of minor units in one major unit.
func (c Currency) Scale() int64 {
	s := int64(1)
	for i := 0; i < c.Digits; i++ {
		s *= 10
	}
	return s
}

// FromMajor converts a float amount in major units (12.345) to minor units,
// rounding half away from zero. For parsing edges only.
func (c Currency) FromMajor(f float64) Money {
	return Money(math.Round(f * float64(c.Scale())))
}

// Major returns m in major units as a float, for display and charts only.
func (c Currency) Major(m Money) float64 { return float64(m) / float64(c.Scale()) }

// Format writes m with the given grouping and decimal separators, e.g.
// Format(123456, ".", ",") = "1.234,56" for EUR. It never rounds: every minor
// unit is shown.
func (c Currency) Format(m Money, group, decimal string) string {
	neg := m < 0
	u := uint64(m)
	if neg {
		u = uint64(-m)
	}
	scale := uint64(c.Scale())
	whole, frac := u/scale, u%scale
	ws := fmt.Sprintf("%d", whole)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, ch := range ws {
		if i > 0 && (len(ws)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(ch)
	}
	if c.Digits > 0 {
		b.WriteString(decimal)
		b.WriteString(fmt.Sprintf("%0*d", c.Digits, frac))
	}
	return b.String()
}

// Convert converts an amount in minor units of currency from into minor units
// of currency to, using rate = units of `to` per one unit of `from`.
func Convert(m Money, from, to Currency, rate Rate) Money {
	// m/fromScale × rate/RateOne × toScale, rounded once: rounding to the
	// minor unit of `from` first lost the cents of zero-decimal currencies
	// (1,000 JPY at 0.0062 gave 6.00 EUR, not 6.20) and rounded twice.
	// rate × 1000 fits an int64 for any rate below 9 billion units per unit.
	return Money(MulDivRound(int64(m), int64(rate)*to.Scale(), int64(RateOne)*from.Scale()))
}
