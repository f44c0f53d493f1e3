package workloads

import "gonum.org/v1/gonum/dsp/fourier"

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
