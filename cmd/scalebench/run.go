package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/scalebench/scalebench/report"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling/sweep"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// runFlags are the flags of `run`.
type runFlags struct {
	workers, over, mode, size, executors, schedules, out, format string
	targetTime, timeout                                          time.Duration
	reps, warmup, chunk                                          int
	seed                                                         uint64
	failFast                                                     bool
	params                                                       map[string]*string
}

func (f *runFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.workers, "workers", "", "worker counts: `LIST` like 1,2,4, a range 1:8, or doubling 1:64:x2 (default 1, the powers of two below the CPU count, the CPU count)")
	fs.StringVar(&f.over, "oversubscribe", "2,4", "`LIST` of multiples of the CPU count appended to the sweep, marked oversubscribed; 0 turns it off")
	fs.StringVar(&f.mode, "mode", "strong", "`MODE`: strong (fixed size) or weak (size grows with the workers)")
	fs.StringVar(&f.size, "size", "full", "problem `SIZE`: quick (for CI and tests), full, or a number in the workload's unit")
	fs.DurationVar(&f.targetTime, "target-time", 0, "choose the size so that the serial run takes about `DUR` (e.g. 2s)")
	fs.IntVar(&f.reps, "reps", 5, "counted repetitions per point `N`")
	fs.IntVar(&f.warmup, "warmup", 1, "uncounted repetitions per point `N` before the counted ones")
	fs.StringVar(&f.executors, "executor", "goroutines", "`LIST` of executors ("+strings.Join(executor.Names(), ", ")+"); a list makes one series each")
	fs.StringVar(&f.schedules, "schedule", "", "`LIST` of schedules (block, interleave, dynamic, element); a list makes one series each (default per workload)")
	fs.IntVar(&f.chunk, "chunk", 0, "tasks per dispatch `N` for the dynamic schedule (default per workload)")
	fs.Uint64Var(&f.seed, "seed", 1, "`SEED` of every generated input")
	fs.StringVarP(&f.out, "out", "o", "", "write the result to `FILE` (default results/runs/<time>-<workloads>.json)")
	fs.StringVar(&f.format, "format", "table", "summary `FORMAT` on stdout: table, markdown, csv, json, gobench (for benchstat)")
	fs.DurationVar(&f.timeout, "timeout", 0, "fail a point whose pass takes longer than `DUR` (0: no limit)")
	fs.BoolVar(&f.failFast, "fail-fast", false, "stop the sweep at the first failed point")
	// Workload parameters: one flag per distinct name across the catalog.
	f.params = map[string]*string{}
	for _, s := range workloads.All() {
		for _, p := range s.Params {
			if _, ok := f.params[p.Name]; ok {
				continue
			}
			f.params[p.Name] = fs.String(p.Name, p.Default, "("+s.Name+") "+p.Help+" `VALUE`")
		}
	}
}

