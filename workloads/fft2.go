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
		Description: "2-D FFT of many 100×100 integer matrices, one per task (tasks too small: overhead wins with processes)",
		Unit:        "matrices",
		Quick:       2_000,
		Full:        20_000,
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
	f.digest[task] = digestBytes(b)
	return nil
}

func (f *fft2) Tasks() int { return f.n }

func (f *fft2) Serial() {
	s := newFFT2Scratch()
	for i := range f.n {
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
			return fmt.Errorf("fft2: spectrum of matrix %d differs from the serial one (digest %016x, serial %016x)", i, f.digest[i], f.serial[i])
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

// spectrumDigest is the digest of a spectrum of an even number of values.
func spectrumDigest(spec []complex128) uint64 {
	h0, h1, h2, h3 := uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset)
	for i := 0; i+1 < len(spec); i += 2 {
		a, b := spec[i], spec[i+1]
		h0 = (h0 ^ math.Float64bits(real(a))) * fnvPrime
		h1 = (h1 ^ math.Float64bits(imag(a))) * fnvPrime
		h2 = (h2 ^ math.Float64bits(real(b))) * fnvPrime
		h3 = (h3 ^ math.Float64bits(imag(b))) * fnvPrime
	}
	return foldLanes(h0, h1, h2, h3)
}

// fft2Scratch is the plans and buffers of one 100×100 transform.
//
// The transform runs both dimensions as batched FFTs: one FFT of length
// 100 whose elements are whole rows, so that every butterfly works along
// contiguous memory. Real input is packed two columns to one complex
// column (x[r][2k] + i·x[r][2k+1]) and unpacked after the first pass; the
// second pass only needs the frequencies u ≤ 50, and Hermitian symmetry
// gives the rest. gonum's dsp/fourier transforms one sequence at a time
// and measured about three times slower here (BenchmarkFFT2Gonum); the
// tests check this transform against a direct DFT.
type fft2Scratch struct {
	plan       *stockham
	z, zw      []complex128 // 100 × 50: packed column pairs, and work
	t, tw      []complex128 // 100 × 51: transposed half spectrum, and work
	full       []complex128 // 100 × 100
	gonum      *rfft2       // the reference transform of BenchmarkFFT2Gonum
	gonumInput []float64
}

const fftHalf = matSide/2 + 1

func newFFT2Scratch() *fft2Scratch {
	const n = matSide
	return &fft2Scratch{plan: newStockham(n),
		z: make([]complex128, n*n/2), zw: make([]complex128, n*n/2),
		t: make([]complex128, n*fftHalf), tw: make([]complex128, n*fftHalf),
		full: make([]complex128, n*n)}
}

// byteFloat converts a byte to float64 by table, which here is faster
// than the conversion instruction.
var byteFloat = func() (t [256]float64) {
	for i := range t {
		t[i] = float64(i)
	}
	return t
}()

// half computes the transform of m and returns the half spectrum in the
// transposed layout t[v·51+u] = X[u][v], u ≤ 50, valid until the next
// call.
func (s *fft2Scratch) half(m []byte) []complex128 {
	const n, half = matSide, matSide / 2
	m = m[:n*n]
	z := s.z[:n*half]
	for i := range z {
		z[i] = complex(byteFloat[m[2*i]], byteFloat[m[2*i+1]])
	}
	z = s.plan.run(z, s.zw, half) // z[u][k], transformed along the rows r
	// Unpack column pairs: with P = Z[u][k] and Q = conj(Z[−u][k]), the
	// column transforms are A[u][2k] = (P+Q)/2 and A[u][2k+1] = −i(P−Q)/2.
	// Keep u ≤ 50, transposed: t[c][u] = A[u][c].
	for u := range fftHalf {
		nu := (n - u) % n
		zu, znu := z[u*half:(u+1)*half], z[nu*half:(nu+1)*half]
		for k, p := range zu {
			q := znu[k]
			q = complex(real(q), -imag(q))
			e, o := p+q, p-q
			s.t[(2*k)*fftHalf+u] = complex(real(e)/2, imag(e)/2)
			s.t[(2*k+1)*fftHalf+u] = complex(imag(o)/2, -real(o)/2)
		}
	}
	return s.plan.run(s.t, s.tw, fftHalf)
}

// transform returns the full spectrum of m (numpy's fft2, unnormalized),
// valid until the next call.
func (s *fft2Scratch) transform(m []byte) []complex128 {
	const n = matSide
	t := s.half(m)
	for u := range n {
		row := s.full[u*n : (u+1)*n]
		if u < fftHalf {
			for v := range n {
				row[v] = t[v*fftHalf+u]
			}
			continue
		}
		nu := n - u
		c := t[nu]
		row[0] = complex(real(c), -imag(c))
		for v := 1; v < n; v++ {
			c := t[(n-v)*fftHalf+nu]
			row[v] = complex(real(c), -imag(c))
		}
	}
	return s.full
}

// digest returns the digest of the full spectrum of m, the same as
// spectrumDigest(s.transform(m)), without writing the full spectrum out.
func (s *fft2Scratch) digest(m []byte) uint64 {
	const n = matSide
	t := s.half(m)
	h0, h1, h2, h3 := uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset)
	for u := range n {
		for v := 0; v < n; v += 2 {
			var a, b complex128
			if u < fftHalf {
				a, b = t[v*fftHalf+u], t[(v+1)*fftHalf+u]
			} else {
				a, b = t[((n-v)%n)*fftHalf+n-u], t[(n-v-1)*fftHalf+n-u]
				a, b = complex(real(a), -imag(a)), complex(real(b), -imag(b))
			}
			h0 = (h0 ^ math.Float64bits(real(a))) * fnvPrime
			h1 = (h1 ^ math.Float64bits(imag(a))) * fnvPrime
			h2 = (h2 ^ math.Float64bits(real(b))) * fnvPrime
			h3 = (h3 ^ math.Float64bits(imag(b))) * fnvPrime
		}
	}
	return foldLanes(h0, h1, h2, h3)
}

