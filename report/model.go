package report

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/report/chart"
	"github.com/scalebench/scalebench/results"
)

// Options control a report.
type Options struct {
	// LinearTime draws the time plot on linear axes; by default they are
	// logarithmic, where ideal scaling is a straight line.
	LinearTime bool
	// Theory adds the textbook curves of Amdahl's and Gustafson's laws
	// (DefaultAmdahlFractions, DefaultGustafsonFractions) to the figures,
	// the page and the slides.
	Theory bool
}

// Report is what a report shows: the sources, their analysed series
// grouped for comparison, and the figures. Build it with New and render
// it with the Write methods.
type Report struct {
	Title string
	// Set is what the report shows: the sources, their series and the
	// comparisons with a baseline; its Series are Report.Series.
	*analysis.Set
	Groups  []Group
	Figures []Figure
	// Overview is the index in Figures of the figure that shows every
	// series' speedup; -1 when there is none.
	Overview int
	opt      Options
	// svgCache holds the rendered figures once drawn, in a report of one
	// page; svgMu guards it.
	svgCache [][]byte
	svgMu    sync.Mutex
}

// Group is a set of series drawn together: same workload, mode and
// metric. Each series has its colour and a label naming only what
// differs inside the group.
type Group struct {
	Title  string
	Mode   results.Mode
	Metric results.Metric
	Unit   string
	Series []int // indices into Report.Series
	Labels []string
	CPUs   int // logical CPUs of the machine that measured the group (0 = unknown)
	// Page is the file name of the group's own page (WriteGroupHTML) in
	// a report of more than MaxPageSeries series; "" in a report of one
	// page.
	Page string
}

// MaxPageSeries is the most series whose plots and tables index.html
// shows itself. A report of more series is too large for one page (2,000
// series made a page of 131 MB): its index.html holds the verdicts, the
// fits and the machine, with a link to each group's page, and its pages
// show the plots as images of their SVG files instead of inline.
const MaxPageSeries = 50

// Paged reports whether the report has more series than one page shows:
// then every group has a page of its own (Group.Page).
func (r *Report) Paged() bool { return len(r.Series) > MaxPageSeries }

// Figure is one plot of a report.
type Figure struct {
	// Name is a file name stem made of [a-z0-9-] only.
	Name    string
	Title   string
	Caption string
	// Kind is what the figure plots; Caption(Kind) says what to look
	// for in it.
	Kind PlotKind
	// Group is the index in Report.Groups of the group drawn, or -1 for
	// a figure of several groups (overview) or none (theory).
	Group int
	chart func() *chart.Chart
}

// Disturbed says, one line per series whose passes other processes
// disturbed, what they did: what a report opens with.
func (r *Report) Disturbed() []string {
	var out []string
	for i := range r.Series {
		ss := &r.Series[i]
		if d := ss.Verdict.Disturbance; d != "" {
			what := "measured again"
			if ss.Interference.Busy() {
				what = "its verdict is inconclusive"
			}
			out = append(out, fmt.Sprintf("%s: %s (%s)", ss.Title, d, what))
		}
	}
	return out
}

// Theory reports whether the figure draws textbook curves rather than
// measurements.
func (f *Figure) Theory() bool {
	return f.Kind == PlotAmdahl || f.Kind == PlotGustafson || f.Kind == PlotBothLaws
}

// Explain is the figure's caption followed by what to look for in a plot
// of its kind.
func (f *Figure) Explain() string {
	if look := Caption(f.Kind); look != "" {
		return f.Caption + " " + look
	}
	return f.Caption
}

// Chart builds the figure's chart.
func (f *Figure) Chart() *chart.Chart { return f.chart() }

// New lays out the report of the analysed set: its groups of series and
// its figures.
func New(set *analysis.Set, opt Options) *Report {
	r := &Report{Set: set, opt: opt}
	r.Title = reportTitle(r.Series, r.Paged())
	index := map[string]int{}
	for i := range r.Series {
		ss := &r.Series[i]
		key := ss.Workload + "\x00" + string(ss.Mode) + "\x00" + string(ss.Metric)
		g, ok := index[key]
		if !ok {
			g = len(r.Groups)
			index[key] = g
			title := ss.Workload
			if ss.Mode == results.ModeWeak {
				title += " (weak scaling)"
			}
			r.Groups = append(
				r.Groups,
				Group{Title: title, Mode: ss.Mode, Metric: ss.Metric, Unit: ss.Unit, CPUs: ss.CPUs},
			)
		}
		gr := &r.Groups[g]
		gr.Series = append(gr.Series, i)
		if gr.CPUs != ss.CPUs {
			gr.CPUs = 0 // measured on different machines: no single CPU count
		}
	}
	for g := range r.Groups {
		r.Groups[g].Labels = distinctLabels(r.Series, r.Groups[g].Series)
	}
	if r.Paged() {
		r.namePages()
	}
	r.Figures, r.Overview = r.layout()
	return r
}

