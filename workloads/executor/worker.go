package executor

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/scalebench/scalebench/workloads"
)

// The worker protocol. A worker process is the program itself started
// again with workerEnv=1; it reads commands from descriptor 3 and writes
// replies to descriptor 4. In shm mode descriptor 5 is the input segment
// and descriptor 6 the result segment. Every message starts with one kind
// byte; integers are little-endian.
//
//	parent → worker
//	  H u32 len, JSON hello                      once, first
//	  B u32 count, count × (u32 task, u32 n, n bytes of input)
//	  S u32 count, count × (u32 task, u64 off, u64 n)   (shm: input by place)
//	  Q                                          stop (EOF stops too)
//	worker → parent
//	  Y                                          ready, once, after H
//	  D u32 count, count × (u32 task, u32 n, n bytes of result)   after B
//	  D u32 count                                after S (results in shared slots)
//	  E u32 task, u32 len, message               a failure; the worker exits
//
// A worker answers a batch only after reading all of it, so the parent may
// write a whole batch before reading the reply without deadlocking.
const (
	workerEnv = "SCALEBENCH_WORKER"

	msgHello  = 'H'
	msgBatch  = 'B'
	msgShm    = 'S'
	msgQuit   = 'Q'
	msgReady  = 'Y'
	msgDone   = 'D'
	msgError  = 'E'
	noTask    = 1<<32 - 1 // the task of an error not tied to a task
	slotHead  = 8         // bytes before a result in its shared slot: the length
	fdCommand = 3
	fdReply   = 4
	fdInput   = 5
	fdOutput  = 6
)

// hello is what a worker is told once, at start.
type hello struct {
	Workload  string            `json:"workload"`
	Size      int64             `json:"size"`
	Seed      uint64            `json:"seed"`
	Params    map[string]string `json:"params"`
	MaxResult int               `json:"max_result"`
	Shm       bool              `json:"shm"`
	InputLen  int               `json:"input_len"`
	Tasks     int               `json:"tasks"`
}

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
	cmd := os.NewFile(fdCommand, "commands")
	reply := os.NewFile(fdReply, "replies")
	if cmd == nil || reply == nil {
		fmt.Fprintln(os.Stderr, "scalebench worker: started without its pipes")
		return 2, true
	}
	return serve(cmd, reply, os.Stderr), true
}

