package scalebench

import (
	"context"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/plan"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling/sweep"
	"github.com/scalebench/scalebench/workloads"
)

func sumTo(lo, hi int64) int64 {
	var s int64
	for k := lo; k < hi; k++ {
		s += k
	}
	return s
}

// measure registers w and measures it at size on 1 and 2 workers, two
// rounds, through the run's plan and the sweep.
func measure(t *testing.T, w Workload[int64], size int64) results.Series {
	t.Helper()
	if err := Register(w); err != nil {
		t.Fatal(err)
	}
	spec, _ := workloads.Lookup(w.Name)
	run, err := plan.Config{Workloads: []*workloads.Spec{spec}, Workers: []int{1, 2}, Size: plan.Size{N: size}, CPUs: 2,
		Protocol: plan.Protocol{Reps: 2, MaxReps: 2, KeepDisturbed: true}}.Build()
	if err != nil {
		t.Fatal(err)
	}
	r := &sweep.Runner{Config: run.Sweep(2)}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, run.Plans); err != nil {
		t.Fatal(err)
	}
	return doc.Series[0]
}

// TestWorkloadsMeasured: a workload of tasks and one of its own
// goroutines are measured like the built-in ones, every answer verified;
// the one that starts its own workers records no task count.
func TestWorkloadsMeasured(t *testing.T) {
	tasks := Workload[int64]{Name: "test-tasks", Serial: func(n int64) int64 { return sumTo(0, n) },
		Tasks: func(int64) int { return 8 },
		Task:  func(n int64, i int) int64 { return sumTo(n*int64(i)/8, n*int64(i+1)/8) },
		Combine: func(ps []int64) int64 {
			var s int64
			for _, p := range ps {
				s += p
			}
			return s
		}}
	own := Workload[int64]{Name: "test-own", Serial: func(n int64) int64 { return sumTo(0, n) },
		Parallel: func(n int64, workers int) int64 { return sumTo(0, n) }}
	for _, w := range []Workload[int64]{tasks, own} {
		s := measure(t, w, 10_000)
		for _, p := range s.Points {
			wantTasks := 8
			if w.Parallel != nil {
				wantTasks = 0
			}
			if !p.Verified || p.Failed || len(p.SamplesS) != 2 || p.Tasks != wantTasks {
				t.Errorf("%s P=%d: verified %v, %d samples, %d tasks (want %d)", w.Name, p.Workers, p.Verified,
					len(p.SamplesS), p.Tasks, wantTasks)
			}
		}
	}
	if err := Register(own); err == nil || !strings.Contains(err.Error(), "registered") {
		t.Errorf("registered twice: %v", err)
	}
}

// TestWrongAnswerFails: a parallel answer that differs from the serial
// one marks the point unverified, with both answers in its note.
func TestWrongAnswerFails(t *testing.T) {
	s := measure(t, Workload[int64]{Name: "test-wrong", Serial: func(n int64) int64 { return n },
		Parallel: func(n int64, workers int) int64 { return n + int64(workers) }}, 5)
	p := s.Points[1]
	if p.Verified || !strings.Contains(p.Note, "the parallel answer 7 differs from the serial 5") {
		t.Errorf("P=2: verified %v, note %q", p.Verified, p.Note)
	}
}

// TestBenchmark runs the testing.B helper: a sub-benchmark per count,
// each verified.
func TestBenchmark(t *testing.T) {
	var names []string
	res := testing.Benchmark(func(b *testing.B) {
		Benchmark(b, Workload[int64]{Name: "bench-sum", Serial: func(n int64) int64 { return sumTo(0, n) },
			Parallel: func(n int64, workers int) int64 {
				names = append(names, "") // runs once per pass
				return sumTo(0, n)
			}}, 1000, 1, 2)
	})
	if res.N == 0 || len(names) < 2 {
		t.Errorf("benchmark ran %d times, the workload %d times", res.N, len(names))
	}
}
