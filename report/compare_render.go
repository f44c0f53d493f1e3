package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/results"
)

// CompareFormats are the formats WriteComparison renders.
var CompareFormats = []string{"table", "markdown", "csv", "json"}

// WriteComparison renders c in format: table (a terminal table),
// markdown (a pull-request comment), csv (one row per point and shape
// metric) or json (the Comparison itself).
func WriteComparison(w io.Writer, c *analysis.Comparison, format string) error {
	switch format {
	case "table", "":
		return writeCompareText(w, c, false)
	case "markdown":
		return writeCompareText(w, c, true)
	case "csv":
		return writeCompareCSV(w, c)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(c)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(CompareFormats, ", "))
}

// regressions lists every regression of c in words, one line each.
func regressions(c *analysis.Comparison) []string {
	var out []string
	for _, sc := range c.Series {
		for _, s := range sc.Shape {
			if s.Verdict == analysis.Regression {
				out = append(out, fmt.Sprintf(
					"%s: %s %s → %s (%s, threshold %s)",
					sc.Title,
					s.Label,
					shapeValue(
						s.Metric,
						s.Base.Value,
					),
					shapeValue(s.Metric, s.New.Value),
					shapeDelta(s.Metric, s.Change),
					shapeValue(s.Metric, s.Threshold),
				))
			}
		}
		for _, p := range sc.Points {
			if p.Verdict != analysis.Regression {
				continue
			}
			line := fmt.Sprintf("%s: P=%d %s slower (%s, p=%.3f)", sc.Title, p.Workers, pct(p.Ratio.Value),
				pctInterval(p.Ratio), float64(p.P))
			switch {
			case sc.Disturbed != "":
				line += "; not gated: " + sc.Disturbed
			case !c.Gates(&sc, p):
				line += "; not gated: oversubscribed"
			}
			out = append(out, line)
		}
	}
	return out
}

// method says in a few lines how comparison c judges.
func method(c *analysis.Comparison) []string {
	th := c.Thresholds
	return []string{
		fmt.Sprintf("time: new/base of the median time at each worker count, with its %.0f%% interval; %s; "+
			"~ beside a change: not significant", 100*(1-th.Alpha), c.Test),
		fmt.Sprintf(
			"regression: a point whose interval lies wholly above +%g%%, or a serial fraction whose intervals allow no "+
				"rise of %g or less, or an efficiency that allows no drop of %g or less; inconclusive: an interval "+
				"across its threshold",
			100*th.MaxSlowdown,
			th.MaxFIncrease,
			th.MaxEfficiencyDrop,
		),
		"* beside a worker count: oversubscribed, more workers than CPUs; shown, but its regressions do not fail " +
			"the gate unless asked (--gate-oversubscribed)",
	}
}

// sideText describes one side in a line.
func sideText(s analysis.CompareSide) string {
	var parts []string
	if s.CPUModel != "" {
		parts = append(parts, s.CPUModel)
	}
	if s.LogicalCPUs > 0 {
		parts = append(parts, analysis.Plural(s.LogicalCPUs, "CPU"))
	}
	if s.GoVersion != "" {
		parts = append(parts, s.GoVersion)
	}
	if s.Commit != "" {
		parts = append(parts, "commit "+s.Commit)
	}
	if len(parts) == 0 {
		return s.Name
	}
	return s.Name + " (" + strings.Join(parts, ", ") + ")"
}

// writeCompareText writes the terminal table or the Markdown comment.
func writeCompareText(out io.Writer, c *analysis.Comparison, md bool) error {
	w := &errWriter{w: out}
	esc := func(s string) string { return s }
	if md {
		esc = mdEscape
		fmt.Fprintf(w, "### scalebench compare: %s\n\n", c.Headline())
		writeRegressions(w, c, true)
		fmt.Fprintf(w, "- **base**: %s\n- **new**: %s\n\n", esc(sideText(c.Base)), esc(sideText(c.New)))
		for _, warn := range c.Warnings {
			fmt.Fprintf(w, "> **warning**: %s\n\n", esc(warn))
		}
	} else {
		fmt.Fprintf(w, "base: %s\nnew:  %s\n", sideText(c.Base), sideText(c.New))
		fmt.Fprintf(w, "verdict: %s\n", c.Headline())
		writeRegressions(w, c, false)
		for _, line := range method(c) {
			fmt.Fprintln(w, line)
		}
		for _, warn := range c.Warnings {
			fmt.Fprintf(w, "warning: %s\n", warn)
		}
	}
	for i := range c.Series {
		sc := &c.Series[i]
		if md {
			fmt.Fprintf(w, "#### %s\n\n", esc(sc.Title))
		} else {
			fmt.Fprintf(w, "\n%s\n", sc.Title)
		}
		if len(sc.Shape) > 0 {
			if err := writeCompareTable(w, shapeHeader, shapeRows(sc, md), md, true); err != nil {
				return err
			}
			if md {
				fmt.Fprintln(w)
			}
		}
		if err := writeCompareTable(w, pointHeader(c), pointRows(sc, md), md, false); err != nil {
			return err
		}
		if md && len(sc.Warnings) > 0 {
			fmt.Fprintln(w)
		}
		for _, warn := range sc.Warnings {
			if md {
				fmt.Fprintf(w, "- warning: %s\n", esc(warn))
			} else {
				fmt.Fprintf(w, "  warning: %s\n", warn)
			}
		}
		if md {
			fmt.Fprintln(w)
		}
	}
	writeUnmatched(w, c, md)
	writeVerdict(w, c, md)
	return w.err
}

