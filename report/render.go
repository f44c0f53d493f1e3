package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/report/chart"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// WriteFigure writes figure i as an SVG document. A report of one page
// draws every figure once, for the page and the files alike; a paged one
// draws the figure when it is written, so that its figures are never all
// in memory. It may be called from several goroutines at once.
func (r *Report) WriteFigure(w io.Writer, i int) error {
	if r.Paged() {
		return r.Figures[i].Chart().WriteSVG(w)
	}
	svgs, err := r.svgs()
	if err != nil {
		return err
	}
	_, err = w.Write(svgs[i])
	return err
}

// fitsHeader are the columns of the fits table, as CSV names them.
var fitsHeader = []string{"series", "points", "Amdahl f (95% CI)", "S_max", "R²", "Gustafson α (95% CI)",
	"USL σ", "USL κ", "USL λ", "peak N*", "Karp–Flatt", "best model", "warnings"}

// fitsShown are the columns of the fits table as a page or a terminal
// shows them: the points measured and, in brackets, fitted; Amdahl's
// ceiling in words.
var fitsShown = []string{"series", "points (fitted)", "Amdahl f (95% CI)", "ceiling 1/f", "R²",
	"Gustafson α (95% CI)", "USL σ", "USL κ", "USL λ", "peak N*", "Karp–Flatt", "best model", "warnings"}

// r2Text is a fit's R², or "—" when the fit of one parameter went
// through n < 3 points: the point at P = 1 is 1 whatever the parameter,
// so the line meets the one other point exactly and R² says nothing.
func r2Text(r2 float64, n int) string {
	if n < 3 {
		return "—"
	}
	return fmt.Sprintf("%.4f", r2)
}

// fittedPoints is the number of points a's Amdahl or Gustafson fit used,
// or -1 without either.
func fittedPoints(a *scaling.Analysis) int {
	switch {
	case a.Amdahl != nil:
		return a.Amdahl.N
	case a.Gustafson != nil:
		return a.Gustafson.N
	}
	return -1
}

// shownFits drops the columns of header and rows that are empty in every
// row: the models that apply to none of the series.
func shownFits(header []string, rows [][]string) ([]string, [][]string) {
	var keep []int
	for c := range header {
		for _, row := range rows {
			if c == 0 || row[c] != "" {
				keep = append(keep, c)
				break
			}
		}
	}
	pick := func(row []string) []string {
		out := make([]string, len(keep))
		for i, c := range keep {
			out[i] = row[c]
		}
		return out
	}
	out := make([][]string, len(rows))
	for i, row := range rows {
		out[i] = pick(row)
	}
	return pick(header), out
}

// smaxText is Amdahl's ceiling 1/f for the tables.
func smaxText(f float64) string {
	if f == 0 {
		return "∞"
	}
	return chart.FmtFrac(1 / f)
}

// fitCells is one row of the fits table; empty where a model does not
// apply. shown adds, for a page or a terminal, the number of fitted
// points to the measured ones.
func fitCells(ss *analysis.Series, shown bool) []string {
	row := []string{ss.Title, "0", "", "", "", "", "", "", "", "", "", "", ""}
	a := ss.Analysis
	nwarn := len(ss.AllWarnings())
	if a != nil {
		row[1] = strconv.Itoa(len(a.Points))
		if n := fittedPoints(a); shown && n >= 0 && n != len(a.Points) {
			row[1] += " (" + strconv.Itoa(n) + ")"
		}
		if f := a.Amdahl; f != nil {
			row[2] = fmt.Sprintf("%.4f (%s)", f.F, analysis.Interval(f.FLo, f.FHi, "%.4f"))
			row[3] = smaxText(f.F)
			row[4] = r2Text(f.R2, f.N)
		}
		// Amdahl applies to strong scaling and Gustafson to weak, never
		// both, so they share the R² column.
		if g := a.Gustafson; g != nil {
			row[5] = fmt.Sprintf("%.4f (%s)", g.Alpha, analysis.Interval(g.AlphaLo, g.AlphaHi, "%.4f"))
			row[4] = r2Text(g.R2, g.N)
		}
		if u := a.USL; u != nil {
			row[6] = withSE(u.Sigma, u.SigmaSE, "%.4g")
			row[7] = withSE(u.Kappa, u.KappaSE, "%.4g")
			row[8] = Num(u.Lambda)
			row[9] = "none"
			if u.HasPeak {
				row[9] = fmt.Sprintf("%.3g", u.PeakN)
			}
		}
		if k := a.KarpFlatt; k != nil {
			row[10] = k.Trend
		}
		row[11] = a.Best
	}
	row[12] = strconv.Itoa(nwarn)
	return row
}

