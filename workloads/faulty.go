package workloads

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// faulty is a hidden workload for testing the process executors: each
// task checksums its own block of input, and one chosen task can fail in a
// worker in a chosen way. With fault=none it is a no-op task of known
// size, for measuring what the executors themselves cost.
func init() {
	Register(&Spec{
		Name:        "faulty",
		Description: "test workload: checksums per task, with an injected fault in a worker",
		Unit:        "tasks",
		Crossing:    Crossing{Input: "its number and --task-bytes more bytes", Result: "8 bytes"},
		Quick:       64,
		Full:        4096,
		MaxSize:     1 << 24,
		Schedule:    "block",
		Chunk:       1,
		Hidden:      true,
		Executors:   []string{"processes", "shm"},
		Why:         "its faults happen in worker processes",
		Params: []Param{
			{Name: "fault", Default: "none", Help: "what the faulty task does in its worker",
				Values: []string{"none", "crash", "kill", "exit", "hang", "error"}},
			{Name: "fault-task", Default: "0", Help: "the task that fails"},
			{Name: "task-bytes", Default: "0", Help: "input bytes per task besides its number (a multiple of 8)"},
		},
		New:    newFaulty,
		Memory: faultyMemory,
		Kernel: faultyKernel,
	})
}

var _ Portable = (*faultyInst)(nil)

type faultyInst struct {
	tasks, stride int
	input         []byte // per task: u64 task, then task-bytes of data
	want, got     []uint64
	set           []bool
}

type faultyParams struct {
	fault     string
	task      int64
	taskBytes int64
}

func parseFaulty(c Config) (faultyParams, error) {
	p := faultyParams{fault: c.Params["fault"]}
	var err error
	if p.task, err = c.Int("fault-task"); err != nil {
		return p, err
	}
	if p.taskBytes, err = c.Int("task-bytes"); err != nil || p.taskBytes < 0 || p.taskBytes%8 != 0 ||
		p.taskBytes > 1<<20 {
		return p, &ParamError{
			Workload: "faulty",
			Param:    "task-bytes",
			Value:    c.Params["task-bytes"],
			Want:     "a multiple of 8 between 0 and 2^20",
		}
	}
	return p, nil
}

func newFaulty(c Config) (Instance, error) {
	p, err := parseFaulty(c)
	if err != nil {
		return nil, err
	}
	if c.Size < 1 || c.Size > 1<<24 {
		return nil, &ParamError{
			Workload: "faulty",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     "between 1 and 2^24 tasks",
		}
	}
	f := &faultyInst{tasks: int(c.Size), stride: 8 + int(p.taskBytes)}
	if f.input, err = c.Bytes(f.tasks * f.stride); err != nil {
		return nil, fmt.Errorf("faulty: %w", err)
	}
	for t := range f.tasks {
		b := f.input[t*f.stride : (t+1)*f.stride]
		binary.LittleEndian.PutUint64(b, uint64(t))
		s := Stream(c.Seed, t)
		for i := 8; i < len(b); i += 8 {
			binary.LittleEndian.PutUint64(b[i:], s.Uint64())
		}
	}
	f.want, f.got, f.set = make([]uint64, f.tasks), make([]uint64, f.tasks), make([]bool, f.tasks)
	f.Serial() // the reference is cheap: every instance has it, serial run or not
	return f, nil
}

// faultySum is the checksum of one task's input.
func faultySum(in []byte) uint64 {
	h := uint64(0xcbf29ce484222325)
	for i := 0; i+8 <= len(in); i += 8 {
		h = (h ^ binary.LittleEndian.Uint64(in[i:])) * 0x100000001b3
	}
	return h
}

func faultyKernel(c Config) (Kernel, error) {
	p, err := parseFaulty(c)
	if err != nil {
		return nil, err
	}
	return func(in, out []byte) ([]byte, error) {
		if len(in) < 8 {
			return out, fmt.Errorf("faulty task: %d bytes of input", len(in))
		}
		if t := int64(binary.LittleEndian.Uint64(in)); t == p.task {
			switch p.fault {
			case "crash":
				panic(fmt.Sprintf("faulty: crash in task %d", t))
			case "kill":
				_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
				select {}
			case "exit":
				// The fault being simulated: a worker that exits on its own.
				fmt.Fprintf(os.Stderr, "faulty: exit in task %d\n", t)
				os.Exit(3)
			case "hang":
				time.Sleep(24 * time.Hour)
			case "error":
				return out, errors.New("faulty: error in task " + fmt.Sprint(t))
			}
		}
		return PutU64s(out, faultySum(in)), nil
	}, nil
}

func (f *faultyInst) Input() []byte                   { return f.input }
func (f *faultyInst) TaskInput(task int) (off, n int) { return task * f.stride, f.stride }
func (f *faultyInst) MaxResult() int                  { return 8 }

func (f *faultyInst) SetResult(task int, b []byte) error {
	v, err := U64s(b, 1)
	if err != nil {
		return fmt.Errorf("faulty task %d result: %w", task, err)
	}
	if f.set[task] {
		return fmt.Errorf("faulty task %d: result set twice", task)
	}
	f.got[task], f.set[task] = v[0], true
	return nil
}

func (f *faultyInst) Tasks() int { return f.tasks }

func (f *faultyInst) Serial() {
	for t := range f.tasks {
		off, n := f.TaskInput(t)
		f.want[t] = faultySum(f.input[off : off+n])
	}
}

func (f *faultyInst) Begin(int) { clear(f.got); clear(f.set) }

func (f *faultyInst) Run(_, task int) {
	off, n := f.TaskInput(task)
	f.got[task], f.set[task] = faultySum(f.input[off:off+n]), true
}

func (f *faultyInst) End() {}

func (f *faultyInst) Verify() error {
	for t := range f.tasks {
		if !f.set[t] {
			return fmt.Errorf("faulty: task %d has no result", t)
		}
		if f.got[t] != f.want[t] {
			return fmt.Errorf("faulty: task %d checksum %#x, serial run gave %#x", t, f.got[t], f.want[t])
		}
	}
	return nil
}

// faultyMemory is per task its input, its checksums and its flag.
func faultyMemory(c Config) (Footprint, error) {
	p, err := parseFaulty(c)
	if err != nil {
		return Footprint{}, err
	}
	return Footprint{Fixed: mulSat(c.Size, 8+p.taskBytes+17)}, nil
}
