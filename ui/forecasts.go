package ui

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

func newForecastsTab(u *UI) *container.TabItem {
	return container.NewTabItemWithIcon(lang.L("Forecasts"), theme.HistoryIcon(),
		comingNext(lang.L("The pipeline forecast by category, snapshots and accuracy, and the statistical forecast of the next months.")))
}
