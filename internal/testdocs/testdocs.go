// Package testdocs builds result documents with a known truth for the
// tests of the packages that analyse and render them. Nothing is timed.
package testdocs

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/scalebench/scalebench/results"
)

// Amdahl builds a result document of one series measured on 8 CPUs at
// P = 1, 2, 4 and 8: reps samples per point of Amdahl's law
// T(P) = t1·(f + (1−f)/P), each times lognormal noise exp(noise·Z) drawn
// from rng. Nothing is timed.
func Amdahl(rng *rand.Rand, f, t1, noise float64, reps int) *results.Document {
	sample := func(t float64) []float64 {
		out := make([]float64, reps)
		for i := range out {
			out[i] = t * math.Exp(noise*rng.NormFloat64())
		}
		return out
	}
	s := results.Series{Workload: "synthetic", Mode: "strong", Executor: "goroutines", Schedule: "block",
		Params: map[string]string{"serial-fraction": "0.1"}, Unit: "units",
		Serial: &results.Serial{Size: 40000, SamplesS: sample(t1)}}
	for _, p := range []int{1, 2, 4, 8} {
		s.Points = append(
			s.Points,
			results.Point{Workers: p, Size: 40000, SamplesS: sample(t1 * (f + (1-f)/float64(p))), Verified: true},
		)
	}
	return &results.Document{Schema: results.Schema, Series: []results.Series{s},
		Env: results.Env{CPUModel: "Test CPU", LogicalCPUs: 8, GoVersion: "go1.26.8", OS: "linux", Arch: "amd64"}}
}

// Noise are fixed relative deviations applied to the model times, so that
// the fits see realistic but reproducible scatter.
var Noise = []float64{0.012, -0.008, 0.003, -0.015, 0.009, 0.000, -0.004, 0.011, -0.010, 0.006}

// amdahlTimes returns reps samples of T1·(f + (1−f)/P)·(1 + extra·(P−1)),
// perturbed by Noise starting at offset k.
func amdahlTimes(t1, f, extra float64, p, reps, k int) []float64 {
	out := make([]float64, reps)
	for i := range out {
		t := t1 * (f + (1-f)/float64(p)) * (1 + extra*float64(p-1))
		out[i] = t * (1 + Noise[(k+i)%len(Noise)])
	}
	return out
}

// StrongSeries is a strong-scaling series on a 4-CPU machine with points
// at 1, 2, 4 workers and 8, 16 oversubscribed.
func StrongSeries(workload, schedule string, f, extra float64, params map[string]string, k int) results.Series {
	s := results.Series{Workload: workload, Mode: "strong", Executor: "goroutines", Schedule: schedule,
		Params: params, Unit: "points",
		Serial: &results.Serial{Size: 1_000_000, SamplesS: amdahlTimes(0.8, f, 0, 1, 5, k)}}
	for j, p := range []int{1, 2, 4, 8, 16} {
		s.Points = append(s.Points, results.Point{Workers: p, Size: 1_000_000, Oversubscribed: p > 4,
			SamplesS: amdahlTimes(0.82, f, extra, p, 5, k+j), Verified: true, PeakRSSBytes: 8 << 20})
	}
	return s
}

// Strong has three strong-scaling series of one workload (three
// schedules) measured on one machine.
func Strong() *results.Document {
	return &results.Document{
		Schema: results.Schema,
		Env: results.Env{CPUModel: "Test CPU @ 3.00GHz", LogicalCPUs: 4, GoVersion: "go1.26.8", OS: "linux",
			Arch: "amd64", Hostname: "bench-host", Commit: "0123abc",
			Started: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC),
			Command: "scalebench run pi --schedule block,interleave,dynamic"},
		Series: []results.Series{
			StrongSeries("pi", "block", 0.05, 0, map[string]string{"points": "1000000"}, 0),
			StrongSeries("pi", "interleave", 0.08, 0.01, map[string]string{"points": "1000000"}, 3),
			StrongSeries("pi", "dynamic", 0.12, 0.03, map[string]string{"points": "1000000"}, 6),
		},
	}
}

// Weak has one weak-scaling series, Gustafson with α = 0.2.
func Weak() *results.Document {
	d := Strong()
	d.Env.Command = "scalebench run synthetic --mode weak"
	s := results.Series{Workload: "synthetic", Mode: "weak", Executor: "goroutines", Schedule: "block",
		Params: map[string]string{"serial-fraction": "0.2"}, Unit: "units"}
	for j, p := range []int{1, 2, 3, 4} {
		// Scaled speedup P − α(P−1) = P·T(1)/T(P) with T(1) = 0.5 s.
		sp := float64(p) - 0.2*float64(p-1)
		t := 0.5 * float64(p) / sp
		samples := make([]float64, 5)
		for i := range samples {
			samples[i] = t * (1 + Noise[(j+i)%len(Noise)])
		}
		s.Points = append(
			s.Points,
			results.Point{Workers: p, Size: int64(100_000 * p), SamplesS: samples, Verified: true},
		)
	}
	d.Series = []results.Series{s}
	return d
}

