package persistence

import (
	"context"
	"reflect"
	"testing"

	"salesops/domain"
)

func TestPersonRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	team := domain.Team{Name: "Enterprise"}
	if err := db.CreateTeam(ctx, &team); err != nil {
		t.Fatal(err)
	}
	boss := createPersonT(t, db, domain.Person{Name: "Astrid Berg", Role: domain.RoleDirector, Active: true})
	p := createPersonT(t, db, domain.Person{Name: "Marco Conti", Email: "marco@aurora.example", Role: domain.RoleAE,
		ManagerID: boss.ID, TeamID: team.ID, HireDate: domain.Day(2024, 3, 1), EndDate: domain.Day(2026, 1, 31), Active: false})
	got, err := db.Person(ctx, p.ID)
	if err != nil || !reflect.DeepEqual(got, p) {
		t.Errorf("Person() =\n%+v, %v\nwant\n%+v", got, err, p)
	}
	if _, err := db.Person(ctx, 999); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("Person(999) = %v, want %s", err, domain.ENOTFOUND)
	}
}

func TestPeopleConflicts(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	// Director ← manager ← account executive.
	dir := createPersonT(t, db, domain.Person{Name: "Astrid Berg", Email: "astrid@aurora.example", Role: domain.RoleDirector, Active: true})
	mgr := createPersonT(t, db, domain.Person{Name: "Luca Gallo", Email: "luca@aurora.example", Role: domain.RoleManager, ManagerID: dir.ID, Active: true})
	ae := createPersonT(t, db, domain.Person{Name: "Chloé Martin", Email: "chloe@aurora.example", Role: domain.RoleAE, ManagerID: mgr.ID, Active: true})

	t.Run("a new person with someone's email in other capitals is a conflict", func(t *testing.T) {
		p := domain.Person{Name: "Other Astrid", Email: "ASTRID@aurora.example"}
		if err := db.CreatePerson(ctx, &p); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("CreatePerson = %v, want %s", err, domain.ECONFLICT)
		}
		if n := count(t, db, "SELECT count(*) FROM people"); n != 3 {
			t.Errorf("%d people, want 3", n)
		}
	})
	t.Run("taking someone else's email on update is a conflict", func(t *testing.T) {
		p := ae
		p.Email = "luca@aurora.example"
		if err := db.UpdatePerson(ctx, &p); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("UpdatePerson = %v, want %s", err, domain.ECONFLICT)
		}
		if got, _ := db.Person(ctx, ae.ID); got.Email != "chloe@aurora.example" {
			t.Errorf("email after a refused update = %q", got.Email)
		}
	})
	t.Run("people without email do not clash", func(t *testing.T) {
		createPersonT(t, db, domain.Person{Name: "No Mail One"})
		createPersonT(t, db, domain.Person{Name: "No Mail Two"})
	})

	cycles := []struct {
		name    string
		person  domain.Person
		manager int64
	}{
		{"the director reporting to her own report's report is a loop", dir, ae.ID},
		{"the director reporting to her direct report is a loop", dir, mgr.ID},
		{"the manager reporting to his own report is a loop", mgr, ae.ID},
		{"reporting to oneself is a loop", ae, ae.ID},
	}
	for _, tt := range cycles {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.person
			p.ManagerID = tt.manager
			if err := db.UpdatePerson(ctx, &p); domain.ErrorCode(err) != domain.ECONFLICT {
				t.Errorf("UpdatePerson = %v, want %s", err, domain.ECONFLICT)
			}
			if got, _ := db.Person(ctx, tt.person.ID); got.ManagerID != tt.person.ManagerID {
				t.Errorf("manager after a refused update = %d, want %d", got.ManagerID, tt.person.ManagerID)
			}
		})
	}
	t.Run("moving the account executive to report to the director is fine", func(t *testing.T) {
		p := ae
		p.ManagerID = dir.ID
		if err := db.UpdatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Person(ctx, ae.ID); got.ManagerID != dir.ID {
			t.Errorf("manager = %d, want %d", got.ManagerID, dir.ID)
		}
	})
	t.Run("updating a person who does not exist is not found", func(t *testing.T) {
		p := domain.Person{ID: 999, Name: "Ghost"}
		if err := db.UpdatePerson(ctx, &p); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("UpdatePerson(999) = %v, want %s", err, domain.ENOTFOUND)
		}
	})
	t.Run("a second team with the same name in other capitals is a conflict", func(t *testing.T) {
		if err := db.CreateTeam(ctx, &domain.Team{Name: "Inside sales"}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateTeam(ctx, &domain.Team{Name: "INSIDE SALES"}); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("CreateTeam = %v, want %s", err, domain.ECONFLICT)
		}
	})
}
