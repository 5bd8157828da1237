package domain

import (
	"net/mail"
	"strings"
	"time"
)

// Role is a person's job in the sales team.
type Role string

const (
	RoleDirector Role = "director" // Sales director
	RoleManager  Role = "manager"  // Sales manager
	RoleAE       Role = "ae"       // Account executive
	RoleSDR      Role = "sdr"      // Sales development representative
	RoleOps      Role = "ops"      // Sales operations
)

// Roles lists the roles in the order the UI offers them.
var Roles = []Role{RoleDirector, RoleManager, RoleAE, RoleSDR, RoleOps}

// Label is the English name of the role (the UI translates it).
func (r Role) Label() string {
	switch r {
	case RoleDirector:
		return "Sales director"
	case RoleManager:
		return "Sales manager"
	case RoleAE:
		return "Account executive"
	case RoleSDR:
		return "SDR"
	case RoleOps:
		return "Sales ops"
	}
	return string(r)
}

// ParseRole accepts a role key or its English label, case-insensitively.
func ParseRole(s string) (Role, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, r := range Roles {
		if k == string(r) || k == strings.ToLower(r.Label()) {
			return r, nil
		}
	}
	switch k {
	case "account executive", "seller", "rep", "sales rep":
		return RoleAE, nil
	case "":
		return RoleAE, nil
	}
	return "", Errorf(EINVALID, "%q is not a role: use Sales director, Sales manager, Account executive, SDR or Sales ops", s)
}

// Sells reports whether people in this role carry a quota and own deals.
func (r Role) Sells() bool { return r == RoleAE || r == RoleSDR }

// Person is someone on the sales team.
type Person struct {
	ID        int64
	Name      string
	Email     string // unique when given
	Role      Role
	ManagerID int64 // 0 = reports to nobody
	TeamID    int64 // 0 = no team
	HireDate  time.Time
	EndDate   time.Time // zero = still employed
	Active    bool
}

// Validate checks the fields a person must have.
func (p *Person) Validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return Errorf(EINVALID, "A person needs a name.")
	}
	if p.Email != "" {
		if _, err := mail.ParseAddress(p.Email); err != nil || !strings.Contains(p.Email, "@") {
			return Errorf(EINVALID, "%q is not an email address.", p.Email)
		}
	}
	if p.Role == "" {
		p.Role = RoleAE
	}
	if _, err := ParseRole(string(p.Role)); err != nil {
		return err
	}
	if p.ManagerID != 0 && p.ManagerID == p.ID {
		return Errorf(ECONFLICT, "%s cannot be their own manager.", p.Name)
	}
	if !p.EndDate.IsZero() && !p.HireDate.IsZero() && p.EndDate.Before(p.HireDate) {
		return Errorf(EINVALID, "%s's end date is before the hire date.", p.Name)
	}
	return nil
}

// EmployedOn reports whether the person is on the team on day d.
func (p *Person) EmployedOn(d time.Time) bool {
	if !p.HireDate.IsZero() && d.Before(p.HireDate) {
		return false
	}
	return p.EndDate.IsZero() || d.Before(p.EndDate)
}

// CheckManagerCycle reports a conflict when making managerID the manager of
// personID would create a loop. managerOf maps each person to their manager.
func CheckManagerCycle(managerOf map[int64]int64, personID, managerID int64) error {
	seen := map[int64]bool{personID: true}
	for m := managerID; m != 0; m = managerOf[m] {
		if seen[m] {
			return Errorf(ECONFLICT, "That manager reports (directly or not) to this person: the hierarchy would loop.")
		}
		seen[m] = true
	}
	return nil
}

// Team is a group of people, usually an office or a sales manager's team.
type Team struct {
	ID   int64
	Name string
}

// Validate checks the team.
func (t *Team) Validate() error {
	if strings.TrimSpace(t.Name) == "" {
		return Errorf(EINVALID, "A team needs a name.")
	}
	return nil
}

// AssignmentSource says how an account got its territory.
type AssignmentSource string

