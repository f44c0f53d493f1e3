package report

import (
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/report/chart"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// PlotKind names what a plot shows. The report's figure names end in
// their kind ("pi-speedup", "pi-karp-flatt"), except the time of a weak
// scaling series, whose figure is "…-time" but whose kind is
// PlotWeakTime, and the overview, "all-speedup".
type PlotKind string

// The kinds of plots of a report and of the theory command.
const (
	PlotSpeedup        PlotKind = "speedup"
	PlotEfficiency     PlotKind = "efficiency"
	PlotTime           PlotKind = "time"
	PlotKarpFlatt      PlotKind = "karp-flatt"
	PlotThroughput     PlotKind = "throughput"
	PlotScaledSpeedup  PlotKind = "scaled-speedup"
	PlotWeakEfficiency PlotKind = "weak-efficiency"
	PlotWeakTime       PlotKind = "weak-time"
	PlotOverview       PlotKind = "overview"
	PlotAmdahl         PlotKind = "amdahl"
	PlotGustafson      PlotKind = "gustafson"
	PlotBothLaws       PlotKind = "amdahl-vs-gustafson"
)

var captions = map[PlotKind]string{
	PlotSpeedup: "Look for where the measured speedup leaves the dashed ideal S = P and levels off: " +
		"a ceiling at 1/f (Amdahl) comes from serial work, a downturn (USL) from contention, and right of the CPU line workers share CPUs.",
	PlotEfficiency: "Look at how fast the efficiency falls from the ideal 1: a gentle slope means a small serial share, " +
		"a steep one overhead that grows with P, and right of the CPU line workers share CPUs, so it must fall.",
	PlotTime: "Perfect scaling follows the dashed line T(1)·P₁/P; " +
		"where the measured times flatten out, more workers no longer shorten a run.",
	PlotKarpFlatt: "A flat e(P) is a fixed serial fraction, as Amdahl's law assumes; " +
		"an e(P) that rises with P is overhead that grows with the workers, such as synchronisation or contention.",
	PlotThroughput: "Throughput should rise in proportion to P; where it levels off the system saturates, " +
		"and a fitted curve that turns down after its peak N* means that more workers do less work.",
	PlotScaledSpeedup: "Compare the points with the dashed ideal S = P: a straight line below it is a constant serial share α " +
		"(its slope is 1 − α), a line that bends down is overhead that grows with P.",
	PlotWeakEfficiency: "While the problem grows with P, a flat line near 1 is perfect weak scaling; " +
		"a steady fall means that each added worker costs the others time.",
	PlotWeakTime: "While the problem grows with P the time should stay flat; " +
		"a rising time is the overhead that each added worker brings.",
	PlotOverview: "Compare the workloads with the dashed ideal S = P: the highest curve scales best, " +
		"and a curve that flattens early is held back by serial work or contention.",
	PlotAmdahl: "Each curve levels off at its ceiling S_max = 1/f: " +
		"with a fixed problem even a small serial fraction caps the speedup however many processors are added.",
	PlotGustafson: "Each line keeps rising with slope 1 − α: " +
		"when the problem grows with the processors, the serial fraction lowers the slope instead of capping the speedup.",
	PlotBothLaws: "Gustafson's scaled speedup keeps pace with the ideal while Amdahl's flattens at 1/f: " +
		"the same serial fraction caps a fixed problem but not one that grows with P.",
}

// Caption is the sentence to print under a plot of the given kind,
// telling the reader what to look for; "" for an unknown kind. The
// charts do not draw it: the page puts it in the figure's caption.
func Caption(kind PlotKind) string { return captions[kind] }

// points returns the analysed points of series i (nil without analysis).
func (r *Report) points(i int) []scaling.PointResult {
	if a := r.Series[i].Analysis; a != nil {
		return a.Points
	}
	return nil
}

// largest is the largest finite value of v over the points of a group, or
// 0.
func (r *Report) largest(g *Group, v func(scaling.PointResult) float64) float64 {
	m := 0.0
	for _, i := range g.Series {
		for _, p := range r.points(i) {
			if x := v(p); isFinite(x) {
				m = math.Max(m, x)
			}
		}
	}
	return m
}

// workerRange is the smallest and largest worker count of a group.
func (r *Report) workerRange(g *Group) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, i := range g.Series {
		for _, p := range r.points(i) {
			lo = math.Min(lo, float64(p.Workers))
			hi = math.Max(hi, float64(p.Workers))
		}
	}
	if lo > hi {
		return 1, 1
	}
	return lo, hi
}

