package scaling

import (
	"math"
	"testing"
)

// specSDM91 is the SPEC SDM91 benchmark from Gunther, Guerrilla Capacity
// Planning (2007), as shipped with the R package usl.
var specSDM91 = struct{ load, tput []float64 }{
	load: []float64{1, 18, 36, 72, 108, 144, 216},
	tput: []float64{64.9, 995.9, 1652.4, 1853.2, 1828.9, 1775.0, 1702.2},
}

// sig4 reports whether got and want agree when both are rounded to 4
// significant digits.
func sig4(got, want float64) bool {
	round := func(v float64) float64 {
		if v == 0 {
			return 0
		}
		e := math.Pow(10, 3-math.Floor(math.Log10(math.Abs(v))))
		return math.Round(v*e) / e
	}
	return round(got) == round(want)
}

func TestFitUSLSpecSDM91(t *testing.T) {
	fit, err := FitUSL(specSDM91.load, specSDM91.tput)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", fit)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"sigma", fit.Sigma, 0.0277285},
		{"kappa", fit.Kappa, 0.0001044},
		{"lambda", fit.Lambda, 89.9952},
		{"peak", fit.PeakN, 96.52},
	} {
		if !sig4(c.got, c.want) {
			t.Errorf("%s = %.7g, want %.7g", c.name, c.got, c.want)
		}
	}
	if !fit.HasPeak {
		t.Error("no peak")
	}
}
