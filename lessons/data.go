package lessons

import (
	"fmt"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// Data is everything a judge sees: the CPUs the lesson was planned for
// and the analysed series of its experiments, each named (Source) by
// the experiment that measured it.
type Data struct {
	CPUs   int
	Series []analysis.Series
	// Missing, when set, says why the lesson could not be measured here
	// (an executor this platform lacks); the judges return inconclusive.
	Missing string
	// Busy is the most CPUs other processes kept busy at the start of one
	// of the experiments (results.CPUInfo.Busy times the CPUs online, set
	// by Add) or on average while it ran (set by whoever measured it).
	Busy float64
	// Online is the CPUs of the machine, which other processes shared.
	Online int
	// Experiments are the experiments measured, in the order added.
	Experiments []Experiment
}

// fitOptions are the options of the lessons' fits: 95% intervals from
// 1000 resamples, drawn with a fixed seed so that a judgement of the
// same data is always the same.
var fitOptions = scaling.Options{Confidence: 0.95, Resamples: 1000, Seed: 1, NoisyCV: 0.05}

// Add analyses every series of doc, the result of experiment e, and
// appends it to d.
func (d *Data) Add(e Experiment, doc *results.Document) {
	d.Experiments = append(d.Experiments, e)
	if c := doc.Env.CPUs; c != nil {
		d.Busy = max(d.Busy, c.Busy*float64(c.Online))
		d.Online = c.Online
	}
	fo := fitOptions
	for _, s := range analysis.Analyze(doc, analysis.Options{CPUs: d.CPUs, Fit: &fo}) {
		s.Source = e.Name
		d.Series = append(d.Series, s)
	}
}

// find returns the first series for which match is true, or nil.
func (d Data) find(match func(*analysis.Series) bool) *analysis.Series {
	for i := range d.Series {
		if match(&d.Series[i]) {
			return &d.Series[i]
		}
	}
	return nil
}

// byExecutor returns the series run on the executor e.
func (d Data) byExecutor(e string) *analysis.Series {
	return d.find(func(s *analysis.Series) bool { return s.Executor == e })
}

// bySchedule returns the series run with the schedule sc.
func (d Data) bySchedule(sc string) *analysis.Series {
	return d.find(func(s *analysis.Series) bool { return s.Schedule == sc })
}

// byExperiment returns the first series of the experiment exp.
func (d Data) byExperiment(exp string) *analysis.Series {
	return d.find(func(s *analysis.Series) bool { return s.Source == exp })
}

// first returns the lesson's first series, or nil.
func (d Data) first() *analysis.Series {
	if len(d.Series) == 0 {
		return nil
	}
	return &d.Series[0]
}

// anyDisturbed reports whether a point of s was measured only in
// disturbed passes: nothing fitted to it can be judged.
func anyDisturbed(s *analysis.Series) bool {
	for _, r := range s.Rows {
		if r.Disturbed {
			return true
		}
	}
	return false
}

// point returns the analysed point of s at p workers, or nil.
func point(s *analysis.Series, p int) *scaling.PointResult {
	if r := row(s, p); r != nil && !r.Disturbed {
		return r.Point
	}
	return nil
}

// row returns the row of s at p workers, or nil.
func row(s *analysis.Series, p int) *analysis.Row {
	if s == nil {
		return nil
	}
	for i := range s.Rows {
		if s.Rows[i].Workers == p {
			return &s.Rows[i]
		}
	}
	return nil
}

// points returns the analysed points of s, none when it has no analysis.
func points(s *analysis.Series) []scaling.PointResult {
	if s == nil || s.Analysis == nil {
		return nil
	}
	return s.Analysis.Points
}

// top returns the analysed point of s with the most workers not above
// p, or nil: the point "at the CPU count" on a run that could not reach
// it.
func top(s *analysis.Series, p int) *scaling.PointResult {
	var best *scaling.PointResult
	pts := points(s)
	for i := range pts {
		if pts[i].Workers <= p && (best == nil || pts[i].Workers > best.Workers) {
			best = &pts[i]
		}
	}
	return best
}

// over returns the analysed points of s with more than p workers.
func over(s *analysis.Series, p int) []*scaling.PointResult {
	var out []*scaling.PointResult
	pts := points(s)
	for i := range pts {
		if pts[i].Workers > p {
			out = append(out, &pts[i])
		}
	}
	return out
}

// bestAbove returns the point of s with the highest speedup among those
// with more than p workers, or nil.
func bestAbove(s *analysis.Series, p int) *scaling.PointResult {
	var best *scaling.PointResult
	for _, pt := range over(s, p) {
		if best == nil || pt.Speedup > best.Speedup {
			best = pt
		}
	}
	return best
}

// chunk is the tasks per dispatch of the dynamic schedule of s's
// experiment; 0 when it is not known.
func (d Data) chunk(s *analysis.Series) int {
	for _, e := range d.Experiments {
		if e.Name == s.Source {
			return e.Chunk
		}
	}
	return 0
}

// scheduleLabel names the schedule of s, with its chunk when it sends
// tasks in chunks.
func (d Data) scheduleLabel(s *analysis.Series) string {
	if c := d.chunk(s); s.Schedule == "dynamic" && c > 1 {
		return fmt.Sprintf("dynamic, chunks of %d", c)
	}
	return s.Schedule
}
