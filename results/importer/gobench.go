package importer

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/results"
)

// benchLine is one result line of go test -bench.
type benchLine struct {
	name    string // without the -N suffix and the workers=N component
	workers int    // from workers=N, else the -N suffix, else 1
	// procs is the -N suffix, GOMAXPROCS; 1 when there is none, as go
	// test leaves it out at GOMAXPROCS 1.
	procs int
	// keyed is set when the worker count is a workers=N component: the
	// suffix is then the CPUs the benchmark could use, not the workers.
	keyed bool
	// iters is the iteration count; a result line of go test has at
	// least 1, and DecodeGoBench refuses 0.
	iters  uint64
	fields []string
}

// parseBenchLine recognises a result line: a name starting with
// "Benchmark", an iteration count, then value-unit pairs. Other lines,
// including a benchmark's name printed alone, are not results. A count
// of 0 is recognised, so that the line is refused for what it is.
func parseBenchLine(line string) (benchLine, bool) {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
		return benchLine{}, false
	}
	iters, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		return benchLine{}, false
	}
	name, procs := f[0], 1
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if n, err := strconv.Atoi(name[i+1:]); err == nil && n >= 1 && !strings.HasPrefix(name[i+1:], "+") {
			name, procs = name[:i], n
		}
	}
	// A workers=N component (as `run --format gobench` writes) is the
	// worker count; the series is the name without it.
	bl := benchLine{workers: procs, procs: procs, iters: iters, fields: f[2:]}
	parts := strings.Split(name, "/")
	kept := parts[:1]
	for _, p := range parts[1:] {
		if v, ok := strings.CutPrefix(p, "workers="); ok {
			if n, err := strconv.Atoi(v); err == nil && n >= 1 {
				bl.workers, bl.keyed = n, true
				continue
			}
		}
		kept = append(kept, p)
	}
	bl.name = strings.Join(kept, "/")
	return bl, true
}

// commonProcs follows the CPU count of go test output line by line: the
// -N suffix shared by every line whose worker count is a workers=N
// component. It is 0 before the first line and -1 once a line has no such
// component (its suffix is its worker count, as with -cpu 1,2,4) or
// another suffix.
func commonProcs(procs int, bl benchLine) int {
	switch {
	case !bl.keyed || procs < 0:
		return -1
	case procs == 0 || procs == bl.procs:
		return bl.procs
	}
	return -1
}

// DecodeGoBench reads the output of `go test -bench` (run with -cpu for a
// sweep, with -count for samples). Each benchmark name without its -N
// GOMAXPROCS suffix is a series; the suffix is the worker count (none is
// 1); ns/op is the sample. A workers=N component of the name (as run
// --format gobench writes) is the worker count instead, and when every
// line has one and all share one suffix, that suffix is the CPU count
// (Env.LogicalCPUs); otherwise the output records none. goos, goarch, pkg
// and cpu lines describe the environment; every other line is ignored.
func DecodeGoBench(file string, data []byte) (*results.Document, error) {
	if err := checkLines(file, data); err != nil {
		return nil, err
	}
	d := newDocument("go test -bench (" + file + ")")
	var b builder
	pkg := ""
	n, procs := 0, 0
	lineNo := 0
	for raw := range strings.Lines(string(data)) {
		lineNo++
		line := strings.TrimRight(raw, "\r\n")
		bl, isBench := parseBenchLine(line)
		if key, val, ok := strings.Cut(line, ":"); !isBench && ok && !strings.ContainsAny(key, " \t") {
			val = strings.TrimSpace(val)
			switch key {
			case "goos":
				d.Env.OS = val
			case "goarch":
				d.Env.Arch = val
			case "cpu":
				d.Env.CPUModel = val
			case "pkg":
				pkg = val
			}
			continue
		}
		if !isBench {
			continue
		}
		if bl.iters == 0 {
			return nil, errorf(
				file,
				lineNo,
				"%q: iteration count 0 (go test runs a benchmark at least once)",
				firstField(line),
			)
		}
		ns, err := nsPerOp(bl)
		if err != nil {
			return nil, errorf(file, lineNo, "%v", err)
		}
		if math.IsNaN(ns) {
			continue // a benchmark reporting only its own units
		}
		proto := results.Series{Workload: bl.name}
		if pkg != "" {
			proto.Params = map[string]string{"pkg": pkg}
		}
		sb, err := b.get(pkg+"\x00"+bl.name, proto)
		if err == nil {
			_, err = sb.add(bl.workers, ns/1e9)
		}
		if err != nil {
			return nil, errorf(file, lineNo, "%v", err)
		}
		n++
		procs = commonProcs(procs, bl)
	}
	if n == 0 {
		return nil, errorf(
			file,
			0,
			"no benchmark result lines with ns/op (want go test -bench output such as \"BenchmarkX-2  100  12345 ns/op\")",
		)
	}
	d.Env.LogicalCPUs = max(procs, 0)
	return b.document(d), nil
}

// nsPerOp is the ns/op of a result line, NaN when it has none.
func nsPerOp(bl benchLine) (float64, error) {
	for i := 0; i+1 < len(bl.fields); i += 2 {
		if bl.fields[i+1] != "ns/op" {
			continue
		}
		v, err := strconv.ParseFloat(bl.fields[i], 64)
		if err != nil {
			return 0, fmt.Errorf("%s: ns/op %q is not a number", bl.name, bl.fields[i])
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return 0, fmt.Errorf("%s: ns/op %q must be finite and not negative", bl.name, bl.fields[i])
		}
		return v, nil
	}
	return math.NaN(), nil
}

// firstField is the first field of line, the benchmark's name as written.
func firstField(line string) string {
	f := strings.Fields(line)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
