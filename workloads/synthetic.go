package workloads

import (
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
		Quick:       40_000,
		Full:        400_000,
		Schedule:    "block",
		Chunk:       1,
		Params: []Param{
			{Name: "serial-fraction", Default: "0.1", Help: "fraction F of the work done serially, in [0, 1]"},
		},
		New: newSynthetic,
	})
}

type synthetic struct {
	size, serialUnits int64
	seed              uint64
	parts             []uint64
	phase             uint64
	serial, total     uint64
}

func newSynthetic(c Config) (Instance, error) {
	f, err := c.Float("serial-fraction")
	if err != nil || f < 0 || f > 1 || math.IsNaN(f) {
		return nil, &ParamError{Workload: "synthetic", Param: "serial-fraction", Value: c.Params["serial-fraction"], Want: "a number in [0, 1]"}
	}
	if c.Size < syntheticTasks {
		return nil, &ParamError{Workload: "synthetic", Param: "size", Value: fmt.Sprint(c.Size), Want: fmt.Sprintf("at least %d units (one per task)", syntheticTasks)}
	}
	return &synthetic{
		size:        c.Size,
		serialUnits: int64(math.Round(f * float64(c.Size))),
		seed:        c.Seed,
		parts:       make([]uint64, syntheticTasks),
	}, nil
}

// Unit performs unit k of work: a fixed chain of multiply-xorshift steps
// whose result depends only on (seed, k). Work returns the sum of units
// [start, start+n); the sum is independent of how the units are grouped.
func unit(seed uint64, k int64) uint64 {
	x := seed ^ uint64(k)*0x9e3779b97f4a7c15
	for range unitIters {
		x ^= x >> 29
		x *= 0xbf58476d1ce4e5b9
	}
	return x
}

func work(seed uint64, start, n int64) uint64 {
	var sum uint64
	for k := start; k < start+n; k++ {
		sum += unit(seed, k)
	}
	return sum
}

func (s *synthetic) Tasks() int { return syntheticTasks }

func (s *synthetic) Serial() { s.serial = work(s.seed, 0, s.size) }

// Begin runs the serial phase: the first F·W units, on one goroutine.
func (s *synthetic) Begin(int) {
	clear(s.parts)
	s.phase = work(s.seed, 0, s.serialUnits)
}

func (s *synthetic) Run(_, task int) {
	start, n := Split(s.size-s.serialUnits, syntheticTasks, task)
	s.parts[task] = work(s.seed, s.serialUnits+start, n)
}

func (s *synthetic) End() {
	s.total = s.phase
	for _, p := range s.parts {
		s.total += p
	}
}

func (s *synthetic) Verify() error {
	if s.total != s.serial {
		return fmt.Errorf("synthetic: checksum %#x, serial run gave %#x", s.total, s.serial)
	}
	return nil
}
