package predict_test

import (
	"fmt"

	"github.com/scalebench/scalebench/predict"
)

// Eight tasks whose times rise, as the rows of a triangular matrix do:
// Block leaves the longest run to the last worker; a queue of single
// tasks balances them.
func ExampleMakespan() {
	tasks := predict.Of([]float64{1, 2, 3, 4, 5, 6, 7, 8})
	for _, plan := range []predict.Plan{
		{Schedule: predict.Block},
		{Schedule: predict.Interleave},
		{Schedule: predict.Dynamic, Chunk: 1},
		{Schedule: predict.Dynamic, Chunk: 1, Costs: predict.Costs{PerChunk: 0.5}},
	} {
		t, err := predict.Makespan(tasks, 2, plan)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-10s chunk %d, %.1f s a dispatch: %.1f s\n", plan.Schedule, plan.Chunk, plan.Costs.PerChunk, t)
	}
	// Output:
	// block      chunk 0, 0.0 s a dispatch: 26.0 s
	// interleave chunk 0, 0.0 s a dispatch: 20.0 s
	// dynamic    chunk 1, 0.0 s a dispatch: 20.0 s
	// dynamic    chunk 1, 0.5 s a dispatch: 22.0 s
}

// A pass of four equal tasks of 1 s that took 5 s on one worker: 1 s of
// it is serial, so the speedup stops at 2.5 (the parallelism), reached
// with four workers.
func ExamplePredict() {
	tasks := predict.Of([]float64{1, 1, 1, 1})
	c, err := predict.Predict(tasks, predict.Options{Plan: predict.Plan{Schedule: predict.Dynamic, Chunk: 1},
		T1: 5, Workers: []int{1, 2, 3, 4, 8}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf(
		"serial %.1f s, work %.1f s, span %.1f s, parallelism %.2f\n",
		c.SerialS,
		c.WorkS,
		c.SpanS,
		c.Parallelism,
	)
	for _, p := range c.Points {
		fmt.Printf(
			"P=%d  T=%.2f s  S=%.2f (%.2f–%.2f)  S ≤ %.2f\n",
			p.Workers,
			p.TimeS,
			p.Speedup,
			p.SpeedupLo,
			p.SpeedupHi,
			p.Bound,
		)
	}
	// Output:
	// serial 1.0 s, work 5.0 s, span 2.0 s, parallelism 2.50
	// P=1  T=5.00 s  S=1.00 (1.00–1.00)  S ≤ 1.00
	// P=2  T=3.00 s  S=1.67 (1.67–1.67)  S ≤ 2.00
	// P=3  T=3.00 s  S=1.67 (1.67–1.67)  S ≤ 2.50
	// P=4  T=2.00 s  S=2.50 (2.50–2.50)  S ≤ 2.50
	// P=8  T=2.00 s  S=2.50 (2.50–2.50)  S ≤ 2.50
}

// Which schedule wins at each worker count, for the rising tasks with a
// cost of 0.25 s a dispatch: the queue pays for its eight dispatches, and
// Interleave, with one dispatch a worker, wins from two workers on.
func ExampleCompare() {
	tasks := predict.Of([]float64{1, 2, 3, 4, 5, 6, 7, 8})
	costs := predict.Costs{PerChunk: 0.25}
	plans := []predict.Plan{
		{Schedule: predict.Block, Costs: costs},
		{Schedule: predict.Interleave, Costs: costs},
		{Schedule: predict.Dynamic, Chunk: 1, Costs: costs},
	}
	times, err := predict.Compare(tasks, 0, plans, []int{1, 2, 4, 8})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range times {
		fmt.Printf("P=%d  block %.2f  interleave %.2f  dynamic %.2f  fastest: %s\n",
			t.Workers, t.TimesS[0], t.TimesS[1], t.TimesS[2], plans[t.Fastest].Schedule)
	}
	// Output:
	// P=1  block 36.25  interleave 36.25  dynamic 38.00  fastest: block
	// P=2  block 26.25  interleave 20.25  dynamic 21.00  fastest: interleave
	// P=4  block 15.25  interleave 12.25  dynamic 12.50  fastest: interleave
	// P=8  block 8.25  interleave 8.25  dynamic 8.25  fastest: block
}
