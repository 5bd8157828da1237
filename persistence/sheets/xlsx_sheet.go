package sheets

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/orisano/gosax"
	"github.com/xuri/excelize/v2"
)

// The sheet's XML is cut into raw tags and text without allocating, by
// gosax's rules (xlsx_tokens.go), and the common cells are read straight
// from its buffer (xlsx_fast.go); the rules below are those of excelize
// v2.11.1's Rows.Next, Rows.Columns, xlsxC.getValueFrom (RawCellValue) and
// xlsxSI.String, so a sheet reads as it did through excelize:
//
//   - an element is known by its local name, whatever its prefix (<x:c>);
//   - a row is numbered by its r attribute, else one past the row before;
//     missing rows between two rows come as empty rows;
//   - in a row, each <c> moves one column on, or to the column of its r
//     attribute; a cell with no value and no formula adds nothing, so empty
//     cells before a value become "" and trailing ones are dropped;
//   - a cell's value is the text of its <v>, except t="s" (the shared string
//     at that index; "" when there is none) and t="inlineStr" with an <is>
//     (the text of <is><t> followed by that of each <r><t>, phonetic runs
//     left out, _xHHHH_ escapes decoded). Numbers and dates stay raw.
//
// Where excelize goes astray on a broken sheet, this reader stops with an
// error instead: malformed XML (excelize ended the sheet early, silently),
// rows out of order (excelize merged them into the row before), text that is
// not UTF-8.

// maxXMLPiece caps one tag or text in a part's XML (a real cell is at most
// 32,767 characters), so a hostile file cannot make the tokenizer's buffer
// grow without end.
const maxXMLPiece = 16 << 20

// xmlStream hands out the pieces of one part's XML.
type xmlStream struct {
	r    *xmlTokenizer
	in   *pieceLimit
	what string // "the sheet's XML", for messages
}

func newXMLStream(r io.Reader, what string) *xmlStream {
	in := &pieceLimit{r: r}
	return &xmlStream{r: newXMLTokenizer(in, 64<<10), in: in, what: what}
}

// pieceLimit fails when the tokenizer reads far past the last piece it
// handed out: one piece (a tag or a text) is that long.
type pieceLimit struct {
	r    io.Reader
	read int64
	mark int64
	err  error // the reader's error other than io.EOF
}

var errPieceTooLong = errors.New("piece too long")

func (p *pieceLimit) Read(b []byte) (int, error) {
	if p.read-p.mark > maxXMLPiece {
		return 0, errPieceTooLong
	}
	n, err := p.r.Read(b)
	p.read += int64(n)
	if err != nil && err != io.EOF {
		p.err = err
	}
	return n, err
}

// event is the next piece of XML, with a clear error for malformed input.
func (x *xmlStream) event() (xmlEvent, error) {
	e, err := x.r.next()
	x.in.mark = x.in.read
	switch {
	case err == nil:
		return e, nil
	case errors.Is(err, errUnzipLimit):
		return e, err
	case x.in.err != nil && errors.Is(err, x.in.err):
		return e, fmt.Errorf("the file is damaged: %v", err)
	case errors.Is(err, errPieceTooLong):
		return e, fmt.Errorf("%s has a tag or text longer than %d MB", x.what, maxXMLPiece>>20)
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return e, fmt.Errorf("%s ends in the middle of a tag", x.what)
	}
	return e, fmt.Errorf("%s is malformed: %v", x.what, err)
}

// readText appends the text directly inside the element just opened (not
// that of elements within it) to dst, up to the element's end.
func (x *xmlStream) readText(dst []byte) ([]byte, error) {
	depth := 0
	for {
		e, err := x.event()
		if err != nil {
			return dst, err
		}
		switch e.Type() {
		case evEOF:
			return dst, fmt.Errorf("%s ends inside an element", x.what)
		case evText:
			if depth == 0 {
				b, err := gosax.Unescape(e.Bytes)
				if err != nil {
					return dst, fmt.Errorf("%s is malformed: %v", x.what, err)
				}
				dst = append(dst, b...)
			}
		case evCData:
			if depth == 0 {
				if !bytes.HasPrefix(e.Bytes, []byte("<![CDATA[")) {
					// gosax takes any <![…]]> for CDATA; one shorter than
					// <![CDATA[]]> made appendCData panic.
					return dst, fmt.Errorf("%s is malformed: %.20q is no CDATA section", x.what, e.Bytes)
				}
				dst = appendCData(dst, e.Bytes)
			}
		case evStart:
			if !selfClosing(e.Bytes) {
				depth++
			}
		case evEnd:
			if depth == 0 {
				return dst, nil
			}
			depth--
		}
	}
}

