package sweep

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// tasklog is a fake workload that logs its passes and which worker ran
// which task, in order.
type tasklog struct {
	mu     sync.Mutex
	events *[]string
	tasks  int
}

func (l *tasklog) log(s string) {
	l.mu.Lock()
	*l.events = append(*l.events, s)
	l.mu.Unlock()
}
func (l *tasklog) Tasks() int    { return l.tasks }
func (l *tasklog) Serial()       { l.log("serial") }
func (l *tasklog) Begin(p int)   { l.log(fmt.Sprintf("begin(%d)", p)) }
func (l *tasklog) Run(w, t int)  { l.log(fmt.Sprintf("run(%d,%d)", w, t)) }
func (l *tasklog) End()          { l.log("end") }
func (l *tasklog) Verify() error { return nil }
func tasklogSpec(events *[]string) *workloads.Spec {
	return &workloads.Spec{Name: "tasklog", Quick: 1, Full: 1, New: func(workloads.Config) (workloads.Instance, error) {
		return &tasklog{events: events, tasks: 3}, nil
	}}
}

// TestTaskTimesPass pins where the untimed pass runs (after the warm-up,
// before the rounds, every task in order on worker 0 between Begin(1)
// and End), what it records, and that the executor's dispatch costs are
// measured once for two series.
func TestTaskTimesPass(t *testing.T) {
	var events []string
	r := &Runner{
		Meter:  unmetered,
		Config: Config{Counts: Counts([]int{1, 2}, nil, 2), Reps: 1, Warmup: 1, TaskTimes: true},
	}
	p := plan(tasklogSpec(&events), results.ModeStrong)
	doc := &results.Document{Schema: results.Schema}
	if err := r.Run(context.Background(), doc, []Plan{p, p}); err != nil {
		t.Fatal(err)
	}
	// One series: the warm-up (serial, P=1, P=2), the task times'
	// passes, then one round of three passes.
	first := events[:len(events)/2]
	passes := splitPasses(first)
	want := "begin(1) run(0,0) run(0,1) run(0,2) end"
	timing := slices.Repeat([]string{want}, TaskTimePasses)
	if len(passes) != 6+TaskTimePasses || !slices.Equal(passes[3:3+TaskTimePasses], timing) {
		t.Fatalf("passes %q, want the task times' %d passes as the fourth: %q", passes, TaskTimePasses, want)
	}
	for i, s := range doc.Series {
		tt := s.TaskTimes
		if tt == nil || tt.Tasks != 3 || len(tt.DurationsS) != 3 || tt.Ledger != nil || tt.Passes != TaskTimePasses {
			t.Fatalf("series %d: task times %+v", i, tt)
		}
		sum := 0.0
		for _, d := range tt.DurationsS {
			sum += d
		}
		if math.Abs(sum-tt.SumS) > 1e-12 || tt.MinS != slices.Min(tt.DurationsS) ||
			tt.MaxS != slices.Max(tt.DurationsS) {
			t.Errorf("series %d: sum %v min %v max %v of %v", i, tt.SumS, tt.MinS, tt.MaxS, tt.DurationsS)
		}
		var names []string
		for _, d := range s.Dispatch {
			names = append(names, d.Schedule)
		}
		if strings.Join(names, " ") != "block interleave dynamic element" {
			t.Errorf("series %d: dispatch costs of %v", i, names)
		}
	}
	if &doc.Series[0].Dispatch[0] != &doc.Series[1].Dispatch[0] {
		t.Error("the executor was calibrated for each series, not once")
	}
	if err := results.Encode(new(strings.Builder), doc); err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(); err != nil {
		t.Errorf("the document does not validate: %v", err)
	}
}

