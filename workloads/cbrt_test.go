package workloads

import (
	"math"
	"testing"
)

// TestNewtonCbrtMatchesMath is the oracle of cbrt's kernel: Newton's
// steps from x reach math.Cbrt within two units in the last place over
// the workload's range, and the default steps are past convergence.
func TestNewtonCbrtMatchesMath(t *testing.T) {
	spec, _ := Lookup("cbrt")
	params, _ := spec.Resolve(nil)
	steps, err := cbrtSteps(Config{Params: params})
	if err != nil {
		t.Fatal(err)
	}
	r := Stream(7, 0)
	xs := []float64{1, 8, 27, 999.999, math.Nextafter(1000, 0)}
	for range 10_000 {
		xs = append(xs, 1+999*r.Float64())
	}
	for _, x := range xs {
		got, want := newtonCbrt(x, steps), math.Cbrt(x)
		if math.Abs(got-want) > 2*ulp(want) {
			t.Fatalf("newtonCbrt(%v, %d) = %v, math.Cbrt = %v", x, steps, got, want)
		}
		if again := newtonCbrt(x, 2*steps); again != got {
			t.Fatalf("newtonCbrt(%v) moved from %v to %v after %d more steps", x, got, again, steps)
		}
	}
}

// ulp is the distance from x to the next float64 away from zero.
func ulp(x float64) float64 { return math.Nextafter(x, math.Inf(1)) - x }
