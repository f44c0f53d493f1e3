package executor

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/scalebench/scalebench/workloads"
)

// Cost is what handing tasks to workers costs with one executor under
// one schedule on this machine, in seconds (see Calibrate).
type Cost struct {
	Schedule Schedule
	// PerTask is what a worker pays per task besides the task; PerChunk
	// per dispatch (a chunk of Dynamic, a task of Element, a worker's
	// share under Block and Interleave); PerWorker what the coordinator
	// pays per worker of a pass, one after another.
	PerTask, PerChunk, PerWorker float64
	// PerByte is what a byte of a task's input or result costs to cross
	// to a worker process and back (processes only).
	PerByte float64
	// Dispatcher is the least time between two dispatches when one
	// dispatcher hands them out (Element on goroutines); 0 otherwise.
	Dispatcher float64
	// BytesPerTask is what an empty task sent and received.
	BytesPerTask float64
	// Tasks is the number of empty tasks of a calibration pass.
	Tasks int
}

// workerProbe is the number of workers of the pass that measures the
// cost of a worker, all but one idle.
const workerProbe = 4

// CalibrationReps is the number of passes a calibration figure is the
// median of, after one warm-up pass.
const CalibrationReps = 7

// calibrationTasks is the most empty tasks of a calibration pass: a few
// milliseconds of dispatch on goroutines, and tens of milliseconds
// through the pipes of worker processes.
func calibrationTasks(e Executor) int {
	if _, ok := e.(Goroutines); ok {
		return 20_000
	}
	return 2_000
}

// Calibrate measures what e costs to hand tasks to workers under every
// schedule, with the empty tasks of the noop workload, on one worker
// unless said otherwise. Each figure is the median of CalibrationReps
// passes after a warm-up; with n tasks, t(n) a pass of n tasks under the
// schedule and t₁ one of a single task (both with chunks of 1):
//
//	PerWorker  (t₁ with four workers − t₁ with one)/3 (Block: three idle)
//	PerTask    (t(n) − t₁)/(n − 1) under Block, Interleave; under Dynamic
//	           (t(n) − t₁)/(n − 1) with a chunk of n (one dispatch)
//	PerChunk   t₁ − PerTask − PerWorker under Block and Interleave (a
//	           worker's share is one dispatch); (t(n) − t₁)/(n − 1) −
//	           PerTask under Dynamic
//
// Element is Dynamic with chunks of one on the process executors; on
// goroutines one dispatcher hands out every task, and (t(n) − t₁)/(n−1)
// is both its PerTask and its Dispatcher time. PerByte, on the processes
// executor only, is the extra time of tasks of 64 KiB of input (the
// faulty workload, block) less the extra time of checksumming them in
// this process, per byte; shm passes offsets and goroutines share memory.
// What a pass costs once, whatever its tasks, is left out: the serial
// part of a prediction holds it.
//
// A pass has as many tasks as take about CalibrationBudget under Dynamic
// on one worker, judged from a pass of calibrationPilot tasks, and at
// most calibrationTasks(e): a slow machine (or a build with the race
// detector) calibrates on fewer.
func Calibrate(ctx context.Context, e Executor) ([]Cost, error) {
	t, _, err := calibrationPass(ctx, e, "noop", nil, calibrationPilot, 1, Options{Schedule: Dynamic, Chunk: 1})
	if err != nil {
		return nil, err
	}
	n := calibrationTasks(e)
	if t > 0 {
		n = min(n, max(calibrationPilot, int(calibrationPilot*CalibrationBudget.Seconds()/t)))
	}
	return calibrate(ctx, e, n)
}

// CalibrationBudget is about how long a calibration pass of many tasks
// takes.
const CalibrationBudget = 10 * time.Millisecond

// calibrationPilot is the number of tasks of the pass that sizes the
// others.
const calibrationPilot = 100

// calibrate is Calibrate with n tasks a pass.
func calibrate(ctx context.Context, e Executor, n int) ([]Cost, error) {
	one := func(tasks, workers int, opt Options) (float64, float64, error) {
		return calibrationPass(ctx, e, "noop", nil, tasks, workers, opt)
	}
	block := Options{Schedule: Block, Chunk: 1}
	t1, _, err := one(1, 1, block)
	if err != nil {
		return nil, err
	}
	t14, _, err := one(1, workerProbe, block)
	if err != nil {
		return nil, err
	}
	perWorker := max(0, (t14-t1)/(workerProbe-1))
	var perByte float64
	if _, ok := e.(Processes); ok {
		if perByte, err = calibrateBytes(ctx, e); err != nil {
			return nil, err
		}
	}
	var out []Cost
	var dyn Cost
	for _, s := range Schedules {
		c, err := calibrateSchedule(one, s, n, perWorker, singleDispatcher(e, s), dyn)
		if err != nil {
			return nil, err
		}
		c.PerByte, c.Tasks = perByte, n
		if s == Dynamic {
			dyn = c
		}
		out = append(out, c)
	}
	return out, nil
}

// passFunc times a pass of the noop workload: tasks tasks on workers
// workers under opt; it returns the median time and the bytes a task
// sent and received.
type passFunc func(tasks, workers int, opt Options) (seconds, bytesPerTask float64, err error)