// splitPasses joins the events of every pass: a serial run, or Begin to
// End.
func splitPasses(events []string) []string {
	var out []string
	var cur []string
	for _, e := range events {
		cur = append(cur, e)
		if e == "serial" || e == "end" {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
	}
	return out
}

// TestTaskTimesOnlyWhereTheyApply checks that no task times are recorded
// unless asked for, in weak mode, or for a plan whose executor times its
// own work.
func TestTaskTimesOnlyWhereTheyApply(t *testing.T) {
	var events []string
	for _, c := range []struct {
		name string
		on   bool
		mode results.Mode
		exec executor.Executor
	}{
		{"not asked for", false, results.ModeStrong, executor.Goroutines{}},
		{"weak mode", true, results.ModeWeak, executor.Goroutines{}},
		{"an executor with its own timing", true, results.ModeStrong, ownTiming{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &Runner{Meter: unmetered, Config: Config{Counts: Counts([]int{1}, nil, 2), Reps: 1, TaskTimes: c.on}}
			p := plan(tasklogSpec(&events), c.mode)
			p.Executor = c.exec
			doc := &results.Document{}
			if err := r.Run(context.Background(), doc, []Plan{p}); err != nil {
				t.Fatal(err)
			}
			if s := doc.Series[0]; s.TaskTimes != nil || s.Dispatch != nil {
				t.Errorf("recorded task times %+v and dispatch %+v", s.TaskTimes, s.Dispatch)
			}
		})
	}
}

// ownTiming is the goroutines executor with a Timing of its own, as the
// command executor has.
type ownTiming struct{ executor.Goroutines }

func (ownTiming) TimeSerial(_ context.Context, inst workloads.Instance) (float64, error) {
	inst.Serial()
	return 1, nil
}
func (ownTiming) Reference(inst workloads.Instance) { inst.Serial() }
func (ownTiming) Tasks(inst workloads.Instance) int { return inst.Tasks() }
func (ownTiming) PeakRSS(workers, own int64) int64  { return workers + own }

// TestTaskTimesInterrupted interrupts the untimed pass: Run returns the
// interrupt with no task times and the document marked interrupted.
func TestTaskTimesInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	began := 0
	p := hookPlan(hooked{tasks: 4,
		begin: func(_ *hooked, _ int) { began++ },
		run: func(h *hooked) {
			if began == 2 { // the warm-up's pass, then the task times'
				cancel()
				h.stop.Sleep(time.Minute)
			}
		}})
	r := &Runner{
		Meter:  unmetered,
		Config: Config{Counts: Counts([]int{1}, nil, 1), Reps: 1, Warmup: 1, TaskTimes: true},
	}
	doc := &results.Document{}
	err := runWithin(t, ctx, r, doc, p)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want the interrupt", err)
	}
	if !doc.Interrupted || doc.Series[0].TaskTimes != nil {
		t.Errorf("interrupted %v, task times %+v", doc.Interrupted, doc.Series[0].TaskTimes)
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		xs   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{2, 90, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(c.xs); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.xs, got, c.want)
		}
	}
}

func TestSummarizeTaskTimes(t *testing.T) {
	tt := &results.TaskTimes{ClockS: 1e-9}
	summarizeTaskTimes(tt, []float64{0.5e-9, 3e-9, 2e-9})
	if !slices.Equal(tt.DurationsS, []float64{0, 2e-9, 1e-9}) || math.Abs(tt.SumS-3e-9) > 1e-20 || tt.MinS != 0 ||
		tt.MaxS != 2e-9 {
		t.Errorf("clock taken off: %+v", tt)
	}
	n := 2*results.MaxTaskTimes + 3
	d := make([]float64, n)
	for i := range d {
		d[i] = float64(i%4) * 1e-3 // 0, 1, 2, 3 ms
	}
	tt = &results.TaskTimes{Tasks: n}
	summarizeTaskTimes(tt, d)
	if tt.DurationsS != nil || tt.Group != 3 || len(tt.GroupsS) != (n+2)/3 {
		t.Fatalf("%d tasks: durations %d, groups of %d: %d", n, len(tt.DurationsS), tt.Group, len(tt.GroupsS))
	}
	if math.Abs(tt.GroupsS[0]-3e-3) > 1e-15 || math.Abs(tt.GroupsS[1]-4e-3) > 1e-15 {
		t.Errorf("first groups %v, want 3 ms (0+1+2) and 4 ms (3+0+1)", tt.GroupsS[:2])
	}
	h := tt.Histogram
	total := h.Zero
	for _, c := range h.Counts {
		total += c
	}
	if total != int64(n) || h.Zero != int64((n+3)/4) || h.Counts[0] == 0 || h.Counts[len(h.Counts)-1] == 0 {
		t.Errorf("histogram %+v of %d tasks", h, n)
	}
	if lo := results.BinLowS(h.First); lo > 1e-3 || results.BinLowS(h.First+1) <= 1e-3 {
		t.Errorf("first bin from %v, want the bin of 1 ms", lo)
	}
	if err := (&results.Document{Schema: results.Schema, Series: []results.Series{{TaskTimes: tt}}}).Validate(); err != nil {
		t.Error(err)
	}
}
