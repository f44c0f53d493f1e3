package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/scaling"
)

// GitHubBenchmark is one entry of the custom JSON that
// github-action-benchmark reads with tool: customSmallerIsBetter (an
// array of them): Value is a number where smaller is better, Range and
// Extra are free text shown in the chart's tooltip.
type GitHubBenchmark struct {
	Name  string  `json:"name"`
	Unit  string  `json:"unit"`
	Value float64 `json:"value"`
	Range string  `json:"range,omitempty"`
	Extra string  `json:"extra,omitempty"`
}

// GitHubBenchmarks turns analysed series into github-action-benchmark
// entries, all smaller-is-better. The action compares every entry with
// the previous run's by their ratio, so only values a ratio suits are
// written: per series, the median time of every worker count
// ("TITLE · workers=P", in seconds, ± the MAD, with the speedup and
// efficiency in the tooltip), and, for every count P from 2 up to the CPU
// count, not oversubscribed, 1/speedup ("TITLE · workers=P · 1/speedup",
// T(P)/T(1) in strong scaling), which grows when the curve flattens. A
// fitted serial fraction is left out: near 0 its ratio is noise (a base
// of 0 makes any change infinitely worse); scalebench compare tests it
// with its interval. Throughput data gives the time per unit of work,
// 1/X. Values that are not finite or not positive are left out.
func GitHubBenchmarks(sums []analysis.Series) []GitHubBenchmark {
	out := []GitHubBenchmark{}
	for _, ss := range sums {
		if ss.Analysis == nil {
			continue
		}
		for _, p := range ss.Analysis.Points {
			add(&out, timeBenchmark(&ss, p))
		}
		for _, p := range ss.Analysis.Points {
			if p.Workers >= 2 && !p.Oversubscribed && (ss.CPUs == 0 || p.Workers <= ss.CPUs) {
				add(&out, GitHubBenchmark{Name: ss.Title + " · workers=" + strconv.Itoa(p.Workers) + " · 1/speedup",
					Unit: "1/speedup", Value: 1 / p.Speedup, Range: "speedup 95% CI " + analysis.Interval(p.SpeedupLo, p.SpeedupHi, "%.3g"),
					Extra: fmt.Sprintf("speedup %.3g\nefficiency %.3g", p.Speedup, p.Efficiency)})
			}
		}
	}
	return out
}

// timeBenchmark is the entry of the median time of point p of ss.
func timeBenchmark(ss *analysis.Series, p scaling.PointResult) GitHubBenchmark {
	unit := "s"
	v, mad := p.Median, p.Summary.MAD
	if ss.Throughput() {
		unit = "s/" + orDefault(ss.Unit, "op")
		v, mad = 1/p.Median, p.Summary.MAD/(p.Median*p.Median) // to first order
	}
	extra := []string{fmt.Sprintf("%d samples", p.Summary.N),
		fmt.Sprintf("speedup %.3g (95%% CI %s)", p.Speedup, analysis.Interval(p.SpeedupLo, p.SpeedupHi, "%.3g")),
		fmt.Sprintf("efficiency %.3g", p.Efficiency)}
	if p.Oversubscribed {
		extra = append(extra, "oversubscribed: more workers than CPUs")
	}
	return GitHubBenchmark{Name: ss.Title + " · workers=" + strconv.Itoa(p.Workers), Unit: unit, Value: v,
		Range: "± " + rangeText(mad, ss.Throughput()), Extra: strings.Join(extra, "\n")}
}

// rangeText is the spread of a time for the tooltip: with a unit for
// seconds (± 50.6 µs), a plain number for the time per unit of work.
func rangeText(mad float64, perUnit bool) string {
	if perUnit {
		return strconv.FormatFloat(mad, 'g', 3, 64)
	}
	return Seconds(mad)
}

// add appends b when its value is finite (JSON has no NaN) and positive
// (a ratio to 0 is no comparison).
func add(out *[]GitHubBenchmark, b GitHubBenchmark) {
	if isFinite(b.Value) && b.Value > 0 {
		*out = append(*out, b)
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// WriteGitHubBenchmark writes the entries of GitHubBenchmarks as the
// JSON array github-action-benchmark reads (tool: customSmallerIsBetter).
func WriteGitHubBenchmark(w io.Writer, sums []analysis.Series) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(GitHubBenchmarks(sums))
}
