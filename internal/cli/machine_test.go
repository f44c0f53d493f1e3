package cli

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/scalebench/scalebench/results"
)

func TestCountList(t *testing.T) {
	for in, want := range map[string]int{"0": 1, "0-1": 2, "0-3,8-11": 8, "0,2,4": 3, "": 0, "x": 0, "0-255": 256, "3-1": 0} {
		if got := countList(in); got != want {
			t.Errorf("countList(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestParseCPUMax(t *testing.T) {
	for in, want := range map[string]float64{"max 100000": 0, "150000 100000": 1.5, "50000 100000": 0.5, "": 0, "x 1": 0, "-1 100000": 0} {
		if got := parseCPUMax(in); got != want {
			t.Errorf("parseCPUMax(%q) = %v, want %v", in, got, want)
		}
	}
}

// machine is a fake /proc and /sys of a 16-CPU machine with SMT pairs.
func machine(extra map[string]string) fstest.MapFS {
	m := fstest.MapFS{
		"sys/devices/system/cpu/online":                             {Data: []byte("0-15\n")},
		"sys/devices/system/cpu/cpu0/topology/thread_siblings_list": {Data: []byte("0,8\n")},
		"sys/devices/system/cpu/cpu0/cpufreq/scaling_governor":      {Data: []byte("powersave\n")},
		"proc/loadavg": {Data: []byte("0.50 0.40 0.30 1/100 123\n")},
	}
	for k, v := range extra {
		m[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return m
}

func TestCPUInfo(t *testing.T) {
	tests := []struct {
		name          string
		files         map[string]string
		affinity      int
		planned       int
		quota         float64
		usable, plan  int
		warn, notWarn string
	}{
		{"no limits", nil, 16, 0, 0, 16, 16, "SMT siblings, 2 per core: above 8 workers", "quota"},
		{"cgroup v2 quota", map[string]string{
			"proc/self/cgroup":             "0::/ci/job\n",
			"sys/fs/cgroup/ci/job/cpu.max": "max 100000\n",
			"sys/fs/cgroup/ci/cpu.max":     "250000 100000\n",
			"sys/fs/cgroup/cpu.max":        "max 100000\n",
		}, 16, 0, 2.5, 3, 3, "quota is 2.5 CPUs, below the 16", ""},
		{"cgroup v1 quota", map[string]string{
			"proc/self/cgroup": "4:cpu,cpuacct:/docker/abc\n",
			"sys/fs/cgroup/cpu/docker/abc/cpu.cfs_quota_us":  "400000\n",
			"sys/fs/cgroup/cpu/docker/abc/cpu.cfs_period_us": "100000\n",
		}, 16, 0, 4, 4, 4, "quota is 4 CPUs", ""},
		{"affinity", nil, 4, 0, 0, 4, 4, "", "quota"},
		{"planned", nil, 16, 256, 0, 16, 256, "planned for 256 CPUs (--cpus) on a machine where 16 are usable", ""},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			info := probe{fsys: machine(c.files), affinity: c.affinity}.cpuInfo(c.planned)
			if info.Quota != c.quota || info.Usable != c.usable || info.Planned != c.plan || info.Online != 16 ||
				info.ThreadsPerCore != 2 || info.Governor != "powersave" || len(info.LoadAvg) != 3 || info.LoadAvg[0] != 0.5 {
				t.Errorf("info %+v", *info)
			}
			all := strings.Join(cpuWarnings(info), "\n")
			if c.warn != "" && !strings.Contains(all, c.warn) {
				t.Errorf("warnings %q lack %q", all, c.warn)
			}
			if c.notWarn != "" && strings.Contains(all, c.notWarn) {
				t.Errorf("warnings %q mention %q", all, c.notWarn)
			}
			if !strings.Contains(all, `governor is "powersave"`) {
				t.Errorf("no governor warning in %q", all)
			}
		})
	}
}

func TestBusyWarning(t *testing.T) {
	c := &results.CPUInfo{Online: 8, Affinity: 8, Usable: 8, Planned: 8, Busy: 0.25}
	if w := strings.Join(cpuWarnings(c), "\n"); !strings.Contains(w, "kept 2 of the 8 CPUs busy") {
		t.Errorf("warnings %q", w)
	}
	c.Busy = 0.01
	if w := cpuWarnings(c); len(w) != 0 {
		t.Errorf("warnings %q for an idle machine", w)
	}
}

func TestCPUTimes(t *testing.T) {
	p := probe{fsys: fstest.MapFS{"proc/stat": {Data: []byte("cpu  100 0 50 800 50 0 0 0 10 0\ncpu0 1 2 3\n")}}}
	total, idle, ok := p.cpuTimes()
	if !ok || total != 1000 || idle != 850 {
		t.Errorf("cpuTimes = %v, %v, %v; want 1000, 850, true", total, idle, ok)
	}
}
