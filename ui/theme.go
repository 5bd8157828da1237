package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// salesopsTheme is Fyne's default theme with the variant forced when the user
// chose light or dark instead of following the system.
type salesopsTheme struct {
	fyne.Theme
	force  bool
	forced fyne.ThemeVariant
}

func newTheme(choice string) fyne.Theme {
	t := &salesopsTheme{Theme: theme.DefaultTheme()}
	switch choice {
	case "light":
		t.force, t.forced = true, theme.VariantLight
	case "dark":
		t.force, t.forced = true, theme.VariantDark
	}
	return t
}

func (t *salesopsTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.force {
		v = t.forced
	}
	return t.Theme.Color(n, v)
}
