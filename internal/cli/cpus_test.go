package cli

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scalebench/scalebench/plan"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling/sweep"
	"github.com/scalebench/scalebench/workloads"
)

// tinySize is the smallest power of two a workload accepts, so that a
// default plan of a large machine runs in moments here.
func tinySize(t testing.TB, s *workloads.Spec) int64 {
	t.Helper()
	params, err := s.Resolve(nil)
	if err != nil {
		t.Fatal(err)
	}
	for n := int64(1); n <= 1<<24; n *= 2 {
		if inst, err := s.New(workloads.Config{Size: n, Seed: 1, Params: params}); err == nil {
			if c, ok := inst.(io.Closer); ok {
				c.Close()
			}
			return n
		}
	}
	t.Fatalf("%s: no size up to 2^24 accepted", s.Name)
	return 0
}

// planAndRun runs the command line args planned for cpus CPUs, without
// probing this machine, and returns the result file and the stderr.
func planAndRun(t *testing.T, cpus int, args ...string) (*results.Document, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "run.json")
	var stdout, stderr bytes.Buffer
	cfg, err := parseRun(append(args, "-o", out, "--format", "csv", "--disturbed", "keep"), &stderr)
	if err != nil {
		t.Fatal(err)
	}
	rp, err := cfg.plan(context.Background(), cpus, time.Now(), &stderr)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	if err := cfg.execute(context.Background(), rp, results.Env{LogicalCPUs: cpus}, &stdout, &stderr); err != nil {
		t.Fatalf("run %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	doc, err := results.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return doc, stderr.String()
}

// TestDefaultPlansEveryMachine runs the default plan (worker list and
// oversubscription) of machines from 1 to 256 CPUs at a tiny size: every
// workload on goroutines, and on the process executors where a machine's
// plan stays small enough to start here (processes at 1 CPU, shm at 3). Every point must run and verify,
// with more workers than tasks measured, not refused.
func TestDefaultPlansEveryMachine(t *testing.T) {
	for _, cpus := range []int{1, 3, 8, 64, 128, 256} {
		want := sweep.Counts(plan.DefaultWorkers(cpus), []int{2, 4}, cpus)
		for _, s := range workloads.All() {
			execs := []string{"goroutines"}
			if s.Kernel != nil { // process executors where the plan stays small
				switch cpus {
				case 1:
					execs = append(execs, "processes")
				case 3:
					execs = append(execs, "shm")
				}
			}
			t.Run(s.Name+"/cpus="+strconv.Itoa(cpus), func(t *testing.T) {
				args := []string{
					s.Name,
					"--size",
					strconv.FormatInt(tinySize(t, s), 10),
					"--reps",
					"1",
					"--warmup",
					"0",
					"--executor",
					strings.Join(execs, ","),
				}
				switch s.Name {
				case "sleep":
					args = append(args, "--sleep", "1ms")
				case "outer":
					args = append(args, "--outer-n", "64")
				}
				doc, _ := planAndRun(t, cpus, args...)
				if len(doc.Series) != len(execs) || doc.Failed {
					t.Fatalf("%d series (want %d), failed %v", len(doc.Series), len(execs), doc.Failed)
				}
				for _, ser := range doc.Series {
					checkPoints(t, ser, want)
				}
			})
		}
	}
}

func checkPoints(t *testing.T, s results.Series, want []sweep.Count) {
	t.Helper()
	if len(s.Points) != len(want) {
		t.Fatalf("%s: %d points, want %d", s.Executor, len(s.Points), len(want))
	}
	for i, p := range s.Points {
		if p.Workers != want[i].Workers || p.Oversubscribed != want[i].Oversubscribed || !p.Verified || p.Failed ||
			len(p.SamplesS) != 1 {
			t.Errorf("%s: point %+v, want %+v measured and verified", s.Executor, p, want[i])
		}
	}
}

// TestProcessPlansLargeMachines plans (without running) the process
// executors on large machines: counts above plan.MaxWorkerProcesses are left
// out with a warning, never an error.
func TestProcessPlansLargeMachines(t *testing.T) {
	for _, c := range []struct {
		cpus    int
		dropped string
	}{{64, ""}, {128, ""}, {256, "P=1024 left out"}} {
		var stderr bytes.Buffer
		cfg, err := parseRun(
			[]string{
				"pi",
				"det",
				"--size",
				"quick",
				"--executor",
				"processes,shm",
				"-o",
				filepath.Join(t.TempDir(), "x.json"),
			},
			&stderr,
		)
		if err != nil {
			t.Fatal(err)
		}
		rp, err := cfg.plan(context.Background(), c.cpus, time.Now(), &stderr)
		if err != nil {
			t.Fatalf("cpus=%d: %v", c.cpus, err)
		}
		w := strings.Join(rp.run.Warnings, "\n")
		if (c.dropped == "") != (w == "") || !strings.Contains(w, c.dropped) {
			t.Errorf("cpus=%d: warnings %q, want %q", c.cpus, w, c.dropped)
		}
		for _, p := range rp.run.Plans {
			for _, n := range p.Counts {
				if n.Workers > plan.MaxWorkerProcesses {
					t.Errorf("cpus=%d: %s plans %d worker processes", c.cpus, p.Executor.Name(), n.Workers)
				}
			}
		}
	}
}

// TestPlanErrorsWriteNothing: a bad plan of any workload of a
// multi-workload run exits 2 before any file is written.
func TestPlanErrorsWriteNothing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "run.json")
	for _, args := range [][]string{
		{"pi", "sleep", "--size", "1", "--sleep", "2h"},
		{"pi", "synthetic", "--mode", "weak", "--size", "4611686018427387904", "--workers", "1,4"},
		{"sleep", "--mode", "weak", "--size", "16777216", "--workers", "1,2"},
		{"pi", "counter", "--executor", "processes"},
		{"pi", "--oversubscribe", "9223372036854775807"},
		{"pi", "--oversubscribe", "40000", "--cpus", "2"},
		{"pi", "--workers", "1,100000"},
	} {
		code, _, stderr := runCmd(t, append([]string{"run", "-o", out}, args...)...)
		if code != 2 || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want 2 and one line", args, code, stderr)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) != 0 {
			t.Errorf("%q wrote %v", args, m)
		}
	}
}

