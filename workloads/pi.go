package workloads

import "fmt"

// piTasks is the fixed number of tasks of pi: the estimate depends on the
// tasks, never on the workers, so it is bit-identical for every worker
// count and schedule.
const piTasks = 240

func init() {
	Register(&Spec{
		Name:        "pi",
		Description: "Monte Carlo estimate of π from random points in the unit square (embarrassingly parallel)",
		Unit:        "points",
		Crossing: Crossing{
			Input:  "parameters only: its number and point count (16 bytes)",
			Result: "the points inside (8 bytes)",
		},
		Quick:    40_000_000,
		Full:     400_000_000,
		Schedule: "block",
		Chunk:    1,
		New:      newPi,
		Kernel: func(c Config) (Kernel, error) {
			return U64Kernel("pi", 2, func(v []uint64) uint64 {
				return uint64(piCount(nil, c.Seed, int(v[0]), int64(v[1])))
			}), nil
		},
	})
}

var _ Portable = (*pi)(nil)

type pi struct {
	U64Tasks // per task: task index, points; result: points inside
	stop     *Stop
	size     int64
	seed     uint64
	serial   int64
	total    int64
}

func newPi(c Config) (Instance, error) {
	if c.Size < piTasks {
		return nil, &ParamError{
			Workload: "pi",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     fmt.Sprintf("at least %d points (one per task)", piTasks),
		}
	}
	p := &pi{U64Tasks: U64Tasks{Name: "pi", Width: 2}, stop: c.Stop, size: c.Size, seed: c.Seed}
	for t := range piTasks {
		_, n := Split(c.Size, piTasks, t)
		p.AddTask(uint64(t), uint64(n))
	}
	return p, nil
}

// piStopEvery is how many points are drawn between two checks of a Stop
// (well under a millisecond).
const piStopEvery = 1 << 16

// piCount counts the points of one task's stream inside the quarter
// circle. It gives up early, with a partial count, once stop is stopped.
func piCount(stop *Stop, seed uint64, task int, n int64) int64 {
	s := Stream(seed, task)
	var in int64
	for n > 0 && !stop.Stopped() {
		k := min(n, piStopEvery)
		n -= k
		for range k {
			x, y := s.Float64(), s.Float64()
			if x*x+y*y < 1 {
				in++
			}
		}
	}
	return in
}

func (p *pi) Tasks() int { return piTasks }

func (p *pi) Serial() {
	var in int64
	for t := range piTasks {
		_, n := Split(p.size, piTasks, t)
		in += piCount(p.stop, p.seed, t, n)
	}
	p.serial = in
}

func (p *pi) Begin(int) { clear(p.Results); p.total = -1 }

func (p *pi) Run(_, task int) {
	_, n := Split(p.size, piTasks, task)
	p.Results[task] = uint64(piCount(p.stop, p.seed, task, n))
}

func (p *pi) End() {
	var in int64
	for _, h := range p.Results {
		in += int64(h)
	}
	p.total = in
}

// Estimate is the parallel pass's estimate of π.
func (p *pi) Estimate() float64 { return 4 * float64(p.total) / float64(p.size) }

func (p *pi) Verify() error {
	if p.total != p.serial {
		return fmt.Errorf("pi: %d points inside, serial run found %d", p.total, p.serial)
	}
	return nil
}

func (p *pi) Note() string { return fmt.Sprintf("π ≈ %.6f", p.Estimate()) }
