package cli

import "context"

// Commands whose features have not landed yet answer "not yet available"
// with exit status 2. Each moves to its own file when its issue lands.
func init() {
	for _, c := range []*command{
		{name: "import", usage: "import --db FILE [--kind K] [--sheet S] [--preset P] [--map M] [--dry-run] FILE", summary: "import deals, accounts, people, quotas, territories or plans"},
		{name: "export", usage: "export --db FILE KIND [--period P] -o OUT.xlsx|OUT.csv", summary: "export a table or a finance workbook"},
		{name: "kpis", usage: "kpis --db FILE --period P [--by person|team|territory] --json", summary: "print the KPIs of a period"},
		{name: "payouts", usage: "payouts --db FILE --period P --json", summary: "print the payouts of a period"},
		{name: "forecast", usage: "forecast --db FILE [--method M] [--horizon N] --json", summary: "print the forecast"},
	} {
		name := c.name
		c.run = func(context.Context, *Env, []string) error { return errNotYet(name) }
		register(c)
	}
}
