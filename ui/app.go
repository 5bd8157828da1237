// Package ui is Salesops' window: one small type per tab, shared widgets
// (charts, the period and scope bar) and dialogs.
package ui

import (
	"context"
	"fmt"
	"log"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"salesops/assets"
	"salesops/domain"
	"salesops/persistence"
)

// UI is the main window and what every tab shares: the workspace, its
// settings, the chosen period and scope.
type UI struct {
	App      fyne.App
	Win      fyne.Window
	DB       *persistence.DB
	Settings domain.Settings
	Fmt      Format
	Period   domain.Period
	Scope    Scope
	// Now is "today" for the UI (tests fix it).
	Now func() time.Time

	tabs      *container.AppTabs
	tabByName map[string]*container.TabItem
	bar       *periodBar
	refresh   []func()
	// controllers are the tab types, so tests can reach them.
	controllers []any
	// defaultPath is the default workspace, for "Start an empty workspace".
	defaultPath string
	// exports are the Export… buttons of the window's tables (for tests).
	exports map[*widget.Table]*widget.Button
	// bg counts the refreshes running in the background (WaitBackground).
	bg sync.WaitGroup
	// workStarts (tests) runs first on Background's goroutine: a test holds
	// the work there while it taps the progress dialog (the test driver's
	// fyne.Do runs on the calling goroutine, so progress would race it).
	workStarts func()
}

// Options configure New.
type Options struct {
	// DefaultPath is the default workspace's path (used by "Start an empty workspace").
	DefaultPath string
	// Now fixes today's date; nil = time.Now.
	Now func() time.Time
}

// New builds the main window on the open workspace db. The window is not shown.
func New(a fyne.App, db *persistence.DB, opt Options) (*UI, error) {
	u := &UI{App: a, DB: db, Now: opt.Now, defaultPath: opt.DefaultPath}
	if u.Now == nil {
		u.Now = time.Now
	}
	u.Win = a.NewWindow("Salesops")
	u.Win.SetIcon(assets.Icon)
	u.Win.Resize(fyne.NewSize(1280, 800))
	if err := u.load(); err != nil {
		return nil, err
	}
	u.build()
	return u, nil
}

// load reads the settings of the workspace and applies language and theme.
func (u *UI) load() error {
	s, err := u.DB.Settings(context.Background())
	if err != nil {
		return err
	}
	u.Settings = s
	if err := ApplyLanguage(s.Language); err != nil {
		log.Printf("translations: %v", err)
	}
	u.Fmt = NewFormat(CurrentLanguage(s.Language), s.Currency)
	u.App.Settings().SetTheme(newTheme(s.Theme))
	if u.Period.IsZero() {
		u.Period = s.Calendar.PeriodOf(domain.Quarter, u.Now())
	} else {
		u.Period = s.Calendar.PeriodOf(u.Period.Kind, u.Period.Start())
	}
	return nil
}

// build (re)creates the window's content: after a language change or a
// workspace switch every label is rebuilt in the new words.
func (u *UI) build() {
	u.refresh = nil
	u.controllers = nil
	u.exports = nil
	u.Scope = Scope{}
	title := "Salesops — " + u.workspaceName()
	u.Win.SetTitle(title)
	u.bar = newPeriodBar(u)
	u.tabByName = map[string]*container.TabItem{}
	items := []*container.TabItem{
		newDashboardTab(u),
		newTeamTab(u),
		newTerritoriesTab(u),
		newDealsTab(u),
		newCompPlansTab(u),
		newForecastsTab(u),
	}
	for i, it := range items {
		u.tabByName[it.Text] = it
		body := newTabBody(it.Content)
		if i > 0 {
			body.Hide() // shown by the tab container when chosen
		}
		it.Content = body
	}
	u.tabs = container.NewAppTabs(items...)
	var top fyne.CanvasObject = u.bar.object()
	if u.Settings.Demo {
		top = container.NewVBox(u.demoBanner(), top)
	}
	u.Win.SetContent(container.NewBorder(top, nil, nil, nil, u.tabs))
	u.Win.SetMainMenu(u.mainMenu())
	u.addShortcuts()
	u.Changed()
}

func (u *UI) workspaceName() string {
	if u.Settings.CompanyName != "" {
		return u.Settings.CompanyName
	}
	return u.DB.Path
}

