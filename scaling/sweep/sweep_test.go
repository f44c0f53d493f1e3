package sweep

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// journal is a fake workload that records what the sweep does with it.
type journal struct {
	mu     sync.Mutex
	events *[]string
	size   int64
	wrong  bool // Verify fails at P ≥ 2
	p      int
	closed *int
}

func (j *journal) log(s string) {
	j.mu.Lock()
	*j.events = append(*j.events, s)
	j.mu.Unlock()
}
func (j *journal) Tasks() int   { return 8 }
func (j *journal) Serial()      { j.log(fmt.Sprintf("serial(%d)", j.size)) }
func (j *journal) Begin(p int)  { j.p = p; j.log(fmt.Sprintf("P=%d(%d)", p, j.size)) }
func (j *journal) Run(int, int) {}
func (j *journal) End()         {}
func (j *journal) Close() error { *j.closed++; return nil }
func (j *journal) Verify() error {
	if j.wrong && j.p >= 2 {
		return errors.New("wrong answer")
	}
	return nil
}

func spec(events *[]string, closed *int, wrong bool) *workloads.Spec {
	return &workloads.Spec{Name: "journal", Quick: 1, Full: 1, New: func(c workloads.Config) (workloads.Instance, error) {
		if c.Size < 1 {
			return nil, &workloads.ParamError{Param: "size", Value: fmt.Sprint(c.Size), Want: "at least 1"}
		}
		return &journal{events: events, size: c.Size, wrong: wrong, closed: closed}, nil
	}}
}

func plan(s *workloads.Spec, mode results.Mode) Plan {
	return Plan{Spec: s, Mode: mode, Size: 10, Seed: 1, Executor: executor.Goroutines{},
		Options: executor.Options{Schedule: executor.Block}}
}

// TestPointOrder pins the protocol: every repetition of the serial
// reference, then every repetition of each point in turn.
func TestPointOrder(t *testing.T) {
	var events []string
	closed := 0
	var saves int
	r := &Runner{
		Config: Config{Counts: Counts([]int{1, 2}, []int{2}, 2), Reps: 2, Warmup: 1},
		Save: func(d *results.Document) error {
			saves++
			return nil
		},
	}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{plan(spec(&events, &closed, false), "strong")}); err != nil {
		t.Fatal(err)
	}
	want := strings.Repeat("serial(10) ", 3) + strings.Repeat("P=1(10) ", 3) + strings.Repeat("P=2(10) ", 3) + strings.Repeat("P=4(10) ", 3)
	if got := strings.Join(events, " ") + " "; got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
	s := doc.Series[0]
	if len(s.Serial.SamplesS) != 2 {
		t.Errorf("serial samples = %d, want 2 (warm-up not counted)", len(s.Serial.SamplesS))
	}
	var over []bool
	for _, p := range s.Points {
		if len(p.SamplesS) != 2 || !p.Verified {
			t.Errorf("P=%d: %d samples, verified %v", p.Workers, len(p.SamplesS), p.Verified)
		}
		over = append(over, p.Oversubscribed)
	}
	if !reflect.DeepEqual(over, []bool{false, false, true}) {
		t.Errorf("oversubscribed = %v", over)
	}
	if saves != 3*4+1 {
		t.Errorf("saved %d times, want after every pass (13)", saves)
	}
	if closed != 1 {
		t.Errorf("closed the instance %d times, want 1", closed)
	}
	if doc.Failed {
		t.Error("doc marked failed")
	}
}

func TestWeakModeGrowsSize(t *testing.T) {
	var events []string
	closed := 0
	r := &Runner{Config: Config{Counts: Counts([]int{1, 2, 4}, nil, 8), Reps: 1}}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{plan(spec(&events, &closed, false), "weak")}); err != nil {
		t.Fatal(err)
	}
	want := "serial(20) serial(40) serial(10) P=1(10) P=2(20) P=4(40)"
	if got := strings.Join(events, " "); got != want {
		t.Errorf("events = %s, want %s", got, want)
	}
	for _, p := range doc.Series[0].Points {
		if p.Size != 10*int64(p.Workers) {
			t.Errorf("P=%d size %d", p.Workers, p.Size)
		}
	}
	if closed != 3 {
		t.Errorf("closed %d instances, want 3 (one per size; the base one is shared)", closed)
	}
}

func TestFailedVerificationKeepsSamples(t *testing.T) {
	var events []string
	closed := 0
	path := filepath.Join(t.TempDir(), "r.json")
	r := &Runner{
		Config: Config{Counts: Counts([]int{1, 2}, nil, 2), Reps: 3},
		Save:   func(d *results.Document) error { d.Schema = results.Schema; return results.WriteFile(path, d) },
	}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{plan(spec(&events, &closed, true), "strong")}); err != nil {
		t.Fatal(err)
	}
	got, err := results.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Failed {
		t.Error("file not marked failed")
	}
	pts := got.Series[0].Points
	if !pts[0].Verified || pts[1].Verified || pts[1].Note != "wrong answer" {
		t.Errorf("verified = %v %v, note %q", pts[0].Verified, pts[1].Verified, pts[1].Note)
	}
	if len(pts[1].SamplesS) != 3 {
		t.Errorf("the failed point kept %d samples, want 3", len(pts[1].SamplesS))
	}
}

