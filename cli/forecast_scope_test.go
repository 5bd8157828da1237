package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"salesops/domain"
	"salesops/persistence"
)

func TestForecastScopes(t *testing.T) {
	path := demoWorkspace(t)
	ctx := context.Background()
	db, err := persistence.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	org, err := db.Org(ctx)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	forecast := func(t *testing.T, args ...string) ForecastJSON {
		t.Helper()
		code, out, errs := run(append([]string{"forecast", "--db", path, "--as-of", "2026-11-22", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var f ForecastJSON
		if err := json.Unmarshal([]byte(out), &f); err != nil {
			t.Fatal(err)
		}
		return f
	}
	hist := func(f ForecastJSON) map[string]float64 {
		out := map[string]float64{}
		for _, h := range f.History {
			out[h.Period] = h.Actual
		}
		return out
	}
	same := func(a, b CategoriesJSON) bool { // CoverageNeeded is a pointer
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		return string(ja) == string(jb)
	}
	everyone := forecast(t, "--method", "moving-average")
	all := hist(everyone)
	if everyone.Scope.Kind != "everyone" {
		t.Errorf("scope %+v", everyone.Scope)
	}

	t.Run("the people's histories add up to everyone's, month by month", func(t *testing.T) {
		sum := map[string]float64{}
		for _, p := range org.People {
			who := p.Email
			if who == "" {
				who = p.Name
			}
			f := forecast(t, "--method", "moving-average", "--person", strings.ToUpper(who))
			if f.Scope.Kind != "person" || f.Scope.ID != p.ID || f.Scope.Name != p.Name {
				t.Fatalf("--person %s: scope %+v", who, f.Scope)
			}
			for k, v := range hist(f) {
				sum[k] += v
			}
		}
		for k, v := range all {
			if d := sum[k] - v; d > 0.011*float64(len(org.People)) || d < -0.011*float64(len(org.People)) {
				t.Errorf("%s: people add to %.2f, everyone %.2f", k, sum[k], v)
			}
		}
	})

	t.Run("a team's history is its members' and its pipeline its row", func(t *testing.T) {
		team := org.Teams[0]
		f := forecast(t, "--method", "moving-average", "--team", team.Name)
		if f.Scope.Kind != "team" || f.Scope.ID != team.ID {
			t.Fatalf("scope %+v", f.Scope)
		}
		members := map[string]float64{}
		for _, p := range org.People {
			if p.TeamID == team.ID && p.Email != "" {
				for k, v := range hist(forecast(t, "--method", "moving-average", "--person", p.Email)) {
					members[k] += v
				}
			}
		}
		got, total := hist(f), 0.0
		for k, v := range got {
			total += v
			if d := members[k] - v; d > 0.1 || d < -0.1 {
				t.Errorf("%s: team %.2f, members %.2f", k, v, members[k])
			}
		}
		if total == 0 {
			t.Error("the team has no closed-won history")
		}
		pipe := forecast(t, "--method", "pipeline", "--team", team.Name)
		whole := forecast(t, "--method", "pipeline")
		var row *RowJSON
		for i := range whole.Pipeline.Teams {
			if whole.Pipeline.Teams[i].ID == team.ID {
				row = &whole.Pipeline.Teams[i]
			}
		}
		if row == nil || !same(pipe.Pipeline.Total, row.CategoriesJSON) || len(pipe.Pipeline.Teams) != 1 || len(pipe.Pipeline.Territories) != 0 {
			t.Errorf("team pipeline total %+v, teams %d, territories %d; the team's row %+v", pipe.Pipeline.Total, len(pipe.Pipeline.Teams), len(pipe.Pipeline.Territories), row)
		}
		if pipe.Forecast[0].Value != row.AdjustedCommit {
			t.Errorf("the team's pipeline forecast %v, its adjusted commit %v", pipe.Forecast[0].Value, row.AdjustedCommit)
		}
		for _, r := range pipe.Pipeline.People {
			for _, p := range org.People {
				if p.ID == r.ID && p.TeamID != team.ID {
					t.Errorf("%s is not in %s", r.Name, team.Name)
				}
			}
		}
	})

	t.Run("a manager's pipeline rolls up their reports", func(t *testing.T) {
		var mgr domain.Person
		for _, p := range org.People {
			if p.Role == domain.RoleManager && p.Email != "" {
				mgr = p
				break
			}
		}
		pipe := forecast(t, "--method", "pipeline", "--person", mgr.Email)
		whole := forecast(t, "--method", "pipeline")
		var row RowJSON
		for _, r := range whole.Pipeline.People {
			if r.ID == mgr.ID {
				row = r
			}
		}
		if !same(pipe.Pipeline.Total, row.CategoriesJSON) || row.OpenPipeline == 0 {
			t.Errorf("manager's total %+v, row %+v", pipe.Pipeline.Total, row.CategoriesJSON)
		}
		if len(pipe.Pipeline.People) < 2 || pipe.Pipeline.People[0].ID != mgr.ID {
			t.Errorf("rows %+v: want the manager, then their reports", pipe.Pipeline.People)
		}
		for _, r := range pipe.Pipeline.People[1:] {
			reports := false
			for _, p := range org.People {
				if p.ID == r.ID && p.ManagerID == mgr.ID {
					reports = true
				}
			}
			if !reports && r.Depth <= 1 {
				t.Errorf("%s does not report to %s", r.Name, mgr.Name)
			}
		}
	})

	t.Run("a territory keeps its accounts' wins", func(t *testing.T) {
		var top []domain.Territory
		for _, tr := range org.Territories {
			if tr.ParentID == 0 {
				top = append(top, tr)
			}
		}
		sum, total := map[string]float64{}, 0.0
		for _, tr := range top {
			f := forecast(t, "--method", "moving-average", "--territory", strings.ToLower(tr.Name))
			if f.Scope.Kind != "territory" || f.Scope.ID != tr.ID {
				t.Fatalf("scope %+v", f.Scope)
			}
			for k, v := range hist(f) {
				sum[k] += v
				total += v
			}
		}
		if total == 0 {
			t.Fatal("the territories have no closed-won history")
		}
		for k, v := range sum {
			if v > all[k]+0.1 {
				t.Errorf("%s: top-level territories add to %.2f, more than everyone's %.2f", k, v, all[k])
			}
		}
	})

	t.Run("unknown names and several scopes are refused", func(t *testing.T) {
		for _, c := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"--person", "nobody@example.com"}, 1, "--person"},
			{[]string{"--team", "No such team"}, 1, "--team"},
			{[]string{"--territory", "Atlantis"}, 1, "--territory"},
			{[]string{"--person", org.People[0].Name, "--team", org.Teams[0].Name}, 2, "one of"},
		} {
			code, _, errs := run(append([]string{"forecast", "--db", path, "--json"}, c.args...)...)
			if code != c.code || !strings.Contains(errs, c.want) || strings.Count(strings.TrimSpace(errs), "\n") > 2 {
				t.Errorf("%v: exit %d, %q; want exit %d naming %s", c.args, code, errs, c.code, c.want)
			}
		}
	})
}

