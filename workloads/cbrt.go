package workloads

import (
	"encoding/binary"
	"fmt"
	"math"
)

// cbrtMaxSize is the most elements of cbrt: each is a task of its own.
const cbrtMaxSize = 1 << 24

func init() {
	Register(&Spec{
		Name: "cbrt",
		Description: "the cube root of every element of a float64 array by Newton's method, one element a task " +
			"(tiny tasks: seed 000's element-wise processing)",
		Unit: "elements",
		Crossing: Crossing{
			Input:  "its element of the float64 array (8 bytes)",
			Result: "its cube root (8 bytes)",
			Shared: true,
		},
		Quick:    20_000,
		Full:     200_000,
		MaxSize:  cbrtMaxSize,
		Schedule: "dynamic",
		Chunk:    1000,
		Params: []Param{
			{Name: "steps", Default: "40", Help: "Newton steps per element (the work of one task: about 10 ns a step)"},
		},
		New:    newCbrt,
		Memory: cbrtMemory,
		Kernel: func(c Config) (Kernel, error) {
			steps, err := cbrtSteps(c)
			if err != nil {
				return nil, err
			}
			return func(in, out []byte) ([]byte, error) {
				if len(in)%8 != 0 {
					return out, fmt.Errorf("cbrt task: %d bytes is not a whole number of float64s", len(in))
				}
				for i := 0; i < len(in); i += 8 {
					x := math.Float64frombits(binary.LittleEndian.Uint64(in[i:]))
					out = binary.LittleEndian.AppendUint64(out, math.Float64bits(newtonCbrt(x, steps)))
				}
				return out, nil
			}, nil
		},
	})
}

var _ Portable = (*cbrt)(nil)

// cbrt takes the cube root of every element of an array of float64 in
// [1, 1000), each element a task of its own: a task is a few hundred
// nanoseconds of arithmetic, far less than what it costs to send it to a
// worker process and get its answer back, which is the point of the
// element-wise lesson. The serial run and the tasks do the same steps on
// each element, so the answers are bit-identical and compared exactly.
type cbrt struct {
	stop   *Stop
	steps  int
	input  []byte // the elements, little-endian float64
	roots  []float64
	serial []float64
}

// cbrtSteps reads the steps parameter.
func cbrtSteps(c Config) (int, error) {
	v, err := c.Int("steps")
	if err != nil || v < 1 || v > 1<<20 {
		return 0, &ParamError{
			Workload: "cbrt",
			Param:    "steps",
			Value:    c.Params["steps"],
			Want:     "an integer between 1 and 1048576",
		}
	}
	return int(v), nil
}

func newCbrt(c Config) (Instance, error) {
	steps, err := cbrtSteps(c)
	if err != nil {
		return nil, err
	}
	if c.Size < 1 || c.Size > cbrtMaxSize {
		return nil, &ParamError{
			Workload: "cbrt",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     fmt.Sprintf("between 1 and %d elements", cbrtMaxSize),
		}
	}
	n := int(c.Size)
	input, err := c.Bytes(8 * n)
	if err != nil {
		return nil, fmt.Errorf("cbrt: %w", err)
	}
	r := Stream(c.Seed, 0)
	for i := range n {
		binary.LittleEndian.PutUint64(input[8*i:], math.Float64bits(1+999*r.Float64()))
	}
	return &cbrt{stop: c.Stop, steps: steps, input: input, roots: make([]float64, n), serial: make([]float64, n)}, nil
}

// cbrtMemory is the array, the roots and the serial roots: 24 bytes an
// element.
func cbrtMemory(c Config) (Footprint, error) { return Footprint{Fixed: mulSat(c.Size, 24)}, nil }

// newtonCbrt is the cube root of x > 0 by steps steps of Newton's method
// from x: y ← y − (y³ − x)/(3y²). From x in [1, 1000) about 16 steps
// reach the root to the last bit; later steps stay there.
func newtonCbrt(x float64, steps int) float64 {
	y := x
	for range steps {
		y -= (y*y*y - x) / (3 * y * y)
	}
	return y
}

// element is element i of the input.
func (c *cbrt) element(i int) float64 {
	return math.Float64frombits(binary.LittleEndian.Uint64(c.input[8*i:]))
}

// cbrtStopEvery is how many elements the serial run takes between two
// checks of a Stop (well under a millisecond).
const cbrtStopEvery = 1 << 10

func (c *cbrt) Serial() {
	for i := range c.serial {
		if i%cbrtStopEvery == 0 && c.stop.Stopped() {
			return
		}
		c.serial[i] = newtonCbrt(c.element(i), c.steps)
	}
}

func (c *cbrt) Tasks() int { return len(c.roots) }

func (c *cbrt) Begin(int) { clear(c.roots) }

func (c *cbrt) Run(_, task int) { c.roots[task] = newtonCbrt(c.element(task), c.steps) }

func (c *cbrt) End() {}

func (c *cbrt) Verify() error {
	for i, v := range c.roots {
		if math.Float64bits(v) != math.Float64bits(c.serial[i]) {
			return fmt.Errorf("cbrt: element %d has root %g, serial run gave %g", i, v, c.serial[i])
		}
	}
	return nil
}

func (c *cbrt) Input() []byte                   { return c.input }
func (c *cbrt) TaskInput(task int) (off, n int) { return 8 * task, 8 }
func (c *cbrt) MaxResult() int                  { return 8 }

func (c *cbrt) SetResult(task int, b []byte) error {
	if len(b) != 8 {
		return fmt.Errorf("cbrt task %d result: want 8 bytes, got %d", task, len(b))
	}
	c.roots[task] = math.Float64frombits(binary.LittleEndian.Uint64(b))
	return nil
}
