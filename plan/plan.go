// Package plan turns the typed configuration of a run into the plans of
// a sweep, checked in full before anything is measured: the worker
// counts, every workload's parameters, sizes and memory, the executors
// and schedules, and the protocol's budget. The run command's flags
// fill a Config; so do the lessons and Go callers of the scalebench
// package.
package plan

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling/sweep"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// Size is a problem size: one the workload names (SizeQuick, SizeFull)
// or a number in its unit.
type Size struct {
	Named string // "quick" or "full"; "" with N
	N     int64
}

// The named sizes.
var (
	// SizeQuick is the size for CI and tests.
	SizeQuick = Size{Named: "quick"}
	// SizeFull is the size a workload is meant to be measured at.
	SizeFull = Size{Named: "full"}
)

// Protocol is how every series of a run is measured (scaling/sweep):
// the least and most rounds, the warm-up, the precision that decides
// between them, the time allowed, what to do with disturbed passes, and
// the bounds of a pass.
type Protocol struct {
	Reps, Warmup, MaxReps int
	// Precision is the relative half-width asked of every fitted
	// speedup's interval (and of f's or α's, see analysis.Precise); 0
	// runs Reps rounds.
	Precision float64
	// MaxTime bounds the rounds past Reps; with AutoTime the bound is as
	// long again as the Reps rounds took, and at least AutoMinTime.
	MaxTime  time.Duration
	AutoTime bool
	// KeepDisturbed keeps every pass among the samples.
	KeepDisturbed bool
	Timeout       time.Duration
	FailFast      bool
}

// The defaults of the protocol: rounds past Reps run until the answer
// is within ±DefaultPrecision, at most DefaultMaxReps rounds, and for at
// most AutoTimeScale times as long as the Reps rounds took or
// AutoMinTime, whichever is longer. On a shared machine the speed of one
// CPU against another drifts over seconds to minutes, which no pairing
// within a round cancels: a ratio such as S(2) holds still from one run
// to the next only when each run samples that drift for some seconds.
const (
	DefaultReps      = 5
	DefaultWarmup    = 1
	DefaultPrecision = 0.02
	DefaultMaxReps   = 60
	AutoTimeScale    = 2
	AutoMinTime      = 15 * time.Second
)

// DefaultProtocol is the protocol of a run that asks for nothing else.
var DefaultProtocol = Protocol{Reps: DefaultReps, Warmup: DefaultWarmup, MaxReps: DefaultMaxReps,
	Precision: DefaultPrecision, AutoTime: true}

// Config is a run: what to measure, on which worker counts, how.
type Config struct {
	// Workloads are measured in turn, each with every executor and
	// schedule; Extra plans (a program of the user's own) follow them.
	Workloads []*workloads.Spec
	Extra     []sweep.Plan
	// Params are workload parameters by name; each must apply to one of
	// the Workloads (or there must be Extra plans).
	Params map[string]string
	// Workers are the worker counts; nil means DefaultWorkers(CPUs).
	Workers []int
	// Oversubscribe are multiples of CPUs appended, oversubscribed.
	Oversubscribe []int
	Mode          results.Mode // "" is strong
	Size          Size
	// TargetTime, when set, grows the size until the serial run takes
	// about this long (Run.ChooseSizes).
	TargetTime time.Duration
	Executors  []executor.Executor // nil: goroutines
	Schedules  []executor.Schedule // nil: each workload's own
	Chunk      int                 // 0: each workload's own
	Seed       uint64
	// CPUs is the CPU count the run is planned for.
	CPUs     int
	Protocol Protocol
}

// Error is a configuration that cannot be run; its message names what
// was wrong in the terms of the run command's flags.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

func errorf(format string, args ...any) error { return &Error{fmt.Sprintf(format, args...)} }

// IsConfig reports whether err is a configuration error (Error, or a
// workload parameter that is out of range).
func IsConfig(err error) bool {
	var e *Error
	return errors.As(err, &e) || workloads.IsUsage(err)
}

// MaxWorkers is the largest worker count of a point.
const MaxWorkers = 1 << 16

// MaxWorkerProcesses caps the worker processes of one point of the
// process executors: beyond it a point is left out with a warning (each
// worker is a process with its own runtime, pipes and memory).
const MaxWorkerProcesses = 512

