package executor

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"

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
// sealed against writes before any worker starts.
type Shm struct{}

// Name implements Executor.
func (Shm) Name() string { return "shm" }

// Start implements Executor. The copy of the input into the segment is
// part of the start-up time.
func (Shm) Start(ctx context.Context, job Job, workers int, opt Options) (Pool, error) {
	return startPool(ctx, "shm", job, workers, opt)
}

// segments are the shared input and result segments of one pool.
type segments struct {
	input  *os.File // sealed; closed once the workers hold it
	output *os.File
	slots  []byte // the result segment, mapped read-write
	slot   int
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
