package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"

	"github.com/scalebench/scalebench/report"
)

const reportUsage = `Usage: scalebench report FILE... [-o DIR] [--slides] [--theory] [--baseline FILE] [--pool]

Reads result files written by "scalebench run" (or CSV, go test -bench output
and hyperfine scans, as fit does) and writes DIR/index.html (one
self-contained page: the verdict of every series first, the overview plot,
each workload's plots, tables and warnings, the fits, the machine last),
DIR/report.md and one SVG per plot, and lists them in
DIR/.scalebench-manifest. DIR is created if it does not exist; an existing
DIR must be empty or hold a report written by scalebench. Only the files
its manifest lists are replaced or removed; anything else in DIR is left
alone, and an input file is never replaced.
With --baseline, the baseline's curves are drawn dash-dotted beside the
others and its comparison with them (as scalebench compare shows it) heads
the page. --pool joins the FILEs, rounds of one configuration, into one.

Flags:
`

func cmdReport(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fset := newFlagSet("report", stderr)
	var in inputFlags
	in.register(fset)
	out := fset.StringP("out", "o", filepath.Join("results", "report"), "write the report into `DIR` (only files scalebench wrote there are replaced)")
	slides := fset.Bool("slides", false, "also write DIR/slides.html, a talk: the verdicts with their speedup plots and a summary, arrow keys to move")
	theory := fset.Bool("theory", false, "add the textbook curves of Amdahl's and Gustafson's laws to the report and the slides")
	linear := fset.Bool("linear-time", false, "draw the time plot on linear instead of logarithmic axes")
	fitOver := fset.Bool("fit-oversubscribed", false, "fit the oversubscribed points too (the report's warnings say so)")
	cpus := fset.Int("cpus", 0, "leave points above `N` workers out of the fits (default: each file's logical CPU count; "+
		"for go test and hyperfine input, which record none, this machine's)")
	baselines := fset.StringArray("baseline", nil, "compare with the result `FILE` (repeat it to pool rounds): its curves drawn beside the others, the comparison first")
	pool := fset.Bool("pool", false, "pool the FILEs into one measurement, as rounds of one configuration (as compare --new does)")
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
	args, err := expandLessons(fset.Args())
	if err != nil {
		return err
	}
	paths := append(args[:len(args):len(args)], *baselines...)
	inputs, err := readInputs(paths, in, stdin)
	if err != nil {
		return err // names the file
	}
	srcs, base := reportSources(inputs, len(*baselines), *pool)
	opt := report.Options{LinearTime: *linear, Baseline: base, Theory: *theory,
		Summary: report.SummaryOptions{CPUs: *cpus, FitOversubscribed: *fitOver}}
	r, err := report.New(srcs, opt)
	if err != nil {
		return err
	}
	files, err := renderReport(r, *slides)
	if err != nil {
		return err
	}
	if err := writeDir(*out, files, paths); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "report written to %s\n", shownPath(filepath.Join(*out, "index.html")))
	return nil
}

// renderReport renders every file of the report in memory, so that
// nothing touches the disk before all of it succeeded.
func renderReport(r *report.Report, slides bool) ([]file, error) {
	var files []file
	for i, f := range r.Figures {
		svg, err := r.SVG(i)
		if err != nil {
			return nil, fmt.Errorf("plot %s: %w", f.Name, err)
		}
		files = append(files, file{f.Name + ".svg", svg})
	}
	render := func(name string, fn func(io.Writer) error) error {
		var b bytes.Buffer
		if err := fn(&b); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		files = append(files, file{name, b.Bytes()})
		return nil
	}
	if err := render("report.md", func(w io.Writer) error { return r.WriteMarkdown(w, "") }); err != nil {
		return nil, err
	}
	if err := render("index.html", r.WriteHTML); err != nil {
		return nil, err
	}
	if slides {
		if err := render("slides.html", r.WriteSlides); err != nil {
			return nil, err
		}
	}
	return files, nil
}
