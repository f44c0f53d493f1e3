package scaling

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// noisy multiplies v by 1 + 0.02·z, z standard normal.
func noisy(rng *rand.Rand, v float64) float64 {
	return v * (1 + 0.02*rng.NormFloat64())
}

func workers(n int) []float64 {
	ws := make([]float64, n)
	for i := range ws {
		ws[i] = float64(i + 1)
	}
	return ws
}

func TestFitAmdahlExact(t *testing.T) {
	for _, f := range []float64{0, 0.01, 0.1, 0.5, 0.9, 1} {
		ws := workers(16)
		ts := make([]float64, len(ws))
		for i, p := range ws {
			ts[i] = 7.5 * (f + (1-f)/p)
		}
		fit, err := FitAmdahl(ws, ts)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(fit.F-f) > 1e-9 || math.Abs(fit.T1-7.5) > 1e-9*7.5 {
			t.Errorf("f=%v: got f=%v T1=%v", f, fit.F, fit.T1)
		}
		if math.Abs(fit.FLo-f) > 1e-9 || math.Abs(fit.FHi-f) > 1e-9 {
			t.Errorf("f=%v: interval [%v, %v] on exact data", f, fit.FLo, fit.FHi)
		}
		if math.Abs(fit.R2-1) > 1e-9 {
			t.Errorf("f=%v: R2 = %v", f, fit.R2)
		}
		if f == 0 && !math.IsInf(fit.SMax, 1) {
			t.Errorf("f=0: SMax = %v, want +Inf", fit.SMax)
		}
	}
}

func TestFitAmdahlNoisy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, f := range []float64{0.02, 0.05, 0.1, 0.3} {
		for rep := range 20 {
			ws := workers(16)
			ts := make([]float64, len(ws))
			for i, p := range ws {
				ts[i] = noisy(rng, 3*(f+(1-f)/p))
			}
			fit, err := FitAmdahl(ws, ts)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(fit.F-f) > 0.02 {
				t.Errorf("f=%v rep %d: got %v", f, rep, fit.F)
			}
			if !(fit.FLo <= fit.F && fit.F <= fit.FHi) {
				t.Errorf("f=%v rep %d: %v outside [%v, %v]", f, rep, fit.F, fit.FLo, fit.FHi)
			}
		}
	}
}

// Times falling faster than 1/P would need a negative serial part: the
// bounded fit puts f on its bound 0 instead.
func TestFitAmdahlBounded(t *testing.T) {
	ws := []float64{1, 2, 4, 8}
	ts := []float64{8, 3.9, 1.9, 0.9}
	fit, err := FitAmdahl(ws, ts)
	if err != nil {
		t.Fatal(err)
	}
	if fit.F != 0 {
		t.Errorf("f = %v, want 0", fit.F)
	}
	// Times growing with P: no parallel part at all.
	fit, err = FitAmdahl(ws, []float64{1, 1.1, 1.2, 1.3})
	if err != nil {
		t.Fatal(err)
	}
	if fit.F != 1 || fit.SMax != 1 {
		t.Errorf("f = %v, SMax = %v, want 1, 1", fit.F, fit.SMax)
	}
}

