package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/scaling"
)

// WriteSummary renders the analysed series of a run in format: table,
// markdown, csv or json; the tables open with the run's warnings.
func WriteSummary(w io.Writer, warnings []string, sums []analysis.Series, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sums)
	case "csv":
		return WriteSummaryCSV(w, sums)
	case "markdown":
		return writeSummaryTables(w, warnings, sums, true)
	case "table", "":
		return writeSummaryTables(w, warnings, sums, false)
	}
	return fmt.Errorf("unknown format %q (want table, markdown, csv, json)", format)
}

var summaryHeader = []string{
	"workers",
	"median",
	"min",
	"MAD",
	"speedup",
	"95% CI",
	"efficiency",
	"abs speedup",
	"throughput",
	"peak RSS",
	"verified",
}

// costHeader are the extra columns of a series whose executor starts
// workers or passes messages.
var costHeader = []string{"startup", "sent/pass", "received/pass"}

// hasCosts reports whether any point of ss records message traffic.
func hasCosts(ss *analysis.Series) bool {
	for _, r := range ss.Rows {
		if r.BytesSent > 0 || r.BytesReceived > 0 {
			return true
		}
	}
	return false
}

// header is the column list of a series' table.
func header(ss *analysis.Series) []string {
	if !hasCosts(ss) {
		return summaryHeader
	}
	h := slices.Clone(summaryHeader[:len(summaryHeader)-1])
	return append(append(h, costHeader...), "verified")
}

// cells is one row of a series' table, matching header.
func cells(ss *analysis.Series, r analysis.Row) []string {
	c := summaryCells(ss, r)
	if !hasCosts(ss) {
		return c
	}
	ver := c[len(c)-1]
	c = append(c[:len(c)-1], Seconds(r.StartupS), Bytes(r.BytesSent), Bytes(r.BytesReceived))
	return append(c, ver)
}

func summaryCells(ss *analysis.Series, r analysis.Row) []string {
	w := strconv.Itoa(r.Workers)
	if r.Oversubscribed {
		w += "*"
	}
	ver := "yes"
	switch {
	case r.Failed:
		ver = "FAILED"
	case !r.Verified:
		ver = "NO"
	}
	p := r.Point
	if p == nil {
		return []string{w, "–", "–", "–", "–", "–", "–", "–", "–", Bytes(r.PeakRSSBytes), ver}
	}
	val := Seconds
	if ss.Throughput() {
		val = func(x float64) string { return Num(x) }
	}
	abs := "–"
	if p.AbsSpeedup != nil {
		abs = fmt.Sprintf("%.2f", *p.AbsSpeedup)
	}
	return []string{w, val(p.Median), val(p.Summary.Min), val(p.Summary.MAD),
		fmt.Sprintf("%.2f", p.Speedup), analysis.Interval(p.SpeedupLo, p.SpeedupHi, "%.2f"),
		fmt.Sprintf("%.2f", p.Efficiency), abs, Rate(p.Throughput, ss.Unit), Bytes(r.PeakRSSBytes), ver}
}

// writeSummaryTables writes the run's warnings (machine and plan), then
// every series' table and footnotes.
func writeSummaryTables(out io.Writer, warnings []string, sums []analysis.Series, markdown bool) error {
	w := &errWriter{w: out}
	for _, m := range warnings {
		if markdown {
			fmt.Fprintf(w, "> warning: %s\n\n", m)
		} else {
			fmt.Fprintf(w, "warning: %s\n", m)
		}
	}
	if len(warnings) > 0 && !markdown {
		fmt.Fprintln(w)
	}
	for i := range sums {
		ss := &sums[i]
		if i > 0 {
			fmt.Fprintln(w)
		}
		if markdown {
			fmt.Fprintf(w, "### %s\n\n", mdEscape(ss.Title))
		} else {
			fmt.Fprintln(w, ss.Title)
		}
		if err := writeSeriesTable(w, ss, markdown); err != nil {
			return err
		}
		if markdown {
			fmt.Fprintln(w)
		}
		for _, line := range Footnotes(ss) {
			if markdown {
				fmt.Fprintf(w, "- %s\n", mdEscape(line))
			} else {
				fmt.Fprintf(w, "  %s\n", line)
			}
		}
	}
	return w.err
}

