package cli

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/report"
	"github.com/scalebench/scalebench/results"
)

const compareUsage = `Usage: scalebench compare BASE NEW [flags]
       scalebench compare --base FILE [--base FILE]... --new FILE [--new FILE]... [flags]

Compares two measurements of the same workloads, such as the base of a pull
request and its head, and exits 1 when scaling got worse. BASE and NEW are
result files or anything fit reads (- is stdin). Series are matched by
workload, mode, executor, schedule and parameters; those found on one side
only are listed. With --base and --new, several files per side (rounds
measured in turn) are pooled.

At every worker count measured on both sides: the ratio new/base of the
median times with its interval, and the Mann–Whitney U test (two-sided, as
benchstat); "~" means no significant difference. A time regression is a
point significantly slower by more than --max-slowdown. For every series,
the shape of the curve as fit fits it: Amdahl's serial fraction f (or
Gustafson's α), the efficiency at the largest worker count both measured
up to the CPU count, and the USL's σ, κ and peak. A shape regression is a
serial fraction up by more than --max-f-increase, or an efficiency down by
more than --max-efficiency-drop, with the 95% intervals of both sides apart.

Exit status: 0 no regression; 1 a regression (of the kind --fail-on names),
or nothing in common; 2 a bad command line.

Flags:
`

// compareConfig is a parsed and checked compare command line.
type compareConfig struct {
	base, new []string
	format    string
	failOn    string
	opt       analysis.CompareOptions
	in        inputFlags
	// The thresholds and --ignore as given, parsed into opt.
	slowdown, fInc, effDrop, ignore string
}

var failOns = []string{"time", "shape", "any", "none"}

func cmdCompare(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, err := parseCompare(args, stderr)
	if err != nil {
		return err
	}
	inputs, err := readInputs(append(slices.Clone(cfg.base), cfg.new...), cfg.in, stdin)
	if err != nil {
		return err
	}
	base, new := pooled(inputs[:len(cfg.base)]), pooled(inputs[len(cfg.base):])
	c, err := analysis.Compare(base, new, cfg.opt)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	var buf bytes.Buffer
	if err := report.WriteComparison(&buf, c, cfg.format); err != nil {
		return err
	}
	if _, err := stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if c.Regressed(cfg.failOn) {
		return errQuiet{"scaling got worse: " + c.Headline() + " (--fail-on " + cfg.failOn + ")"}
	}
	return nil
}

// pooled is the one document of a side: the file itself, or the files
// pooled.
func pooled(inputs []input) analysis.Source {
	if len(inputs) == 1 {
		return analysis.Source{Name: displayName(inputs[0].name), Doc: inputs[0].doc}
	}
	names := make([]string, len(inputs))
	docs := make([]*results.Document, len(inputs))
	for i, in := range inputs {
		names[i], docs[i] = displayName(in.name), in.doc
	}
	return analysis.Source{Name: strings.Join(names, " + "), Doc: analysis.Pool(docs)}
}

// reportSources splits the inputs of report into its sources, pooled
// into one with pool, and the baseline, the last nBase inputs pooled
// (nil without them).
func reportSources(inputs []input, nBase int, pool bool) ([]analysis.Source, *analysis.Source) {
	files := inputs[:len(inputs)-nBase]
	var srcs []analysis.Source
	if pool && len(files) > 1 {
		srcs = []analysis.Source{pooled(files)}
	} else {
		for _, i := range files {
			srcs = append(srcs, analysis.Source{Name: displayName(i.name), Doc: i.doc})
		}
	}
	if nBase == 0 {
		return srcs, nil
	}
	b := pooled(inputs[len(files):])
	return srcs, &b
}

