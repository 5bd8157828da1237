package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// tabBody holds the content of one of the window's tabs. Fyne's tab
// container refreshes the content of every tab whenever it is refreshed or
// first drawn, which lays out all six tabs to show one; a hidden tabBody
// skips that and catches up when it is shown. So building the window lays
// out only the Dashboard, and switching tabs only the tab chosen.
type tabBody struct {
	widget.BaseWidget
	content fyne.CanvasObject
	shown   bool // has been on screen: its size counts from then on
}

func newTabBody(content fyne.CanvasObject) *tabBody {
	b := &tabBody{content: content}
	b.ExtendBaseWidget(b)
	return b
}

// CreateRenderer implements fyne.Widget.
func (b *tabBody) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(b.content) }

// Refresh refreshes the content when it is on screen (Show refreshes it).
func (b *tabBody) Refresh() {
	if !b.Visible() {
		return
	}
	b.shown = true
	b.BaseWidget.Refresh()
}

// Show shows the body and tells its content, which may itself watch for
// being shown (the Forecasts tab computes only the pane in view). It does not
// refresh: the tab container shows a tab from its own refresh, which
// refreshes the tab next — once is enough for a table of a hundred cells.
func (b *tabBody) Show() {
	b.content.Show()
	b.Hidden = false
}

// Hide hides the body and its content.
func (b *tabBody) Hide() {
	b.content.Hide()
	b.BaseWidget.Hide()
}

// MinSize is the content's once it has been shown; a tab never opened does
// not make the window measure its content.
func (b *tabBody) MinSize() fyne.Size {
	if !b.shown {
		return fyne.Size{}
	}
	return b.BaseWidget.MinSize()
}
