package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/predict"
	"github.com/scalebench/scalebench/results"
)

// name names the schedule of a series, with its chunk under dynamic.
func name(s *results.Series) string {
	if s.Schedule == string(predict.Dynamic) && s.Chunk > 1 {
		return fmt.Sprintf("dynamic(%d)", s.Chunk)
	}
	return s.Schedule
}

// planIndex returns the index of the plan of p that is the schedule of
// s, or -1.
func planIndex(p *analysis.Prediction, s *results.Series) int {
	return slices.IndexFunc(p.Schedules, func(pl predict.Plan) bool {
		return string(pl.Schedule) == s.Schedule && (pl.Schedule != predict.Dynamic || pl.Chunk == max(1, s.Chunk))
	})
}

// scheduleTable prints the table of a group of series that differ only
// in their schedule and returns the checks that failed.
func scheduleTable(w io.Writer, g []entry, c checks) []string {
	fmt.Fprintf(w, "\n### %s\n\n| P |", strings.Replace(g[0].title, " · "+g[0].s.Schedule, "", 1))
	for _, e := range g {
		fmt.Fprintf(w, " %s measured | predicted | error |", name(e.s))
	}
	fmt.Fprintln(w, " fastest measured | fastest predicted (from each series' task times) |")
	fmt.Fprintln(w, "|---:|"+strings.Repeat("---:|---:|---:|", len(g))+"---|---|")
	var failed []string
	for _, workers := range measuredCounts(g) {
		fmt.Fprintf(w, "| %d |", workers)
		measured := make([]float64, len(g))
		for i, e := range g {
			k := checkAt(e.p, workers)
			measured[i] = math.Inf(1)
			if k == nil {
				fmt.Fprint(w, " – | – | – |")
				continue
			}
			measured[i] = k.MeasuredS
			fmt.Fprintf(w, " %s | %s | %+.1f%% |", ms(k.MeasuredS), ms(k.PredictedS), 100*k.Error)
		}
		best, tied := fastest(measured, c.tie)
		var said []string
		for _, e := range g {
			pb, ptied, ok := predictedFastest(e.p, g, workers, c.tie)
			switch {
			case !ok:
				said = append(said, "–")
			case pb == best || within(measured, pb, c.tie) || within(predictedTimes(e.p, g, workers), best, c.tie):
				said = append(said, name(g[pb].s)+tieMark(ptied))
			default:
				said = append(said, "**"+name(g[pb].s)+"**")
				failed = append(failed, fmt.Sprintf("%s at P=%d: %s predicted fastest from %s's task times, %s measured",
					g[0].s.Workload, workers, name(g[pb].s), name(e.s), name(g[best].s)))
			}
		}
		fmt.Fprintf(w, " %s%s | %s |\n", name(g[best].s), tieMark(tied), strings.Join(said, ", "))
	}
	return append(failed, errorRow(w, g, c)...)
}

// tieMark marks a fastest schedule that ties with another.
func tieMark(tied bool) string {
	if tied {
		return " (tie)"
	}
	return ""
}

// errorRow prints the median absolute error of every schedule over the
// measured counts and returns the checks that failed.
func errorRow(w io.Writer, g []entry, c checks) []string {
	fmt.Fprint(w, "| median abs. error |")
	var failed []string
	for _, e := range g {
		var errs []float64
		for _, k := range e.p.Measured {
			errs = append(errs, math.Abs(k.Error))
		}
		mdae := median(errs)
		fmt.Fprintf(w, " | | %.1f%% |", 100*mdae)
		if !(mdae <= c.maxError) {
			failed = append(failed, fmt.Sprintf("%s: median absolute error %.1f%% above %.0f%%", e.title, 100*mdae,
				100*c.maxError))
		}
	}
	fmt.Fprintln(w, " | |")
	return failed
}

