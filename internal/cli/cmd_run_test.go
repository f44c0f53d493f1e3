package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/results"
)

// runCmdLine runs scalebench with args and returns the exit status and
// what went to stderr.
func runCmdLine(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), keepPasses(args), &stdout, &stderr)
	code := exitCode(err, &stderr)
	return code, stderr.String()
}

func TestCmdUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown placeholder", []string{"--cmd", "echo {foo}"},
			`--cmd "echo {foo}": unknown placeholder {foo} (known: {workers}, {size}; write {{ for a literal brace)`},
		{
			"program not found",
			[]string{"--cmd", "no-such-program-here {workers}"},
			`"no-such-program-here": program not found: executable file not found in $PATH`,
		},
		{
			"serial program not found",
			[]string{"--cmd", "echo {workers}", "--serial-cmd", "./no/such/serial"},
			`"./no/such/serial": program not found: no such file or directory`,
		},
		{
			"with workload names",
			[]string{"pi", "--cmd", "echo {workers}"},
			"--cmd measures a command: leave out the workload names (pi)",
		},
		{"unterminated quote", []string{"--cmd", "echo 'x {workers}"}, "unterminated single quote"},
		{"size without number", []string{"--cmd", "echo {workers} {size}"}, "--cmd uses {size}: give --size N"},
		{"size unused", []string{"--cmd", "echo {workers}", "--size", "10"}, "--size 10: no template uses {size}"},
		{
			"weak without size",
			[]string{"--cmd", "echo {workers}", "--mode", "weak"},
			"--mode weak needs {size} in --cmd",
		},
		{
			"executor",
			[]string{"--cmd", "echo {workers}", "--executor", "goroutines"},
			"--executor does not apply to --cmd",
		},
		{"flag without cmd", []string{"pi", "--serial-cmd", "echo"}, "--serial-cmd needs --cmd"},
		{"bad regexp", []string{"--cmd", "echo {workers}", "--verify-regexp", "("}, "--verify-regexp \"(\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "r.json")
			code, stderr := runCmdLine(
				t,
				append(
					[]string{"run", "-o", out, "--reps", "1", "--workers", "1,2", "--oversubscribe", "0"},
					tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("files left behind: %v", entries)
			}
		})
	}
}

func TestCmdRun(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.json")
	marker := filepath.Join(dir, "hacked")
	// The name is full of shell syntax; it must reach neither a shell nor
	// the file name.
	name := "x; touch " + marker + " $(touch " + marker + ")"
	code, stderr := runCmdLine(t, "run", "--cmd", "echo {workers}; touch "+marker, "--name", name,
		"--workers", "1,2", "--oversubscribe", "0", "--reps", "2", "--warmup", "0", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "no --serial-cmd: the run on 1 worker is also the serial reference") {
		t.Errorf("no note on the serial reference in %q", stderr)
	}
	if _, err := os.Stat(marker); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s exists: the command reached a shell", marker)
	}
	doc, err := results.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Series[0]
	if s.Workload != name || s.Executor != "command" || s.Params["cmd"] != "echo {workers}; touch "+marker {
		t.Errorf("series %q on %q, params %v", s.Workload, s.Executor, s.Params)
	}
	for _, pt := range s.Points {
		if pt.Failed || !pt.Verified || len(pt.SamplesS) != 2 || len(pt.UserS) != 2 || len(pt.SysS) != 2 {
			t.Errorf("P=%d: %+v", pt.Workers, pt)
		}
	}
	if len(s.Serial.SamplesS) != 2 {
		t.Errorf("serial samples %v", s.Serial.SamplesS)
	}
}

func TestCmdWithoutWorkersWarns(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.json")
	code, stderr := runCmdLine(
		t,
		"run",
		"--cmd",
		"true",
		"--serial-cmd",
		"true",
		"--workers",
		"1,2",
		"--oversubscribe",
		"0",
		"--reps",
		"1",
		"-o",
		out,
	)
	if code != 0 || !strings.Contains(stderr, "warning: --cmd has no {workers}: every point runs the same command") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if strings.Contains(stderr, "no --serial-cmd") {
		t.Errorf("note on the serial reference despite --serial-cmd: %q", stderr)
	}
}

func TestCmdFailedPointExits1(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.json")
	code, stderr := runCmdLine(t, "run", "--shell", "--cmd", "[ {workers} -eq 1 ] || { echo bad answer >&2; exit 3; }",
		"--workers", "1,2", "--oversubscribe", "0", "--reps", "1", "-o", out)
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	doc, err := results.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	pt := doc.Series[0].Points[1]
	if want := "sh: exit status 3; stderr: bad answer"; !pt.Failed || pt.Error != want {
		t.Errorf("P=2 failed=%v error=%q, want %q", pt.Failed, pt.Error, want)
	}
}

