package report

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/scalebench/scalebench/internal/safetext"
	"github.com/scalebench/scalebench/results"
)

// GoBenchOptions control WriteGoBench.
type GoBenchOptions struct {
	// Pkg is written as the pkg: line; empty leaves it out.
	Pkg string
	// DefaultSchedule maps a workload to its default schedule, which is
	// left out of the names; a workload it does not name keeps its
	// schedule in the name.
	DefaultSchedule map[string]string
}

// WriteGoBench writes doc in the Go benchmark format, so that benchstat
// can compare runs: goos, goarch, pkg and cpu lines, then one line per
// counted sample,
//
//	BenchmarkSynthetic/serial-fraction=0.1/workers=2-4  1  71234567 ns/op
//
// named after the workload, with executor=, schedule= and mode= components
// when they are not the defaults (goroutines, the workload's schedule,
// strong), a component per parameter (sorted by name), and a workers=N
// component, all benchstat keys (benchstat -col /workers puts the counts
// side by side). The -N suffix, GOMAXPROCS in go test, is the CPU count
// the run was planned for, the same at every count (so that one series is
// one row of benchstat, and scalebench fit reads the count back); when the
// document has none, the worker count. Failed points and the serial
// reference are left out; throughput samples are written as the time of
// one unit of work, 1/X.
func WriteGoBench(w io.Writer, doc *results.Document, opt GoBenchOptions) error {
	bw := bufio.NewWriter(w)
	for _, kv := range [][2]string{{"goos", doc.Env.OS}, {"goarch", doc.Env.Arch}, {"pkg", opt.Pkg}, {"cpu", doc.Env.CPUModel}} {
		if kv[1] != "" {
			fmt.Fprintf(bw, "%s: %s\n", kv[0], oneLine(kv[1]))
		}
	}
	for i := range doc.Series {
		s := &doc.Series[i]
		base := goBenchName(s, opt)
		for _, p := range s.Points {
			if p.Failed {
				continue
			}
			procs := doc.Env.LogicalCPUs
			if procs < 1 {
				procs = p.Workers
			}
			name := fmt.Sprintf("%s/workers=%d-%d", base, p.Workers, procs)
			samples := p.SamplesS
			if s.Metric == results.MetricThroughput {
				samples = p.Throughput
			}
			for _, v := range samples {
				ns := v * 1e9
				if s.Metric == results.MetricThroughput {
					ns = 1e9 / v
				}
				if math.IsNaN(ns) || math.IsInf(ns, 0) || ns < 0 {
					continue
				}
				fmt.Fprintf(bw, "%s\t1\t%s ns/op\n", name, nsString(ns))
			}
		}
	}
	return bw.Flush()
}

// goBenchName is Benchmark + the workload in title case + the components
// that are not the defaults.
func goBenchName(s *results.Series, opt GoBenchOptions) string {
	name := "Benchmark" + benchToken(s.Workload)
	if r := []rune(name); len(r) > 9 {
		r[9] = unicode.ToUpper(r[9])
		name = string(r)
	}
	if s.Executor != "" && s.Executor != "goroutines" {
		name += "/executor=" + benchToken(s.Executor)
	}
	if def, ok := opt.DefaultSchedule[s.Workload]; s.Schedule != "" && (!ok || def != s.Schedule) {
		name += "/schedule=" + benchToken(s.Schedule)
	}
	if s.Mode != "" && s.Mode != results.ModeStrong {
		name += "/mode=" + benchToken(string(s.Mode))
	}
	keys := slices.Sorted(maps.Keys(s.Params))
	for _, k := range keys {
		// A key holds no "=", so that benchstat splits the key from the
		// value where scalebench put it.
		name += "/" + strings.ReplaceAll(benchToken(k), "=", "_") + "=" + benchToken(s.Params[k])
	}
	return name
}

// benchToken makes a name component safe for the format: no spaces, no
// slashes, no control characters.
func benchToken(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '/' {
			return '_'
		}
		return r
	}, safetext.Clean(s))
	if s == "" {
		return "_"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(safetext.Clean(s)), " ") }

// nsString formats ns/op as the testing package does: whole numbers from
// 100 ns, more decimals below.
func nsString(ns float64) string {
	switch {
	case ns >= 99.995:
		return fmt.Sprintf("%.0f", ns)
	case ns >= 9.9995:
		return fmt.Sprintf("%.2f", ns)
	case ns >= 0.99995:
		return fmt.Sprintf("%.3f", ns)
	}
	return fmt.Sprintf("%.4f", ns)
}
