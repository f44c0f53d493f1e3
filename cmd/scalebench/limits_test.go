package main

import (
	"bytes"
	"os"
	"testing"
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
