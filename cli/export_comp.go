package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"salesops/persistence"
)

func init() {
	registerExport("payouts", exportPayouts)
	registerExport("plans", exportPlans)
}

func needXLSX(out, kind string) error {
	if !strings.EqualFold(filepath.Ext(out), ".xlsx") {
		return usagef("the %s export is a workbook: write it to a .xlsx file", kind)
	}
	return nil
}

// exportPayouts writes the payout workbook of a period (PRODUCT.md §6.3).
func exportPayouts(ctx context.Context, env *Env, db *persistence.DB, req ExportRequest) error {
	if err := needXLSX(req.Out, "payouts"); err != nil {
		return err
	}
	run, err := loadRun(ctx, db, req.Period, req.AsOf)
	if err != nil {
		return err
	}
	if err := persistence.WritePayoutWorkbook(&run, req.Out); err != nil {
		return err
	}
	t := run.Totals()
	fmt.Fprintf(env.Stdout, "payouts %s written to %s: %d people, total %s %s\n", run.Period, req.Out, len(run.Payouts),
		run.Currency.Code, run.Currency.Format(t.Total, ",", "."))
	return nil
}

// exportPlans writes every comp plan and assignment as the plans workbook.
func exportPlans(ctx context.Context, env *Env, db *persistence.DB, req ExportRequest) error {
	if err := needXLSX(req.Out, "plans"); err != nil {
		return err
	}
	if err := db.WritePlansWorkbook(ctx, req.Out); err != nil {
		return err
	}
	plans, _ := db.Plans(ctx)
	fmt.Fprintf(env.Stdout, "%d plans written to %s\n", len(plans), req.Out)
	return nil
}