// BenchmarkDefaultSuite256 plans and runs the default suite of make bench
// (its strong workloads, counter, and weak synthetic) as on a 256-CPU
// machine, default worker list and oversubscription, at a tiny size with
// one repetition: the cost of the plan itself, 11 worker counts up to
// 1024 per series.
func BenchmarkDefaultSuite256(b *testing.B) {
	suite := []string{"pi", "powern", "autocorr2d", "det", "fft2", "sleep", "counter", "synthetic"}
	var args [][]string
	for _, name := range suite {
		s, _ := workloads.Lookup(name)
		a := []string{
			name,
			"--size",
			strconv.FormatInt(tinySize(b, s), 10),
			"--reps",
			"1",
			"--warmup",
			"0",
			"--cpus",
			"256",
		}
		switch name {
		case "sleep":
			a = append(a, "--sleep", "1ms")
		case "synthetic":
			a = append(a, "--mode", "weak")
		}
		args = append(args, a)
	}
	for b.Loop() {
		for _, a := range args {
			benchRun(b, a)
		}
	}
}

// benchRun runs one command line through run, as a user would, writing
// into a temporary folder.
func benchRun(b *testing.B, args []string) {
	b.Helper()
	var stdout, stderr bytes.Buffer
	out := filepath.Join(b.TempDir(), "run.json")
	if err := run(context.Background(), append([]string{"run", "--disturbed", "keep", "-o", out}, args...), &stdout, &stderr); err != nil {
		b.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
}

// TestMemoryPlan: a plan whose smallest point cannot fit in the memory
// available is refused before anything is allocated; larger points that
// do not fit are left out with a warning.
func TestMemoryPlan(t *testing.T) {
	code, _, stderr := runCmd(
		t,
		"run",
		"outer",
		"--outer-n",
		"40000",
		"--size",
		"1000000",
		"-o",
		filepath.Join(t.TempDir(), "x.json"),
	)
	if code != 2 || !strings.Contains(stderr, "of memory at 1 workers") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestCPUsFlagMustBePositive: --cpus given to a command that fits must be
// a count of at least 1 (exit 2), as for run; left out, the count is the
// file's (or this machine's).
func TestCPUsFlagMustBePositive(t *testing.T) {
	res := fitFile("result.json")
	base, newer := filepath.Join("testdata", "compare", "base.json"), filepath.Join("testdata", "compare", "new.json")
	for _, tc := range []struct {
		n    string
		args []string
	}{
		{"0", []string{"fit", "--cpus", "0", res}},
		{"-1", []string{"fit", "--cpus=-1", res}},
		{"0", []string{"compare", "--cpus", "0", base, newer}},
		{"-4", []string{"compare", "--cpus=-4", base, newer}},
		{"0", []string{"report", "--cpus", "0", "-o", filepath.Join(t.TempDir(), "r"), res}},
		{"-2", []string{"report", "--cpus=-2", "-o", filepath.Join(t.TempDir(), "r"), res}},
	} {
		t.Run(tc.args[0]+" "+tc.n, func(t *testing.T) {
			code, _, stderr := runCmd(t, tc.args...)
			want := "scalebench: --cpus " + tc.n + ": must be at least 1\n"
			if code != 2 || stderr != want {
				t.Errorf("exit %d, stderr %q; want exit 2, %q", code, stderr, want)
			}
		})
	}
}
