package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/plan"
	"github.com/scalebench/scalebench/report"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling/sweep"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// runFlags are the flags of `run`.
type runFlags struct {
	workers, over, mode, size, executors, schedules, out, format string
	precisionText, maxTimeText, disturbed                        string
	targetTime, timeout, maxTime                                 time.Duration
	reps, warmup, chunk, maxReps                                 int
	precision                                                    float64
	seed                                                         uint64
	failFast                                                     bool
	params                                                       map[string]*string
}

// validMode reports whether s names a mode of results.
func validMode(s string) bool {
	_, err := results.ParseMode(s)
	return err == nil
}

// register registers the flags of run: what is measured and how often
// (here), how it is handed out (registerHow).
func (f *runFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(
		&f.workers,
		"workers",
		"",
		"worker counts: `LIST` like 1,2,4, a range 1:8, or doubling 1:64:x2 (default 1, the powers of two below the CPU count, the CPU count)",
	)
	fs.StringVar(
		&f.over,
		"oversubscribe",
		"2,4",
		"`LIST` of multiples of the CPU count appended to the sweep, marked oversubscribed; 0 turns it off",
	)
	fs.StringVar(&f.mode, "mode", "strong", "`MODE`: strong (fixed size) or weak (size grows with the workers)")
	fs.StringVar(
		&f.size,
		"size",
		"full",
		"problem `SIZE`: quick (for CI and tests), full, or a number in the workload's unit",
	)
	fs.DurationVar(
		&f.targetTime,
		"target-time",
		0,
		"choose the size so that the serial run takes about `DUR` (e.g. 2s)",
	)
	fs.IntVar(
		&f.reps,
		"reps",
		plan.DefaultReps,
		"measure at least `N` rounds; each round times the serial reference and every point once, in a random order",
	)
	fs.IntVar(
		&f.warmup,
		"warmup",
		plan.DefaultWarmup,
		"uncounted passes `N` of the serial reference and of every point before the rounds",
	)
	fs.StringVar(
		&f.precisionText,
		"precision",
		fmt.Sprintf("%g%%", 100*plan.DefaultPrecision),
		"after --reps rounds, go on until every fitted speedup's interval is within ±`X` (2% or 0.02) and f's (or "+
			"α's) within ±X·max(f, 0.25); 0 turns it off (the default when --reps is given)",
	)
	fs.IntVar(&f.maxReps, "max-reps", plan.DefaultMaxReps, "run at most `N` rounds of a series, precise or not")
	fs.StringVar(
		&f.disturbed,
		"disturbed",
		"retry",
		"`WHAT` to do with a pass other processes disturbed: retry (leave it out and measure it again) or keep "+
			"(keep every pass, its ledger recorded but not judged)",
	)
	fs.StringVar(
		&f.maxTimeText,
		"max-time",
		"auto",
		"start no round of a series past --reps that would end after `DUR` of its rounds; auto: as long again as "+
			"the --reps rounds took, and at least 15s; 0: no limit",
	)
	f.registerHow(fs)
}

