// Package workloads defines what scalebench measures: a Workload builds its
// input deterministically from a size and a seed, splits the work into
// tasks, has a best serial algorithm and a parallel one, and verifies the
// parallel answer against the serial one. Workloads register themselves by
// name; the executors decide how tasks reach workers.
package workloads

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Param is a workload-specific parameter, exposed as a flag of `run`.
type Param struct {
	Name    string   `json:"name"`
	Default string   `json:"default"`
	Help    string   `json:"help"`
	Values  []string `json:"values,omitempty"` // the accepted values; nil accepts any
}

// Config is everything an instance is built from. The same Config always
// builds the same input.
type Config struct {
	Size   int64
	Seed   uint64
	Params map[string]string // every declared parameter, defaults filled in
	// Base is the size at one worker of a weak-scaling sweep (0 in strong
	// mode). A workload whose serial part stays fixed as the problem grows
	// (Spec.Weak) sizes that part from Base.
	Base int64
	// Alloc, when set, allocates the block that Portable.Input returns,
	// so that an executor can place it in memory its workers share and
	// the input exists only once. Use Bytes, which falls back to make.
	Alloc func(n int) ([]byte, error)
	// Stop, when set, asks the instance's work to give up early (see
	// Stop); the instance keeps it. nil: the work always runs to the end.
	Stop *Stop
}

// Bytes allocates an input block of n bytes with c.Alloc, or with make
// when c.Alloc is nil.
func (c Config) Bytes(n int) ([]byte, error) {
	if c.Alloc == nil || n == 0 {
		return make([]byte, n), nil
	}
	b, err := c.Alloc(n)
	if err != nil {
		return nil, fmt.Errorf("allocate %d bytes of input: %w", n, err)
	}
	return b, nil
}

// Float returns the parameter name as a float64.
func (c Config) Float(name string) (float64, error) {
	v, err := strconv.ParseFloat(c.Params[name], 64)
	if err != nil {
		return 0, &ParamError{Param: name, Value: c.Params[name], Want: "a number"}
	}
	return v, nil
}

// Int returns the parameter name as an int64.
func (c Config) Int(name string) (int64, error) {
	v, err := strconv.ParseInt(c.Params[name], 10, 64)
	if err != nil {
		return 0, &ParamError{Param: name, Value: c.Params[name], Want: "an integer"}
	}
	return v, nil
}

// Instance is one workload built for one size: its input exists, and it
// can run its serial algorithm or its tasks any number of times.
//
// A parallel pass is Begin, then Run for every task exactly once (from any
// number of goroutines, each task by one of them), then End. Begin and End
// run on the coordinating goroutine and are timed with the pass: they hold
// any serial phase of the parallel algorithm and the final reduction.
//
// An instance built with a Config.Stop may return early from Serial,
// Begin, Run and End once it is stopped; its answer is then incomplete,
// and the caller discards the pass without calling Verify.
type Instance interface {
	// Tasks is the number of tasks of a parallel pass.
	Tasks() int
	// Serial runs the best serial algorithm and keeps its answer as the
	// reference for Verify.
	Serial()
	// Begin prepares a parallel pass on the given number of workers and
	// clears the answer of the previous pass.
	Begin(workers int)
	// Run executes one task on behalf of worker (0 ≤ worker < workers).
	Run(worker, task int)
	// End combines the task results into the parallel answer.
	End()
	// Verify compares the parallel answer with the serial one and returns
	// nil when they agree (exactly, or within the workload's stated
	// tolerance).
	Verify() error
}

// Spec describes a workload and builds its instances.
type Spec struct {
	Name        string
	Description string
	Params      []Param
	// Unit names what Size counts (points, bytes, matrices …).
	Unit string
	// Quick and Full are the preset sizes: Quick is for tests and CI.
	Quick, Full int64
	// MaxSize is the largest size New accepts; 0 means no limit besides
	// New's own checks. Plans check it for every weak-scaling size before
	// anything is measured.
	MaxSize int64
	// Weak, when set, is the size at workers workers of a weak-scaling
	// sweep from base, the size at one worker; nil means base·workers.
	// A workload whose serial part stays fixed (Gustafson's assumption)
	// grows only its parallel part.
	Weak func(base int64, workers int, params map[string]string) (int64, error)
	// Schedule and Chunk are the defaults for this workload.
	Schedule string
	Chunk    int
	// Executors lists the executors that can run this workload; nil means
	// all of them. Why tells why the others cannot.
	Executors []string
	Why       string
	// Hidden keeps a workload out of listings (test-only workloads).
	Hidden bool
	// New builds an instance. It returns a *ParamError for a bad
	// parameter or size (a usage error) and any other error for input it
	// could not read.
	New func(Config) (Instance, error)
	// Kernel, when set, builds the worker side of a Portable instance
	// from the same Config (without building the input). Workloads with a
	// Kernel run on the process executors.
	Kernel func(Config) (Kernel, error)
	// Crossing says what crosses the process boundary when the tasks run
	// in worker processes; every workload with a Kernel fills it in.
	Crossing Crossing
	// Memory, when set, estimates what an instance built from a Config
	// allocates, for CheckMemory; it returns a *ParamError for a
	// parameter it cannot read. Workloads whose memory does not grow with
	// their size or parameters leave it nil.
	Memory func(Config) (Footprint, error)
}

