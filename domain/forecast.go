package domain

import (
	"sort"
	"strings"
	"time"
)

// PipelineTotals are the forecast categories of a set of deals closing in a
// period (PRODUCT.md §5.4). Closed is won deals; the open categories hold
// open deals by their forecast category (an open deal marked Closed counts as
// Commit until it is won); lost deals are in none.
type PipelineTotals struct {
	Closed   Money
	Commit   Money
	BestCase Money
	Pipeline Money
	Omitted  Money
	Weighted Money // Σ amount × probability over open deals, Omitted excluded
	Quota    Money
	Deals    int // deals counted in any category
}

// Add counts deal d (whose close date the caller has checked).
func (t *PipelineTotals) Add(d *Deal) {
	switch d.Status {
	case StatusWon:
		t.Closed += d.Value
	case StatusOpen:
		switch d.Category {
		case CategoryOmitted:
			t.Omitted += d.Value
			t.Deals++
			return
		case CategoryCommit, CategoryClosed:
			t.Commit += d.Value
		case CategoryBestCase:
			t.BestCase += d.Value
		default:
			t.Pipeline += d.Value
		}
		t.Weighted += d.Value.MulRate(d.Probability)
	default:
		return
	}
	t.Deals++
}

// Plus is the sum of t and o.
func (t PipelineTotals) Plus(o PipelineTotals) PipelineTotals {
	return PipelineTotals{Closed: t.Closed + o.Closed, Commit: t.Commit + o.Commit, BestCase: t.BestCase + o.BestCase,
		Pipeline: t.Pipeline + o.Pipeline, Omitted: t.Omitted + o.Omitted, Weighted: t.Weighted + o.Weighted,
		Quota: t.Quota + o.Quota, Deals: t.Deals + o.Deals}
}

// CommitForecast = Closed + Commit.
func (t PipelineTotals) CommitForecast() Money { return t.Closed + t.Commit }

// BestCaseForecast = Closed + Commit + Best case.
func (t PipelineTotals) BestCaseForecast() Money { return t.Closed + t.Commit + t.BestCase }

// OpenPipeline = Pipeline + Best case + Commit.
func (t PipelineTotals) OpenPipeline() Money { return t.Pipeline + t.BestCase + t.Commit }

// Gap is what the commit forecast still lacks to reach the quota (negative
// when it is above the quota).
func (t PipelineTotals) Gap() Money { return t.Quota - t.CommitForecast() }

// CoverageNeeded is the open pipeline over what remains to be closed
// (quota − closed-won), PRODUCT.md §5.3; undefined when nothing remains.
func (t PipelineTotals) CoverageNeeded() OptFloat {
	rest := t.Quota - t.Closed
	if rest <= 0 {
		return OptFloat{}
	}
	return OptFloat{V: float64(t.OpenPipeline()) / float64(rest), OK: true}
}

// ForecastAdjustment is a manager's call on a person's rolled-up forecast for
// a period: it replaces the commit and best-case forecasts of that person and
// everyone reporting to them. The latest adjustment per person and period
// counts; earlier ones stay as history.
type ForecastAdjustment struct {
	ID       int64
	Period   Period
	PersonID int64 // whose figure
	ByID     int64 // who adjusted it (0 = unknown)
	Commit   Money // adjusted commit forecast
	BestCase Money // adjusted best-case forecast
	Note     string
	At       time.Time
}

// Validate checks the adjustment.
func (a *ForecastAdjustment) Validate() error {
	switch {
	case a.PersonID == 0:
		return Errorf(EINVALID, "An adjustment is made to a person's forecast: choose the person.")
	case a.Period.IsZero():
		return Errorf(EINVALID, "An adjustment needs a period.")
	case a.Commit < 0 || a.BestCase < 0:
		return Errorf(EINVALID, "An adjusted forecast cannot be negative.")
	case a.BestCase < a.Commit:
		return Errorf(EINVALID, "The best-case forecast cannot be below the commit forecast.")
	case strings.TrimSpace(a.Note) == "":
		return Errorf(EINVALID, "Say why in a note: an adjustment without a reason cannot be reviewed.")
	}
	return nil
}

// Call is the commit and best-case forecast of a row, adjusted or not.
type Call struct {
	Commit   Money
	BestCase Money
	Adjusted bool   // a manager's adjustment applies here or below
	Note     string // the note of an adjustment made on this very row
}

// PipelineRow is one line of the pipeline forecast: a person (their own deals
// and, in Total, everyone reporting to them), a team or a territory.
type PipelineRow struct {
	ID       int64
	Name     string
	Depth    int            // in the hierarchy (0 = top)
	Own      PipelineTotals // the row's own deals (and quota)
	Total    PipelineTotals // with everyone (or every territory) below
	Adjusted Call           // Total's calls after managers' adjustments
}

