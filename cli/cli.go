// Package cli is the headless face of Salesops: the subcommands of PRODUCT.md §7.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"time"

	"salesops/domain"
	"salesops/persistence"
)

// Exit statuses.
const (
	ExitOK    = 0
	ExitUser  = 1 // a bad file or argument
	ExitUsage = 2 // the command line itself is wrong, or the command is not available yet
)

// command is one subcommand.
type command struct {
	name    string
	usage   string // the synopsis line of --help
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// Env is what a command runs with.
type Env struct {
	Stdout, Stderr io.Writer
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// usageError makes the command exit with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// errNotYet answers commands whose feature has not landed.
func errNotYet(name string) error {
	return usagef("salesops %s is not yet available in this version", name)
}

// IsCommand reports whether arg names a subcommand (or asks for help).
func IsCommand(arg string) bool {
	_, ok := commands[arg]
	return ok || arg == "help" || arg == "-h" || arg == "--help" || arg == "-help"
}

// Run runs the subcommand in args[0] and returns the process exit status.
func Run(args []string, stdout, stderr io.Writer) int {
	env := &Env{Stdout: stdout, Stderr: stderr}
	if len(args) == 0 || args[0] == "help" || strings.TrimLeft(args[0], "-") == "help" || args[0] == "-h" {
		Usage(stdout)
		return ExitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "salesops: unknown command %q (see salesops --help)\n", args[0])
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := c.run(ctx, env, args[1:])
	var ue *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "salesops %s: %s\n", c.name, ue.msg)
		return ExitUsage
	default:
		fmt.Fprintf(stderr, "salesops %s: %s\n", c.name, oneLine(domain.ErrorMessage(err)))
		return ExitUser
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Usage prints the list of commands.
func Usage(w io.Writer) {
	fmt.Fprintln(w, "Salesops — sales operations, offline.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  salesops [--db FILE]                       open the window (default workspace if no --db)")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	order := map[string]int{"demo": 1, "import": 2, "export": 3, "kpis": 4, "payouts": 5, "forecast": 6, "backup": 7, "check": 8}
	sort.Slice(names, func(i, j int) bool {
		return order[names[i]]*100+int(names[i][0]) < order[names[j]]*100+int(names[j][0])
	})
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  salesops %s\n      %s\n", c.usage, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "kpis, payouts and forecast take --as-of DATE to compute as if today were DATE.")
	fmt.Fprintln(w, "A --db path that does not exist yet becomes a new, empty workspace.")
	fmt.Fprintln(w, "Exit status: 0 success, 1 user error (bad file or argument), 2 usage error.")
}

// flags makes a FlagSet for a command whose errors become usage errors.
func flags(name string, env *Env) *flag.FlagSet {
	fs := flag.NewFlagSet("salesops "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// parse parses args, turning flag errors into usage errors. Flags may follow
// positional arguments (salesops import FILE --db X).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseAsOf reads --as-of DATE (YYYY-MM-DD); empty is today. A bad date is a
// bad argument: a user error (exit 1) naming the flag.
func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		return domain.DateOf(time.Now()), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, domain.Errorf(domain.EINVALID, "--as-of %q is not a date: write it as YYYY-MM-DD", s)
	}
	return t, nil
}

// openDB opens the workspace named by --db, which is required.
func openDB(ctx context.Context, path string) (*persistence.DB, error) {
	if path == "" {
		return nil, usagef("--db FILE is required")
	}
	return persistence.Open(ctx, path)
}
