package scaling

import (
	"math"
	"slices"
	"sort"
)

// nelderMead minimises f from x0 by the Nelder–Mead simplex method and
// returns the best vertex of the last major iteration, or nil when f(x0)
// is not a number below +Inf.
//
// It takes the steps of gonum/optimize's NelderMead run by
// optimize.Minimize with FuncEvaluations = maxEvals and a FunctionConverge
// of conv, in the same order and with the same rounding, so its results are
// the same, bit for bit; it only leaves out Minimize's goroutines and
// channels, which cost a goroutine switch per evaluation and made the USL
// fit of a small series take milliseconds. The simplex starts at x0 and
// x0 + 0.05·eᵢ; reflection 1, and for dimension d expansion 1 + 2/d,
// contraction 3/4 − 1/(2d), shrink 1 − 1/d (2, 1/2 and 1/2 for d = 1).
func nelderMead(f func([]float64) float64, x0 []float64, maxEvals int, conv functionConverge) []float64 {
	nm := newSimplex(len(x0))
	evals := 0
	var opt []float64
	// eval counts an evaluation; stop is true at the limit.
	eval := func(x []float64) (fx float64, stop bool) {
		evals++
		return f(x), evals >= maxEvals
	}
	// major records the best vertex; stop is true once converged.
	major := func(x []float64, fx float64) (stop bool) {
		opt = slices.Clone(x)
		return math.IsInf(fx, -1) || conv.converged(fx)
	}

	f0, stop := eval(x0)
	if stop || math.IsInf(f0, 1) || math.IsNaN(f0) || major(x0, f0) {
		return opt
	}
	d := nm.dim
	copy(nm.v[d], x0)
	nm.f[d] = f0
	for i := range d {
		copy(nm.v[i], x0)
		nm.v[i][i] += 0.05
		if nm.f[i], stop = eval(nm.v[i]); stop {
			return opt
		}
	}
	nm.order()
	x, xr := make([]float64, d), make([]float64, d)
	for !major(nm.v[0], nm.f[0]) {
		nm.step(xr, nm.reflection)
		fr, stop := eval(xr)
		if stop {
			return opt
		}
		if fr >= nm.f[0] && fr < nm.f[d-1] {
			nm.replaceWorst(xr, fr)
			continue
		}
		// Expand past a new best; otherwise contract, outside the simplex
		// when the reflection beat the worst vertex, inside when not.
		expand, outside := fr < nm.f[0], fr < nm.f[d]
		switch {
		case expand:
			nm.step(x, nm.reflection*nm.expansion)
		case outside:
			nm.step(x, nm.reflection*nm.contraction)
		default:
			nm.step(x, -nm.contraction)
		}
		fx, stop := eval(x)
		switch {
		case stop:
			return opt
		case expand && fx < fr, !expand && outside && fx <= fr, !outside && fx < nm.f[d]:
			nm.replaceWorst(x, fx)
			continue
		case expand:
			nm.replaceWorst(xr, fr)
			continue
		}
		// The contraction failed: shrink towards the best vertex.
		for i := 1; i <= d; i++ {
			for j := range x {
				x[j] = float64((nm.v[i][j]-nm.v[0][j])*nm.shrink) + nm.v[0][j]
			}
			copy(nm.v[i], x)
			if nm.f[i], stop = eval(x); stop {
				return opt
			}
		}
		nm.order()
	}
	return opt
}

// simplex is the state of nelderMead: dim+1 vertices sorted by value and
// the centroid of all but the worst.
type simplex struct {
	dim                                        int
	v                                          [][]float64
	f                                          []float64
	centroid                                   []float64
	reflection, expansion, contraction, shrink float64
}

func newSimplex(dim int) *simplex {
	s := &simplex{dim: dim, v: make([][]float64, dim+1), f: make([]float64, dim+1), centroid: make([]float64, dim),
		reflection: 1, expansion: 1 + 2/float64(dim), contraction: 0.75 - 1/(2*float64(dim)), shrink: 1 - 1/float64(dim)}
	if dim == 1 {
		s.expansion, s.contraction, s.shrink = 2, 0.5, 0.5
	}
	for i := range s.v {
		s.v[i] = make([]float64, dim)
	}
	return s
}

func (s *simplex) Len() int           { return len(s.f) }
func (s *simplex) Less(i, j int) bool { return s.f[i] < s.f[j] }
func (s *simplex) Swap(i, j int) {
	s.v[i], s.v[j] = s.v[j], s.v[i]
	s.f[i], s.f[j] = s.f[j], s.f[i]
}

// order sorts the vertices and computes the centroid afresh.
func (s *simplex) order() {
	sort.Sort(s)
	clear(s.centroid)
	for _, v := range s.v[:s.dim] {
		for j, x := range v {
			s.centroid[j] += x
		}
	}
	for j := range s.centroid {
		s.centroid[j] /= float64(s.dim)
	}
}

// step sets x to centroid + scale·(centroid − worst).
func (s *simplex) step(x []float64, scale float64) {
	for j := range x {
		x[j] = float64((s.centroid[j]-s.v[s.dim][j])*scale) + s.centroid[j]
	}
}

// replaceWorst puts x with value fx in place of the worst vertex, keeps
// the vertices sorted and updates the centroid.
func (s *simplex) replaceWorst(x []float64, fx float64) {
	d := s.dim
	copy(s.v[d], x)
	s.f[d] = fx
	for i := d - 1; i >= 0 && s.f[i] >= fx; i-- {
		s.Swap(i, i+1)
	}
	for j := range s.centroid {
		s.centroid[j] += float64(-1 / float64(d) * s.v[d][j])
	}
	for j := range s.centroid {
		s.centroid[j] += float64(1 / float64(d) * x[j])
	}
}

// functionConverge is gonum/optimize's FunctionConverge: converged when
// the best value has not improved by more than relative·|f| + absolute
// for iterations major iterations in a row.
type functionConverge struct {
	absolute, relative float64
	iterations         int

	started bool
	best    float64
	iter    int
}

func (c *functionConverge) converged(f float64) bool {
	if !c.started {
		c.started, c.best = true, f
		return false
	}
	if c.iterations == 0 {
		return false
	}
	if f < c.best && c.best-f > c.relative*math.Max(math.Abs(f), math.Abs(c.best))+c.absolute {
		c.best, c.iter = f, 0
		return false
	}
	c.iter++
	return c.iter >= c.iterations
}
