package workloads

import (
	"encoding/binary"
	"fmt"
	"math"
)

// acSide is the side of a full 2-D autocorrelation of a 100×100 matrix:
// every lag from −99 to 99 in both directions.
const acSide = 2*matSide - 1

// acPad is the FFT size of the FFT-based method: at least acSide, so
// that the circular correlation does not wrap, and a product of small
// primes (2³·5²) for gonum's FFT.
const acPad = 200

func init() {
	Register(&Spec{
		Name:        "autocorr2d",
		Description: "full 2-D autocorrelation (199×199) of many 100×100 integer matrices, direct method (heavy tasks, near-linear speedup)",
		Unit:        "matrices",
		Crossing: Crossing{
			Input:  "its 100×100 matrix of bytes (10 kB)",
			Result: "its 199×199 autocorrelation of uint32 (158 kB)",
			Shared: true,
		},
		Quick:    16,
		Full:     64,
		MaxSize:  1 << 20,
		Schedule: "block",
		Chunk:    1,
		Params: []Param{
			{Name: "autocorr-method", Default: "direct", Values: []string{"direct", "fft"},
				Help: "algorithm of the tasks: direct (the seed's correlate2d, 10⁸ multiply-adds per matrix) or fft; " +
					"the serial reference always uses the faster, fft"},
		},
		New:    newAutocorr2d,
		Memory: autocorr2dMemory,
		Kernel: func(c Config) (Kernel, error) {
			fft := c.Params["autocorr-method"] == "fft"
			pool := newScratchPool(func() *acScratch { return newACScratch() })
			return func(in, out []byte) ([]byte, error) {
				if len(in) != matSide*matSide {
					return out, fmt.Errorf("autocorr2d task: want %d bytes, got %d", matSide*matSide, len(in))
				}
				s := pool.get()
				defer pool.put(s)
				res := s.buf[:]
				if err := s.correlate(res, in, fft); err != nil {
					return out, err
				}
				for _, v := range res {
					out = binary.LittleEndian.AppendUint32(out, v)
				}
				return out, nil
			}, nil
		},
	})
}

var _ Portable = (*autocorr2d)(nil)

// autocorr2d computes C(dy, dx) = Σ a[m][n]·a[m+dy][n+dx] for every lag of
// each matrix, one matrix per task, like scipy's correlate2d(a, a).
//
// The tasks use the direct method by default (the seed's heavy tasks);
// Serial uses the FFT-based method, which measured about four times
// faster at 100×100 (BenchmarkAutocorrDirect, BenchmarkAutocorrFFT). The
// results are exact integers either way: a lag sums at most 10⁴
// products below 10⁴, so every value is below 10⁸, far inside float64's
// exact integers (2⁵³), and the FFT's rounding error (about 10⁻⁸ here) is
// far below ½, so rounding recovers the exact integer. The FFT path
// checks that every value was within 0.25 of an integer and reports a
// failure otherwise.
//
// The preset sizes follow the direct tasks, not the serial reference:
// quick is 16 matrices (about 0.15 s on one worker here), full 64.
type autocorr2d struct {
	stop   *Stop
	n      int
	fft    bool // tasks use the FFT method
	input  []byte
	out    []uint32 // n × 199 × 199, parallel pass
	serial []uint32
	work   []*acScratch
	errs   []error // per task, an FFT rounding failure
	serErr error
}

func newAutocorr2d(c Config) (Instance, error) {
	if c.Size < 1 || c.Size > 1<<20 {
		return nil, &ParamError{
			Workload: "autocorr2d",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     "between 1 and 1048576 matrices",
		}
	}
	n := int(c.Size)
	input, err := c.Bytes(n * matSide * matSide)
	if err != nil {
		return nil, fmt.Errorf("autocorr2d: %w", err)
	}
	fillMatrices(input, c.Seed)
	return &autocorr2d{stop: c.Stop, n: n, fft: c.Params["autocorr-method"] == "fft", input: input,
		out: make([]uint32, n*acSide*acSide), serial: make([]uint32, n*acSide*acSide), errs: make([]error, n)}, nil
}

func (a *autocorr2d) matrix(i int) []byte { return a.input[i*matSide*matSide : (i+1)*matSide*matSide] }
func (a *autocorr2d) result(buf []uint32, i int) []uint32 {
	return buf[i*acSide*acSide : (i+1)*acSide*acSide]
}

func (a *autocorr2d) Input() []byte { return a.input }
func (a *autocorr2d) TaskInput(task int) (off, n int) {
	return task * matSide * matSide, matSide * matSide
}

// MaxResult is one correlation: 199×199 values of 4 bytes.
func (a *autocorr2d) MaxResult() int { return 4 * acSide * acSide }

