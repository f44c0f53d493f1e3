package sweep

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"slices"
	"time"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// run measures the series s of m: the warm-up of the serial reference
// and of every point, then the rounds. It returns errAbandoned when a
// pass did not stop after ctx ended.
func (m *measure) run(
	ctx context.Context,
	r *Runner,
	s *results.Series,
	si int,
	prog *progress,
	save func() error,
) error {
	m.pools = make([]executor.Pool, len(s.Points))
	if err := m.warmUp(ctx, r, s, prog); err != nil {
		return err
	}
	if err := save(); err != nil {
		return err
	}
	return m.rounds(ctx, r, s, si, prog, save)
}

// warmUp runs the uncounted passes of the serial reference, then of
// every point in ascending order, each point after the memory of the
// ones before it was returned to the system: the peak memory of a point
// is read in its warm-up. Without kept pools a point's pool is closed
// after its warm-up; every round then starts and warms it again.
func (m *measure) warmUp(ctx context.Context, r *Runner, s *results.Series, prog *progress) error {
	if r.Warmup == 0 {
		return nil
	}
	name := m.plan.Spec.Name
	for range r.Warmup {
		prog.tick(name+" serial", 0)
		if _, _, err := m.timedSerial(ctx, r); err != nil {
			return err
		}
	}
	for i, c := range r.counts(m.plan) {
		debug.FreeOSMemory()
		pt := &s.Points[i]
		for range r.Warmup {
			if pt.Failed {
				break
			}
			prog.tick(fmt.Sprintf("%s P=%d", name, c.Workers), 0)
			if _, err := m.point(ctx, r, i, c, pt, true); err != nil {
				return err
			}
			if m.stop {
				return nil
			}
		}
		if !m.keep {
			if err := m.closePool(i); err != nil {
				return err
			}
		}
	}
	return nil
}

// rounds runs the rounds of s, each pass of a round in an order drawn
// from the seed and the series' index si, until stopBefore says why
// they stop.
func (m *measure) rounds(
	ctx context.Context,
	r *Runner,
	s *results.Series,
	si int,
	prog *progress,
	save func() error,
) error {
	rng := rand.New(rand.NewPCG(r.Seed, uint64(si)))
	start := r.now()
	limit := r.MaxTime // 0: none yet
	for round := 0; ; round++ {
		el := r.now().Sub(start)
		if round == r.Reps && limit == 0 && r.MaxTimeScale > 0 {
			limit = max(time.Duration(r.MaxTimeScale*float64(el)), r.MinMaxTime)
		}
		if why := m.stopBefore(r, s, round, el, limit); why != "" {
			s.Protocol.Stopped = why
			s.Protocol.MaxTimeS = limit.Seconds()
			return nil
		}
		budget := func() bool { return limit <= 0 || r.now().Sub(start) < limit }
		order := rng.Perm(len(s.Points) + 1)
		if round == 0 && r.Warmup == 0 {
			// Every pass verifies its answer against the serial one:
			// without a warm-up, the serial reference runs first.
			order = append([]int{0}, slices.DeleteFunc(order, func(k int) bool { return k == 0 })...)
		}
		for _, k := range order {
			if err := ctx.Err(); err != nil {
				return err
			}
			var err error
			if k == 0 {
				err = m.serialRound(ctx, r, s, round, prog, save, budget)
			} else {
				err = m.pointRound(ctx, r, s, k-1, round, prog, save, budget)
			}
			if err != nil {
				return err
			}
			if m.stop {
				s.Protocol.Stopped = results.StopFailed
				return nil
			}
		}
		s.Protocol.Rounds = round + 1
		if err := save(); err != nil {
			return err
		}
	}
}

// stopBefore says why no round round is to start (el after the first
// began, with limit the time allowed, 0 for none), or "" to start it:
// the rounds asked for ran and nothing more is asked; the answer is
// precise enough; the most rounds ran; the next round would end past the
// time allowed; or no point is left to measure.
func (m *measure) stopBefore(r *Runner, s *results.Series, round int, el, limit time.Duration) results.Stop {
	switch {
	case allFailed(s):
		return results.StopFailed
	case round < r.Reps:
		return ""
	case r.Enough == nil:
		return results.StopRounds
	case r.Enough(s):
		return results.StopPrecision
	case round >= r.maxReps():
		return results.StopMaxRounds
	case limit > 0 && el+el/time.Duration(round) > limit:
		return results.StopMaxTime
	}
	return ""
}

// allFailed reports whether every point of s failed.
func allFailed(s *results.Series) bool {
	for _, p := range s.Points {
		if !p.Failed {
			return false
		}
	}
	return true
}

