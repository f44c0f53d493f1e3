package workloads

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pythonSeed is what the seed's Python examples took on this machine:
// the CPU time of the best of several runs of the seed's own code with
// Debian's python3, numpy and scipy, measured with the commands of the
// README's table of kernels, which shows the same figures
// (TestREADMEPythonTimings checks that it does).
var pythonSeed = map[string]struct {
	readme string // as the README writes it
	what   string // the Python code timed
}{
	"BenchmarkSeedFFT2":             {"15.2 ms", "numpy.fft.fft2"},
	"BenchmarkSeedAutocorr2dDirect": {"11.1 s", "scipy.signal.correlate2d"},
}

// reportPython adds the metrics python-ns/op, the CPU time of the Python
// example b compares with, and vs-python, how many times faster b ran in
// CPU time, cpuNs per operation.
func reportPython(b *testing.B, cpuNs float64) {
	b.Helper()
	py, err := pythonTime(b.Name())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(py.Nanoseconds()), "python-ns/op")
	if cpuNs > 0 {
		b.ReportMetric(float64(py.Nanoseconds())/cpuNs, "vs-python")
	}
}

// pythonTime is the Python time of the benchmark name, without its -P
// suffix.
func pythonTime(name string) (time.Duration, error) {
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		name = name[:i]
	}
	return time.ParseDuration(strings.ReplaceAll(pythonSeed[name].readme, " ", ""))
}

// TestREADMEPythonTimings checks that the README's table shows, on the
// row of each benchmark, the Python time that the benchmark prints
// beside its own.
func TestREADMEPythonTimings(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for name, py := range pythonSeed {
		if _, err := pythonTime(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		found := false
		for _, line := range strings.Split(string(readme), "\n") {
			if strings.HasPrefix(line, "|") && strings.Contains(line, "`"+name+"`") {
				found = true
				if !strings.Contains(line, py.readme) || !strings.Contains(line, py.what) {
					t.Errorf("README row of %s does not show %s for %s:\n%s", name, py.readme, py.what, line)
				}
			}
		}
		if !found {
			t.Errorf("README has no table row naming `%s`", name)
		}
	}
}
