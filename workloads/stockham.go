package workloads

import (
	"fmt"
	"math"
)

// stockham is a plan for batched complex FFTs of one length by the
// Stockham autosort algorithm (decimation in frequency, no bit reversal).
// A batch is many sequences interleaved element by element, so that every
// butterfly works on contiguous runs of memory: this is what makes it
// faster than transforming one sequence at a time.
//
// The length is factored into radices 4, 5, 2 and 3, which have
// hand-written butterflies, and any other prime factors, which get the
// plain O(r²) DFT butterfly: every length is accepted, and lengths with a
// large prime factor are merely slow.
type stockham struct {
	n       int
	factors []int
	tw      [][]complex128 // per stage: tw[p·r+k] = exp(−2πi·p·k/len)
	roots   [][]complex128 // per stage of a generic radix r: exp(−2πi·j/r)
	buf     []complex128   // the inputs of one generic butterfly
}

func newStockham(n int) *stockham {
	if n < 1 {
		panic(fmt.Sprintf("stockham: length %d", n))
	}
	f := &stockham{n: n}
	rest := n
	for _, r := range []int{4, 5, 2, 3} {
		for rest%r == 0 {
			f.factors = append(f.factors, r)
			rest /= r
		}
	}
	for p := 7; rest > 1; p += 2 {
		if p*p > rest {
			p = rest // what is left is prime
		}
		for rest%p == 0 {
			f.factors = append(f.factors, p)
			rest /= p
		}
	}
	l := n
	for _, r := range f.factors {
		m := l / r
		tw := make([]complex128, m*r)
		for p := range m {
			for k := range r {
				tw[p*r+k] = unitRoot(p*k, l)
			}
		}
		f.tw = append(f.tw, tw)
		var roots []complex128
		if r > 5 || r == 3 {
			roots = make([]complex128, r)
			for j := range r {
				roots[j] = unitRoot(j, r)
			}
		}
		f.roots = append(f.roots, roots)
		f.buf = make([]complex128, max(len(f.buf), len(roots)))
		l = m
	}
	return f
}

// unitRoot is exp(−2πi·k/n).
func unitRoot(k, n int) complex128 {
	s, c := math.Sincos(-2 * math.Pi * float64(k%n) / float64(n))
	return complex(c, s)
}

// run transforms the sequences interleaved in x: element i of the
// sequence b is x[i·batch+b], for i < n and b < batch. y is a work area
// of the same length. It returns whichever of x and y holds the result.
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
		case 2:
			radix2(x, y, tw, m, s)
		default:
			radixN(x, y, tw, f.roots[st], f.buf[:r], m, s)
		}
		l, s = m, s*r
		x, y = y, x
	}
	return x
}

func mulNegI(z complex128) complex128 { return complex(imag(z), -real(z)) }

func radix2(x, y, tw []complex128, m, s int) {
	for p := range m {
		w1 := tw[p*2+1]
		x0 := x[s*p : s*p+s]
		x1 := x[s*(p+m) : s*(p+m)+s]
		y0 := y[s*2*p : s*2*p+s]
		y1 := y[s*(2*p+1) : s*(2*p+1)+s]
		x1, y0, y1 = x1[:len(x0)], y0[:len(x0)], y1[:len(x0)]
		for q := range x0 {
			a0, a1 := x0[q], x1[q]
			y0[q] = a0 + a1
			y1[q] = (a0 - a1) * w1
		}
	}
}

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
		x1, x2, x3 = x1[:len(x0)], x2[:len(x0)], x3[:len(x0)]
		y0, y1, y2, y3 = y0[:len(x0)], y1[:len(x0)], y2[:len(x0)], y3[:len(x0)]
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

// radixN is the plain r-point DFT butterfly, for 3 and the primes above 5;
// roots[j] = exp(−2πi·j/r), and a holds r values.
func radixN(x, y, tw, roots, a []complex128, m, s int) {
	r := len(a)
	for p := range m {
		for q := range s {
			for j := range r {
				a[j] = x[q+s*(p+j*m)]
			}
			for k := range r {
				var b complex128
				for j := range r {
					b += a[j] * roots[j*k%r]
				}
				y[q+s*(r*p+k)] = b * tw[p*r+k]
			}
		}
	}
}
