package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"salesops/domain"
	"salesops/persistence"
)

func TestExportCapacityWritesTheSavedPlan(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.db")
	ctx := context.Background()
	db, err := persistence.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	in := domain.CapacityInput{Name: "Base", Year: domain.MustParsePeriod("2027", domain.CalendarYear), Target: 120_000_000,
		FullQuota: 12_000_000, Ramp: domain.DefaultRamp(), Team: []int{domain.RampedMonth, domain.RampedMonth}}
	if _, err := db.SaveCapacityPlan(ctx, in, time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	tests := []struct {
		name   string
		args   []string
		status int
		say    string
	}{
		{"the newest plan", []string{"-o", filepath.Join(dir, "a.xlsx")}, ExitOK, `capacity plan "Base" (2027, `},
		{"the plan of a year", []string{"--period", "2027", "-o", filepath.Join(dir, "b.xlsx")}, ExitOK, "written to"},
		{"a year without a plan", []string{"--period", "2028", "-o", filepath.Join(dir, "c.xlsx")}, ExitUser, "No capacity plan saved for 2028"},
		{"a quarter", []string{"--period", "2027-Q1", "-o", filepath.Join(dir, "d.xlsx")}, ExitUser, "covers a fiscal year"},
		{"a CSV file", []string{"-o", filepath.Join(dir, "e.csv")}, ExitUser, ".xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			args := append([]string{"export", "--db", path, "capacity"}, tt.args...)
			if got := Run(args, &out, &errOut); got != tt.status {
				t.Fatalf("exit %d, want %d (%s%s)", got, tt.status, out.String(), errOut.String())
			}
			if !strings.Contains(out.String()+errOut.String(), tt.say) {
				t.Errorf("output %q%q does not say %q", out.String(), errOut.String(), tt.say)
			}
			if tt.status == ExitOK {
				if fi, err := os.Stat(tt.args[len(tt.args)-1]); err != nil || fi.Size() == 0 {
					t.Errorf("no workbook: %v", err)
				}
			}
		})
	}
}