// Crossing is what crosses the process boundary for one task of a
// workload whose tasks run in worker processes (the processes and shm
// executors), for `scalebench list`.
type Crossing struct {
	// Input is what a worker gets for one task, with its size: its
	// parameters (a few numbers from which the worker makes its work),
	// or its part of the input.
	Input string
	// Result is what the worker sends back for one task.
	Result string
	// Shared is set when New builds the input as one block with
	// Config.Bytes: the shm executor then builds it once in memory its
	// workers share and sends a task only where its part lies. Otherwise
	// shm copies the input into a segment of its own at the start of
	// every point. The processes executor sends every task its input
	// through a pipe either way.
	Shared bool
}

// Supports reports whether the executor can run this workload.
func (s *Spec) Supports(executor string) bool {
	return s.Executors == nil || slices.Contains(s.Executors, executor)
}

// WeakSize returns the size at workers workers of a weak-scaling sweep
// whose size at one worker is base, or a *ParamError when it overflows or
// exceeds MaxSize.
func (s *Spec) WeakSize(base int64, workers int, params map[string]string) (int64, error) {
	size := base
	if workers > 1 {
		var err error
		switch {
		case s.Weak != nil:
			size, err = s.Weak(base, workers, params)
		case base > math.MaxInt64/int64(workers):
			err = errOverflow
		default:
			size = base * int64(workers)
		}
		if err != nil {
			return 0, &ParamError{Workload: s.Name, Param: "size", Value: fmt.Sprint(base),
				Want: fmt.Sprintf("small enough to grow %d-fold in weak mode: %v", workers, err)}
		}
	}
	if s.MaxSize > 0 && size > s.MaxSize {
		return 0, &ParamError{Workload: s.Name, Param: "size", Value: fmt.Sprint(base),
			Want: fmt.Sprintf("at most %d at %d workers (weak mode grows it to %d)", s.MaxSize, workers, size)}
	}
	return size, nil
}

// errOverflow is a size that does not fit in an int64.
var errOverflow = errors.New("the size overflows")

// Resolve fills in defaults and checks every parameter of params against
// the declared ones.
func (s *Spec) Resolve(params map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(s.Params))
	for _, p := range s.Params {
		out[p.Name] = p.Default
	}
	for k, v := range params {
		p, ok := s.param(k)
		if !ok {
			return nil, &ParamError{Workload: s.Name, Param: k, Value: v, Want: "no such parameter"}
		}
		if p.Values != nil && !slices.Contains(p.Values, v) {
			return nil, &ParamError{Workload: s.Name, Param: k, Value: v, Want: "one of " + strings.Join(p.Values, ", ")}
		}
		out[k] = v
	}
	return out, nil
}

func (s *Spec) param(name string) (Param, bool) {
	for _, p := range s.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// ParamError is a bad parameter or size: the caller made a usage error.
type ParamError struct {
	Workload string
	Param    string
	Value    string
	Want     string
}

func (e *ParamError) Error() string {
	w := ""
	if e.Workload != "" {
		w = e.Workload + ": "
	}
	return fmt.Sprintf("%s--%s %q: %s", w, e.Param, e.Value, e.Want)
}

// IsUsage reports whether err is a usage error (a *ParamError).
func IsUsage(err error) bool {
	var pe *ParamError
	return errors.As(err, &pe)
}

// OwnWorkers is implemented by instances that start their own workers:
// their one task, run on one of the pool's workers while GOMAXPROCS is
// the worker count, divides the work itself. No task count is recorded
// for them, so no worker is reported idle.
type OwnWorkers interface {
	OwnWorkers()
}

// Noter is implemented by instances with a remark on their last parallel
// pass beyond pass/fail, e.g. how many updates were lost.
type Noter interface {
	Note() string
}

var (
	mu       sync.RWMutex
	registry = map[string]*Spec{}
)

// Register adds a workload. It panics on a duplicate or incomplete spec,
// which is a programming error found at start-up.
func Register(s *Spec) {
	mu.Lock()
	defer mu.Unlock()
	if s.Name == "" || s.New == nil || s.Quick <= 0 || s.Full <= 0 {
		panic("workloads: incomplete spec " + s.Name)
	}
	if _, dup := registry[s.Name]; dup {
		panic("workloads: duplicate " + s.Name)
	}
	registry[s.Name] = s
}

// Lookup returns the named workload.
func Lookup(name string) (*Spec, bool) {
	mu.RLock()
	defer mu.RUnlock()
	s, ok := registry[name]
	return s, ok
}

// All returns the listed workloads sorted by name.
func All() []*Spec {
	mu.RLock()
	defer mu.RUnlock()
	var out []*Spec
	for _, s := range registry {
		if !s.Hidden {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Names returns the names of the listed workloads, sorted.
func Names() []string {
	var names []string
	for _, s := range All() {
		names = append(names, s.Name)
	}
	return names
}