var formats = []string{"table", "markdown", "csv", "json", "gobench"}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	started := time.Now()
	fs := newFlagSet("run", stderr)
	var f runFlags
	f.register(fs)
	var c cmdFlags
	c.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cpus := runtime.NumCPU()

	// Check everything before measuring anything.
	if err := c.check(fs); err != nil {
		return err
	}
	if fs.NArg() == 0 && !fs.Changed("cmd") {
		return usagef("run: no workload given (want one or more of %s)", strings.Join(workloads.Names(), ", "))
	}
	var specs []*workloads.Spec
	for _, name := range fs.Args() {
		s, ok := workloads.Lookup(name)
		if !ok {
			return usagef("unknown workload %q (want %s)", name, strings.Join(workloads.Names(), ", "))
		}
		specs = append(specs, s)
	}
	workers := defaultWorkers(cpus)
	if fs.Changed("workers") {
		w, err := parseCounts("workers", f.workers, false)
		if err != nil {
			return err
		}
		workers = w
	}
	over, err := parseCounts("oversubscribe", f.over, true)
	if err != nil {
		return err
	}
	if f.mode != "strong" && f.mode != "weak" {
		return usagef("--mode %q: want strong or weak", f.mode)
	}
	if f.reps < 1 {
		return usagef("--reps %d: must be at least 1", f.reps)
	}
	if f.warmup < 0 {
		return usagef("--warmup %d: must not be negative", f.warmup)
	}
	if f.chunk < 0 {
		return usagef("--chunk %d: must not be negative (0 takes the workload's default)", f.chunk)
	}
	if f.targetTime < 0 {
		return usagef("--target-time %v: must not be negative", f.targetTime)
	}
	if f.timeout < 0 {
		return usagef("--timeout %v: must not be negative", f.timeout)
	}
	if !slices.Contains(formats, f.format) {
		return usagef("--format %q: want one of %s", f.format, strings.Join(formats, ", "))
	}
	var sizeN int64
	switch f.size {
	case "quick", "full":
	default:
		n, err := strconv.ParseInt(f.size, 10, 64)
		if err != nil || n < 1 {
			return usagef("--size %q: want quick, full, or a whole number ≥ 1", f.size)
		}
		sizeN = n
	}
	if fs.Changed("size") && f.targetTime > 0 {
		return usagef("--size and --target-time exclude each other")
	}
	var execs []executor.Executor
	for _, name := range splitList(f.executors) {
		e, err := executor.Lookup(name)
		if err != nil {
			return usageError{fmt.Errorf("--executor: %w", err)}
		}
		execs = append(execs, e)
	}
	if len(execs) == 0 {
		return usagef("--executor: empty list (want %s)", strings.Join(executor.Names(), ", "))
	}
	var scheds []executor.Schedule
	for _, name := range splitList(f.schedules) {
		s, err := executor.ParseSchedule(name)
		if err != nil {
			return usageError{fmt.Errorf("--schedule: %w", err)}
		}
		scheds = append(scheds, s)
	}
	// Workload parameters given on the command line must apply to one of
	// the workloads.
	given := map[string]string{}
	for name, v := range f.params {
		if fs.Changed(name) {
			given[name] = *v
			applies := false
			for _, s := range specs {
				if hasParam(s, name) {
					applies = true
				}
			}
			if !applies {
				return usagef("--%s does not apply to %s", name, strings.Join(fs.Args(), ", "))
			}
		}
	}

	counts := sweep.Counts(workers, over, cpus)
	var plans []sweep.Plan
	for _, s := range specs {
		own := map[string]string{}
		for k, v := range given {
			if hasParam(s, k) {
				own[k] = v
			}
		}
		params, err := s.Resolve(own)
		if err != nil {
			return err
		}
		size := s.Full
		switch {
		case f.size == "quick":
			size = s.Quick
		case sizeN > 0:
			size = sizeN
		}
		ss := scheds
		if len(ss) == 0 {
			ss = []executor.Schedule{executor.Schedule(s.Schedule)}
		}
		chunk := f.chunk
		if chunk == 0 {
			chunk = max(s.Chunk, 1)
		}
		for _, e := range execs {
			if !s.Supports(e.Name()) {
				return usagef("%s cannot run on the %s executor: %s", s.Name, e.Name(), s.Why)
			}
			for _, sc := range ss {
				plans = append(plans, sweep.Plan{Spec: s, Params: params, Mode: f.mode, Size: size, Seed: f.seed,
					Executor: e, Options: executor.Options{Schedule: sc, Chunk: chunk}})
			}
		}
		// Build one instance now so that a bad size or parameter is a usage
		// error before any file is written.
		inst, err := s.New(workloads.Config{Size: size, Seed: f.seed, Params: params})
		if err != nil {
			return err
		}
		if c, ok := inst.(io.Closer); ok {
			if err := c.Close(); err != nil {
				return err
			}
		}
	}

	if fs.Changed("cmd") {
		p, err := c.plan(ctx, fs, &f, sizeN, stderr)
		if err != nil {
			return err
		}
		plans = append(plans, p)
	}

	out := f.out
	if out == "" {
		names := make([]string, len(specs))
		for i, s := range specs {
			names[i] = s.Name
		}
		if fs.Changed("cmd") {
			names = append(names, fileName(plans[0].Spec.Name))
		}
		out = filepath.Join("results", "runs", started.UTC().Format("20060102T150405Z")+"-"+strings.Join(names, "-")+".json")
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return usagef("cannot create %s: %v", filepath.Dir(out), err)
		}
	}
	if err := checkWritable(out); err != nil {
		return usagef("-o %s: %v", out, err)
	}

	if f.targetTime > 0 {
		for i := range plans {
			p := &plans[i]
			size, err := sweep.ChooseSize(ctx, p.Spec, p.Params, p.Seed, p.Spec.Quick, f.targetTime)
			if err != nil {
				if ctx.Err() != nil {
					return errInterrupted
				}
				return err
			}
			p.Size = size
		}
	}

	doc := &results.Document{Schema: results.Schema, Env: collectEnv(append([]string{"run"}, args...), started)}
	r := &sweep.Runner{
		Config: sweep.Config{Counts: counts, Reps: f.reps, Warmup: f.warmup, Timeout: f.timeout, FailFast: f.failFast},
		Save:   func(d *results.Document) error { return results.WriteFile(out, d) },
	}
	bar := newProgressBar(stderr)
	if bar != nil {
		r.Progress = bar.update
	}
	err = r.Run(ctx, doc, plans)
	if bar != nil {
		bar.done()
	}
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "scalebench: partial result written to %s\n", out)
			return errInterrupted
		}
		return err
	}
	if f.format == "gobench" {
		err = report.WriteGoBench(stdout, doc, goBenchOptions(specs))
	} else {
		err = report.WriteSummary(stdout, doc, f.format, report.SummaryOptions{CPUs: cpus})
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "result written to %s\n", out)
	if doc.Failed {
		return errQuiet{"run failed: see the points marked failed or not verified"}
	}
	return nil
}

// hasParam reports whether s takes the parameter name.
func hasParam(s *workloads.Spec, name string) bool {
	return slices.ContainsFunc(s.Params, func(p workloads.Param) bool { return p.Name == name })
}

// checkWritable makes sure a file can be created next to path, without
// leaving anything behind.
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("directory %s does not exist", dir)
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return errors.New("is a directory")
	}
	tmp, err := os.CreateTemp(dir, ".scalebench-check*")
	if err != nil {
		return errors.New("not writable")
	}
	name := tmp.Name()
	tmp.Close()
	return os.Remove(name)
}
