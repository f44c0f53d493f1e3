package sweep

import (
	"context"
	"time"

	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// Timing is how the sweep measures the instances of a plan where the
// place of their work matters: how a serial reference is timed, how the
// reference answer at a weak-scaling size is made, how many tasks a point
// records and whose memory its peak is. Every plan is measured through
// its executor's Timing when the executor implements it, and through the
// in-process one otherwise; the sweep has no other case.
//
// The in-process Timing suits instances whose work runs in this process
// and in the executor's workers: it times Serial on the wall clock, runs
// Serial untimed for a weak-scaling reference, records Tasks, and counts
// this process's peak memory with the workers'. The executor of
// workloads/command, whose program starts its own workers, has its own.
type Timing interface {
	// TimeSerial runs the serial reference of inst once, bounded by ctx
	// (and by inst's Config.Stop, which follows ctx), and returns its
	// time in seconds; what it prepares untimed is no part of that time.
	TimeSerial(ctx context.Context, inst workloads.Instance) (seconds float64, err error)
	// Reference makes, untimed, the reference answer of inst, built at a
	// weak-scaling size whose serial reference is not measured.
	Reference(inst workloads.Instance)
	// Tasks is the number of tasks recorded with a point of inst; 0
	// records none.
	Tasks(inst workloads.Instance) int
	// PeakRSS is the peak resident memory recorded for a pass whose
	// pool's worker processes peaked at workers bytes and this process
	// at own bytes.
	PeakRSS(workers, own int64) int64
}

// timingOf returns the Timing of the plans run by e.
func timingOf(e executor.Executor) Timing {
	if t, ok := e.(Timing); ok {
		return t
	}
	return inProcess{}
}

// inProcess is the Timing of instances whose work runs in this process
// and the executor's workers.
type inProcess struct{}

func (inProcess) TimeSerial(_ context.Context, inst workloads.Instance) (float64, error) {
	t0 := time.Now()
	inst.Serial()
	return time.Since(t0).Seconds(), nil
}

func (inProcess) Reference(inst workloads.Instance) { inst.Serial() }

func (inProcess) Tasks(inst workloads.Instance) int {
	if _, ok := inst.(workloads.OwnWorkers); ok {
		return 0
	}
	return inst.Tasks()
}

func (inProcess) PeakRSS(workers, own int64) int64 { return workers + own }
