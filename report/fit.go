package report

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/safetext"
)

// WriteFitJSON writes fits as an indented JSON array, one object per
// series, in the shape of fit --json (analysis.Series.MarshalJSON).
func WriteFitJSON(w io.Writer, fits []analysis.Series) error {
	if fits == nil {
		fits = []analysis.Series{}
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
func WriteFitTable(w io.Writer, fits []analysis.Series) error {
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
		t.Header(withPredicted(f, fitHeader, "predicted S"))
		for _, r := range f.Rows {
			if err := t.Append(withPredicted(f, fitPointCells(f, r), predictedSpeedup(f, r.Workers))); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
		for _, line := range Footnotes(f) {
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

func fitPointCells(f *analysis.Series, r analysis.Row) []string {
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
	return []string{w, median, fmt.Sprintf("%.2f", p.Speedup), analysis.Interval(p.SpeedupLo, p.SpeedupHi, "%.2f"),
		fmt.Sprintf("%.2f", p.Efficiency), kf}
}
