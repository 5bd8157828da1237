package ui

import (
	"context"
	"strings"
	"testing"

	"salesops/domain"
	"salesops/persistence"
)

func TestLastClosedPeriod(t *testing.T) {
	cal := domain.FiscalCalendar{}
	for _, c := range []struct{ p, want string }{
		{"2026-Q4", "2026-Q3"}, // open on 2026-11-22: the quarter before
		{"2026-Q3", "2026-Q3"}, // closed: itself
		{"2027-Q1", "2026-Q3"}, // a future quarter: the last closed one
		{"2026-11", "2026-10"}, // months too
		{"2026-10", "2026-10"}, // ended on the 31st
		{"2025-Q2", "2025-Q2"}, // long closed
		{"2026", "2025"},       // the year is not over
	} {
		got := lastClosedPeriod(domain.MustParsePeriod(c.p, cal), testToday)
		if got.String() != c.want {
			t.Errorf("lastClosedPeriod(%s) = %s, want %s", c.p, got, c.want)
		}
	}
}

// earliestAccuracy is the accuracy, formatted as the tile shows it, of the
// first snapshot of period p in the accuracy history of the owners keep lets
// through (nil = everyone).
func earliestAccuracy(t *testing.T, u *UI, p string, keep func(o, terr int64) bool) string {
	t.Helper()
	q := domain.MustParsePeriod(p, u.Settings.Calendar)
	pts, err := u.DB.AccuracyHistory(context.Background(), testToday, u.Settings.Calendar, q.Kind, keep)
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range pts { // in the order the snapshots were taken
		if pt.Period.String() == p {
			return u.Fmt.Opt(pt.Accuracy, func(v float64) string { return u.Fmt.Percent(v, 1) })
		}
	}
	t.Fatalf("no snapshot forecast %s", p)
	return ""
}

func TestForecastAccuracyTileShowsTheLastClosedPeriodsAccuracy(t *testing.T) {
	u := newTestUI(t, 1500)
	dash := findDashboard(t, u)
	q3 := earliestAccuracy(t, u, "2026-Q3", nil)
	q2 := earliestAccuracy(t, u, "2026-Q2", nil)
	if !strings.HasSuffix(q3, "%") || q3 == q2 {
		t.Fatalf("the demo's accuracy of Q3 is %q, of Q2 %q: nothing to check", q3, q2)
	}
	for _, c := range []struct {
		period, value, change string
	}{
		{"2026-Q4", q3, "pts vs previous"}, // still open: the quarter before, against Q2
		{"2026-Q3", q3, "pts vs previous"},
		{"2026-Q2", q2, "no comparison"}, // the demo's first snapshot is in Q2
		{"2025-Q3", "—", "no comparison"},
	} {
		u.SetPeriod(domain.MustParsePeriod(c.period, u.Settings.Calendar))
		dash.wait()
		v, ch := dash.Tile("forecast_accuracy")
		if v != c.value || !strings.Contains(ch, c.change) {
			t.Errorf("%s: tile shows %q, %q; want %q, %q", c.period, v, ch, c.value, c.change)
		}
	}

	// A person's scope: their own forecast against their own closed-won.
	u.SetPeriod(domain.MustParsePeriod("2026-Q3", u.Settings.Calendar))
	people, err := u.DB.People(context.Background())
	if err != nil || len(people) == 0 {
		t.Fatal(people, err)
	}
	id := people[0].ID
	want := earliestAccuracy(t, u, "2026-Q3", func(o, _ int64) bool { return o == id })
	u.SetScope(Scope{Kind: ScopePerson, ID: id, Name: people[0].Name})
	dash.wait()
	if v, _ := dash.Tile("forecast_accuracy"); v != want || want == q3 {
		t.Errorf("for %s the tile shows %q, want %q (everyone: %q)", people[0].Name, v, want, q3)
	}

	// A segment's scope: the snapshot lines' segment against the segment's
	// closed-won (the demo's accounts never change segment).
	q := domain.MustParsePeriod("2026-Q3", u.Settings.Calendar)
	pts, err := u.DB.AccuracyHistoryIn(context.Background(), testToday, u.Settings.Calendar, q.Kind, persistence.WonScope{Segment: "Enterprise"})
	if err != nil {
		t.Fatal(err)
	}
	want = ""
	for _, pt := range pts {
		if pt.Period.String() == "2026-Q3" && want == "" {
			want = u.Fmt.Opt(pt.Accuracy, func(v float64) string { return u.Fmt.Percent(v, 1) })
		}
	}
	u.SetScope(Scope{Kind: ScopeSegment, Segment: "Enterprise", Name: "Enterprise"})
	dash.wait()
	if v, ch := dash.Tile("forecast_accuracy"); v != want || want == q3 || !strings.HasSuffix(v, "%") || !strings.Contains(ch, "pts vs previous") {
		t.Errorf("for a segment the tile shows %q, %q; want %q (everyone: %q)", v, ch, want, q3)
	}
}

func TestForecastAccuracyTileIsADashWithoutSnapshots(t *testing.T) {
	u := newTestUI(t, 0)
	dash := findDashboard(t, u)
	u.SetPeriod(domain.MustParsePeriod("2026-Q4", u.Settings.Calendar))
	dash.wait()
	if v, _ := dash.Tile("forecast_accuracy"); v != "—" {
		t.Errorf("the tile shows %q on an empty workspace, want —", v)
	}
}
