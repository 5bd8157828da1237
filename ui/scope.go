package ui

import (
	"context"

	"salesops/domain"
)

// scopeSelection is what the chosen scope lets through: deals (by owner or by
// account territory) and whose quotas count.
//
//lint:ignore U1000 the dashboard now asks SQLite (persistence.KPIScope); kept for tabs that filter deals in memory.
type scopeSelection struct {
	people   map[int64]bool // nil = everyone
	accounts map[int64]bool // nil = every account
	hasQuota bool           // false when the scope has no quota (a territory)
}

//lint:ignore U1000 the dashboard now asks SQLite (persistence.KPIScope); kept for tabs that filter deals in memory.
func (s scopeSelection) dealIn(d *domain.Deal) bool {
	if s.people != nil && !s.people[d.OwnerID] {
		return false
	}
	if s.accounts != nil && !s.accounts[d.AccountID] {
		return false
	}
	return true
}

// selection resolves the UI's scope against the workspace.
//
//lint:ignore U1000 the dashboard now asks SQLite (persistence.KPIScope); kept for tabs that filter deals in memory.
func (u *UI) selection(ctx context.Context) (scopeSelection, error) {
	sel := scopeSelection{hasQuota: true}
	switch u.Scope.Kind {
	case ScopePerson:
		sel.people = map[int64]bool{u.Scope.ID: true}
	case ScopeTeam:
		people, err := u.DB.People(ctx)
		if err != nil {
			return sel, err
		}
		sel.people = map[int64]bool{}
		for _, p := range people {
			if p.TeamID == u.Scope.ID {
				sel.people[p.ID] = true
			}
		}
	case ScopeTerritory:
		terrs, err := u.DB.Territories(ctx)
		if err != nil {
			return sel, err
		}
		within := map[int64]bool{u.Scope.ID: true}
		for changed := true; changed; {
			changed = false
			for _, t := range terrs {
				if within[t.ParentID] && !within[t.ID] {
					within[t.ID], changed = true, true
				}
			}
		}
		accounts, err := u.DB.Accounts(ctx)
		if err != nil {
			return sel, err
		}
		sel.accounts = map[int64]bool{}
		for _, a := range accounts {
			if within[a.TerritoryID] {
				sel.accounts[a.ID] = true
			}
		}
		sel.hasQuota = false
	case ScopeSegment:
		accounts, err := u.DB.AccountsInSegment(ctx, u.Scope.Segment)
		if err != nil {
			return sel, err
		}
		sel.accounts, sel.hasQuota = accounts, false
	}
	return sel, nil
}

// quotaOf sums the quotas of the scope's people over p.
//
//lint:ignore U1000 the dashboard now asks SQLite (persistence.KPIScope); kept for tabs that filter deals in memory.
func (u *UI) quotaOf(ctx context.Context, sel scopeSelection, p domain.Period) (domain.Money, error) {
	if !sel.hasQuota {
		return 0, nil
	}
	q, err := u.DB.QuotaTotals(ctx, p)
	if err != nil {
		return 0, err
	}
	var sum domain.Money
	for id, m := range q {
		if sel.people == nil || sel.people[id] {
			sum += m
		}
	}
	return sum, nil
}
