package workloads

import "fmt"

func init() {
	Register(&Spec{
		Name:        "noop",
		Description: "empty tasks (the executor's own cost per task)",
		Unit:        "tasks",
		Crossing:    Crossing{Input: "parameters only: its number (8 bytes)", Result: "the same number (8 bytes)"},
		Quick:       20_000,
		Full:        200_000,
		MaxSize:     1 << 26,
		Schedule:    "dynamic",
		Chunk:       1,
		New:         newNoop,
		Memory:      perTaskWord,
		Kernel: func(Config) (Kernel, error) {
			return func(in, out []byte) ([]byte, error) {
				if len(in) != 8 {
					return out, fmt.Errorf("noop task: want 8 bytes, got %d", len(in))
				}
				return append(out, in...), nil
			}, nil
		},
	})
}

var _ Portable = (*noop)(nil)

// noop's tasks only mark themselves done, so a pass measures what it
// costs to hand out tasks and collect their results. The preset sizes
// suit the process executors, where a task costs microseconds; on
// goroutines a pass of the full size takes milliseconds. A process worker
// echoes the task's number; the pass verifies when every task ran exactly
// once.
type noop struct {
	n     int
	done  []uint64
	input []byte // per task: its number
}

func newNoop(c Config) (Instance, error) {
	if c.Size < 1 || c.Size > 1<<26 {
		return nil, &ParamError{
			Workload: "noop",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     "between 1 and 67108864 tasks",
		}
	}
	n := &noop{n: int(c.Size), done: make([]uint64, c.Size)}
	for t := range n.n {
		n.input = PutU64s(n.input, uint64(t))
	}
	return n, nil
}

func (n *noop) Input() []byte                   { return n.input }
func (n *noop) TaskInput(task int) (off, m int) { return 8 * task, 8 }
func (n *noop) MaxResult() int                  { return 8 }

func (n *noop) SetResult(task int, b []byte) error {
	v, err := U64s(b, 1)
	if err != nil {
		return fmt.Errorf("noop task %d result: %w", task, err)
	}
	if v[0] != uint64(task) {
		return fmt.Errorf("noop task %d result: echoed task %d", task, v[0])
	}
	n.done[task]++
	return nil
}

func (n *noop) Tasks() int { return n.n }

// Serial does nothing: there is no work.
func (n *noop) Serial() {}

func (n *noop) Begin(int)       { clear(n.done) }
func (n *noop) Run(_, task int) { n.done[task]++ }
func (n *noop) End()            {}
func (n *noop) Verify() error   { return verifyOnce("noop", n.done) }

// perTaskWord is the memory of noop and sleep: per task its input and its
// count, 8 bytes each.
func perTaskWord(c Config) (Footprint, error) { return Footprint{Fixed: mulSat(c.Size, 16)}, nil }
