package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"salesops/persistence"
	"salesops/persistence/sheets"
)

func init() {
	for _, k := range persistence.ImportKinds {
		registerImport(k, importTable)
	}
}

// maxListed is how many problems a real import prints (a dry run prints all).
const maxListed = 20

// importTable imports deals, accounts, people or quotas from XLSX or CSV.
func importTable(ctx context.Context, env *Env, db *persistence.DB, req ImportRequest) error {
	m, err := persistence.ParseMapping(req.Kind, req.Map)
	if err != nil {
		return err
	}
	res, err := db.Import(ctx, req.File, persistence.ImportOptions{Kind: req.Kind, Sheet: req.Sheet, Preset: req.Preset,
		Map: m, DryRun: req.DryRun, DateFallback: localeDateOrder(), Encoding: req.Encoding, DateOrder: req.DateOrder, CombineLines: req.CombineLines})
	if err != nil {
		return err
	}
	for _, n := range res.Notes {
		fmt.Fprintln(env.Stderr, "note: "+n)
	}
	out := env.Stderr
	if req.DryRun {
		out = env.Stdout
	}
	for i, p := range res.Problems {
		if !req.DryRun && i == maxListed {
			fmt.Fprintf(out, "… and %d more problems (see the refused rows' workbook or run with --dry-run)\n", len(res.Problems)-maxListed)
			break
		}
		fmt.Fprintln(out, p.String())
	}
	if !req.DryRun && len(res.Rejected) > 0 {
		base := strings.TrimSuffix(req.File, filepath.Ext(req.File))
		path := base + "-refused.xlsx"
		for i := 2; ; i++ {
			if _, err := os.Stat(path); err != nil {
				break
			}
			path = fmt.Sprintf("%s-refused-%d.xlsx", base, i)
		}
		if err := persistence.WriteRejected(path, res); err != nil {
			fmt.Fprintf(env.Stderr, "the refused rows could not be saved: %v\n", err)
		} else {
			fmt.Fprintf(env.Stderr, "refused rows saved with their reasons in %s\n", path)
		}
	}
	fmt.Fprintln(env.Stdout, res.Summary())
	return nil
}

// localeDateOrder is the order of the user's locale for dates the file
// leaves ambiguous: month-first in the United States and the Philippines,
// day-first elsewhere.
func localeDateOrder() sheets.DateOrder {
	for _, v := range []string{"LC_ALL", "LC_TIME", "LANG"} {
		l := os.Getenv(v)
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "en_US") || strings.HasPrefix(l, "en_PH") || strings.HasPrefix(l, "es_US") {
			return sheets.MonthFirst
		}
		return sheets.DayFirst
	}
	return sheets.DateAuto
}
