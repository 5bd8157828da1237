package cli

import "context"

// Not yet available: answers with exit status 2 until its feature lands.
func init() {
	register(&command{name: "kpis", usage: "kpis --db FILE --period P [--by person|team|territory] --json",
		summary: "print the KPIs of a period", run: func(context.Context, *Env, []string) error { return errNotYet("kpis") }})
}
