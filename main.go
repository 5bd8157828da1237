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
			// One batch job, then the process exits: the collector lets the
			// heap grow to five times what is live, a fifth of the
			// collections (100,000 deals in or out 0.1–0.3 s sooner), with
			// a soft limit on Go's own memory (SQLite's page cache comes on
			// top) so that a big file does not grow it fivefold; below 150 MB
			// live it never collects more often than the default would.
			// GOGC and GOMEMLIMIT, when set, win.
			if os.Getenv("GOGC") == "" {
				debug.SetGCPercent(400)
			}
			if os.Getenv("GOMEMLIMIT") == "" {
				debug.SetMemoryLimit(300 << 20)
			}
		}
		// Not on the main goroutine: Fyne's driver locks it to the main OS
		// thread (package init, for the window), and every time a locked
		// goroutine blocks and wakes (each SQLite statement with a context
		// does) the runtime hands it between threads. An import of
		// 100,000 accounts spent a quarter of its time doing that.
		status := make(chan int)
		go func() { status <- cli.Run(os.Args[1:], os.Stdout, os.Stderr) }()
		os.Exit(<-status)
	}
	os.Exit(ui.Main(os.Args[1:], os.Stderr))
}
