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

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// SummaryOptions are the knobs of a summary.
type SummaryOptions struct {
	// CPUs is the logical CPU count of the measuring machine: points above
	// it are left out of the Amdahl fit. 0 takes it from the document.
	CPUs int
	// FitOversubscribed keeps the oversubscribed points in the fits.
	FitOversubscribed bool
	// Fit is passed to scaling.Analyze; nil means scaling.DefaultOptions.
	Fit *scaling.Options
}

// SeriesSummary is one series with its analysis: the model of every
// summary rendering.
type SeriesSummary struct {
	Title    string            `json:"title"`
	Workload string            `json:"workload"`
	Mode     string            `json:"mode"`
	Executor string            `json:"executor"`
	Schedule string            `json:"schedule"`
	Params   map[string]string `json:"params"`
	Unit     string            `json:"unit,omitempty"`
	Metric   string            `json:"metric"`
	Rows     []Row             `json:"rows"`
	Analysis *scaling.Analysis `json:"analysis"`
	Warnings []string          `json:"warnings"`
}

// Row is one point of a summary.
type Row struct {
	Workers        int     `json:"workers"`
	Oversubscribed bool    `json:"oversubscribed"`
	Verified       bool    `json:"verified"`
	Failed         bool    `json:"failed,omitempty"`
	Error          string  `json:"error,omitempty"`
	Note           string  `json:"note,omitempty"`
	PeakRSSBytes   int64   `json:"peak_rss_bytes,omitempty"`
	StartupS       float64 `json:"startup_s,omitempty"`
	BytesSent      int64   `json:"bytes_sent,omitempty"`
	BytesReceived  int64   `json:"bytes_received,omitempty"`
	// Point is the analysed point, nil when it has no valid samples.
	Point *scaling.PointResult `json:"point"`
}

// Input converts a series to the input of scaling.Analyze. Failed points
// and points without samples are left out.
func Input(s *results.Series) scaling.Input {
	in := scaling.Input{Mode: s.Mode, Throughput: s.Metric == "throughput"}
	if s.Serial != nil && !in.Throughput {
		in.Serial = s.Serial.SamplesS
		in.SerialSize = float64(s.Serial.Size)
	}
	for _, p := range s.Points {
		samples := p.SamplesS
		if in.Throughput {
			samples = p.Throughput
		}
		if p.Failed || len(samples) == 0 {
			continue
		}
		in.Points = append(in.Points, scaling.Point{Workers: p.Workers, Samples: samples,
			Oversubscribed: p.Oversubscribed, Size: float64(p.Size)})
	}
	return in
}

// Title names a series: its workload and what distinguishes it, with
// control characters cleaned out (safetext.Clean).
func Title(s *results.Series) string {
	parts := []string{s.Workload}
	if s.Mode != "" && s.Mode != "strong" {
		parts = append(parts, s.Mode)
	}
	if s.Executor != "" {
		parts = append(parts, s.Executor)
	}
	if s.Schedule != "" {
		sch := s.Schedule
		if s.Chunk > 1 {
			sch += fmt.Sprintf("(chunk %d)", s.Chunk)
		}
		parts = append(parts, sch)
	}
	keys := make([]string, 0, len(s.Params))
	for k := range s.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, k+"="+s.Params[k])
	}
	return safetext.Clean(strings.Join(parts, " · "))
}

// cleanParams returns params with every key and value cleaned.
func cleanParams(params map[string]string) map[string]string {
	if params == nil {
		return nil
	}
	out := make(map[string]string, len(params))
	for k, v := range params {
		out[safetext.Clean(k)] = safetext.Clean(v)
	}
	return out
}

