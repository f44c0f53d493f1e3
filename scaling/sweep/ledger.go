package sweep

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"syscall"

	"github.com/scalebench/scalebench/results"
)

// The thresholds of a disturbed pass. A pass needs n = min(P, CPUs)
// CPUs (the serial reference one). Its threads waited for a CPU (the
// ledger's WaitS, read to the nanosecond from the scheduler) only
// because others took one, when the pass never has more threads ready
// to run than CPUs; then that wait is what others cost it. Otherwise
// (worker processes beside this one on every CPU, oversubscribed
// points, a command) only the coarser sign is read: other processes
// that used no more than the CPUs the pass left free cannot have taken
// any of its CPUs; what they used beyond those, less what the kernel's
// tick counting cannot resolve (results.OthersResolutionS), they took
// from it. A pass with a barrier is as slow as its slowest worker, so
// what others took counts against the pass's wall time, not against
// the CPU time of all its workers.
const (
	// WaitShareMax and WaitSlackS: a pass is disturbed when its threads
	// waited for a CPU for more than WaitSlackS and this share of its wall
	// time. On a quiet machine the threads of a pass wait a few
	// milliseconds whatever its length, as the runtime wakes them and
	// hands work over: that is the slack.
	WaitShareMax = 0.05
	WaitSlackS   = 0.005
	// OthersShareMax: a pass is disturbed when other processes took more
	// than this share of its wall time beyond the CPUs it left free.
	OthersShareMax = 0.10
	// StealShareMax: a pass is disturbed when the hypervisor stole more
	// than this share of its wall time.
	StealShareMax = 0.05
)

// MaxRetries is how many times a disturbed pass is measured again in its
// round before the round goes on without it.
const MaxRetries = 2

// Disturbance says why a pass of wall seconds that needed needed of the
// machine's cpus CPUs was disturbed, by the thresholds above, or "" when
// it was not or its ledger is unknown (nil). fits says that the pass's
// threads ready to run never outnumber the CPUs, so that their wait is
// the others' doing.
func Disturbance(l *results.Ledger, wall float64, needed, cpus int, fits bool) string {
	if l == nil || wall <= 0 || needed < 1 {
		return ""
	}
	others := l.OthersCPUS / wall
	// A wait that others' CPU time does not bear out (at half of it, up
	// to what the ticks resolve) was for this process's own threads: a
	// runtime thread woken beside the workers, a page fault's helper.
	corroborated := l.OthersCPUS >= 0.5*min(l.WaitS, results.OthersResolutionS)
	if fits && corroborated && l.WaitS >= 0 && l.WaitS > WaitSlackS+WaitShareMax*wall {
		return fmt.Sprintf("its threads waited %.0f%% of its time for a CPU (other processes used %.2g CPUs meanwhile)",
			100*l.WaitS/wall, others)
	}
	spare := float64(max(cpus-needed, 0)) * wall
	if taken := l.OthersCPUS - results.OthersResolutionS - spare; taken > OthersShareMax*wall {
		return fmt.Sprintf("other processes used %.2g CPUs beside it, taking %.0f%% of its time from the %d it needed",
			others, 100*taken/wall, needed)
	}
	if stolen := l.StealS - results.OthersResolutionS; stolen > StealShareMax*wall {
		return fmt.Sprintf("the hypervisor stole %.0f%% of its time", 100*stolen/wall)
	}
	return ""
}

// Meter reads the counters an interference ledger is made of: the
// machine's busy and stolen time (/proc/stat); the CPU time and
// involuntary switches of this process and of the children it waited for
// (getrusage: a command's process tree); the run-queue wait of this
// process's threads and everything of the worker processes that are
// running (/proc/PID/task).
type Meter struct {
	// FS is the file system /proc is read from, rooted like /; nil means
	// this machine's.
	FS fs.FS
	// Usage returns the CPU seconds and involuntary context switches of
	// this process and, apart, of its waited-for children; nil means
	// getrusage.
	Usage func() (self, children Usage, ok bool)
}

// Usage is CPU time and involuntary context switches.
type Usage struct {
	CPUS float64
	Ivcs int64
}

// reading is one read of a Meter, before or after a pass.
type reading struct {
	ok             bool    // the machine's counters and this process's were read
	busy, steal    float64 // seconds, summed over the CPUs
	self, children Usage
	selfWait       taskTimes   // this process's threads: only their wait is used
	workers        []taskTimes // the threads of each worker process
}

// taskTimes sums the scheduler's counters of a set of threads.
type taskTimes struct {
	cpu, wait float64 // seconds
	ivcs      int64
	ok        bool
}

func (m *Meter) fsys() fs.FS {
	if m.FS != nil {
		return m.FS
	}
	return os.DirFS("/")
}

// read reads the counters, with the threads of this process and of the
// processes pids.
func (m *Meter) read(pids []int) reading {
	var r reading
	var statOK, usageOK bool
	r.busy, r.steal, statOK = m.stat()
	if m.Usage != nil {
		r.self, r.children, usageOK = m.Usage()
	} else {
		r.self, r.children, usageOK = rusage()
	}
	r.ok = statOK && usageOK
	r.selfWait = m.threads("self", false)
	r.workers = make([]taskTimes, len(pids))
	for i, pid := range pids {
		r.workers[i] = m.threads(strconv.Itoa(pid), true)
	}
	return r
}

