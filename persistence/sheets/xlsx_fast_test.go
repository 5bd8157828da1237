package sheets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orisano/gosax"
)

// chunkReader gives b n bytes at a time (all at once when n is 0), then
// fails with err after failAt bytes when err is set.
type chunkReader struct {
	b      []byte
	n      int
	read   int
	failAt int
	err    error
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if r.err != nil && r.read >= r.failAt {
		return 0, r.err
	}
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := len(p)
	if r.n > 0 {
		n = min(n, r.n)
	}
	if r.err != nil {
		n = min(n, r.failAt-r.read)
	}
	n = copy(p, r.b[:min(n, len(r.b))])
	r.b = r.b[n:]
	r.read += n
	return n, nil
}

// readSheet reads sheet XML through sheetRows, its fast path on or off,
// and gives each row with its line, then the error if any, as text.
func readSheet(t testing.TB, r io.Reader, general bool, limit int) string {
	t.Helper()
	return readSheetSST(t, r, sstXML, general, limit)
}

// readSheetSST is readSheet with the shared strings of sstDoc.
func readSheetSST(t testing.TB, r io.Reader, sstDoc string, general bool, limit int) string {
	t.Helper()
	sst, err := readSharedStrings(strings.NewReader(sstDoc))
	if err != nil {
		t.Fatal(err)
	}
	s := newSheetRows(r, sst)
	s.general = general
	var out strings.Builder
	for range limit {
		row, ok, err := s.next()
		if err != nil {
			fmt.Fprintf(&out, "error after line %d: %v\n", s.line, err)
			break
		}
		if !ok {
			break
		}
		fmt.Fprintf(&out, "%d %q\n", s.line, row)
	}
	return out.String()
}

// sameAsGeneralPath fails t unless sheet reads the same with the fast path,
// its XML coming in chunks of each size, as without it, all at once.
func sameAsGeneralPath(t testing.TB, sheet string, chunks ...int) {
	t.Helper()
	want := readSheet(t, &chunkReader{b: []byte(sheet)}, true, 2000)
	for _, n := range append([]int{0}, chunks...) {
		if got := readSheet(t, &chunkReader{b: []byte(sheet), n: n}, false, 2000); got != want {
			t.Fatalf("in chunks of %d bytes, the fast path reads\n%s\nthe general path\n%s", n, got, want)
		}
	}
}