// registerHow registers how the work is handed out and where the result
// goes, and the workloads' parameters.
func (f *runFlags) registerHow(fs *pflag.FlagSet) {
	fs.StringVar(
		&f.executors,
		"executor",
		"goroutines",
		"`LIST` of executors ("+strings.Join(executor.Names(), ", ")+"); a list makes one series each",
	)
	fs.StringVar(
		&f.schedules,
		"schedule",
		"",
		"`LIST` of schedules (block, interleave, dynamic, element); a list makes one series each (default per workload)",
	)
	fs.IntVar(&f.chunk, "chunk", 0, "tasks per dispatch `N` for the dynamic schedule (default per workload)")
	fs.Uint64Var(&f.seed, "seed", 1, "`SEED` of every generated input")
	fs.StringVarP(&f.out, "out", "o", "", "write the result to `FILE` (default results/runs/<time>-<workloads>.json)")
	fs.StringVar(
		&f.format,
		"format",
		"table",
		"summary `FORMAT` on stdout: table, markdown, csv, json, gobench (for benchstat), github-action-benchmark "+
			"(its customSmallerIsBetter JSON)",
	)
	fs.DurationVar(
		&f.timeout,
		"timeout",
		0,
		"bound every pass by `DUR`: each run of the serial reference and each parallel pass, with its --prepare "+
			"and, in a point's first pass, the start of the point's workers; a point that times out is marked "+
			"failed, a serial reference that times out ends the run (0: no limit)",
	)
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

var formats = []string{"table", "markdown", "csv", "json", "gobench", "github-action-benchmark"}

// runConfig is a parsed and checked run command line, before anything
// about the machine is known.
type runConfig struct {
	f    runFlags
	c    cmdFlags
	fs   *pflag.FlagSet
	args []string
	// pc is the run the flags ask for; its CPUs and the plan of --cmd
	// are set once the machine is known (plan).
	pc      plan.Config
	cpus    int // --cpus, 0 for the machine's
	fitOver bool
	// predictTo is --predict-to: how far the summary predicts.
	predictTo int
}

// runPlan is what a run will measure, checked in full before anything is
// measured or written, and where it is written.
type runPlan struct {
	run *plan.Run
	out string
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, rp, env, err := prepareRun(ctx, args, stderr)
	if err != nil {
		return err
	}
	return cfg.execute(ctx, rp, env, stdout, stderr)
}

// prepareRun parses and plans the run command line args and describes
// the machine it will measure, printing the warnings about both.
// Nothing is measured or written yet.
func prepareRun(ctx context.Context, args []string, stderr io.Writer) (*runConfig, *runPlan, results.Env, error) {
	started := time.Now()
	cfg, err := parseRun(args, stderr)
	if err != nil {
		return nil, nil, results.Env{}, err
	}
	info := hostProbe().cpuInfo(cfg.cpus)
	rp, err := cfg.plan(ctx, info.Planned, started, stderr)
	if err != nil {
		return nil, nil, results.Env{}, err
	}
	env := collectEnv(append([]string{"run"}, args...), started)
	env.LogicalCPUs, env.CPUs = info.Planned, info
	env.Warnings = append(cpuWarnings(info), rp.run.Warnings...)
	for _, w := range env.Warnings {
		fmt.Fprintf(stderr, "scalebench: warning: %s\n", w)
	}
	return cfg, rp, env, nil
}

// parseRun parses and checks the command line of run. It reads nothing
// but args.
func parseRun(args []string, stderr io.Writer) (*runConfig, error) {
	cfg := &runConfig{fs: newFlagSet("run", stderr), args: args}
	fs := cfg.fs
	cfg.f.register(fs)
	cfg.c.register(fs)
	fs.IntVar(
		&cfg.cpus,
		"cpus",
		0,
		"plan as if the machine had `N` logical CPUs: the default worker list, the oversubscription multiples and "+
			"the fits' cut (default: the CPUs this process may use)",
	)
	fs.BoolVar(
		&cfg.fitOver,
		"fit-oversubscribed",
		false,
		"fit the oversubscribed points too (for throughput modelled beyond the cores on purpose)",
	)
	predictToFlag(fs, &cfg.predictTo)
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if err := cfg.c.check(fs); err != nil {
		return nil, err
	}
	if err := checkCPUs(cfg.cpus, !fs.Changed("cpus")); err != nil {
		return nil, err
	}
	if err := checkPredictTo(cfg.predictTo); err != nil {
		return nil, err
	}
	if fs.NArg() == 0 && !fs.Changed("cmd") {
		return nil, usagef("run: no workload given (want one or more of %s)", strings.Join(workloads.Names(), ", "))
	}
	for _, name := range fs.Args() {
		s, ok := workloads.Lookup(name)
		if !ok {
			return nil, usagef("unknown workload %q (want %s)", name, strings.Join(workloads.Names(), ", "))
		}
		cfg.pc.Workloads = append(cfg.pc.Workloads, s)
	}
	steps := []func() error{cfg.parseCounts, cfg.parsePrecision, cfg.checkNumbers, cfg.parseSize, cfg.parseExecutors,
		cfg.parseParams, cfg.fillConfig}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return cfg, nil
}

// fillConfig sets the rest of the run's configuration from the flags and
// checks it.
func (cfg *runConfig) fillConfig() error {
	f := &cfg.f
	cfg.pc.Mode, cfg.pc.TargetTime, cfg.pc.Chunk, cfg.pc.Seed = results.Mode(f.mode), f.targetTime, f.chunk, f.seed
	cfg.pc.Protocol = plan.Protocol{Reps: f.reps, Warmup: f.warmup, MaxReps: f.maxReps, Precision: f.precision,
		MaxTime: f.maxTime, AutoTime: f.maxTimeText == "auto", KeepDisturbed: f.disturbed == "keep",
		Timeout: f.timeout, FailFast: f.failFast}
	if err := cfg.pc.Check(); err != nil {
		return usageError{err}
	}
	return nil
}

func (cfg *runConfig) parseCounts() error {
	var err error
	if cfg.fs.Changed("workers") {
		if cfg.pc.Workers, err = parseCounts("workers", cfg.f.workers, false); err != nil {
			return err
		}
	}
	cfg.pc.Oversubscribe, err = parseCounts("oversubscribe", cfg.f.over, true)
	return err
}

// checkNumbers checks what the run's configuration does not: the
// enumerated flags and the output.
func (cfg *runConfig) checkNumbers() error {
	f := &cfg.f
	switch {
	case !validMode(f.mode):
		return usagef("--mode %q: want strong or weak", f.mode)
	case f.disturbed != "retry" && f.disturbed != "keep":
		return usagef("--disturbed %q: want retry or keep", f.disturbed)
	case !slices.Contains(formats, f.format):
		return usagef("--format %q: want one of %s", f.format, strings.Join(formats, ", "))
	case f.out == "" && cfg.fs.Changed("out"):
		return usagef("--out must name a file")
	}
	return nil
}

// parsePrecision reads --precision: a fraction or a percentage below 1.
// With --max-reps equal to --reps it has nothing to do.
func (cfg *runConfig) parsePrecision() error {
	x, err := parseFraction("precision", cfg.f.precisionText)
	if err != nil {
		return err
	}
	if x >= 1 {
		return usagef("--precision %q: must be below 100%%", cfg.f.precisionText)
	}
	if !cfg.fs.Changed("max-reps") && cfg.fs.Changed("reps") && cfg.f.reps > plan.DefaultMaxReps {
		cfg.f.maxReps = cfg.f.reps // more rounds asked for than the default most
	}
	if cfg.fs.Changed("reps") && !cfg.fs.Changed("precision") {
		x = 0 // the rounds asked for, no more
	}
	cfg.f.precision = x
	if cfg.f.maxTimeText != "auto" {
		if cfg.f.maxTime, err = time.ParseDuration(cfg.f.maxTimeText); err != nil && cfg.f.maxTimeText != "0" {
			return usagef("--max-time %q: want auto, a duration like 30s, or 0 for no limit", cfg.f.maxTimeText)
		}
	}
	return nil
}

func (cfg *runConfig) parseSize() error {
	switch cfg.f.size {
	case "quick", "full":
		cfg.pc.Size = plan.Size{Named: cfg.f.size}
	default:
		n, err := strconv.ParseInt(cfg.f.size, 10, 64)
		if err != nil || n < 1 {
			return usagef("--size %q: want quick, full, or a whole number ≥ 1", cfg.f.size)
		}
		cfg.pc.Size = plan.Size{N: n}
	}
	if cfg.fs.Changed("size") && cfg.f.targetTime > 0 {
		return usagef("--size and --target-time exclude each other")
	}
	return nil
}

func (cfg *runConfig) parseExecutors() error {
	for _, name := range splitList(cfg.f.executors) {
		e, err := executor.Lookup(name)
		if err != nil {
			return usageError{fmt.Errorf("--executor: %w", err)}
		}
		cfg.pc.Executors = append(cfg.pc.Executors, e)
	}
	if len(cfg.pc.Executors) == 0 {
		return usagef("--executor: empty list (want %s)", strings.Join(executor.Names(), ", "))
	}
	for _, name := range splitList(cfg.f.schedules) {
		s, err := executor.ParseSchedule(name)
		if err != nil {
			return usageError{fmt.Errorf("--schedule: %w", err)}
		}
		cfg.pc.Schedules = append(cfg.pc.Schedules, s)
	}
	return nil
}

// parseParams collects the workload parameters given on the command
// line; each must apply to one of the workloads.
func (cfg *runConfig) parseParams() error {
	cfg.pc.Params = map[string]string{}
	for name, v := range cfg.f.params {
		if !cfg.fs.Changed(name) {
			continue
		}
		cfg.pc.Params[name] = *v
		if !slices.ContainsFunc(cfg.pc.Workloads, func(s *workloads.Spec) bool { return hasParam(s, name) }) &&
			!cfg.fs.Changed("cmd") {
			return usagef("--%s does not apply to %s", name, strings.Join(cfg.fs.Args(), ", "))
		}
	}
	return nil
}

// plan builds and checks every plan of the run for cpus planned CPUs
// (plan.Config.Build), with the program of --cmd, and the output path.
// Nothing is measured or written before all of it passed.
func (cfg *runConfig) plan(ctx context.Context, cpus int, started time.Time, stderr io.Writer) (*runPlan, error) {
	pc := cfg.pc
	pc.CPUs = cpus
	var names []string
	for _, s := range pc.Workloads {
		names = append(names, s.Name)
	}
	if cfg.fs.Changed("cmd") {
		p, err := cfg.c.plan(ctx, cfg.fs, &cfg.f, pc.Size.N, stderr)
		if err != nil {
			return nil, err
		}
		pc.Extra = append(pc.Extra, p)
		names = append(names, fileName(p.Spec.Name))
	}
	run, err := pc.Build()
	if err != nil {
		return nil, err
	}
	out, err := cfg.outPath(started, names)
	if err != nil {
		return nil, err
	}
	return &runPlan{run: run, out: out}, nil
}

// maxOutName is the most bytes of workload names in the name of a
// result file that run names itself.
const maxOutName = 100

// outPath is -o, or a new file under results/runs named after the time
// and the workloads, checked to be writable.
func (cfg *runConfig) outPath(started time.Time, names []string) (string, error) {
	out := cfg.f.out
	if out == "" {
		// The names are ASCII (fileName); many or long ones are cut so
		// that the name stays far below the 255 bytes a file name may have.
		base := strings.Join(names, "-")
		if len(base) > maxOutName {
			base = strings.TrimRight(base[:maxOutName], "-")
		}
		out = filepath.Join("results", "runs", started.UTC().Format("20060102T150405Z")+"-"+base+".json")
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return "", usagef("cannot create %s: %v", filepath.Dir(out), err)
		}
	}
	if err := checkWritable(out); err != nil {
		return "", usagef("-o %s: %v", out, err)
	}
	return out, nil
}