// WriteFits writes the fitted parameters of every series as a table in
// format table, markdown or csv, with the warnings as footnotes (table
// and markdown) or a column (csv).
func (r *Report) WriteFits(w io.Writer, format string) error {
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(fitsHeader); err != nil {
			return err
		}
		for i := range r.Series {
			row := fitCells(&r.Series[i], false)
			row[len(row)-1] = strings.Join(r.Series[i].AllWarnings(), "; ")
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case "markdown", "table", "":
	default:
		return fmt.Errorf("unknown format %q (want table, markdown, csv)", format)
	}
	md := format == "markdown"
	opts := []tablewriter.Option{tablewriter.WithHeaderAutoFormat(tw.Off)}
	if md {
		opts = append(opts, tablewriter.WithRenderer(renderer.NewMarkdown()))
	}
	t := tablewriter.NewTable(w, opts...)
	rows := make([][]string, len(r.Series))
	for i := range r.Series {
		row := fitCells(&r.Series[i], true)
		rows[i] = row[:len(row)-1]
	}
	header, rows := shownFits(fitsShown[:len(fitsShown)-1], rows)
	t.Header(header)
	for _, row := range rows {
		if md {
			row = mdEscapeAll(row)
		}
		if err := t.Append(row); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	ew := &errWriter{w: w}
	n := 0
	for i := range r.Series {
		for _, line := range r.Series[i].AllWarnings() {
			if n == 0 && md {
				fmt.Fprintln(ew)
			}
			n++
			title := r.Series[i].Title
			if md {
				fmt.Fprintf(ew, "- %s: %s\n", mdEscape(title), mdEscape(line))
			} else {
				fmt.Fprintf(ew, "  %s: %s\n", title, line)
			}
		}
	}
	return ew.err
}

// mdEscape makes text from the input inert in Markdown and keeps it on
// one line: HTML tags, emphasis, strike-through and table pipes are
// escaped, control characters cleaned (safetext.Clean).
func mdEscape(s string) string { return mdText(s, true) }

// mdEscapeAll escapes every cell of a Markdown table row as mdEscape
// does, except that *, _ and ~ are left alone: in the tables of numbers
// that use it, an oversubscribed count reads 8*.
func mdEscapeAll(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = mdText(c, false)
	}
	return out
}

