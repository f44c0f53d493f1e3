package lessons

import (
	"math"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// Measured is one series of a lesson's experiment with its analysis.
type Measured struct {
	Experiment string // the Experiment's name
	Series     results.Series
	// Analysis is nil when the series could not be analysed (no usable
	// point).
	Analysis *scaling.Analysis
}

// Data is everything a judge sees: the CPUs the lesson was planned for
// and the series measured.
type Data struct {
	CPUs   int
	Series []Measured
	// Missing, when set, says why the lesson could not be measured here
	// (an executor this platform lacks); the judges return inconclusive.
	Missing string
	// Busy is the most CPUs other processes kept busy at the start of one
	// of the experiments (results.CPUInfo.Busy times the CPUs online, set
	// by Add) or on average while it ran (set by whoever measured it).
	Busy float64
	// Online is the CPUs of the machine, which other processes shared.
	Online int
}

// Add analyses every series of doc, the result of experiment exp, and
// appends it to d.
func (d *Data) Add(exp string, doc *results.Document) {
	if c := doc.Env.CPUs; c != nil {
		d.Busy = max(d.Busy, c.Busy*float64(c.Online))
		d.Online = c.Online
	}
	for _, s := range doc.Series {
		m := Measured{Experiment: exp, Series: s}
		a, err := scaling.Analyze(analysis.Input(&s), scaling.Options{CPUs: d.CPUs, Confidence: 0.95, Resamples: 1000, Seed: 1, NoisyCV: 0.05})
		if err == nil {
			m.Analysis = &a
		}
		d.Series = append(d.Series, m)
	}
}

// find returns the first series for which match is true, or nil.
func (d Data) find(match func(*Measured) bool) *Measured {
	for i := range d.Series {
		if match(&d.Series[i]) {
			return &d.Series[i]
		}
	}
	return nil
}

// byExecutor returns the series run on the executor e.
func (d Data) byExecutor(e string) *Measured {
	return d.find(func(m *Measured) bool { return m.Series.Executor == e })
}

// bySchedule returns the series run with the schedule sc.
func (d Data) bySchedule(sc string) *Measured {
	return d.find(func(m *Measured) bool { return m.Series.Schedule == sc })
}

// byExperiment returns the first series of the experiment exp.
func (d Data) byExperiment(exp string) *Measured {
	return d.find(func(m *Measured) bool { return m.Experiment == exp })
}

// point returns the analysed point at p workers, or nil.
func (m *Measured) point(p int) *scaling.PointResult {
	if m == nil || m.Analysis == nil {
		return nil
	}
	for i := range m.Analysis.Points {
		if m.Analysis.Points[i].Workers == p {
			return &m.Analysis.Points[i]
		}
	}
	return nil
}

// raw returns the recorded point at p workers, or nil.
func (m *Measured) raw(p int) *results.Point {
	if m == nil {
		return nil
	}
	for i := range m.Series.Points {
		if m.Series.Points[i].Workers == p {
			return &m.Series.Points[i]
		}
	}
	return nil
}

// top returns the analysed point with the most workers not above p, or
// nil: the point "at the CPU count" on a run that could not reach it.
func (m *Measured) top(p int) *scaling.PointResult {
	if m == nil || m.Analysis == nil {
		return nil
	}
	var best *scaling.PointResult
	for i := range m.Analysis.Points {
		pt := &m.Analysis.Points[i]
		if pt.Workers <= p && (best == nil || pt.Workers > best.Workers) {
			best = pt
		}
	}
	return best
}

// bestAbs returns the highest absolute speedup T_S/T(P) of m's points,
// NaN when it has none.
func (m *Measured) bestAbs() (float64, int) {
	best, at := math.NaN(), 0
	if m == nil || m.Analysis == nil {
		return best, at
	}
	for _, pt := range m.Analysis.Points {
		if pt.AbsSpeedup != nil && (math.IsNaN(best) || *pt.AbsSpeedup > best) {
			best, at = *pt.AbsSpeedup, pt.Workers
		}
	}
	return best, at
}
