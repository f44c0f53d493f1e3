package workloads

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// counterTasks is the number of tasks of counter, as in the seed (m = 100).
const counterTasks = 100

func init() {
	Register(&Spec{
		Name:        "counter",
		Description: "m tasks × n increments of one shared counter (races, locking cost, contention)",
		Unit:        "increments",
		Quick:       10_000_000,
		Full:        100_000_000,
		Schedule:    "block",
		Chunk:       1,
		Params: []Param{
			{Name: "variant", Default: "mutex", Values: []string{"lost-update", "mutex", "atomic", "local"},
				Help: "how tasks update the counter: lost-update (atomic load, some work, then atomic store: updates are " +
					"lost without a data race), mutex, atomic (one atomic add), local (per-worker sums added at " +
					"the end)"},
		},
		Executors: []string{"goroutines"},
		Why:       "its variants share one counter in one process's memory",
		New:       newCounter,
	})
}

var _ Noter = (*counter)(nil)

// counter increments one shared counter Size times in all, split over
// counterTasks tasks. Only the variant decides whether the total is
// right:
//
//   - lost-update reads the counter and writes it back plus one, as two
//     separate atomic operations with some work between them (think):
//     there is no data race in the memory
//     model's sense (the race detector stays quiet), but two workers can
//     read the same value and one increment is lost. This is Python's
//     total.value = total.value + 1.
//   - mutex holds a lock around each increment (Python's get_lock()).
//   - atomic uses one atomic add per increment.
//   - local counts in a per-worker slot, each on its own cache line, and
//     End adds the slots.
type counter struct {
	stop    *Stop
	size    int64
	variant string
	shared  atomic.Int64
	mu      sync.Mutex
	plain   int64 // guarded by mu
	local   []paddedInt64
	serial  int64
	total   int64
}

// paddedInt64 fills a cache line, so that workers' slots do not share one.
type paddedInt64 struct {
	v int64
	_ [56]byte
}

func newCounter(c Config) (Instance, error) {
	if c.Size < counterTasks {
		return nil, &ParamError{
			Workload: "counter",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     fmt.Sprintf("at least %d increments (one per task)", counterTasks),
		}
	}
	v := c.Params["variant"]
	switch v {
	case "lost-update", "mutex", "atomic", "local":
	default:
		return nil, &ParamError{
			Workload: "counter",
			Param:    "variant",
			Value:    v,
			Want:     "one of lost-update, mutex, atomic, local",
		}
	}
	return &counter{stop: c.Stop, size: c.Size, variant: v}, nil
}

func (c *counter) Tasks() int { return counterTasks }

// counterStopEvery is how many increments are done between two checks of
// a Stop (at most a few milliseconds under contention).
const counterStopEvery = 1 << 16

// Serial counts in a local variable: one worker needs no synchronization.
func (c *counter) Serial() {
	var n int64
	for left := c.size; left > 0 && !c.stop.Stopped(); {
		k := min(left, counterStopEvery)
		left -= k
		for range k {
			n++
		}
	}
	c.serial = n
}

func (c *counter) Begin(workers int) {
	c.shared.Store(0)
	c.plain = 0
	if len(c.local) < workers {
		c.local = make([]paddedInt64, workers)
	}
	for i := range c.local {
		c.local[i].v = 0
	}
	c.total = -1
}

// Run does task's increments, in runs of counterStopEvery between checks
// of the instance's Stop.
func (c *counter) Run(worker, task int) {
	_, n := Split(c.size, counterTasks, task)
	for n > 0 && !c.stop.Stopped() {
		k := min(n, counterStopEvery)
		n -= k
		c.increment(worker, k)
	}
}

// increment adds n to the counter the variant's way.
func (c *counter) increment(worker int, n int64) {
	switch c.variant {
	case "lost-update":
		h := uint64(c.local[worker].v)
		for range n {
			v := c.shared.Load()
			h = think(h, uint64(v))
			c.shared.Store(v + 1)
		}
		c.local[worker].v = int64(h) // keeps think's work
	case "mutex":
		for range n {
			c.mu.Lock()
			c.plain++
			c.mu.Unlock()
		}
	case "atomic":
		for range n {
			c.shared.Add(1)
		}
	case "local":
		slot := &c.local[worker].v
		for range n {
			*slot++
		}
	}
}

// thinkSteps is the number of multiply-xorshift steps between the read
// and the write of a lost update: they make the window in which another
// worker's increments are overwritten most of an increment's time, as the
// interpreter's work between Python's read and write is, so that updates
// are lost whenever two workers run at once, even when the system
// switches one CPU between them.
const thinkSteps = 8

// think does thinkSteps dependent steps on h and v.
func think(h, v uint64) uint64 {
	h ^= v
	for range thinkSteps {
		h ^= h >> 29
		h *= 0xbf58476d1ce4e5b9
	}
	return h
}

func (c *counter) End() {
	switch c.variant {
	case "mutex":
		c.total = c.plain
	case "local":
		c.total = 0
		for i := range c.local {
			c.total += c.local[i].v
		}
	default:
		c.total = c.shared.Load()
	}
}

func (c *counter) Verify() error {
	if c.total != c.serial {
		return fmt.Errorf("counter: %d of %d increments counted: %d updates lost", c.total, c.serial, c.serial-c.total)
	}
	return nil
}

func (c *counter) Note() string {
	if c.variant == "lost-update" {
		return "no update lost this time; the race is still there"
	}
	return ""
}
