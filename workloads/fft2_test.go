package workloads

import (
	"fmt"
	"math"
	"math/cmplx"
	"testing"

	"gonum.org/v1/gonum/dsp/fourier"
)

// TestFFT2MatchesDFT compares the transform with a separable direct DFT,
// X[u][v] = Σ x[r][c]·exp(−2πi(ur + vc)/100), within a tolerance for the
// different order of the floating-point sums.
func TestFFT2MatchesDFT(t *testing.T) {
	m := randomMatrices(2, 1)
	got := newFFT2Scratch().transform(m)
	const n = matSide
	w := func(k int) complex128 { return cmplx.Exp(complex(0, -2*math.Pi*float64(k%n)/n)) }
	rows := make([]complex128, n*n) // DFT of each row
	for r := range n {
		for v := range n {
			var s complex128
			for c := range n {
				s += complex(float64(m[r*n+c]), 0) * w(v*c)
			}
			rows[r*n+v] = s
		}
	}
	for u := range n {
		for v := range n {
			var want complex128
			for r := range n {
				want += rows[r*n+v] * w(u*r)
			}
			// Values reach 5·10⁵ (the sum of 10⁴ values below 100); both
			// computations carry relative errors near 10⁻¹⁴.
			if d := cmplx.Abs(got[u*n+v] - want); d > 1e-6 {
				t.Fatalf("X[%d][%d] = %v, want %v", u, v, got[u*n+v], want)
			}
		}
	}
}

// gonumFFT2 is the oracle: the full spectrum of the rows×cols matrix m
// with gonum's dsp/fourier, one row or column at a time.
func gonumFFT2(m []byte, rows, cols int) []complex128 {
	in := make([]float64, rows*cols)
	for i, v := range m[:rows*cols] {
		in[i] = float64(v)
	}
	g := newRFFT2(rows, cols)
	g.forward(in)
	out := make([]complex128, rows*cols)
	g.full(out)
	return out
}

// spectrumTolerance is the error allowed against gonum: 10⁻¹² of the sum
// of the magnitudes of the input, the largest value any coefficient can
// reach. Both transforms round at about 10⁻¹⁶ per operation over a few
// dozen operations per coefficient.
func spectrumTolerance(x []complex128) float64 {
	var s float64
	for _, v := range x {
		s += cmplx.Abs(v)
	}
	return 1e-12 * max(s, 1)
}

// TestFFT2MatchesGonum checks the batched transform against gonum's at
// the workload's 100×100 and at shapes that take every path: odd and even
// sides, prime lengths (the generic butterfly), one row or one column.
func TestFFT2MatchesGonum(t *testing.T) {
	shapes := [][2]int{{matSide, matSide}, {1, 1}, {1, 2}, {2, 1}, {3, 5}, {7, 6}, {12, 20},
		{13, 22}, {9, 11}, {16, 8}, {49, 14}, {97, 98}, {121, 33}, {200, 200}}
	for _, sh := range shapes {
		rows, cols := sh[0], sh[1]
		t.Run(fmt.Sprintf("%dx%d", rows, cols), func(t *testing.T) {
			m := make([]byte, rows*cols)
			s := Stream(7, rows*1000+cols)
			for i := range m {
				m[i] = byte(s.Uint64())
			}
			got := make([]complex128, rows*cols)
			f := newRealFFT2(rows, cols)
			f.transform(got, m)
			want := gonumFFT2(m, rows, cols)
			in := make([]complex128, len(m))
			for i, v := range m {
				in[i] = complex(float64(v), 0)
			}
			tol := spectrumTolerance(in)
			for i := range got {
				if d := cmplx.Abs(got[i] - want[i]); d > tol || math.IsNaN(d) {
					t.Fatalf("X[%d][%d] = %v, gonum gives %v (difference %g, tolerance %g)", i/cols, i%cols, got[i], want[i], d, tol)
				}
			}
			if got, want := f.digest(m), spectrumDigest(got); got != want {
				t.Errorf("digest %016x, digest of the full spectrum %016x", got, want)
			}
		})
	}
}

// TestStockhamLengths checks the batched 1-D FFT against gonum's for
// every length up to 64 and a few with large prime factors.
func TestStockhamLengths(t *testing.T) {
	lengths := []int{97, 100, 121, 169, 200, 202, 256, 625, 1000}
	for n := 1; n <= 64; n++ {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		const batch = 3
		x := make([]complex128, n*batch)
		s := Stream(1, n)
		for i := range x {
			x[i] = complex(s.Float64()-0.5, s.Float64()-0.5)
		}
		in := append([]complex128(nil), x...)
		got := newStockham(n).run(x, make([]complex128, n*batch), batch)
		g := fourier.NewCmplxFFT(n)
		seq := make([]complex128, n)
		for b := range batch {
			for j := range n {
				seq[j] = in[j*batch+b]
			}
			want := g.Coefficients(nil, seq)
			tol := spectrumTolerance(seq)
			for k := range n {
				if d := cmplx.Abs(got[k*batch+b] - want[k]); d > tol || math.IsNaN(d) {
					t.Fatalf("n=%d, sequence %d, X[%d] = %v, gonum gives %v", n, b, k, got[k*batch+b], want[k])
				}
			}
		}
	}
}

// TestFFT2DigestMatchesFull checks that the digest the serial run and
// the goroutine tasks compute equals the digest of the bytes the process
// kernel sends, for the same matrix: both must agree bit for bit.
func TestFFT2DigestMatchesFull(t *testing.T) {
	m := randomMatrices(6, 1)
	spec, _ := Lookup("fft2")
	kernel, err := spec.Kernel(Config{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := kernel(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := newFFT2Scratch()
	if got, want := s.digest(m), digestBytes(out); got != want {
		t.Errorf("digest %016x, digest of the kernel's bytes %016x", got, want)
	}
	if got, want := s.digest(m), spectrumDigest(s.transform(m)); got != want {
		t.Errorf("digest %016x, digest of the full spectrum %016x", got, want)
	}
}