// label is the legend entry of the measured values of series j: what
// they are for a single series, the series' name when several are
// compared (the key then explains the line styles).
func (g *Group) label(j int, what string) string {
	if len(g.Series) == 1 {
		return what
	}
	return g.Labels[j]
}

// fitLabel is the legend entry of a fitted curve of series j: only for a
// single series; with several the key names the line style once.
func (g *Group) fitLabel(what string) string {
	if len(g.Series) == 1 {
		return what
	}
	return ""
}

// key adds the legend entries that explain line styles in black when
// several series share a plot.
func (g *Group) key(ch *chart.Chart, entries ...keyEntry) {
	if len(g.Series) == 1 {
		return
	}
	for _, e := range entries {
		if e.band {
			ch.Legend.Add(e.text, &chart.Band{Color: chart.WithAlpha(chart.Grey, 0x40)})
			continue
		}
		l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}})
		l.Color = chart.Grey
		l.Width = vg.Points(1.5)
		l.Dashes = e.dashes
		ch.Legend.Add(e.text, l)
	}
}

type keyEntry struct {
	text   string
	dashes []vg.Length
	band   bool
}

// workerCounts is every worker count measured in a group.
func (r *Report) workerCounts(g *Group) []float64 {
	var cs []float64
	for _, i := range g.Series {
		for _, p := range r.points(i) {
			cs = append(cs, float64(p.Workers))
		}
	}
	return cs
}

// workerAxis sets the worker axis of a group's chart: ticks at the
// measured counts, logarithmic when they double, and room above the
// highest value for its marker.
func workerAxis(ch *chart.Chart, s chart.WorkerScale, lo, hi float64) {
	s.Apply(ch, lo, hi)
	ch.Plot.Y.Max *= 1.05
}

// seriesColour is the colour of series i, the same on every chart of the
// report and beside its name on the page.
func seriesColour(i int) color.NRGBA { return chart.Colour(i) }

// fitSpan is the part of [lo, hi] that the fits of series i used; ok is
// false when they used no point.
func (r *Report) fitSpan(i int) (from, to float64, ok bool) {
	a, b, ok := r.Series[i].FitRange()
	return float64(a), float64(b), ok
}

// ideal is the reference of a speedup relative to lo workers on cpus
// CPUs: P/lo, at most the CPUs (chart.IdealSpeedup).
func ideal(lo float64, cpus int) func(float64) float64 {
	base := chart.IdealSpeedup(lo, cpus)
	return func(p float64) float64 { return chart.IdealSpeedup(p, cpus) / base }
}

// baseliner draws the baseline matched with each series on one chart,
// naming it in the legend once.
type baseliner struct {
	r     *Report
	ch    *chart.Chart
	named bool
}

// add draws the baseline of series i, when it has one: y(p) gives a
// point's value and its interval.
func (b *baseliner) add(i int, logY bool, y func(scaling.PointResult) (v, lo, hi float64)) {
	r := b.r
	if i >= len(r.Baseline) || r.Baseline[i] == nil || r.Baseline[i].Analysis == nil {
		return
	}
	var m chart.Points
	for _, p := range r.Baseline[i].Analysis.Points {
		v, lo, hi := y(p)
		m.Add(float64(p.Workers), v, lo, hi, logY)
	}
	leg := ""
	if !b.named && m.Len() > 0 {
		leg = "baseline " + filepath.Base(r.BaselineName) + ", 95% CI"
		b.named = true
	}
	b.ch.AddBaseline(m, leg)
}

