// Package noise keeps a share of one or more CPUs busy in bursts: a
// neighbour that disturbs measurements on purpose, so that the
// interference ledger of scaling/sweep can be seen at work (cmd/noise)
// and tested.
package noise

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Config is the load a Run makes.
type Config struct {
	// CPUs is the number of CPUs kept busy, each by a thread of its own.
	CPUs int
	// Share is the fraction of each CPU's time kept busy, in (0, 1].
	Share float64
	// Burst is how long each busy stretch lasts; the idle stretch that
	// follows lasts Burst·(1−Share)/Share.
	Burst time.Duration
}

// Check says what is wrong with c, or nil.
func (c Config) Check() error {
	switch {
	case c.CPUs < 1:
		return fmt.Errorf("cpus %d: must be at least 1", c.CPUs)
	case !(c.Share > 0 && c.Share <= 1):
		return fmt.Errorf("share %v: must be in (0, 1]", c.Share)
	case c.Burst <= 0:
		return errors.New("burst must be positive")
	}
	return nil
}

// Run loads c.CPUs CPUs until ctx ends, then returns nil (or an error
// for a bad Config). The threads start their bursts at staggered
// phases, so that two CPUs at 50% are not busy at the same instants.
func Run(ctx context.Context, c Config) error {
	if err := c.Check(); err != nil {
		return err
	}
	idle := time.Duration(float64(c.Burst) * (1 - c.Share) / c.Share)
	period := c.Burst + idle
	var wg sync.WaitGroup
	for k := range c.CPUs {
		wg.Go(func() {
			runtime.LockOSThread()
			offset := period * time.Duration(k) / time.Duration(c.CPUs)
			if !sleep(ctx, offset) {
				return
			}
			for ctx.Err() == nil {
				spin(ctx, c.Burst)
				if idle > 0 && !sleep(ctx, idle) {
					return
				}
			}
		})
	}
	wg.Wait()
	return nil
}

// sink keeps the busy loop from being optimised away.
var sink atomic.Uint64

// spin keeps its thread busy for d, or until ctx ends.
func spin(ctx context.Context, d time.Duration) {
	end := time.Now().Add(d)
	x := uint64(1)
	for i := 0; ; i++ {
		for range 1 << 12 {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
		}
		if time.Now().After(end) || (i%64 == 0 && ctx.Err() != nil) {
			break
		}
	}
	sink.Add(x)
}

// sleep waits for d and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
