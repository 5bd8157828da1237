package domain

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// RuleFields lists the account fields a territory rule can test, in the order
// the UI offers them.
var RuleFields = []string{RuleCountry, RuleState, RulePostalPrefix, RuleIndustry, RuleEmployees, RuleAnnualRevenue}

// RuleOperators lists the operators, in the order the UI offers them.
var RuleOperators = []string{OpEquals, OpIn, OpPrefix, OpBetween}

// numericField reports whether field holds a number (employees, revenue).
func numericField(field string) bool { return field == RuleEmployees || field == RuleAnnualRevenue }

// NormalizeRule trims and lower-cases field and operator names so that a rule
// typed in a spreadsheet ("Country", "IN") reads as the canonical one.
func NormalizeRule(r *TerritoryRule) {
	r.Field = strings.ToLower(strings.TrimSpace(r.Field))
	r.Field = strings.ReplaceAll(strings.ReplaceAll(r.Field, " ", "_"), "-", "_")
	switch r.Field {
	case "region", "region/state", "province":
		r.Field = RuleState
	case "postal_code", "postcode", "zip", "postal", "cap", "zip_prefix":
		r.Field = RulePostalPrefix
	case "revenue":
		r.Field = RuleAnnualRevenue
	case "employee", "employee_count", "headcount":
		r.Field = RuleEmployees
	}
	r.Operator = strings.ToLower(strings.TrimSpace(r.Operator))
	switch r.Operator {
	case "==", "equals", "is":
		r.Operator = OpEquals
	case "starts with", "starts_with":
		r.Operator = OpPrefix
	case "range":
		r.Operator = OpBetween
	}
	r.Value = strings.TrimSpace(r.Value)
	if r.Set <= 0 {
		r.Set = 1
	}
}

// Validate checks the rule's field, operator and value, with a message that
// says how to write it.
func (r *TerritoryRule) Validate() error {
	NormalizeRule(r)
	_, err := compileRule(*r, Currency{Code: "EUR", Digits: 2})
	return err
}

// rangeBound is one end of a "lo..hi" range; open ends are absent.
type numRange struct {
	lo, hi       int64
	hasLo, hasHi bool
}

func (n numRange) contains(v int64) bool {
	return (!n.hasLo || v >= n.lo) && (!n.hasHi || v <= n.hi)
}

// ParseRange reads "lo..hi" (inclusive; either end may be left out: "1000..",
// "..99") into its two texts.
func ParseRange(s string) (lo, hi string, err error) {
	l, h, ok := strings.Cut(s, "..")
	if !ok {
		return "", "", Errorf(EINVALID, "%q is not a range: write lo..hi, e.g. 100..999 (either end may be left out)", s)
	}
	l, h = strings.TrimSpace(l), strings.TrimSpace(h)
	if l == "" && h == "" {
		return "", "", Errorf(EINVALID, "%q is not a range: give at least one end, e.g. 1000..", s)
	}
	return l, h, nil
}

// parseNumber reads a whole or decimal number as written in a rule ("1000",
// "1 000", "2.5") and scales it by scale, rounding half away from zero.
func parseNumber(s string, scale int64) (int64, error) {
	t := strings.NewReplacer(" ", "", "_", "", "\u00a0", "", "'", "").Replace(s)
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f)*float64(scale) > 9e15 {
		return 0, Errorf(EINVALID, "%q is not a number", s)
	}
	return int64(math.Round(f * float64(scale))), nil
}

func parseNumRange(s string, scale int64) (numRange, error) {
	l, h, err := ParseRange(s)
	if err != nil {
		return numRange{}, err
	}
	var n numRange
	if l != "" {
		if n.lo, err = parseNumber(l, scale); err != nil {
			return n, err
		}
		n.hasLo = true
	}
	if h != "" {
		if n.hi, err = parseNumber(h, scale); err != nil {
			return n, err
		}
		n.hasHi = true
	}
	if n.hasLo && n.hasHi && n.lo > n.hi {
		return n, Errorf(EINVALID, "%q: the low end is above the high end", s)
	}
	return n, nil
}

