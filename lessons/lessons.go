package lessons

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/report/chart"
)

// Experiment is one `scalebench run` command line of a lesson; its result
// file is named after the lesson and the experiment.
type Experiment struct {
	Name      string   // short name, part of the result file's name
	Workload  string   // the workload run
	Executors []string // executors the series run on; nil: goroutines
	Args      []string // the rest of run's command line
	// Wrong says that the experiment's parallel answers may be wrong on
	// purpose (a race): a point not verified is then the lesson, not a
	// failed measurement.
	Wrong bool
}

// RunArgs is the command line of `scalebench run` without the command
// name and without -o.
func (e Experiment) RunArgs() []string {
	args := []string{e.Workload}
	if len(e.Executors) > 0 {
		args = append(args, "--executor", strings.Join(e.Executors, ","))
	}
	return append(args, e.Args...)
}

// Command is the experiment as a user would type it.
func (e Experiment) Command() string {
	return "scalebench run " + strings.Join(e.RunArgs(), " ")
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

// rounds is the number of rounds of an experiment at quick or full
// sizes. An experiment runs exactly that many (--reps without
// --precision): short passes and many rounds, so that each round's
// passes see the same state of the machine and their ratios pair well.
func (s Sizes) rounds(quick, full int) int {
	if s.Quick {
		return quick
	}
	return full
}

// pick returns quick or full by the sizes.
func (s Sizes) pick(quick, full string) string {
	if s.Quick {
		return quick
	}
	return full
}

// workers is the list 1, the powers of two below upTo, and upTo.
func workers(upTo int) string {
	list := []string{"1"}
	for p := 2; p < upTo; p *= 2 {
		list = append(list, strconv.Itoa(p))
	}
	if upTo > 1 {
		list = append(list, strconv.Itoa(upTo))
	}
	return strings.Join(list, ",")
}

// exp builds an experiment whose flags are args, the worker list and the
// rounds, after one warm-up pass (which also reads the peak memory).
func (s Sizes) exp(name, workload string, execs []string, workerList string, rounds int, args ...string) Experiment {
	a := append([]string{"--workers", workerList, "--oversubscribe", "0"}, args...)
	a = append(a, "--reps", strconv.Itoa(rounds), "--warmup", "1")
	return Experiment{Name: name, Workload: workload, Executors: execs, Args: a}
}

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
