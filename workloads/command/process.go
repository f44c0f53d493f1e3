package command

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Usage is what one run of a program cost, measured from outside: wall
// time; from wait4's rusage the user and system CPU time of the process
// tree (the child and every descendant it waited for, as RUSAGE_CHILDREN
// counts them); and the peak resident memory of the tree, sampled through
// /proc while it runs (treeWatch). wait4's own peak is not used: on Linux
// it includes this process's peak, which the child inherits until it
// execs, and is the largest single process rather than the tree.
type Usage struct {
	WallS, UserS, SysS float64
	MaxRSSBytes        int64
}

// stderrTail is how many lines of a failed program's stderr its error
// carries.
const stderrTail = 10

// execute runs args once in its own process group, with stdin from
// /dev/null, the parent's environment and no other open descriptors.
// When read is set, the program's stdout is spooled to a temporary file
// that read is given after a successful run (see AnswerKept). When ctx ends first,
// the whole process group is killed with SIGKILL; either way the child is
// waited for and whatever is left of its group is killed afterwards, so
// no process of a run outlives it. Should this process die first (even of
// SIGKILL), the kernel kills the child (Pdeathsig) and the guard kills the
// rest of its process group.
//
// A program that exits with a non-zero status or dies of a signal is an
// error naming the status and carrying the last lines of its stderr; when
// ctx ended, the error is ctx.Err().
func execute(ctx context.Context, args []string, read func(out *os.File) error) (u Usage, err error) {
	// Output goes to files rather than pipes: the child writes to them
	// directly, and Wait returns when the child exits even if a
	// background descendant still holds them open.
	errf, err := tempFile()
	if err != nil {
		return u, err
	}
	defer errf.Close()
	var outf *os.File
	if read != nil {
		if outf, err = tempFile(); err != nil {
			return u, err
		}
		defer outf.Close()
	}

	setup.Do(setupProcess)
	guard.start()
	// Pdeathsig fires when the thread that started the child ends, not
	// the process: keep this goroutine on its thread until the child has
	// been waited for, so that the thread outlives it.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stderr = errf
	if outf != nil {
		cmd.Stdout = outf
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return killGroup(cmd.Process.Pid) }

	t0 := time.Now()
	if err = cmd.Start(); err == nil {
		guard.hold(cmd.Process.Pid)
		tree := watchTree(cmd.Process.Pid)
		err = cmd.Wait()
		u.MaxRSSBytes = tree.stop()
	}
	u.WallS = time.Since(t0).Seconds()
	if cmd.Process != nil {
		// Stragglers: a descendant left running in the background.
		_ = killGroup(cmd.Process.Pid)
		reapGroup(cmd.Process.Pid)
		guard.release(cmd.Process.Pid)
	}
	if st := cmd.ProcessState; st != nil {
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			u.UserS = time.Duration(ru.Utime.Nano()).Seconds()
			u.SysS = time.Duration(ru.Stime.Nano()).Seconds()
		}
	}
	if ctx.Err() != nil {
		return u, ctx.Err()
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			msg := fmt.Sprintf("%s: %s", args[0], ee.ProcessState)
			if tail := readTail(errf, stderrTail); tail != "" {
				msg += "; stderr: " + tail
			}
			return u, errors.New(msg)
		}
		return u, err // could not start
	}
	if outf != nil {
		return u, read(outf)
	}
	return u, nil
}

// killGroup sends SIGKILL to the process group pgid; a group that no
// longer exists is not an error.
func killGroup(pgid int) error {
	if err := syscall.Kill(-pgid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	return nil
}

var setup sync.Once

// setupProcess prepares this process for running programs: it becomes a
// child subreaper, so that a descendant orphaned by a program's exit is
// reparented here and can be reaped by reapGroup rather than left to an
// init that may not reap (as in many containers); and it marks every
// descriptor it inherited close-on-exec (Go's own are already), so that a
// program inherits only stdin, stdout and stderr.
func setupProcess() {
	const prSetChildSubreaper = 36 // PR_SET_CHILD_SUBREAPER, linux/prctl.h
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, e := range entries {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			syscall.CloseOnExec(fd)
		}
	}
}

// reapGroup waits for the members of process group pgid that are children
// of this process (orphans reparented here), after killGroup. It stops
// when none is left, or after a second for one that will not die.
func reapGroup(pgid int) {
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-pgid, &ws, syscall.WNOHANG, nil)
		switch {
		case errors.Is(err, syscall.EINTR), pid > 0:
			continue
		case err != nil: // ECHILD: no child of ours in the group
			return
		}
		time.Sleep(time.Millisecond) // children left, not dead yet
	}
}

// tempFile creates an anonymous file: it is removed at once and lives
// until closed.
func tempFile() (*os.File, error) {
	f, err := os.CreateTemp("", "scalebench-cmd-*")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// readTail returns the last n lines of f (from at most its last 64 KiB),
// joined by " | ".
func readTail(f *os.File, n int) string {
	const window = 64 << 10
	end, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return ""
	}
	start := max(end-window, 0)
	buf := make([]byte, end-start)
	if _, err := f.ReadAt(buf, start); err != nil && !errors.Is(err, io.EOF) {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(bytes.ToValidUTF8(buf, []byte("?"))), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, "\r")
	}
	return strings.TrimSpace(strings.Join(lines, " | "))
}
