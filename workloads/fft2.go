package workloads

import (
	"encoding/binary"
	"fmt"
	"math"

	"gonum.org/v1/gonum/dsp/fourier"
)

// matSide is the side of the matrices of fft2 and autocorr2d, as in the
// seed: 100×100 integers in [0, 100).
const matSide = 100

func init() {
	Register(&Spec{
		Name:        "fft2",
		Description: "2-D FFT of many 100×100 integer matrices with gonum dsp/fourier (tasks too small: overhead wins with processes)",
		Unit:        "matrices",
		Quick:       4_000,
		Full:        40_000,
		Schedule:    "dynamic",
		Chunk:       1,
		New:         newFFT2,
		Kernel: func(Config) (Kernel, error) {
			pool := newScratchPool(func() *fft2Scratch { return newFFT2Scratch() })
			return func(in, out []byte) ([]byte, error) {
				if len(in) != matSide*matSide {
					return out, fmt.Errorf("fft2 task: want %d bytes, got %d", matSide*matSide, len(in))
				}
				s := pool.get()
				defer pool.put(s)
				spec := s.transform(in)
				for _, c := range spec {
					out = binary.LittleEndian.AppendUint64(out, math.Float64bits(real(c)))
					out = binary.LittleEndian.AppendUint64(out, math.Float64bits(imag(c)))
				}
				return out, nil
			}, nil
		},
	})
}

var _ Portable = (*fft2)(nil)

// fft2 computes the full 100×100 complex spectrum of each matrix, one
// matrix per task. A task's answer is a digest of the bits of its
// spectrum: the serial run and every task use the same transform on the
// same input, so the spectra are bit-identical and the digests must match
// exactly.
type fft2 struct {
	n      int
	input  []byte // n matrices of 100×100 values in [0, 100), row-major
	work   []*fft2Scratch
	digest []uint64 // per task, parallel pass
	serial []uint64
	buf    []byte // SetResult's decoding area
}

func newFFT2(c Config) (Instance, error) {
	if c.Size < 1 || c.Size > 1<<24 {
		return nil, &ParamError{Workload: "fft2", Param: "size", Value: fmt.Sprint(c.Size), Want: "between 1 and 16777216 matrices"}
	}
	n := int(c.Size)
	return &fft2{n: n, input: randomMatrices(c.Seed, n), digest: make([]uint64, n), serial: make([]uint64, n)}, nil
}

// randomMatrices returns n matrices of 100×100 integers in [0, 100), one
// stream per matrix.
func randomMatrices(seed uint64, n int) []byte {
	b := make([]byte, n*matSide*matSide)
	for m := range n {
		s := Stream(seed, m)
		for i := range matSide * matSide {
			b[m*matSide*matSide+i] = byte(s.Uint64() % 100)
		}
	}
	return b
}

func (f *fft2) matrix(i int) []byte {
	return f.input[i*matSide*matSide : (i+1)*matSide*matSide]
}

func (f *fft2) Input() []byte { return f.input }
func (f *fft2) TaskInput(task int) (off, n int) {
	return task * matSide * matSide, matSide * matSide
}

// MaxResult is one spectrum: 100×100 complex numbers of 16 bytes.
func (f *fft2) MaxResult() int { return 16 * matSide * matSide }

func (f *fft2) SetResult(task int, b []byte) error {
	if len(b) != f.MaxResult() {
		return fmt.Errorf("fft2 task %d result: want %d bytes, got %d", task, f.MaxResult(), len(b))
	}
	h := newDigest()
	for i := 0; i < len(b); i += 8 {
		h.add(binary.LittleEndian.Uint64(b[i:]))
	}
	f.digest[task] = h.sum()
	return nil
}

func (f *fft2) Tasks() int { return f.n }

func (f *fft2) Serial() {
	s := newFFT2Scratch()
	for i := range f.n {
		f.serial[i] = spectrumDigest(s.transform(f.matrix(i)))
	}
}

func (f *fft2) Begin(workers int) {
	for len(f.work) < workers {
		f.work = append(f.work, newFFT2Scratch())
	}
	clear(f.digest)
}

func (f *fft2) Run(worker, task int) {
	f.digest[task] = spectrumDigest(f.work[worker].transform(f.matrix(task)))
}

