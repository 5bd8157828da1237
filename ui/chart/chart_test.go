package chart

import (
	"image"
	"image/color"
	"math"
	"slices"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	gochart "github.com/wcharczuk/go-chart/v2"
)

var testPalette = Colors{
	Background: color.White,
	Foreground: color.Black,
	Grid:       color.Gray{Y: 200},
	Series:     []color.Color{color.RGBA{R: 0x20, G: 0x60, B: 0xf0, A: 0xff}, color.RGBA{R: 0xf0, G: 0x90, B: 0x10, A: 0xff}},
}

func countColour(img image.Image, want color.Color) int {
	wr, wg, wb, _ := want.RGBA()
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 == wr>>8 && g>>8 == wg>>8 && bl>>8 == wb>>8 {
				n++
			}
		}
	}
	return n
}

func TestHasDataIgnoresEmptyZeroAndNaNSeries(t *testing.T) {
	for _, c := range []struct {
		name string
		spec Spec
		want bool
	}{
		{"no series has no data", Spec{}, false},
		{"an empty series has no data", Spec{Series: []Series{{Name: "a"}}}, false},
		{"all zeros have no data", Spec{Series: []Series{{Values: []float64{0, 0, 0}}}}, false},
		{"NaN and infinities have no data", Spec{Series: []Series{{Values: []float64{math.NaN(), math.Inf(1)}}}}, false},
		{"one non-zero value is data", Spec{Series: []Series{{Values: []float64{0, 3}}}}, true},
		{"a negative value is data", Spec{Series: []Series{{Values: []float64{-1}}}}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.spec.HasData(); got != c.want {
				t.Errorf("HasData() = %v, want %v", got, c.want)
			}
		})
	}
}

func TestRenderDrawsBarsFromZeroInTheSeriesColour(t *testing.T) {
	spec := Spec{XLabels: []string{"Jan", "Feb", "Mar"}, Series: []Series{{Name: "won", Values: []float64{100, 200, 300}, Kind: Bars}}}
	img := Render(spec, 600, 300, 1, testPalette)
	if b := img.Bounds(); b.Dx() != 600 || b.Dy() != 300 {
		t.Fatalf("image is %v, want 600×300", b)
	}
	if n := countColour(img, testPalette.Series[0]); n < 600*300/20 {
		t.Errorf("only %d pixels in the bar colour: bars are missing", n)
	}
	// The third bar is three times the first: measure their heights in the
	// bar colour along each bar's column.
	heights := barHeights(img, testPalette.Series[0])
	if len(heights) != 3 {
		t.Fatalf("found %d bars, want 3", len(heights))
	}
	if r := float64(heights[2]) / float64(heights[0]); r < 2.8 || r > 3.2 {
		t.Errorf("bar heights %v: the third should be 3× the first (from zero), ratio %.2f", heights, r)
	}
}

// barHeights returns the tallest run of colour c in each contiguous band of
// columns that contains c.
func barHeights(img image.Image, c color.Color) []int {
	b := img.Bounds()
	cr, cg, cb, _ := c.RGBA()
	var out []int
	in := false
	for x := b.Min.X; x < b.Max.X; x++ {
		h := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 == cr>>8 && g>>8 == cg>>8 && bl>>8 == cb>>8 {
				h++
			}
		}
		switch {
		case h > 0 && !in:
			out = append(out, h)
			in = true
		case h > 0:
			out[len(out)-1] = max(out[len(out)-1], h)
		default:
			in = false
		}
	}
	return out
}

func TestRenderNeverFailsOnAwkwardData(t *testing.T) {
	for _, spec := range []Spec{
		{},
		{Series: []Series{{Values: []float64{0, 0}}}},
		{Series: []Series{{Values: []float64{5}, Kind: Line}}},
		{Series: []Series{{Values: []float64{-5, 5, math.NaN()}, Kind: Bars}, {Values: []float64{1}, Kind: Dashed}}},
		{Series: []Series{{Values: []float64{1, 2, 3}, Kind: Line}}, Band: &Band{Name: "80 %", Low: []float64{0.5, math.NaN(), 2}, High: []float64{1.5, 3, 4}}},
	} {
		img := Render(spec, 200, 100, 1, testPalette)
		if img.Bounds().Dx() != 200 || img.Bounds().Dy() != 100 {
			t.Errorf("Render(%+v) gave %v", spec, img.Bounds())
		}
	}
}

func TestTheWidgetSaysNoDataInsteadOfAnEmptyChart(t *testing.T) {
	test.NewTempApp(t)
	c := New(Spec{Title: "Closed-won", Series: []Series{{Values: []float64{0, 0}}}})
	w := test.NewTempWindow(t, c)
	w.Resize(fyne.NewSize(400, 300))
	if c.empty.Hidden || !c.raster.Hidden {
		t.Errorf("with all-zero data the chart should hide its drawing and say there is no data")
	}
	c.SetSpec(Spec{Title: "Closed-won", Series: []Series{{Name: "a", Values: []float64{1, 2}}, {Name: "b", Values: []float64{2, 1}, Kind: Line}}})
	if !c.empty.Hidden || c.raster.Hidden {
		t.Errorf("with data the chart should draw")
	}
	if got := len(c.legend.Objects); got != 4 {
		t.Errorf("two series give %d legend objects, want a swatch and a name each (4)", got)
	}
	if c.title.Text != "Closed-won" {
		t.Errorf("title %q", c.title.Text)
	}
	// Re-rendered at the new pixel size when the window grows.
	img := c.draw(800, 500)
	if img.Bounds().Dx() != 800 {
		t.Errorf("drawn at %v, want 800 wide", img.Bounds())
	}
}

