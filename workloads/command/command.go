// Package command measures a program of the user's own as a workload:
// `scalebench run --cmd 'PROGRAM --threads {workers}'`. The program starts
// its own workers (threads, processes, MPI ranks); scalebench starts it
// once per sample with the worker count in its command line and times it
// from outside, so the sweep, the repetitions and the fits are the same as
// for the built-in workloads.
//
// A Program becomes a workloads.Spec that is built at run time and never
// registered. Its instances have one task, and the Executor of this
// package runs that task once per pass: the run of the program for the
// worker count given to Begin.
package command

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/workloads"
)

// Program is a command to measure and how to check it.
type Program struct {
	// Name is the workload name of its series.
	Name string
	// Cmd runs the parallel program; Serial, if set, the best serial
	// program (T_S). Without Serial the run of Cmd on one worker is the
	// serial reference. Prepare, if set, runs before every sample,
	// untimed.
	Cmd, Serial, Prepare *Template
	// VerifyOutput compares the output of every run with the output of
	// the run on one worker at the same size: all of stdout, or with
	// VerifyRegexp the first capture group of its first match (the whole
	// match when it has no group).
	VerifyOutput bool
	VerifyRegexp *regexp.Regexp
	// Timeout bounds every run outside a timed pass (serial reference,
	// preparation, the reference run of the verification); 0 means none.
	// The sweep bounds the passes themselves.
	Timeout time.Duration
	// Context stops every run outside a pass when it ends (an interrupt):
	// the Instance interface carries no context of its own.
	Context context.Context
}

// Check looks up every program the Program runs in PATH (or as a path
// with a slash), so that a missing one is found before measuring.
func (p *Program) Check() error {
	for _, t := range []*Template{p.Cmd, p.Serial, p.Prepare} {
		if t == nil {
			continue
		}
		if _, err := exec.LookPath(t.Program()); err != nil {
			// The errors of LookPath repeat the name: keep only why.
			var pe *fs.PathError
			var ee *exec.Error
			if errors.As(err, &pe) {
				err = pe.Err
			} else if errors.As(err, &ee) {
				err = ee.Err
			}
			return fmt.Errorf("%s: program not found: %w", safetext.Quote(t.Program()), err)
		}
	}
	return nil
}

// Spec builds the workload of p. The size is what {size} stands for; it
// is 1 for a template without {size}.
func (p *Program) Spec() *workloads.Spec {
	unit := ""
	if !p.Cmd.Uses("size") {
		unit = "runs"
	}
	return &workloads.Spec{
		Name:        p.Name,
		Description: "the command " + p.Cmd.Text,
		Unit:        unit,
		Quick:       1,
		Full:        1,
		Executors:   []string{Executor{}.Name()},
		Why:         "a command starts its own workers",
		Hidden:      true,
		New: func(c workloads.Config) (workloads.Instance, error) {
			return &Instance{prog: p, size: c.Size}, nil
		},
	}
}

// Params are the series parameters that record what p ran.
func (p *Program) Params() map[string]string {
	m := map[string]string{"cmd": p.Cmd.Text}
	if p.Cmd.Shell {
		m["shell"] = "true"
	}
	if p.Serial != nil {
		m["serial_cmd"] = p.Serial.Text
	} else {
		m["serial_cmd"] = "(cmd on 1 worker)"
	}
	if p.Prepare != nil {
		m["prepare"] = p.Prepare.Text
	}
	switch {
	case p.VerifyRegexp != nil:
		m["verify"] = "regexp " + p.VerifyRegexp.String()
	case p.VerifyOutput:
		m["verify"] = "output"
	}
	return m
}

func (p *Program) context() (context.Context, context.CancelFunc) {
	ctx := p.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if p.Timeout > 0 {
		return context.WithTimeout(ctx, p.Timeout)
	}
	return context.WithCancel(ctx)
}

// Instance is a Program at one size. Its one task is a run of the
// program on the worker count given to Begin.
type Instance struct {
	prog    *Program
	size    int64
	workers int

	last    Usage
	out     answer // the answer of the last pass (verification only)
	ref     answer // the answer at one worker, this size
	haveRef bool
	err     error // of the last run outside a pass (Serial, Run)
}

var _ workloads.Instance = (*Instance)(nil)

// Tasks is 1: the program is one task, whatever its worker count.
func (in *Instance) Tasks() int { return 1 }

