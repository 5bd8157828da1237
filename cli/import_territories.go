package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"salesops/domain"
	"salesops/persistence"
)

func init() { registerImport("territories", importTerritories) }

// importTerritories reads a territory design workbook (sheets Territories and
// Rules), applies it in one transaction and runs the rules at once: accounts
// are assigned immediately, manual locks kept.
func importTerritories(ctx context.Context, env *Env, db *persistence.DB, req ImportRequest) error {
	if ext := strings.ToLower(filepath.Ext(req.File)); ext != ".xlsx" && ext != ".xlsm" {
		return domain.Errorf(domain.EINVALID, "%s: territories import from an XLSX workbook with sheets %s and %s.", req.File, persistence.SheetTerritories, persistence.SheetRules)
	}
	design, err := persistence.ReadTerritoryWorkbook(req.File)
	if err != nil {
		return domain.Errorf(domain.EINVALID, "%s: %s", req.File, domain.ErrorMessage(err))
	}
	if !req.DryRun {
		if _, err := db.Backup(ctx, "before-import"); err != nil {
			return fmt.Errorf("backup before importing %s: %w", req.File, err)
		}
	}
	sum, err := db.ImportTerritoryDesign(ctx, design, time.Now(), req.DryRun)
	if err != nil {
		return domain.Errorf(domain.ErrorCode(err), "%s: %s", req.File, domain.ErrorMessage(err))
	}
	prefix := ""
	if req.DryRun {
		prefix = "dry run, nothing changed: "
	}
	fmt.Fprintln(env.Stdout, prefix+sum.String())
	return nil
}
