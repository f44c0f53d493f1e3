package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/results"
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

// GitHubBenchmarks turns the summary of doc into github-action-benchmark
// entries, all smaller-is-better: per series, the median time of every
// worker count ("TITLE · workers=P", in seconds, ± the MAD), and the
// fitted serial fraction ("TITLE · Amdahl f", or Gustafson α for weak
// scaling, with its 95% interval), so that the action charts and alerts
// on the shape of the curve as well as on its times. Throughput data
// gives the time per unit of work, 1/X. Values that are not finite are
// left out.
func GitHubBenchmarks(doc *results.Document, opt SummaryOptions) []GitHubBenchmark {
	out := []GitHubBenchmark{}
	for _, ss := range Summarize(doc, opt) {
		if ss.Analysis == nil {
			continue
		}
		unit := "s"
		if ss.Throughput() {
			unit = "s/" + orDefault(ss.Unit, "op")
		}
		for _, p := range ss.Analysis.Points {
			v, mad := p.Median, p.Summary.MAD
			if ss.Throughput() {
				v, mad = 1/p.Median, p.Summary.MAD/(p.Median*p.Median) // to first order
			}
			extra := []string{fmt.Sprintf("%d samples", p.Summary.N), fmt.Sprintf("speedup %.3g (95%% CI %s)", p.Speedup, Interval(p.SpeedupLo, p.SpeedupHi, "%.3g")),
				fmt.Sprintf("efficiency %.3g", p.Efficiency)}
			if p.Oversubscribed {
				extra = append(extra, "oversubscribed: more workers than CPUs")
			}
			add(&out, GitHubBenchmark{Name: ss.Title + " · workers=" + strconv.Itoa(p.Workers), Unit: unit, Value: v,
				Range: "± " + rangeText(mad, ss.Throughput()), Extra: strings.Join(extra, "\n")})
		}
		a := ss.Analysis
		if f := a.Amdahl; f != nil {
			add(&out, GitHubBenchmark{Name: ss.Title + " · Amdahl f", Unit: "serial fraction", Value: f.F,
				Range: ci(f.FLo, f.FHi), Extra: fmt.Sprintf("R² = %.4f\nS_max = 1/f = %s\n%d points fitted", f.R2, smaxText(f.F), f.N)})
		}
		if g := a.Gustafson; g != nil {
			add(&out, GitHubBenchmark{Name: ss.Title + " · Gustafson α", Unit: "serial fraction", Value: g.Alpha,
				Range: ci(g.AlphaLo, g.AlphaHi), Extra: fmt.Sprintf("R² = %.4f\n%d points fitted", g.R2, g.N)})
		}
	}
	return out
}

// rangeText is the spread of a time for the tooltip: with a unit for
// seconds (± 50.6 µs), a plain number for the time per unit of work.
func rangeText(mad float64, perUnit bool) string {
	if perUnit {
		return strconv.FormatFloat(mad, 'g', 3, 64)
	}
	return Seconds(mad)
}

// add appends b when its value is finite (JSON has no NaN).
func add(out *[]GitHubBenchmark, b GitHubBenchmark) {
	if isFinite(b.Value) {
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
func WriteGitHubBenchmark(w io.Writer, doc *results.Document, opt SummaryOptions) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(GitHubBenchmarks(doc, opt))
}
