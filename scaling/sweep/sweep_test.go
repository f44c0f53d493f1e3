package sweep

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// unmetered reads no ledger: no pass is ever disturbed, so that the
// tests that count passes count them on a busy machine too.
var unmetered = &Meter{FS: fstest.MapFS{}}

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
	return &workloads.Spec{
		Name:  "journal",
		Quick: 1,
		Full:  1,
		New: func(c workloads.Config) (workloads.Instance, error) {
			if c.Size < 1 {
				return nil, &workloads.ParamError{Param: "size", Value: fmt.Sprint(c.Size), Want: "at least 1"}
			}
			return &journal{events: events, size: c.Size, wrong: wrong, closed: closed}, nil
		},
	}
}

func plan(s *workloads.Spec, mode results.Mode) Plan {
	return Plan{Spec: s, Mode: mode, Size: 10, Seed: 1, Executor: executor.Goroutines{},
		Options: executor.Options{Schedule: executor.Block}}
}

// TestPointOrder pins the protocol: the warm-up of the serial reference
// and then of every point in ascending order, then rounds that each run
// the serial reference and every point once, in an order drawn from the
// seed, the same for the same seed.
func TestPointOrder(t *testing.T) {
	run := func(seed uint64) ([]string, *results.Document, int) {
		var events []string
		closed := 0
		var saves int
		r := &Runner{Meter: unmetered,
			Config: Config{Counts: Counts([]int{1, 2}, []int{2}, 2), Reps: 3, Warmup: 1, Seed: seed},
			Save:   func(*results.Document) error { saves++; return nil },
		}
		doc := &results.Document{}
		if err := r.Run(context.Background(), doc, []Plan{plan(spec(&events, &closed, false), "strong")}); err != nil {
			t.Fatal(err)
		}
		if closed != 1 {
			t.Errorf("closed the instance %d times, want 1", closed)
		}
		return events, doc, saves
	}
	events, doc, saves := run(1)
	if got, want := strings.Join(events[:4], " "), "serial(10) P=1(10) P=2(10) P=4(10)"; got != want {
		t.Errorf("warm-up %s, want %s", got, want)
	}
	orders := map[string]bool{}
	for k := range 3 {
		round := slices.Clone(events[4+4*k : 8+4*k])
		orders[strings.Join(round, " ")] = true
		slices.Sort(round)
		if got := strings.Join(round, " "); got != "P=1(10) P=2(10) P=4(10) serial(10)" {
			t.Errorf("round %d ran %s, want each pass once", k, got)
		}
	}
	if len(orders) < 2 {
		t.Errorf("every round ran in the same order: %v", orders)
	}
	again, _, _ := run(1)
	if !slices.Equal(events, again) {
		t.Errorf("the same seed gave another order:\n%v\n%v", events, again)
	}
	other, _, _ := run(2)
	if slices.Equal(events, other) {
		t.Error("another seed gave the same order")
	}
	s := doc.Series[0]
	if len(s.Serial.SamplesS) != 3 || !slices.Equal(s.Serial.Rounds, []int{0, 1, 2}) {
		t.Errorf(
			"serial samples %v in rounds %v, want 3 in rounds 0, 1, 2 (warm-up not counted)",
			s.Serial.SamplesS,
			s.Serial.Rounds,
		)
	}
	var over []bool
	for _, p := range s.Points {
		if len(p.SamplesS) != 3 || !p.Verified || !slices.Equal(p.Rounds, []int{0, 1, 2}) || len(p.Ledger) != 3 {
			t.Errorf(
				"P=%d: %d samples in rounds %v, %d ledgers, verified %v",
				p.Workers,
				len(p.SamplesS),
				p.Rounds,
				len(p.Ledger),
				p.Verified,
			)
		}
		over = append(over, p.Oversubscribed)
	}
	if !reflect.DeepEqual(over, []bool{false, false, true}) {
		t.Errorf("oversubscribed = %v", over)
	}
	if pr := s.Protocol; pr == nil || pr.Rounds != 3 || pr.Stopped != results.StopRounds ||
		pr.Pools != results.PoolsKept {
		t.Errorf("protocol %+v, want 3 rounds stopped as asked, pools kept", pr)
	}
	if saves < 12 {
		t.Errorf("saved %d times, want after every counted pass (12)", saves)
	}
	if doc.Failed {
		t.Error("doc marked failed")
	}
}

