package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads"
)

// stubbornStarted receives when the serial run of the stubborn workload
// begins.
var stubbornStarted = make(chan struct{}, 1)

// stubborn is a test workload whose serial run ignores every request to
// stop: it stands for a pass stuck where it cannot check for one. Its
// goroutine is left sleeping when the run gives up on it.
type stubborn struct{}

func (stubborn) Tasks() int { return 1 }
func (stubborn) Serial() {
	select {
	case stubbornStarted <- struct{}{}:
	default:
	}
	time.Sleep(time.Hour)
}
func (stubborn) Begin(int)     {}
func (stubborn) Run(int, int)  {}
func (stubborn) End()          {}
func (stubborn) Verify() error { return nil }

func init() {
	workloads.Register(&workloads.Spec{Name: "stubborn", Description: "test: a serial run that does not stop",
		Unit: "runs", Quick: 1, Full: 1, Hidden: true, Executors: []string{"goroutines"}, Why: "test workload",
		New: func(workloads.Config) (workloads.Instance, error) { return stubborn{}, nil }})
}

// within waits for errc and fails the test when nothing arrives within a
// generous deadline.
func within(t *testing.T, errc <-chan error, what string) error {
	t.Helper()
	select {
	case err := <-errc:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: no return within 10 s", what)
		return nil
	}
}

func TestStopOn(t *testing.T) {
	sig := make(chan os.Signal, 1)
	after := make(chan struct{})
	ctx, release := stopOn(context.Background(), sig, time.Hour, func() { close(after) })
	defer release()
	st := stoppingOf(ctx)
	if st.grace != time.Hour || st.force == nil {
		t.Fatalf("stopping %+v, want the grace and a force channel", st)
	}
	sig <- syscall.SIGHUP
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the first signal did not end the context")
	}
	select {
	case <-st.force:
		t.Fatal("one signal forced the stop")
	default:
	}
	sig <- syscall.SIGTERM
	select {
	case <-st.force:
	case <-time.After(10 * time.Second):
		t.Fatal("the second signal did not force the stop")
	}
	<-after
	if got := stoppingOf(context.Background()); got.force != nil || got.grace != 0 {
		t.Errorf("stopping of a bare context = %+v, want none", got)
	}
}

// TestSecondSignalForcesStop interrupts a run whose pass does not stop,
// with a grace period far longer than the test: only the second signal
// can end it, with the result file marked interrupted and exit 130.
func TestSecondSignalForcesStop(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.json")
	sig := make(chan os.Signal, 2)
	ctx, release := stopOn(context.Background(), sig, time.Hour, func() {})
	defer release()
	errc := make(chan error, 1)
	var stderr bytes.Buffer
	go func() {
		errc <- run(ctx, []string{"run", "stubborn", "--workers", "1", "--oversubscribe", "0", "--reps", "1", "--warmup", "0", "-o", out},
			&bytes.Buffer{}, &stderr)
	}()
	select {
	case <-stubbornStarted:
	case err := <-errc:
		t.Fatalf("run returned before its pass started: %v", err)
	}
	sig <- syscall.SIGINT
	sig <- syscall.SIGINT
	err := within(t, errc, "run after two signals")
	if code := exitCode(err, &stderr); code != 130 {
		t.Fatalf("exit %d, want 130\n%s", code, stderr.String())
	}
	doc, err := results.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !doc.Interrupted || len(doc.Series) != 1 {
		t.Errorf("interrupted %v, %d series; want the series marked interrupted", doc.Interrupted, len(doc.Series))
	}
}

