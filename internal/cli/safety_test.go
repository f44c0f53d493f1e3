package cli

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, stdout, stderr := runCmd(t, args...)
		if code != 0 || stdout != "scalebench "+version+"\n" || stderr != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"version", "--bogus"}, "scalebench: unknown flag: --bogus"},
		{[]string{"--version", "-x"}, "scalebench: unknown shorthand flag: 'x'"},
		{[]string{"version", "extra"}, `scalebench: version takes no arguments, got "extra"`},
	} {
		code, stdout, stderr := runCmd(t, tc.args...)
		if code != 2 || stdout != "" || !strings.HasPrefix(stderr, tc.msg) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, stdout, stderr, tc.msg)
		}
	}
}

// TestErrorIsOneLine checks the last line of defence: whatever an error
// message holds, exitCode prints one line without control characters.
func TestErrorIsOneLine(t *testing.T) {
	for _, err := range []error{
		errors.New("x.json: bad\nscalebench: forged second error"),
		fmt.Errorf("open \x1b[2J\x1b[31mred\r: %w", errors.New("no such file")),
		usagef("--workers %s: bad", "1\x00\u2028\u202e"),
		errQuiet{"quiet\nbut two lines"},
		errors.New(strings.Repeat("long ", 50_000)),
	} {
		var b strings.Builder
		code := exitCode(err, &b)
		out := b.String()
		if code == 0 || !strings.HasPrefix(out, "scalebench: ") || strings.Count(out, "\n") != 1 ||
			!strings.HasSuffix(out, "\n") {
			t.Errorf("exit %d, stderr %q: want one line", code, out)
		}
		if strings.ContainsAny(out[:len(out)-1], "\x00\x1b\r\n\u2028\u202e") {
			t.Errorf("stderr %q holds control characters", out)
		}
		if len([]rune(out)) > 1100 {
			t.Errorf("stderr is %d runes long", len([]rune(out)))
		}
	}
	var b strings.Builder
	exitCode(errors.New("x.json: bad\nforged"), &b)
	if want := "scalebench: x.json: bad\\nforged\n"; b.String() != want {
		t.Errorf("stderr %q, want %q", b.String(), want)
	}
}