// Summarize analyses every series of doc. Every text taken from doc
// (names, parameters, units, notes, errors) is cleaned of control
// characters, so that no rendering (terminal, Markdown, HTML, SVG) can
// carry them.
func Summarize(doc *results.Document, opt SummaryOptions) []SeriesSummary {
	fo := scaling.DefaultOptions
	if opt.Fit != nil {
		fo = *opt.Fit
	}
	fo.CPUs = opt.CPUs
	fo.FitOversubscribed = fo.FitOversubscribed || opt.FitOversubscribed
	if fo.CPUs == 0 {
		fo.CPUs = doc.Env.LogicalCPUs
	}
	analyses := analyzeAll(doc.Series, fo)
	out := make([]SeriesSummary, 0, len(doc.Series))
	for i := range doc.Series {
		s := &doc.Series[i]
		ss := SeriesSummary{Title: Title(s), Workload: safetext.Clean(s.Workload), Mode: safetext.Clean(s.Mode),
			Executor: safetext.Clean(s.Executor), Schedule: safetext.Clean(s.Schedule), Params: cleanParams(s.Params),
			Unit: safetext.Clean(s.Unit), Metric: safetext.Clean(s.Metric), Warnings: []string{}}
		if ss.Metric == "" {
			ss.Metric = "seconds"
		}
		a, err := analyses[i].a, analyses[i].err
		if err != nil {
			ss.Warnings = append(ss.Warnings, safetext.Clean(err.Error()))
		} else {
			ss.Analysis = &a
		}
		byWorkers := map[int]*scaling.PointResult{}
		if ss.Analysis != nil {
			for j := range a.Points {
				byWorkers[a.Points[j].Workers] = &ss.Analysis.Points[j]
			}
		}
		if w := idleWarning(s.Points); w != "" {
			ss.Warnings = append(ss.Warnings, w)
		}
		for _, ps := range pointsByWorkers(s.Points) {
			r, warning := mergedRow(ps, byWorkers[ps[0].Workers])
			ss.Rows = append(ss.Rows, r)
			if warning != "" {
				ss.Warnings = append(ss.Warnings, warning)
			}
		}
		out = append(out, ss)
	}
	return out
}

// idleWarning says at which points some workers had no task, or "".
func idleWarning(pts []results.Point) string {
	var idle []string
	for _, p := range pts {
		if p.Tasks > 0 && p.Tasks < p.Workers {
			idle = append(idle, fmt.Sprintf("P=%d (%d of %d workers had work)", p.Workers, p.Tasks, p.Workers))
		}
	}
	if len(idle) == 0 {
		return ""
	}
	return "more workers than tasks, the others idle: " + strings.Join(idle, ", ")
}

// WriteSummary renders the summary of doc in format: table, markdown, csv
// or json.
func WriteSummary(w io.Writer, doc *results.Document, format string, opt SummaryOptions) error {
	sums := Summarize(doc, opt)
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(sums)
	case "csv":
		return WriteSummaryCSV(w, sums)
	case "markdown":
		return writeSummaryTables(w, doc.Env.Warnings, sums, true)
	case "table", "":
		return writeSummaryTables(w, doc.Env.Warnings, sums, false)
	}
	return fmt.Errorf("unknown format %q (want table, markdown, csv, json)", format)
}

var summaryHeader = []string{"workers", "median", "min", "MAD", "speedup", "95% CI", "efficiency", "abs speedup", "throughput", "peak RSS", "verified"}

// costHeader are the extra columns of a series whose executor starts
// workers or passes messages.
var costHeader = []string{"startup", "sent/pass", "received/pass"}

// hasCosts reports whether any point of ss records message traffic.
func hasCosts(ss *SeriesSummary) bool {
	for _, r := range ss.Rows {
		if r.BytesSent > 0 || r.BytesReceived > 0 {
			return true
		}
	}
	return false
}

// header is the column list of a series' table.
func header(ss *SeriesSummary) []string {
	if !hasCosts(ss) {
		return summaryHeader
	}
	h := slices.Clone(summaryHeader[:len(summaryHeader)-1])
	return append(append(h, costHeader...), "verified")
}

// cells is one row of a series' table, matching header.
func cells(ss *SeriesSummary, r Row) []string {
	c := summaryCells(ss, r)
	if !hasCosts(ss) {
		return c
	}
	ver := c[len(c)-1]
	c = append(c[:len(c)-1], Seconds(r.StartupS), Bytes(r.BytesSent), Bytes(r.BytesReceived))
	return append(c, ver)
}

