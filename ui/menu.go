package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"salesops/persistence"
)

// shortcut is a keyboard shortcut with what it does, listed in Help.
type shortcut struct {
	key  fyne.KeyName
	mod  fyne.KeyModifier
	what string
	do   func()
}

func (u *UI) shortcuts() []shortcut {
	s := []shortcut{
		{fyne.KeyN, fyne.KeyModifierShortcutDefault, lang.L("New workspace…"), u.onNewWorkspace},
		{fyne.KeyO, fyne.KeyModifierShortcutDefault, lang.L("Open workspace…"), u.onOpenWorkspace},
		{fyne.KeyI, fyne.KeyModifierShortcutDefault, lang.L("Import…"), u.onImport},
		{fyne.KeyE, fyne.KeyModifierShortcutDefault, lang.L("Export…"), u.onExport},
		{fyne.KeyComma, fyne.KeyModifierShortcutDefault, lang.L("Settings…"), u.onSettings},
		{fyne.KeyPageUp, fyne.KeyModifierShortcutDefault, lang.L("Previous period"), func() { u.SetPeriod(u.Period.Prev()) }},
		{fyne.KeyPageDown, fyne.KeyModifierShortcutDefault, lang.L("Next period"), func() { u.SetPeriod(u.Period.Next()) }},
		{fyne.KeyF1, 0, lang.L("Keyboard shortcuts"), u.onShortcuts},
	}
	for i := 0; i < 6; i++ {
		i := i
		s = append(s, shortcut{fyne.KeyName(fmt.Sprint(i + 1)), fyne.KeyModifierAlt, lang.L("Go to tab {{.N}}", map[string]any{"N": i + 1}), func() { u.tabs.SelectIndex(i) }})
	}
	return s
}

func (s shortcut) desktop() fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: s.key, Modifier: s.mod}
}

func (u *UI) addShortcuts() {
	for _, s := range u.shortcuts() {
		s := s
		u.Win.Canvas().AddShortcut(s.desktop(), func(fyne.Shortcut) { s.do() })
	}
}

func (u *UI) mainMenu() *fyne.MainMenu {
	item := func(label string, fn func(), key fyne.KeyName) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, fn)
		if key != "" {
			it.Shortcut = &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
		}
		return it
	}
	file := fyne.NewMenu(lang.L("File"),
		item(lang.L("New workspace…"), u.onNewWorkspace, fyne.KeyN),
		item(lang.L("Open workspace…"), u.onOpenWorkspace, fyne.KeyO),
		fyne.NewMenuItemSeparator(),
		item(lang.L("Import…"), u.onImport, fyne.KeyI),
		item(lang.L("Export…"), u.onExport, fyne.KeyE),
		fyne.NewMenuItemSeparator(),
		item(lang.L("Backup…"), u.onBackup, ""),
		item(lang.L("Restore…"), u.onRestore, ""),
		fyne.NewMenuItemSeparator(),
		item(lang.L("Settings…"), u.onSettings, fyne.KeyComma),
	)
	help := fyne.NewMenu(lang.L("Help"),
		item(lang.L("Keyboard shortcuts"), u.onShortcuts, ""),
		item(lang.L("About Salesops"), u.onAbout, ""),
	)
	return fyne.NewMainMenu(file, help)
}

// dbFilter limits file dialogs to workspace files.
var dbFilter = storage.NewExtensionFileFilter([]string{".db", ".sqlite"})

func (u *UI) onNewWorkspace() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			u.ShowError(err)
			return
		}
		path := w.URI().Path()
		w.Close()
		if !strings.HasSuffix(strings.ToLower(path), ".db") {
			os.Remove(path)
			path += ".db"
		}
		u.openPath(path, nil)
	}, u.Win)
	d.SetFileName("workspace.db")
	d.SetFilter(dbFilter)
	d.Show()
}

func (u *UI) onOpenWorkspace() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			u.ShowError(err)
			return
		}
		path := r.URI().Path()
		r.Close()
		u.openPath(path, nil)
	}, u.Win)
	d.SetFilter(dbFilter)
	d.Show()
}

// openPath opens (or creates) the workspace at path off the UI goroutine,
// with progress and Cancel: an older workspace is backed up and migrated
// first (seconds at 100,000 deals, most of a minute at a million). The
// window keeps the current workspace until the new one is open; a Cancel
// keeps it there (an upgrade cut short rolls back). then (tests) is told
// the outcome.
func (u *UI) openPath(path string, then func(error)) {
	var db *persistence.DB
	u.Background(lang.L("Open workspace…"), func(ctx context.Context, progress func(float64, string)) error {
		progress(0.2, lang.L("Opening {{.Path}}…", map[string]any{"Path": path}))
		var err error
		db, err = persistence.Open(ctx, path)
		return cancelled(ctx, err)
	}, func(err error) {
		if err == nil {
			if err = u.SwitchWorkspace(db); err != nil {
				db.Close()
			} else {
				u.App.Preferences().SetString("lastWorkspace", path)
			}
		}
		if !errors.Is(err, context.Canceled) {
			u.ShowError(err)
		}
		if then != nil {
			then(err)
		}
	})
}

// cancelled is err as context.Canceled when ctx was cancelled: SQLite's
// interruption reaches Go in its own words ("interrupted"), often wrapped.
func cancelled(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		return context.Canceled
	}
	return err
}

