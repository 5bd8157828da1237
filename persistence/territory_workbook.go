package persistence

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"net/mail"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// The territory design workbook: sheet Territories (territory, parent,
// priority, owner email, overlay emails separated by ";", effective from) and
// sheet Rules (territory, set, field, operator, value). It moves a design
// between workspaces and lets one be drafted in a spreadsheet.

// Sheet names and column titles of the design workbook.
const (
	SheetTerritories = "Territories"
	SheetRules       = "Rules"
)

var (
	territoryColumns = []string{"Territory", "Parent", "Priority", "Owner email", "Overlay emails", "Effective from"}
	ruleColumns      = []string{"Territory", "Set", "Field", "Operator", "Value"}
)

// DesignTerritory is one row of the Territories sheet.
type DesignTerritory struct {
	Row      int
	Name     string
	Parent   string
	Priority int
	Owner    string   // email; "" = leave the owners as they are
	Overlays []string // emails; empty = leave the overlays as they are
	From     time.Time
}

// DesignRule is one row of the Rules sheet.
type DesignRule struct {
	Row       int
	Territory string
	Rule      domain.TerritoryRule
}

// TerritoryDesign is a parsed design workbook.
type TerritoryDesign struct {
	Territories []DesignTerritory
	Rules       []DesignRule
	letters     map[string]string // "Sheet/Column" → column letter, for messages
}

// at names a cell for a message: sheet, row, column letter and title.
func (d *TerritoryDesign) at(sheet string, row int, col string) string {
	letter := d.letters[sheet+"/"+col]
	if letter == "" {
		letter = "?"
	}
	return fmt.Sprintf("Sheet %s, row %d, column %s (%s)", sheet, row, letter, col)
}

func (d *TerritoryDesign) noteColumns(t *sheets.Table, cols []string) {
	if d.letters == nil {
		d.letters = map[string]string{}
	}
	for _, c := range cols {
		if i := t.Col(c); i >= 0 {
			d.letters[t.Sheet+"/"+c], _ = excelize.ColumnNumberToName(i + 1)
		}
	}
}

// cellError names the sheet, row and column of a bad cell and says what to do.
func cellError(t *sheets.Table, i int, col, format string, args ...any) error {
	letter := "?"
	if c := t.Col(col); c >= 0 {
		letter, _ = excelize.ColumnNumberToName(c + 1)
	}
	return domain.Errorf(domain.EINVALID, "Sheet %s, row %d, column %s (%s): %s", t.Sheet, t.RowNumber(i), letter, col, fmt.Sprintf(format, args...))
}

// Limits for design workbooks, far tighter than for data imports: a design
// is a few sheets of text, and a small hostile file must not make the reader
// allocate what its zip headers claim.
const (
	MaxDesignFileSize  = 32 << 20
	designUnzipLimit   = 64 << 20
	designUnzipXMLSize = 16 << 20
)

// ReadTerritoryWorkbook opens and parses a design workbook.
func ReadTerritoryWorkbook(path string) (*TerritoryDesign, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "Cannot open %s: %v", path, err)
	}
	if fi.Size() > MaxDesignFileSize {
		return nil, domain.Errorf(domain.EINVALID, "%s is %d MB: a territory workbook is far smaller; is it the right file?", path, fi.Size()>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "Cannot read %s: %v", path, err)
	}
	return ParseTerritoryWorkbookBytes(data)
}

// ParseTerritoryWorkbookBytes parses a design workbook held in memory.
func ParseTerritoryWorkbookBytes(data []byte) (*TerritoryDesign, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: designUnzipLimit, UnzipXMLSizeLimit: designUnzipXMLSize})
	if err != nil {
		if errors.Is(err, excelize.ErrOptionsUnzipSizeLimit) {
			return nil, domain.Errorf(domain.EINVALID, "This workbook unpacks to more than %d MB: refused (a territory workbook is small).", designUnzipLimit>>20)
		}
		return nil, domain.Errorf(domain.EINVALID, "This is not a readable XLSX workbook: %v", err)
	}
	defer f.Close()
	return ParseTerritoryWorkbook(f)
}

