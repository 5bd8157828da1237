package sheets

import (
	"bytes"
	"fmt"
	"io"
)

// xmlTokenizer cuts XML into pieces (tags, text, CDATA, comments…) by the
// rules of gosax v1.1.4's Reader, which this package used before: the same
// pieces, the same errors, for well-formed and malformed XML alike. It is
// ours so that the sheet's fast path (xlsx_fast.go) can read the bytes
// after the last piece, the window, and hand back how many it took.
//
// One difference: where gosax's pieces depended on where its reads of the
// input ended (a malformed <?>, <!--> or <![]]> cut by a read, a DOCTYPE
// read in parts), ours are always those gosax gives when one read brings
// it all, so that a sheet reads the same whatever its reads, fast path or
// not.
type xmlTokenizer struct {
	data  []byte // data[off:] is the window: read, not yet handed out
	off   int
	r     io.Reader
	err   error // the reader's last error, kept: no read after it
	state uint8
}

// Where the tokenizer is: before text (or a tag), before a tag, at the end.
const (
	tokText = iota
	tokMarkup
	tokDone
)

// The kinds of piece, numbered as gosax numbers them.
const (
	evStart = iota + 1
	evEnd
	evText
	evCData
	evComment
	evPI
	evDocType
	evEOF
)

// xmlEvent is one piece: its bytes last until the next read of the
// tokenizer.
type xmlEvent struct {
	Bytes []byte
	kind  uint8
}

func (e xmlEvent) Type() uint8 { return e.kind }

// tokMinRead is the least room a read is given; below it the window moves
// to the front of the buffer, or the buffer doubles.
const tokMinRead = 1024

func newXMLTokenizer(r io.Reader, size int) *xmlTokenizer {
	return &xmlTokenizer{data: make([]byte, 0, size), r: r}
}

func (t *xmlTokenizer) window() []byte { return t.data[t.off:] }

// extend reads once more into the window and says how many bytes came (0
// after an error, kept in t.err).
func (t *xmlTokenizer) extend() int {
	if t.err != nil {
		return 0
	}
	n := len(t.data) - t.off
	if n == 0 {
		t.data, t.off = t.data[:0], 0
	}
	if cap(t.data)-len(t.data) < tokMinRead {
		if cap(t.data)-n >= tokMinRead {
			copy(t.data[:n], t.data[t.off:])
			t.data = t.data[:n]
		} else {
			buf := make([]byte, n, max(2*cap(t.data), 4096))
			copy(buf, t.data[t.off:])
			t.data = buf
		}
		t.off = 0
	}
	m, err := t.r.Read(t.data[len(t.data):cap(t.data)])
	t.data = t.data[:len(t.data)+m]
	t.err = err
	return m
}

// next gives the next piece; at the end an evEOF piece, again and again.
func (t *xmlTokenizer) next() (xmlEvent, error) {
	switch t.state {
	case tokText:
		return t.text()
	case tokMarkup:
		return t.markup()
	}
	return xmlEvent{kind: evEOF}, nil
}

func (t *xmlTokenizer) text() (xmlEvent, error) {
	end, err := t.textEnd()
	if err == io.EOF {
		t.state = tokDone
		if end == 0 {
			return xmlEvent{kind: evEOF}, nil
		}
		w := t.window()
		t.off += len(w)
		return xmlEvent{Bytes: w, kind: evText}, nil
	}
	if err != nil {
		return xmlEvent{}, err
	}
	if end == 0 {
		return t.markup()
	}
	t.state = tokMarkup
	w := t.window()[:end]
	t.off += end
	return xmlEvent{Bytes: w, kind: evText}, nil
}

// textEnd is the length of the text that starts the window: up to its
// first '<', or all of it at the end of the input.
func (t *xmlTokenizer) textEnd() (int, error) {
	from := 0
	for {
		w := t.window()
		if i := bytes.IndexByte(w[from:], '<'); i >= 0 {
			return from + i, nil
		}
		from = len(w)
		if t.extend() == 0 {
			return from, t.err
		}
	}
}

// tagEndMarker marks the bytes that end a start tag or open a quoted
// attribute value in it.
var tagEndMarker = [256]bool{'"': true, '\'': true, '>': true}

// markup reads the piece that starts with the window's '<'.
func (t *xmlTokenizer) markup() (xmlEvent, error) {
	t.state = tokText
	if t.off+1 >= len(t.data) {
		if t.extend() == 0 {
			return xmlEvent{}, t.err
		}
	}
	w := t.window()
	if len(w) < 2 {
		// Only after a reader that gives 0 bytes and no error.
		return xmlEvent{}, io.ErrUnexpectedEOF
	}
	switch w[1] {
	case '!':
		if len(w) < 3 {
			if t.extend() == 0 {
				return xmlEvent{}, t.err
			}
			w = t.window()
		}
		switch w[2] {
		case '[':
			return t.until(w, 3, "]]>", evCData)
		case '-':
			return t.until(w, 3, "-->", evComment)
		case 'D', 'd':
			from, depth := 2, 1
			for {
				for i, c := range w[from:] {
					if c == '>' {
						if depth--; depth == 0 {
							t.off += from + i + 1
							return xmlEvent{Bytes: w[:from+i+1], kind: evDocType}, nil
						}
					} else if c == '<' {
						depth++
					}
				}
				from = len(w)
				if t.extend() == 0 {
					return xmlEvent{}, t.err
				}
				w = t.window()
			}
		}
		return xmlEvent{}, fmt.Errorf("unknown bang type: %c", w[1])
	case '/':
		from := 2
		for {
			if i := bytes.IndexByte(w[from:], '>'); i >= 0 {
				t.off += from + i + 1
				return xmlEvent{Bytes: w[:from+i+1], kind: evEnd}, nil
			}
			from = len(w)
			if t.extend() == 0 {
				return xmlEvent{}, t.err
			}
			w = t.window()
		}
	case '?':
		return t.until(w, 2, "?>", evPI)
	}
	// A start tag: up to the first '>' outside quotes.
	from, quote := 1, byte(0)
	for {
		for from < len(w) {
			if quote == 0 {
				i := from
				for i < len(w) && !tagEndMarker[w[i]] {
					i++
				}
				if i == len(w) {
					break
				}
				if w[i] == '>' {
					t.off += i + 1
					return xmlEvent{Bytes: w[:i+1], kind: evStart}, nil
				}
				quote, from = w[i], i+1
			} else {
				i := bytes.IndexByte(w[from:], quote)
				if i < 0 {
					break
				}
				quote, from = 0, from+i+1
			}
		}
		from = len(w)
		if t.extend() == 0 {
			return xmlEvent{}, t.err
		}
		w = t.window()
	}
}

// until reads a piece that ends with end, looked for from w[first:]; after
// each read, it looks again from len(end)-1 bytes back, but never before
// first (where gosax looked again from before it).
func (t *xmlTokenizer) until(w []byte, first int, end string, kind uint8) (xmlEvent, error) {
	from := first
	for {
		if i := bytes.Index(w[from:], []byte(end)); i >= 0 {
			n := from + i + len(end)
			t.off += n
			return xmlEvent{Bytes: w[:n], kind: kind}, nil
		}
		from = max(first, len(w)-(len(end)-1))
		if t.extend() == 0 {
			return xmlEvent{}, t.err
		}
		w = t.window()
	}
}