// skip reads past the end of the element just opened.
func (x *xmlStream) skip() error {
	depth := 0
	for {
		e, err := x.event()
		if err != nil {
			return err
		}
		switch e.Type() {
		case evEOF:
			return fmt.Errorf("%s ends inside an element", x.what)
		case evStart:
			if !selfClosing(e.Bytes) {
				depth++
			}
		case evEnd:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}

// appendCData appends the text of a <![CDATA[…]]> section, line ends made
// \n as encoding/xml makes them.
func appendCData(dst, cdata []byte) []byte {
	b := cdata[len("<![CDATA[") : len(cdata)-len("]]>")]
	for {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(append(dst, b[:i]...), '\n')
		b = b[i+1:]
		if len(b) > 0 && b[0] == '\n' {
			b = b[1:]
		}
	}
}

// localName is the name of the element of a start or end tag, without its
// prefix: "c" for <x:c r="A1">.
func localName(tag []byte) []byte {
	local, _ := splitTag(tag)
	return local
}

// splitTag splits a start or end tag into its element's local name and the
// text of its attributes.
func splitTag(tag []byte) (local, attrs []byte) {
	i := 1
	if i < len(tag) && tag[i] == '/' {
		i++
	}
	start, colon := i, -1
	for ; i < len(tag); i++ {
		c := tag[i]
		if c == '>' || c == '/' || xmlSpace[c] {
			break
		}
		if c == ':' && colon < 0 {
			colon = i
		}
	}
	local = localOf(tag[start:i], colon-start)
	end := len(tag) - 1 // the '>'
	if end > i && tag[end-1] == '/' {
		end--
	}
	if end > i {
		attrs = tag[i:end]
	}
	return local, attrs
}

// localOf strips a prefix as encoding/xml does: one colon between two
// non-empty parts (colon is its index in name, or -1).
func localOf(name []byte, colon int) []byte {
	if colon > 0 && colon < len(name)-1 {
		return name[colon+1:]
	}
	return name
}

func selfClosing(tag []byte) bool {
	return len(tag) >= 2 && tag[len(tag)-2] == '/'
}

// attrScanner walks the attributes of a start tag (the text after its name).
type attrScanner struct {
	b    []byte
	what string
}

// next gives the next attribute's local name and its value, entities
// decoded; ok is false after the last.
func (a *attrScanner) next() (name, value []byte, ok bool, err error) {
	b := a.b
	i := 0
	for i < len(b) && xmlSpace[b[i]] {
		i++
	}
	if i == len(b) {
		return nil, nil, false, nil
	}
	start, colon := i, -1
	for ; i < len(b); i++ {
		c := b[i]
		if c == '=' || xmlSpace[c] {
			break
		}
		if c == ':' && colon < 0 {
			colon = i
		}
	}
	key := b[start:i]
	for i < len(b) && xmlSpace[b[i]] {
		i++
	}
	if i == len(b) || b[i] != '=' {
		return nil, nil, false, fmt.Errorf("%s is malformed: the attribute %q has no value", a.what, key)
	}
	for i++; i < len(b) && xmlSpace[b[i]]; i++ {
	}
	if i == len(b) || (b[i] != '"' && b[i] != '\'') {
		return nil, nil, false, fmt.Errorf("%s is malformed: the value of attribute %q is not quoted", a.what, key)
	}
	q := b[i]
	i++
	j, special := i, false
	for ; j < len(b); j++ {
		c := b[j]
		if c == q {
			break
		}
		special = special || c == '&' || c == '\r' || c == '<'
	}
	if j == len(b) {
		return nil, nil, false, fmt.Errorf("%s is malformed: the value of attribute %q has no end", a.what, key)
	}
	v := b[i:j:j]
	a.b = b[j+1:]
	if special {
		if bytes.IndexByte(v, '<') >= 0 {
			return nil, nil, false, fmt.Errorf("%s is malformed: < in the value of attribute %q", a.what, key)
		}
		if v, err = gosax.Unescape(v); err != nil {
			return nil, nil, false, fmt.Errorf("%s is malformed: %v", a.what, err)
		}
	}
	return localOf(key, colon-start), v, true, nil
}

// xmlSpace marks the bytes XML counts as white space.
var xmlSpace = [256]bool{' ': true, '\n': true, '\t': true, '\r': true}

// sheetRows reads a sheet's rows one at a time.
type sheetRows struct {
	*xmlStream
	sst     *sharedStrings
	line    int   // the row number given last
	ahead   int   // the number of the row whose start tag was read, 0 = none
	ended   bool  // no more rows
	pending error // a wrong row start tag after the row given last
	text    richText
	cells   []string
	ends    []int // end of each cell in buf
	buf     []byte
	v       []byte
	general bool // no fast path: tests hold the fast path to the general one
}

func newSheetRows(r io.Reader, sst *sharedStrings) *sheetRows {
	return &sheetRows{xmlStream: newXMLStream(r, "the sheet's XML"), sst: sst}
}

// next gives the next row's cells (valid until the next call), false at the end.
func (s *sheetRows) next() ([]string, bool, error) {
	s.cells = s.cells[:0]
	if s.pending != nil {
		err := s.pending
		s.pending, s.ended = nil, true
		return nil, false, err
	}
	if s.ahead == 0 {
		if s.ended {
			return nil, false, nil
		}
		// Before the first row: skip to it.
		if err := s.scan(false); err != nil {
			return nil, false, err
		}
		if s.ahead == 0 {
			return nil, false, nil
		}
	}
	if s.line+1 < s.ahead {
		s.line++ // a row the sheet leaves out
		return s.cells, true, nil
	}
	s.line = s.ahead
	s.ahead = 0
	s.buf, s.ends = s.buf[:0], s.ends[:0]
	if err := s.scan(true); err != nil {
		var re rowError
		if !errors.As(err, &re) {
			return nil, false, err
		}
		// The row is whole: the next start tag is wrong.
		s.pending = err
	}
	if len(s.ends) > 0 {
		all := string(s.buf)
		start := 0
		for _, end := range s.ends {
			s.cells = append(s.cells, all[start:end])
			start = end
		}
	}
	return s.cells, true, nil
}

// scan reads up to the next row's start tag (setting s.ahead) or the end of
// the rows; with inRow, the cells on the way belong to row s.line.
func (s *sheetRows) scan(inRow bool) error {
	col := 0
	for {
		if !s.general {
			if started, err := s.scanFast(inRow, &col); started || err != nil {
				return err
			}
		}
		e, err := s.event()
		if err != nil {
			return err
		}
		switch e.Type() {
		case evEOF:
			s.ended = true
			return nil
		case evEnd:
			if string(localName(e.Bytes)) == "sheetData" {
				s.ended = true
				return nil
			}
		case evStart:
			name, attrs := splitTag(e.Bytes)
			switch string(name) {
			case "row":
				return s.rowStart(attrs)
			case "c":
				if inRow {
					col++
					if err := s.cell(attrs, selfClosing(e.Bytes), &col); err != nil {
						return err
					}
				}
			}
		}
	}
}

// rowError is a wrong row start tag; its message says where.
type rowError struct{ msg string }

func (e rowError) Error() string { return e.msg }

// rowStart numbers the row whose start tag has attrs.
func (s *sheetRows) rowStart(attrs []byte) error {
	n := s.line + 1
	var r []byte // nil when absent; r="" is an error, as in excelize
	for a := (attrScanner{attrs, s.what}); ; {
		name, value, ok, err := a.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if string(name) == "r" {
			r = value
		}
	}
	if r != nil {
		v, err := strconv.Atoi(string(r))
		switch {
		case err != nil || v < 0:
			return rowError{fmt.Sprintf("the row after row %d has the number %q", s.line, r)}
		case v > excelize.TotalRows:
			return rowError{fmt.Sprintf("the row after row %d: %v", s.line, excelize.ErrMaxRows)}
		case v > 0:
			n = v
		}
	}
	if n <= s.line {
		return rowError{fmt.Sprintf("row %d follows row %d in the sheet: its rows are out of order", n, s.line)}
	}
	s.ahead = n
	return nil
}

// Cell types that read otherwise than as the text of <v>.
const (
	cellOther = iota
	cellShared
	cellInline
)

// cell reads a <c> element whose start tag has attrs; *col is its column as
// counted so far.
func (s *sheetRows) cell(attrs []byte, closed bool, col *int) error {
	// The tag's bytes last only until the next event: keep what counts.
	var ref []byte
	typ := cellOther
	badStyle := false
	for a := (attrScanner{attrs, s.what}); !badStyle; {
		name, value, ok, err := a.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if len(name) != 1 {
			continue
		}
		switch name[0] {
		case 'r':
			ref = value
		case 't':
			switch string(value) {
			case "s":
				typ = cellShared
			case "inlineStr":
				typ = cellInline
			default:
				typ = cellOther
			}
		case 's':
			// excelize stops reading the cell at a style that is no number.
			badStyle = !isInt64(value)
		}
	}
	if len(ref) > 0 {
		c, err := cellColumn(ref)
		if err != nil {
			return err
		}
		*col = c
	}
	if badStyle {
		if closed {
			return nil
		}
		return s.skip()
	}
	v, hasV, hasF, hasIS := s.v[:0], false, false, false
	s.text.reset()
	if !closed {
		// The first <v>, <f> and <is> met, under other elements or not, as
		// excelize's cellXMLHandler finds them.
		for depth := 0; depth >= 0; {
			e, err := s.event()
			if err != nil {
				return err
			}
			switch e.Type() {
			case evEOF:
				return fmt.Errorf("%s ends inside a cell", s.what)
			case evEnd:
				depth--
			case evStart:
				closed := selfClosing(e.Bytes)
				switch string(localName(e.Bytes)) {
				case "v":
					v, hasV = v[:0], true
					if !closed {
						v, err = s.readText(v)
					}
				case "f":
					hasF = true
					if !closed {
						err = s.skip()
					}
				case "is":
					hasIS = true
					if !closed {
						err = s.text.read(s.xmlStream)
					}
				default:
					if !closed {
						depth++
					}
				}
				if err != nil {
					return err
				}
			}
		}
	}
	s.v = v
	start := len(s.buf)
	switch typ {
	case cellShared:
		if hasV && len(v) > 0 {
			s.buf = s.sst.appendItem(s.buf, sharedIndex(v))
		}
	case cellInline:
		if hasIS {
			s.buf = s.text.appendTo(s.buf)
		} else {
			s.buf = append(s.buf, v...)
		}
	default:
		s.buf = append(s.buf, v...)
	}
	if len(s.buf) == start && !hasF {
		return nil
	}
	if !utf8.Valid(s.buf[start:]) {
		return fmt.Errorf("column %d: the text is not UTF-8", *col)
	}
	// As excelize's appendSpace: empty cells up to the cell's column, or
	// none when the column is not past the last cell.
	for len(s.ends) < *col-1 {
		s.ends = append(s.ends, start)
	}
	s.ends = append(s.ends, len(s.buf))
	return nil
}

// cellColumn is the column number of a cell reference such as "B7".
func cellColumn(ref []byte) (int, error) {
	col, i := 0, 0
	for ; i < len(ref) && i < 3 && 'A' <= ref[i] && ref[i] <= 'Z'; i++ {
		col = col*26 + int(ref[i]-'A'+1)
	}
	row, j := 0, i
	for ; j < len(ref) && j-i < 7 && '0' <= ref[j] && ref[j] <= '9'; j++ {
		row = row*10 + int(ref[j]-'0')
	}
	if i == 0 || j == i || j < len(ref) || row < 1 || row > excelize.TotalRows || col > excelize.MaxColumns {
		// Anything less plain ($B$7, lower case, errors) as excelize has it.
		c, _, err := excelize.CellNameToCoordinates(string(ref))
		return c, err
	}
	return col, nil
}

// isInt64 reports whether strconv.ParseInt(b, 10, 64) would succeed.
func isInt64(b []byte) bool {
	if len(b) > 0 && len(b) < 19 {
		digits := true
		for _, c := range b {
			digits = digits && '0' <= c && c <= '9'
		}
		if digits {
			return true
		}
	}
	_, err := strconv.ParseInt(string(b), 10, 64)
	return err == nil
}

// sharedIndex is a t="s" cell's index as excelize reads it:
// strconv.Atoi(strings.TrimSpace(v)), its error ignored.
func sharedIndex(v []byte) int {
	if len(v) > 0 && len(v) < 19 {
		n := 0
		for _, c := range v {
			if c < '0' || c > '9' {
				goto slow
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
slow:
	n, _ := strconv.Atoi(strings.TrimSpace(string(v)))
	return n
}

// richText is a string item as excelize's xlsxSI holds it: the text of its
// own <t> (the last one) and of each run's <t> (the last in each run).
type richText struct {
	t, runs []byte
	scratch []byte
}

func (r *richText) reset() { r.t, r.runs = r.t[:0], r.runs[:0] }

// read reads the element just opened (<is> or <si>) into r; a second <is>
// in a cell adds to the first, as when encoding/xml decodes both into the
// same value.
func (r *richText) read(x *xmlStream) error {
	depth := 0 // 0: in the item; 1: in one of its children; …
	run, runStart := false, 0
	for {
		e, err := x.event()
		if err != nil {
			return err
		}
		switch e.Type() {
		case evEOF:
			return fmt.Errorf("%s ends inside a string", x.what)
		case evStart:
			closed := selfClosing(e.Bytes)
			name := string(localName(e.Bytes))
			switch {
			case depth == 0 && name == "t":
				r.t = r.t[:0]
				if !closed {
					r.t, err = x.readText(r.t)
				}
			case depth == 0 && name == "r":
				if !closed {
					depth, run, runStart = 1, true, len(r.runs)
				}
			case depth == 1 && run && name == "t":
				r.runs = r.runs[:runStart]
				if !closed {
					r.runs, err = x.readText(r.runs)
				}
			default:
				if !closed {
					depth++
				}
			}
			if err != nil {
				return err
			}
		case evEnd:
			if depth == 0 {
				return nil
			}
			if depth--; depth == 0 {
				run = false
			}
		}
	}
}

// appendTo appends the item's text, its _xHHHH_ escapes decoded.
func (r *richText) appendTo(dst []byte) []byte {
	n := len(dst)
	dst = append(append(dst, r.t...), r.runs...)
	if !bytes.Contains(dst[n:], []byte("_x")) {
		return dst
	}
	r.scratch = append(r.scratch[:0], dst[n:]...)
	return appendBstr(dst[:n], r.scratch)
}

// appendBstr appends s with its _xHHHH_ escapes decoded, as excelize's
// bstrUnmarshal: _x005F_ is "_", a surrogate is dropped.
func appendBstr(dst, s []byte) []byte {
	for {
		i := bytes.Index(s, []byte("_x"))
		if i < 0 || len(s)-i < 7 {
			return append(dst, s...)
		}
		h, ok := hex4(s[i+2 : i+6])
		if !ok || s[i+6] != '_' {
			dst = append(dst, s[:i+1]...)
			s = s[i+1:]
			continue
		}
		dst = append(dst, s[:i]...)
		if !(0xD800 <= h && h <= 0xDFFF) {
			dst = utf8.AppendRune(dst, rune(h))
		}
		s = s[i+7:]
	}
}

func hex4(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		switch {
		case '0' <= c && c <= '9':
			n = n<<4 | int(c-'0')
		case 'a' <= c && c <= 'f':
			n = n<<4 | int(c-'a'+10)
		case 'A' <= c && c <= 'F':
			n = n<<4 | int(c-'A'+10)
		default:
			return 0, false
		}
	}
	return n, true
}

// maxSharedStrings caps the shared strings held in memory (excelize kept a
// table over 64 MB in a temporary file; an import this big would not fit in
// memory beside it anyway). A test lowers it.
var maxSharedStrings = 256 << 20

// sharedStrings is a shared string table: all its items' text end to end.
type sharedStrings struct {
	text   []byte
	ends   []uint32
	notUTF int // the number of items that are not UTF-8
}

func (t *sharedStrings) appendItem(dst []byte, i int) []byte {
	if t == nil || i < 0 || i >= len(t.ends) {
		return dst // excelize gives "" for an index outside the table
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return append(dst, t.text[start:t.ends[i]]...)
}

// readSharedStrings reads the <si> items of a shared strings part.
func readSharedStrings(r io.Reader) (*sharedStrings, error) {
	return readSharedStringsPath(r, false)
}

// readSharedStringsPath is readSharedStrings, the fast path off when
// general is set (tests hold the fast path to the general one).
func readSharedStringsPath(r io.Reader, general bool) (*sharedStrings, error) {
	x := newXMLStream(r, "the shared strings' XML")
	t := &sharedStrings{}
	var item richText
	depth := 0
	for {
		if depth == 1 && !general {
			if ok, err := t.fastItem(x, &item); err != nil {
				return nil, err
			} else if ok {
				continue
			}
		}
		e, err := x.event()
		if err != nil {
			return nil, err
		}
		switch e.Type() {
		case evEOF:
			return t, nil
		case evEnd:
			depth--
		case evStart:
			closed := selfClosing(e.Bytes)
			if depth == 1 && string(localName(e.Bytes)) == "si" {
				item.reset()
				if !closed {
					if err := item.read(x); err != nil {
						return nil, err
					}
				}
				start := len(t.text)
				t.text = item.appendTo(t.text)
				if !utf8.Valid(t.text[start:]) {
					t.notUTF++
				}
				if err := t.end(); err != nil {
					return nil, err
				}
			} else if !closed {
				depth++
			}
		}
	}
}

// end ends the item whose text was appended last.
func (t *sharedStrings) end() error {
	t.ends = append(t.ends, uint32(len(t.text)))
	if len(t.text)+4*len(t.ends) > maxSharedStrings {
		return fmt.Errorf("its shared strings take more than %d MB", maxSharedStrings>>20)
	}
	return nil
}