func TestInterruptLeavesCompletedSamples(t *testing.T) {
	var events []string
	closed := 0
	ctx, cancel := context.WithCancel(context.Background())
	var last *results.Document
	passes := 0
	r := &Runner{
		Config: Config{Counts: Counts([]int{1, 2}, nil, 2), Reps: 5},
		Save: func(d *results.Document) error {
			passes++
			if passes == 7 { // five serial passes, two of P=1
				cancel()
			}
			last = d
			return nil
		},
	}
	err := r.Run(ctx, &results.Document{}, []Plan{plan(spec(&events, &closed, false), "strong")})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	if !last.Interrupted {
		t.Error("document not marked interrupted")
	}
	s := last.Series[0]
	if len(s.Serial.SamplesS) != 5 || len(s.Points[0].SamplesS) != 2 || len(s.Points[1].SamplesS) != 0 {
		t.Errorf("samples kept: serial %d, P=1 %d, P=2 %d", len(s.Serial.SamplesS), len(s.Points[0].SamplesS), len(s.Points[1].SamplesS))
	}
	if closed != 1 {
		t.Error("instance not closed after the interruption")
	}
}

// TestMoreWorkersThanTasks: a point with more workers than tasks is
// measured, and records its task count so that the idle workers show.
func TestMoreWorkersThanTasks(t *testing.T) {
	var events []string
	closed := 0
	r := &Runner{Config: Config{Counts: Counts([]int{1, 16}, nil, 2), Reps: 1}}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{plan(spec(&events, &closed, false), "strong")}); err != nil {
		t.Fatal(err)
	}
	p := doc.Series[0].Points[1]
	if p.Workers != 16 || p.Tasks != 8 || len(p.SamplesS) != 1 || !p.Verified || p.Failed {
		t.Errorf("point %+v: want 16 workers, 8 tasks, measured and verified", p)
	}
}

// TestPlanCounts: a plan's own worker counts replace the shared ones.
func TestPlanCounts(t *testing.T) {
	var events []string
	closed := 0
	r := &Runner{Config: Config{Counts: Counts([]int{1, 2, 4}, nil, 4), Reps: 1}}
	p := plan(spec(&events, &closed, false), "strong")
	p.Counts = Counts([]int{1, 2}, nil, 4)
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{p}); err != nil {
		t.Fatal(err)
	}
	if n := len(doc.Series[0].Points); n != 2 {
		t.Errorf("%d points, want the plan's 2", n)
	}
}

func TestCounts(t *testing.T) {
	tests := []struct {
		workers, over []int
		cpus          int
		want          string
	}{
		{[]int{1, 2}, []int{2, 4}, 2, "[{1 false} {2 false} {4 true} {8 true}]"},
		{[]int{4, 1, 2, 2}, nil, 2, "[{1 false} {2 false} {4 true}]"},
		{[]int{1, 2, 4}, []int{1}, 4, "[{1 false} {2 false} {4 false}]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(Counts(tt.workers, tt.over, tt.cpus)); got != tt.want {
			t.Errorf("Counts(%v, %v, %d) = %s, want %s", tt.workers, tt.over, tt.cpus, got, tt.want)
		}
	}
}

// sharing is the goroutine executor with an Allocator that counts.
type sharing struct {
	executor.Goroutines
	allocs, frees *int
}

func (s sharing) Alloc(n int) ([]byte, error) { *s.allocs++; return make([]byte, n), nil }
func (s sharing) Free([]byte) error           { *s.frees++; return nil }

func TestInputsAllocatedByTheExecutorAreFreed(t *testing.T) {
	allocs, frees := 0, 0
	s := &workloads.Spec{Name: "input", Quick: 1, Full: 1, New: func(c workloads.Config) (workloads.Instance, error) {
		if _, err := c.Bytes(64); err != nil {
			return nil, err
		}
		var events []string
		closed := 0
		return &journal{events: &events, size: c.Size, closed: &closed}, nil
	}}
	p := plan(s, "weak")
	p.Executor = sharing{allocs: &allocs, frees: &frees}
	r := &Runner{Config: Config{Counts: Counts([]int{1, 2, 4}, nil, 8), Reps: 1}}
	if err := r.Run(context.Background(), &results.Document{}, []Plan{p}); err != nil {
		t.Fatal(err)
	}
	if allocs != 3 || frees != 3 {
		t.Errorf("%d inputs allocated and %d freed, want 3 and 3 (one per size)", allocs, frees)
	}
}

// startCounter is the goroutines executor counting its pools' starts and
// closes per worker count.
type startCounter struct {
	executor.Goroutines
	starts, closes map[int]int
}

type countedPool struct {
	executor.Pool
	closed func()
}

func (p countedPool) Close() error { p.closed(); return p.Pool.Close() }

func (e *startCounter) Start(ctx context.Context, job executor.Job, workers int, opt executor.Options) (executor.Pool, error) {
	e.starts[workers]++
	p, err := e.Goroutines.Start(ctx, job, workers, opt)
	if err != nil {
		return nil, err
	}
	return countedPool{p, func() { e.closes[workers]++ }}, nil
}

