package workloads

// Portable is implemented by instances whose tasks can run in worker
// processes. The input of the whole instance is one block of bytes: the
// shm executor places it once in shared memory and sends each task only
// its offset and length; the processes executor sends each task its bytes
// over a pipe. Either way a worker runs the workload's Kernel on the
// task's bytes and the result travels back to SetResult.
type Portable interface {
	Instance
	// Input is the instance's input as one block. It must not change
	// while the instance lives.
	Input() []byte
	// TaskInput is where task's input lies in Input().
	TaskInput(task int) (off, n int)
	// MaxResult bounds the size in bytes of one task's result.
	MaxResult() int
	// SetResult stores the result of task computed by a worker. It is
	// called from one goroutine at a time.
	SetResult(task int, result []byte) error
}

// Kernel computes one task in a worker process: it reads the task's
// input and appends the result to out, returning the extended slice.
type Kernel func(input, out []byte) ([]byte, error)
