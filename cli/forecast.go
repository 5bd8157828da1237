package cli

import "context"

// Not yet available: answers with exit status 2 until its feature lands.
func init() {
	register(&command{name: "forecast", usage: "forecast --db FILE [--method M] [--horizon N] --json",
		summary: "print the forecast", run: func(context.Context, *Env, []string) error { return errNotYet("forecast") }})
}
