package scaling

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

// amdahlPoints returns points following Amdahl's law with serial fraction
// f and a ±1% spread of samples.
func amdahlPoints(f float64, ps ...int) []Point {
	var pts []Point
	for _, p := range ps {
		t := 10 * (f + (1-f)/float64(p))
		pts = append(pts, Point{Workers: p, Samples: []float64{t * 0.99, t, t * 1.01, t * 1.005, t * 0.995}})
	}
	return pts
}

func hasWarning(a Analysis, sub string) bool {
	for _, w := range a.Warnings {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

func TestAnalyzeStrong(t *testing.T) {
	in := Input{Points: amdahlPoints(0.1, 1, 2, 4, 8, 16), Serial: []float64{9, 9, 9}}
	in.Points[4].Oversubscribed = true
	a, err := Analyze(in, Options{CPUs: 8, Confidence: 0.95, Resamples: 500, Seed: 7, NoisyCV: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	if a.Amdahl == nil || math.Abs(a.Amdahl.F-0.1) > 1e-9 || a.Amdahl.N != 4 {
		t.Fatalf("amdahl %+v", a.Amdahl)
	}
	if !hasWarning(a, "left out of every fit: P=16") {
		t.Errorf("no warning about P=16: %q", a.Warnings)
	}
	for _, p := range a.Points {
		want := AmdahlSpeedup(0.1, float64(p.Workers))
		if math.Abs(p.Speedup-want) > 1e-9 {
			t.Errorf("P=%d: speedup %v, want %v", p.Workers, p.Speedup, want)
		}
		if !(p.SpeedupLo <= p.Speedup && p.Speedup <= p.SpeedupHi) {
			t.Errorf("P=%d: speedup %v outside [%v, %v]", p.Workers, p.Speedup, p.SpeedupLo, p.SpeedupHi)
		}
		if p.AbsSpeedup == nil || math.Abs(*p.AbsSpeedup-9/p.Median) > 1e-12 {
			t.Errorf("P=%d: abs speedup %v", p.Workers, p.AbsSpeedup)
		}
		if (p.KarpFlatt == nil) != (p.Workers == 1) {
			t.Errorf("P=%d: karp-flatt %v", p.Workers, p.KarpFlatt)
		}
	}
	if a.KarpFlatt == nil || a.KarpFlatt.Trend != "flat" {
		t.Errorf("karp-flatt %+v", a.KarpFlatt)
	}
	if a.USL == nil || a.USL.HasPeak || !hasWarning(a, "usl: no peak: κ = 0") {
		t.Errorf("usl %+v, warnings %q", a.USL, a.Warnings)
	}
	if a.Best != "amdahl" || a.Reason == "" {
		t.Errorf("best %q (%s)", a.Best, a.Reason)
	}
	// Same seed, same answer.
	b, _ := Analyze(in, Options{CPUs: 8, Confidence: 0.95, Resamples: 500, Seed: 7, NoisyCV: 0.05})
	for i := range a.Points {
		if a.Points[i].SpeedupLo != b.Points[i].SpeedupLo || a.Points[i].SpeedupHi != b.Points[i].SpeedupHi {
			t.Fatal("bootstrap not deterministic for a fixed seed")
		}
	}
}

func TestAnalyzeUSLBest(t *testing.T) {
	var pts []Point
	for _, n := range []int{1, 2, 4, 8, 16, 24, 32, 48, 64} {
		x := USLThroughput(0.03, 0.0008, 50, float64(n))
		pts = append(pts, Point{Workers: n, Samples: []float64{x, x * 1.001, x * 0.999}})
	}
	a, err := Analyze(Input{Points: pts, Throughput: true}, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if a.USL == nil || math.Abs(a.USL.Kappa-0.0008) > 1e-5 || !a.USL.HasPeak {
		t.Fatalf("usl %+v", a.USL)
	}
	if a.Best != "usl" {
		t.Errorf("best %q (%s)", a.Best, a.Reason)
	}
	if a.KarpFlatt.Trend != "rising" {
		t.Errorf("karp-flatt trend %q", a.KarpFlatt.Trend)
	}
}

func TestAnalyzeWeak(t *testing.T) {
	const alpha = 0.2
	var pts []Point
	for _, p := range []int{1, 2, 4, 8} {
		// T(P) = T(1)·P/S(P) for the scaled speedup S(P) = P − α(P−1).
		tp := 3 * float64(p) / GustafsonSpeedup(alpha, float64(p))
		pts = append(pts, Point{Workers: p, Samples: []float64{tp}, Size: float64(p)})
	}
	a, err := Analyze(Input{Points: pts, Mode: "weak"}, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if a.Amdahl != nil {
		t.Error("Amdahl fitted in weak mode")
	}
	if a.Gustafson == nil || math.Abs(a.Gustafson.Alpha-alpha) > 1e-9 {
		t.Fatalf("gustafson %+v", a.Gustafson)
	}
	if a.Best != "gustafson" {
		t.Errorf("best %q", a.Best)
	}
}

func TestAnalyzeDegenerate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		name    string
		in      Input
		err     error  // expected error, or nil
		warning string // expected warning substring
	}{
		{"no points", Input{}, ErrTooFewPoints, ""},
		{"bad mode", Input{Points: amdahlPoints(0.1, 1, 2), Mode: "sideways"}, ErrBadInput, ""},
		{"all invalid", Input{Points: []Point{{Workers: 1, Samples: []float64{nan, 0, -1}}}}, ErrBadInput, ""},
		{"workers zero", Input{Points: []Point{{Workers: 0, Samples: []float64{1}}}}, ErrBadInput, ""},
		{"one point", Input{Points: amdahlPoints(0.1, 1)}, nil, "amdahl: needs at least 2 points"},
		{"one point with CPUs", Input{Points: amdahlPoints(0.1, 1, 4)}, nil, "amdahl: needs at least 2 points with P ≤ 2 CPUs, have 1"},
		{"all equal", Input{Points: []Point{{Workers: 1, Samples: []float64{2, 2}}, {Workers: 2, Samples: []float64{2, 2}}, {Workers: 4, Samples: []float64{2, 2}}}}, nil, "f at its bound 1"},
		{"invalid samples", Input{Points: []Point{{Workers: 1, Samples: []float64{2, nan, inf, 0, -3}}, {Workers: 2, Samples: []float64{1}}}}, nil, "P=1: 4 invalid samples dropped"},
		{"duplicates", Input{Points: append(amdahlPoints(0.1, 1, 2, 4), amdahlPoints(0.1, 2)...)}, nil, "duplicate worker counts merged: P=2"},
		{"no P=1", Input{Points: amdahlPoints(0.1, 2, 4, 8)}, nil, "no P=1 point: speedup is relative to P=2"},
		{"noisy", Input{Points: []Point{{Workers: 1, Samples: []float64{1, 2, 3}}, {Workers: 2, Samples: []float64{1}}}}, nil, "noisy points, CV above 5.0%: P=1"},
		{"superlinear", Input{Points: []Point{{Workers: 1, Samples: []float64{4}}, {Workers: 2, Samples: []float64{1}}}}, nil, "superlinear speedup (S > 1.05·P): P=2"},
		{"usl too few", Input{Points: amdahlPoints(0.1, 1, 2)}, nil, "usl: needs at least 3 points of those fitted, have 2"},
		{"karp-flatt too few", Input{Points: amdahlPoints(0.1, 1, 2)}, nil, "karp-flatt: trend needs at least 2 values"},
		{"weak one point", Input{Points: amdahlPoints(0.1, 4), Mode: "weak"}, nil, "gustafson: needs at least 2 points, have 1"},
		{"tiny times", Input{Points: []Point{{Workers: 1, Samples: []float64{1e-300}}, {Workers: 2, Samples: []float64{5e-301}}, {Workers: 3, Samples: []float64{4e-301}}}}, nil, ""},
		{"huge times", Input{Points: []Point{{Workers: 1, Samples: []float64{1e300}}, {Workers: 2, Samples: []float64{1e300}}, {Workers: 4, Samples: []float64{1e299}}}}, nil, ""},
		{"bad serial", Input{Points: amdahlPoints(0.1, 1, 2), Serial: []float64{nan}}, nil, "serial: 1 invalid samples dropped"},
	} {
		t.Run(c.name, func(t *testing.T) {
			opt := DefaultOptions
			if strings.Contains(c.name, "CPUs") {
				opt.CPUs = 2
			}
			a, err := Analyze(c.in, opt)
			if c.err != nil {
				if !errors.Is(err, c.err) {
					t.Fatalf("err = %v, want %v", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.warning != "" && !hasWarning(a, c.warning) {
				t.Errorf("no warning %q in %q", c.warning, a.Warnings)
			}
			if _, err := json.Marshal(a); err != nil {
				t.Errorf("json: %v", err)
			}
		})
	}
}

func TestAnalysisJSON(t *testing.T) {
	var a Analysis
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"warnings":[]`) {
		t.Errorf("warnings not [] in %s", b)
	}
	a.Amdahl = &AmdahlFit{F: 0, SMax: math.Inf(1), R2: math.NaN()}
	a.USL = &USLFit{SigmaSE: math.NaN()}
	b, err = json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"s_max":null`, `"r2":null`, `"sigma_se":null`, `"f_lo":0`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s not in %s", want, b)
		}
	}
}

// BenchmarkAnalyze64 runs every model on 64 points of 5 samples with 1000
// bootstrap resamples.
func BenchmarkAnalyze64(b *testing.B) {
	var pts []Point
	for p := 1; p <= 64; p++ {
		x := USLThroughput(0.03, 0.0002, 10, float64(p))
		t := float64(p) / x
		pts = append(pts, Point{Workers: p, Samples: []float64{t, t * 1.01, t * 0.99, t * 1.02, t * 0.98}})
	}
	in := Input{Points: pts, Serial: []float64{0.09, 0.091}}
	opt := DefaultOptions
	for b.Loop() {
		if _, err := Analyze(in, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// TestAmdahlHugeTimes: f and its interval do not depend on the unit of
// the times. Times near the largest float64 (up to 1.5e308) once made the
// bootstrap's sums overflow, and a fit of f = 0.95 or 1 came with the
// interval 0–0; they give the fit of the same times in seconds.
func TestAmdahlHugeTimes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		workers []int
		samples [][]float64 // in units of the scale
	}{
		{"three counts", []int{1, 2, 4}, [][]float64{{1, 1.02, 0.98, 1.01}, {0.55, 0.56, 0.54, 0.57}, {0.33, 0.34, 0.32, 0.35}}},
		{"two counts", []int{1, 2}, [][]float64{{1, 1.02, 0.98, 1.01}, {0.97, 0.99, 1.0, 0.98}}},
		{"two counts, same samples", []int{1, 2}, [][]float64{{1, 1.7}, {1, 1.7}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fit := func(scale float64) *AmdahlFit {
				t.Helper()
				var in Input
				for i, w := range tc.workers {
					s := make([]float64, len(tc.samples[i]))
					for j, v := range tc.samples[i] {
						s[j] = v * scale
					}
					in.Points = append(in.Points, Point{Workers: w, Samples: s})
				}
				a, err := Analyze(in, DefaultOptions)
				if err != nil || a.Amdahl == nil {
					t.Fatalf("scale %g: %v, %+v", scale, err, a)
				}
				return a.Amdahl
			}
			want := fit(1)
			for _, scale := range []float64{math.Ldexp(1, 1023) / 1.7 * 1.5, 1e300, 1e-300} {
				got := fit(scale)
				for _, v := range [][2]float64{{got.F, want.F}, {got.FLo, want.FLo}, {got.FHi, want.FHi}} {
					if math.Abs(v[0]-v[1]) > 1e-9 {
						t.Errorf("scale %g: f = %.4f (%.4f–%.4f), want %.4f (%.4f–%.4f) as in seconds",
							scale, got.F, got.FLo, got.FHi, want.F, want.FLo, want.FHi)
						break
					}
				}
				if !(got.FLo <= got.F && got.F <= got.FHi) {
					t.Errorf("scale %g: f = %.4f outside its interval %.4f–%.4f", scale, got.F, got.FLo, got.FHi)
				}
			}
		})
	}
}