// Serial runs the serial reference once. The sweep calls SerialTimed
// instead (through Executor.TimeSerial), which keeps the preparation out
// of the time; Serial is for
// callers of the plain Instance interface, and records a failure for
// Verify.
func (in *Instance) Serial() {
	ctx, cancel := in.prog.context()
	defer cancel()
	if err := in.prepare(ctx, 1); err != nil {
		in.err = err
		return
	}
	_, in.err = in.serial(ctx)
}

// SerialTimed prepares a serial sample (untimed), runs the serial
// reference and returns its wall time.
func (in *Instance) SerialTimed(ctx context.Context) (float64, error) {
	if err := in.prepare(ctx, 1); err != nil {
		return 0, err
	}
	return in.serial(ctx)
}

func (in *Instance) serial(ctx context.Context) (float64, error) {
	t := in.prog.Serial
	if t == nil {
		t = in.prog.Cmd
	}
	var read func(*os.File) error
	if in.prog.Serial == nil && in.prog.verifying() && !in.haveRef {
		read = func(out *os.File) (err error) {
			in.ref, err = in.prog.answer(out)
			in.haveRef = err == nil
			return err
		}
	}
	u, err := execute(ctx, t.Args(Values{Workers: 1, Size: in.size}), read)
	if err != nil {
		return 0, fmt.Errorf("serial: %w", err)
	}
	in.last = u
	return u.WallS, nil
}

func (in *Instance) prepare(ctx context.Context, workers int) error {
	if in.prog.Prepare == nil {
		return nil
	}
	if _, err := execute(ctx, in.prog.Prepare.Args(Values{Workers: workers, Size: in.size}), nil); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	return nil
}

// Begin sets the worker count of the next run.
func (in *Instance) Begin(workers int) {
	in.workers = max(workers, 1)
	in.out = answer{}
	in.err = nil
}

// Run runs the program once, stopped only by the Program's Context and
// Timeout; the Executor runs it with the context of the pass instead.
func (in *Instance) Run(int, int) {
	ctx, cancel := in.prog.context()
	defer cancel()
	in.err = in.run(ctx)
}

func (in *Instance) run(ctx context.Context) error {
	var read func(*os.File) error
	if in.prog.verifying() {
		read = func(out *os.File) (err error) {
			in.out, err = in.prog.answer(out)
			return err
		}
	}
	u, err := execute(ctx, in.prog.Cmd.Args(Values{Workers: in.workers, Size: in.size}), read)
	in.last = u
	return err
}

// End does nothing: the program combined its own results.
func (in *Instance) End() {}

// Verify compares the answer of the last run with the answer of a run on
// one worker at the same size. The first one-worker run (the serial
// reference when there is no serial command, or the point at one worker)
// gives the reference; a point at more workers measured before any such
// run makes one, untimed.
func (in *Instance) Verify() error {
	if in.err != nil {
		return in.err
	}
	if !in.prog.verifying() {
		return nil
	}
	if !in.haveRef {
		if in.workers == 1 {
			in.ref, in.haveRef = in.out, true
			return nil
		}
		ctx, cancel := in.prog.context()
		defer cancel()
		read := func(out *os.File) (err error) {
			in.ref, err = in.prog.answer(out)
			return err
		}
		if _, err := execute(ctx, in.prog.Cmd.Args(Values{Workers: 1, Size: in.size}), read); err != nil {
			return fmt.Errorf("reference run on 1 worker: %w", err)
		}
		in.haveRef = true
	}
	if !in.out.equal(in.ref) {
		out, ref := in.out.differs(in.ref)
		return fmt.Errorf("output on %d workers %s differs from the output on 1 worker %s", in.workers, out, ref)
	}
	return nil
}

// Note shows the answer that was verified.
func (in *Instance) Note() string {
	if !in.prog.verifying() {
		return ""
	}
	return "output " + in.out.String()
}

func (p *Program) verifying() bool { return p.VerifyOutput || p.VerifyRegexp != nil }

// show quotes an answer for a note, shortened to its first 60 bytes.
func show(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 60 {
		return strconv.Quote(s[:60]) + "…"
	}
	return strconv.Quote(s)
}

// ErrNotCommand is returned by the Executor for an instance that is not a
// command's.
var ErrNotCommand = errors.New("the command executor runs only commands (run --cmd)")
