package workloads

import (
	"encoding/binary"
	"fmt"
	"math"
)

// matSide is the side of the matrices of fft2 and autocorr2d, as in the
// seed: 100×100 integers in [0, 100).
const matSide = 100

func init() {
	Register(&Spec{
		Name:        "fft2",
		Description: "2-D FFT of many 100×100 integer matrices, one per task (tasks too small: overhead wins with processes)",
		Unit:        "matrices",
		Crossing: Crossing{
			Input:  "its 100×100 matrix of bytes (10 kB)",
			Result: "its 100×100 spectrum of complex128 (160 kB)",
			Shared: true,
		},
		Quick:    640,
		Full:     6_400,
		MaxSize:  1 << 24,
		Schedule: "dynamic",
		Chunk:    1,
		New:      newFFT2,
		Memory:   fft2Memory,
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
	stop   *Stop
	n      int
	input  []byte // n matrices of 100×100 values in [0, 100), row-major
	work   []*fft2Scratch
	digest []uint64 // per task, parallel pass
	serial []uint64
}

func newFFT2(c Config) (Instance, error) {
	if c.Size < 1 || c.Size > 1<<24 {
		return nil, &ParamError{
			Workload: "fft2",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     "between 1 and 16777216 matrices",
		}
	}
	n := int(c.Size)
	input, err := c.Bytes(n * matSide * matSide)
	if err != nil {
		return nil, fmt.Errorf("fft2: %w", err)
	}
	fillMatrices(input, c.Seed)
	return &fft2{stop: c.Stop, n: n, input: input, digest: make([]uint64, n), serial: make([]uint64, n)}, nil
}

// fillMatrices fills b with len(b)/10⁴ matrices as randomMatrices makes
// them.
func fillMatrices(b []byte, seed uint64) {
	for m := range len(b) / (matSide * matSide) {
		s := Stream(seed, m)
		for i := range matSide * matSide {
			b[m*matSide*matSide+i] = byte(s.Uint64() % 100)
		}
	}
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
	f.digest[task] = digestBytes(b)
	return nil
}

func (f *fft2) Tasks() int { return f.n }

func (f *fft2) Serial() {
	s := newFFT2Scratch()
	for i := range f.n {
		if i%16 == 0 && f.stop.Stopped() { // a matrix takes about 0.1 ms
			return
		}
		f.serial[i] = s.digest(f.matrix(i))
	}
}

func (f *fft2) Begin(workers int) {
	for len(f.work) < workers {
		f.work = append(f.work, newFFT2Scratch())
	}
	clear(f.digest)
}

func (f *fft2) Run(worker, task int) {
	f.digest[task] = f.work[worker].digest(f.matrix(task))
}

func (f *fft2) End() {}

func (f *fft2) Verify() error {
	for i := range f.n {
		if f.digest[i] != f.serial[i] {
			return fmt.Errorf(
				"fft2: spectrum of matrix %d differs from the serial one (digest %016x, serial %016x)",
				i,
				f.digest[i],
				f.serial[i],
			)
		}
	}
	return nil
}

// The digest of a spectrum hashes its words (the bits of the real, then
// the imaginary part of each value, in row-major order) in four FNV-1a
// lanes, word j into lane j mod 4, so that the multiplications of the
// lanes overlap; the lanes are folded at the end.
const (
	fnvOffset = 0xcbf29ce484222325
	fnvPrime  = 0x100000001b3
)

func foldLanes(h0, h1, h2, h3 uint64) uint64 {
	h := uint64(fnvOffset)
	for _, x := range [4]uint64{h0, h1, h2, h3} {
		h = (h ^ x) * fnvPrime
	}
	return h
}

// digestBytes is the digest of a spectrum sent as little-endian words.
func digestBytes(b []byte) uint64 {
	h0, h1, h2, h3 := uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset)
	for len(b) >= 32 {
		h0 = (h0 ^ binary.LittleEndian.Uint64(b)) * fnvPrime
		h1 = (h1 ^ binary.LittleEndian.Uint64(b[8:])) * fnvPrime
		h2 = (h2 ^ binary.LittleEndian.Uint64(b[16:])) * fnvPrime
		h3 = (h3 ^ binary.LittleEndian.Uint64(b[24:])) * fnvPrime
		b = b[32:]
	}
	return foldLanes(h0, h1, h2, h3)
}

// fft2Scratch is the plans and buffers of one 100×100 transform,
// allocated once and reused for every matrix. The transform is the
// batched Stockham FFT of realFFT2: gonum's dsp/fourier, which transforms
// one row or column at a time, measured about three times slower here
// (BenchmarkFFT2Gonum against BenchmarkSeedFFT2) and is kept as the tests'
// oracle.
type fft2Scratch struct {
	f    *realFFT2
	full []complex128 // 100 × 100 spectrum
}

func newFFT2Scratch() *fft2Scratch {
	const n = matSide
	return &fft2Scratch{f: newRealFFT2(n, n), full: make([]complex128, n*n)}
}

// transform returns the full spectrum of m (numpy's fft2, unnormalized),
// valid until the next call.
func (s *fft2Scratch) transform(m []byte) []complex128 {
	s.f.transform(s.full, m)
	return s.full
}

// digest returns the digest of the full spectrum of m, the same as
// spectrumDigest(s.transform(m)).
func (s *fft2Scratch) digest(m []byte) uint64 { return s.f.digest(m) }

// fft2Memory is per matrix its 100×100 bytes and two digests, and per
// worker the work area of one transform and its full spectrum.
func fft2Memory(c Config) (Footprint, error) {
	const n = matSide
	return Footprint{Fixed: mulSat(c.Size, n*n+16), PerWorker: 16*n*n + realFFT2Bytes(n, n)}, nil
}

// rfft2Bytes is the size of the buffers of newRFFT2(rows, cols).
func rfft2Bytes(rows, cols int64) int64 { return 16 * (rows*(cols/2+1) + rows) }