// transformGonum is the same transform with gonum's dsp/fourier, one row
// or column at a time.
func (s *fft2Scratch) transformGonum(m []byte) []complex128 {
	if s.gonum == nil {
		s.gonum = newRFFT2(matSide, matSide)
		s.gonumInput = make([]float64, matSide*matSide)
	}
	for i, v := range m {
		s.gonumInput[i] = float64(v)
	}
	s.gonum.forward(s.gonumInput)
	s.gonum.full(s.full)
	return s.full
}

// stockham is a plan for batched complex FFTs of one length, by the
// Stockham autosort algorithm (decimation in frequency, radices 4, 5 and
// 2, no bit reversal).
type stockham struct {
	n       int
	factors []int
	tw      [][]complex128 // per stage: tw[p·r+k] = exp(−2πi·p·k/len)
}

func newStockham(n int) *stockham {
	f := &stockham{n: n}
	rest := n
	for _, r := range []int{4, 5, 2, 3} {
		for rest%r == 0 {
			f.factors = append(f.factors, r)
			rest /= r
		}
	}
	if rest != 1 {
		panic(fmt.Sprintf("stockham: length %d has a prime factor above 5", n))
	}
	l := n
	for _, r := range f.factors {
		m := l / r
		tw := make([]complex128, m*r)
		for p := range m {
			for k := range r {
				a := -2 * math.Pi * float64(p*k) / float64(l)
				tw[p*r+k] = complex(math.Cos(a), math.Sin(a))
			}
		}
		f.tw = append(f.tw, tw)
		l = m
	}
	return f
}

// run transforms the n sequences interleaved in x: element i of the
// sequence b is x[i·batch+b]. y is a work area of the same length. It
// returns whichever of x and y holds the result.
func (f *stockham) run(x, y []complex128, batch int) []complex128 {
	l, s := f.n, batch
	for st, r := range f.factors {
		m := l / r
		tw := f.tw[st]
		switch r {
		case 4:
			radix4(x, y, tw, m, s)
		case 5:
			radix5(x, y, tw, m, s)
		default:
			radixN(x, y, tw, r, m, s)
		}
		l, s = m, s*r
		x, y = y, x
	}
	return x
}

func mulNegI(z complex128) complex128 { return complex(imag(z), -real(z)) }

