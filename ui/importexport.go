package ui

import (
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

func (u *UI) onImport() {
	dialog.ShowInformation(lang.L("Import…"), lang.L("Importing from spreadsheets and CRM exports is not yet available in this version."), u.Win)
}

func (u *UI) onExport() {
	dialog.ShowInformation(lang.L("Export…"), lang.L("Exporting workbooks is not yet available in this version."), u.Win)
}
