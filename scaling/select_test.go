package scaling

import (
	"math"
	"strings"
	"testing"
)

// raytracer is the ray tracer benchmark shipped with the R package usl
// (data(raytracer)): throughput that keeps rising, κ at its bound 0.
var raytracer = struct{ load, tput []float64 }{
	load: []float64{1, 4, 8, 12, 16, 20, 24, 28, 32, 48, 64},
	tput: []float64{20, 78, 130, 170, 190, 200, 210, 230, 260, 280, 310},
}

// throughputInput makes a throughput series with one sample per point,
// as imported tables are.
func throughputInput(load, tput []float64) Input {
	in := Input{Throughput: true}
	for i, n := range load {
		in.Points = append(in.Points, Point{Workers: int(n), Samples: []float64{tput[i]}})
	}
	return in
}

func TestChooseModelPublishedData(t *testing.T) {
	for _, c := range []struct {
		name       string
		load, tput []float64
		want       string
		reason     string
	}{
		{"SPEC SDM91", specSDM91.load, specSDM91.tput, "usl", "throughput falls after its peak at P=72"},
		{"raytracer", raytracer.load, raytracer.tput, "amdahl", "κ = 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := Analyze(throughputInput(c.load, c.tput), DefaultOptions)
			if err != nil {
				t.Fatal(err)
			}
			if a.Best != c.want || !strings.Contains(a.Reason, c.reason) {
				t.Errorf("best %q (%s), want %q with %q", a.Best, a.Reason, c.want, c.reason)
			}
			if !strings.Contains(a.Reason, "F test") {
				t.Errorf("reason does not name the test: %s", a.Reason)
			}
			if !hasWarning(a, "one sample at P=1") {
				t.Errorf("no single-sample warning: %q", a.Warnings)
			}
			for _, p := range a.Points[1:] {
				if !math.IsNaN(p.SpeedupLo) || !math.IsNaN(p.SpeedupHi) {
					t.Errorf("P=%d: interval [%v, %v] from a single sample", p.Workers, p.SpeedupLo, p.SpeedupHi)
				}
			}
		})
	}
}

// TestFTestChoosesUSL checks the F test alone, on rising throughput with
// a clear coherency term and noise: the fall rule does not apply.
func TestFTestChoosesUSL(t *testing.T) {
	var in Input
	in.Throughput = true
	for i, n := range []float64{1, 2, 4, 6, 8, 10, 12, 14} {
		x := USLThroughput(0.02, 0.004, 100, n)
		e := 1 + 0.002*float64(i%3-1)
		in.Points = append(in.Points, Point{Workers: int(n), Samples: []float64{x * e, x * e * 1.001, x * e * 0.999}})
	}
	a, err := Analyze(in, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if a.Best != "usl" || !strings.HasPrefix(a.Reason, "F test on throughput at 8 points") ||
		!strings.Contains(a.Reason, "AICc agrees") {
		t.Errorf("best %q (%s)", a.Best, a.Reason)
	}
}

func TestFindFall(t *testing.T) {
	pt := func(w int, x float64, n int) PointResult {
		s := Summary{N: n, Median: x, MedianLo: x * 0.97, MedianHi: x * 1.03}
		return PointResult{Workers: w, Median: x, Throughput: x, Summary: s}
	}
	all := []int{0, 1, 2}
	for _, c := range []struct {
		name string
		pts  []PointResult
		want int // lowP, 0 for no fall
	}{
		{"rising", []PointResult{pt(1, 10, 5), pt(2, 19, 5), pt(4, 30, 5)}, 0},
		{"fall beyond the intervals", []PointResult{pt(1, 10, 5), pt(2, 20, 5), pt(4, 18, 5)}, 4},
		{"fall within the intervals", []PointResult{pt(1, 10, 5), pt(2, 20, 5), pt(4, 19.5, 5)}, 0},
		{"single samples, 10% down", []PointResult{pt(1, 10, 1), pt(2, 20, 1), pt(4, 18, 1)}, 4},
		{"single samples, 2% down", []PointResult{pt(1, 10, 1), pt(2, 20, 1), pt(4, 19.6, 1)}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := findFall(c.pts, all, true)
			switch {
			case c.want == 0 && f != nil:
				t.Errorf("fall %+v, want none", *f)
			case c.want != 0 && (f == nil || f.lowP != c.want || f.peakP != 2):
				t.Errorf("fall %+v, want 2 → %d", f, c.want)
			}
		})
	}
}

