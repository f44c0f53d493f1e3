package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/scalebench/scalebench/results"
)

// writeMany writes a result file of n series, one workload each, and
// returns its path.
func writeMany(t *testing.T, dir, name string, n int) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := results.WriteFile(path, manySeriesDoc(n, 1)); err != nil {
		t.Fatal(err)
	}
	return path
}

// wholeReport checks that dir holds one whole report and nothing else:
// its manifest lists every file in it, and every file it lists is there.
// It returns the files' texts.
func wholeReport(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := tree(t, dir)
	listed, err := readManifest(dir)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	want := append([]string{manifestName}, listed...)
	if got := slices.Sorted(maps.Keys(files)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Fatalf("%s holds %v; its manifest lists %v", dir, got, listed)
	}
	return files
}

// entries returns the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// waitTemporary waits until one of dirs holds a temporary folder (a name
// with "tmp") of at least n entries, and fails the test when none does
// within 30 s.
func waitTemporary(t *testing.T, cmd *exec.Cmd, n int, dirs ...string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, d := range dirs {
			ents, _ := os.ReadDir(d)
			for _, e := range ents {
				if !e.IsDir() || !strings.Contains(e.Name(), "tmp") {
					continue
				}
				if in, _ := os.ReadDir(filepath.Join(d, e.Name())); len(in) >= n {
					return
				}
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	t.Fatalf("scalebench wrote no temporary folder of %d files within 30 s", n)
}

// TestInterruptedReportLeavesOldOrNew interrupts a report while it writes
// over an older one, with SIGINT and with SIGKILL. After SIGINT the
// folder holds the old report or the new one and nothing is left beside
// it; after SIGKILL, whatever was left is removed by the next report. An
// interrupt used to leave the temporary folder, and once the new
// index.html with the old manifest.
func TestInterruptedReportLeavesOldOrNew(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	for _, tc := range []struct {
		sig   syscall.Signal
		files int // in the temporary folder when the signal is sent
	}{{syscall.SIGINT, 0}, {syscall.SIGINT, 100}, {syscall.SIGKILL, 0}, {syscall.SIGKILL, 100}} {
		sig := tc.sig
		t.Run(fmt.Sprintf("%s after %d files", sig, tc.files), func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "in")
			if err := os.Mkdir(in, 0o755); err != nil {
				t.Fatal(err)
			}
			small, many := writeRun(t, in), writeMany(t, in, "many.json", 120)
			reports := filepath.Join(dir, "reports")
			out := filepath.Join(reports, "out")
			if code, _, stderr := runCmd(t, "report", small, "-o", out); code != 0 {
				t.Fatalf("first report: exit %d: %s", code, stderr)
			}
			old := wholeReport(t, out)
			cmd := exec.Command(bin, "report", many, "-o", out)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitTemporary(t, cmd, tc.files, reports, out)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var ee *exec.ExitError
			if sig == syscall.SIGINT && (!errors.As(err, &ee) || ee.ExitCode() != 130) && err != nil {
				t.Errorf("exit %v after SIGINT, want status 130 (or 0 when done)\n%s", err, stderr.String())
			}
			if sig == syscall.SIGKILL {
				if code, _, stderr := runCmd(t, "report", small, "-o", out); code != 0 {
					t.Fatalf("report after SIGKILL: exit %d: %s", code, stderr)
				}
			}
			got := wholeReport(t, out)
			if !maps.Equal(got, old) && !strings.Contains(got["index.html"], "w0119") {
				t.Errorf("%s is neither the old report nor the new one", out)
			}
			if names := entries(t, reports); !slices.Equal(names, []string{"out"}) {
				t.Errorf("beside the report: %v, want out alone", names)
			}
		})
	}
}

// TestConcurrentReports runs four reports of different inputs into one
// folder at once: each succeeds, and the folder then holds one whole
// report, which a fifth replaces. They used to leave SVG files that the
// manifest did not list, and the folder was then refused.
func TestConcurrentReports(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	var inputs []string
	for i := range 4 {
		d := manySeriesDoc(10+10*i, 1)
		for s := range d.Series {
			d.Series[s].Workload = fmt.Sprintf("r%d-w%d", i, s)
		}
		path := filepath.Join(dir, fmt.Sprintf("run%d.json", i))
		if err := results.WriteFile(path, d); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, path)
	}
	for round := range 3 {
		var wg sync.WaitGroup
		errs := make([]string, len(inputs))
		for i, in := range inputs {
			wg.Go(func() {
				out, err := exec.Command(bin, "report", in, "-o", out).CombinedOutput()
				if err != nil {
					errs[i] = fmt.Sprintf("%v: %s", err, out)
				}
			})
		}
		wg.Wait()
		for i, e := range errs {
			if e != "" {
				t.Errorf("round %d, report %d: %s", round, i, e)
			}
		}
		wholeReport(t, out)
	}
	if code, _, stderr := runCmd(t, "report", inputs[0], "-o", out); code != 0 {
		t.Fatalf("a later report: exit %d: %s", code, stderr)
	}
	wholeReport(t, out)
	if names := entries(t, dir); len(names) != len(inputs)+1 {
		t.Errorf("beside the report: %v", names)
	}
}

// TestLessonsCheckOutputFirst: lessons refuses an output folder it cannot
// write before it measures anything. It used to find out only when it
// wrote the deck, after every lesson.
func TestLessonsCheckOutputFirst(t *testing.T) {
	code, stdout, stderr := runCmd(t, "lessons", "memory", "--quick", "-o", "/proc/scalebench-lessons")
	if code != 2 || stdout != "" || strings.Contains(stderr, "lesson 1 of") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and one line before any lesson", code, stdout, stderr)
	}
}

// TestInterruptedLessons interrupts lessons during its second lesson:
// the first lesson's verdict and result file are in the output folder,
// which stderr names, with nothing half-written and no temporary folder
// left (in TMPDIR or beside the output). They used to stay in
// TMPDIR/scalebench-lessons-*, which nothing named.
func TestInterruptedLessons(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir, tmp := t.TempDir(), t.TempDir()
	out := filepath.Join(dir, "lessons")
	cmd := exec.Command(bin, "lessons", "memory", "bandwidth", "--quick", "-o", out)
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "memory ") {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("first line %q, %v; want the verdict of memory", line, err)
	}
	time.Sleep(100 * time.Millisecond) // into bandwidth's experiment
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, stdout)
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want status 130\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), out) {
		t.Errorf("stderr does not name %s:\n%s", out, stderr.String())
	}
	files := wholeReport(t, out)
	want := []string{manifestName, "index.html", "lessons.json", "run-memory-outer.json", "slides.html"}
	if got := slices.Sorted(maps.Keys(files)); !slices.Equal(got, want) {
		t.Errorf("%s holds %v, want %v", out, got, want)
	}
	if _, err := results.ReadFile(filepath.Join(out, "run-memory-outer.json")); err != nil {
		t.Error(err)
	}
	if names := entries(t, dir); !slices.Equal(names, []string{"lessons"}) {
		t.Errorf("beside the output: %v", names)
	}
	if names := entries(t, tmp); len(names) != 0 {
		t.Errorf("left in TMPDIR: %v", names)
	}
}
