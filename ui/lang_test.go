package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/lang"

	"salesops/assets"
	"salesops/domain"
)

// loadTranslations merges translations/[feature.]LANG.json per language.
func loadTranslations(t *testing.T) map[string]map[string]string {
	t.Helper()
	entries, err := fs.ReadDir(assets.Translations, "translations")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		code := name[strings.LastIndex(name, ".")+1:]
		b, err := fs.ReadFile(assets.Translations, path.Join("translations", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s is not a flat JSON object of strings: %v", e.Name(), err)
		}
		if out[code] == nil {
			out[code] = map[string]string{}
		}
		for k, v := range m {
			if prev, dup := out[code][k]; dup && prev != v {
				t.Errorf("%s: key %q is translated twice, differently (%q and %q)", e.Name(), k, prev, v)
			}
			out[code][k] = v
		}
	}
	return out
}

// keysInCode finds every literal key passed to lang.L, lang.N, lang.X and
// lang.XN in the module's non-test Go files, with where it is used.
func keysInCode(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{}
	root := ".."
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "build" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "lang" {
				return true
			}
			switch sel.Sel.Name {
			case "L", "N", "X", "XN":
			default:
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil {
				keys[s] = fset.Position(lit.Pos()).String()
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// dynamicKeys are looked up with computed strings (month names).
func dynamicKeys() []string {
	var out []string
	for m := time.January; m <= time.December; m++ {
		out = append(out, m.String(), m.String()[:3])
	}
	return out
}

var placeholder = regexp.MustCompile(`\{\{\s*\.[A-Za-z]+\s*\}\}`)

func TestEveryStringInCodeHasAnEnglishEntry(t *testing.T) {
	tr := loadTranslations(t)
	code := keysInCode(t)
	if len(code) < 50 {
		t.Fatalf("found only %d translatable strings in code; the scanner is broken", len(code))
	}
	for _, k := range dynamicKeys() {
		code[k] = "(computed)"
	}
	var missing []string
	for k, where := range code {
		if _, ok := tr["en"][k]; !ok {
			missing = append(missing, where+": "+strconv.Quote(k))
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("not in any en.json: %s", m)
	}
}

func TestEveryLanguageHasEveryKey(t *testing.T) {
	tr := loadTranslations(t)
	for _, code := range domain.Languages {
		if len(tr[code]) == 0 {
			t.Fatalf("no translations for %s", code)
		}
	}
	for k, en := range tr["en"] {
		if en != k {
			t.Errorf("en: %q should map to itself, not %q", k, en)
		}
		want := placeholder.FindAllString(k, -1)
		sort.Strings(want)
		for _, code := range domain.Languages[1:] {
			v, ok := tr[code][k]
			if !ok {
				t.Errorf("%s lacks %q", code, k)
				continue
			}
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %q is translated as empty", code, k)
			}
			got := placeholder.FindAllString(v, -1)
			sort.Strings(got)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("%s: %q keeps placeholders %v, want %v", code, k, got, want)
			}
		}
	}
	for _, code := range domain.Languages[1:] {
		for k := range tr[code] {
			if _, ok := tr["en"][k]; !ok {
				t.Errorf("%s has %q, which English does not", code, k)
			}
		}
	}
}

func TestTranslationFilesAreNamedByLanguage(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("..", "assets", "translations"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		code := name[strings.LastIndex(name, ".")+1:]
		ok := false
		for _, l := range domain.Languages {
			ok = ok || l == code
		}
		if !ok || !strings.HasSuffix(e.Name(), ".json") {
			t.Errorf("%s: translation files are named [feature.]LANG.json with LANG one of %v", e.Name(), domain.Languages)
		}
	}
}

func TestEveryTranslationFileLoadsAsFyneLoadsIt(t *testing.T) {
	// go-i18n rejects a whole file whose keys include a reserved word (id,
	// description, hash, leftdelim, rightdelim, zero, one, two, few, many,
	// other — in any case), and Fyne then silently shows English.
	reserved := map[string]bool{"id": true, "description": true, "hash": true, "leftdelim": true, "rightdelim": true,
		"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true}
	for code, m := range loadTranslations(t) {
		for k := range m {
			if reserved[strings.ToLower(k)] {
				t.Errorf("%s: %q is a reserved go-i18n key; use a longer English text", code, k)
			}
		}
	}
	for _, code := range domain.Languages {
		if err := ApplyLanguage(code); err != nil {
			t.Errorf("loading %s: %v", code, err)
		}
	}
	if err := ApplyLanguage("it"); err != nil {
		t.Fatal(err)
	}
	defer ApplyLanguage("")
	if got := lang.L("Deals"); got != "Trattative" {
		t.Errorf("with Italian chosen, Deals reads %q, want Trattative", got)
	}
}

func TestCLocaleIsQuiet(t *testing.T) {
	for _, tc := range []struct{ lcAll, lang, wantLcAll, wantLang string }{
		{"", "C.UTF-8", "", "C"},
		{"", "POSIX.utf8", "", "POSIX"},
		{"C.UTF-8", "it_IT.UTF-8", "C", "it_IT.UTF-8"},
		{"", "it_IT.UTF-8", "", "it_IT.UTF-8"},
		{"", "C", "", "C"},
	} {
		t.Setenv("LC_ALL", tc.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", tc.lang)
		quietCLocale()
		if got := os.Getenv("LC_ALL"); got != tc.wantLcAll {
			t.Errorf("LC_ALL=%q LANG=%q: LC_ALL became %q, want %q", tc.lcAll, tc.lang, got, tc.wantLcAll)
		}
		if got := os.Getenv("LANG"); got != tc.wantLang {
			t.Errorf("LC_ALL=%q LANG=%q: LANG became %q, want %q", tc.lcAll, tc.lang, got, tc.wantLang)
		}
	}
}
