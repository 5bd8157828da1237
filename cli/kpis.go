package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"salesops/domain"
	"salesops/persistence"
)

func init() {
	register(&command{name: "kpis", usage: "kpis --db FILE --period P [--by person|team|territory] [--as-of DATE] --json",
		summary: "print the KPIs of a period (each with the previous period's value)", run: runKPIs})
}

// kpiJSON is one set of KPIs as `salesops kpis --json` prints it: amounts in
// the workspace currency, ratios as fractions, null where a figure is
// undefined (no quota, no closed deals …).
type kpiJSON struct {
	ID                *int64       `json:"id,omitempty"`
	Name              *string      `json:"name,omitempty"`
	Email             *string      `json:"email,omitempty"`
	Period            string       `json:"period"`
	ClosedWon         float64      `json:"closed_won"`
	Quota             *float64     `json:"quota"`
	Credited          float64      `json:"credited"`
	Attainment        *float64     `json:"attainment"`
	WonCount          int          `json:"won_count"`
	LostCount         int          `json:"lost_count"`
	OpenCount         int          `json:"open_count"`
	WinRate           *float64     `json:"win_rate"`
	AvgDealSize       *float64     `json:"avg_deal_size"`
	AvgCycleDays      *float64     `json:"avg_cycle_days"`
	OpenPipeline      float64      `json:"open_pipeline"`
	WeightedPipeline  float64      `json:"weighted_pipeline"`
	PipelineCoverage  *float64     `json:"pipeline_coverage"`
	LeadResponseHours *float64     `json:"lead_response_hours"`
	DataQualityScore  *float64     `json:"data_quality_score"`
	StageConversion   []funnelJSON `json:"stage_conversion,omitempty"`
	Previous          *kpiJSON     `json:"previous,omitempty"`
}

type funnelJSON struct {
	Stage      string   `json:"stage"`
	Reached    int      `json:"reached"`
	Conversion *float64 `json:"conversion"`
}

func roundTo(v float64, digits int) float64 {
	s := math.Pow(10, float64(digits))
	return math.Round(v*s) / s
}

func optJSON(o domain.OptFloat, digits int) *float64 {
	if !o.OK {
		return nil
	}
	v := roundTo(o.V, digits)
	return &v
}

func toKPIJSON(r domain.KPIReport, cur domain.Currency) *kpiJSON {
	money := func(m domain.Money) float64 { return cur.Major(m) }
	moneyOpt := func(o domain.OptFloat) *float64 {
		if !o.OK {
			return nil
		}
		v := roundTo(o.V/float64(cur.Scale()), cur.Digits)
		return &v
	}
	j := &kpiJSON{
		Period: r.Period.String(), ClosedWon: money(r.ClosedWon), Credited: money(r.Credited),
		Attainment: optJSON(r.Attainment, 6), WonCount: r.WonCount, LostCount: r.LostCount, OpenCount: r.OpenCount,
		WinRate: optJSON(r.WinRate, 6), AvgDealSize: moneyOpt(r.AvgDealSize), AvgCycleDays: optJSON(r.AvgCycleDays, 2),
		OpenPipeline: money(r.OpenPipeline), WeightedPipeline: money(r.WeightedPipeline),
		PipelineCoverage: optJSON(r.PipelineCoverage, 6), LeadResponseHours: optJSON(r.LeadResponseHrs, 2),
		DataQualityScore: optJSON(r.QualityScore, 6),
	}
	if r.HasQuota {
		q := money(r.Quota)
		j.Quota = &q
	}
	for _, s := range r.Funnel {
		j.StageConversion = append(j.StageConversion, funnelJSON{Stage: s.Stage, Reached: s.Reached, Conversion: optJSON(s.Conversion, 6)})
	}
	return j
}

