package workloads

import (
	"fmt"
	"math"
	"sync/atomic"
)

func init() {
	Register(&Spec{
		Name:        "outer",
		Description: "per task, allocate the n×n outer product of a vector and multiply it by the vector (memory grows with workers)",
		Unit:        "products",
		Crossing: Crossing{
			Input:  "parameters only: its number (8 bytes); the worker makes the vectors",
			Result: "the sum of its product (8 bytes)",
		},
		Quick:    24,
		Full:     240,
		MaxSize:  1 << 20,
		Schedule: "block",
		Chunk:    1,
		Params: []Param{
			{
				Name:    "outer-n",
				Default: "2000",
				Help:    "length n of each vector; a task allocates n×n float64 (2000: 32 MB)",
			},
		},
		New:    newOuter,
		Memory: outerMemory,
		Kernel: func(c Config) (Kernel, error) {
			n, err := outerN(c)
			if err != nil {
				return nil, err
			}
			return func(in, out []byte) ([]byte, error) {
				v, err := U64s(in, 1)
				if err != nil {
					return out, fmt.Errorf("outer task: %w", err)
				}
				r := outerProduct(nil, make([]float64, n*n), c.Seed, int(v[0]), n)
				return PutU64s(out, math.Float64bits(r)), nil
			}, nil
		},
	})
}

var _ Portable = (*outer)(nil)

// outer is the seed's memory lesson: each task draws a vector a of n
// numbers, allocates its outer product A = a·aᵀ (n² float64) and computes
// b = A·a. A task's answer is Σ bᵢ. Every task allocates a fresh matrix,
// so P workers hold P matrices at once and the peak memory grows with P.
// The serial run reuses one matrix: the same arithmetic, in the same
// order, without the allocations, so the answers are bit-identical. (The
// shortcut b = a·(a·a) is much faster but is not the lesson.)
type outer struct {
	stop     *Stop
	n, tasks int
	seed     uint64
	sums     []float64
	serial   []float64
	input    []byte
	// inFlight counts the matrices of running tasks; peak is its maximum
	// over the pass, the memory the workload needs at once.
	inFlight, peak atomic.Int64
}

func outerN(c Config) (int, error) {
	n, err := c.Int("outer-n")
	if err != nil || n < 1 || n > 40_000 {
		return 0, &ParamError{
			Workload: "outer",
			Param:    "outer-n",
			Value:    c.Params["outer-n"],
			Want:     "an integer between 1 and 40000",
		}
	}
	return int(n), nil
}

func newOuter(c Config) (Instance, error) {
	n, err := outerN(c)
	if err != nil {
		return nil, err
	}
	if c.Size < 1 || c.Size > 1<<20 {
		return nil, &ParamError{
			Workload: "outer",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     "between 1 and 1048576 products",
		}
	}
	o := &outer{
		stop:   c.Stop,
		n:      n,
		tasks:  int(c.Size),
		seed:   c.Seed,
		sums:   make([]float64, c.Size),
		serial: make([]float64, c.Size),
	}
	for t := range o.tasks {
		o.input = PutU64s(o.input, uint64(t))
	}
	return o, nil
}

// outerProduct fills m (n×n) with the outer product of task's vector with
// itself, multiplies it by the vector and returns the sum of the result.
// It gives up early, with a partial result, once stop is stopped (checked
// every outerStopEvery rows: at most a few milliseconds).
func outerProduct(stop *Stop, m []float64, seed uint64, task, n int) float64 {
	s := Stream(seed, task)
	a := make([]float64, n)
	for i := range a {
		a[i] = s.Float64()
	}
	for i, x := range a {
		if i%outerStopEvery == 0 && stop.Stopped() {
			return 0
		}
		row := m[i*n : (i+1)*n]
		row = row[:len(a)]
		for j, y := range a {
			row[j] = x * y
		}
	}
	var total float64
	for i := range n {
		if i%outerStopEvery == 0 && stop.Stopped() {
			return 0
		}
		row := m[i*n : (i+1)*n]
		row = row[:len(a)]
		var b float64
		for j, y := range a {
			b += row[j] * y
		}
		total += b
	}
	return total
}

// outerStopEvery is how many rows of the matrix are done between two
// checks of a Stop.
const outerStopEvery = 64

func (o *outer) Input() []byte                   { return o.input }
func (o *outer) TaskInput(task int) (off, n int) { return 8 * task, 8 }
func (o *outer) MaxResult() int                  { return 8 }

func (o *outer) SetResult(task int, b []byte) error {
	v, err := U64s(b, 1)
	if err != nil {
		return fmt.Errorf("outer task %d result: %w", task, err)
	}
	o.sums[task] = math.Float64frombits(v[0])
	return nil
}

func (o *outer) Tasks() int { return o.tasks }

func (o *outer) Serial() {
	m := make([]float64, o.n*o.n)
	for t := range o.tasks {
		o.serial[t] = outerProduct(o.stop, m, o.seed, t, o.n)
	}
}

func (o *outer) Begin(int) {
	clear(o.sums)
	o.inFlight.Store(0)
	o.peak.Store(0)
}

// Run allocates its own matrix on purpose: that is the memory the
// workload measures.
func (o *outer) Run(_, task int) {
	now := o.inFlight.Add(1)
	for p := o.peak.Load(); now > p && !o.peak.CompareAndSwap(p, now); p = o.peak.Load() {
	}
	o.sums[task] = outerProduct(o.stop, make([]float64, o.n*o.n), o.seed, task, o.n)
	o.inFlight.Add(-1)
}

func (o *outer) End() {}

func (o *outer) Verify() error {
	for t := range o.tasks {
		if math.Float64bits(o.sums[t]) != math.Float64bits(o.serial[t]) {
			return fmt.Errorf("outer: task %d: Σb = %g, serial run gave %g", t, o.sums[t], o.serial[t])
		}
	}
	return nil
}

// Note tells how many matrices were alive at once in the last pass (in
// this process; the process executors' workers report their own memory).
func (o *outer) Note() string {
	mib := float64(8*o.n*o.n) / (1 << 20)
	p := o.peak.Load()
	if p == 0 {
		return fmt.Sprintf("each task holds a %.1f MiB matrix", mib)
	}
	return fmt.Sprintf("up to %d matrices of %.1f MiB alive at once (%.0f MiB)", p, mib, float64(p)*mib)
}

// outerMemory is per product its input and two sums, and per worker the
// n×n matrix and the vector of its running task.
func outerMemory(c Config) (Footprint, error) {
	n, err := outerN(c)
	if err != nil {
		return Footprint{}, err
	}
	return Footprint{Fixed: mulSat(c.Size, 24), PerWorker: 8 * int64(n) * int64(n+1)}, nil
}
