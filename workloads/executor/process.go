package executor

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/scalebench/scalebench/workloads"
)

func init() {
	Register(Processes{})
	Register(Shm{})
}

// Processes runs P worker processes fed through pipes: every task's input
// is copied to a worker and every result copied back, the way Python's
// Pool.map pickles its arguments. The workers are this program started
// again in worker mode (see MaybeWorker), one thread each.
type Processes struct{}

// Name implements Executor.
func (Processes) Name() string { return "processes" }

// Start implements Executor.
func (Processes) Start(ctx context.Context, job Job, workers int, opt Options) (Pool, error) {
	return startPool(ctx, "processes", job, workers, opt)
}

// procPool is a pool of worker processes; in shm mode the input and the
// results live in shared segments and the pipes carry only task numbers.
type procPool struct {
	name     string
	job      Job
	port     workloads.Portable
	opt      Options
	shm      *segments // nil for processes
	lim      limits    // what a worker's reply may hold
	workers  []*worker
	assigned [][]int
	startup  float64
	release  chan struct{} // ends the thread that started the workers

	mu   sync.Mutex // serializes SetResult
	errs struct {
		sync.Mutex
		first error
	}
	sent, received int64 // of the last pass
	broken         error
	closed         bool
}

// worker is one worker process and the parent's ends of its pipes.
type worker struct {
	id       int
	cmd      *exec.Cmd
	cmdW     *os.File
	replyR   *os.File
	enc      encoder
	dec      decoder
	stderr   *tail
	exited   chan struct{} // closed once the process has been waited for
	waitErr  error
	peakRSS  atomic.Int64
	sent     int64
	received int64
}

// startPool starts workers processes for job and waits until each is
// ready.
func startPool(ctx context.Context, name string, job Job, workers int, opt Options) (_ Pool, err error) {
	t0 := time.Now()
	port, err := portable(name, job)
	if err != nil {
		return nil, err
	}
	if workers < 1 {
		return nil, fmt.Errorf("%s: %d workers: want at least 1", name, workers)
	}
	if os.Getenv(workerEnv) == "1" {
		return nil, errors.New("this program was started as a worker but did not call executor.MaybeWorker first")
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("%s: find this program to start workers: %w", name, err)
	}
	p := &procPool{name: name, job: job, port: port, opt: opt}
	p.opt.Chunk = opt.chunk(job.Instance.Tasks())
	if p.opt.Schedule == Element {
		p.opt.Chunk = 1
	}
	if opt.Schedule == Block || opt.Schedule == Interleave {
		p.assigned = Assign(opt.Schedule, job.Instance.Tasks(), workers)
	}
	h := hello{Workload: job.Workload, Size: job.Config.Size, Seed: job.Config.Seed, Params: job.Config.Params,
		MaxResult: port.MaxResult(), MaxInput: maxInput(port), Tasks: job.Instance.Tasks()}
	p.lim = limits{tasks: h.Tasks, data: h.MaxResult}
	defer func() {
		if err != nil {
			p.kill()
			p.closeAll()
		}
	}()
	if name == "shm" {
		if p.shm, err = newSegments(port, job.Instance.Tasks()); err != nil {
			return nil, fmt.Errorf("shm: %w", err)
		}
		h.Shm, h.InputLen = true, len(port.Input())
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := p.spawn(exe, workers); err != nil {
		return nil, fmt.Errorf("%s: start worker: %w", name, err)
	}
	stop := context.AfterFunc(ctx, p.kill) // p.workers is complete
	defer stop()
	if p.shm != nil {
		p.shm.afterStart() // the workers hold the input segment now
	}
	if err := p.greet(ctx, h); err != nil {
		return nil, err
	}
	p.startup = time.Since(t0).Seconds()
	return p, nil
}

// greet sends every worker the job and waits until each says it is
// ready.
func (p *procPool) greet(ctx context.Context, h hello) error {
	hm, err := helloMessage(h)
	if err != nil {
		return fmt.Errorf("%s: %w", p.name, err)
	}
	for _, w := range p.workers {
		w.enc.message(hm)
		if err := w.enc.flush(); err != nil {
			return p.failed(ctx, w, ioError{err})
		}
	}
	for _, w := range p.workers {
		m, err := w.dec.message()
		if err != nil {
			err = w.readErr(err)
		} else if m.Kind == msgError {
			err = w.failure(m)
		} else if m.Kind != msgReady {
			err = fmt.Errorf("worker %d sent %q instead of ready", w.id, m.Kind)
		}
		if err != nil {
			err = p.failed(ctx, w, err)
			if !strings.Contains(err.Error(), "exit status 0") {
				return err
			}
			return fmt.Errorf("%w (does the program call executor.MaybeWorker first?)", err)
		}
	}
	return nil
}

// maxInput is the size in bytes of the largest task input of port.
func maxInput(port workloads.Portable) int {
	n := 0
	for t := range port.Tasks() {
		_, size := port.TaskInput(t)
		n = max(n, size)
	}
	return n
}

// portable checks that job can run in worker processes.
func portable(name string, job Job) (workloads.Portable, error) {
	spec, ok := workloads.Lookup(job.Workload)
	if !ok {
		return nil, fmt.Errorf("%s: unknown workload %q", name, job.Workload)
	}
	if !spec.Supports(name) {
		return nil, fmt.Errorf("%s cannot run on the %s executor: %s", job.Workload, name, spec.Why)
	}
	port, ok := job.Instance.(workloads.Portable)
	if !ok || spec.Kernel == nil {
		return nil, fmt.Errorf("%s cannot run on the %s executor: it has no kernel for worker processes", job.Workload, name)
	}
	return port, nil
}

// spawn starts the worker processes from one goroutine locked to its
// thread: the kernel sends a worker SIGKILL (Pdeathsig) when the thread
// that started it ends, so the thread lives until Close.
func (p *procPool) spawn(exe string, n int) error {
	release := make(chan struct{})
	p.release = release
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		var err error
		for i := range n {
			if err = p.startWorker(exe, i); err != nil {
				break
			}
		}
		errc <- err
		<-release
		runtime.UnlockOSThread()
	}()
	return <-errc
}

