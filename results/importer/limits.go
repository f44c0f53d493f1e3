package importer

import (
	"bytes"
	"errors"
	"io"
	"io/fs"

	"github.com/scalebench/scalebench/results"
)

// The limits of one input. Input past any of them is an *Error naming the
// file and the limit, found while reading, before memory grows with it.
// The size of a whole input is results.MaxInputBytes (256 MiB).
const (
	// MaxLineBytes is the longest line of a CSV or go test output: a row or
	// a result line is some tens of bytes, a long benchmark name some
	// hundreds. 1 MiB leaves room for any real line and makes input that
	// is not text (a device such as /dev/zero, a binary file) fail after
	// its first mebibyte. JSON has no line limit: it may be one line.
	MaxLineBytes = 1 << 20
	// MaxSeries is the most series one input may hold. fit prints a table
	// for each and fits each in about a millisecond, so 100,000 series
	// are already minutes of fitting and a report nobody reads through.
	MaxSeries = 100_000
	// MaxSamplesPerPoint is the most samples of one worker count in one
	// series. Runs repeat a point some tens of times, a CSV of every
	// request of a load test some millions; ten million samples are 80 MB
	// as numbers and take about a second to sort for the analysis.
	MaxSamplesPerPoint = 10_000_000
)

// The limits in force; tests lower them.
var (
	maxInputBytes      int64 = results.MaxInputBytes
	maxLineBytes             = MaxLineBytes
	maxSeries                = MaxSeries
	maxSamplesPerPoint       = MaxSamplesPerPoint
)

// ReadFrom reads the input called name ("-" is shown as "stdin") from r,
// holding it to results.MaxInputBytes and, unless it is JSON, to
// MaxLineBytes a line while reading, then decodes it as Read does.
func ReadFrom(name string, r io.Reader, opt Options) (*results.Document, error) {
	data, err := readBounded(displayName(name), r, opt.Format)
	if err != nil {
		return nil, err
	}
	return Read(name, data, opt)
}

// displayName is the name of the file in messages.
func displayName(name string) string {
	if name == "-" || name == "" {
		return "stdin"
	}
	return name
}

// readBounded reads all of r within the limits. The line limit holds from
// the start for the text formats, and for content whose first byte other
// than white space is not '{' when the format is detected. A NUL byte,
// which no format has, ends the reading at once.
func readBounded(file string, r io.Reader, format string) ([]byte, error) {
	data := make([]byte, 0, sizeHint(r))
	var lines lineLimit
	check := format != JSON && format != Hyperfine
	detect := format == ""
	buf := make([]byte, 64<<10)
	lr := results.LimitReader(r, maxInputBytes)
	for {
		n, err := lr.Read(buf)
		chunk := buf[:n]
		if detect {
			t := chunk
			if len(data) == 0 {
				t = bytes.TrimPrefix(t, bom)
			}
			if t = bytes.TrimLeft(t, "\t\n\v\f\r "); len(t) > 0 {
				detect, check = false, t[0] != '{'
			}
		}
		if i := bytes.IndexByte(chunk, 0); i >= 0 {
			return nil, errNUL(file, len(data)+i)
		}
		if check && !lines.feed(chunk) {
			return nil, lines.error(file)
		}
		if len(data)+n > cap(data) { // grow by doubling, not append's quarter
			data = append(make([]byte, 0, 2*cap(data)+n), data...)
		}
		data = append(data, chunk...)
		switch {
		case errors.Is(err, io.EOF):
			return data, nil
		case errors.Is(err, results.ErrTooLarge):
			return nil, &Error{File: file, Msg: err.Error()}
		case err != nil:
			return nil, err
		}
	}
}

// sizeHint is the size of r when it is a regular file within the input
// limit, so that it is read into one buffer, else 64 KiB.
func sizeHint(r io.Reader) int {
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() < maxInputBytes {
			return int(st.Size()) + 1
		}
	}
	return 64 << 10
}

// lineLimit finds the first line longer than maxLineBytes of text fed to
// it in pieces.
type lineLimit struct {
	line int // 0-based number of the line being read
	len  int // its bytes so far
}

// feed reads p and reports false once a line is too long.
func (l *lineLimit) feed(p []byte) bool {
	for {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			l.len += len(p)
			return l.len <= maxLineBytes
		}
		if l.len+i > maxLineBytes {
			l.len += i
			return false
		}
		l.line++
		l.len = 0
		p = p[i+1:]
	}
}

func (l *lineLimit) error(file string) *Error {
	return errorf(
		file,
		l.line+1,
		"line longer than %s, the most a line may hold (not text?)",
		results.SizeText(int64(maxLineBytes)),
	)
}

// checkLines is the line limit on text read whole.
func checkLines(file string, data []byte) error {
	var l lineLimit
	if !l.feed(data) {
		return l.error(file)
	}
	return nil
}

// errNUL is the error of a NUL byte at offset off: binary data, or text in
// UTF-16.
func errNUL(file string, off int) *Error {
	return errorf(file, 0, "a NUL byte at offset %d: not text (want UTF-8 CSV, JSON or go test output)", off)
}
