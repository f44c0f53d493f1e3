package workloads

import (
	"encoding/binary"
	"fmt"
	"math"

	"gonum.org/v1/gonum/lapack/gonum"
)

// detTasks is the fixed number of tasks of det; each takes a contiguous
// run of slices.
const detTasks = 240

// detN is the side of the matrices of det, as in the seed.
const detN = 10

func init() {
	Register(&Spec{
		Name:        "det",
		Description: "determinants of the 10×10 slices of a 10×10×K integer tensor (shared input, many small tasks)",
		Unit:        "matrices",
		Crossing: Crossing{
			Input:  "its run of 10×10 matrices of int8 (100 bytes each)",
			Result: "their determinants (8 bytes each)",
			Shared: true,
		},
		Quick:    400_000,
		Full:     3_000_000,
		MaxSize:  1 << 28,
		Schedule: "block",
		Chunk:    1,
		New:      newDet,
		Memory:   detMemory,
		Kernel: func(Config) (Kernel, error) {
			pool := newScratchPool(func() *detWork { return new(detWork) })
			return func(in, out []byte) ([]byte, error) {
				if len(in)%(detN*detN) != 0 {
					return out, fmt.Errorf(
						"det task: %d bytes is not a whole number of %d×%d slices",
						len(in),
						detN,
						detN,
					)
				}
				w := pool.get()
				defer pool.put(w)
				for k := 0; k < len(in); k += detN * detN {
					out = binary.LittleEndian.AppendUint64(out, math.Float64bits(detOf(w, in[k:k+detN*detN])))
				}
				return out, nil
			}, nil
		},
	})
}

var _ Portable = (*det)(nil)

// det computes the determinant of every slice with gonum's LU
// factorization (LAPACK dgetrf) on a reused 10×10 work area: mat.LU
// allocates and checks more per call and is about six times slower per
// slice (BenchmarkDetGonumLU against BenchmarkDetLU). The serial run and
// the tasks run the same arithmetic on each slice, so the determinants are
// bit-identical and compared exactly.
//
// The seed's tensor is 10×10×K with the slice index last; here the slices
// are stored one after the other (K×10×10) so that a task's slices are
// one contiguous block of the shared input.
type det struct {
	stop   *Stop
	k      int
	input  []byte // K slices of 100 values in [−5, 5) as int8
	dets   []float64
	serial []float64
}

func newDet(c Config) (Instance, error) {
	if c.Size < detTasks || c.Size > 1<<28 {
		return nil, &ParamError{
			Workload: "det",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     fmt.Sprintf("between %d and %d matrices", detTasks, 1<<28),
		}
	}
	k := int(c.Size)
	input, err := c.Bytes(k * detN * detN)
	if err != nil {
		return nil, fmt.Errorf("det: %w", err)
	}
	d := &det{stop: c.Stop, k: k, input: input, dets: make([]float64, k), serial: make([]float64, k)}
	for t := range detTasks {
		start, n := Split(c.Size, detTasks, t)
		s := Stream(c.Seed, t)
		for i := range n * detN * detN {
			d.input[int(start)*detN*detN+int(i)] = byte(int8(s.Uint64()%10) - 5)
		}
	}
	return d, nil
}

func (d *det) Input() []byte { return d.input }
func (d *det) TaskInput(task int) (off, n int) {
	start, cnt := Split(int64(d.k), detTasks, task)
	return int(start) * detN * detN, int(cnt) * detN * detN
}

// MaxResult is a task's determinants, 8 bytes each.
func (d *det) MaxResult() int {
	_, n := Split(int64(d.k), detTasks, 0)
	return 8 * int(n)
}

func (d *det) SetResult(task int, b []byte) error {
	start, n := Split(int64(d.k), detTasks, task)
	if len(b) != 8*int(n) {
		return fmt.Errorf("det task %d result: want %d bytes, got %d", task, 8*n, len(b))
	}
	for i := range int(n) {
		d.dets[int(start)+i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return nil
}

func (d *det) Tasks() int { return detTasks }

func (d *det) Serial() { d.compute(d.serial, 0, d.k) }

// detStopEvery is how many determinants are computed between two checks
// of a Stop (well under a millisecond).
const detStopEvery = 256

// compute writes the determinants of slices [start, start+n) into dst. It
// gives up early, leaving the rest, once the instance is stopped.
func (d *det) compute(dst []float64, start, n int) {
	var w detWork
	for i := start; i < start+n; i++ {
		if (i-start)%detStopEvery == 0 && d.stop.Stopped() {
			return
		}
		dst[i] = detOf(&w, d.input[i*detN*detN:(i+1)*detN*detN])
	}
}

func (d *det) Begin(int) { clear(d.dets) }

func (d *det) Run(_, task int) {
	start, n := Split(int64(d.k), detTasks, task)
	d.compute(d.dets, int(start), int(n))
}

func (d *det) End() {}

func (d *det) Verify() error {
	for i := range d.k {
		if math.Float64bits(d.dets[i]) != math.Float64bits(d.serial[i]) {
			return fmt.Errorf("det: slice %d: determinant %g, serial run gave %g", i, d.dets[i], d.serial[i])
		}
	}
	return nil
}

// detWork is the work area of detOf: one slice as float64, and the
// pivots.
type detWork struct {
	m    [detN * detN]float64
	ipiv [detN]int
}

// lapack is gonum's pure-Go LAPACK.
var lapack gonum.Implementation

// detOf returns the determinant of the 10×10 slice s (int8 values,
// row-major): gonum's LU factorization with partial pivoting (LAPACK
// dgetrf) on the reused work area w, then the product of U's diagonal,
// negated for every row swap. A singular slice has a zero on the diagonal
// and gives 0.
func detOf(w *detWork, s []byte) float64 {
	for i, v := range s[:detN*detN] {
		w.m[i] = float64(int8(v))
	}
	lapack.Dgetrf(detN, detN, w.m[:], detN, w.ipiv[:])
	d := 1.0
	for i := range detN {
		d *= w.m[i*detN+i]
		if w.ipiv[i] != i {
			d = -d
		}
	}
	return d
}

// detMemory is per matrix its 10×10 bytes and two determinants.
func detMemory(c Config) (Footprint, error) {
	return Footprint{Fixed: mulSat(c.Size, detN*detN+16)}, nil
}
