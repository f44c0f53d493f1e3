package workloads

import (
	"errors"
	"fmt"
	"math"
)

// syntheticTasks is the number of tasks of the parallel part of synthetic.
const syntheticTasks = 240

// unitIters is the number of arithmetic steps of one unit of work.
const unitIters = 1000

func init() {
	Register(&Spec{
		Name:        "synthetic",
		Description: "known serial fraction: F·W units of work on one worker, then (1−F)·W units across all (ground truth for the fits)",
		Unit:        "units",
		Crossing: Crossing{
			Input:  "parameters only: its first unit and unit count (16 bytes)",
			Result: "their sum (8 bytes)",
		},
		Quick: 40_000,
		Full:  400_000,
		// A queue of single tasks: a CPU that runs slower than the other
		// for a while (a neighbour on the host of a VM) leaves its share to
		// the faster one, so that the speedup measures the serial
		// fraction, not the imbalance of the CPUs.
		Schedule: "dynamic",
		Chunk:    1,
		Params: []Param{
			{Name: "serial-fraction", Default: "0.1", Help: "fraction F of the work done serially, in [0, 1]"},
		},
		New:  newSynthetic,
		Weak: syntheticWeak,
		Kernel: func(c Config) (Kernel, error) {
			return U64Kernel("synthetic", 2, func(v []uint64) uint64 {
				return work(nil, c.Seed, int64(v[0]), int64(v[1]))
			}), nil
		},
	})
}

var _ Portable = (*synthetic)(nil)

type synthetic struct {
	U64Tasks          // per task: first unit, units; result: their sum
	stop              *Stop
	size, serialUnits int64
	seed              uint64
	phase             uint64
	serial, total     uint64
}

func newSynthetic(c Config) (Instance, error) {
	f, err := c.Float("serial-fraction")
	if err != nil || f < 0 || f > 1 || math.IsNaN(f) {
		return nil, &ParamError{
			Workload: "synthetic",
			Param:    "serial-fraction",
			Value:    c.Params["serial-fraction"],
			Want:     "a number in [0, 1]",
		}
	}
	if c.Size < syntheticTasks {
		return nil, &ParamError{
			Workload: "synthetic",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     fmt.Sprintf("at least %d units (one per task)", syntheticTasks),
		}
	}
	base := c.Size
	if c.Base > 0 && c.Base <= c.Size {
		base = c.Base
	}
	s := &synthetic{
		size:        c.Size,
		serialUnits: int64(math.Round(f * float64(base))),
		seed:        c.Seed,
		stop:        c.Stop,
		U64Tasks:    U64Tasks{Name: "synthetic", Width: 2},
	}
	for t := range syntheticTasks {
		start, n := Split(s.size-s.serialUnits, syntheticTasks, t)
		s.AddTask(uint64(s.serialUnits+start), uint64(n))
	}
	return s, nil
}

// syntheticWeak grows only the parallel part in weak mode: the serial
// F·base units stay, the (1−F)·base parallel units grow workers-fold, as
// Gustafson's law assumes. The scaled speedup measured on P workers is
// then P − F(P−1).
func syntheticWeak(base int64, workers int, params map[string]string) (int64, error) {
	f, err := Config{Params: params}.Float("serial-fraction")
	if err != nil || f < 0 || f > 1 {
		return 0, errors.New("bad serial-fraction")
	}
	serial := int64(math.Round(f * float64(base)))
	par := base - serial
	if par > 0 && par > (math.MaxInt64-serial)/int64(workers) {
		return 0, errOverflow
	}
	return serial + par*int64(workers), nil
}

// Unit performs unit k of work: a fixed chain of multiply-xorshift steps
// whose result depends only on (seed, k). Work returns the sum of units
// [start, start+n); the sum is independent of how the units are grouped.
// Work gives up early, with a partial sum, once stop is stopped.
func unit(seed uint64, k int64) uint64 {
	x := seed ^ uint64(k)*0x9e3779b97f4a7c15
	for range unitIters {
		x ^= x >> 29
		x *= 0xbf58476d1ce4e5b9
	}
	return x
}

func work(stop *Stop, seed uint64, start, n int64) uint64 {
	var sum uint64
	for i := range n {
		if i%syntheticStopEvery == 0 && stop.Stopped() {
			break
		}
		sum += unit(seed, start+i)
	}
	return sum
}

// syntheticStopEvery is how many units run between two checks of a Stop
// (about a millisecond).
const syntheticStopEvery = 512

func (s *synthetic) Tasks() int { return syntheticTasks }

func (s *synthetic) Serial() { s.serial = work(s.stop, s.seed, 0, s.size) }

// Begin runs the serial phase: the first F·W units, on one goroutine.
func (s *synthetic) Begin(int) {
	clear(s.Results)
	s.phase = work(s.stop, s.seed, 0, s.serialUnits)
}

func (s *synthetic) Run(_, task int) {
	start, n := Split(s.size-s.serialUnits, syntheticTasks, task)
	s.Results[task] = work(s.stop, s.seed, s.serialUnits+start, n)
}

func (s *synthetic) End() {
	s.total = s.phase
	for _, p := range s.Results {
		s.total += p
	}
}

func (s *synthetic) Verify() error {
	if s.total != s.serial {
		return fmt.Errorf("synthetic: checksum %#x, serial run gave %#x", s.total, s.serial)
	}
	return nil
}
