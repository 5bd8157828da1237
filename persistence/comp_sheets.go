package persistence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// The plans workbook (issue 7): sheets Plans, Tiers, Spiffs and Assignments.
// Attainment is written as fractions (1.0 = 100 %), amounts in the workspace
// currency, rates as fractions (0.06) or multipliers (1.5); an empty "to" is
// no upper bound. Columns after the issue's own (status, cap_on, ote,
// credit_overlay, credit_rollup, new_account) are optional on import.
var (
	planSheetCols = []string{"plan", "kind", "period", "tier_mode", "tier_basis", "threshold", "cap", "target_variable_pay",
		"draw_type", "draw_amount", "clawback_days", "gate_ytd"}
	planExtraCols  = []string{"status", "cap_on", "ote", "credit_overlay", "credit_rollup"}
	tierCols       = []string{"plan", "from", "to", "rate"}
	spiffCols      = []string{"plan", "product", "min_amount", "amount", "rate", "from", "to"}
	spiffExtraCols = []string{"new_account"}
	assignCols     = []string{"person email", "plan", "from", "to"}
)

// PlanSheet is one sheet of a plans workbook as raw cell text (numbers
// unformatted, dates as Excel serials or ISO text).
type PlanSheet struct {
	Name   string
	Header []string
	Rows   [][]string
}

func (s *PlanSheet) col(name string) int {
	want := strings.ReplaceAll(name, " ", "_")
	for i, h := range s.Header {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == name || strings.ReplaceAll(h, " ", "_") == want {
			return i
		}
	}
	if name == "person email" { // "email", "person" are fine too
		for _, alt := range []string{"email", "person"} {
			if i := s.col(alt); i >= 0 {
				return i
			}
		}
	}
	return -1
}

// PlanAssignmentRow is an assignment as the workbook names it.
type PlanAssignmentRow struct {
	Person   string // email (or name)
	Plan     string
	From, To time.Time
	Row      int
}

// PlansWorkbook is what a plans workbook holds.
type PlansWorkbook struct {
	Plans       []domain.Plan
	Assignments []PlanAssignmentRow
	// HasAssignments is false when the workbook has no Assignments sheet.
	HasAssignments bool
}

// cellErr names the sheet, row and column of a bad cell.
func cellErr(s *PlanSheet, row int, col, format string, args ...any) error {
	return domain.Errorf(domain.EINVALID, "Sheet %s, row %d, column %s: %s", s.Name, row+2, col, fmt.Sprintf(format, args...))
}