// parseCompare parses and checks the command line of compare.
func parseCompare(args []string, stderr io.Writer) (*compareConfig, error) {
	fs := newFlagSet("compare", stderr)
	cfg := &compareConfig{opt: analysis.DefaultCompareOptions}
	cfg.register(fs)
	if err := parseFlagsHelp(fs, args, compareUsage); err != nil {
		return nil, err
	}
	if err := cfg.sides(fs); err != nil {
		return nil, err
	}
	var err error
	for _, t := range []struct {
		flag string
		val  string
		dst  *float64
	}{
		{"max-slowdown", cfg.slowdown, &cfg.opt.MaxSlowdown},
		{"max-f-increase", cfg.fInc, &cfg.opt.MaxFIncrease},
		{"max-efficiency-drop", cfg.effDrop, &cfg.opt.MaxEfficiencyDrop},
	} {
		if *t.dst, err = parseFraction(t.flag, t.val); err != nil {
			return nil, err
		}
	}
	switch {
	case !slices.Contains(report.CompareFormats, cfg.format):
		return nil, usagef("--format %q: want one of %s", cfg.format, strings.Join(report.CompareFormats, ", "))
	case !slices.Contains(failOns, cfg.failOn):
		return nil, usagef("--fail-on %q: want one of %s", cfg.failOn, strings.Join(failOns, ", "))
	case !(cfg.opt.Alpha > 0 && cfg.opt.Alpha <= 0.5):
		return nil, usagef("--alpha %v: want a level in (0, 0.5], such as 0.05", cfg.opt.Alpha)
	}
	if err := checkCPUs(cfg.opt.Summary.CPUs, !fs.Changed("cpus")); err != nil {
		return nil, err
	}
	cfg.opt.Ignore = splitList(cfg.ignore)
	return cfg, cfg.in.check()
}

// register registers the flags of compare.
func (cfg *compareConfig) register(fs *pflag.FlagSet) {
	d := analysis.DefaultCompareOptions
	fs.StringVar(&cfg.format, "format", "table", "output `FORMAT`: "+strings.Join(report.CompareFormats, ", ")+
		" (markdown reads well as a pull-request comment)")
	fs.StringVar(&cfg.failOn, "fail-on", "any",
		"exit 1 on a regression of `KIND`: time, shape, any, or none (report only)")
	fs.Float64Var(&cfg.opt.Alpha, "alpha", d.Alpha,
		"significance level `A` of the U test (the ratio's interval is at 1 − A)")
	fs.StringVar(&cfg.slowdown, "max-slowdown", "10%",
		"a point whose time ratio's interval lies wholly above +`FRACTION` (10% or 0.1) is a time regression")
	fs.StringVar(&cfg.fInc, "max-f-increase", "0.02",
		"a serial fraction whose intervals allow no rise of `FRACTION` or less is a shape regression")
	fs.StringVar(&cfg.effDrop, "max-efficiency-drop", "0.05",
		"an efficiency whose intervals allow no drop of `FRACTION` or less is a shape regression")
	fs.BoolVar(&cfg.opt.GateOversubscribed, "gate-oversubscribed", false,
		"let regressions of oversubscribed points (more workers than CPUs) fail the gate too")
	fs.StringVar(&cfg.ignore, "ignore", "",
		"`LIST` of parameters left out when series are matched (e.g. serial-fraction)")
	fs.StringArrayVar(&cfg.base, "base", nil, "a base `FILE`; repeat it to pool rounds (instead of BASE NEW)")
	fs.StringArrayVar(&cfg.new, "new", nil, "a new `FILE`; repeat it to pool rounds")
	fs.IntVar(&cfg.opt.Summary.CPUs, "cpus", 0, "fit the points up to `N` workers on both sides "+
		"(default: each file's CPU count; for go test and hyperfine input, which record none, this machine's)")
	fs.BoolVar(&cfg.opt.Summary.FitOversubscribed, "fit-oversubscribed", false, "fit the oversubscribed points too")
	cfg.in.register(fs)
}

// sides takes BASE and NEW from the arguments, or from --base and --new.
func (cfg *compareConfig) sides(fs *pflag.FlagSet) error {
	pooled := len(cfg.base) > 0 || len(cfg.new) > 0
	switch {
	case pooled && fs.NArg() > 0:
		return usagef("compare: give BASE NEW or --base and --new, not both (extra %q)", fs.Arg(0))
	case pooled && (len(cfg.base) == 0 || len(cfg.new) == 0):
		return usagef("compare: --base and --new each need at least one file")
	case !pooled && fs.NArg() != 2:
		return usagef(
			"compare: want two files, BASE and NEW, got %d (- reads stdin; --base and --new pool several)",
			fs.NArg(),
		)
	case !pooled:
		cfg.base, cfg.new = []string{fs.Arg(0)}, []string{fs.Arg(1)}
	}
	return nil
}

// parseFraction reads a threshold: a fraction (0.1) or a percentage
// (10%), not negative.
func parseFraction(flag, s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(t, "%"), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, usagef("--%s %q: want a fraction like 0.1 or a percentage like 10%%", flag, s)
	}
	if v < 0 {
		return 0, usagef("--%s %q: must not be negative", flag, s)
	}
	if pct {
		v /= 100
	}
	return v, nil
}
