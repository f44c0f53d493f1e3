//go:build unix

package cli

// The hostile-input suite: 325 cases (hostileCount, which the test checks
// against the table and the README), command lines that misuse every
// command (list, run, run --cmd, fit, report, theory, version, help and
// commands that do not exist) with bad flag values, hostile files and
// paths, hostile names, programs that fail, and signals. Each case runs
// in a folder of its own that holds a user's files (makeHome), and
// asserts
//
//   - the exit status: 0, 1 (failed work), 2 (bad command line) or 130
//     (interrupted);
//   - that a failure is one line on stderr beginning "scalebench: "
//     (where a run printed warnings first, the last line is the error);
//   - that no output holds a Go panic or stack trace, and no line of
//     stderr a raw control character;
//   - that nothing in the folder changed but what the case may write.
//
// Run it alone with: go test -run Hostile ./cmd/scalebench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"

	"golang.org/x/sys/unix"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/results"
)

// hostileCount is the number of cases of the suite: the in-process cases
// and the cases run on the built binary.
const hostileCount = 325

// lineRule says what stderr may hold before the error line of a failure.
type lineRule int

const (
	oneLine   lineRule = iota // the error line alone
	notes                     // warnings and notes of a run ("scalebench: …", "result written to …")
	usageText                 // the usage text
)

// hostileCase is one command line and what it must do.
type hostileCase struct {
	name  string
	args  []string
	code  int
	want  string   // part of the last line of stderr, for a failure
	lines lineRule // what stderr may hold before the error line
	out   []string // globs of what the case may create, change or remove, with all inside a folder
	setup func(t *testing.T, dir string)
	check func(t *testing.T, dir, stdout string)
}

// tiny keeps every run small: one sample a point, two worker counts.
var tiny = []string{"--reps", "1", "--warmup", "0", "--oversubscribe", "0", "--cpus", "2", "--workers", "1,2"}

// runSleep is a run of the sleep workload, 4 tasks of 1 ms, then extra.
func runSleep(extra ...string) []string {
	return slices.Concat([]string{"run", "sleep", "--sleep", "1ms", "--size", "4"}, tiny, extra)
}

// runOf is a run of workload at its quick size, then extra.
func runOf(workload string, extra ...string) []string {
	return slices.Concat([]string{"run", workload, "--size", "quick"}, tiny, extra)
}

// runProgram is a run of --cmd cmd, then extra.
func runProgram(cmd string, extra ...string) []string {
	return slices.Concat([]string{"run", "--cmd", cmd}, tiny, extra)
}

var (
	long200K  = strings.Repeat("x", 200<<10)
	long10K   = strings.Repeat("n", 10<<10)
	longName  = strings.Repeat("a", 300) // longer than a file name may be
	reportOut = []string{"report/.scalebench-manifest", "report/index.html", "report/report.md", "report/*.svg"}
)

func TestHostile(t *testing.T) {
	cases := slices.Concat(commandCases(), runFlagCases(), paramCases(), runPathCases(), programCases(),
		fileCases(), fitCases(), reportCases(), reportDirCases(), theoryCases())
	bin := binCases()
	var names []string
	for _, tc := range cases {
		names = append(names, tc.name)
	}
	for _, bc := range bin {
		names = append(names, bc.name)
	}
	if len(names) != hostileCount {
		t.Errorf("%d cases, but hostileCount says %d: update it and the README", len(names), hostileCount)
	}
	for file, want := range map[string]string{
		filepath.Join("..", "..", "docs", "limits.md"): fmt.Sprintf("a suite of %d hostile cases", hostileCount),
		"hostile_test.go": fmt.Sprintf("The hostile-input suite: %d cases", hostileCount),
	} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(strings.Fields(string(b)), " "), want) {
			t.Errorf("%s does not say %q", file, want)
		}
	}
	slices.Sort(names)
	for i := 1; i < len(names); i++ {
		if names[i] == names[i-1] {
			t.Fatalf("two cases are called %q", names[i])
		}
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runCase(t, tc, func(t *testing.T) (int, string, string) { return runHostile(t, tc.args) })
		})
	}
	if testing.Short() {
		t.Log("skipping the cases of the built binary in -short mode")
		return
	}
	exe := buildBinary(t)
	for _, bc := range bin {
		t.Run(bc.name, func(t *testing.T) {
			runCase(t, bc.hostileCase, func(t *testing.T) (int, string, string) { return bc.run(t, exe) })
		})
	}
}

// runCase runs one case with run in its folder and checks what it did.
func runCase(t *testing.T, tc hostileCase, run func(*testing.T) (code int, stdout, stderr string)) {
	dir := hostileHome(t, tc.args, tc.setup)
	before := snapshot(t, dir)
	code, stdout, stderr := run(t)
	checkOutcome(t, tc, code, stdout, stderr)
	compareHome(t, before, snapshot(t, dir), tc.out)
	if tc.check != nil {
		tc.check(t, dir, stdout)
	}
}

// hostileHome makes the folder of a case, the working directory while it
// runs: the user's files, the hostile files args name, and setup's.
func hostileHome(t *testing.T, args []string, setup func(*testing.T, string)) string {
	t.Helper()
	dir := t.TempDir()
	makeHome(t, dir)
	placeInputs(t, dir, args)
	if setup != nil {
		setup(t, dir)
	}
	t.Chdir(dir)
	return dir
}

// hostileTimeout is how long a case may take before it counts as hung.
const hostileTimeout = 60 * time.Second

// runHostile runs args in-process with runCmd. A panic or a command that
// does not return fails the case.
func runHostile(t *testing.T, args []string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
		panic          any
		stack          []byte
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r.panic, r.stack = p, debug.Stack()
			}
			done <- r
		}()
		r.code, r.stdout, r.stderr = runCmd(t, args...)
	}()
	select {
	case r := <-done:
		if r.panic != nil {
			t.Fatalf("panic: %v\n%s", r.panic, r.stack)
		}
		return r.code, r.stdout, r.stderr
	case <-time.After(hostileTimeout):
		t.Fatalf("no return within %v", hostileTimeout)
	}
	return 0, "", ""
}

