package scalebench

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/results"
)

// TestExampleModule builds the example module of examples/go, a user's
// own command, and measures its parallel function the three ways the
// README shows: its main (the scalebench command line with its
// workload), its testing.B benchmark read by that command's fit, and the
// same output in benchstat -col /workers.
func TestExampleModule(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("no go command: ", err)
		}
		t.Skip("no go command to build the example module")
	}
	dir, tmp := filepath.Join("examples", "go"), t.TempDir()
	bin := filepath.Join(tmp, "sumsquares")
	goCmd(t, dir, nil, goBin, "build", "-o", bin, ".")

	out := filepath.Join(tmp, "run.json")
	goCmd(t, dir, nil, bin, "run", "sum-squares", "--size", "2000000", "--workers", "1,2", "--oversubscribe", "0",
		"--reps", "2", "--warmup", "0", "--disturbed", "keep", "-o", out)
	doc, err := results.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if s := doc.Series[0]; s.Workload != "sum-squares" || len(s.Points) != 2 || !s.Points[1].Verified {
		t.Errorf("the main helper's run: %+v", s)
	}

	bench := goCmd(t, dir, nil, goBin, "test", "-run", "^$", "-bench", ".", "-benchtime", "2x", "-count", "2", ".")
	var fits []struct {
		Workload string
		Points   []struct{ Workers int }
	}
	if err := json.Unmarshal(goCmd(t, dir, bench, bin, "fit", "--json", "-"), &fits); err != nil {
		t.Fatal(err)
	}
	if len(fits) != 1 || fits[0].Workload != "BenchmarkSumSquares" || len(fits[0].Points) < 1 {
		t.Errorf("fit of the benchmark: %+v", fits)
	}
	file := filepath.Join(tmp, "bench.txt")
	if err := os.WriteFile(file, bench, 0o644); err != nil {
		t.Fatal(err)
	}
	table := string(goCmd(t, dir, nil, goBin, "tool", "benchstat", "-col", "/workers", file))
	if !strings.Contains(table, "SumSquares") || !strings.Contains(table, "sec/op") {
		t.Errorf("benchstat -col /workers:\n%s", table)
	}
}

// goCmd runs name args in dir with stdin and returns its output; a
// failure fails the test with its stderr.
func goCmd(t *testing.T, dir string, stdin []byte, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.String())
	}
	return b
}
