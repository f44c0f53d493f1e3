package executor

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/scalebench/scalebench/workloads"
)

// Shm runs the same worker processes as Processes, but the instance's
// input is placed once in a shared memory segment that every worker maps
// read-only, tasks carry only their number and where their input lies,
// and results are written into a shared result segment with one slot per
// task (Python's shared_memory and RawArray).
//
// The segments are anonymous (memfd_create) and reach the workers as
// inherited descriptors: they have no name in /dev/shm, so nothing can be
// left behind, whatever way the parent or a worker ends — the memory is
// freed when the last descriptor and mapping go. The input segment is
// sealed against writes before any worker starts, unless the instance
// built its input in a segment from Alloc: then that segment is shared as
// it is, and the input exists once in the whole process tree.
type Shm struct{}

// Name implements Executor.
func (Shm) Name() string { return "shm" }

// Start implements Executor. When the instance's input was not allocated
// by Alloc, its copy into a segment is part of the start-up time.
func (Shm) Start(ctx context.Context, job Job, workers int, opt Options) (Pool, error) {
	return startPool(ctx, "shm", job, workers, opt)
}

var _ Allocator = Shm{}

// owned maps the first byte of every block that Alloc handed out to its
// segment.
var owned struct {
	sync.Mutex
	m map[*byte]*os.File
}

// Alloc implements Allocator: an anonymous segment of n bytes mapped
// read-write in this process. A pool started on an instance whose input
// is such a block passes the segment itself to its workers.
func (Shm) Alloc(n int) ([]byte, error) {
	if n <= 0 {
		return nil, fmt.Errorf("shm: allocate %d bytes: want at least 1", n)
	}
	f, err := memfd("scalebench-input", n)
	if err != nil {
		return nil, fmt.Errorf("shm: %w", err)
	}
	b, err := unix.Mmap(int(f.Fd()), 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("shm: map %d bytes: %w", n, err)
	}
	owned.Lock()
	if owned.m == nil {
		owned.m = map[*byte]*os.File{}
	}
	owned.m[&b[0]] = f
	owned.Unlock()
	return b, nil
}

// Free implements Allocator.
func (Shm) Free(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	owned.Lock()
	f, ok := owned.m[&b[0]]
	delete(owned.m, &b[0])
	owned.Unlock()
	if !ok {
		return errors.New("shm: free of memory that Alloc did not return")
	}
	err := unix.Munmap(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// ownedSegment returns a new descriptor of the segment that holds all of
// in, if Alloc made it, or nil.
func ownedSegment(in []byte) (*os.File, error) {
	if len(in) == 0 {
		return nil, nil
	}
	owned.Lock()
	f, ok := owned.m[&in[0]]
	owned.Unlock()
	if !ok {
		return nil, nil
	}
	st, err := f.Stat()
	if err != nil || st.Size() != int64(len(in)) {
		return nil, nil // a part of a block: copy it
	}
	fd, err := unix.FcntlInt(f.Fd(), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("share input segment: %w", err)
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}

// segments are the shared input and result segments of one pool.
type segments struct {
	input  *os.File // sealed; closed once the workers hold it
	output *os.File
	slots  []byte // the result segment, mapped read-write
	slot   int
	copied int64 // bytes of input copied into a segment of the pool's own
}

// newSegments creates the input segment holding port's input and the
// result segment of tasks slots.
func newSegments(port workloads.Portable, tasks int) (_ *segments, err error) {
	s := &segments{slot: slotSize(port.MaxResult())}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	in := port.Input()
	if s.input, err = ownedSegment(in); err != nil {
		return nil, err
	}
	if s.input == nil {
		// The input lives in ordinary memory: copy it into a segment of
		// its own, sealed against writes. It counts once, here.
		if s.input, err = memfd("scalebench-input", len(in)); err != nil {
			return nil, err
		}
		if _, err := s.input.WriteAt(in, 0); err != nil {
			return nil, fmt.Errorf("fill input segment: %w", err)
		}
		seals := unix.F_SEAL_SHRINK | unix.F_SEAL_GROW | unix.F_SEAL_WRITE | unix.F_SEAL_SEAL
		if _, err := unix.FcntlInt(s.input.Fd(), unix.F_ADD_SEALS, seals); err != nil {
			return nil, fmt.Errorf("seal input segment: %w", err)
		}
		s.copied = int64(len(in))
	}
	size := tasks * s.slot
	if s.output, err = memfd("scalebench-results", size); err != nil {
		return nil, err
	}
	if size > 0 {
		if s.slots, err = unix.Mmap(int(s.output.Fd()), 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED); err != nil {
			return nil, fmt.Errorf("map result segment: %w", err)
		}
	}
	return s, nil
}

// memfd creates an anonymous shared memory file of size bytes.
func memfd(name string, size int) (*os.File, error) {
	fd, err := unix.MemfdCreate(name, unix.MFD_CLOEXEC|unix.MFD_ALLOW_SEALING)
	if err != nil {
		return nil, fmt.Errorf("create segment %s: %w", name, err)
	}
	f := os.NewFile(uintptr(fd), "memfd:"+name)
	if err := f.Truncate(int64(size)); err != nil {
		f.Close()
		return nil, fmt.Errorf("size segment %s to %d bytes: %w", name, size, err)
	}
	return f, nil
}

// afterStart drops the parent's hold on the input segment: the workers
// have inherited it.
func (s *segments) afterStart() {
	if s.input != nil {
		s.input.Close()
		s.input = nil
	}
}

// result returns a copy of task's result from its slot.
func (s *segments) result(task, maxResult int) ([]byte, error) {
	base := task * s.slot
	n := binary.LittleEndian.Uint64(s.slots[base:])
	if n > uint64(maxResult) {
		return nil, fmt.Errorf("shm: task %d: result slot holds %d bytes, more than the maximum %d", task, n, maxResult)
	}
	return append([]byte(nil), s.slots[base+slotHead:base+slotHead+int(n)]...), nil
}

// close unmaps and closes both segments.
func (s *segments) close() {
	if s.slots != nil {
		_ = unix.Munmap(s.slots)
		s.slots = nil
	}
	for _, f := range []*os.File{s.input, s.output} {
		if f != nil {
			f.Close()
		}
	}
	s.input, s.output = nil, nil
}
