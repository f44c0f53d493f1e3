package report

import (
	"math"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

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

func speedupChart(r *Report, g *Group) *chart.Chart {
	ylabel := "speedup S(P) = T(1) / T(P)"
	if g.Metric == results.MetricThroughput {
		ylabel = "speedup S(P) = X(P) / X(1)"
	}
	ch := chart.New("Speedup: "+g.Title, "workers P", ylabel)
	lo, hi := r.workerRange(g)
	ax := chart.NewWorkerScale(r.workerCounts(g), false)
	ch.MarkCPUs(g.CPUs, hi)
	ch.AddLine(ax.Curve(math.Min(1, lo), hi, func(p float64) float64 { return p }), chart.Grey, 1, chart.Dashed, "ideal S = P")
	for j, i := range g.Series {
		c := chart.Colour(j)
		a := r.Series[i].Analysis
		if a == nil {
			continue
		}
		if f := a.Amdahl; f != nil {
			// A band over the whole of [0, 1] (two points) says nothing.
			if f.FHi-f.FLo < 0.999 {
				ch.Plot.Add(chart.NewBand(lo, hi, chart.CurveSamples, ax.Log, f.Band, chart.WithAlpha(c, 0x30)))
			}
			leg := g.fitLabel("Amdahl fit, f = " + chart.FmtFrac(f.F))
			ch.AddLine(ax.Curve(lo, hi, func(p float64) float64 { return scaling.AmdahlSpeedup(f.F, p) }),
				c, 1.5, chart.Dashed, leg)
		}
		if u := a.USL; u != nil {
			x1 := scaling.USLThroughput(u.Sigma, u.Kappa, u.Lambda, lo) / lo
			leg := g.fitLabel("USL fit")
			ch.AddLine(ax.Curve(lo, hi, func(n float64) float64 {
				return scaling.USLThroughput(u.Sigma, u.Kappa, u.Lambda, n) / x1
			}), c, 1.5, chart.Dotted, leg)
		}
		var m chart.Points
		for _, p := range a.Points {
			m.Add(float64(p.Workers), p.Speedup, p.SpeedupLo, p.SpeedupHi, false)
		}
		ch.AddPoints(m, c, chart.Glyph(j), g.label(j, "measured median, 95% CI"))
		r.addBaseline(ch, g, j, i, false, func(p scaling.PointResult) float64 { return p.Speedup })
	}
	g.key(ch, keyEntry{text: "median, 95% CI"}, keyEntry{text: "Amdahl fit", dashes: chart.Dashed},
		keyEntry{text: "Amdahl 95% band", band: true}, keyEntry{text: "USL fit", dashes: chart.Dotted})
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
	ch.AddLine(ax.Curve(math.Min(1, lo), hi, func(float64) float64 { return 1 }), chart.Grey, 1, chart.Dashed, "ideal E = 1")
	for j, i := range g.Series {
		var m chart.Points
		for _, p := range r.points(i) {
			// The speedup interval scaled by the worker count.
			scale := p.Efficiency / p.Speedup
			m.Add(float64(p.Workers), p.Efficiency, p.SpeedupLo*scale, p.SpeedupHi*scale, false)
		}
		ch.AddPoints(m, chart.Colour(j), chart.Glyph(j), g.label(j, "measured"))
		r.addBaseline(ch, g, j, i, false, func(p scaling.PointResult) float64 { return p.Efficiency })
	}
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
	for j, i := range g.Series {
		c := chart.Colour(j)
		pts := r.points(i)
		if len(pts) == 0 {
			continue
		}
		if g.Mode != results.ModeWeak {
			t1, p1 := pts[0].Median*k, float64(pts[0].Workers)
			leg := ""
			if j == 0 {
				leg = "ideal T(1)·P₁/P"
			}
			ch.AddLine(ax.Curve(lo, hi, func(p float64) float64 { return t1 * p1 / p }), chart.WithAlpha(chart.Grey, 0xaa), 1, chart.Dashed, leg)
			if f := r.Series[i].Analysis.Amdahl; f != nil {
				if t := f.T1 * k; t > 0 {
					ch.AddLine(ax.Curve(lo, hi, func(p float64) float64 { return t * (f.F + (1-f.F)/p) }),
						c, 1.5, chart.Dashed, g.fitLabel("Amdahl fit"))
				}
			}
		}
		var m chart.Points
		for _, p := range pts {
			m.Add(float64(p.Workers), p.Median*k, p.Summary.MedianLo*k, p.Summary.MedianHi*k, log)
		}
		ch.AddPoints(m, c, chart.Glyph(j), g.label(j, "median, 95% CI"))
		r.addBaseline(ch, g, j, i, log, func(p scaling.PointResult) float64 { return p.Median * k })
	}
	if g.Mode != results.ModeWeak {
		g.key(ch, keyEntry{text: "median, 95% CI"}, keyEntry{text: "Amdahl fit", dashes: chart.Dashed})
	}
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
	for j, i := range g.Series {
		c := chart.Colour(j)
		a := r.Series[i].Analysis
		if a == nil {
			continue
		}
		if f := a.Amdahl; f != nil {
			ch.AddLine(chart.Sample(math.Max(lo, 2), hi, 2, ax.Log, func(float64) float64 { return f.F }), c, 1, chart.Dashed,
				g.fitLabel("Amdahl f = "+chart.FmtFrac(f.F)))
		}
		var m chart.Points
		for _, p := range a.Points {
			if p.KarpFlatt != nil {
				m.Add(float64(p.Workers), *p.KarpFlatt, *p.KarpFlatt, *p.KarpFlatt, false)
			}
		}
		name := g.label(j, "e(P)")
		if k := a.KarpFlatt; k != nil && k.Trend != "" {
			name += ", " + k.Trend
		}
		ch.AddPoints(m, c, chart.Glyph(j), name)
	}
	g.key(ch, keyEntry{text: "e(P)"}, keyEntry{text: "Amdahl f", dashes: chart.Dashed})
	workerAxis(ch, ax, lo, hi)
	if ch.Plot.Y.Min > 0 {
		ch.Plot.Y.Min = 0
	}
	return ch
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
	for j, i := range g.Series {
		c := chart.Colour(j)
		a := r.Series[i].Analysis
		if a == nil {
			continue
		}
		if u := a.USL; u != nil {
			leg := g.fitLabel("USL fit, σ = " + chart.FmtFrac(u.Sigma) + ", κ = " + chart.FmtFrac(u.Kappa))
			ch.AddLine(ax.Curve(lo, hi, func(n float64) float64 {
				return scaling.USLThroughput(u.Sigma, u.Kappa, u.Lambda, n) / k
			}), c, 1.5, chart.Dotted, leg)
			if u.HasPeak && u.PeakN >= lo && u.PeakN <= hi {
				ch.Plot.Add(chart.VLine{X: u.PeakN, Label: "N* = " + chart.FmtFrac(u.PeakN), Font: ch.Plot.X.Tick.Label.Font,
					Style: draw.LineStyle{Color: c, Width: 1, Dashes: chart.Dashed}})
			}
		}
		var m chart.Points
		for _, p := range a.Points {
			m.Add(float64(p.Workers), p.Throughput/k, p.Throughput/k, p.Throughput/k, false)
		}
		ch.AddPoints(m, c, chart.Glyph(j), g.label(j, "measured"))
	}
	g.key(ch, keyEntry{text: "measured"}, keyEntry{text: "USL fit", dashes: chart.Dotted})
	workerAxis(ch, ax, lo, hi)
	ch.Plot.Y.Min = 0
	return ch
}

func scaledSpeedupChart(r *Report, g *Group) *chart.Chart {
	ch := chart.New("Scaled speedup: "+g.Title, "workers P", "scaled speedup P · T(1) / T(P)")
	lo, hi := r.workerRange(g)
	ax := chart.NewWorkerScale(r.workerCounts(g), false)
	ch.MarkCPUs(g.CPUs, hi)
	ch.AddLine(ax.Curve(math.Min(1, lo), hi, func(p float64) float64 { return p }), chart.Grey, 1, chart.Dashed, "ideal S = P")
	for j, i := range g.Series {
		c := chart.Colour(j)
		a := r.Series[i].Analysis
		if a == nil {
			continue
		}
		if gf := a.Gustafson; gf != nil {
			ch.Plot.Add(chart.NewBand(lo, hi, chart.CurveSamples, ax.Log, func(p float64) (float64, float64) {
				return scaling.GustafsonSpeedup(gf.AlphaHi, p), scaling.GustafsonSpeedup(gf.AlphaLo, p)
			}, chart.WithAlpha(c, 0x30)))
			ch.AddLine(ax.Curve(lo, hi, func(p float64) float64 { return scaling.GustafsonSpeedup(gf.Alpha, p) }),
				c, 1.5, chart.Dashed, g.fitLabel("Gustafson fit, α = "+chart.FmtFrac(gf.Alpha)))
		}
		var m chart.Points
		for _, p := range a.Points {
			m.Add(float64(p.Workers), p.Speedup, p.SpeedupLo, p.SpeedupHi, false)
		}
		ch.AddPoints(m, c, chart.Glyph(j), g.label(j, "measured, 95% CI"))
	}
	g.key(ch, keyEntry{text: "measured, 95% CI"}, keyEntry{text: "Gustafson fit", dashes: chart.Dashed},
		keyEntry{text: "Gustafson 95% band", band: true})
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
	for g := range r.Groups {
		gr := &r.Groups[g]
		if gr.Mode == results.ModeWeak {
			continue
		}
		counts = append(counts, r.workerCounts(gr)...)
		l, h := r.workerRange(gr)
		lo, hi = math.Min(lo, l), math.Max(hi, h)
		switch {
		case cpus == -1:
			cpus = gr.CPUs
		case cpus != gr.CPUs:
			cpus = 0
		}
	}
	ax := chart.NewWorkerScale(counts, false)
	ch.MarkCPUs(cpus, hi)
	ch.AddLine(ax.Curve(math.Min(1, lo), hi, func(p float64) float64 { return p }), chart.Grey, 1, chart.Dashed, "ideal S = P")
	k := 0
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
			ch.AddPoints(m, chart.Colour(k), chart.Glyph(k), name)
			k++
		}
	}
	workerAxis(ch, ax, lo, hi)
	ch.Plot.Y.Min = 0
	return ch
}
