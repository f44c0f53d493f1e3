package chart

import (
	"image/color"
	"math"
	"strconv"

	"github.com/scalebench/scalebench/internal/safetext"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// FmtFrac formats a fraction for a label: 0.1, 0.25, 0.333.
func FmtFrac(x float64) string {
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// maxLegendRunes bounds a legend entry; longer names are cut with an
// ellipsis (the tables carry the full names).
const maxLegendRunes = 44

func LegendText(s string) string {
	r := []rune(safetext.Clean(s))
	if len(r) <= maxLegendRunes {
		return string(r)
	}
	return string(r[:maxLegendRunes-1]) + "…"
}

// Curve is one line of a LineChart: measured values, drawn with markers
// and their intervals; a reference (an ideal, the serial time), drawn in
// the references' style; or a fit of a measured curve, drawn dashed in
// its colour over the X it was fitted on. Values that are not finite are
// left out.
type Curve struct {
	Label string
	X, Y  []float64
	// Lo and Hi are the 95% interval of each measured value; nil when
	// none is known.
	Lo, Hi    []float64
	Reference bool
	// Fit is the Label of the measured curve this curve was fitted to;
	// "" for a measured curve or a reference.
	Fit string
	// Slot is the palette slot of a measured curve plus one (its colour
	// and marker, Colour(Slot−1)), so that a series keeps its colour on
	// every chart of a deck; 0 takes the slots in the curves' order.
	Slot int
	// Predicted marks a curve predicted rather than measured, in the
	// colour of the measured curve Fit names (AddPrediction): the worker
	// axis reaches its last X, and Lo and Hi are its band.
	Predicted bool
}

// LineChart draws curves against the number of workers in the style of
// the report's plots: the worker axis of the measured counts (log₂ when
// they double), the CPU count marked when cpus is within the range (0:
// unknown), y from zero, and the legend where it covers no data.
func LineChart(title, ylabel string, cpus int, curves []Curve) *Chart {
	ch := New(title, "workers P", ylabel)
	var counts []float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range curves {
		for _, x := range c.X {
			if isFinite(x) && x > 0 && (c.Fit == "" || c.Predicted) && !c.Reference {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
				if !c.Predicted {
					counts = append(counts, x)
				}
			}
		}
		if c.Predicted && len(c.X) > 0 { // ticks at the powers of two, as the report's
			for w := 1.0; w <= c.X[len(c.X)-1]; w *= 2 {
				counts = append(counts, w)
			}
		}
	}
	if lo > hi {
		lo, hi = 1, 1
	}
	if float64(cpus) <= hi {
		ch.MarkCPUs(cpus, hi)
	}
	slots := map[string]int{}
	next := 0
	for _, c := range curves {
		if c.Reference || c.Fit != "" {
			continue
		}
		slot := next
		if c.Slot > 0 {
			slot = c.Slot - 1
		}
		next++
		slots[c.Label] = slot
		var m Points
		for j := range min(len(c.X), len(c.Y)) {
			l, h := c.Y[j], c.Y[j]
			if j < len(c.Lo) && j < len(c.Hi) {
				l, h = c.Lo[j], c.Hi[j]
			}
			m.Add(c.X[j], c.Y[j], l, h, false)
		}
		ch.AddPoints(m, Colour(slot), Glyph(slot), safetext.Clean(c.Label))
	}
	legend := false // of the predicted curves, which share one entry
	for _, c := range curves {
		var xys plotter.XYs
		for j := range min(len(c.X), len(c.Y)) {
			if isFinite(c.X[j]) && c.X[j] >= lo && c.X[j] <= hi && isFinite(c.Y[j]) {
				xys = append(xys, plotter.XY{X: c.X[j], Y: c.Y[j]})
			}
		}
		switch {
		case c.Reference:
			ch.AddReference(xys, safetext.Clean(c.Label))
		case c.Predicted:
			ch.AddPrediction(Prediction{X: c.X, Y: c.Y, Lo: c.Lo, Hi: c.Hi, Colour: Colour(slots[c.Fit]), CPUs: cpus})
			if !legend {
				ch.PredictionLegend(predictionLegendColour(curves, slots), len(c.Lo) > 0)
				legend = true
			}
		case c.Fit != "":
			ch.AddLine(xys, Colour(slots[c.Fit]), 1.5, Dashed, safetext.Clean(c.Label))
		}
	}
	NewWorkerScale(counts, false).Apply(ch, lo, hi)
	ch.Plot.Y.Min = 0
	return ch
}

// predictionLegendColour is the colour of the one predicted curve of
// curves, or grey for several: they share one legend entry.
func predictionLegendColour(curves []Curve, slots map[string]int) color.NRGBA {
	var c []Curve
	for _, x := range curves {
		if x.Predicted {
			c = append(c, x)
		}
	}
	if len(c) == 1 {
		return Colour(slots[c[0].Fit])
	}
	return Grey
}

// CurveSamples is the number of points a fitted curve is drawn with.
const CurveSamples = 200

func Glyph(i int) draw.GlyphDrawer { return glyphs[i%len(glyphs)] }

// glyphs give each series a marker shape besides its colour.
var glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{},
	draw.PyramidGlyph{}, draw.RingGlyph{}, draw.BoxGlyph{}, draw.CrossGlyph{}}
