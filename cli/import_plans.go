package cli

import (
	"context"
	"fmt"

	"salesops/domain"
	"salesops/persistence"
)

func init() { registerImport("plans", importPlans) }

// importPlans reads a plans workbook (sheets Plans, Tiers, Spiffs,
// Assignments) into the workspace in one transaction.
func importPlans(ctx context.Context, env *Env, db *persistence.DB, req ImportRequest) error {
	s, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	cur, err := domain.LookupCurrency(s.Currency)
	if err != nil {
		return err
	}
	wb, err := persistence.ReadPlansWorkbook(req.File, cur)
	if err != nil {
		return fmt.Errorf("%s: %w", req.File, err)
	}
	if !req.DryRun {
		if _, err := db.Backup(ctx, "before-import"); err != nil {
			return err
		}
	}
	res, err := db.ImportPlans(ctx, wb, req.DryRun)
	if err != nil {
		return fmt.Errorf("%s: %w", req.File, err)
	}
	dry := ""
	if req.DryRun {
		dry = " (dry run: nothing changed)"
	}
	fmt.Fprintf(env.Stdout, "%s: %d plans read, %d inserted, %d updated, 0 skipped, 0 errors; %d assignments%s\n",
		req.File, len(wb.Plans), res.Inserted, res.Updated, res.Assignments, dry)
	return nil
}
