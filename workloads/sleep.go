package workloads

import (
	"fmt"
	"time"
)

func init() {
	Register(&Spec{
		Name:        "sleep",
		Description: "tasks that wait a fixed time (IO-bound: speedup keeps growing past the core count)",
		Unit:        "tasks",
		Crossing:    Crossing{Input: "parameters only: the wait (8 bytes)", Result: "how many times it ran (8 bytes)"},
		Quick:       16,
		Full:        48,
		MaxSize:     1 << 24,
		Schedule:    "block",
		Chunk:       1,
		Params: []Param{
			{Name: "sleep", Default: "20ms", Help: "how long each task waits, a duration like 20ms"},
		},
		New:    newSleep,
		Memory: perTaskWord,
		Kernel: func(Config) (Kernel, error) {
			return U64Kernel("sleep", 1, func(v []uint64) uint64 {
				time.Sleep(time.Duration(v[0]))
				return 1
			}), nil
		},
	})
}

var _ Portable = (*sleep)(nil)

// sleep stands for waiting on IO: each task sleeps, using no CPU, so more
// workers than cores still shorten the pass. Every task marks itself done;
// the pass verifies when each task ran exactly once. The serial run is
// the same waits one after the other. The waits end early once the
// instance is stopped.
type sleep struct {
	U64Tasks // per task: the wait in nanoseconds; result: times it ran
	stop     *Stop
	d        time.Duration
	n        int
}

func newSleep(c Config) (Instance, error) {
	d, err := time.ParseDuration(c.Params["sleep"])
	if err != nil || d < 0 || d > time.Hour {
		return nil, &ParamError{
			Workload: "sleep",
			Param:    "sleep",
			Value:    c.Params["sleep"],
			Want:     "a duration between 0s and 1h, like 20ms",
		}
	}
	if c.Size < 1 || c.Size > 1<<24 {
		return nil, &ParamError{
			Workload: "sleep",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     "between 1 and 16777216 tasks",
		}
	}
	s := &sleep{U64Tasks: U64Tasks{Name: "sleep", Width: 1}, stop: c.Stop, d: d, n: int(c.Size)}
	s.Reserve(s.n)
	for range s.n {
		s.AddTask(uint64(d))
	}
	return s, nil
}

func (s *sleep) Tasks() int { return s.n }

func (s *sleep) Serial() {
	for range s.n {
		if !s.stop.Sleep(s.d) {
			return
		}
	}
}

func (s *sleep) Begin(int) { clear(s.Results) }

func (s *sleep) Run(_, task int) {
	if s.stop.Sleep(s.d) {
		s.Results[task]++
	}
}

func (s *sleep) End() {}

func (s *sleep) Verify() error { return verifyOnce("sleep", s.Results) }

// verifyOnce checks that every task ran exactly once.
func verifyOnce(name string, done []uint64) error {
	for t, d := range done {
		if d != 1 {
			return fmt.Errorf("%s: task %d ran %d times, want once", name, t, d)
		}
	}
	return nil
}
