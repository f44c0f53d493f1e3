package scaling

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// USLFit is Gunther's Universal Scalability Law fitted to throughput,
// X(N) = λN/(1 + σ(N−1) + κN(N−1)).
type USLFit struct {
	Sigma    float64 `json:"sigma"` // contention σ ≥ 0 and its standard error
	SigmaSE  float64 `json:"sigma_se"`
	Kappa    float64 `json:"kappa"` // coherency κ ≥ 0 and its standard error
	KappaSE  float64 `json:"kappa_se"`
	Lambda   float64 `json:"lambda"` // throughput of one worker λ and its standard error
	LambdaSE float64 `json:"lambda_se"`
	R2       float64 `json:"r2"`
	HasPeak  bool    `json:"has_peak"`
	PeakN    float64 `json:"peak_n"` // N* = √((1−σ)/κ) and X(N*); 0 when !HasPeak
	PeakX    float64 `json:"peak_x"`
	NoPeak   string  `json:"no_peak,omitempty"` // why there is no peak, when !HasPeak
	N        int     `json:"n"`                 // points used
}

// USLThroughput returns λn/(1 + σ(n−1) + κn(n−1)).
func USLThroughput(sigma, kappa, lambda, n float64) float64 {
	return lambda * n / (1 + sigma*(n-1) + kappa*n*(n-1))
}

// KappaNegligible reports whether κ is too small to matter within loads up
// to nmax: κ·nmax(nmax−1) ≤ 10⁻⁶·(1 + σ(nmax−1)), the coherency term being
// a millionth of the rest of the denominator. Such a fit has no peak.
func KappaNegligible(sigma, kappa, nmax float64) bool {
	return kappa*nmax*(nmax-1) <= 1e-6*(1+sigma*(nmax-1))
}

// FitUSL fits the Universal Scalability Law to throughput measured at loads
// n by nonlinear least squares with σ, κ ≥ 0 and λ free.
//
// The optimum is the bounded one, not a clipped unbounded one. For fixed
// (σ, κ) the model is linear in λ, so λ is profiled out and the residual
// sum of squares is minimised over (σ, κ) by Nelder–Mead (the steps of
// gonum/optimize's, without its goroutines) on σ = u², κ = v², from the
// best points of a coarse grid, separately on
// the faces κ = 0 (Amdahl's law with free λ) and σ = 0 and at the corner;
// each candidate is polished with Levenberg–Marquardt steps that stay
// feasible, and the one with the smallest residual wins (a face wins ties).
//
// Standard errors come from the Jacobian J of the model in (σ, κ, λ) at the
// optimum: cov = s²(JᵀJ)⁻¹ with s² = RSS/(n−3). They are NaN with three
// points. The peak N* = √((1−σ)/κ) is reported unless κ is negligible (see
// KappaNegligible) or σ ≥ 1.
//
// FitUSL returns ErrBadInput for slices of different lengths, loads below 1,
// throughput that is not positive and finite, and ErrTooFewPoints with fewer
// than three distinct loads.
func FitUSL(n, throughput []float64) (USLFit, error) {
	fit, _, err := fitUSL(n, throughput)
	return fit, err
}

// uslResiduals holds the residual sums of squares, in units of the largest
// throughput squared, of the USL fit and of its best κ = 0 face (Amdahl's
// law with free λ), for comparing the two models.
type uslResiduals struct {
	usl, amdahl float64
}

func fitUSL(n, throughput []float64) (USLFit, uslResiduals, error) {
	if len(n) != len(throughput) {
		return USLFit{}, uslResiduals{}, fmt.Errorf(
			"%w: %d loads, %d throughputs",
			ErrBadInput,
			len(n),
			len(throughput),
		)
	}
	for i := range n {
		if err := checkWorkers(n[i]); err != nil {
			return USLFit{}, uslResiduals{}, err
		}
		if err := checkPositive(throughput[i]); err != nil {
			return USLFit{}, uslResiduals{}, err
		}
	}
	if d := distinct(n); d < 3 {
		return USLFit{}, uslResiduals{}, fmt.Errorf("%w: USL needs 3 distinct loads, have %d", ErrTooFewPoints, d)
	}
	scale := slices.Max(throughput)
	nmax := slices.Max(n)
	d := uslData{n: n, x: make([]float64, len(n)), nmax: nmax}
	for i, v := range throughput {
		d.x[i] = v / scale
	}
	best, amdahl := d.search()

	fit := USLFit{Sigma: best.sigma, Kappa: best.kappa, Lambda: best.lambda * scale, N: len(n)}
	fit.R2 = rSquared(best.rss, d.x)
	fit.SigmaSE, fit.KappaSE, fit.LambdaSE = d.stdErrors(best)
	fit.LambdaSE *= scale
	if !KappaNegligible(fit.Sigma, fit.Kappa, nmax) && fit.Sigma < 1 {
		fit.HasPeak = true
		fit.PeakN = math.Sqrt((1 - fit.Sigma) / fit.Kappa)
		fit.PeakX = USLThroughput(fit.Sigma, fit.Kappa, fit.Lambda, fit.PeakN)
	} else {
		fit.NoPeak = noPeakReason(fit.Sigma, fit.Kappa, nmax)
	}
	return fit, uslResiduals{usl: best.rss, amdahl: amdahl.rss}, nil
}