// calibrateSchedule measures the costs of schedule s with n tasks, given
// the cost per worker, whether one dispatcher hands out s's tasks and,
// for Element, the costs of Dynamic (measured before it: Schedules lists
// Dynamic first), which are Element's without a dispatcher.
func calibrateSchedule(pass passFunc, s Schedule, n int, perWorker float64, dispatcher bool, dyn Cost) (Cost, error) {
	opt := Options{Schedule: s, Chunk: 1}
	c := Cost{Schedule: s, PerWorker: perWorker}
	if s == Element && !dispatcher {
		c.PerTask, c.PerChunk, c.BytesPerTask = dyn.PerTask, dyn.PerChunk, dyn.BytesPerTask
		return c, nil
	}
	t1, _, err := pass(1, 1, opt)
	if err != nil {
		return c, err
	}
	tn, bytes, err := pass(n, 1, opt)
	if err != nil {
		return c, err
	}
	c.BytesPerTask = bytes
	slope := max(0, (tn-t1)/float64(n-1))
	switch s {
	case Block, Interleave:
		c.PerTask = slope
		c.PerChunk = max(0, t1-slope-perWorker)
	case Dynamic:
		whole, _, err := pass(n, 1, Options{Schedule: Dynamic, Chunk: n})
		if err != nil {
			return c, err
		}
		c.PerTask = min(slope, max(0, (whole-t1)/float64(n-1)))
		c.PerChunk = slope - c.PerTask
	case Element:
		c.PerTask, c.Dispatcher = slope, slope
	}
	return c, nil
}

// singleDispatcher reports whether e hands out the tasks of schedule s
// from one dispatcher: Element on goroutines sends every task down one
// channel. The process executors' Element takes chunks of one from the
// queue, as Dynamic does.
func singleDispatcher(e Executor, s Schedule) bool {
	_, ok := e.(Goroutines)
	return ok && s == Element
}

// calibrateBytes measures what a byte of a task's input costs to cross
// to a worker process of e: the faulty workload's tasks with 64 KiB of
// input against tasks without, less the time to checksum those bytes in
// this process.
func calibrateBytes(ctx context.Context, e Executor) (float64, error) {
	const tasks, size = 64, 64 << 10
	opt := Options{Schedule: Block, Chunk: 1}
	big, bigCPU, err := calibrationPassCPU(ctx, e, tasks, size, opt)
	if err != nil {
		return 0, err
	}
	small, smallCPU, err := calibrationPassCPU(ctx, e, tasks, 0, opt)
	if err != nil {
		return 0, err
	}
	return max(0, ((big-small)-(bigCPU-smallCPU))/float64(tasks*size)), nil
}

// calibrationPassCPU times passes of the faulty workload's tasks of size
// bytes through e, and the same tasks run in this process.
func calibrationPassCPU(
	ctx context.Context,
	e Executor,
	tasks, size int,
	opt Options,
) (pass, local float64, err error) {
	params := map[string]string{"task-bytes": fmt.Sprint(size)}
	pass, _, err = calibrationPass(ctx, e, "faulty", params, tasks, 1, opt)
	if err != nil {
		return 0, 0, err
	}
	inst, _, err := calibrationInstance("faulty", params, tasks)
	if err != nil {
		return 0, 0, err
	}
	times := make([]float64, 0, CalibrationReps)
	for range CalibrationReps + 1 {
		t0 := time.Now()
		inst.Begin(1)
		for t := range tasks {
			inst.Run(0, t)
		}
		inst.End()
		times = append(times, time.Since(t0).Seconds())
	}
	return pass, median(times[1:]), nil
}

// calibrationInstance builds an instance of the named workload with
// tasks tasks, and the Config that built it.
func calibrationInstance(
	name string,
	params map[string]string,
	tasks int,
) (workloads.Instance, workloads.Config, error) {
	spec, ok := workloads.Lookup(name)
	if !ok {
		return nil, workloads.Config{}, fmt.Errorf("calibrate: no %s workload", name)
	}
	resolved, err := spec.Resolve(params)
	if err != nil {
		return nil, workloads.Config{}, fmt.Errorf("calibrate: %w", err)
	}
	cfg := workloads.Config{Size: int64(tasks), Seed: 1, Params: resolved}
	inst, err := spec.New(cfg)
	if err != nil {
		return nil, cfg, fmt.Errorf("calibrate: %w", err)
	}
	return inst, cfg, nil
}

// calibrationPass starts a pool of e with workers workers for tasks
// tasks of the named workload, and returns the median time of
// CalibrationReps passes after a warm-up, and the bytes a task sent and
// received.
func calibrationPass(ctx context.Context, e Executor, name string, params map[string]string, tasks, workers int,
	opt Options) (float64, float64, error) {
	inst, cfg, err := calibrationInstance(name, params, tasks)
	if err != nil {
		return 0, 0, err
	}
	pool, err := e.Start(ctx, Job{Workload: name, Config: cfg, Instance: inst}, workers, opt)
	if err != nil {
		return 0, 0, fmt.Errorf("calibrate %s: %w", e.Name(), err)
	}
	times := make([]float64, 0, CalibrationReps+1)
	for range CalibrationReps + 1 {
		if err = pool.Prepare(ctx); err != nil {
			break
		}
		t0 := time.Now()
		inst.Begin(workers)
		err = pool.Run(ctx)
		inst.End()
		times = append(times, time.Since(t0).Seconds())
		if err == nil {
			err = inst.Verify()
		}
		if err != nil {
			break
		}
	}
	st := pool.Stats()
	if cerr := pool.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, fmt.Errorf("calibrate %s: %w", e.Name(), err)
	}
	return median(times[1:]), float64(st.BytesSent+st.BytesReceived) / float64(tasks), nil
}

// median returns the median of x, which it sorts.
func median(x []float64) float64 {
	slices.Sort(x)
	n := len(x)
	if n%2 == 1 {
		return x[n/2]
	}
	return (x[n/2-1] + x[n/2]) / 2
}