// WorkerArgsEnv names an environment variable whose space-separated
// words are given as arguments to every worker process. A test binary sets
// it to "-test.run=^$" in TestMain, so that a worker started from a test
// binary that misses MaybeWorker runs no test and exits.
const WorkerArgsEnv = "SCALEBENCH_WORKER_ARGS"

func (p *procPool) startWorker(exe string, id int) error {
	cmdR, cmdW, err := pipe()
	if err != nil {
		return err
	}
	replyR, replyW, err := pipe()
	if err != nil {
		cmdR.Close()
		cmdW.Close()
		return err
	}
	args := append([]string{exe}, strings.Fields(os.Getenv(WorkerArgsEnv))...)
	env := append(os.Environ(), workerEnv+"=1", "GOMAXPROCS=1")
	if os.Getenv("GORACE") == "" {
		env = append(env, "GORACE=atexit_sleep_ms=0") // a race-enabled worker stops at once
	}
	st := &tail{}
	cmd := &exec.Cmd{
		Path:       exe,
		Args:       args,
		Env:        env,
		Stdout:     st,
		Stderr:     st,
		ExtraFiles: []*os.File{cmdR, replyW},
		SysProcAttr: &syscall.SysProcAttr{
			Pdeathsig: syscall.SIGKILL,
			Setpgid:   true, // a terminal's ^C reaches the parent only; it stops the workers
		},
	}
	if p.shm != nil {
		cmd.ExtraFiles = append(cmd.ExtraFiles, p.shm.input, p.shm.output)
	}
	err = cmd.Start()
	cmdR.Close()
	replyW.Close()
	if err != nil {
		cmdW.Close()
		replyR.Close()
		return err
	}
	w := &worker{id: id, cmd: cmd, cmdW: cmdW, replyR: replyR, stderr: st, exited: make(chan struct{}),
		enc: encoder{w: bufio.NewWriterSize(cmdW, 1<<16)},
		dec: decoder{r: bufio.NewReaderSize(replyR, 1<<16), lim: p.lim}}
	shared := p.shm != nil
	go func() {
		w.waitErr = cmd.Wait()
		// wait4's peak cannot tell shared pages apart: an shm pool
		// relies on the readings taken while its workers lived.
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && !shared {
			w.notePeak(ru.Maxrss * 1024)
		}
		close(w.exited)
	}()
	p.workers = append(p.workers, w)
	return nil
}

