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

func newTeamTab(u *UI) *container.TabItem {
	return container.NewTabItemWithIcon(lang.L("Team"), theme.AccountIcon(),
		comingNext(lang.L("People, the org chart, quotas with ramps and seasonality, the leaderboard and the capacity plan.")))
}

func newTerritoriesTab(u *UI) *container.TabItem {
	return container.NewTabItemWithIcon(lang.L("Territories"), theme.GridIcon(),
		comingNext(lang.L("The territory hierarchy, assignment rules, segments and the balance between territories.")))
}

func newCompPlansTab(u *UI) *container.TabItem {
	return container.NewTabItemWithIcon(lang.L("Comp plans"), theme.ListIcon(),
		comingNext(lang.L("Commission plans with tiers, SPIFFs and draws; payout runs with an explanation for every line.")))
}

func newForecastsTab(u *UI) *container.TabItem {
	return container.NewTabItemWithIcon(lang.L("Forecasts"), theme.HistoryIcon(),
		comingNext(lang.L("The pipeline forecast by category, snapshots and accuracy, and the statistical forecast of the next months.")))
}