// checkOutcome checks the exit status and the output of a case.
func checkOutcome(t *testing.T, tc hostileCase, code int, stdout, stderr string) {
	t.Helper()
	if code != tc.code {
		t.Errorf("exit %d, want %d\nstderr: %s", code, tc.code, cut(stderr))
	}
	for what, s := range map[string]string{"stdout": stdout, "stderr": stderr} {
		if strings.Contains(s, "goroutine ") || strings.Contains(s, "panic:") {
			t.Errorf("%s holds a Go panic or stack trace:\n%s", what, cut(s))
		}
	}
	if r, ok := control(stderr, "\n"); ok {
		t.Errorf("stderr holds the control character %q: %s", r, cut(stderr))
	}
	if r, ok := control(stdout, "\n\t"); ok {
		t.Errorf("stdout holds the control character %q: %s", r, cut(stdout))
	}
	if code == 0 {
		return
	}
	if !strings.HasSuffix(stderr, "\n") {
		t.Fatalf("stderr does not end a line: %q", cut(stderr))
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "scalebench: ") || !strings.Contains(last, tc.want) {
		t.Errorf("last line of stderr %q, want it to begin with \"scalebench: \" and hold %q", cut(last), tc.want)
	}
	switch tc.lines {
	case oneLine:
		if len(lines) != 1 {
			t.Errorf("%d lines on stderr, want one:\n%s", len(lines), cut(stderr))
		}
	case notes:
		for _, l := range lines[:len(lines)-1] {
			if !strings.HasPrefix(l, "scalebench: ") && !strings.HasPrefix(l, "result written to ") {
				t.Errorf("stderr line %q is not a note of scalebench", cut(l))
			}
		}
	}
}

// control returns the first control character of s that allowed does not
// hold.
func control(s, allowed string) (rune, bool) {
	for _, r := range s {
		if unicode.IsControl(r) && !strings.ContainsRune(allowed, r) {
			return r, true
		}
	}
	return 0, false
}

// cut shortens s for a failure message, its control characters escaped.
func cut(s string) string {
	return safetext.Line(s, 2000)
}

// entry is one file of a snapshot: its mode, and the hash of its content
// (regular files) or its target (links).
type entry struct {
	mode fs.FileMode
	sum  [sha256.Size]byte
}

