package importer

import (
	"strings"
	"testing"
)

const hyperfineScan = `{"results": [
 {"command": "prog -t 1", "mean": 1.0, "times": [1.0, 1.01], "parameters": {"workers": "1"}},
 {"command": "prog -t 2", "mean": 0.6, "times": [0.6, 0.61], "parameters": {"workers": "2"}},
 {"command": "prog -t 4", "mean": 0.5, "times": [0.5, 0.51], "parameters": {"workers": "4"}}]}`

// TestImportRecordsCPUs: imported data keeps the CPU count its input
// records (go test lines with a workers=N component share their -N
// GOMAXPROCS suffix); where the input records none (go test -cpu sweeps,
// whose suffix is the worker count, and hyperfine), the count given in
// Options.CPUs is assumed, and Env.CPUsAssumed says so. CSV keeps its own
// rule: every point fitted unless marked oversubscribed.
func TestImportRecordsCPUs(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		cpus     int // Options.CPUs
		want     int // Env.LogicalCPUs
		assumed  string
		noAssume bool
	}{
		{name: "gobench workers= keys", in: "BenchmarkX/workers=1-4 1 100 ns/op\nBenchmarkX/workers=2-4 1 60 ns/op\n",
			cpus: 2, want: 4, noAssume: true},
		{name: "gobench workers= keys at GOMAXPROCS 1", in: "BenchmarkX/workers=1 1 100 ns/op\nBenchmarkX/workers=2 1 60 ns/op\n",
			cpus: 2, want: 1, noAssume: true},
		{name: "gobench -cpu sweep", in: "BenchmarkX 1 100 ns/op\nBenchmarkX-2 1 60 ns/op\nBenchmarkX-4 1 50 ns/op\n",
			cpus: 2, want: 2, assumed: "go test -bench output records no CPU count"},
		{name: "gobench workers= keys, suffixes differ", in: "BenchmarkX/workers=1-1 1 100 ns/op\nBenchmarkX/workers=2-2 1 60 ns/op\n",
			cpus: 3, want: 3, assumed: "the 3 CPUs this machine can use"},
		{name: "gobench keyed and plain lines", in: "BenchmarkX/workers=1-4 1 100 ns/op\nBenchmarkY-2 1 60 ns/op\n",
			cpus: 2, want: 2, assumed: "go test -bench output records no CPU count"},
		{name: "gobench, no count to assume", in: "BenchmarkX 1 100 ns/op\nBenchmarkX-2 1 60 ns/op\n", want: 0, noAssume: true},
		{name: "hyperfine", in: hyperfineScan, cpus: 2, want: 2, assumed: "hyperfine export records no CPU count"},
		{name: "csv", in: "workers,seconds\n1,1\n2,0.6\n4,0.5\n", cpus: 2, want: 0, noAssume: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read("in", []byte(tc.in), Options{CPUs: tc.cpus})
			if err != nil {
				t.Fatal(err)
			}
			if d.Env.LogicalCPUs != tc.want {
				t.Errorf("logical CPUs %d, want %d", d.Env.LogicalCPUs, tc.want)
			}
			switch got := d.Env.CPUsAssumed; {
			case tc.noAssume && got != "":
				t.Errorf("CPUsAssumed %q, want none", got)
			case !tc.noAssume && !strings.Contains(got, tc.assumed):
				t.Errorf("CPUsAssumed %q, want it to say %q", got, tc.assumed)
			}
		})
	}
}
