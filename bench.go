package scalebench

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/scalebench/scalebench/plan"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// Benchmark measures w at size as sub-benchmarks of b named workers=P,
// one per worker count in workers (default: 1, the powers of two below
// GOMAXPROCS, and GOMAXPROCS), with GOMAXPROCS set to P in each. Tasks
// are handed to the workers in blocks, as the run command's default
// schedule does. Every parallel answer is checked once against the
// serial one first; a difference fails b.
//
// `go test -bench .` output of it is what `scalebench fit` reads (the
// workers=P key gives the counts) and `benchstat -col /workers` puts
// side by side.
func Benchmark[T any](b *testing.B, w Workload[T], size int64, workers ...int) {
	b.Helper()
	if err := w.check(); err != nil {
		b.Fatal(err)
	}
	if len(workers) == 0 {
		workers = plan.DefaultWorkers(runtime.GOMAXPROCS(0))
	}
	inst := w.instance(max(size, 1))
	inst.Serial()
	for _, p := range workers {
		b.Run(fmt.Sprintf("workers=%d", p), func(b *testing.B) {
			pool, err := executor.Goroutines{}.Start(context.Background(),
				executor.Job{Workload: w.Name, Instance: inst}, p, executor.Options{Schedule: executor.Block, Chunk: 1})
			if err != nil {
				b.Fatal(err)
			}
			defer pool.Close()
			pass := func() {
				if err := pool.Prepare(context.Background()); err != nil {
					b.Fatal(err)
				}
				inst.Begin(p)
				if err := pool.Run(context.Background()); err != nil {
					b.Fatal(err)
				}
				inst.End()
			}
			pass()
			if err := inst.Verify(); err != nil {
				b.Fatalf("workers=%d: %v", p, err)
			}
			for b.Loop() {
				pass()
			}
		})
	}
}

var _ workloads.OwnWorkers = ownWorkers[int]{}