// snapshot records every file under dir, without following links or
// opening anything but regular files.
func snapshot(t *testing.T, dir string) map[string]entry {
	t.Helper()
	m := map[string]entry{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(path)
		if err != nil {
			return err
		}
		e := entry{mode: fi.Mode()}
		switch {
		case fi.Mode().IsRegular():
			b, err := os.ReadFile(path)
			if err != nil {
				b = []byte("unreadable: " + err.Error())
			}
			e.sum = sha256.Sum256(b)
		case fi.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			e.sum = sha256.Sum256([]byte(target))
		}
		rel, err := filepath.Rel(dir, path)
		m[rel] = e
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// compareHome fails the case for every file created, changed or removed
// that out does not name.
func compareHome(t *testing.T, before, after map[string]entry, out []string) {
	t.Helper()
	allowed := func(rel string) bool {
		for _, p := range out {
			for q := rel; q != "."; q = filepath.Dir(q) {
				if ok, _ := filepath.Match(p, q); ok {
					return true
				}
			}
		}
		return false
	}
	for rel, b := range before {
		a, ok := after[rel]
		switch {
		case allowed(rel):
		case !ok:
			t.Errorf("%s was removed", rel)
		case a.mode != b.mode:
			t.Errorf("%s changed its mode from %v to %v", rel, b.mode, a.mode)
		case a.sum != b.sum:
			t.Errorf("%s changed", rel)
		}
	}
	for rel := range after {
		if _, ok := before[rel]; !ok && !allowed(rel) {
			t.Errorf("%s was created", rel)
		}
	}
}

func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }

// commandCases misuse the command word, help, version and list.
func commandCases() []hostileCase {
	unknown := func(name, cmd string) hostileCase {
		return hostileCase{name: name, args: []string{cmd}, code: 2, want: "unknown command"}
	}
	return []hostileCase{
		{name: "no command", args: nil, code: 2, want: "no command given", lines: usageText},
		unknown("empty command", ""),
		unknown("unknown command", "frobnicate"),
		unknown("command in capitals", "RUN"),
		unknown("command with an escape sequence", "run\x1b[2J"),
		unknown("command with a newline", "run\nscalebench: forged"),
		unknown("command with a NUL", "run\x00"),
		unknown("command of 200 KB", long200K),
		unknown("command of unicode", "rün"),
		unknown("flag for a command", "-x"),
		unknown("double dash for a command", "--"),
		{name: "help", args: []string{"help"}, code: 0},
		{name: "help flag", args: []string{"--help"}, code: 0},
		{name: "help with a flag", args: []string{"help", "--bogus"}, code: 0},
		{name: "version with a flag", args: []string{"version", "--json"}, code: 2, want: "unknown flag: --json"},
		{
			name: "version with an argument",
			args: []string{"version", "extra\x1b[2J"},
			code: 2,
			want: `version takes no arguments, got "extra\x1b[2J"`,
		},
		{
			name: "version after a double dash",
			args: []string{"version", "--", "x"},
			code: 2,
			want: "version takes no arguments",
		},
		{name: "version help", args: []string{"version", "--help"}, code: 0},
		{
			name: "version flag with a shorthand",
			args: []string{"--version", "-x"},
			code: 2,
			want: "unknown shorthand flag: 'x'",
		},
		{
			name: "list with an argument",
			args: []string{"list", "pi"},
			code: 2,
			want: `list takes no arguments, got "pi"`,
		},
		{
			name: "list json maybe",
			args: []string{"list", "--json=maybe"},
			code: 2,
			want: `invalid argument "maybe" for "--json"`,
		},
		{name: "list shorthand", args: []string{"list", "-j"}, code: 2, want: "unknown shorthand flag: 'j'"},
		{name: "list with a flag of run", args: []string{"list", "--cmd", "x"}, code: 2, want: "unknown flag: --cmd"},
		{name: "list json twice", args: []string{"list", "--json", "--json"}, code: 0},
	}
}

// runFlagCases give run bad flag values; each is refused before anything
// is measured or written.
func runFlagCases() []hostileCase {
	bad := func(name, want string, args ...string) hostileCase {
		return hostileCase{name: name, args: append(args, "-o", "x.json"), code: 2, want: want}
	}
	return []hostileCase{
		{name: "run nothing", args: []string{"run"}, code: 2, want: "run: no workload given"},
		bad("run empty workload", `unknown workload ""`, "run", ""),
		bad("run shell in a workload name", `unknown workload "sleep;rm -rf /"`, "run", "sleep;rm -rf /"),
		bad("run workload of 10 KB", "unknown workload", "run", long10K),
		bad("workers empty", `--workers "": empty list`, runSleep("--workers", "")...),
		bad("workers zero", "counts must be at least 1", runSleep("--workers", "0")...),
		bad("workers negative", "counts must be at least 1", runSleep("--workers", "-1")...),
		bad("workers overflow", "is not a whole number", runSleep("--workers", "9223372036854775808")...),
		bad(
			"workers doubling to the largest int",
			"counts must be at most 65536",
			runSleep("--workers", "1:9223372036854775807:x2")...),
		bad("workers too many counts", "more than 4096 counts", runSleep("--workers", "1:65536")...),
		bad("workers NaN", `--workers "NaN"`, runSleep("--workers", "NaN")...),
		bad("workers fullwidth digits", "is not a whole number", runSleep("--workers", "１,２")...),
		bad("workers escape sequence", `\x1b[2J`, runSleep("--workers", "1,\x1b[2J")...),
		bad("workers 200 KB", "--workers", runSleep("--workers", long200K)...),
		bad("workers backwards", "runs backwards", runSleep("--workers", "8:1")...),
		bad("oversubscribe overflow", "counts must be at most", runSleep("--oversubscribe", "9223372036854775807")...),
		bad("oversubscribe negative", "--oversubscribe", runSleep("--oversubscribe", "-1")...),
		bad(
			"oversubscribe beyond the largest count",
			"is more than 65536 workers",
			runSleep("--oversubscribe", "65536")...),
		bad("reps zero", "--reps 0: must be at least 1", runSleep("--reps", "0")...),
		bad("reps negative", "--reps -1: must be at least 1", runSleep("--reps", "-1")...),
		bad("reps overflow", "value out of range", runSleep("--reps", "9223372036854775808")...),
		bad("reps float", `invalid argument "1e3"`, runSleep("--reps", "1e3")...),
		bad("reps given twice", "--reps 0", runSleep("--reps", "1", "--reps", "0")...),
		bad("warmup negative", "--warmup -1", runSleep("--warmup", "-1")...),
		bad("size empty", `--size ""`, runSleep("--size", "")...),
		bad("size zero", `--size "0"`, runSleep("--size", "0")...),
		bad("size negative", `--size "-5"`, runSleep("--size", "-5")...),
		bad("size float", `--size "1e9"`, runSleep("--size", "1e9")...),
		bad("size overflow", `--size "9223372036854775808"`, runSleep("--size", "9223372036854775808")...),
		bad("size beyond memory", "of memory", runOf("sum", "--size", "9223372036854775807")...),
		bad("weak size that overflows", "overflows", runOf("pi", "--mode", "weak", "--size", "9223372036854775807")...),
		bad("mode empty", `--mode "": want strong or weak`, runSleep("--mode", "")...),
		bad("mode in capitals", `--mode "STRONG"`, runSleep("--mode", "STRONG")...),
		bad("format unknown", `--format "xml"`, runSleep("--format", "xml")...),
		bad("executor empty", "--executor: empty list", runSleep("--executor", "")...),
		bad("executor unknown", `unknown executor "threads"`, runSleep("--executor", "threads")...),
		bad(
			"executor a workload cannot use",
			"cannot run on the processes executor",
			runOf("counter", "--executor", "processes")...),
		bad("schedule unknown", `unknown schedule "random"`, runSleep("--schedule", "random")...),
		bad("chunk negative", "--chunk -1", runSleep("--chunk", "-1")...),
		{
			name: "chunk the largest int",
			args: runOf("noop", "--schedule", "dynamic", "--chunk", "9223372036854775807", "-o", "x.json"),
			code: 0,
			out:  []string{"x.json"},
		},
		{
			name: "chunk the largest int on processes",
			args: runOf("noop", "--schedule", "dynamic", "--chunk", "9223372036854775807",
				"--executor", "processes,shm", "-o", "x.json"),
			code: 0,
			out:  []string{"x.json"},
		},
		bad("timeout negative", "--timeout -1s", runSleep("--timeout", "-1s")...),
		bad("timeout NaN", `invalid argument "NaN" for "--timeout"`, runSleep("--timeout", "NaN")...),
		bad("timeout overflow", `for "--timeout"`, runSleep("--timeout", "99999999999h")...),
		bad("target time negative", "--target-time -1s", runOf("pi", "--target-time", "-1s")...),
		bad("target time with a size", "exclude each other", runSleep("--target-time", "1s")...),
		bad("seed negative", `for "--seed"`, runSleep("--seed", "-1")...),
		bad("seed overflow", `for "--seed"`, runSleep("--seed", "18446744073709551616")...),
		bad("cpus zero", "--cpus 0", runSleep("--cpus", "0")...),
		bad("cpus negative", "--cpus -1", runSleep("--cpus", "-1")...),
		bad("cpus too many", "at most 4096", runSleep("--cpus", "4097")...),
		bad("cpus overflow", `for "--cpus"`, runSleep("--cpus", "9223372036854775808")...),
		bad("unknown flag", "unknown flag: --frobnicate", runSleep("--frobnicate")...),
		bad("unicode flag", "unknown flag: --wörkers", runSleep("--wörkers", "2")...),
		bad("flag with an empty value", `invalid argument "" for "--reps"`, runSleep("--reps=")...),
		bad("bool flag with a value", `invalid argument "maybe" for "--fail-fast"`, runSleep("--fail-fast=maybe")...),
		bad("flag after a double dash", `unknown workload "--reps"`, runSleep("--", "--reps", "1")...),
		bad("flag of fit", "unknown flag: --json", runSleep("--json")...),
		bad("flag of report", "unknown flag: --slides", runSleep("--slides")...),
		bad("flag of theory", "unknown flag: --amdahl", runSleep("--amdahl", "0.5")...),
		bad("flag of --cmd without it", "--name needs --cmd", runSleep("--name", "x")...),
		bad("shell without --cmd", "--shell needs --cmd", runSleep("--shell")...),
		{
			name: "workers given twice",
			args: runSleep("--workers", "9", "--workers", "1,2", "-o", "x.json"),
			code: 0,
			out:  []string{"x.json"},
		},
		{name: "out given twice", args: runSleep("-o", "a.json", "-o", "x.json"), code: 0, out: []string{"x.json"}},
	}
}

// paramCases give the built-in workloads bad parameters.
func paramCases() []hostileCase {
	bad := func(name, want string, args ...string) hostileCase {
		return hostileCase{name: name, args: append(args, "-o", "x.json"), code: 2, want: want}
	}
	return []hostileCase{
		bad("sleep negative", `--sleep "-1ms"`, runSleep("--sleep", "-1ms")...),
		bad("sleep 1000 hours", `--sleep "1000h"`, runSleep("--sleep", "1000h")...),
		bad("sleep NaN", `--sleep "NaN"`, runSleep("--sleep", "NaN")...),
		bad("serial fraction NaN", `--serial-fraction "NaN"`, runOf("synthetic", "--serial-fraction", "NaN")...),
		bad("serial fraction Inf", `--serial-fraction "Inf"`, runOf("synthetic", "--serial-fraction", "Inf")...),
		bad("outer n beyond memory", `--outer-n "99999999999"`, runOf("outer", "--outer-n", "99999999999")...),
		bad("rows zero", `--rows "0"`, runOf("rowgrid", "--rows", "0")...),
		bad("variant empty", "--variant", runOf("counter", "--variant", "")...),
		bad("method with a NUL", "--autocorr-method", runOf("autocorr2d", "--autocorr-method", "fft\x00")...),
		bad(
			"parameter of another workload",
			"--serial-fraction does not apply to sleep",
			runSleep("--serial-fraction", "0.5")...),
		bad("images folder missing", `--dir "missing"`, runOf("images", "--dir", "missing")...),
		bad("images folder a file", `--dir "notes.txt"`, runOf("images", "--dir", "notes.txt")...),
		bad("images folder a link loop", `--dir "loop1"`, runOf("images", "--dir", "loop1")...),
		{name: "images folder empty", args: runOf("images", "--dir", "empty", "-o", "x.json"), code: 2,
			want: "a folder holding at least one .png file", setup: func(t *testing.T, dir string) {
				if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
					t.Fatal(err)
				}
			}},
		bad("rows per task zero", `--rows-per-task "0"`, runOf("rowgrid", "--rows-per-task", "0")...),
		bad("columns overflow", `--cols "9223372036854775808"`, runOf("rowgrid", "--cols", "9223372036854775808")...),
		bad(
			"sleep of the largest duration",
			`--sleep "2562047h47m16.854775807s"`,
			runSleep("--sleep", "2562047h47m16.854775807s")...),
		{
			name: "images of random bytes",
			args: runOf("images", "--dir", "img-random", "--size", "4", "-o", "x.json"),
			code: 1,
			want: "not a PNG file",
		},
		{
			name: "images too large to decode",
			args: runOf("images", "--dir", "img-huge", "--size", "4", "-o", "x.json"),
			code: 1,
			want: "100000×100000",
		},
	}
}

