package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// comingNext is the state of a tab whose feature has not landed: it says what
// will be here, so nobody mistakes it for an empty workspace.
func comingNext(what string) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(lang.L("Coming next"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	body := widget.NewLabelWithStyle(what, fyne.TextAlignCenter, fyne.TextStyle{})
	body.Wrapping = fyne.TextWrapWord
	return container.NewCenter(container.NewVBox(widget.NewIcon(theme.InfoIcon()), title, container.NewGridWrap(fyne.NewSize(520, 90), body)))
}
