package executor

import (
	"fmt"
	"testing"
)

// BenchmarkProcessesRoundTrip measures what one empty task costs through
// the process executors: its message to a worker, the call, and its
// result back. One op is a pass over all tasks; ns/task is the figure.
func BenchmarkProcessesRoundTrip(b *testing.B) {
	const tasks = 20_000
	for _, e := range []Executor{Processes{}, Shm{}} {
		for _, opt := range []Options{
			{Schedule: Dynamic, Chunk: 1},
			{Schedule: Dynamic, Chunk: 1000},
			{Schedule: Element},
			{Schedule: Block},
		} {
			b.Run(fmt.Sprintf("%s/P=2/%s-%d", e.Name(), opt.Schedule, opt.Chunk), func(b *testing.B) {
				job := mustJob(b, tasks, nil)
				pool := start(b, b.Context(), e, job, 2, opt)
				defer pool.Close()
				for b.Loop() {
					if err := pass(b.Context(), pool, job.Instance, 2); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tasks), "ns/task")
				if err := job.Instance.Verify(); err != nil {
					b.Fatal(err)
				}
			})
		}
	}
}

// BenchmarkStartup measures starting and stopping a pool of two workers;
// startup-ms is the time until both are ready (Stats.StartupS).
func BenchmarkStartup(b *testing.B) {
	for _, e := range []Executor{Processes{}, Shm{}} {
		b.Run(e.Name()+"/P=2", func(b *testing.B) {
			job := mustJob(b, 64, nil)
			var startup float64
			for b.Loop() {
				pool := start(b, b.Context(), e, job, 2, Options{Schedule: Block})
				startup += pool.Stats().StartupS
				if err := pool.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(startup/float64(b.N)*1e3, "startup-ms")
		})
	}
}