// runPathCases give run output paths that must not be written.
func runPathCases() []hostileCase {
	bad := func(name, out, want string) hostileCase {
		return hostileCase{name: name, args: runSleep("-o", out), code: 2, want: want}
	}
	return []hostileCase{
		bad("out empty", "", "--out must name a file"),
		bad("out in a missing folder", "missing/x.json", "does not exist"),
		bad("out a folder", "secret", "is a directory"),
		bad("out a folder with a slash", "secret/", "is a directory"),
		bad("out the working folder", ".", "is a directory"),
		bad("out a link", "link.json", "is a symbolic link"),
		bad("out a dangling link", "dangling", "is a symbolic link"),
		bad("out a link loop", "loop1", "is a symbolic link"),
		bad("out /dev/null", "/dev/null", "is a device"),
		bad("out a named pipe", "fifo", "is a named pipe"),
		bad("out a user's file", "notes.txt", "is not a scalebench result"),
		bad("out an input of fit", "in.csv", "is not a scalebench result"),
		bad("out a file of a report", "report/index.html", "is not a scalebench result"),
		bad("out inside a file", "in.json/x.json", "is not a directory"),
		bad("out a name too long", longName+".json", "file name too long"),
		bad("out with a NUL", "x\x00.json", "-o"),
		{
			name: "out with an escape sequence",
			args: runSleep("-o", "\x1b[2J.json"),
			code: 0,
			out:  []string{"\x1b\\[2J.json"},
		},
		{name: "out an earlier result", args: runSleep("-o", "old.json"), code: 0, out: []string{"old.json"}},
		{name: "out by default", args: runSleep(), code: 0, out: []string{"results"}},
		{
			name: "out by default for 45 workloads",
			args: slices.Concat([]string{"run"}, strings.Fields(strings.Repeat("sleep ", 45)),
				runSleep()[2:]),
			code: 0,
			out:  []string{"results"},
		},
		{name: "out by default for a long name", args: runProgram("true", "--name", longName), code: 0, lines: notes,
			out: []string{"results"}},
	}
}

// programCases run programs of the user's that fail, hang, flood their
// output or have hostile names.
func programCases() []hostileCase {
	run := func(name, cmd string, code int, want string, extra ...string) hostileCase {
		return hostileCase{name: name, args: runProgram(cmd, append(extra, "-o", "x.json")...), code: code, want: want,
			lines: notes, out: []string{"x.json"}}
	}
	bad := func(name, cmd, want string, extra ...string) hostileCase {
		return hostileCase{name: name, args: runProgram(cmd, append(extra, "-o", "x.json")...), code: 2, want: want}
	}
	return []hostileCase{
		bad("cmd empty", "", `--cmd "": empty command`),
		bad("cmd blank", " ", `--cmd " ": empty command`),
		bad("cmd unterminated quote", `"unterminated`, "unterminated double quote"),
		bad("cmd unknown placeholder", "echo {nope}", "unknown placeholder {nope}"),
		bad(
			"cmd missing program",
			"/nonexistent/prog",
			`"/nonexistent/prog": program not found: no such file or directory`,
		),
		bad("cmd of 200 KB", long200K, "…\": program not found: executable file not found in $PATH"),
		bad("cmd bad regexp", "echo {workers}", `--verify-regexp "("`, "--verify-regexp", "("),
		bad("cmd size without size", "echo {size}", "give --size N"),
		bad("cmd weak without size", "echo {workers}", "--mode weak needs {size}", "--mode", "weak"),
		bad("cmd with an executor", "echo {workers}", "--executor does not apply to --cmd", "--executor", "processes"),
		bad(
			"cmd with a workload parameter",
			"echo {workers}",
			"--sleep is a parameter of the built-in workloads",
			"--sleep",
			"1ms",
		),
		bad("cmd with a workload", "echo", "leave out the workload names (sleep)", "sleep"),
		run("cmd exits non-zero", "false", 1, "serial: false: exit status 1"),
		run("cmd killed by a signal", "kill -KILL $$", 1, "signal: killed", "--shell"),
		run("cmd points killed", "kill -TERM $$", 1, "run failed", "--shell", "--serial-cmd", "true"),
		run("cmd prints 20 MB", "head -c 20000000 /dev/zero", 0, ""),
		run("cmd prints 20 MB verified", "head -c 20000000 /dev/zero", 0, "", "--verify-output"),
		run(
			"cmd prints 20 MB on stderr and fails",
			"head -c 20000000 /dev/zero >&2; exit 3",
			1,
			"exit status 3",
			"--shell",
		),
		run(
			"cmd forges an error line",
			`printf 'a\033[2J\nscalebench: forged\n' >&2; exit 3`,
			1,
			`a\x1b[2J`,
			"--shell",
		),
		run("cmd hangs", "sleep 10", 1, "serial reference timed out after 100ms", "--timeout", "100ms"),
		run("cmd points hang", "sleep 10", 1, "run failed", "--serial-cmd", "true", "--timeout", "100ms"),
		run("cmd closes stdout", "exec >&-; exit 0", 0, "", "--shell"),
		run("cmd closes stdout and writes", "exec >&- 2>&-; echo x", 1, "exit status", "--shell", "--verify-output"),
		run("cmd leaves a child behind", "sleep 10 & exit 0", 0, "", "--shell"),
		run("cmd outputs differ", "echo {workers}", 1, "run failed", "--verify-output"),
		run("cmd prepare fails", "true", 1, "prepare: sh: exit status 3", "--shell", "--prepare", "exit 3"),
		run("cmd name with escapes", "true", 0, "", "--name", "\x1b[2J\x1b]0;x\x07\nscalebench: forged"),
		run("cmd name with markup", "true", 0, "", "--name", "<script>alert(1)</script>|x|"),
		run("cmd name with a NUL", "true", 0, "", "--name", "a\x00b"),
		run("cmd name of 10 KB", "true", 0, "", "--name", long10K, "--format", "markdown"),
		run("cmd name in csv", "true", 0, "", "--name", "a\nb,\"c\x1b", "--format", "csv"),
		{
			name: "cmd name in gobench",
			args: runProgram("true", "--name", "a\nBenchmarkForged-2 1 1 ns/op\x1b", "--format", "gobench",
				"-o", "x.json"),
			code: 0,
			out:  []string{"x.json"},
			check: func(t *testing.T, _, stdout string) {
				if strings.Contains(stdout, "\nBenchmarkForged") || strings.Count(stdout, "\nBenchmark") != 2 {
					t.Errorf("the name made a benchmark line of its own:\n%s", cut(stdout))
				}
			},
		},
	}
}

