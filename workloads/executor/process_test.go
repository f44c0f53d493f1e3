package executor

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/scalebench/scalebench/workloads"
)

// holderEnv makes the test binary a parent that starts a pool of hanging
// workers, prints their pids and waits to be killed.
const holderEnv = "SCALEBENCH_TEST_POOL_HOLDER"

// noWorkerEnv makes the test binary skip MaybeWorker, as a program that
// forgot it would.
const noWorkerEnv = "SCALEBENCH_TEST_NO_MAYBEWORKER"

func TestMain(m *testing.M) {
	if os.Getenv(noWorkerEnv) != "1" {
		if code, ok := MaybeWorker(); ok {
			os.Exit(code)
		}
	}
	if os.Getenv(holderEnv) == "1" {
		os.Exit(holdPool())
	}
	os.Exit(m.Run())
}

func holdPool() int {
	job, err := faultyJob(8, map[string]string{"fault": "hang", "fault-task": "0"})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	pool, err := Processes{}.Start(context.Background(), job, 2, Options{Schedule: Block})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var pids []string
	for _, w := range pool.(*procPool).workers {
		pids = append(pids, strconv.Itoa(w.cmd.Process.Pid))
	}
	fmt.Println(strings.Join(pids, " "))
	_ = pool.Run(context.Background()) // hangs in worker 0 until this process is killed
	return 0
}

// TestWorkerArgsEnv starts workers from a binary that misses MaybeWorker:
// the words of WorkerArgsEnv reach the worker, which runs no test and
// exits, and the error says what was missed.
func TestWorkerArgsEnv(t *testing.T) {
	t.Setenv(noWorkerEnv, "1")
	t.Setenv(WorkerArgsEnv, "-test.run=^$ -test.bench=^$")
	_, err := Processes{}.Start(t.Context(), mustJob(t, 4, nil), 2, Options{Schedule: Block})
	if err == nil || !strings.Contains(err.Error(), "exit status 0") ||
		!strings.HasSuffix(err.Error(), "(does the program call executor.MaybeWorker first?)") {
		t.Fatalf("Start = %v, want a worker that exited with status 0 and a hint", err)
	}
}

func faultyJob(tasks int64, params map[string]string) (Job, error) {
	spec, _ := workloads.Lookup("faulty")
	p, err := spec.Resolve(params)
	if err != nil {
		return Job{}, err
	}
	cfg := workloads.Config{Size: tasks, Seed: 7, Params: p}
	inst, err := spec.New(cfg)
	if err != nil {
		return Job{}, err
	}
	inst.Serial()
	return Job{Workload: "faulty", Config: cfg, Instance: inst}, nil
}

func mustJob(t testing.TB, tasks int64, params map[string]string) Job {
	t.Helper()
	job, err := faultyJob(tasks, params)
	if err != nil {
		t.Fatal(err)
	}
	return job
}

func start(t testing.TB, ctx context.Context, e Executor, job Job, workers int, opt Options) *procPool {
	t.Helper()
	pool, err := e.Start(ctx, job, workers, opt)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	return pool.(*procPool)
}

// pass runs one pass as the sweep does.
func pass(ctx context.Context, pool Pool, inst workloads.Instance, workers int) error {
	inst.Begin(workers)
	err := pool.Run(ctx)
	inst.End()
	return err
}

// checkGone fails unless every worker of pool has been waited for and
// its process no longer exists.
func checkGone(t *testing.T, pool *procPool) {
	t.Helper()
	for _, w := range pool.workers {
		select {
		case <-w.exited:
		default:
			t.Errorf("worker %d was not waited for", w.id)
			continue
		}
		if err := syscall.Kill(w.cmd.Process.Pid, 0); err == nil {
			t.Errorf("worker %d (pid %d) still exists", w.id, w.cmd.Process.Pid)
		}
	}
	checkNoSegments(t)
}

// checkNoSegments fails when this process still holds a shared segment or
// /dev/shm holds one of ours.
func checkNoSegments(t *testing.T) {
	t.Helper()
	fds, _ := os.ReadDir("/proc/self/fd")
	for _, fd := range fds {
		if l, err := os.Readlink("/proc/self/fd/" + fd.Name()); err == nil && strings.Contains(l, "memfd:scalebench") {
			t.Errorf("descriptor %s still open: %s", fd.Name(), l)
		}
	}
	maps, _ := os.ReadFile("/proc/self/maps")
	if strings.Contains(string(maps), "memfd:scalebench") {
		t.Error("a shared segment is still mapped")
	}
	shm, _ := os.ReadDir("/dev/shm")
	for _, e := range shm {
		if strings.HasPrefix(e.Name(), "scalebench") {
			t.Errorf("/dev/shm/%s left behind", e.Name())
		}
	}
}

