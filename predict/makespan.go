package predict

import (
	"container/heap"
	"errors"
	"fmt"
	"math"
)

// ErrBadInput is returned for tasks, costs, plans or worker counts that
// cannot be simulated: no tasks, negative, NaN or infinite times, a
// worker count below 1, an unknown schedule.
var ErrBadInput = errors.New("predict: invalid input")

// Schedule is how the tasks reach the workers; the names are those of
// the executors' schedules.
type Schedule string

// The schedules.
const (
	// Block gives worker w the w-th of P contiguous runs of tasks, their
	// lengths differing by at most one.
	Block Schedule = "block"
	// Interleave gives task t to worker t mod P.
	Interleave Schedule = "interleave"
	// Dynamic lets the first free worker take the next Chunk tasks from
	// a shared queue.
	Dynamic Schedule = "dynamic"
	// Element hands out every task on its own, as Dynamic with a chunk of
	// one, through a dispatcher that may be slower than the workers.
	Element Schedule = "element"
)

// Schedules lists every schedule.
var Schedules = []Schedule{Block, Interleave, Dynamic, Element}

// Costs are what handing tasks to workers costs besides the tasks, all
// in seconds.
type Costs struct {
	// PerTask is paid by a worker for every task it runs.
	PerTask float64 `json:"per_task_s"`
	// PerChunk is paid by a worker for every dispatch it receives: a
	// chunk under Dynamic, a task under Element, its whole share under
	// Block and Interleave (a worker without tasks pays none).
	PerChunk float64 `json:"per_chunk_s"`
	// PerWorker is paid by the coordinator for every worker of a pass,
	// one after the other: worker w starts at (w+1)·PerWorker.
	PerWorker float64 `json:"per_worker_s"`
	// Dispatcher is the least time between two dispatches of Dynamic or
	// Element when one dispatcher hands them out (0: the workers take
	// them themselves, without waiting for each other).
	Dispatcher float64 `json:"dispatcher_s"`
}

// check reports a negative, NaN or infinite cost.
func (c Costs) check() error {
	for _, x := range []float64{c.PerTask, c.PerChunk, c.PerWorker, c.Dispatcher} {
		if !(x >= 0) || math.IsInf(x, 0) {
			return fmt.Errorf("%w: cost %v", ErrBadInput, x)
		}
	}
	return nil
}

// Plan is a schedule with its chunk and its costs.
type Plan struct {
	Schedule Schedule `json:"schedule"`
	// Chunk is the tasks per dispatch of Dynamic: at least 1, and at most
	// the tasks (larger counts as all of them). Element uses 1.
	Chunk int   `json:"chunk,omitempty"`
	Costs Costs `json:"costs"`
}

// chunk returns the tasks per dispatch of p for n tasks.
func (p Plan) chunk(n int) int {
	if p.Schedule == Element {
		return 1
	}
	return max(1, min(p.Chunk, n))
}

func (p Plan) check() error {
	switch p.Schedule {
	case Block, Interleave, Dynamic, Element:
	default:
		return fmt.Errorf("%w: unknown schedule %q", ErrBadInput, p.Schedule)
	}
	return p.Costs.check()
}

// Makespan returns the time from the start of a pass until its last task
// ends when workers workers run tasks under plan: the replay of the pass
// on virtual workers. Block and Interleave give every worker its tasks
// up front; Dynamic and Element give the next chunk to the worker that is
// free first (the lowest-numbered among equals), no sooner than
// Costs.Dispatcher after the chunk before: Graham's list scheduling, in
// task order. The serial part of a pass is not included.
func Makespan(tasks Tasks, workers int, plan Plan) (float64, error) {
	if err := tasks.check(); err != nil {
		return 0, err
	}
	if err := plan.check(); err != nil {
		return 0, err
	}
	if workers < 1 {
		return 0, fmt.Errorf("%w: %d workers", ErrBadInput, workers)
	}
	if err := finite(tasks, plan, workers, 0); err != nil {
		return 0, err
	}
	return makespan(newPrefix(tasks), workers, plan), nil
}

// finite reports times too large to add up: the longest any replay of
// tasks (or of a resample of them) on up to workers workers can take,
// with the serial part serial, must be a finite number.
func finite(tasks Tasks, plan Plan, workers int, serial float64) error {
	c := plan.Costs
	n := float64(tasks.count())
	longest := 0.0
	for _, x := range tasks.Seconds {
		longest = max(longest, x)
	}
	most := serial + float64(len(tasks.Seconds))*longest + tasks.Longest + n*(c.PerTask+c.PerChunk+c.Dispatcher) +
		float64(workers+1)*c.PerWorker
	if math.IsInf(most, 0) || math.IsNaN(most) {
		return fmt.Errorf("%w: times too large to add up", ErrBadInput)
	}
	return nil
}

