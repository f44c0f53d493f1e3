package workloads

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Footprint estimates the memory an instance allocates: Fixed bytes for
// its input, its results and its serial reference, and PerWorker bytes
// for each worker running at once (its scratch space or its own arrays).
// It counts the large allocations, not every byte. The process
// executors add to it: every worker process holds one task's input and
// result at a time, and shm a result segment as large as the results.
type Footprint struct {
	Fixed, PerWorker int64
}

// Bytes is the footprint with workers workers, saturating at
// math.MaxInt64.
func (f Footprint) Bytes(workers int) int64 {
	return addSat(f.Fixed, mulSat(f.PerWorker, int64(max(workers, 1))))
}

// CheckMemory returns a *ParamError when an instance of spec built from c
// and run on workers workers would need more memory than Available, so
// that a caller can refuse it before allocating anything. It returns nil
// when spec has no Memory estimate or the available memory is unknown,
// and the error of spec.Memory for a parameter it cannot read. Call it
// with the largest size and worker count that will run (in weak scaling
// the size grows with the workers).
func CheckMemory(spec *Spec, c Config, workers int) error {
	return systemMemory.checkMemory(spec, c, workers)
}

func (m memoryFiles) checkMemory(spec *Spec, c Config, workers int) error {
	if spec.Memory == nil {
		return nil
	}
	fp, err := spec.Memory(c)
	if err != nil {
		return err
	}
	on := ""
	if fp.PerWorker > 0 {
		on = fmt.Sprintf(" on %d workers", max(workers, 1))
	}
	for _, p := range spec.Params {
		if v := c.Params[p.Name]; v != p.Default {
			on += fmt.Sprintf(" with --%s %s", p.Name, v)
		}
	}
	return m.check(spec.Name, c.Size, fp.Bytes(workers), on)
}

// check returns a *ParamError about the size of workload when need bytes
// are more than available; what tells what needs them.
func (m memoryFiles) check(workload string, size, need int64, what string) error {
	avail, source := m.available()
	if avail < 0 || need <= avail {
		return nil
	}
	return &ParamError{Workload: workload, Param: "size", Value: strconv.FormatInt(size, 10),
		Want: fmt.Sprintf(
			"needs about %s of memory%s, %s available (%s)",
			FormatBytes(need),
			what,
			FormatBytes(avail),
			source,
		)}
}

// FormatBytes writes n in binary units: 512 B, 1.5 KiB … 7.3 TiB.
func FormatBytes(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	units := []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	f, u := float64(n)/1024, 0
	for f >= 1024 && u < len(units)-1 {
		f /= 1024
		u++
	}
	return fmt.Sprintf("%.1f %s", f, units[u])
}

// mulSat is a·b for a, b ≥ 0 (a negative one counts as 0), saturating at
// math.MaxInt64.
func mulSat(a, b int64) int64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	if a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}

// addSat is the sum of xs ≥ 0 (a negative one counts as 0), saturating at
// math.MaxInt64.
func addSat(xs ...int64) int64 {
	var s int64
	for _, x := range xs {
		if x <= 0 {
			continue
		}
		if s > math.MaxInt64-x {
			return math.MaxInt64
		}
		s += x
	}
	return s
}

// Available returns the memory this process may still allocate, in
// bytes, and where the figure comes from: the smallest of MemAvailable in
// /proc/meminfo and, for every cgroup from this process's own up to the
// root that has a memory limit (cgroup v2 memory.max, or v1
// memory.limit_in_bytes), the limit minus the memory charged to it, plus
// its inactive file cache, which the kernel reclaims first. It returns
// -1 and "unknown" when none of these can be read (not Linux).
func Available() (bytes int64, source string) { return systemMemory.available() }

// memoryFiles are the files Available reads; tests point them at
// testdata.
type memoryFiles struct {
	meminfo string // /proc/meminfo
	cgroup  string // /proc/self/cgroup
	root    string // where the cgroup file systems are mounted
}

var systemMemory = memoryFiles{meminfo: "/proc/meminfo", cgroup: "/proc/self/cgroup", root: "/sys/fs/cgroup"}

func (m memoryFiles) available() (int64, string) {
	bytes, source := int64(-1), "unknown"
	if kb, ok := statField(m.meminfo, "MemAvailable:"); ok {
		bytes, source = mulSat(kb, 1024), "MemAvailable in "+m.meminfo
	}
	if n, where, ok := m.cgroupAvailable(); ok && (bytes < 0 || n < bytes) {
		bytes, source = n, where
	}
	return bytes, source
}

// cgroupLimit names the files of one cgroup version's memory controller.
type cgroupLimit struct {
	mount, limit, usage string
}

var (
	cgroupV2 = cgroupLimit{mount: "", limit: "memory.max", usage: "memory.current"}
	cgroupV1 = cgroupLimit{mount: "memory", limit: "memory.limit_in_bytes", usage: "memory.usage_in_bytes"}
)

// cgroupAvailable is the least memory left under a limit of this
// process's cgroups (v2, else v1), and the limit file it comes from.
func (m memoryFiles) cgroupAvailable() (int64, string, bool) {
	b, err := os.ReadFile(m.cgroup)
	if err != nil {
		return 0, "", false
	}
	best, where, found := int64(0), "", false
	for line := range strings.Lines(string(b)) {
		// hierarchy-ID:controller-list:path
		f := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(f) != 3 {
			continue
		}
		v := cgroupV2
		if f[0] != "0" || f[1] != "" {
			if !slices.Contains(strings.Split(f[1], ","), "memory") {
				continue
			}
			v = cgroupV1
		}
		base := filepath.Join(m.root, v.mount)
		for dir := filepath.Join(base, f[2]); strings.HasPrefix(dir, base); dir = filepath.Dir(dir) {
			if n, ok := v.left(dir); ok && (!found || n < best) {
				best, where, found = n, filepath.Join(dir, v.limit), true
			}
			if dir == base {
				break
			}
		}
	}
	return best, where, found
}

// left is what is left under the limit of the cgroup in dir, if it has
// one: the limit minus the usage plus the inactive file cache.
func (v cgroupLimit) left(dir string) (int64, bool) {
	limit, ok := readInt(filepath.Join(dir, v.limit))
	if !ok || limit >= 1<<62 { // "max", or v1's "no limit"
		return 0, false
	}
	usage, _ := readInt(filepath.Join(dir, v.usage))
	cache, _ := statField(filepath.Join(dir, "memory.stat"), "inactive_file")
	return min(max(limit-usage+cache, 0), limit), true
}

// readInt reads a file holding one integer.
func readInt(name string) (int64, bool) {
	b, err := os.ReadFile(name)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(string(bytes.TrimSpace(b)), 10, 64)
	return n, err == nil && n >= 0
}

// statField reads the number after key in a file of "key value" lines
// (/proc/meminfo, memory.stat).
func statField(name, key string) (int64, bool) {
	f, err := os.Open(name)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) >= 2 && fields[0] == key {
			n, err := strconv.ParseInt(fields[1], 10, 64)
			return n, err == nil && n >= 0
		}
	}
	return 0, false
}
