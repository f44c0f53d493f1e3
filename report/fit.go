package report

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// FitResult is one series as `scalebench fit` shows it: where it came
// from, what it is, its points and the models fitted to them.
type FitResult struct {
	Source    string                    `json:"source"`
	Title     string                    `json:"title"`
	Workload  string                    `json:"workload"`
	Mode      string                    `json:"mode"`
	Executor  string                    `json:"executor"`
	Schedule  string                    `json:"schedule"`
	Params    map[string]string         `json:"params"`
	Metric    string                    `json:"metric"`
	Unit      string                    `json:"unit,omitempty"`
	Points    []scaling.PointResult     `json:"points"`
	Amdahl    *scaling.AmdahlFit        `json:"amdahl"`
	Gustafson *scaling.GustafsonFit     `json:"gustafson"`
	USL       *scaling.USLFit           `json:"usl"`
	KarpFlatt *scaling.KarpFlattSummary `json:"karp_flatt"`
	Best      string                    `json:"best_model"`
	Reason    string                    `json:"best_model_reason"`
	// Warnings are the problems of the data: points left out, failed
	// points, and the warnings of the analysis. Never nil.
	Warnings []string `json:"warnings"`

	summary SeriesSummary
}

// Fit analyses every series of doc, read from source (a file name).
func Fit(source string, doc *results.Document, opt SummaryOptions) []FitResult {
	sums := Summarize(doc, opt)
	out := make([]FitResult, 0, len(sums))
	for _, ss := range sums {
		f := FitResult{Source: source, Title: ss.Title, Workload: ss.Workload, Mode: ss.Mode, Executor: ss.Executor,
			Schedule: ss.Schedule, Params: ss.Params, Metric: ss.Metric, Unit: ss.Unit,
			Points: []scaling.PointResult{}, Warnings: []string{}, summary: ss}
		if f.Params == nil {
			f.Params = map[string]string{}
		}
		for _, r := range ss.Rows {
			if r.Failed {
				f.Warnings = append(f.Warnings, fmt.Sprintf("P=%d failed and is left out: %s", r.Workers, r.Error))
			}
		}
		f.Warnings = append(f.Warnings, ss.Warnings...)
		if a := ss.Analysis; a != nil {
			f.Points = a.Points
			f.Amdahl, f.Gustafson, f.USL, f.KarpFlatt = a.Amdahl, a.Gustafson, a.USL, a.KarpFlatt
			f.Best, f.Reason = a.Best, a.Reason
			f.Warnings = append(f.Warnings, a.Warnings...)
		}
		out = append(out, f)
	}
	return out
}

// WriteFitJSON writes fits as an indented JSON array, one object per
// series.
func WriteFitJSON(w io.Writer, fits []FitResult) error {
	if fits == nil {
		fits = []FitResult{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(fits)
}

var fitHeader = []string{"workers", "median", "speedup", "95% CI", "efficiency", "e(P)"}

// WriteFitTable writes, per series, its title and source, a table of the
// points, and the fitted models and warnings as footnotes. One table is
// reset for every series, without the cache of stringer results that a
// tablewriter table allocates anew (some hundred kilobytes) when it is
// made or reset: for thousands of series that cache was most of the
// command's time and memory.
func WriteFitTable(w io.Writer, fits []FitResult) error {
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignment(tw.AlignRight),
		tablewriter.WithStringerCacheCustom(noCache{}))
	for i := range fits {
		f := &fits[i]
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
		}
		title := f.Title
		if f.Source != "" {
			title += "  (" + safetext.Clean(f.Source) + ")"
		}
		if _, err := fmt.Fprintln(w, title); err != nil {
			return err
		}
		t.Reset()
		t.Header(fitHeader)
		for _, r := range f.summary.Rows {
			if err := t.Append(fitPointCells(f, r)); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
		for _, line := range fitFootnotes(f) {
			if _, err := fmt.Fprintf(w, "  %s\n", line); err != nil {
				return err
			}
		}
	}
	return nil
}

// noCache is a tablewriter stringer cache that keeps nothing: the cells
// are strings already.
type noCache struct{}

func (noCache) Add(reflect.Type, reflect.Value) bool        { return false }
func (noCache) Get(reflect.Type) (v reflect.Value, ok bool) { return v, false }
func (noCache) Purge()                                      {}

func fitPointCells(f *FitResult, r Row) []string {
	w := strconv.Itoa(r.Workers)
	if r.Oversubscribed {
		w += "*"
	}
	p := r.Point
	switch {
	case r.Failed:
		return []string{w, "failed", "–", "–", "–", "–"}
	case p == nil:
		return []string{w, "–", "–", "–", "–", "–"}
	}
	median := Seconds(p.Median)
	if f.Metric == "throughput" {
		median = Rate(p.Median, f.Unit)
	}
	kf := "–"
	if p.KarpFlatt != nil {
		kf = fmt.Sprintf("%.4f", *p.KarpFlatt)
	}
	return []string{w, median, fmt.Sprintf("%.2f", p.Speedup), Interval(p.SpeedupLo, p.SpeedupHi, "%.2f"),
		fmt.Sprintf("%.2f", p.Efficiency), kf}
}

// fitFootnotes are the summary's footnotes, with the reason no model was
// chosen before the warnings when none was.
func fitFootnotes(f *FitResult) []string {
	lines := Footnotes(&f.summary)
	if f.Best != "" || f.Reason == "" {
		return lines
	}
	i := 0
	for i < len(lines) && !strings.HasPrefix(lines[i], "warning: ") {
		i++
	}
	return slices.Insert(lines, i, "best model: none ("+f.Reason+")")
}
