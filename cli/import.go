package cli

import (
	"context"
	"sort"
	"strings"

	"salesops/persistence"
)

// ImportRequest is what `salesops import` was asked for.
type ImportRequest struct {
	Kind   string // deals, accounts, people, quotas, territories, plans
	Sheet  string // --sheet, "" for the first (or the kind's own sheets)
	Preset string // --preset, "" to detect from the header
	Map    string // --map "Header=field,..."
	DryRun bool
	File   string
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
	register(&command{name: "import", usage: "import --db FILE [--kind deals|accounts|people|quotas|territories|plans] [--sheet NAME] [--preset NAME] [--map \"Header=field,...\"] [--dry-run] FILE",
		summary: "import deals, accounts, people, quotas, territories or plans", run: runImport})
}

func runImport(ctx context.Context, env *Env, args []string) error {
	fs := flags("import", env)
	dbPath := fs.String("db", "", "workspace file")
	kind := fs.String("kind", "deals", "what the file holds")
	sheet := fs.String("sheet", "", "sheet to read (XLSX)")
	preset := fs.String("preset", "", "column preset: salesforce, hubspot, pipedrive, zoho, salesops")
	mapping := fs.String("map", "", `column mapping "Header=field,..."`)
	dry := fs.Bool("dry-run", false, "check the file and report, change nothing")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("name one FILE to import")
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
	return fn(ctx, env, db, ImportRequest{Kind: *kind, Sheet: *sheet, Preset: *preset, Map: *mapping, DryRun: *dry, File: pos[0]})
}
