package workloads

import (
	"context"
	"sync/atomic"
	"time"
)

// Stop tells the work of an instance to give up early: the sweep gives
// every instance it builds one (Config.Stop) and makes it stopped when a
// pass is interrupted or times out. A serial algorithm, a Begin or End, or
// a task that can run for more than a few milliseconds checks Stopped in
// its loop (every few milliseconds of work) and returns when it is set,
// leaving an incomplete answer that the caller discards; a wait uses
// Sleep. A nil *Stop is never stopped.
type Stop struct {
	w atomic.Pointer[watch]
}

// watch is the context a Stop follows.
type watch struct{ done <-chan struct{} }

// Watch makes s stopped once ctx ends, until the returned release is
// called; release restores what s followed before, so that watches nest
// (a pass inside a run). Stopped and Sleep may be called from any
// goroutine meanwhile. A nil Stop follows nothing and stays never
// stopped.
func (s *Stop) Watch(ctx context.Context) (release func()) {
	if s == nil {
		return func() {}
	}
	w := &watch{done: ctx.Done()}
	prev := s.w.Swap(w)
	return func() { s.w.CompareAndSwap(w, prev) }
}

// done is the channel that closes when s is stopped; nil when s follows
// nothing (a receive from it blocks for ever).
func (s *Stop) done() <-chan struct{} {
	if s == nil {
		return nil
	}
	if w := s.w.Load(); w != nil {
		return w.done
	}
	return nil
}

// Stopped reports whether the work should give up. It costs a few
// nanoseconds: check it every few milliseconds of work, not in the
// innermost loop.
func (s *Stop) Stopped() bool {
	select {
	case <-s.done():
		return true
	default:
		return false
	}
}

// Sleep waits for d, or until s is stopped, and reports whether it
// waited all of d.
func (s *Stop) Sleep(d time.Duration) bool {
	if d <= 0 {
		return !s.Stopped()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.done():
		return false
	}
}