// TestOversubscribedLeftOutOfEveryFit: points above the CPU count move
// none of the fits, unless FitOversubscribed asks for them.
func TestOversubscribedLeftOutOfEveryFit(t *testing.T) {
	// Strong scaling on 2 CPUs: Amdahl with f = 0.1 up to P = 2, flat
	// beyond (the CPUs are full).
	pts := amdahlPoints(0.1, 1, 2)
	t2 := pts[1].Samples
	pts = append(
		pts,
		Point{Workers: 4, Samples: t2, Oversubscribed: true},
		Point{Workers: 8, Samples: t2, Oversubscribed: true},
	)
	a, err := Analyze(Input{Points: pts}, Options{CPUs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if a.USL != nil || a.Amdahl == nil || a.Amdahl.N != 2 {
		t.Errorf("usl %+v amdahl %+v: the USL must not be fitted on 2 points", a.USL, a.Amdahl)
	}
	if a.Best != "amdahl" {
		t.Errorf("best %q", a.Best)
	}
	b, err := Analyze(Input{Points: pts}, Options{CPUs: 2, FitOversubscribed: true})
	if err != nil {
		t.Fatal(err)
	}
	if b.USL == nil || b.USL.N != 4 || b.Amdahl.N != 4 || !hasWarning(b, "oversubscribed points fitted on request") {
		t.Errorf("usl %+v amdahl %+v warnings %q", b.USL, b.Amdahl, b.Warnings)
	}
}

// TestGustafsonScaledWork: the weak speedup counts the work done, so a
// workload whose serial part stays fixed while its parallel part grows
// P-fold recovers α = F, and oversubscribed points (whose time doubles
// on full CPUs) do not move it.
func TestGustafsonScaledWork(t *testing.T) {
	const f, base = 0.1, 1000.0
	var in Input
	in.Mode = Weak
	for _, p := range []int{1, 2, 4, 8} {
		size := base * (f + (1-f)*float64(p))
		t1 := f + (1 - f)
		if p > 2 { // two CPUs: the parallel part takes p/2 times as long
			t1 = f + (1-f)*float64(p)/2
		}
		in.Points = append(in.Points, Point{Workers: p, Size: size, Oversubscribed: p > 2,
			Samples: []float64{t1 * 0.99, t1, t1 * 1.01}})
	}
	a, err := Analyze(in, Options{CPUs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if a.Gustafson == nil || math.Abs(a.Gustafson.Alpha-f) > 1e-9 || a.Gustafson.N != 2 {
		t.Fatalf("gustafson %+v, want α = %v on 2 points", a.Gustafson, f)
	}
	if got, want := a.Points[1].Speedup, GustafsonSpeedup(f, 2); math.Abs(got-want) > 1e-9 {
		t.Errorf("scaled speedup at P=2: %v, want %v", got, want)
	}
	// Two points leave the fit no residual: the interval comes from the
	// samples' ±1% noise, holds α and is far narrower than [0, 1].
	if g := a.Gustafson; !(g.AlphaLo <= f && f <= g.AlphaHi) || g.AlphaHi-g.AlphaLo > 0.1 {
		t.Errorf("α interval [%v, %v] for α = %v from ±1%% noise", g.AlphaLo, g.AlphaHi, f)
	}
}

func TestNoPeakReason(t *testing.T) {
	for _, c := range []struct {
		sigma, kappa float64
		want         string
	}{
		{1.2, 0.01, "σ = 1.2 ≥ 1"},
		{0.1, 0, "κ = 0: no coherency cost"},
		{0, 0, "grows linearly"},
		{0.1, 1e-12, "negligible up to N = 64"},
	} {
		if got := noPeakReason(c.sigma, c.kappa, 64); !strings.Contains(got, c.want) {
			t.Errorf("σ=%v κ=%v: %q, want %q", c.sigma, c.kappa, got, c.want)
		}
	}
}
