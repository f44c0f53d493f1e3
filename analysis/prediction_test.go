package analysis

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/predict"
	"github.com/scalebench/scalebench/results"
)

// risingSeries is a series of eight tasks of 1 to 8 s under a dynamic
// queue, 1 s of serial work, measured at 1, 2 and 4 workers.
func risingSeries() *results.Series {
	return &results.Series{Workload: "w", Mode: results.ModeStrong, Executor: "goroutines", Schedule: "dynamic", Chunk: 1,
		TaskTimes: &results.TaskTimes{Tasks: 8, SumS: 36, MinS: 1, MaxS: 8, BeginS: 0.75, EndS: 0.25,
			DurationsS: []float64{1, 2, 3, 4, 5, 6, 7, 8}},
		Points: []results.Point{
			{Workers: 1, Tasks: 8, SamplesS: []float64{37, 36.9, 37.1}},
			{Workers: 2, Tasks: 8, SamplesS: []float64{22, 22, 22}},
			{Workers: 4, Tasks: 8, SamplesS: []float64{13}, Oversubscribed: true},
		}}
}

func TestPredict(t *testing.T) {
	p, err := Predict(risingSeries(), PredictOptions{MaxWorkers: 8})
	if err != nil {
		t.Fatal(err)
	}
	if p.Label != PredictionLabel || p.SerialS != 1 || p.WorkS != 37 || p.SpanS != 9 || p.Schedule != predict.Dynamic {
		t.Errorf("prediction %+v", p.Curve)
	}
	var workers []int
	for _, q := range p.Points {
		workers = append(workers, q.Workers)
	}
	if !slices.Equal(workers, []int{1, 2, 3, 4, 5, 6, 7, 8}) {
		t.Errorf("predicted at %v", workers)
	}
	var names []string
	for _, pl := range p.Schedules {
		names = append(names, string(pl.Schedule))
	}
	if strings.Join(names, " ") != "dynamic block interleave element" {
		t.Errorf("schedules %v, the series' own first", names)
	}
	// At two workers: dynamic 1+20, block 1+26, interleave 1+20, element
	// 1+20; the series' own is first among equals.
	if at2 := p.Times[1]; !slices.Equal(at2.TimesS, []float64{21, 27, 21, 21}) || at2.Fastest != 0 {
		t.Errorf("times at P=2: %+v", at2)
	}
	want := []Check{
		{Workers: 1, MeasuredS: 37, PredictedS: 37, Error: 0, Speedup: 1, WithinBound: true},
		{Workers: 2, MeasuredS: 22, PredictedS: 21, Error: 21.0/22 - 1, Speedup: 37.0 / 22, WithinBound: true},
		{Workers: 4, Oversubscribed: true, MeasuredS: 13, PredictedS: 13, Error: 0, Speedup: 37.0 / 13, WithinBound: true},
	}
	if !slices.EqualFunc(p.Measured, want, func(a, b Check) bool {
		e := a.Error - b.Error
		a.Error, b.Error = 0, 0
		return a == b && math.Abs(e) < 1e-12
	}) {
		t.Errorf("checks %+v, want %+v", p.Measured, want)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "dispatch costs were not measured") {
		t.Errorf("warnings %q", p.Warnings)
	}
}