// TestPoolPerPoint checks that a point's pool is started once and reused
// for its warm-up and counted repetitions, and closed after them.
func TestPoolPerPoint(t *testing.T) {
	var events []string
	closed := 0
	e := &startCounter{starts: map[int]int{}, closes: map[int]int{}}
	p := plan(spec(&events, &closed, false), "strong")
	p.Executor = e
	r := &Runner{Config: Config{Counts: Counts([]int{1, 2}, nil, 2), Reps: 3, Warmup: 1}}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{p}); err != nil {
		t.Fatal(err)
	}
	want := map[int]int{1: 1, 2: 1}
	if !reflect.DeepEqual(e.starts, want) || !reflect.DeepEqual(e.closes, want) {
		t.Errorf("starts %v, closes %v; want one of each per point: %v", e.starts, e.closes, want)
	}
	for _, pt := range doc.Series[0].Points {
		if len(pt.SamplesS) != 3 {
			t.Errorf("P=%d: %d samples, want 3", pt.Workers, len(pt.SamplesS))
		}
	}
}

// timedExecutor is the goroutines executor with a Timing of its own and
// pools that report a CPU time, as the executor of a command does.
type timedExecutor struct {
	executor.Goroutines
	refs int
}

func (e *timedExecutor) TimeSerial(_ context.Context, inst workloads.Instance) (float64, error) {
	return 0.25, nil
}
func (e *timedExecutor) Reference(workloads.Instance)     { e.refs++ }
func (e *timedExecutor) Tasks(workloads.Instance) int     { return 0 }
func (e *timedExecutor) PeakRSS(workers, own int64) int64 { return 12345 }

type cpuPool struct{ executor.Pool }

func (p cpuPool) Stats() executor.Stats {
	st := p.Pool.Stats()
	st.CPU = &executor.CPUTime{UserS: 1.5, SysS: 0.5}
	return st
}

func (e *timedExecutor) Start(ctx context.Context, job executor.Job, workers int, opt executor.Options) (executor.Pool, error) {
	p, err := e.Goroutines.Start(ctx, job, workers, opt)
	if err != nil {
		return nil, err
	}
	return cpuPool{p}, nil
}

// TestExecutorTiming checks that a plan whose executor implements Timing
// is measured through it alone: its serial times, no serial reference run
// by the sweep at a weak-scaling size, its task count and its peak memory;
// and that a pool's CPU time lands in every counted sample.
func TestExecutorTiming(t *testing.T) {
	var events []string
	closed := 0
	e := &timedExecutor{}
	p := plan(spec(&events, &closed, false), "weak")
	p.Executor = e
	r := &Runner{Config: Config{Counts: Counts([]int{1, 2, 4}, nil, 4), Reps: 2, Warmup: 1}}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{p}); err != nil {
		t.Fatal(err)
	}
	s := doc.Series[0]
	if !reflect.DeepEqual(s.Serial.SamplesS, []float64{0.25, 0.25}) {
		t.Errorf("serial samples %v, want the Timing's [0.25 0.25]", s.Serial.SamplesS)
	}
	if e.refs != 2 {
		t.Errorf("%d weak-scaling references made, want 2 (at P=2 and P=4)", e.refs)
	}
	for _, ev := range events {
		if strings.HasPrefix(ev, "serial") {
			t.Errorf("the sweep ran %s itself", ev)
		}
	}
	for _, pt := range s.Points {
		if pt.Tasks != 0 || pt.PeakRSSBytes != 12345 {
			t.Errorf("P=%d: tasks %d, peak %d; want 0 and 12345", pt.Workers, pt.Tasks, pt.PeakRSSBytes)
		}
		if !reflect.DeepEqual(pt.UserS, []float64{1.5, 1.5}) || !reflect.DeepEqual(pt.SysS, []float64{0.5, 0.5}) {
			t.Errorf("P=%d: user %v sys %v, want the pool's CPU time per counted sample", pt.Workers, pt.UserS, pt.SysS)
		}
	}
}

// TestInProcessTiming checks the Timing of an executor without one: the
// sweep runs Serial itself, and a point records the instance's tasks and
// no CPU time.
func TestInProcessTiming(t *testing.T) {
	var events []string
	closed := 0
	r := &Runner{Config: Config{Counts: Counts([]int{1, 2}, nil, 2), Reps: 1}}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{plan(spec(&events, &closed, false), "weak")}); err != nil {
		t.Fatal(err)
	}
	want := "serial(20) serial(10) P=1(10) P=2(20)"
	if got := strings.Join(events, " "); got != want {
		t.Errorf("events %q, want %q (the reference at size 20 untimed, before any pass)", got, want)
	}
	for _, pt := range doc.Series[0].Points {
		if pt.Tasks != 8 || pt.UserS != nil || pt.SysS != nil {
			t.Errorf("P=%d: tasks %d user %v sys %v; want 8 tasks and no CPU time", pt.Workers, pt.Tasks, pt.UserS, pt.SysS)
		}
	}
}
