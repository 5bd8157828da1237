package sheets

import (
	"bytes"
	"unicode/utf8"

	"github.com/orisano/gosax"
)

// The fast path reads the shapes that spreadsheet writers give nearly every
// cell straight from the tokenizer's window, without a piece at a time:
//
//	<row r="2" …>                                   (any attributes)
//	<c r="G2" s="6"><v>37450</v></c>                 (numbers, shared strings)
//	<c r="A2" s="2" t="inlineStr"><is><t>…</t></is></c>
//	<c r="B2" s="2"/>   <c r="B2"></c>   </row>       text between them
//
// with plain attributes (a name without prefix, a value in double quotes
// with no entity). It takes a piece only when all of it is in the window
// and it reads without error; anything else (a prefix, CDATA, a comment,
// a rich run, a formula, an error to report…) is left in the window for
// the general path (scan and cell), so that each piece reads as it reads
// there: xlsx_fast_test.go holds the two to the same rows.

// fastWindow is the least the fast path wants in the window before it
// looks at a piece: a cell of the usual shapes fits well within it.
const fastWindow = 4096

// nameByte marks the bytes of an attribute name the fast path takes.
var nameByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.'
	}
	return t
}()

// attrStop marks the bytes that end an attribute value the fast path
// takes (its quote) or that it leaves to the general path: '&' and '\r'
// (attrScanner decodes them) and '<' (attrScanner refuses it).
var attrStop = [256]bool{'"': true, '&': true, '\r': true, '<': true}

// textStop marks the bytes of a text that the fast path stops at: '<' ends
// the text; '&' and '\r' (gosax.Unescape decodes them), '_' (an _xHHHH_
// escape may follow) and the bytes of non-ASCII characters (to check for
// UTF-8) are noted as it goes.
var textStop = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '<' || c == '&' || c == '\r' || c == '_' || c >= utf8.RuneSelf
	}
	return t
}()

// What scanText noted in a text.
const (
	textEntity     = 1 << iota // '&' or '\r'
	textUnderscore             // '_'
	textNonASCII
)

// scanText finds the end of the text that starts at w[i] (the index of its
// '<', -1 when it is not in w) and notes what it met on the way.
func scanText(w []byte, i int) (end int, noted uint8) {
	for ; i < len(w); i++ {
		c := w[i]
		if !textStop[c] {
			continue
		}
		switch {
		case c == '<':
			return i, noted
		case c >= utf8.RuneSelf:
			noted |= textNonASCII
		case c == '_':
			noted |= textUnderscore
		default:
			noted |= textEntity
		}
	}
	return -1, noted
}

// scanFast reads the pieces of the fast path's shapes from the window up to
// the first of another shape. It reports rowStart after it read a row's
// start tag (s.ahead is set, or err says what is wrong with it), as scan
// would; with inRow, the cells on the way belong to row s.line.
func (s *sheetRows) scanFast(inRow bool, col *int) (rowStart bool, err error) {
	t := s.r
	if t.state == tokDone {
		return false, nil
	}
	for {
		w := t.window()
		if len(w) < fastWindow && t.err == nil {
			s.in.mark = s.in.read
			t.extend()
			w = t.window()
		}
		if len(w) < 2 {
			return false, nil
		}
		if w[0] != '<' {
			// Text between the pieces: scan skips it.
			i := bytes.IndexByte(w, '<')
			if i < 0 || i+2 > len(w) {
				return false, nil
			}
			t.off += i
			t.state = tokText
			w = w[i:]
		}
		n := 0
		switch w[1] {
		case 'c':
			if inRow {
				n = s.fastCell(w, col)
			}
		case '/':
			if bytes.HasPrefix(w, []byte("</row>")) {
				n = len("</row>")
			}
		case 'r':
			if len(w) > 4 && string(w[:4]) == "<row" && (xmlSpace[w[4]] || w[4] == '>' || w[4] == '/') {
				end := tagEnd(w)
				if end < 0 {
					return false, nil
				}
				_, attrs := splitTag(w[:end])
				err := s.rowStart(attrs) // before the window moves on
				t.off += end
				t.state = tokText
				s.in.mark = s.in.read
				return true, err
			}
		}
		if n == 0 {
			return false, nil
		}
		t.off += n
		t.state = tokText
	}
}

// tagEnd is the length of the start tag that begins w, up to its first '>'
// outside quotes as the tokenizer finds it; -1 when it is not all in w.
func tagEnd(w []byte) int {
	var quote byte
	for i := 1; i < len(w); i++ {
		c := w[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '>':
			return i + 1
		case c == '"' || c == '\'':
			quote = c
		}
	}
	return -1
}

// hasEnd reports whether b starts with end, one of a cell's two endings
// (compared as constants, which costs no call).
func hasEnd(b []byte, end string) bool {
	if end == "</v></c>" {
		return len(b) >= 8 && string(b[:8]) == "</v></c>"
	}
	return len(b) >= 13 && string(b[:13]) == "</t></is></c>"
}