const (
	AssignedNone   AssignmentSource = "none"   // no rule matched
	AssignedRule   AssignmentSource = "rule"   // a rule matched
	AssignedManual AssignmentSource = "manual" // set by hand: locked against rules
	AssignedTie    AssignmentSource = "tie"    // several territories of equal priority matched
)

// Account is a customer or prospect company.
type Account struct {
	ID            int64
	ExternalID    string
	Name          string
	Industry      string
	Country       string
	Region        string
	State         string
	PostalCode    string
	Employees     int
	AnnualRevenue Money
	Potential     Money
	Segment       string
	TerritoryID   int64 // 0 = unassigned
	Assignment    AssignmentSource
}

// Locked reports whether rules leave this account alone.
func (a *Account) Locked() bool { return a.Assignment == AssignedManual }

// Validate checks the account.
func (a *Account) Validate() error {
	if strings.TrimSpace(a.Name) == "" {
		return Errorf(EINVALID, "An account needs a name.")
	}
	if a.Employees < 0 {
		return Errorf(EINVALID, "%s: the number of employees cannot be negative.", a.Name)
	}
	if a.AnnualRevenue < 0 || a.Potential < 0 {
		return Errorf(EINVALID, "%s: revenue and potential cannot be negative.", a.Name)
	}
	if a.Assignment == "" {
		a.Assignment = AssignedNone
	}
	return nil
}

// Territory is a node of the territory hierarchy (region → territory …).
type Territory struct {
	ID       int64
	Name     string
	ParentID int64 // 0 = top level
	Priority int   // higher wins when an account matches several territories
}

// Validate checks the territory.
func (t *Territory) Validate() error {
	if strings.TrimSpace(t.Name) == "" {
		return Errorf(EINVALID, "A territory needs a name.")
	}
	if t.ParentID != 0 && t.ParentID == t.ID {
		return Errorf(ECONFLICT, "%s cannot be inside itself.", t.Name)
	}
	return nil
}

// TerritoryOwnerRole distinguishes the primary owner from overlays.
type TerritoryOwnerRole string

const (
	OwnerPrimary TerritoryOwnerRole = "primary"
	OwnerOverlay TerritoryOwnerRole = "overlay"
)

// TerritoryOwner is an effective-dated ownership of a territory, so past
// periods keep the owners they had.
type TerritoryOwner struct {
	ID          int64
	TerritoryID int64
	PersonID    int64
	Role        TerritoryOwnerRole
	From        time.Time // first day, inclusive
	To          time.Time // first day no longer owned; zero = open-ended
}

// ActiveOn reports whether the ownership holds on day d.
func (o *TerritoryOwner) ActiveOn(d time.Time) bool {
	return !d.Before(o.From) && (o.To.IsZero() || d.Before(o.To))
}

// Rule fields and operators for territory assignment rules.
const (
	RuleCountry       = "country"
	RuleState         = "state"
	RulePostalPrefix  = "postal_prefix"
	RuleIndustry      = "industry"
	RuleEmployees     = "employees"
	RuleAnnualRevenue = "annual_revenue"

	OpEquals  = "="
	OpIn      = "in"
	OpPrefix  = "prefix"
	OpBetween = "between"
)

// TerritoryRule is one condition on an account field. Rules with the same Set
// are joined by AND; the sets of a territory are joined by OR.
type TerritoryRule struct {
	ID          int64
	TerritoryID int64
	Set         int
	Field       string
	Operator    string
	Value       string // "=": a value; "in": values separated by ";"; "prefix"; "between": "lo..hi" inclusive
}

// ForecastCategory is where a deal counts in the pipeline forecast.
type ForecastCategory string

const (
	CategoryPipeline ForecastCategory = "pipeline"
	CategoryBestCase ForecastCategory = "best_case"
	CategoryCommit   ForecastCategory = "commit"
	CategoryClosed   ForecastCategory = "closed"
	CategoryOmitted  ForecastCategory = "omitted"
)

// ForecastCategories in roll-up order.
var ForecastCategories = []ForecastCategory{CategoryPipeline, CategoryBestCase, CategoryCommit, CategoryClosed, CategoryOmitted}