// measuredCounts returns every worker count measured in g, ascending.
func measuredCounts(g []entry) []int {
	var out []int
	for _, e := range g {
		for _, k := range e.p.Measured {
			out = append(out, k.Workers)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// checkAt returns the check of p at workers, or nil.
func checkAt(p *analysis.Prediction, workers int) *analysis.Check {
	i := slices.IndexFunc(p.Measured, func(k analysis.Check) bool { return k.Workers == workers })
	if i < 0 {
		return nil
	}
	return &p.Measured[i]
}

// fastest returns the index of the smallest of times and whether the
// next is within tie of it.
func fastest(times []float64, tie float64) (int, bool) {
	best := 0
	for i, t := range times {
		if t < times[best] {
			best = i
		}
	}
	tied := false
	for i, t := range times {
		tied = tied || (i != best && t <= times[best]*(1+tie))
	}
	return best, tied
}

// within reports whether times[i] is within tie of the smallest of
// times: a schedule that ties for fastest. A predicted fastest that ties
// in the measurement, or a measured fastest that ties in the
// prediction, agrees.
func within(times []float64, i int, tie float64) bool {
	return times != nil && times[i] <= slices.Min(times)*(1+tie)
}

// predictedFastest returns which series of g p predicts fastest at
// workers, among the schedules of g, and whether another is within tie.
func predictedFastest(p *analysis.Prediction, g []entry, workers int, tie float64) (int, bool, bool) {
	times := predictedTimes(p, g, workers)
	if times == nil {
		return 0, false, false
	}
	best, tied := fastest(times, tie)
	return best, tied, true
}

// predictedTimes returns the time p predicts for each schedule of g at
// workers, or nil.
func predictedTimes(p *analysis.Prediction, g []entry, workers int) []float64 {
	i := slices.IndexFunc(p.Times, func(t predict.Times) bool { return t.Workers == workers })
	if i < 0 {
		return nil
	}
	times := make([]float64, len(g))
	for j, e := range g {
		k := planIndex(p, e.s)
		if k < 0 {
			return nil
		}
		times[j] = p.Times[i].TimesS[k]
	}
	return times
}

// pointTable prints, for every series, the prediction at c.at workers
// beside the measurement, and returns the checks that failed.
func pointTable(w io.Writer, es []entry, c checks) []string {
	if len(es) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\n| series | T(1) measured | predicted | error | T(%d) measured | predicted | error "+
		"| S(%d) measured | S(%d) ≤ min(P, parallelism) | parallelism | CPU time of a pass, P=%d ÷ P=1 |\n",
		c.at, c.at, c.at, c.at)
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var failed []string
	for _, e := range es {
		k, one := checkAt(e.p, c.at), checkAt(e.p, 1)
		if k == nil {
			failed = append(failed, fmt.Sprintf("%s: no point at P=%d", e.title, c.at))
			continue
		}
		t1 := "| – | – | – |"
		if one != nil {
			t1 = fmt.Sprintf("| %s | %s | %+.1f%% |", ms(one.MeasuredS), ms(one.PredictedS), 100*one.Error)
		}
		i := slices.IndexFunc(e.p.Points, func(q predict.Point) bool { return q.Workers == c.at })
		growth := "–"
		if k.CPUGrowth > 0 {
			growth = fmt.Sprintf("%.2f", k.CPUGrowth)
		}
		fmt.Fprintf(w, "| %s %s %s | %s | %+.1f%% | %.3f | %.3f | %.3g | %s |\n", e.title, t1, ms(k.MeasuredS),
			ms(k.PredictedS), 100*k.Error, k.Speedup, e.p.Points[i].Bound, e.p.Parallelism, growth)
		if !(math.Abs(k.Error) <= c.maxError) {
			failed = append(failed, fmt.Sprintf("%s: error %.1f%% at P=%d", e.title, 100*k.Error, c.at))
		}
	}
	return failed
}

// boundChecks returns the predictions of es that beat the work and span
// bound, and prints the measured points that do (noise, or a cache).
func boundChecks(w io.Writer, es []entry) []string {
	var failed []string
	n := 0
	for _, e := range es {
		for _, q := range e.p.Points {
			n++
			if q.Speedup > q.Bound*(1+1e-9) {
				failed = append(failed, fmt.Sprintf("%s: predicted S(%d) = %.3f beyond its bound %.3f", e.title, q.Workers,
					q.Speedup, q.Bound))
			}
		}
		for _, k := range e.p.Measured {
			if !k.WithinBound {
				fmt.Fprintf(w, "note: %s: the measured S(%d) = %.3f lies beyond min(P, parallelism)\n", e.title, k.Workers,
					k.Speedup)
			}
		}
	}
	fmt.Fprintf(w, "\n%d predicted points of %d series checked against min(P, parallelism): %d beyond it\n", n, len(es),
		len(failed))
	return failed
}

// ms writes seconds in milliseconds.
func ms(s float64) string { return fmt.Sprintf("%.1f ms", s*1e3) }

// median returns the median of x, which it sorts; NaN for none.
func median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	slices.Sort(x)
	n := len(x)
	if n%2 == 1 {
		return x[n/2]
	}
	return (x[n/2-1] + x[n/2]) / 2
}