// speedupOf is a point's speedup with its interval.
func speedupOf(p scaling.PointResult) (v, lo, hi float64) { return p.Speedup, p.SpeedupLo, p.SpeedupHi }

// efficiencyOf is a point's efficiency with the speedup's interval
// scaled by the worker count.
func efficiencyOf(p scaling.PointResult) (v, lo, hi float64) {
	scale := p.Efficiency / p.Speedup
	return p.Efficiency, p.SpeedupLo * scale, p.SpeedupHi * scale
}

// karpFlattOf is a point's Karp–Flatt value e(P) relative to p0 workers
// with its interval, from the ends of the speedup's (e falls as S
// rises); ok is false where e(P) is not defined.
func karpFlattOf(p scaling.PointResult, p0 float64) (v, lo, hi float64, ok bool) {
	if p.KarpFlatt == nil {
		return 0, 0, 0, false
	}
	q := float64(p.Workers) / p0
	return *p.KarpFlatt, scaling.KarpFlatt(q, p.SpeedupHi), scaling.KarpFlatt(q, p.SpeedupLo), true
}

// throughputOf is a point's throughput with its interval: the median
// time's interval turned into work per second, or the throughput's own.
func throughputOf(p scaling.PointResult, metric results.Metric) (v, lo, hi float64) {
	s := p.Summary
	if metric == results.MetricThroughput {
		return p.Throughput, s.MedianLo, s.MedianHi
	}
	return p.Throughput, p.Throughput * p.Median / s.MedianHi, p.Throughput * p.Median / s.MedianLo
}

// warn adds to the legend of a chart of the series idx the warnings a
// reader must not miss: a speedup above the ideal, disturbed passes.
func (r *Report) warn(ch *chart.Chart, idx []int, speedup bool) {
	for _, i := range idx {
		ss := &r.Series[i]
		if sl := ss.Superlinear(); speedup && len(sl) > 0 {
			ch.Note("warning: above the ideal at P = " + joinInts(sl))
		}
		if ss.Verdict.Disturbance != "" {
			ch.Note("warning: measured while disturbed")
		}
	}
}

func speedupChart(r *Report, g *Group) *chart.Chart {
	ylabel := "speedup S(P) = T(1) / T(P)"
	if g.Metric == results.MetricThroughput {
		ylabel = "speedup S(P) = X(P) / X(1)"
	}
	ch := chart.New("Speedup: "+g.Title, "workers P", ylabel)
	lo, hi := r.workerRange(g)
	hi = math.Max(hi, r.predictedTo(g))
	ax := chart.NewWorkerScale(append(r.workerCounts(g), r.predictedCounts(g)...), false)
	ch.MarkCPUs(g.CPUs, hi)
	ch.AddReference(ax.IdealCurve(lo, hi, g.CPUs, ideal(lo, g.CPUs)), chart.IdealLabel(g.CPUs))
	bl := baseliner{r: r, ch: ch}
	for j, i := range g.Series {
		c := seriesColour(i)
		a := r.Series[i].Analysis
		if a == nil {
			continue
		}
		r.addPredicted(ch, g, j, i)
		from, to, ok := r.fitSpan(i)
		if f := a.Amdahl; f != nil && ok {
			// A band over the whole of [0, 1] (two points) says nothing.
			if f.FHi-f.FLo < 0.999 {
				ch.Plot.Add(chart.NewBand(from, to, chart.CurveSamples, ax.Log, f.Band, chart.WithAlpha(c, 0x30)))
			}
			ch.AddFit(ax, chart.Fit{From: from, To: to, Colour: c, Dashes: chart.Dashed,
				F:      func(p float64) float64 { return scaling.AmdahlSpeedup(f.F, p) },
				Legend: g.fitLabel("Amdahl fit, f = " + chart.FmtFrac(f.F))})
		}
		if u := a.USL; u != nil && ok {
			x1 := scaling.USLThroughput(u.Sigma, u.Kappa, u.Lambda, lo) / lo
			ch.AddFit(ax, chart.Fit{From: from, To: to, Colour: c, Dashes: chart.Dotted, Legend: g.fitLabel("USL fit"),
				F: func(n float64) float64 { return scaling.USLThroughput(u.Sigma, u.Kappa, u.Lambda, n) / x1 }})
		}
		var m chart.Points
		for _, p := range a.Points {
			m.Add(float64(p.Workers), p.Speedup, p.SpeedupLo, p.SpeedupHi, false)
		}
		ch.AddPoints(m, c, chart.Glyph(i), g.label(j, "measured median, 95% CI"))
		bl.add(i, false, speedupOf)
	}
	key := []keyEntry{{text: "median, 95% CI"}}
	if r.fitted(g, fitAmdahl) {
		key = append(
			key,
			keyEntry{text: "Amdahl fit", dashes: chart.Dashed},
			keyEntry{text: "Amdahl 95% band", band: true},
		)
	}
	if r.fitted(g, fitUSL) {
		key = append(key, keyEntry{text: "USL fit", dashes: chart.Dotted})
	}
	g.key(ch, key...)
	r.warn(ch, g.Series, true)
	workerAxis(ch, ax, lo, hi)
	ch.Plot.Y.Min = 0
	return ch
}