func TestFitGustafson(t *testing.T) {
	ws := workers(16)
	for _, alpha := range []float64{0, 0.05, 0.3, 1} {
		ss := make([]float64, len(ws))
		for i, p := range ws {
			ss[i] = GustafsonSpeedup(alpha, p)
		}
		fit, err := FitGustafson(ws, ss)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(fit.Alpha-alpha) > 1e-9 {
			t.Errorf("alpha=%v: got %v", alpha, fit.Alpha)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for rep := range 20 {
		alpha := 0.1
		ss := make([]float64, len(ws))
		for i, p := range ws {
			ss[i] = noisy(rng, GustafsonSpeedup(alpha, p))
		}
		fit, err := FitGustafson(ws, ss)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(fit.Alpha-alpha) > 0.02 {
			t.Errorf("rep %d: alpha %v, want %v ± 0.02", rep, fit.Alpha, alpha)
		}
		if !(fit.AlphaLo <= fit.Alpha && fit.Alpha <= fit.AlphaHi) {
			t.Errorf("rep %d: %v outside [%v, %v]", rep, fit.Alpha, fit.AlphaLo, fit.AlphaHi)
		}
	}
}

func TestFitUSLExact(t *testing.T) {
	ns := []float64{1, 2, 4, 8, 16, 32, 48, 64}
	for _, c := range []struct{ sigma, kappa, lambda float64 }{
		{0.05, 0.001, 100},
		{0.2, 0.0001, 3.5},
		{0.02, 0, 1000}, // Amdahl: κ on its bound
		{0, 0.002, 10},  // σ on its bound
		{0, 0, 5},       // linear
	} {
		xs := make([]float64, len(ns))
		for i, n := range ns {
			xs[i] = USLThroughput(c.sigma, c.kappa, c.lambda, n)
		}
		fit, err := FitUSL(ns, xs)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(fit.Sigma-c.sigma) > 1e-6 || math.Abs(fit.Kappa-c.kappa) > 1e-8 ||
			math.Abs(fit.Lambda-c.lambda) > 1e-6*c.lambda {
			t.Errorf("%+v: got σ=%v κ=%v λ=%v", c, fit.Sigma, fit.Kappa, fit.Lambda)
		}
		if fit.R2 < 1-1e-9 {
			t.Errorf("%+v: R2 = %v", c, fit.R2)
		}
		if want := c.kappa > 0; fit.HasPeak != want {
			t.Errorf("%+v: HasPeak = %v", c, fit.HasPeak)
		}
		if fit.HasPeak {
			if want := math.Sqrt((1 - c.sigma) / c.kappa); math.Abs(fit.PeakN-want) > 1e-4*want {
				t.Errorf("%+v: peak at %v, want %v", c, fit.PeakN, want)
			}
		}
	}
}

func TestFitUSLNoisy(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ns := []float64{1, 2, 4, 8, 12, 16, 24, 32, 48, 64}
	const sigma, kappa, lambda = 0.05, 0.0005, 100.0
	for rep := range 20 {
		xs := make([]float64, len(ns))
		for i, n := range ns {
			xs[i] = noisy(rng, USLThroughput(sigma, kappa, lambda, n))
		}
		fit, err := FitUSL(ns, xs)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(fit.Sigma-sigma) > 0.02 || math.Abs(fit.Kappa-kappa) > 0.0003 ||
			math.Abs(fit.Lambda-lambda) > 0.1*lambda {
			t.Errorf("rep %d: got σ=%v κ=%v λ=%v", rep, fit.Sigma, fit.Kappa, fit.Lambda)
		}
		// Unweighted least squares lets the few small throughputs at low
		// N move by more than their 2% noise (λ by up to about 1.5 standard
		// errors), but the fit must beat the true parameters.
		rss := func(s, k, l float64) (r float64) {
			for i, n := range ns {
				d := xs[i] - USLThroughput(s, k, l, n)
				r += d * d
			}
			return r
		}
		if got, truth := rss(fit.Sigma, fit.Kappa, fit.Lambda), rss(sigma, kappa, lambda); got > truth {
			t.Errorf("rep %d: RSS %v above the true parameters' %v", rep, got, truth)
		}
	}
}

// Throughput that rises faster than linearly would need σ < 0; the bounded
// optimum has σ = 0 and is at least as good as any clipped solution.
func TestFitUSLBoundedNotClipped(t *testing.T) {
	ns := []float64{1, 2, 4, 8, 16}
	xs := []float64{1, 2.1, 4.3, 8.4, 15}
	fit, err := FitUSL(ns, xs)
	if err != nil {
		t.Fatal(err)
	}
	if fit.Sigma != 0 {
		t.Errorf("σ = %v, want 0", fit.Sigma)
	}
	rss := func(s, k, l float64) float64 {
		var r float64
		for i, n := range ns {
			d := xs[i] - USLThroughput(s, k, l, n)
			r += d * d
		}
		return r
	}
	got := rss(fit.Sigma, fit.Kappa, fit.Lambda)
	// No feasible point on a fine grid around the answer does better.
	for _, k := range []float64{0, 1e-4, 5e-4, 1e-3, 2e-3, 5e-3} {
		for _, s := range []float64{0, 1e-3, 1e-2} {
			for l := 0.9; l <= 1.2; l += 0.001 {
				if r := rss(s, k, l); r < got*(1-1e-9) {
					t.Fatalf("σ=%v κ=%v λ=%v has RSS %v < %v", s, k, l, r, got)
				}
			}
		}
	}
}

func TestFitErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		fn   func() error
	}{
		{"amdahl length", ErrBadInput, func() error { _, err := FitAmdahl([]float64{1, 2}, []float64{1}); return err }},
		{"amdahl one point", ErrTooFewPoints, func() error { _, err := FitAmdahl([]float64{1}, []float64{1}); return err }},
		{"amdahl same P", ErrTooFewPoints, func() error { _, err := FitAmdahl([]float64{2, 2}, []float64{1, 1.1}); return err }},
		{"amdahl NaN", ErrBadInput, func() error { _, err := FitAmdahl([]float64{1, 2}, []float64{1, math.NaN()}); return err }},
		{"amdahl zero time", ErrBadInput, func() error { _, err := FitAmdahl([]float64{1, 2}, []float64{1, 0}); return err }},
		{"amdahl P<1", ErrBadInput, func() error { _, err := FitAmdahl([]float64{0, 2}, []float64{1, 1}); return err }},
		{"gustafson one", ErrTooFewPoints, func() error { _, err := FitGustafson([]float64{2}, []float64{2}); return err }},
		{"gustafson only P=1", ErrTooFewPoints, func() error { _, err := FitGustafson([]float64{1, 1}, []float64{1, 1}); return err }},
		{"gustafson Inf", ErrBadInput, func() error { _, err := FitGustafson([]float64{1, 2}, []float64{1, math.Inf(1)}); return err }},
		{"usl two", ErrTooFewPoints, func() error { _, err := FitUSL([]float64{1, 2, 2}, []float64{1, 2, 2}); return err }},
		{"usl negative", ErrBadInput, func() error { _, err := FitUSL([]float64{1, 2, 3}, []float64{1, -2, 2}); return err }},
		{"usl length", ErrBadInput, func() error { _, err := FitUSL([]float64{1, 2, 3}, []float64{1, 2}); return err }},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.fn(); !errors.Is(err, c.err) {
				t.Errorf("err = %v, want %v", err, c.err)
			}
		})
	}
}