// Label is the English name of the category.
func (c ForecastCategory) Label() string {
	switch c {
	case CategoryPipeline:
		return "Pipeline"
	case CategoryBestCase:
		return "Best case"
	case CategoryCommit:
		return "Commit"
	case CategoryClosed:
		return "Closed"
	case CategoryOmitted:
		return "Omitted"
	}
	return string(c)
}

// ParseForecastCategory accepts a key or a label, case- and space-insensitively.
func ParseForecastCategory(s string) (ForecastCategory, error) {
	if c, ok := plainForecastCategory(s); ok {
		return c, nil
	}
	return parseForecastCategory(s)
}

// plainForecastCategory is ParseForecastCategory for an ASCII category,
// normalized in place of building lowered strings; ok is false for
// anything else, which parseForecastCategory then reads (or refuses).
func plainForecastCategory(s string) (ForecastCategory, bool) {
	var buf [len("closed lost")]byte
	n := 0
	space := false // a space is due before the next word
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return "", false
		case c == ' ' || c >= '\t' && c <= '\r':
			space = n > 0
			continue
		case c == '_':
			c = ' '
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		if space {
			if n == len(buf) {
				return "", false
			}
			buf[n], n, space = ' ', n+1, false
		}
		if n == len(buf) {
			return "", false
		}
		buf[n], n = c, n+1
	}
	switch string(buf[:n]) {
	case "pipeline":
		return CategoryPipeline, true
	case "best case", "bestcase", "best":
		return CategoryBestCase, true
	case "commit":
		return CategoryCommit, true
	case "closed", "closed won", "won":
		return CategoryClosed, true
	case "omitted", "omit", "lost", "closed lost":
		return CategoryOmitted, true
	}
	return "", false
}

// parseForecastCategory is ParseForecastCategory for every spelling.
func parseForecastCategory(s string) (ForecastCategory, error) {
	k := strings.ToLower(strings.Join(strings.Fields(s), " "))
	k = strings.ReplaceAll(k, "_", " ")
	for _, c := range ForecastCategories {
		if k == strings.ToLower(c.Label()) {
			return c, nil
		}
	}
	switch k {
	case "bestcase", "best":
		return CategoryBestCase, nil
	case "closed won", "won":
		return CategoryClosed, nil
	case "omit", "lost", "closed lost":
		return CategoryOmitted, nil
	}
	return "", Errorf(EINVALID, "%q is not a forecast category: use Pipeline, Best case, Commit, Closed or Omitted", s)
}

// Stage is a step of the sales process.
type Stage struct {
	ID          int64
	Name        string
	Position    int  // order in the process, from 1
	Probability Rate // default probability of deals in this stage
	Category    ForecastCategory
	Won         bool
	Lost        bool
}

// Validate checks the stage.
func (s *Stage) Validate() error {
	switch {
	case strings.TrimSpace(s.Name) == "":
		return Errorf(EINVALID, "A stage needs a name.")
	case s.Won && s.Lost:
		return Errorf(EINVALID, "Stage %s cannot be both won and lost.", s.Name)
	case s.Probability < 0 || s.Probability > RateOne:
		return Errorf(EINVALID, "Stage %s: probability must lie between 0 and 100 %%.", s.Name)
	}
	if s.Category == "" {
		s.Category = CategoryPipeline
	}
	return nil
}

// Status is what a stage says about the outcome of a deal.
func (s *Stage) Status() DealStatus {
	switch {
	case s.Won:
		return StatusWon
	case s.Lost:
		return StatusLost
	}
	return StatusOpen
}

// InferStageOutcome guesses won/lost from a stage name as CRMs write it, in
// English, Italian, French and Norwegian ("Closed Won", "Vinto", "Gagné", "Vunnet").
func InferStageOutcome(name string) (won, lost bool) {
	n := strings.ToLower(name)
	n = strings.NewReplacer("-", " ", "_", " ", "/", " ").Replace(n)
	n = strings.Join(strings.Fields(n), " ")
	switch n {
	case "closedwon":
		return true, false
	case "closedlost":
		return false, true
	}
	for _, w := range []string{"won", "vinto", "vinta", "chiuso vinto", "gagné", "gagne", "gagnée", "vunnet", "vunnen"} {
		if n == w || strings.HasSuffix(n, " "+w) || strings.HasPrefix(n, w+" ") {
			return true, false
		}
	}
	for _, l := range []string{"lost", "perso", "persa", "chiuso perso", "perdu", "perdue", "tapt", "tapte"} {
		if n == l || strings.HasSuffix(n, " "+l) || strings.HasPrefix(n, l+" ") {
			return false, true
		}
	}
	return false, false
}

