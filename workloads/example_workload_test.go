package workloads_test

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling/sweep"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// squares is the example of the README's "Adding a workload": the sum of
// k² for k in [0, size), in 16 tasks of consecutive ranges. Its tasks read
// two uint64 values and give one, so U64Tasks is its Portable half and
// U64Kernel its kernel.
var squaresSpec = &workloads.Spec{
	Name: "squares", Description: "sum of k² over [0, size)", Unit: "terms",
	Quick: 1_000_000, Full: 100_000_000, Schedule: "block", Chunk: 1,
	New: newSquares,
	Kernel: func(workloads.Config) (workloads.Kernel, error) {
		return workloads.U64Kernel("squares", 2, func(v []uint64) uint64 { return sumSquares(v[0], v[1]) }), nil
	},
}

const squaresTasks = 16

type squares struct {
	workloads.U64Tasks // per task: first k, count; result: the task's sum
	size               int64
	serial, total      uint64
}

var _ workloads.Portable = (*squares)(nil)

func newSquares(c workloads.Config) (workloads.Instance, error) {
	if c.Size < squaresTasks {
		return nil, &workloads.ParamError{
			Workload: "squares",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     "at least 16",
		}
	}
	s := &squares{U64Tasks: workloads.U64Tasks{Name: "squares", Width: 2}, size: c.Size}
	for t := range squaresTasks {
		start, n := workloads.Split(c.Size, squaresTasks, t)
		s.AddTask(uint64(start), uint64(n))
	}
	return s, nil
}

func sumSquares(start, n uint64) uint64 {
	var sum uint64
	for k := start; k < start+n; k++ {
		sum += k * k
	}
	return sum
}

func (s *squares) Tasks() int        { return squaresTasks }
func (s *squares) Serial()           { s.serial = sumSquares(0, uint64(s.size)) }
func (s *squares) Begin(workers int) { clear(s.Results) }
func (s *squares) Run(_, task int) {
	v := s.Task(task)
	s.Results[task] = sumSquares(v[0], v[1])
}

func (s *squares) End() {
	s.total = 0
	for _, r := range s.Results {
		s.total += r
	}
}

func (s *squares) Verify() error {
	if s.total != s.serial {
		return fmt.Errorf("squares: sum %d, serial run gave %d", s.total, s.serial)
	}
	return nil
}

// TestExampleWorkload measures the example through the sweep on
// goroutines, and runs every task through its kernel and SetResult the way
// a worker process would: both answers must verify.
func TestExampleWorkload(t *testing.T) {
	r := &sweep.Runner{
		Meter:  &sweep.Meter{FS: fstest.MapFS{}},
		Config: sweep.Config{Counts: sweep.Counts([]int{1, 2}, nil, 2), Reps: 2},
	}
	doc := &results.Document{}
	plan := sweep.Plan{Spec: squaresSpec, Mode: "strong", Size: 100_000, Seed: 1, Executor: executor.Goroutines{},
		Options: executor.Options{Schedule: executor.Block}}
	if err := r.Run(context.Background(), doc, []sweep.Plan{plan}); err != nil {
		t.Fatal(err)
	}
	for _, pt := range doc.Series[0].Points {
		if pt.Failed || !pt.Verified || len(pt.SamplesS) != 2 {
			t.Errorf(
				"P=%d: failed %v (%s), verified %v, %d samples",
				pt.Workers,
				pt.Failed,
				pt.Error,
				pt.Verified,
				len(pt.SamplesS),
			)
		}
	}

	inst, err := squaresSpec.New(workloads.Config{Size: 1000})
	if err != nil {
		t.Fatal(err)
	}
	k, err := squaresSpec.Kernel(workloads.Config{Size: 1000})
	if err != nil {
		t.Fatal(err)
	}
	port := inst.(workloads.Portable)
	inst.Serial()
	inst.Begin(2)
	for task := range inst.Tasks() {
		off, n := port.TaskInput(task)
		out, err := k(port.Input()[off:off+n], nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := port.SetResult(task, out); err != nil {
			t.Fatal(err)
		}
	}
	inst.End()
	if err := inst.Verify(); err != nil {
		t.Error(err)
	}
	if got, want := inst.(*squares).total, uint64(999*1000*1999/6); got != want {
		t.Errorf("sum of squares below 1000 = %d, want %d", got, want)
	}
	if err := port.SetResult(0, []byte{1, 2, 3}); err == nil ||
		err.Error() != "squares task 0 result: want 8 bytes, got 3" {
		t.Errorf("SetResult of 3 bytes = %v", err)
	}
}

// TestU64TasksReserve checks that tasks added after Reserve fit in the
// memory it allocated, as sleep relies on for its 16 Mi tasks.
func TestU64TasksReserve(t *testing.T) {
	u := workloads.U64Tasks{Name: "x", Width: 2}
	u.Reserve(100)
	in, res := cap(u.Input()), cap(u.Results)
	for i := range 100 {
		u.AddTask(uint64(i), 1)
	}
	if cap(u.Input()) != in || cap(u.Results) != res || len(u.Results) != 100 || len(u.Input()) != 1600 {
		t.Errorf("after 100 tasks: input %d of %d (was %d), results %d of %d (was %d)",
			len(u.Input()), cap(u.Input()), in, len(u.Results), cap(u.Results), res)
	}
	if v := u.Task(7); v[0] != 7 || v[1] != 1 {
		t.Errorf("Task(7) = %v", v)
	}
}
