// Command bench prints the performance figures of PRODUCT.md §8 on generated
// data: `make bench`. Each feature adds its scenarios from its own file with
// register(scenario{...}).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"salesops/domain"
	"salesops/persistence"
)

// scenario is one measured figure.
type scenario struct {
	order  int    // scenarios print in this order
	name   string // what is measured
	target string // the quality bar, e.g. "< 1 min"
	run    func(ctx context.Context, env *benchEnv) (string, error)
}

var scenarios []scenario

func register(s scenario) { scenarios = append(scenarios, s) }

// benchEnv is shared by the scenarios: the binary, a scratch folder and the
// generated million-deal workspace.
type benchEnv struct {
	Bin   string
	Dir   string
	Deals int
	// BigDB is the path of the generated workspace with Deals deals (made by
	// the first scenario, "demo generation").
	BigDB string
}

// runBin runs the salesops binary and returns its wall time and peak memory.
func (e *benchEnv) runBin(ctx context.Context, args ...string) (time.Duration, int64, error) {
	cmd := exec.CommandContext(ctx, e.Bin, args...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	out, err := cmd.Output()
	d := time.Since(start)
	if err != nil {
		return d, 0, fmt.Errorf("%s %s: %w\n%s", e.Bin, strings.Join(args, " "), err, out)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss * 1024
	}
	return d, rss, nil
}

// runBinMedian runs the binary n times with the arguments prep gives for
// each run, after a sync (so that the writeback of the files the bench just
// wrote does not land in the run), and gives the median wall time as
// "3.52 s (3.41–3.80)", with the range, and the highest peak memory.
func (e *benchEnv) runBinMedian(ctx context.Context, n int, prep func(run int) ([]string, error)) (string, int64, error) {
	var ds []time.Duration
	var peak int64
	for i := 0; i < n; i++ {
		args, err := prep(i)
		if err != nil {
			return "", 0, err
		}
		syscall.Sync()
		d, rss, err := e.runBin(ctx, args...)
		if err != nil {
			return "", 0, err
		}
		ds, peak = append(ds, d), max(peak, rss)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return fmt.Sprintf("%.2f s (%.2f–%.2f)", ds[len(ds)/2].Seconds(), ds[0].Seconds(), ds[len(ds)-1].Seconds()), peak, nil
}

// bigDB opens the generated workspace.
func (e *benchEnv) bigDB(ctx context.Context) (*persistence.DB, error) {
	if e.BigDB == "" {
		return nil, fmt.Errorf("the big workspace was not generated")
	}
	return persistence.Open(ctx, e.BigDB)
}

// timeIt runs fn n times and returns the median duration.
func timeIt(n int, fn func() error) (time.Duration, error) {
	ds := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		start := time.Now()
		if err := fn(); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(start))
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2], nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func mb(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/1e6) }

// selfPeak is this process's peak resident memory.
func selfPeak() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss * 1024
}

func main() {
	bin := flag.String("bin", "build/salesops", "the salesops binary")
	deals := flag.Int("deals", 1_000_000, "deals in the generated workspace")
	only := flag.String("only", "", "run only scenarios whose name contains this")
	reuse := flag.String("workspace", "", "a workspace made by salesops demo --deals N to copy instead of generating one (iterating on one scenario)")
	flag.Parse()
	dir, err := os.MkdirTemp("", "salesops-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer os.RemoveAll(dir)
	abs, _ := filepath.Abs(*bin)
	env := &benchEnv{Bin: abs, Dir: dir, Deals: *deals}
	sort.SliceStable(scenarios, func(i, j int) bool { return scenarios[i].order < scenarios[j].order })
	what := fmt.Sprintf("%d deals", *deals)
	if *reuse != "" {
		what = "the workspace " + *reuse // its deals, whatever --deals says
	}
	fmt.Printf("Salesops benchmarks — %s, %d cores, %s\n", what, runtime.NumCPU(), time.Now().Format("2006-01-02 15:04"))
	fmt.Printf("%-58s %-22s %s\n", "figure", "measured", "target")
	ctx := context.Background()
	failed := false
	if *reuse != "" {
		env.BigDB = filepath.Join(dir, "big.db")
		if err := copyFile(*reuse, env.BigDB); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	for _, s := range scenarios {
		if *only != "" && !strings.Contains(s.name, *only) && s.order > 1 {
			continue
		}
		if *reuse != "" && s.order <= 2 {
			continue // the workspace is given
		}
		res, err := s.run(ctx, env)
		if err != nil {
			res = "error: " + err.Error()
			failed = true
		}
		fmt.Printf("%-58s %-22s %s\n", s.name, res, s.target)
	}
	if failed {
		os.Exit(1)
	}
}

// copyFile copies a workspace so the scenarios that write never change the original.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// The fixed day and quarter the feature scenarios compute for, so figures
// compare across runs.
var (
	benchAsOf    = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	benchQuarter = domain.MustParsePeriod("2026-Q3", domain.CalendarYear)
)
