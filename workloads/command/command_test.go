package command

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling/sweep"
)

// program builds a Program from a template, failing the test on a bad one.
func program(t *testing.T, tmpl string, shell bool) *Program {
	t.Helper()
	tm, err := Parse(tmpl, shell)
	if err != nil {
		t.Fatal(err)
	}
	p := &Program{Cmd: tm, Name: tm.Name()}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	return p
}

// measure runs a quick sweep of p over workers and returns its series.
func measure(t *testing.T, p *Program, timeout time.Duration, workers ...int) results.Series {
	t.Helper()
	doc := &results.Document{Schema: results.Schema}
	r := &sweep.Runner{
		Meter:  &sweep.Meter{FS: fstest.MapFS{}},
		Config: sweep.Config{Counts: sweep.Counts(workers, nil, 64), Reps: 1, Timeout: timeout},
	}
	plan := sweep.Plan{Spec: p.Spec(), Params: p.Params(), Mode: "strong", Size: 5, Executor: Executor{}}
	if err := r.Run(context.Background(), doc, []sweep.Plan{plan}); err != nil {
		t.Fatalf("sweep: %v", err)
	}
	return doc.Series[0]
}

func TestSweepRecordsUsage(t *testing.T) {
	p := program(t, "sh -c 'echo {workers}'", false)
	p.VerifyOutput = true
	p.VerifyRegexp = regexp.MustCompile(`(\d+)`)
	s := measure(t, p, 0, 1)
	pt := s.Points[0]
	if s.Executor != "command" || s.Workload != "sh" || s.Params["cmd"] != "sh -c 'echo {workers}'" {
		t.Errorf("series %s/%s params %v", s.Workload, s.Executor, s.Params)
	}
	if pt.Failed || !pt.Verified || pt.Note != `output "1"` {
		t.Errorf("point failed=%v verified=%v note=%q error=%q", pt.Failed, pt.Verified, pt.Note, pt.Error)
	}
	if len(pt.SamplesS) != 1 || len(pt.UserS) != 1 || len(pt.SysS) != 1 || len(s.Serial.SamplesS) != 1 {
		t.Errorf("samples %v user %v sys %v serial %v", pt.SamplesS, pt.UserS, pt.SysS, s.Serial.SamplesS)
	}
	if pt.PeakRSSBytes < 0 || pt.PeakRSSBytes > 10<<20 {
		t.Errorf("peak RSS %d, want the few MiB of sh's tree", pt.PeakRSSBytes)
	}
}

func TestFailingCommand(t *testing.T) {
	// 15 lines on stderr, exit 3 on more than one worker.
	p := program(t, `for i in $(seq 1 15); do echo "line $i" >&2; done; [ {workers} -eq 1 ] || exit 3`, true)
	s := measure(t, p, 0, 1, 2)
	if pt := s.Points[0]; pt.Failed {
		t.Fatalf("P=1 failed: %s", pt.Error)
	}
	pt := s.Points[1]
	want := "sh: exit status 3; stderr: line 6 | line 7 | line 8 | line 9 | line 10 | line 11 | line 12 | line 13 | line 14 | line 15"
	if !pt.Failed || pt.Error != want {
		t.Errorf("P=2 failed=%v error=%q, want %q", pt.Failed, pt.Error, want)
	}
}

func TestVerifyOutputCatchesWrongAnswer(t *testing.T) {
	p := program(t, `if [ {workers} -eq 2 ]; then echo "pi = 3.15"; else echo "pi = 3.14"; fi`, true)
	p.VerifyOutput = true
	s := measure(t, p, 0, 1, 2, 3)
	for i, want := range []struct {
		verified bool
		note     string
	}{
		{true, `output "pi = 3.14"`},
		{false, `output on 2 workers "pi = 3.15" differs from the output on 1 worker "pi = 3.14"`},
		{true, `output "pi = 3.14"`},
	} {
		pt := s.Points[i]
		if pt.Failed || pt.Verified != want.verified || pt.Note != want.note {
			t.Errorf("P=%d: failed=%v verified=%v note=%q, want verified=%v note=%q",
				pt.Workers, pt.Failed, pt.Verified, pt.Note, want.verified, want.note)
		}
	}
}

func TestVerifyRegexpWithoutOneWorkerPoint(t *testing.T) {
	// The sweep has no point at one worker and the serial program prints
	// something else: the reference is an untimed run on one worker.
	p := program(t, `echo "took $(( {workers} * 7 )) ms, answer 42"`, true)
	tm, err := Parse("echo serial", false)
	if err != nil {
		t.Fatal(err)
	}
	p.Serial = tm
	p.VerifyRegexp = regexp.MustCompile(`answer (\d+)`)
	s := measure(t, p, 0, 2, 4)
	for _, pt := range s.Points {
		if pt.Failed || !pt.Verified || pt.Note != `output "42"` {
			t.Errorf(
				"P=%d: failed=%v verified=%v note=%q error=%q",
				pt.Workers,
				pt.Failed,
				pt.Verified,
				pt.Note,
				pt.Error,
			)
		}
	}
	if s.Params["serial_cmd"] != "echo serial" || s.Params["verify"] != `regexp answer (\d+)` {
		t.Errorf("params %v", s.Params)
	}
}

