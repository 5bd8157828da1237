package ui

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

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
	db, err := openWorkspace(path, path == def, now())
	if err != nil {
		fmt.Fprintf(stderr, "salesops: %s\n", domain.ErrorMessage(err))
		return 1
	}
	a := app.NewWithID(AppID)
	u, err := New(a, db, Options{DefaultPath: def, Now: now})
	if err != nil {
		fmt.Fprintf(stderr, "salesops: %s\n", domain.ErrorMessage(err))
		return 1
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
	u.Win.ShowAndRun()
	if u.DB != nil {
		u.stopBackground()
		u.DB.Close()
	}
	return 0
}

// openWorkspace opens path; the default workspace starts as the demo company
// on first launch.
func openWorkspace(path string, isDefault bool, today time.Time) (*persistence.DB, error) {
	_, statErr := os.Stat(path)
	first := errors.Is(statErr, os.ErrNotExist)
	ctx := context.Background()
	db, err := persistence.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if first && isDefault {
		if _, err := persistence.GenerateDemo(ctx, db, persistence.DemoOptions{Seed: 1, Sellers: 15, Deals: 4000, AsOf: today}); err != nil {
			db.Close()
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
