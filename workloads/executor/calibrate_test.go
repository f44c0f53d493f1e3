package executor

import (
	"context"
	"math"
	"slices"
	"testing"
)

// linearPasses is a pass whose time is exactly linear in what the
// executor does: once per pass, per worker started, per dispatch and per
// task; under Element on one dispatcher every task costs the dispatch.
func linearPasses(fixed, perWorker, perChunk, perTask float64) passFunc {
	return func(tasks, workers int, opt Options) (float64, float64, error) {
		dispatches := 1
		switch opt.Schedule {
		case Dynamic:
			dispatches = (tasks + opt.Chunk - 1) / opt.Chunk
		case Element:
			return fixed + float64(workers)*perWorker + float64(tasks)*(perChunk+perTask), 0, nil
		}
		return fixed + float64(workers)*perWorker + float64(dispatches)*perChunk + float64(tasks)*perTask, 8, nil
	}
}

// TestCalibrateScheduleRecovers checks that the calibration's equations
// recover the costs of passes that follow them exactly.
func TestCalibrateScheduleRecovers(t *testing.T) {
	const fixed, perWorker, perChunk, perTask = 3e-6, 5e-7, 2e-6, 1e-8
	pass := linearPasses(fixed, perWorker, perChunk, perTask)
	dyn, err := calibrateSchedule(pass, Dynamic, 1000, perWorker, false, Cost{})
	if err != nil {
		t.Fatal(err)
	}
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-15 }
	if !close(dyn.PerTask, perTask) || !close(dyn.PerChunk, perChunk) || dyn.Dispatcher != 0 || dyn.BytesPerTask != 8 {
		t.Errorf("dynamic %+v, want per task %v, per chunk %v", dyn, perTask, perChunk)
	}
	block, err := calibrateSchedule(pass, Block, 1000, perWorker, false, Cost{})
	if err != nil {
		t.Fatal(err)
	}
	// Block's share is one dispatch, with the pass's fixed cost in it.
	if !close(block.PerTask, perTask) || !close(block.PerChunk, fixed+perChunk) {
		t.Errorf("block %+v, want per task %v, per chunk %v", block, perTask, fixed+perChunk)
	}
	el, err := calibrateSchedule(pass, Element, 1000, perWorker, true, dyn)
	if err != nil {
		t.Fatal(err)
	}
	if !close(el.PerTask, perChunk+perTask) || el.Dispatcher != el.PerTask || el.PerChunk != 0 {
		t.Errorf("element on one dispatcher %+v, want per task and dispatcher %v", el, perChunk+perTask)
	}
	el, err = calibrateSchedule(pass, Element, 1000, perWorker, false, dyn)
	if err != nil {
		t.Fatal(err)
	}
	if el.PerTask != dyn.PerTask || el.PerChunk != dyn.PerChunk || el.Dispatcher != 0 {
		t.Errorf("element from the queue %+v, want dynamic's %+v", el, dyn)
	}
}

// TestCalibrate runs the calibration of every executor on few tasks and
// checks what it reports, not how fast anything was.
func TestCalibrate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	for _, e := range []Executor{Goroutines{}, Processes{}, Shm{}} {
		t.Run(e.Name(), func(t *testing.T) {
			costs, err := calibrate(context.Background(), e, 200)
			if err != nil {
				t.Fatal(err)
			}
			var got []Schedule
			for _, c := range costs {
				got = append(got, c.Schedule)
				for _, x := range []float64{c.PerTask, c.PerChunk, c.PerWorker, c.PerByte, c.Dispatcher, c.BytesPerTask} {
					if !(x >= 0) || math.IsInf(x, 0) {
						t.Errorf("%s: %+v", c.Schedule, c)
					}
				}
				if c.Tasks != 200 {
					t.Errorf("%s: %d tasks, want 200", c.Schedule, c.Tasks)
				}
				_, goroutines := e.(Goroutines)
				if crossed := c.BytesPerTask > 0; crossed == goroutines {
					t.Errorf("%s: %v bytes a task crossed", c.Schedule, c.BytesPerTask)
				}
				if _, procs := e.(Processes); !procs && c.PerByte != 0 {
					t.Errorf("%s: %v s a byte where no byte is copied", c.Schedule, c.PerByte)
				}
			}
			if !slices.Equal(got, Schedules) {
				t.Errorf("schedules %v, want %v", got, Schedules)
			}
			el, dyn := costs[3], costs[2]
			if _, ok := e.(Goroutines); ok {
				if el.Dispatcher != el.PerTask || el.PerChunk != 0 {
					t.Errorf("element on goroutines %+v: want its cost per task from one dispatcher", el)
				}
			} else if el.Dispatcher != 0 || el.PerTask != dyn.PerTask || el.PerChunk != dyn.PerChunk {
				t.Errorf("element %+v, want dynamic's costs %+v", el, dyn)
			}
		})
	}
}