// writeSeriesTable renders the rows of one series as a terminal or
// Markdown table.
func writeSeriesTable(w io.Writer, ss *analysis.Series, markdown bool) error {
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignment(tw.AlignRight),
	}
	if markdown {
		opts = append(opts, tablewriter.WithRenderer(renderer.NewMarkdown()))
	}
	t := tablewriter.NewTable(w, opts...)
	esc := func(row []string) []string { return row }
	if markdown {
		esc = mdEscapeAll
	}
	t.Header(esc(header(ss)))
	for _, r := range ss.Rows {
		if err := t.Append(esc(cells(ss, r))); err != nil {
			return err
		}
	}
	return t.Render()
}

// Footnotes are the lines under a series' table: oversubscription, notes
// of unverified points, the fitted models, the verdict and the warnings
// (a failed point is one of them).
func Footnotes(ss *analysis.Series) []string {
	var out []string
	for _, r := range ss.Rows {
		if r.Oversubscribed {
			out = append(out, "* oversubscribed: more workers than logical CPUs")
			break
		}
	}
	for _, r := range ss.Rows {
		if !r.Failed && !r.Verified && r.Note != "" {
			out = append(out, fmt.Sprintf("P=%d not verified: %s", r.Workers, r.Note))
		}
	}
	out = append(out, FitLines(ss.Analysis)...)
	if line := PredictionLine(ss); line != "" {
		out = append(out, line)
	}
	if line := PredictionCurveLine(ss); line != "" {
		out = append(out, line)
	}
	if ss.Verdict.Sentence != "" {
		out = append(out, "verdict: "+ss.Verdict.Sentence)
	}
	for _, w := range ss.AllWarnings() {
		out = append(out, "warning: "+w)
	}
	return out
}

// FitLines states the fitted models of a in words, one line each.
func FitLines(a *scaling.Analysis) []string {
	if a == nil {
		return nil
	}
	var out []string
	if f := a.Amdahl; f != nil {
		smax := "∞"
		if f.F > 0 {
			smax = fmt.Sprintf("%.3g", f.SMax)
		}
		out = append(out, fmt.Sprintf("Amdahl: serial fraction f = %.4f (%s), %s, ceiling 1/f = %s, fitted on %s",
			f.F, ci(f.FLo, f.FHi), r2Words(f.R2, f.N), smax, pointsWords(f.N, len(a.Points))))
	}
	if g := a.Gustafson; g != nil {
		out = append(out, fmt.Sprintf("Gustafson: serial fraction α = %.4f (%s), %s, fitted on %s",
			g.Alpha, ci(g.AlphaLo, g.AlphaHi), r2Words(g.R2, g.N), pointsWords(g.N, len(a.Points))))
	}
	if u := a.USL; u != nil {
		peak := "no peak (" + u.NoPeak + ")"
		if u.HasPeak {
			peak = fmt.Sprintf("peak at N* = %.3g workers, X(N*) = %s", u.PeakN, Num(u.PeakX))
		}
		out = append(out, fmt.Sprintf(
			"USL: σ = %s, κ = %s, λ = %s, R² = %.4f, %s",
			withSE(
				u.Sigma,
				u.SigmaSE,
				"%.4g",
			),
			withSE(u.Kappa, u.KappaSE, "%.4g"),
			lambdaSE(u.Lambda, u.LambdaSE),
			u.R2,
			peak,
		))
	}
	if k := a.KarpFlatt; k != nil && k.Trend != "" {
		what := map[string]string{"flat": "serial work dominates", "rising": "overhead or contention grows with P", "falling": "the serial share shrinks with P (e.g. cache effects)"}[k.Trend]
		line := fmt.Sprintf("Karp–Flatt: e(P) is %s: %s", k.Trend, what)
		if slower(a) {
			line += "; e(P) > 1 means the parallel runs are slower than one worker"
		}
		out = append(out, line)
	}
	switch {
	case a.Best != "":
		out = append(out, fmt.Sprintf("best model: %s (%s)", a.Best, a.Reason))
	case a.Reason != "":
		out = append(out, "best model: none ("+a.Reason+")")
	}
	return out
}

