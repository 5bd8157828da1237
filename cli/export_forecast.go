package cli

import (
	"context"
	"path/filepath"
	"strings"

	"salesops/domain"
	"salesops/persistence"
)

func init() { registerExport("forecast", exportForecast) }

// exportForecast writes the forecast workbook (PRODUCT.md §6.3): categories
// per person and roll-up for --period (default: the quarter of --as-of), the
// statistical forecast with its interval, and the accuracy history.
func exportForecast(ctx context.Context, env *Env, db *persistence.DB, req ExportRequest) error {
	if !strings.EqualFold(filepath.Ext(req.Out), ".xlsx") {
		return domain.Errorf(domain.EINVALID, "The forecast workbook is an XLSX file: name it %s.xlsx", strings.TrimSuffix(req.Out, filepath.Ext(req.Out)))
	}
	asOf, err := parseAsOf(req.AsOf)
	if err != nil {
		return err
	}
	s, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	p := s.Calendar.PeriodOf(domain.Quarter, asOf)
	if req.Period != "" {
		if p, err = domain.ParsePeriod(req.Period, s.Calendar); err != nil {
			return domain.Errorf(domain.EINVALID, "--period: %s", domain.ErrorMessage(err))
		}
	}
	return db.WriteForecastWorkbook(ctx, req.Out, persistence.ForecastWorkbookOptions{Period: p, AsOf: asOf, Method: domain.MethodAuto})
}
