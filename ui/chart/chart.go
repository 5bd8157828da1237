// Package chart draws Salesops' charts with go-chart, coloured from the
// current Fyne theme and re-rendered at the widget's pixel size so they stay
// crisp at any window size.
package chart

import (
	"image"
	"image/color"
	"math"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Kind is how a series is drawn.
type Kind int

const (
	Bars Kind = iota
	Line
	Dashed
)

// Series is one named row of values, one per X label.
type Series struct {
	Name   string
	Values []float64
	Kind   Kind
	// ColorName, when set, picks the theme colour of the series instead of
	// the palette's next one (resolved at drawing time, so it follows the
	// light or dark variant).
	ColorName fyne.ThemeColorName
	// Base, when set on a Bars series, makes its bars float: bar i spans
	// Base[i] to Base[i] + Values[i] (a waterfall). Floating series share
	// the whole slot rather than standing side by side: give the others NaN
	// where one draws.
	Base []float64
}

// Band is a shaded interval (a prediction interval), one low/high per X label;
// NaN leaves a label without band.
type Band struct {
	Name      string
	Low, High []float64
}

// Spec describes a chart.
type Spec struct {
	Title   string
	XLabels []string
	Series  []Series
	Band    *Band
	// YFormat formats the axis values (money, percentages); nil = plain.
	YFormat func(float64) string
	// Categories says the X labels name things (stages, reasons,
	// territories) rather than a sequence (months, dates): every bar keeps
	// its label, cut short with "…" where it is too wide, rather than every
	// other one showing whole.
	Categories bool
}

// HasData reports whether there is anything worth drawing: some finite,
// non-zero value.
func (s Spec) HasData() bool {
	for _, se := range s.Series {
		for _, v := range se.Values {
			if v != 0 && !math.IsNaN(v) && !math.IsInf(v, 0) {
				return true
			}
		}
	}
	return false
}

// Chart is a widget showing a Spec, or a "No data" message when there is none.
type Chart struct {
	widget.BaseWidget
	spec   Spec
	raster *canvas.Raster
	empty  *widget.Label
	title  *widget.Label
	legend *fyne.Container
	min    fyne.Size
}

// New returns a chart widget for spec.
func New(spec Spec) *Chart {
	c := &Chart{spec: spec, min: fyne.NewSize(320, 200)}
	c.raster = canvas.NewRaster(c.draw)
	c.raster.ScaleMode = canvas.ImageScaleSmooth
	c.empty = widget.NewLabelWithStyle(lang.L("No data for this period yet"), fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	c.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.legend = container.NewHBox()
	c.ExtendBaseWidget(c)
	return c
}

// SetSpec replaces what the chart shows.
func (c *Chart) SetSpec(spec Spec) {
	c.spec = spec
	c.Refresh()
}

// Spec returns what the chart shows (for tests).
func (c *Chart) Spec() Spec { return c.spec }

// SetMinSize sets the smallest size the chart asks for.
func (c *Chart) SetMinSize(s fyne.Size) { c.min = s }

// MinSize implements fyne.Widget.
func (c *Chart) MinSize() fyne.Size { return c.min }

// CreateRenderer implements fyne.Widget.
func (c *Chart) CreateRenderer() fyne.WidgetRenderer {
	// The title takes what the legend leaves and ends in "…" when the chart is
	// narrow, so the two never overlap.
	c.title.Truncation = fyne.TextTruncateEllipsis
	header := container.NewBorder(nil, nil, nil, c.legend, c.title)
	r := &renderer{c: c, objects: container.NewBorder(header, nil, nil, nil, container.NewStack(c.raster, container.NewCenter(c.empty)))}
	r.Refresh()
	return r
}

type renderer struct {
	c       *Chart
	objects *fyne.Container
}

func (r *renderer) Layout(s fyne.Size)           { r.objects.Resize(s) }
func (r *renderer) MinSize() fyne.Size           { return r.c.min }
func (r *renderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.objects} }
func (r *renderer) Destroy()                     {}
func (r *renderer) Refresh() {
	has := r.c.spec.HasData()
	r.c.empty.Hidden = has
	r.c.raster.Hidden = !has
	r.c.title.SetText(r.c.spec.Title)
	r.c.title.Hidden = r.c.spec.Title == ""
	r.c.legend.Objects = legendItems(r.c.spec, Palette())
	// Lay the whole chart out again: a legend that appears or grows changes
	// the header's size, which only the enclosing layout can give it.
	r.objects.Refresh()
}

// legendItems are a swatch and a name per series, drawn by Fyne so the text
// follows the theme; a chart with one series needs none.
func legendItems(spec Spec, pal Colors) []fyne.CanvasObject {
	if len(spec.Series) < 2 && spec.Band == nil {
		return nil
	}
	var out []fyne.CanvasObject
	add := func(name string, col color.Color, kind Kind) {
		sw := canvas.NewRectangle(col)
		size := fyne.NewSize(14, 14)
		if kind != Bars {
			size = fyne.NewSize(18, 3)
		}
		sw.SetMinSize(size)
		out = append(out, container.NewCenter(sw), widget.NewLabel(name))
	}
	for i, s := range spec.Series {
		add(s.Name, pal.seriesColor(spec, i), s.Kind)
	}
	if spec.Band != nil && spec.Band.Name != "" {
		r, g, b, _ := pal.Series[0].RGBA()
		add(spec.Band.Name, color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 60}, Bars)
	}
	return out
}