// MaxDesignRows bounds each sheet of a design workbook: a design is small,
// and a huge sheet is a mistake or an attack.
const MaxDesignRows = 50_000

// ParseTerritoryWorkbook reads and checks both sheets. Every problem names
// its sheet, row and column.
func ParseTerritoryWorkbook(f *excelize.File) (*TerritoryDesign, error) {
	tt, err := sheets.ReadTable(f, SheetTerritories)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%v: a territory workbook has sheets %s and %s.", err, SheetTerritories, SheetRules)
	}
	if err := tt.Require(territoryColumns[0]); err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%v: the columns are %s.", err, strings.Join(territoryColumns, ", "))
	}
	if len(tt.Rows) > MaxDesignRows {
		return nil, domain.Errorf(domain.EINVALID, "Sheet %s has more than %d rows: a territory design is smaller.", SheetTerritories, MaxDesignRows)
	}
	d := &TerritoryDesign{}
	d.noteColumns(tt, territoryColumns)
	seen := map[string]int{}
	for i := range tt.Rows {
		name := tt.Get(i, "Territory")
		row := DesignTerritory{Row: tt.RowNumber(i), Name: name, Parent: tt.Get(i, "Parent")}
		if name == "" {
			if isBlankRow(tt.Rows[i]) {
				continue
			}
			return nil, cellError(tt, i, "Territory", "the territory needs a name.")
		}
		if prev, dup := seen[strings.ToLower(name)]; dup {
			return nil, cellError(tt, i, "Territory", "%q is already on row %d; each territory has one row.", name, prev)
		}
		seen[strings.ToLower(name)] = row.Row
		if p := tt.Get(i, "Priority"); p != "" {
			n, err := parseWholeNumber(p)
			if err != nil {
				return nil, cellError(tt, i, "Priority", "%q is not a whole number.", p)
			}
			row.Priority = n
		}
		if e := tt.Get(i, "Owner email"); e != "" {
			if !validEmail(e) {
				return nil, cellError(tt, i, "Owner email", "%q is not an email address.", e)
			}
			row.Owner = e
		}
		for _, e := range strings.Split(tt.Get(i, "Overlay emails"), ";") {
			if e = strings.TrimSpace(e); e == "" {
				continue
			}
			if !validEmail(e) {
				return nil, cellError(tt, i, "Overlay emails", "%q is not an email address; separate several with ;", e)
			}
			row.Overlays = append(row.Overlays, e)
		}
		if v := tt.Get(i, "Effective from"); v != "" {
			t, err := parseDesignDate(v)
			if err != nil {
				return nil, cellError(tt, i, "Effective from", "%q is not a date: write it as 2026-01-31.", v)
			}
			row.From = t
		}
		d.Territories = append(d.Territories, row)
	}
	// A parent named in the sheet must not loop; a parent not in the sheet
	// must exist in the workspace (checked when the design is applied).
	parentOf := map[string]string{}
	for _, t := range d.Territories {
		if strings.EqualFold(t.Name, t.Parent) {
			return nil, domain.Errorf(domain.EINVALID, "%s: %s cannot be inside itself.", d.at(SheetTerritories, t.Row, "Parent"), t.Name)
		}
		parentOf[strings.ToLower(t.Name)] = strings.ToLower(t.Parent)
	}
	for _, t := range d.Territories {
		steps := 0
		for p := parentOf[strings.ToLower(t.Name)]; p != ""; p = parentOf[p] {
			if steps++; steps > len(d.Territories) {
				return nil, domain.Errorf(domain.EINVALID, "%s: the parents of %s loop back to it.", d.at(SheetTerritories, t.Row, "Parent"), t.Name)
			}
		}
	}

	rt, err := sheets.ReadTable(f, SheetRules)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%v: a territory workbook has sheets %s and %s.", err, SheetTerritories, SheetRules)
	}
	if rt.Header != nil {
		if err := rt.Require("Territory", "Field", "Operator", "Value"); err != nil {
			return nil, domain.Errorf(domain.EINVALID, "%v: the columns are %s.", err, strings.Join(ruleColumns, ", "))
		}
	}
	if len(rt.Rows) > MaxDesignRows {
		return nil, domain.Errorf(domain.EINVALID, "Sheet %s has more than %d rows: a territory design is smaller.", SheetRules, MaxDesignRows)
	}
	d.noteColumns(rt, ruleColumns)
	for i := range rt.Rows {
		if isBlankRow(rt.Rows[i]) {
			continue
		}
		name := rt.Get(i, "Territory")
		if name == "" {
			return nil, cellError(rt, i, "Territory", "name the territory the rule belongs to.")
		}
		r := domain.TerritoryRule{Set: 1, Field: rt.Get(i, "Field"), Operator: rt.Get(i, "Operator"), Value: rt.Get(i, "Value")}
		if s := rt.Get(i, "Set"); s != "" {
			n, err := parseWholeNumber(s)
			if err != nil || n < 1 {
				return nil, cellError(rt, i, "Set", "%q is not a set number (1, 2, …): rules with the same number are joined by AND.", s)
			}
			r.Set = n
		}
		domain.NormalizeRule(&r)
		if err := r.Validate(); err != nil {
			col := "Value"
			if !knownRuleField(r.Field) {
				col = "Field"
			} else if !knownRuleOperator(r.Operator) {
				col = "Operator"
			}
			return nil, cellError(rt, i, col, "%s", domain.ErrorMessage(err))
		}
		d.Rules = append(d.Rules, DesignRule{Row: rt.RowNumber(i), Territory: name, Rule: r})
	}
	return d, nil
}

