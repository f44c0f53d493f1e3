package cli

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scalebench/scalebench/plan"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// keepPasses adds --disturbed keep to a run command line that does not
// choose: the tests run beside each other, and their passes must not be
// left out as disturbed when they count samples. (scaling/sweep tests
// the ledger and its retries.)
func keepPasses(args []string) []string {
	if len(args) == 0 || args[0] != "run" ||
		slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--disturbed") }) {
		return args
	}
	if slices.Contains(args, "--") {
		return slices.Concat([]string{"run", "--disturbed", "keep"}, args[1:])
	}
	return slices.Concat(args, []string{"--disturbed", "keep"})
}

// runCmd runs the command in-process and returns its exit status and output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), keepPasses(args), &out, &errb)
	code = exitCode(err, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.json")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "no command given"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"no workload", []string{"run"}, "run: no workload given (want one or more of"},
		{"unknown workload", []string{"run", "nope", "-o", out}, `unknown workload "nope" (want `},
		{"empty workers", []string{"run", "pi", "--workers", "", "-o", out}, `--workers "": empty list`},
		{"zero workers", []string{"run", "pi", "--workers", "0", "-o", out}, "0: counts must be at least 1"},
		{"negative workers", []string{"run", "pi", "--workers", "1,-2", "-o", out}, "-2: counts must be at least 1"},
		{"backwards range", []string{"run", "pi", "--workers", "8:1", "-o", out}, "range 8:1 runs backwards"},
		{"reps 0", []string{"run", "pi", "--reps", "0", "-o", out}, "--reps 0: must be at least 1"},
		{
			"size",
			[]string{"run", "pi", "--size", "big", "-o", out},
			`--size "big": want quick, full, or a whole number`,
		},
		{"mode", []string{"run", "pi", "--mode", "medium", "-o", out}, `--mode "medium": want strong or weak`},
		{
			"format",
			[]string{"run", "pi", "--format", "xml", "-o", out},
			`--format "xml": want one of table, markdown, csv, json`,
		},
		{
			"executor",
			[]string{"run", "pi", "--executor", "threads", "-o", out},
			`--executor: unknown executor "threads"`,
		},
		{"schedule", []string{"run", "pi", "--schedule", "random", "-o", out}, `--schedule: unknown schedule "random"`},
		{"unknown flag", []string{"run", "pi", "--frobnicate"}, "unknown flag: --frobnicate"},
		{
			"param of another workload",
			[]string{"run", "pi", "--serial-fraction", "0.5", "-o", out},
			"--serial-fraction does not apply to pi",
		},
		{
			"bad param",
			[]string{"run", "synthetic", "--serial-fraction", "2", "-o", out},
			`synthetic: --serial-fraction "2": a number in [0, 1]`,
		},
		{"size too small", []string{"run", "pi", "--size", "10", "-o", out}, "at least 240 points"},
		{
			"unwritable",
			[]string{"run", "pi", "--size", "quick", "-o", filepath.Join(dir, "missing", "x.json")},
			"does not exist",
		},
		{"list args", []string{"list", "pi"}, `list takes no arguments`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q, want it to contain %q", stderr, tt.want)
			}
			if lines := strings.Count(strings.TrimSpace(lastLine(stderr)), "\n"); lines != 0 ||
				!strings.HasPrefix(lastLine(stderr), "scalebench: ") {
				t.Errorf("error is not one line starting with scalebench: %q", stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a result file was written")
			}
		})
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

func TestParseCounts(t *testing.T) {
	tests := map[string]string{
		"1,2,4":    "[1 2 4]",
		"1:4":      "[1 2 3 4]",
		"1:64:x2":  "[1 2 4 8 16 32 64]",
		"2:10:4":   "[2 6 10]",
		"1, 3:4":   "[1 3 4]",
		"1:100:x3": "[1 3 9 27 81]",
	}
	for in, want := range tests {
		got, err := parseCounts("workers", in, false)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if fmtInts(got) != want {
			t.Errorf("%q = %v, want %s", in, got, want)
		}
	}
	for _, bad := range []string{"x", "1:2:x1", "1:2:3:4", "1:2:0", "0"} {
		if _, err := parseCounts("workers", bad, false); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if got, err := parseCounts("oversubscribe", "0", true); err != nil || len(got) != 0 {
		t.Errorf("oversubscribe 0 = %v, %v", got, err)
	}
	if got := plan.DefaultWorkers(8); fmtInts(got) != "[1 2 4 8]" {
		t.Errorf("plan.DefaultWorkers(8) = %v", got)
	}
	if got := plan.DefaultWorkers(6); fmtInts(got) != "[1 2 4 6]" {
		t.Errorf("plan.DefaultWorkers(6) = %v", got)
	}
	if got := plan.DefaultWorkers(1); fmtInts(got) != "[1]" {
		t.Errorf("plan.DefaultWorkers(1) = %v", got)
	}
}

func fmtInts(xs []int) string { return fmt.Sprint(xs) }

// buildBinary builds scalebench into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "scalebench")
	cmd := exec.Command("go", "build", "-o", bin, "../../cmd/scalebench")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "x.json")
	cmd := exec.Command(
		bin,
		keepPasses(
			[]string{
				"run",
				"pi",
				"--workers",
				"1,2",
				"--oversubscribe",
				"2",
				"--size",
				"quick",
				"--reps",
				"2",
				"-o",
				out,
			},
		)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	doc, err := results.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Series[0]
	if s.Workload != "pi" || s.Mode != "strong" || s.Executor != "goroutines" || s.Schedule != "block" {
		t.Errorf("series identity %+v", s)
	}
	// The serial reference and three worker counts: 1, 2 and 2×2 CPUs.
	if len(s.Points) != 3 || s.Serial == nil || len(s.Serial.SamplesS) != 2 {
		t.Fatalf("%d points, want 3 (1, 2, 4*) besides the serial reference", len(s.Points))
	}
	for _, p := range s.Points {
		if !p.Verified || len(p.SamplesS) != 2 || p.Oversubscribed != (p.Workers > doc.Env.LogicalCPUs) ||
			p.PeakRSSBytes <= 0 {
			t.Errorf("point %+v", p)
		}
	}
	if doc.Env.LogicalCPUs < 1 || doc.Env.GoVersion == "" || !strings.HasPrefix(doc.Env.Command, "scalebench run pi") {
		t.Errorf("env %+v", doc.Env)
	}
	if !strings.Contains(stdout.String(), "speedup") {
		t.Errorf("no summary table on stdout:\n%s", stdout.String())
	}
	if strings.Contains(stderr.String(), "\r") {
		t.Error("progress drawn on a stderr that is not a terminal")
	}
}

func TestInterruptKeepsValidFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	out := filepath.Join(t.TempDir(), "x.json")
	cmd := exec.Command(
		bin,
		keepPasses(
			[]string{
				"run",
				"pi",
				"--workers",
				"1,2",
				"--oversubscribe",
				"0",
				"--size",
				"quick",
				"--reps",
				"50",
				"--warmup",
				"0",
				"-o",
				out,
			},
		)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until a sample of P=1 is on disk (after the serial ones), then
	// interrupt.
	deadline := time.Now().Add(60 * time.Second)
	for {
		if doc, err := results.ReadFile(out); err == nil && len(doc.Series) == 1 &&
			len(doc.Series[0].Points[0].SamplesS) >= 1 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("no sample written within a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want status 130\n%s", err, stderr.String())
	}
	doc, err := results.ReadFile(out)
	if err != nil {
		t.Fatalf("file after interrupt: %v", err)
	}
	if !doc.Interrupted || len(doc.Series[0].Points[0].SamplesS) == 0 {
		t.Errorf("interrupted %v, samples %d", doc.Interrupted, len(doc.Series[0].Points[0].SamplesS))
	}
}

func TestSyntheticSpeedup(t *testing.T) {
	// The serial fraction 0.5 caps the speedup at 1/(0.5+0.5/2) = 1.33 at
	// P=2 (a little less: 240 tasks do not split 20 000 units evenly); the
	// summary must show the workload's params and verify.
	dir := t.TempDir()
	out := filepath.Join(dir, "s.json")
	code, stdout, stderr := runCmd(t, "run", "synthetic", "--serial-fraction", "0.5", "--workers", "1,2",
		"--oversubscribe", "0", "--size", "quick", "--reps", "1", "--warmup", "0", "-o", out, "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "serial-fraction=0.5") || strings.Count(stdout, ",true,") != 2 {
		t.Errorf("csv summary:\n%s", stdout)
	}
	doc, err := results.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Series[0]
	if got := syntheticCap(t, s.Params, s.Points[1].Size, executor.Schedule(s.Schedule), s.Points[1].Workers); math.Abs(
		got-4.0/3,
	) > 0.005 {
		t.Errorf("P=2 runs the work in the time of %.4f of it: speedup cap %.4f, want 1.3333", 1/got, got)
	}
}

// syntheticCap is the largest speedup the work split of synthetic allows
// on workers workers: all its units over the units on the critical path,
// the serial units and then the busiest worker's share of the tasks.
func syntheticCap(t *testing.T, params map[string]string, size int64, sched executor.Schedule, workers int) float64 {
	t.Helper()
	spec, _ := workloads.Lookup("synthetic")
	inst, err := spec.New(workloads.Config{Size: size, Seed: 1, Params: params})
	if err != nil {
		t.Fatal(err)
	}
	port := inst.(workloads.Portable)
	task := func(i int) (first, units int64) {
		off, n := port.TaskInput(i)
		v, err := workloads.U64s(port.Input()[off:off+n], 2)
		if err != nil {
			t.Fatal(err)
		}
		return int64(v[0]), int64(v[1])
	}
	serial, _ := task(0) // the parallel part starts after the serial units
	var busiest int64
	for _, tasks := range executor.Assign(sched, inst.Tasks(), workers) {
		var sum int64
		for _, i := range tasks {
			_, n := task(i)
			sum += n
		}
		busiest = max(busiest, sum)
	}
	return float64(size) / float64(serial+busiest)
}

// TestDocExamples runs every `$ scalebench …` line of the command's doc
// comment, so the documentation cannot drift from the program.
func TestDocExamples(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "cmd", "scalebench", "doc.go"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	n := 0
	written := map[string]bool{} // files of earlier examples' -o, read by later ones
	for line := range strings.Lines(string(src)) {
		_, cmdline, ok := strings.Cut(line, "$ scalebench ")
		if !ok {
			continue
		}
		n++
		args := strings.Fields(cmdline)
		for i, a := range args {
			switch {
			case a == "-o" && i+1 < len(args):
				written[args[i+1]] = true
				args[i+1] = filepath.Join(dir, args[i+1])
			case written[a] && (i == 0 || args[i-1] != "-o"):
				args[i] = filepath.Join(dir, a)
			}
		}
		if args[0] == "run" && !slicesContains(args, "-o") {
			args = append(args, "-o", filepath.Join(dir, fmt.Sprintf("doc%d.json", n)))
		}
		if args[0] == "run" {
			args = append(args, "--reps", "1", "--warmup", "0")
		}
		t.Run(strings.Join(args[:min(2, len(args))], " "), func(t *testing.T) {
			code, _, stderr := runCmd(t, args...)
			if code != 0 {
				t.Errorf("scalebench %s: exit %d: %s", cmdline, code, stderr)
			}
		})
	}
	if n < 3 {
		t.Errorf("found %d examples in doc.go", n)
	}
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestMain lets this test binary serve as a worker process of the process
// executors, which start the running executable again in worker mode.
func TestMain(m *testing.M) {
	if code, ok := executor.MaybeWorker(); ok {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestWorkerVariableSetByHand: SCALEBENCH_WORKER=1 in the environment of
// a process that scalebench did not start as a worker (no pipes on its
// file descriptors 3 and 4) is one line that names the variable, exit 2,
// whatever the command; it was "scalebench worker: read hello: … bad file
// descriptor".
func TestWorkerVariableSetByHand(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	for _, extra := range [][]*os.File{nil, {null, null}} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "SCALEBENCH_WORKER=1")
		cmd.ExtraFiles = extra
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		code := cmd.ProcessState.ExitCode()
		want := "scalebench: SCALEBENCH_WORKER=1 is set, but this process was not started as a worker"
		if code != 2 || strings.Count(stderr.String(), "\n") != 1 || !strings.HasPrefix(stderr.String(), want) {
			t.Errorf("%d extra files: %v, exit %d, stderr %q; want exit 2 and one line %q…",
				len(extra), err, code, stderr.String(), want)
		}
	}
}