// fastSheets mix the fast path's shapes with pieces it leaves to the
// general path, before, after and inside its cells.
var fastSheets = []struct{ name, sheetData string }{
	{"the stream writer's shapes",
		`<row r="1"><c r="A1" s="2" t="inlineStr"><is><t>D-0040863</t></is></c><c r="B1" s="2" t="inlineStr"><is><t xml:space="preserve"> Ember Labs – Core </t></is></c><c r="C1" s="6"><v>37450</v></c><c r="D1" s="2"/><c r="E1"></c><c r="F1" s="10"><v>0.5</v></c></row><row r="2"><c r="A2" s="2" t="inlineStr"><is><t>D-2</t></is></c><c r="O2" s="12"><v>45231</v></c></row>`},
	{"shared strings as Excel writes them",
		`<row r="1" spans="1:4" x14ac:dyDescent="0.25"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>3</v></c><c r="D1" t="s"><v>99</v></c><c r="E1" t="s"><v> 4 </v></c><c r="F1" t="s"><v></v></c><c r="G1" t="s"/><c r="H1" t="s"><v>2</v></c><c r="I1" t="s"><v>x</v></c></row>`},
	{"cells and rows without r",
		`<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c><c/><c><v>3</v></c></row><row><c/><c><v>2</v></c></row><row r="5"><c r="B5"><v>4</v></c><c><v>5</v></c></row><row/><row></row>`},
	{"entities, character references and line ends in the text",
		`<row r="1"><c r="A1" t="inlineStr"><is><t>Smith &amp; Sons &lt;GmbH&gt; &#x41;&#66;</t></is></c><c r="B1" t="str"><v>cr` + "\r\n" + `lf` + "\r" + `cr</v></c><c r="C1" t="s"><v>&#48;</v></c><c r="D1"><v>1</v></c></row>`},
	{"an unknown entity after fast cells",
		`<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>a &nbsp; b</t></is></c><c r="C1"><v>3</v></c></row>`},
	{"an unknown entity in a cell whose text is not used",
		`<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><is><t>&nbsp;</t></is></c></row>`},
	{"_xHHHH_ escapes in inline text",
		`<row r="1"><c r="A1" t="inlineStr"><is><t>_x0041__x005F_x0042_ and _x12_ and _xD800_</t></is></c><c r="B1"><v>_x0041_</v></c><c r="C1" t="inlineStr"><is><t>snake_case_x</t></is></c><c r="D1" t="inlineStr"><is><t>_x00e9_ &amp;_x0041_ é_x0042_</t></is></c></row>`},
	{"escapes that make UTF-8 of what was not",
		`<row r="1"><c r="A1" t="inlineStr"><is><t>` + "\xc3_xD800_\xa9" + `</t></is></c><c r="B1" t="inlineStr"><is><t>` + "\xc3_x0041_\xa9" + `</t></is></c></row>`},
	{"a comment, a processing instruction and CDATA inside cells",
		`<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="str"><v>2<!-- c -->2</v></c><c r="C1"><v>3</v></c><c r="D1" t="str"><v><![CDATA[<b>&amp;</b>]]></v></c><c r="E1" t="str"><v>5<?pi x?>5</v></c><c r="F1"><v>6</v></c></row><row r="2"><c r="A2"><v>7</v></c></row>`},
	{"rich inline text and a formula mid-row",
		`<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><r><rPr><b/></rPr><t>rich </t></r><r><t>run</t></r></is></c><c r="C1"><f>1+1</f><v>2</v></c><c r="D1"><f>A1</f></c><c r="E1" t="inlineStr"><is><t>after</t></is></c></row>`},
	{"prefixed elements mid-row",
		`<row r="1" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="A1"><v>1</v></c><x:c r="B1"><x:v>2</x:v></x:c><c r="C1"><x:v>3</x:v></c><c r="D1" t="inlineStr"><x:is><x:t>4</x:t></x:is></c><c r="E1"><v>5</v></c></row><x:row r="2"><c r="A2"><v>6</v></c></x:row>`},
	{"attributes in other spellings",
		"<row r='1'><c r=\"A1\"><v>1</v></c><c r='B1'><v>2</v></c><c r = \"C1\"><v>3</v></c><c r=\"&#68;1\"><v>4</v></c><c\nr=\"E1\"\tt=\"inlineStr\" ><is><t>5</t></is></c><c r=\"F1\" t=\"s\"s=\"0\"><v>0</v></c><c x:r=\"G1\"><v>7</v></c><c r=\"H1\" t='inlineStr'><is><t>8</t></is></c></row>"},
	{"attributes read twice, and ones the cell ignores",
		`<row r="1"><c r="A1" r="C1" t="s" t="n"><v>0</v></c><c r="D1" t="n" t="s" customAttr="x" s="0"><v>0</v></c><c r="" t="inlineStr"><is><t>no ref</t></is></c></row>`},
	{"styles that are no number",
		`<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" s="x"><v>2</v></c><c r="C1" s="99999999999999999999"><v>3</v></c><c r="D1" s="-1"><v>4</v></c><c r="E1" s=""><v>5</v></c><c r="F1" s="+7"><v>6</v></c><c r="G1"><v>7</v></c></row>`},
	{"cell references excelize reads its own way",
		`<row r="2"><c r="$B$2"><v>b</v></c><c r="d2"><v>d</v></c><c r="C2"><v>c</v></c><c r="XFD2"><v>last</v></c></row>`},
	{"cells of every type",
		`<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><v>#DIV/0!</v></c><c r="C1" t="d"><v>2024-01-02T03:04:05Z</v></c><c r="D1" t="str"><v>ab</v></c><c r="E1" t="n"><v>1E-3</v></c><c r="F1" t="inlineStr"><v>no is</v></c><c r="G1" t="s"><is><t>is in s</t></is></c><c r="H1"><is><t>is in n</t></is></c><c r="I1" t="inlineStr"/><c r="J1" t="inlineStr"><is><t></t></is></c><c r="K1"><v></v></c></row>`},
	{"end tags of other spellings and white space between pieces",
		"<row r=\"1\">\n  <c r=\"A1\"><v>1</v ></c>\n  <c r=\"B1\"><v>2</x></c>\n  <c r=\"C1\"><v>3</v></c >\n  <c r=\"D1\"><v>4</v>\n</c>\n</row >\n<row r=\"2\"><c r=\"A2\"><v>5</v></c></row>\n"},
	{"row tags with quoted '>' and self-closing rows",
		`<row r='1' x='a>b' y="c>d"><c r="A1"><v>1</v></c></row><row r="3"/><c r="B3"><v>stray</v></c><row r="4" spans="1:2"><c r="A4"><v>4</v></c></row>`},
	{"elements around the cells",
		`<row r="1"><c r="A1"><extLst><v>deep</v></extLst></c><c r="B1"><v>1</v><v>2</v></c><c r="C1"><v>x<b>y</b>z</v></c><c r="D1"><v>4</v></c></row><foo/><row r="2"><bar><c r="A2"><v>5</v></c></bar></row>`},
	{"a long cell among short ones",
		`<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>` + strings.Repeat("long text ", 1500) + `</t></is></c><c r="C1"><v>3</v></c></row>`},
	{"rows out of order after fast rows",
		`<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="A3"><v>3</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>`},
	{"a row number that is no number", `<row r="1"><c r="A1"><v>1</v></c></row><row r="x2"><c r="A2"><v>2</v></c></row>`},
	{"a row attribute without quotes", `<row r="1"><c r="A1"><v>1</v></c></row><row r=2><c r="A2"><v>2</v></c></row>`},
	{"a bad cell reference after fast cells", `<row r="1"><c r="A1"><v>1</v></c><c r="11"><v>1</v></c></row>`},
	{"a column past Excel's last", `<row r="1"><c r="A1"><v>1</v></c><c r="XFE1"><v>1</v></c></row>`},
	{"text that is not UTF-8 in the third cell",
		`<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>ok ✓</t></is></c><c r="C1" t="inlineStr"><is><t>caf` + "\xe9" + `</t></is></c></row>`},
	{"a shared string whose index is not UTF-8 text", `<row r="1"><c r="A1" t="s"><v>` + "\xff" + `</v></c></row>`},
	{"an attribute value with '<' or no end",
		`<row r="1"><c r="A1"><v>1</v></c><c r="B<1"><v>2</v></c></row>`},
	{"CDATA that is too short", `<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="str"><v><![]]></v></c></row>`},
	{"XML cut inside a cell", `<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inlineStr"><is><t>cut`},
	{"XML cut inside a tag", `<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="inl`},
}