func efficiencyChart(r *Report, g *Group) *chart.Chart {
	title, ylabel := "Efficiency: ", "efficiency E(P) = S(P) / P"
	if g.Mode == results.ModeWeak {
		title, ylabel = "Weak-scaling efficiency: ", "efficiency T(1) / T(P)"
	}
	ch := chart.New(title+g.Title, "workers P", ylabel)
	lo, hi := r.workerRange(g)
	ax := chart.NewWorkerScale(r.workerCounts(g), false)
	ch.MarkCPUs(g.CPUs, hi)
	id := ideal(lo, g.CPUs)
	leg := "ideal E = 1"
	if g.CPUs > 0 && hi > float64(g.CPUs) {
		leg = "ideal E = 1 up to " + chart.CPULabel(g.CPUs)
	}
	ch.AddReference(ax.IdealCurve(lo, hi, g.CPUs, func(p float64) float64 { return id(p) * lo / p }), leg)
	bl := baseliner{r: r, ch: ch}
	for j, i := range g.Series {
		var m chart.Points
		for _, p := range r.points(i) {
			v, l, h := efficiencyOf(p)
			m.Add(float64(p.Workers), v, l, h, false)
		}
		ch.AddPoints(m, seriesColour(i), chart.Glyph(i), g.label(j, "measured, 95% CI"))
		bl.add(i, false, efficiencyOf)
	}
	r.warn(ch, g.Series, false)
	workerAxis(ch, ax, lo, hi)
	ch.Plot.Y.Min = 0
	ch.Plot.Y.Max = math.Max(ch.Plot.Y.Max, 1.1)
	return ch
}

