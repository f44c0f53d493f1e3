package workloads

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// measuredUnits are the metrics a benchmark of make bench-seeds may
// print: each is measured in the run that prints it.
var measuredUnits = map[string]bool{"ns/op": true, "cpu-ns/op": true, "B/op": true, "allocs/op": true}

// TestBenchSeedsPrintsOnlyMeasured runs, once each, the benchmarks that
// make bench-seeds runs, and checks that they print no figure but the
// ones they measure (no Python time copied from the README, no ratio to
// one), and that the target, when it cannot time Python, says so with
// no figure.
func TestBenchSeedsPrintsOnlyMeasured(t *testing.T) {
	if raceEnabled {
		t.Skip("the seed kernels take long under the race detector; make test runs this test without it")
	}
	target := makeTarget(t, "bench-seeds")
	m := regexp.MustCompile(`-bench '([^']+)'`).FindStringSubmatch(target)
	if m == nil {
		t.Fatalf("make bench-seeds runs no -bench '...':\n%s", target)
	}
	out, err := exec.Command(os.Args[0], "-test.run=^$", "-test.bench="+m[1], "-test.benchtime=1x").CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	n := 0
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		n++
		for i := 3; i < len(f); i += 2 { // name, N, then value unit pairs
			if !measuredUnits[f[i]] {
				t.Errorf("%s prints %s %s, which it did not measure", f[0], f[i-1], f[i])
			}
		}
	}
	if n == 0 {
		t.Fatalf("no benchmark matched %q:\n%s", m[1], out)
	}
	_, fallback, ok := strings.Cut(target, "else echo")
	if !ok {
		t.Fatal("make bench-seeds has no message for a Python without numpy or scipy")
	}
	if regexp.MustCompile(`[0-9]`).MatchString(fallback) {
		t.Errorf("when it cannot time Python, make bench-seeds prints a figure:%s", fallback)
	}
}

// makeTarget returns the recipe of the Makefile's target name, its
// continued lines joined.
func makeTarget(t *testing.T, name string) string {
	t.Helper()
	mk, err := os.ReadFile(filepath.Join("..", "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	_, target, ok := strings.Cut(string(mk), "\n"+name+":")
	if !ok {
		t.Fatalf("the Makefile has no %s target", name)
	}
	target, _, _ = strings.Cut(target, "\n\n")
	return strings.ReplaceAll(target, "\\\n", " ")
}