func mdText(s string, emphasis bool) string {
	var b strings.Builder
	for _, c := range safetext.Clean(s) {
		switch c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '*', '_', '~':
			if emphasis {
				b.WriteByte('\\')
			}
			b.WriteRune(c)
		case '\\', '`', '[', ']', '|', '#':
			b.WriteByte('\\')
			b.WriteRune(c)
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// WriteMarkdown writes report.md in the order of the page: the verdict
// of every series, the comparisons, the overview figure, per group its
// figures (images named imgDir/NAME.svg; imgDir may be empty for the same
// directory) and tables, the fitted models, the theory and the machine.
func (r *Report) WriteMarkdown(w io.Writer, imgDir string) error {
	bw := &errWriter{w: w}
	img := func(f *Figure) {
		src := f.Name + ".svg"
		if imgDir != "" {
			src = strings.TrimSuffix(imgDir, "/") + "/" + src
		}
		fmt.Fprintf(bw, "![%s](%s)\n\n*%s.* %s\n\n", mdEscape(f.Title), src, mdEscape(f.Title), mdEscape(f.Explain()))
	}
	fmt.Fprintf(bw, "# %s\n\n", mdEscape(r.Title))
	if d := r.Disturbed(); len(d) > 0 {
		fmt.Fprint(bw, "> **Measured beside other work.** Other processes took CPUs the measurements needed; "+
			"the passes they disturbed were left out and measured again:\n>\n")
		for _, line := range d {
			fmt.Fprintf(bw, "> - %s\n", mdEscape(line))
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprint(bw, "## Verdict\n\n")
	for i := range r.Series {
		v := &r.Series[i].Verdict
		fmt.Fprintf(bw, "- **%s**: %s", mdEscape(r.Series[i].Title), mdEscape(v.Sentence))
		if len(v.Facts) > 0 {
			fmt.Fprintf(bw, "  \n  %s", mdEscape(strings.Join(v.Facts, " · ")))
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintln(bw)
	if err := r.writeComparisonsMarkdown(bw); err != nil {
		return err
	}
	if r.Overview >= 0 {
		fmt.Fprint(bw, "## Overview\n\n")
		img(&r.Figures[r.Overview])
	}
	for g := range r.Groups {
		if err := r.writeGroupMarkdown(bw, g, img); err != nil {
			return err
		}
	}
	fmt.Fprint(bw, "## Fitted models\n\n")
	if err := r.WriteFits(bw, "markdown"); err != nil {
		return err
	}
	fmt.Fprintln(bw)
	for i := range r.Figures {
		if r.Figures[i].Theory() {
			img(&r.Figures[i])
		}
	}
	r.writeMachineMarkdown(bw)
	return bw.err
}

// writeGroupMarkdown writes the section of group g: its figures, then
// every series' table and footnotes.
func (r *Report) writeGroupMarkdown(w io.Writer, g int, img func(*Figure)) error {
	gr := &r.Groups[g]
	fmt.Fprintf(w, "## %s\n\n", mdEscape(gr.Title))
	for i := range r.Figures {
		if r.Figures[i].Group == g && i != r.Overview {
			img(&r.Figures[i])
		}
	}
	for _, i := range gr.Series {
		ss := &r.Series[i]
		fmt.Fprintf(w, "### %s\n\n", mdEscape(ss.Title))
		if err := writeSeriesTable(w, ss, true); err != nil {
			return err
		}
		fmt.Fprintln(w)
		for _, line := range Footnotes(ss) {
			fmt.Fprintf(w, "- %s\n", mdEscape(line))
		}
		fmt.Fprintln(w)
	}
	return nil
}

// writeMachineMarkdown writes the machine and command of every source,
// one column per file; a value every file shares is written once.
func (r *Report) writeMachineMarkdown(w io.Writer) {
	t := r.machineTable()
	fmt.Fprint(w, "## Machine and command\n\n|  |")
	for _, f := range t.Files {
		fmt.Fprintf(w, " %s |", mdEscape(f))
	}
	fmt.Fprint(w, "\n|---|")
	for range t.Files {
		fmt.Fprint(w, "---|")
	}
	fmt.Fprintln(w)
	for _, row := range t.Rows {
		fmt.Fprintf(w, "| **%s** |", row.Field)
		for _, c := range row.Cells {
			fmt.Fprintf(w, " %s |", mdEscape(c.Text)) // text of the run, not Markdown
			for range c.Span - 1 {
				fmt.Fprint(w, " 〃 |")
			}
		}
		fmt.Fprintln(w)
	}
}

// envRows are the lines of a source's environment block.
func envRows(src *analysis.Source) [][2]string {
	e := src.Doc.Env
	started := ""
	if !e.Started.IsZero() {
		started = e.Started.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	rows := [][2]string{
		{"command", e.Command},
		{"host", e.Hostname},
		{"CPU", e.CPUModel},
		{"logical CPUs", cpusText(e)},
		{"Go", e.GoVersion},
		{"OS/arch", e.OS + "/" + e.Arch},
		{"commit", e.Commit},
		{"started", started},
	}
	if e.Version != "" {
		rows = append(rows, [2]string{"scalebench", e.Version})
	}
	for _, w := range e.Warnings {
		rows = append(rows, [2]string{"warning", w})
	}
	if src.Doc.Interrupted {
		rows = append(rows, [2]string{"status", "interrupted: not every point was measured"})
	}
	if src.Doc.Failed {
		rows = append(rows, [2]string{"status", "FAILED: some points failed verification or could not be measured"})
	}
	out := rows[:0]
	for _, kv := range rows {
		if kv[1] != "" && kv[1] != "/" {
			out = append(out, [2]string{kv[0], safetext.Clean(kv[1])})
		}
	}
	return out
}

// cpusText is the planned CPU count, with what limits the real one when
// it was recorded: "8 (of 16 online; quota 8; load 0.1)".
func cpusText(e results.Env) string {
	s := strconv.Itoa(e.LogicalCPUs)
	c := e.CPUs
	if c == nil {
		return s
	}
	var parts []string
	if c.Override {
		parts = append(parts, fmt.Sprintf("--cpus; %d usable", c.Usable))
	}
	parts = append(parts, fmt.Sprintf("%d online, %d in the affinity mask", c.Online, c.Affinity))
	if c.Quota > 0 {
		parts = append(parts, fmt.Sprintf("quota %.3g", c.Quota))
	}
	if c.ThreadsPerCore > 1 {
		parts = append(parts, fmt.Sprintf("%d threads per core", c.ThreadsPerCore))
	}
	if len(c.LoadAvg) == 3 {
		parts = append(parts, fmt.Sprintf("load %.2f", c.LoadAvg[0]))
	}
	if c.Governor != "" {
		parts = append(parts, "governor "+c.Governor)
	}
	return s + " (" + strings.Join(parts, "; ") + ")"
}

// errWriter keeps the first write error so that a sequence of Fprintf
// is checked once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// svgInline is the SVG of a figure ready to be placed in an HTML page:
// without the XML prolog, scaled to the page width.
func svgInline(svg []byte, label string) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i > 0 {
		svg = svg[i:]
	}
	attrs := fmt.Sprintf(`<svg class="plot" role="img" aria-label="%s" `, htmlEscape(label))
	return bytes.Replace(svg, []byte("<svg "), []byte(attrs), 1)
}

func htmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}
