package executor

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/scalebench/scalebench/workloads"
)

// slotSize is the size of one task's slot in the shared result segment.
func slotSize(maxResult int) int { return slotHead + (maxResult+7)&^7 }

// MaybeWorker runs the worker side of the process executors when this
// process was started as a worker, and reports its exit status. Programs
// that use the process executors call it first in main (and tests in
// TestMain):
//
//	if code, ok := executor.MaybeWorker(); ok {
//		os.Exit(code)
//	}
func MaybeWorker() (code int, ok bool) {
	if os.Getenv(workerEnv) != "1" {
		return 0, false
	}
	// A worker has its pipes on fds 3 and 4; a process with the variable
	// set by hand has nothing there, or files the Go runtime opened.
	if !isPipe(fdCommand) || !isPipe(fdReply) {
		fmt.Fprintf(os.Stderr, "scalebench: %s=1 is set, but this process was not started as a worker "+
			"of the process executors (file descriptors %d and %d are not its pipes): unset %s\n",
			workerEnv, fdCommand, fdReply, workerEnv)
		return 2, true
	}
	return serve(os.NewFile(fdCommand, "commands"), os.NewFile(fdReply, "replies"), os.Stderr), true
}

// isPipe reports whether file descriptor fd is open on a pipe.
func isPipe(fd int) bool {
	var st syscall.Stat_t
	return syscall.Fstat(fd, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFIFO
}

// serve is the worker loop. It returns the process's exit status.
func serve(cmdF io.Reader, reply io.Writer, stderr io.Writer) int {
	d := &decoder{r: bufio.NewReaderSize(cmdF, 1<<16)}
	fail := func(task uint32, err error) int {
		_, _ = reply.Write(errorMessage(task, err).appendTo(nil))
		fmt.Fprintf(stderr, "scalebench worker: %v\n", err)
		return 1
	}
	h, err := d.hello()
	if err != nil {
		return fail(noTask, err)
	}
	spec, ok := workloads.Lookup(h.Workload)
	if !ok || spec.Kernel == nil {
		return fail(noTask, fmt.Errorf("workload %q has no kernel", h.Workload))
	}
	k := &runner{maxResult: h.MaxResult, slot: slotSize(h.MaxResult)}
	if k.kernel, err = spec.Kernel(workloads.Config{Size: h.Size, Seed: h.Seed, Params: h.Params}); err != nil {
		return fail(noTask, fmt.Errorf("%s kernel: %w", h.Workload, err))
	}
	if h.Shm {
		if k.input, err = mapFD(fdInput, h.InputLen, false); err != nil {
			return fail(noTask, fmt.Errorf("map input segment: %w", err))
		}
		if k.output, err = mapFD(fdOutput, h.Tasks*k.slot, true); err != nil {
			return fail(noTask, fmt.Errorf("map result segment: %w", err))
		}
	}
	d.lim = limits{tasks: h.Tasks, data: h.MaxInput, input: uint64(len(k.input))}
	if _, err := reply.Write(message{Kind: msgReady}.appendTo(nil)); err != nil {
		return 1 // the parent is gone
	}
	var out []byte
	for {
		m, err := d.message()
		if errors.Is(err, io.EOF) {
			return 0
		}
		if err != nil {
			return fail(noTask, fmt.Errorf("read command: %w", err))
		}
		switch m.Kind {
		case msgQuit:
			return 0
		case msgBatch, msgShm:
		default:
			return fail(noTask, fmt.Errorf("unexpected command %q", m.Kind))
		}
		task := uint32(noTask)
		if out, task, err = k.batch(d, m, out); err != nil {
			return fail(task, err)
		}
		if _, err := reply.Write(out); err != nil {
			return 1 // the parent is gone
		}
	}
}

// runner runs a worker's tasks.
type runner struct {
	kernel        workloads.Kernel
	maxResult     int
	slot          int
	input, output []byte // shm: the mapped segments
	in, res       []byte // a task's input and result, reused
}

// batch runs the tasks of batch m, reading their records from d, and
// returns the reply built in out, or the task that failed and why.
func (k *runner) batch(d *decoder, m message, out []byte) ([]byte, uint32, error) {
	out = message{Kind: msgDone, Count: m.Count}.appendTo(out[:0])
	rec, res := record{Data: k.in}, k.res // locals in the loop, kept for the next batch
	for range m.Count {
		if err := d.record(m.Kind, &rec); err != nil {
			return out, noTask, fmt.Errorf("read task: %w", err)
		}
		if m.Kind == msgShm {
			if err := k.shmTask(rec); err != nil {
				return out, rec.Task, err
			}
			continue
		}
		var err error
		if res, err = k.kernel(rec.Data, res[:0]); err != nil {
			return out, rec.Task, err
		}
		if len(res) > k.maxResult {
			return out, rec.Task, fmt.Errorf(
				"task %d: result of %d bytes exceeds the maximum %d",
				rec.Task,
				len(res),
				k.maxResult,
			)
		}
		out = record{Task: rec.Task, Data: res}.appendTo(out, msgDone)
	}
	k.in, k.res = rec.Data, res
	return out, 0, nil
}

// shmTask runs the task of rec on its input in the input segment and
// writes its result into its slot of the result segment.
func (k *runner) shmTask(rec record) error {
	base := int(rec.Task) * k.slot
	dst := k.output[base+slotHead : base+slotHead : base+k.slot]
	res, err := k.kernel(k.input[rec.Off:rec.Off+rec.N], dst)
	if err != nil {
		return err
	}
	if len(res) > k.maxResult {
		return fmt.Errorf("task %d: result of %d bytes exceeds the maximum %d", rec.Task, len(res), k.maxResult)
	}
	if len(res) > 0 && &res[0] != &k.output[base+slotHead] {
		copy(k.output[base+slotHead:], res)
	}
	binary.LittleEndian.PutUint64(k.output[base:], uint64(len(res)))
	return nil
}

// mapFD maps size bytes of the inherited descriptor fd, shared, and
// closes the descriptor (the mapping keeps the segment alive).
func mapFD(fd, size int, writable bool) ([]byte, error) {
	defer syscall.Close(fd)
	if size == 0 {
		return nil, nil
	}
	prot := syscall.PROT_READ
	if writable {
		prot |= syscall.PROT_WRITE
	}
	return syscall.Mmap(fd, 0, size, prot, syscall.MAP_SHARED)
}