func knownRuleField(f string) bool {
	for _, x := range domain.RuleFields {
		if x == f {
			return true
		}
	}
	return false
}

func knownRuleOperator(o string) bool {
	for _, x := range domain.RuleOperators {
		if x == o {
			return true
		}
	}
	return false
}

func isBlankRow(r []string) bool {
	for _, c := range r {
		if c != "" {
			return false
		}
	}
	return true
}

func validEmail(e string) bool {
	a, err := mail.ParseAddress(e)
	return err == nil && a.Address == e && strings.Contains(e, "@")
}

// parseWholeNumber reads "10", "10.0" or "1,000" (as a spreadsheet may show it).
func parseWholeNumber(s string) (int, error) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1e9 {
		return int(f), nil
	}
	n, err := strconv.Atoi(strings.NewReplacer(",", "", " ", "", "\u00a0", "").Replace(s))
	if err != nil || n > 1_000_000_000 || n < -1_000_000_000 {
		return 0, fmt.Errorf("not a whole number")
	}
	return n, nil
}

// parseDesignDate reads an ISO date, an Excel serial number, the day-first
// dates the supported locales write (31/12/2026, 31.12.2026), and Excel's
// default short date as excelize renders it (12-31-26).
func parseDesignDate(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04:05", "02/01/2006", "2/1/2006", "02.01.2006", "2.1.2006", "01-02-06", "1-2-06"} {
		if t, err := time.Parse(layout, s); err == nil {
			return domain.DateOf(t), nil
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 2_958_466 {
		t, err := excelize.ExcelDateToTime(f, false)
		if err == nil {
			return domain.DateOf(t), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date")
}

// TerritoryImportSummary says what importing a design did (or would do).
type TerritoryImportSummary struct {
	Territories, Created, Updated int
	Rules                         int
	OwnersSet, OverlaysEnded      int
	Moved, Ties, Unassigned       int
	Locked                        int // manual accounts left where they were
	Accounts                      int
}

func (s TerritoryImportSummary) String() string {
	return fmt.Sprintf("territories: %d read, %d created, %d updated; rules: %d; owners set: %d; accounts: %d evaluated, %d moved, %d tied, %d unassigned, %d manual kept",
		s.Territories, s.Created, s.Updated, s.Rules, s.OwnersSet, s.Accounts, s.Moved, s.Ties, s.Unassigned, s.Locked)
}

// ImportTerritoryDesign applies a design in one transaction: territories
// created or updated by name, their rules replaced, owners set from their
// effective dates, then the rules run at once from today on (manual locks
// kept). With dryRun everything is checked and counted, then rolled back.
func (db *DB) ImportTerritoryDesign(ctx context.Context, d *TerritoryDesign, today time.Time, dryRun bool) (TerritoryImportSummary, error) {
	var sum TerritoryImportSummary
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return sum, err
	}
	defer tx.Rollback()
	if err := applyDesign(ctx, tx, d, domain.DateOf(today), &sum); err != nil {
		return sum, err
	}
	if dryRun {
		return sum, tx.Rollback()
	}
	return sum, tx.Commit()
}

func applyDesign(ctx context.Context, tx *sql.Tx, d *TerritoryDesign, today time.Time, sum *TerritoryImportSummary) error {
	existing, err := listTerritories(ctx, tx)
	if err != nil {
		return err
	}
	byName := map[string]*domain.Territory{}
	for i := range existing {
		k := strings.ToLower(existing[i].Name)
		if _, dup := byName[k]; !dup {
			byName[k] = &existing[i]
		}
	}
	sum.Territories = len(d.Territories)
	// First make every territory exist, then place them: a child may come
	// before its parent in the sheet.
	ids := map[string]int64{}
	for _, dt := range d.Territories {
		k := strings.ToLower(dt.Name)
		if t, ok := byName[k]; ok {
			ids[k] = t.ID
			sum.Updated++
			continue
		}
		t := domain.Territory{Name: dt.Name, Priority: dt.Priority}
		if err := createTerritory(ctx, tx, &t); err != nil {
			return err
		}
		ids[k] = t.ID
		byName[k] = &t
		sum.Created++
	}
	for _, dt := range d.Territories {
		var parent int64
		if dt.Parent != "" {
			p, ok := byName[strings.ToLower(dt.Parent)]
			if !ok {
				return domain.Errorf(domain.EINVALID, "%s: no territory %q in the sheet or the workspace.", d.at(SheetTerritories, dt.Row, "Parent"), dt.Parent)
			}
			parent = p.ID
		}
		if _, err := tx.ExecContext(ctx, "UPDATE territories SET name = ?, parent_id = ?, priority = ? WHERE id = ?", dt.Name, idArg(parent), dt.Priority, ids[strings.ToLower(dt.Name)]); err != nil {
			return err
		}
	}
	// Parents outside the sheet could still close a loop through the workspace.
	parents, err := territoryParents(ctx, tx)
	if err != nil {
		return err
	}
	for _, dt := range d.Territories {
		id := ids[strings.ToLower(dt.Name)]
		if err := domain.CheckTerritoryCycle(parents, id, parents[id]); err != nil {
			return domain.Errorf(domain.EINVALID, "%s: %s", d.at(SheetTerritories, dt.Row, "Parent"), domain.ErrorMessage(err))
		}
	}
	if err := applyDesignOwners(ctx, tx, d, ids, today, sum); err != nil {
		return err
	}
	// Rules: each territory named in the Rules sheet, or listed in the
	// Territories sheet, gets exactly the rules the sheet gives it.
	replace := map[int64]bool{}
	for _, dt := range d.Territories {
		replace[ids[strings.ToLower(dt.Name)]] = true
	}
	for _, dr := range d.Rules {
		t, ok := byName[strings.ToLower(dr.Territory)]
		if !ok {
			return domain.Errorf(domain.EINVALID, "%s: no territory %q in sheet %s or the workspace.", d.at(SheetRules, dr.Row, "Territory"), dr.Territory, SheetTerritories)
		}
		replace[t.ID] = true
	}
	for id := range replace {
		if _, err := tx.ExecContext(ctx, "DELETE FROM territory_rules WHERE territory_id = ?", id); err != nil {
			return err
		}
	}
	for _, dr := range d.Rules {
		r := dr.Rule
		r.TerritoryID = byName[strings.ToLower(dr.Territory)].ID
		if err := addTerritoryRule(ctx, tx, &r); err != nil {
			return err
		}
		sum.Rules++
	}
	p, err := runRules(ctx, tx, today)
	if err != nil {
		return err
	}
	sum.Accounts, sum.Locked, sum.Moved = p.Evaluated, p.Locked, len(p.Moves)
	for _, m := range p.Moves {
		if m.ToSource == domain.AssignedTie {
			sum.Ties++
		}
	}
	for _, c := range p.Counts {
		if c.TerritoryID == 0 {
			sum.Unassigned = c.After
		}
	}
	return nil
}

func applyDesignOwners(ctx context.Context, tx *sql.Tx, d *TerritoryDesign, ids map[string]int64, today time.Time, sum *TerritoryImportSummary) error {
	people := map[string]int64{}
	if err := eachRow(ctx, tx, "SELECT id, email FROM people WHERE email IS NOT NULL", nil, func(r *sql.Rows) error {
		var id int64
		var e string
		if err := r.Scan(&id, &e); err != nil {
			return err
		}
		people[strings.ToLower(e)] = id
		return nil
	}); err != nil {
		return err
	}
	owners, err := listOwners(ctx, tx)
	if err != nil {
		return err
	}
	person := func(dt DesignTerritory, col, email string) (int64, error) {
		id, ok := people[strings.ToLower(email)]
		if !ok {
			return 0, domain.Errorf(domain.EINVALID, "%s: nobody has the email %s; add the person in the Team tab or import people first.",
				d.at(SheetTerritories, dt.Row, col), email)
		}
		return id, nil
	}
	for _, dt := range d.Territories {
		terr := ids[strings.ToLower(dt.Name)]
		from := dt.From
		if from.IsZero() {
			from = today
		}
		active := func(role domain.TerritoryOwnerRole) map[int64]domain.TerritoryOwner {
			out := map[int64]domain.TerritoryOwner{}
			for _, o := range owners {
				if o.TerritoryID == terr && o.Role == role && o.ActiveOn(from) {
					out[o.PersonID] = o
				}
			}
			return out
		}
		if dt.Owner != "" {
			pid, err := person(dt, "Owner email", dt.Owner)
			if err != nil {
				return err
			}
			if _, already := active(domain.OwnerPrimary)[pid]; !already {
				if err := setTerritoryOwner(ctx, tx, &domain.TerritoryOwner{TerritoryID: terr, PersonID: pid, Role: domain.OwnerPrimary, From: from}); err != nil {
					return err
				}
				sum.OwnersSet++
			}
		}
		if len(dt.Overlays) == 0 {
			continue
		}
		listed := map[int64]bool{}
		now := active(domain.OwnerOverlay)
		for _, e := range dt.Overlays {
			pid, err := person(dt, "Overlay emails", e)
			if err != nil {
				return err
			}
			listed[pid] = true
			if _, already := now[pid]; !already {
				if err := setTerritoryOwner(ctx, tx, &domain.TerritoryOwner{TerritoryID: terr, PersonID: pid, Role: domain.OwnerOverlay, From: from}); err != nil {
					return err
				}
				sum.OwnersSet++
			}
		}
		for pid, o := range now {
			if listed[pid] {
				continue
			}
			if !o.From.Before(from) {
				if _, err := tx.ExecContext(ctx, "DELETE FROM territory_owners WHERE id = ?", o.ID); err != nil {
					return err
				}
			} else if _, err := tx.ExecContext(ctx, "UPDATE territory_owners SET valid_to = ? WHERE id = ?", from.Format(dateLayout), o.ID); err != nil {
				return err
			}
			sum.OverlaysEnded++
		}
	}
	return nil
}

func listOwners(ctx context.Context, q querier) ([]domain.TerritoryOwner, error) {
	var out []domain.TerritoryOwner
	err := eachRow(ctx, q, "SELECT id, territory_id, person_id, role, valid_from, valid_to FROM territory_owners ORDER BY territory_id, valid_from", nil, func(r *sql.Rows) error {
		var o domain.TerritoryOwner
		var role string
		var from, to sql.NullString
		if err := r.Scan(&o.ID, &o.TerritoryID, &o.PersonID, &role, &from, &to); err != nil {
			return err
		}
		o.Role, o.From, o.To = domain.TerritoryOwnerRole(role), parseDate(from), parseDate(to)
		out = append(out, o)
		return nil
	})
	return out, err
}

// ExportTerritoryWorkbook writes the design (territories parents first, with
// the owners holding on asOf, and every rule) to path as XLSX.
func (db *DB) ExportTerritoryWorkbook(ctx context.Context, path string, asOf time.Time) error {
	_, cur, err := db.settingsCurrency(ctx)
	if err != nil {
		return err
	}
	terrs, err := listTerritories(ctx, db.db)
	if err != nil {
		return err
	}
	rules, err := listRules(ctx, db.db)
	if err != nil {
		return err
	}
	owners, err := listOwners(ctx, db.db)
	if err != nil {
		return err
	}
	emails := map[int64]string{}
	if err := eachRow(ctx, db.db, "SELECT id, coalesce(email, '') FROM people", nil, func(r *sql.Rows) error {
		var id int64
		var e string
		if err := r.Scan(&id, &e); err != nil {
			return err
		}
		emails[id] = e
		return nil
	}); err != nil {
		return err
	}
	ordered := treeOrder(terrs)
	name := map[int64]string{}
	for _, t := range terrs {
		name[t.ID] = t.Name
	}
	wb, err := sheets.NewWorkbook(cur)
	if err != nil {
		return err
	}
	defer wb.Close()
	ts, err := wb.AddSheet(SheetTerritories, []sheets.Column{{Title: "Territory", Kind: sheets.Text, Width: 28}, {Title: "Parent", Kind: sheets.Text, Width: 24},
		{Title: "Priority", Kind: sheets.Int}, {Title: "Owner email", Kind: sheets.Text, Width: 30}, {Title: "Overlay emails", Kind: sheets.Text, Width: 40},
		{Title: "Effective from", Kind: sheets.Date, Width: 14}})
	if err != nil {
		return err
	}
	day := domain.DateOf(asOf)
	for _, t := range ordered {
		var owner string
		var overlays []string
		var from time.Time
		for _, o := range owners {
			if o.TerritoryID != t.ID || !o.ActiveOn(day) || emails[o.PersonID] == "" {
				continue
			}
			if o.Role == domain.OwnerPrimary {
				owner = emails[o.PersonID]
			} else {
				overlays = append(overlays, emails[o.PersonID])
			}
			if o.From.After(from) {
				from = o.From
			}
		}
		sort.Strings(overlays)
		if err := ts.Row(t.Name, name[t.ParentID], t.Priority, owner, strings.Join(overlays, ";"), from); err != nil {
			return err
		}
	}
	if err := ts.Close(); err != nil {
		return err
	}
	rs, err := wb.AddSheet(SheetRules, []sheets.Column{{Title: "Territory", Kind: sheets.Text, Width: 28}, {Title: "Set", Kind: sheets.Int},
		{Title: "Field", Kind: sheets.Text, Width: 16}, {Title: "Operator", Kind: sheets.Text, Width: 10}, {Title: "Value", Kind: sheets.Text, Width: 30}})
	if err != nil {
		return err
	}
	pos := map[int64]int{}
	for i, t := range ordered {
		pos[t.ID] = i
	}
	sort.SliceStable(rules, func(i, j int) bool {
		if pos[rules[i].TerritoryID] != pos[rules[j].TerritoryID] {
			return pos[rules[i].TerritoryID] < pos[rules[j].TerritoryID]
		}
		return rules[i].Set < rules[j].Set
	})
	for _, r := range rules {
		if err := rs.Row(name[r.TerritoryID], r.Set, r.Field, r.Operator, r.Value); err != nil {
			return err
		}
	}
	if err := rs.Close(); err != nil {
		return err
	}
	return wb.SaveAs(path)
}

// treeOrder lists territories parents first, siblings by name.
func treeOrder(terrs []domain.Territory) []domain.Territory {
	children := map[int64][]domain.Territory{}
	ids := map[int64]bool{}
	for _, t := range terrs {
		ids[t.ID] = true
	}
	for _, t := range terrs {
		p := t.ParentID
		if !ids[p] {
			p = 0
		}
		children[p] = append(children[p], t)
	}
	var out []domain.Territory
	seen := map[int64]bool{}
	var walk func(id int64)
	walk = func(id int64) {
		kids := children[id]
		sort.SliceStable(kids, func(i, j int) bool { return strings.ToLower(kids[i].Name) < strings.ToLower(kids[j].Name) })
		for _, k := range kids {
			if seen[k.ID] {
				continue
			}
			seen[k.ID] = true
			out = append(out, k)
			walk(k.ID)
		}
	}
	walk(0)
	return out
}
