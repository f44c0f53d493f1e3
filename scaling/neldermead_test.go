package scaling

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/optimize"
)

// TestNelderMeadMatchesGonum pins that nelderMead finds, bit for bit, the
// point gonum/optimize's NelderMead run by Minimize finds, in one and two
// dimensions, stopped by convergence or by the evaluation limit.
func TestNelderMeadMatchesGonum(t *testing.T) {
	rosenbrock := func(x []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		return a*a + 100*b*b
	}
	d := uslData{n: []float64{1, 2, 4, 8, 16}, x: []float64{0.2, 0.38, 0.62, 0.85, 1}, nmax: 16}
	usl := func(x []float64) float64 {
		_, r := d.profile(x[0]*x[0], x[1]*x[1]/256)
		return r
	}
	for _, tc := range []struct {
		name  string
		f     func([]float64) float64
		x0    []float64
		evals int
	}{
		{"parabola", func(x []float64) float64 { return (x[0] - 3) * (x[0] - 3) }, []float64{0}, 2000},
		{"abs", func(x []float64) float64 { return math.Abs(x[0] + 0.7) }, []float64{1}, 2000},
		{"rosenbrock", rosenbrock, []float64{-1.2, 1}, 2000},
		{"rosenbrock cut short", rosenbrock, []float64{-1.2, 1}, 57},
		{"usl", usl, []float64{0.3, 1}, 2000},
		{"flat", func([]float64) float64 { return 1 }, []float64{0.5, 0.5}, 2000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, _ := optimize.Minimize(optimize.Problem{Func: tc.f}, tc.x0, &optimize.Settings{
				FuncEvaluations: tc.evals,
				Converger:       &optimize.FunctionConverge{Absolute: 1e-16, Relative: 1e-12, Iterations: 50},
			}, &optimize.NelderMead{})
			got := nelderMead(tc.f, tc.x0, tc.evals, functionConverge{absolute: 1e-16, relative: 1e-12, iterations: 50})
			if !slices.Equal(got, res.X) {
				t.Errorf("nelderMead found %v, gonum %v", got, res.X)
			}
		})
	}
}
