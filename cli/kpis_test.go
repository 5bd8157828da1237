package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"salesops/domain"
	"salesops/persistence"
)

// demoWorkspace writes a small demo company and returns its path.
func TestKPIsJSONHasTheKeysOfTheIssue(t *testing.T) {
	path := demoWorkspace(t)
	code, out, errs := run("kpis", "--db", path, "--period", "2026-Q3", "--as-of", "2026-11-22", "--json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	for _, k := range []string{"closed_won", "quota", "attainment", "won_count", "lost_count", "win_rate", "avg_deal_size",
		"avg_cycle_days", "pipeline_coverage", "lead_response_hours", "data_quality_score", "previous", "stage_conversion"} {
		if _, ok := got[k]; !ok {
			t.Errorf("key %s missing from %s", k, out)
		}
	}
	if got["period"] != "2026-Q3" || got["previous"].(map[string]any)["period"] != "2026-Q2" {
		t.Errorf("periods: %v and %v", got["period"], got["previous"])
	}
	// The figures are those of the workspace, in major units and fractions.
	db, err := persistence.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r, err := db.KPIReport(context.Background(), persistence.KPIScope{}, domain.MustParsePeriod("2026-Q3", domain.CalendarYear), domain.Day(2026, 11, 22))
	if err != nil {
		t.Fatal(err)
	}
	if got["closed_won"].(float64) != float64(r.ClosedWon)/100 || int(got["won_count"].(float64)) != r.WonCount {
		t.Errorf("closed_won %v won_count %v, want %v and %d", got["closed_won"], got["won_count"], float64(r.ClosedWon)/100, r.WonCount)
	}
	if w := got["win_rate"].(float64); w <= 0 || w >= 1 {
		t.Errorf("win_rate %v is not a fraction", w)
	}
}

func TestKPIsByPersonTeamAndTerritory(t *testing.T) {
	path := demoWorkspace(t)
	for _, by := range []string{"person", "team", "territory"} {
		t.Run(by, func(t *testing.T) {
			code, out, errs := run("kpis", "--db", path, "--period", "2026-Q3", "--by", by, "--json")
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var groups []map[string]any
			if err := json.Unmarshal([]byte(out), &groups); err != nil {
				t.Fatalf("%v in %s", err, out)
			}
			if len(groups) < 2 {
				t.Fatalf("%d groups", len(groups))
			}
			keys := []string{"name", "quota", "credited", "attainment", "won_count", "lost_count", "win_rate", "avg_deal_size", "avg_cycle_days", "open_pipeline"}
			if by == "person" {
				keys = append(keys, "email")
			}
			won := 0.0
			for _, g := range groups {
				for _, k := range keys {
					if _, ok := g[k]; !ok {
						t.Errorf("group %v lacks %s", g["name"], k)
					}
				}
				won += g["closed_won"].(float64)
			}
			// Every won deal belongs to exactly one group.
			_, all, _ := run("kpis", "--db", path, "--period", "2026-Q3", "--json")
			var total map[string]any
			_ = json.Unmarshal([]byte(all), &total)
			if d := won - total["closed_won"].(float64); d > 0.005 || d < -0.005 {
				t.Errorf("groups add up to %.2f, the whole to %v", won, total["closed_won"])
			}
		})
	}
}

func TestKPIsRefusesBadArguments(t *testing.T) {
	path := demoWorkspace(t)
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"kpis", "--db", path, "--json"}, ExitUsage, "--period"},
		{[]string{"kpis", "--db", path, "--period", "2026-Q3", "--by", "region"}, ExitUsage, "region"},
		{[]string{"kpis", "--db", path, "--period", "2026-Q9"}, ExitUser, "2026-Q9"},
		{[]string{"kpis", "--db", path, "--period", "2026-Q3", "--as-of", "tomorrow"}, ExitUser, "tomorrow"}, // a bad argument, like a bad period (PRODUCT.md §7)
	}
	for _, c := range cases {
		code, _, errs := run(c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) || strings.Count(strings.TrimSpace(errs), "\n") > 0 {
			t.Errorf("%v: exit %d, %q; want exit %d and one line naming %s", c.args, code, errs, c.code, c.msg)
		}
	}
}