func (a *autocorr2d) SetResult(task int, b []byte) error {
	if len(b) != a.MaxResult() {
		return fmt.Errorf("autocorr2d task %d result: want %d bytes, got %d", task, a.MaxResult(), len(b))
	}
	r := a.result(a.out, task)
	for i := range r {
		r[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return nil
}

func (a *autocorr2d) Tasks() int { return a.n }

func (a *autocorr2d) Serial() {
	s := newACScratch()
	a.serErr = nil
	for i := range a.n {
		if a.stop.Stopped() { // a matrix takes a few milliseconds
			return
		}
		if err := s.correlate(a.result(a.serial, i), a.matrix(i), true); err != nil && a.serErr == nil {
			a.serErr = err
		}
	}
}

func (a *autocorr2d) Begin(workers int) {
	for len(a.work) < workers {
		a.work = append(a.work, newACScratch())
	}
	clear(a.out)
	clear(a.errs)
}

func (a *autocorr2d) Run(worker, task int) {
	a.errs[task] = a.work[worker].correlate(a.result(a.out, task), a.matrix(task), a.fft)
}

func (a *autocorr2d) End() {}

func (a *autocorr2d) Verify() error {
	if a.serErr != nil {
		return fmt.Errorf("autocorr2d: serial run: %w", a.serErr)
	}
	for i, err := range a.errs {
		if err != nil {
			return fmt.Errorf("autocorr2d: matrix %d: %w", i, err)
		}
	}
	for i := range a.n {
		got, want := a.result(a.out, i), a.result(a.serial, i)
		for k := range got {
			if got[k] != want[k] {
				return fmt.Errorf(
					"autocorr2d: matrix %d, lag (%d, %d): %d, serial run gave %d",
					i,
					k/acSide-(matSide-1),
					k%acSide-(matSide-1),
					got[k],
					want[k],
				)
			}
		}
	}
	return nil
}

// acScratch is the work area of one correlation.
type acScratch struct {
	buf    [acSide * acSide]uint32 // a kernel's result
	direct acDirect
	rf     *rfft2
	pad    []float64 // acPad × acPad
	back   []float64
}

func newACScratch() *acScratch {
	return &acScratch{rf: newRFFT2(acPad, acPad), pad: make([]float64, acPad*acPad), back: make([]float64, acPad*acPad)}
}

// correlate writes the full autocorrelation of m into dst (199×199,
// dst[(dy+99)·199 + dx+99] = C(dy, dx)).
func (s *acScratch) correlate(dst []uint32, m []byte, fft bool) error {
	if fft {
		return s.correlateFFT(dst, m)
	}
	s.correlateDirect(dst, m)
	return nil
}

// correlateDirect sums the products of every lag directly (acDirect).
func (s *acScratch) correlateDirect(dst []uint32, m []byte) { s.direct.correlate(dst, m) }

// correlateFFT computes the correlation as the inverse transform of
// |FFT(a)|², zero-padded to 200×200 so that no lag wraps around, and
// rounds to integers.
func (s *acScratch) correlateFFT(dst []uint32, m []byte) error {
	const n = matSide
	clear(s.pad)
	for r := range n {
		for c := range n {
			s.pad[r*acPad+c] = float64(m[r*n+c])
		}
	}
	s.rf.forward(s.pad)
	for i, c := range s.rf.half {
		s.rf.half[i] = complex(real(c)*real(c)+imag(c)*imag(c), 0)
	}
	s.rf.inverse(s.back)
	const scale = 1.0 / (acPad * acPad)
	for dy := -(n - 1); dy < n; dy++ {
		row := ((dy + acPad) % acPad) * acPad
		for dx := -(n - 1); dx < n; dx++ {
			v := s.back[row+(dx+acPad)%acPad] * scale
			r := math.Round(v)
			if math.Abs(v-r) > 0.25 || r < 0 {
				return fmt.Errorf("FFT correlation at lag (%d, %d) is %g, not close to an integer", dy, dx, v)
			}
			dst[(dy+n-1)*acSide+dx+n-1] = uint32(r)
		}
	}
	return nil
}

// autocorr2dMemory is per matrix its 100×100 bytes, two 199×199
// correlations of 4-byte values and an error, and per worker one
// acScratch.
func autocorr2dMemory(c Config) (Footprint, error) {
	return Footprint{Fixed: mulSat(c.Size, matSide*matSide+2*4*acSide*acSide+16),
		PerWorker: 4*acSide*acSide + acDirectBytes + 2*8*acPad*acPad + rfft2Bytes(acPad, acPad)}, nil
}
