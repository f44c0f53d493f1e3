package sweep

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads"
)

// hooked is a fake workload whose work is what its hooks do; stop is the
// Stop it was built with.
type hooked struct {
	tasks  int
	stop   *workloads.Stop
	serial func(h *hooked)
	begin  func(h *hooked, p int)
	run    func(h *hooked)
	closed *int
}

func (h *hooked) Tasks() int { return h.tasks }
func (h *hooked) Serial() {
	if h.serial != nil {
		h.serial(h)
	}
}
func (h *hooked) Begin(p int) {
	if h.begin != nil {
		h.begin(h, p)
	}
}
func (h *hooked) Run(int, int) {
	if h.run != nil {
		h.run(h)
	}
}
func (h *hooked) End()          {}
func (h *hooked) Verify() error { return nil }
func (h *hooked) Close() error  { *h.closed++; return nil }

// hookPlan is the plan of a hooked workload made by proto.
func hookPlan(proto hooked) Plan {
	s := &workloads.Spec{Name: "hooked", Quick: 1, Full: 1, New: func(c workloads.Config) (workloads.Instance, error) {
		h := proto
		h.stop = c.Stop
		if h.closed == nil {
			h.closed = new(int)
		}
		return &h, nil
	}}
	return plan(s, "strong")
}

// runWithin runs r and fails the test when Run has not returned within a
// generous deadline: the run did not stop.
func runWithin(t *testing.T, ctx context.Context, r *Runner, doc *results.Document, p Plan) error {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- r.Run(ctx, doc, []Plan{p}) }()
	select {
	case err := <-errc:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10 s")
		return nil
	}
}

// TestLongSerialReferenceStops interrupts the serial reference of real
// workloads at sizes that would take minutes or hours: Run must return,
// with no serial sample and the document marked interrupted.
func TestLongSerialReferenceStops(t *testing.T) {
	tests := []struct {
		name   string
		params map[string]string
		size   int64
	}{
		{"pi", nil, 1e12},
		{"powern", nil, 1e6},
		{"synthetic", map[string]string{"serial-fraction": "0.1"}, 1e10},
		{"rowgrid", map[string]string{"rows": "46", "cols": "10", "rows-per-task": "3"}, 1e13},
		{"counter", map[string]string{"variant": "mutex"}, 1e13},
		{"outer", map[string]string{"outer-n": "2000"}, 1e5},
		{"sleep", map[string]string{"sleep": "1h"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, ok := workloads.Lookup(tt.name)
			if !ok {
				t.Fatalf("no workload %s", tt.name)
			}
			params, err := spec.Resolve(tt.params)
			if err != nil {
				t.Fatal(err)
			}
			p := plan(spec, "strong")
			p.Params, p.Size = params, tt.size
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			time.AfterFunc(100*time.Millisecond, cancel)
			var saved *results.Document
			r := &Runner{Meter: unmetered, Config: Config{Counts: Counts([]int{1}, nil, 2), Reps: 1},
				Save: func(d *results.Document) error { saved = d; return nil }}
			err = runWithin(t, ctx, r, &results.Document{}, p)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Run = %v, want context.Canceled", err)
			}
			if saved == nil || !saved.Interrupted || len(saved.Series) != 1 ||
				len(saved.Series[0].Serial.SamplesS) != 0 {
				t.Errorf("saved %+v, want one series marked interrupted without a serial sample", saved)
			}
		})
	}
}

// TestGoroutinePointTimesOut times out a point on the goroutines
// executor, once with tasks that ignore every Stop (the executor must
// stop handing them out) and once with one task that waits on its Stop.
func TestGoroutinePointTimesOut(t *testing.T) {
	tests := map[string]hooked{
		"many short tasks": {tasks: 10_000, run: func(*hooked) { time.Sleep(10 * time.Millisecond) }},
		"one long task":    {tasks: 2, run: func(h *hooked) { h.stop.Sleep(time.Hour) }},
	}
	for name, proto := range tests {
		t.Run(name, func(t *testing.T) {
			r := &Runner{
				Meter:  unmetered,
				Config: Config{Counts: Counts([]int{1, 2}, nil, 2), Reps: 2, Timeout: 200 * time.Millisecond},
			}
			doc := &results.Document{}
			if err := runWithin(t, context.Background(), r, doc, hookPlan(proto)); err != nil {
				t.Fatalf("Run = %v, want the points marked failed", err)
			}
			// Once every point failed, no round is left to run.
			s := doc.Series[0]
			if len(s.Serial.SamplesS) != 1 || !doc.Failed || s.Protocol.Stopped != results.StopFailed {
				t.Errorf(
					"serial samples %d, failed %v, stopped %q; want one round",
					len(s.Serial.SamplesS),
					doc.Failed,
					s.Protocol.Stopped,
				)
			}
			for _, pt := range s.Points {
				if !pt.Failed || pt.Error != "timed out after 200ms" || len(pt.SamplesS) != 0 {
					t.Errorf(
						"P=%d: failed %v, error %q, %d samples; want a timeout",
						pt.Workers,
						pt.Failed,
						pt.Error,
						len(pt.SamplesS),
					)
				}
			}
		})
	}
}