func TestPredictCosts(t *testing.T) {
	s := risingSeries()
	s.Executor, s.Schedule = "processes", "block"
	for i := range s.Points {
		s.Points[i].BytesSent, s.Points[i].BytesReceived = 160, 80 // 30 bytes a task
	}
	s.Dispatch = []results.Dispatch{
		{Schedule: "block", PerTaskS: 0.01, PerChunkS: 0.5, PerWorkerS: 0.25, PerByteS: 0.001, BytesPerTask: 10},
		{Schedule: "element", PerTaskS: 0.02, DispatcherS: 0.02},
	}
	s.Points = s.Points[1:] // no one-worker point
	s.TaskTimes.BeginS, s.TaskTimes.EndS = 0.5, 0.25
	p, err := Predict(s, PredictOptions{MaxWorkers: 4, Chunk: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := predict.Costs{PerTask: 0.01 + 0.001*20, PerChunk: 0.5, PerWorker: 0.25}
	if got := p.Schedules[0].Costs; math.Abs(got.PerTask-want.PerTask) > 1e-15 || got.PerChunk != want.PerChunk ||
		got.PerWorker != want.PerWorker {
		t.Errorf("block's costs %+v, want %+v", got, want)
	}
	if el := p.Schedules[3]; el.Schedule != predict.Element || el.Costs.Dispatcher != 0.02 {
		t.Errorf("element %+v", el)
	}
	if dyn := p.Schedules[2]; dyn.Schedule != predict.Dynamic || dyn.Chunk != 3 {
		t.Errorf("dynamic compared with chunks of %d, want the 3 asked for", dyn.Chunk)
	}
	if p.SerialS != 0.75 || len(p.Warnings) != 0 {
		t.Errorf("serial %v, warnings %q", p.SerialS, p.Warnings)
	}
}

func TestPredictGroups(t *testing.T) {
	s := risingSeries()
	s.TaskTimes.DurationsS = nil
	s.TaskTimes.Group, s.TaskTimes.GroupsS = 2, []float64{3, 7, 11, 15}
	p, err := Predict(s, PredictOptions{MaxWorkers: 2})
	if err != nil {
		t.Fatal(err)
	}
	// Chunks of one task are replayed as whole groups of two: 3+11 and
	// 7+15 on two workers.
	if p.SpanS != 9 || p.Points[1].TimeS != 23 {
		t.Errorf("span %v, T(2) %v", p.SpanS, p.Points[1].TimeS)
	}
}

func TestPredictNone(t *testing.T) {
	weak := risingSeries()
	weak.Mode = results.ModeWeak
	none := risingSeries()
	none.TaskTimes = nil
	for _, s := range []*results.Series{weak, none} {
		if p, err := Predict(s, PredictOptions{}); p != nil || !errors.Is(err, ErrNoTaskTimes) {
			t.Errorf("%v, %v: want ErrNoTaskTimes", p, err)
		}
	}
	odd := risingSeries()
	odd.Schedule = "guided"
	if p, err := Predict(odd, PredictOptions{}); p != nil || err == nil || errors.Is(err, ErrNoTaskTimes) {
		t.Errorf("unknown schedule: %v, %v", p, err)
	}
	bad := risingSeries()
	bad.TaskTimes.DurationsS[0] = -1
	if p, err := Predict(bad, PredictOptions{}); p != nil || !errors.Is(err, predict.ErrBadInput) {
		t.Errorf("negative task time: %v, %v", p, err)
	}
}

// TestPredictCPUGrowth: a pass that takes more CPU time on more workers
// than on one (the ledger's cpu_s) is contention the task times do not
// show: each check carries the growth, and a growth above CPUGrowthMax
// within the CPUs is a warning. Waiting tasks, whose one-worker pass is
// mostly off the CPU, warn of nothing.
func TestPredictCPUGrowth(t *testing.T) {
	ledgers := func(cpu ...float64) []*results.Ledger {
		var out []*results.Ledger
		for _, c := range cpu {
			out = append(out, &results.Ledger{CPUS: c})
		}
		return out
	}
	s := risingSeries()
	s.Points[0].Ledger = ledgers(37, 36.8, 37.2)
	s.Points[1].Ledger = ledgers(46, 46.5, 45.5)
	s.Points[2].Ledger = ledgers(60)
	p, err := Predict(s, PredictOptions{MaxWorkers: 8})
	if err != nil {
		t.Fatal(err)
	}
	var growth []float64
	for _, k := range p.Measured {
		growth = append(growth, math.Round(100*k.CPUGrowth)/100)
	}
	if !slices.Equal(growth, []float64{1, 1.24, 1.62}) {
		t.Errorf("CPU growth %v, want [1 1.24 1.62]", growth)
	}
	var warned []string
	for _, w := range p.Warnings {
		if strings.Contains(w, "more CPU time than on one") {
			warned = append(warned, w)
		}
	}
	if len(warned) != 1 || !strings.HasPrefix(warned[0], "on 2 workers a pass took 24% more CPU time") {
		t.Errorf("warnings %q, want one at 2 workers (4 are oversubscribed)", warned)
	}
	s.Points[0].Ledger = ledgers(3, 3, 3) // waiting tasks
	s.Points[1].Ledger = ledgers(6, 6, 6)
	if p, err = Predict(s, PredictOptions{MaxWorkers: 8}); err != nil || slices.ContainsFunc(p.Warnings,
		func(w string) bool { return strings.Contains(w, "more CPU time") }) {
		t.Errorf("waiting tasks: warnings %q (err %v)", p.Warnings, err)
	}
}
