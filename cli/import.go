package cli

import "context"

// Not yet available: answers with exit status 2 until its feature lands.
func init() {
	register(&command{name: "import", usage: "import --db FILE [--kind K] [--sheet S] [--preset P] [--map M] [--dry-run] FILE",
		summary: "import deals, accounts, people, quotas, territories or plans", run: func(context.Context, *Env, []string) error { return errNotYet("import") }})
}