// makespan is Makespan on checked input.
func makespan(p prefix, workers int, plan Plan) float64 {
	switch plan.Schedule {
	case Block:
		return blockSpan(p, workers, plan.Costs)
	case Interleave:
		return interleaveSpan(p, workers, plan.Costs)
	}
	return queueSpan(p, workers, plan)
}

// start returns when worker w starts.
func (c Costs) start(w int) float64 { return float64(w+1) * c.PerWorker }

// finish returns when a worker that starts at start ends n tasks of time
// busy given in dispatches dispatches.
func (c Costs) finish(start, busy float64, n, dispatches int) float64 {
	return start + busy + float64(n)*c.PerTask + float64(dispatches)*c.PerChunk
}

// blockSpan is the makespan of Block: worker w runs the w-th contiguous
// run, the first n mod P runs one task longer (as workloads.Split).
func blockSpan(p prefix, workers int, c Costs) float64 {
	n := p.t.count()
	q, r := n/workers, n%workers
	end := c.start(workers - 1)
	for w := range workers {
		a := w*q + min(w, r)
		k := q
		if w < r {
			k++
		}
		if k > 0 {
			end = max(end, c.finish(c.start(w), p.span(a, a+k), k, 1))
		}
	}
	return end
}

// interleaveSpan is the makespan of Interleave: worker w runs the tasks
// t ≡ w (mod P). A group of g tasks gives every worker ⌊g/P⌋ of its
// tasks and one more to the g mod P workers that follow its first task's.
func interleaveSpan(p prefix, workers int, c Costs) float64 {
	busy := make([]float64, workers)
	if p.t.group() == 1 {
		for i, x := range p.t.Seconds {
			busy[i%workers] += x
		}
	} else {
		every := 0.0
		diff := make([]float64, workers+1)
		for i, x := range p.t.Seconds {
			g := p.t.size(i)
			mean := x / float64(g)
			every += float64(g/workers) * mean
			first, extra := (i*p.t.group())%workers, g%workers
			addCyclic(diff, first, extra, mean)
		}
		run := 0.0
		for w := range workers {
			run += diff[w]
			busy[w] = every + run
		}
	}
	n := p.t.count()
	end := c.start(workers - 1)
	for w := range workers {
		k := n / workers
		if w < n%workers {
			k++
		}
		if k > 0 {
			end = max(end, c.finish(c.start(w), busy[w], k, 1))
		}
	}
	return end
}

// addCyclic adds v to the k entries from first on of a cyclic range of
// len(diff)−1 entries, as differences.
func addCyclic(diff []float64, first, k int, v float64) {
	n := len(diff) - 1
	if k == 0 {
		return
	}
	last := first + k
	if last <= n {
		diff[first] += v
		diff[last] -= v
		return
	}
	diff[first] += v
	diff[n] -= v
	diff[0] += v
	diff[last-n] -= v
}

// queueSpan is the makespan of Dynamic and Element: the units of work
// (chunks, or whole groups when a chunk is smaller than a group) go in
// task order to the worker free first.
func queueSpan(p prefix, workers int, plan Plan) float64 {
	n := p.t.count()
	c := plan.chunk(n)
	unit := c
	if g := p.t.group(); g > c {
		unit = g // a group is not split between workers
	}
	q := make(freeWorkers, workers)
	for w := range q {
		q[w] = freeWorker{at: plan.Costs.start(w), w: w}
	}
	heap.Init(&q)
	end := plan.Costs.start(workers - 1)
	last := math.Inf(-1)
	for a := 0; a < n; a += unit {
		b := min(n, a+unit)
		dispatches := (b - a + c - 1) / c
		at := q[0].at
		if d := plan.Costs.Dispatcher; d > 0 {
			at = max(at, last+d)
			last = at + float64(dispatches-1)*d
		}
		q[0].at = plan.Costs.finish(at, p.span(a, b), b-a, dispatches)
		end = max(end, q[0].at)
		heap.Fix(&q, 0)
	}
	return end
}

// freeWorker is a worker and when it is free.
type freeWorker struct {
	at float64
	w  int
}

// freeWorkers is a min-heap of workers by the time they are free, the
// lowest-numbered first among equals.
type freeWorkers []freeWorker

func (q freeWorkers) Len() int { return len(q) }
func (q freeWorkers) Less(i, j int) bool {
	return q[i].at < q[j].at || (q[i].at == q[j].at && q[i].w < q[j].w)
}
func (q freeWorkers) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *freeWorkers) Push(x any)   { *q = append(*q, x.(freeWorker)) }
func (q *freeWorkers) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}
