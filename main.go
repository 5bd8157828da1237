// Command salesops runs a sales team's operations offline: the window, or the
// headless commands of PRODUCT.md §7.
package main

import (
	"os"
	"runtime/debug"

	"salesops/cli"
	"salesops/ui"
)

func main() {
	if len(os.Args) > 1 && cli.IsCommand(os.Args[1]) {
		switch os.Args[1] {
		case "import", "export":
			// One batch job, then the process exits: the garbage collector
			// may let the heap grow to five times what is live, a fifth of
			// the collections (100,000 deals in or out 0.1–0.3 s sooner),
			// but past 200 MB it collects as often as it must, so the
			// process stays under the 300 MB bar.
			if os.Getenv("GOGC") == "" {
				debug.SetGCPercent(400)
				debug.SetMemoryLimit(200 << 20)
			}
		}
		os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(ui.Main(os.Args[1:], os.Stderr))
}
