package report

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"github.com/scalebench/scalebench/report/chart"
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

// theoryFractions are the fractions whose colour is fixed, so that a
// fraction has the same colour on every textbook plot: f = 0.1 and
// α = 0.1 alike.
var theoryFractions = []float64{0.1, 0.25, 0.3, 0.33, 0.5, 0.7}

// fractionColours gives each fraction of fs its colour: that of its
// place in theoryFractions, else the first colour no other fraction of
// fs takes.
func fractionColours(fs []float64) []color.NRGBA {
	slots := make([]int, len(fs))
	used := map[int]bool{}
	for i, f := range fs {
		slots[i] = -1
		for k, t := range theoryFractions {
			if math.Abs(f-t) < 1e-9 && !used[k] {
				slots[i], used[k] = k, true
				break
			}
		}
	}
	out := make([]color.NRGBA, len(fs))
	for i := range fs {
		for k := 0; slots[i] < 0; k++ {
			if !used[k] {
				slots[i], used[k] = k, true
			}
		}
		out[i] = chart.Colour(slots[i])
	}
	return out
}

// ceilingText is Amdahl's ceiling 1/f in two digits: the default
// f = 0.33 stands for a third, whose ceiling is 3.
func ceilingText(f float64) string {
	if f == 0 {
		return "∞"
	}
	return strconv.FormatFloat(1/f, 'g', 2, 64)
}

// theoryAxes sets the textbook plots' axes: logarithmic processors from
// 1 to maxP and speedups from 1, where a ceiling, a slope and the ideal
// all show across the whole range.
func theoryAxes(ch *chart.Chart, maxP int, ymax float64) {
	logAxes(ch, true, true)
	ch.Plot.X.Min, ch.Plot.X.Max = 1, float64(maxP)
	ch.Plot.Y.Min, ch.Plot.Y.Max = 1, ymax
}

// AmdahlFamily draws Amdahl's speedup 1/(f + (1−f)/P) for every serial
// fraction f up to maxP processors on logarithmic axes, with the ideal
// S = P and each ceiling 1/f drawn as references, which the legend names.
func AmdahlFamily(fs []float64, maxP int) *chart.Chart {
	ch := chart.New("Amdahl's law: strong scaling, fixed problem size",
		"processors P", "speedup S(P)")
	hi := float64(maxP)
	ch.AddReference(chart.Sample(1, hi, 2, true, func(p float64) float64 { return p }), "ideal S = P")
	ceilings := false
	for i, c := range fractionColours(fs) {
		f := fs[i]
		if f > 0 && 1/f < hi {
			ceilings = true
			ch.AddReference(chart.Sample(1, hi, 2, true, func(float64) float64 { return 1 / f }), "")
		}
		ch.AddLine(chart.Sample(1, hi, 400, true, func(p float64) float64 { return scaling.AmdahlSpeedup(f, p) }),
			c, 2, nil, fmt.Sprintf("f = %s: ceiling %s", chart.FmtFrac(f), ceilingText(f)))
	}
	if ceilings {
		ch.ReferenceKey("ceiling 1/f")
	}
	theoryAxes(ch, maxP, hi)
	return ch
}

// GustafsonFamily draws Gustafson's scaled speedup P − α(P−1) for every
// serial fraction α up to maxP processors on logarithmic axes, with the
// ideal S = P.
func GustafsonFamily(alphas []float64, maxP int) *chart.Chart {
	ch := chart.New("Gustafson's law: weak scaling, problem grows with P",
		"processors P", "scaled speedup S(P)")
	hi := float64(maxP)
	ch.AddReference(chart.Sample(1, hi, 2, true, func(p float64) float64 { return p }), "ideal S = P")
	for i, c := range fractionColours(alphas) {
		a := alphas[i]
		ch.AddLine(chart.Sample(1, hi, 200, true, func(p float64) float64 { return scaling.GustafsonSpeedup(a, p) }),
			c, 2, chart.DashDot, fmt.Sprintf("α = %s: slope %s", chart.FmtFrac(a), chart.FmtFrac(1-a)))
	}
	theoryAxes(ch, maxP, hi)
	return ch
}

// BothLaws draws Amdahl's and Gustafson's speedups for the same serial
// fraction f up to maxP processors on logarithmic axes, where the
// difference between a ceiling and a slope shows across the whole range;
// the fraction has its colour of the other textbook plots, each law its
// line.
func BothLaws(f float64, maxP int) *chart.Chart {
	ch := chart.New(fmt.Sprintf("Serial fraction %s: strong versus weak scaling", chart.FmtFrac(f)),
		"processors P", "speedup S(P)")
	hi := float64(maxP)
	c := fractionColours([]float64{f})[0]
	ch.AddReference(chart.Sample(1, hi, 2, true, func(p float64) float64 { return p }), "ideal S = P")
	ch.AddLine(chart.Sample(1, hi, 200, true, func(p float64) float64 { return scaling.GustafsonSpeedup(f, p) }),
		c, 2, chart.DashDot, fmt.Sprintf("Gustafson, α = %s", chart.FmtFrac(f)))
	ch.AddLine(chart.Sample(1, hi, 200, true, func(p float64) float64 { return scaling.AmdahlSpeedup(f, p) }),
		c, 2, nil, fmt.Sprintf("Amdahl, f = %s", chart.FmtFrac(f)))
	if f > 0 && 1/f < hi {
		ch.AddReference(chart.Sample(1, hi, 2, true, func(float64) float64 { return 1 / f }), "ceiling 1/f = "+ceilingText(f))
	}
	theoryAxes(ch, maxP, hi)
	return ch
}

// logAxes switches the axes to logarithmic scales with readable ticks.
func logAxes(ch *chart.Chart, x, y bool) {
	if x {
		ch.Plot.X.Scale = chart.LogScale{}
		ch.Plot.X.Tick.Marker = chart.Log2Ticks{}
	}
	if y {
		ch.Plot.Y.Scale = chart.LogScale{}
		ch.Plot.Y.Tick.Marker = chart.Log125Ticks{}
	}
}
