package scaling_test

import (
	"fmt"

	"github.com/scalebench/scalebench/scaling"
)

func ExampleFitAmdahl() {
	workers := []float64{1, 2, 4, 8}
	seconds := []float64{10, 5.5, 3.25, 2.125} // f = 0.1
	fit, err := scaling.FitAmdahl(workers, seconds)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("f=%.3f T1=%.2f Smax=%.1f R2=%.3f\n", fit.F, fit.T1, fit.SMax, fit.R2)
	// Output: f=0.100 T1=10.00 Smax=10.0 R2=1.000
}

func ExampleFitGustafson() {
	workers := []float64{1, 2, 4, 8}
	speedup := []float64{1, 1.8, 3.4, 6.6} // α = 0.2
	fit, err := scaling.FitGustafson(workers, speedup)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha=%.3f\n", fit.Alpha)
	// Output: alpha=0.200
}

func ExampleFitUSL() {
	// SPEC SDM91, from Gunther, Guerrilla Capacity Planning.
	load := []float64{1, 18, 36, 72, 108, 144, 216}
	tput := []float64{64.9, 995.9, 1652.4, 1853.2, 1828.9, 1775.0, 1702.2}
	fit, err := scaling.FitUSL(load, tput)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("σ=%.5f κ=%.7f λ=%.2f peak at N=%.1f\n", fit.Sigma, fit.Kappa, fit.Lambda, fit.PeakN)
	// Output: σ=0.02773 κ=0.0001044 λ=90.00 peak at N=96.5
}

func ExampleKarpFlatt() {
	// A speedup of 4.7 on 8 workers.
	fmt.Printf("%.3f\n", scaling.KarpFlatt(8, 4.7))
	// Output: 0.100
}

func ExampleSummarize() {
	s, err := scaling.Summarize([]float64{1.02, 0.98, 1.00, 1.10, 0.99})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("median=%.2f mad=%.2f min=%.2f max=%.2f\n", s.Median, s.MAD, s.Min, s.Max)
	// Output: median=1.00 mad=0.02 min=0.98 max=1.10
}

func ExampleAnalyze() {
	in := scaling.Input{Points: []scaling.Point{
		{Workers: 1, Samples: []float64{10.0, 10.1, 9.9}},
		{Workers: 2, Samples: []float64{5.5, 5.6, 5.4}},
		{Workers: 4, Samples: []float64{3.25, 3.3, 3.2}},
		{Workers: 8, Samples: []float64{2.1, 2.15, 2.125}, Oversubscribed: true},
	}}
	a, err := scaling.Analyze(in, scaling.DefaultOptions)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range a.Points {
		fmt.Printf("P=%d S=%.2f E=%.2f\n", p.Workers, p.Speedup, p.Efficiency)
	}
	fmt.Printf("amdahl f=%.2f on %d points\n", a.Amdahl.F, a.Amdahl.N)
	for _, w := range a.Warnings {
		fmt.Println("warning:", w)
	}
	// Output:
	// P=1 S=1.00 E=1.00
	// P=2 S=1.82 E=0.91
	// P=4 S=3.08 E=0.77
	// P=8 S=4.71 E=0.59
	// amdahl f=0.10 on 3 points
	// warning: left out of every fit: P=8 (oversubscribed); shown, not fitted
	// warning: usl: no peak: κ = 0: no coherency cost, throughput levels off at λ/σ
}
