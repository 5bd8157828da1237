package ui

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"salesops/domain"
)

// teamTab is the Team tab (PRODUCT.md §3.1): people and the org chart,
// quotas, performance, the capacity plan and onboarding, one inner tab each.
// Only the inner tab on show is refreshed when the period, scope or data
// change; the others catch up when they are chosen.
type teamTab struct {
	u          *UI
	tabs       *container.AppTabs
	people     *teamPeople
	quotas     *teamQuotas
	perf       *teamPerformance
	capacity   *teamCapacity
	onboarding *teamOnboarding
	stale      map[*container.TabItem]bool
	refreshers map[*container.TabItem]func()

	// What every inner tab reads: the people, by ID, and the teams' names.
	all   []domain.Person
	byID  map[int64]*domain.Person
	teams []domain.Team

	// busy counts loads running off the UI goroutine (tests wait on it);
	// applying runs their results one at a time, as the desktop driver
	// does, also under the test driver, which runs fyne.Do on the caller.
	busy     sync.WaitGroup
	applying sync.Mutex
}

// load runs read (database work, no widgets) off the UI goroutine and the
// function it returns (widget changes) back on it, as the Territories tab
// does; inline when loadInBackground is off (tests).
func (t *teamTab) load(read func() (apply func())) {
	if !loadInBackground {
		read()()
		return
	}
	t.busy.Add(1)
	go func() {
		defer t.busy.Done()
		apply := read()
		fyne.Do(func() {
			t.applying.Lock()
			defer t.applying.Unlock()
			apply()
		})
	}()
}

func newTeamTab(u *UI) *container.TabItem {
	t := &teamTab{u: u, stale: map[*container.TabItem]bool{}, refreshers: map[*container.TabItem]func(){}}
	t.people = newTeamPeople(t)
	t.quotas = newTeamQuotas(t)
	t.perf = newTeamPerformance(t)
	t.capacity = newTeamCapacity(t)
	t.onboarding = newTeamOnboarding(t)
	items := []struct {
		title   string
		content *container.TabItem
		refresh func()
	}{
		{lang.L("People"), container.NewTabItemWithIcon(lang.L("People"), theme.AccountIcon(), t.people.object()), t.people.refresh},
		{lang.L("Quotas"), container.NewTabItemWithIcon(lang.L("Quotas"), theme.DocumentCreateIcon(), t.quotas.object()), t.quotas.refresh},
		{lang.L("Performance"), container.NewTabItemWithIcon(lang.L("Performance"), theme.GridIcon(), t.perf.object()), t.perf.refresh},
		{lang.L("Capacity plan"), container.NewTabItemWithIcon(lang.L("Capacity plan"), theme.ContentAddIcon(), t.capacity.object()), t.capacity.refresh},
		{lang.L("Onboarding"), container.NewTabItemWithIcon(lang.L("Onboarding"), theme.ConfirmIcon(), t.onboarding.object()), t.onboarding.refresh},
	}
	var tabs []*container.TabItem
	for _, it := range items {
		tabs = append(tabs, it.content)
		t.refreshers[it.content] = it.refresh
	}
	t.tabs = container.NewAppTabs(tabs...)
	t.tabs.OnSelected = t.onInnerTab
	u.OnRefresh(t.refresh)
	u.addController(t)
	return container.NewTabItemWithIcon(lang.L("Team"), theme.AccountIcon(), t.tabs)
}

// refresh reloads the people and the inner tab on show; the others are
// marked stale.
func (t *teamTab) refresh() {
	if err := t.loadPeople(); err != nil {
		t.u.ShowError(err)
		return
	}
	sel := t.tabs.Selected()
	for it := range t.refreshers {
		t.stale[it] = it != sel
	}
	if fn := t.refreshers[sel]; fn != nil {
		fn()
	}
}

func (t *teamTab) onInnerTab(it *container.TabItem) {
	if t.stale[it] {
		t.stale[it] = false
		t.refreshers[it]()
	}
}

// changed is called after the tab wrote to the workspace: every tab, the
// period bar's scopes included, sees the change.
func (t *teamTab) changed() {
	if t.u.bar != nil {
		t.u.bar.loadScopes()
	}
	t.u.Changed()
}

func (t *teamTab) loadPeople() error {
	ctx := context.Background()
	all, err := t.u.DB.People(ctx)
	if err != nil {
		return err
	}
	teams, err := t.u.DB.Teams(ctx)
	if err != nil {
		return err
	}
	t.all, t.teams = all, teams
	t.byID = make(map[int64]*domain.Person, len(all))
	for i := range t.all {
		t.byID[t.all[i].ID] = &t.all[i]
	}
	return nil
}