// noPeakReason names why a fit has no peak: σ ≥ 1, κ at its bound 0, or
// κ too small to matter up to nmax.
func noPeakReason(sigma, kappa, nmax float64) string {
	switch {
	case sigma >= 1:
		return fmt.Sprintf("σ = %.3g ≥ 1: throughput falls from the start", sigma)
	case kappa == 0 && sigma == 0:
		return "κ = σ = 0: throughput grows linearly"
	case kappa == 0:
		return "κ = 0: no coherency cost, throughput levels off at λ/σ"
	}
	return fmt.Sprintf("κ = %.3g is negligible up to N = %.4g", kappa, nmax)
}

// uslData holds loads and throughput scaled to a maximum of 1.
type uslData struct {
	n, x []float64
	nmax float64
}

// uslParams is one candidate solution.
type uslParams struct {
	sigma, kappa, lambda, rss float64
}

// profile returns the best λ for (σ, κ) and the residual sum of squares.
func (d uslData) profile(sigma, kappa float64) (lambda, rss float64) {
	var sxg, sgg float64
	for i, n := range d.n {
		g := n / (1 + sigma*(n-1) + kappa*n*(n-1))
		sxg += d.x[i] * g
		sgg += g * g
	}
	if !(sgg > 0) || math.IsInf(sgg, 0) || math.IsNaN(sxg) {
		return math.NaN(), math.Inf(1)
	}
	lambda = sxg / sgg
	return lambda, d.rss(sigma, kappa, lambda)
}

func (d uslData) rss(sigma, kappa, lambda float64) float64 {
	var s float64
	for i, n := range d.n {
		r := d.x[i] - USLThroughput(sigma, kappa, lambda, n)
		s += r * r
	}
	if math.IsNaN(s) {
		return math.Inf(1)
	}
	return s
}

func (d uslData) params(sigma, kappa float64) uslParams {
	l, r := d.profile(sigma, kappa)
	return uslParams{sigma: sigma, kappa: kappa, lambda: l, rss: r}
}

