package report

import (
	"fmt"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/predict"
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

// planName names a schedule, with its chunk when it has one.
func planName(p predict.Plan) string {
	if p.Schedule == predict.Dynamic && p.Chunk > 1 {
		return fmt.Sprintf("%s (chunk %d)", p.Schedule, p.Chunk)
	}
	return string(p.Schedule)
}