// fastCell reads the <c> element that begins w when it has one of the fast
// path's shapes and reads without error, as cell would; it gives the
// element's length, or 0 (nothing read, nothing changed) for the general
// path.
func (s *sheetRows) fastCell(w []byte, col *int) int {
	if len(w) < 3 || !(xmlSpace[w[2]] || w[2] == '>' || w[2] == '/') {
		return 0
	}
	var ref, typ []byte
	closed := false
	i := 2
attrs:
	for {
		if i >= len(w) {
			return 0
		}
		c := w[i]
		if nameByte[c] {
			j := i + 1
			for j < len(w) && nameByte[w[j]] {
				j++
			}
			if j+1 >= len(w) || w[j] != '=' || w[j+1] != '"' {
				return 0
			}
			k := j + 2
			for k < len(w) && !attrStop[w[k]] {
				k++
			}
			if k == len(w) || w[k] != '"' {
				return 0
			}
			if v := w[j+2 : k]; j == i+1 {
				switch c {
				case 'r':
					ref = v
				case 't':
					typ = v
				case 's':
					if !isInt64(v) {
						return 0 // excelize stops at such a style: cell says how
					}
				}
			}
			i = k + 1
			continue
		}
		switch {
		case xmlSpace[c]:
			i++
		case c == '>':
			i++
			break attrs
		case c == '/' && i+1 < len(w) && w[i+1] == '>':
			i += 2
			closed = true
			break attrs
		default:
			return 0
		}
	}
	var text []byte
	var noted uint8
	hasV, hasIS := false, false
	if !closed {
		var end string
		switch b := w[i:]; {
		case len(b) >= 4 && string(b[:4]) == "</c>":
			i += 4
		case len(b) >= 3 && string(b[:3]) == "<v>":
			i += 3
			hasV, end = true, "</v></c>"
		case len(b) >= 7 && string(b[:7]) == "<is><t>":
			i += 7
			hasIS, end = true, "</t></is></c>"
		case len(b) >= 28 && string(b[:28]) == `<is><t xml:space="preserve">`:
			i += 28
			hasIS, end = true, "</t></is></c>"
		default:
			return 0
		}
		if end != "" {
			j, n := scanText(w, i)
			if j < 0 || !hasEnd(w[j:], end) {
				return 0
			}
			text, noted, i = w[i:j], n, j+len(end)
		}
	}
	if noted&textEntity != 0 {
		s.v = append(s.v[:0], text...)
		b, err := gosax.Unescape(s.v)
		if err != nil {
			return 0
		}
		text = b
	}
	c := *col + 1
	if len(ref) > 0 {
		n, err := cellColumn(ref)
		if err != nil {
			return 0
		}
		c = n
	}
	start := len(s.buf)
	// Text all ASCII stays UTF-8 when its entities and escapes are decoded.
	checkUTF := noted&textNonASCII != 0
	switch {
	case len(typ) == 1 && typ[0] == 's':
		if hasV && len(text) > 0 {
			s.buf = s.sst.appendItem(s.buf, sharedIndex(text))
			checkUTF = s.sst != nil && s.sst.notUTF > 0
		}
	case string(typ) == "inlineStr" && hasIS:
		s.buf = append(s.buf, text...)
		if noted&textUnderscore != 0 && bytes.Contains(text, []byte("_x")) {
			s.text.scratch = append(s.text.scratch[:0], text...)
			s.buf = appendBstr(s.buf[:start], s.text.scratch)
		}
	case hasV:
		s.buf = append(s.buf, text...)
	}
	if len(s.buf) > start {
		if checkUTF && !utf8.Valid(s.buf[start:]) {
			s.buf = s.buf[:start]
			return 0
		}
		for len(s.ends) < c-1 {
			s.ends = append(s.ends, start)
		}
		s.ends = append(s.ends, len(s.buf))
	}
	*col = c
	return i
}

// fastItem reads a shared string item of the shape <si><t>…</t></si>
// (with xml:space="preserve" or not) at the start of the window as
// readSharedStrings reads it, skipping text before it; ok is false (the
// item not read) for any other shape.
func (t *sharedStrings) fastItem(x *xmlStream, item *richText) (ok bool, err error) {
	tok := x.r
	if tok.state == tokDone {
		return false, nil
	}
	w := tok.window()
	if len(w) < fastWindow && tok.err == nil {
		x.in.mark = x.in.read
		tok.extend()
		w = tok.window()
	}
	if len(w) > 0 && w[0] != '<' {
		// Text between the items: readSharedStrings skips it.
		i := bytes.IndexByte(w, '<')
		if i < 0 {
			return false, nil
		}
		tok.off += i
		tok.state = tokText
		w = w[i:]
	}
	i := 0
	switch {
	case len(w) >= 7 && string(w[:7]) == "<si><t>":
		i = 7
	case len(w) >= 28 && string(w[:28]) == `<si><t xml:space="preserve">`:
		i = 28
	default:
		return false, nil
	}
	const end = "</t></si>"
	j, noted := scanText(w, i)
	if j < 0 || len(w)-j < len(end) || string(w[j:j+len(end)]) != end {
		return false, nil
	}
	text := w[i:j]
	if noted&textEntity != 0 {
		item.t = append(item.t[:0], text...)
		if text, err = gosax.Unescape(item.t); err != nil {
			return false, nil // the general path says what is wrong
		}
	}
	start := len(t.text)
	t.text = append(t.text, text...)
	if noted&textUnderscore != 0 && bytes.Contains(text, []byte("_x")) {
		item.scratch = append(item.scratch[:0], text...)
		t.text = appendBstr(t.text[:start], item.scratch)
	}
	// Text all ASCII stays UTF-8 when its entities and escapes are decoded.
	if noted&textNonASCII != 0 && !utf8.Valid(t.text[start:]) {
		t.notUTF++
	}
	tok.off += j + len(end)
	tok.state = tokText
	return true, t.end()
}
