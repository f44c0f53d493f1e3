package sweep

import (
	"context"
	"testing"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// BenchmarkHarnessOverhead compares one pass of synthetic (F = 0) on one
// worker run through the harness (pool start, timed pass, verification)
// with the same work called directly. The two ns/op figures should agree
// within 2%.
func BenchmarkHarnessOverhead(b *testing.B) {
	spec, _ := workloads.Lookup("synthetic")
	params, err := spec.Resolve(map[string]string{"serial-fraction": "0"})
	if err != nil {
		b.Fatal(err)
	}
	const size = 20_000
	newInst := func(b *testing.B) workloads.Instance {
		inst, err := spec.New(workloads.Config{Size: size, Seed: 1, Params: params})
		if err != nil {
			b.Fatal(err)
		}
		inst.Serial()
		return inst
	}
	b.Run("direct", func(b *testing.B) {
		inst := newInst(b)
		for b.Loop() {
			inst.Begin(1)
			for t := range inst.Tasks() {
				inst.Run(0, t)
			}
			inst.End()
		}
	})
	b.Run("harness", func(b *testing.B) {
		// The measure is built as Run builds it, so that it has every
		// part a pass uses (its Timing among them).
		r := &Runner{Config: Config{Counts: []Count{{Workers: 1}}}}
		m, err := r.newMeasure(Plan{Spec: spec, Params: params, Mode: results.ModeStrong, Size: size, Seed: 1,
			Executor: executor.Goroutines{}, Options: executor.Options{Schedule: executor.Block, Chunk: 1}}, nil)
		if err != nil {
			b.Fatal(err)
		}
		defer func() {
			if err := m.close(); err != nil {
				b.Error(err)
			}
		}()
		m.timing.Reference(m.serial)
		m.meter, m.cpus, m.pools = &Meter{}, 1, make([]executor.Pool, 1)
		pt := &results.Point{Workers: 1, Size: size, Verified: true}
		for b.Loop() {
			if _, err := m.pass(context.Background(), r, 0, Count{Workers: 1}, pt, false); err != nil {
				b.Fatal(err)
			}
		}
		if !pt.Verified {
			b.Fatal("not verified")
		}
	})
}
