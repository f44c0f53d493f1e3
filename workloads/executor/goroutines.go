package executor

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

func init() { Register(Goroutines{}) }

// Goroutines runs P goroutines in this process with GOMAXPROCS set to P
// (at most MaxProcs) for every pass; closing the pool restores the
// GOMAXPROCS it started with, so pools open at once are closed in the
// reverse order of their start. Tasks share the instance's memory.
type Goroutines struct{}

// MaxProcs is the largest GOMAXPROCS the goroutines executor sets; more
// workers than that share its Ps. Every P costs memory and start-up time,
// and tens of thousands of them exhaust the runtime's 10,000 threads (a
// fatal error) when the garbage collector starts the world again. It is
// the largest CPU count scalebench plans for.
const MaxProcs = 4096

// Name implements Executor.
func (Goroutines) Name() string { return "goroutines" }

// Start implements Executor.
func (Goroutines) Start(_ context.Context, job Job, workers int, opt Options) (Pool, error) {
	t0 := time.Now()
	p := &goPool{job: job, workers: workers, opt: opt, prev: runtime.GOMAXPROCS(min(workers, MaxProcs))}
	p.opt.Chunk = opt.chunk(job.Instance.Tasks())
	if opt.Schedule == Block || opt.Schedule == Interleave {
		p.assigned = Assign(opt.Schedule, job.Instance.Tasks(), workers)
	}
	p.startup = time.Since(t0).Seconds()
	return p, nil
}

type goPool struct {
	job      Job
	workers  int
	opt      Options
	prev     int
	assigned [][]int
	startup  float64
}

// Run implements Pool. Once ctx ends no task is started any more (the
// running ones finish, or give up if their instance has a Stop that
// follows ctx) and Run returns ctx.Err().
func (p *goPool) Run(ctx context.Context) error {
	inst := p.job.Instance
	tasks := inst.Tasks()
	var wg sync.WaitGroup
	switch p.opt.Schedule {
	case Dynamic:
		var next atomic.Int64
		chunk := int64(p.opt.Chunk)
		for w := range p.workers {
			wg.Go(func() {
				for {
					end := next.Add(chunk)
					start := end - chunk
					if start >= int64(tasks) || ctx.Err() != nil {
						return
					}
					for t := start; t < min(end, int64(tasks)); t++ {
						inst.Run(w, int(t))
					}
				}
			})
		}
	case Element:
		ch := make(chan int)
		for w := range p.workers {
			wg.Go(func() {
				for t := range ch {
					inst.Run(w, t)
				}
			})
		}
		for t := range tasks {
			if ctx.Err() != nil {
				break
			}
			ch <- t
		}
		close(ch)
	default:
		for w, ts := range p.assigned {
			wg.Go(func() {
				for _, t := range ts {
					if ctx.Err() != nil {
						return
					}
					inst.Run(w, t)
				}
			})
		}
	}
	wg.Wait()
	return ctx.Err()
}

// Prepare implements Pool: it sets GOMAXPROCS for the pool's workers,
// which another pool's pass (or the serial reference) may have changed
// since this pool's last pass.
func (p *goPool) Prepare(context.Context) error {
	if n := min(p.workers, MaxProcs); runtime.GOMAXPROCS(0) != n {
		runtime.GOMAXPROCS(n)
	}
	return nil
}

func (p *goPool) Stats() Stats { return Stats{StartupS: p.startup} }

func (p *goPool) Close() error {
	runtime.GOMAXPROCS(p.prev)
	return nil
}
