package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"salesops/domain"
	"salesops/persistence"
)

// The capacity plan (Team tab) exports as a workbook: the newest saved plan,
// or the newest for the fiscal year given with --period.
func init() { registerExport("capacity", exportCapacity) }

func exportCapacity(ctx context.Context, env *Env, db *persistence.DB, req ExportRequest) error {
	if !strings.EqualFold(filepath.Ext(req.Out), ".xlsx") {
		return domain.Errorf(domain.EINVALID, "A capacity plan exports to a workbook: name the output %s.xlsx.", strings.TrimSuffix(req.Out, filepath.Ext(req.Out)))
	}
	s, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	plans, err := db.CapacityPlans(ctx, s.Calendar)
	if err != nil {
		return err
	}
	var year domain.Period
	if req.Period != "" {
		if year, err = domain.ParsePeriod(req.Period, s.Calendar); err != nil {
			return err
		}
		if year.Kind != domain.Year {
			return domain.Errorf(domain.EINVALID, "--period %s: a capacity plan covers a fiscal year; write the year, e.g. %d.", req.Period, year.Year)
		}
	}
	for _, p := range plans { // newest first
		if req.Period != "" && p.Input.Year != year {
			continue
		}
		plan, err := domain.PlanCapacity(p.Input)
		if err != nil {
			return fmt.Errorf("capacity plan %s: %w", p.Input.Name, err)
		}
		cur, err := domain.LookupCurrency(s.Currency)
		if err != nil {
			return err
		}
		if err := persistence.ExportCapacityPlan(plan, cur, req.Out); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "capacity plan %q (%s, %d hires) written to %s\n", p.Input.Name, p.Input.Year, plan.Hires, req.Out)
		return nil
	}
	if req.Period != "" {
		return domain.Errorf(domain.ENOTFOUND, "No capacity plan saved for %s: save one in the Team tab → Capacity plan.", req.Period)
	}
	return domain.Errorf(domain.ENOTFOUND, "No capacity plan saved yet: save one in the Team tab → Capacity plan.")
}
