package analysis

import (
	"math"
	"slices"
	"testing"

	"github.com/scalebench/scalebench/results"
)

// TestPairedRatio checks that the passes of two worker counts are paired
// by round: the machine slowed round 2 for both alike, which divides out.
func TestPairedRatio(t *testing.T) {
	pass := func(rounds ...int) results.Passes { return results.Passes{Rounds: rounds} }
	doc := &results.Document{Env: results.Env{LogicalCPUs: 2}, Series: []results.Series{{
		Workload: "w", Executor: "goroutines", Schedule: "block",
		Serial: &results.Serial{Size: 1, SamplesS: []float64{2, 2, 4, 2}, Passes: pass(0, 1, 2, 3)},
		Points: []results.Point{
			{Workers: 1, Size: 1, Verified: true, SamplesS: []float64{2, 2.2, 4, 2}, Passes: pass(0, 1, 2, 3)},
			// Round 3 was left out of P = 2 (disturbed): three pairs.
			{Workers: 2, Size: 1, Verified: true, SamplesS: []float64{1, 1, 2}, Passes: pass(0, 1, 2)},
		},
	}}}
	s := Analyze(doc, Options{})[0]
	if got, want := s.PerRound(2, 0), []float64{0.5, 0.5, 0.5}; !slices.Equal(got, want) {
		t.Errorf("PerRound(2, 0) = %v, want %v", got, want)
	}
	if got, want := s.PerRound(1, 2), []float64{2, 2.2, 2}; !slices.Equal(got, want) {
		t.Errorf("PerRound(1, 2) = %v, want %v", got, want)
	}
	r := s.PairedRatio(1, 2)
	if r.Value != 2 || r.N != 3 || !r.Known() || r.Lo != 2 || r.Hi != 2.2 {
		t.Errorf("PairedRatio(1, 2) = %+v, want 2 (2–2.2) from 3 rounds", r)
	}
	if r.Side(1.9) != 1 || r.Side(2.1) != 0 || r.Side(2.3) != -1 {
		t.Errorf("sides of %+v against 1.9, 2.1, 2.3: %d %d %d, want 1 0 -1", r, r.Side(1.9), r.Side(2.1), r.Side(2.3))
	}
	if got := s.Samples(2); !slices.Equal(got, []float64{1, 1, 2}) {
		t.Errorf("Samples(2) = %v", got)
	}
	if got := s.PerRound(8, 0); got != nil {
		t.Errorf("PerRound of a count not measured = %v, want nil", got)
	}
}

// TestEstimates checks the estimates of values drawn apart.
func TestEstimates(t *testing.T) {
	q := Quotient([]float64{4, 4, 4}, []float64{2, 2, 2})
	if q.Value != 2 || q.Lo != 2 || q.Hi != 2 || q.N != 3 {
		t.Errorf("Quotient = %+v, want exactly 2 from 3", q)
	}
	few := MedianOf([]float64{1, 2})
	if few.Value != 1.5 || few.Known() || few.Side(0) != 0 {
		t.Errorf("MedianOf two values = %+v: want 1.5 without an interval, on no side", few)
	}
	none := Combine(nil, []float64{1}, func(a, b float64) float64 { return a + b })
	if !math.IsNaN(float64(none.Value)) || none.Known() {
		t.Errorf("Combine of nothing = %+v, want NaN", none)
	}
	sc := Estimate{Value: 2, Lo: 1, Hi: 3}.Scale(-1)
	if sc.Value != -2 || sc.Lo != -3 || sc.Hi != -1 {
		t.Errorf("Scale(-1) = %+v, want -2 (-3–-1)", sc)
	}
}
