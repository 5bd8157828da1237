package domain

import (
	"math"
	"sort"
)

// BalanceMetric is what a balance compares across sibling territories.
type BalanceMetric string

const (
	MetricPotential    BalanceMetric = "potential"     // Σ account potential
	MetricAccounts     BalanceMetric = "accounts"      // number of accounts
	MetricOpenPipeline BalanceMetric = "open_pipeline" // Σ open deals of the accounts
)

// BalanceMetrics in the order the UI offers them.
var BalanceMetrics = []BalanceMetric{MetricPotential, MetricAccounts, MetricOpenPipeline}

// Label is the English name of the metric.
func (m BalanceMetric) Label() string {
	switch m {
	case MetricPotential:
		return "Potential"
	case MetricAccounts:
		return "Accounts"
	case MetricOpenPipeline:
		return "Open pipeline"
	}
	return string(m)
}

// CoefficientOfVariation is the population standard deviation of vals over
// their mean: 0 when they are equal, larger the more they differ. ok is false
// when there is nothing to compare (no values or a zero mean).
func CoefficientOfVariation(vals []float64) (cv float64, ok bool) {
	if len(vals) == 0 {
		return 0, false
	}
	var sum float64
	for _, v := range vals {
		sum += v
	}
	mean := sum / float64(len(vals))
	if mean == 0 {
		return 0, false
	}
	var ss float64
	for _, v := range vals {
		ss += (v - mean) * (v - mean)
	}
	return math.Sqrt(ss/float64(len(vals))) / math.Abs(mean), true
}

// BalanceItem is one account of a sibling territory, as the balancing
// proposal sees it.
type BalanceItem struct {
	AccountID   int64
	Account     string
	TerritoryID int64
	Weight      int64   // the account's share of the metric (minor units, or 1 for a count)
	Locked      bool    // manual: never moved
	Matches     []int64 // territories whose rules the account also matches
	NearBorder  bool    // within a tenth of a numeric rule bound of its territory
}

// border ranks how natural moving the item to dest is: an account that the
// destination's rules also take (2), one near a bound of its own rule (1).
func (it *BalanceItem) border(dest int64) int {
	for _, m := range it.Matches {
		if m == dest {
			return 2
		}
	}
	if it.NearBorder {
		return 1
	}
	return 0
}

// BalanceMove is one proposed account move.
type BalanceMove struct {
	AccountID int64
	Account   string
	From, To  int64
	Weight    int64
	Border    bool // the account was on the border of a rule
}

// BalanceTotal is a territory's metric before and after the proposal.
type BalanceTotal struct {
	TerritoryID   int64
	Before, After int64
}

// BalanceProposal is the result of ProposeBalance.
type BalanceProposal struct {
	Moves     []BalanceMove
	Totals    []BalanceTotal // in the order of the territories given
	Mean      float64
	Tolerance float64 // fraction of the mean
	// Within reports that every territory ends within the tolerance of the
	// mean; otherwise MaxDeviation says how close it gets.
	Within       bool
	MaxDeviation float64 // max |total − mean| / mean after the moves
	CVBefore     float64
	CVAfter      float64
}

