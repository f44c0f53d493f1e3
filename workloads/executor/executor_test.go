package executor

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/scalebench/scalebench/workloads"
)

// countTasks records how often each task ran and which workers ran.
type countTasks struct {
	runs    []atomic.Int32
	workers sync.Map
	bad     atomic.Bool
	p       int
}

func newCount(n int) *countTasks { return &countTasks{runs: make([]atomic.Int32, n)} }

func (c *countTasks) Tasks() int    { return len(c.runs) }
func (c *countTasks) Serial()       {}
func (c *countTasks) Begin(p int)   { c.p = p }
func (c *countTasks) End()          {}
func (c *countTasks) Verify() error { return nil }
func (c *countTasks) Run(w, task int) {
	if w < 0 || w >= c.p {
		c.bad.Store(true)
	}
	c.workers.Store(w, true)
	c.runs[task].Add(1)
}

var _ workloads.Instance = (*countTasks)(nil)

func TestSchedulesRunEveryTaskOnce(t *testing.T) {
	for _, s := range Schedules {
		for _, tasks := range []int{1, 2, 7, 64, 241} {
			for _, p := range []int{1, 2, 3, 8} {
				for _, chunk := range []int{1, 3, 1000, math.MaxInt} {
					if s != Dynamic && chunk != 1 {
						continue
					}
					t.Run(fmt.Sprintf("%s/tasks=%d/P=%d/chunk=%d", s, tasks, p, chunk), func(t *testing.T) {
						inst := newCount(tasks)
						pool, err := Goroutines{}.Start(context.Background(), Job{Instance: inst}, p, Options{Schedule: s, Chunk: chunk})
						if err != nil {
							t.Fatal(err)
						}
						for pass := range 2 {
							inst.Begin(p)
							if err := pool.Run(context.Background()); err != nil {
								t.Fatal(err)
							}
							for i := range inst.runs {
								if got := inst.runs[i].Load(); got != int32(pass+1) {
									t.Fatalf("pass %d: task %d ran %d times", pass, i, got)
								}
							}
						}
						if inst.bad.Load() {
							t.Error("a worker index was out of range")
						}
						if err := pool.Close(); err != nil {
							t.Fatal(err)
						}
					})
				}
			}
		}
	}
}

func TestAssign(t *testing.T) {
	tests := []struct {
		s     Schedule
		tasks int
		p     int
		want  string
	}{
		{Block, 10, 3, "[[0 1 2 3] [4 5 6] [7 8 9]]"},
		{Block, 2, 3, "[[0] [1] []]"},
		{Interleave, 10, 3, "[[0 3 6 9] [1 4 7] [2 5 8]]"},
		{Interleave, 1, 2, "[[0] []]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(Assign(tt.s, tt.tasks, tt.p)); got != tt.want {
			t.Errorf("Assign(%s, %d, %d) = %s, want %s", tt.s, tt.tasks, tt.p, got, tt.want)
		}
	}
}

func TestGOMAXPROCSRestored(t *testing.T) {
	before := runtimeProcs()
	pool, err := Goroutines{}.Start(context.Background(), Job{Instance: newCount(4)}, before+3, Options{Schedule: Block})
	if err != nil {
		t.Fatal(err)
	}
	if got := runtimeProcs(); got != before+3 {
		t.Errorf("GOMAXPROCS during the point = %d, want %d", got, before+3)
	}
	if err := pool.Close(); err != nil {
		t.Fatal(err)
	}
	if got := runtimeProcs(); got != before {
		t.Errorf("GOMAXPROCS after the point = %d, want %d", got, before)
	}
}

// TestGOMAXPROCSCapped runs more workers than MaxProcs: they share
// MaxProcs Ps, and every task runs once.
func TestGOMAXPROCSCapped(t *testing.T) {
	inst := newCount(3)
	pool, err := Goroutines{}.Start(context.Background(), Job{Instance: inst}, MaxProcs+5, Options{Schedule: Interleave})
	if err != nil {
		t.Fatal(err)
	}
	if got := runtimeProcs(); got != MaxProcs {
		t.Errorf("GOMAXPROCS during the point = %d, want %d", got, MaxProcs)
	}
	inst.Begin(MaxProcs + 5)
	if err := pool.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i := range inst.runs {
		if got := inst.runs[i].Load(); got != 1 {
			t.Errorf("task %d ran %d times", i, got)
		}
	}
	if err := pool.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestParseSchedule(t *testing.T) {
	if _, err := ParseSchedule("block"); err != nil {
		t.Error(err)
	}
	_, err := ParseSchedule("random")
	if err == nil || err.Error() != `unknown schedule "random" (want block, interleave, dynamic, element)` {
		t.Errorf("ParseSchedule(random) = %v", err)
	}
	if _, err := Lookup("threads"); err == nil {
		t.Error("Lookup(threads) succeeded")
	}
}

// cancelling cancels the pass's context in its first task.
type cancelling struct {
	*countTasks
	cancel context.CancelFunc
}

func (c cancelling) Run(w, task int) {
	c.cancel()
	c.countTasks.Run(w, task)
}

func TestGoroutinesStopHandingOutTasks(t *testing.T) {
	const tasks, p = 1000, 2
	for _, s := range Schedules {
		t.Run(string(s), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			inst := cancelling{newCount(tasks), cancel}
			pool, err := Goroutines{}.Start(ctx, Job{Instance: inst}, p, Options{Schedule: s, Chunk: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer pool.Close()
			inst.Begin(p)
			if err := pool.Run(ctx); err != context.Canceled {
				t.Errorf("Run = %v, want context.Canceled", err)
			}
			ran := 0
			for i := range inst.runs {
				ran += int(inst.runs[i].Load())
			}
			// Each worker may have started one task before the first
			// one cancelled, and the element dispatcher one more.
			if ran > p+1 {
				t.Errorf("%d of %d tasks ran after the context ended in the first, want at most %d", ran, tasks, p+1)
			}
		})
	}
}
