package chart

import (
	"image/color"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Prediction is a curve predicted rather than measured (from task
// times): its points with the band of each, in the colour of the series
// it predicts.
type Prediction struct {
	X, Y, Lo, Hi []float64
	Colour       color.NRGBA
	// CPUs is the CPU count of the measuring machine: the curve is solid
	// up to it and dashed and faint past it; 0 means unknown (solid).
	CPUs int
}

// The predicted curve is a wide translucent line in the series' colour
// over its band, solid up to the CPU count and past it dashed and faint
// (FaintAlpha, as a fit extrapolated is drawn), where the chart shades
// the workers that would share CPUs on the measuring machine: what lies
// there is extrapolated, not measured.
var (
	predictedWidth  = 3.0
	predictedAlpha  = uint8(0x80)
	predictedDashes = []vg.Length{vg.Points(7), vg.Points(4)}
)

// AddPrediction draws p: its band (where Lo and Hi are given), then the
// curve, solid to p.CPUs and dashed past it. It adds no legend entry
// (PredictionLegend).
func (ch *Chart) AddPrediction(p Prediction) {
	band := &Band{Color: WithAlpha(p.Colour, 0x20)}
	var in, past plotter.XYs
	for i := range min(len(p.X), len(p.Y)) {
		x, y := p.X[i], p.Y[i]
		if !isFinite(x) || !isFinite(y) {
			continue
		}
		if i < len(p.Lo) && i < len(p.Hi) && isFinite(p.Lo[i]) && isFinite(p.Hi[i]) {
			band.X, band.Lo, band.Hi = append(band.X, x), append(band.Lo, p.Lo[i]), append(band.Hi, p.Hi[i])
		}
		if p.CPUs <= 0 || x <= float64(p.CPUs) {
			in = append(in, plotter.XY{X: x, Y: y})
		}
		if p.CPUs > 0 && x >= float64(p.CPUs) {
			past = append(past, plotter.XY{X: x, Y: y})
		}
	}
	if len(band.X) > 0 {
		ch.Plot.Add(band)
	}
	ch.AddLine(in, WithAlpha(p.Colour, predictedAlpha), predictedWidth, nil, "")
	ch.AddLine(past, WithAlpha(p.Colour, FaintAlpha), predictedWidth, predictedDashes, "")
}

// PredictionLegend adds the legend entry of a predicted curve in colour
// (grey for the curves of several series), in rows narrow enough for the
// legend; band says whether the curve has one.
func (ch *Chart) PredictionLegend(colour color.NRGBA, band bool) {
	l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}})
	l.Color, l.Width = WithAlpha(colour, predictedAlpha), vg.Points(predictedWidth)
	if !band {
		ch.Legend.Add("predicted from task times", l)
		ch.Legend.Add("(no memory-bandwidth or cache")
		ch.Legend.Add("effects)")
		return
	}
	ch.Legend.Add("predicted from task times", &Band{Color: WithAlpha(colour, 0x20)}, l)
	ch.Legend.Add("(no memory-bandwidth or cache")
	ch.Legend.Add("effects), and its 95% band")
}
