package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/report"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/results/importer"
	"github.com/scalebench/scalebench/workloads"
)

// inputFlags choose how the files of fit (and report) are read.
type inputFlags struct {
	format, param string
}

func (f *inputFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(
		&f.format,
		"input-format",
		"",
		"read the files as `FORMAT`: "+strings.Join(importer.Formats, ", ")+" (default: recognised from the content)",
	)
	fs.StringVar(
		&f.param,
		"param",
		"",
		"hyperfine parameter `NAME` that holds the worker count (default workers, or the only parameter)",
	)
}

func (f *inputFlags) check() error {
	if f.format != "" && !slices.Contains(importer.Formats, f.format) {
		return usagef("--input-format %q: want one of %s", f.format, strings.Join(importer.Formats, ", "))
	}
	return nil
}

// input is one file read into a document.
type input struct {
	name string // as given; "-" is stdin
	doc  *results.Document
}

// readInputs reads every path ("-" is stdin) with the importers.
func readInputs(paths []string, f inputFlags, stdin io.Reader) ([]input, error) {
	if n := slices.Index(paths, "-"); n >= 0 && slices.Index(paths[n+1:], "-") >= 0 {
		return nil, usagef("- (stdin) given twice")
	}
	out := make([]input, 0, len(paths))
	for _, p := range paths {
		doc, err := readInput(p, f, stdin)
		if err != nil {
			return nil, err
		}
		out = append(out, input{name: p, doc: doc})
	}
	return out, nil
}

// readInput reads one path ("-" is stdin) within the importer's limits.
func readInput(p string, f inputFlags, stdin io.Reader) (*results.Document, error) {
	r := stdin
	if p != "-" {
		file, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		defer file.Close()
		r = file
	}
	// go test and hyperfine input records no CPU count: the fits are
	// cut at this machine's, with a warning that says so.
	return importer.ReadFrom(p, r, importer.Options{Format: f.format, Param: f.param, CPUs: hostProbe().usable()})
}

func displayName(p string) string {
	if p == "-" {
		return "stdin"
	}
	return p
}

// cmdFit fits the scaling models to the series of every file and prints a
// table per series, or JSON.
func cmdFit(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("fit", stderr)
	var in inputFlags
	asJSON := fs.Bool("json", false, "print the points and fitted models as JSON")
	cpus := fs.Int("cpus", 0, "leave points above `N` workers out of the fits (default: the file's logical CPU count; "+
		"for go test and hyperfine input, which record none, this machine's)")
	fitOver := fs.Bool(
		"fit-oversubscribed",
		false,
		"fit the oversubscribed points too (for throughput modelled beyond the cores on purpose)",
	)
	predictTo := new(int)
	predictToFlag(fs, predictTo)
	in.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := in.check(); err != nil {
		return err
	}
	if err := checkCPUs(*cpus, !fs.Changed("cpus")); err != nil {
		return err
	}
	if err := checkPredictTo(*predictTo); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef(
			"fit: no file given (want a result file, a CSV, go test -bench output or a hyperfine JSON export; - reads stdin)",
		)
	}
	inputs, err := readInputs(fs.Args(), in, stdin)
	if err != nil {
		return err
	}
	var fits []analysis.Series
	for _, i := range inputs {
		if len(i.doc.Series) == 0 {
			return fmt.Errorf("%s: no series to fit", displayName(i.name))
		}
		sums := analysis.Analyze(
			i.doc,
			analysis.Options{CPUs: *cpus, FitOversubscribed: *fitOver, PredictTo: *predictTo},
		)
		for k := range sums {
			sums[k].Source = displayName(i.name)
		}
		fits = append(fits, sums...)
	}
	var buf bytes.Buffer
	if *asJSON {
		err = report.WriteFitJSON(&buf, fits)
	} else {
		err = report.WriteFitTable(&buf, fits)
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(buf.Bytes())
	return err
}

// goBenchOptions names the package and the default schedules of specs for
// run --format gobench.
func goBenchOptions(specs []*workloads.Spec) report.GoBenchOptions {
	o := report.GoBenchOptions{Pkg: "github.com/scalebench/scalebench/workloads", DefaultSchedule: map[string]string{}}
	for _, s := range specs {
		o.DefaultSchedule[s.Name] = s.Schedule
	}
	return o
}