// children returns the pids of the processes whose parent is ppid and
// whose command name is comm.
func children(ppid int, comm string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …
		s := string(b)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open {
			continue
		}
		f := strings.Fields(s[end+1:])
		if len(f) >= 2 && s[open+1:end] == comm && f[1] == strconv.Itoa(ppid) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// dead reports whether pid no longer runs (gone, or a zombie), and reaps
// it if it became this process's child.
func dead(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 || i+2 >= len(s) || s[i+2] != 'Z' {
		return false
	}
	var ws syscall.WaitStatus
	_, _ = syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
	return true
}

// startSleeping starts `scalebench run --cmd 'sleep 1000'`, after the
// words of prefix if any, and returns it once its serial reference, the
// sleep, runs, with the sleep's pid.
func startSleeping(t *testing.T, bin, out string, prefix ...string) (*exec.Cmd, int, *bytes.Buffer) {
	t.Helper()
	args := append(prefix, bin, "run", "--cmd", "sleep 1000", "--workers", "1", "--oversubscribe", "0",
		"--reps", "1", "--warmup", "0", "-o", out)
	cmd := exec.Command(args[0], args[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if pids := children(cmd.Process.Pid, "sleep"); len(pids) == 1 {
			sleep := pids[0]
			t.Cleanup(func() { _ = syscall.Kill(sleep, syscall.SIGKILL) })
			return cmd, sleep, &stderr
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("no sleep started within 10 s\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitDead waits until pid no longer runs.
func waitDead(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !dead(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("sleep %d outlived scalebench", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSignalsEndRun sends each signal that ends scalebench to a run of
// --cmd 'sleep 1000': SIGINT, SIGTERM and SIGHUP must leave the result
// file marked interrupted, with exit 130; SIGKILL cannot be caught, but
// the sleep must die with scalebench all the same.
func TestSignalsEndRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("sleep"); err != nil {
		t.Skip("no sleep program")
	}
	bin := buildBinary(t)
	for _, s := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(s.String(), func(t *testing.T) {
			if s == syscall.SIGHUP && signal.Ignored(s) {
				// Inherited (nohup): scalebench keeps it ignored, as documented.
				t.Skipf("%v is ignored by this process, so scalebench would ignore it too", s)
			}
			out := filepath.Join(t.TempDir(), "x.json")
			cmd, sleep, stderr := startSleeping(t, bin, out)
			if err := cmd.Process.Signal(s); err != nil {
				t.Fatal(err)
			}
			errc := make(chan error, 1)
			go func() { errc <- cmd.Wait() }()
			err := within(t, errc, "scalebench after "+s.String())
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 130 {
				t.Fatalf("exit %v, want status 130\n%s", err, stderr.String())
			}
			doc, err := results.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if !doc.Interrupted {
				t.Error("result file not marked interrupted")
			}
			waitDead(t, sleep)
		})
	}
	t.Run("SIGHUP ignored", func(t *testing.T) {
		// As under nohup: scalebench must leave SIGHUP ignored.
		out := filepath.Join(t.TempDir(), "x.json")
		cmd, _, stderr := startSleeping(t, bin, out, "sh", "-c", `trap "" HUP; exec "$@"`, "sh")
		if ign := ignoredSignals(t, cmd.Process.Pid); ign&(1<<(syscall.SIGHUP-1)) == 0 {
			t.Errorf("SIGHUP no longer ignored (ignored mask %#x)", ign)
		}
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		errc := make(chan error, 1)
		go func() { errc <- cmd.Wait() }()
		err := within(t, errc, "scalebench after SIGTERM")
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 130 {
			t.Errorf("exit %v after SIGTERM, want status 130\n%s", err, stderr.String())
		}
	})
	t.Run("killed", func(t *testing.T) {
		cmd, sleep, _ := startSleeping(t, bin, filepath.Join(t.TempDir(), "x.json"))
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		waitDead(t, sleep)
	})
}

// ignoredSignals is the mask of the signals that process pid ignores
// (SigIgn in its status: bit n-1 for signal n).
func ignoredSignals(t *testing.T, pid int) uint64 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "SigIgn:"); ok {
			m, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
	}
	t.Fatal("no SigIgn in /proc/PID/status")
	return 0
}

// TestKilledCommandTreeDies kills scalebench with SIGKILL while it runs a
// command whose sleep is a grandchild: the sleep of a shell, with --shell
// and without. The kernel kills only the direct child of scalebench
// (Pdeathsig); the sleep used to outlive it.
func TestKilledCommandTreeDies(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("sleep"); err != nil {
		t.Skip("no sleep program")
	}
	bin := buildBinary(t)
	for _, tc := range []struct {
		name string
		cmd  []string
	}{
		{"shell", []string{"--shell", "--cmd", "sleep 1000; true"}},
		{"program", []string{"--cmd", "sh -c 'sleep 1000; true'"}},
		{"pipeline", []string{"--shell", "--cmd", "sleep 1000 | cat"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(tc.cmd, "--workers", "1", "--oversubscribe", "0", "--reps", "1", "--warmup", "0",
				"-o", filepath.Join(t.TempDir(), "x.json"))
			cmd := exec.Command(bin, append([]string{"run"}, args...)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sleep := waitDescendant(t, cmd, "sleep")
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			waitDead(t, sleep)
		})
	}
}

// waitDescendant waits until a process named comm runs below cmd's
// process and returns its pid; it is killed when the test ends.
func waitDescendant(t *testing.T, cmd *exec.Cmd, comm string) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, pid := range descendantsOf(cmd.Process.Pid) {
			if procComm(pid) == comm {
				t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
				return pid
			}
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("no %s started below scalebench within 10 s", comm)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// descendantsOf returns the processes below pid, through
// /proc/PID/task/TID/children.
func descendantsOf(pid int) []int {
	var out []int
	for todo := []int{pid}; len(todo) > 0; todo = todo[1:] {
		tasks, _ := os.ReadDir("/proc/" + strconv.Itoa(todo[0]) + "/task")
		for _, task := range tasks {
			b, _ := os.ReadFile("/proc/" + strconv.Itoa(todo[0]) + "/task/" + task.Name() + "/children")
			for f := range strings.FieldsSeq(string(b)) {
				if c, err := strconv.Atoi(f); err == nil {
					out, todo = append(out, c), append(todo, c)
				}
			}
		}
	}
	return out
}

// procComm is the command name of pid, "" when it is gone.
func procComm(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