func TestSerialReferenceTimesOut(t *testing.T) {
	proto := hooked{tasks: 2, serial: func(h *hooked) { h.stop.Sleep(time.Hour) }}
	r := &Runner{
		Meter:  unmetered,
		Config: Config{Counts: Counts([]int{1}, nil, 2), Reps: 1, Timeout: 200 * time.Millisecond},
	}
	err := runWithin(t, context.Background(), r, &results.Document{}, hookPlan(proto))
	if err == nil || err.Error() != "serial reference timed out after 200ms" {
		t.Errorf("Run = %v, want the serial reference timed out", err)
	}
}

// TestInterruptedPassIsDiscarded interrupts a pass of P=2: its sample is
// not recorded and the point is not marked failed. (P=1 may have run
// before it in the round, or not.)
func TestInterruptedPassIsDiscarded(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	proto := hooked{tasks: 2, begin: func(_ *hooked, p int) {
		if p == 2 {
			cancel()
		}
	}}
	r := &Runner{Meter: unmetered, Config: Config{Counts: Counts([]int{1, 2}, nil, 2), Reps: 1}}
	doc := &results.Document{}
	if err := runWithin(t, ctx, r, doc, hookPlan(proto)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	pts := doc.Series[0].Points
	if len(pts[0].SamplesS) > 1 || len(pts[1].SamplesS) != 0 || pts[1].Failed || doc.Failed || !doc.Interrupted {
		t.Errorf("P=1 %d samples, P=2 %d samples, failed %v; document failed %v, interrupted %v",
			len(pts[0].SamplesS), len(pts[1].SamplesS), pts[1].Failed, doc.Failed, doc.Interrupted)
	}
}

// stuck is a hooked workload whose serial run ignores its Stop until the
// test ends; started receives when it begins.
func stuck(t *testing.T) (hooked, <-chan struct{}, *int) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	started := make(chan struct{}, 1)
	closed := new(int)
	return hooked{tasks: 2, closed: closed, serial: func(*hooked) {
		started <- struct{}{}
		<-release
	}}, started, closed
}

func TestGraceAbandonsStuckPass(t *testing.T) {
	proto, started, closed := stuck(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-started
		cancel()
	}()
	var saved *results.Document
	r := &Runner{
		Meter:  unmetered,
		Config: Config{Counts: Counts([]int{1}, nil, 2), Reps: 1},
		Grace:  50 * time.Millisecond,
		Save:   func(d *results.Document) error { saved = d; return nil },
	}
	if err := runWithin(t, ctx, r, &results.Document{}, hookPlan(proto)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	if saved == nil || !saved.Interrupted {
		t.Error("document not saved marked interrupted")
	}
	if *closed != 0 {
		t.Error("the instance of the abandoned pass was closed while in use")
	}
}

func TestForceAbandonsAtOnce(t *testing.T) {
	proto, started, _ := stuck(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	force := make(chan struct{})
	go func() {
		<-started
		cancel()
		close(force)
	}()
	var saved *results.Document
	r := &Runner{
		Meter:  unmetered,
		Config: Config{Counts: Counts([]int{1}, nil, 2), Reps: 1},
		Grace:  time.Hour,
		Force:  force,
		Save:   func(d *results.Document) error { saved = d; return nil },
	}
	if err := runWithin(t, ctx, r, &results.Document{}, hookPlan(proto)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v, want context.Canceled", err)
	}
	if saved == nil || !saved.Interrupted {
		t.Errorf("saved %+v, want the document marked interrupted", saved)
	}
}