func (t *teamTab) teamName(id int64) string {
	for _, tm := range t.teams {
		if tm.ID == id {
			return tm.Name
		}
	}
	return ""
}

func (t *teamTab) personName(id int64) string {
	if p := t.byID[id]; p != nil {
		return p.Name
	}
	return ""
}

// roleLabel is the role in the interface's language.
func roleLabel(r domain.Role) string { return lang.L(r.Label()) }

// today is the UI's today as a date.
func (t *teamTab) today() time.Time { return domain.DateOf(t.u.Now()) }

// parseAmount reads an amount as people type it in the interface's language
// ("120000", "120,000.50", "120.000,50", "120 000") into exact minor units.
func parseAmount(s string, f Format) (domain.Money, error) {
	bad := domain.Errorf(domain.EINVALID, "%s", lang.L("{{.V}} is not an amount: write digits, e.g. 120000 or 120000{{.D}}50.", map[string]any{"V": strconvQuote(s), "D": f.Decimal}))
	s = strings.TrimSpace(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0', '\u202f', '\'', '€', '$', '£', '¥':
			return -1
		}
		return r
	}, s)
	s = strings.TrimSuffix(strings.TrimSuffix(s, strings.ToUpper(f.Currency.Code)), f.Currency.Code)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return 0, bad
	}
	dec := -1
	if i := strings.LastIndexAny(s, ".,"); i >= 0 {
		sep := s[i]
		others := strings.Count(s, string(sep))
		switch {
		case strings.ContainsAny(s[:i], map[byte]string{'.': ",", ',': "."}[sep]):
			dec = i // both kinds: the last one is the decimal point
		case others == 1 && string(sep) == f.Decimal && len(s)-i-1 != 3:
			dec = i
		case others == 1 && len(s)-i-1 != 3:
			dec = i // one separator not followed by a group of three
		case others == 1 && string(sep) == f.Decimal && f.Group != "," && f.Group != ".":
			dec = i // "1,234" in French: a decimal comma
		}
	}
	whole, frac := s, ""
	if dec >= 0 {
		whole, frac = s[:dec], s[dec+1:]
	}
	whole = strings.NewReplacer(",", "", ".", "").Replace(whole)
	if whole == "" {
		whole = "0"
	}
	digits := f.Currency.Digits
	if len(frac) > digits {
		return 0, bad
	}
	frac += strings.Repeat("0", digits-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || strings.ContainsAny(whole+frac, "+-") {
		return 0, bad
	}
	if neg {
		n = -n
	}
	return domain.Money(n), nil
}

func strconvQuote(s string) string { return "“" + s + "”" }

// parseDay reads a date in ISO form or the interface's form; "" is no date.
func parseDay(s string, f Format) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02", f.DateLayout} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, nil
		}
	}
	return time.Time{}, domain.Errorf(domain.EINVALID, "%s", lang.L("{{.V}} is not a date: write it as {{.F}}.", map[string]any{"V": strconvQuote(s), "F": f.Date(domain.Day(2026, 12, 31))}))
}

// parsePercent reads "25", "25 %" or "12,5" as a Rate.
func parsePercent(s string) (domain.Rate, error) {
	v, err := parseLocaleFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%")))
	if err != nil {
		return 0, domain.Errorf(domain.EINVALID, "%s", lang.L("{{.V}} is not a percentage.", map[string]any{"V": strconvQuote(s)}))
	}
	return domain.RatePercent(v), nil
}

// parseRamp reads a ramp schedule written as percentages: "0/25/50/75/100"
// (slashes, semicolons or spaces between).
func parseRamp(s string) (domain.RampSchedule, error) {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ';' || r == ' ' || r == '|' })
	r := domain.RampSchedule{}
	for _, fl := range fields {
		p, err := parsePercent(fl)
		if err != nil {
			return nil, err
		}
		r = append(r, p)
	}
	return r, r.Validate()
}

// rampText writes a ramp schedule as "0/25/50/75/100".
func rampText(r domain.RampSchedule, f Format) string {
	parts := make([]string, len(r))
	for i, s := range r {
		parts[i] = f.Number(s.Float()*100, decimalsOf(s.Float()*100))
	}
	return strings.Join(parts, "/")
}

func decimalsOf(v float64) int {
	for d := 0; d < 4; d++ {
		p := 1.0
		for i := 0; i < d; i++ {
			p *= 10
		}
		if v*p == float64(int64(v*p)) {
			return d
		}
	}
	return 4
}

// moneyInput writes an amount for an entry, without the currency symbol.
func moneyInput(m domain.Money, f Format) string {
	return f.Currency.Format(m, "", f.Decimal)
}