func (c *Chart) draw(w, h int) image.Image {
	if w < 10 || h < 10 || !c.spec.HasData() {
		return image.NewRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	}
	scale := float32(1)
	if app := fyne.CurrentApp(); app != nil {
		if d := app.Driver(); d != nil {
			if cv := d.CanvasForObject(c); cv != nil {
				scale = cv.Scale()
			}
		}
	}
	return Render(c.spec, w, h, scale, Palette())
}

// Colors used to draw a chart.
type Colors struct {
	Background, Foreground, Grid color.Color
	Series                       []color.Color
	// Named resolves a series' ColorName; nil = palette colours only.
	Named func(fyne.ThemeColorName) color.Color
}

// seriesColor is the colour of series i.
func (pal Colors) seriesColor(spec Spec, i int) color.Color {
	if s := spec.Series[i]; s.ColorName != "" && pal.Named != nil {
		return pal.Named(s.ColorName)
	}
	return pal.Series[i%len(pal.Series)]
}

// Palette reads the colours of the current theme and variant.
func Palette() Colors {
	th := theme.Current()
	v := theme.VariantLight
	if app := fyne.CurrentApp(); app != nil {
		v = app.Settings().ThemeVariant()
	}
	return Colors{
		Background: th.Color(theme.ColorNameBackground, v),
		Foreground: th.Color(theme.ColorNameForeground, v),
		Grid:       th.Color(theme.ColorNameSeparator, v),
		Series: []color.Color{
			th.Color(theme.ColorNamePrimary, v),
			th.Color(theme.ColorNameWarning, v),
			th.Color(theme.ColorNameSuccess, v),
			th.Color(theme.ColorNameError, v),
			th.Color(theme.ColorNameHyperlink, v),
			th.Color(theme.ColorNamePlaceHolder, v),
		},
		Named: func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) },
	}
}

func dc(c color.Color) drawing.Color {
	r, g, b, a := c.RGBA()
	return drawing.Color{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: uint8(a >> 8)}
}