func (f *fft2) End() {}

func (f *fft2) Verify() error {
	for i := range f.n {
		if f.digest[i] != f.serial[i] {
			return fmt.Errorf("fft2: spectrum of matrix %d differs from the serial one (digest %016x, serial %016x)", i, f.digest[i], f.serial[i])
		}
	}
	return nil
}

// digest is a 64-bit hash of a sequence of words (FNV-1a over words).
type digest uint64

func newDigest() digest { return 0xcbf29ce484222325 }

func (d *digest) add(w uint64) { *d = (*d ^ digest(w)) * 0x100000001b3 }
func (d digest) sum() uint64   { return uint64(d) }

func spectrumDigest(spec []complex128) uint64 {
	h := newDigest()
	for _, c := range spec {
		h.add(math.Float64bits(real(c)))
		h.add(math.Float64bits(imag(c)))
	}
	return h.sum()
}

// fft2Scratch is the plan and buffers of one 100×100 transform.
type fft2Scratch struct {
	rf   *rfft2
	in   []float64
	full []complex128
}

func newFFT2Scratch() *fft2Scratch {
	return &fft2Scratch{rf: newRFFT2(matSide, matSide), in: make([]float64, matSide*matSide), full: make([]complex128, matSide*matSide)}
}

// transform returns the full spectrum of m (numpy's fft2), valid until
// the next call.
func (s *fft2Scratch) transform(m []byte) []complex128 {
	for i, v := range m {
		s.in[i] = float64(v)
	}
	s.rf.forward(s.in)
	s.rf.full(s.full)
	return s.full
}

// rfft2 is a 2-D FFT of a real rows×cols array: real FFTs of the rows
// give the non-negative column frequencies (cols/2+1 of them), complex
// FFTs of those columns complete the half spectrum, and Hermitian symmetry
// gives the rest. Plans and buffers are allocated once.
type rfft2 struct {
	rows, cols, h int
	row           *fourier.FFT
	col           *fourier.CmplxFFT
	half          []complex128 // rows × h
	colBuf        []complex128 // one column
}

func newRFFT2(rows, cols int) *rfft2 {
	h := cols/2 + 1
	return &rfft2{rows: rows, cols: cols, h: h,
		row: fourier.NewFFT(cols), col: fourier.NewCmplxFFT(rows),
		half: make([]complex128, rows*h), colBuf: make([]complex128, rows)}
}

// forward transforms src (rows×cols, row-major) into the half spectrum.
func (r *rfft2) forward(src []float64) {
	for i := range r.rows {
		r.row.Coefficients(r.half[i*r.h:(i+1)*r.h], src[i*r.cols:(i+1)*r.cols])
	}
	for j := range r.h {
		for i := range r.rows {
			r.colBuf[i] = r.half[i*r.h+j]
		}
		r.col.Coefficients(r.colBuf, r.colBuf)
		for i := range r.rows {
			r.half[i*r.h+j] = r.colBuf[i]
		}
	}
}

// inverse transforms the half spectrum back into dst (rows×cols),
// unnormalized: dst holds rows·cols times the original values.
func (r *rfft2) inverse(dst []float64) {
	for j := range r.h {
		for i := range r.rows {
			r.colBuf[i] = r.half[i*r.h+j]
		}
		r.col.Sequence(r.colBuf, r.colBuf)
		for i := range r.rows {
			r.half[i*r.h+j] = r.colBuf[i]
		}
	}
	for i := range r.rows {
		r.row.Sequence(dst[i*r.cols:(i+1)*r.cols], r.half[i*r.h:(i+1)*r.h])
	}
}

// full expands the half spectrum into the full rows×cols spectrum:
// X[u][v] = conj(X[−u][−v]) for the columns v ≥ h.
func (r *rfft2) full(dst []complex128) {
	for u := range r.rows {
		copy(dst[u*r.cols:u*r.cols+r.h], r.half[u*r.h:(u+1)*r.h])
		nu := (r.rows - u) % r.rows
		for v := r.h; v < r.cols; v++ {
			c := r.half[nu*r.h+r.cols-v]
			dst[u*r.cols+v] = complex(real(c), -imag(c))
		}
	}
}