// Check checks the ranges of c without building anything; with CPUs 0
// (not planned yet) what depends on the CPU count is left to Build.
func (c *Config) Check() error {
	p := c.Protocol
	switch {
	case c.Mode != "" && c.Mode != results.ModeStrong && c.Mode != results.ModeWeak:
		return errorf("--mode %q: want strong or weak", c.Mode)
	case p.Reps < 1:
		return errorf("--reps %d: must be at least 1", p.Reps)
	case p.Warmup < 0:
		return errorf("--warmup %d: must not be negative", p.Warmup)
	case p.MaxReps < p.Reps:
		return errorf("--max-reps %d: must be at least --reps (%d)", p.MaxReps, p.Reps)
	case !(p.Precision >= 0 && p.Precision < 1):
		return errorf("--precision %v: must be at least 0 and below 100%%", p.Precision)
	case p.MaxTime < 0:
		return errorf("--max-time %v: must not be negative", p.MaxTime)
	case c.Chunk < 0:
		return errorf("--chunk %d: must not be negative (0 takes the workload's default)", c.Chunk)
	case c.TargetTime < 0:
		return errorf("--target-time %v: must not be negative", c.TargetTime)
	case p.Timeout < 0:
		return errorf("--timeout %v: must not be negative", p.Timeout)
	case c.Size.N < 0 || c.Size.N == 0 && c.Size.Named != "quick" && c.Size.Named != "full":
		return errorf("--size %q: want quick, full, or a whole number ≥ 1", c.Size.Named)
	case c.CPUs < 0:
		return errorf("--cpus %d: must be at least 1", c.CPUs)
	}
	for _, m := range c.Oversubscribe {
		if c.CPUs > 0 && m > MaxWorkers/c.CPUs {
			return errorf("--oversubscribe %d: %d × %d CPUs is more than %d workers", m, m, c.CPUs, MaxWorkers)
		}
	}
	return c.checkParams()
}

// checkParams checks that every parameter given applies to a workload
// (or that there is no workload to check against).
func (c *Config) checkParams() error {
	if len(c.Extra) > 0 || len(c.Workloads) == 0 {
		return nil
	}
	for name := range c.Params {
		applies := false
		for _, s := range c.Workloads {
			applies = applies || hasParam(s, name)
		}
		if !applies {
			return errorf("--%s does not apply to %s", name, joinNames(c.Workloads))
		}
	}
	return nil
}

// DefaultWorkers is the worker list of a machine of cpus CPUs: 1, the
// powers of two below cpus, and cpus.
func DefaultWorkers(cpus int) []int {
	out := []int{1}
	for p := 2; p < cpus; p *= 2 {
		out = append(out, p)
	}
	if cpus > 1 {
		out = append(out, cpus)
	}
	return out
}

// Run is a checked plan: the series to measure, the counts, and the
// warnings about them (points left out for memory or process caps).
type Run struct {
	Config   Config
	Plans    []sweep.Plan
	Counts   []sweep.Count
	Warnings []string
}

// Build checks c and builds every plan of the run: parameters, sizes
// (every weak-scaling size too), the memory each point needs, an
// instance of each workload at its base size. Nothing is measured before
// all of it passed.
func (c Config) Build() (*Run, error) {
	switch {
	case c.CPUs < 1:
		return nil, errorf("--cpus %d: must be at least 1", c.CPUs)
	case len(c.Workloads) == 0 && len(c.Extra) == 0:
		return nil, errorf("run: no workload given (want one or more of %s)", workloadNames())
	}
	if err := c.Check(); err != nil {
		return nil, err
	}
	workers := c.Workers
	if workers == nil {
		workers = DefaultWorkers(c.CPUs)
	}
	r := &Run{Config: c, Counts: sweep.Counts(workers, c.Oversubscribe, c.CPUs)}
	for _, s := range c.Workloads {
		plans, warnings, err := c.specPlans(s, r.Counts)
		if err != nil {
			return nil, err
		}
		r.Plans = append(r.Plans, plans...)
		r.Warnings = append(r.Warnings, warnings...)
	}
	r.Plans = append(r.Plans, c.Extra...)
	return r, nil
}

// ChooseSizes sets the size of every plan of a workload so that its
// serial run takes about Config.TargetTime, when that is set (see
// sweep.ChooseSize).
func (r *Run) ChooseSizes(ctx context.Context) error {
	if r.Config.TargetTime <= 0 {
		return nil
	}
	for i := range r.Plans {
		p := &r.Plans[i]
		size, err := sweep.ChooseSize(ctx, p.Spec, p.Params, p.Seed, p.Spec.Quick, r.Config.TargetTime)
		if err != nil {
			return err
		}
		p.Size = size
	}
	return nil
}

// Sweep is the protocol of the run for the sweep, on a machine of
// online CPUs (0: the sweep counts them).
func (r *Run) Sweep(online int) sweep.Config {
	p := r.Config.Protocol
	c := sweep.Config{Counts: r.Counts, Reps: p.Reps, Warmup: p.Warmup, MaxReps: p.MaxReps, MaxTime: p.MaxTime,
		Precision: p.Precision, Seed: r.Config.Seed, CPUs: online, KeepDisturbed: p.KeepDisturbed,
		Timeout: p.Timeout, FailFast: p.FailFast}
	if p.AutoTime && p.MaxTime == 0 {
		c.MaxTimeScale, c.MinMaxTime = AutoTimeScale, AutoMinTime
	}
	return c
}
