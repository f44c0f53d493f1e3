package report

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/scalebench/scalebench/analysis"
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
// textbook curves when Options.Theory is set. Every slide's title states
// what it shows, never the plot's own title.
func (r *Report) Deck() (Deck, error) {
	var ferr error
	d := Deck{Title: Clip(r.Title, MaxTitleRunes), Subtitle: Clip(r.machineLine(), MaxLineRunes)}
	figure := func(i int, title string, lines ...string) Slide {
		f := &r.Figures[i]
		var svg bytes.Buffer
		if err := r.WriteFigure(&svg, i); err != nil && ferr == nil {
			ferr = err
		}
		return Slide{
			ID:     f.Name,
			Title:  Clip(title, MaxTitleRunes),
			Figure: svg.Bytes(),
			Alt:    f.Title,
			Lines:  clipLines(lines),
		}
	}
	if dist := r.Disturbed(); len(dist) > 0 {
		d.Slides = append(d.Slides, Slide{Title: Clip(fmt.Sprintf("Measured beside other work: %s disturbed",
			analysis.Plural(len(dist), "series")), MaxTitleRunes), Lines: clipLines(dist)})
	}
	single := r.Overview >= 0 && r.Figures[r.Overview].Group >= 0
	if r.Overview >= 0 && !single {
		d.Slides = append(d.Slides, figure(r.Overview, r.overviewFinding(), Caption(PlotOverview)))
	}
	for _, c := range r.Comparisons {
		d.Slides = append(d.Slides, compareSlide(c))
	}
	for g := range r.Groups {
		d.Slides = append(d.Slides, r.groupSlides(g, figure)...)
	}
	d.Slides = append(d.Slides, r.summarySlides()...)
	for i := range r.Figures {
		if f := &r.Figures[i]; f.Theory() {
			d.Slides = append(d.Slides, figure(i, theoryFindings[f.Kind], f.Caption, Caption(f.Kind)))
		}
	}
	return d, ferr
}

// theoryFindings are the titles of the slides of the textbook curves.
var theoryFindings = map[PlotKind]string{
	PlotAmdahl:    "A fixed problem: the serial fraction f caps the speedup at 1/f",
	PlotGustafson: "A problem that grows with P keeps scaling, at the slope 1 − α",
	PlotBothLaws:  "One serial fraction: a ceiling for a fixed problem, a slope for a growing one",
}

// clipLines keeps the first MaxSlideLines lines, each clipped, the last
// saying how many more there are.
func clipLines(lines []string) []string {
	if len(lines) > MaxSlideLines {
		more := len(lines) - MaxSlideLines + 1
		lines = append(lines[:MaxSlideLines-1:MaxSlideLines-1], fmt.Sprintf("and %d more: see the report", more))
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = Clip(l, MaxLineRunes)
	}
	return out
}

// overviewFinding says how many strong-scaling series scale almost
// perfectly, and how many could not be judged.
func (r *Report) overviewFinding() string {
	n, linear, unsure := 0, 0, 0
	for i := range r.Series {
		ss := &r.Series[i]
		if ss.Mode == results.ModeWeak {
			continue
		}
		n++
		switch ss.Verdict.Shape {
		case analysis.ShapeLinear:
			linear++
		case analysis.ShapeInconclusive, analysis.ShapeUnknown:
			unsure++
		}
	}
	out := fmt.Sprintf("%d of %d series scale almost perfectly", linear, n)
	if unsure > 0 {
		out += fmt.Sprintf("; %d could not be judged", unsure)
	}
	return out
}

// compareSlide is the slide of a comparison: its headline, and the
// regressions by name.
func compareSlide(c *analysis.Comparison) Slide {
	lines := regressions(c)
	if len(lines) == 0 {
		lines = []string{"base " + sideText(c.Base), "new " + sideText(c.New)}
	}
	title := "Compared with the baseline: " + c.Headline()
	if utf8.RuneCountInString(title) > MaxTitleRunes {
		// The headline's first words in the title, its reason first
		// under it.
		head, why, _ := strings.Cut(c.Headline(), ": ")
		title = "Compared with the baseline: " + head
		lines = append([]string{why}, lines...)
	}
	return Slide{Title: Clip(title, MaxTitleRunes), Lines: clipLines(lines)}
}

