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

func init() { registerExport("review", exportReview) }

// exportReview writes the quarterly review workbook: salesops export review
// --period 2026-Q3 -o review.xlsx (the current quarter without --period).
func exportReview(ctx context.Context, env *Env, db *persistence.DB, req ExportRequest) error {
	if !strings.EqualFold(filepath.Ext(req.Out), ".xlsx") {
		return usagef("the quarterly review is a workbook: -o must end in .xlsx, not %q", req.Out)
	}
	day := time.Now()
	if req.AsOf != "" {
		t, err := time.Parse("2006-01-02", req.AsOf)
		if err != nil {
			return usagef("--as-of %q is not a date (YYYY-MM-DD)", req.AsOf)
		}
		day = t
	}
	s, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	p := s.Calendar.PeriodOf(domain.Quarter, day)
	if req.Period != "" {
		if p, err = domain.ParsePeriod(req.Period, s.Calendar); err != nil {
			return fmt.Errorf("--period: %w", err)
		}
	}
	if err := db.WriteQuarterlyReview(ctx, p, day, req.Out); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "quarterly review %s written to %s (sheets %s)\n", p, req.Out, strings.Join(persistence.ReviewSheets, ", "))
	return nil
}
