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

	"salesops/domain"
	"salesops/persistence"
)

// qualityFixes are the one-click fixes by finding, with what the button says.
// Each asks first, showing what it will change (fixForm).
var qualityFixes = map[string]string{
	"duplicate":      "Merge duplicates",
	"inactive_owner": "Reassign open deals…",
	"stale":          "Move to the end of this month",
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
		count := x.Count
		grid.Add(&widget.Button{Text: lang.L(fix), Icon: theme.ConfirmIcon(), OnTapped: func() {
			form, apply := t.fixForm(key, count)
			dialog.ShowCustomConfirm(lang.L(fix), lang.L("Apply"), lang.L("Cancel"), form, func(ok bool) {
				if ok {
					close()
					t.u.ShowError(apply())
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

// fixForm is what the confirmation of a fix shows — what it will change, and
// for a reassignment to whom (each one's manager unless another person is
// chosen) — and the apply it confirms.
func (t *dealsTab) fixForm(key string, n int) (fyne.CanvasObject, func() error) {
	ctx := context.Background()
	db, f := t.u.DB, t.u.Fmt
	text := func(s string) *widget.Label {
		l := widget.NewLabel(s)
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	switch key {
	case "duplicate":
		return text(lang.L("Merge each group of duplicates ({{.N}} deals) into one deal, keeping the won (or open) one with every history line? The deals merged away go to Recently deleted, where each can be restored.",
			map[string]any{"N": f.Number(float64(n), 0)})), func() error { return t.applyFix(key) }
	case "stale":
		now := t.u.Now()
		end := domain.Day(now.Year(), now.Month()+1, 1).AddDate(0, 0, -1)
		return text(lang.L("Move the close date of the {{.N}} open deals whose close date has passed to {{.Date}}? Each change is recorded in the deal's history with the date it had.",
			map[string]any{"N": f.Number(float64(n), 0), "Date": f.Date(end)})), func() error { return t.applyFix(key) }
	case "inactive_owner":
		people, err := db.People(ctx)
		if err != nil {
			return text(err.Error()), func() error { return err }
		}
		names := []string{lang.L("Each one's active manager")}
		ids := []int64{0}
		for _, p := range people {
			if p.Active {
				names, ids = append(names, p.Name), append(ids, p.ID)
			}
		}
		to := widget.NewSelect(names, nil)
		to.SetSelectedIndex(0)
		t.reassignTo = to
		form := container.NewVBox(text(lang.L("Give the {{.N}} open deals of inactive people to:", map[string]any{"N": f.Number(float64(n), 0)})), to,
			text(lang.L("With their managers, the deals of people without an active manager stay as they are.")))
		return form, func() error {
			return t.reassign(ids[max(0, to.SelectedIndex())])
		}
	}
	return text(key), func() error { return fmt.Errorf("no fix for %s", key) }
}

// applyFix runs the one-click fix of a finding (a reassignment to each
// one's manager) and refreshes the tabs.
func (t *dealsTab) applyFix(key string) error {
	ctx := context.Background()
	db := t.u.DB
	var fix persistence.QualityFix
	var err error
	switch key {
	case "duplicate":
		fix, err = db.MergeDuplicates(ctx, t.u.Now())
	case "inactive_owner":
		return t.reassign(0)
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

// reassign gives the open deals of inactive people to the person to, or (0)
// to each one's active manager.
func (t *dealsTab) reassign(to int64) error {
	fix, err := t.u.DB.ReassignInactiveOwners(context.Background(), to)
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
