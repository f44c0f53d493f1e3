// Command sumsquares is an example of a program that measures its own
// parallel function with scalebench: the sum of k² over [0, n), as 64
// independent tasks. Its main function offers the whole scalebench
// command line with the workload beside the built-in ones:
//
//	go run . run sum-squares --size quick
//	go run . list
//
// and sum_test.go measures the same function with go test's benchmarks.
package main

import "github.com/scalebench/scalebench"

// tasks is the number of tasks the sum is split into.
const tasks = 64

// sumSquares is k² summed over [lo, hi).
func sumSquares(lo, hi int64) int64 {
	var s int64
	for k := lo; k < hi; k++ {
		s += k * k
	}
	return s
}

// SumSquares is the workload: the serial sum, and the same sum as tasks
// that scalebench hands to the workers and combines in order.
var SumSquares = scalebench.Workload[int64]{
	Name:        "sum-squares",
	Description: "the sum of k² over [0, size), in 64 tasks",
	Unit:        "terms",
	Quick:       20_000_000,
	Full:        400_000_000,
	Serial:      func(n int64) int64 { return sumSquares(0, n) },
	Tasks:       func(int64) int { return tasks },
	Task:        func(n int64, i int) int64 { return sumSquares(n*int64(i)/tasks, n*int64(i+1)/tasks) },
	Combine: func(parts []int64) int64 {
		var s int64
		for _, p := range parts {
			s += p
		}
		return s
	},
}