func TestNarrowChartTitleNeverOverlapsTheLegend(t *testing.T) {
	test.NewTempApp(t)
	c := New(Spec{Title: "Closed-won and quota by month, 2026", XLabels: []string{"Jan", "Feb"},
		Series: []Series{{Name: "Closed-won", Values: []float64{1, 2}}, {Name: "Quota", Values: []float64{2, 2}, Kind: Line}}})
	w := test.NewWindow(c)
	defer w.Close()
	w.Resize(fyne.NewSize(300, 240))
	c.Resize(fyne.NewSize(300, 240))
	titleEnd := c.title.Position().X + c.title.Size().Width
	legendStart := c.legend.Position().X
	if titleEnd > legendStart+0.5 {
		t.Errorf("title ends at %.0f, legend starts at %.0f: they overlap", titleEnd, legendStart)
	}
}

func TestLegendAppearsWhenDataArrivesAfterTheChartIsShown(t *testing.T) {
	test.NewTempApp(t)
	c := New(Spec{Title: "Later"})
	w := test.NewWindow(c)
	defer w.Close()
	w.Resize(fyne.NewSize(600, 300))
	c.SetSpec(Spec{Title: "Later", XLabels: []string{"Jan", "Feb"},
		Series: []Series{{Name: "Closed-won", Values: []float64{1, 2}}, {Name: "Quota", Values: []float64{2, 2}, Kind: Line}}})
	if len(c.legend.Objects) != 4 {
		t.Fatalf("legend has %d objects, want a swatch and a name per series", len(c.legend.Objects))
	}
	for _, o := range c.legend.Objects {
		if o.Size().Width <= 0 || o.Size().Height <= 0 {
			t.Fatalf("legend item %T has size %v: not laid out", o, o.Size())
		}
	}
	if c.legend.Size().Width <= 0 {
		t.Errorf("legend has no room: %v", c.legend.Size())
	}
}

// barSpans returns, per contiguous band of columns holding colour c, the
// topmost and bottommost row of c in its middle column.
func barSpans(img image.Image, c color.Color) [][2]int {
	b := img.Bounds()
	cr, cg, cb, _ := c.RGBA()
	is := func(x, y int) bool {
		r, g, bl, _ := img.At(x, y).RGBA()
		return r>>8 == cr>>8 && g>>8 == cg>>8 && bl>>8 == cb>>8
	}
	col := func(x int) bool {
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if is(x, y) {
				return true
			}
		}
		return false
	}
	var out [][2]int
	for x := b.Min.X; x < b.Max.X; x++ {
		if !col(x) {
			continue
		}
		start := x
		for x < b.Max.X && col(x) {
			x++
		}
		mid := (start + x) / 2
		top, bottom := -1, -1
		for y := b.Min.Y; y < b.Max.Y; y++ {
			if is(mid, y) {
				if top < 0 {
					top = y
				}
				bottom = y
			}
		}
		out = append(out, [2]int{top, bottom})
	}
	return out
}

func TestFloatingBarsSpanFromTheirBase(t *testing.T) {
	nan := math.NaN()
	// A waterfall: start 100, +50, −30, end 120.
	spec := Spec{XLabels: []string{"Start", "Up", "Down", "End"}, Series: []Series{
		{Name: "totals", Kind: Bars, Values: []float64{100, nan, nan, 120}, Base: []float64{0, nan, nan, 0}},
		{Name: "moves", Kind: Bars, Values: []float64{nan, 50, -30, nan}, Base: []float64{nan, 100, 150, nan}},
	}}
	img := Render(spec, 800, 400, 1, testPalette)
	tot, mov := barSpans(img, testPalette.Series[0]), barSpans(img, testPalette.Series[1])
	if len(tot) != 2 || len(mov) != 2 {
		t.Fatalf("found %d total bars and %d movement bars, want 2 and 2", len(tot), len(mov))
	}
	// Pixels per unit from the start bar, which stands on zero.
	zero := tot[0][1]
	unit := float64(zero-tot[0][0]) / 100
	at := func(v float64) float64 { return float64(zero) - v*unit }
	near := func(got int, want float64) bool { return math.Abs(float64(got)-want) <= 2 }
	if !near(tot[1][0], at(120)) || !near(tot[1][1], at(0)) {
		t.Errorf("end bar spans rows %v, want %.0f–%.0f", tot[1], at(120), at(0))
	}
	if !near(mov[0][0], at(150)) || !near(mov[0][1], at(100)) {
		t.Errorf("the +50 bar spans rows %v, want %.0f–%.0f (floating from 100)", mov[0], at(150), at(100))
	}
	if !near(mov[1][0], at(150)) || !near(mov[1][1], at(120)) {
		t.Errorf("the −30 bar spans rows %v, want %.0f–%.0f (floating down from 150)", mov[1], at(150), at(120))
	}
	// Floating series share the slot: the movement bars are as wide as the totals.
	widths := func(c color.Color) []int {
		var out []int
		b := img.Bounds()
		for _, y := range []int{int(at(110))} {
			run := 0
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				cr, cg, cb, _ := c.RGBA()
				if r>>8 == cr>>8 && g>>8 == cg>>8 && bl>>8 == cb>>8 {
					run++
				} else if run > 0 {
					out = append(out, run)
					run = 0
				}
			}
		}
		return out
	}
	if w0, w1 := widths(testPalette.Series[0]), widths(testPalette.Series[1]); len(w0) == 0 || len(w1) == 0 || math.Abs(float64(w0[0]-w1[0])) > 1 {
		t.Errorf("bar widths %v (totals) and %v (movements) differ: floating bars should share the slot", w0, w1)
	}
}