// onStartEmpty moves the demo company aside (it is kept, never deleted) and
// opens a new, empty workspace in its place.
func (u *UI) onStartEmpty() {
	dialog.ShowConfirm(lang.L("Start an empty workspace"),
		lang.L("The demo company is kept in a file beside this one, and an empty workspace takes its place. Continue?"),
		func(ok bool) {
			if ok {
				u.ShowError(u.startEmpty())
			}
		}, u.Win)
}

func (u *UI) startEmpty() error {
	path := u.DB.Path
	aside := strings.TrimSuffix(path, filepath.Ext(path)) + "-demo-" + time.Now().Format("20060102-150405") + ".db"
	if err := u.DB.BackupTo(context.Background(), aside); err != nil {
		return err
	}
	u.stopBackground()
	u.DB.Close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	db, err := persistence.Open(context.Background(), path)
	if err != nil {
		return err
	}
	u.DB = nil
	return u.SwitchWorkspace(db)
}

func (u *UI) onBackup() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			u.ShowError(err)
			return
		}
		path := w.URI().Path()
		w.Close()
		os.Remove(path) // the dialog creates the file; the backup writes it whole
		u.writeBackup(path, nil)
	}, u.Win)
	d.SetFileName("salesops-backup-" + time.Now().Format("2006-01-02") + ".db")
	d.SetFilter(dbFilter)
	d.Show()
}

func (u *UI) onRestore() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			u.ShowError(err)
			return
		}
		src := r.URI().Path()
		r.Close()
		dialog.ShowConfirm(lang.L("Restore…"), lang.L("Replace this workspace with the backup? The current workspace is backed up first."), func(ok bool) {
			if ok {
				u.restore(src, nil)
			}
		}, u.Win)
	}, u.Win)
	d.SetFilter(dbFilter)
	d.Show()
}

// writeBackup writes a checked copy of the workspace to path off the UI
// goroutine, with progress and Cancel (a Cancel leaves no file). then
// (tests) is told the outcome.
func (u *UI) writeBackup(path string, then func(error)) {
	db := u.DB
	u.Background(lang.L("Backup…"), func(ctx context.Context, progress func(float64, string)) error {
		progress(0.3, lang.L("Writing and checking {{.Path}}…", map[string]any{"Path": path}))
		return cancelled(ctx, db.BackupTo(ctx, path))
	}, func(err error) {
		switch {
		case errors.Is(err, context.Canceled):
			dialog.ShowInformation(lang.L("Backup…"), lang.L("Backup cancelled: no file was written."), u.Win)
		case err != nil:
			u.ShowError(err)
		default:
			dialog.ShowInformation(lang.L("Backup…"), lang.L("Backup written to {{.Path}} and checked.", map[string]any{"Path": path}), u.Win)
		}
		if then != nil {
			then(err)
		}
	})
}

// restore replaces the workspace with the backup src off the UI goroutine,
// with progress and Cancel, after backing the workspace up. A Cancel or a
// failure leaves the workspace as it was and the window on it. then (tests)
// is told the outcome.
func (u *UI) restore(src string, then func(error)) {
	old, path := u.DB, u.DB.Path
	u.stopBackground()
	var db *persistence.DB
	closed := false
	u.Background(lang.L("Restore…"), func(ctx context.Context, progress func(float64, string)) error {
		progress(0.1, lang.L("Backing up the current workspace…"))
		if _, err := old.Backup(ctx, "before-restore"); err != nil {
			return cancelled(ctx, err)
		}
		progress(0.5, lang.L("Restoring {{.Path}}…", map[string]any{"Path": src}))
		old.Close()
		closed = true
		err := cancelled(ctx, persistence.Restore(ctx, src, path))
		// The file at path is now the backup, or on a failure still the
		// workspace: either way it is opened whatever a late Cancel says,
		// so that the window keeps a workspace.
		var err2 error
		db, err2 = persistence.Open(context.Background(), path)
		if err2 != nil {
			db = nil
		}
		if err == nil {
			err = err2
		}
		return err
	}, func(err error) {
		if db != nil {
			u.DB = nil // closed above; SwitchWorkspace would close it again
			if err2 := u.SwitchWorkspace(db); err == nil {
				err = err2
			}
		} else if !closed {
			u.Changed() // the tabs refresh what stopBackground interrupted
		}
		if !errors.Is(err, context.Canceled) {
			u.ShowError(err)
		}
		if then != nil {
			then(err)
		}
	})
}

func (u *UI) onShortcuts() {
	var rows []fyne.CanvasObject
	for _, s := range u.shortcuts() {
		keys := string(s.key)
		switch s.mod {
		case fyne.KeyModifierShortcutDefault:
			keys = "Ctrl+" + keys
		case fyne.KeyModifierAlt:
			keys = "Alt+" + keys
		}
		rows = append(rows, widget.NewLabelWithStyle(keys, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}), widget.NewLabel(s.what))
	}
	dialog.ShowCustom(lang.L("Keyboard shortcuts"), lang.L("Close"), container.NewGridWithColumns(2, rows...), u.Win)
}

func (u *UI) onAbout() {
	meta := u.App.Metadata()
	version := meta.Version
	if version == "" {
		version = "dev"
	}
	text := widget.NewLabel(lang.L("Salesops {{.Version}} — sales operations, offline.", map[string]any{"Version": version}) + "\n\n" +
		lang.L("Your data stays in the workspace file:") + "\n" + u.DB.Path)
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(lang.L("About Salesops"), lang.L("Close"), text, u.Win)
	d.Resize(fyne.NewSize(480, 240))
	d.Show()
}
