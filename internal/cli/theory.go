package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/report"
	"github.com/scalebench/scalebench/report/chart"
)

const theoryUsage = `Usage: scalebench theory [--amdahl LIST] [--gustafson LIST] [--max-workers N] [-o DIR]

Writes the textbook curves as SVG: DIR/amdahl.svg (Amdahl's law for each
serial fraction, with its ceiling S_max = 1/f), DIR/gustafson.svg
(Gustafson's law for each α) and DIR/amdahl-vs-gustafson.svg (both laws for
the first Amdahl fraction), and lists them in DIR/.scalebench-manifest.
DIR is created if it does not exist; an existing DIR must be empty or
hold files written by scalebench, and only those are replaced.

Flags:
`

// maxCurves is the most fractions --amdahl and --gustafson each take: a
// chart of more curves cannot be read, and its SVG grows with every one.
const maxCurves = 100

func cmdTheory(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := newFlagSet("theory", stderr)
	amdahl := fset.Float64Slice(
		"amdahl",
		report.DefaultAmdahlFractions,
		"serial fractions f in [0, 1] of the Amdahl curves, a `LIST` like 0.1,0.25 (at most 100)",
	)
	gustafson := fset.Float64Slice(
		"gustafson",
		report.DefaultGustafsonFractions,
		"serial fractions α in [0, 1] of the Gustafson curves, a `LIST` (at most 100)",
	)
	maxP := fset.Int("max-workers", report.DefaultTheoryWorkers, "draw the curves from 1 to `N` processors")
	out := fset.StringP(
		"out",
		"o",
		filepath.Join("results", "theory"),
		"write the SVG files into `DIR` (only files scalebench wrote there are replaced)",
	)
	if err := parseFlagsHelp(fset, args, theoryUsage); err != nil {
		return err
	}
	switch {
	case fset.NArg() > 0:
		return usagef("theory takes no arguments, got %s", safetext.Quote(fset.Arg(0)))
	case *out == "":
		return usagef("--out must name a directory")
	case *maxP < 2:
		return usagef("--max-workers must be at least 2, got %d", *maxP)
	case *maxP > 1_000_000:
		return usagef("--max-workers must be at most 1000000, got %d", *maxP)
	case len(*amdahl) == 0 && len(*gustafson) == 0:
		return usagef("--amdahl and --gustafson are both empty: nothing to draw")
	case len(*amdahl) > maxCurves || len(*gustafson) > maxCurves:
		return usagef(
			"--amdahl and --gustafson take at most %d fractions each, got %d and %d",
			maxCurves,
			len(*amdahl),
			len(*gustafson),
		)
	}
	if err := report.CheckFractions(*amdahl); err != nil {
		return usagef("--amdahl: %v", err)
	}
	if err := report.CheckFractions(*gustafson); err != nil {
		return usagef("--gustafson: %v", err)
	}
	type named struct {
		name  string
		chart *chart.Chart
	}
	var charts []named
	if len(*amdahl) > 0 {
		charts = append(charts, named{"amdahl.svg", report.AmdahlFamily(*amdahl, *maxP)},
			named{"amdahl-vs-gustafson.svg", report.BothLaws((*amdahl)[0], *maxP)})
	}
	if len(*gustafson) > 0 {
		charts = append(charts, named{"gustafson.svg", report.GustafsonFamily(*gustafson, *maxP)})
	}
	var files []file
	for _, c := range charts {
		var b bytes.Buffer
		if err := c.chart.WriteSVG(&b); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		files = append(files, file{name: c.name, data: b.Bytes()})
	}
	if err := writeDir(ctx, *out, files, nil); err != nil {
		return err
	}
	for _, f := range files {
		fmt.Fprintln(stdout, shownPath(filepath.Join(*out, f.name)))
	}
	return nil
}
