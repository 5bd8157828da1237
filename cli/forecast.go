package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"salesops/domain"
	"salesops/persistence"
)

func init() {
	register(&command{name: "forecast", usage: "forecast --db FILE [--method auto|moving-average|linear|holt-winters|pipeline] [--horizon N] [--period P] [--person EMAIL | --team NAME | --territory NAME] [--as-of DATE] --json",
		summary: "print the statistical forecast of monthly closed-won, or the pipeline by category", run: runForecast})
}

func runForecast(ctx context.Context, env *Env, args []string) error {
	fs := flags("forecast", env)
	dbPath := fs.String("db", "", "workspace file")
	method := fs.String("method", "auto", "auto, moving-average, linear, holt-winters or pipeline")
	horizon := fs.Int("horizon", 0, "months to forecast, 1–24 (default: the workspace's setting, 18)")
	period := fs.String("period", "", "period of the pipeline forecast (default: the quarter of --as-of)")
	asOfS := fs.String("as-of", "", "compute as if today were DATE (YYYY-MM-DD)")
	asJSON := fs.Bool("json", false, "print JSON")
	person := fs.String("person", "", "forecast one person's deals (email or name)")
	team := fs.String("team", "", "forecast one team's deals")
	territory := fs.String("territory", "", "forecast one territory's deals (with its sub-territories)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	given := 0
	for _, v := range []string{*person, *team, *territory} {
		if v != "" {
			given++
		}
	}
	if given > 1 {
		return usagef("give one of --person, --team and --territory")
	}
	m, err := domain.ParseStatMethod(*method)
	if err != nil {
		return domain.Errorf(domain.EINVALID, "--method: %s", domain.ErrorMessage(err))
	}
	if *horizon != 0 && (*horizon < 1 || *horizon > domain.MaxHorizon) {
		return domain.Errorf(domain.EINVALID, "--horizon must be 1 to %d months, not %d", domain.MaxHorizon, *horizon)
	}
	asOf, err := parseAsOf(*asOfS)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	scope, err := ResolveForecastScope(ctx, db, *person, *team, *territory)
	if err != nil {
		return err
	}
	out, err := BuildForecastJSON(ctx, db, m, *horizon, *period, asOf, scope)
	if err != nil {
		return err
	}
	if !*asJSON {
		return printForecastText(env, out)
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// ForecastJSON is what `salesops forecast --json` prints.
type ForecastJSON struct {
	Method     string          `json:"method"`
	Model      string          `json:"model"`
	Reason     string          `json:"reason"`
	Fallback   string          `json:"fallback,omitempty"`
	AsOf       string          `json:"as_of"`
	Scope      ScopeJSON       `json:"scope"`
	Currency   string          `json:"currency"`
	Params     map[string]any  `json:"params,omitempty"`
	History    []HistoryJSON   `json:"history"`
	Forecast   []PointJSON     `json:"forecast"`
	Backtest   BacktestJSON    `json:"backtest"`
	Candidates []CandidateJSON `json:"candidates,omitempty"`
	Pipeline   *PipelineJSON   `json:"pipeline,omitempty"`
}

// ScopeJSON says whose deals the forecast covers.
type ScopeJSON struct {
	Kind string `json:"kind"` // everyone, person, team or territory
	ID   int64  `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// ForecastScope is whose deals a forecast covers: everyone, or one person,
// team or territory (with its sub-territories).
type ForecastScope struct {
	ScopeJSON
	Won persistence.WonScope // closed-won kept by the statistical forecast and the backtest
	org domain.Org
}

// ResolveForecastScope finds the person (by email or name), team or
// territory named; all empty is everyone.
func ResolveForecastScope(ctx context.Context, db *persistence.DB, person, team, territory string) (ForecastScope, error) {
	sc := ForecastScope{ScopeJSON: ScopeJSON{Kind: "everyone"}}
	if person == "" && team == "" && territory == "" {
		return sc, nil
	}
	org, err := db.Org(ctx)
	if err != nil {
		return sc, err
	}
	sc.org = org
	same := func(a, b string) bool {
		return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
	}
	switch {
	case person != "":
		for _, p := range org.People {
			if (p.Email != "" && same(p.Email, person)) || same(p.Name, person) {
				sc.ScopeJSON = ScopeJSON{Kind: "person", ID: p.ID, Name: p.Name}
				sc.Won = persistence.WonScope{Owners: map[int64]bool{p.ID: true}}
				return sc, nil
			}
		}
		return sc, domain.Errorf(domain.EINVALID, "--person %q: no person with that email or name in %s", person, db.Path)
	case team != "":
		for _, t := range org.Teams {
			if same(t.Name, team) {
				sc.ScopeJSON = ScopeJSON{Kind: "team", ID: t.ID, Name: t.Name}
				owners := map[int64]bool{}
				for _, p := range org.People {
					if p.TeamID == t.ID {
						owners[p.ID] = true
					}
				}
				sc.Won = persistence.WonScope{Owners: owners}
				return sc, nil
			}
		}
		return sc, domain.Errorf(domain.EINVALID, "--team %q: no team of that name in %s", team, db.Path)
	default:
		for _, t := range org.Territories {
			if same(t.Name, territory) {
				sc.ScopeJSON = ScopeJSON{Kind: "territory", ID: t.ID, Name: t.Name}
				sc.Won = persistence.WonScope{Territories: within(org.Territories, t.ID, func(t domain.Territory) int64 { return t.ParentID }, func(t domain.Territory) int64 { return t.ID })}
				return sc, nil
			}
		}
		return sc, domain.Errorf(domain.EINVALID, "--territory %q: no territory of that name in %s", territory, db.Path)
	}
}

// within is root and everything under it, following parent links.
func within[T any](items []T, root int64, parent, id func(T) int64) map[int64]bool {
	in := map[int64]bool{root: true}
	for changed := true; changed; {
		changed = false
		for _, it := range items {
			if in[parent(it)] && !in[id(it)] {
				in[id(it)], changed = true, true
			}
		}
	}
	return in
}

// HistoryJSON is one month of closed-won.
type HistoryJSON struct {
	Period string  `json:"period"`
	Actual float64 `json:"actual"`
}

// PointJSON is one forecast period.
type PointJSON struct {
	Period string  `json:"period"`
	Value  float64 `json:"value"`
	Low    float64 `json:"low"`
	High   float64 `json:"high"`
}

// BacktestJSON holds the backtest ratios (fractions; null when undefined).
type BacktestJSON struct {
	WAPE *float64 `json:"wape"`
	MAPE *float64 `json:"mape"`
	Bias *float64 `json:"bias"`
	N    int      `json:"n"`
}

// CandidateJSON is one method the automatic choice compared.
type CandidateJSON struct {
	Model string   `json:"model"`
	WAPE  *float64 `json:"wape"`
}

// PipelineJSON is the pipeline forecast by category of a period.
type PipelineJSON struct {
	Period      string         `json:"period"`
	Total       CategoriesJSON `json:"total"`
	People      []RowJSON      `json:"people"`
	Teams       []RowJSON      `json:"teams"`
	Territories []RowJSON      `json:"territories"`
	Snapshots   int            `json:"snapshots"`
	// FromSnapshot names the snapshot the categories come from when --as-of
	// is a past day: the last one taken on or before it.
	FromSnapshot *SnapshotRefJSON `json:"from_snapshot,omitempty"`
}

// SnapshotRefJSON names a snapshot.
type SnapshotRefJSON struct {
	ID   int64  `json:"id"`
	AsOf string `json:"as_of"`
}

// RowJSON is one person (with their reports), team or territory.
type RowJSON struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Depth int    `json:"depth"`
	CategoriesJSON
}

// CategoriesJSON are the categories and roll-ups of PRODUCT.md §5.4.
type CategoriesJSON struct {
	Closed           float64  `json:"closed"`
	Commit           float64  `json:"commit"`
	BestCase         float64  `json:"best_case"`
	Pipeline         float64  `json:"pipeline"`
	Omitted          float64  `json:"omitted"`
	CommitForecast   float64  `json:"commit_forecast"`
	BestCaseForecast float64  `json:"best_case_forecast"`
	OpenPipeline     float64  `json:"open_pipeline"`
	Weighted         float64  `json:"weighted_pipeline"`
	Quota            float64  `json:"quota"`
	Gap              float64  `json:"gap"`
	CoverageNeeded   *float64 `json:"coverage_needed"`
	AdjustedCommit   float64  `json:"adjusted_commit"`
	AdjustedBestCase float64  `json:"adjusted_best_case"`
	Adjusted         bool     `json:"adjusted"`
	Note             string   `json:"note,omitempty"`
}

func opt(o domain.OptFloat) *float64 {
	if !o.OK || math.IsNaN(o.V) || math.IsInf(o.V, 0) {
		return nil
	}
	v := o.V
	return &v
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// BuildForecastJSON computes the forecast the command prints: the
// statistical one, or for method pipeline the categories of the period with
// the pipeline's own forecast (commit, between closed and best case) and the
// accuracy of past snapshots as its backtest.
//
// scope limits it to one person, team or territory: the statistical forecast
// and the backtest to their closed-won (a person's own deals, a team's
// members', a territory's accounts with its sub-territories), the pipeline
// total to their row (a person's with their reports) and the rows to those
// under it.
func BuildForecastJSON(ctx context.Context, db *persistence.DB, m domain.StatMethod, horizon int, period string, asOf time.Time, scope ForecastScope) (ForecastJSON, error) {
	s, err := db.Settings(ctx)
	if err != nil {
		return ForecastJSON{}, err
	}
	cur, err := domain.LookupCurrency(s.Currency)
	if err != nil {
		return ForecastJSON{}, err
	}
	major := func(v float64) float64 { return round2(v / float64(cur.Scale())) }
	money := func(v domain.Money) float64 { return cur.Major(v) }
	if scope.Kind == "" {
		scope.Kind = "everyone"
	}
	out := ForecastJSON{AsOf: asOf.Format("2006-01-02"), Currency: cur.Code, Scope: scope.ScopeJSON, History: []HistoryJSON{}, Forecast: []PointJSON{}}
	stat, err := db.StatisticalForecast(ctx, asOf, domain.StatOptions{Method: m, Horizon: horizon}, scope.Won)
	if err != nil {
		return out, err
	}
	for i, mo := range stat.Months {
		out.History = append(out.History, HistoryJSON{Period: mo.String(), Actual: major(stat.History[i])})
	}
	if m != domain.MethodPipeline {
		f := stat.Forecast
		out.Method, out.Model, out.Reason, out.Fallback = string(f.Method), f.Model, f.Reason.Text(), f.Fallback.Text()
		out.Params = map[string]any{}
		for k, v := range f.Params {
			out.Params[k] = v
		}
		for i, mo := range stat.ForecastMonths() {
			p := f.Points[i]
			out.Forecast = append(out.Forecast, PointJSON{Period: mo.String(), Value: major(p.Value), Low: major(p.Low), High: major(p.High)})
		}
		out.Backtest = BacktestJSON{WAPE: opt(f.Backtest.WAPE), MAPE: opt(f.Backtest.MAPE), Bias: opt(f.Backtest.Bias), N: f.Backtest.N}
		for _, c := range f.Candidates {
			out.Candidates = append(out.Candidates, CandidateJSON{Model: c.Name, WAPE: opt(c.WAPE)})
		}
		return out, nil
	}
	p := s.Calendar.PeriodOf(domain.Quarter, asOf)
	if period != "" {
		if p, err = domain.ParsePeriod(period, s.Calendar); err != nil {
			return out, domain.Errorf(domain.EINVALID, "--period: %s", domain.ErrorMessage(err))
		}
	}
	// As of a past day, the pipeline is the one the last snapshot on or
	// before that day saw; as of today (or without a snapshot), the live one.
	pf, from, err := db.PipelineForecastAsOf(ctx, p, asOf)
	if err != nil {
		return out, err
	}
	cats := func(t domain.PipelineTotals, c domain.Call) CategoriesJSON {
		return CategoriesJSON{Closed: money(t.Closed), Commit: money(t.Commit), BestCase: money(t.BestCase), Pipeline: money(t.Pipeline),
			Omitted: money(t.Omitted), CommitForecast: money(t.CommitForecast()), BestCaseForecast: money(t.BestCaseForecast()),
			OpenPipeline: money(t.OpenPipeline()), Weighted: money(t.Weighted), Quota: money(t.Quota), Gap: money(t.Gap()),
			CoverageNeeded: opt(t.CoverageNeeded()), AdjustedCommit: money(c.Commit), AdjustedBestCase: money(c.BestCase),
			Adjusted: c.Adjusted, Note: c.Note}
	}
	rows := func(rs []domain.PipelineRow) []RowJSON {
		out := []RowJSON{}
		for _, r := range rs {
			out = append(out, RowJSON{ID: r.ID, Name: r.Name, Depth: r.Depth, CategoriesJSON: cats(r.Total, r.Adjusted)})
		}
		return out
	}
	pj := &PipelineJSON{Period: p.String(), Total: cats(pf.Total, pf.Adjusted), People: rows(pf.People), Teams: rows(pf.Teams), Territories: rows(pf.Territories)}
	if scope.Kind != "everyone" {
		pick := func(rs []domain.PipelineRow, keep func(int64) bool) []domain.PipelineRow {
			var out []domain.PipelineRow
			for _, r := range rs {
				if keep(r.ID) {
					out = append(out, r)
				}
			}
			return out
		}
		none := func(int64) bool { return false }
		var people, teams, terrs func(int64) bool
		var self []domain.PipelineRow
		switch scope.Kind {
		case "person":
			under := within(scope.org.People, scope.ID, func(p domain.Person) int64 { return p.ManagerID }, func(p domain.Person) int64 { return p.ID })
			people, teams, terrs = func(id int64) bool { return under[id] }, none, none
			self = pick(pf.People, func(id int64) bool { return id == scope.ID })
		case "team":
			people, teams, terrs = func(id int64) bool { return scope.Won.Owners[id] }, func(id int64) bool { return id == scope.ID }, none
			self = pick(pf.Teams, func(id int64) bool { return id == scope.ID })
		default:
			people, teams, terrs = none, none, func(id int64) bool { return scope.Won.Territories[id] }
			self = pick(pf.Territories, func(id int64) bool { return id == scope.ID })
		}
		pj.People, pj.Teams, pj.Territories = rows(pick(pf.People, people)), rows(pick(pf.Teams, teams)), rows(pick(pf.Territories, terrs))
		pj.Total = CategoriesJSON{}
		if len(self) == 1 {
			pj.Total = cats(self[0].Total, self[0].Adjusted)
		}
	}
	acc, err := db.AccuracyHistory(ctx, asOf, s.Calendar, p.Kind, scope.Won.Keep())
	if err != nil {
		return out, err
	}
	pj.Snapshots = len(acc)
	if from != nil {
		pj.FromSnapshot = &SnapshotRefJSON{ID: from.ID, AsOf: from.AsOf.Format("2006-01-02")}
	}
	sum := domain.AccuracySummary(acc)
	out.Method, out.Model = string(domain.MethodPipeline), "Pipeline by category"
	out.Reason = fmt.Sprintf("The commit forecast (Closed + Commit) of %s, between closed-won and the best-case forecast; the backtest compares %d past snapshots with what closed.", p, len(acc))
	if from != nil {
		out.Reason += fmt.Sprintf(" The deals are as the snapshot of %s saw them.", from.AsOf.Format("2006-01-02"))
	} else if asOf.Before(domain.DateOf(time.Now())) {
		out.Reason += fmt.Sprintf(" No snapshot was taken on or before %s: the deals are as they stand today.", asOf.Format("2006-01-02"))
	}
	out.Pipeline = pj
	out.Forecast = append(out.Forecast, PointJSON{Period: p.String(), Value: pj.Total.AdjustedCommit, Low: pj.Total.Closed, High: pj.Total.AdjustedBestCase})
	out.Backtest = BacktestJSON{WAPE: opt(sum.WAPE), MAPE: opt(sum.MAPE), Bias: opt(sum.Bias), N: sum.N}
	return out, nil
}

func printForecastText(env *Env, out ForecastJSON) error {
	w := env.Stdout
	if out.Scope.Kind != "everyone" && out.Scope.Kind != "" {
		fmt.Fprintf(w, "Scope: %s %s\n", out.Scope.Kind, out.Scope.Name)
	}
	fmt.Fprintf(w, "Method: %s (%s)\n%s\n", out.Method, out.Model, out.Reason)
	if out.Fallback != "" {
		fmt.Fprintln(w, out.Fallback)
	}
	for _, p := range out.Forecast {
		fmt.Fprintf(w, "%-8s %14.2f  [%14.2f – %14.2f] %s\n", p.Period, p.Value, p.Low, p.High, out.Currency)
	}
	if out.Backtest.WAPE != nil {
		fmt.Fprintf(w, "Backtest WAPE %.1f %%\n", *out.Backtest.WAPE*100)
	}
	return nil
}
