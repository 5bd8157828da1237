package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"salesops/persistence"
)

// The spreadsheet figures of PRODUCT.md §8: a 100,000-deal workbook exported
// and imported by the salesops binary, each in its own process so its peak
// memory is its own.
func init() {
	register(scenario{order: 300, name: "export 100,000 deals to XLSX", target: "< 3 s", run: benchExportXLSX})
	register(scenario{order: 301, name: "export 100,000 deals to XLSX peak memory", target: "< 300 MB", run: sheetsFigure(&sheetsBench.exportRSS)})
	register(scenario{order: 302, name: "import 100,000-row deals XLSX", target: "< 4 s", run: benchImport(".xlsx")})
	register(scenario{order: 303, name: "import 100,000-row deals XLSX peak memory", target: "< 300 MB", run: sheetsFigure(&sheetsBench.xlsxRSS)})
	register(scenario{order: 304, name: "import 100,000-row deals CSV", target: "< 4 s", run: benchImport(".csv")})
	register(scenario{order: 305, name: "import 100,000-row deals CSV peak memory", target: "< 300 MB", run: sheetsFigure(&sheetsBench.csvRSS)})
	register(scenario{order: 306, name: "import 100,000-row accounts CSV (new workspace)", target: "—", run: benchImportAccounts})
}

const sheetsDeals = 100_000

var sheetsBench struct {
	src                        string // the 100,000-deal workspace
	xlsx, csv                  string // its deals exported
	exportRSS, xlsxRSS, csvRSS int64
}

func sheetsFigure(v *int64) func(context.Context, *benchEnv) (string, error) {
	return func(context.Context, *benchEnv) (string, error) {
		if *v == 0 {
			return "", fmt.Errorf("not measured")
		}
		return mb(*v), nil
	}
}

// sheetsSource makes the 100,000-deal workspace and its CSV export once.
func sheetsSource(ctx context.Context, env *benchEnv) error {
	if sheetsBench.src != "" {
		return nil
	}
	src := filepath.Join(env.Dir, "sheets-src.db")
	if _, _, err := env.runBin(ctx, "demo", "--db", src, "--deals", fmt.Sprint(sheetsDeals), "--as-of", "2026-11-22"); err != nil {
		return err
	}
	sheetsBench.csv = filepath.Join(env.Dir, "deals.csv")
	if _, _, err := env.runBin(ctx, "export", "--db", src, "deals", "-o", sheetsBench.csv); err != nil {
		return err
	}
	sheetsBench.src = src
	return nil
}

// sheetsRuns is how many times each spreadsheet figure is measured (the
// median is reported): one run of a few seconds on these machines varies by
// half a second.
const sheetsRuns = 3

func benchExportXLSX(ctx context.Context, env *benchEnv) (string, error) {
	if err := sheetsSource(ctx, env); err != nil {
		return "", err
	}
	sheetsBench.xlsx = filepath.Join(env.Dir, "deals.xlsx")
	res, rss, err := env.runBinMedian(ctx, sheetsRuns, func(int) ([]string, error) {
		if err := os.Remove(sheetsBench.xlsx); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return []string{"export", "--db", sheetsBench.src, "deals", "-o", sheetsBench.xlsx}, nil
	})
	sheetsBench.exportRSS = rss
	return res, err
}

// benchImport imports the exported deals into a copy of the source
// workspace whose deals were deleted (same people, accounts and exchange
// rates), so every row is inserted; a fresh copy for each run.
func benchImport(ext string) func(context.Context, *benchEnv) (string, error) {
	return func(ctx context.Context, env *benchEnv) (string, error) {
		if err := sheetsSource(ctx, env); err != nil {
			return "", err
		}
		file := sheetsBench.csv
		if ext == ".xlsx" {
			if sheetsBench.xlsx == "" {
				if _, err := benchExportXLSX(ctx, env); err != nil {
					return "", err
				}
			}
			file = sheetsBench.xlsx
		}
		res, rss, err := env.runBinMedian(ctx, sheetsRuns, func(run int) ([]string, error) {
			dst := filepath.Join(env.Dir, fmt.Sprintf("import%d%s.db", run, ext))
			if err := emptyDealsCopy(ctx, sheetsBench.src, dst); err != nil {
				return nil, err
			}
			return []string{"import", "--db", dst, file}, nil
		})
		if ext == ".xlsx" {
			sheetsBench.xlsxRSS = rss
		} else {
			sheetsBench.csvRSS = rss
		}
		return res, err
	}
}

// emptyDealsCopy copies the workspace src to dst and deletes the copy's deals.
func emptyDealsCopy(ctx context.Context, src, dst string) error {
	db, err := persistence.Open(ctx, src)
	if err != nil {
		return err
	}
	err = db.BackupTo(ctx, dst)
	db.Close()
	if err != nil {
		return err
	}
	if db, err = persistence.Open(ctx, dst); err != nil {
		return err
	}
	defer db.Close()
	_, err = db.SQL().ExecContext(ctx, "DELETE FROM deals")
	return err
}

// benchImportAccounts imports 100,000 accounts (a CRM's account export:
// ID, name, industry, country, revenue, employees) into a new workspace:
// one INSERT per account, where the deals' bulk load batches them.
func benchImportAccounts(ctx context.Context, env *benchEnv) (string, error) {
	file := filepath.Join(env.Dir, "accounts.csv")
	var b strings.Builder
	b.WriteString("Account ID,Name,Industry,Country,Annual revenue,Employees\n")
	rng := rand.New(rand.NewPCG(7, 7))
	countries := []string{"DE", "IT", "NO", "FR", "US"}
	for i := 0; i < sheetsDeals; i++ {
		fmt.Fprintf(&b, "ACC-%09d-%d,Company %d,Software,%s,%d,%d\n", rng.IntN(1e9), i, i, countries[rng.IntN(len(countries))], rng.IntN(1e7), rng.IntN(5000))
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		return "", err
	}
	res, rss, err := env.runBinMedian(ctx, sheetsRuns, func(run int) ([]string, error) {
		dst := filepath.Join(env.Dir, fmt.Sprintf("accounts%d.db", run))
		db, err := persistence.Open(ctx, dst)
		if err != nil {
			return nil, err
		}
		db.Close()
		return []string{"import", "--db", dst, "--kind", "accounts", file}, nil
	})
	return fmt.Sprintf("%s, %s", res, mb(rss)), err
}