// TestXLSXFastPathSameAsGeneralPath holds the fast path to the general one:
// the same rows and the same errors, for sheets that leave the fast path
// and come back to it anywhere, in a row, a cell or a tag, and wherever the
// reads of the XML end.
func TestXLSXFastPathSameAsGeneralPath(t *testing.T) {
	chunks := []int{1, 2, 3, 5, 7, 16, 61, 100, 1000, 4095, 4097}
	for _, c := range fastSheets {
		t.Run(c.name, func(t *testing.T) {
			sameAsGeneralPath(t, sheetXML(c.sheetData), chunks...)
			sameAsGeneralPath(t, sheetXML(c.sheetData)[:len(sheetHead)+len(`<dimension ref="A1"/><sheetData>`)+len(c.sheetData)], chunks...)
		})
	}
	for _, c := range handSheets {
		t.Run(c.name, func(t *testing.T) { sameAsGeneralPath(t, sheetXML(c.sheetData), chunks...) })
	}
	for _, c := range brokenSheets {
		t.Run(c.name, func(t *testing.T) { sameAsGeneralPath(t, sheetXML(c.sheetData), chunks...) })
	}
	t.Run("a workbook of every kind of cell", func(t *testing.T) {
		for _, sheet := range seedSheets(t) {
			sameAsGeneralPath(t, sheet, chunks...)
		}
	})
	t.Run("many rows across many reads", func(t *testing.T) {
		var b strings.Builder
		for r := 1; r <= 3000; r++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d" s="2" t="inlineStr"><is><t>D-%07d</t></is></c><c r="B%d" s="6"><v>%d.5</v></c>`, r, r, r, r, r)
			switch r % 7 {
			case 0:
				fmt.Fprintf(&b, `<c r="C%d" t="str"><v>a<!-- -->b</v></c>`, r)
			case 3:
				fmt.Fprintf(&b, `<c r="C%d" t="s"><v>%d</v></c>`, r, r%6)
			}
			b.WriteString(`</row>`)
		}
		sameAsGeneralPath(t, sheetXML(b.String()), 1, 7, 100, 4095, 32<<10)
	})
}

