package persistence

import (
	"context"
	"database/sql"
	"sort"

	"salesops/domain"
)

// demoOnboardingHires is how many of the demo's most recent hires get an
// onboarding checklist.
const demoOnboardingHires = 3

// onboarding gives the demo company's most recent hires (the last few
// sellers hired on or before today, still active) the default checklist from
// their hire date. Items due before today are done a couple of days early,
// except the latest one due of every other hire with items past due (the
// most recent such hire first), which is left overdue; items due later are
// open. It draws no random
// numbers, so the rest of the company is the same with or without it.
func (g *demoGen) onboarding(ctx context.Context, tx *sql.Tx, _ *DemoSummary) error {
	var recent []*domain.Person
	for i := range g.people {
		p := &g.people[i]
		if p.Active && p.Role.Sells() && !p.HireDate.IsZero() && !p.HireDate.After(g.asOf) {
			recent = append(recent, p)
		}
	}
	sort.SliceStable(recent, func(i, j int) bool { return recent[i].HireDate.After(recent[j].HireDate) })
	if len(recent) > demoOnboardingHires {
		recent = recent[:demoOnboardingHires]
	}
	late := 0 // hires with items past due so far
	for _, p := range recent {
		items := domain.NewHireChecklist(p.ID, p.HireDate)
		lastDue := -1
		for i := range items {
			if items[i].Due.Before(g.asOf) {
				lastDue = i
			}
		}
		overdue := -1
		if lastDue >= 0 {
			if late%2 == 0 {
				overdue = lastDue
			}
			late++
		}
		for i := range items {
			if i <= lastDue && i != overdue {
				items[i].Done = maxTime(p.HireDate, items[i].Due.AddDate(0, 0, -2))
			}
			if err := insertOnboarding(ctx, tx, &items[i]); err != nil {
				return err
			}
		}
	}
	return nil
}
