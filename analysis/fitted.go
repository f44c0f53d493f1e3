package analysis

import (
	"runtime"
	"sync"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// fitted is the outcome of scaling.Analyze for one series.
type fitted struct {
	a   scaling.Analysis
	err error
}

// analyzeAll analyses every series, on as many goroutines as there are
// CPUs to use. Each analysis depends only on its series and the options
// (its bootstrap generator is seeded from them), so the results are the
// same in any order; a file of thousands of series is fitted in a
// fraction of the time.
func analyzeAll(series []results.Series, opt scaling.Options) []fitted {
	out := make([]fitted, len(series))
	workers := min(runtime.GOMAXPROCS(0), len(series))
	if workers <= 1 {
		for i := range series {
			out[i].a, out[i].err = scaling.Analyze(Input(&series[i]), opt)
		}
		return out
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				out[i].a, out[i].err = scaling.Analyze(Input(&series[i]), opt)
			}
		})
	}
	for i := range series {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