// TestXLSXFastPathSameAsExcelize reads the fast path's sheets, those well
// formed and read without error, through OpenSource as excelize reads them
// (the errors are held to the general path's above).
func TestXLSXFastPathSameAsExcelize(t *testing.T) {
	dir := t.TempDir()
	compared := 0
	for i, c := range fastSheets {
		sheet := sheetXML(c.sheetData)
		path := filepath.Join(dir, fmt.Sprintf("fast%d.xlsx", i))
		xlsxParts(t, path, map[string]string{"xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": sstXML})
		if _, _, _, err := sourceRows(t, path, "", 0); err != nil || !wellFormed(sheet) {
			continue
		}
		compared++
		t.Run(c.name, func(t *testing.T) { sameAsExcelize(t, path, "") })
	}
	if compared < 15 {
		t.Errorf("%d sheets compared with excelize", compared)
	}
}

// TestXLSXFastPathReadErrors: a read that fails (a damaged zip) stops the
// fast path where it stops the general path.
func TestXLSXFastPathReadErrors(t *testing.T) {
	var b strings.Builder
	for r := 1; r <= 500; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>row %d</t></is></c><c r="B%d"><v>%d</v></c></row>`, r, r, r, r, r)
	}
	sheet := sheetXML(b.String())
	damaged := errors.New("flate: corrupt input")
	for _, at := range []int{0, 1, 100, 1000, 4096, 5000, 20000, len(sheet) - 30} {
		for _, n := range []int{0, 7, 1000} {
			read := func(general bool) string {
				return readSheet(t, &chunkReader{b: []byte(sheet), n: n, failAt: at, err: damaged}, general, 2000)
			}
			got, want := read(false), read(true)
			if got != want {
				t.Fatalf("failing after %d bytes in chunks of %d, the fast path reads\n%s\nthe general path\n%s", at, n, got, want)
			}
			if !strings.Contains(got, "the file is damaged: flate: corrupt input") {
				t.Fatalf("failing after %d bytes in chunks of %d: %s", at, n, got[max(0, len(got)-200):])
			}
		}
	}
}

// TestXLSXFastPathSharedStringsNotUTF8: a cell whose shared string is not
// UTF-8 is refused as the general path refuses it, and only that cell.
func TestXLSXFastPathSharedStringsNotUTF8(t *testing.T) {
	sst := `<sst><si><t>ok é</t></si><si><t>caf` + "\xe9" + `</t></si><si><r><t>` + "\xc3" + `</t></r><r><t>` + "\xa9" + `</t></r></si></sst>`
	for _, sheet := range []string{
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>`,
		`<row r="1"><c r="A1" t="s"><v>1</v></c></row>`,
	} {
		for _, n := range []int{0, 7} {
			read := func(general bool) string {
				return readSheetSST(t, &chunkReader{b: []byte(sheetXML(sheet)), n: n}, sst, general, 100)
			}
			got, want := read(false), read(true)
			if got != want {
				t.Fatalf("the fast path reads\n%s\nthe general path\n%s", got, want)
			}
			if !strings.Contains(got, "column 2: the text is not UTF-8") && !strings.Contains(got, "column 1: the text is not UTF-8") {
				t.Fatalf("no error: %s", got)
			}
		}
	}
}

