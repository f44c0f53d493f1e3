package executor

import (
	"context"
	"fmt"
	"runtime"
	"testing"
)

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }

// empty is a workload of empty tasks: what is measured is dispatch.
type empty struct{ n int }

func (e empty) Tasks() int  { return e.n }
func (empty) Serial()       {}
func (empty) Begin(int)     {}
func (empty) Run(int, int)  {}
func (empty) End()          {}
func (empty) Verify() error { return nil }

// BenchmarkDispatch reports the cost per task of handing out empty tasks.
func BenchmarkDispatch(b *testing.B) {
	const tasks = 100_000
	for _, s := range Schedules {
		for _, p := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/P=%d", s, p), func(b *testing.B) {
				pool, err := Goroutines{}.Start(
					context.Background(),
					Job{Instance: empty{tasks}},
					p,
					Options{Schedule: s, Chunk: 1},
				)
				if err != nil {
					b.Fatal(err)
				}
				defer pool.Close()
				b.ResetTimer()
				for b.Loop() {
					if err := pool.Run(context.Background()); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tasks), "ns/task")
			})
		}
	}
}
