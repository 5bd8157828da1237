package cli

import (
	"context"
	"sort"
	"strings"

	"salesops/domain"
	"salesops/persistence"
	"salesops/persistence/sheets"
)

// ImportRequest is what `salesops import` was asked for.
type ImportRequest struct {
	Kind   string // deals, accounts, people, quotas, territories, plans
	Sheet  string // --sheet, "" for the first (or the kind's own sheets)
	Preset string // --preset, "" to detect from the header
	Map    string // --map "Header=field,..."
	DryRun bool
	File   string
	// Tables only (deals, accounts, people, quotas):
	Encoding     string           // --encoding, CSV; "" to detect
	DateOrder    sheets.DateOrder // --date-order; DateAuto to decide from the data
	CombineLines bool             // --combine-lines, deals
}

// importer reads one kind of file into the workspace. The spreadsheet engine
// registers the table kinds (deals, accounts, people, quotas); territories
// and plans register their design workbooks from their own files.
type importer func(ctx context.Context, env *Env, db *persistence.DB, req ImportRequest) error

var importers = map[string]importer{}

//lint:ignore U1000 each feature registers its import kinds from its own file.
func registerImport(kind string, fn importer) { importers[kind] = fn }

func importKinds() string {
	var k []string
	for n := range importers {
		k = append(k, n)
	}
	sort.Strings(k)
	return strings.Join(k, ", ")
}

func init() {
	register(&command{name: "import", usage: "import --db FILE [--kind deals|accounts|people|quotas|territories|plans] [--sheet NAME] [--preset NAME] [--map \"Header=field,...\"] [--encoding NAME] [--date-order dmy|mdy|ymd] [--combine-lines] [--dry-run] FILE",
		summary: "import deals, accounts, people, quotas, territories or plans", run: runImport})
}

func runImport(ctx context.Context, env *Env, args []string) error {
	fs := flags("import", env)
	dbPath := fs.String("db", "", "workspace file")
	kind := fs.String("kind", "deals", "what the file holds")
	sheet := fs.String("sheet", "", "sheet to read (XLSX)")
	preset := fs.String("preset", "", "read the columns as this export does, ignoring others: "+persistence.PresetNames()+" (default: detect from the header)")
	mapping := fs.String("map", "", `column mapping "Header=field,..." (over the preset's)`)
	encoding := fs.String("encoding", "", "CSV text encoding, e.g. utf-8, windows-1252, iso-8859-1 (default: detect)")
	dateOrder := fs.String("date-order", "", "read dates such as 03/04/26 as dmy, mdy or ymd (default: from the data, else the locale)")
	combine := fs.Bool("combine-lines", false, "deals: sum the amounts of the rows sharing one deal ID into one deal (other fields from its first row)")
	dry := fs.Bool("dry-run", false, "check the file and report, change nothing")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("name one FILE to import")
	}
	order, err := sheets.ParseDateOrder(*dateOrder)
	if err != nil {
		return domain.Errorf(domain.EINVALID, "--date-order: %v", err)
	}
	if *encoding != "" {
		if err := sheets.CheckEncoding(*encoding); err != nil {
			return domain.Errorf(domain.EINVALID, "--encoding: %v", err)
		}
	}
	table := false
	for _, k := range persistence.ImportKinds {
		table = table || k == *kind
	}
	if !table && (*encoding != "" || *dateOrder != "" || *combine) {
		return usagef("--encoding, --date-order and --combine-lines read tables (%s), not %s", strings.Join(persistence.ImportKinds, ", "), *kind)
	}
	if *combine && *kind != "deals" {
		return usagef("--combine-lines sums the lines of one deal: it is for --kind deals")
	}
	if *preset != "" && table {
		if err := persistence.CheckPreset(*kind, *preset); err != nil {
			return err
		}
	}
	fn, ok := importers[*kind]
	if !ok {
		if len(importers) == 0 {
			return errNotYet("import")
		}
		return usagef("unknown kind %q: use one of %s", *kind, importKinds())
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(ctx, env, db, ImportRequest{Kind: *kind, Sheet: *sheet, Preset: *preset, Map: *mapping, DryRun: *dry, File: pos[0],
		Encoding: *encoding, DateOrder: order, CombineLines: *combine})
}
