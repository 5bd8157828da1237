package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/domain"
	"salesops/persistence"
)

// deleteDeal deletes d; it stays among the recently deleted deals, so Undo
// (or Restore in the list) puts it back, after a restart too.
func (t *dealsTab) deleteDeal(d domain.Deal) {
	if _, err := t.u.DB.DeleteDealForUndo(context.Background(), d.ID, t.u.Now()); err != nil {
		t.u.ShowError(err)
		return
	}
	t.u.Changed()
}

// loadBin reads the recently deleted deals and offers to undo the latest.
func (t *dealsTab) loadBin() {
	bin, err := t.u.DB.RecentlyDeleted(context.Background())
	if err != nil {
		t.u.ShowError(err)
		return
	}
	t.bin = bin
	if len(bin) == 0 {
		t.undo.Hide()
		return
	}
	t.undoText.SetText(lang.L("Deal {{.Name}} deleted.", map[string]any{"Name": entryLabel(bin[0])}))
	t.undo.Show()
}

func entryLabel(e persistence.DeletedEntry) string {
	if e.Name != "" {
		return e.Name
	}
	return e.ExternalID
}

// onUndo puts the most recently deleted deal back; the next Undo the one
// deleted before it.
func (t *dealsTab) onUndo() {
	if _, _, err := t.u.DB.UndoDelete(context.Background()); err != nil {
		t.u.ShowError(err)
		return
	}
	t.u.Changed()
}

// restore puts back the deleted deal of a list entry.
func (t *dealsTab) restore(id int64) error {
	if _, err := t.u.DB.RestoreDeleted(context.Background(), id); err != nil {
		return err
	}
	t.u.Changed()
	return nil
}

// deletedList is the list of recently deleted deals, each with Restore.
func (t *dealsTab) deletedList() *widget.List {
	var list *widget.List
	list = widget.NewList(func() int { return len(t.bin) }, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return container.NewBorder(nil, nil, nil, &widget.Button{Text: lang.L("Restore"), Icon: theme.ContentUndoIcon()}, l)
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i >= len(t.bin) {
			return
		}
		e := t.bin[i]
		c := o.(*fyne.Container)
		text := e.ExternalID + "  " + e.Name
		if e.Account != "" {
			text += " · " + e.Account
		}
		c.Objects[0].(*widget.Label).SetText(text + " · " + lang.L("deleted {{.Date}}", map[string]any{"Date": t.u.Fmt.Date(e.DeletedAt)}))
		c.Objects[1].(*widget.Button).OnTapped = func() {
			t.u.ShowError(t.restore(e.ID))
			list.Refresh()
		}
	})
	return list
}

// onRecentlyDeleted shows the recently deleted deals.
func (t *dealsTab) onRecentlyDeleted() {
	t.loadBin()
	note := widget.NewLabel(lang.L("Deleted deals are kept {{.Days}} days (at most {{.N}}) with their splits and history.",
		map[string]any{"Days": persistence.DeletedDealsKeepDays, "N": persistence.DeletedDealsKeep}))
	note.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(lang.L("Recently deleted"), lang.L("Close"), container.NewBorder(note, nil, nil, nil, t.deletedList()), t.u.Win)
	d.Resize(fyne.NewSize(720, 480))
	d.Show()
}
