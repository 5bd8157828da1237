package ui

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
)

func newCompPlansTab(u *UI) *container.TabItem {
	return container.NewTabItemWithIcon(lang.L("Comp plans"), theme.ListIcon(),
		comingNext(lang.L("Commission plans with tiers, SPIFFs and draws; payout runs with an explanation for every line.")))
}
