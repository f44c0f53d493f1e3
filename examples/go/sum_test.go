package main

import (
	"testing"

	"github.com/scalebench/scalebench"
)

// BenchmarkSumSquares measures the workload on 1, 2, 4 … GOMAXPROCS
// workers, as sub-benchmarks workers=P:
//
//	go test -run '^$' -bench . -count 5 | go run . fit -
//	go test -run '^$' -bench . -count 5 > bench.txt && go tool benchstat -col /workers bench.txt
func BenchmarkSumSquares(b *testing.B) {
	scalebench.Benchmark(b, SumSquares, SumSquares.Quick)
}
