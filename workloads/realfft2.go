package workloads

import "math"

// realFFT2 is the 2-D FFT of a real rows×cols matrix of bytes (numpy's
// fft2, unnormalized) with batched Stockham transforms: the first pass
// transforms every column at once, one FFT of length rows whose elements
// are whole rows, and the second every row of the half spectrum at once,
// so that every butterfly runs along contiguous memory.
//
// When cols is even, two real columns are packed into one complex column
// (x[r][2k] + i·x[r][2k+1]) and unpacked after the first pass, which
// halves its work. The second pass only needs the frequencies u ≤ rows/2;
// Hermitian symmetry, X[u][v] = conj(X[−u][−v]), gives the rest. Plans
// and buffers are allocated once; the tests check the result against
// gonum's dsp/fourier.
type realFFT2 struct {
	rows, cols int
	h          int          // frequencies kept by the second pass: rows/2 + 1
	w          int          // complex columns of the first pass
	down       *stockham    // length rows, along the columns
	across     *stockham    // length cols, along the rows
	z, zw      []complex128 // rows × w, and its work area
	t, tw      []complex128 // cols × h: the half spectrum transposed, and work
}

func newRealFFT2(rows, cols int) *realFFT2 {
	w := cols
	if cols%2 == 0 {
		w = cols / 2
	}
	h := rows/2 + 1
	return &realFFT2{rows: rows, cols: cols, h: h, w: w,
		down: newStockham(rows), across: newStockham(cols),
		z: make([]complex128, rows*w), zw: make([]complex128, rows*w),
		t: make([]complex128, cols*h), tw: make([]complex128, cols*h)}
}

// realFFT2Bytes is the size of the buffers of newRealFFT2(rows, cols),
// plans aside: z and t, each with its work area.
func realFFT2Bytes(rows, cols int64) int64 {
	w := cols
	if cols%2 == 0 {
		w = cols / 2
	}
	return 16 * 2 * (rows*w + cols*(rows/2+1))
}

// byteFloat converts a byte to float64 by table, which here is faster
// than the conversion instruction.
var byteFloat = func() (t [256]float64) {
	for i := range t {
		t[i] = float64(i)
	}
	return t
}()

// half transforms m (rows×cols bytes, row-major) and returns the half
// spectrum transposed, t[v·h+u] = X[u][v] for u ≤ rows/2, valid until the
// next call.
func (f *realFFT2) half(m []byte) []complex128 {
	m = m[:f.rows*f.cols]
	bf := &byteFloat
	z := f.z
	if f.w == f.cols {
		for i, v := range m {
			z[i] = complex(bf[v], 0)
		}
		z = f.down.run(z, f.zw, f.w)
		for u := range f.h {
			for c, a := range z[u*f.w : (u+1)*f.w] {
				f.t[c*f.h+u] = a
			}
		}
		return f.across.run(f.t, f.tw, f.h)
	}
	for i := range z {
		z[i] = complex(bf[m[2*i]], bf[m[2*i+1]])
	}
	z = f.down.run(z, f.zw, f.w) // z[u][k], transformed along the rows r
	// Unpack column pairs: with P = Z[u][k] and Q = conj(Z[−u][k]), the
	// column transforms are A[u][2k] = (P+Q)/2 and A[u][2k+1] = −i(P−Q)/2.
	// Keep u ≤ rows/2, transposed: t[c][u] = A[u][c].
	for u := range f.h {
		nu := (f.rows - u) % f.rows
		zu, znu := z[u*f.w:(u+1)*f.w], z[nu*f.w:(nu+1)*f.w]
		znu = znu[:len(zu)]
		for k, p := range zu {
			q := znu[k]
			q = complex(real(q), -imag(q))
			e, o := p+q, p-q
			f.t[(2*k)*f.h+u] = complex(real(e)/2, imag(e)/2)
			f.t[(2*k+1)*f.h+u] = complex(imag(o)/2, -real(o)/2)
		}
	}
	return f.across.run(f.t, f.tw, f.h)
}

// at is X[u][v] of the half spectrum t that half returned.
func (f *realFFT2) at(t []complex128, u, v int) complex128 {
	if u < f.h {
		return t[v*f.h+u]
	}
	c := t[((f.cols-v)%f.cols)*f.h+f.rows-u]
	return complex(real(c), -imag(c))
}

// transform writes the full spectrum of m into dst (rows×cols,
// row-major).
func (f *realFFT2) transform(dst []complex128, m []byte) {
	t := f.half(m)
	for u := range f.rows {
		row := dst[u*f.cols : (u+1)*f.cols]
		for v := range row {
			row[v] = f.at(t, u, v)
		}
	}
}

// digest returns spectrumDigest of the full spectrum of m without
// writing the spectrum out.
func (f *realFFT2) digest(m []byte) uint64 {
	t := f.half(m)
	h0, h1, h2, h3 := uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset)
	left := f.rows * f.cols &^ 1 // spectrumDigest leaves out an odd last value
	for u := range f.rows {
		for v := range f.cols {
			if left == 0 {
				break
			}
			c := f.at(t, u, v)
			if left&1 == 0 { // values 0, 2, 4 … go to lanes 0 and 1
				h0 = (h0 ^ math.Float64bits(real(c))) * fnvPrime
				h1 = (h1 ^ math.Float64bits(imag(c))) * fnvPrime
			} else {
				h2 = (h2 ^ math.Float64bits(real(c))) * fnvPrime
				h3 = (h3 ^ math.Float64bits(imag(c))) * fnvPrime
			}
			left--
		}
	}
	return foldLanes(h0, h1, h2, h3)
}