func summaryCells(ss *SeriesSummary, r Row) []string {
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
	if ss.Metric == "throughput" {
		val = func(x float64) string { return Num(x) }
	}
	abs := "–"
	if p.AbsSpeedup != nil {
		abs = fmt.Sprintf("%.2f", *p.AbsSpeedup)
	}
	return []string{w, val(p.Median), val(p.Summary.Min), val(p.Summary.MAD),
		fmt.Sprintf("%.2f", p.Speedup), Interval(p.SpeedupLo, p.SpeedupHi, "%.2f"),
		fmt.Sprintf("%.2f", p.Efficiency), abs, Rate(p.Throughput, ss.Unit), Bytes(r.PeakRSSBytes), ver}
}

// writeSummaryTables writes the run's warnings (machine and plan), then
// every series' table and footnotes.
func writeSummaryTables(out io.Writer, warnings []string, sums []SeriesSummary, markdown bool) error {
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
func writeSeriesTable(w io.Writer, ss *SeriesSummary, markdown bool) error {
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
// of points, the fitted models and the warnings.
func Footnotes(ss *SeriesSummary) []string {
	var out []string
	for _, r := range ss.Rows {
		if r.Oversubscribed {
			out = append(out, "* oversubscribed: more workers than logical CPUs")
			break
		}
	}
	for _, r := range ss.Rows {
		switch {
		case r.Failed:
			out = append(out, fmt.Sprintf("P=%d failed: %s", r.Workers, r.Error))
		case !r.Verified && r.Note != "":
			out = append(out, fmt.Sprintf("P=%d not verified: %s", r.Workers, r.Note))
		}
	}
	out = append(out, FitLines(ss.Analysis)...)
	for _, w := range ss.Warnings {
		out = append(out, "warning: "+w)
	}
	if ss.Analysis != nil {
		for _, w := range ss.Analysis.Warnings {
			out = append(out, "warning: "+w)
		}
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
		out = append(out, fmt.Sprintf("Amdahl: serial fraction f = %.4f (%s), R² = %.4f, S_max = 1/f = %s, %d points",
			f.F, ci(f.FLo, f.FHi), f.R2, smax, f.N))
	}
	if g := a.Gustafson; g != nil {
		out = append(out, fmt.Sprintf("Gustafson: serial fraction α = %.4f (%s), R² = %.4f, %d points",
			g.Alpha, ci(g.AlphaLo, g.AlphaHi), g.R2, g.N))
	}
	if u := a.USL; u != nil {
		peak := "no peak (" + u.NoPeak + ")"
		if u.HasPeak {
			peak = fmt.Sprintf("peak at N* = %.3g workers, X(N*) = %s", u.PeakN, Num(u.PeakX))
		}
		out = append(out, fmt.Sprintf("USL: σ = %s, κ = %s, λ = %s, R² = %.4f, %s",
			withSE(u.Sigma, u.SigmaSE, "%.4g"), withSE(u.Kappa, u.KappaSE, "%.4g"), lambdaSE(u.Lambda, u.LambdaSE), u.R2, peak))
	}
	if k := a.KarpFlatt; k != nil && k.Trend != "" {
		what := map[string]string{"flat": "serial work dominates", "rising": "overhead or contention grows with P", "falling": "the serial share shrinks with P (e.g. cache effects)"}[k.Trend]
		line := fmt.Sprintf("Karp–Flatt: e(P) is %s: %s", k.Trend, what)
		if slower(a) {
			line += "; e(P) > 1 means the parallel runs are slower than one worker"
		}
		out = append(out, line)
	}
	if a.Best != "" {
		out = append(out, fmt.Sprintf("best model: %s (%s)", a.Best, a.Reason))
	}
	return out
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
func WriteSummaryCSV(w io.Writer, sums []SeriesSummary) error {
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
			rec := []string{ss.Workload, ss.Mode, ss.Executor, ss.Schedule, strings.Join(params, ";"),
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
