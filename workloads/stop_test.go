package workloads

import (
	"context"
	"io"
	"testing"
	"time"
)

// cancelled returns a context that has already ended.
func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func TestStop(t *testing.T) {
	var none *Stop
	release := none.Watch(cancelled())
	if none.Stopped() || !none.Sleep(time.Millisecond) {
		t.Error("a nil Stop stops")
	}
	release()
	s := new(Stop)
	if s.Stopped() {
		t.Error("a Stop that follows nothing is stopped")
	}
	live, cancel := context.WithCancel(context.Background())
	defer cancel()
	outer := s.Watch(live)
	if s.Stopped() {
		t.Error("stopped while its context lives")
	}
	inner := s.Watch(cancelled())
	if !s.Stopped() {
		t.Error("not stopped after its context ended")
	}
	if s.Sleep(time.Hour) {
		t.Error("Sleep waited although stopped")
	}
	inner()
	if s.Stopped() {
		t.Error("still stopped after the inner watch was released")
	}
	cancel()
	if !s.Stopped() {
		t.Error("not stopped after the outer context ended")
	}
	outer()
	if s.Stopped() {
		t.Error("stopped after every watch was released")
	}
	if !s.Sleep(time.Millisecond) {
		t.Error("Sleep gave up although not stopped")
	}
}

// stopCase is a workload at a size large enough for its loops to check
// their Stop, yet quick to run in full.
type stopCase struct {
	name   string
	params map[string]string
	size   int64
	// serial and tasks tell whether the serial algorithm and the tasks
	// are long enough to check (a task of one small matrix is not).
	serial, tasks bool
}

var stopCases = []stopCase{
	{"pi", nil, 240 * 10_000, true, true},
	{"powern", nil, 48, true, true},
	{"synthetic", map[string]string{"serial-fraction": "0.1"}, 2400, true, true},
	{"sum", nil, 8 * 240 * 1024, true, true},
	{"cbrt", nil, 4096, true, false},
	{"det", nil, 960, true, true},
	{"autocorr2d", map[string]string{"autocorr-method": "fft"}, 2, true, false},
	{"fft2", nil, 2, true, false},
	{"outer", map[string]string{"outer-n": "100"}, 4, true, true},
	{"rowgrid", nil, 46 * 10 * 100, true, true},
	{"counter", map[string]string{"variant": "mutex"}, 100 * 1000, true, true},
	{"images", nil, 2, true, false},
	{"sleep", map[string]string{"sleep": "1ms"}, 4, false, true},
}

// build makes the instance of c with stop.
func (c stopCase) build(t *testing.T, stop *Stop) Instance {
	t.Helper()
	spec, ok := Lookup(c.name)
	if !ok {
		t.Fatalf("no workload %s", c.name)
	}
	params, err := spec.Resolve(c.params)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := spec.New(Config{Size: c.size, Seed: 1, Params: params, Stop: stop})
	if err != nil {
		t.Fatal(err)
	}
	if cl, ok := inst.(io.Closer); ok {
		t.Cleanup(func() { cl.Close() })
	}
	return inst
}

// runAll runs a parallel pass on one worker.
func runAll(inst Instance) {
	inst.Begin(1)
	for task := range inst.Tasks() {
		inst.Run(0, task)
	}
	inst.End()
}

// TestStoppedWorkIsCutShort stops the serial run, then the tasks, of
// every workload whose loops can run long: the answer must then differ
// from the full one, which shows that the work gave up early.
func TestStoppedWorkIsCutShort(t *testing.T) {
	for _, c := range stopCases {
		t.Run(c.name, func(t *testing.T) {
			full := c.build(t, new(Stop))
			full.Serial()
			runAll(full)
			if err := full.Verify(); err != nil {
				t.Fatalf("without a stop: %v", err)
			}
			if c.serial {
				stop := new(Stop)
				inst := c.build(t, stop)
				release := stop.Watch(cancelled())
				inst.Serial()
				release()
				runAll(inst)
				if inst.Verify() == nil {
					t.Error("the serial run went on after its Stop")
				}
			}
			if c.tasks {
				stop := new(Stop)
				inst := c.build(t, stop)
				inst.Serial()
				release := stop.Watch(cancelled())
				runAll(inst)
				release()
				if inst.Verify() == nil {
					t.Error("the tasks went on after their Stop")
				}
			}
		})
	}
}

// TestStoppedSleepReturns stops a serial run of hour-long waits.
func TestStoppedSleepReturns(t *testing.T) {
	c := stopCase{name: "sleep", params: map[string]string{"sleep": "1h"}, size: 3}
	stop := new(Stop)
	inst := c.build(t, stop)
	ctx, cancel := context.WithCancel(context.Background())
	defer stop.Watch(ctx)()
	done := make(chan struct{})
	go func() {
		defer close(done)
		inst.Serial()
	}()
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the serial run of sleep did not return after its Stop")
	}
}
