package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// kpiMood colours a tile's change: better, worse or neither.
type kpiMood int

const (
	moodNeutral kpiMood = iota
	moodGood
	moodBad
)

// kpiTile shows one figure large, with its change against the previous
// period coloured by whether it is good news. It is a widget whose renderer
// reads every colour from the theme on each Refresh, so a theme switch
// (which refreshes every widget) repaints it: the tiles used to keep the
// colours of the theme they were built in.
type kpiTile struct {
	widget.BaseWidget
	Title  string
	Value  string
	Change string
	Mood   kpiMood
}

func newKPITile(title string) *kpiTile {
	t := &kpiTile{Title: title, Value: "—"}
	t.ExtendBaseWidget(t)
	return t
}

// set shows a new value and change.
func (t *kpiTile) set(value, change string, mood kpiMood) {
	t.Value, t.Change, t.Mood = value, change, mood
	t.Refresh()
}

// CreateRenderer implements fyne.Widget.
func (t *kpiTile) CreateRenderer() fyne.WidgetRenderer {
	r := &kpiTileRenderer{t: t, bg: canvas.NewRectangle(color.Transparent),
		title: canvas.NewText("", color.Black), value: canvas.NewText("", color.Black), change: canvas.NewText("", color.Black)}
	r.title.TextStyle = fyne.TextStyle{Bold: true}
	r.value.TextStyle = fyne.TextStyle{Bold: true}
	r.Refresh()
	return r
}

type kpiTileRenderer struct {
	t                    *kpiTile
	bg                   *canvas.Rectangle
	title, value, change *canvas.Text
}

func (r *kpiTileRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.title, r.value, r.change}
}

func (r *kpiTileRenderer) Destroy() {}

func (r *kpiTileRenderer) pad() float32 { return r.t.Theme().Size(theme.SizeNamePadding) * 2 }

func (r *kpiTileRenderer) Layout(s fyne.Size) {
	p := r.pad()
	r.bg.Resize(s)
	y := p
	for _, tx := range []*canvas.Text{r.title, r.value, r.change} {
		m := tx.MinSize()
		tx.Move(fyne.NewPos(p, y))
		tx.Resize(fyne.NewSize(s.Width-2*p, m.Height))
		y += m.Height
	}
}

func (r *kpiTileRenderer) MinSize() fyne.Size {
	p := r.pad()
	w, h := float32(0), 2*p
	for _, tx := range []*canvas.Text{r.title, r.value, r.change} {
		m := tx.MinSize()
		w = max(w, m.Width)
		h += m.Height
	}
	return fyne.NewSize(w+2*p, h)
}

// Refresh re-reads the theme: colours, sizes and corner radius.
func (r *kpiTileRenderer) Refresh() {
	th := r.t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius) * 2
	text := th.Size(theme.SizeNameText)
	r.title.Text, r.title.Color, r.title.TextSize = r.t.Title, th.Color(theme.ColorNameForeground, v), text
	r.value.Text, r.value.Color, r.value.TextSize = r.t.Value, th.Color(theme.ColorNameForeground, v), text*2
	r.change.Text, r.change.TextSize = r.t.Change, text*0.9
	switch r.t.Mood {
	case moodGood:
		r.change.Color = th.Color(theme.ColorNameSuccess, v)
	case moodBad:
		r.change.Color = th.Color(theme.ColorNameError, v)
	default:
		r.change.Color = th.Color(theme.ColorNamePlaceHolder, v)
	}
	r.Layout(r.t.Size())
	for _, o := range r.Objects() {
		o.Refresh()
	}
}
