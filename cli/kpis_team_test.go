package cli

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"salesops/domain"
	"salesops/persistence"
)

// `salesops kpis --by person --json` (issue 5's command) prints, per person,
// the fields issue 4 lists, and its figures are the Team tab's leaderboard's
// for the same period: credited bookings with splits and overlays, quota,
// attainment, counts, win rate, average deal size and cycle, open pipeline.
func TestKPIsByPersonAgreeWithTheLeaderboard(t *testing.T) {
	path := demoWorkspace(t)
	db, err := persistence.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cur, err := domain.LookupCurrency("EUR")
	if err != nil {
		t.Fatal(err)
	}
	major := func(m domain.Money) float64 { return float64(m) / 100 }
	for _, key := range []string{"2026-Q3", "2025", "2026-11", "2024-Q1"} {
		t.Run(key, func(t *testing.T) {
			code, out, errs := run("kpis", "--db", path, "--period", key, "--by", "person", "--json")
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var groups []map[string]any
			if err := json.Unmarshal([]byte(out), &groups); err != nil {
				t.Fatalf("%v in %s", err, out)
			}
			p := domain.MustParsePeriod(key, domain.CalendarYear)
			rows, err := db.Leaderboard(context.Background(), p, persistence.LeaderboardScope{})
			if err != nil {
				t.Fatal(err)
			}
			board := map[int64]domain.LeaderRow{}
			for _, r := range rows {
				board[r.PersonID] = r
			}
			seen := map[int64]bool{}
			compared := 0
			for _, g := range groups {
				for _, k := range []string{"name", "email", "quota", "credited", "attainment", "won_count", "lost_count", "win_rate",
					"avg_deal_size", "avg_cycle_days", "open_pipeline"} {
					if _, ok := g[k]; !ok {
						t.Errorf("%v lacks %s", g["name"], k)
					}
				}
				id := int64(g["id"].(float64))
				if id == 0 {
					continue // deals with no owner: nobody's row
				}
				seen[id] = true
				r, ok := board[id]
				if !ok {
					t.Errorf("%v (ID %d) is in kpis but not on the leaderboard", g["name"], id)
					continue
				}
				compared++
				num := func(k string) (float64, bool) {
					v, ok := g[k].(float64)
					return v, ok
				}
				near := func(what string, got float64, gotOK bool, want float64, wantOK bool, tol float64) {
					t.Helper()
					if gotOK != wantOK || (wantOK && math.Abs(got-want) > tol) {
						t.Errorf("%s %s: kpis %v (defined %v), leaderboard %v (defined %v)", r.Name, what, got, gotOK, want, wantOK)
					}
				}
				if g["name"] != r.Name || g["email"] != r.Email {
					t.Errorf("name/email %v %v, leaderboard %s %s", g["name"], g["email"], r.Name, r.Email)
				}
				// No quota: the leaderboard shows "—"; kpis prints 0 or null,
				// and no attainment either way.
				q, _ := num("quota")
				near("quota", q, true, major(r.Quota), true, 0.001)
				c, _ := num("credited")
				near("credited", c, true, major(r.Credited), true, 0.001)
				a, aok := num("attainment")
				near("attainment", a, aok, r.Attainment.V, r.Attainment.OK, 1e-6)
				near("won_count", g["won_count"].(float64), true, float64(r.WonCount), true, 0)
				near("lost_count", g["lost_count"].(float64), true, float64(r.LostCount), true, 0)
				w, wok := num("win_rate")
				near("win_rate", w, wok, r.WinRate.V, r.WinRate.OK, 1e-6)
				s, sok := num("avg_deal_size")
				near("avg_deal_size", s, sok, r.AvgDealSize.V/float64(cur.Scale()), r.AvgDealSize.OK, 0.006)
				d, dok := num("avg_cycle_days")
				near("avg_cycle_days", d, dok, r.AvgCycleDays.V, r.AvgCycleDays.OK, 0.006)
				o, _ := num("open_pipeline")
				near("open_pipeline", o, true, major(r.OpenPipeline), true, 0.001)
			}
			// Whoever the leaderboard shows with business or a quota in the
			// period is in kpis too (sellers with nothing at all may be
			// left out there).
			for _, r := range rows {
				if !seen[r.PersonID] && (r.Quota != 0 || r.Credited != 0 || r.WonCount+r.LostCount != 0 || r.OpenPipeline != 0) {
					t.Errorf("%s is on the leaderboard (credited %d, quota %d) but not in kpis", r.Name, r.Credited, r.Quota)
				}
			}
			if compared < 5 {
				t.Errorf("only %d people compared", compared)
			}
			t.Logf("%s: %d people compared, %d on the leaderboard", key, compared, len(rows))
		})
	}
}