func timeChart(r *Report, g *Group) *chart.Chart {
	maxT := r.largest(g, func(p scaling.PointResult) float64 { return p.Median })
	k, unit := timeUnit(maxT)
	log := !r.opt.LinearTime
	ch := chart.New("Time: "+g.Title, "workers P", "median time per run ("+unit+")")
	lo, hi := r.workerRange(g)
	ax := chart.NewWorkerScale(r.workerCounts(g), log)
	ch.MarkCPUs(g.CPUs, hi)
	bl := baseliner{r: r, ch: ch}
	named := false
	for j, i := range g.Series {
		c := seriesColour(i)
		pts := r.points(i)
		if len(pts) == 0 {
			continue
		}
		t1, id := pts[0].Median*k, ideal(float64(pts[0].Workers), g.CPUs)
		leg := ""
		if !named {
			leg, named = "ideal T(P₁)·P₁/P up to the CPUs", true
			if g.Mode == results.ModeWeak {
				leg = "ideal: T(P₁) up to the CPUs"
			}
		}
		idealT := func(p float64) float64 { return t1 / id(p) }
		if g.Mode == results.ModeWeak {
			idealT = func(p float64) float64 { return t1 * (p / float64(pts[0].Workers)) / id(p) }
		}
		ch.AddReference(ax.IdealCurve(lo, hi, g.CPUs, idealT), leg)
		from, to, ok := r.fitSpan(i)
		if f := r.Series[i].Analysis.Amdahl; f != nil && ok && g.Mode != results.ModeWeak {
			if t := f.T1 * k; t > 0 {
				ch.AddFit(
					ax,
					chart.Fit{From: from, To: to, Colour: c, Dashes: chart.Dashed, Legend: g.fitLabel("Amdahl fit"),
						F: func(p float64) float64 { return t * (f.F + (1-f.F)/p) }},
				)
			}
		}
		var m chart.Points
		for _, p := range pts {
			m.Add(float64(p.Workers), p.Median*k, p.Summary.MedianLo*k, p.Summary.MedianHi*k, log)
		}
		ch.AddPoints(m, c, chart.Glyph(i), g.label(j, "median, 95% CI"))
		bl.add(i, log, func(p scaling.PointResult) (float64, float64, float64) {
			return p.Median * k, p.Summary.MedianLo * k, p.Summary.MedianHi * k
		})
	}
	if g.Mode != results.ModeWeak {
		g.key(ch, keyEntry{text: "median, 95% CI"}, keyEntry{text: "Amdahl fit", dashes: chart.Dashed})
	}
	r.warn(ch, g.Series, false)
	ax.Apply(ch, lo, hi)
	if log {
		logAxes(ch, false, true)
		ch.Plot.Y.Min /= 1.2
		ch.Plot.Y.Max *= 1.2
	} else {
		ch.Plot.Y.Max *= 1.05
		ch.Plot.Y.Min = 0
	}
	return ch
}

func karpFlattChart(r *Report, g *Group) *chart.Chart {
	ch := chart.New("Karp–Flatt metric: "+g.Title, "workers P", "serial fraction e(P) = (1/S − 1/P) / (1 − 1/P)")
	lo, hi := r.workerRange(g)
	// e(P) is defined from two workers on: the axis starts there.
	counts := slices.DeleteFunc(r.workerCounts(g), func(p float64) bool { return p < 2 && hi >= 2 })
	if hi >= 2 {
		lo = math.Max(lo, 2)
	}
	ax := chart.NewWorkerScale(counts, false)
	ch.MarkCPUs(g.CPUs, hi)
	bl := baseliner{r: r, ch: ch}
	for j, i := range g.Series {
		c := seriesColour(i)
		a := r.Series[i].Analysis
		if a == nil || len(a.Points) == 0 {
			continue
		}
		from, to, ok := r.fitSpan(i)
		if f := a.Amdahl; f != nil && ok && to >= lo {
			ch.AddFit(ax, chart.Fit{From: math.Max(from, lo), To: to, Colour: c, Width: 1, Dashes: chart.Dashed,
				F: func(float64) float64 { return f.F }, Legend: g.fitLabel("Amdahl f = " + chart.FmtFrac(f.F))})
		}
		p0 := float64(a.Points[0].Workers)
		var m chart.Points
		for _, p := range a.Points {
			if v, l, h, ok := karpFlattOf(p, p0); ok {
				m.Add(float64(p.Workers), v, l, h, false)
			}
		}
		name := g.label(j, "e(P), 95% CI")
		if k := a.KarpFlatt; k != nil && k.Trend != "" {
			name += ", " + k.Trend
		}
		ch.AddPoints(m, c, chart.Glyph(i), name)
		if b := r.baselineOf(i); b != nil && len(b.Analysis.Points) > 0 {
			b0 := float64(b.Analysis.Points[0].Workers)
			bl.add(i, false, func(p scaling.PointResult) (float64, float64, float64) {
				v, l, h, ok := karpFlattOf(p, b0)
				if !ok {
					return math.NaN(), 0, 0
				}
				return v, l, h
			})
		}
	}
	key := []keyEntry{{text: "e(P)"}}
	if r.fitted(g, fitAmdahl) && g.Mode != results.ModeWeak {
		key = append(key, keyEntry{text: "Amdahl f", dashes: chart.Dashed})
	}
	g.key(ch, key...)
	r.warn(ch, g.Series, false)
	workerAxis(ch, ax, lo, hi)
	if ch.Plot.Y.Min > 0 {
		ch.Plot.Y.Min = 0
	}
	return ch
}

