package scaling

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// AmdahlFit is Amdahl's law fitted to strong-scaling times,
// T(P) = T1·(f + (1−f)/P).
type AmdahlFit struct {
	F    float64 `json:"f"` // serial fraction and its 95% interval, clamped to [0,1]
	FLo  float64 `json:"f_lo"`
	FHi  float64 `json:"f_hi"`
	T1   float64 `json:"t1"`    // fitted one-worker time
	R2   float64 `json:"r2"`    //
	SMax float64 `json:"s_max"` // 1/F (+Inf when F == 0: encoded as JSON null)
	N    int     `json:"n"`     // points used
}

// AmdahlSpeedup returns Amdahl's speedup 1/(f + (1−f)/p).
func AmdahlSpeedup(f, p float64) float64 {
	return 1 / (f + (1-f)/p)
}

// Band returns the speedup curve at p for the ends of the interval of F,
// lo from FHi and hi from FLo, for drawing a band around the fit.
func (a AmdahlFit) Band(p float64) (lo, hi float64) {
	return AmdahlSpeedup(a.FHi, p), AmdahlSpeedup(a.FLo, p)
}

// FitAmdahl fits T(P) = T1·(f + (1−f)/P) to times seconds measured at
// worker counts workers (one value per point; Analyze passes the per-point
// medians). The law is linear in a = T1·f and b = T1·(1−f), T = a + b/P, so
// the fit is bounded linear least squares with a, b ≥ 0 and f = a/(a+b).
//
// The interval for f comes from the covariance of (a, b),
// s²(XᵀX)⁻¹ with s² = RSS/(n−2), by the delta method and the Student t
// quantile with n−2 degrees of freedom; it is clamped to [0, 1]. With only
// two points nothing is left to estimate the noise and the
// interval is the whole [0, 1].
//
// FitAmdahl returns ErrBadInput for slices of different lengths, workers
// below 1 or non-finite, times that are not positive and finite, and
// ErrTooFewPoints with fewer than two distinct worker counts.
func FitAmdahl(workers, seconds []float64) (AmdahlFit, error) {
	if len(workers) != len(seconds) {
		return AmdahlFit{}, fmt.Errorf("%w: %d worker counts, %d times", ErrBadInput, len(workers), len(seconds))
	}
	for i := range workers {
		if err := checkWorkers(workers[i]); err != nil {
			return AmdahlFit{}, err
		}
		if err := checkPositive(seconds[i]); err != nil {
			return AmdahlFit{}, err
		}
	}
	if distinct(workers) < 2 {
		return AmdahlFit{}, fmt.Errorf(
			"%w: Amdahl needs 2 distinct worker counts, have %d",
			ErrTooFewPoints,
			distinct(workers),
		)
	}
	n := len(workers)
	// Work in units of the largest time so that tiny or huge times behave
	// the same.
	scale := 0.0
	for _, t := range seconds {
		scale = math.Max(scale, t)
	}
	x := mat.NewDense(n, 2, nil)
	y := mat.NewVecDense(n, nil)
	for i := range workers {
		x.Set(i, 0, 1)
		x.Set(i, 1, 1/workers[i])
		y.SetVec(i, seconds[i]/scale)
	}
	rss := func(a, b float64) float64 {
		var s float64
		for i := range workers {
			r := y.AtVec(i) - a - b/workers[i]
			s += r * r
		}
		return s
	}
	var xtx mat.SymDense
	xtx.SymOuterK(1, x.T())
	xs := make([]float64, n)
	for i, p := range workers {
		xs[i] = 1 / p
	}
	a, b := amdahlCoef(xs, y.RawVector().Data)
	fit := AmdahlFit{N: n, T1: (a + b) * scale}
	if a+b > 0 {
		fit.F = a / (a + b)
	}
	fit.F = clamp01(fit.F)
	fit.SMax = math.Inf(1)
	if fit.F > 0 {
		fit.SMax = 1 / fit.F
	}
	res := rss(a, b)
	fit.R2 = rSquared(res, y.RawVector().Data)

	fit.FLo, fit.FHi = 0, 1
	if n > 2 && a+b > 0 {
		s2 := res / float64(n-2)
		var inv mat.Dense
		if err := inv.Inverse(&xtx); err == nil {
			d := (a + b) * (a + b)
			ga, gb := b/d, -a/d
			v := s2 * (ga*ga*inv.At(0, 0) + 2*ga*gb*inv.At(0, 1) + gb*gb*inv.At(1, 1))
			if v >= 0 && !math.IsInf(v, 0) {
				t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 2)}.Quantile(0.975)
				half := t * math.Sqrt(v)
				fit.FLo, fit.FHi = clamp01(fit.F-half), clamp01(fit.F+half)
			}
		}
	}
	return fit, nil
}

// rSquared returns 1 − RSS/TSS for observations y. When y has no spread
// it is 1 for an exact fit and 0 otherwise.
func rSquared(rss float64, y []float64) float64 {
	var mean float64
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	var tss float64
	for _, v := range y {
		tss += (v - mean) * (v - mean)
	}
	tiny := 1e-24 * mean * mean * float64(len(y))
	if tss <= tiny {
		if rss <= tiny || rss <= 1e-12*tss {
			return 1
		}
		return 0
	}
	return 1 - rss/tss
}

func clamp01(v float64) float64 {
	if math.IsNaN(v) {
		return v
	}
	return math.Min(1, math.Max(0, v))
}

func checkWorkers(p float64) error {
	if math.IsNaN(p) || math.IsInf(p, 0) || p < 1 {
		return fmt.Errorf("%w: worker count %v", ErrBadInput, p)
	}
	return nil
}

func checkPositive(v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		return fmt.Errorf("%w: value %v", ErrBadInput, v)
	}
	return nil
}

// distinct returns the number of distinct values in x.
func distinct(x []float64) int {
	seen := make(map[float64]bool, len(x))
	for _, v := range x {
		seen[v] = true
	}
	return len(seen)
}

// amdahlCoef fits y = a + b·x, x = 1/P, by least squares with a, b ≥ 0:
// gonum's simple linear regression when its optimum is feasible,
// otherwise the better of the optima on the edges a = 0 (regression
// through the origin) and b = 0 (the mean). xs holds at least two
// distinct values.
func amdahlCoef(xs, y []float64) (a, b float64) {
	a, b = stat.LinearRegression(xs, y, nil, false)
	if a >= 0 && b >= 0 {
		return a, b
	}
	rss := func(a, b float64) float64 {
		var s float64
		for i, x := range xs {
			r := y[i] - a - b*x
			s += r * r
		}
		return s
	}
	_, b0 := stat.LinearRegression(xs, y, nil, true) // a = 0
	b0 = math.Max(0, b0)
	a1 := math.Max(0, stat.Mean(y, nil)) // b = 0
	if rss(0, b0) <= rss(a1, 0) {
		return 0, b0
	}
	return a1, 0
}