// DefaultStages are the stages of a new workspace.
func DefaultStages() []Stage {
	return []Stage{
		{Name: "Prospecting", Position: 1, Probability: RatePercent(10), Category: CategoryPipeline},
		{Name: "Qualification", Position: 2, Probability: RatePercent(20), Category: CategoryPipeline},
		{Name: "Proposal", Position: 3, Probability: RatePercent(50), Category: CategoryBestCase},
		{Name: "Negotiation", Position: 4, Probability: RatePercent(80), Category: CategoryCommit},
		{Name: "Closed Won", Position: 5, Probability: RateOne, Category: CategoryClosed, Won: true},
		{Name: "Closed Lost", Position: 6, Probability: 0, Category: CategoryOmitted, Lost: true},
	}
}

// DefaultLostReasons are the lost reasons of a new workspace.
var DefaultLostReasons = []string{"Price", "Competition", "Budget", "Missing features", "Timing", "No decision", "Unresponsive", "Poor fit", "Other"}

// DealStatus is open, won or lost, as the deal's stage says.
type DealStatus string

const (
	StatusOpen DealStatus = "open"
	StatusWon  DealStatus = "won"
	StatusLost DealStatus = "lost"
)

// Deal is a sales opportunity.
type Deal struct {
	ID            int64
	ExternalID    string // the CRM's ID; unique when given
	Name          string
	AccountID     int64 // 0 = none
	OwnerID       int64 // 0 = none (a data-quality finding)
	StageID       int64
	Status        DealStatus // from the stage
	Amount        Money      // in Currency
	HasAmount     bool       // open deals may lack an amount
	Currency      string     // ISO code; "" = the workspace currency
	Value         Money      // Amount converted to the workspace currency
	Created       time.Time  // zero = unknown
	CloseDate     time.Time  // zero = unknown (open deals only)
	Probability   Rate
	Category      ForecastCategory
	LostReason    string
	Product       string
	LeadCreated   time.Time // zero = unknown
	FirstResponse time.Time // zero = unknown
}

// Validate checks the deal as it would be saved.
func (d *Deal) Validate() error {
	name := d.Name
	if name == "" {
		name = d.ExternalID
	}
	switch {
	case strings.TrimSpace(d.Name) == "" && d.ExternalID == "":
		return Errorf(EINVALID, "A deal needs a name or an ID.")
	case d.StageID == 0:
		return Errorf(EINVALID, "Deal %s needs a stage.", name)
	case d.Status == StatusWon && !d.HasAmount:
		return Errorf(EINVALID, "Won deal %s needs an amount.", name)
	case d.Status == StatusWon && d.CloseDate.IsZero():
		return Errorf(EINVALID, "Won deal %s needs a close date.", name)
	case d.Probability < 0 || d.Probability > RateOne:
		return Errorf(EINVALID, "Deal %s: probability must lie between 0 and 100 %%.", name)
	case !d.Created.IsZero() && !d.CloseDate.IsZero() && d.CloseDate.Before(d.Created) && d.Status != StatusOpen:
		return Errorf(EINVALID, "Deal %s closes before it was created.", name)
	}
	if d.Category == "" {
		d.Category = CategoryPipeline
	}
	return nil
}

// SplitKind separates revenue splits (which share 100 % of a deal) from overlay
// splits (extra credit that reduces nobody's).
type SplitKind string

const (
	SplitRevenue SplitKind = "revenue"
	SplitOverlay SplitKind = "overlay"
)

// DealSplit credits a person with a share of a deal.
type DealSplit struct {
	DealID   int64
	PersonID int64
	Kind     SplitKind
	Share    Rate
}