// compiledRule is a rule ready to test accounts quickly: texts lower-cased,
// numbers scaled to the account's units.
type compiledRule struct {
	field, op string
	texts     []string   // =, in, prefix (lower-cased)
	lo, hi    string     // between on postal codes
	nums      []numRange // numeric =, in (as one-point ranges), between
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func compileRule(r TerritoryRule, cur Currency) (compiledRule, error) {
	c := compiledRule{field: r.Field, op: r.Operator}
	known := false
	for _, f := range RuleFields {
		known = known || f == r.Field
	}
	if !known {
		return c, Errorf(EINVALID, "%q is not a rule field: use country, state, postal_prefix, industry, employees or annual_revenue", r.Field)
	}
	if r.Value == "" {
		return c, Errorf(EINVALID, "The %s rule needs a value.", r.Field)
	}
	scale := int64(1)
	if r.Field == RuleAnnualRevenue {
		scale = cur.Scale()
	}
	switch r.Operator {
	case OpEquals, OpIn:
		vals := []string{r.Value}
		if r.Operator == OpIn {
			vals = splitList(r.Value)
			if len(vals) == 0 {
				return c, Errorf(EINVALID, "The %s rule needs values separated by ;", r.Field)
			}
		}
		for _, v := range vals {
			if numericField(r.Field) {
				n, err := parseNumber(v, scale)
				if err != nil {
					return c, Errorf(EINVALID, "%s %s: %q is not a number", r.Field, r.Operator, v)
				}
				c.nums = append(c.nums, numRange{lo: n, hi: n, hasLo: true, hasHi: true})
			} else {
				c.texts = append(c.texts, strings.ToLower(v))
			}
		}
	case OpPrefix:
		if numericField(r.Field) {
			return c, Errorf(EINVALID, "%s is a number: use =, in or between, not prefix", r.Field)
		}
		c.texts = []string{strings.ToLower(r.Value)}
	case OpBetween:
		switch {
		case numericField(r.Field):
			n, err := parseNumRange(r.Value, scale)
			if err != nil {
				return c, err
			}
			c.nums = []numRange{n}
		case r.Field == RulePostalPrefix:
			// Postal codes compare by their first characters: 20..24 takes
			// every code from 20000 to 24999.
			l, h, err := ParseRange(r.Value)
			if err != nil {
				return c, err
			}
			if l == "" || h == "" || len(l) != len(h) || l > h {
				return c, Errorf(EINVALID, "postal_prefix between %q: give two prefixes of the same length, low first, e.g. 20..24", r.Value)
			}
			c.lo, c.hi = strings.ToLower(l), strings.ToLower(h)
		default:
			return c, Errorf(EINVALID, "between works on employees, annual_revenue and postal_prefix, not %s", r.Field)
		}
	default:
		return c, Errorf(EINVALID, "%q is not a rule operator: use =, in, prefix or between", r.Operator)
	}
	return c, nil
}

// accountView is an account's rule fields, normalised once per evaluation.
type accountView struct {
	country, state, postal, industry string
	employees, revenue               int64
}

func viewOf(a *Account) accountView {
	// "Region/state": many CRM exports carry only a region, so an account
	// without a state is tested on its region.
	state := strings.TrimSpace(a.State)
	if state == "" {
		state = strings.TrimSpace(a.Region)
	}
	return accountView{
		country:   strings.ToLower(strings.TrimSpace(a.Country)),
		state:     strings.ToLower(state),
		postal:    strings.ToLower(strings.ReplaceAll(strings.TrimSpace(a.PostalCode), " ", "")),
		industry:  strings.ToLower(strings.TrimSpace(a.Industry)),
		employees: int64(a.Employees),
		revenue:   int64(a.AnnualRevenue),
	}
}

func (c *compiledRule) matches(v *accountView) bool {
	var s string
	var n int64
	switch c.field {
	case RuleCountry:
		s = v.country
	case RuleState:
		s = v.state
	case RulePostalPrefix:
		s = v.postal
	case RuleIndustry:
		s = v.industry
	case RuleEmployees:
		n = v.employees
	case RuleAnnualRevenue:
		n = v.revenue
	}
	if numericField(c.field) {
		for _, r := range c.nums {
			if r.contains(n) {
				return true
			}
		}
		return false
	}
	if c.op == OpBetween {
		if len(s) < len(c.lo) {
			return false
		}
		p := s[:len(c.lo)]
		return p >= c.lo && p <= c.hi
	}
	// A postal_prefix rule is a prefix whatever its operator: "=" 20 and
	// "in" 20;21 take codes starting so.
	prefix := c.op == OpPrefix || c.field == RulePostalPrefix
	for _, t := range c.texts {
		if s == t || (prefix && strings.HasPrefix(s, t)) {
			return true
		}
	}
	return false
}

// nearBound reports whether v lies within a tenth of a numeric rule's bound:
// an account on the border of a rule.
func (c *compiledRule) nearBound(v *accountView) bool {
	if !numericField(c.field) || c.op != OpBetween {
		return false
	}
	n := v.employees
	if c.field == RuleAnnualRevenue {
		n = v.revenue
	}
	r := c.nums[0]
	near := func(b int64) bool {
		d := n - b
		if d < 0 {
			d = -d
		}
		m := b / 10
		if m < 0 {
			m = -m
		}
		return d <= m
	}
	return (r.hasLo && near(r.lo)) || (r.hasHi && near(r.hi))
}

// ruleSet is the AND of some rules of one territory.
type ruleSet struct {
	territory int64
	priority  int
	rules     []compiledRule
}

func (s *ruleSet) matches(v *accountView) bool {
	for i := range s.rules {
		if !s.rules[i].matches(v) {
			return false
		}
	}
	return true
}

// RuleBook is the compiled rules of every territory, ready to place accounts.
type RuleBook struct {
	sets      []ruleSet
	byCountry map[string][]int // sets that need one of these countries
	anywhere  []int            // sets with no country condition
	priority  map[int64]int
	names     map[int64]string
}

// CompileRules checks every rule and compiles them. Revenue values are read in
// major units of cur. An error names the territory and the rule.
func CompileRules(terrs []Territory, rules []TerritoryRule, cur Currency) (*RuleBook, error) {
	b := &RuleBook{byCountry: map[string][]int{}, priority: map[int64]int{}, names: map[int64]string{}}
	for _, t := range terrs {
		b.priority[t.ID] = t.Priority
		b.names[t.ID] = t.Name
	}
	type key struct {
		terr int64
		set  int
	}
	index := map[key]int{}
	for _, r := range rules {
		NormalizeRule(&r)
		name, ok := b.names[r.TerritoryID]
		if !ok {
			return nil, Errorf(ENOTFOUND, "A rule refers to territory %d, which does not exist.", r.TerritoryID)
		}
		c, err := compileRule(r, cur)
		if err != nil {
			return nil, Errorf(EINVALID, "Territory %s, rule set %d: %s", name, r.Set, ErrorMessage(err))
		}
		k := key{r.TerritoryID, r.Set}
		i, ok := index[k]
		if !ok {
			i = len(b.sets)
			index[k] = i
			b.sets = append(b.sets, ruleSet{territory: r.TerritoryID, priority: b.priority[r.TerritoryID]})
		}
		b.sets[i].rules = append(b.sets[i].rules, c)
	}
	// Index the sets by country so that an account is tested only against
	// the sets that could take it: 200 territories stay cheap.
	for i, s := range b.sets {
		var countries []string
		for _, r := range s.rules {
			if r.field == RuleCountry && (r.op == OpEquals || r.op == OpIn) {
				countries = r.texts
				break
			}
		}
		if countries == nil {
			b.anywhere = append(b.anywhere, i)
			continue
		}
		for _, c := range countries {
			b.byCountry[c] = append(b.byCountry[c], i)
		}
	}
	return b, nil
}

// Placement is where the rules put an account.
type Placement struct {
	TerritoryID int64 // 0 = unassigned
	Source      AssignmentSource
	Candidates  []int64 // the tied territories (Source = tie), by ID
}

// Matches returns the territories whose rules the account matches, by ID.
func (b *RuleBook) Matches(a *Account) []int64 {
	v := viewOf(a)
	var out []int64
	b.each(&v, func(s *ruleSet) {
		for _, t := range out {
			if t == s.territory {
				return
			}
		}
		out = append(out, s.territory)
	})
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func (b *RuleBook) each(v *accountView, fn func(*ruleSet)) {
	for _, i := range b.byCountry[v.country] {
		if b.sets[i].matches(v) {
			fn(&b.sets[i])
		}
	}
	for _, i := range b.anywhere {
		if b.sets[i].matches(v) {
			fn(&b.sets[i])
		}
	}
}

// Place evaluates the rules for a: the matching territory of highest priority
// wins; several of equal highest priority leave it unassigned as a tie with
// the candidates; none leaves it unassigned. A manually assigned account is
// locked: it keeps its territory.
func (b *RuleBook) Place(a *Account) Placement {
	if a.Locked() {
		return Placement{TerritoryID: a.TerritoryID, Source: AssignedManual}
	}
	v := viewOf(a)
	best, bestPrio := int64(0), 0
	var tied []int64
	b.each(&v, func(s *ruleSet) {
		switch {
		case best == 0 || s.priority > bestPrio:
			best, bestPrio, tied = s.territory, s.priority, tied[:0]
		case s.priority == bestPrio && s.territory != best:
			for _, t := range tied {
				if t == s.territory {
					return
				}
			}
			tied = append(tied, s.territory)
		}
	})
	switch {
	case best == 0:
		return Placement{Source: AssignedNone}
	case len(tied) > 0:
		c := append([]int64{best}, tied...)
		sort.Slice(c, func(i, j int) bool { return c[i] < c[j] })
		return Placement{Source: AssignedTie, Candidates: c}
	}
	return Placement{TerritoryID: best, Source: AssignedRule}
}

// NearBorder reports whether the account sits within a tenth of a numeric
// bound of one of territory's rule sets that it matches: a small change of
// the rule would move it.
func (b *RuleBook) NearBorder(a *Account, territory int64) bool {
	v := viewOf(a)
	for i := range b.sets {
		s := &b.sets[i]
		if s.territory != territory || !s.matches(&v) {
			continue
		}
		for j := range s.rules {
			if s.rules[j].nearBound(&v) {
				return true
			}
		}
	}
	return false
}

// AssignmentMove is one account whose territory or source the rules change.
type AssignmentMove struct {
	AccountID  int64
	Account    string
	From, To   int64 // territory IDs, 0 = unassigned
	FromSource AssignmentSource
	ToSource   AssignmentSource
	Candidates []int64 // tied territories when ToSource = tie
}

// TerritoryCount is the number of accounts of a territory before and after a
// proposal (territory 0 = unassigned).
type TerritoryCount struct {
	TerritoryID   int64
	Before, After int
}

// AssignmentProposal is what re-running the rules would change, for the user
// to commit or discard.
type AssignmentProposal struct {
	Moves     []AssignmentMove
	Counts    []TerritoryCount // by territory ID, unassigned (0) first
	Evaluated int              // accounts evaluated
	Locked    int              // manual accounts left alone
}

// ProposeAssignments places every account by the rules and lists what would
// change. Manual accounts never move.
func ProposeAssignments(b *RuleBook, accounts []Account) AssignmentProposal {
	p := AssignmentProposal{Evaluated: len(accounts)}
	before, after := map[int64]int{}, map[int64]int{}
	for i := range accounts {
		a := &accounts[i]
		before[a.TerritoryID]++
		if a.Locked() {
			p.Locked++
			after[a.TerritoryID]++
			continue
		}
		pl := b.Place(a)
		after[pl.TerritoryID]++
		src := a.Assignment
		if src == "" {
			src = AssignedNone
		}
		if pl.TerritoryID != a.TerritoryID || pl.Source != src {
			p.Moves = append(p.Moves, AssignmentMove{AccountID: a.ID, Account: a.Name, From: a.TerritoryID, To: pl.TerritoryID,
				FromSource: src, ToSource: pl.Source, Candidates: pl.Candidates})
		}
	}
	ids := map[int64]bool{}
	for id := range before {
		ids[id] = true
	}
	for id := range after {
		ids[id] = true
	}
	for id := range ids {
		p.Counts = append(p.Counts, TerritoryCount{TerritoryID: id, Before: before[id], After: after[id]})
	}
	sort.Slice(p.Counts, func(i, j int) bool { return p.Counts[i].TerritoryID < p.Counts[j].TerritoryID })
	return p
}

// CheckTerritoryCycle reports a conflict when making parent the parent of id
// would put a territory inside itself. parentOf maps each territory to its parent.
func CheckTerritoryCycle(parentOf map[int64]int64, id, parent int64) error {
	seen := map[int64]bool{id: true}
	for p := parent; p != 0; p = parentOf[p] {
		if seen[p] {
			return Errorf(ECONFLICT, "That territory lies inside this one: the hierarchy would loop.")
		}
		seen[p] = true
	}
	return nil
}
