package command

import (
	"context"

	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// Executor runs the one task of a command's instance: a run of the
// program, which starts its own workers. It is not registered: it cannot
// run the built-in workloads, and --cmd is the only way to choose it.
// It is also the sweep's Timing (scaling/sweep) of a command's plans: the
// serial program is timed without its preparation, and the program is
// measured alone.
type Executor struct{}

var _ executor.Executor = Executor{}

// Name implements executor.Executor.
func (Executor) Name() string { return "command" }

// Start returns the pool of one point: the program starts its own
// workers in every run.
func (Executor) Start(_ context.Context, job executor.Job, workers int, _ executor.Options) (executor.Pool, error) {
	in, ok := job.Instance.(*Instance)
	if !ok {
		return nil, ErrNotCommand
	}
	return &pool{in: in, workers: workers}, nil
}

// TimeSerial prepares a serial sample, untimed, then runs the serial
// program under ctx and returns the wall time of its run.
func (Executor) TimeSerial(ctx context.Context, inst workloads.Instance) (float64, error) {
	in, ok := inst.(*Instance)
	if !ok {
		return 0, ErrNotCommand
	}
	return in.SerialTimed(ctx)
}

// Reference does nothing: Verify makes its own reference, from a run on
// one worker at the same size.
func (Executor) Reference(workloads.Instance) {}

// Tasks is 0, so that no task count is recorded: the program divides its
// work in its own way.
func (Executor) Tasks(workloads.Instance) int { return 0 }

// PeakRSS is the peak of the program's process tree alone: this process
// does none of its work.
func (Executor) PeakRSS(workers, _ int64) int64 { return workers }

type pool struct {
	in      *Instance
	workers int
}

// Prepare runs the preparation command, if any, for the coming run; the
// sweep does not time Prepare.
func (p *pool) Prepare(ctx context.Context) error { return p.in.prepare(ctx, p.workers) }

// Run runs the program once on the worker count given to Begin, under
// the context of the pass: a timeout or an interrupt kills its process
// group.
func (p *pool) Run(ctx context.Context) error { return p.in.run(ctx) }

// Stats reports the peak resident memory and the user and system CPU
// time of the last run's process tree. The program's own start-up is
// inside the sample, as it is for a user timing the program, so StartupS
// is 0.
func (p *pool) Stats() executor.Stats {
	u := p.in.last
	return executor.Stats{PeakRSSBytes: u.MaxRSSBytes, CPU: &executor.CPUTime{UserS: u.UserS, SysS: u.SysS}}
}

func (p *pool) Close() error { return nil }