// ValidateSplits checks that revenue splits total exactly 100 % (when there
// are any) and that no share is negative.
func ValidateSplits(splits []DealSplit) error {
	var total Rate
	var revenue int
	for _, s := range splits {
		if s.Share < 0 {
			return Errorf(EINVALID, "A split share cannot be negative.")
		}
		if s.Kind == SplitRevenue {
			total += s.Share
			revenue++
		}
	}
	if revenue > 0 && total != RateOne {
		return Errorf(EINVALID, "Revenue splits must total 100 %%; these total %s.", total)
	}
	return nil
}

// DealChange records a change of amount, stage or close date.
type DealChange struct {
	DealID    int64
	Field     string // "amount", "stage", "close_date"
	Old, New  string
	ChangedAt time.Time
}

// Quota is what a person must sell in a month. Quarter and year quotas are
// the sums of their months.
type Quota struct {
	PersonID int64
	Month    Period
	Amount   Money
}

// Validate checks the quota.
func (q *Quota) Validate() error {
	if q.Month.Kind != Month {
		return Errorf(EINVALID, "Quotas are stored per month; %s is not a month.", q.Month)
	}
	if q.Amount < 0 {
		return Errorf(EINVALID, "A quota cannot be negative.")
	}
	return nil
}

// Settings are the workspace's settings.
type Settings struct {
	CompanyName     string
	Demo            bool            // a generated demo company
	Currency        string          // ISO code of the workspace currency
	Rates           map[string]Rate // units of workspace currency per unit of another currency
	Calendar        FiscalCalendar
	Language        string // "" = system default; else en, it, fr, nb
	Theme           string // "system", "light" or "dark"
	ForecastHorizon int    // months, 1–24
}

// DefaultSettings are those of a new workspace.
func DefaultSettings() Settings {
	return Settings{CompanyName: "", Currency: "EUR", Rates: map[string]Rate{}, Calendar: CalendarYear, Theme: "system", ForecastHorizon: 18}
}

// Languages the interface ships in.
var Languages = []string{"en", "it", "fr", "nb"}

// Validate checks the settings.
func (s *Settings) Validate() error {
	// Currency codes are kept in upper case, so rates are found whatever the
	// user typed.
	s.Currency = strings.ToUpper(strings.TrimSpace(s.Currency))
	if len(s.Rates) > 0 {
		up := make(map[string]Rate, len(s.Rates))
		for code, r := range s.Rates {
			up[strings.ToUpper(strings.TrimSpace(code))] = r
		}
		s.Rates = up
	}
	if _, err := LookupCurrency(s.Currency); err != nil {
		return err
	}
	if err := s.Calendar.Validate(); err != nil {
		return err
	}
	if s.Language != "" {
		ok := false
		for _, l := range Languages {
			ok = ok || l == s.Language
		}
		if !ok {
			return Errorf(EINVALID, "%q is not a language Salesops speaks: use en, it, fr or nb", s.Language)
		}
	}
	switch s.Theme {
	case "", "system", "light", "dark":
	default:
		return Errorf(EINVALID, "%q is not a theme: use system, light or dark", s.Theme)
	}
	if s.ForecastHorizon < 1 || s.ForecastHorizon > 24 {
		return Errorf(EINVALID, "The forecast horizon must be 1 to 24 months.")
	}
	for code, r := range s.Rates {
		if _, err := LookupCurrency(code); err != nil {
			return err
		}
		if r <= 0 {
			return Errorf(EINVALID, "The exchange rate for %s must be positive.", code)
		}
	}
	return nil
}

// Cal returns the workspace's fiscal calendar.
func (s *Settings) Cal() FiscalCalendar { return s.Calendar }

// ToWorkspace converts an amount in currency code to the workspace currency.
// An unknown currency is a clear error.
func (s *Settings) ToWorkspace(m Money, code string) (Money, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" || code == s.Currency {
		return m, nil
	}
	r, ok := s.Rates[code]
	if !ok {
		return 0, Errorf(EINVALID, "No exchange rate for %s: add one in Settings → Currency (workspace currency %s).", code, s.Currency)
	}
	from, err := LookupCurrency(code)
	if err != nil {
		return 0, err
	}
	to, _ := LookupCurrency(s.Currency)
	return Convert(m, from, to, r), nil
}