// baselineOf is the analysed baseline series of series i, or nil.
func (r *Report) baselineOf(i int) *analysis.Series {
	if i >= len(r.Baseline) || r.Baseline[i] == nil || r.Baseline[i].Analysis == nil {
		return nil
	}
	return r.Baseline[i]
}

func throughputChart(r *Report, g *Group) *chart.Chart {
	maxX := r.largest(g, func(p scaling.PointResult) float64 { return p.Throughput })
	k, prefix := siScale(maxX)
	unit := g.Unit
	if unit == "" {
		unit = "work"
	}
	if g.Metric == results.MetricThroughput && g.Unit == "" {
		unit = "ops"
	}
	ch := chart.New("Throughput: "+g.Title, "workers P", "throughput X(P) ("+prefix+unit+"/s)")
	lo, hi := r.workerRange(g)
	ax := chart.NewWorkerScale(r.workerCounts(g), false)
	ch.MarkCPUs(g.CPUs, hi)
	bl := baseliner{r: r, ch: ch}
	of := func(p scaling.PointResult) (float64, float64, float64) {
		v, l, h := throughputOf(p, g.Metric)
		return v / k, l / k, h / k
	}
	for j, i := range g.Series {
		c := seriesColour(i)
		a := r.Series[i].Analysis
		if a == nil {
			continue
		}
		if from, to, ok := r.fitSpan(i); a.USL != nil && ok {
			u := a.USL
			leg := g.fitLabel("USL fit, σ = " + chart.FmtFrac(u.Sigma) + ", κ = " + chart.FmtFrac(u.Kappa))
			ch.AddFit(ax, chart.Fit{From: from, To: to, Colour: c, Dashes: chart.Dotted, Legend: leg,
				F: func(n float64) float64 { return scaling.USLThroughput(u.Sigma, u.Kappa, u.Lambda, n) / k }})
			if u.HasPeak && u.PeakN >= from && u.PeakN <= to {
				ch.Plot.Add(
					chart.VLine{X: u.PeakN, Label: "N* = " + chart.FmtFrac(u.PeakN), Font: ch.Plot.X.Tick.Label.Font,
						Style: draw.LineStyle{Color: c, Width: 1, Dashes: chart.Dashed}},
				)
			}
		}
		var m chart.Points
		for _, p := range a.Points {
			v, l, h := of(p)
			m.Add(float64(p.Workers), v, l, h, false)
		}
		ch.AddPoints(m, c, chart.Glyph(i), g.label(j, "measured, 95% CI"))
		bl.add(i, false, of)
	}
	key := []keyEntry{{text: "measured, 95% CI"}}
	if r.fitted(g, fitUSL) {
		key = append(key, keyEntry{text: "USL fit", dashes: chart.Dotted})
	}
	g.key(ch, key...)
	r.warn(ch, g.Series, false)
	workerAxis(ch, ax, lo, hi)
	ch.Plot.Y.Min = 0
	return ch
}

