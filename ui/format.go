package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2/lang"

	"salesops/domain"
)

// Format writes numbers, money and dates the way the interface language does:
// 1,234.56 and 2026-12-31 in English, 1.234,56 and 31/12/2026 in Italian,
// 1 234,56 and 31/12/2026 in French, 1 234,56 and 31.12.2026 in Norwegian.
type Format struct {
	Lang       string
	Group      string
	Decimal    string
	DateLayout string // Go layout
	Currency   domain.Currency
}

// NewFormat returns the formats of language code for a workspace currency.
func NewFormat(code, currency string) Format {
	cur, err := domain.LookupCurrency(currency)
	if err != nil {
		cur = domain.Currency{Code: currency, Digits: 2}
	}
	f := Format{Lang: code, Group: ",", Decimal: ".", DateLayout: "2006-01-02", Currency: cur}
	switch code {
	case "it":
		f.Group, f.Decimal, f.DateLayout = ".", ",", "02/01/2006"
	case "fr":
		f.Group, f.Decimal, f.DateLayout = "\u202f", ",", "02/01/2006"
	case "nb":
		f.Group, f.Decimal, f.DateLayout = "\u00a0", ",", "02.01.2006"
	}
	return f
}

var currencySymbols = map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF", "NOK": "kr", "SEK": "kr", "DKK": "kr"}

func (f Format) symbol() string {
	if s, ok := currencySymbols[f.Currency.Code]; ok {
		return s
	}
	return f.Currency.Code
}

func (f Format) withSymbol(num string) string {
	if f.Lang == "en" {
		if strings.HasPrefix(num, "-") {
			return "-" + f.symbol() + num[1:]
		}
		return f.symbol() + num
	}
	return num + "\u00a0" + f.symbol()
}

// Money writes an exact amount with every minor unit: €1,234.56.
func (f Format) Money(m domain.Money) string {
	return f.withSymbol(f.Currency.Format(m, f.Group, f.Decimal))
}

// MoneyWhole writes an amount rounded to whole units: €1,235.
func (f Format) MoneyWhole(m domain.Money) string {
	whole := domain.Money(domain.MulDivRound(int64(m), 1, f.Currency.Scale()))
	return f.withSymbol(domain.Currency{Code: f.Currency.Code}.Format(whole, f.Group, f.Decimal))
}

// MoneyShort writes an amount compactly for tiles and axes: €1.2M, €350k.
func (f Format) MoneyShort(minor float64) string {
	v := minor / float64(f.Currency.Scale())
	a := math.Abs(v)
	var s string
	switch {
	case a >= 1e9:
		s = f.Number(v/1e9, 1) + "B"
	case a >= 1e6:
		s = f.Number(v/1e6, 1) + "M"
	case a >= 1e4:
		s = f.Number(v/1e3, 0) + "k"
	default:
		s = f.Number(v, 0)
	}
	return f.withSymbol(s)
}

// Number writes v with the given decimals and the language's separators.
func (f Format) Number(v float64, decimals int) string {
	s := fmt.Sprintf("%.*f", decimals, v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	for i, ch := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(f.Group)
		}
		b.WriteRune(ch)
	}
	if frac != "" {
		b.WriteString(f.Decimal + frac)
	}
	return b.String()
}

// Percent writes a fraction as a percentage: 0.634 → 63.4 %.
func (f Format) Percent(frac float64, decimals int) string {
	return f.Number(frac*100, decimals) + "\u00a0%"
}

// Opt writes an optional figure, "—" when it is undefined.
func (f Format) Opt(o domain.OptFloat, fn func(float64) string) string {
	if !o.OK {
		return "—"
	}
	return fn(o.V)
}

// Date writes a date, "" for none.
func (f Format) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(f.DateLayout)
}

// PeriodLabel writes a period for people: "Q3 2026", "July 2026", "FY 2026".
func (f Format) PeriodLabel(p domain.Period) string {
	switch p.Kind {
	case domain.Month:
		return lang.L(time.Month(p.Index).String()) + " " + fmt.Sprint(p.Year)
	case domain.Quarter:
		if p.Cal.StartMonth != time.January {
			return fmt.Sprintf("Q%d FY%d", p.Index, p.Year)
		}
		return fmt.Sprintf("Q%d %d", p.Index, p.Year)
	case domain.Year:
		if p.Cal.StartMonth != time.January {
			return fmt.Sprintf("FY%d", p.Year)
		}
		return fmt.Sprint(p.Year)
	}
	return p.String()
}
