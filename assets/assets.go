// Package assets holds what Salesops embeds: the icon and the translations.
package assets

import (
	"embed"
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

// Translations holds translations/[feature.]LANG.json for en, it, fr and nb.
//
//go:embed translations
var Translations embed.FS
