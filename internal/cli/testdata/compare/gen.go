//go:build ignore

// gen writes base.json and new.json, the inputs of the compare golden
// tests: times drawn from Amdahl's law with 3% lognormal noise, nothing
// measured. Run it from this directory: go run gen.go
//
// base: synthetic with f = 0.1; pi with f = 0.05; sleep (only in base).
// new: synthetic with f = 0.25 and the same T(1) (a shape regression);
// pi 20% slower at every P (a time regression); fft2 (only in new); and
// another Go version (a machine warning).
package main

import (
	"log"
	"math"
	"math/rand/v2"
	"time"

	"github.com/scalebench/scalebench/results"
)

func main() {
	rng := rand.New(rand.NewPCG(2026, 12))
	write := func(name, goVersion, commit string, series ...results.Series) {
		doc := &results.Document{Schema: results.Schema, Env: results.Env{CPUModel: "AMD EPYC 9V45", LogicalCPUs: 8,
			GoVersion: goVersion, OS: "linux", Arch: "amd64", Hostname: "ci", Commit: commit,
			Started: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC), Command: "scalebench run " + series[0].Workload},
			Series: series}
		if err := results.WriteFile(name, doc); err != nil {
			log.Fatal(err)
		}
	}
	write("base.json", "go1.26.8", "1111111",
		amdahl(rng, "synthetic", map[string]string{"serial-fraction": "0.1"}, 0.1, 0.8),
		amdahl(rng, "pi", nil, 0.05, 0.4),
		amdahl(rng, "sleep", nil, 0.01, 0.2))
	write("new.json", "go1.26.9", "2222222",
		amdahl(rng, "synthetic", map[string]string{"serial-fraction": "0.1"}, 0.25, 0.8),
		amdahl(rng, "pi", nil, 0.05, 0.48),
		amdahl(rng, "fft2", nil, 0.3, 0.1))
}

// amdahl is a series at P = 1, 2, 4, 8 and 16 (oversubscribed), five
// samples each of t1·(f + (1−f)/min(P, 8)) with 3% lognormal noise.
func amdahl(rng *rand.Rand, name string, params map[string]string, f, t1 float64) results.Series {
	sample := func(t float64) []float64 {
		out := make([]float64, 5)
		for i := range out {
			out[i] = math.Round(t*math.Exp(0.03*rng.NormFloat64())*1e6) / 1e6
		}
		return out
	}
	if params == nil {
		params = map[string]string{}
	}
	s := results.Series{Workload: name, Mode: "strong", Executor: "goroutines", Schedule: "block", Params: params,
		Unit: "units", Serial: &results.Serial{Size: 40000, SamplesS: sample(t1)}}
	for _, p := range []int{1, 2, 4, 8, 16} {
		s.Points = append(s.Points, results.Point{Workers: p, Size: 40000, Oversubscribed: p > 8, Tasks: 240,
			SamplesS: sample(t1 * (f + (1-f)/float64(min(p, 8)))), Verified: true, PeakRSSBytes: 8 << 20})
	}
	return s
}
