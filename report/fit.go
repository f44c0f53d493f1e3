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

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// Fit analyses every series of doc, read from source (a file name).
func Fit(source string, doc *results.Document, opt SummaryOptions) []Series {
	sums := Summarize(doc, opt)
	for i := range sums {
		sums[i].Source = source
	}
	return sums
}

// fitRecord is a series in the shape of fit --json (DESIGN.md): its
// identity, the points and models of its analysis (null where they do not
// apply), every warning in one list, and the verdict.
type fitRecord struct {
	Source    string                    `json:"source"`
	Title     string                    `json:"title"`
	Workload  string                    `json:"workload"`
	Mode      results.Mode              `json:"mode"`
	Executor  string                    `json:"executor"`
	Schedule  string                    `json:"schedule"`
	Params    map[string]string         `json:"params"`
	Metric    results.Metric            `json:"metric"`
	Unit      string                    `json:"unit,omitempty"`
	Points    []scaling.PointResult     `json:"points"`
	Amdahl    *scaling.AmdahlFit        `json:"amdahl"`
	Gustafson *scaling.GustafsonFit     `json:"gustafson"`
	USL       *scaling.USLFit           `json:"usl"`
	KarpFlatt *scaling.KarpFlattSummary `json:"karp_flatt"`
	Best      string                    `json:"best_model"`
	Reason    string                    `json:"best_model_reason"`
	Warnings  []string                  `json:"warnings"`
	Verdict   Assessment                `json:"verdict"`
	// Prediction is present when the series recorded its task times.
	Prediction *analysis.Prediction `json:"prediction,omitempty"`
}

func newFitRecord(s *Series) fitRecord {
	f := fitRecord{Source: s.Source, Title: s.Title, Workload: s.Workload, Mode: s.Mode, Executor: s.Executor,
		Schedule: s.Schedule, Params: s.Params, Metric: s.Metric, Unit: s.Unit,
		Points: []scaling.PointResult{}, Warnings: s.AllWarnings(), Verdict: s.Verdict, Prediction: s.Prediction}
	if a := s.Analysis; a != nil {
		f.Points = a.Points
		f.Amdahl, f.Gustafson, f.USL, f.KarpFlatt = a.Amdahl, a.Gustafson, a.USL, a.KarpFlatt
		f.Best, f.Reason = a.Best, a.Reason
	}
	return f
}

// WriteFitJSON writes fits as an indented JSON array, one object per
// series, in the shape of fit --json.
func WriteFitJSON(w io.Writer, fits []Series) error {
	recs := make([]fitRecord, len(fits))
	for i := range fits {
		recs[i] = newFitRecord(&fits[i])
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(recs)
}

var fitHeader = []string{"workers", "median", "speedup", "95% CI", "efficiency", "e(P)"}

// WriteFitTable writes, per series, its title and source, a table of the
// points, and the fitted models and warnings as footnotes. One table is
// reset for every series, without the cache of stringer results that a
// tablewriter table allocates anew (some hundred kilobytes) when it is
// made or reset: for thousands of series that cache was most of the
// command's time and memory.
func WriteFitTable(w io.Writer, fits []Series) error {
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
		for _, r := range f.Rows {
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

func fitPointCells(f *Series, r Row) []string {
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
	if f.Throughput() {
		median = Rate(p.Median, f.Unit)
	}
	kf := "–"
	if p.KarpFlatt != nil {
		kf = fmt.Sprintf("%.4f", *p.KarpFlatt)
	}
	return []string{w, median, fmt.Sprintf("%.2f", p.Speedup), Interval(p.SpeedupLo, p.SpeedupHi, "%.2f"),
		fmt.Sprintf("%.2f", p.Efficiency), kf}
}

// fitFootnotes are the series' footnotes, with the reason no model was
// chosen before the warnings when none was.
func fitFootnotes(f *Series) []string {
	lines := Footnotes(f)
	if f.Analysis == nil || f.Analysis.Best != "" || f.Analysis.Reason == "" {
		return lines
	}
	i := 0
	for i < len(lines) && !strings.HasPrefix(lines[i], "warning: ") {
		i++
	}
	return slices.Insert(lines, i, "best model: none ("+f.Analysis.Reason+")")
}
