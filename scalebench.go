// Package scalebench measures how your own Go code scales across
// workers, with the protocol, result file, summary and report of the
// scalebench command.
//
// Describe the computation as a Workload: its serial algorithm, and its
// parallel one either as a function of the worker count that starts its
// own goroutines (Parallel), or as independent tasks that scalebench
// hands to the workers (Tasks, Task, Combine). Then:
//
//   - Register it and call Main from your own command: it offers the
//     whole scalebench command line (run, fit, report, compare, theory)
//     with your workloads beside the built-in ones, so that
//     `mybench run sum --size quick` measures it in interleaved rounds,
//     checks every parallel answer against the serial one, fits Amdahl's
//     law and the USL, and writes the same result file and report;
//   - or call Benchmark from a testing.B: it runs sub-benchmarks named
//     workers=P, whose output `scalebench fit` reads and
//     `benchstat -col /workers` puts side by side.
//
// The example module in examples/go of the repository does both.
package scalebench

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"

	"github.com/scalebench/scalebench/workloads"
)

// Workload is a parallel computation of your own, with answers of type
// T that the parallel algorithm must reproduce.
type Workload[T any] struct {
	// Name names the workload on the command line and in results:
	// lower-case letters, digits and dashes.
	Name        string
	Description string
	// Unit names what a size counts ("items"), for throughput.
	Unit string
	// Quick and Full are the sizes of --size quick and --size full; a
	// size of 0 is 1.
	Quick, Full int64
	// Serial computes the answer for a problem of size with the best
	// serial algorithm. It is required.
	Serial func(size int64) T
	// Parallel computes the answer on workers goroutines of its own.
	// Give Parallel, or Tasks, Task and Combine.
	Parallel func(size int64, workers int) T
	// Tasks is the number of independent tasks of a problem of size;
	// Task computes task i's part, on whichever worker the schedule
	// gives it; Combine joins the parts, in task order.
	Tasks   func(size int64) int
	Task    func(size int64, i int) T
	Combine func(parts []T) T
	// Equal reports whether a parallel answer agrees with the serial
	// one; nil compares them with reflect.DeepEqual.
	Equal func(serial, parallel T) bool
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// check says what is wrong with w, or nil.
func (w *Workload[T]) check() error {
	switch {
	case !nameRE.MatchString(w.Name):
		return fmt.Errorf("workload name %q: want lower-case letters, digits and dashes", w.Name)
	case w.Serial == nil:
		return fmt.Errorf("workload %s: no Serial", w.Name)
	case w.Parallel == nil && (w.Tasks == nil || w.Task == nil || w.Combine == nil):
		return fmt.Errorf("workload %s: give Parallel, or Tasks, Task and Combine", w.Name)
	case w.Parallel != nil && w.Tasks != nil:
		return fmt.Errorf("workload %s: give Parallel or Tasks, not both", w.Name)
	}
	return nil
}

// ErrDuplicate is returned by Register for a name already registered.
var ErrDuplicate = errors.New("a workload of that name is registered")

// Register adds w to the workloads the scalebench command line (Main)
// can run, beside the built-in ones. It runs on the goroutines
// executor, in this process.
func Register[T any](w Workload[T]) error {
	if err := w.check(); err != nil {
		return err
	}
	if _, ok := workloads.Lookup(w.Name); ok {
		return fmt.Errorf("%s: %w", w.Name, ErrDuplicate)
	}
	workloads.Register(w.spec())
	return nil
}

// spec is w as a workload of the catalog.
func (w Workload[T]) spec() *workloads.Spec {
	quick, full := max(w.Quick, 1), max(w.Full, 1)
	if w.Full == 0 {
		full = quick
	}
	return &workloads.Spec{Name: w.Name, Description: w.Description, Unit: w.Unit, Quick: quick, Full: full,
		Schedule: "block", Chunk: 1, Executors: []string{"goroutines"},
		Why: "a workload defined in Go runs in the process that registered it",
		New: func(c workloads.Config) (workloads.Instance, error) {
			if c.Size < 1 {
				return nil, &workloads.ParamError{
					Workload: w.Name,
					Param:    "size",
					Value:    fmt.Sprint(c.Size),
					Want:     "at least 1",
				}
			}
			return w.instance(c.Size), nil
		}}
}

// instance is a problem of size of w, as the sweep measures it.
func (w Workload[T]) instance(size int64) workloads.Instance {
	in := &instance[T]{w: w, size: size}
	if w.Parallel != nil {
		return &ownWorkers[T]{in}
	}
	in.parts = make([]T, max(w.Tasks(size), 0))
	return in
}

// instance runs w's tasks, or its Parallel as one task.
type instance[T any] struct {
	w              Workload[T]
	size           int64
	workers        int
	parts          []T
	serial, answer T
}

func (in *instance[T]) Tasks() int {
	if in.w.Parallel != nil {
		return 1
	}
	return len(in.parts)
}

func (in *instance[T]) Serial()           { in.serial = in.w.Serial(in.size) }
func (in *instance[T]) Begin(workers int) { in.workers = workers }

func (in *instance[T]) Run(_, task int) {
	if in.w.Parallel != nil {
		in.answer = in.w.Parallel(in.size, in.workers)
		return
	}
	in.parts[task] = in.w.Task(in.size, task)
}

func (in *instance[T]) End() {
	if in.w.Parallel == nil {
		in.answer = in.w.Combine(in.parts)
	}
}

// Verify compares the parallel answer with the serial one.
func (in *instance[T]) Verify() error {
	equal := in.w.Equal
	if equal == nil {
		equal = func(a, b T) bool { return reflect.DeepEqual(a, b) }
	}
	if !equal(in.serial, in.answer) {
		return fmt.Errorf("%s: the parallel answer %v differs from the serial %v", in.w.Name, in.answer, in.serial)
	}
	return nil
}

// ownWorkers is an instance whose Parallel starts its own goroutines.
type ownWorkers[T any] struct{ *instance[T] }

// OwnWorkers implements workloads.OwnWorkers.
func (ownWorkers[T]) OwnWorkers() {}