// search returns the bounded least-squares optimum and the best fit with
// κ = 0, which is Amdahl's law with free λ.
func (d uslData) search() (best, amdahl uslParams) {
	// κ is searched as c = κ·nmax² so that both variables are of order one.
	sigmas := []float64{0, 0.001, 0.01, 0.05, 0.2, 0.5, 1, 3}
	cs := []float64{0, 0.001, 0.01, 0.1, 1, 10, 100}
	nn := d.nmax * d.nmax
	var grid []uslParams
	for _, s := range sigmas {
		for _, c := range cs {
			grid = append(grid, d.params(s, c/nn))
		}
	}
	byRSS := func(a, b uslParams) int { return cmpFloat(a.rss, b.rss) }
	pick := func(keep func(uslParams) bool, k int) []uslParams {
		var out []uslParams
		for _, g := range grid {
			if keep(g) {
				out = append(out, g)
			}
		}
		slices.SortStableFunc(out, byRSS)
		return out[:min(k, len(out))]
	}

	// Corner σ = κ = 0.
	corner := d.params(0, 0)
	cands := []uslParams{corner}

	// Face κ = 0: Amdahl's law with free λ.
	for _, g := range pick(func(p uslParams) bool { return p.kappa == 0 && p.sigma > 0 }, 2) {
		u := d.nelderMead([]float64{math.Sqrt(g.sigma)}, func(x []float64) (float64, float64) { return x[0] * x[0], 0 })
		cands = append(cands, d.polish(u, true, false))
	}
	nAmdahl := len(cands)
	// Face σ = 0.
	for _, g := range pick(func(p uslParams) bool { return p.sigma == 0 && p.kappa > 0 }, 2) {
		u := d.nelderMead(
			[]float64{math.Sqrt(g.kappa * nn)},
			func(x []float64) (float64, float64) { return 0, x[0] * x[0] / nn },
		)
		cands = append(cands, d.polish(u, false, true))
	}
	// Interior.
	for _, g := range pick(func(p uslParams) bool { return p.sigma > 0 && p.kappa > 0 }, 3) {
		u := d.nelderMead([]float64{math.Sqrt(g.sigma), math.Sqrt(g.kappa * nn)}, func(x []float64) (float64, float64) {
			return x[0] * x[0], x[1] * x[1] / nn
		})
		cands = append(cands, d.polish(u, true, true))
	}

	best = cands[0]
	for i, c := range cands[1:] {
		if i+1 == nAmdahl {
			amdahl = best
		}
		// Candidates come in order of fewer free parameters; a later one
		// must be clearly better to win.
		if c.rss < best.rss*(1-1e-10)-1e-300 {
			best = c
		}
	}
	if nAmdahl == len(cands) {
		amdahl = best
	}
	return best, amdahl
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// nelderMead minimises the profiled residual over x, mapped to (σ, κ) by m.
func (d uslData) nelderMead(x0 []float64, m func([]float64) (float64, float64)) uslParams {
	obj := func(x []float64) float64 {
		s, k := m(x)
		_, r := d.profile(s, k)
		if math.IsInf(r, 0) || math.IsNaN(r) {
			return math.MaxFloat64
		}
		return r
	}
	x := x0
	// A run stopped by the evaluation limit still returns its best point;
	// the point is used whenever it improves on the start.
	res := nelderMead(obj, x0, 2000, functionConverge{absolute: 1e-16, relative: 1e-12, iterations: 50})
	if len(res) == len(x0) && obj(res) <= obj(x0) {
		x = res
	}
	s, k := m(x)
	return d.params(s, k)
}

// polish runs Levenberg–Marquardt on the free parameters among σ and κ
// (λ is always free), rejecting steps that leave σ, κ ≥ 0.
func (d uslData) polish(p uslParams, freeSigma, freeKappa bool) uslParams {
	if math.IsNaN(p.lambda) || math.IsInf(p.rss, 0) {
		return p
	}
	cols := []int{2}
	if freeSigma {
		cols = append(cols, 0)
	}
	if freeKappa {
		cols = append(cols, 1)
	}
	k := len(cols)
	m := len(d.n)
	mu := 1e-3
	theta := [3]float64{p.sigma, p.kappa, p.lambda}
	rss := p.rss
	// The matrices are made once: a fit polishes several candidates with
	// up to 200 steps each, and allocating them per step was most of its
	// time.
	j, r := mat.NewDense(m, k, nil), mat.NewVecDense(m, nil)
	jtj, a := mat.NewDense(k, k, nil), mat.NewDense(k, k, nil)
	g, step := mat.NewVecDense(k, nil), mat.NewVecDense(k, nil)
	var lu mat.LU
	for iter := 0; iter < 200 && mu < 1e12; iter++ {
		jac := d.jacobian(theta[0], theta[1], theta[2])
		for i, n := range d.n {
			for c, col := range cols {
				j.Set(i, c, jac.At(i, col))
			}
			r.SetVec(i, d.x[i]-USLThroughput(theta[0], theta[1], theta[2], n))
		}
		jtj.Mul(j.T(), j)
		g.MulVec(j.T(), r)
		improved := false
		for ; mu < 1e12; mu *= 10 {
			a.Copy(jtj)
			for c := 0; c < k; c++ {
				a.Set(c, c, jtj.At(c, c)*(1+mu)+1e-300)
			}
			// As step.SolveVec(a, g) does, without a new LU each time.
			lu.Factorize(a)
			if err := lu.SolveVecTo(step, false, g); err != nil {
				continue
			}
			next := theta
			for c, col := range cols {
				next[col] += step.AtVec(c)
			}
			if next[0] < 0 || next[1] < 0 {
				continue
			}
			nr := d.rss(next[0], next[1], next[2])
			if nr < rss {
				done := rss-nr <= 1e-15*rss
				theta, rss = next, nr
				mu = math.Max(mu/10, 1e-12)
				improved = !done
				break
			}
		}
		if !improved {
			break
		}
	}
	return uslParams{sigma: theta[0], kappa: theta[1], lambda: theta[2], rss: rss}
}

// jacobian returns ∂X/∂(σ, κ, λ) at every load.
func (d uslData) jacobian(sigma, kappa, lambda float64) *mat.Dense {
	j := mat.NewDense(len(d.n), 3, nil)
	for i, n := range d.n {
		den := 1 + sigma*(n-1) + kappa*n*(n-1)
		j.Set(i, 0, -lambda*n*(n-1)/(den*den))
		j.Set(i, 1, -lambda*n*n*(n-1)/(den*den))
		j.Set(i, 2, n/den)
	}
	return j
}

// stdErrors returns the standard errors of σ, κ and λ (in scaled units).
func (d uslData) stdErrors(p uslParams) (se0, se1, se2 float64) {
	nan := math.NaN()
	m := len(d.n)
	if m <= 3 {
		return nan, nan, nan
	}
	j := d.jacobian(p.sigma, p.kappa, p.lambda)
	var jtj, inv mat.Dense
	jtj.Mul(j.T(), j)
	if err := inv.Inverse(&jtj); err != nil {
		return nan, nan, nan
	}
	s2 := p.rss / float64(m-3)
	se := func(i int) float64 {
		v := s2 * inv.At(i, i)
		if !(v >= 0) || math.IsInf(v, 0) {
			return nan
		}
		return math.Sqrt(v)
	}
	return se(0), se(1), se(2)
}