// needTools skips the test when a tool is missing, unless CI=true, where
// the tool must be there.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s not found (CI=true: scripts/install-deps.sh installs it)", tool)
			}
			t.Skipf("%s not found: install it (scripts/install-deps.sh) to run this test", tool)
		}
	}
}

func TestCmdMPIExample(t *testing.T) {
	needTools(t, "mpicc", "mpirun")
	dir := t.TempDir()
	bin := filepath.Join(dir, "pi")
	build := exec.Command("mpicc", "-O2", "-o", bin, filepath.Join("..", "..", "examples", "mpi", "pi.c"), "-lm")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("mpicc: %v\n%s", err, b)
	}
	out := filepath.Join(dir, "r.json")
	code, stderr := runCmdLine(
		t,
		"run",
		"--cmd",
		"mpirun --oversubscribe --allow-run-as-root -np {workers} "+bin+" {size}",
		"--serial-cmd",
		bin+" {size}",
		"--size",
		"100000",
		"--name",
		"pi-mpi",
		"--verify-output",
		"--workers",
		"1,2",
		"--oversubscribe",
		"0",
		"--reps",
		"1",
		"--warmup",
		"0",
		"-o",
		out,
	)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc, err := results.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range doc.Series[0].Points {
		if !pt.Verified || pt.Note != `output "pi = 3.141592654"` {
			t.Errorf("P=%d verified=%v note=%q", pt.Workers, pt.Verified, pt.Note)
		}
	}
	// Its report shows the speedup, the efficiency and the Amdahl fit.
	rep := filepath.Join(dir, "report")
	if code, stderr := runCmdLine(t, "report", out, "-o", rep); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	for _, f := range []string{"pi-mpi-speedup.svg", "pi-mpi-efficiency.svg"} {
		if _, err := os.Stat(filepath.Join(rep, f)); err != nil {
			t.Errorf("report lacks %s: %v", f, err)
		}
	}
	page, err := os.ReadFile(filepath.Join(rep, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Amdahl") || !strings.Contains(string(page), "pi-mpi") {
		t.Error("index.html does not show the Amdahl fit of pi-mpi")
	}
}

func TestCmdPythonExample(t *testing.T) {
	python := "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil {
		needTools(t, "/usr/bin/python3")
	}
	out := filepath.Join(t.TempDir(), "r.json")
	script := filepath.Join("..", "..", "examples", "python", "pi.py")
	code, stderr := runCmdLine(
		t,
		"run",
		"--cmd",
		python+" "+script+" --workers {workers} --size {size}",
		"--serial-cmd",
		python+" "+script+" --serial --size {size}",
		"--size",
		"20000",
		"--verify-regexp",
		`\((\d+) of`,
		"--workers",
		"1,2",
		"--oversubscribe",
		"0",
		"--reps",
		"1",
		"--warmup",
		"0",
		"-o",
		out,
	)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc, err := results.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Series[0]
	if s.Workload != "python3" {
		t.Errorf("workload %q, want the program's base name", s.Workload)
	}
	for _, pt := range s.Points {
		if !pt.Verified || pt.Note != `output "15753"` {
			t.Errorf("P=%d verified=%v note=%q", pt.Workers, pt.Verified, pt.Note)
		}
	}
}

func TestCmdPythonNumpyExample(t *testing.T) {
	python := "/usr/bin/python3"
	needTools(t, python)
	if err := exec.Command(python, "-c", "import numpy, scipy").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf(
				"%s cannot import numpy and scipy (CI=true: scripts/install-deps.sh installs python3-numpy python3-scipy)",
				python,
			)
		}
		t.Skipf(
			"%s cannot import numpy and scipy: apt-get install python3-numpy python3-scipy to run this test",
			python,
		)
	}
	out := filepath.Join(t.TempDir(), "r.json")
	script := filepath.Join("..", "..", "examples", "python", "fft2.py")
	code, stderr := runCmdLine(t, "run", "--cmd", python+" "+script+" --workers {workers} --size 8",
		"--verify-output", "--workers", "1,2", "--oversubscribe", "0", "--reps", "1", "--warmup", "0", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc, err := results.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, pt := range doc.Series[0].Points {
		if !pt.Verified || !strings.HasPrefix(pt.Note, `output "fft2: 8 matrices, sum of magnitudes `) {
			t.Errorf("P=%d verified=%v note=%q", pt.Workers, pt.Verified, pt.Note)
		}
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"pi-mpi":               "pi-mpi",
		"python3.11":           "python3.11",
		"a/b; rm -rf $(x) `y`": "a_b__rm_-rf___x___y_",
		"../..":                "_",
		"":                     "cmd",
		"π":                    "__",
	} {
		if got := fileName(in); got != want {
			t.Errorf("fileName(%q) = %q, want %q", in, got, want)
		}
	}
}