// Imported is what the importers produce: no CPU count, a throughput
// series with a failed point, and a series with no usable point.
func Imported() *results.Document {
	tp := results.Series{Workload: "db", Mode: "strong", Metric: "throughput", Params: map[string]string{}}
	// X(N) = 1000·N / (1 + 0.05(N−1) + 0.002·N(N−1)), with fixed scatter.
	for j, n := range []int{1, 2, 4, 8, 16, 32, 64} {
		x := 1000 * float64(n) / (1 + 0.05*float64(n-1) + 0.002*float64(n*(n-1)))
		p := results.Point{Workers: n}
		for i := range 3 {
			p.Throughput = append(p.Throughput, x*(1+Noise[(j+i)%len(Noise)]))
		}
		tp.Points = append(tp.Points, p)
	}
	tp.Points[3].Failed, tp.Points[3].Error = true, "the command exited non-zero in 1 of 3 runs"
	empty := results.Series{Workload: "zeros", Mode: "strong", Metric: "seconds",
		Points: []results.Point{{Workers: 1, SamplesS: []float64{0}}, {Workers: 2, SamplesS: []float64{0}}}}
	return &results.Document{Schema: results.Schema, Series: []results.Series{tp, empty}}
}

// Curve is a strong-scaling series on a machine of 4 CPUs with points
// at 1, 2 and 4 workers and at 8 and 16 oversubscribed, whose speedup at
// P is speedup(P): five samples of 1/speedup(P) seconds each, with the
// fixed scatter of Noise scaled by spread.
func Curve(speedup func(p float64) float64, spread float64) *results.Document {
	s := results.Series{
		Workload: "w",
		Mode:     results.ModeStrong,
		Executor: "goroutines",
		Schedule: "block",
		Unit:     "items",
	}
	for j, p := range []int{1, 2, 4, 8, 16} {
		pt := results.Point{Workers: p, Size: 1000, Oversubscribed: p > 4, Verified: true}
		for i := range 5 {
			pt.SamplesS = append(pt.SamplesS, 1/speedup(float64(p))*(1+spread*Noise[(j+i)%len(Noise)]))
		}
		s.Points = append(s.Points, pt)
	}
	return &results.Document{Schema: results.Schema, Env: results.Env{LogicalCPUs: 4}, Series: []results.Series{s}}
}

// Spec is SPEC SDM91's throughput on 1 to 216 processes, one sample
// each, on a machine of 216 CPUs.
func Spec() *results.Document {
	s := results.Series{Workload: "specsdm91", Mode: results.ModeStrong, Metric: results.MetricThroughput}
	for _, p := range []struct {
		n int
		x float64
	}{{1, 64.9}, {18, 995.9}, {36, 1652.4}, {72, 1853.2}, {108, 1828.9}, {144, 1775.0}, {216, 1702.2}} {
		s.Points = append(s.Points, results.Point{Workers: p.n, Throughput: []float64{p.x}})
	}
	return &results.Document{Schema: results.Schema, Env: results.Env{LogicalCPUs: 216}, Series: []results.Series{s}}
}

// disturbedDoc is Curve's series measured in rounds beside a busy
// neighbour: each point has its samples in rounds 0–4, and the passes
// listed by worker count were disturbed (others used 1.5 CPUs) in rounds
// where they were given up, or measured again when keep is set.
func Disturbed(speedup func(float64) float64, disturbed map[int]int, keep bool) *results.Document {
	d := Curve(speedup, 1)
	s := &d.Series[0]
	for i := range s.Points {
		p := &s.Points[i]
		p.Rounds = []int{0, 1, 2, 3, 4}
		for k := range disturbed[p.Workers] {
			round := k
			if !keep {
				round = 5 + k // a round with no sample of this point
			}
			p.Disturbed = append(p.Disturbed, results.Disturbed{Seconds: 0.5, Round: round,
				Ledger: &results.Ledger{OthersCPUS: 0.75}, Why: "other processes used 1.5 CPUs beside it"})
		}
	}
	d.Env.CPUs = &results.CPUInfo{Online: 2}
	return d
}
