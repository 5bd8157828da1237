package persistence

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"salesops/domain"
)

func TestRestoreLeavesTheBackupItRestoresFromUntouched(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	p := domain.Person{Name: "Ada Rossi", Email: "ada@example.com", Role: domain.RoleAE, Active: true}
	if err := db.CreatePerson(ctx, &p); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := db.BackupTo(ctx, backup); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "restored.db")
	if err := Restore(ctx, backup, dst); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(backup)
	if !bytes.Equal(before, after) {
		t.Errorf("restoring changed the backup file")
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(backup + suffix); err == nil {
			t.Errorf("restoring left %s beside the backup", backup+suffix)
		}
	}
	r, err := Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	people, _ := r.People(ctx)
	if len(people) != 1 || people[0].Name != "Ada Rossi" {
		t.Errorf("the restored workspace has %v, want Ada Rossi", people)
	}
}

func TestRestoreRefusesAFileThatIsNotAWorkspace(t *testing.T) {
	src := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(src, []byte("not a database"), 0o644)
	dst := filepath.Join(t.TempDir(), "w.db")
	if err := Restore(context.Background(), src, dst); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("restoring a text file gives %v, want an invalid-file error", err)
	}
	if _, err := os.Stat(dst); err == nil {
		t.Errorf("a refused restore created %s", dst)
	}
}

func TestMovingADealToAWonOrLostStageClosesItsForecastAndReopeningRestoresIt(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	stages, _ := db.Stages(ctx)
	var open, won, lost domain.Stage
	for _, s := range stages {
		switch {
		case s.Won:
			won = s
		case s.Lost:
			lost = s
		case s.Name == "Negotiation":
			open = s
		}
	}
	d := domain.Deal{Name: "Pump order", StageID: open.ID, Amount: 500000, HasAmount: true,
		CloseDate: domain.Day(2026, 9, 30), Probability: domain.RatePercent(80), Category: domain.CategoryCommit}
	if err := db.CreateDeal(ctx, &d); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		stage domain.Stage
		cat   domain.ForecastCategory
		prob  domain.Rate
	}{{won, domain.CategoryClosed, domain.RateOne}, {lost, domain.CategoryOmitted, 0}, {open, domain.CategoryCommit, domain.RatePercent(80)}} {
		d.StageID = c.stage.ID
		if err := db.UpdateDeal(ctx, &d, time.Now()); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Deal(ctx, d.ID)
		if got.Category != c.cat {
			t.Errorf("in stage %s the deal's category is %s, want %s", c.stage.Name, got.Category, c.cat)
		}
		if got.Probability != c.prob {
			t.Errorf("in stage %s the probability is %s, want %s", c.stage.Name, got.Probability, c.prob)
		}
	}
}

func TestTheDemoCompanyHasSellersWhoLeft(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	if _, err := GenerateDemo(ctx, db, DemoOptions{Seed: 7, Deals: 500, AsOf: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	people, _ := db.People(ctx)
	left := 0
	for _, p := range people {
		if !p.EndDate.IsZero() {
			left++
			if p.Active {
				t.Errorf("%s left on %s but is active", p.Name, p.EndDate.Format("2006-01-02"))
			}
			if !p.EndDate.After(p.HireDate) {
				t.Errorf("%s left before being hired", p.Name)
			}
		}
	}
	if left == 0 {
		t.Errorf("nobody left the demo company in three years")
	}
}