// reportTitle names the workloads of sums; a paged report names the first
// few and counts the others, as its title heads every page.
func reportTitle(sums []analysis.Series, paged bool) string {
	const named = 4
	var names []string
	seen := map[string]bool{}
	for _, ss := range sums {
		if !seen[ss.Workload] {
			seen[ss.Workload] = true
			names = append(names, ss.Workload)
		}
	}
	if paged && len(names) > named {
		return fmt.Sprintf("Scaling of %s and %d more workloads", strings.Join(names[:named], ", "), len(names)-named)
	}
	return "Scaling of " + strings.Join(names, ", ")
}

// distinctLabels names each series of a group by the fields that differ
// inside the group: executor, schedule, parameters.
func distinctLabels(sums []analysis.Series, idx []int) []string {
	type field struct {
		name string
		get  func(*analysis.Series) string
	}
	fields := []field{
		{"executor", func(s *analysis.Series) string { return s.Executor }},
		{"schedule", func(s *analysis.Series) string { return s.Schedule }},
	}
	keys := map[string]bool{}
	for _, i := range idx {
		for k := range sums[i].Params {
			keys[k] = true
		}
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		fields = append(fields, field{k, func(s *analysis.Series) string { return k + "=" + s.Params[k] }})
	}
	labels := make([]string, len(idx))
	for _, f := range fields {
		vals := map[string]bool{}
		for _, i := range idx {
			vals[f.get(&sums[i])] = true
		}
		if len(vals) < 2 {
			continue
		}
		for j, i := range idx {
			if labels[j] != "" {
				labels[j] += " · "
			}
			labels[j] += f.get(&sums[i])
		}
	}
	for j, i := range idx {
		if labels[j] == "" {
			labels[j] = sums[i].Executor
			if labels[j] == "" {
				labels[j] = sums[i].Workload
			}
			if len(idx) > 1 {
				labels[j] = fmt.Sprintf("series %d", j+1)
			}
		}
	}
	return labels
}

// layout chooses the figures: per group, speedup (or scaled speedup),
// efficiency, time, Karp–Flatt and throughput; then the speedups of every
// strong-scaling group on one plot when there are several, and the
// textbook curves when asked. It returns the figures and the index of the
// overview: that plot, or the one group's speedup.
func (r *Report) layout() ([]Figure, int) {
	var figs []Figure
	used := map[string]int{}
	name := func(parts ...string) string {
		n := slug(strings.Join(parts, "-"))
		used[n]++
		if used[n] > 1 {
			n = fmt.Sprintf("%s-%d", n, used[n])
		}
		return n
	}
	overview, strong := -1, 0
	for g := range r.Groups {
		if r.Groups[g].Mode != results.ModeWeak {
			if strong++; strong == 1 {
				overview = len(figs) // the group's speedup comes first
			}
		}
		figs = append(figs, r.groupFigures(g, name)...)
	}
	if strong > 1 {
		overview = len(figs)
		figs = append(
			figs,
			Figure{Name: name("all", "speedup"), Title: "Speedup of every workload", Kind: PlotOverview, Group: -1,
				Caption: "Measured speedups of every strong-scaling series, with the ideal S = P.", chart: r.overviewChart},
		)
	}
	if overview < 0 && len(figs) > 0 {
		overview = 0
	}
	if r.opt.Theory {
		figs = append(figs, theoryFigures(name)...)
	}
	return figs, overview
}

