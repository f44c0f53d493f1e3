package workloads

import "math"

// The test oracles of the fft2 kernel: its input as the workload makes
// it, the digest of a whole spectrum, and the full spectrum from the half
// one that rfft2 computes.

// randomMatrices returns n matrices of 100×100 integers in [0, 100), one
// stream per matrix.
func randomMatrices(seed uint64, n int) []byte {
	b := make([]byte, n*matSide*matSide)
	fillMatrices(b, seed)
	return b
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
