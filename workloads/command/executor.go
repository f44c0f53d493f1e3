package command

import (
	"context"

	"github.com/scalebench/scalebench/workloads/executor"
)

// Executor runs the one task of a command's instance: a run of the
// program, which starts its own workers. It is not registered: it cannot
// run the built-in workloads, and --cmd is the only way to choose it.
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

// Stats reports the peak resident memory of the last run's process tree.
// The program's own start-up is inside the sample, as it is for a user
// timing the program, so StartupS is 0.
func (p *pool) Stats() executor.Stats {
	return executor.Stats{PeakRSSBytes: p.in.last.MaxRSSBytes}
}

// CPUTimes is the user and system time of the last run's process tree.
func (p *pool) CPUTimes() (userS, sysS float64) { return p.in.last.UserS, p.in.last.SysS }

func (p *pool) Close() error { return nil }
