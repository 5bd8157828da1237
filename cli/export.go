package cli

import (
	"context"
	"sort"
	"strings"

	"salesops/persistence"
)

// ExportRequest is what `salesops export` was asked for.
type ExportRequest struct {
	Kind   string
	Period string // --period, "" when not given
	Out    string // -o: .xlsx or .csv
	AsOf   string // --as-of, "" when not given
}

// exporter writes one kind of export. Each feature registers its kinds
// (deals, payouts, forecast, review …) from its own file with registerExport.
type exporter func(ctx context.Context, env *Env, db *persistence.DB, req ExportRequest) error

var exporters = map[string]exporter{}

//lint:ignore U1000 each feature registers its export kinds from its own file.
func registerExport(kind string, fn exporter) { exporters[kind] = fn }

func exportKinds() string {
	var k []string
	for n := range exporters {
		k = append(k, n)
	}
	sort.Strings(k)
	return strings.Join(k, ", ")
}

func init() {
	register(&command{name: "export", usage: "export --db FILE KIND [--period P] -o OUT.xlsx|OUT.csv",
		summary: "export a table or a finance workbook", run: runExport})
}

func runExport(ctx context.Context, env *Env, args []string) error {
	fs := flags("export", env)
	dbPath := fs.String("db", "", "workspace file")
	period := fs.String("period", "", "period key (2026, 2026-Q3, 2026-07)")
	out := fs.String("o", "", "file to write (.xlsx or .csv)")
	asOf := fs.String("as-of", "", "compute as if today were DATE (YYYY-MM-DD)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("name one KIND to export")
	}
	fn, ok := exporters[pos[0]]
	if !ok {
		if len(exporters) == 0 {
			return errNotYet("export")
		}
		return usagef("unknown export %q: use one of %s", pos[0], exportKinds())
	}
	if *out == "" {
		return usagef("-o OUT.xlsx or -o OUT.csv is required")
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(ctx, env, db, ExportRequest{Kind: pos[0], Period: *period, Out: *out, AsOf: *asOf})
}