// Org is what the roll-ups need to know about the team and the territories.
type Org struct {
	People      []Person
	Teams       []Team
	Territories []Territory
	// AccountTerritory maps an account to its territory.
	AccountTerritory map[int64]int64
	// DealTerritory, when not nil, maps each deal to the territory it
	// reports under (its account's on the close date; absent = none) and
	// stands in for AccountTerritory.
	DealTerritory map[int64]int64
}

// PipelineForecast is the forecast by category for a period.
type PipelineForecast struct {
	Period      Period
	People      []PipelineRow // hierarchy order: a manager, then their reports
	Teams       []PipelineRow
	Territories []PipelineRow // hierarchy order
	Total       PipelineTotals
	Adjusted    Call           // everyone, after adjustments
	Unowned     PipelineTotals // deals without a (known) owner: in Total, in no person's row
}

// Row returns the person row with the given ID.
func (f *PipelineForecast) Row(personID int64) (PipelineRow, bool) {
	for _, r := range f.People {
		if r.ID == personID {
			return r, true
		}
	}
	return PipelineRow{}, false
}

// BuildPipeline computes the forecast by category of the deals closing in p,
// per person (by owner) and rolled up by manager, team and territory, with
// quotas and the latest adjustments. Deals without an owner count only in
// the total and in territories.
func BuildPipeline(deals []Deal, p Period, org Org, quotas map[int64]Money, adjustments []ForecastAdjustment) PipelineForecast {
	f := PipelineForecast{Period: p}
	own := map[int64]*PipelineTotals{}
	terr := map[int64]*PipelineTotals{}
	get := func(m map[int64]*PipelineTotals, id int64) *PipelineTotals {
		t := m[id]
		if t == nil {
			t = &PipelineTotals{}
			m[id] = t
		}
		return t
	}
	for i := range deals {
		d := &deals[i]
		if d.CloseDate.IsZero() || !p.Contains(d.CloseDate) {
			continue
		}
		f.Total.Add(d)
		get(own, d.OwnerID).Add(d)
		t := org.AccountTerritory[d.AccountID]
		if org.DealTerritory != nil {
			t = org.DealTerritory[d.ID]
		}
		get(terr, t).Add(d)
	}
	for id, q := range quotas {
		get(own, id).Quota += q
		f.Total.Quota += q
	}
	latest := map[int64]ForecastAdjustment{}
	for _, a := range adjustments {
		if a.Period.String() != p.String() {
			continue
		}
		if prev, ok := latest[a.PersonID]; !ok || a.At.After(prev.At) || (a.At.Equal(prev.At) && a.ID > prev.ID) {
			latest[a.PersonID] = a
		}
	}

	// People: depth-first from those who report to nobody (or to someone
	// unknown), reports by name.
	known := map[int64]bool{}
	for _, pe := range org.People {
		known[pe.ID] = true
	}
	children := map[int64][]Person{}
	for _, pe := range org.People {
		m := pe.ManagerID
		if !known[m] {
			m = 0
		}
		children[m] = append(children[m], pe)
	}
	for _, c := range children {
		sort.Slice(c, func(i, j int) bool { return strings.ToLower(c[i].Name) < strings.ToLower(c[j].Name) })
	}
	visiting := map[int64]bool{}
	var walk func(pe Person, depth int) (PipelineTotals, Call)
	walk = func(pe Person, depth int) (PipelineTotals, Call) {
		visiting[pe.ID] = true
		idx := len(f.People)
		row := PipelineRow{ID: pe.ID, Name: pe.Name, Depth: depth}
		if t := own[pe.ID]; t != nil {
			row.Own = *t
		}
		f.People = append(f.People, row)
		total := row.Own
		call := Call{Commit: row.Own.CommitForecast(), BestCase: row.Own.BestCaseForecast()}
		for _, c := range children[pe.ID] {
			if visiting[c.ID] {
				continue
			}
			t, cc := walk(c, depth+1)
			total = total.Plus(t)
			call.Commit += cc.Commit
			call.BestCase += cc.BestCase
			call.Adjusted = call.Adjusted || cc.Adjusted
		}
		if a, ok := latest[pe.ID]; ok {
			call = Call{Commit: a.Commit, BestCase: a.BestCase, Adjusted: true, Note: a.Note}
		}
		f.People[idx].Total = total
		f.People[idx].Adjusted = call
		return total, call
	}
	f.Adjusted = Call{}
	for id, t := range own {
		if id == 0 || !known[id] {
			f.Unowned = f.Unowned.Plus(*t)
		}
	}
	f.Adjusted.Commit, f.Adjusted.BestCase = f.Unowned.CommitForecast(), f.Unowned.BestCaseForecast()
	roots := children[0]
	managerOf := make(map[int64]int64, len(org.People))
	for _, pe := range org.People {
		managerOf[pe.ID] = pe.ManagerID
	}
	for _, pe := range org.People { // people in a reporting loop have no root: start from them
		if !reachable(pe.ID, managerOf, known) {
			roots = append(roots, pe)
		}
	}
	for _, pe := range roots {
		if visiting[pe.ID] {
			continue
		}
		_, c := walk(pe, 0)
		f.Adjusted.Commit += c.Commit
		f.Adjusted.BestCase += c.BestCase
		f.Adjusted.Adjusted = f.Adjusted.Adjusted || c.Adjusted
	}

	// Teams: their members' own figures; adjustments of people without
	// reports carry over, since those are the members' own calls.
	teamOf := map[int64]int64{}
	for _, pe := range org.People {
		teamOf[pe.ID] = pe.TeamID
	}
	for _, tm := range org.Teams {
		row := PipelineRow{ID: tm.ID, Name: tm.Name}
		for _, pr := range f.People {
			if teamOf[pr.ID] != tm.ID {
				continue
			}
			row.Own = row.Own.Plus(pr.Own)
			if len(children[pr.ID]) == 0 {
				row.Adjusted.Commit += pr.Adjusted.Commit
				row.Adjusted.BestCase += pr.Adjusted.BestCase
				row.Adjusted.Adjusted = row.Adjusted.Adjusted || pr.Adjusted.Adjusted
			} else {
				row.Adjusted.Commit += pr.Own.CommitForecast()
				row.Adjusted.BestCase += pr.Own.BestCaseForecast()
			}
		}
		row.Total = row.Own
		f.Teams = append(f.Teams, row)
	}
	sort.Slice(f.Teams, func(i, j int) bool { return strings.ToLower(f.Teams[i].Name) < strings.ToLower(f.Teams[j].Name) })

	// Territories: by the deal's account, rolled up to parent territories;
	// they carry no quota and no adjustments.
	tkids := map[int64][]Territory{}
	tknown := map[int64]bool{}
	for _, t := range org.Territories {
		tknown[t.ID] = true
	}
	for _, t := range org.Territories {
		par := t.ParentID
		if !tknown[par] {
			par = 0
		}
		tkids[par] = append(tkids[par], t)
	}
	for _, c := range tkids {
		sort.Slice(c, func(i, j int) bool { return strings.ToLower(c[i].Name) < strings.ToLower(c[j].Name) })
	}
	tvisit := map[int64]bool{}
	var twalk func(t Territory, depth int) PipelineTotals
	twalk = func(t Territory, depth int) PipelineTotals {
		tvisit[t.ID] = true
		idx := len(f.Territories)
		row := PipelineRow{ID: t.ID, Name: t.Name, Depth: depth}
		if o := terr[t.ID]; o != nil {
			row.Own = *o
		}
		f.Territories = append(f.Territories, row)
		total := row.Own
		for _, c := range tkids[t.ID] {
			if !tvisit[c.ID] {
				total = total.Plus(twalk(c, depth+1))
			}
		}
		f.Territories[idx].Total = total
		f.Territories[idx].Adjusted = Call{Commit: total.CommitForecast(), BestCase: total.BestCaseForecast()}
		return total
	}
	for _, t := range tkids[0] {
		twalk(t, 0)
	}
	return f
}

