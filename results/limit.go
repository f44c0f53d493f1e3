package results

import (
	"errors"
	"fmt"
	"io"
)

// MaxInputBytes is the most scalebench reads of one input: a result file
// here, and every file fit and report import (results/importer). A sweep
// records some tens of bytes per sample, so 256 MiB is millions of
// samples, far more than any run writes; yet a file of that size is held
// in memory whole, with its decoded samples, in about a gigabyte. Reading
// stops, with ErrTooLarge, at the first byte past it, so that a mistaken
// path (a device, a disk image) fails at once instead of filling memory.
const MaxInputBytes = 256 << 20

// maxInputBytes is MaxInputBytes; tests lower it.
var maxInputBytes int64 = MaxInputBytes

// ErrTooLarge is the error of an input longer than MaxInputBytes.
var ErrTooLarge = errors.New("input too large")

// TooLarge is the error of an input longer than limit bytes: it names the
// limit and wraps ErrTooLarge.
func TooLarge(limit int64) error {
	return fmt.Errorf("%w: more than %s, the most scalebench reads of one input", ErrTooLarge, SizeText(limit))
}

// SizeText writes a byte count for a message about a limit: in MiB or KiB
// where it is a whole number of them, else in bytes.
func SizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limitReader reads at most limit bytes of r and fails with TooLarge when
// r holds more.
type limitReader struct {
	r           io.Reader
	left, limit int64
	err         error // TooLarge once seen, returned by every later Read
}

// LimitReader returns a reader of r that fails with TooLarge(limit) as
// soon as r holds more than limit bytes, having read one byte past it.
func LimitReader(r io.Reader, limit int64) io.Reader {
	return &limitReader{r: r, left: limit, limit: limit}
}

func (l *limitReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if l.err != nil {
		return 0, l.err
	}
	if l.left <= 0 {
		// At the limit: one more byte means too much.
		var one [1]byte
		n, err := io.ReadFull(l.r, one[:])
		if n > 0 {
			l.err = TooLarge(l.limit)
			return 0, l.err
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = io.EOF
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}