// fileCases give fit hostile files, one case each.
func fileCases() []hostileCase {
	var cases []hostileCase
	fails := map[string]string{
		"trunc.json": "truncated JSON", "trailing.json": "trailing data", "twodocs.json": "trailing data",
		"deep.json": "no workers column", "deepobj.json": "exceeded max depth", "bignum.json": "1e999",
		"overflow.json": "9223372036854775808", "floatw.json": "2.5", "schema2.json": `schema "scalebench/v2"`,
		"noschema.json": "no schema field", "array.json": "array.json", "null.json": "null.json",
		"noseries.json": "no series to fit", "nullpt.json": "workers 0: must be at least 1", "strings.json": "strings.json",
		"negative.json": "invalid sample -1", "zerow.json": "workers 0: must be at least 1",
		"nan.csv": `seconds "NaN"`, "inf.csv": `seconds "+Inf"`, "neg.csv": `seconds "-0.5"`, "badcols.csv": "3 fields",
		"header.csv": "header.csv", "ovf.csv": `workers "9223372036854775808"`, "zerow.csv": `workers "0"`,
		"frac.csv": `workers "1.5"`, "semi.csv": "no workers column", "dupcol.csv": "appears twice",
		"both.csv": "keep one", "nometric.csv": "nometric.csv", "quote.csv": "quote.csv", "empty.csv": "empty input",
		"blank.csv": "empty input", "binary.dat": "binary.dat", "longline.csv": "longline.csv",
		"nan.txt": `ns/op "NaN"`, "negbench.txt": `ns/op "-5"`, "nobench.txt": "no workers column",
		"hf-empty.json": "has no results", "hf-param.json": `\x1b[2J`, "hf-neg.json": "hf-neg.json",
	}
	for _, f := range slices.Sorted(maps.Keys(fails)) {
		cases = append(cases, hostileCase{name: "fit " + f, args: []string{"fit", f}, code: 1, want: fails[f]})
	}
	for _, f := range []string{"zeros.json", "nosamples.json", "huge.json", "maxw.json", "dupw.json", "names.json",
		"many.json", "hostenv.json", "cpusneg.json", "cpusmax.json", "dup.csv", "hugenum.csv", "maxw.csv", "thr0.csv", "bom.csv", "crlf.csv",
		"names.csv", "cpuovf.txt", "gotest-bench.txt", "hyperfine-sleep.json"} {
		cases = append(cases, hostileCase{name: "fit " + f, args: []string{"fit", f}, code: 0})
	}
	return cases
}

