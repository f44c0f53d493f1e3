package importer

import (
	"math"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/results"
)

// benchLine is one result line of go test -bench.
type benchLine struct {
	name    string // without the -N suffix and the workers=N component
	workers int    // from workers=N, else the -N suffix, else 1
	fields  []string
}

// parseBenchLine recognises a result line: a name starting with
// "Benchmark", an iteration count, then value-unit pairs. Other lines,
// including a benchmark's name printed alone, are not results.
func parseBenchLine(line string) (benchLine, bool) {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
		return benchLine{}, false
	}
	if n, err := strconv.ParseUint(f[1], 10, 64); err != nil || n == 0 {
		return benchLine{}, false
	}
	name, workers := f[0], 1
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if n, err := strconv.Atoi(name[i+1:]); err == nil && n >= 1 && !strings.HasPrefix(name[i+1:], "+") {
			name, workers = name[:i], n
		}
	}
	// A workers=N component (as `run --format gobench` writes) is the
	// worker count; the series is the name without it.
	parts := strings.Split(name, "/")
	kept := parts[:1]
	for _, p := range parts[1:] {
		if v, ok := strings.CutPrefix(p, "workers="); ok {
			if n, err := strconv.Atoi(v); err == nil && n >= 1 {
				workers = n
				continue
			}
		}
		kept = append(kept, p)
	}
	return benchLine{name: strings.Join(kept, "/"), workers: workers, fields: f[2:]}, true
}

// DecodeGoBench reads the output of `go test -bench` (run with -cpu for a
// sweep, with -count for samples). Each benchmark name without its -N
// GOMAXPROCS suffix is a series; the suffix is the worker count (none is
// 1); ns/op is the sample. goos, goarch, pkg and cpu lines describe the
// environment; every other line is ignored.
func DecodeGoBench(file string, data []byte) (*results.Document, error) {
	if err := checkLines(file, data); err != nil {
		return nil, err
	}
	d := newDocument("go test -bench (" + file + ")")
	var b builder
	pkg := ""
	n := 0
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
		ns := math.NaN()
		for i := 0; i+1 < len(bl.fields); i += 2 {
			if bl.fields[i+1] != "ns/op" {
				continue
			}
			v, err := strconv.ParseFloat(bl.fields[i], 64)
			if err != nil {
				return nil, errorf(file, lineNo, "%s: ns/op %q is not a number", bl.name, bl.fields[i])
			}
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return nil, errorf(file, lineNo, "%s: ns/op %q must be finite and not negative", bl.name, bl.fields[i])
			}
			ns = v
			break
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
	}
	if n == 0 {
		return nil, errorf(file, 0, "no benchmark result lines with ns/op (want go test -bench output such as \"BenchmarkX-2  100  12345 ns/op\")")
	}
	return b.document(d), nil
}