// writeUnmatched lists the series found on one side only.
func writeUnmatched(w io.Writer, c *analysis.Comparison, md bool) {
	for _, side := range []struct {
		what string
		list []string
	}{{"only in base", c.OnlyBase}, {"only in new", c.OnlyNew}} {
		if len(side.list) == 0 {
			continue
		}
		if md {
			escaped := make([]string, len(side.list))
			for i, t := range side.list {
				escaped[i] = mdEscape(t)
			}
			fmt.Fprintf(w, "**%s** (not compared): %s\n\n", side.what, strings.Join(escaped, "; "))
		} else {
			fmt.Fprintf(w, "\n%s (not compared): %s\n", side.what, strings.Join(side.list, "; "))
		}
	}
}

// writeRegressions lists every regression under the headline.
func writeRegressions(w io.Writer, c *analysis.Comparison, md bool) {
	regs := regressions(c)
	if !md {
		for _, r := range regs {
			fmt.Fprintf(w, "  %s\n", r)
		}
		return
	}
	if len(regs) > 0 {
		fmt.Fprint(w, "**Regressions:**\n\n")
		for _, r := range regs {
			fmt.Fprintf(w, "- %s\n", mdEscape(r))
		}
		fmt.Fprintln(w)
	}
}

// writeVerdict ends the text: the method in small print (Markdown), or
// the headline again for the last line of a terminal.
func writeVerdict(w io.Writer, c *analysis.Comparison, md bool) {
	if md {
		for _, line := range method(c) {
			fmt.Fprintf(w, "<sub>%s</sub><br>\n", mdEscape(line))
		}
		return
	}
	fmt.Fprintf(w, "\nverdict: %s\n", c.Headline())
}

// writeCompareTable renders rows as a terminal or Markdown table,
// aligned right but for a first column of labels (leftFirst).
func writeCompareTable(w io.Writer, header []string, rows [][]string, md, leftFirst bool) error {
	align := tw.CellAlignment{Global: tw.AlignRight}
	if leftFirst {
		align.PerColumn = []tw.Align{tw.AlignLeft}
	}
	opts := []tablewriter.Option{tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowAlignmentConfig(align)}
	if md {
		opts = append(opts, tablewriter.WithRenderer(renderer.NewMarkdown()))
	}
	t := tablewriter.NewTable(w, opts...)
	t.Header(header)
	for _, r := range rows {
		if err := t.Append(r); err != nil {
			return err
		}
	}
	return t.Render()
}

var shapeHeader = []string{"shape", "base (95% CI)", "new (95% CI)", "change", "verdict"}

func pointHeader(c *analysis.Comparison) []string {
	return []string{
		"workers",
		"base",
		"new",
		"vs base",
		fmt.Sprintf("%.0f%% CI", 100*(1-c.Thresholds.Alpha)),
		"p",
		"verdict",
	}
}

// verdictText shows a verdict; regressions stand out.
func verdictText(v analysis.Decision, md bool) string {
	switch {
	case v != analysis.Regression:
		return string(v)
	case md:
		return "**regression**"
	}
	return "REGRESSION"
}

func pointRows(sc *analysis.SeriesComparison, md bool) [][]string {
	var rows [][]string
	for _, p := range sc.Points {
		w := strconv.Itoa(p.Workers)
		if p.Oversubscribed {
			w += "*"
			if md {
				w = mdEscape(w)
			}
		}
		delta := pct(p.Ratio.Value)
		if p.Verdict == analysis.Same {
			delta += " ~"
		}
		rows = append(rows, []string{w, Seconds(float64(p.Base.Value)), Seconds(float64(p.New.Value)), delta,
			pctInterval(
				p.Ratio,
			), fmt.Sprintf("p=%.3f n=%d+%d", float64(p.P), p.Base.N, p.New.N), verdictText(p.Verdict, md)})
	}
	return rows
}

