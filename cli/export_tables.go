package cli

import (
	"context"
	"fmt"
	"strings"

	"salesops/domain"
	"salesops/persistence"
)

func init() {
	for _, k := range persistence.ExportKinds {
		registerExport(k, exportTable)
	}
	for _, k := range persistence.ImportKinds {
		registerExport("template-"+k, exportTemplate)
	}
}

// exportTable writes deals, accounts, people or quotas to XLSX or CSV.
func exportTable(ctx context.Context, env *Env, db *persistence.DB, req ExportRequest) error {
	var p domain.Period
	if req.Period != "" {
		s, err := db.Settings(ctx)
		if err != nil {
			return err
		}
		if p, err = domain.ParsePeriod(req.Period, s.Calendar); err != nil {
			return err
		}
	}
	n, err := db.Export(ctx, req.Kind, req.Out, persistence.ExportOptions{Period: p})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %d %s to %s\n", n, req.Kind, req.Out)
	return nil
}

// exportTemplate writes the import template of a kind (template-deals …).
func exportTemplate(ctx context.Context, env *Env, db *persistence.DB, req ExportRequest) error {
	kind := strings.TrimPrefix(req.Kind, "template-")
	if err := persistence.WriteTemplate(req.Out, kind); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote the %s import template to %s\n", kind, req.Out)
	return nil
}
