package scaling

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// GustafsonFit is Gustafson's law fitted to weak-scaling runs: the scaled
// speedup S(P) = P − α(P−1).
type GustafsonFit struct {
	Alpha   float64 `json:"alpha"` // serial fraction and its 95% interval, clamped to [0,1]
	AlphaLo float64 `json:"alpha_lo"`
	AlphaHi float64 `json:"alpha_hi"`
	R2      float64 `json:"r2"`
	N       int     `json:"n"` // points used
}

// GustafsonSpeedup returns Gustafson's scaled speedup p − α(p−1).
func GustafsonSpeedup(alpha, p float64) float64 {
	return p - alpha*(p-1)
}

// FitGustafson fits S(P) = P − α(P−1) to scaled speedups P·T(1)/T(P). With
// y = P − S and x = P − 1 this is the one-parameter regression through the
// origin y = αx, so α = Σxy/Σx², bounded to [0, 1] (for one parameter the
// clipped optimum is the bounded one). The interval is α ± t·s/√Σx² with
// s² = RSS/(m−1) and the Student t quantile with m−1 degrees of freedom,
// m the number of points with P > 1 (a point at P = 1 carries no
// information on α); the interval is clamped to [0, 1], and with m = 1 it is
// the whole [0, 1].
//
// FitGustafson returns ErrBadInput for slices of different lengths,
// workers below 1, speedups that are not positive and finite, and
// ErrTooFewPoints with fewer than two points or no point with P > 1.
func FitGustafson(workers, scaledSpeedup []float64) (GustafsonFit, error) {
	if len(workers) != len(scaledSpeedup) {
		return GustafsonFit{}, fmt.Errorf(
			"%w: %d worker counts, %d speedups",
			ErrBadInput,
			len(workers),
			len(scaledSpeedup),
		)
	}
	var sxx, sxy float64
	m := 0 // points with P > 1
	for i, p := range workers {
		if err := checkWorkers(p); err != nil {
			return GustafsonFit{}, err
		}
		if err := checkPositive(scaledSpeedup[i]); err != nil {
			return GustafsonFit{}, err
		}
		x := p - 1
		if x > 0 {
			m++
		}
		sxx += x * x
		sxy += x * (p - scaledSpeedup[i])
	}
	n := len(workers)
	if n < 2 || sxx == 0 {
		return GustafsonFit{}, fmt.Errorf("%w: Gustafson needs 2 points, one with P > 1, have %d", ErrTooFewPoints, n)
	}
	alpha := clamp01(sxy / sxx)
	fit := GustafsonFit{Alpha: alpha, AlphaLo: 0, AlphaHi: 1, N: n}
	var rss float64
	for i, p := range workers {
		r := scaledSpeedup[i] - GustafsonSpeedup(alpha, p)
		rss += r * r
	}
	fit.R2 = rSquared(rss, scaledSpeedup)
	if m > 1 {
		s2 := rss / float64(m-1)
		se := math.Sqrt(s2 / sxx)
		t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(m - 1)}.Quantile(0.975)
		if !math.IsNaN(se) && !math.IsInf(se, 0) {
			fit.AlphaLo, fit.AlphaHi = clamp01(alpha-t*se), clamp01(alpha+t*se)
		}
	}
	return fit, nil
}
