package executor

import (
	"fmt"
	"github.com/scalebench/scalebench/workloads"
	"os"
	"runtime/debug"
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
// 10×10×100,000 float64 tensor) at P=2 and reports, in MB, the input, this
// process's own peak resident memory, the workers' summed peak as Stats
// counts it (shared pages once), the bytes sent per pass, and tree-MB, the
// sum of both peaks: what the whole process tree held at most. shm-copied
// copies an input from ordinary memory into its segment; shm builds the
// input in a segment from Shm.Alloc, as the sweep does, so it exists once.
func BenchmarkPeakRSS(b *testing.B) {
	const tasks, taskBytes = 240, 333_328 // 240 × (8 + 333,328) bytes = 80 MB
	for _, c := range []struct {
		name  string
		e     Executor
		alloc bool
	}{{"processes", Processes{}, false}, {"shm-copied", Shm{}, false}, {"shm", Shm{}, true}} {
		b.Run(c.name+"/P=2", func(b *testing.B) {
			spec, _ := workloads.Lookup("faulty")
			params, err := spec.Resolve(map[string]string{"task-bytes": fmt.Sprint(taskBytes)})
			if err != nil {
				b.Fatal(err)
			}
			cfg := workloads.Config{Size: tasks, Seed: 7, Params: params}
			var input []byte
			if c.alloc {
				cfg.Alloc = func(n int) ([]byte, error) {
					buf, err := Shm{}.Alloc(n)
					input = buf
					return buf, err
				}
			}
			debug.FreeOSMemory()
			resetPeak()
			inst, err := spec.New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			inst.Serial()
			job := Job{Workload: "faulty", Config: workloads.Config{Size: tasks, Seed: 7, Params: params}, Instance: inst}
			pool := start(b, b.Context(), c.e, job, 2, Options{Schedule: Block})
			for b.Loop() {
				if err := pass(b.Context(), pool, job.Instance, 2); err != nil {
					b.Fatal(err)
				}
			}
			st := pool.Stats()
			if err := pool.Close(); err != nil {
				b.Fatal(err)
			}
			parent, _ := procMem(os.Getpid())
			b.ReportMetric(float64(len(inst.(workloads.Portable).Input()))/1e6, "input-MB")
			b.ReportMetric(float64(parent)/1e6, "parent-MB")
			b.ReportMetric(float64(st.PeakRSSBytes)/1e6, "workers-MB")
			b.ReportMetric(float64(parent+st.PeakRSSBytes)/1e6, "tree-MB")
			b.ReportMetric(float64(st.BytesSent)/1e6, "sent-MB/pass")
			if input != nil {
				if err := (Shm{}).Free(input); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// resetPeak resets this process's peak resident memory to its present
// resident memory.
func resetPeak() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }
