package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/report"
	"github.com/spf13/pflag"
)

const reportUsage = `Usage: scalebench report FILE... [-o DIR] [--slides] [--theory] [--baseline FILE [--ignore LIST]] [--pool]

Reads result files written by "scalebench run" (or CSV, go test -bench output
and hyperfine scans, as fit does) and writes DIR/index.html (one
self-contained page: the verdict of every series first, the overview plot,
each workload's plots, tables and warnings, the fits, the machine last;
with more than 50 series, the verdicts, fits and machine with a page
DIR/group-NAME.html per workload), DIR/report.md and one SVG per plot, and
lists them in DIR/.scalebench-manifest. DIR is created if it does not exist; an existing
DIR must be empty or hold a report written by scalebench. Only the files
its manifest lists are replaced or removed; anything else in DIR is left
alone, and an input file is never replaced.
With --baseline, the baseline's curves are drawn in grey with their
intervals beside the others and its comparison with them (as scalebench
compare shows it, --ignore matching series as compare's does) heads the
page. --pool joins the FILEs, rounds of one configuration, into one.

Flags:
`

// reportFlags are the flags of report.
type reportFlags struct {
	in                     inputFlags
	out, ignore            string
	slides, theory, linear bool
	fitOver, pool          bool
	cpus, predictTo        int
	baselines              []string
}

func (f *reportFlags) register(fset *pflag.FlagSet) {
	f.in.register(fset)
	fset.StringVarP(&f.out, "out", "o", filepath.Join("results", "report"),
		"write the report into `DIR` (only files scalebench wrote there are replaced)")
	fset.BoolVar(&f.slides, "slides", false,
		"also write DIR/slides.html, a talk: the verdicts with their speedup plots and a summary, arrow keys to move")
	fset.BoolVar(&f.theory, "theory", false,
		"add the textbook curves of Amdahl's and Gustafson's laws to the report and the slides")
	fset.BoolVar(&f.linear, "linear-time", false, "draw the time plot on linear instead of logarithmic axes")
	fset.BoolVar(&f.fitOver, "fit-oversubscribed", false,
		"fit the oversubscribed points too (the report's warnings say so)")
	fset.IntVar(&f.cpus, "cpus", 0,
		"leave points above `N` workers out of the fits (default: each file's logical CPU count; "+
			"for go test and hyperfine input, which record none, this machine's)")
	fset.StringArrayVar(&f.baselines, "baseline", nil, "compare with the result `FILE` (repeat it to pool rounds): "+
		"its curves drawn beside the others, the comparison first")
	predictToFlag(fset, &f.predictTo)
	fset.StringVar(&f.ignore, "ignore", "", "`LIST` of parameters left out when series are matched with the "+
		"baseline's (e.g. serial-fraction), as compare --ignore")
	fset.BoolVar(&f.pool, "pool", false,
		"pool the FILEs into one measurement, as rounds of one configuration (as compare --new does)")
}

// check checks the flags and the arguments of report.
func (f *reportFlags) check(fset *pflag.FlagSet) error {
	switch {
	case fset.NArg() == 0:
		return usagef("report needs at least one result FILE")
	case f.out == "":
		return usagef("--out must name a directory")
	case f.ignore != "" && len(f.baselines) == 0:
		return usagef("--ignore matches series with a baseline: give --baseline FILE")
	}
	if err := f.in.check(); err != nil {
		return err
	}
	if err := checkCPUs(f.cpus, !fset.Changed("cpus")); err != nil {
		return err
	}
	return checkPredictTo(f.predictTo)
}

func cmdReport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fset := newFlagSet("report", stderr)
	var f reportFlags
	f.register(fset)
	if err := parseFlagsHelp(fset, args, reportUsage); err != nil {
		return err
	}
	if err := f.check(fset); err != nil {
		return err
	}
	args, err := expandLessons(fset.Args())
	if err != nil {
		return err
	}
	paths := append(args[:len(args):len(args)], f.baselines...)
	inputs, err := readInputs(paths, f.in, stdin)
	if err != nil {
		return err // names the file
	}
	srcs, base := reportSources(inputs, len(f.baselines), f.pool)
	copt := analysis.DefaultCompareOptions
	copt.Ignore = splitList(f.ignore)
	opt := analysis.Options{CPUs: f.cpus, FitOversubscribed: f.fitOver, PredictTo: f.predictTo}
	set, err := analysis.AnalyzeSet(srcs, opt, base, copt)
	if err != nil {
		return err
	}
	r := report.New(set, report.Options{LinearTime: f.linear, Theory: f.theory})
	if err := writeDir(ctx, f.out, reportFiles(r, f.slides), paths); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "report written to %s\n", shownPath(filepath.Join(f.out, "index.html")))
	return nil
}

// reportFiles are the files of the report, each rendered as it is written
// (writeDir writes them into a folder that is put in place only when all
// succeeded), so that a report of many series is never all in memory.
// index.html comes first: on a page of few series it draws every figure
// inline, and the SVG files reuse those drawings.
func reportFiles(r *report.Report, slides bool) []file {
	var files []file
	add := func(name string, fn func(io.Writer) error) {
		files = append(files, file{name: name, write: func(w io.Writer) error {
			if err := fn(w); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			return nil
		}})
	}
	add("index.html", r.WriteHTML)
	for i, f := range r.Figures {
		files = append(files, file{name: f.Name + ".svg", large: figureSeries(r, &f) > largeFigure,
			write: func(w io.Writer) error {
				if err := r.WriteFigure(w, i); err != nil {
					return fmt.Errorf("plot %s: %w", f.Name, err)
				}
				return nil
			}})
	}
	for g := range r.Groups {
		if page := r.Groups[g].Page; page != "" {
			add(page, func(w io.Writer) error { return r.WriteGroupHTML(w, g) })
		}
	}
	add("report.md", func(w io.Writer) error { return r.WriteMarkdown(w, "") })
	if slides {
		add("slides.html", r.WriteSlides)
	}
	return files
}

// largeFigure is the most series a figure draws that is written beside
// others: drawing 2,000 curves takes about 150 MB.
const largeFigure = 200

// figureSeries is how many series figure f draws.
func figureSeries(r *report.Report, f *report.Figure) int {
	if f.Group >= 0 {
		return len(r.Groups[f.Group].Series)
	}
	if f.Kind == report.PlotOverview {
		return len(r.Series)
	}
	return 0
}
