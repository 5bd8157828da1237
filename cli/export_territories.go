package cli

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"salesops/domain"
	"salesops/persistence"
)

func init() { registerExport("territories", exportTerritories) }

// exportTerritories writes the territory design workbook: sheet Territories
// (owners holding on --as-of, default today) and sheet Rules.
func exportTerritories(ctx context.Context, env *Env, db *persistence.DB, req ExportRequest) error {
	if strings.ToLower(filepath.Ext(req.Out)) != ".xlsx" {
		return usagef("territories export as one .xlsx workbook (sheets %s and %s): -o FILE.xlsx", persistence.SheetTerritories, persistence.SheetRules)
	}
	asOf := time.Now()
	if req.AsOf != "" {
		t, err := time.Parse("2006-01-02", req.AsOf)
		if err != nil {
			return usagef("--as-of %q: write the date as 2026-12-31", req.AsOf)
		}
		asOf = t
	}
	if err := db.ExportTerritoryWorkbook(ctx, req.Out, asOf); err != nil {
		return domain.Errorf(domain.ErrorCode(err), "%s: %s", req.Out, domain.ErrorMessage(err))
	}
	return nil
}