// pipe returns a pipe whose ends block: a worker's reader waits in the
// kernel rather than in the poller, which answers faster.
func pipe() (r, w *os.File, err error) {
	var fds [2]int
	if err := syscall.Pipe2(fds[:], syscall.O_CLOEXEC); err != nil {
		return nil, nil, fmt.Errorf("pipe: %w", err)
	}
	return os.NewFile(uintptr(fds[0]), "pipe"), os.NewFile(uintptr(fds[1]), "pipe"), nil
}

// Run implements Pool.
func (p *procPool) Run(ctx context.Context) error {
	if p.broken != nil {
		return fmt.Errorf("%s: pool stopped after an earlier failure: %w", p.name, p.broken)
	}
	if p.closed {
		return fmt.Errorf("%s: pool is closed", p.name)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, p.kill)
	defer stop()
	p.errs.first = nil
	tasks := p.job.Instance.Tasks()
	var next atomic.Int64
	chunk := int64(p.opt.Chunk)
	var wg sync.WaitGroup
	for i, w := range p.workers {
		w.sent, w.received = 0, 0
		wg.Go(func() {
			if p.assigned != nil {
				if len(p.assigned[i]) > 0 {
					if err := p.exchange(w, p.assigned[i]); err != nil {
						p.fail(ctx, w, err)
					}
				}
				return
			}
			ts := make([]int, 0, chunk)
			for p.firstErr() == nil {
				end := next.Add(chunk)
				start := end - chunk
				if start >= int64(tasks) {
					return
				}
				ts = ts[:0]
				for t := start; t < min(end, int64(tasks)); t++ {
					ts = append(ts, int(t))
				}
				if err := p.exchange(w, ts); err != nil {
					p.fail(ctx, w, err)
					return
				}
			}
		})
	}
	wg.Wait()
	p.sent, p.received = 0, 0
	for _, w := range p.workers {
		p.sent += w.sent
		p.received += w.received
	}
	if err := p.firstErr(); err != nil {
		p.broken = err
		p.kill()
		return err
	}
	return nil
}

// exchange sends one batch of tasks to w and stores the results.
func (p *procPool) exchange(w *worker, ts []int) error {
	kind := byte(msgBatch)
	if p.shm != nil {
		kind = msgShm
	}
	sent := w.enc.n
	w.enc.message(message{Kind: kind, Count: uint32(len(ts))})
	input := p.port.Input()
	for _, t := range ts {
		off, n := p.port.TaskInput(t)
		if p.shm != nil {
			w.enc.record(kind, record{Task: uint32(t), Off: uint64(off), N: uint64(n)})
		} else {
			w.enc.record(kind, record{Task: uint32(t), Data: input[off : off+n]})
		}
	}
	w.sent += w.enc.n - sent
	if err := w.enc.flush(); err != nil {
		return ioError{err}
	}
	received := w.dec.n
	defer func() { w.received += w.dec.n - received }()
	m, err := w.dec.message()
	if err != nil {
		return w.readErr(err)
	}
	if m.Kind == msgError {
		return w.failure(m)
	}
	if m.Kind != msgDone {
		return fmt.Errorf("worker %d sent %q instead of results", w.id, m.Kind)
	}
	if int(m.Count) != len(ts) {
		return fmt.Errorf("worker %d answered %d tasks of %d", w.id, m.Count, len(ts))
	}
	if p.shm != nil {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, t := range ts {
			res, err := p.shm.result(t, p.port.MaxResult())
			if err != nil {
				return err
			}
			if err := p.port.SetResult(t, res); err != nil {
				return err
			}
		}
		return nil
	}
	for range ts {
		var rec record // SetResult may keep the result: each gets its own
		if err := w.dec.record(msgDone, &rec); err != nil {
			return w.readErr(err)
		}
		p.mu.Lock()
		err = p.port.SetResult(int(rec.Task), rec.Data)
		p.mu.Unlock()
		if err != nil {
			return err
		}
	}
	return nil
}