func TestTimeoutKillsProcessGroup(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	// At two workers the command starts a grandchild that would outlive
	// it, records its pid, and hangs.
	p := program(t, `if [ {workers} -gt 1 ]; then sleep 100 & echo $! > `+pidFile+`; wait; fi`, true)
	s := measure(t, p, 500*time.Millisecond, 1, 2)
	pt := s.Points[1]
	if !pt.Failed || pt.Error != "timed out after 500ms" {
		t.Fatalf("P=2 failed=%v error=%q, want a timeout", pt.Failed, pt.Error)
	}
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if !gone(pid) {
		t.Errorf("grandchild %d still exists after the timeout", pid)
	}
}

// stdout runs args and returns all of its output.
func stdout(args []string) (string, error) {
	var out []byte
	_, err := execute(context.Background(), args, func(f *os.File) (err error) {
		out, err = io.ReadAll(io.NewSectionReader(f, 0, 1<<62))
		return err
	})
	return string(out), err
}

// gone reports whether the process pid no longer exists.
func gone(pid int) bool {
	err := syscall.Kill(pid, 0)
	return errors.Is(err, syscall.ESRCH)
}

func TestNoShellInjection(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "x")
	tm, err := Parse("echo {workers}; touch "+marker, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"echo", "2;", "touch", marker}
	args := tm.Args(Values{Workers: 2})
	if strings.Join(args, "\x00") != strings.Join(want, "\x00") {
		t.Fatalf("Args = %q, want %q", args, want)
	}
	out, err := stdout(args)
	if err != nil {
		t.Fatal(err)
	}
	if out != "2; touch "+marker+"\n" {
		t.Errorf("output %q: echo did not get the literal arguments", out)
	}
	if _, err := os.Stat(marker); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s exists: the template reached a shell", marker)
	}
}

func TestNameNeverReachesShell(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "y")
	p := program(t, "echo {workers}", false)
	p.Name = "$(touch " + marker + "); `touch " + marker + "`"
	s := measure(t, p, 0, 1, 2)
	if s.Workload != p.Name || s.Points[1].Failed {
		t.Errorf("workload %q, failed %v", s.Workload, s.Points[1].Failed)
	}
	if _, err := os.Stat(marker); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s exists: the name reached a shell", marker)
	}
}

func TestChildEnvironment(t *testing.T) {
	// stdin is /dev/null and no descriptor beyond 0, 1, 2 is inherited
	// (fd 3 would be the directory ls lists).
	out, err := stdout([]string{"sh", "-c", "cat; ls /proc/self/fd"})
	if err != nil {
		t.Fatal(err)
	}
	fds := strings.Fields(out)
	if strings.Join(fds, " ") != "0 1 2 3" {
		t.Errorf("open descriptors of the child: %q, want 0 1 2 and ls's own 3", fds)
	}
}

func TestPrepareRunsUntimedBeforeEverySample(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "log")
	p := program(t, "sh -c 'echo run {workers} >> "+log+"'", false)
	tm, err := Parse("sh -c 'echo prepare {workers} >> "+log+"'", false)
	if err != nil {
		t.Fatal(err)
	}
	p.Prepare = tm
	doc := &results.Document{Schema: results.Schema}
	r := &sweep.Runner{
		Meter:  &sweep.Meter{FS: fstest.MapFS{}},
		Config: sweep.Config{Counts: sweep.Counts([]int{1, 2}, nil, 64), Reps: 2},
	}
	plan := sweep.Plan{Spec: p.Spec(), Params: p.Params(), Mode: "strong", Size: 5, Executor: Executor{}}
	if err := r.Run(context.Background(), doc, []sweep.Plan{plan}); err != nil {
		t.Fatalf("sweep: %v", err)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	// Two serial samples (the one-worker run), two of P=1 and two of P=2,
	// in the rounds' order, each prepared.
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	var runs []string
	for i := 0; i+1 < len(lines); i += 2 {
		if w := strings.TrimPrefix(lines[i+1], "run "); lines[i] != "prepare "+w {
			t.Errorf("log:\n%s\nwant every run after its own prepare", b)
		}
		runs = append(runs, lines[i+1])
	}
	slices.Sort(runs)
	if got := strings.Join(runs, ","); got != "run 1,run 1,run 1,run 1,run 2,run 2" || len(lines)%2 != 0 {
		t.Errorf("log:\n%s\nwant four runs on 1 worker and two on 2, each prepared", b)
	}
}