// ParsePlanSheets reads the plans workbook's sheets (by name; Spiffs and
// Assignments may be absent) into plans and assignments, validating every
// plan. Errors name the sheet, row and column.
func ParsePlanSheets(sh map[string]*PlanSheet, cur domain.Currency) (PlansWorkbook, error) {
	var wb PlansWorkbook
	need := func(name string, cols []string) (*PlanSheet, error) {
		s := sh[name]
		if s == nil {
			return nil, domain.Errorf(domain.EINVALID, "Sheet %s is missing: a plans workbook has sheets Plans, Tiers, Spiffs and Assignments.", name)
		}
		for _, c := range cols {
			if s.col(c) < 0 {
				return nil, domain.Errorf(domain.EINVALID, "Sheet %s: column %s is missing.", name, c)
			}
		}
		return s, nil
	}
	ps, err := need("Plans", planSheetCols)
	if err != nil {
		return wb, err
	}
	ts, err := need("Tiers", tierCols)
	if err != nil {
		return wb, err
	}
	byName := map[string]int{}
	rowOf := map[string]int{}
	for i, r := range ps.Rows {
		c := cells{s: ps, r: r, i: i, cur: cur}
		name := c.text("plan")
		if name == "" {
			if blankRow(r) {
				continue
			}
			return wb, cellErr(ps, i, "plan", "the plan needs a name")
		}
		key := strings.ToLower(name)
		if _, dup := byName[key]; dup {
			return wb, cellErr(ps, i, "plan", "plan %s appears twice", name)
		}
		p := domain.Plan{Name: name, Status: domain.PlanActive}
		p.Kind = domain.PlanKind(c.enum("kind", "commission_rate", "target_incentive"))
		if k := c.enum("period", "month", "quarter", "year"); c.err == nil {
			p.Period, _ = domain.ParsePeriodKind(k)
		}
		p.TierMode = domain.TierMode(c.enum("tier_mode", "marginal", "retroactive"))
		p.TierBasis = domain.TierBasis(c.enum("tier_basis", "attainment", "amount"))
		if c.err == nil {
			p.Threshold = c.bound("threshold", p.TierBasis)
		}
		p.CapKind = domain.CapPayout
		if on := c.optEnum("cap_on", "payout", "attainment"); on != "" {
			p.CapKind = domain.CapKind(on)
		}
		if c.text("cap") == "" {
			p.CapKind = domain.CapNone
		} else if p.CapKind == domain.CapAttainment {
			p.Cap = int64(c.rate("cap"))
		} else {
			p.Cap = int64(c.money("cap"))
		}
		p.TargetVariable = c.money("target_variable_pay")
		p.DrawType = domain.DrawType(c.enum("draw_type", "none", "recoverable", "non_recoverable"))
		p.DrawAmount = c.money("draw_amount")
		p.ClawbackDays = c.integer("clawback_days")
		p.GateYTD = c.yesNo("gate_ytd")
		if st := c.optEnum("status", "draft", "active", "archived"); st != "" {
			p.Status = domain.PlanStatus(st)
		}
		p.OTE = c.money("ote")
		p.Crediting.Overlay = c.yesNo("credit_overlay")
		p.Crediting.RollUp = c.yesNo("credit_rollup")
		if c.err != nil {
			return wb, c.err
		}
		byName[key] = len(wb.Plans)
		rowOf[key] = i
		wb.Plans = append(wb.Plans, p)
	}
	planFor := func(s *PlanSheet, c *cells) *domain.Plan {
		name := c.text("plan")
		i, ok := byName[strings.ToLower(name)]
		if !ok && c.err == nil {
			c.err = cellErr(s, c.i, "plan", "no plan %q on sheet Plans", name)
			return nil
		}
		return &wb.Plans[i]
	}
	tierRows := map[string][]int{} // each plan's tiers' rows, in sheet order
	for i, r := range ts.Rows {
		if blankRow(r) {
			continue
		}
		c := cells{s: ts, r: r, i: i, cur: cur}
		p := planFor(ts, &c)
		if c.err != nil {
			return wb, c.err
		}
		t := domain.Tier{From: c.bound("from", p.TierBasis)}
		if c.text("to") == "" {
			t.Open = true
		} else {
			t.To = c.bound("to", p.TierBasis)
		}
		t.Rate = c.signedRate("rate")
		if c.err != nil {
			return wb, c.err
		}
		p.Tiers = append(p.Tiers, t)
		k := strings.ToLower(p.Name)
		tierRows[k] = append(tierRows[k], i)
	}
	if ss := sh["Spiffs"]; ss != nil {
		if _, err := need("Spiffs", spiffCols); err != nil {
			return wb, err
		}
		for i, r := range ss.Rows {
			if blankRow(r) {
				continue
			}
			c := cells{s: ss, r: r, i: i, cur: cur}
			p := planFor(ss, &c)
			if c.err != nil {
				return wb, c.err
			}
			sp := domain.Spiff{Product: c.text("product"), MinAmount: c.money("min_amount"), Amount: c.money("amount"), Rate: c.rate("rate"),
				From: c.date("from"), To: c.date("to"), NewAccount: c.yesNo("new_account")}
			if c.err != nil {
				return wb, c.err
			}
			p.Spiffs = append(p.Spiffs, sp)
		}
	}
	for i := range wb.Plans {
		p := &wb.Plans[i]
		// Put the tiers in order with their rows, as Validate orders them, so
		// that a refused tier is named by its own row of sheet Tiers.
		rows := tierRows[strings.ToLower(p.Name)]
		order := make([]int, len(p.Tiers))
		for k := range order {
			order[k] = k
		}
		sort.SliceStable(order, func(a, b int) bool { return p.Tiers[order[a]].From < p.Tiers[order[b]].From })
		sorted := make([]domain.Tier, len(p.Tiers))
		sortedRows := make([]int, len(p.Tiers))
		for k, o := range order {
			sorted[k] = p.Tiers[o]
			if o < len(rows) {
				sortedRows[k] = rows[o]
			}
		}
		p.Tiers = sorted
		if err := p.Validate(); err != nil {
			var te *domain.TierError
			if errors.As(err, &te) && te.Index < len(sortedRows) {
				return wb, cellErr(ts, sortedRows[te.Index], te.Field, "%s", domain.ErrorMessage(err))
			}
			var fe *domain.PlanFieldError
			if errors.As(err, &fe) {
				return wb, cellErr(ps, rowOf[strings.ToLower(p.Name)], fe.Field, "%s", domain.ErrorMessage(err))
			}
			return wb, domain.Errorf(domain.EINVALID, "Sheet Plans, row %d: %s", rowOf[strings.ToLower(p.Name)]+2, domain.ErrorMessage(err))
		}
	}
	if as := sh["Assignments"]; as != nil {
		wb.HasAssignments = true
		if _, err := need("Assignments", assignCols); err != nil {
			return wb, err
		}
		for i, r := range as.Rows {
			if blankRow(r) {
				continue
			}
			c := cells{s: as, r: r, i: i, cur: cur}
			a := PlanAssignmentRow{Person: c.text("person email"), Plan: c.text("plan"), From: c.date("from"), To: c.date("to"), Row: i + 2}
			planFor(as, &c)
			switch {
			case c.err != nil:
				return wb, c.err
			case a.Person == "":
				return wb, cellErr(as, i, "person email", "the person's email is missing")
			case a.From.IsZero():
				return wb, cellErr(as, i, "from", "the start date is missing")
			case !a.To.IsZero() && !a.To.After(a.From):
				return wb, cellErr(as, i, "to", "the assignment must end after it starts")
			}
			wb.Assignments = append(wb.Assignments, a)
		}
	}
	return wb, nil
}

