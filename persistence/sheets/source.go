package sheets

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// MaxRecordBytes caps one CSV record, so a file without line ends (or with
// an unclosed quote) gives an error instead of filling the memory.
const MaxRecordBytes = 4 << 20

// Source is a sheet read row by row, never whole: an XLSX sheet streamed
// from its zip (xlsx.go), or a CSV file through the CSV reader. Cells are trimmed; numbers and dates of XLSX cells come raw
// (1234.5, Excel serial dates).
type Source interface {
	// Next advances to the next row; false at the end or on an error.
	Next() bool
	// Row is the current row's cells (valid until the next call to Next).
	Row() []string
	// Line is the current row's number as a spreadsheet shows it (from 1).
	Line() int
	Err() error
	Close() error
}

// SourceOptions choose what to read.
type SourceOptions struct {
	Sheet     string // XLSX: the sheet (case-insensitive); "" = the active sheet
	Encoding  string // CSV: "" = detect (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252); or a name such as "iso-8859-15"
	Separator rune   // CSV: 0 = detect among , ; tab and |
}

// SourceInfo says what was found.
type SourceInfo struct {
	Format    string   // "xlsx" or "csv"
	Sheets    []string // XLSX: every sheet
	Sheet     string   // the sheet read (XLSX) or the file name (CSV)
	Encoding  string   // CSV
	Separator rune     // CSV
}

// IsCSV reports whether path is read as CSV (by its extension).
func IsCSV(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".txt", ".tsv":
		return true
	}
	return false
}

// OpenSource opens an XLSX or CSV file for streaming.
func OpenSource(path string, opt SourceOptions) (Source, SourceInfo, error) {
	if IsCSV(path) {
		return openCSV(path, opt)
	}
	return openXLSX(path, opt)
}

// --- CSV ---

type csvSource struct {
	file  *os.File
	r     *csv.Reader
	lim   *limitReader
	row   []string
	line  int
	err   error
	fname string
}

// limitReader fails once a record runs past max bytes from its start.
type limitReader struct {
	r     io.Reader
	read  int64
	until int64
}

var errRecordTooLong = errors.New("record too long")

func (l *limitReader) Read(p []byte) (int, error) {
	if l.read > l.until {
		return 0, errRecordTooLong
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

func openCSV(path string, opt SourceOptions) (Source, SourceInfo, error) {
	info := SourceInfo{Format: "csv", Sheet: filepath.Base(path)}
	f, err := os.Open(path)
	if err != nil {
		return nil, info, fmt.Errorf("cannot open %s: %v", path, err)
	}
	enc, name, skip, err := detectEncoding(f, opt.Encoding)
	if err != nil {
		f.Close()
		return nil, info, fmt.Errorf("%s: %v", filepath.Base(path), err)
	}
	if _, err := f.Seek(skip, io.SeekStart); err != nil {
		f.Close()
		return nil, info, err
	}
	info.Encoding = name
	var r io.Reader = f
	if enc != nil {
		r = transform.NewReader(f, enc.NewDecoder())
	}
	br := bufio.NewReaderSize(r, 64<<10)
	sep := opt.Separator
	if sep == 0 {
		head, _ := br.Peek(64 << 10)
		sep = DetectSeparator(head)
	}
	info.Separator = sep
	lim := &limitReader{r: br, until: MaxRecordBytes}
	cr := csv.NewReader(lim)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	return &csvSource{file: f, r: cr, lim: lim, fname: info.Sheet}, info, nil
}

// CheckEncoding says whether name is an encoding a CSV file can be read in.
func CheckEncoding(name string) error {
	if _, err := htmlindex.Get(name); err != nil {
		return fmt.Errorf("%q is not an encoding Salesops knows (try utf-8, windows-1252, iso-8859-15)", name)
	}
	return nil
}

// detectEncoding picks the decoder for a CSV file and how many BOM bytes to
// skip. Without a name: a BOM decides; else valid UTF-8 throughout is UTF-8;
// else Windows-1252, the encoding of Excel's "CSV" on Western systems.
func detectEncoding(f *os.File, name string) (encoding.Encoding, string, int64, error) {
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if name != "" {
		e, err := htmlindex.Get(name)
		if err != nil {
			return nil, "", 0, fmt.Errorf("%q is not an encoding Salesops knows (try utf-8, windows-1252, iso-8859-15)", name)
		}
		canon, _ := htmlindex.Name(e)
		skip := int64(0)
		if canon == "utf-8" && bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
			skip = 3
		}
		if canon == "utf-8" {
			e = nil
		}
		return e, canon, skip, nil
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		return nil, "utf-8", 3, nil
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le", 0, nil
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be", 0, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, "", 0, err
	}
	ok, err := validUTF8(f)
	if err != nil {
		return nil, "", 0, err
	}
	if ok {
		return nil, "utf-8", 0, nil
	}
	return charmap.Windows1252, "windows-1252", 0, nil
}

// validUTF8 reads r to the end and reports whether it is valid UTF-8.
func validUTF8(r io.Reader) (bool, error) {
	buf := make([]byte, 256<<10)
	carry := 0
	for {
		n, err := r.Read(buf[carry:])
		n += carry
		end := n
		if err == nil {
			// Keep an incomplete rune at the end for the next read.
			for i := 1; i <= 3 && i <= n; i++ {
				if utf8.RuneStart(buf[n-i]) {
					if !utf8.FullRune(buf[n-i : n]) {
						end = n - i
					}
					break
				}
			}
		}
		if !utf8.Valid(buf[:end]) {
			return false, nil
		}
		carry = copy(buf, buf[end:n])
		if err == io.EOF {
			return carry == 0, nil
		} else if err != nil {
			return false, err
		}
	}
}

// DetectSeparator picks the separator of CSV text from its first record:
// the most frequent of , ; tab and | outside quotes (comma on a tie).
func DetectSeparator(head []byte) rune {
	counts := map[rune]int{}
	inQuote := false
	for _, r := range string(head) {
		if r == '"' {
			inQuote = !inQuote
			continue
		}
		if inQuote {
			continue
		}
		if r == '\n' {
			break
		}
		switch r {
		case ',', ';', '\t', '|':
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t', '|'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func (s *csvSource) Next() bool {
	if s.err != nil {
		return false
	}
	s.lim.until = s.r.InputOffset() + MaxRecordBytes + 64<<10
	rec, err := s.r.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		if errors.Is(err, errRecordTooLong) {
			err = fmt.Errorf("row %d is longer than %d MB (an unclosed quote?)", s.line+1, MaxRecordBytes>>20)
		} else if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
			err = fmt.Errorf("row %d: %v", s.line+1, pe.Err)
		}
		s.err = err
		return false
	}
	s.line++
	for i, c := range rec {
		if TooLong(c) {
			s.err = fmt.Errorf("row %d, column %d: a cell is longer than %d characters", s.line, i+1, maxCellLen)
			return false
		}
		rec[i] = strings.TrimFunc(c, isSpace)
	}
	s.row = rec
	return true
}

func (s *csvSource) Row() []string { return s.row }
func (s *csvSource) Line() int     { return s.line }
func (s *csvSource) Err() error    { return s.err }
func (s *csvSource) Close() error  { return s.file.Close() }
