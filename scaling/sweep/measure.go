package sweep

import (
	"context"
	"fmt"
	"io"
	"runtime"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// measure is the state of one series being measured.
type measure struct {
	plan   Plan
	series results.Series
	serial workloads.Instance   // built at the base size
	insts  []workloads.Instance // per count (the same one in strong mode)
	failed bool
	stop   bool
	// halt is the Stop of every instance of the series; each pass binds
	// it to its own context.
	halt *workloads.Stop
	// timing measures the instances the way the plan's executor needs.
	timing Timing
	// alloc is the plan's executor when it can share memory with its
	// workers (nil otherwise); allocs is what it allocated for the
	// instances' inputs, freed after them.
	alloc  executor.Allocator
	allocs [][]byte
	// pools are the started pools of the points, by index; nil where
	// none is running. With keep they live across the rounds; without,
	// each lives for one pass and its warm-up.
	pools []executor.Pool
	keep  bool
	// procs is GOMAXPROCS at the start of the series, which every pass
	// of the serial reference runs with.
	procs int
	// meter reads the ledgers; cpus is the machine's CPU count they are
	// judged by.
	meter *Meter
	cpus  int
}

// close releases the instances that hold resources (io.Closer), then the
// memory allocated for their inputs, and returns the first error.
func (m *measure) close() error {
	first := m.closePools()
	seen := map[workloads.Instance]bool{}
	for _, inst := range append([]workloads.Instance{m.serial}, m.insts...) {
		if c, ok := inst.(io.Closer); ok && !seen[inst] {
			seen[inst] = true
			if err := c.Close(); err != nil && first == nil {
				first = fmt.Errorf("%s: release: %w", m.plan.Spec.Name, err)
			}
		}
	}
	for _, b := range m.allocs {
		if err := m.alloc.Free(b); err != nil && first == nil {
			first = fmt.Errorf("%s: release input: %w", m.plan.Spec.Name, err)
		}
	}
	m.allocs = nil
	return first
}

func (r *Runner) newMeasure(p Plan, halt *workloads.Stop) (m *measure, err error) {
	built := &measure{plan: p, halt: halt, timing: timingOf(p.Executor), procs: runtime.GOMAXPROCS(0)}
	// An executor that can share memory with its workers holds the
	// inputs, so that they exist once in the whole process tree.
	var alloc func(int) ([]byte, error)
	if a, ok := p.Executor.(executor.Allocator); ok {
		built.alloc = a
		alloc = func(n int) ([]byte, error) {
			b, err := a.Alloc(n)
			if err == nil {
				built.allocs = append(built.allocs, b)
			}
			return b, err
		}
	}
	var base int64
	if p.Mode == results.ModeWeak {
		base = p.Size
	}
	build := func(size int64) (workloads.Instance, error) {
		return p.Spec.New(
			workloads.Config{Size: size, Base: base, Seed: p.Seed, Params: p.Params, Alloc: alloc, Stop: halt},
		)
	}
	m = built
	defer func() {
		if err != nil {
			built.close() // the build error is the one to report
		}
	}()
	serial, err := build(p.Size)
	if err != nil {
		return nil, err
	}
	m.serial = serial
	m.series = results.Series{
		Workload: p.Spec.Name, Mode: p.Mode, Executor: p.Executor.Name(),
		Schedule: string(p.Options.Schedule), Params: p.Params, Unit: p.Spec.Unit,
		Serial: &results.Serial{Size: p.Size, SamplesS: []float64{}},
	}
	if p.Options.Schedule == executor.Dynamic {
		m.series.Chunk = p.Options.Chunk
	}
	for _, c := range r.counts(p) {
		size := p.Size
		inst := serial
		if p.Mode == results.ModeWeak && c.Workers > 1 {
			if size, err = p.Spec.WeakSize(p.Size, c.Workers, p.Params); err != nil {
				return nil, err
			}
			if inst, err = build(size); err != nil {
				return nil, err
			}
			// The reference answer at this size, untimed: only the base
			// size's serial run is measured.
			m.timing.Reference(inst)
		}
		// More workers than tasks is a measurement: the idle workers are
		// recorded (Tasks) and the summary says how many had work.
		pt := results.Point{Workers: c.Workers, Size: size, Oversubscribed: c.Oversubscribed,
			SamplesS: []float64{}, Verified: true, Tasks: m.timing.Tasks(inst)}
		m.insts = append(m.insts, inst)
		m.series.Points = append(m.series.Points, pt)
	}
	return m, nil
}

// startPool starts the pool of point i, whose instances have size size.
func (m *measure) startPool(ctx context.Context, i int, c Count, size int64) (executor.Pool, error) {
	var base int64
	if m.plan.Mode == results.ModeWeak {
		base = m.plan.Size
	}
	job := executor.Job{Workload: m.plan.Spec.Name, Instance: m.insts[i],
		Config: workloads.Config{Size: size, Base: base, Seed: m.plan.Seed, Params: m.plan.Params}}
	return m.plan.Executor.Start(ctx, job, c.Workers, m.plan.Options)
}

// closePool closes the pool of point i, if one is running.
func (m *measure) closePool(i int) error {
	pool := m.pools[i]
	if pool == nil {
		return nil
	}
	m.pools[i] = nil
	if err := pool.Close(); err != nil {
		return fmt.Errorf("%s: stop workers: %w", m.plan.Spec.Name, err)
	}
	return nil
}

// closePools closes every running pool, the last started first (the
// goroutines executor restores GOMAXPROCS as it closes), and returns the
// first error.
func (m *measure) closePools() error {
	var first error
	for i := len(m.pools) - 1; i >= 0; i-- {
		if err := m.closePool(i); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// maxKeptProcesses is the most worker processes a series keeps running
// across its rounds: beyond it the points' pools are started in every
// round.
const maxKeptProcesses = 512

// workerProcessBytes is what one idle worker process holds besides its
// share of the instance: a Go runtime, its stacks and buffers.
const workerProcessBytes = 16 << 20

// keepPools decides whether the pools of plan's points live across its
// rounds. The goroutines executor's pools hold nothing but their
// schedule, and a command starts its program in every pass: both are
// kept. The worker processes of the processes and shm executors are kept
// while all of them together number at most maxKeptProcesses and need at
// most the memory available (the instance's fixed part once, each
// worker's part and runtime per process); otherwise every round starts
// them again.
func keepPools(p Plan, counts []Count) bool {
	if !workerProcesses(p.Executor) {
		return true
	}
	procs := 0
	var fixed, workers float64 // bytes, in floats: no overflow
	for _, c := range counts {
		procs += c.Workers
		size := p.Size
		if p.Mode == results.ModeWeak {
			var err error
			if size, err = p.Spec.WeakSize(p.Size, c.Workers, p.Params); err != nil {
				return false
			}
		}
		fp := workloads.Footprint{}
		if p.Spec.Memory != nil {
			var err error
			if fp, err = p.Spec.Memory(workloads.Config{Size: size, Seed: p.Seed, Params: p.Params}); err != nil {
				return false
			}
		}
		fixed = max(fixed, float64(fp.Fixed))
		workers += float64(fp.PerWorker+workerProcessBytes) * float64(c.Workers)
	}
	if procs > maxKeptProcesses {
		return false
	}
	avail, _ := workloads.Available()
	return avail < 0 || fixed+workers <= float64(avail)
}

// workerProcesses reports whether e runs its workers as processes of
// its own, each holding (or mapping) the instance: processes and shm.
func workerProcesses(e executor.Executor) bool {
	name := e.Name()
	return name == "processes" || name == "shm"
}