func TestKarpFlatt(t *testing.T) {
	// Amdahl data: e(P) equals f for every P.
	for _, p := range []float64{2, 4, 16} {
		if e := KarpFlatt(p, AmdahlSpeedup(0.1, p)); math.Abs(e-0.1) > 1e-12 {
			t.Errorf("P=%v: e = %v, want 0.1", p, e)
		}
	}
	for _, c := range [][2]float64{{1, 1}, {0.5, 1}, {2, 0}, {2, math.NaN()}, {math.Inf(1), 2}} {
		if e := KarpFlatt(c[0], c[1]); !math.IsNaN(e) {
			t.Errorf("KarpFlatt(%v, %v) = %v, want NaN", c[0], c[1], e)
		}
	}
}

func TestKarpFlattTrend(t *testing.T) {
	ps := []float64{2, 4, 8, 16}
	for _, c := range []struct {
		name string
		e    []float64
		want string
	}{
		{"flat", []float64{0.1, 0.1, 0.1, 0.1}, "flat"},
		{"flat noise", []float64{0.1, 0.102, 0.099, 0.101}, "flat"},
		{"rising", []float64{0.02, 0.04, 0.08, 0.16}, "rising"},
		{"falling", []float64{0.2, 0.15, 0.1, 0.05}, "falling"},
		{"one", []float64{0.1}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := KarpFlattTrend(ps[:len(c.e)], c.e); got.Trend != c.want {
				t.Errorf("trend %q (slope %v), want %q", got.Trend, got.Slope, c.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	s, err := Summarize([]float64{5, 1, 3, 2, 4})
	if err != nil {
		t.Fatal(err)
	}
	if s.N != 5 || s.Median != 3 || s.Mean != 3 || s.Min != 1 || s.Max != 5 || s.MAD != 1 {
		t.Errorf("%+v", s)
	}
	if s.MedianLo != 1 || s.MedianHi != 5 {
		t.Errorf("tiny N interval [%v, %v], want [1, 5]", s.MedianLo, s.MedianHi)
	}
	if math.Abs(s.StdDev-math.Sqrt(2.5)) > 1e-12 {
		t.Errorf("stddev %v", s.StdDev)
	}
	// For n = 20 the distribution-free 95% interval is [x(6), x(15)].
	x := workers(20)
	s, _ = Summarize(x)
	if s.MedianLo != 6 || s.MedianHi != 15 || s.Median != 10.5 {
		t.Errorf("n=20: median %v in [%v, %v], want 10.5 in [6, 15]", s.Median, s.MedianLo, s.MedianHi)
	}
	s, _ = Summarize([]float64{2})
	if s.StdDev != 0 || s.CV != 0 || s.MedianLo != 2 || s.MedianHi != 2 {
		t.Errorf("one sample: %+v", s)
	}
	for _, bad := range [][]float64{nil, {1, math.NaN()}, {math.Inf(1)}, {-1}} {
		if _, err := Summarize(bad); !errors.Is(err, ErrBadInput) {
			t.Errorf("Summarize(%v): err = %v", bad, err)
		}
	}
}

// TestAmdahlIntervalFromTwoPoints: with only P = 1 and 2 (a two-core
// machine) the model has no residual degrees of freedom, so the interval
// of f comes from the noise of the samples alone. It must hold the true f
// and be much narrower than [0, 1].
func TestAmdahlIntervalFromTwoPoints(t *testing.T) {
	const f = 0.3
	rng := rand.New(rand.NewPCG(3, 4))
	var pts []Point
	for _, p := range []int{1, 2} {
		var s []float64
		for range 7 {
			s = append(s, (f+(1-f)/float64(p))*(1+0.01*rng.NormFloat64()))
		}
		pts = append(pts, Point{Workers: p, Samples: s})
	}
	a, err := Analyze(Input{Points: pts}, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	am := a.Amdahl
	if am == nil {
		t.Fatal("no Amdahl fit")
	}
	if am.FLo > f || am.FHi < f {
		t.Errorf("interval %.4f–%.4f does not hold f = %v", am.FLo, am.FHi, f)
	}
	if am.FHi-am.FLo > 0.1 {
		t.Errorf("interval %.4f–%.4f is wider than 0.1 with 1%% noise", am.FLo, am.FHi)
	}
}
