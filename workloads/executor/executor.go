// Package executor decides how the tasks of a workload instance reach the
// workers: goroutines sharing memory, worker processes fed through pipes
// (message passing), or worker processes sharing one memory segment.
package executor

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/scalebench/scalebench/workloads"
)

// Schedule is how tasks are assigned to workers.
type Schedule string

// The schedules.
const (
	// Block gives each worker one contiguous run of tasks.
	Block Schedule = "block"
	// Interleave gives task i to worker i mod P (Python's container[i::P]).
	Interleave Schedule = "interleave"
	// Dynamic lets workers take Chunk tasks at a time from a shared queue.
	Dynamic Schedule = "dynamic"
	// Element hands out every task on its own through a dispatcher, the
	// naive element-wise pattern.
	Element Schedule = "element"
)

// Schedules lists every schedule.
var Schedules = []Schedule{Block, Interleave, Dynamic, Element}

// ParseSchedule checks a schedule name.
func ParseSchedule(s string) (Schedule, error) {
	if slices.Contains(Schedules, Schedule(s)) {
		return Schedule(s), nil
	}
	names := make([]string, len(Schedules))
	for i, s := range Schedules {
		names[i] = string(s)
	}
	return "", fmt.Errorf("unknown schedule %q (want %s)", s, strings.Join(names, ", "))
}

// Assign returns the tasks each of workers workers runs under a static
// schedule (Block or Interleave). Every task in [0, tasks) appears exactly
// once; a worker may get none when tasks < workers.
func Assign(s Schedule, tasks, workers int) [][]int {
	out := make([][]int, workers)
	switch s {
	case Interleave:
		for t := range tasks {
			out[t%workers] = append(out[t%workers], t)
		}
	default:
		for w := range workers {
			start, n := workloads.Split(int64(tasks), workers, w)
			for t := start; t < start+n; t++ {
				out[w] = append(out[w], int(t))
			}
		}
	}
	return out
}

// Options are the knobs of a pool.
type Options struct {
	Schedule Schedule
	Chunk    int // tasks per dispatch for Dynamic; at least 1
}

// chunk is the tasks per dispatch of Dynamic for an instance of tasks
// tasks: Chunk, at least 1 and at most tasks, so that the shared task
// counter cannot overflow however large a Chunk is asked for.
func (o Options) chunk(tasks int) int {
	return max(1, min(o.Chunk, tasks))
}

// Job is what a pool runs: the instance and what built it, so that a
// process executor can build the same instance in its workers.
type Job struct {
	Workload string
	Config   workloads.Config
	Instance workloads.Instance
}

// Stats are the costs a pool observed besides the timed work.
type Stats struct {
	StartupS      float64 // time to start the workers
	BytesSent     int64   // per pass, to the workers
	BytesReceived int64   // per pass, from the workers
	PeakRSSBytes  int64   // peak resident memory of worker processes, if any
	// CPU is the CPU time of the workers in the last pass, for a pool
	// that measures it; nil otherwise.
	CPU *CPUTime
}

// CPUTime is the user and system CPU time of a pool's workers in one
// pass, in seconds.
type CPUTime struct {
	UserS, SysS float64
}

// WorkerProcesses is implemented by pools whose workers are processes of
// their own, so that what they receive can be read from /proc.
type WorkerProcesses interface {
	// PIDs are the process IDs of the pool's running workers.
	PIDs() []int
}

// Executor starts pools of workers.
type Executor interface {
	Name() string
	// Start starts workers for job. The pool is reused for every pass of
	// one point and closed after it.
	Start(ctx context.Context, job Job, workers int, opt Options) (Pool, error)
}

// Allocator is implemented by executors that can hold an instance's
// input in memory their workers share: an instance built with Alloc as
// its Config.Alloc keeps its input there, and a pool started on it hands
// that memory to the workers instead of copying the input.
type Allocator interface {
	// Alloc returns n zeroed bytes of shareable memory.
	Alloc(n int) ([]byte, error)
	// Free releases memory returned by Alloc; b must not be used after.
	Free(b []byte) error
}

// Pool is a set of started workers.
type Pool interface {
	// Prepare readies the pool for its next pass; it is called before
	// every pass, outside the timed work, and stops when ctx ends.
	Prepare(ctx context.Context) error
	// Run runs every task of the job exactly once (Begin and End are the
	// caller's).
	Run(ctx context.Context) error
	// Stats reports the pool's costs so far.
	Stats() Stats
	// Close stops the workers and releases everything the pool holds.
	Close() error
}

var (
	mu        sync.RWMutex
	executors = map[string]Executor{}
)

// Register adds an executor under its name.
func Register(e Executor) {
	mu.Lock()
	defer mu.Unlock()
	executors[e.Name()] = e
}

// Lookup returns the named executor.
func Lookup(name string) (Executor, error) {
	mu.RLock()
	defer mu.RUnlock()
	if e, ok := executors[name]; ok {
		return e, nil
	}
	return nil, fmt.Errorf("unknown executor %q (want %s)", name, strings.Join(namesLocked(), ", "))
}

// Names lists the registered executors.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	return namesLocked()
}

func namesLocked() []string {
	var names []string
	for n := range executors {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
