package scaling

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// TestSummarizeHuge checks the mean and standard deviation of samples
// whose sum overflows: they were +Inf and 0, a false certainty.
func TestSummarizeHuge(t *testing.T) {
	const m = math.MaxFloat64
	for _, tc := range []struct {
		samples  []float64
		mean, sd float64
	}{
		{[]float64{1e308, 1e308, 1.6e308}, 1.2e308, math.Sqrt(3) * 0.2e308},
		{[]float64{m, m}, m, 0},
		{[]float64{m, m, m, m, m}, m, 0},
		{[]float64{0, m}, m / 2, m / math.Sqrt2},
		{[]float64{1, 1e308, 1e308}, 2e308 / 3, 1e308 / math.Sqrt(3)},
	} {
		s, err := Summarize(tc.samples)
		if err != nil {
			t.Fatal(err)
		}
		if !approx(s.Mean, tc.mean) || !approx(s.StdDev, tc.sd) {
			t.Errorf("%v: mean %v, sd %v; want %v, %v", tc.samples, s.Mean, s.StdDev, tc.mean, tc.sd)
		}
		if !approx(s.CV, tc.sd/tc.mean) {
			t.Errorf("%v: CV %v, want %v", tc.samples, s.CV, tc.sd/tc.mean)
		}
	}
	// Ordinary samples keep the plain computation, bit for bit.
	x := []float64{1, 2, 4}
	s, _ := Summarize(x)
	if mean, sd := stat.MeanStdDev(x, nil); s.Mean != mean || s.StdDev != sd {
		t.Errorf("1, 2, 4: mean %v, sd %v; want %v, %v", s.Mean, s.StdDev, mean, sd)
	}
}

func approx(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}
