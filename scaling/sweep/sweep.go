// Package sweep is the measurement protocol. A series is measured in
// rounds: each round runs the serial reference and every worker count
// once, in a random order drawn from the seed (randomized multiple
// interleaved trials), so that the samples of one round were taken
// close together in time and their ratios cancel what moves a whole
// round. Every timed pass carries an interference ledger (what CPU time
// it received, what other processes and the hypervisor took meanwhile);
// a pass that others disturbed (Disturbance) is kept aside, marked, and
// measured again. Rounds go on past the least asked for until the answer
// is precise enough (Runner.Enough), within a budget of rounds and time.
//
// Warm-up passes run per point before the rounds, in ascending order of
// workers; the peak memory of a point is read in them. With
// Config.TaskTimes one untimed pass follows them, timing every task. The workers of
// every point are started once and kept across the rounds, unless their
// processes would hold too much memory together (see keepPools): then
// they are started in every round, outside the timing, and warmed up
// again.
package sweep

import (
	"context"
	"errors"
	"fmt"
	"runtime"
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
	// Reps is the least number of rounds; every round counts one sample
	// of the serial reference and of every point.
	Reps int
	// Warmup is the number of uncounted passes of the serial reference
	// and of every point before the rounds.
	Warmup int
	// MaxReps is the most rounds; 0 means Reps. Rounds past Reps run
	// only while Runner.Enough says the answer is not precise enough.
	MaxReps int
	// MaxTime bounds the time of a series' rounds past the first Reps:
	// no round is started that would end after it, and no disturbed pass
	// is measured again after it. 0 means no bound, or MaxTimeScale's.
	MaxTime time.Duration
	// MaxTimeScale, with MaxTime 0, bounds the rounds to MaxTimeScale
	// times the time the first Reps rounds took, and to no less than
	// MinMaxTime (retries of disturbed passes in the first Reps rounds
	// are bounded by MaxRetries alone).
	MaxTimeScale float64
	MinMaxTime   time.Duration
	// Precision is recorded with every series (results.Protocol): the
	// relative half-width Runner.Enough asks of the intervals.
	Precision float64
	// Seed draws the order of the passes of every round.
	Seed uint64
	// CPUs is the number of CPUs of the machine, by which a pass's
	// ledger is judged (Disturbance); 0 means runtime.NumCPU().
	CPUs int
	// KeepDisturbed keeps every pass among the samples, its ledger
	// recorded but not judged: for a machine that is never quiet.
	KeepDisturbed bool
	// Timeout bounds every pass: each run of the serial reference and
	// each pass of a point, with its Prepare and, in the point's first
	// pass, the start of its pool; 0 means none. A point whose
	// pass times out is marked failed; a serial reference that times out
	// ends the run with an error.
	Timeout time.Duration
	// FailFast stops the sweep at the first failed point.
	FailFast bool
	// TaskTimes records, for every series of a strong-scaling plan whose
	// work runs in this process, every task's time in one untimed pass
	// after the warm-up, and what its executor costs to hand out tasks
	// (results.Series.TaskTimes, Dispatch): what a prediction past the
	// machine replays (package predict).
	TaskTimes bool
}

