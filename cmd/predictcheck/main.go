// Command predictcheck sets the predictions from task times in result
// files beside what was measured, and checks them (see the README,
// "Predicting past the machine"):
//
//	$ go run ./cmd/predictcheck results/runs/predict/waitrows.json results/runs/predict/pi.json
//
// Series that differ only in their schedule form one table: at every
// measured worker count, each schedule's measured and predicted time and
// their error, the median absolute error of each schedule over them, and
// the fastest schedule measured and predicted. Every other series gets a
// line at --at workers: measured and predicted time, their error, and
// whether the prediction and the measurement lie within the work and
// span bound. The tables are Markdown. The exit status is 1 when a check
// fails: a median absolute error or an error at --at above --max-error,
// a fastest schedule predicted that was not measured (schedules within
// --tie of each other, measured and predicted, count as a tie), a point
// beyond its bound.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/results"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "predictcheck: "+err.Error())
		os.Exit(1)
	}
}

// checks are the thresholds of the checks.
type checks struct {
	maxError, tie float64
	at            int
}

// entry is one series with its prediction.
type entry struct {
	title string
	s     *results.Series
	p     *analysis.Prediction
}

// run reads the files of args, prints the tables and returns an error
// when a check failed.
func run(args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("predictcheck", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	var c checks
	fs.Float64Var(&c.maxError, "max-error", 0.10, "the largest error `X` allowed (0.10: 10%)")
	fs.Float64Var(&c.tie, "tie", 0.01, "schedules within `X` of the fastest tie (0.01: 1%)")
	fs.IntVar(&c.at, "at", 2, "check every series that is not in a table at `N` workers")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("no result file given")
	}
	var all []entry
	for _, path := range fs.Args() {
		doc, err := results.ReadFile(path)
		if err != nil {
			return err
		}
		printEnv(stdout, path, doc)
		for i := range doc.Series {
			s := &doc.Series[i]
			p, err := analysis.Predict(s, analysis.PredictOptions{})
			if errors.Is(err, analysis.ErrNoTaskTimes) {
				continue
			}
			if err != nil {
				return fmt.Errorf("%s: %s: %w", path, analysis.Title(s), err)
			}
			all = append(all, entry{title: analysis.Title(s), s: s, p: p})
		}
	}
	var failed []string
	groups, single, err := groupBySchedule(all)
	if err != nil {
		return err
	}
	for _, g := range groups {
		failed = append(failed, scheduleTable(stdout, g, c)...)
	}
	failed = append(failed, pointTable(stdout, single, c)...)
	failed = append(failed, boundChecks(stdout, all)...)
	if len(failed) > 0 {
		fmt.Fprintf(stdout, "\nFAILED:\n- %s\n", strings.Join(failed, "\n- "))
		return fmt.Errorf("%d checks failed", len(failed))
	}
	fmt.Fprintln(stdout, "\nevery check passed")
	return nil
}

// printEnv says where and under what load the file was measured.
func printEnv(w io.Writer, path string, doc *results.Document) {
	load := "unknown"
	if c := doc.Env.CPUs; c != nil {
		load = fmt.Sprintf("load average %v, others kept %.0f%% of the CPUs busy just before", c.LoadAvg, 100*c.Busy)
	}
	fmt.Fprintf(w, "%s: %s, %d CPUs, %s, started %s\n", path, doc.Env.CPUModel, doc.Env.LogicalCPUs, load,
		doc.Env.Started.Format("2006-01-02 15:04"))
	for _, s := range doc.Series {
		fmt.Fprintf(w, "  %s: other processes used %.2f CPUs on average during its timed passes", analysis.Title(&s),
			othersDuring(&s))
		if in := analysis.InterferenceOf(&s); in.Disturbed > 0 {
			fmt.Fprintf(w, "; %s", in.Sentence(doc.Env.LogicalCPUs))
		}
		fmt.Fprintln(w)
	}
}

// othersDuring returns the CPUs other processes used on average during
// the timed passes of s that have a ledger.
func othersDuring(s *results.Series) float64 {
	var wall, others float64
	add := func(samples []float64, p results.Passes) {
		for i, l := range p.Ledger {
			if l != nil && i < len(samples) {
				wall += samples[i]
				others += l.OthersCPUS
			}
		}
	}
	if s.Serial != nil {
		add(s.Serial.SamplesS, s.Serial.Passes)
	}
	for _, p := range s.Points {
		add(p.SamplesS, p.Passes)
	}
	if wall == 0 {
		return 0
	}
	return others / wall
}

// groupBySchedule returns the series that differ only in their schedule,
// in groups of at least two, and the others. The series of a group are
// predicted again, each comparing the schedules with the dynamic chunk
// of the group's dynamic series.
func groupBySchedule(all []entry) (groups [][]entry, single []entry, err error) {
	byKey := map[string][]entry{}
	var keys []string
	for _, e := range all {
		s := *e.s
		s.Schedule, s.Chunk = "", 0
		k := analysis.Title(&s)
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], e)
	}
	for _, k := range keys {
		g := byKey[k]
		if len(g) == 1 {
			single = append(single, g...)
			continue
		}
		chunk := 1
		for _, e := range g {
			if e.s.Schedule == "dynamic" {
				chunk = max(1, e.s.Chunk)
			}
		}
		for i := range g {
			if g[i].p, err = analysis.Predict(g[i].s, analysis.PredictOptions{Chunk: chunk}); err != nil {
				return nil, nil, err
			}
		}
		groups = append(groups, g)
	}
	return groups, single, nil
}
