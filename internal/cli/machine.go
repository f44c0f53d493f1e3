package cli

import (
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/scalebench/scalebench/results"
)

// maxCPUs is the largest --cpus accepted.
const maxCPUs = 4096

// checkCPUs checks a --cpus value; 0 (use the machine's) is allowed when
// allowZero.
func checkCPUs(n int, allowZero bool) error {
	switch {
	case n == 0 && allowZero:
		return nil
	case n < 1:
		return usagef("--cpus %d: must be at least 1", n)
	case n > maxCPUs:
		return usagef("--cpus %d: at most %d", n, maxCPUs)
	}
	return nil
}

// busyThreshold is how many CPUs other processes may keep busy before a
// run is warned about: a quarter of one CPU.
const busyThreshold = 0.25

// probe reads what limits the CPUs of this process from a file system
// rooted like / (fsys), so that tests can hand it a fake /proc and /sys.
type probe struct {
	fsys     fs.FS
	affinity int           // CPUs in this process's affinity mask
	sample   time.Duration // how long to watch /proc/stat for other work; 0 skips it
}

// hostProbe probes this machine.
func hostProbe() probe {
	return probe{fsys: os.DirFS("/"), affinity: runtime.NumCPU(), sample: 100 * time.Millisecond}
}

// cpuInfo describes the CPUs this process may use, planned for planned
// CPUs (0: the usable ones).
func (p probe) cpuInfo(planned int) *results.CPUInfo {
	c := &results.CPUInfo{Online: p.online(), Affinity: p.affinity, Quota: p.quota()}
	if c.Online < c.Affinity {
		c.Online = c.Affinity
	}
	c.Usable = usableCPUs(c.Affinity, c.Quota)
	c.Planned, c.Override = c.Usable, planned > 0
	if planned > 0 {
		c.Planned = planned
	}
	c.ThreadsPerCore = p.threadsPerCore()
	c.LoadAvg = p.loadAvg()
	c.Governor = p.governor()
	c.Busy = p.busy()
	return c
}

// usableCPUs is the CPUs a process can keep busy: those of its affinity
// mask, capped by its cgroup's CPU quota (0: none) rounded up.
func usableCPUs(affinity int, quota float64) int {
	if quota > 0 {
		return max(1, min(affinity, int(math.Ceil(quota))))
	}
	return affinity
}

// usable is the CPUs this process can keep busy, read without the sample
// of other work that cpuInfo takes.
func (p probe) usable() int { return usableCPUs(p.affinity, p.quota()) }

// cpuWarnings are the conditions of the machine that make timings less
// trustworthy or change what the CPU count means.
func cpuWarnings(c *results.CPUInfo) []string {
	var w []string
	if c.Quota > 0 && c.Quota < float64(c.Affinity) {
		w = append(
			w,
			fmt.Sprintf(
				"the cgroup CPU quota is %.3g CPUs, below the %d this process sees: planned for %d",
				c.Quota,
				c.Affinity,
				c.Usable,
			),
		)
	}
	if c.Override && c.Planned != c.Usable {
		w = append(
			w,
			fmt.Sprintf(
				"planned for %d CPUs (--cpus) on a machine where %d are usable: worker counts above %d share CPUs",
				c.Planned,
				c.Usable,
				c.Usable,
			),
		)
	}
	if c.Busy*float64(c.Online) >= busyThreshold {
		w = append(
			w,
			fmt.Sprintf(
				"other processes kept %.2g of the %d CPUs busy just before the run: timings may be disturbed",
				c.Busy*float64(c.Online),
				c.Online,
			),
		)
	}
	if c.Governor != "" && c.Governor != "performance" {
		w = append(
			w,
			fmt.Sprintf(
				"the CPU frequency governor is %q, not \"performance\": the clock may change during the run",
				c.Governor,
			),
		)
	}
	if c.ThreadsPerCore > 1 {
		w = append(
			w,
			fmt.Sprintf(
				"the logical CPUs are SMT siblings, %d per core: above %d workers they share cores",
				c.ThreadsPerCore,
				c.Online/c.ThreadsPerCore,
			),
		)
	}
	return w
}