// Render draws spec into a w×h image. It never returns go-chart's errors:
// when go-chart cannot draw the data, the image is left blank.
func Render(spec Spec, w, h int, scale float32, pal Colors) image.Image {
	if !spec.HasData() {
		return image.NewRGBA(image.Rect(0, 0, w, h))
	}
	fs := 9 * float64(scale)
	fg, bg, grid := dc(pal.Foreground), dc(pal.Background), dc(pal.Grid)
	n := len(spec.XLabels)
	for _, s := range spec.Series {
		n = max(n, len(s.Values))
	}
	ticks := xTicks(spec.XLabels, n, float64(w), float64(scale), spec.Categories, textWidth(fs))
	lo, hi, whole := 0.0, 0.0, true
	consider := func(v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		whole = whole && v == math.Trunc(v)
	}
	var series []gochart.Series
	if b := spec.Band; b != nil {
		for i := range b.Low {
			consider(b.Low[i])
			if i < len(b.High) {
				consider(b.High[i])
			}
		}
		series = append(series, bandSeries{band: *b, color: dc(pal.Series[0]).WithAlpha(60)})
	}
	barIdx, bars := 0, 0
	for _, s := range spec.Series {
		if s.Kind == Bars && s.Base == nil {
			bars++
		}
	}
	for i, s := range spec.Series {
		for j, v := range s.Values {
			if s.Kind == Bars && s.Base != nil && j < len(s.Base) {
				consider(s.Base[j])
				v += s.Base[j]
			}
			consider(v)
		}
		col := dc(pal.seriesColor(spec, i))
		switch {
		case s.Kind == Bars && s.Base != nil:
			series = append(series, barSeries{name: s.Name, values: s.Values, base: s.Base, color: col, groups: 1})
		case s.Kind == Bars:
			series = append(series, barSeries{name: s.Name, values: s.Values, color: col, index: barIdx, groups: bars})
			barIdx++
		default:
			xs, ys := make([]float64, 0, len(s.Values)), make([]float64, 0, len(s.Values))
			for j, v := range s.Values {
				if !math.IsNaN(v) {
					xs, ys = append(xs, float64(j)), append(ys, v)
				}
			}
			if len(xs) == 1 { // go-chart needs two points for a line
				xs, ys = append(xs, xs[0]+0.01), append(ys, ys[0])
			}
			st := gochart.Style{StrokeColor: col, StrokeWidth: 2 * float64(scale)}
			if s.Kind == Dashed {
				st.StrokeDashArray = []float64{6 * float64(scale), 4 * float64(scale)}
			}
			series = append(series, gochart.ContinuousSeries{Name: s.Name, XValues: xs, YValues: ys, Style: st})
		}
	}
	yf := spec.YFormat
	if yf == nil {
		yf = func(v float64) string { return gochart.FloatValueFormatter(v) }
	}
	yt := yTicks(lo, hi, max(2, min(6, int(float64(h)/(45*float64(scale))))), whole)
	yTickMarks := make([]gochart.Tick, len(yt))
	for i, v := range yt {
		yTickMarks[i] = gochart.Tick{Value: v, Label: yf(v)}
	}
	axisStyle := gochart.Style{FontColor: fg, StrokeColor: grid, FontSize: fs}
	c := gochart.Chart{
		Width: w, Height: h, DPI: 96,
		Background: gochart.Style{FillColor: bg, Padding: gochart.Box{Top: int(12 * scale), Left: int(8 * scale), Right: int(16 * scale), Bottom: int(8 * scale)}},
		Canvas:     gochart.Style{FillColor: bg},
		XAxis:      gochart.XAxis{Style: axisStyle, Ticks: ticks, TickPosition: gochart.TickPositionUnderTick},
		YAxis: gochart.YAxis{Style: axisStyle, Range: &gochart.ContinuousRange{Min: yt[0], Max: yt[len(yt)-1]},
			Ticks:          yTickMarks,
			GridMajorStyle: gochart.Style{StrokeColor: grid, StrokeWidth: 1},
		},
		Series: series,
	}
	iw := &gochart.ImageWriter{}
	if err := c.Render(gochart.PNG, iw); err != nil {
		return image.NewRGBA(image.Rect(0, 0, w, h))
	}
	img, err := iw.Image()
	if err != nil {
		return image.NewRGBA(image.Rect(0, 0, w, h))
	}
	return img
}

// xTicks are the X axis's labels under the n slots of a chart w pixels
// wide, measure giving a label's width in pixels: all of them when the
// widest fits its slot; for categories, all of them, each cut with "…" to
// its slot where it is too wide (while a slot holds a few characters); else
// every step-th, whole, at least 70 pixels apart. go-chart sets the X range
// to the outermost ticks: blank ticks half a slot outside keep the first
// and last bars whole.
func xTicks(labels []string, n int, w, scale float64, categories bool, measure func(string) float64) []gochart.Tick {
	slot := math.Max(1, w-70*scale) / math.Max(1, float64(n))
	gap := 16 * scale // between two labels of a sequence
	if categories {
		gap = 4 * scale
	}
	room := slot - gap
	widest := 0.0
	for _, l := range labels {
		widest = math.Max(widest, measure(l))
	}
	step, cut := 1, false
	switch {
	case widest <= room:
	case categories && measure("Abc…") <= room:
		cut = true
	default:
		step = max(1,
			int(math.Ceil(float64(n)/math.Max(1, w/(70*scale)))),
			int(math.Ceil((widest+gap)/slot)))
	}
	ticks := make([]gochart.Tick, 0, n+2)
	ticks = append(ticks, gochart.Tick{Value: -0.5})
	for i := 0; i < n; i++ {
		label := ""
		if i < len(labels) && i%step == 0 {
			label = labels[i]
			if cut && measure(label) > room {
				r := []rune(label)
				for len(r) > 1 && measure(string(r)+"…") > room {
					r = r[:len(r)-1]
				}
				label = strings.TrimSpace(string(r)) + "…"
			}
		}
		ticks = append(ticks, gochart.Tick{Value: float64(i), Label: label})
	}
	return append(ticks, gochart.Tick{Value: float64(n) - 0.5})
}

// textWidth measures text in the chart's axis font at size pt, in pixels
// (go-chart's default font at the 96 DPI Render draws at); without the
// font, an average character width.
func textWidth(pt float64) func(string) float64 {
	r, err := gochart.PNG(1, 1)
	f, ferr := gochart.GetDefaultFont()
	if err != nil || ferr != nil {
		return func(s string) float64 { return float64(utf8.RuneCountInString(s)) * pt * 0.7 }
	}
	r.SetDPI(96)
	r.SetFont(f)
	r.SetFontSize(pt)
	return func(s string) float64 { return float64(r.MeasureText(s).Width()) }
}

