//go:build xvfb

// The real window under Xvfb: `make window` (part of `make test`) runs
// `xvfb-run go test -tags xvfb -run TestWindow .`.
package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"salesops/ui"
)

// distinctColours counts the colours of img, up to limit.
func distinctColours(img image.Image, limit int) int {
	seen := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// screenColours reads the X screen every half second until it shows at
// least want colours (a window drawn) or timeout passes, and returns the
// last count; check, when given, runs before each look.
func screenColours(t *testing.T, want int, timeout time.Duration, check func()) int {
	t.Helper()
	colours := 0
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(500 * time.Millisecond) {
		if check != nil {
			check()
		}
		img, err := ui.CaptureScreen()
		if err != nil {
			t.Fatal(err)
		}
		if colours = distinctColours(img, 4*want); colours >= want {
			break
		}
	}
	return colours
}

// binaryTags are the build tags the binary under test is built with: those
// of this test (fts5_window_test.go adds sqlite_fts5), so the window runs
// the search the program ships with.
var binaryTags []string

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "salesops")
	out, err := exec.Command("go", "build", "-tags", strings.Join(binaryTags, ","), "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestWindowRendersTheDemoCompany(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("no DISPLAY: run this test under xvfb-run (make window)")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if out, err := exec.Command(bin, "demo", "--db", db, "--as-of", "2026-11-22").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	// The real window, as a user opens it: wait until it is drawn, then read
	// the X screen.
	cmd := exec.Command(bin, "--db", db, "--as-of", "2026-11-22")
	var stderr bytes.Buffer // shown if the window does not render
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	colours := screenColours(t, 50, 60*time.Second, nil)
	if colours < 50 {
		cmd.Process.Signal(syscall.SIGQUIT) // its goroutines' stacks go to stderr
		time.Sleep(time.Second)
		t.Fatalf("the screen shows %d colours after a minute: the window did not render\n%s", colours, stderr.String())
	}
	cmd.Process.Kill()
	cmd.Wait()

	shots := filepath.Join(dir, "shots")
	out, err := exec.Command(bin, "--db", db, "--as-of", "2026-11-22", "--screenshots", shots).CombinedOutput()
	if err != nil {
		t.Fatalf("--screenshots: %v\n%s", err, out)
	}
	for _, tab := range []string{"01-dashboard", "02-team", "03-territories", "04-deals", "05-comp-plans", "06-forecasts"} {
		for _, variant := range []string{"light", "dark"} {
			name := filepath.Join(shots, tab+"-"+variant+".png")
			f, err := os.Open(name)
			if err != nil {
				t.Errorf("no screenshot %s", name)
				continue
			}
			img, err := png.Decode(f)
			f.Close()
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 600 {
				t.Errorf("%s is %dx%d, smaller than the window", name, b.Dx(), b.Dy())
			}
			if n := distinctColours(img, 100); n < 20 {
				t.Errorf("%s has only %d colours: blank", name, n)
			}
		}
	}
}

// TestWindowSaysWhyAWorkspaceCannotBeOpened: started on a file that is not a
// workspace (from a desktop menu, nobody reads stderr), the program shows
// why in a window and waits there rather than vanishing.
func TestWindowSaysWhyAWorkspaceCannotBeOpened(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("no DISPLAY: run this test under xvfb-run (make window)")
	}
	bin := buildBinary(t)
	bad := filepath.Join(t.TempDir(), "notes.db")
	if err := os.WriteFile(bad, []byte("meeting notes, not a workspace"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--db", bad)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Kill()
		<-exited
	}()
	colours := screenColours(t, 20, 30*time.Second, func() {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("the program exited (%v) instead of showing why:\n%s", err, stderr.String())
		default:
		}
	})
	if colours < 20 {
		t.Fatalf("the screen shows %d colours: no window says why\n%s", colours, stderr.String())
	}
	if want := bad + " is not a Salesops workspace"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr says %q, want %q", stderr.String(), want)
	}
}