func TestProcessExecutorsVerifyAndCount(t *testing.T) {
	const tasks, taskBytes = 50, 24
	stride := int64(8 + taskBytes)
	for _, e := range []Executor{Processes{}, Shm{}} {
		for _, tc := range []struct {
			opt     Options
			batches int64 // messages to the workers per pass
		}{
			{Options{Schedule: Block}, 3},
			{Options{Schedule: Interleave}, 3},
			{Options{Schedule: Dynamic, Chunk: 1}, 50},
			{Options{Schedule: Dynamic, Chunk: 7}, 8},
			{Options{Schedule: Element, Chunk: 9}, 50},
		} {
			t.Run(fmt.Sprintf("%s/%s-%d", e.Name(), tc.opt.Schedule, tc.opt.Chunk), func(t *testing.T) {
				job := mustJob(t, tasks, map[string]string{"task-bytes": strconv.Itoa(taskBytes)})
				pool := start(t, t.Context(), e, job, 3, tc.opt)
				for range 2 { // the pool serves every pass of a point
					if err := pass(t.Context(), pool, job.Instance, 3); err != nil {
						t.Fatal(err)
					}
					if err := job.Instance.Verify(); err != nil {
						t.Fatal(err)
					}
				}
				st := pool.Stats()
				wantSent, wantRecv := 5*tc.batches+tasks*(8+stride), 5*tc.batches+tasks*(8+8)
				if e.Name() == "shm" {
					wantSent, wantRecv = 5*tc.batches+tasks*20, 5*tc.batches
				}
				if st.BytesSent != wantSent || st.BytesReceived != wantRecv {
					t.Errorf(
						"bytes sent, received = %d, %d; want %d, %d",
						st.BytesSent,
						st.BytesReceived,
						wantSent,
						wantRecv,
					)
				}
				if st.StartupS <= 0 || st.PeakRSSBytes <= 0 {
					t.Errorf("startup %v s, peak %d bytes: want both positive", st.StartupS, st.PeakRSSBytes)
				}
				if err := pool.Close(); err != nil {
					t.Fatal(err)
				}
				checkGone(t, pool)
				if err := pool.Run(t.Context()); err == nil {
					t.Error("Run after Close succeeded")
				}
			})
		}
	}
}

func TestRealWorkloads(t *testing.T) {
	for _, name := range []string{"pi", "synthetic"} {
		for _, e := range []Executor{Processes{}, Shm{}} {
			t.Run(name+"/"+e.Name(), func(t *testing.T) {
				spec, _ := workloads.Lookup(name)
				params, err := spec.Resolve(nil)
				if err != nil {
					t.Fatal(err)
				}
				cfg := workloads.Config{Size: 24_000, Seed: 3, Params: params}
				inst, err := spec.New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				inst.Serial()
				pool := start(
					t,
					t.Context(),
					e,
					Job{Workload: name, Config: cfg, Instance: inst},
					2,
					Options{Schedule: Dynamic, Chunk: 5},
				)
				defer pool.Close()
				if err := pass(t.Context(), pool, inst, 2); err != nil {
					t.Fatal(err)
				}
				if err := inst.Verify(); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

type notPortable struct{ workloads.Instance }

func TestStartRefuses(t *testing.T) {
	if _, ok := workloads.Lookup("test-goroutines-only"); !ok {
		workloads.Register(&workloads.Spec{Name: "test-goroutines-only", Quick: 1, Full: 1, Hidden: true,
			Executors: []string{"goroutines"}, Why: "its tasks share one counter",
			New: func(workloads.Config) (workloads.Instance, error) { return nil, nil }})
	}
	job := mustJob(t, 4, nil)
	for _, tc := range []struct {
		job  Job
		want string
	}{
		{Job{Workload: "faulty", Instance: notPortable{job.Instance}}, "faulty cannot run on the processes " +
			"executor: it has no kernel for worker processes"},
		{Job{Workload: "test-goroutines-only", Instance: job.Instance}, "test-goroutines-only cannot run on the " +
			"processes executor: its tasks share one counter"},
		{Job{Workload: "nonesuch", Instance: job.Instance}, `processes: unknown workload "nonesuch"`},
	} {
		_, err := Processes{}.Start(t.Context(), tc.job, 2, Options{Schedule: Block})
		if err == nil || err.Error() != tc.want {
			t.Errorf("Start(%s) = %v, want %q", tc.job.Workload, err, tc.want)
		}
	}
}

func TestWorkerFaults(t *testing.T) {
	for _, e := range []Executor{Processes{}, Shm{}} {
		for _, tc := range []struct {
			fault string
			want  []string
		}{
			{"crash", []string{"worker 1 (pid ", "died: exit status 2", "stderr: panic: faulty: crash in task 37"}},
			{"kill", []string{"worker 1 (pid ", "died: signal: killed"}},
			{"exit", []string{"worker 1 (pid ", "died: exit status 3", "stderr: faulty: exit in task 37"}},
			{"error", []string{e.Name() + ": worker 1: task 37: faulty: error in task 37"}},
		} {
			t.Run(e.Name()+"/"+tc.fault, func(t *testing.T) {
				job := mustJob(t, 40, map[string]string{"fault": tc.fault, "fault-task": "37"})
				pool := start(t, t.Context(), e, job, 2, Options{Schedule: Block})
				err := pass(t.Context(), pool, job.Instance, 2)
				if err == nil {
					t.Fatal("Run succeeded")
				}
				for _, w := range tc.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not contain %q", err, w)
					}
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("error has more than one line: %q", err)
				}
				if cerr := pool.Close(); cerr != nil {
					t.Errorf("Close after a failed pass: %v", cerr)
				}
				checkGone(t, pool)
			})
		}
	}
}

func TestHangTimesOut(t *testing.T) {
	for _, e := range []Executor{Processes{}, Shm{}} {
		t.Run(e.Name(), func(t *testing.T) {
			job := mustJob(t, 10, map[string]string{"fault": "hang", "fault-task": "3"})
			// The workers start without a deadline (a loaded machine may
			// take longer than the pass's); the pass has one.
			pool := start(t, t.Context(), e, job, 2, Options{Schedule: Dynamic, Chunk: 1})
			ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
			defer cancel()
			err := pass(ctx, pool, job.Instance, 2)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Run = %v, want a deadline error", err)
			}
			if cerr := pool.Close(); cerr != nil {
				t.Errorf("Close: %v", cerr)
			}
			checkGone(t, pool)
		})
	}
}

func TestCancelledStart(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := (Shm{}).Start(ctx, mustJob(t, 4, nil), 2, Options{Schedule: Block}); !errors.Is(
		err,
		context.Canceled,
	) {
		t.Errorf("Start with a cancelled context = %v, want context.Canceled", err)
	}
	checkNoSegments(t)
}

// TestParentKilled kills a process holding a pool with SIGKILL: its
// workers must die with it.
func TestParentKilled(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// Orphaned workers come to this process, which reaps them, rather
	// than to an init that may not.
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		t.Fatal(err)
	}
	defer unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0)
	holder := exec.Command(exe, "-test.run=^$")
	holder.Env = append(os.Environ(), holderEnv+"=1")
	holder.Stderr = os.Stderr
	out, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		_ = holder.Process.Kill()
		_ = holder.Wait()
		t.Fatalf("read worker pids: %v", err)
	}
	var pids []int
	for _, f := range strings.Fields(line) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("bad pid line %q", line)
		}
		pids = append(pids, pid)
	}
	if err := holder.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = holder.Wait()
	deadline := time.Now().Add(3 * time.Second)
	for _, pid := range pids {
		for alive(pid) {
			if time.Now().After(deadline) {
				t.Fatalf("worker pid %d outlived its parent", pid)
			}
			time.Sleep(20 * time.Millisecond)
		}
		var ws syscall.WaitStatus
		_, _ = syscall.Wait4(pid, &ws, 0, nil)
	}
}