// reachable reports whether following id's managers ends at someone who
// reports to nobody (false in a reporting loop).
func reachable(id int64, managerOf map[int64]int64, known map[int64]bool) bool {
	seen := map[int64]bool{}
	for m := id; known[m]; m = managerOf[m] {
		if seen[m] {
			return false
		}
		seen[m] = true
	}
	return true
}

// Waterfall explains how the open pipeline of a period moved between two
// snapshots: Start + Created + PulledIn + Increased − Decreased − PushedOut −
// Lost − Won = End, exactly.
type Waterfall struct {
	Start     Money // open pipeline (not Omitted) closing in the period, at the first snapshot
	Created   Money // deals that did not exist at the first snapshot
	PulledIn  Money // deals that moved into the period (or, per category, into the category), or came back from Omitted or from closed
	Increased Money // amount increases of deals in the pipeline at both snapshots
	Decreased Money // amount decreases of deals in the pipeline at both snapshots
	PushedOut Money // deals whose close date left the period (or, per category, that changed category)
	Lost      Money // deals lost, marked Omitted or deleted
	Won       Money // deals won
	End       Money // open pipeline at the second snapshot
}

// Balance is Start + Created + PulledIn + Increased − Decreased − PushedOut −
// Lost − Won − End: zero by construction.
func (w Waterfall) Balance() Money {
	return w.Start + w.Created + w.PulledIn + w.Increased - w.Decreased - w.PushedOut - w.Lost - w.Won - w.End
}