// seriesFinding is what a series' verdict says, as a slide's title: its
// name and the first clause of its sentence; rest is what the title
// leaves of the sentence.
func seriesFinding(name string, v *analysis.Verdict) (title, rest string) {
	if v.Shape == analysis.ShapeInconclusive {
		return name + ": inconclusive", v.Sentence
	}
	first, after, _ := strings.Cut(v.Sentence, "; ")
	if t := name + " " + first; utf8.RuneCountInString(t) <= MaxTitleRunes {
		return t, after
	}
	head, _, _ := strings.Cut(first, ": ")
	return name + " " + head, strings.TrimPrefix(strings.TrimPrefix(v.Sentence, head), ": ")
}

// groupFinding is the title of a group's slide: its series' finding, or
// with several which of them reaches the highest speedup.
func (r *Report) groupFinding(g int) string {
	gr := &r.Groups[g]
	if len(gr.Series) == 1 {
		title, _ := seriesFinding(gr.Title, &r.Series[gr.Series[0]].Verdict)
		return title
	}
	best, speed, at := -1, 0.0, 0
	for j, i := range gr.Series {
		for _, p := range r.points(i) {
			if p.Workers == r.Series[i].Verdict.Workers && p.Speedup > speed {
				best, speed, at = j, p.Speedup, p.Workers
			}
		}
	}
	if best < 0 {
		return fmt.Sprintf("%s: %d series compared", gr.Title, len(gr.Series))
	}
	return fmt.Sprintf("%s: %s goes furthest, %.2f× on %d workers", gr.Title, gr.Labels[best], speed, at)
}

// Warnings says in words what a reader of group g's plots must not miss:
// speedups above the ideal, and results of disturbed measurements.
func (r *Report) Warnings(g int) []string {
	var out []string
	gr := &r.Groups[g]
	for j, i := range gr.Series {
		ss := &r.Series[i]
		name := gr.Title
		if len(gr.Series) > 1 {
			name += " · " + gr.Labels[j]
		}
		if sl := ss.Superlinear(); len(sl) > 0 {
			out = append(out, fmt.Sprintf("Warning: %s is faster than the ideal at P = %s (superlinear): "+
				"a cache effect, or a measurement to doubt", name, joinInts(sl)))
		}
		if d := ss.Verdict.Disturbance; d != "" {
			out = append(out, fmt.Sprintf("Warning: other processes disturbed %s's measurement: %s", name, d))
		}
	}
	return out
}

// groupSlides are the slides of group g: its speedup with the verdicts,
// then the plots that say more.
func (r *Report) groupSlides(g int, figure func(int, string, ...string) Slide) []Slide {
	gr := &r.Groups[g]
	var lines []string
	rising, peak := false, ""
	for j, i := range gr.Series {
		ss := &r.Series[i]
		line := ss.Verdict.Sentence
		if len(gr.Series) > 1 {
			line = gr.Labels[j] + ": " + line
		} else {
			_, line = seriesFinding(gr.Title, &ss.Verdict) // the title says the rest
		}
		if line != "" {
			lines = append(lines, line)
		}
		if a := ss.Analysis; a != nil {
			rising = rising || (a.KarpFlatt != nil && a.KarpFlatt.Trend == "rising")
			if a.Best == "usl" && a.USL != nil && a.USL.HasPeak && peak == "" {
				peak = fmt.Sprintf("%s: throughput peaks near N* = %.3g workers, then falls", gr.Title, a.USL.PeakN)
			}
		}
	}
	if len(gr.Series) == 1 {
		if f := r.Series[gr.Series[0]].Verdict.Facts; len(f) > 0 {
			lines = append(lines, strings.Join(f[:min(len(f), 3)], " · "))
		}
	}
	lines = append(r.Warnings(g), lines...)
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
			out = append(out, figure(i, r.groupFinding(g), lines...))
		case f.Kind == PlotKarpFlatt && rising:
			out = append(
				out,
				figure(i, gr.Title+": e(P) rises with P, overhead grows with the workers", Caption(f.Kind)),
			)
		case f.Kind == PlotThroughput && peak != "":
			out = append(out, figure(i, peak, "the USL fits best: "+Caption(f.Kind)))
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
		title := "Summary: the verdict of every series"
		if len(rows) > MaxSlideRows {
			title = fmt.Sprintf("Summary (%d of %d): the verdict of every series", len(out)+1,
				(len(rows)+MaxSlideRows-1)/MaxSlideRows)
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
