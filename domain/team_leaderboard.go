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

// Tally is what one person's deals in a period add up to: the sums the
// leaderboard's figures are made of.
type Tally struct {
	Credited     Money
	WonCount     int
	LostCount    int
	WonValue     Money   // Σ value of the won deals the person owns
	CycleDays    float64 // Σ (close − created) in days over owned won deals with a created date
	CycleCount   int
	OpenPipeline Money
}

// TallyDeals adds up, per person, the deals closing in p: credit from won
// deals (splits honoured) and, over the deals each person owns, won and lost
// counts, won value, cycle days and open pipeline (open, not omitted).
func TallyDeals(deals []Deal, splits map[int64][]DealSplit, p Period) map[int64]*Tally {
	out := map[int64]*Tally{}
	tally := func(id int64) *Tally {
		t := out[id]
		if t == nil {
			t = &Tally{}
			out[id] = t
		}
		return t
	}
	for i := range deals {
		d := &deals[i]
		if d.CloseDate.IsZero() || !p.Contains(d.CloseDate) {
			continue
		}
		if d.Status == StatusWon {
			for _, c := range DealCredits(d, splits[d.ID]) {
				tally(c.PersonID).Credited += c.Amount
			}
		}
		if d.OwnerID == 0 {
			continue
		}
		t := tally(d.OwnerID)
		switch d.Status {
		case StatusWon:
			t.WonCount++
			t.WonValue += d.Value
			if !d.Created.IsZero() {
				t.CycleDays += d.CloseDate.Sub(DateOf(d.Created)).Hours() / 24
				t.CycleCount++
			}
		case StatusLost:
			t.LostCount++
		default:
			if d.Category != CategoryOmitted {
				t.OpenPipeline += d.Value
			}
		}
	}
	return out
}

// Leaderboard computes a row for each person listed in in.People who sells
// (an account executive or SDR) and is on the team during the period, has a
// quota in it, or was credited or owned a deal closing in it, ordered by
// credited bookings, highest first (then by name).
func Leaderboard(in LeaderboardInput) []LeaderRow {
	return LeaderboardFromTallies(in.Period, in.People, TallyDeals(in.Deals, in.Splits, in.Period), in.Quotas)
}

// LeaderboardFromTallies is Leaderboard from tallies already added up (by
// TallyDeals or by a database doing the same sums).
func LeaderboardFromTallies(p Period, people []Person, tallies map[int64]*Tally, quotas map[int64]Money) []LeaderRow {
	out := make([]LeaderRow, 0, len(people))
	for i := range people {
		pp := &people[i]
		t := tallies[pp.ID]
		q := quotas[pp.ID]
		onTeam := pp.Role.Sells() && (pp.EmployedOn(p.Start()) || pp.EmployedOn(p.Last()) || (pp.HireDate.After(p.Start()) && pp.HireDate.Before(p.End())))
		if t == nil {
			if !onTeam && q <= 0 {
				continue
			}
			t = &Tally{}
		} else if !onTeam && q <= 0 && *t == (Tally{}) {
			continue
		}
		r := LeaderRow{PersonID: pp.ID, Name: pp.Name, Email: pp.Email, TeamID: pp.TeamID, Active: pp.Active,
			Credited: t.Credited, WonCount: t.WonCount, LostCount: t.LostCount, OpenPipeline: t.OpenPipeline}
		if q > 0 {
			r.Quota = q
		}
		if a, ok := Attainment(r.Credited, r.Quota); ok {
			r.Attainment = OptFloat{a.Float(), true}
		}
		r.Milestone = MilestoneOf(r.Attainment)
		if n := r.WonCount + r.LostCount; n > 0 {
			r.WinRate = OptFloat{float64(r.WonCount) / float64(n), true}
		}
		if r.WonCount > 0 {
			r.AvgDealSize = OptFloat{float64(t.WonValue) / float64(r.WonCount), true}
		}
		if t.CycleCount > 0 {
			r.AvgCycleDays = OptFloat{t.CycleDays / float64(t.CycleCount), true}
		}
		out = append(out, r)
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