func (p probe) read(name string) string {
	b, err := fs.ReadFile(p.fsys, strings.TrimPrefix(name, "/"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// online counts the CPUs in /sys/devices/system/cpu/online ("0-3,8-11").
func (p probe) online() int {
	return countList(p.read("/sys/devices/system/cpu/online"))
}

// countList counts the members of a kernel CPU list such as "0-3,8,10-11".
func countList(s string) int {
	n := 0
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, rng := strings.Cut(strings.TrimSpace(part), "-")
		a, err := strconv.Atoi(lo)
		if err != nil {
			continue
		}
		b := a
		if rng {
			if b, err = strconv.Atoi(hi); err != nil || b < a {
				continue
			}
		}
		n += b - a + 1
	}
	return n
}

// quota returns the CPU quota of this process's cgroup in CPUs, the
// smallest along its path to the root: cgroup v2 cpu.max, else v1
// cpu.cfs_quota_us/cpu.cfs_period_us; 0 when there is none.
func (p probe) quota() float64 {
	best := 0.0
	consider := func(q float64) {
		if q > 0 && (best == 0 || q < best) {
			best = q
		}
	}
	for line := range strings.SplitSeq(p.read("/proc/self/cgroup"), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			for dir := parts[2]; ; dir = path.Dir(dir) {
				consider(parseCPUMax(p.read(path.Join("/sys/fs/cgroup", dir, "cpu.max"))))
				if dir == "/" || dir == "." {
					break
				}
			}
		case strings.Contains(","+parts[1]+",", ",cpu,"):
			dir := path.Join("/sys/fs/cgroup/cpu", parts[2])
			q, _ := strconv.ParseFloat(p.read(path.Join(dir, "cpu.cfs_quota_us")), 64)
			per, _ := strconv.ParseFloat(p.read(path.Join(dir, "cpu.cfs_period_us")), 64)
			if q > 0 && per > 0 {
				consider(q / per)
			}
		}
	}
	return best
}

// parseCPUMax reads cgroup v2's cpu.max, "QUOTA PERIOD" or "max PERIOD".
func parseCPUMax(s string) float64 {
	q, per, ok := strings.Cut(s, " ")
	if !ok || q == "max" {
		return 0
	}
	a, err1 := strconv.ParseFloat(q, 64)
	b, err2 := strconv.ParseFloat(per, 64)
	if err1 != nil || err2 != nil || a <= 0 || b <= 0 {
		return 0
	}
	return a / b
}

// threadsPerCore is the size of CPU 0's SMT sibling list; 0 if unknown.
func (p probe) threadsPerCore() int {
	return countList(p.read("/sys/devices/system/cpu/cpu0/topology/thread_siblings_list"))
}

func (p probe) governor() string {
	return p.read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")
}

// loadAvg is the 1, 5 and 15 minute load average; nil if unreadable.
func (p probe) loadAvg() []float64 {
	f := strings.Fields(p.read("/proc/loadavg"))
	if len(f) < 3 {
		return nil
	}
	out := make([]float64, 3)
	for i := range out {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return nil
		}
		out[i] = v
	}
	return out
}

// busy is the fraction of all CPUs' time spent on work (not idle or
// waiting for I/O) over the sample interval, while this process sleeps;
// 0 without a sample or a readable /proc/stat.
func (p probe) busy() float64 {
	if p.sample <= 0 {
		return 0
	}
	t0, i0, ok0 := p.cpuTimes()
	time.Sleep(p.sample)
	t1, i1, ok1 := p.cpuTimes()
	if !ok0 || !ok1 || t1 <= t0 {
		return 0
	}
	return math.Max(0, 1-(i1-i0)/(t1-t0))
}

// cpuTimes reads the total and idle (idle + iowait) jiffies of all CPUs.
func (p probe) cpuTimes() (total, idle float64, ok bool) {
	line, _, _ := strings.Cut(p.read("/proc/stat"), "\n")
	f := strings.Fields(line)
	if len(f) < 6 || f[0] != "cpu" {
		return 0, 0, false
	}
	for i, s := range f[1:] {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, 0, false
		}
		if i >= 8 { // guest time is already counted in user time
			break
		}
		total += v
		if i == 3 || i == 4 {
			idle += v
		}
	}
	return total, idle, true
}