// sortedRounds checks that events, after head, are rounds of the given
// passes, each pass once per round.
func checkRounds(t *testing.T, events []string, head int, passes ...string) {
	t.Helper()
	if (len(events)-head)%len(passes) != 0 {
		t.Fatalf("events %v: not whole rounds of %v after %d", events, passes, head)
	}
	want := slices.Sorted(slices.Values(passes))
	for k := head; k < len(events); k += len(passes) {
		got := slices.Sorted(slices.Values(events[k : k+len(passes)]))
		if !slices.Equal(got, want) {
			t.Errorf("round at %d ran %v, want %v", k, events[k:k+len(passes)], passes)
		}
	}
}

func TestWeakModeGrowsSize(t *testing.T) {
	var events []string
	closed := 0
	r := &Runner{Meter: unmetered, Config: Config{Counts: Counts([]int{1, 2, 4}, nil, 8), Reps: 1}}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{plan(spec(&events, &closed, false), "weak")}); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(events[:2], " "), "serial(20) serial(40)"; got != want {
		t.Errorf("references %s, want %s, untimed, before any pass", got, want)
	}
	checkRounds(t, events, 2, "serial(10)", "P=1(10)", "P=2(20)", "P=4(40)")
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
	r := &Runner{Meter: unmetered,
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
	r := &Runner{Meter: unmetered,
		Config: Config{Counts: Counts([]int{1, 2}, nil, 2), Reps: 5},
		Save: func(d *results.Document) error {
			passes++
			if passes == 7 {
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
	// Every save after a counted pass holds its sample (saves after a
	// round add none): the samples kept are the passes run, up to the
	// one the cancellation stopped.
	s := last.Series[0]
	kept := len(s.Serial.SamplesS) + len(s.Points[0].SamplesS) + len(s.Points[1].SamplesS)
	if ran := len(events); kept != ran && kept != ran-1 {
		t.Errorf("samples kept: serial %d, P=1 %d, P=2 %d; %d passes ran", len(s.Serial.SamplesS),
			len(s.Points[0].SamplesS), len(s.Points[1].SamplesS), ran)
	}
	if kept == 0 || kept >= 15 {
		t.Errorf("%d samples kept, want some and fewer than all 15", kept)
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
	r := &Runner{Meter: unmetered, Config: Config{Counts: Counts([]int{1, 16}, nil, 2), Reps: 1}}
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
	r := &Runner{Meter: unmetered, Config: Config{Counts: Counts([]int{1, 2, 4}, nil, 4), Reps: 1}}
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
	r := &Runner{Meter: unmetered, Config: Config{Counts: Counts([]int{1, 2, 4}, nil, 8), Reps: 1}}
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

func (e *startCounter) Start(
	ctx context.Context,
	job executor.Job,
	workers int,
	opt executor.Options,
) (executor.Pool, error) {
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
	r := &Runner{Meter: unmetered, Config: Config{Counts: Counts([]int{1, 2}, nil, 2), Reps: 3, Warmup: 1}}
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

// procsLike is a startCounter that goes by the name of the processes
// executor, whose pools the sweep keeps only while memory allows.
type procsLike struct{ *startCounter }

func (procsLike) Name() string { return "processes" }

// TestPoolsPerRound: when the points' worker processes together would
// need more memory than there is, every round starts each point's pool,
// warms it up and closes it, outside the timing.
func TestPoolsPerRound(t *testing.T) {
	var events []string
	closed := 0
	e := &startCounter{starts: map[int]int{}, closes: map[int]int{}}
	p := plan(spec(&events, &closed, false), "strong")
	p.Spec.Memory = func(workloads.Config) (workloads.Footprint, error) {
		return workloads.Footprint{PerWorker: 1 << 60}, nil
	}
	p.Executor = procsLike{e}
	r := &Runner{Meter: unmetered, Config: Config{Counts: Counts([]int{1, 2}, nil, 2), Reps: 3, Warmup: 1}}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{p}); err != nil {
		t.Fatal(err)
	}
	want := map[int]int{1: 4, 2: 4} // the warm-up's and each round's
	if !reflect.DeepEqual(e.starts, want) || !reflect.DeepEqual(e.closes, want) {
		t.Errorf("starts %v, closes %v; want %v", e.starts, e.closes, want)
	}
	// Warm-up: serial, P=1, P=2; then three rounds of serial and each
	// point twice, its warm-up and its counted pass.
	if len(events) != 3+3*5 {
		t.Errorf("%d passes, want 18: %v", len(events), events)
	}
	if pr := doc.Series[0].Protocol; pr.Pools != results.PoolsPerRound {
		t.Errorf("pools %q, want %q", pr.Pools, results.PoolsPerRound)
	}
}

// TestRoundsStop: past the rounds asked for, rounds go on while Enough
// says the answer is not precise enough, up to MaxReps rounds and while
// the next round would end within MaxTime.
func TestRoundsStop(t *testing.T) {
	tests := []struct {
		name    string
		enough  func(*results.Series) bool
		maxReps int
		maxTime time.Duration
		rounds  int
		stopped results.Stop
	}{
		{"no precision asked", nil, 10, 0, 3, results.StopRounds},
		{"precise at once", func(*results.Series) bool { return true }, 10, 0, 3, results.StopPrecision},
		{
			"precise after 5",
			func(s *results.Series) bool { return len(s.Serial.SamplesS) >= 5 },
			10,
			0,
			5,
			results.StopPrecision,
		},
		{"never precise", func(*results.Series) bool { return false }, 7, 0, 7, results.StopMaxRounds},
		// Every round takes 4 ticks of the fake clock (one per pass):
		// after 4 rounds, 16 ticks, a fifth would end at 20 > 18.
		{"out of time", func(*results.Series) bool { return false }, 100, 18 * time.Second, 4, results.StopMaxTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var events []string
			closed := 0
			var clock time.Time
			r := &Runner{
				Meter: unmetered,
				Config: Config{
					Counts:  Counts([]int{1, 2, 4}, nil, 4),
					Reps:    3,
					MaxReps: tt.maxReps,
					MaxTime: tt.maxTime,
				},
				Enough: tt.enough,
				Now:    func() time.Time { return clock },
			}
			r.Progress = func(Progress) { clock = clock.Add(time.Second) }
			doc := &results.Document{}
			if err := r.Run(context.Background(), doc, []Plan{plan(spec(&events, &closed, false), "strong")}); err != nil {
				t.Fatal(err)
			}
			s := doc.Series[0]
			if s.Protocol.Rounds != tt.rounds || s.Protocol.Stopped != tt.stopped ||
				len(s.Points[2].SamplesS) != tt.rounds {
				t.Errorf("%d rounds, stopped %q, %d samples at P=4; want %d rounds, stopped %q",
					s.Protocol.Rounds, s.Protocol.Stopped, len(s.Points[2].SamplesS), tt.rounds, tt.stopped)
			}
		})
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

func (e *timedExecutor) Start(
	ctx context.Context,
	job executor.Job,
	workers int,
	opt executor.Options,
) (executor.Pool, error) {
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
	r := &Runner{Meter: unmetered, Config: Config{Counts: Counts([]int{1, 2, 4}, nil, 4), Reps: 2, Warmup: 1}}
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
	r := &Runner{Meter: unmetered, Config: Config{Counts: Counts([]int{1, 2}, nil, 2), Reps: 1}}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{plan(spec(&events, &closed, false), "weak")}); err != nil {
		t.Fatal(err)
	}
	if events[0] != "serial(20)" {
		t.Errorf("events %q: want the reference at size 20 first, untimed, before any pass", events)
	}
	checkRounds(t, events, 1, "serial(10)", "P=1(10)", "P=2(20)")
	for _, pt := range doc.Series[0].Points {
		if pt.Tasks != 8 || pt.UserS != nil || pt.SysS != nil {
			t.Errorf(
				"P=%d: tasks %d user %v sys %v; want 8 tasks and no CPU time",
				pt.Workers,
				pt.Tasks,
				pt.UserS,
				pt.SysS,
			)
		}
	}
}
