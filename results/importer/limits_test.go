package importer

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// setLimits lowers the limits for one test; 0 keeps a limit.
func setLimits(t *testing.T, input int64, line, series, samples int) {
	t.Helper()
	old := []int{int(maxInputBytes), maxLineBytes, maxSeries, maxSamplesPerPoint}
	t.Cleanup(func() {
		maxInputBytes, maxLineBytes, maxSeries, maxSamplesPerPoint = int64(old[0]), old[1], old[2], old[3]
	})
	if input > 0 {
		maxInputBytes = input
	}
	if line > 0 {
		maxLineBytes = line
	}
	if series > 0 {
		maxSeries = series
	}
	if samples > 0 {
		maxSamplesPerPoint = samples
	}
}

// endless is a reader that never ends; reads counts the bytes it gave.
type endless struct {
	b     byte
	reads int64
}

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = e.b
	}
	e.reads += int64(len(p))
	return len(p), nil
}

// seriesCSV is a CSV of n series of one point with one sample each.
func seriesCSV(n int) string {
	var sb strings.Builder
	sb.WriteString("series,workers,seconds\n")
	for i := range n {
		fmt.Fprintf(&sb, "s%d,1,1\n", i)
	}
	return sb.String()
}

// samplesCSV is a CSV of one point with n samples.
func samplesCSV(n int) string {
	return "workers,seconds\n" + strings.Repeat("1,0.5\n", n)
}

// TestLimits checks every limit on an input just within it and just past
// it, read whole (Read) and from a reader (ReadFrom): past it, the error
// names the file, the line where there is one, and the limit.
func TestLimits(t *testing.T) {
	long := "workers,seconds\n1,1\n# " + strings.Repeat("x", 62) + "\n" // line 3 holds 64 bytes
	gobench := func(n int) string {
		var sb strings.Builder
		for i := range n {
			fmt.Fprintf(&sb, "BenchmarkS%d-1  10  100 ns/op\n", i)
		}
		return sb.String()
	}
	hyperfine := func(n int) string {
		return `{"results":[{"command":"p 1","times":[` + strings.Repeat(
			"1,",
			n-1,
		) + `1],"parameters":{"workers":"1"}}]}`
	}
	result := func(series, samples int) string {
		s := `{"schema":"scalebench/v1","series":[`
		for i := range series {
			if i > 0 {
				s += ","
			}
			s += `{"workload":"w","points":[{"workers":1,"samples_s":[` + strings.Repeat("1,", samples-1) + `1]}]}`
		}
		return s + "]}"
	}
	for _, tc := range []struct {
		name                  string
		input                 int64
		line, series, samples int
		ok, bad, format, want string
	}{
		{name: "input bytes", input: 40, ok: samplesCSV(4), bad: samplesCSV(5),
			want: "f.csv: input too large: more than 40 bytes, the most scalebench reads of one input"},
		{name: "json input bytes", input: 120, ok: result(1, 1), bad: result(2, 1),
			want: "f.csv: input too large: more than 120 bytes, the most scalebench reads of one input"},
		{name: "csv line", line: 64, ok: long, bad: strings.Replace(long, "#", "#x", 1),
			want: "f.csv:3: line longer than 64 bytes, the most a line may hold (not text?)"},
		{name: "go test line", line: 64, format: GoBench, ok: gobench(1) + strings.Repeat("y", 64) + "\n", bad: gobench(1) + strings.Repeat("y", 65),
			want: "f.csv:2: line longer than 64 bytes, the most a line may hold (not text?)"},
		{name: "one-line JSON is not held to the line limit", line: 16, ok: result(2, 3)},
		{name: "csv series", series: 3, ok: seriesCSV(3), bad: seriesCSV(4),
			want: "f.csv:5: more than 3 series, the most one input may hold"},
		{name: "go test series", series: 2, ok: gobench(2), bad: gobench(3),
			want: "f.csv:3: more than 2 series, the most one input may hold"},
		{name: "result series", series: 2, ok: result(2, 1), bad: result(3, 1),
			want: "f.csv: more than 2 series, the most one input may hold"},
		{name: "csv samples", samples: 4, ok: samplesCSV(4), bad: samplesCSV(5),
			want: `f.csv:6: more than 4 samples at 1 workers of series "f", the most one point may hold`},
		{name: "hyperfine samples", samples: 3, ok: hyperfine(3), bad: hyperfine(4),
			want: `f.csv: more than 3 samples at 1 workers of series "p {workers}", the most one point may hold`},
		{name: "result samples", samples: 3, ok: result(1, 3), bad: result(1, 4),
			want: `f.csv: more than 3 samples at 1 workers of series "w", the most one point may hold`},
		{name: "NUL byte", ok: samplesCSV(1), bad: samplesCSV(1) + "\x00",
			want: "f.csv: a NUL byte at offset 22: not text (want UTF-8 CSV, JSON or go test output)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setLimits(t, tc.input, tc.line, tc.series, tc.samples)
			opt := Options{Format: tc.format}
			if _, err := Read("f.csv", []byte(tc.ok), opt); err != nil {
				t.Errorf("within the limit, Read: %v", err)
			}
			if _, err := ReadFrom("f.csv", strings.NewReader(tc.ok), opt); err != nil {
				t.Errorf("within the limit, ReadFrom: %v", err)
			}
			if tc.bad == "" {
				return
			}
			_, err := Read("f.csv", []byte(tc.bad), opt)
			if err == nil || err.Error() != tc.want {
				t.Errorf("past the limit, Read:\n got: %v\nwant: %s", err, tc.want)
			}
			_, err = ReadFrom("f.csv", strings.NewReader(tc.bad), opt)
			if err == nil || err.Error() != tc.want {
				t.Errorf("past the limit, ReadFrom:\n got: %v\nwant: %s", err, tc.want)
			}
		})
	}
}

