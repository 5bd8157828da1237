package ui

import (
	"context"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"

	"salesops/domain"
)

// onQuarterlyReview asks where to save the quarterly review of the chosen
// period's quarter and builds it in the background.
func (u *UI) onQuarterlyReview() {
	q := u.Settings.Calendar.PeriodOf(domain.Quarter, u.Period.Start())
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			u.ShowError(err)
			return
		}
		path := w.URI().Path()
		w.Close()
		os.Remove(path) // the dialog creates the file; the workbook writes it whole
		if !strings.HasSuffix(strings.ToLower(path), ".xlsx") {
			path += ".xlsx"
		}
		u.writeReview(q, path, nil)
	}, u.Win)
	d.SetFileName("review-" + q.String() + ".xlsx")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	d.Show()
}

// writeReview builds the quarterly review of q into path off the UI
// goroutine; done (may be nil) runs on the UI goroutine afterwards.
func (u *UI) writeReview(q domain.Period, path string, done func(error)) {
	db, today := u.DB, u.Now()
	u.Background(lang.L("Quarterly review"), func(ctx context.Context, progress func(float64, string)) error {
		progress(0.1, lang.L("Building the quarterly review…"))
		return db.WriteQuarterlyReview(ctx, q, today, path)
	}, func(err error) {
		if done != nil {
			done(err)
			return
		}
		if err != nil {
			u.ShowError(err)
			return
		}
		dialog.ShowInformation(lang.L("Quarterly review"), lang.L("Saved to {{.Path}}", map[string]any{"Path": path}), u.Win)
	})
}
