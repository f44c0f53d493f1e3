package report

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/results"
)

// WriteSlides writes slides.html, the report as a talk (see Deck).
func (r *Report) WriteSlides(w io.Writer) error {
	d, err := r.Deck()
	if err != nil {
		return err
	}
	return WriteDeck(w, d)
}

// Deck lays the report out as a talk: a title slide with the machine in
// one line; the overview figure; per group its speedup plot with the
// verdict of each series, and its Karp–Flatt and throughput plots only
// where they show what the speedup does not (a rising e(P), a throughput
// peak); the comparisons with a baseline; a summary table; and the
// textbook curves when Options.Theory is set.
func (r *Report) Deck() (Deck, error) {
	var ferr error
	d := Deck{Title: Clip(r.Title, MaxLineRunes), Subtitle: Clip(r.machineLine(), MaxLineRunes)}
	figure := func(i int, lines ...string) Slide {
		f := &r.Figures[i]
		var svg bytes.Buffer
		if err := r.WriteFigure(&svg, i); err != nil && ferr == nil {
			ferr = err
		}
		return Slide{ID: f.Name, Title: Clip(f.Title, MaxLineRunes), Figure: svg.Bytes(), Alt: f.Title, Lines: lines}
	}
	if dist := r.Disturbed(); len(dist) > 0 {
		lines := make([]string, 0, min(len(dist), MaxSlideLines))
		for _, l := range dist[:min(len(dist), MaxSlideLines)] {
			lines = append(lines, Clip(l, MaxLineRunes))
		}
		d.Slides = append(d.Slides, Slide{Title: "Measured beside other work", Lines: lines})
	}
	single := r.Overview >= 0 && r.Figures[r.Overview].Group >= 0
	if r.Overview >= 0 && !single {
		d.Slides = append(d.Slides, figure(r.Overview))
	}
	for _, c := range r.Comparisons {
		d.Slides = append(d.Slides, Slide{Title: "Compared with the baseline",
			Lines: []string{Clip(c.Headline(), MaxLineRunes)}})
	}
	for g := range r.Groups {
		d.Slides = append(d.Slides, r.groupSlides(g, figure)...)
	}
	d.Slides = append(d.Slides, r.summarySlides()...)
	for i := range r.Figures {
		if r.Figures[i].Theory() {
			d.Slides = append(d.Slides, figure(i, Clip(r.Figures[i].Caption, MaxLineRunes)))
		}
	}
	return d, ferr
}

// groupSlides are the slides of group g: its speedup with the verdicts,
// then the plots that say more.
func (r *Report) groupSlides(g int, figure func(int, ...string) Slide) []Slide {
	gr := &r.Groups[g]
	var lines []string
	rising, peak := false, ""
	for j, i := range gr.Series {
		ss := &r.Series[i]
		line := ss.Verdict.Sentence
		if len(gr.Series) > 1 {
			line = gr.Labels[j] + ": " + line
		}
		lines = append(lines, Clip(line, MaxLineRunes))
		if a := ss.Analysis; a != nil {
			rising = rising || (a.KarpFlatt != nil && a.KarpFlatt.Trend == "rising")
			if a.Best == "usl" && a.USL != nil && a.USL.HasPeak && peak == "" {
				peak = fmt.Sprintf("throughput peaks near N* = %.3g workers, then falls: the USL fits best", a.USL.PeakN)
			}
		}
	}
	if len(lines) > MaxSlideLines {
		more := len(lines) - MaxSlideLines + 1
		lines = append(lines[:MaxSlideLines-1], fmt.Sprintf("and %d more series: see the summary", more))
	}
	main := PlotSpeedup
	if gr.Mode == results.ModeWeak {
		main = PlotScaledSpeedup
	}
	var out []Slide
	for i := range r.Figures {
		f := &r.Figures[i]
		switch {
		case f.Group != g:
		case f.Kind == main:
			out = append(out, figure(i, lines...))
		case f.Kind == PlotKarpFlatt && rising:
			out = append(out, figure(i, "e(P) rises with P: overhead or contention grows with the workers"))
		case f.Kind == PlotThroughput && peak != "":
			out = append(out, figure(i, peak))
		}
	}
	return out
}

// summaryHead are the columns of the summary slides.
var summaryHead = []string{"series", "P", "speedup", "efficiency", "f or α", "shape"}

// summarySlides are the verdicts of every series in a table, split into
// slides of MaxSlideRows rows.
func (r *Report) summarySlides() []Slide {
	var rows [][]string
	for i := range r.Series {
		ss := &r.Series[i]
		row := []string{Clip(ss.Title, MaxCellRunes), "–", "–", "–", "–", string(ss.Verdict.Shape)}
		if a := ss.Analysis; a != nil {
			for _, p := range a.Points {
				if p.Workers == ss.Verdict.Workers {
					row[1] = fmt.Sprint(p.Workers)
					row[2] = fmt.Sprintf("%.2f", p.Speedup)
					row[3] = fmt.Sprintf("%.2f", p.Efficiency)
				}
			}
			switch {
			case a.Amdahl != nil:
				row[4] = fmt.Sprintf("f = %.3f", a.Amdahl.F)
			case a.Gustafson != nil:
				row[4] = fmt.Sprintf("α = %.3f", a.Gustafson.Alpha)
			}
		}
		rows = append(rows, row)
	}
	var out []Slide
	for chunk := range slices.Chunk(rows, MaxSlideRows) {
		title := "Summary"
		if len(rows) > MaxSlideRows {
			title = fmt.Sprintf("Summary (%d of %d)", len(out)+1, (len(rows)+MaxSlideRows-1)/MaxSlideRows)
		}
		out = append(out, Slide{ID: fmt.Sprintf("summary-%d", len(out)+1), Title: title,
			Table: &SlideTable{Header: summaryHead, Rows: chunk}})
	}
	return out
}

// machineLine names the machines of the sources in one line: CPU model,
// logical CPUs, OS and architecture, Go and the date.
func (r *Report) machineLine() string {
	var out []string
	for _, src := range r.Sources {
		e := src.Doc.Env
		var parts []string
		if e.CPUModel != "" {
			parts = append(parts, e.CPUModel)
		}
		if e.LogicalCPUs > 0 {
			parts = append(parts, fmt.Sprintf("%d logical CPUs", e.LogicalCPUs))
		}
		if e.OS != "" {
			parts = append(parts, e.OS+"/"+e.Arch)
		}
		if e.GoVersion != "" {
			parts = append(parts, e.GoVersion)
		}
		if !e.Started.IsZero() {
			parts = append(parts, e.Started.UTC().Format("2006-01-02"))
		}
		if line := safetext.Clean(strings.Join(parts, " · ")); line != "" && !slices.Contains(out, line) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "; ")
}

// Clip shortens s to at most n characters, ending it with "…" when cut.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