// fitCases misuse the paths and flags of fit.
func fitCases() []hostileCase {
	bad := func(name, want string, code int, args ...string) hostileCase {
		return hostileCase{name: name, args: append([]string{"fit"}, args...), code: code, want: want}
	}
	return []hostileCase{
		bad("fit nothing", "fit: no file given", 2),
		bad("fit stdin twice", "- (stdin) given twice", 2, "-", "-"),
		bad("fit missing file", "no such file", 1, "missing.json"),
		bad("fit empty name", "no such file", 1, ""),
		bad("fit a folder", "is a directory", 1, "secret"),
		bad("fit /dev/null", "empty input", 1, "/dev/null"),
		bad("fit a dangling link", "no such file", 1, "dangling"),
		bad("fit a link loop", "too many levels of symbolic links", 1, "loop1"),
		bad("fit inside a file", "not a directory", 1, "in.json/x.json"),
		bad("fit a name too long", "file name too long", 1, longName),
		bad("fit unreadable memory", "/proc/self/mem", 1, "/proc/self/mem"),
		bad("fit a good and a missing file", "missing.json", 1, "in.json", "missing.json"),
		bad("fit input format unknown", `--input-format "xml"`, 2, "--input-format", "xml", "in.json"),
		bad("fit json read as csv", "in.json:1", 1, "--input-format", "csv", "in.json"),
		bad("fit csv read as json", "invalid JSON", 1, "--input-format", "json", "in.csv"),
		bad("fit cpus negative", "--cpus -1", 2, "--cpus", "-1", "in.json"),
		bad("fit cpus too many", "at most 4096", 2, "--cpus", "4097", "in.json"),
		bad("fit with a flag of report", "unknown shorthand flag: 'o'", 2, "-o", "x", "in.json"),
		bad("fit with a flag of run", "unknown flag: --workers", 2, "--workers", "1", "in.json"),
		bad("fit json maybe", `invalid argument "maybe"`, 2, "--json=maybe", "in.json"),
		{
			name: "fit a file unreadable or of garbage",
			args: []string{"fit", "unreadable.csv"},
			code: 1,
			want: "unreadable.csv",
			setup: func(t *testing.T, dir string) {
				// Root reads it all the same: then its content is refused.
				path := filepath.Join(dir, "unreadable.csv")
				writeFile(t, path, "not,a\ncsv\n")
				if err := os.Chmod(path, 0); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name:  "fit a named pipe",
			args:  []string{"fit", "fifo"},
			code:  1,
			want:  "fifo:1: bare",
			setup: feedFIFO("x\"y\n"),
		},
		{name: "fit a link", args: []string{"fit", "link.json"}, code: 0},
		{name: "fit json of a link twice", args: []string{"fit", "--json", "link.json", "in.json"}, code: 0},
		{name: "fit json of hostile names", args: []string{"fit", "--json", "names.json"}, code: 0},
		{name: "fit json of zeros", args: []string{"fit", "--json", "zeros.json"}, code: 0},
		{name: "fit cpus one", args: []string{"fit", "--cpus", "1", "in.json"}, code: 0},
	}
}

// reportCases write reports over what they must not replace, and of
// hostile inputs.
func reportCases() []hostileCase {
	refused := func(name, out, want string) hostileCase {
		return hostileCase{name: name, args: []string{"report", "in.json", "-o", out}, code: 1, want: want}
	}
	return []hostileCase{
		{name: "report nothing", args: []string{"report"}, code: 2, want: "report needs at least one result FILE"},
		{
			name: "report out empty",
			args: []string{"report", "in.json", "-o", ""},
			code: 2,
			want: "--out must name a directory",
		},
		{
			name: "report with a flag of fit",
			args: []string{"report", "--json", "in.json"},
			code: 2,
			want: "unknown flag: --json",
		},
		{
			name: "report with a flag of run",
			args: []string{"report", "--reps", "1", "in.json"},
			code: 2,
			want: "unknown flag: --reps",
		},
		refused("report over a user's folder", "secret", "has no .scalebench-manifest"),
		refused("report over a source tree", "src", "has no .scalebench-manifest"),
		refused("report over the working folder", ".", "has no .scalebench-manifest"),
		refused("report over a user's file", "notes.txt", "exists and is not a directory"),
		refused("report over its input", "in.json", "exists and is not a directory"),
		refused("report over a link", "link.json", "is a symbolic link"),
		refused("report over a link loop", "loop1", "is a symbolic link"),
		refused("report over /dev/null", "/dev/null", "exists and is not a directory"),
		refused("report over a named pipe", "fifo", "exists and is not a directory"),
		refused("report inside a file", "in.json/r", "not a directory"),
		{
			name: "report over its own report",
			args: []string{"report", "in.json", "-o", "report"},
			code: 0,
			out:  reportOut,
		},
		{
			name:  "report beside a user's file",
			args:  []string{"report", "in.json", "-o", "report"},
			code:  0,
			out:   reportOut,
			setup: func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, "report", "mine.txt"), "mine") },
		},
		{
			name: "report into a folder with an escape sequence",
			args: []string{"report", "in.json", "-o", "\x1b[2Jr"},
			code: 0,
			out:  []string{"\x1b\\[2Jr"},
		},
		{
			name: "report into new folders",
			args: []string{"report", "in.json", "-o", "new/deeper"},
			code: 0,
			out:  []string{"new"},
		},
		{
			name: "report an input twice",
			args: []string{"report", "in.json", "link.json", "-o", "r"},
			code: 0,
			out:  []string{"r"},
		},
		{
			name: "report a missing file",
			args: []string{"report", "missing.json", "-o", "r"},
			code: 1,
			want: "no such file",
		},
		{name: "report a folder", args: []string{"report", "secret", "-o", "r"}, code: 1, want: "is a directory"},
		{
			name: "report nothing to plot",
			args: []string{"report", "noseries.json", "-o", "r"},
			code: 1,
			want: "no points to report",
		},
		{name: "report binary", args: []string{"report", "binary.dat", "-o", "r"}, code: 1, want: "binary.dat"},
		{
			name:  "report hostile names",
			args:  []string{"report", "names.json", "names.csv", "-o", "r", "--slides"},
			code:  0,
			out:   []string{"r"},
			check: checkDocuments,
		},
		{name: "report hostile environment", args: []string{"report", "hostenv.json", "-o", "r"}, code: 0,
			out: []string{"r"}, check: checkDocuments},
		{
			name: "report of zeros",
			args: []string{"report", "zeros.json", "-o", "r"},
			code: 1,
			want: "zeros.json: no points to report",
		},
		{
			name: "report without samples",
			args: []string{"report", "in.json", "nosamples.json", "-o", "r"},
			code: 1,
			want: "nosamples.json: no points to report",
		},
		{
			name: "report odd CPU counts",
			args: []string{"report", "cpusneg.json", "cpusmax.json", "-o", "r"},
			code: 0,
			out:  []string{"r"},
		},
		{
			name: "report huge times",
			args: []string{"report", "huge.json", "hugenum.csv", "-o", "r"},
			code: 0,
			out:  []string{"r"},
		},
		{
			name: "report the largest worker count",
			args: []string{"report", "maxw.json", "-o", "r"},
			code: 0,
			out:  []string{"r"},
		},
		{
			name: "report the largest worker count of a csv",
			args: []string{"report", "maxw.csv", "-o", "r"},
			code: 0,
			out:  []string{"r"},
		},
		{
			name: "report duplicate rows",
			args: []string{"report", "dup.csv", "dupw.json", "-o", "r"},
			code: 0,
			out:  []string{"r"},
		},
	}
}

