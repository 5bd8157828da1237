package ui

import (
	"context"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
)

// ScopeKind says whose figures the tabs show.
type ScopeKind int

const (
	ScopeEveryone ScopeKind = iota
	ScopeTeam
	ScopeTerritory
	ScopePerson
	ScopeSegment
)

// Scope is everyone, a team, a territory, a person or a segment.
type Scope struct {
	Kind    ScopeKind
	ID      int64
	Name    string
	Segment string // the segment's name, for ScopeSegment
}

// periodBar is the period and scope selector shared by the tabs.
type periodBar struct {
	u       *UI
	kind    *widget.Select
	label   *widget.Label
	scope   *widget.Select
	scopes  []Scope
	prev    *widget.Button
	next    *widget.Button
	syncing bool
}

func newPeriodBar(u *UI) *periodBar {
	b := &periodBar{u: u}
	b.kind = widget.NewSelect([]string{lang.L("Month"), lang.L("Quarter"), lang.L("Year")}, b.onKindChanged)
	b.label = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	b.scope = widget.NewSelect(nil, b.onScopeChanged) // filled by UI.Changed
	b.sync()
	return b
}

func (b *periodBar) object() fyne.CanvasObject {
	b.prev = &widget.Button{Icon: theme.NavigateBackIcon(), OnTapped: b.onPrev}
	b.next = &widget.Button{Icon: theme.NavigateNextIcon(), OnTapped: b.onNext}
	prev, next := b.prev, b.next
	today := &widget.Button{Text: lang.L("Current"), OnTapped: b.onCurrent}
	period := container.NewHBox(widget.NewLabel(lang.L("Period")), b.kind, prev, container.NewGridWrap(fyne.NewSize(150, b.kind.MinSize().Height), b.label), next, today)
	scope := container.NewHBox(widget.NewLabel(lang.L("Scope")), container.NewGridWrap(fyne.NewSize(260, b.scope.MinSize().Height), b.scope))
	return container.NewPadded(container.NewBorder(nil, nil, period, scope))
}

// loadScopes fills the scope list: everyone, each team, territory, segment
// and person.
func (b *periodBar) loadScopes() {
	ctx := context.Background()
	b.scopes = []Scope{{Kind: ScopeEveryone, Name: lang.L("Everyone")}}
	teams, _ := b.u.DB.Teams(ctx)
	for _, t := range teams {
		b.scopes = append(b.scopes, Scope{Kind: ScopeTeam, ID: t.ID, Name: lang.L("Team") + ": " + t.Name})
	}
	terrs, _ := b.u.DB.Territories(ctx)
	sort.Slice(terrs, func(i, j int) bool { return strings.ToLower(terrs[i].Name) < strings.ToLower(terrs[j].Name) })
	for _, t := range terrs {
		b.scopes = append(b.scopes, Scope{Kind: ScopeTerritory, ID: t.ID, Name: lang.L("Territory") + ": " + t.Name})
	}
	segments, _ := b.u.DB.Segments(ctx)
	for _, s := range segments {
		b.scopes = append(b.scopes, Scope{Kind: ScopeSegment, Name: lang.L("Segment") + ": " + s, Segment: s})
	}
	people, _ := b.u.DB.People(ctx)
	for _, p := range people {
		if p.Role.Sells() || p.Role == domain.RoleManager {
			b.scopes = append(b.scopes, Scope{Kind: ScopePerson, ID: p.ID, Name: p.Name})
		}
	}
	names := make([]string, len(b.scopes))
	for i, s := range b.scopes {
		names[i] = s.Name
	}
	b.scope.SetOptions(names)
}

// sync shows the UI's period and scope in the widgets.
func (b *periodBar) sync() {
	b.syncing = true
	defer func() { b.syncing = false }()
	b.kind.SetSelectedIndex(int(b.u.Period.Kind) - 1)
	b.label.SetText(b.u.Fmt.PeriodLabel(b.u.Period))
	name := b.u.Scope.Name
	if name == "" {
		name = lang.L("Everyone")
	}
	b.scope.SetSelected(name)
}

func (b *periodBar) onKindChanged(string) {
	if b.syncing {
		return
	}
	kind := domain.PeriodKind(b.kind.SelectedIndex() + 1)
	b.u.SetPeriod(b.u.Settings.Calendar.PeriodOf(kind, b.u.Period.Start()))
}

func (b *periodBar) onPrev() { b.u.SetPeriod(b.u.Period.Prev()) }
func (b *periodBar) onNext() { b.u.SetPeriod(b.u.Period.Next()) }
func (b *periodBar) onCurrent() {
	b.u.SetPeriod(b.u.Settings.Calendar.PeriodOf(b.u.Period.Kind, b.u.Now()))
}

func (b *periodBar) onScopeChanged(string) {
	if b.syncing {
		return
	}
	i := b.scope.SelectedIndex()
	if i < 0 || i >= len(b.scopes) {
		return
	}
	b.u.SetScope(b.scopes[i])
}
