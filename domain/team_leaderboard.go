package domain

import (
	"sort"
	"strings"
)

// Milestone is the highest attainment step reached: 0, 50, 90 or 100 (%).
type Milestone int

// Milestones are the attainment steps the leaderboard marks.
var Milestones = []Milestone{50, 90, 100}

// MilestoneOf is the highest milestone an attainment reaches; 0 when none is
// reached or there is no attainment.
func MilestoneOf(a OptFloat) Milestone {
	var m Milestone
	if !a.OK {
		return 0
	}
	for _, s := range Milestones {
		// Attainment is a ratio of exact money, so compare in millionths to
		// keep 0.9 from missing 90 % by a float's last bit.
		if RateFromFloat(a.V) >= RatePercent(float64(s)) {
			m = s
		}
	}
	return m
}

// LeaderRow is one person's performance in a period (PRODUCT.md §3.1, §5.2,
// §5.3). Counts, sizes and cycles are over the deals the person owns;
// credited bookings follow the credit rules (splits and overlays).
type LeaderRow struct {
	PersonID     int64
	Name         string
	Email        string
	TeamID       int64
	Active       bool
	Credited     Money
	Quota        Money
	Attainment   OptFloat // fraction; not OK without a quota ("—")
	Milestone    Milestone
	WonCount     int
	LostCount    int
	WinRate      OptFloat // fraction
	AvgDealSize  OptFloat // minor units
	AvgCycleDays OptFloat
	OpenPipeline Money // open, not omitted, owned deals closing in the period
}

// LeaderboardInput is what the leaderboard is computed from.
type LeaderboardInput struct {
	Period Period
	People []Person
	// Deals should hold at least every deal closing in the period that the
	// scope lets through; others are ignored.
	Deals  []Deal
	Splits map[int64][]DealSplit
	Quotas map[int64]Money // quota of each person over the period
}

// Leaderboard computes a row for each person listed in in.People who sells
// (an account executive or SDR), has a quota in the period, or was credited
// or owned a deal closing in it, ordered by credited bookings, highest first
// (then by name).
func Leaderboard(in LeaderboardInput) []LeaderRow {
	rows := map[int64]*LeaderRow{}
	cycle := map[int64]float64{}
	cycleN := map[int64]int{}
	wonValue := map[int64]Money{}
	known := map[int64]*Person{}
	for i := range in.People {
		known[in.People[i].ID] = &in.People[i]
	}
	row := func(id int64) *LeaderRow {
		r, ok := rows[id]
		if !ok {
			r = &LeaderRow{PersonID: id}
			rows[id] = r
		}
		return r
	}
	p := in.Period
	for i := range in.Deals {
		d := &in.Deals[i]
		if d.CloseDate.IsZero() || !p.Contains(d.CloseDate) {
			continue
		}
		if d.Status == StatusWon {
			for _, c := range DealCredits(d, in.Splits[d.ID]) {
				if known[c.PersonID] != nil {
					row(c.PersonID).Credited += c.Amount
				}
			}
		}
		if d.OwnerID == 0 || known[d.OwnerID] == nil {
			continue
		}
		r := row(d.OwnerID)
		switch d.Status {
		case StatusWon:
			r.WonCount++
			wonValue[d.OwnerID] += d.Value
			if !d.Created.IsZero() {
				cycle[d.OwnerID] += d.CloseDate.Sub(DateOf(d.Created)).Hours() / 24
				cycleN[d.OwnerID]++
			}
		case StatusLost:
			r.LostCount++
		default:
			if d.Category != CategoryOmitted {
				r.OpenPipeline += d.Value
			}
		}
	}
	for id, q := range in.Quotas {
		if known[id] != nil && q > 0 {
			row(id).Quota = q
		}
	}
	for i := range in.People {
		pp := &in.People[i]
		if pp.Role.Sells() && (pp.EmployedOn(p.Start()) || pp.EmployedOn(p.Last()) || (pp.HireDate.After(p.Start()) && pp.HireDate.Before(p.End()))) {
			row(pp.ID)
		}
	}
	out := make([]LeaderRow, 0, len(rows))
	for id, r := range rows {
		pp := known[id]
		r.Name, r.Email, r.TeamID, r.Active = pp.Name, pp.Email, pp.TeamID, pp.Active
		if a, ok := Attainment(r.Credited, r.Quota); ok {
			r.Attainment = OptFloat{a.Float(), true}
		}
		r.Milestone = MilestoneOf(r.Attainment)
		if n := r.WonCount + r.LostCount; n > 0 {
			r.WinRate = OptFloat{float64(r.WonCount) / float64(n), true}
		}
		if r.WonCount > 0 {
			r.AvgDealSize = OptFloat{float64(wonValue[id]) / float64(r.WonCount), true}
		}
		if n := cycleN[id]; n > 0 {
			r.AvgCycleDays = OptFloat{cycle[id] / float64(n), true}
		}
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Credited != out[j].Credited {
			return out[i].Credited > out[j].Credited
		}
		if a, b := strings.ToLower(out[i].Name), strings.ToLower(out[j].Name); a != b {
			return a < b
		}
		return out[i].PersonID < out[j].PersonID
	})
	return out
}

// TeamAverage is the mean of the rows' figures: money and counts over every
// row, ratios over the rows where they are defined. It is what each person is
// shown against.
func TeamAverage(rows []LeaderRow) LeaderRow {
	avg := LeaderRow{Name: "Team average"}
	if len(rows) == 0 {
		return avg
	}
	var credited, quota, pipeline Money
	var att, win, size, cyc mean
	won, lost := 0, 0
	for _, r := range rows {
		credited += r.Credited
		quota += r.Quota
		pipeline += r.OpenPipeline
		won += r.WonCount
		lost += r.LostCount
		att.add(r.Attainment)
		win.add(r.WinRate)
		size.add(r.AvgDealSize)
		cyc.add(r.AvgCycleDays)
	}
	n := int64(len(rows))
	avg.Credited = Money(MulDivRound(int64(credited), 1, n))
	avg.Quota = Money(MulDivRound(int64(quota), 1, n))
	avg.OpenPipeline = Money(MulDivRound(int64(pipeline), 1, n))
	avg.WonCount = int(MulDivRound(int64(won), 1, n))
	avg.LostCount = int(MulDivRound(int64(lost), 1, n))
	avg.Attainment, avg.WinRate, avg.AvgDealSize, avg.AvgCycleDays = att.get(), win.get(), size.get(), cyc.get()
	avg.Milestone = MilestoneOf(avg.Attainment)
	return avg
}

type mean struct {
	sum float64
	n   int
}

func (m *mean) add(o OptFloat) {
	if o.OK {
		m.sum += o.V
		m.n++
	}
}

func (m mean) get() OptFloat {
	if m.n == 0 {
		return OptFloat{}
	}
	return OptFloat{m.sum / float64(m.n), true}
}

// MonthlyCredited is personID's credited bookings in each of months, from
// won deals (splits honoured).
func MonthlyCredited(deals []Deal, splits map[int64][]DealSplit, personID int64, months []Period) []Money {
	out := make([]Money, len(months))
	if len(months) == 0 {
		return out
	}
	for i := range deals {
		d := &deals[i]
		if d.Status != StatusWon || d.CloseDate.Before(months[0].Start()) || !d.CloseDate.Before(months[len(months)-1].End()) {
			continue
		}
		for j, m := range months {
			if !m.Contains(d.CloseDate) {
				continue
			}
			for _, c := range DealCredits(d, splits[d.ID]) {
				if c.PersonID == personID {
					out[j] += c.Amount
				}
			}
			break
		}
	}
	return out
}
