package lessons

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/plan"
	"github.com/scalebench/scalebench/report/chart"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// Experiment is one run of a lesson, in the terms of the typed run
// configuration (plan.Config); its result file is named after the lesson
// and the experiment. Command shows it as the equivalent command line.
type Experiment struct {
	Name      string   // short name, part of the result file's name
	Workload  string   // the workload run
	Executors []string // executors the series run on; nil: goroutines
	Schedules []string // schedules, a series each; nil: the workload's own
	Chunk     int      // tasks per dispatch of the dynamic schedule; 0: the workload's own
	Workers   []int    // the worker counts, none oversubscribed
	Mode      results.Mode
	Size      int64             // the problem size, in the workload's unit
	Params    map[string]string // workload parameters by name
	// Rounds is the number of rounds, each after one warm-up pass (which
	// also reads the peak memory): exactly that many, with no precision
	// asked, so that an experiment takes the same time in every run.
	Rounds int
	// KeepDisturbed keeps the passes others disturbed among the samples
	// (run's --disturbed keep): for a claim that rests on no timing.
	KeepDisturbed bool
	// Wrong says that the experiment's parallel answers may be wrong on
	// purpose (a race): a point not verified is then the lesson, not a
	// failed measurement.
	Wrong bool
}

// Config is the run of e planned for cpus CPUs, ready for plan.Build.
func (e Experiment) Config(cpus int) (plan.Config, error) {
	spec, ok := workloads.Lookup(e.Workload)
	if !ok {
		return plan.Config{}, fmt.Errorf("this build has no %s workload", e.Workload)
	}
	c := plan.Config{Workloads: []*workloads.Spec{spec}, Params: e.Params, Workers: e.Workers,
		Mode: e.Mode, Size: plan.Size{N: e.Size}, Chunk: e.Chunk, Seed: 1, CPUs: cpus,
		// As run's --reps N: N rounds, with no precision asked for.
		Protocol: plan.Protocol{Reps: e.Rounds, Warmup: 1, MaxReps: max(e.Rounds, plan.DefaultMaxReps), AutoTime: true,
			KeepDisturbed: e.KeepDisturbed}}
	for _, name := range e.Executors {
		x, err := executor.Lookup(name)
		if err != nil {
			return plan.Config{}, err
		}
		c.Executors = append(c.Executors, x)
	}
	for _, name := range e.Schedules {
		sc, err := executor.ParseSchedule(name)
		if err != nil {
			return plan.Config{}, err
		}
		c.Schedules = append(c.Schedules, sc)
	}
	return c, nil
}

// Args is the command line of `scalebench run` that runs e, without the
// command name and without -o.
func (e Experiment) Args() []string {
	ints := func(xs []int) string {
		var s []string
		for _, x := range xs {
			s = append(s, strconv.Itoa(x))
		}
		return strings.Join(s, ",")
	}
	args := []string{e.Workload}
	if len(e.Executors) > 0 {
		args = append(args, "--executor", strings.Join(e.Executors, ","))
	}
	args = append(args, "--workers", ints(e.Workers), "--oversubscribe", "0")
	if e.Mode != "" && e.Mode != results.ModeStrong {
		args = append(args, "--mode", string(e.Mode))
	}
	if len(e.Schedules) > 0 {
		args = append(args, "--schedule", strings.Join(e.Schedules, ","))
	}
	if e.Chunk > 0 {
		args = append(args, "--chunk", strconv.Itoa(e.Chunk))
	}
	for _, k := range slices.Sorted(maps.Keys(e.Params)) {
		args = append(args, "--"+k, e.Params[k])
	}
	args = append(args, "--size", strconv.FormatInt(e.Size, 10), "--reps", strconv.Itoa(e.Rounds), "--warmup", "1")
	if e.KeepDisturbed {
		args = append(args, "--disturbed", "keep")
	}
	return args
}

// Command is the experiment as a user would type it.
func (e Experiment) Command() string {
	return "scalebench run " + strings.Join(e.Args(), " ")
}

// Lesson is one claim of the seed documents and how to test it.
type Lesson struct {
	Name  string // the name given to `scalebench lessons`
	Title string
	// Claim is the lesson's claim in one sentence.
	Claim string
	// Seed cites the seed document the claim comes from.
	Seed        string
	Experiments []Experiment
	// Judge decides the claim from the measured series; it is pure.
	Judge func(Data) Verdict
	// Chart draws the measurement of the lesson.
	Chart func(Data) Chart
	// Untimed says that the claim rests on no timing (the peak memory):
	// what other processes did to the passes does not change it.
	Untimed bool
	// Theory, when set, draws the textbook curves on a slide of their
	// own before the measurement.
	Theory func() []*chart.Chart
}

// Sizes are the knobs that differ between a class on a laptop and a quick
// run on a small machine.
type Sizes struct {
	Quick bool
	CPUs  int // the logical CPUs the lessons are planned for (at least 1)
}

// pick returns quick or full by the sizes.
func pick[T any](s Sizes, quick, full T) T {
	if s.Quick {
		return quick
	}
	return full
}

// workers is the list 1, the powers of two below upTo, and upTo.
func workers(upTo int) []int { return plan.DefaultWorkers(max(upTo, 1)) }

// Names lists the lessons in their order.
func Names() []string {
	var names []string
	for _, l := range Catalog(Sizes{CPUs: 1}) {
		names = append(names, l.Name)
	}
	return names
}

// Select returns the lessons named, in the catalog's order, or all of
// them when names is empty; an unknown name is an error naming it.
func Select(all []Lesson, names []string) ([]Lesson, error) {
	if len(names) == 0 {
		return all, nil
	}
	want := map[string]bool{}
	for _, n := range names {
		found := false
		for _, l := range all {
			found = found || l.Name == n
		}
		if !found {
			return nil, fmt.Errorf("unknown lesson %q (want %s)", n, strings.Join(Names(), ", "))
		}
		want[n] = true
	}
	var out []Lesson
	for _, l := range all {
		if want[l.Name] {
			out = append(out, l)
		}
	}
	return out, nil
}
