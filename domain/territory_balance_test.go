package domain

import (
	"math"
	"testing"
)

func balanceItems(terr int64, firstID int64, weights ...int64) []BalanceItem {
	var out []BalanceItem
	for i, w := range weights {
		out = append(out, BalanceItem{AccountID: firstID + int64(i), TerritoryID: terr, Weight: w})
	}
	return out
}

func concatItems(parts ...[]BalanceItem) []BalanceItem {
	var out []BalanceItem
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestProposeBalanceOnHandWorkedCases(t *testing.T) {
	lock := func(it []BalanceItem, n int) []BalanceItem {
		for i := 0; i < n; i++ {
			it[i].Locked = true
		}
		return it
	}
	cases := []struct {
		name         string
		terrs        []int64
		balanceItems []BalanceItem
		tol          float64
		handMoves    int // a solution found by hand; the proposal may not need more
		within       bool
		after        map[int64]int64 // expected totals when the solution is unique
		maxDev       float64
	}{
		{
			// 6 and 2 accounts, mean 4, no tolerance: two moves from A to B.
			name: "account counts even out with two moves", terrs: []int64{1, 2},
			balanceItems: concatItems(balanceItems(1, 1, 1, 1, 1, 1, 1, 1), balanceItems(2, 10, 1, 1)), tol: 0,
			handMoves: 2, within: true, after: map[int64]int64{1: 4, 2: 4},
		},
		{
			// A 40+30+20+10 = 100, B 20, C 30: mean 50, band 45–55. By hand:
			// 30 A→B (B 50) and 20 A→C (C 50), leaving A 50. A greedy
			// "largest reduction" first move (40 A→B) would need three.
			name: "potential within ±10 % in two moves", terrs: []int64{1, 2, 3},
			balanceItems: concatItems(balanceItems(1, 1, 40, 30, 20, 10), balanceItems(2, 10, 20), balanceItems(3, 20, 30)), tol: 0.10,
			handMoves: 2, within: true, after: map[int64]int64{1: 50, 2: 50, 3: 50},
		},
		{
			// Already balanced: nothing to do.
			name: "a balanced design needs no move", terrs: []int64{1, 2},
			balanceItems: concatItems(balanceItems(1, 1, 50), balanceItems(2, 2, 52)), tol: 0.05,
			handMoves: 0, within: true, after: map[int64]int64{1: 50, 2: 52}, maxDev: 1.0 / 51,
		},
		{
			// A has five accounts of which four are locked: only one can go.
			// A 6 (5 locked + 1), B 2 → mean 4; after one move A 5, B 3:
			// 25 % off the mean at best.
			name: "locked accounts stay and the proposal says how close it gets", terrs: []int64{1, 2},
			balanceItems: concatItems(lock(balanceItems(1, 1, 1, 1, 1, 1, 1, 1), 5), balanceItems(2, 10, 1, 1)), tol: 0,
			handMoves: 1, within: false, after: map[int64]int64{1: 5, 2: 3}, maxDev: 0.25,
		},
		{
			// One indivisible account of 90 against 10: mean 50; moving it
			// only swaps the imbalance, so nothing is proposed.
			name: "an indivisible imbalance proposes nothing", terrs: []int64{1, 2},
			balanceItems: concatItems(balanceItems(1, 1, 90), balanceItems(2, 2, 10)), tol: 0.1,
			handMoves: 0, within: false, after: map[int64]int64{1: 90, 2: 10}, maxDev: 0.8,
		},
		{
			// Three territories 15/5/10 in units of 5: mean 10, one move of 5.
			name: "one move fixes both ends", terrs: []int64{1, 2, 3},
			balanceItems: concatItems(balanceItems(1, 1, 5, 5, 5), balanceItems(2, 10, 5), balanceItems(3, 20, 5, 5)), tol: 0,
			handMoves: 1, within: true, after: map[int64]int64{1: 10, 2: 10, 3: 10},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			locked := map[int64]bool{}
			for _, it := range c.balanceItems {
				locked[it.AccountID] = it.Locked
			}
			p := ProposeBalance(c.terrs, c.balanceItems, c.tol, 0)
			if len(p.Moves) > c.handMoves {
				t.Errorf("%d moves, a hand-found solution needs %d: %+v", len(p.Moves), c.handMoves, p.Moves)
			}
			if p.Within != c.within {
				t.Errorf("within = %v, want %v (totals %+v)", p.Within, c.within, p.Totals)
			}
			for _, m := range p.Moves {
				if locked[m.AccountID] {
					t.Errorf("locked account %d was moved", m.AccountID)
				}
			}
			for _, tot := range p.Totals {
				if want, ok := c.after[tot.TerritoryID]; ok && tot.After != want {
					t.Errorf("territory %d ends at %d, want %d", tot.TerritoryID, tot.After, want)
				}
				if c.within && math.Abs(float64(tot.After)-p.Mean) > c.tol*p.Mean+1e-9 {
					t.Errorf("territory %d ends at %d, outside %v of the mean %v", tot.TerritoryID, tot.After, c.tol, p.Mean)
				}
			}
			if math.Abs(p.MaxDeviation-c.maxDev) > 1e-9 {
				t.Errorf("max deviation %v, want %v", p.MaxDeviation, c.maxDev)
			}
		})
	}
}

