package scalebench_test

import (
	"fmt"
	"sync"

	"github.com/scalebench/scalebench"
)

// sumSquares is k² summed over [lo, hi).
func sumSquares(lo, hi int64) int64 {
	var s int64
	for k := lo; k < hi; k++ {
		s += k * k
	}
	return s
}

// A workload of tasks: scalebench hands the 64 tasks to the workers and
// checks the combined answer against the serial one.
func ExampleRegister() {
	const tasks = 64
	err := scalebench.Register(scalebench.Workload[int64]{
		Name: "sum-squares", Unit: "terms", Quick: 1_000_000, Full: 100_000_000,
		Serial: func(n int64) int64 { return sumSquares(0, n) },
		Tasks:  func(int64) int { return tasks },
		Task:   func(n int64, i int) int64 { return sumSquares(n*int64(i)/tasks, n*int64(i+1)/tasks) },
		Combine: func(parts []int64) int64 {
			var s int64
			for _, p := range parts {
				s += p
			}
			return s
		},
	})
	fmt.Println(err)
	// Output: <nil>
}

// A workload that starts its own goroutines: Parallel gets the worker
// count.
func ExampleRegister_parallel() {
	err := scalebench.Register(scalebench.Workload[int64]{
		Name: "sum-squares-go", Quick: 1_000_000,
		Serial: func(n int64) int64 { return sumSquares(0, n) },
		Parallel: func(n int64, workers int) int64 {
			parts := make([]int64, workers)
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() { parts[w] = sumSquares(n*int64(w)/int64(workers), n*int64(w+1)/int64(workers)) })
			}
			wg.Wait()
			var s int64
			for _, p := range parts {
				s += p
			}
			return s
		},
	})
	fmt.Println(err)
	// Output: <nil>
}

// What Register refuses, in one line each.
func ExampleRegister_errors() {
	fmt.Println(scalebench.Register(scalebench.Workload[int]{Name: "Sum squares"}))
	fmt.Println(scalebench.Register(scalebench.Workload[int]{Name: "half", Serial: func(int64) int { return 0 }}))
	// Output:
	// workload name "Sum squares": want lower-case letters, digits and dashes
	// workload half: give Parallel, or Tasks, Task and Combine
}