func runKPIs(ctx context.Context, env *Env, args []string) error {
	fs := flags("kpis", env)
	dbPath := fs.String("db", "", "workspace file")
	period := fs.String("period", "", "period key (2026, 2026-Q3, 2026-07)")
	by := fs.String("by", "", "break down by person, team or territory")
	asJSON := fs.Bool("json", false, "print JSON")
	asOf := fs.String("as-of", "", "compute as if today were DATE (YYYY-MM-DD)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *period == "" {
		return usagef("--period P is required (e.g. 2026-Q3)")
	}
	switch *by {
	case "", persistence.ByPerson, persistence.ByTeam, persistence.ByTerritory:
	default:
		return usagef("--by %q: use person, team or territory", *by)
	}
	day, err := parseAsOf(*asOf)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	p, err := domain.ParsePeriod(*period, s.Calendar)
	if err != nil {
		return fmt.Errorf("--period: %w", err)
	}
	cur, err := domain.LookupCurrency(s.Currency)
	if err != nil {
		return err
	}
	if *by == "" {
		cur1, err := db.KPIReport(ctx, persistence.KPIScope{}, p, day)
		if err != nil {
			return err
		}
		if cur1.Funnel, err = db.Funnel(ctx, persistence.KPIScope{}, p); err != nil {
			return err
		}
		prev, err := db.KPIReport(ctx, persistence.KPIScope{}, p.Prev(), day)
		if err != nil {
			return err
		}
		j := toKPIJSON(cur1, cur)
		j.Previous = toKPIJSON(prev, cur)
		return printKPIs(env, *asJSON, j, cur)
	}
	groups, err := db.KPIsBy(ctx, *by, persistence.KPIScope{}, p, day)
	if err != nil {
		return err
	}
	prevGroups, err := db.KPIsBy(ctx, *by, persistence.KPIScope{}, p.Prev(), day)
	if err != nil {
		return err
	}
	prevOf := map[int64]domain.KPIReport{}
	for _, g := range prevGroups {
		prevOf[g.ID] = g.KPIReport
	}
	out := make([]*kpiJSON, 0, len(groups))
	for _, g := range groups {
		j := toKPIJSON(g.KPIReport, cur)
		id, name := g.ID, g.Name
		j.ID, j.Name = &id, &name
		if *by == persistence.ByPerson {
			email := g.Email
			j.Email = &email
		}
		prev, ok := prevOf[g.ID]
		if !ok {
			prev = domain.KPIReport{Period: p.Prev(), HasQuota: g.HasQuota}
		}
		j.Previous = toKPIJSON(prev, cur)
		out = append(out, j)
	}
	return printKPIs(env, *asJSON, out, cur)
}

func printKPIs(env *Env, asJSON bool, v any, cur domain.Currency) error {
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	var list []*kpiJSON
	switch x := v.(type) {
	case *kpiJSON:
		list = []*kpiJSON{x}
	case []*kpiJSON:
		list = x
	}
	f := func(p *float64, pct bool) string {
		switch {
		case p == nil:
			return "—"
		case pct:
			return fmt.Sprintf("%.1f %%", *p*100)
		}
		return fmt.Sprintf("%.2f", *p)
	}
	for _, j := range list {
		if j.Name != nil {
			fmt.Fprintf(env.Stdout, "%s\n", *j.Name)
		}
		fmt.Fprintf(env.Stdout, "  %s  closed-won %.2f %s (previous %.2f), quota %s, attainment %s, won %d, lost %d, win rate %s,\n",
			j.Period, j.ClosedWon, cur.Code, j.Previous.ClosedWon, f(j.Quota, false), f(j.Attainment, true), j.WonCount, j.LostCount, f(j.WinRate, true))
		fmt.Fprintf(env.Stdout, "  average deal %s, cycle %s days, open pipeline %.2f, coverage %s, lead response %s h, data quality %s\n",
			f(j.AvgDealSize, false), f(j.AvgCycleDays, false), j.OpenPipeline, f(j.PipelineCoverage, false), f(j.LeadResponseHours, false), f(j.DataQualityScore, true))
	}
	return nil
}