// groupFigures are the plots of group g, named by name.
func (r *Report) groupFigures(g int, name func(...string) string) []Figure {
	var figs []Figure
	gr := &r.Groups[g]
	warn := strings.Join(r.Warnings(g), ". ")
	add := func(kind PlotKind, title, caption string, build func(*Report, *Group) *chart.Chart) {
		if warn != "" {
			caption = warn + ". " + caption
		}
		stem := string(kind)
		if kind == PlotWeakTime {
			stem = "time" // the file keeps the name of every time plot
		}
		figs = append(figs, Figure{Name: name(gr.Title, stem), Title: title + ": " + gr.Title, Caption: caption,
			Kind: kind, Group: g, chart: func() *chart.Chart { return build(r, gr) }})
	}
	if gr.Mode == results.ModeWeak {
		add(PlotScaledSpeedup, "Scaled speedup", "Scaled speedup P·T(1)/T(P)"+
			r.fits(gr, fitGustafson, " with the Gustafson fit and its 95% band")+"; ideal is S = P.",
			scaledSpeedupChart)
		add(PlotWeakEfficiency, "Weak-scaling efficiency", "T(1)/T(P) while the problem grows with P; ideal is 1.",
			efficiencyChart)
	} else {
		add(PlotSpeedup, "Speedup", "Median speedup with its 95% bootstrap interval"+
			r.fits(gr, fitAmdahl, ", the Amdahl fit with its 95% band")+r.fits(gr, fitUSL, ", the USL curve")+
			" and the ideal S = P.", speedupChart)
		add(PlotEfficiency, "Efficiency", "Parallel efficiency E(P) = S(P)/P; ideal is 1.", efficiencyChart)
	}
	if gr.Metric != results.MetricThroughput && gr.Mode == results.ModeWeak {
		add(PlotWeakTime, "Time", "Median time per run with its 95% interval; the problem grows with P.", timeChart)
	} else if gr.Metric != results.MetricThroughput {
		add(PlotTime, "Time", "Median time per run with its 95% interval and the ideal T(1)/P.", timeChart)
	}
	if gr.Mode != results.ModeWeak {
		add(PlotKarpFlatt, "Karp–Flatt metric",
			"Experimentally determined serial fraction e(P); flat means serial work, rising means overhead.",
			karpFlattChart)
	}
	add(PlotThroughput, "Throughput", "Work done per second"+
		r.fits(gr, fitUSL, " with the USL fit X(N) = λN / (1 + σ(N−1) + κN(N−1))")+".", throughputChart)
	return figs
}

// namePages names the page of every group after its title: group-TITLE.html,
// numbered when two titles make the same name.
func (r *Report) namePages() {
	used := map[string]bool{}
	for g := range r.Groups {
		base := "group-" + slug(r.Groups[g].Title)
		n := base
		for k := 2; used[n]; k++ {
			n = fmt.Sprintf("%s-%d", base, k)
		}
		used[n] = true
		r.Groups[g].Page = n + ".html"
	}
}

// theoryFigures are the textbook curves of Amdahl's and Gustafson's laws.
func theoryFigures(name func(...string) string) []Figure {
	return []Figure{
		{Name: name("theory", "amdahl"), Title: "Amdahl's law", Kind: PlotAmdahl, Group: -1,
			Caption: "Strong scaling: the serial fraction f caps the speedup at 1/f however many processors work.",
			chart:   func() *chart.Chart { return AmdahlFamily(DefaultAmdahlFractions, DefaultTheoryWorkers) }},
		{Name: name("theory", "gustafson"), Title: "Gustafson's law", Kind: PlotGustafson, Group: -1,
			Caption: "Weak scaling: when the problem grows with P, the scaled speedup grows without a ceiling.",
			chart:   func() *chart.Chart { return GustafsonFamily(DefaultGustafsonFractions, DefaultTheoryWorkers) }},
		{Name: name("theory", "both"), Title: "Amdahl's and Gustafson's laws", Kind: PlotBothLaws, Group: -1,
			Caption: "The same serial fraction, a ceiling for a fixed problem and a slope for a growing one.",
			chart:   func() *chart.Chart { return BothLaws(0.1, DefaultTheoryWorkers) }},
	}
}

// slug keeps lower-case letters and digits and turns runs of anything
// else into one dash.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "plot"
	}
	out := b.String()
	if len(out) > 60 {
		out = strings.TrimRight(out[:60], "-")
	}
	return out
}

// A fitModel is one of the models a plot may draw.
type fitModel int

const (
	fitAmdahl fitModel = iota
	fitGustafson
	fitUSL
)

// fitted reports whether some series of group g has model fitted, over
// a range of points a plot can draw it on.
func (r *Report) fitted(g *Group, model fitModel) bool {
	for _, i := range g.Series {
		a := r.Series[i].Analysis
		if _, _, ok := r.fitSpan(i); a == nil || !ok {
			continue
		}
		switch {
		case model == fitAmdahl && a.Amdahl != nil, model == fitGustafson && a.Gustafson != nil,
			model == fitUSL && a.USL != nil:
			return true
		}
	}
	return false
}

// fits is text when some series of group g has model fitted, else "":
// a caption names only the curves its plot draws.
func (r *Report) fits(g *Group, model fitModel, text string) string {
	if r.fitted(g, model) {
		return text
	}
	return ""
}