func shapeRows(sc *analysis.SeriesComparison, md bool) [][]string {
	var rows [][]string
	for _, s := range sc.Shape {
		verdict := verdictText(s.Verdict, md)
		if !isFinite(float64(s.Threshold)) && s.Verdict != analysis.Same {
			verdict += " (no gate)"
		}
		rows = append(rows, []string{s.Label, shapeEstimate(s.Metric, s.Base), shapeEstimate(s.Metric, s.New),
			shapeDelta(s.Metric, s.Change), verdict})
	}
	return rows
}

// pct shows a ratio as a signed percentage change: 1.231 → +23.1%.
func pct(r analysis.Float) string {
	if !isFinite(float64(r)) {
		return "–"
	}
	return fmt.Sprintf("%+.1f%%", 100*(float64(r)-1))
}

// pctInterval shows the interval of a ratio as percentage changes.
func pctInterval(e analysis.Estimate) string {
	if !e.HasInterval() {
		return "–"
	}
	return pct(e.Lo) + " to " + pct(e.Hi)
}

// shapeFormat is the format of a shape metric's values.
func shapeFormat(metric string) string {
	switch metric {
	case "amdahl_f", "gustafson_alpha":
		return "%.4f"
	case "efficiency":
		return "%.3f"
	}
	return "%.3g"
}

func shapeValue(metric string, v analysis.Float) string {
	if !isFinite(float64(v)) {
		if metric == "usl_peak_n" {
			return "none"
		}
		return "–"
	}
	return fmt.Sprintf(shapeFormat(metric), float64(v))
}

func shapeEstimate(metric string, e analysis.Estimate) string {
	s := shapeValue(metric, e.Value)
	if e.HasInterval() {
		s += " (" + analysis.Interval(float64(e.Lo), float64(e.Hi), shapeFormat(metric)) + ")"
	}
	return s
}

func shapeDelta(metric string, d analysis.Float) string {
	if !isFinite(float64(d)) {
		return "–"
	}
	return fmt.Sprintf(strings.Replace(shapeFormat(metric), "%", "%+", 1), float64(d))
}

// compareCSVHeader are the columns of the CSV: one row per point (kind
// point, metric time_s, change the ratio new/base) and per shape metric
// (kind shape, change new − base).
var compareCSVHeader = []string{
	"series",
	"workload",
	"mode",
	"executor",
	"schedule",
	"params",
	"kind",
	"metric",
	"workers",
	"oversubscribed",
	"base",
	"base_lo",
	"base_hi",
	"base_n",
	"new",
	"new_lo",
	"new_hi",
	"new_n",
	"change",
	"change_lo",
	"change_hi",
	"p",
	"verdict",
}

func writeCompareCSV(w io.Writer, c *analysis.Comparison) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(compareCSVHeader); err != nil {
		return err
	}
	f := func(x analysis.Float) string {
		if !isFinite(float64(x)) {
			return ""
		}
		return strconv.FormatFloat(float64(x), 'g', 6, 64)
	}
	for _, sc := range c.Series {
		params := make([]string, 0, len(sc.Params))
		for k, v := range sc.Params {
			params = append(params, k+"="+v)
		}
		sort.Strings(params)
		id := []string{sc.Title, sc.Workload, string(sc.Mode), sc.Executor, sc.Schedule, strings.Join(params, ";")}
		metric := "time_s"
		if sc.Metric == results.MetricThroughput {
			metric = "time_per_unit_s"
		}
		for _, p := range sc.Points {
			rec := append(
				append([]string{}, id...),
				"point",
				metric,
				strconv.Itoa(p.Workers),
				strconv.FormatBool(p.Oversubscribed),
				f(
					p.Base.Value,
				),
				f(p.Base.Lo),
				f(p.Base.Hi),
				strconv.Itoa(p.Base.N),
				f(p.New.Value),
				f(p.New.Lo),
				f(p.New.Hi),
				strconv.Itoa(p.New.N),
				f(p.Ratio.Value),
				f(p.Ratio.Lo),
				f(p.Ratio.Hi),
				f(p.P),
				string(p.Verdict),
			)
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		for _, s := range sc.Shape {
			workers := ""
			if s.Workers > 0 {
				workers = strconv.Itoa(s.Workers)
			}
			rec := append(append([]string{}, id...), "shape", s.Metric, workers, "",
				f(s.Base.Value), f(s.Base.Lo), f(s.Base.Hi), "", f(s.New.Value), f(s.New.Lo), f(s.New.Hi), "",
				f(s.Change), "", "", "", string(s.Verdict))
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