func scaledSpeedupChart(r *Report, g *Group) *chart.Chart {
	ch := chart.New("Scaled speedup: "+g.Title, "workers P", "scaled speedup P · T(1) / T(P)")
	lo, hi := r.workerRange(g)
	ax := chart.NewWorkerScale(r.workerCounts(g), false)
	ch.MarkCPUs(g.CPUs, hi)
	ch.AddReference(ax.IdealCurve(lo, hi, g.CPUs, ideal(lo, g.CPUs)), chart.IdealLabel(g.CPUs))
	bl := baseliner{r: r, ch: ch}
	for j, i := range g.Series {
		c := seriesColour(i)
		a := r.Series[i].Analysis
		if a == nil {
			continue
		}
		if from, to, ok := r.fitSpan(i); a.Gustafson != nil && ok {
			gf := a.Gustafson
			ch.Plot.Add(chart.NewBand(from, to, chart.CurveSamples, ax.Log, func(p float64) (float64, float64) {
				return scaling.GustafsonSpeedup(gf.AlphaHi, p), scaling.GustafsonSpeedup(gf.AlphaLo, p)
			}, chart.WithAlpha(c, 0x30)))
			ch.AddFit(ax, chart.Fit{From: from, To: to, Colour: c, Dashes: chart.DashDot,
				F:      func(p float64) float64 { return scaling.GustafsonSpeedup(gf.Alpha, p) },
				Legend: g.fitLabel("Gustafson fit, α = " + chart.FmtFrac(gf.Alpha))})
		}
		var m chart.Points
		for _, p := range a.Points {
			m.Add(float64(p.Workers), p.Speedup, p.SpeedupLo, p.SpeedupHi, false)
		}
		ch.AddPoints(m, c, chart.Glyph(i), g.label(j, "measured, 95% CI"))
		bl.add(i, false, speedupOf)
	}
	g.key(ch, keyEntry{text: "measured, 95% CI"}, keyEntry{text: "Gustafson fit", dashes: chart.DashDot},
		keyEntry{text: "Gustafson 95% band", band: true})
	r.warn(ch, g.Series, true)
	workerAxis(ch, ax, lo, hi)
	ch.Plot.Y.Min = 0
	return ch
}

// overviewChart compares the speedups of every strong-scaling series.
func (r *Report) overviewChart() *chart.Chart {
	ch := chart.New("Speedup of every workload", "workers P", "speedup S(P)")
	lo, hi := math.Inf(1), math.Inf(-1)
	cpus := -1
	var counts []float64
	var idx []int
	for g := range r.Groups {
		gr := &r.Groups[g]
		if gr.Mode == results.ModeWeak {
			continue
		}
		counts = append(counts, r.workerCounts(gr)...)
		l, h := r.workerRange(gr)
		lo, hi = math.Min(lo, l), math.Max(hi, h)
		idx = append(idx, gr.Series...)
		switch {
		case cpus == -1:
			cpus = gr.CPUs
		case cpus != gr.CPUs:
			cpus = 0
		}
	}
	ax := chart.NewWorkerScale(counts, false)
	ch.MarkCPUs(cpus, hi)
	ch.AddReference(ax.IdealCurve(lo, hi, cpus, ideal(lo, cpus)), chart.IdealLabel(cpus))
	bl := baseliner{r: r, ch: ch}
	for g := range r.Groups {
		gr := &r.Groups[g]
		if gr.Mode == results.ModeWeak {
			continue
		}
		for j, i := range gr.Series {
			var m chart.Points
			for _, p := range r.points(i) {
				m.Add(float64(p.Workers), p.Speedup, p.SpeedupLo, p.SpeedupHi, false)
			}
			name := gr.Title
			if len(gr.Series) > 1 {
				name += " · " + gr.Labels[j]
			}
			ch.AddPoints(m, seriesColour(i), chart.Glyph(i), name)
			bl.add(i, false, speedupOf)
		}
	}
	r.warn(ch, idx, true)
	workerAxis(ch, ax, lo, hi)
	ch.Plot.Y.Min = 0
	return ch
}

// joinInts lists counts: "2, 4 and 8".
func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}