// TestYTicksAreRoundAndNeverRepeatAWholeNumber: the Y axis is marked at
// round values covering the data; counts are never marked 0, 0, 1, 1.
func TestYTicksAreRoundAndNeverRepeatAWholeNumber(t *testing.T) {
	for _, c := range []struct {
		name   string
		lo, hi float64
		n      int
		whole  bool
		want   []float64
	}{
		{"one lost deal per reason", 0, 1, 5, true, []float64{0, 1}},
		{"four deals", 0, 4, 5, true, []float64{0, 1, 2, 3, 4}},
		{"twelve deals", 0, 12, 5, true, []float64{0, 2, 4, 6, 8, 10, 12}},
		{"closed-won by month", 0, 223_000, 5, true, []float64{0, 50_000, 100_000, 150_000, 200_000, 250_000}},
		{"win rates", 0, 0.43, 5, false, []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5}},
		{"a third", 0, 0.3, 3, false, []float64{0, 0.1, 0.2, 0.3}},
		{"a waterfall below zero", -120, 380, 5, true, []float64{-200, -100, 0, 100, 200, 300, 400}},
		{"amounts in cents", 0, 2.5, 5, false, []float64{0, 0.5, 1, 1.5, 2, 2.5}},
		{"flat", 0, 0, 5, true, []float64{0, 1}},
		{"small axis", 0, 9_800, 2, true, []float64{0, 5_000, 10_000}},
	} {
		got := yTicks(c.lo, c.hi, c.n, c.whole)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: yTicks(%v, %v, %d, %v) = %v, want %v", c.name, c.lo, c.hi, c.n, c.whole, got, c.want)
		}
	}
}

// shown is the non-blank labels of xTicks.
func shown(ticks []gochart.Tick) []string {
	var out []string
	for _, t := range ticks {
		if t.Label != "" {
			out = append(out, t.Label)
		}
	}
	return out
}

// TestXLabelsNeverOverlap: categories keep every label, cut short with "…"
// to their slot; a sequence shows every n-th label whole; labels that fit
// show whole and all.
func TestXLabelsNeverOverlap(t *testing.T) {
	reasons := []string{"Price", "Competition", "Budget", "Timing", "Missing features", "Unresponsive", "No decision", "Other"}
	stages := []string{"Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won"}
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	for _, c := range []struct {
		name       string
		labels     []string
		w          float64
		categories bool
		want       []string
	}{
		// 8 slots of 50 px, 46 px of text: seven characters.
		{"reasons in a third of the window", reasons, 470, true,
			[]string{"Price", "Compet…", "Budget", "Timing", "Missin…", "Unresp…", "No dec…", "Other"}},
		// 5 slots of 70 px, 66 px of text: ten characters.
		{"stages in a third of the window", stages, 420, true,
			[]string{"Prospecti…", "Qualifica…", "Proposal", "Negotiati…", "Closed Won"}},
		{"stages with room", stages, 1200, true, stages},
		// 12 slots of 29 px: "Jan" and a gap take two.
		{"months in a third of the window", months, 420, false,
			[]string{"Jan", "Mar", "May", "Jul", "Sep", "Nov"}},
		{"months with room", months, 1200, false, months},
		// 8 slots of 10 px: no room to cut to, one label whole.
		{"reasons too narrow to cut", reasons, 150, true, []string{"Price"}},
	} {
		ticks := xTicks(c.labels, len(c.labels), c.w, 1, c.categories, func(s string) float64 { return 6.3 * float64(utf8.RuneCountInString(s)) })
		if got := shown(ticks); !slices.Equal(got, c.want) {
			t.Errorf("%s: labels %q, want %q", c.name, got, c.want)
		}
		if len(ticks) != len(c.labels)+2 || ticks[0].Value != -0.5 || ticks[len(ticks)-1].Value != float64(len(c.labels))-0.5 {
			t.Errorf("%s: ticks %v, want one per slot between two blank half-slot ticks", c.name, ticks)
		}
	}
}
