package results

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
)

// setLimit lowers maxInputBytes for one test.
func setLimit(t *testing.T, n int64) {
	t.Helper()
	old := maxInputBytes
	maxInputBytes = n
	t.Cleanup(func() { maxInputBytes = old })
}

// endless is a reader that never ends.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

func TestReadFileTooLarge(t *testing.T) {
	path := writeSample(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	setLimit(t, int64(len(data)))
	if _, err := ReadFile(path); err != nil {
		t.Fatalf("a file of exactly the limit: %v", err)
	}
	setLimit(t, int64(len(data)-1))
	_, err = ReadFile(path)
	want := path + ": input too large: more than " + SizeText(
		int64(len(data)-1),
	) + ", the most scalebench reads of one input"
	if err == nil || err.Error() != want || !errors.Is(err, ErrTooLarge) {
		t.Errorf("error %v, want %s", err, want)
	}
}

// TestDecodeEndless checks that an endless input fails at the limit
// instead of filling memory.
func TestDecodeEndless(t *testing.T) {
	setLimit(t, 4096)
	for _, b := range []byte{' ', '['} {
		if _, err := Decode(endless(b)); !errors.Is(err, ErrTooLarge) ||
			!strings.Contains(err.Error(), "more than 4 KiB") {
			t.Errorf("endless %q: %v, want input too large", b, err)
		}
	}
}

func TestLimitReader(t *testing.T) {
	for _, tc := range []struct {
		in      string
		limit   int64
		tooLong bool
	}{
		{"", 0, false}, {"a", 0, true}, {"abc", 3, false}, {"abcd", 3, true}, {"ab", 3, false},
	} {
		got, err := io.ReadAll(LimitReader(strings.NewReader(tc.in), tc.limit))
		if tc.tooLong {
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("%q, limit %d: %v, want too large", tc.in, tc.limit, err)
			}
			continue
		}
		if err != nil || string(got) != tc.in {
			t.Errorf("%q, limit %d: %q, %v", tc.in, tc.limit, got, err)
		}
	}
	for n, want := range map[int64]string{256 << 20: "256 MiB", 1 << 20: "1 MiB", 4096: "4 KiB", 1000: "1000 bytes", 1025: "1025 bytes"} {
		if got := SizeText(n); got != want {
			t.Errorf("SizeText(%d) = %q, want %q", n, got, want)
		}
	}
}