// ioError is a broken pipe to or from a worker: the worker has died.
type ioError struct{ err error }

func (e ioError) Error() string { return e.err.Error() }

// readErr is the error of a failed read from w: a corrupt message, or a
// broken pipe.
func (w *worker) readErr(err error) error {
	if errors.Is(err, errCorrupt) {
		return fmt.Errorf("worker %d: %w", w.id, err)
	}
	return ioError{err}
}

// failure is the error that w reported in E message m.
func (w *worker) failure(m message) error {
	if m.Task == noTask {
		return fmt.Errorf("worker %d: %s", w.id, m.Body)
	}
	return fmt.Errorf("worker %d: task %d: %s", w.id, m.Task, m.Body)
}

// fail records the first failure of a pass and stops every worker.
func (p *procPool) fail(ctx context.Context, w *worker, err error) {
	err = p.failed(ctx, w, err)
	p.errs.Lock()
	if p.errs.first == nil {
		p.errs.first = err
	}
	p.errs.Unlock()
	p.kill()
}

func (p *procPool) firstErr() error {
	p.errs.Lock()
	defer p.errs.Unlock()
	return p.errs.first
}

// failed turns a failure talking to w into the error to report: the
// context's error when it was cancelled, the worker's exit status and the
// tail of its stderr when it died.
func (p *procPool) failed(ctx context.Context, w *worker, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("%s: %w", p.name, cerr)
	}
	var io ioError
	if !errors.As(err, &io) {
		return fmt.Errorf("%s: %w", p.name, err)
	}
	select {
	case <-w.exited:
	case <-time.After(2 * time.Second):
		w.kill()
		<-w.exited
	}
	if cerr := ctx.Err(); cerr != nil { // killed because the context ended
		return fmt.Errorf("%s: %w", p.name, cerr)
	}
	status := "exited"
	if w.waitErr != nil {
		status = w.waitErr.Error()
	} else if w.cmd.ProcessState != nil {
		status = w.cmd.ProcessState.String()
	}
	msg := fmt.Sprintf("%s: worker %d (pid %d) died: %s", p.name, w.id, w.cmd.Process.Pid, status)
	if t := w.stderr.summary(); t != "" {
		msg += "; stderr: " + t
	}
	return errors.New(msg)
}

// kill sends SIGKILL to every worker.
func (p *procPool) kill() {
	for _, w := range p.workers {
		w.kill()
	}
}

func (w *worker) kill() {
	select {
	case <-w.exited:
	default:
		_ = w.cmd.Process.Kill()
	}
}

// Stats implements Pool. The peak memory is the sum over the workers of
// their high-water marks, read while they live and from wait4 after. In
// an shm pool every page of the shared segments is counted once: a
// worker's shared pages are left out of its peak, and the input is
// counted in the parent that allocated it (or, when the pool copied it,
// added here once).
// Prepare implements Pool; the workers wait for the next batch as they are.
func (p *procPool) Prepare(context.Context) error { return nil }

func (p *procPool) Stats() Stats {
	var peak int64
	for _, w := range p.workers {
		select {
		case <-w.exited:
		default:
			hwm, shmem := procMem(w.cmd.Process.Pid)
			if p.shm != nil {
				hwm -= shmem
			}
			w.notePeak(hwm)
		}
		peak += w.peakRSS.Load()
	}
	if p.shm != nil {
		peak += p.shm.copied
	}
	return Stats{StartupS: p.startup, BytesSent: p.sent, BytesReceived: p.received, PeakRSSBytes: peak}
}

