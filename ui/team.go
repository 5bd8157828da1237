package ui

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

func newTeamTab(u *UI) *container.TabItem {
	return container.NewTabItemWithIcon(lang.L("Team"), theme.AccountIcon(),
		comingNext(lang.L("People, the org chart, quotas with ramps and seasonality, the leaderboard and the capacity plan.")))
}