func TestProposeBalancePrefersBorderAccounts(t *testing.T) {
	its := concatItems(balanceItems(1, 1, 1, 1, 1, 1), balanceItems(2, 10))
	its[2].Matches = []int64{2} // the third account of A also matches B's rules
	p := ProposeBalance([]int64{1, 2}, its, 0, 0)
	if len(p.Moves) != 2 || p.Moves[0].AccountID != 3 || !p.Moves[0].Border {
		t.Fatalf("moves %+v: want two, the first account 3 on the border", p.Moves)
	}
	if p.CVBefore != 1 || p.CVAfter != 0 {
		t.Errorf("CV before %v after %v, want 1 and 0", p.CVBefore, p.CVAfter)
	}
}

func TestNearBorder(t *testing.T) {
	b, err := CompileRules([]Territory{{ID: 1, Name: "Mid"}}, []TerritoryRule{{TerritoryID: 1, Field: "employees", Operator: "between", Value: "100..999"}}, eur)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		emp  int
		want bool
	}{{100, true}, {110, true}, {111, false}, {500, false}, {900, true}, {999, true}} {
		if got := b.NearBorder(&Account{Employees: c.emp}, 1); got != c.want {
			t.Errorf("%d employees: near border %v, want %v", c.emp, got, c.want)
		}
	}
}

func TestProposeBalanceKeepsItsBooksOnRandomDesigns(t *testing.T) {
	for seed := uint64(1); seed <= 200; seed++ {
		r := seed * 2654435761
		next := func(n uint64) int64 { r = r*6364136223846793005 + 1442695040888963407; return int64((r >> 33) % n) }
		k := int(2 + next(4))
		terrs := make([]int64, k)
		for i := range terrs {
			terrs[i] = int64(i + 1)
		}
		var its []BalanceItem
		for a := 0; a < int(5+next(40)); a++ {
			its = append(its, BalanceItem{AccountID: int64(a + 1), TerritoryID: terrs[next(uint64(k))], Weight: 1 + next(100), Locked: next(5) == 0})
		}
		tol := float64(next(30)) / 100
		p := ProposeBalance(terrs, its, tol, 0)
		totals := map[int64]int64{}
		locked := map[int64]bool{}
		where := map[int64]int64{}
		for _, it := range its {
			totals[it.TerritoryID] += it.Weight
			locked[it.AccountID] = it.Locked
			where[it.AccountID] = it.TerritoryID
		}
		for _, m := range p.Moves {
			if locked[m.AccountID] || where[m.AccountID] != m.From {
				t.Fatalf("seed %d: bad move %+v", seed, m)
			}
			where[m.AccountID] = m.To
			totals[m.From] -= m.Weight
			totals[m.To] += m.Weight
		}
		within := true
		for _, tot := range p.Totals {
			if tot.After != totals[tot.TerritoryID] {
				t.Fatalf("seed %d: territory %d reported %d, moves give %d", seed, tot.TerritoryID, tot.After, totals[tot.TerritoryID])
			}
			within = within && math.Abs(float64(tot.After)-p.Mean) <= tol*p.Mean+1e-6
		}
		if within != p.Within {
			t.Fatalf("seed %d: within %v, totals say %v", seed, p.Within, within)
		}
	}
}