func TestForecastPipelineAsOfAPastDayUsesTheSnapshotOfThen(t *testing.T) {
	path := demoWorkspace(t) // weekly snapshots back from 2026-11-22
	ctx := context.Background()
	db, err := persistence.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := db.SnapshotOn(ctx, domain.Day(2026, 8, 15))
	if err != nil || snap == nil {
		t.Fatal(snap, err)
	}
	q := domain.MustParsePeriod("2026-Q3", domain.CalendarYear)
	lines, err := db.SnapshotDeals(ctx, snap.ID, q.Start(), q.End())
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	// What the snapshot of 2026-08-09 had closing in Q3, by hand.
	var closed, commit, open domain.Money
	for _, d := range lines {
		switch {
		case d.Status == domain.StatusWon:
			closed += d.Value
		case d.Category == domain.CategoryCommit:
			commit += d.Value
			open += d.Value
		case d.Category == domain.CategoryBestCase || d.Category == domain.CategoryPipeline:
			open += d.Value
		}
	}
	code, out, errs := run("forecast", "--db", path, "--method", "pipeline", "--as-of", "2026-08-15", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var f ForecastJSON
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatal(err)
	}
	if snap.AsOf.Format("2006-01-02") != "2026-08-09" || f.Pipeline.FromSnapshot == nil || f.Pipeline.FromSnapshot.AsOf != "2026-08-09" || f.Pipeline.Period != "2026-Q3" {
		t.Fatalf("pipeline %s from %+v; the snapshot on or before 2026-08-15 is of %s", f.Pipeline.Period, f.Pipeline.FromSnapshot, snap.AsOf.Format("2006-01-02"))
	}
	money := func(m domain.Money) float64 { return float64(m) / 100 }
	tot := f.Pipeline.Total
	if tot.Closed != money(closed) || tot.Commit != money(commit) || tot.OpenPipeline != money(open) {
		t.Errorf("closed %v commit %v open %v; the snapshot has %v, %v, %v", tot.Closed, tot.Commit, tot.OpenPipeline, money(closed), money(commit), money(open))
	}
	// Today's pipeline of Q3 is all closed: nothing open is left in it.
	code, out, _ = run("forecast", "--db", path, "--method", "pipeline", "--period", "2026-Q3", "--json")
	var now ForecastJSON
	if code != 0 || json.Unmarshal([]byte(out), &now) != nil {
		t.Fatal(code, out)
	}
	if now.Pipeline.FromSnapshot != nil || now.Pipeline.Total.Closed == tot.Closed {
		t.Errorf("today's Q3: from %+v, closed %v (the snapshot's %v)", now.Pipeline.FromSnapshot, now.Pipeline.Total.Closed, tot.Closed)
	}
}
