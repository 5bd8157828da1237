package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// tableCell is a cell of a large table. A table updates every visible cell
// on each layout and refresh, and measuring a truncated text again is most
// of the cost of showing a tab of tables; a tableCell remembers the theme it
// was drawn in, so an update that changes neither its text nor the theme
// costs nothing.
type tableCell struct {
	widget.Label
	theme   fyne.Theme // the app's theme is a *salesopsTheme: comparable
	variant fyne.ThemeVariant
}

func newTableCell() fyne.CanvasObject {
	c := &tableCell{}
	c.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

// set shows text aligned so, unless the cell shows it already.
func (c *tableCell) set(text string, align fyne.TextAlign) {
	// The theme that follows the system stays one object when the system
	// turns dark: the variant tells.
	s := fyne.CurrentApp().Settings()
	th, v := s.Theme(), s.ThemeVariant()
	if text == c.Text && align == c.Alignment && th == c.theme && v == c.variant {
		return
	}
	c.Text, c.Alignment, c.theme, c.variant = text, align, th, v
	c.Refresh()
}