// yTicks are the values marked on the Y axis, which runs from the first to
// the last: round numbers (1, 2 or 5 times a power of ten apart) covering
// lo..hi in about n steps. When every value drawn is whole (counts, whole
// amounts) the step is at least 1, so the axis never reads 0, 0, 1, 1.
func yTicks(lo, hi float64, n int, whole bool) []float64 {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(max(1, n))
	e := math.Floor(math.Log10(raw))
	var m float64 // the step is m × 10^e
	switch norm := raw / math.Pow(10, e); {
	case norm < 1.5:
		m = 1
	case norm < 3:
		m = 2
	case norm < 7:
		m = 5
	default:
		m = 10
	}
	if whole && e < 0 {
		m, e = 1, 0
	}
	// Each tick is k × m scaled by a power of ten in one operation, so that
	// 3 × 0.1 shows as 0.3, not 0.30000000000000004.
	at := func(k float64) float64 {
		if e >= 0 {
			return k * m * math.Pow(10, e)
		}
		return k * m / math.Pow(10, -e)
	}
	step := at(1)
	first, last := math.Floor(lo/step+1e-9), math.Ceil(hi/step-1e-9)
	out := make([]float64, 0, int(last-first)+1)
	for k := first; k <= last; k++ {
		out = append(out, at(k))
	}
	return out
}

// barSeries draws one series of grouped bars from zero, or of floating bars
// from base.
type barSeries struct {
	name          string
	values, base  []float64
	color         drawing.Color
	index, groups int
}

func (b barSeries) GetName() string             { return b.name }
func (b barSeries) GetYAxis() gochart.YAxisType { return gochart.YAxisPrimary }
func (b barSeries) GetStyle() gochart.Style {
	return gochart.Style{StrokeColor: b.color, FillColor: b.color}
}
func (b barSeries) Validate() error { return nil }
func (b barSeries) Render(r gochart.Renderer, box gochart.Box, xr, yr gochart.Range, _ gochart.Style) {
	slot := float64(xr.Translate(1) - xr.Translate(0))
	width := slot * 0.7 / float64(max(1, b.groups))
	r.SetFillColor(b.color)
	r.SetStrokeColor(b.color)
	r.SetStrokeWidth(0)
	for i, v := range b.values {
		if math.IsNaN(v) || v == 0 {
			continue
		}
		from := 0.0
		if b.base != nil {
			if i >= len(b.base) || math.IsNaN(b.base[i]) {
				continue
			}
			from = b.base[i]
		}
		zero := box.Bottom - yr.Translate(from)
		cx := float64(box.Left+xr.Translate(float64(i))) - slot*0.35 + width*float64(b.index)
		top := box.Bottom - yr.Translate(from+v)
		y0, y1 := min(zero, top), max(zero, top)
		x0, x1 := int(cx), int(cx+width-1)
		if x1 <= x0 {
			x1 = x0 + 1
		}
		r.MoveTo(x0, y0)
		r.LineTo(x1, y0)
		r.LineTo(x1, y1)
		r.LineTo(x0, y1)
		r.Close()
		r.Fill()
	}
}

// bandSeries shades between low and high.
type bandSeries struct {
	band  Band
	color drawing.Color
}

func (b bandSeries) GetName() string             { return b.band.Name }
func (b bandSeries) GetYAxis() gochart.YAxisType { return gochart.YAxisPrimary }
func (b bandSeries) GetStyle() gochart.Style {
	return gochart.Style{FillColor: b.color, StrokeColor: b.color}
}
func (b bandSeries) Validate() error { return nil }
func (b bandSeries) Render(r gochart.Renderer, box gochart.Box, xr, yr gochart.Range, _ gochart.Style) {
	var idx []int
	for i := range b.band.Low {
		if i < len(b.band.High) && !math.IsNaN(b.band.Low[i]) && !math.IsNaN(b.band.High[i]) {
			idx = append(idx, i)
		}
	}
	if len(idx) < 2 {
		return
	}
	r.SetFillColor(b.color)
	r.SetStrokeWidth(0)
	x := func(i int) int { return box.Left + xr.Translate(float64(i)) }
	y := func(v float64) int { return box.Bottom - yr.Translate(v) }
	r.MoveTo(x(idx[0]), y(b.band.High[idx[0]]))
	for _, i := range idx[1:] {
		r.LineTo(x(i), y(b.band.High[i]))
	}
	for k := len(idx) - 1; k >= 0; k-- {
		r.LineTo(x(idx[k]), y(b.band.Low[idx[k]]))
	}
	r.Close()
	r.Fill()
}
