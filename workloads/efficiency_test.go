package workloads_test

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// BenchmarkEfficiencyP2 measures the parallel efficiency at two workers,
// E(2) = T(1) / (2·T(2)), of the workloads whose tasks are heavy and
// independent, at their full size on the goroutines executor with their
// default schedule: what `scalebench run NAME --workers 1,2` measures,
// without the sweep around it. Each iteration is one verified pass on one
// worker, then one on two; ns/op is their sum, and the metrics are the
// two times, the efficiency from the totals of every iteration, and the
// CPUs the two-worker passes got. On two idle cores the efficiency should
// be near 1 (the README gives what was measured); another load on the
// machine lowers it, and CPUs(2) below 2 shows it.
func BenchmarkEfficiencyP2(b *testing.B) {
	for _, name := range []string{"pi", "powern", "autocorr2d"} {
		b.Run(name, func(b *testing.B) { benchEfficiency(b, name) })
	}
}

func benchEfficiency(b *testing.B, name string) {
	if runtime.GOMAXPROCS(0) < 2 {
		b.Skip("needs two CPUs")
	}
	spec, ok := workloads.Lookup(name)
	if !ok {
		b.Fatalf("no workload %s", name)
	}
	params, err := spec.Resolve(nil)
	if err != nil {
		b.Fatal(err)
	}
	cfg := workloads.Config{Size: spec.Full, Seed: 1, Params: params}
	inst, err := spec.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	inst.Serial()
	sched, err := executor.ParseSchedule(spec.Schedule)
	if err != nil {
		b.Fatal(err)
	}
	job := executor.Job{Workload: name, Config: cfg, Instance: inst}
	opt := executor.Options{Schedule: sched, Chunk: spec.Chunk}
	var t [3]time.Duration // by workers
	var cpu2 int64         // CPU time of the passes on two workers
	for b.Loop() {
		t[1] += timedPass(b, job, 1, opt)
		c0 := workloads.CPUTime()
		t[2] += timedPass(b, job, 2, opt)
		cpu2 += workloads.CPUTime() - c0
	}
	b.ReportMetric(t[1].Seconds()/float64(b.N), "T1-s")
	b.ReportMetric(t[2].Seconds()/float64(b.N), "T2-s")
	b.ReportMetric(t[1].Seconds()/(2*t[2].Seconds()), "E(2)")
	// The CPUs the process had on two workers: near 2 unless another load
	// took one, and then E(2) says more about the machine than the work.
	b.ReportMetric(float64(cpu2)/float64(t[2].Nanoseconds()), "CPUs(2)")
}

// timedPass starts a pool of p goroutines, times one pass of the job's
// instance as the sweep does (Begin, Run, End) and checks its answer.
func timedPass(b *testing.B, job executor.Job, p int, opt executor.Options) time.Duration {
	b.Helper()
	ctx := context.Background()
	pool, err := executor.Goroutines{}.Start(ctx, job, p, opt)
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		if err := pool.Close(); err != nil {
			b.Error(err)
		}
	}()
	if err := pool.Prepare(ctx); err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	job.Instance.Begin(p)
	err = pool.Run(ctx)
	job.Instance.End()
	el := time.Since(t0)
	if err != nil {
		b.Fatal(err)
	}
	if err := job.Instance.Verify(); err != nil {
		b.Fatalf("%d workers: %v", p, err)
	}
	return el
}
