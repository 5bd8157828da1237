package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/persistence"
)

// qualityFixes are the one-click fixes by finding, with what the button says
// and what the confirmation asks.
var qualityFixes = map[string]struct{ button, ask string }{
	"duplicate":      {"Merge duplicates", "Merge each group of duplicates into one deal, keeping the won (or open) one with every history line?"},
	"inactive_owner": {"Reassign to their manager", "Give the open deals of inactive people to their active managers?"},
	"stale":          {"Move to the end of this month", "Move the close date of open deals that has passed to the end of this month? Each change is recorded in the deal's history."},
}

// onQuality scans the workspace in the background and shows the findings.
func (t *dealsTab) onQuality() {
	db, today := t.u.DB, t.u.Now()
	var report persistence.QualityReport
	t.u.Background(lang.L("Data quality"), func(ctx context.Context, progress func(float64, string)) error {
		progress(0.2, lang.L("Checking every deal…"))
		var err error
		report, err = db.Quality(ctx, today)
		return err
	}, func(err error) {
		if err != nil {
			t.u.ShowError(err)
			return
		}
		t.showQuality(report)
	})
}

// qualityView builds the findings list: count, the deals behind each, a fix.
func (t *dealsTab) qualityView(r persistence.QualityReport, close func()) fyne.CanvasObject {
	f := t.u.Fmt
	head := widget.NewLabelWithStyle(lang.L("{{.Flagged}} of {{.Deals}} deals have a finding; data-quality score {{.Score}}.", map[string]any{
		"Flagged": f.Number(float64(r.Flagged), 0), "Deals": f.Number(float64(r.Deals), 0), "Score": f.Percent(r.Score(), 1)}),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	grid := container.NewGridWithColumns(4)
	for _, x := range r.Findings {
		key := x.Key
		grid.Add(widget.NewLabel(lang.L(x.Label)))
		grid.Add(widget.NewLabelWithStyle(f.Number(float64(x.Count), 0), fyne.TextAlignTrailing, fyne.TextStyle{}))
		show := &widget.Button{Text: lang.L("Show deals"), Icon: theme.SearchIcon(), OnTapped: func() { close(); t.showFinding(key) }}
		if x.Count == 0 {
			show.Disable()
		}
		grid.Add(show)
		fix, ok := qualityFixes[key]
		if !ok || x.Count == 0 {
			grid.Add(widget.NewLabel(""))
			continue
		}
		grid.Add(&widget.Button{Text: lang.L(fix.button), Icon: theme.ConfirmIcon(), OnTapped: func() {
			dialog.ShowConfirm(lang.L(fix.button), lang.L(fix.ask), func(ok bool) {
				if ok {
					close()
					t.u.ShowError(t.applyFix(key))
				}
			}, t.u.Win)
		}})
	}
	return container.NewVBox(head, grid, container.NewHBox(t.u.exportButton(qualityExport(r))))
}

func (t *dealsTab) showQuality(r persistence.QualityReport) {
	var d dialog.Dialog
	content := t.qualityView(r, func() { d.Hide() })
	d = dialog.NewCustom(lang.L("Data quality"), lang.L("Close"), content, t.u.Win)
	d.Resize(fyne.NewSize(860, 420))
	d.Show()
}

// applyFix runs the one-click fix of a finding and refreshes the tabs.
func (t *dealsTab) applyFix(key string) error {
	ctx := context.Background()
	db := t.u.DB
	var fix persistence.QualityFix
	var err error
	switch key {
	case "duplicate":
		fix, err = db.MergeDuplicates(ctx, t.u.Now())
	case "inactive_owner":
		fix, err = db.ReassignInactiveOwners(ctx, 0)
	case "stale":
		fix, err = db.MoveStaleCloseDates(ctx, t.u.Now(), t.u.Now())
	default:
		return fmt.Errorf("no fix for %s", key)
	}
	if err != nil {
		return err
	}
	t.lastFix = fix.Deals
	t.u.Changed()
	return nil
}

// showFinding narrows the table to the deals behind a finding.
func (t *dealsTab) showFinding(key string) {
	t.finding = key
	label := key
	for _, r := range []struct{ k, l string }{{"duplicate", "Duplicates (same account, name and amount)"}, {"missing_owner", "Missing owner"},
		{"missing_amount", "Missing amount"}, {"missing_close_date", "Missing close date"}, {"stale", "Open deals whose close date has passed"},
		{"non_positive_amount", "Amount zero or negative"}, {"inactive_owner", "Owned by an inactive person"}} {
		if r.k == key {
			label = lang.L(r.l)
		}
	}
	t.findingText.SetText(lang.L("Showing: {{.Finding}}", map[string]any{"Finding": label}))
	t.findingBar.Show()
	t.reload()
}

func (t *dealsTab) onClearFinding() {
	t.finding = ""
	t.findingBar.Hide()
	t.reload()
}
