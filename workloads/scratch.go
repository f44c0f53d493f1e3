package workloads

import "sync"

// scratchPool hands out reusable work areas to kernels, so that a kernel
// allocates its buffers and FFT plans once per goroutine that calls it
// rather than once per task.
type scratchPool[T any] struct{ p sync.Pool }

func newScratchPool[T any](make func() *T) *scratchPool[T] {
	return &scratchPool[T]{p: sync.Pool{New: func() any { return make() }}}
}

func (s *scratchPool[T]) get() *T  { return s.p.Get().(*T) }
func (s *scratchPool[T]) put(x *T) { s.p.Put(x) }
