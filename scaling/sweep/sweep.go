// Package sweep is the measurement protocol: a serial reference, then every
// worker count of a sweep, each on one pool of workers started for the
// point and reused for its warm-up and counted repetitions.
package sweep

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"time"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// Count is one worker count of a sweep.
type Count struct {
	Workers        int
	Oversubscribed bool
}

// Counts builds the worker counts of a sweep: every count of workers, then
// each multiple of cpus in over, marked oversubscribed. Duplicates are
// dropped; the order is ascending.
func Counts(workers []int, over []int, cpus int) []Count {
	seen := map[int]bool{}
	var out []Count
	add := func(w int, o bool) {
		if w < 1 || seen[w] {
			return
		}
		seen[w] = true
		out = append(out, Count{Workers: w, Oversubscribed: o || w > cpus})
	}
	for _, w := range workers {
		add(w, false)
	}
	for _, m := range over {
		add(m*cpus, true)
	}
	for i := 1; i < len(out); i++ { // insertion sort: the lists are short
		for j := i; j > 0 && out[j].Workers < out[j-1].Workers; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// Plan is one series to measure. When its Executor implements Timing,
// that Timing measures the plan's instances (see Timing).
type Plan struct {
	Spec     *workloads.Spec
	Params   map[string]string // resolved: every declared parameter
	Mode     results.Mode      // results.ModeStrong or results.ModeWeak
	Size     int64             // base size; weak mode runs Size·P at P workers
	Seed     uint64
	Executor executor.Executor
	Options  executor.Options
	// Counts, when set, replaces Config.Counts for this plan (e.g. worker
	// counts capped for process executors).
	Counts []Count
}

// counts returns the worker counts of plan p under config c.
func (c Config) counts(p Plan) []Count {
	if p.Counts != nil {
		return p.Counts
	}
	return c.Counts
}

// Config is the protocol shared by every plan of a run.
type Config struct {
	Counts []Count
	Reps   int // counted repetitions per point
	Warmup int // uncounted repetitions per point
	// Timeout bounds every pass: each run of the serial reference and
	// each pass of a point, with its Prepare and, in the point's first
	// pass, the start of its pool; 0 means none. A point whose
	// pass times out is marked failed; a serial reference that times out
	// ends the run with an error.
	Timeout time.Duration
	// FailFast stops the sweep at the first failed point.
	FailFast bool
}

// Progress is reported before every pass.
type Progress struct {
	Series, SeriesTotal int
	Label               string // e.g. "pi P=2"
	Rep, Reps           int    // 1-based repetition, warm-up included
	Done, Total         int    // passes
	Elapsed, Left       time.Duration
}

// Runner measures plans into a document.
type Runner struct {
	Config
	// Save is called with the document after every pass, so that the file
	// on disk always holds every completed sample.
	Save func(*results.Document) error
	// Progress, if set, is called before every pass.
	Progress func(Progress)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Grace is how long Run waits, once its context has ended, for the
	// running pass to stop; then it gives the pass up, saves the document
	// and returns. 0 means DefaultGrace.
	Grace time.Duration
	// Force, once closed after the context has ended, makes Run give up
	// the running pass at once (a second interrupt). nil never closes.
	Force <-chan struct{}
}

// DefaultGrace is how long an interrupted Run waits for the running pass
// to stop. Every pass checks for cancellation every few milliseconds, so
// only a pass stuck where it cannot check runs out of it.
const DefaultGrace = 3 * time.Second

// errAbandoned is returned by measure.run when a pass did not stop within
// the grace period and was left running: what it uses must not be
// released, since it may still be in use.
var errAbandoned = errors.New("the running pass did not stop")

// Run measures every plan and appends one series per plan to doc. It
// returns ctx.Err() when interrupted (doc then holds every completed
// sample and is marked Interrupted), an error for a plan that could not be
// built, and nil otherwise; failed points are recorded in doc (doc.Failed).
//
// Every pass runs on a goroutine of its own and stops early when ctx
// ends; its sample is then discarded. A pass that has not stopped within
// Grace (or when Force closes) is left running: Run saves doc and
// returns at once, without releasing what the pass uses, and the caller
// is expected to exit.
func (r *Runner) Run(ctx context.Context, doc *results.Document, plans []Plan) error {
	if r.Reps < 1 {
		return errors.New("reps must be at least 1")
	}
	for _, p := range plans {
		if len(r.counts(p)) == 0 {
			return fmt.Errorf("%s: no worker counts", p.Spec.Name)
		}
	}
	start := r.now()
	total := 0
	for _, p := range plans {
		total += (r.Warmup + r.Reps) * (len(r.counts(p)) + 1)
	}
	done := 0
	// halt stops the instances' work when ctx ends (and, bound to a
	// pass's context, when that pass times out).
	halt := new(workloads.Stop)
	defer halt.Watch(ctx)()
	for si, plan := range plans {
		if ctx.Err() != nil {
			return r.interrupted(ctx, doc)
		}
		// Return the memory of earlier series (and of the caller's
		// checks) to the system, so that each point's peak resident
		// memory is that of its own series.
		debug.FreeOSMemory()
		var m *measure
		var err error
		if !r.await(ctx, func() { m, err = r.newMeasure(plan, halt) }) {
			return r.interrupted(ctx, doc)
		}
		if err != nil {
			return err
		}
		doc.Series = append(doc.Series, m.series)
		s := &doc.Series[len(doc.Series)-1]
		err = m.run(ctx, r, s, func(label string, rep int) {
			if r.Progress != nil {
				el := r.now().Sub(start)
				var left time.Duration
				if done > 0 {
					left = time.Duration(float64(el) / float64(done) * float64(total-done))
				}
				r.Progress(Progress{Series: si + 1, SeriesTotal: len(plans), Label: label,
					Rep: rep + 1, Reps: r.Warmup + r.Reps, Done: done, Total: total, Elapsed: el, Left: left})
			}
			done++
		}, func() error {
			doc.Failed = doc.Failed || m.failed
			return r.save(doc)
		})
		if !errors.Is(err, errAbandoned) {
			if cerr := m.close(); err == nil {
				err = cerr
			}
		}
		doc.Failed = doc.Failed || m.failed
		if err != nil {
			if ctx.Err() != nil {
				return r.interrupted(ctx, doc)
			}
			return err
		}
		if m.stop {
			break
		}
	}
	return r.save(doc)
}

// interrupted marks doc interrupted, saves it and returns ctx's error.
func (r *Runner) interrupted(ctx context.Context, doc *results.Document) error {
	doc.Interrupted = true
	if err := r.save(doc); err != nil {
		return err
	}
	return ctx.Err()
}

// await runs f on a goroutine of its own and reports whether it returned.
// Once ctx has ended it waits at most r.Grace more, or until r.Force
// closes, and then reports false: f is left running, and the caller must
// not touch what f writes or uses.
func (r *Runner) await(ctx context.Context, f func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
	}
	grace := r.Grace
	if grace <= 0 {
		grace = DefaultGrace
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
	case <-r.Force:
	}
	return false
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

func (r *Runner) save(doc *results.Document) error {
	if r.Save == nil {
		return nil
	}
	return r.Save(doc)
}

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
	// pool is the started pool of the point being measured, reused for
	// its repetitions; nil between points.
	pool executor.Pool
}

// close releases the instances that hold resources (io.Closer), then the
// memory allocated for their inputs, and returns the first error.
func (m *measure) close() error {
	first := m.closePool()
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
	built := &measure{plan: p, halt: halt, timing: timingOf(p.Executor)}
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
		return p.Spec.New(workloads.Config{Size: size, Base: base, Seed: p.Seed, Params: p.Params, Alloc: alloc, Stop: halt})
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

// run measures the serial reference, all its repetitions, then every
// point, all the repetitions of one before the next, on one pool started
// in the point's first pass. It returns errAbandoned when a pass did not
// stop after ctx ended.
func (m *measure) run(ctx context.Context, r *Runner, s *results.Series, tick func(string, int), save func() error) error {
	name := m.plan.Spec.Name
	for rep := range r.Warmup + r.Reps {
		if err := ctx.Err(); err != nil {
			return err
		}
		tick(name+" serial", rep)
		var el float64
		var err error
		if !r.await(ctx, func() { el, err = r.serialPass(ctx, m) }) {
			return errAbandoned
		}
		if err != nil {
			return err
		}
		if rep >= r.Warmup {
			s.Serial.SamplesS = append(s.Serial.SamplesS, el)
		}
		if err := save(); err != nil {
			return err
		}
	}
	for i, c := range r.counts(m.plan) {
		pt := &s.Points[i]
		for rep := range r.Warmup + r.Reps {
			if pt.Failed {
				break
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			tick(fmt.Sprintf("%s P=%d", name, c.Workers), rep)
			if err := m.point(ctx, r, i, c, pt, rep >= r.Warmup); err != nil {
				return err
			}
			if err := save(); err != nil {
				return err
			}
			if m.stop {
				return nil
			}
		}
		if err := m.closePool(); err != nil {
			return err
		}
	}
	return nil
}

// point runs one pass of point i and records it in pt: a sample when it
// is counted, or the failure. It returns ctx's error when the pass was
// interrupted, and errAbandoned when it did not stop.
func (m *measure) point(ctx context.Context, r *Runner, i int, c Count, pt *results.Point, counted bool) error {
	// The pass fills in a copy, so that a pass left running writes
	// nothing that the caller saves.
	p := *pt
	var el float64
	var cpu *executor.CPUTime
	var err error
	if !r.await(ctx, func() { el, cpu, err = m.pass(ctx, r, i, c, &p) }) {
		return errAbandoned
	}
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	*pt = p
	m.failed = m.failed || !pt.Verified
	if err != nil {
		pt.Failed, pt.Error = true, err.Error()
		m.failed = true
		if r.FailFast {
			m.stop = true
		}
	} else if counted {
		pt.SamplesS = append(pt.SamplesS, el)
		if cpu != nil {
			pt.UserS = append(pt.UserS, cpu.UserS)
			pt.SysS = append(pt.SysS, cpu.SysS)
		}
	}
	return nil
}

// passContext is the context of one pass: ctx bounded by r.Timeout.
func (r *Runner) passContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if r.Timeout > 0 {
		return context.WithTimeout(ctx, r.Timeout)
	}
	return context.WithCancel(ctx)
}

// timedOut reports whether err is the end of a pass's context by
// r.Timeout.
func (r *Runner) timedOut(err error) bool {
	return r.Timeout > 0 && errors.Is(err, context.DeadlineExceeded)
}

// serialPass runs and times the serial reference of m once, bounded by
// r.Timeout; m's Stop follows the pass's context.
func (r *Runner) serialPass(ctx context.Context, m *measure) (float64, error) {
	ctx, cancel := r.passContext(ctx)
	defer cancel()
	defer m.halt.Watch(ctx)()
	el, err := m.timing.TimeSerial(ctx, m.serial)
	if err == nil {
		err = ctx.Err() // a pass cut short is no sample
	}
	if r.timedOut(err) {
		return 0, fmt.Errorf("serial reference timed out after %v", r.Timeout)
	}
	return el, err
}

// pass runs one timed parallel pass of point i on the point's pool,
// starting the pool in the point's first pass, and verifies it, all
// bounded by r.Timeout. It returns the time of the pass and, when the pool
// measures it, the user and system CPU time of its workers; a failed
// verification is recorded in pt. A pass that fails closes the pool.
func (m *measure) pass(ctx context.Context, r *Runner, i int, c Count, pt *results.Point) (el float64, cpu *executor.CPUTime, err error) {
	inst := m.insts[i]
	ctx, cancel := r.passContext(ctx)
	defer cancel()
	defer m.halt.Watch(ctx)()
	resetPeakRSS()
	defer func() {
		if err != nil {
			if cerr := m.closePool(); cerr != nil && ctx.Err() == nil {
				err = fmt.Errorf("%w; %w", err, cerr)
			}
		}
	}()
	if m.pool == nil {
		if m.pool, err = m.startPool(ctx, i, c, pt.Size); err != nil {
			if r.timedOut(err) {
				return 0, nil, fmt.Errorf("timed out after %v while starting %d workers", r.Timeout, c.Workers)
			}
			return 0, nil, fmt.Errorf("start %d workers: %w", c.Workers, err)
		}
	}
	pool := m.pool
	if err = pool.Prepare(ctx); err != nil {
		if r.timedOut(err) {
			return 0, nil, fmt.Errorf("timed out after %v while preparing the pass", r.Timeout)
		}
		return 0, nil, err
	}
	t0 := time.Now()
	inst.Begin(c.Workers)
	err = pool.Run(ctx)
	inst.End()
	el = time.Since(t0).Seconds()
	if err == nil {
		err = ctx.Err() // a pass cut short is no sample
	}
	st := pool.Stats()
	if err != nil {
		if r.timedOut(err) {
			return 0, nil, fmt.Errorf("timed out after %v", r.Timeout)
		}
		return 0, nil, err
	}
	pt.StartupS = st.StartupS // the one start of the point's pool
	pt.BytesSent, pt.BytesReceived = st.BytesSent, st.BytesReceived
	pt.PeakRSSBytes = max(pt.PeakRSSBytes, m.timing.PeakRSS(st.PeakRSSBytes, peakRSS()))
	if verr := inst.Verify(); verr != nil {
		pt.Verified = false
		pt.Note = verr.Error()
	} else if n, ok := inst.(workloads.Noter); ok && pt.Verified {
		pt.Note = n.Note()
	}
	return el, st.CPU, nil
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

// closePool closes the running point's pool, if any.
func (m *measure) closePool() error {
	if m.pool == nil {
		return nil
	}
	err := m.pool.Close()
	m.pool = nil
	if err != nil {
		return fmt.Errorf("%s: stop workers: %w", m.plan.Spec.Name, err)
	}
	return nil
}