func (w *worker) notePeak(b int64) {
	for {
		old := w.peakRSS.Load()
		if b <= old || w.peakRSS.CompareAndSwap(old, b) {
			return
		}
	}
}

// PIDs implements WorkerProcesses: the workers that have not exited.
func (p *procPool) PIDs() []int {
	pids := make([]int, 0, len(p.workers))
	for _, w := range p.workers {
		select {
		case <-w.exited:
		default:
			pids = append(pids, w.cmd.Process.Pid)
		}
	}
	return pids
}

// Close implements Pool: it asks the workers to stop (kills them after a
// failure), waits for every one, and removes the shared segments.
func (p *procPool) Close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	if p.broken == nil {
		// A worker that cannot be told to quit is still stopped by the
		// end of its pipe, and its exit status is checked below.
		for _, w := range p.workers {
			w.enc.message(message{Kind: msgQuit})
			_ = w.enc.flush()
			_ = w.cmdW.Close() // EOF stops the worker too
		}
	} else {
		p.kill()
	}
	var errs []error
	for _, w := range p.workers {
		select {
		case <-w.exited:
		case <-time.After(5 * time.Second):
			w.kill()
			<-w.exited
			errs = append(errs, fmt.Errorf("%s: worker %d did not stop; killed", p.name, w.id))
			continue
		}
		if p.broken == nil && w.waitErr != nil {
			errs = append(errs, fmt.Errorf("%s: worker %d: %v; stderr: %s", p.name, w.id, w.waitErr, w.stderr.summary()))
		}
	}
	p.closeAll()
	return errors.Join(errs...)
}

// closeAll waits for the workers and releases everything; it is safe on
// a pool that is partly started.
func (p *procPool) closeAll() {
	for _, w := range p.workers {
		<-w.exited
		w.cmdW.Close()
		w.replyR.Close()
	}
	if p.release != nil {
		close(p.release)
		p.release = nil
	}
	if p.shm != nil {
		p.shm.close()
		p.shm = nil
	}
}

// procMem reads the peak resident memory of process pid (VmHWM) and the
// part of its present resident memory that is shared memory (RssShmem),
// or zeros.
func procMem(pid int) (hwm, shmem int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	kb := func(v []byte) int64 {
		if f := bytes.Fields(v); len(f) > 0 {
			n, _ := strconv.ParseInt(string(f[0]), 10, 64)
			return n * 1024
		}
		return 0
	}
	for line := range bytes.Lines(b) {
		if v, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			hwm = kb(v)
		} else if v, ok := bytes.CutPrefix(line, []byte("RssShmem:")); ok {
			shmem = kb(v)
		}
	}
	return hwm, shmem
}

// tail keeps the last bytes written to it: a worker's stdout and stderr.
type tail struct {
	mu    sync.Mutex
	buf   []byte
	panic string // the first "panic:" or "fatal error:" line seen
}

const tailMax = 4096

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if t.panic == "" {
		for line := range bytes.Lines(t.buf) {
			complete := bytes.HasSuffix(line, []byte("\n"))
			if complete && (bytes.HasPrefix(line, []byte("panic: ")) || bytes.HasPrefix(line, []byte("fatal error: "))) {
				t.panic = strings.TrimSpace(string(line))
				break
			}
		}
	}
	if len(t.buf) > 2*tailMax {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-tailMax:]...)
	}
	return len(b), nil
}

// summary is the tail on one line: the panic line, if any, then the last
// few lines.
func (t *tail) summary() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var lines []string
	for line := range strings.Lines(string(t.buf)) {
		if s := strings.TrimSpace(line); s != "" {
			lines = append(lines, s)
		}
	}
	lines = lines[max(0, len(lines)-3):]
	if t.panic != "" && (len(lines) == 0 || lines[0] != t.panic) {
		lines = append([]string{t.panic, "…"}, lines...)
	}
	s := strings.Join(lines, " | ")
	if len(s) > 600 {
		s = "…" + s[len(s)-600:]
	}
	return s
}
