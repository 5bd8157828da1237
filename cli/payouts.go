package cli

import "context"

// Not yet available: answers with exit status 2 until its feature lands.
func init() {
	register(&command{name: "payouts", usage: "payouts --db FILE --period P --json",
		summary: "print the payouts of a period", run: func(context.Context, *Env, []string) error { return errNotYet("payouts") }})
}