// execute measures the plans (measure) and prints the summary.
func (cfg *runConfig) execute(ctx context.Context, rp *runPlan, env results.Env, stdout, stderr io.Writer) error {
	doc, err := cfg.measure(ctx, rp, env, stderr)
	var partial partialError
	if errors.As(err, &partial) {
		fmt.Fprintf(stderr, "scalebench: partial result written to %s\n", shownPath(partial.path))
	}
	if err != nil {
		return err
	}
	return cfg.summarize(doc, rp.out, stdout, stderr)
}

// partialError is the interrupt of a run whose result file at path holds
// the samples measured before it.
type partialError struct{ path string }

func (e partialError) Error() string { return errInterrupted.Error() }
func (e partialError) Unwrap() error { return errInterrupted }

// measure sizes the plans for --target-time and measures them into a
// document written to rp.out after every pass.
func (cfg *runConfig) measure(
	ctx context.Context,
	rp *runPlan,
	env results.Env,
	stderr io.Writer,
) (*results.Document, error) {
	return measurePlan(ctx, rp, env, stderr)
}

// measurePlan sizes the plans of rp for Config.TargetTime and measures
// them into a document written to rp.out after every pass: the run of
// the run command and of every lesson's experiment.
func measurePlan(ctx context.Context, rp *runPlan, env results.Env, stderr io.Writer) (*results.Document, error) {
	if err := rp.run.ChooseSizes(ctx); err != nil {
		if ctx.Err() != nil {
			return nil, errInterrupted
		}
		return nil, err
	}
	doc := &results.Document{Schema: results.Schema, Env: env}
	stop := stoppingOf(ctx)
	r := &sweep.Runner{
		Config: rp.run.Sweep(machineCPUs(env.CPUs)),
		Save:   func(d *results.Document) error { return results.WriteFile(rp.out, d) },
		Grace:  stop.grace,
		Force:  stop.force,
	}
	if x, cpus := rp.run.Config.Protocol.Precision, env.LogicalCPUs; x > 0 {
		r.Enough = func(s *results.Series) bool { return analysis.Precise(s, cpus, x) }
	}
	bar := newProgressBar(stderr, os.Getenv("TERM"))
	if bar != nil {
		r.Progress = bar.update
	}
	err := r.Run(ctx, doc, rp.run.Plans)
	if bar != nil {
		bar.done()
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, partialError{rp.out}
		}
		return nil, err
	}
	return doc, nil
}

