package ui

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"log"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"salesops/assets"
	"salesops/domain"
	"salesops/persistence"
)

// AppID is the application's ID (as in FyneApp.toml).
const AppID = "io.salesops.app"

// Main opens the window: salesops [--db FILE]. It returns the exit status.
func Main(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("salesops", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "workspace file (default: the workspace in your application data folder)")
	shots := fs.String("screenshots", "", "") // hidden: write one PNG per tab (light and dark) into DIR and quit
	asOf := fs.String("as-of", "", "")        // hidden: today's date for the window (screenshots, demos)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: salesops [--db FILE]   (salesops help lists the commands)")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	now := time.Now
	if *asOf != "" {
		t, err := time.Parse("2006-01-02", *asOf)
		if err != nil {
			fmt.Fprintf(stderr, "salesops: --as-of %q is not a date (YYYY-MM-DD)\n", *asOf)
			return 2
		}
		now = func() time.Time { return t }
	}
	def, err := persistence.DefaultPath()
	if err != nil {
		fmt.Fprintf(stderr, "salesops: no application data folder: %v\n", err)
		return 1
	}
	path := *dbPath
	if path == "" {
		path = def
	}
	a := app.NewWithID(AppID)
	// The system's language until the workspace, which holds the chosen
	// one, is open.
	if err := ApplyLanguage(""); err != nil {
		log.Printf("translations: %v", err)
	}
	status := 0
	var u *UI
	// Closing the start window cancels the open: an upgrade cut short rolls
	// back (a backup cut short is removed; a finished one stays).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sw := &startWindow{app: a, path: path, cancel: cancel}
	// An open that takes a while (an older workspace backed up and upgraded,
	// the demo company generated on first launch) shows a small window
	// meanwhile: nothing on screen for seconds looks like a failed start.
	note := time.AfterFunc(400*time.Millisecond, func() { fyne.Do(sw.show) })
	go func() {
		db, err := openWorkspace(ctx, path, path == def, now())
		fyne.Do(func() {
			note.Stop()
			if err != nil && ctx.Err() != nil {
				fmt.Fprintln(stderr, "salesops: opening cancelled")
				status = 1
				a.Quit()
				return
			}
			if err == nil {
				if u, err = New(a, db, Options{DefaultPath: def, Now: now}); err != nil {
					db.Close()
				}
			}
			if err != nil {
				fmt.Fprintf(stderr, "salesops: %s\n", domain.ErrorMessage(err))
				status, u = 1, nil
				if *shots != "" {
					a.Quit()
				} else {
					sw.fail(err)
				}
				return
			}
			u.StartWeeklySnapshot()
			if *shots != "" {
				go func() {
					if err := u.Screenshots(*shots); err != nil {
						fmt.Fprintf(stderr, "salesops: screenshots: %v\n", err)
					}
					fyne.Do(a.Quit)
				}()
			}
			u.Win.SetMaster()
			u.Win.Show()
			sw.close()
		})
	}()
	a.Run()
	note.Stop()
	if u != nil && u.DB != nil {
		u.stopBackground()
		u.DB.Close()
	}
	return status
}

// startWindow is what the screen shows before the main window: a note while
// the workspace opens, and why it could not be opened. It lives on the UI
// goroutine.
type startWindow struct {
	app    fyne.App
	path   string
	cancel func() // stops the open (closing the note)
	win    fyne.Window
	ended  bool // the main window is up, or the error shown
}

func (s *startWindow) window() fyne.Window {
	if s.win == nil {
		s.win = s.app.NewWindow("Salesops")
		s.win.SetIcon(assets.Icon)
		s.win.Resize(fyne.NewSize(520, 0))
		s.win.CenterOnScreen()
	}
	return s.win
}

// show shows the note, unless the main window is already up.
func (s *startWindow) show() {
	if s.ended {
		return
	}
	w := s.window()
	w.SetContent(container.NewPadded(container.NewVBox(
		widget.NewLabel(lang.L("Opening {{.Path}}…", map[string]any{"Path": s.path})),
		widget.NewProgressBarInfinite())))
	// The open ends (cancelled) before the window goes: closed at once, it
	// would be the last window and quit the app mid-upgrade.
	w.SetCloseIntercept(s.cancel)
	w.Show()
}

// fail shows why the workspace could not be opened; closing it quits.
func (s *startWindow) fail(err error) {
	s.ended = true
	w := s.window()
	msg := widget.NewLabel(domain.ErrorMessage(err))
	msg.Wrapping = fyne.TextWrapWord
	quit := &widget.Button{Text: lang.L("Close"), Importance: widget.HighImportance, OnTapped: w.Close}
	w.SetContent(container.NewPadded(container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), quit), nil, nil, msg)))
	w.Resize(fyne.NewSize(520, 200))
	w.SetCloseIntercept(nil)
	w.SetOnClosed(s.app.Quit)
	w.Show()
}

// close closes the note once the main window is up.
func (s *startWindow) close() {
	s.ended = true
	if s.win != nil {
		s.win.Close()
	}
}

// generateDemo makes the demo company (tests make it fail).
var generateDemo = persistence.GenerateDemo

// openWorkspace opens path; the default workspace starts as the demo company
// on first launch.
func openWorkspace(ctx context.Context, path string, isDefault bool, today time.Time) (*persistence.DB, error) {
	_, statErr := os.Stat(path)
	first := errors.Is(statErr, os.ErrNotExist)
	db, err := persistence.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if first && isDefault {
		if _, err := generateDemo(ctx, db, persistence.DemoOptions{Seed: 1, Sellers: 15, Deals: 4000, AsOf: today}); err != nil {
			// The file made a moment ago goes too, so that the next launch
			// is a first launch again, with the demo company.
			db.Close()
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(path + suffix)
			}
			return nil, err
		}
	}
	return db, nil
}

// Screenshots selects each tab in light and then dark theme and writes the
// window's canvas to DIR/NN-tab-variant.png. It runs off the UI goroutine.
func (u *UI) Screenshots(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	time.Sleep(1500 * time.Millisecond)
	names := []string{"dashboard", "team", "territories", "deals", "comp-plans", "forecasts"}
	for _, variant := range []string{"light", "dark"} {
		fyne.DoAndWait(func() { u.App.Settings().SetTheme(newTheme(variant)) })
		for i, name := range names {
			fyne.DoAndWait(func() { u.tabs.SelectIndex(i) })
			time.Sleep(900 * time.Millisecond)
			img, err := CaptureScreen()
			if err != nil {
				// On a real display without xwd, the canvas can be read back.
				fyne.DoAndWait(func() { img = u.Win.Canvas().Capture() })
			} else if rgba, ok := img.(*image.RGBA); ok {
				// Keep the window (at the top left of the bare X screen), not the whole screen.
				var w, h int
				fyne.DoAndWait(func() {
					sz, sc := u.Win.Canvas().Size(), u.Win.Canvas().Scale()
					w, h = int(sz.Width*sc), int(sz.Height*sc)
				})
				img = rgba.SubImage(image.Rect(0, 0, w, h))
			}
			f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%02d-%s-%s.png", i+1, name, variant)))
			if err != nil {
				return err
			}
			if err := png.Encode(f, img); err != nil {
				f.Close()
				return err
			}
			f.Close()
		}
	}
	return nil
}