// alive reports whether pid exists and is not a zombie.
func alive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

func TestTail(t *testing.T) {
	var tl tail
	fmt.Fprintf(&tl, "starting\npanic: boom\n\ngoroutine 1 [running]:\n")
	for i := range 2000 {
		fmt.Fprintf(&tl, "frame %d\n", i)
	}
	fmt.Fprint(&tl, "exit status 2\n")
	want := "panic: boom | … | frame 1998 | frame 1999 | exit status 2"
	if got := tl.summary(); got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

// TestShmSharesAllocatedInput builds an instance whose input lives in a
// segment from Shm.Alloc: the pool hands that segment to its workers
// without copying, the answer verifies, and Free releases it.
func TestShmSharesAllocatedInput(t *testing.T) {
	spec, _ := workloads.Lookup("faulty")
	params, err := spec.Resolve(map[string]string{"task-bytes": "4096"})
	if err != nil {
		t.Fatal(err)
	}
	var blocks [][]byte
	cfg := workloads.Config{Size: 64, Seed: 7, Params: params, Alloc: func(n int) ([]byte, error) {
		b, err := Shm{}.Alloc(n)
		blocks = append(blocks, b)
		return b, err
	}}
	inst, err := spec.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 1 || &blocks[0][0] != &inst.(workloads.Portable).Input()[0] {
		t.Fatalf("the input was not built in the allocated segment (%d allocations)", len(blocks))
	}
	inst.Serial()
	job := Job{Workload: "faulty", Config: workloads.Config{Size: 64, Seed: 7, Params: params}, Instance: inst}
	pool := start(t, context.Background(), Shm{}, job, 2, Options{Schedule: Dynamic, Chunk: 4})
	if pool.shm.copied != 0 {
		t.Errorf("the pool copied %d bytes of input", pool.shm.copied)
	}
	if err := pass(context.Background(), pool, inst, 2); err != nil {
		t.Fatal(err)
	}
	if err := inst.Verify(); err != nil {
		t.Error(err)
	}
	if err := pool.Close(); err != nil {
		t.Fatal(err)
	}
	if err := (Shm{}).Free(blocks[0]); err != nil {
		t.Fatal(err)
	}
	if err := (Shm{}).Free(make([]byte, 8)); err == nil {
		t.Error("Free of memory Alloc did not return succeeded")
	}
}

// TestNoTestingImport keeps the package's own code from importing
// testing: a program must behave the same inside and outside a test.
func TestNoTestingImport(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if imp.Path.Value == `"testing"` {
				t.Errorf("%s imports testing", name)
			}
		}
	}
}
