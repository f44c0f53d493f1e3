package workloads

import (
	"fmt"
	"slices"
)

// U64Tasks is the Portable half of a workload whose tasks each read Width
// uint64 values and give one uint64: embed it in the instance, add every
// task's input with AddTask in New, and the instance has Input,
// TaskInput, MaxResult and SetResult. A result that arrives from a worker
// process lands in Results[task]; Run on goroutines stores it there too,
// so that End reads one place. U64Kernel is the matching Kernel.
type U64Tasks struct {
	Name    string   // the workload's name, for errors
	Width   int      // uint64 values in one task's input
	Results []uint64 // one per task
	input   []byte
}

// Reserve makes room for tasks more tasks, so that adding them allocates
// the input and the results once.
func (u *U64Tasks) Reserve(tasks int) {
	u.input = slices.Grow(u.input, 8*u.Width*tasks)
	u.Results = slices.Grow(u.Results, tasks)
}

// AddTask appends the input of the next task: Width values.
func (u *U64Tasks) AddTask(values ...uint64) {
	if len(values) != u.Width {
		panic(fmt.Sprintf("%s: AddTask with %d values, want %d", u.Name, len(values), u.Width))
	}
	u.input = PutU64s(u.input, values...)
	u.Results = append(u.Results, 0)
}

// Task returns the input values of task, as AddTask was given them.
func (u *U64Tasks) Task(task int) []uint64 {
	off, n := u.TaskInput(task)
	v, _ := U64s(u.input[off:off+n], u.Width) // the length is right by construction
	return v
}

// Input implements Portable.
func (u *U64Tasks) Input() []byte { return u.input }

// TaskInput implements Portable.
func (u *U64Tasks) TaskInput(task int) (off, n int) { return 8 * u.Width * task, 8 * u.Width }

// MaxResult implements Portable: one uint64.
func (u *U64Tasks) MaxResult() int { return 8 }

// SetResult implements Portable.
func (u *U64Tasks) SetResult(task int, b []byte) error {
	v, err := U64s(b, 1)
	if err != nil {
		return fmt.Errorf("%s task %d result: %w", u.Name, task, err)
	}
	u.Results[task] = v[0]
	return nil
}

// U64Kernel is the Kernel of a U64Tasks workload: it decodes a task's
// width values, calls f and encodes its answer.
func U64Kernel(name string, width int, f func(in []uint64) uint64) Kernel {
	return func(in, out []byte) ([]byte, error) {
		v, err := U64s(in, width)
		if err != nil {
			return out, fmt.Errorf("%s task: %w", name, err)
		}
		return PutU64s(out, f(v)), nil
	}
}