// demoBanner marks the demo company and offers an empty workspace.
func (u *UI) demoBanner() fyne.CanvasObject {
	msg := widget.NewLabelWithStyle(lang.L("This is a demo company with generated data. Try anything: nothing here is real."), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	msg.Wrapping = fyne.TextWrapWord
	btn := &widget.Button{Text: lang.L("Start an empty workspace"), Icon: theme.DocumentCreateIcon(), Importance: widget.HighImportance, OnTapped: u.onStartEmpty}
	return container.NewPadded(container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), btn, msg))
}

// OnRefresh registers fn to run whenever the period, the scope or the data
// change. Tabs register their refresh here.
func (u *UI) OnRefresh(fn func()) { u.refresh = append(u.refresh, fn) }

// addController records a tab's controller (for tests).
func (u *UI) addController(c any) { u.controllers = append(u.controllers, c) }

func tabControllers(u *UI) []any { return u.controllers }

// Changed tells every tab that the period, scope or data changed.
func (u *UI) Changed() {
	if u.bar != nil {
		// A team, territory or person added in a tab is a scope at once.
		u.bar.loadScopes()
		u.bar.sync()
	}
	for _, fn := range u.refresh {
		fn()
	}
}

// goBackground runs fn, the background half of a tab's refresh, off the UI
// goroutine; fn shows its results with fyne.Do.
func (u *UI) goBackground(fn func()) {
	u.bg.Add(1)
	runBackground(func() {
		defer u.bg.Done()
		fn()
	})
}

// runBackground starts background work. The headless tests make it
// synchronous: Fyne's test driver runs fyne.Do on the calling goroutine, so a
// worker's widget changes would race the test's.
var runBackground = func(fn func()) { go fn() }

// WaitBackground waits until the refreshes running in the background are
// done (benches and tests).
func (u *UI) WaitBackground() { u.bg.Wait() }

// stopBackground interrupts the dashboard's long reads and waits for every
// background read, before the workspace they read is closed. (The workers
// only queue their results with fyne.Do, so waiting here on the UI
// goroutine cannot deadlock.)
func (u *UI) stopBackground() {
	for _, c := range u.controllers {
		if d, ok := c.(*dashboardTab); ok && d.cancel != nil {
			d.cancel()
		}
	}
	u.bg.Wait()
}

// ShowError shows err in the user's words.
func (u *UI) ShowError(err error) {
	if err == nil {
		return
	}
	log.Printf("error: %v", err)
	dialog.ShowError(fmt.Errorf("%s", domain.ErrorMessage(err)), u.Win)
}

// Tabs returns the tab container (for tests and screenshots).
func (u *UI) Tabs() *container.AppTabs { return u.tabs }

// SelectTab selects the tab with the given (translated) title.
func (u *UI) SelectTab(title string) {
	if it, ok := u.tabByName[title]; ok {
		u.tabs.Select(it)
	}
}

// SetPeriod changes the shared period and refreshes the tabs.
func (u *UI) SetPeriod(p domain.Period) {
	u.Period = p
	u.bar.sync()
	u.Changed()
}

// SetScope changes the shared scope and refreshes the tabs.
func (u *UI) SetScope(s Scope) {
	u.Scope = s
	u.bar.sync()
	u.Changed()
}

// SwitchWorkspace closes the current workspace and opens db in its place.
func (u *UI) SwitchWorkspace(db *persistence.DB) error {
	u.stopBackground()
	old := u.DB
	u.DB = db
	if err := u.load(); err != nil {
		u.DB = old
		return err
	}
	if old != nil && old != db {
		old.Close()
	}
	u.Period = domain.Period{}
	_ = u.load()
	u.build()
	return nil
}

// Background runs work off the UI goroutine with a progress dialog and a
// Cancel button; done runs on the UI goroutine afterwards.
func (u *UI) Background(title string, work func(ctx context.Context, progress func(frac float64, msg string)) error, done func(error)) {
	ctx, cancel := context.WithCancel(context.Background())
	bar := widget.NewProgressBar()
	status := widget.NewLabel("")
	d := dialog.NewCustomWithoutButtons(title, container.NewVBox(status, bar,
		&widget.Button{Text: lang.L("Cancel"), Icon: theme.CancelIcon(), OnTapped: cancel}), u.Win)
	d.Resize(fyne.NewSize(420, 160))
	d.Show()
	go func() {
		if u.workStarts != nil {
			u.workStarts()
		}
		err := work(ctx, func(frac float64, msg string) {
			fyne.Do(func() {
				bar.SetValue(frac)
				status.SetText(msg)
			})
		})
		cancel()
		fyne.Do(func() {
			d.Hide()
			if done != nil {
				done(err)
			}
		})
	}()
}
