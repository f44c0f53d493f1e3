package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/results"
)

// hyperfineExport is the part of `hyperfine --export-json` that is read.
type hyperfineExport struct {
	Results *[]hyperfineResult `json:"results"`
}

type hyperfineResult struct {
	Command    string            `json:"command"`
	Mean       *float64          `json:"mean"`
	Times      []float64         `json:"times"`
	ExitCodes  []*int            `json:"exit_codes"`
	Parameters map[string]string `json:"parameters"`
}

// maxTemplateSites bounds the occurrences of a worker count in one command
// that are tried as parameter sites (2^n candidate templates).
const maxTemplateSites = 8

// DecodeHyperfine reads a hyperfine JSON export of a parameter scan
// (hyperfine -P workers 1 8 'prog --threads {workers}' --export-json F).
// param names the parameter holding the worker count; "" takes "workers",
// or the only parameter present. Each command template is a series, with
// the parameter's value put back as {param}; the times of a result are the
// samples of one point. A result whose command exited non-zero is a failed
// point.
func DecodeHyperfine(file string, data []byte, param string) (*results.Document, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var x hyperfineExport
	if err := dec.Decode(&x); err != nil {
		return nil, jsonError(file, data, err)
	}
	if dec.More() {
		return nil, errorf(file, 0, "trailing data after the JSON document")
	}
	if x.Results == nil {
		return nil, errorf(file, 0, "not a hyperfine export: no results array")
	}
	rs := *x.Results
	if len(rs) == 0 {
		return nil, errorf(file, 0, "hyperfine export has no results")
	}
	param, err := hyperfineParam(file, rs, param)
	if err != nil {
		return nil, err
	}

	workers, err := hyperfineWorkers(file, rs, param)
	if err != nil {
		return nil, err
	}
	templates := commandTemplates(rs, param)
	d := newDocument("hyperfine (" + file + ")")
	var b builder
	for i, r := range rs {
		if err := addHyperfineResult(&b, file, i, r, param, templates[i], workers[i]); err != nil {
			return nil, err
		}
	}
	return b.document(d), nil
}

// hyperfineWorkers parses the worker count of every result.
func hyperfineWorkers(file string, rs []hyperfineResult, param string) ([]int, error) {
	workers := make([]int, len(rs))
	for i, r := range rs {
		v, ok := r.Parameters[param]
		if !ok {
			return nil, errorf(file, 0, "result %d (%s) has no parameter %s", i+1, r.Command, param)
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 1 || f != math.Trunc(f) || f > 1<<30 {
			return nil, errorf(
				file,
				0,
				"result %d (%s): parameter %s = %q is not a whole number ≥ 1",
				i+1,
				r.Command,
				param,
				v,
			)
		}
		workers[i] = int(f)
	}
	return workers, nil
}

// addHyperfineResult adds result i, whose command template is template,
// as the samples of its point; a command that exited non-zero fails the
// point.
func addHyperfineResult(b *builder, file string, i int, r hyperfineResult, param, template string, workers int) error {
	samples := r.Times
	if len(samples) == 0 && r.Mean != nil {
		samples = []float64{*r.Mean}
	}
	if len(samples) == 0 {
		return errorf(file, 0, "result %d (%s) has no times and no mean", i+1, r.Command)
	}
	for _, t := range samples {
		if math.IsNaN(t) || math.IsInf(t, 0) || t < 0 {
			return errorf(file, 0, "result %d (%s): time %v must be finite and not negative", i+1, r.Command, t)
		}
	}
	params := map[string]string{}
	for k, v := range r.Parameters {
		if k != param {
			params[k] = v
		}
	}
	sb, err := b.get(template+"\x00"+paramKey(params), results.Series{Workload: template, Params: params})
	if err != nil {
		return errorf(file, 0, "%v", err)
	}
	var p *results.Point
	for _, t := range samples {
		if p, err = sb.add(workers, t); err != nil {
			return errorf(file, 0, "%v", err)
		}
	}
	failed := 0
	for _, c := range r.ExitCodes {
		if c != nil && *c != 0 {
			failed++
		}
	}
	if failed > 0 {
		p.Failed = true
		p.Error = fmt.Sprintf("the command exited non-zero in %d of %d runs", failed, len(r.ExitCodes))
	}
	return nil
}

// hyperfineParam chooses the parameter that holds the worker count.
func hyperfineParam(file string, rs []hyperfineResult, want string) (string, error) {
	seen := map[string]bool{}
	for _, r := range rs {
		for k := range r.Parameters {
			seen[k] = true
		}
	}
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	sort.Strings(names)
	switch {
	case len(names) == 0:
		return "", errorf(
			file,
			0,
			"hyperfine export has no parameter: export a scan such as hyperfine -P workers 1 8 'prog --threads {workers}'",
		)
	case want != "":
		if !seen[want] {
			return "", errorf(
				file,
				0,
				"hyperfine export has no parameter %s (it has %s)",
				want,
				strings.Join(names, ", "),
			)
		}
		return want, nil
	case seen["workers"]:
		return "workers", nil
	case len(names) == 1:
		return names[0], nil
	}
	return "", errorf(
		file,
		0,
		"hyperfine export has parameters %s: choose the worker count with --param",
		strings.Join(names, ", "),
	)
}

// commandTemplates puts {param} back into every command. The value of the
// parameter may occur in a command where it was not substituted (the 1 in
// "--size 100"), so each way of replacing its occurrences is a candidate,
// and each command takes the candidate shared by the most results; ties go
// to the candidate replacing more occurrences, then to the first.
func commandTemplates(rs []hyperfineResult, param string) []string {
	placeholder := "{" + param + "}"
	cands := make([][]string, len(rs))
	count := map[string]int{}
	for i, r := range rs {
		v := strings.TrimSpace(r.Parameters[param])
		cands[i] = candidates(r.Command, v, placeholder)
		for _, c := range uniq(cands[i]) {
			count[c]++
		}
	}
	out := make([]string, len(rs))
	for i, cs := range cands {
		best := cs[0]
		for _, c := range cs[1:] {
			if count[c] > count[best] ||
				count[c] == count[best] && strings.Count(c, placeholder) > strings.Count(best, placeholder) {
				best = c
			}
		}
		out[i] = best
	}
	return out
}

// candidates lists cmd with every subset of the occurrences of v replaced
// by placeholder, the full replacement first.
func candidates(cmd, v, placeholder string) []string {
	if v == "" {
		return []string{cmd}
	}
	var sites []int
	for off := 0; ; {
		i := strings.Index(cmd[off:], v)
		if i < 0 {
			break
		}
		sites = append(sites, off+i)
		off += i + len(v)
	}
	if len(sites) == 0 {
		return []string{cmd}
	}
	if len(sites) > maxTemplateSites {
		return []string{strings.ReplaceAll(cmd, v, placeholder), cmd}
	}
	var out []string
	for mask := 1<<len(sites) - 1; mask >= 0; mask-- {
		var sb strings.Builder
		prev := 0
		for j, s := range sites {
			if mask&(1<<j) == 0 {
				continue
			}
			sb.WriteString(cmd[prev:s])
			sb.WriteString(placeholder)
			prev = s + len(v)
		}
		sb.WriteString(cmd[prev:])
		out = append(out, sb.String())
	}
	return out
}

func uniq(xs []string) []string {
	s := slices.Clone(xs)
	slices.Sort(s)
	return slices.Compact(s)
}

// paramKey is a canonical form of params.
func paramKey(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&sb, "%s=%s\x00", k, params[k])
	}
	return sb.String()
}
