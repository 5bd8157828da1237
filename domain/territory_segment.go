package domain

import "strings"

// SegmentRule is one bucket of the segmentation: accounts whose Field
// (employees or annual_revenue) lies in Range get the segment Name. Rules are
// tried in Position order; the first that matches wins.
type SegmentRule struct {
	ID       int64
	Position int
	Name     string
	Field    string // RuleEmployees or RuleAnnualRevenue
	Range    string // "lo..hi" inclusive; either end may be left out; revenue in major units
}

// Validate checks the rule.
func (s *SegmentRule) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	s.Field = strings.ToLower(strings.TrimSpace(s.Field))
	if s.Name == "" {
		return Errorf(EINVALID, "A segment needs a name.")
	}
	if !numericField(s.Field) {
		return Errorf(EINVALID, "Segment %s: buckets are by employees or annual_revenue, not %q.", s.Name, s.Field)
	}
	if _, err := parseNumRange(s.Range, 1); err != nil {
		return Errorf(EINVALID, "Segment %s: %s", s.Name, ErrorMessage(err))
	}
	return nil
}

// DefaultSegmentRules are the usual Enterprise / Mid-market / SMB buckets by
// employees.
func DefaultSegmentRules() []SegmentRule {
	return []SegmentRule{
		{Position: 1, Name: "Enterprise", Field: RuleEmployees, Range: "1000.."},
		{Position: 2, Name: "Mid-market", Field: RuleEmployees, Range: "100..999"},
		{Position: 3, Name: "SMB", Field: RuleEmployees, Range: "..99"},
	}
}

// Segmenter assigns segments by compiled bucket rules.
type Segmenter struct {
	names  []string
	fields []string
	ranges []numRange
}

// NewSegmenter compiles rules (in the order given); revenue ranges are read in
// major units of cur.
func NewSegmenter(rules []SegmentRule, cur Currency) (*Segmenter, error) {
	s := &Segmenter{}
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			return nil, err
		}
		scale := int64(1)
		if r.Field == RuleAnnualRevenue {
			scale = cur.Scale()
		}
		n, err := parseNumRange(r.Range, scale)
		if err != nil {
			return nil, err
		}
		s.names = append(s.names, r.Name)
		s.fields = append(s.fields, r.Field)
		s.ranges = append(s.ranges, n)
	}
	return s, nil
}

// SegmentOf is the name of the first bucket the account falls in, or "".
func (s *Segmenter) SegmentOf(a *Account) string {
	for i, n := range s.ranges {
		v := int64(a.Employees)
		if s.fields[i] == RuleAnnualRevenue {
			v = int64(a.AnnualRevenue)
		}
		if n.contains(v) {
			return s.names[i]
		}
	}
	return ""
}