// Progress is reported before every pass.
type Progress struct {
	Series, SeriesTotal int
	Label               string // e.g. "pi P=2"
	// Round is the 1-based round, 0 in the warm-up; Rounds is the least
	// number of rounds (Config.Reps).
	Round, Rounds int
	Done, Total   int // passes, Total as planned for the least rounds
	Elapsed, Left time.Duration
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
	// Enough, when set, is asked after each round from the Reps-th on
	// whether the series measured so far is precise enough to stop;
	// without it a series runs Reps rounds.
	Enough func(*results.Series) bool
	// Meter reads the ledgers; nil means this machine's /proc.
	Meter *Meter
	// dispatch holds the calibrated costs of every executor used so far,
	// by name (Config.TaskTimes).
	dispatch map[string][]results.Dispatch
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
	if r.MaxReps != 0 && r.MaxReps < r.Reps {
		return fmt.Errorf("max reps %d below reps %d", r.MaxReps, r.Reps)
	}
	for _, p := range plans {
		if len(r.counts(p)) == 0 {
			return fmt.Errorf("%s: no worker counts", p.Spec.Name)
		}
	}
	prog := &progress{r: r, start: r.now(), series: len(plans)}
	for _, p := range plans {
		prog.total += (r.Warmup + r.Reps) * (len(r.counts(p)) + 1)
		if r.recordsTaskTimes(p) {
			prog.total++
		}
	}
	// halt stops the instances' work when ctx ends (and, bound to a
	// pass's context, when that pass times out).
	halt := new(workloads.Stop)
	defer halt.Watch(ctx)()
	for si, plan := range plans {
		if ctx.Err() != nil {
			return r.interrupted(ctx, doc)
		}
		prog.index = si + 1
		stop, err := r.runPlan(ctx, doc, si, plan, halt, prog)
		if err != nil {
			if ctx.Err() != nil {
				return r.interrupted(ctx, doc)
			}
			return err
		}
		if stop {
			break
		}
	}
	return r.save(doc)
}

// runPlan measures one plan into a new series of doc. It reports whether
// the sweep is to stop (a failed point with FailFast).
func (r *Runner) runPlan(ctx context.Context, doc *results.Document, si int, plan Plan, halt *workloads.Stop,
	prog *progress) (bool, error) {
	// Return the memory of earlier series (and of the caller's
	// checks) to the system, so that each point's peak resident
	// memory is that of its own series.
	debug.FreeOSMemory()
	var m *measure
	var err error
	if !r.await(ctx, func() { m, err = r.newMeasure(plan, halt) }) {
		return false, ctx.Err()
	}
	if err != nil {
		return false, err
	}
	m.meter, m.cpus = r.meter(), r.cpus()
	doc.Series = append(doc.Series, m.series)
	s := &doc.Series[len(doc.Series)-1]
	s.Protocol = &results.Protocol{MinRounds: r.Reps, MaxRounds: r.maxReps(), Precision: r.Precision,
		MaxTimeS: r.MaxTime.Seconds(), Pools: results.PoolsPerRound, Seed: r.Seed, KeepDisturbed: r.KeepDisturbed}
	if m.keep = keepPools(plan, r.counts(plan)); m.keep {
		s.Protocol.Pools = results.PoolsKept
	}
	save := func() error {
		doc.Failed = doc.Failed || m.failed
		return r.save(doc)
	}
	err = m.run(ctx, r, s, si, prog, save)
	if !errors.Is(err, errAbandoned) {
		if cerr := m.close(); err == nil {
			err = cerr
		}
	}
	doc.Failed = doc.Failed || m.failed
	if err != nil && ctx.Err() != nil {
		s.Protocol.Stopped = results.StopInterrupted
	}
	return m.stop, err
}

// progress counts the passes of a run and reports them.
type progress struct {
	r             *Runner
	start         time.Time
	series, index int
	done, total   int
}

// tick reports the pass about to run: label in round (0: warm-up).
func (p *progress) tick(label string, round int) {
	if p.r.Progress != nil {
		el := p.r.now().Sub(p.start)
		var left time.Duration
		if p.done > 0 && p.total > p.done {
			left = time.Duration(float64(el) / float64(p.done) * float64(p.total-p.done))
		}
		p.r.Progress(Progress{Series: p.index, SeriesTotal: p.series, Label: label, Round: round,
			Rounds: p.r.Reps, Done: p.done, Total: max(p.total, p.done+1), Elapsed: el, Left: left})
	}
	p.done++
}

func (r *Runner) maxReps() int {
	if r.MaxReps > 0 {
		return r.MaxReps
	}
	return r.Reps
}

func (r *Runner) cpus() int {
	if r.CPUs > 0 {
		return r.CPUs
	}
	return runtime.NumCPU()
}

func (r *Runner) meter() *Meter {
	if r.Meter != nil {
		return r.Meter
	}
	return &Meter{}
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