// serve is the worker loop. It returns the process's exit status.
func serve(cmdF io.Reader, reply io.Writer, stderr io.Writer) int {
	r := bufio.NewReaderSize(cmdF, 1<<16)
	var out []byte
	fail := func(task uint32, err error) int {
		msg := err.Error()
		out = append(out[:0], msgError)
		out = binary.LittleEndian.AppendUint32(out, task)
		out = binary.LittleEndian.AppendUint32(out, uint32(len(msg)))
		out = append(out, msg...)
		_, _ = reply.Write(out)
		fmt.Fprintf(stderr, "scalebench worker: %v\n", err)
		return 1
	}
	h, err := readHello(r)
	if err != nil {
		return fail(noTask, err)
	}
	spec, ok := workloads.Lookup(h.Workload)
	if !ok || spec.Kernel == nil {
		return fail(noTask, fmt.Errorf("workload %q has no kernel", h.Workload))
	}
	kernel, err := spec.Kernel(workloads.Config{Size: h.Size, Seed: h.Seed, Params: h.Params})
	if err != nil {
		return fail(noTask, fmt.Errorf("%s kernel: %w", h.Workload, err))
	}
	var input, output []byte
	if h.Shm {
		if input, err = mapFD(fdInput, h.InputLen, false); err != nil {
			return fail(noTask, fmt.Errorf("map input segment: %w", err))
		}
		if output, err = mapFD(fdOutput, h.Tasks*slotSize(h.MaxResult), true); err != nil {
			return fail(noTask, fmt.Errorf("map result segment: %w", err))
		}
	}
	if _, err := reply.Write([]byte{msgReady}); err != nil {
		return 1 // the parent is gone
	}
	slot := slotSize(h.MaxResult)
	var in, hdr []byte
	for {
		kind, err := r.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return 0
			}
			return fail(noTask, fmt.Errorf("read command: %w", err))
		}
		switch kind {
		case msgQuit:
			return 0
		case msgBatch, msgShm:
		default:
			return fail(noTask, fmt.Errorf("unknown command %q", kind))
		}
		if hdr, err = readN(r, hdr, 4); err != nil {
			return fail(noTask, fmt.Errorf("read batch: %w", err))
		}
		count := binary.LittleEndian.Uint32(hdr)
		out = append(out[:0], msgDone)
		out = binary.LittleEndian.AppendUint32(out, count)
		for range count {
			if kind == msgBatch {
				if hdr, err = readN(r, hdr, 8); err != nil {
					return fail(noTask, fmt.Errorf("read task: %w", err))
				}
				task, n := binary.LittleEndian.Uint32(hdr), binary.LittleEndian.Uint32(hdr[4:])
				if in, err = readN(r, in, int(n)); err != nil {
					return fail(task, fmt.Errorf("read task input: %w", err))
				}
				at := len(out)
				out = binary.LittleEndian.AppendUint32(out, task)
				out = append(out, 0, 0, 0, 0)
				if out, err = kernel(in, out); err != nil {
					return fail(task, err)
				}
				size := len(out) - at - 8
				if size > h.MaxResult {
					return fail(task, fmt.Errorf("task %d: result of %d bytes exceeds the maximum %d", task, size, h.MaxResult))
				}
				binary.LittleEndian.PutUint32(out[at+4:], uint32(size))
				continue
			}
			if hdr, err = readN(r, hdr, 20); err != nil {
				return fail(noTask, fmt.Errorf("read task: %w", err))
			}
			task := binary.LittleEndian.Uint32(hdr)
			off, n := binary.LittleEndian.Uint64(hdr[4:]), binary.LittleEndian.Uint64(hdr[12:])
			if off > uint64(len(input)) || n > uint64(len(input))-off || int(task) >= h.Tasks {
				return fail(task, fmt.Errorf("task %d: input [%d, +%d) outside the segment of %d bytes", task, off, n, len(input)))
			}
			base := int(task) * slot
			dst := output[base+slotHead : base+slotHead : base+slot]
			res, err := kernel(input[off:off+n], dst)
			if err != nil {
				return fail(task, err)
			}
			if len(res) > h.MaxResult {
				return fail(task, fmt.Errorf("task %d: result of %d bytes exceeds the maximum %d", task, len(res), h.MaxResult))
			}
			if len(res) > 0 && &res[0] != &output[base+slotHead] {
				copy(output[base+slotHead:], res)
			}
			binary.LittleEndian.PutUint64(output[base:], uint64(len(res)))
		}
		if _, err := reply.Write(out); err != nil {
			return 1 // the parent is gone
		}
	}
}

func readHello(r *bufio.Reader) (hello, error) {
	var h hello
	b, err := readN(r, nil, 5)
	if err != nil {
		return h, fmt.Errorf("read hello: %w", err)
	}
	if b[0] != msgHello {
		return h, fmt.Errorf("first command is %q, want hello", b[0])
	}
	if b, err = readN(r, b, int(binary.LittleEndian.Uint32(b[1:]))); err != nil {
		return h, fmt.Errorf("read hello: %w", err)
	}
	if err := json.Unmarshal(b, &h); err != nil {
		return h, fmt.Errorf("decode hello: %w", err)
	}
	return h, nil
}

// readN reads exactly n bytes into buf, growing it when needed.
func readN(r io.Reader, buf []byte, n int) ([]byte, error) {
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	_, err := io.ReadFull(r, buf)
	return buf, err
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