func blankRow(r []string) bool {
	for _, c := range r {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// cells reads one row, keeping the first error.
type cells struct {
	s   *PlanSheet
	r   []string
	i   int
	cur domain.Currency
	err error
}

func (c *cells) text(col string) string {
	i := c.s.col(col)
	if i < 0 || i >= len(c.r) {
		return ""
	}
	return strings.TrimSpace(c.r[i])
}

func (c *cells) fail(col, format string, args ...any) {
	if c.err == nil {
		c.err = cellErr(c.s, c.i, col, format, args...)
	}
}

func (c *cells) enum(col string, allowed ...string) string {
	v := c.optEnum(col, allowed...)
	if v == "" {
		c.fail(col, "empty: use %s", strings.Join(allowed, ", "))
	}
	return v
}

func (c *cells) optEnum(col string, allowed ...string) string {
	v := strings.ToLower(strings.ReplaceAll(c.text(col), "-", "_"))
	v = strings.ReplaceAll(v, " ", "_")
	if v == "" {
		return ""
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	c.fail(col, "%q is not one of %s", c.text(col), strings.Join(allowed, ", "))
	return ""
}

func (c *cells) yesNo(col string) bool {
	switch strings.ToLower(c.text(col)) {
	case "", "no", "n", "false", "0":
		return false
	case "yes", "y", "true", "1":
		return true
	}
	c.fail(col, "%q is not yes or no", c.text(col))
	return false
}

// number parses a plain number as a spreadsheet holds it ("0.06", "1500",
// "1,500.00", "6%").
func (c *cells) number(col string) (float64, bool) {
	s := c.text(col)
	if s == "" {
		return 0, true
	}
	pct := strings.HasSuffix(s, "%")
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	s = strings.TrimSpace(strings.TrimSuffix(s, c.cur.Code))
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	if strings.Contains(s, ",") && strings.Contains(s, ".") {
		s = strings.ReplaceAll(s, ",", "")
	} else if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.ReplaceAll(s, ",", ".")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e12 {
		c.fail(col, "%q is not a number", c.text(col))
		return 0, false
	}
	if pct {
		f /= 100
	}
	return f, true
}

func (c *cells) money(col string) domain.Money {
	f, ok := c.number(col)
	if ok && f < 0 {
		c.fail(col, "%q cannot be negative", c.text(col))
	}
	return c.cur.FromMajor(f)
}

func (c *cells) signedRate(col string) domain.Rate {
	if c.text(col) == "" {
		c.fail(col, "the rate is missing")
	}
	f, _ := c.number(col)
	return domain.RateFromFloat(f)
}

func (c *cells) rate(col string) domain.Rate {
	f, ok := c.number(col)
	if ok && f < 0 {
		c.fail(col, "%q cannot be negative", c.text(col))
	}
	return domain.RateFromFloat(f)
}

func (c *cells) bound(col string, basis domain.TierBasis) int64 {
	if basis == domain.BasisAmount {
		return int64(c.money(col))
	}
	return int64(c.rate(col))
}

func (c *cells) integer(col string) int {
	f, ok := c.number(col)
	if ok && (f < 0 || f != math.Trunc(f) || f > 100000) {
		c.fail(col, "%q is not a whole number of days", c.text(col))
	}
	return int(f)
}

func (c *cells) date(col string) time.Time {
	s := c.text(col)
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 2958466 {
		if t, err := excelize.ExcelDateToTime(f, false); err == nil {
			return domain.DateOf(t)
		}
	}
	c.fail(col, "%q is not a date (write 2026-07-01)", s)
	return time.Time{}
}

// ReadPlansWorkbook reads a plans workbook from an XLSX file.
func ReadPlansWorkbook(path string, cur domain.Currency) (PlansWorkbook, error) {
	f, err := sheets.OpenWorkbook(path)
	if err != nil {
		return PlansWorkbook{}, domain.Errorf(domain.EINVALID, "%s", err.Error())
	}
	defer f.Close()
	sh := map[string]*PlanSheet{}
	for _, name := range f.GetSheetList() {
		canon := ""
		for _, want := range []string{"Plans", "Tiers", "Spiffs", "Assignments"} {
			if strings.EqualFold(strings.TrimSpace(name), want) {
				canon = want
			}
		}
		if canon == "" {
			continue
		}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return PlansWorkbook{}, domain.Errorf(domain.EINVALID, "Sheet %s cannot be read: %v", name, err)
		}
		s := &PlanSheet{Name: canon}
		for len(rows) > 0 && blankRow(rows[0]) {
			rows = rows[1:]
		}
		if len(rows) > 0 {
			s.Header, s.Rows = rows[0], rows[1:]
		}
		for _, r := range rows {
			for _, v := range r {
				if sheets.TooLong(v) {
					return PlansWorkbook{}, domain.Errorf(domain.EINVALID, "Sheet %s: a cell is longer than %d characters.", name, sheets.MaxCellLen)
				}
			}
		}
		sh[canon] = s
	}
	return ParsePlanSheets(sh, cur)
}

// PlansImport reports what an import of plans did.
type PlansImport struct {
	Inserted, Updated, Assignments int
}

// ImportPlans writes the workbook's plans (matched by name: an existing plan
// is replaced) and, when it has an Assignments sheet, replaces the
// assignments of the people it lists, all in one transaction.
func (db *DB) ImportPlans(ctx context.Context, wb PlansWorkbook, dryRun bool) (PlansImport, error) {
	var res PlansImport
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	ids := map[string]int64{}
	for i := range wb.Plans {
		p := wb.Plans[i]
		var id int64
		var version int
		err := tx.QueryRowContext(ctx, "SELECT id, version FROM comp_plans WHERE name = ?", p.Name).Scan(&id, &version)
		switch {
		case err == sql.ErrNoRows:
			res.Inserted++
		case err != nil:
			return res, err
		default:
			p.ID, p.Version = id, version
			res.Updated++
		}
		if err := savePlan(ctx, tx, &p, 0); err != nil {
			return res, err
		}
		ids[strings.ToLower(p.Name)] = p.ID
	}
	if wb.HasAssignments {
		people, err := loadPeopleQ(ctx, tx)
		if err != nil {
			return res, err
		}
		byKey := map[string]int64{}
		for _, p := range people {
			if p.Email != "" {
				byKey[strings.ToLower(p.Email)] = p.ID
			}
		}
		for _, p := range people {
			k := strings.ToLower(strings.Join(strings.Fields(p.Name), " "))
			if _, taken := byKey[k]; !taken {
				byKey[k] = p.ID
			}
		}
		cleared := map[int64]bool{}
		for _, a := range wb.Assignments {
			pid, ok := byKey[strings.ToLower(strings.Join(strings.Fields(a.Person), " "))]
			if !ok {
				return res, domain.Errorf(domain.EINVALID, "Sheet Assignments, row %d, column person email: nobody in the workspace is %s.", a.Row, a.Person)
			}
			planID := ids[strings.ToLower(a.Plan)]
			if !cleared[pid] {
				if _, err := tx.ExecContext(ctx, "DELETE FROM comp_assignments WHERE person_id = ?", pid); err != nil {
					return res, err
				}
				cleared[pid] = true
			}
			if err := saveAssignment(ctx, tx, &domain.PlanAssignment{PersonID: pid, PlanID: planID, From: a.From, To: a.To}); err != nil {
				return res, domain.Errorf(domain.ErrorCode(err), "Sheet Assignments, row %d: %s", a.Row, domain.ErrorMessage(err))
			}
			res.Assignments++
		}
	}
	if dryRun {
		return res, nil
	}
	return res, tx.Commit()
}

// WritePlansWorkbook writes every plan and assignment to an XLSX file that
// ImportPlans reads back.
func (db *DB) WritePlansWorkbook(ctx context.Context, path string) error {
	_, cur, err := db.settingsCurrency(ctx)
	if err != nil {
		return err
	}
	plans, err := db.Plans(ctx)
	if err != nil {
		return err
	}
	as, err := db.Assignments(ctx)
	if err != nil {
		return err
	}
	people, err := db.People(ctx)
	if err != nil {
		return err
	}
	wb, err := sheets.NewWorkbook(cur)
	if err != nil {
		return err
	}
	defer wb.Close()
	if err := writePlanSheets(wb, plans, as, people); err != nil {
		return err
	}
	return wb.SaveAs(path)
}

func writePlanSheets(wb *sheets.Workbook, plans []domain.Plan, as []domain.PlanAssignment, people []domain.Person) error {
	cols := func(names []string, kinds map[string]sheets.Kind) []sheets.Column {
		out := make([]sheets.Column, len(names))
		for i, n := range names {
			out[i] = sheets.Column{Title: n, Kind: kinds[n]}
		}
		return out
	}
	num := sheets.Number
	// Rates and attainment as plain numbers with enough decimals to read back
	// exactly; amounts as money.
	bound := func(p *domain.Plan, v int64) any {
		if p.TierBasis == domain.BasisAmount {
			return domain.Money(v)
		}
		return domain.Rate(v).Float()
	}
	plansSheet, err := wb.AddSheet("Plans", cols(append(append([]string{}, planSheetCols...), planExtraCols...),
		map[string]sheets.Kind{"threshold": num, "cap": num, "target_variable_pay": sheets.Money, "draw_amount": sheets.Money, "clawback_days": sheets.Int, "ote": sheets.Money}))
	if err != nil {
		return err
	}
	yn := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	for i := range plans {
		p := &plans[i]
		var capv any
		capOn := ""
		switch p.CapKind {
		case domain.CapPayout:
			capv, capOn = domain.Money(p.Cap), "payout"
		case domain.CapAttainment:
			capv, capOn = domain.Rate(p.Cap).Float(), "attainment"
		}
		if err := plansSheet.Row(p.Name, string(p.Kind), p.Period.String(), string(p.TierMode), string(p.TierBasis), bound(p, p.Threshold), capv,
			p.TargetVariable, string(p.DrawType), p.DrawAmount, p.ClawbackDays, yn(p.GateYTD), string(p.Status), capOn, p.OTE,
			yn(p.Crediting.Overlay), yn(p.Crediting.RollUp)); err != nil {
			return err
		}
	}
	if err := plansSheet.Close(); err != nil {
		return err
	}
	tiers, err := wb.AddSheet("Tiers", cols(tierCols, map[string]sheets.Kind{"from": num, "to": num, "rate": num}))
	if err != nil {
		return err
	}
	for i := range plans {
		p := &plans[i]
		for _, t := range p.Tiers {
			var to any
			if !t.Open {
				to = bound(p, t.To)
			}
			if err := tiers.Row(p.Name, bound(p, t.From), to, t.Rate.Float()); err != nil {
				return err
			}
		}
	}
	if err := tiers.Close(); err != nil {
		return err
	}
	spiffs, err := wb.AddSheet("Spiffs", cols(append(append([]string{}, spiffCols...), spiffExtraCols...),
		map[string]sheets.Kind{"min_amount": sheets.Money, "amount": sheets.Money, "rate": num, "from": sheets.Date, "to": sheets.Date}))
	if err != nil {
		return err
	}
	for i := range plans {
		for _, sp := range plans[i].Spiffs {
			if err := spiffs.Row(plans[i].Name, sp.Product, sp.MinAmount, sp.Amount, sp.Rate.Float(), sp.From, sp.To, yn(sp.NewAccount)); err != nil {
				return err
			}
		}
	}
	if err := spiffs.Close(); err != nil {
		return err
	}
	names := map[int64]string{}
	for _, p := range plans {
		names[p.ID] = p.Name
	}
	who := map[int64]string{}
	for _, p := range people {
		who[p.ID] = p.Email
		if p.Email == "" {
			who[p.ID] = p.Name
		}
	}
	asg, err := wb.AddSheet("Assignments", cols(assignCols, map[string]sheets.Kind{"from": sheets.Date, "to": sheets.Date}))
	if err != nil {
		return err
	}
	for _, a := range as {
		if err := asg.Row(who[a.PersonID], names[a.PlanID], a.From, a.To); err != nil {
			return err
		}
	}
	return asg.Close()
}