func TestSerialFailureStopsTheRun(t *testing.T) {
	p := program(t, "false", false)
	doc := &results.Document{}
	r := &sweep.Runner{
		Meter:  &sweep.Meter{FS: fstest.MapFS{}},
		Config: sweep.Config{Counts: sweep.Counts([]int{1}, nil, 4), Reps: 1},
	}
	err := r.Run(
		context.Background(),
		doc,
		[]sweep.Plan{{Spec: p.Spec(), Params: p.Params(), Mode: "strong", Size: 1, Executor: Executor{}}},
	)
	if err == nil || err.Error() != "serial: false: exit status 1" {
		t.Errorf("error %v, want the serial program's exit status", err)
	}
}

// BenchmarkExecute measures what one sample of a command costs beyond the
// program itself: starting /bin/true in its own process group with its
// output in files, waiting for it and reaping its group.
func BenchmarkExecute(b *testing.B) {
	args := []string{"true"}
	for b.Loop() {
		if _, err := stdout(args); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPeakMemoryOfTree runs programs of known size: a program holding
// 100 MiB reports 100 MiB, two holding 50 MiB each under a shell report
// their sum, and true reports little although this process holds 200 MiB
// that the child starts with a copy of before it execs.
func TestPeakMemoryOfTree(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("go is needed to build the test program")
		}
		t.Skip("go is needed to build the test program")
	}
	alloc := filepath.Join(t.TempDir(), "alloc")
	build := exec.Command(goTool, "build", "-o", alloc, "./testdata/alloc")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	held := make([]byte, 200<<20)
	for i := range held {
		held[i] = 1
	}
	const mib = 1 << 20
	for _, tc := range []struct {
		name     string
		args     []string
		min, max int64
	}{
		{"100 MiB", []string{alloc, "100"}, 90 * mib, 110 * mib},
		{"two of 50 MiB", []string{"sh", "-c", alloc + " 50 & " + alloc + " 50; wait"}, 90 * mib, 110 * mib},
		{"true", []string{"true"}, 0, 10 * mib},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := execute(t.Context(), tc.args, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("peak %.1f MiB", float64(u.MaxRSSBytes)/mib)
			if u.MaxRSSBytes < tc.min || u.MaxRSSBytes > tc.max {
				t.Errorf("peak %.1f MiB, want %d to %d MiB", float64(u.MaxRSSBytes)/mib, tc.min/mib, tc.max/mib)
			}
		})
	}
	runtime.KeepAlive(held)
}

var _ sweep.Timing = Executor{}

// TestWeakSweepRunsOnlyWhatItTimes checks that the sweep measures a
// command through the Executor's Timing: in weak mode the serial program
// runs only at the base size, timed, and no point records a task count.
func TestWeakSweepRunsOnlyWhatItTimes(t *testing.T) {
	log := filepath.Join(t.TempDir(), "log")
	p := program(t, "sh -c 'echo run {workers} {size} >> "+log+"'", false)
	tm, err := Parse("sh -c 'echo serial {size} >> "+log+"'", false)
	if err != nil {
		t.Fatal(err)
	}
	p.Serial = tm
	doc := &results.Document{Schema: results.Schema}
	r := &sweep.Runner{
		Meter:  &sweep.Meter{FS: fstest.MapFS{}},
		Config: sweep.Config{Counts: sweep.Counts([]int{1, 2}, nil, 64), Reps: 1},
	}
	plan := sweep.Plan{Spec: p.Spec(), Params: p.Params(), Mode: "weak", Size: 5, Executor: Executor{}}
	if err := r.Run(context.Background(), doc, []sweep.Plan{plan}); err != nil {
		t.Fatalf("sweep: %v", err)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	slices.Sort(lines)
	if got := strings.Join(lines, ","); got != "run 1 5,run 2 10,serial 5" {
		t.Errorf("log:\n%s\nwant one serial run at 5, one run on 1 worker at 5 and one on 2 at 10", b)
	}
	for _, pt := range doc.Series[0].Points {
		if pt.Tasks != 0 || len(pt.UserS) != 1 {
			t.Errorf("P=%d: tasks %d, user %v; want no task count and one CPU time", pt.Workers, pt.Tasks, pt.UserS)
		}
	}
}

func TestTimeSerialRefusesOtherInstances(t *testing.T) {
	if _, err := (Executor{}).TimeSerial(context.Background(), nil); !errors.Is(err, ErrNotCommand) {
		t.Errorf("error %v, want ErrNotCommand", err)
	}
}