// serialRound runs the serial reference's pass of round and records it;
// a disturbed pass is kept aside and measured again, at most MaxRetries
// times and while budget allows.
func (m *measure) serialRound(ctx context.Context, r *Runner, s *results.Series, round int, prog *progress,
	save func() error, budget func() bool) error {
	for try := 0; ; try++ {
		prog.tick(m.plan.Spec.Name+" serial", round+1)
		el, l, err := m.timedSerial(ctx, r)
		if err != nil {
			return err
		}
		why := r.disturbance(l, el, 1, m.cpus, true)
		if why == "" {
			ser := s.Serial
			ser.SamplesS, ser.Rounds, ser.Ledger = append(
				ser.SamplesS,
				el,
			), append(
				ser.Rounds,
				round,
			), append(
				ser.Ledger,
				l,
			)
			return save()
		}
		s.Serial.Disturbed = append(
			s.Serial.Disturbed,
			results.Disturbed{Seconds: el, Round: round, Ledger: l, Why: why},
		)
		if err := save(); err != nil {
			return err
		}
		if try == MaxRetries || !budget() || !backOff(ctx, el) {
			return nil
		}
	}
}

// timedSerial runs one pass of the serial reference on a goroutine of
// its own (see Runner.await), with the GOMAXPROCS the series started
// with, and returns its time and ledger.
func (m *measure) timedSerial(ctx context.Context, r *Runner) (float64, *results.Ledger, error) {
	var el float64
	var l *results.Ledger
	var err error
	if !r.await(ctx, func() {
		runtime.GOMAXPROCS(m.procs)
		before := m.meter.read(nil)
		el, err = r.serialPass(ctx, m)
		l = ledger(before, m.meter.read(nil))
	}) {
		return 0, nil, errAbandoned
	}
	return el, l, err
}

// pointRound runs point i's pass of round and records it; a disturbed
// pass is kept aside and measured again, at most MaxRetries times and
// while budget allows. Without kept pools the point's pool is started
// and warmed up first, and closed after.
func (m *measure) pointRound(ctx context.Context, r *Runner, s *results.Series, i, round int, prog *progress,
	save func() error, budget func() bool) (err error) {
	pt := &s.Points[i]
	c := r.counts(m.plan)[i]
	label := fmt.Sprintf("%s P=%d", m.plan.Spec.Name, c.Workers)
	if !m.keep {
		defer func() {
			if cerr := m.closePool(i); err == nil {
				err = cerr
			}
		}()
		for range r.Warmup {
			if pt.Failed || m.stop {
				return nil
			}
			prog.tick(label, round+1)
			if _, err := m.point(ctx, r, i, c, pt, true); err != nil {
				return err
			}
		}
	}
	for try := 0; !pt.Failed && !m.stop; try++ {
		prog.tick(label, round+1)
		ps, err := m.point(ctx, r, i, c, pt, false)
		if err != nil {
			return err
		}
		if ps == nil {
			return save() // failed
		}
		why := r.disturbance(ps.ledger, ps.seconds, min(c.Workers, m.cpus), m.cpus, m.fits(c))
		if why == "" {
			ps.record(pt, round)
			return save()
		}
		pt.Disturbed = append(
			pt.Disturbed,
			results.Disturbed{Seconds: ps.seconds, Round: round, Ledger: ps.ledger, Why: why},
		)
		if err := save(); err != nil {
			return err
		}
		if try == MaxRetries || !budget() || !backOff(ctx, ps.seconds) {
			return nil
		}
	}
	return save()
}

// The pause before a disturbed pass is measured again, so that a
// neighbour's burst may pass: as long as the pass, within these bounds.
const (
	minBackOff = 50 * time.Millisecond
	maxBackOff = 250 * time.Millisecond
)