// ledger is what a pass received and what disturbed it between readings
// a and b, taken with the same worker processes. It is nil when the
// machine's counters or this process's could not be read.
func ledger(a, b reading) *results.Ledger {
	if !a.ok || !b.ok {
		return nil
	}
	children := max(b.children.CPUS-a.children.CPUS, 0)
	l := &results.Ledger{
		CPUS:          max(b.self.CPUS-a.self.CPUS, 0) + children,
		InvoluntaryCS: max(b.self.Ivcs-a.self.Ivcs, 0) + max(b.children.Ivcs-a.children.Ivcs, 0),
	}
	// A command's processes have ended by the second reading: their
	// waits are unknown.
	waitOK := a.selfWait.ok && b.selfWait.ok && len(a.workers) == len(b.workers) && children == 0
	l.WaitS = max(b.selfWait.wait-a.selfWait.wait, 0)
	// A worker that could not be read adds nothing: the pass's CPU time
	// is then too low and the others' too high, which errs towards
	// calling the pass disturbed.
	for i := range min(len(a.workers), len(b.workers)) {
		x, y := a.workers[i], b.workers[i]
		if !x.ok || !y.ok {
			waitOK = false
			continue
		}
		l.CPUS += max(y.cpu-x.cpu, 0)
		l.WaitS += max(y.wait-x.wait, 0)
		l.InvoluntaryCS += max(y.ivcs-x.ivcs, 0)
	}
	if !waitOK {
		l.WaitS = -1
	}
	l.OthersCPUS = max(b.busy-a.busy-l.CPUS, 0)
	l.StealS = max(b.steal-a.steal, 0)
	return l
}

// userHZ is the unit of the times in /proc/stat: clock ticks of 10 ms on
// every Linux architecture scalebench runs on.
const userHZ = 100

// stat reads the busy and stolen time of all CPUs from the "cpu" line of
// /proc/stat: user, nice, system, irq and softirq are busy (guest time is
// inside user), idle and iowait are not, steal is stolen.
func (m *Meter) stat() (busy, steal float64, ok bool) {
	b, err := fs.ReadFile(m.fsys(), "proc/stat")
	if err != nil {
		return 0, 0, false
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	f := bytes.Fields(line)
	if len(f) < 9 || string(f[0]) != "cpu" {
		return 0, 0, false
	}
	for i, s := range f[1:9] {
		v, err := strconv.ParseUint(string(s), 10, 64)
		if err != nil {
			return 0, 0, false
		}
		switch i {
		case 3, 4: // idle, iowait
		case 7:
			steal = float64(v) / userHZ
		default:
			busy += float64(v) / userHZ
		}
	}
	return busy, steal, true
}

// threads sums the counters of the threads of process pid ("self" for
// this one) from /proc/PID/task/TID/schedstat (CPU time and run-queue
// wait, in nanoseconds) and, with switches, the involuntary context
// switches from each thread's status.
func (m *Meter) threads(pid string, switches bool) taskTimes {
	dir := "proc/" + pid + "/task"
	entries, err := fs.ReadDir(m.fsys(), dir)
	if err != nil {
		return taskTimes{}
	}
	t := taskTimes{ok: true}
	for _, e := range entries {
		b, err := fs.ReadFile(m.fsys(), dir+"/"+e.Name()+"/schedstat")
		if err != nil {
			continue // the thread ended
		}
		f := bytes.Fields(b)
		if len(f) < 2 {
			return taskTimes{}
		}
		cpu, err1 := strconv.ParseUint(string(f[0]), 10, 64)
		wait, err2 := strconv.ParseUint(string(f[1]), 10, 64)
		if err1 != nil || err2 != nil {
			return taskTimes{}
		}
		t.cpu += float64(cpu) / 1e9
		t.wait += float64(wait) / 1e9
		if switches {
			t.ivcs += m.involuntary(dir + "/" + e.Name() + "/status")
		}
	}
	return t
}

// involuntary reads nonvoluntary_ctxt_switches from a thread's status.
func (m *Meter) involuntary(name string) int64 {
	b, err := fs.ReadFile(m.fsys(), name)
	if err != nil {
		return 0
	}
	for line := range bytes.Lines(b) {
		if v, ok := bytes.CutPrefix(line, []byte("nonvoluntary_ctxt_switches:")); ok {
			n, _ := strconv.ParseInt(string(bytes.TrimSpace(v)), 10, 64)
			return n
		}
	}
	return 0
}

// rusage is the CPU time and involuntary context switches of this
// process and of its waited-for children.
func rusage() (self, children Usage, ok bool) {
	get := func(who int) (Usage, bool) {
		var ru syscall.Rusage
		if err := syscall.Getrusage(who, &ru); err != nil {
			return Usage{}, false
		}
		tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
		return Usage{CPUS: tv(ru.Utime) + tv(ru.Stime), Ivcs: int64(ru.Nivcsw)}, true
	}
	self, ok1 := get(syscall.RUSAGE_SELF)
	children, ok2 := get(syscall.RUSAGE_CHILDREN)
	return self, children, ok1 && ok2
}