// summarize prints the summary of doc in the chosen format.
func (cfg *runConfig) summarize(doc *results.Document, out string, stdout, stderr io.Writer) error {
	var err error
	sums := func() []analysis.Series {
		return analysis.Analyze(doc, analysis.Options{CPUs: doc.Env.LogicalCPUs, FitOversubscribed: cfg.fitOver,
			PredictTo: cfg.predictTo})
	}
	switch cfg.f.format {
	case "gobench":
		err = report.WriteGoBench(stdout, doc, goBenchOptions(cfg.pc.Workloads))
	case "github-action-benchmark":
		err = report.WriteGitHubBenchmark(stdout, sums())
	default:
		err = report.WriteSummary(stdout, doc.Env.Warnings, sums(), cfg.f.format)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "result written to %s\n", shownPath(out))
	if doc.Failed {
		return errQuiet{"run failed: see the points marked failed or not verified"}
	}
	return nil
}

// machineCPUs is the number of CPUs a pass's ledger is judged by: those
// online, which other processes may use (0: let the sweep count them).
func machineCPUs(c *results.CPUInfo) int {
	if c == nil {
		return 0
	}
	return c.Online
}

// hasParam reports whether s takes the parameter name.
func hasParam(s *workloads.Spec, name string) bool {
	return slices.ContainsFunc(s.Params, func(p workloads.Param) bool { return p.Name == name })
}

// checkWritable makes sure, before anything is measured, that a file can
// be created next to path, without leaving anything behind, and that path
// may be replaced (checkResultPath).
func checkWritable(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("directory %s does not exist", dir)
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if err := checkResultPath(path); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".scalebench-check*")
	if err != nil {
		return errors.New("not writable")
	}
	name := tmp.Name()
	tmp.Close()
	return os.Remove(name)
}
