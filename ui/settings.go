package ui

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
)

// settingsForm edits the workspace settings.
type settingsForm struct {
	u        *UI
	currency *widget.Entry
	rates    *widget.Entry
	start    *widget.Select
	naming   *widget.RadioGroup
	language *widget.Select
	theme    *widget.Select
	horizon  *widget.Entry
	form     *widget.Form
}

var languageNames = []string{"English", "Italiano", "Français", "Norsk bokmål"}

func newSettingsForm(u *UI) *settingsForm {
	s := u.Settings
	f := &settingsForm{u: u}
	f.currency = &widget.Entry{Text: s.Currency}
	f.currency.Validator = func(v string) error { _, err := domain.LookupCurrency(v); return err }
	var lines []string
	for code, r := range s.Rates {
		lines = append(lines, code+" "+u.Fmt.Number(r.Float(), 6))
	}
	sort.Strings(lines)
	f.rates = widget.NewMultiLineEntry()
	f.rates.SetText(strings.Join(lines, "\n"))
	f.rates.SetPlaceHolder("USD 0,92\nNOK 0,086")
	months := make([]string, 12)
	for i := range months {
		months[i] = lang.L(time.Month(i + 1).String())
	}
	f.start = widget.NewSelect(months, nil)
	f.start.SetSelectedIndex(int(s.Calendar.StartMonth) - 1)
	f.naming = widget.NewRadioGroup([]string{lang.L("by the year it starts in"), lang.L("by the year it ends in")}, nil)
	f.naming.Required = true
	f.naming.SetSelected(f.naming.Options[boolInt(s.Calendar.NameByEndYear)])
	f.language = widget.NewSelect(append([]string{lang.L("System default")}, languageNames...), nil)
	f.language.SetSelectedIndex(0)
	for i, l := range domain.Languages {
		if l == s.Language {
			f.language.SetSelectedIndex(i + 1)
		}
	}
	f.theme = widget.NewSelect([]string{lang.L("System"), lang.L("Light"), lang.L("Dark")}, nil)
	f.theme.SetSelectedIndex(map[string]int{"light": 1, "dark": 2}[s.Theme])
	f.horizon = &widget.Entry{Text: strconv.Itoa(s.ForecastHorizon)}
	f.form = widget.NewForm(
		widget.NewFormItem(lang.L("Currency"), f.currency),
		widget.NewFormItem(lang.L("Exchange rates"), f.rates),
		widget.NewFormItem(lang.L("Fiscal year starts in"), f.start),
		widget.NewFormItem(lang.L("Fiscal year is named"), f.naming),
		widget.NewFormItem(lang.L("Language"), f.language),
		widget.NewFormItem(lang.L("Theme"), f.theme),
		widget.NewFormItem(lang.L("Forecast horizon (months)"), f.horizon),
		widget.NewFormItem(lang.L("Stages"), &widget.Button{Text: lang.L("Edit stages…"), OnTapped: u.onStages}),
		widget.NewFormItem(lang.L("Lost reasons"), &widget.Button{Text: lang.L("Edit lost reasons…"), OnTapped: u.onLostReasons}),
	)
	f.form.Items[1].HintText = lang.L("One per line: code and units of workspace currency per unit")
	return f
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// settings reads the form into settings, or says what is wrong.
func (f *settingsForm) settings() (domain.Settings, error) {
	s := f.u.Settings
	s.Currency = strings.ToUpper(strings.TrimSpace(f.currency.Text))
	s.Rates = map[string]domain.Rate{}
	for i, line := range strings.Split(f.rates.Text, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 {
			return s, domain.Errorf(domain.EINVALID, "%s", lang.L("Exchange rates, line {{.N}}: write a currency code and a rate, e.g. USD 0.92.", map[string]any{"N": i + 1}))
		}
		v, err := parseLocaleFloat(fields[1])
		if err != nil || v <= 0 {
			return s, domain.Errorf(domain.EINVALID, "%s", lang.L("Exchange rates, line {{.N}}: {{.V}} is not a positive number.", map[string]any{"N": i + 1, "V": fields[1]}))
		}
		s.Rates[strings.ToUpper(fields[0])] = domain.RateFromFloat(v)
	}
	s.Calendar.StartMonth = time.Month(f.start.SelectedIndex() + 1)
	s.Calendar.NameByEndYear = f.naming.Selected == f.naming.Options[1]
	s.Language = ""
	if i := f.language.SelectedIndex(); i > 0 {
		s.Language = domain.Languages[i-1]
	}
	s.Theme = []string{"system", "light", "dark"}[max(0, f.theme.SelectedIndex())]
	h, err := strconv.Atoi(strings.TrimSpace(f.horizon.Text))
	if err != nil {
		return s, domain.Errorf(domain.EINVALID, "%s", lang.L("The forecast horizon must be a whole number of months."))
	}
	s.ForecastHorizon = h
	return s, s.Validate()
}

// parseLocaleFloat reads 0.92 or 0,92.
func parseLocaleFloat(s string) (float64, error) {
	return strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", "."), 64)
}

// save validates and stores the settings, then rebuilds the window so a new
// language, theme or calendar shows everywhere.
func (f *settingsForm) save() error {
	s, err := f.settings()
	if err != nil {
		return err
	}
	if err := f.u.DB.SaveSettings(context.Background(), s); err != nil {
		return err
	}
	if err := f.u.load(); err != nil {
		return err
	}
	f.u.build()
	return nil
}

func (u *UI) onSettings() {
	f := newSettingsForm(u)
	d := dialog.NewCustomConfirm(lang.L("Settings"), lang.L("Save"), lang.L("Cancel"), f.form, func(ok bool) {
		if ok {
			u.ShowError(f.save())
		}
	}, u.Win)
	d.Resize(fyne.NewSize(560, 520))
	d.Show()
}