// inOpenPipeline reports whether d is open pipeline of p in category cat
// ("" = any open category).
func inOpenPipeline(d *Deal, p Period, cat ForecastCategory) bool {
	if d.Status != StatusOpen || d.Category == CategoryOmitted || d.CloseDate.IsZero() || !p.Contains(d.CloseDate) {
		return false
	}
	if cat == "" {
		return true
	}
	c := d.Category
	if c == CategoryClosed {
		c = CategoryCommit
	}
	return c == cat
}

// PipelineWaterfall compares the open pipeline of p in category cat ("" =
// all open categories) between the deals of snapshot from and those of the
// later snapshot to.
func PipelineWaterfall(from, to []Deal, p Period, cat ForecastCategory) Waterfall {
	var w Waterfall
	before := make(map[int64]*Deal, len(from))
	for i := range from {
		before[from[i].ID] = &from[i]
	}
	after := make(map[int64]*Deal, len(to))
	for i := range to {
		after[to[i].ID] = &to[i]
	}
	for i := range from {
		a := &from[i]
		if !inOpenPipeline(a, p, cat) {
			continue
		}
		w.Start += a.Value
		b, ok := after[a.ID]
		switch {
		case !ok:
			w.Lost += a.Value // deleted
		case inOpenPipeline(b, p, cat):
			if b.Value > a.Value {
				w.Increased += b.Value - a.Value
			} else {
				w.Decreased += a.Value - b.Value
			}
		case b.Status == StatusWon:
			w.Won += a.Value
		case b.Status == StatusLost || b.Category == CategoryOmitted:
			w.Lost += a.Value
		default:
			w.PushedOut += a.Value
		}
	}
	for i := range to {
		b := &to[i]
		if !inOpenPipeline(b, p, cat) {
			continue
		}
		w.End += b.Value
		a, ok := before[b.ID]
		switch {
		case !ok:
			w.Created += b.Value
		case !inOpenPipeline(a, p, cat):
			w.PulledIn += b.Value
		}
	}
	return w
}

// CommitByOwner is the commit forecast (Closed + Commit) per owner of the
// deals closing in p: what a snapshot called for the period.
func CommitByOwner(deals []Deal, p Period) map[int64]Money {
	out := map[int64]Money{}
	for i := range deals {
		d := &deals[i]
		if d.CloseDate.IsZero() || !p.Contains(d.CloseDate) {
			continue
		}
		var t PipelineTotals
		t.Add(d)
		if c := t.CommitForecast(); c != 0 {
			out[d.OwnerID] += c
		}
	}
	return out
}

// WonByOwner is the closed-won value per owner of the deals won in p.
func WonByOwner(deals []Deal, p Period) map[int64]Money {
	out := map[int64]Money{}
	for i := range deals {
		d := &deals[i]
		if d.Status == StatusWon && !d.CloseDate.IsZero() && p.Contains(d.CloseDate) {
			out[d.OwnerID] += d.Value
		}
	}
	return out
}

// LastFullMonth is the last month that ended before day asOf.
func LastFullMonth(asOf time.Time, cal FiscalCalendar) Period {
	return cal.PeriodOf(Month, asOf).Prev()
}

// MonthlyClosedWon is the closed-won value per month from the first month
// with a won deal to the last full month before asOf, months without wins
// as zero. keep filters the deals (nil = all).
func MonthlyClosedWon(deals []Deal, asOf time.Time, cal FiscalCalendar, keep func(*Deal) bool) ([]Period, []Money) {
	last := LastFullMonth(asOf, cal)
	end := last.End()
	var first time.Time
	for i := range deals {
		d := &deals[i]
		if d.Status != StatusWon || d.CloseDate.IsZero() || !d.CloseDate.Before(end) || (keep != nil && !keep(d)) {
			continue
		}
		if first.IsZero() || d.CloseDate.Before(first) {
			first = d.CloseDate
		}
	}
	if first.IsZero() {
		return nil, nil
	}
	start := cal.PeriodOf(Month, first)
	n := (last.Year-start.Year)*12 + last.Index - start.Index + 1
	months := make([]Period, n)
	vals := make([]Money, n)
	for i := range months {
		months[i] = start.Add(i)
	}
	for i := range deals {
		d := &deals[i]
		if d.Status != StatusWon || d.CloseDate.IsZero() || !d.CloseDate.Before(end) || (keep != nil && !keep(d)) {
			continue
		}
		k := (d.CloseDate.Year()-start.Year)*12 + int(d.CloseDate.Month()) - start.Index
		vals[k] += d.Value
	}
	return months, vals
}

