package command

import (
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// filler prints n bytes of 'x' without a newline.
func filler(n string) string { return `head -c ` + n + ` /dev/zero | tr '\0' x` }

// instance builds an instance of the shell command cmd.
func instance(t *testing.T, cmd string) *Instance {
	t.Helper()
	return &Instance{prog: program(t, cmd, true), size: 1}
}

// runOn runs in once on workers and verifies it, returning the bytes
// allocated by the run.
func runOn(in *Instance, workers int) (alloc uint64, err error) {
	in.Begin(workers)
	alloc = allocated(func() { in.Run(0, 0) })
	return alloc, in.Verify()
}

// allocated is the number of bytes f allocates on the heap.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestLargeOutputKeptWithinCap runs a program printing 20 MB: what is kept
// of it in memory is AnswerKept bytes, and the whole output is compared.
func TestLargeOutputKeptWithinCap(t *testing.T) {
	in := instance(t, filler("20000000")+`; echo; echo done`)
	in.prog.VerifyOutput = true
	for _, workers := range []int{1, 2} {
		alloc, err := runOn(in, workers)
		if err != nil {
			t.Fatalf("P=%d: %v", workers, err)
		}
		// TotalAlloc counts every goroutine of the test binary, so the
		// bound leaves room for others; 20 MB kept would be far above it.
		if alloc > 4<<20 {
			t.Errorf("P=%d: the run allocated %d bytes for 20 MB of output", workers, alloc)
		}
		if in.out.size != 20_000_006 || len(in.out.head) != AnswerKept {
			t.Errorf(
				"P=%d: answer of %d bytes, %d kept; want 20000006, %d kept",
				workers,
				in.out.size,
				len(in.out.head),
				AnswerKept,
			)
		}
	}
}

// TestOutputDifferingPastCap: outputs that agree on their first 2 MB
// (more than AnswerKept) and differ after are not verified.
func TestOutputDifferingPastCap(t *testing.T) {
	in := instance(t, filler("2000000")+`; echo {workers}`)
	in.prog.VerifyOutput = true
	if _, err := runOn(in, 1); err != nil {
		t.Fatalf("P=1: %v", err)
	}
	_, err := runOn(in, 2)
	x := `"` + strings.Repeat("x", 60) + `"…`
	want := "output on 2 workers " + x + " (2000002 bytes, sha256 "
	if err == nil || !strings.HasPrefix(err.Error(), want) ||
		!strings.Contains(err.Error(), "differs from the output on 1 worker "+x+" (2000002 bytes, sha256 ") {
		t.Errorf("P=2: %v, want %q…", err, want)
	}
}

// TestVerifyRegexpPastCap finds the answer after 3 MB of output, past
// what is kept in memory.
func TestVerifyRegexpPastCap(t *testing.T) {
	in := instance(t, filler("3000000")+`; echo; echo "answer 42 on {workers}"`)
	in.prog.VerifyRegexp = regexp.MustCompile(`answer (\d+)`)
	for _, workers := range []int{1, 3} {
		alloc, err := runOn(in, workers)
		if err != nil {
			t.Fatalf("P=%d: %v", workers, err)
		}
		if in.out.head != "42" || in.out.size != 2 {
			t.Errorf("P=%d: answer %q of %d bytes, want \"42\"", workers, in.out.head, in.out.size)
		}
		// TotalAlloc counts every goroutine of the test binary, so the
		// bound leaves room for others; 20 MB kept would be far above it.
		if alloc > 4<<20 {
			t.Errorf("P=%d: the run allocated %d bytes for 3 MB of output", workers, alloc)
		}
	}
	in = instance(t, filler("3000000")+`; echo; echo "answer 42 on {workers}"`)
	in.prog.VerifyRegexp = regexp.MustCompile(`answer (7)|(x)`)
	if _, err := runOn(in, 2); err != nil || in.out.head != "" || in.out.size != 0 {
		t.Errorf("a group that takes no part: %q, %v; want an empty answer", in.out.head, err)
	}
	in.prog.VerifyRegexp = regexp.MustCompile(`answer (\d+) on 7`)
	in.haveRef = false
	_, err := runOn(in, 2)
	want := `output "` + strings.Repeat("x", 60) + `"… does not match --verify-regexp answer (\d+) on 7`
	if err == nil || err.Error() != want {
		t.Errorf("no match: %v, want %q", err, want)
	}
}
