package report

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg/draw"

	"github.com/scalebench/scalebench/scaling"
)

// Default fractions of the textbook curves.
var (
	DefaultAmdahlFractions    = []float64{0.1, 0.25, 0.33, 0.5}
	DefaultGustafsonFractions = []float64{0.1, 0.3, 0.5, 0.7}
)

// DefaultTheoryWorkers is the right end of the textbook curves.
const DefaultTheoryWorkers = 200

// CheckFractions reports the first fraction outside [0, 1].
func CheckFractions(fs []float64) error {
	for _, f := range fs {
		if !(f >= 0 && f <= 1) {
			return fmt.Errorf("fraction %v is outside [0, 1]", f)
		}
	}
	return nil
}

// AmdahlFamily draws Amdahl's speedup 1/(f + (1−f)/P) for every serial
// fraction f up to maxP processors, each with its asymptote S_max = 1/f
// drawn and labelled.
func AmdahlFamily(fs []float64, maxP int) *Chart {
	ch := newChart("Amdahl's law: strong scaling, fixed problem size",
		"processors P", "speedup S(P) = T(1) / T(P)")
	hi := float64(maxP)
	ch.Plot.X.Min, ch.Plot.X.Max = 0, hi
	ch.Plot.Y.Min = 0
	ch.Plot.X.Tick.Marker = workerTicks{}
	for i, f := range fs {
		c := Colour(i)
		if f > 0 {
			smax := 1 / f
			ch.addLine(curve(0, hi, 2, false, func(float64) float64 { return smax }), withAlpha(c, 0x99), 1, dashed, "")
			ch.Plot.Add(HLabel{X: hi, Y: smax, Text: "S_max = " + fmtFrac(smax), Color: c,
				Font: font.From(chartFont, tickSize), Align: draw.XRight})
		}
		ch.addLine(curve(1, hi, 400, false, func(p float64) float64 { return scaling.AmdahlSpeedup(f, p) }),
			c, 2, nil, fmt.Sprintf("f = %s, S_max = %s", fmtFrac(f), smaxText(f)))
	}
	// Room above the highest asymptote for its label.
	ch.Plot.Y.Max *= 1.08
	return ch
}

func smaxText(f float64) string {
	if f == 0 {
		return "∞"
	}
	return fmtFrac(1 / f)
}

// GustafsonFamily draws Gustafson's scaled speedup P − α(P−1) for every
// serial fraction α up to maxP processors, with the ideal S = P.
func GustafsonFamily(alphas []float64, maxP int) *Chart {
	ch := newChart("Gustafson's law: weak scaling, problem grows with P",
		"processors P", "scaled speedup S(P) = P − α(P − 1)")
	hi := float64(maxP)
	ch.Plot.X.Min, ch.Plot.X.Max = 0, hi
	ch.Plot.Y.Min = 0
	ch.Plot.X.Tick.Marker = workerTicks{}
	ch.addLine(curve(1, hi, 2, false, func(p float64) float64 { return p }), grey, 1, dashed, "ideal S = P")
	for i, a := range alphas {
		ch.addLine(curve(1, hi, 2, false, func(p float64) float64 { return scaling.GustafsonSpeedup(a, p) }),
			Colour(i), 2, nil, fmt.Sprintf("α = %s, slope %s", fmtFrac(a), fmtFrac(1-a)))
	}
	return ch
}

// BothLaws draws Amdahl's and Gustafson's speedups for the same serial
// fraction f up to maxP processors on logarithmic axes, where the
// difference between a ceiling and a slope shows across the whole range.
func BothLaws(f float64, maxP int) *Chart {
	ch := newChart(fmt.Sprintf("Serial fraction %s: strong versus weak scaling", fmtFrac(f)),
		"processors P", "speedup S(P)")
	hi := float64(maxP)
	logAxes(ch, true, true)
	ch.addLine(curve(1, hi, 2, true, func(p float64) float64 { return p }), grey, 1, dashed, "ideal S = P")
	ch.addLine(curve(1, hi, 200, true, func(p float64) float64 { return scaling.GustafsonSpeedup(f, p) }),
		Colour(2), 2, nil, fmt.Sprintf("Gustafson, α = %s", fmtFrac(f)))
	ch.addLine(curve(1, hi, 200, true, func(p float64) float64 { return scaling.AmdahlSpeedup(f, p) }),
		Colour(0), 2, nil, fmt.Sprintf("Amdahl, f = %s", fmtFrac(f)))
	if f > 0 {
		smax := 1 / f
		ch.addLine(curve(1, hi, 2, true, func(float64) float64 { return smax }), withAlpha(Colour(0), 0x99), 1, dotted,
			"S_max = 1/f = "+fmtFrac(smax))
	}
	ch.Plot.X.Min, ch.Plot.X.Max = 1, hi
	ch.Plot.Y.Min = 1
	return ch
}

// logAxes switches the axes to logarithmic scales with readable ticks.
func logAxes(ch *Chart, x, y bool) {
	if x {
		ch.Plot.X.Scale = logScale{}
		ch.Plot.X.Tick.Marker = log2Ticks{}
	}
	if y {
		ch.Plot.Y.Scale = logScale{}
		ch.Plot.Y.Tick.Marker = log125Ticks{}
	}
}

// logScale is a logarithmic axis scale that maps values that are not
// positive to the bottom of the axis instead of failing.
type logScale struct{}

// Normalize implements plot.Normalizer.
func (logScale) Normalize(lo, hi, x float64) float64 {
	const tiny = 1e-300
	lo, hi, x = math.Max(lo, tiny), math.Max(hi, tiny), math.Max(x, tiny)
	if hi == lo {
		return 0.5
	}
	return (math.Log(x) - math.Log(lo)) / (math.Log(hi) - math.Log(lo))
}
