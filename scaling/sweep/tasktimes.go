package sweep

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads/executor"
)

// forPrediction records, when Config.TaskTimes asks for it, what a
// prediction of series s past the machine replays: every task's time in
// an untimed pass after the warm-up (taskTimes), and what the plan's
// executor costs to hand out tasks under every schedule (Calibrate,
// measured once per executor and run). A series whose work does not run
// in this process (a command) or that grows with its workers (weak mode)
// records neither.
func (m *measure) forPrediction(ctx context.Context, r *Runner, s *results.Series, prog *progress) error {
	if !r.recordsTaskTimes(m.plan) || m.stop || len(m.insts) == 0 || m.insts[0].Tasks() < 1 {
		return nil
	}
	prog.tick(m.plan.Spec.Name+" task times", 0)
	if err := m.taskTimes(ctx, r, s); err != nil {
		return err
	}
	d, err := r.dispatchCosts(ctx, m.plan.Executor)
	if err != nil {
		return err
	}
	s.Dispatch = d
	return nil
}

// recordsTaskTimes reports whether the series of p records its task
// times: when asked for, in strong mode, with its work in this process.
func (r *Runner) recordsTaskTimes(p Plan) bool {
	_, here := timingOf(p.Executor).(inProcess)
	return r.TaskTimes && p.Mode != results.ModeWeak && here
}

// taskTimes runs the pass of taskTimesPass and records it in s, measured
// again, at most MaxRetries times, while others disturbed it.
func (m *measure) taskTimes(ctx context.Context, r *Runner, s *results.Series) error {
	for try := 0; ; try++ {
		tt, err := m.taskTimesPass(ctx, r)
		if err != nil || tt == nil {
			return err
		}
		s.TaskTimes = tt
		tt.Disturbed = r.disturbance(tt.Ledger, tt.WallS, 1, m.cpus, true)
		if tt.Disturbed == "" || try == MaxRetries || !backOff(ctx, tt.WallS) {
			return nil
		}
	}
}

// TaskTimePasses is the number of passes that time every task: each
// task's time is its median over them, so that a task stretched by a
// moment of the machine's (a wait that overslept, a preempted worker)
// counts as it takes, not as it once took.
const TaskTimePasses = 3

// taskTimesPass runs TaskTimePasses passes of Begin, every task on
// worker 0 in task order, and End of the first point's instance on a
// goroutine of its own (see Runner.await), with the GOMAXPROCS of the
// serial reference, and times each task, Begin and End: their medians
// over the passes, the passes' wall time together. It returns nil, and
// no error, when a pass timed out.
func (m *measure) taskTimesPass(ctx context.Context, r *Runner) (*results.TaskTimes, error) {
	inst := m.insts[0]
	d := make([][]float64, inst.Tasks())
	tt := &results.TaskTimes{Tasks: len(d), Passes: TaskTimePasses}
	var begin, end []float64
	var err error
	if !r.await(ctx, func() {
		runtime.GOMAXPROCS(m.procs)
		tt.ClockS = clockCost()
		before := m.meter.read(nil)
		t0 := time.Now()
		for range TaskTimePasses {
			var b, e float64
			if b, e, err = m.timeTasks(ctx, r, d); err != nil {
				break
			}
			begin, end = append(begin, b), append(end, e)
		}
		tt.WallS = time.Since(t0).Seconds()
		tt.Ledger = ledger(before, m.meter.read(nil))
	}) {
		return nil, errAbandoned
	}
	if err != nil {
		if r.timedOut(err) && ctx.Err() == nil {
			return nil, nil
		}
		return nil, err
	}
	tt.BeginS, tt.EndS = median(begin), median(end)
	times := make([]float64, len(d))
	for t := range d {
		times[t] = median(d[t])
	}
	summarizeTaskTimes(tt, times)
	return tt, nil
}

// timeTasks runs one pass of inst, timing Begin, every task (appending
// its time to d[t]) and End, in a pass context of its own.
func (m *measure) timeTasks(ctx context.Context, r *Runner, d [][]float64) (begin, end float64, err error) {
	inst := m.insts[0]
	pctx, cancel := r.passContext(ctx)
	defer cancel()
	defer m.halt.Watch(pctx)()
	t0 := time.Now()
	inst.Begin(1)
	begin = time.Since(t0).Seconds()
	for t := range d {
		if pctx.Err() != nil {
			break
		}
		t1 := time.Now()
		inst.Run(0, t)
		d[t] = append(d[t], time.Since(t1).Seconds())
	}
	t2 := time.Now()
	inst.End()
	return begin, time.Since(t2).Seconds(), pctx.Err()
}

