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
