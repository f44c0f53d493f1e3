package report

import (
	"fmt"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg/draw"

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

// AmdahlFamily draws Amdahl's speedup 1/(f + (1−f)/P) for every serial
// fraction f up to maxP processors, each with its asymptote S_max = 1/f
// drawn and labelled.
func AmdahlFamily(fs []float64, maxP int) *chart.Chart {
	ch := chart.New("Amdahl's law: strong scaling, fixed problem size",
		"processors P", "speedup S(P) = T(1) / T(P)")
	hi := float64(maxP)
	ch.Plot.X.Min, ch.Plot.X.Max = 0, hi
	ch.Plot.Y.Min = 0
	ch.Plot.X.Tick.Marker = chart.WorkerTicks{}
	for i, f := range fs {
		c := chart.Colour(i)
		if f > 0 {
			smax := 1 / f
			ch.AddLine(chart.Sample(0, hi, 2, false, func(float64) float64 { return smax }), chart.WithAlpha(c, 0x99), 1, chart.Dashed, "")
			ch.Plot.Add(chart.HLabel{X: hi, Y: smax, Text: "S_max = " + chart.FmtFrac(smax), Color: c,
				Font: font.From(chart.Font, chart.TickSize), Align: draw.XRight})
		}
		ch.AddLine(chart.Sample(1, hi, 400, false, func(p float64) float64 { return scaling.AmdahlSpeedup(f, p) }),
			c, 2, nil, fmt.Sprintf("f = %s, S_max = %s", chart.FmtFrac(f), smaxText(f)))
	}
	// Room above the highest asymptote for its label.
	ch.Plot.Y.Max *= 1.08
	return ch
}

func smaxText(f float64) string {
	if f == 0 {
		return "∞"
	}
	return chart.FmtFrac(1 / f)
}

// GustafsonFamily draws Gustafson's scaled speedup P − α(P−1) for every
// serial fraction α up to maxP processors, with the ideal S = P.
func GustafsonFamily(alphas []float64, maxP int) *chart.Chart {
	ch := chart.New("Gustafson's law: weak scaling, problem grows with P",
		"processors P", "scaled speedup S(P) = P − α(P − 1)")
	hi := float64(maxP)
	ch.Plot.X.Min, ch.Plot.X.Max = 0, hi
	ch.Plot.Y.Min = 0
	ch.Plot.X.Tick.Marker = chart.WorkerTicks{}
	ch.AddLine(chart.Sample(1, hi, 2, false, func(p float64) float64 { return p }), chart.Grey, 1, chart.Dashed, "ideal S = P")
	for i, a := range alphas {
		ch.AddLine(chart.Sample(1, hi, 2, false, func(p float64) float64 { return scaling.GustafsonSpeedup(a, p) }),
			chart.Colour(i), 2, nil, fmt.Sprintf("α = %s, slope %s", chart.FmtFrac(a), chart.FmtFrac(1-a)))
	}
	return ch
}

// BothLaws draws Amdahl's and Gustafson's speedups for the same serial
// fraction f up to maxP processors on logarithmic axes, where the
// difference between a ceiling and a slope shows across the whole range.
func BothLaws(f float64, maxP int) *chart.Chart {
	ch := chart.New(fmt.Sprintf("Serial fraction %s: strong versus weak scaling", chart.FmtFrac(f)),
		"processors P", "speedup S(P)")
	hi := float64(maxP)
	logAxes(ch, true, true)
	ch.AddLine(chart.Sample(1, hi, 2, true, func(p float64) float64 { return p }), chart.Grey, 1, chart.Dashed, "ideal S = P")
	ch.AddLine(chart.Sample(1, hi, 200, true, func(p float64) float64 { return scaling.GustafsonSpeedup(f, p) }),
		chart.Colour(2), 2, nil, fmt.Sprintf("Gustafson, α = %s", chart.FmtFrac(f)))
	ch.AddLine(chart.Sample(1, hi, 200, true, func(p float64) float64 { return scaling.AmdahlSpeedup(f, p) }),
		chart.Colour(0), 2, nil, fmt.Sprintf("Amdahl, f = %s", chart.FmtFrac(f)))
	if f > 0 {
		smax := 1 / f
		ch.AddLine(chart.Sample(1, hi, 2, true, func(float64) float64 { return smax }), chart.WithAlpha(chart.Colour(0), 0x99), 1, chart.Dotted,
			"S_max = 1/f = "+chart.FmtFrac(smax))
	}
	ch.Plot.X.Min, ch.Plot.X.Max = 1, hi
	ch.Plot.Y.Min = 1
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
