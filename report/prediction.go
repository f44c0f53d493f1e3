package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/predict"
	"github.com/scalebench/scalebench/report/chart"
)

// PredictionWorkers is the worker count the summary line of a
// prediction states: S(64), and the schedule predicted fastest there.
const PredictionWorkers = 64

// PredictionLine is the prediction of ss in one line: the speedup at
// PredictionWorkers (or the most workers predicted, if fewer) with its
// band, the parallelism, and the schedule predicted fastest there; ""
// without a prediction.
func PredictionLine(ss *analysis.Series) string {
	p := ss.Prediction
	if p == nil || len(p.Points) == 0 {
		return ""
	}
	i := len(p.Points) - 1
	for j, q := range p.Points {
		if q.Workers == PredictionWorkers {
			i = j
		}
	}
	q := p.Points[i]
	line := fmt.Sprintf("%s: S(%d) = %.3g (%.3g–%.3g), parallelism %.3g", p.Label, q.Workers, q.Speedup,
		q.SpeedupLo, q.SpeedupHi, p.Parallelism)
	if i < len(p.Times) {
		line += ", best schedule " + planName(p.Schedules[p.Times[i].Fastest])
	}
	return line
}

// PredictionCounts are the worker counts whose predicted speedups
// PredictionCurveLine states.
var PredictionCounts = []int{4, 16, 64, 256}

// PredictionCurveLine is the predicted speedup of ss at
// PredictionCounts (those predicted) and at the most workers predicted,
// in one line; "" without a prediction.
func PredictionCurveLine(ss *analysis.Series) string {
	p := ss.Prediction
	if p == nil {
		return ""
	}
	var parts []string
	for i, q := range p.Points {
		if slices.Contains(PredictionCounts, q.Workers) || i == len(p.Points)-1 {
			parts = append(parts, fmt.Sprintf("S(%d) = %.3g", q.Workers, q.Speedup))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "predicted past the machine: " + strings.Join(parts, ", ")
}

// withPredicted returns cells with cell appended when ss has a
// prediction: the column of the predicted speedup in fit's table.
func withPredicted(ss *analysis.Series, cells []string, cell string) []string {
	if ss.Prediction == nil {
		return cells
	}
	return append(slices.Clip(cells), cell)
}

// predictedSpeedup is the predicted speedup of ss at w workers, or "–"
// (also without a prediction).
func predictedSpeedup(ss *analysis.Series, w int) string {
	if ss.Prediction == nil {
		return "–"
	}
	for _, q := range ss.Prediction.Points {
		if q.Workers == w {
			return fmt.Sprintf("%.2f", q.Speedup)
		}
	}
	return "–"
}

// planName names a schedule, with its chunk when it has one.
func planName(p predict.Plan) string {
	if p.Schedule == predict.Dynamic && p.Chunk > 1 {
		return fmt.Sprintf("%s (chunk %d)", p.Schedule, p.Chunk)
	}
	return string(p.Schedule)
}

// predictedTo is the largest worker count predicted for a series of g,
// or 0.
func (r *Report) predictedTo(g *Group) float64 {
	hi := 0.0
	for _, i := range g.Series {
		if p := r.Series[i].Prediction; p != nil && len(p.Points) > 0 {
			hi = math.Max(hi, float64(p.Points[len(p.Points)-1].Workers))
		}
	}
	return hi
}

// predictedCounts are the powers of two up to the largest count
// predicted for g, for the ticks of its worker axis.
func (r *Report) predictedCounts(g *Group) []float64 {
	var cs []float64
	for w := 1.0; w <= r.predictedTo(g); w *= 2 {
		cs = append(cs, w)
	}
	return cs
}

// addPredicted draws the speedup predicted from the task times of series
// i, the j-th of g: its band, then the curve, solid to the CPU count and
// dashed past it (predictedDashes).
func (r *Report) addPredicted(ch *chart.Chart, g *Group, j, i int) {
	p := r.Series[i].Prediction
	if p == nil || len(p.Points) == 0 {
		return
	}
	c := seriesColour(i)
	cp := chart.Prediction{Colour: c, CPUs: g.CPUs}
	for _, q := range p.Points {
		cp.X, cp.Y = append(cp.X, float64(q.Workers)), append(cp.Y, q.Speedup)
		cp.Lo, cp.Hi = append(cp.Lo, q.SpeedupLo), append(cp.Hi, q.SpeedupHi)
	}
	ch.AddPrediction(cp)
	if len(g.Series) == 1 || j == r.firstPredicted(g) {
		if len(g.Series) > 1 {
			c = chart.Grey
		}
		ch.PredictionLegend(c, true)
	}
}

// firstPredicted is the position in g of its first series with a
// prediction, or -1.
func (r *Report) firstPredicted(g *Group) int {
	for j, i := range g.Series {
		if r.Series[i].Prediction != nil {
			return j
		}
	}
	return -1
}
