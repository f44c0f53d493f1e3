package workloads

import (
	"math"
	"math/cmplx"
	"testing"
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

// TestStockhamLengths checks the batched FFT against a direct DFT for
// lengths that use every radix.
func TestStockhamLengths(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 5, 6, 8, 12, 20, 25, 60, 100, 200} {
		const batch = 3
		x := make([]complex128, n*batch)
		s := Stream(1, n)
		for i := range x {
			x[i] = complex(s.Float64()-0.5, s.Float64()-0.5)
		}
		in := append([]complex128(nil), x...)
		got := newStockham(n).run(x, make([]complex128, n*batch), batch)
		for b := range batch {
			for k := range n {
				var want complex128
				for j := range n {
					want += in[j*batch+b] * cmplx.Exp(complex(0, -2*math.Pi*float64(j*k%n)/float64(n)))
				}
				if d := cmplx.Abs(got[k*batch+b] - want); d > 1e-9 {
					t.Fatalf("n=%d, sequence %d, X[%d] = %v, want %v", n, b, k, got[k*batch+b], want)
				}
			}
		}
	}
}

func TestFFT2MatchesGonum(t *testing.T) {
	m := randomMatrices(4, 1)
	s := newFFT2Scratch()
	got := append([]complex128(nil), s.transform(m)...)
	want := s.transformGonum(m)
	for i := range got {
		if cmplx.Abs(got[i]-want[i]) > 1e-6 {
			t.Fatalf("X[%d][%d] = %v, gonum gives %v", i/matSide, i%matSide, got[i], want[i])
		}
	}
}

func TestFFT2DigestMatchesFull(t *testing.T) {
	m := randomMatrices(6, 1)
	s := newFFT2Scratch()
	if got, want := s.digest(m), spectrumDigest(s.transform(m)); got != want {
		t.Errorf("digest %016x, digest of the full spectrum %016x", got, want)
	}
}