// seedSheets are the sheets of workbooks written by excelize.
func seedSheets(t testing.TB) []string {
	var sheets []string
	dir := t.TempDir()
	for _, write := range []func(testing.TB, string){writeCellsWorkbook, writeStreamWorkbook} {
		path := filepath.Join(dir, "seed.xlsx")
		write(t, path)
		p, err := openXLSXPackage(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range p.sheets {
			rc, err := p.open(p.part(s.part))
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			sheets = append(sheets, string(b))
		}
		p.Close()
	}
	return sheets
}

// FuzzXLSXFastPath holds the fast path to the general path on fuzzed sheet
// XML coming in chunks of a fuzzed size.
func FuzzXLSXFastPath(f *testing.F) {
	for _, c := range fastSheets {
		f.Add(sheetXML(c.sheetData), uint16(0))
		f.Add(sheetXML(c.sheetData), uint16(13))
	}
	for _, c := range handSheets {
		f.Add(sheetXML(c.sheetData), uint16(0))
	}
	for _, c := range brokenSheets {
		f.Add(sheetXML(c.sheetData), uint16(5))
	}
	for _, s := range seedSheets(f) {
		f.Add(s, uint16(0))
		f.Add(s, uint16(1000))
	}
	f.Fuzz(func(t *testing.T, sheet string, chunk uint16) {
		sameAsGeneralPath(t, sheet, int(chunk))
	})
}

// tokens lists the pieces of doc as the reader given by next cuts it.
func tokens(next func() (uint8, []byte, error)) string {
	var out bytes.Buffer
	for range 100000 {
		kind, b, err := next()
		if err != nil {
			fmt.Fprintf(&out, "error %v", err)
			break
		}
		fmt.Fprintf(&out, "%d %q\n", kind, b)
		if kind == evEOF {
			break
		}
	}
	return out.String()
}

// sameAsGosax fails t unless the tokenizer cuts doc into the pieces gosax
// v1.1.4 cuts it into when one read brings it all, with the same errors,
// whatever the tokenizer's buffer and reads.
func sameAsGosax(t testing.TB, doc string) {
	t.Helper()
	g := gosax.NewReaderSize(&chunkReader{b: []byte(doc)}, len(doc)+4096)
	want := tokens(func() (uint8, []byte, error) {
		e, err := g.Event()
		return e.Type(), e.Bytes, err
	})
	for _, size := range []int{1, 16, 4096} {
		for _, n := range []int{0, 1, 2, 3, 7, 1000} {
			x := newXMLTokenizer(&chunkReader{b: []byte(doc), n: n}, size)
			got := tokens(func() (uint8, []byte, error) {
				e, err := x.next()
				return e.Type(), e.Bytes, err
			})
			if got != want {
				t.Fatalf("buffer %d, reads of %d: the tokenizer gives\n%s\ngosax\n%s", size, n, got, want)
			}
		}
	}
}

var tokenizerDocs = []string{
	``,
	`plain text`,
	`<a>text</a>`,
	`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "v">]><x a='1>' b="2'>"><![CDATA[ ]] > ]]><!-- - -- --><y/></x>`,
	`<!-->`, `<!--->`, `<!---->`, `<![]]>`, `<![CDATA[`, `<!x>`, `<!`, `<`, `<a`, `</a`, `<?`, `<?>`, `<??>`, `<a b="`, `<a b='x"`, `text<`, `<!D<<>>`, `<!D<<>>>`, `<!DOCTYPE a [<!ELEMENT a (b)>]><a/>`,
	`<?>?><x/>`, `<!-->--><x/>`, `<![]]>]]><x/>`,
	`<a>` + strings.Repeat("x", 5000) + `</a><b c="` + strings.Repeat("y", 5000) + `"/>`,
}

func TestXMLTokenizerSameAsGosax(t *testing.T) {
	for _, doc := range tokenizerDocs {
		sameAsGosax(t, doc)
	}
	for _, c := range fastSheets {
		sameAsGosax(t, sheetXML(c.sheetData))
	}
	for _, s := range seedSheets(t) {
		sameAsGosax(t, s)
	}
}

func FuzzXMLTokenizer(f *testing.F) {
	for _, doc := range tokenizerDocs {
		f.Add(doc)
	}
	for _, c := range fastSheets {
		f.Add(sheetXML(c.sheetData))
	}
	f.Fuzz(func(t *testing.T, doc string) { sameAsGosax(t, doc) })
}

// readSST reads a shared strings part, its fast path on or off, and gives
// its items (and how many are not UTF-8), or its error, as text.
func readSST(t testing.TB, r io.Reader, general bool) string {
	sst, err := readSharedStringsPath(r, general)
	if err != nil {
		return "error: " + err.Error()
	}
	var out strings.Builder
	for i := range sst.ends {
		fmt.Fprintf(&out, "%q\n", sst.appendItem(nil, i))
	}
	fmt.Fprintf(&out, "%d not UTF-8", sst.notUTF)
	return out.String()
}

// sameSSTAsGeneralPath fails t unless doc reads the same with the fast
// path as without it, in chunks of each size.
func sameSSTAsGeneralPath(t testing.TB, doc string, chunks ...int) {
	t.Helper()
	want := readSST(t, &chunkReader{b: []byte(doc)}, true)
	for _, n := range append([]int{0}, chunks...) {
		if got := readSST(t, &chunkReader{b: []byte(doc), n: n}, false); got != want {
			t.Fatalf("in chunks of %d bytes, the fast path reads\n%s\nthe general path\n%s", n, got, want)
		}
	}
}

// fastSSTs are shared strings parts that mix the fast path's items with
// others.
var fastSSTs = []string{
	sstXML,
	`<sst><si><t>plain</t></si><si><t xml:space="preserve"> spaced </t></si><si><t></t></si><si/><si></si><si><t>a &amp; b &#x41;` + "\r\n" + `</t></si><si><t>&nbsp;</t></si></sst>`,
	`<sst>` + "\n  " + `<si><t>after white space</t></si>` + "\n  " + `<si><r><t>rich</t></r><r><t> run</t></r></si><si><t>_x0041_ snake_case é</t></si><si><t>` + "caf\xe9" + `</t></si><si><t>` + "\xc3_xD800_\xa9" + `</t></si></sst>`,
	`<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:t>prefixed</x:t></x:si><si><t>plain</t></si></x:sst>`,
	`<sst><si><t>one</t><t>two</t></si><si><t>x<!-- c -->y<![CDATA[<z>]]></t></si><si><t>last</t></si><extLst><si><t>nested</t></si></extLst></sst>`,
	`<sst><si><t>cut short</t></si><si><t>here`,
	`<sst><si><t>` + strings.Repeat("long ", 3000) + `</t></si><si><t>short</t></si></sst>`,
}

// TestXLSXSharedStringsFastPath holds the shared strings' fast path to the
// general path, wherever the reads of the XML end.
func TestXLSXSharedStringsFastPath(t *testing.T) {
	chunks := []int{1, 2, 3, 7, 16, 100, 4095, 4097}
	for _, doc := range fastSSTs {
		sameSSTAsGeneralPath(t, doc, chunks...)
	}
	var b strings.Builder
	b.WriteString(`<sst>`)
	for i := range 5000 {
		if i%11 == 0 {
			fmt.Fprintf(&b, `<si><r><t>run %d</t></r></si>`, i)
		} else {
			fmt.Fprintf(&b, `<si><t>Account %d Inc. – Core licence</t></si>`, i)
		}
	}
	b.WriteString(`</sst>`)
	sameSSTAsGeneralPath(t, b.String(), 1, 7, 4095, 32<<10)
	t.Run("past the memory cap", func(t *testing.T) {
		old := maxSharedStrings
		maxSharedStrings = 1000
		defer func() { maxSharedStrings = old }()
		got := readSST(t, strings.NewReader(b.String()), false)
		if want := readSST(t, strings.NewReader(b.String()), true); got != want || !strings.Contains(got, "take more than 0 MB") {
			t.Errorf("the fast path: %s; the general path: %s", got, want)
		}
	})
}

func FuzzXLSXSharedStrings(f *testing.F) {
	for _, doc := range fastSSTs {
		f.Add(doc, uint16(0))
		f.Add(doc, uint16(9))
	}
	f.Fuzz(func(t *testing.T, doc string, chunk uint16) {
		sameSSTAsGeneralPath(t, doc, int(chunk))
	})
}
