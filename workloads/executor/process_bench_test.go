package executor

import (
	"fmt"
	"os"
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

// BenchmarkPeakRSS runs passes over an 80 MB input (the size of a
// 10×10×100,000 float64 tensor) at P=2 and reports the summed peak
// resident memory of the workers, the input size, and this process's
// own peak, all in MB.
func BenchmarkPeakRSS(b *testing.B) {
	const tasks, taskBytes = 240, 333_328 // 240 × (8 + 333,328) bytes = 80 MB
	for _, e := range []Executor{Processes{}, Shm{}} {
		b.Run(e.Name()+"/P=2", func(b *testing.B) {
			job := mustJob(b, tasks, map[string]string{"task-bytes": fmt.Sprint(taskBytes)})
			pool := start(b, b.Context(), e, job, 2, Options{Schedule: Block})
			defer pool.Close()
			for b.Loop() {
				if err := pass(b.Context(), pool, job.Instance, 2); err != nil {
					b.Fatal(err)
				}
			}
			st := pool.Stats()
			b.ReportMetric(float64(st.PeakRSSBytes)/1e6, "workers-MB")
			b.ReportMetric(float64(len(job.Instance.(interface{ Input() []byte }).Input()))/1e6, "input-MB")
			b.ReportMetric(float64(vmHWM(os.Getpid()))/1e6, "parent-MB")
			b.ReportMetric(float64(st.BytesSent)/1e6, "sent-MB/pass")
		})
	}
}
