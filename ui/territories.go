package ui

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

func newTerritoriesTab(u *UI) *container.TabItem {
	return container.NewTabItemWithIcon(lang.L("Territories"), theme.GridIcon(),
		comingNext(lang.L("The territory hierarchy, assignment rules, segments and the balance between territories.")))
}