// reportDirCases write a report into the report folder of the user's
// folder after setup has made it hostile.
func reportDirCases() []hostileCase {
	inReport := func(name, want string, setup func(t *testing.T, dir string)) hostileCase {
		return hostileCase{
			name:  name,
			args:  []string{"report", "in.json", "-o", "report"},
			code:  1,
			want:  want,
			setup: setup,
		}
	}
	return []hostileCase{
		inReport(
			"report over a user's file in a report",
			"scalebench did not write it",
			func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, "report", "pi-speedup.svg"), "mine")
				writeFile(t, filepath.Join(dir, "report", ".scalebench-manifest"), manifestMarker+"\nindex.html\n")
			},
		),
		inReport("report whose index is a link", "is a symbolic link", func(t *testing.T, dir string) {
			replaceWith(
				t,
				filepath.Join(dir, "report", "index.html"),
				func(p string) error { return os.Symlink("../notes.txt", p) },
			)
		}),
		inReport("report whose index is a named pipe", "is a named pipe", func(t *testing.T, dir string) {
			replaceWith(t, filepath.Join(dir, "report", "index.html"), mkfifo)
		}),
		inReport("report whose manifest escapes", "not a scalebench manifest", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "report", ".scalebench-manifest"), manifestMarker+"\n../notes.txt\n")
		}),
		inReport("report whose manifest is a link", "is a symbolic link", func(t *testing.T, dir string) {
			replaceWith(
				t,
				filepath.Join(dir, "report", ".scalebench-manifest"),
				func(p string) error { return os.Symlink("../notes.txt", p) },
			)
		}),
		inReport("report whose manifest is 2 MB", "larger than 1 MiB", func(t *testing.T, dir string) {
			writeFile(
				t,
				filepath.Join(dir, "report", ".scalebench-manifest"),
				manifestMarker+"\n"+strings.Repeat("a", 2<<20)+"\n",
			)
		}),
		inReport("report whose manifest lists a folder", "is a directory", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "report", ".scalebench-manifest"), manifestMarker+"\nsub\n")
			if err := os.Mkdir(filepath.Join(dir, "report", "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "report", "sub", "mine.txt"), "mine")
		}),
		{name: "report over a folder of reports", args: []string{"report", "in.json", "-o", "reports"}, code: 0,
			out: []string{"reports/.scalebench-manifest", "reports/index.html", "reports/report.md", "reports/*.svg"},
			setup: func(t *testing.T, dir string) {
				if err := writeDir(context.Background(), filepath.Join(dir, "reports", "a"), homeReport(), nil); err != nil {
					t.Fatal(err)
				}
			}},
		{name: "report replacing its input", args: []string{"report", "report/report.md", "-o", "report"}, code: 1,
			want: "it is an input", setup: func(t *testing.T, dir string) {
				writeFile(t, filepath.Join(dir, "report", "report.md"), "workers,seconds\n1,1\n2,0.6\n")
			}},
	}
}

// theoryCases give theory bad values and folders.
func theoryCases() []hostileCase {
	bad := func(name, want string, args ...string) hostileCase {
		return hostileCase{name: name, args: append([]string{"theory", "-o", "th"}, args...), code: 2, want: want}
	}
	refused := func(name, out, want string) hostileCase {
		return hostileCase{name: name, args: []string{"theory", "-o", out}, code: 1, want: want}
	}
	return []hostileCase{
		bad("theory NaN", "fraction NaN is outside [0, 1]", "--amdahl", "NaN"),
		bad("theory Inf", "fraction +Inf is outside [0, 1]", "--gustafson", "Inf"),
		bad("theory fraction above one", "outside [0, 1]", "--amdahl", "1.1"),
		bad("theory fraction empty", `invalid argument ""`, "--amdahl", ""),
		bad("theory fraction with a space", `invalid argument " 0.5"`, "--amdahl", " 0.5"),
		bad("theory one worker", "--max-workers must be at least 2", "--max-workers", "1"),
		bad("theory smallest int", "--max-workers must be at least 2", "--max-workers", "-9223372036854775808"),
		bad("theory workers overflow", "value out of range", "--max-workers", "9223372036854775808"),
		bad("theory too many workers", "at most 1000000", "--max-workers", "1000001"),
		bad(
			"theory ten thousand fractions",
			"take at most 100 fractions each, got 10000 and 4",
			"--amdahl",
			strings.Repeat("0.5,", 9999)+"0.5",
		),
		bad("theory argument", `theory takes no arguments, got "extra"`, "extra"),
		bad("theory flag of run", "unknown flag: --workers", "--workers", "2"),
		{name: "theory out empty", args: []string{"theory", "-o", ""}, code: 2, want: "--out must name a directory"},
		refused("theory over a user's file", "notes.txt", "exists and is not a directory"),
		refused("theory over a user's folder", "secret", "has no .scalebench-manifest"),
		refused("theory over /dev/null", "/dev/null", "exists and is not a directory"),
		refused("theory over a link", "link.json", "is a symbolic link"),
		{name: "theory into a folder with an escape sequence", args: []string{"theory", "-o", "\x1b[2Jth"}, code: 0,
			out: []string{"\x1b\\[2Jth"}},
		{
			name: "theory a hundred fractions",
			args: []string{"theory", "-o", "th", "--gustafson", strings.Repeat("0.5,", 99) + "0.5"},
			code: 0,
			out:  []string{"th"},
		},
		{
			name: "theory a million workers",
			args: []string{"theory", "-o", "th", "--max-workers", "1000000"},
			code: 0,
			out:  []string{"th"},
		},
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// replaceWith removes path and makes something else there with make.
func replaceWith(t *testing.T, path string, make func(string) error) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := make(path); err != nil {
		t.Fatal(err)
	}
}

// feedFIFO writes data into the named pipe fifo of the case's folder once
// a reader opens it; the writer is released when the case ends.
func feedFIFO(data string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, "fifo")
		go func() {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				return
			}
			f.WriteString(data)
			f.Close()
		}()
		t.Cleanup(func() {
			// A reader that opens and closes the pipe releases a writer
			// still waiting for one.
			if f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
				f.Close()
			}
		})
	}
}

// checkDocuments checks the files of the report in r: every SVG parses as
// XML, and no page holds markup from the input or a control character.
func checkDocuments(t *testing.T, dir, _ string) {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, "r"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, "r", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if r, ok := control(string(b), "\n\t"); ok {
			t.Errorf("%s holds the control character %q", e.Name(), r)
		}
		if strings.Contains(string(b), "<script>alert") || strings.Contains(string(b), "<b>cpu") {
			t.Errorf("%s holds markup of the input", e.Name())
		}
		if strings.HasSuffix(e.Name(), ".svg") {
			if err := checkXML(b); err != nil {
				t.Errorf("%s: %v", e.Name(), err)
			}
		}
	}
}

// hostileBinCase is a case run on the built binary: with stdin, or with
// signals sent once it runs.
type hostileBinCase struct {
	hostileCase
	run func(t *testing.T, exe string) (code int, stdout, stderr string)
}