// median returns the median of xs (sorting them), 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	if n := len(xs); n%2 == 0 {
		return (xs[n/2-1] + xs[n/2]) / 2
	}
	return xs[len(xs)/2]
}

// clockCost returns what timing an empty stretch costs: the median of
// many.
func clockCost() float64 {
	var c [101]float64
	for i := range c {
		t := time.Now()
		c[i] = time.Since(t).Seconds()
	}
	slices.Sort(c[:])
	return c[len(c)/2]
}

// summarizeTaskTimes fills in tt from the task times d, less tt.ClockS
// each (and not below 0), rounded to nanoseconds: all of them up to
// results.MaxTaskTimes tasks, otherwise the sums of groups of
// consecutive tasks and a histogram.
func summarizeTaskTimes(tt *results.TaskTimes, d []float64) {
	for i, x := range d {
		d[i] = math.Round(max(0, x-tt.ClockS)*1e9) / 1e9
	}
	tt.MinS, tt.MaxS = slices.Min(d), slices.Max(d)
	for _, x := range d {
		tt.SumS += x
	}
	if len(d) <= results.MaxTaskTimes {
		tt.DurationsS = d
		return
	}
	tt.Group = (len(d) + results.MaxTaskTimes - 1) / results.MaxTaskTimes
	for i := 0; i < len(d); i += tt.Group {
		s := 0.0
		for _, x := range d[i:min(len(d), i+tt.Group)] {
			s += x
		}
		tt.GroupsS = append(tt.GroupsS, s)
	}
	tt.Histogram = histogram(d)
}

// histogram counts d in the bins of results.Histogram.
func histogram(d []float64) *results.Histogram {
	h := &results.Histogram{}
	lo, hi := math.MaxInt, math.MinInt
	for _, x := range d {
		if x > 0 {
			lo, hi = min(lo, results.Bin(x)), max(hi, results.Bin(x))
		}
	}
	if lo > hi {
		h.Zero = int64(len(d))
		return h
	}
	h.First, h.Counts = lo, make([]int64, hi-lo+1)
	for _, x := range d {
		if x > 0 {
			h.Counts[results.Bin(x)-lo]++
		} else {
			h.Zero++
		}
	}
	return h
}

// calibrated holds the costs of every executor calibrated by this
// process, by name: the machine's costs do not change between the runs
// of one process (a command of one's own that runs several, the tests).
var calibrated sync.Map

// dispatchCosts returns the costs of e under every schedule, measured
// once per run (Calibrate) and kept for the other series, or taken from
// an earlier run of this process; none when the calibration failed.
func (r *Runner) dispatchCosts(ctx context.Context, e executor.Executor) ([]results.Dispatch, error) {
	if d, ok := r.dispatch[e.Name()]; ok {
		return d, nil
	}
	if d, ok := calibrated.Load(e.Name()); ok {
		return d.([]results.Dispatch), nil
	}
	var costs []executor.Cost
	var err error
	if !r.await(ctx, func() { costs, err = executor.Calibrate(ctx, e) }) {
		return nil, errAbandoned
	}
	if err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	// An executor that cannot run the calibration's workloads records no
	// costs; the prediction says that it took them as nothing.
	d := make([]results.Dispatch, len(costs))
	for i, c := range costs {
		d[i] = results.Dispatch{Schedule: string(c.Schedule), PerTaskS: c.PerTask, PerChunkS: c.PerChunk,
			PerWorkerS: c.PerWorker, PerByteS: c.PerByte, DispatcherS: c.Dispatcher, BytesPerTask: c.BytesPerTask,
			Tasks: c.Tasks}
	}
	if r.dispatch == nil {
		r.dispatch = map[string][]results.Dispatch{}
	}
	r.dispatch[e.Name()] = d
	if err == nil {
		calibrated.Store(e.Name(), d)
	}
	return d, nil
}
