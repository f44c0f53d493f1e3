package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/report"
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

func cmdReport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fset := newFlagSet("report", stderr)
	var in inputFlags
	in.register(fset)
	out := fset.StringP(
		"out",
		"o",
		filepath.Join("results", "report"),
		"write the report into `DIR` (only files scalebench wrote there are replaced)",
	)
	slides := fset.Bool(
		"slides",
		false,
		"also write DIR/slides.html, a talk: the verdicts with their speedup plots and a summary, arrow keys to move",
	)
	theory := fset.Bool(
		"theory",
		false,
		"add the textbook curves of Amdahl's and Gustafson's laws to the report and the slides",
	)
	linear := fset.Bool("linear-time", false, "draw the time plot on linear instead of logarithmic axes")
	fitOver := fset.Bool(
		"fit-oversubscribed",
		false,
		"fit the oversubscribed points too (the report's warnings say so)",
	)
	cpus := fset.Int(
		"cpus",
		0,
		"leave points above `N` workers out of the fits (default: each file's logical CPU count; "+
			"for go test and hyperfine input, which record none, this machine's)",
	)
	baselines := fset.StringArray(
		"baseline",
		nil,
		"compare with the result `FILE` (repeat it to pool rounds): its curves drawn beside the others, the comparison first",
	)
	predictTo := new(int)
	predictToFlag(fset, predictTo)
	ignore := fset.String("ignore", "", "`LIST` of parameters left out when series are matched with the baseline's "+
		"(e.g. serial-fraction), as compare --ignore")
	pool := fset.Bool(
		"pool",
		false,
		"pool the FILEs into one measurement, as rounds of one configuration (as compare --new does)",
	)
	if err := parseFlagsHelp(fset, args, reportUsage); err != nil {
		return err
	}
	if fset.NArg() == 0 {
		return usagef("report needs at least one result FILE")
	}
	if *out == "" {
		return usagef("--out must name a directory")
	}
	if err := in.check(); err != nil {
		return err
	}
	if err := checkCPUs(*cpus, !fset.Changed("cpus")); err != nil {
		return err
	}
	if err := checkPredictTo(*predictTo); err != nil {
		return err
	}
	args, err := expandLessons(fset.Args())
	if err != nil {
		return err
	}
	paths := append(args[:len(args):len(args)], *baselines...)
	inputs, err := readInputs(paths, in, stdin)
	if err != nil {
		return err // names the file
	}
	if *ignore != "" && len(*baselines) == 0 {
		return usagef("--ignore matches series with a baseline: give --baseline FILE")
	}
	srcs, base := reportSources(inputs, len(*baselines), *pool)
	copt := analysis.DefaultCompareOptions
	copt.Ignore = splitList(*ignore)
	set, err := analysis.AnalyzeSet(
		srcs,
		analysis.Options{CPUs: *cpus, FitOversubscribed: *fitOver, PredictTo: *predictTo},
		base,
		copt,
	)
	if err != nil {
		return err
	}
	r := report.New(set, report.Options{LinearTime: *linear, Theory: *theory})
	if err := writeDir(ctx, *out, reportFiles(r, *slides), paths); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "report written to %s\n", shownPath(filepath.Join(*out, "index.html")))
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
