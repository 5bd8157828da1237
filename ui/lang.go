package ui

import (
	"io/fs"
	"os"
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"salesops/assets"
	"salesops/domain"
)

// translationFiles returns the embedded translation files by language code.
func translationFiles() (map[string][][]byte, error) {
	entries, err := fs.ReadDir(assets.Translations, "translations")
	if err != nil {
		return nil, err
	}
	out := map[string][][]byte{}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		code := name[strings.LastIndex(name, ".")+1:]
		b, err := fs.ReadFile(assets.Translations, path.Join("translations", e.Name()))
		if err != nil {
			return nil, err
		}
		out[code] = append(out[code], b)
	}
	return out, nil
}

// ApplyLanguage loads the translations so that lang.L speaks code ("" = the
// system's language). Fyne picks the language closest to the system locale
// and has no setter, so a chosen language is registered under every locale
// Salesops ships: whichever Fyne matches, it finds the chosen words.
func ApplyLanguage(code string) error {
	quietCLocale()
	files, err := translationFiles()
	if err != nil {
		return err
	}
	for _, l := range domain.Languages {
		src := l
		if code != "" {
			src = code
		}
		for _, b := range files[src] {
			if err := lang.AddTranslationsForLocale(b, fyne.Locale(l)); err != nil {
				return err
			}
		}
	}
	return nil
}

// quietCLocale turns a "C.UTF-8" or "POSIX.UTF-8" locale (common on servers
// and containers) into plain "C", which means the same: no language chosen.
// Fyne cannot parse the long form and logs an error each time translations
// are added; with plain "C" it falls back to English silently.
func quietCLocale() {
	for _, env := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(env)
		if v == "" {
			continue
		}
		if base, _, ok := strings.Cut(v, "."); ok && (base == "C" || base == "POSIX") {
			os.Setenv(env, base)
		}
		return
	}
}

// CurrentLanguage is the language the interface speaks: the chosen one, or the
// system's when it is one Salesops ships, else English.
func CurrentLanguage(chosen string) string {
	if chosen != "" {
		return chosen
	}
	sys := lang.SystemLocale().LanguageString()
	sys = strings.ToLower(strings.SplitN(strings.SplitN(sys, "-", 2)[0], "_", 2)[0])
	if sys == "no" || sys == "nn" {
		sys = "nb"
	}
	for _, l := range domain.Languages {
		if l == sys {
			return l
		}
	}
	return "en"
}