// TestReadFromEndless checks that input without end fails as soon as it
// breaks a limit: a line of text at the line limit, JSON at the input
// limit, and a NUL byte at once.
func TestReadFromEndless(t *testing.T) {
	setLimits(t, 1<<20, 1<<10, 0, 0)
	for _, tc := range []struct {
		b      byte
		format string
		want   string
		most   int64 // bytes read at most
	}{
		{'a', "", "stdin:1: line longer than 1 KiB, the most a line may hold (not text?)", 64 << 10},
		{'{', "", "stdin: input too large: more than 1 MiB, the most scalebench reads of one input", 1<<20 + 64<<10},
		{' ', JSON, "stdin: input too large: more than 1 MiB, the most scalebench reads of one input", 1<<20 + 64<<10},
		{0, JSON, "stdin: a NUL byte at offset 0: not text (want UTF-8 CSV, JSON or go test output)", 64 << 10},
	} {
		r := &endless{b: tc.b}
		_, err := ReadFrom("-", r, Options{Format: tc.format})
		if err == nil || err.Error() != tc.want {
			t.Errorf("endless %q:\n got: %v\nwant: %s", tc.b, err, tc.want)
		}
		var ie *Error
		if !errors.As(err, &ie) {
			t.Errorf("endless %q: %T, want *Error", tc.b, err)
		}
		if r.reads > tc.most {
			t.Errorf("endless %q: read %d bytes, want at most %d", tc.b, r.reads, tc.most)
		}
	}
	if _, err := ReadFrom("-", &failing{}, Options{}); !errors.Is(err, errBroken) {
		t.Errorf("a failing reader: %v, want its error", err)
	}
}

var errBroken = errors.New("broken")

// failing gives some text, then fails.
type failing struct{ done bool }

func (f *failing) Read(p []byte) (int, error) {
	if f.done {
		return 0, errBroken
	}
	f.done = true
	return copy(p, "workers,seconds\n"), nil
}
