package persistence

import (
	"fmt"

	"salesops/domain"
	"salesops/persistence/sheets"
)

// WriteRejected saves the rows an import refused as an XLSX workbook: the
// file's own columns as read, then a Reason column, so the user can fix the
// rows and import that workbook again.
func WriteRejected(path string, res *ImportResult) error {
	if len(res.Rejected) == 0 {
		return domain.Errorf(domain.EINVALID, "No rows were refused: there is nothing to save.")
	}
	w, err := sheets.NewWorkbook(domain.Currency{})
	if err != nil {
		return err
	}
	cols := make([]sheets.Column, 0, len(res.Header)+1)
	for _, h := range res.Header {
		cols = append(cols, sheets.Column{Title: h, Kind: sheets.Text})
	}
	cols = append(cols, sheets.Column{Title: "Reason", Kind: sheets.Text, Width: 60})
	s, err := w.AddSheet("Rejected "+res.Kind, cols)
	if err != nil {
		w.Close()
		return err
	}
	for _, row := range res.Rejected {
		vals := make([]any, len(row))
		for i, v := range row {
			vals[i] = v
		}
		if err := s.Row(vals...); err != nil {
			w.Close()
			return err
		}
	}
	if err := s.Close(); err != nil {
		w.Close()
		return err
	}
	if err := w.SaveAs(path); err != nil {
		return fmt.Errorf("save the refused rows to %s: %w", path, err)
	}
	return nil
}