// ProposeBalance proposes few account moves between sibling territories that
// bring every territory's total within tolerance (a fraction, 0.1 = ±10 %) of
// the mean, never moving a locked account. It works greedily: each move is
// the one that leaves the most territories within the band, then the one
// that most reduces the total distance outside it, then an account on the
// border of a rule; it stops when all are within the band or no move helps.
// maxMoves ≤ 0 means no limit but the number of movable accounts.
func ProposeBalance(territories []int64, items []BalanceItem, tolerance float64, maxMoves int) BalanceProposal {
	k := len(territories)
	pos := make(map[int64]int, k)
	for i, t := range territories {
		pos[t] = i
	}
	totals := make([]float64, k)
	var movable []int
	for i := range items {
		p, ok := pos[items[i].TerritoryID]
		if !ok {
			continue
		}
		totals[p] += float64(items[i].Weight)
		if !items[i].Locked && items[i].Weight != 0 {
			movable = append(movable, i)
		}
	}
	before := append([]float64(nil), totals...)
	var sum float64
	for _, v := range totals {
		sum += v
	}
	res := BalanceProposal{Tolerance: tolerance}
	if k == 0 {
		res.Within = true
		return res
	}
	mean := sum / float64(k)
	res.Mean = mean
	band := tolerance * math.Abs(mean)
	eps := 1e-9 * math.Max(1, math.Abs(mean))
	outside := func(v float64) float64 { return math.Max(0, math.Abs(v-mean)-band-eps) }
	in := func(v float64) int {
		if outside(v) == 0 {
			return 1
		}
		return 0
	}
	if maxMoves <= 0 || maxMoves > len(movable) {
		maxMoves = len(movable)
	}
	// Each territory's movable accounts sorted by weight. For a pair of
	// territories the objective is piecewise linear in the weight moved,
	// with breaks where either territory enters or leaves the band, so the
	// best account lies next to one of those breaks: a binary search finds
	// it without trying every account.
	byTerr := make([][]int, k)
	for _, i := range movable {
		p := pos[items[i].TerritoryID]
		byTerr[p] = append(byTerr[p], i)
	}
	for _, list := range byTerr {
		sort.SliceStable(list, func(a, b int) bool { return items[list[a]].Weight < items[list[b]].Weight })
	}
	inBand := 0
	for _, v := range totals {
		inBand += in(v)
	}
	type choice struct {
		from, to, idx int // idx into byTerr[from]
		nin           int
		delta         float64
		border        int
	}
	better := func(c, best choice) bool {
		switch {
		case best.idx < 0:
			return true
		case c.nin != best.nin:
			return c.nin > best.nin
		case math.Abs(c.delta-best.delta) > eps:
			return c.delta < best.delta
		}
		return c.border > best.border
	}
	for len(res.Moves) < maxMoves && inBand < k {
		best := choice{idx: -1}
		for from := 0; from < k; from++ {
			list := byTerr[from]
			if len(list) == 0 {
				continue
			}
			vf := totals[from]
			for to := 0; to < k; to++ {
				if to == from {
					continue
				}
				vt := totals[to]
				eval := func(idx int) {
					it := &items[list[idx]]
					w := float64(it.Weight)
					nf, nt := vf-w, vt+w
					delta := outside(nf) + outside(nt) - outside(vf) - outside(vt)
					if delta >= -eps {
						return
					}
					c := choice{from: from, to: to, idx: idx, nin: inBand - in(vf) - in(vt) + in(nf) + in(nt), delta: delta, border: it.border(territories[to])}
					if better(c, best) {
						best = c
					}
				}
				for _, b := range []float64{vf - mean - band, vf - mean + band, mean - vt - band, mean - vt + band, vf - mean, mean - vt} {
					j := sort.Search(len(list), func(x int) bool { return float64(items[list[x]].Weight) >= b })
					for x := j - 2; x <= j+1; x++ {
						if x >= 0 && x < len(list) {
							eval(x)
						}
					}
				}
				eval(0)
				eval(len(list) - 1)
			}
		}
		if best.idx < 0 {
			break
		}
		// Among accounts of the same weight, take one on the border of a rule.
		list := byTerr[best.from]
		w := items[list[best.idx]].Weight
		for x := best.idx; x >= 0 && items[list[x]].Weight == w; x-- {
			if b := items[list[x]].border(territories[best.to]); b > best.border {
				best.idx, best.border = x, b
			}
		}
		for x := best.idx; x < len(list) && items[list[x]].Weight == w; x++ {
			if b := items[list[x]].border(territories[best.to]); b > best.border {
				best.idx, best.border = x, b
			}
		}
		i := list[best.idx]
		byTerr[best.from] = append(list[:best.idx], list[best.idx+1:]...)
		it := &items[i]
		totals[best.from] -= float64(it.Weight)
		totals[best.to] += float64(it.Weight)
		inBand = best.nin
		res.Moves = append(res.Moves, BalanceMove{AccountID: it.AccountID, Account: it.Account, From: territories[best.from], To: territories[best.to],
			Weight: it.Weight, Border: best.border > 0})
	}
	res.Within = inBand == k
	for i, t := range territories {
		res.Totals = append(res.Totals, BalanceTotal{TerritoryID: t, Before: int64(math.Round(before[i])), After: int64(math.Round(totals[i]))})
		if mean != 0 {
			res.MaxDeviation = math.Max(res.MaxDeviation, math.Abs(totals[i]-mean)/math.Abs(mean))
		}
	}
	res.CVBefore, _ = CoefficientOfVariation(before)
	res.CVAfter, _ = CoefficientOfVariation(totals)
	return res
}