func radix4(x, y, tw []complex128, m, s int) {
	for p := range m {
		w1, w2, w3 := tw[p*4+1], tw[p*4+2], tw[p*4+3]
		x0 := x[s*p : s*p+s]
		x1 := x[s*(p+m) : s*(p+m)+s]
		x2 := x[s*(p+2*m) : s*(p+2*m)+s]
		x3 := x[s*(p+3*m) : s*(p+3*m)+s]
		y0 := y[s*4*p : s*4*p+s]
		y1 := y[s*(4*p+1) : s*(4*p+1)+s]
		y2 := y[s*(4*p+2) : s*(4*p+2)+s]
		y3 := y[s*(4*p+3) : s*(4*p+3)+s]
		y1, y2, y3 = y1[:len(x0)], y2[:len(x0)], y3[:len(x0)]
		if p == 0 { // the twiddles are 1
			for q := range x0 {
				a0, a1, a2, a3 := x0[q], x1[q], x2[q], x3[q]
				t0, t1 := a0+a2, a0-a2
				t2, t3 := a1+a3, mulNegI(a1-a3)
				y0[q], y1[q], y2[q], y3[q] = t0+t2, t1+t3, t0-t2, t1-t3
			}
			continue
		}
		for q := range x0 {
			a0, a1, a2, a3 := x0[q], x1[q], x2[q], x3[q]
			t0, t1 := a0+a2, a0-a2
			t2, t3 := a1+a3, mulNegI(a1-a3)
			y0[q] = t0 + t2
			y1[q] = (t1 + t3) * w1
			y2[q] = (t0 - t2) * w2
			y3[q] = (t1 - t3) * w3
		}
	}
}

func radix5(x, y, tw []complex128, m, s int) {
	c1, c2 := math.Cos(2*math.Pi/5), math.Cos(4*math.Pi/5)
	s1, s2 := math.Sin(2*math.Pi/5), math.Sin(4*math.Pi/5)
	for p := range m {
		w1, w2, w3, w4 := tw[p*5+1], tw[p*5+2], tw[p*5+3], tw[p*5+4]
		x0 := x[s*p : s*p+s]
		x1 := x[s*(p+m) : s*(p+m)+s]
		x2 := x[s*(p+2*m) : s*(p+2*m)+s]
		x3 := x[s*(p+3*m) : s*(p+3*m)+s]
		x4 := x[s*(p+4*m) : s*(p+4*m)+s]
		y0 := y[s*5*p : s*5*p+s]
		y1 := y[s*(5*p+1) : s*(5*p+1)+s]
		y2 := y[s*(5*p+2) : s*(5*p+2)+s]
		y3 := y[s*(5*p+3) : s*(5*p+3)+s]
		y4 := y[s*(5*p+4) : s*(5*p+4)+s]
		x1, x2, x3, x4 = x1[:len(x0)], x2[:len(x0)], x3[:len(x0)], x4[:len(x0)]
		y0, y1, y2, y3, y4 = y0[:len(x0)], y1[:len(x0)], y2[:len(x0)], y3[:len(x0)], y4[:len(x0)]
		for q := range x0 {
			a0, a1, a2, a3, a4 := x0[q], x1[q], x2[q], x3[q], x4[q]
			t1, t2, t3, t4 := a1+a4, a2+a3, a1-a4, a2-a3
			m1 := a0 + complex(c1*real(t1)+c2*real(t2), c1*imag(t1)+c2*imag(t2))
			m2 := a0 + complex(c2*real(t1)+c1*real(t2), c2*imag(t1)+c1*imag(t2))
			n1 := mulNegI(complex(s1*real(t3)+s2*real(t4), s1*imag(t3)+s2*imag(t4)))
			n2 := mulNegI(complex(s2*real(t3)-s1*real(t4), s2*imag(t3)-s1*imag(t4)))
			y0[q] = a0 + t1 + t2
			if p == 0 { // the twiddles are 1
				y1[q], y2[q], y3[q], y4[q] = m1+n1, m2+n2, m2-n2, m1-n1
				continue
			}
			y1[q] = (m1 + n1) * w1
			y2[q] = (m2 + n2) * w2
			y3[q] = (m2 - n2) * w3
			y4[q] = (m1 - n1) * w4
		}
	}
}

// radixN is the plain r-point DFT butterfly, for the radices 2 and 3.
func radixN(x, y, tw []complex128, r, m, s int) {
	var a [5]complex128
	for p := range m {
		for q := range s {
			for j := range r {
				a[j] = x[q+s*(p+j*m)]
			}
			for k := range r {
				var b complex128
				for j := range r {
					ang := -2 * math.Pi * float64(j*k%r) / float64(r)
					b += a[j] * complex(math.Cos(ang), math.Sin(ang))
				}
				y[q+s*(r*p+k)] = b * tw[p*r+k]
			}
		}
	}
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