// r2Words is a fit's R² in words, or why it has none (r2Text).
func r2Words(r2 float64, n int) string {
	if n < 3 {
		return "exact through its points, so no R²"
	}
	return fmt.Sprintf("R² = %.4f", r2)
}

// pointsWords says on how many of the measured points a fit was made.
func pointsWords(n, measured int) string {
	if n == measured {
		return analysis.Plural(n, "point")
	}
	return fmt.Sprintf("%d of the %d points", n, measured)
}

// slower reports whether every Karp–Flatt value of a exceeds 1, which
// happens only when P workers take longer than one.
func slower(a *scaling.Analysis) bool {
	n := 0
	for _, p := range a.Points {
		if p.KarpFlatt == nil {
			continue
		}
		if *p.KarpFlatt <= 1 {
			return false
		}
		n++
	}
	return n > 0
}

// withSE formats a value with its standard error, leaving the error out
// when it is unknown (too few points).
func withSE(v, se float64, format string) string {
	if math.IsNaN(se) || math.IsInf(se, 0) {
		return fmt.Sprintf(format, v)
	}
	return fmt.Sprintf(format+" ± %.2g", v, se)
}

// lambdaSE formats λ, a throughput, with SI prefixes.
func lambdaSE(v, se float64) string {
	if math.IsNaN(se) || math.IsInf(se, 0) {
		return Num(v)
	}
	return Num(v) + " ± " + Num(se)
}

// WriteSummaryCSV writes one row per point of every series.
func WriteSummaryCSV(w io.Writer, sums []analysis.Series) error {
	cw := csv.NewWriter(w)
	head := []string{"workload", "mode", "executor", "schedule", "params", "workers", "oversubscribed",
		"median", "min", "mad", "speedup", "speedup_lo", "speedup_hi", "efficiency", "abs_speedup",
		"karp_flatt", "throughput", "unit", "verified", "peak_rss_bytes", "note"}
	if err := cw.Write(head); err != nil {
		return err
	}
	f := func(x float64) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	fp := func(x *float64) string {
		if x == nil {
			return ""
		}
		return f(*x)
	}
	for _, ss := range sums {
		params := make([]string, 0, len(ss.Params))
		for k, v := range ss.Params {
			params = append(params, k+"="+v)
		}
		sort.Strings(params)
		for _, r := range ss.Rows {
			rec := []string{ss.Workload, string(ss.Mode), ss.Executor, ss.Schedule, strings.Join(params, ";"),
				strconv.Itoa(r.Workers), strconv.FormatBool(r.Oversubscribed)}
			if p := r.Point; p != nil {
				rec = append(rec, f(p.Median), f(p.Summary.Min), f(p.Summary.MAD), f(p.Speedup), f(p.SpeedupLo),
					f(p.SpeedupHi), f(p.Efficiency), fp(p.AbsSpeedup), fp(p.KarpFlatt), f(p.Throughput))
			} else {
				rec = append(rec, "", "", "", "", "", "", "", "", "", "")
			}
			note := r.Note
			if r.Failed {
				note = r.Error
			}
			rec = append(rec, ss.Unit, strconv.FormatBool(r.Verified), strconv.FormatInt(r.PeakRSSBytes, 10), note)
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
