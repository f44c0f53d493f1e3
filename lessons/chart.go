package lessons

import (
	"bytes"
	"fmt"
	"math"
	"slices"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/report"
	"github.com/scalebench/scalebench/report/chart"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// Chart is the plot of a lesson's measurement, drawn by the report's
// LineChart so that a lesson's slide reads like a report's.
type Chart struct {
	Title, YLabel string
	CPUs          int // the CPUs of the machine measured, marked on the worker axis
	Curves        []chart.Curve
}

// SVG draws c as an SVG document.
func (c Chart) SVG() ([]byte, error) {
	return chartSVG(chart.LineChart(c.Title, c.YLabel, c.CPUs, c.Curves))
}

// chartSVG draws one of the report's charts as an SVG document.
func chartSVG(ch *chart.Chart) ([]byte, error) {
	var buf bytes.Buffer
	if err := ch.WriteSVG(&buf); err != nil {
		return nil, fmt.Errorf("draw %s: %w", ch.Plot.Title.Text, err)
	}
	return buf.Bytes(), nil
}

// curve samples f at P = 1 … maxP as a reference line.
func curve(label string, maxP int, f func(p float64) float64) chart.Curve {
	l := chart.Curve{Label: label, Reference: true}
	for p := 1; p <= maxP; p++ {
		l.X, l.Y = append(l.X, float64(p)), append(l.Y, f(float64(p)))
	}
	return l
}

// theoryCharts are the textbook curves of seed 003, whose serial
// fractions are the report's defaults.
func theoryCharts() []*chart.Chart {
	const maxP = 64
	return []*chart.Chart{
		report.AmdahlFamily(report.DefaultAmdahlFractions, maxP),
		report.GustafsonFamily(report.DefaultGustafsonFractions, maxP),
	}
}

// label names a series within its lesson by what sets it apart from the
// others: the experiment, the executor or the schedule.
func (d Data) label(m *analysis.Series) string {
	differ := func(get func(*analysis.Series) string) bool {
		for i := range d.Series {
			if get(&d.Series[i]) != get(&d.Series[0]) {
				return true
			}
		}
		return false
	}
	var parts []string
	if differ(func(m *analysis.Series) string { return m.Source }) {
		parts = append(parts, m.Source)
	}
	if differ(func(m *analysis.Series) string { return m.Executor }) {
		parts = append(parts, m.Executor)
	}
	if differ(func(m *analysis.Series) string { return m.Schedule }) {
		parts = append(parts, d.scheduleLabel(m))
	}
	if len(parts) == 0 {
		return m.Workload
	}
	out := parts[0]
	for _, p := range parts[1:] {
		out += ", " + p
	}
	return out
}

// measuredLines draws y(point) against P for every series of d, each
// point without an interval.
func (d Data) measuredLines(y func(m *analysis.Series, pt *scaling.PointResult) float64) ([]chart.Curve, int) {
	return d.measuredBars(func(m *analysis.Series, pt *scaling.PointResult) (float64, float64, float64) {
		v := y(m, pt)
		return v, v, v
	})
}

// measuredBars draws y(point) against P for every series of d, each
// point with its 95% interval [lo, hi] as an error bar.
func (d Data) measuredBars(
	y func(m *analysis.Series, pt *scaling.PointResult) (v, lo, hi float64),
) ([]chart.Curve, int) {
	var lines []chart.Curve
	maxP := 1
	for i := range d.Series {
		m := &d.Series[i]
		if m.Analysis == nil {
			continue
		}
		l := chart.Curve{Label: d.label(m)}
		for j := range m.Analysis.Points {
			pt := &m.Analysis.Points[j]
			v, lo, hi := y(m, pt)
			l.X, l.Y = append(l.X, float64(pt.Workers)), append(l.Y, v)
			l.Lo, l.Hi = append(l.Lo, lo), append(l.Hi, hi)
			maxP = max(maxP, pt.Workers)
		}
		lines = append(lines, l)
	}
	return lines, maxP
}

// ideal is the line S(P) = P up to maxP, capped at the CPUs as the
// report draws it: past them the workers share the CPUs.
func ideal(maxP, cpus int) chart.Curve {
	return curve(chart.IdealLabel(cpus), maxP, func(p float64) float64 { return chart.IdealSpeedup(p, cpus) })
}

// speedupBar is a point's speedup with its interval.
func speedupBar(_ *analysis.Series, pt *scaling.PointResult) (float64, float64, float64) {
	return bar(pt.Speedup, pt.SpeedupLo, pt.SpeedupHi)
}

// bar is v with the interval [lo, hi], or with none (lo = hi = v) when
// the interval is not known: a point of one sample has no bar.
func bar(v, lo, hi float64) (float64, float64, float64) {
	if math.IsNaN(lo) || math.IsNaN(hi) || lo > v || hi < v {
		return v, v, v
	}
	return v, lo, hi
}

func chartSpeedup(d Data) Chart {
	lines, maxP := d.measuredBars(speedupBar)
	return Chart{CPUs: d.CPUs, Title: fmt.Sprintf("speedup T(1)/T(P) on %d CPUs", d.CPUs), YLabel: "speedup",
		Curves: append(lines, ideal(maxP, d.CPUs))}
}

func chartAbsSpeedup(d Data) Chart {
	lines, maxP := d.measuredLines(func(_ *analysis.Series, pt *scaling.PointResult) float64 {
		if pt.AbsSpeedup == nil {
			return 0
		}
		return *pt.AbsSpeedup
	})
	return Chart{CPUs: d.CPUs, Title: "speed against the serial algorithm, T_S/T(P)", YLabel: "T_S / T(P)",
		Curves: append(lines, curve("serial (1×)", maxP, func(float64) float64 { return 1 }))}
}

func chartTime(d Data) Chart {
	lines, _ := d.measuredBars(func(m *analysis.Series, pt *scaling.PointResult) (float64, float64, float64) {
		start := 0.0
		if r := row(m, pt.Workers); r != nil {
			start = r.StartupS
		}
		return (pt.Median + start) * 1e3, (pt.Summary.MedianLo + start) * 1e3, (pt.Summary.MedianHi + start) * 1e3
	})
	return Chart{CPUs: d.CPUs, Title: "start-up + one pass (median)", YLabel: "milliseconds", Curves: lines}
}

func chartMemory(d Data) Chart {
	lines, _ := d.measuredLines(func(m *analysis.Series, pt *scaling.PointResult) float64 {
		if r := row(m, pt.Workers); r != nil {
			return float64(r.PeakRSSBytes) / (1 << 20)
		}
		return 0
	})
	return Chart{CPUs: d.CPUs, Title: "peak memory of the process tree", YLabel: "MiB", Curves: lines}
}

func chartThroughput(d Data) Chart {
	lines, _ := d.measuredBars(func(m *analysis.Series, pt *scaling.PointResult) (float64, float64, float64) {
		x, lo, hi := pt.Throughput/1e9, pt.Throughput/1e9, pt.Throughput/1e9
		switch {
		case m.Metric == results.MetricThroughput:
			lo, hi = pt.Summary.MedianLo/1e9, pt.Summary.MedianHi/1e9
		case pt.Median > 0 && pt.Summary.MedianLo > 0 && pt.Summary.MedianHi > 0:
			// size / time: the slowest time is the lowest throughput.
			lo, hi = x*pt.Median/pt.Summary.MedianHi, x*pt.Median/pt.Summary.MedianLo
		}
		return x, lo, hi
	})
	return Chart{CPUs: d.CPUs, Title: "bytes summed per second", YLabel: "GB/s", Curves: lines}
}

// chartAmdahl draws the measured strong and weak speedups with the
// fitted laws.
func chartAmdahl(d Data) Chart {
	lines, maxP := d.measuredBars(speedupBar)
	if st := d.byExperiment("strong"); st != nil && st.Analysis != nil && st.Analysis.Amdahl != nil {
		f := st.Analysis.Amdahl.F
		fit := curve(fmt.Sprintf("Amdahl fit, f = %.3f", f), maxP,
			func(p float64) float64 { return scaling.AmdahlSpeedup(f, p) })
		fit.Reference, fit.Fit = false, d.label(st) // in the colour of the series fitted
		lines = append(lines, fit)
	}
	if wk := d.byExperiment("weak"); wk != nil && wk.Analysis != nil && wk.Analysis.Gustafson != nil {
		a := wk.Analysis.Gustafson.Alpha
		fit := curve(fmt.Sprintf("Gustafson fit, α = %.3f", a), maxP,
			func(p float64) float64 { return scaling.GustafsonSpeedup(a, p) })
		fit.Reference, fit.Fit = false, d.label(wk)
		lines = append(lines, fit)
	}
	return Chart{CPUs: d.CPUs, Title: fmt.Sprintf("synthetic work with f = %g: strong and weak", TrueFraction),
		YLabel: "speedup (weak: scaled)", Curves: append(lines, ideal(maxP, d.CPUs))}
}

// balanceWorkers is the most workers the load-balance chart predicts:
// the picture on a machine with many more CPUs than the measuring one.
const balanceWorkers = 64

// chartBalance is chartAbsSpeedup with, for every series that recorded
// its task times, the speed predicted from them on 1 to balanceWorkers
// workers: the serial algorithm's measured time over the predicted time
// (and its band), so that each curve goes on from its measured points
// past the machine, and the schedules part where the CPUs run out here.
func chartBalance(d Data) Chart {
	c, maxP := chartAbsSpeedup(d), 1
	for _, l := range c.Curves {
		for _, x := range l.X {
			maxP = max(maxP, int(x))
		}
	}
	for i := range d.Series {
		m := &d.Series[i]
		ts := serialTime(m)
		if m.Prediction == nil || ts <= 0 {
			continue
		}
		l := chart.Curve{Label: d.label(m) + ", predicted", Fit: d.label(m), Predicted: true}
		for _, q := range m.Prediction.Points {
			if q.Workers > balanceWorkers || q.TimeS <= 0 || q.TimeLoS <= 0 || q.TimeHiS <= 0 {
				continue
			}
			l.X, l.Y = append(l.X, float64(q.Workers)), append(l.Y, ts/q.TimeS)
			l.Lo, l.Hi = append(l.Lo, ts/q.TimeHiS), append(l.Hi, ts/q.TimeLoS)
		}
		if len(l.X) == 0 {
			continue
		}
		c.Curves = append(c.Curves, l)
		maxP = max(maxP, int(l.X[len(l.X)-1]))
	}
	if maxP > d.CPUs {
		c.Title = fmt.Sprintf("T_S/T(P): measured on %d CPUs, predicted to %d workers", d.CPUs, maxP)
	}
	c.Curves = slices.DeleteFunc(c.Curves, func(l chart.Curve) bool { return l.Reference })
	c.Curves = append(c.Curves, curve("serial (1×)", maxP, func(float64) float64 { return 1 }))
	return c
}

// serialTime is the median time of m's serial reference, from a point's
// T_S/T(P); 0 when it has none.
func serialTime(m *analysis.Series) float64 {
	if m.Analysis == nil {
		return 0
	}
	for _, pt := range m.Analysis.Points {
		if pt.AbsSpeedup != nil && pt.Median > 0 && *pt.AbsSpeedup > 0 {
			return *pt.AbsSpeedup * pt.Median
		}
	}
	return 0
}