// backOff pauses before a disturbed pass of wall seconds is measured
// again, and reports whether ctx is still live.
func backOff(ctx context.Context, wall float64) bool {
	d := min(max(time.Duration(wall*float64(time.Second)), minBackOff), maxBackOff)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// disturbance is Disturbance, or "" when disturbed passes are kept.
func (r *Runner) disturbance(l *results.Ledger, wall float64, needed, cpus int, fits bool) string {
	if r.KeepDisturbed {
		return ""
	}
	return Disturbance(l, wall, needed, cpus, fits)
}

// fits reports whether the threads of a pass at c never outnumber the
// machine's CPUs: goroutines up to the CPUs. Worker processes are Go
// runtimes of their own beside this one, whose threads may contend with
// theirs at any count: their waits are not read as others'.
func (m *measure) fits(c Count) bool {
	return !workerProcesses(m.plan.Executor) && c.Workers <= m.cpus
}

// pass is one timed pass of a point: its time, ledger and the CPU time
// its pool measured (nil when it measures none).
type pass struct {
	seconds float64
	ledger  *results.Ledger
	cpu     *executor.CPUTime
}

// record appends the pass to pt's samples as a sample of round.
func (ps *pass) record(pt *results.Point, round int) {
	pt.SamplesS = append(pt.SamplesS, ps.seconds)
	pt.Rounds = append(pt.Rounds, round)
	pt.Ledger = append(pt.Ledger, ps.ledger)
	if ps.cpu != nil {
		pt.UserS = append(pt.UserS, ps.cpu.UserS)
		pt.SysS = append(pt.SysS, ps.cpu.SysS)
	}
}

// point runs one pass of point i and records in pt what is not a
// sample: its failure, its verification, its costs and, in a warm-up
// pass (or in every pass without warm-up), its peak memory. It returns
// the pass, or nil when the pass failed; an error when it was
// interrupted (ctx's), or errAbandoned when it did not stop.
func (m *measure) point(ctx context.Context, r *Runner, i int, c Count, pt *results.Point, warm bool) (*pass, error) {
	// The pass fills in a copy, so that a pass left running writes
	// nothing that the caller saves.
	p := *pt
	var ps pass
	var err error
	if !r.await(ctx, func() { ps, err = m.pass(ctx, r, i, c, &p, warm || r.Warmup == 0) }) {
		return nil, errAbandoned
	}
	if err != nil && ctx.Err() != nil {
		return nil, ctx.Err()
	}
	*pt = p
	m.failed = m.failed || !pt.Verified
	if err != nil {
		pt.Failed, pt.Error = true, err.Error()
		m.failed = true
		if r.FailFast {
			m.stop = true
		}
		return nil, nil
	}
	return &ps, nil
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
// starting the pool when none runs, and verifies it, all bounded by
// r.Timeout. It returns the time of the pass, its ledger and, when the
// pool measures it, the user and system CPU time of its workers; a
// failed verification is recorded in pt, and with peak the pass's peak
// memory. A pass that fails closes the pool.
func (m *measure) pass(
	ctx context.Context,
	r *Runner,
	i int,
	c Count,
	pt *results.Point,
	peak bool,
) (ps pass, err error) {
	inst := m.insts[i]
	ctx, cancel := r.passContext(ctx)
	defer cancel()
	defer m.halt.Watch(ctx)()
	resetPeakRSS()
	defer func() {
		if err != nil {
			if cerr := m.closePool(i); cerr != nil && ctx.Err() == nil {
				err = fmt.Errorf("%w; %w", err, cerr)
			}
		}
	}()
	pool, err := m.readyPool(ctx, r, i, c, pt.Size)
	if err != nil {
		return ps, err
	}
	var pids []int
	if wp, ok := pool.(executor.WorkerProcesses); ok {
		pids = wp.PIDs()
	}
	before := m.meter.read(pids)
	t0 := time.Now()
	inst.Begin(c.Workers)
	err = pool.Run(ctx)
	inst.End()
	ps.seconds = time.Since(t0).Seconds()
	ps.ledger = ledger(before, m.meter.read(pids))
	if err == nil {
		err = ctx.Err() // a pass cut short is no sample
	}
	if err != nil {
		if r.timedOut(err) {
			return ps, fmt.Errorf("timed out after %v", r.Timeout)
		}
		return ps, err
	}
	st := pool.Stats()
	ps.cpu = st.CPU
	pt.StartupS = st.StartupS // the latest start of the point's pool
	pt.BytesSent, pt.BytesReceived = st.BytesSent, st.BytesReceived
	if peak {
		pt.PeakRSSBytes = max(pt.PeakRSSBytes, m.timing.PeakRSS(st.PeakRSSBytes, peakRSS()))
	}
	if verr := inst.Verify(); verr != nil {
		pt.Verified = false
		pt.Note = verr.Error()
	} else if n, ok := inst.(workloads.Noter); ok && pt.Verified {
		pt.Note = n.Note()
	}
	return ps, nil
}

// readyPool returns point i's pool, started if none runs, prepared for
// its next pass.
func (m *measure) readyPool(ctx context.Context, r *Runner, i int, c Count, size int64) (executor.Pool, error) {
	if m.pools[i] == nil {
		pool, err := m.startPool(ctx, i, c, size)
		if err != nil {
			if r.timedOut(err) {
				return nil, fmt.Errorf("timed out after %v while starting %d workers", r.Timeout, c.Workers)
			}
			return nil, fmt.Errorf("start %d workers: %w", c.Workers, err)
		}
		m.pools[i] = pool
	}
	if err := m.pools[i].Prepare(ctx); err != nil {
		if r.timedOut(err) {
			return nil, fmt.Errorf("timed out after %v while preparing the pass", r.Timeout)
		}
		return nil, err
	}
	return m.pools[i], nil
}
