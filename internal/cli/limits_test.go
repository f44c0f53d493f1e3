package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestInputLimits checks that fit and report fail at once, with exit
// status 1 and one line naming the file and the limit, on input without
// end: a device, and stdin that never ends.
func TestInputLimits(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	const zero = "scalebench: /dev/zero: a NUL byte at offset 0: not text (want UTF-8 CSV, JSON or go test output)\n"
	for _, args := range [][]string{
		{"fit", "/dev/zero"},
		{"fit", "--input-format", "csv", "/dev/zero"},
		{"fit", "--json", "--input-format", "json", "/dev/zero"},
		{"report", "/dev/zero", "-o", t.TempDir() + "/r"},
	} {
		code, stdout, stderr := runCmd(t, args...)
		if code != 1 || stdout != "" || stderr != zero {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and %q", args, code, stdout, stderr, zero)
		}
	}
	var stdout, stderr bytes.Buffer
	err := cmdFit([]string{"-"}, endlessA{}, &stdout, &stderr)
	const want = "stdin:1: line longer than 1 MiB, the most a line may hold (not text?)"
	if err == nil || err.Error() != want || exitCode(err, &stderr) != 1 {
		t.Errorf("endless stdin: %v, want %s and exit 1", err, want)
	}
}

// endlessA is stdin that never ends and holds no newline.
type endlessA struct{}

func (endlessA) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// TestLongValuesCutInErrors: a long value on the command line is quoted
// cut at 80 characters with "…", so that the reason after it stays in the
// one line of the error, whoever wrote the message (scalebench, pflag, a
// workload's parameter check).
func TestLongValuesCutInErrors(t *testing.T) {
	counts := make([]string, 20_000)
	for i := range counts {
		counts[i] = strconv.Itoa(i + 1)
	}
	out := filepath.Join(t.TempDir(), "x.json")
	long := strings.Repeat("x", 2000)
	for _, tc := range []struct {
		name   string
		args   []string
		reason string
	}{
		{"20,000 counts and a 0", []string{"run", "pi", "-o", out, "--workers", strings.Join(counts, ",") + ",0"},
			"0: counts must be at least 1"},
		{"a long word in --workers", []string{"run", "pi", "-o", out, "--workers", "1," + long}, "is not a whole number"},
		{"pflag's own message", []string{"run", "pi", "-o", out, "--reps", strings.Repeat("9", 2000)},
			"value out of range (see scalebench run --help)"},
		{"--input-format", []string{"fit", "--input-format", long, "a.csv"}, "want one of json, csv, gobench, hyperfine"},
		{"a workload parameter", []string{"run", "sleep", "-o", out, "--sleep", long}, "a duration between 0s and 1h"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, tc.args...)
			oneLine := strings.Count(stderr, "\n") == 1
			if code != 2 || !oneLine || !strings.Contains(stderr, tc.reason) || !strings.Contains(stderr, `…"`) {
				t.Errorf("exit %d, stderr %q; want exit 2, one line with a value cut with … and %q", code, stderr, tc.reason)
			}
			if n := utf8.RuneCountInString(stderr); n > 400 {
				t.Errorf("%d characters: %q", n, stderr)
			}
		})
	}
}
