// Command salesops runs a sales team's operations offline: the window, or the
// headless commands of PRODUCT.md §7.
package main

import (
	"os"

	"salesops/cli"
	"salesops/ui"
)

func main() {
	if len(os.Args) > 1 && cli.IsCommand(os.Args[1]) {
		os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(ui.Main(os.Args[1:], os.Stderr))
}