// ForecastSnapshot is the pipeline as it stood on a day, kept unchanged so
// that it can later be compared with what closed (accuracy) and with another
// snapshot (waterfall).
type ForecastSnapshot struct {
	ID      int64
	TakenAt time.Time
	AsOf    time.Time // the day described
	Kind    string    // "manual" or "weekly"
	Deals   int       // lines kept
}

// Period is the period of the given kind the snapshot forecast: the one
// containing its day.
func (s ForecastSnapshot) Period(cal FiscalCalendar, kind PeriodKind) Period {
	return cal.PeriodOf(kind, s.AsOf)
}

// SnapshotDue reports whether a weekly snapshot is due on now: none yet, or
// the last taken seven days or more before.
func SnapshotDue(last *ForecastSnapshot, now time.Time) bool {
	return last == nil || !now.Before(last.TakenAt.Add(7*24*time.Hour))
}

// MonthlyWon is closed-won value of one month for one owner and territory.
type MonthlyWon struct {
	Month       Period
	OwnerID     int64
	TerritoryID int64
	Value       Money
}

// MonthlySeries sums rows kept by keep (nil = all) per month, from the first
// month with a value to last, zero-filled.
func MonthlySeries(rows []MonthlyWon, last Period, keep func(ownerID, territoryID int64) bool) ([]Period, []float64) {
	var first Period
	for _, r := range rows {
		if r.Value == 0 || r.Month.Start().After(last.Start()) || (keep != nil && !keep(r.OwnerID, r.TerritoryID)) {
			continue
		}
		if first.IsZero() || r.Month.Start().Before(first.Start()) {
			first = r.Month
		}
	}
	if first.IsZero() {
		return nil, nil
	}
	n := (last.Year-first.Year)*12 + last.Index - first.Index + 1
	months := make([]Period, n)
	vals := make([]float64, n)
	for i := range months {
		months[i] = first.Add(i)
	}
	for _, r := range rows {
		if keep != nil && !keep(r.OwnerID, r.TerritoryID) {
			continue
		}
		k := (r.Month.Year-first.Year)*12 + r.Month.Index - first.Index
		if k >= 0 && k < n {
			vals[k] += float64(r.Value)
		}
	}
	return months, vals
}

// PersonAccuracy is one person's forecast against what they closed.
type PersonAccuracy struct {
	PersonID int64
	Forecast Money
	Actual   Money
	Accuracy OptFloat
}

// AccuracyPoint is one snapshot's commit forecast for its period against
// the closed-won of that period.
type AccuracyPoint struct {
	Snapshot ForecastSnapshot
	Period   Period
	Forecast Money
	Actual   Money
	Accuracy OptFloat
	People   []PersonAccuracy // by person ID
	// The managers' adjusted commit forecast for everyone, when adjustments
	// for the period were in force at the snapshot.
	Adjusted         Money
	HasAdjusted      bool
	AdjustedAccuracy OptFloat
}

// AccuracySummary is WAPE, MAPE and bias over the points' periods.
func AccuracySummary(points []AccuracyPoint) Accuracy {
	a := make([]float64, len(points))
	f := make([]float64, len(points))
	for i, p := range points {
		a[i], f[i] = float64(p.Actual), float64(p.Forecast)
	}
	return AccuracyOf(a, f)
}

// Adjusters are who may adjust person's forecast: the person, then their
// manager, the manager's manager and so on up the hierarchy (a reporting
// loop stops the walk).
func (o Org) Adjusters(person int64) []int64 {
	manager := make(map[int64]int64, len(o.People))
	for _, p := range o.People {
		manager[p.ID] = p.ManagerID
	}
	var out []int64
	seen := map[int64]bool{}
	for id := person; id != 0 && !seen[id]; id = manager[id] {
		seen[id] = true
		out = append(out, id)
	}
	return out
}

// CanAdjust reports whether by may adjust person's forecast: themselves or
// someone above them.
func (o Org) CanAdjust(by, person int64) bool {
	for _, id := range o.Adjusters(person) {
		if id == by {
			return true
		}
	}
	return false
}