// binCases feed stdin to fit and report, and stop runs with signals.
func binCases() []hostileBinCase {
	stdin := func(tc hostileCase, in string) hostileBinCase {
		return hostileBinCase{tc, func(t *testing.T, exe string) (int, string, string) {
			cmd := exec.Command(exe, tc.args...)
			cmd.Stdin = strings.NewReader(in)
			return runBinary(t, cmd, nil, nil)
		}}
	}
	// plain runs args on the binary: in-process, the race detector would
	// end the test at its limit of 8128 goroutines.
	plain := func(tc hostileCase) hostileBinCase {
		return stdin(tc, "")
	}
	cases := []hostileBinCase{
		plain(hostileCase{name: "workers the largest count", args: runOf("noop", "--workers", "65536", "-o", "x.json"),
			code: 0, out: []string{"x.json"}}),
		stdin(
			hostileCase{name: "fit stdin of binary", args: []string{"fit", "-"}, code: 1, want: "stdin"},
			string(hostileFiles()["binary.dat"]),
		),
		stdin(
			hostileCase{name: "fit stdin empty", args: []string{"fit", "-"}, code: 1, want: "stdin:1: empty input"},
			"",
		),
		stdin(
			hostileCase{name: "fit stdin of hostile names", args: []string{"fit", "-"}, code: 0},
			string(hostileFiles()["names.csv"]),
		),
		stdin(
			hostileCase{name: "report stdin", args: []string{"report", "-", "-o", "r"}, code: 0, out: []string{"r"}},
			"workers,seconds\n1,1\n2,0.6\n",
		),
	}
	// interrupted sends sigs once the result file is written (and, with
	// procs, the worker processes run).
	interrupted := func(name string, sigs []syscall.Signal, procs bool, args ...string) hostileBinCase {
		tc := hostileCase{name: name, args: args, code: 130, want: "interrupted", lines: notes, out: []string{"x.json"},
			check: checkInterrupted}
		return hostileBinCase{tc, func(t *testing.T, exe string) (int, string, string) {
			cmd := exec.Command(exe, args...)
			return runBinary(t, cmd, sigs, func() bool {
				if procs && len(children(cmd.Process.Pid, filepath.Base(exe))) == 0 {
					return false
				}
				_, err := results.ReadFile("x.json")
				return err == nil
			})
		}}
	}
	// Passes of 20 ms. The points are measured one after the other, the
	// serial reference first: 300 repetitions leave the workers of P=1
	// seconds to be seen before P=2, and the run ends by itself if a
	// signal never comes.
	long := []string{"run", "sleep", "--sleep", "5ms", "--size", "4", "--workers", "1,2", "--reps", "300",
		"--warmup", "0", "--oversubscribe", "0", "--cpus", "2", "-o", "x.json"}
	for _, s := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		cases = append(
			cases,
			interrupted("run stopped by "+s.String(), []syscall.Signal{s}, false, long...),
			interrupted(
				"processes stopped by "+s.String(),
				[]syscall.Signal{s},
				true,
				append(long, "--executor", "processes")...),
			sleepStopped("cmd stopped by "+s.String(), s),
		)
	}
	return append(
		cases,
		interrupted("run stopped by two signals", []syscall.Signal{syscall.SIGINT, syscall.SIGINT}, false, long...),
		stdinStopped("fit of stdin stopped by interrupt", syscall.SIGINT, "fit", "-"),
		stdinStopped("report of stdin stopped by terminated", syscall.SIGTERM, "report", "-", "-o", "r"),
	)
}

// stdinStopped runs args with a stdin that stays open, and sends sig once
// scalebench has read what was written to it: the first signal must end
// a command that waits for its input.
func stdinStopped(name string, sig syscall.Signal, args ...string) hostileBinCase {
	tc := hostileCase{name: name, args: args, code: 130, want: "scalebench: interrupted"}
	return hostileBinCase{tc, func(t *testing.T, exe string) (int, string, string) {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		defer w.Close()
		if _, err := w.WriteString("workers,seconds\n"); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(exe, args...)
		cmd.Stdin = r
		return runBinary(t, cmd, []syscall.Signal{sig}, func() bool {
			n, err := unix.IoctlGetInt(int(r.Fd()), unix.TIOCINQ) // bytes not read yet
			return err == nil && n == 0
		})
	}}
}

// sleepStopped stops `run --cmd 'sleep 1000'` with sig while the sleep
// runs: the file is marked interrupted and the sleep dies too.
func sleepStopped(name string, sig syscall.Signal) hostileBinCase {
	tc := hostileCase{name: name, code: 130, want: "interrupted", lines: notes, out: []string{"x.json"},
		check: checkInterrupted}
	return hostileBinCase{tc, func(t *testing.T, exe string) (int, string, string) {
		skipIgnored(t, sig)
		cmd, sleep, stderr := startSleeping(t, exe, "x.json")
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		errc := make(chan error, 1)
		go func() { errc <- cmd.Wait() }()
		err := within(t, errc, "scalebench after "+sig.String())
		waitDead(t, sleep)
		return exitStatus(t, err), "", stderr.String()
	}}
}

// runBinary starts cmd; once ready reports true (nil: at once) it sends
// sigs, 50 ms apart, and waits for cmd to end. Worker processes it
// started must end with it.
func runBinary(
	t *testing.T,
	cmd *exec.Cmd,
	sigs []syscall.Signal,
	ready func() bool,
) (code int, stdout, stderr string) {
	t.Helper()
	skipIgnored(t, sigs...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- cmd.Wait() }()
	deadline := time.Now().Add(hostileTimeout)
	for ready != nil && !ready() {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("not ready within %v\n%s", hostileTimeout, <-errc)
		}
		time.Sleep(10 * time.Millisecond)
	}
	workers := children(cmd.Process.Pid, filepath.Base(cmd.Path))
	for i, s := range sigs {
		if i > 0 {
			time.Sleep(50 * time.Millisecond)
		}
		if err := cmd.Process.Signal(s); err != nil && !errors.Is(err, os.ErrProcessDone) {
			t.Fatal(err)
		}
	}
	var err error
	select {
	case err = <-errc:
	case <-time.After(hostileTimeout):
		_ = cmd.Process.Kill()
		t.Fatalf("no exit within %v", hostileTimeout)
	}
	for _, w := range workers {
		waitDead(t, w)
	}
	return exitStatus(t, err), out.String(), errb.String()
}

// skipIgnored skips the case when this process ignores one of sigs (a
// background job of a script ignores SIGINT): scalebench inherits that,
// and rightly keeps it ignored.
func skipIgnored(t *testing.T, sigs ...syscall.Signal) {
	t.Helper()
	for _, s := range sigs {
		if signal.Ignored(s) {
			t.Skipf("%v is ignored by the test, and so by scalebench", s)
		}
	}
}

// exitStatus is the exit status of a finished command.
func exitStatus(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee) && ee.Exited():
		return ee.ExitCode()
	}
	t.Fatalf("scalebench did not exit: %v", err)
	return -1
}

// checkInterrupted checks that x.json is a result marked interrupted.
func checkInterrupted(t *testing.T, dir, _ string) {
	t.Helper()
	doc, err := results.ReadFile(filepath.Join(dir, "x.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !doc.Interrupted {
		t.Error("the result file is not marked interrupted")
	}
}

// checkXML parses b as XML to its end.
func checkXML(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
