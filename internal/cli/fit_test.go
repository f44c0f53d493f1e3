package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/results/importer"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func fitFile(name string) string { return filepath.Join("testdata", "fit", name) }

// golden compares got with testdata/fit/name, writing name.got on a
// mismatch and the file itself with -update.
func golden(t *testing.T, name string, got string) {
	t.Helper()
	goldenFile(t, fitFile(name), got)
}

// goldenFile compares got with the file at path, as golden does.
func goldenFile(t *testing.T, path string, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update to create it)", err)
	}
	if got != string(want) {
		if err := os.WriteFile(path+".got", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s differs from the golden file; see %s.got", path, path)
	}
}

func TestFitGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"runs.txt.golden", []string{"fit", fitFile("runs.csv")}},
		{"runs.json.golden", []string{"fit", "--json", fitFile("runs.csv")}},
		{"runs-cpus.txt.golden", []string{"fit", "--cpus", "2", fitFile("runs.csv")}},
		{"throughput.txt.golden", []string{"fit", fitFile("throughput.csv")}},
		{"result.txt.golden", []string{"fit", fitFile("result.json")}},
		{"result.json.golden", []string{"fit", "--json", fitFile("result.json")}},
		// go test and hyperfine input records no CPU count: without
		// --cpus the fits would be cut at this machine's
		// (TestImportedDataCutAtMachineCPUs).
		{"gotest-bench.txt.golden", []string{"fit", "--cpus", "2", fitFile("gotest-bench.txt")}},
		{"hyperfine.txt.golden", []string{"fit", "--cpus", "4", fitFile("hyperfine-sleep.json")}},
		{"two-files.json.golden", []string{"fit", "--json", "--cpus", "8", fitFile("runs.csv"), fitFile("hyperfine-sleep.json")}},
		// Published data: SPEC SDM91 falls after its peak (USL); the R
		// usl package's ray tracer keeps rising with κ = 0 (Amdahl).
		{"specsdm91.txt.golden", []string{"fit", fitFile("specsdm91.csv")}},
		{"raytracer.txt.golden", []string{"fit", fitFile("raytracer.csv")}},
		{"runs-cpus-fit-over.txt.golden", []string{"fit", "--cpus", "2", "--fit-oversubscribed", fitFile("runs.csv")}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tc.args...)
			if code != 0 || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			golden(t, tc.golden, stdout)
		})
	}
}

// TestFitBestModelPublished pins the model choice on the two published
// data sets through the command's JSON.
func TestFitBestModelPublished(t *testing.T) {
	for file, want := range map[string]string{"specsdm91.csv": "usl", "raytracer.csv": "amdahl"} {
		code, stdout, stderr := runCmd(t, "fit", "--json", fitFile(file))
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", file, code, stderr)
		}
		if !strings.Contains(stdout, `"best_model": "`+want+`"`) {
			t.Errorf("%s: best model is not %s:\n%s", file, want, stdout)
		}
	}
}

// TestFitBadInput checks that unreadable input is exit status 1 with one
// line naming the file and line on stderr, and nothing on stdout.
func TestFitBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"non-numeric cell", []string{"fit", fitFile("bad-cell.csv")}, 1,
			fmt.Sprintf("scalebench: %s:4: seconds \"quick\" is not a number\n", fitFile("bad-cell.csv"))},
		{"no workers column", []string{"fit", fitFile("no-workers.csv")}, 1,
			fmt.Sprintf("scalebench: %s:1: no workers column in the header (found: threads, seconds)\n", fitFile("no-workers.csv"))},
		{"empty file", []string{"fit", fitFile("empty.csv")}, 1,
			fmt.Sprintf("scalebench: %s:1: empty input\n", fitFile("empty.csv"))},
		{"go test without benchmarks", []string{"fit", fitFile("no-bench.txt")}, 1,
			fmt.Sprintf("scalebench: %s: no benchmark result lines with ns/op (want go test -bench output such as "+
				"\"BenchmarkX-2  100  12345 ns/op\")\n", fitFile("no-bench.txt"))},
		{"hyperfine without a parameter", []string{"fit", fitFile("hyperfine-noparam.json")}, 1,
			fmt.Sprintf("scalebench: %s: hyperfine export has no parameter: export a scan such as hyperfine -P workers "+
				"1 8 'prog --threads {workers}'\n", fitFile("hyperfine-noparam.json"))},
		{"bad file after a good one", []string{"fit", fitFile("runs.csv"), fitFile("bad-cell.csv")}, 1,
			fmt.Sprintf("scalebench: %s:4: seconds \"quick\" is not a number\n", fitFile("bad-cell.csv"))},
		{"missing file", []string{"fit", fitFile("nope.csv")}, 1,
			fmt.Sprintf("scalebench: open %s: no such file or directory\n", fitFile("nope.csv"))},
		{"forced format", []string{"fit", "--input-format", "gobench", fitFile("runs.csv")}, 1,
			fmt.Sprintf("scalebench: %s: no benchmark result lines with ns/op (want go test -bench output such as "+
				"\"BenchmarkX-2  100  12345 ns/op\")\n", fitFile("runs.csv"))},
		{"no file", []string{"fit"}, 2,
			"scalebench: fit: no file given (want a result file, a CSV, go test -bench output or a hyperfine JSON export; - reads stdin)\n"},
		{"unknown format", []string{"fit", "--input-format", "xml", fitFile("runs.csv")}, 2,
			"scalebench: --input-format \"xml\": want one of json, csv, gobench, hyperfine\n"},
		{"negative cpus", []string{"fit", "--cpus", "-1", fitFile("runs.csv")}, 2,
			"scalebench: --cpus -1: must be at least 1\n"},
		{"stdin twice", []string{"fit", "-", "-"}, 2, "scalebench: - (stdin) given twice\n"},
		{"unknown flag", []string{"fit", "--bogus", fitFile("runs.csv")}, 2, "scalebench: unknown flag: --bogus (see scalebench fit --help)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			if stderr != tc.want {
				t.Errorf("stderr\n got: %q\nwant: %q", stderr, tc.want)
			}
		})
	}
}

// TestFitStdin reads go test output from stdin, as in
// go test -bench . -cpu 1,2 | scalebench fit -.
func TestFitStdin(t *testing.T) {
	data, err := os.ReadFile(fitFile("gotest-bench.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := cmdFit([]string{"--cpus", "2", "-"}, bytes.NewReader(data), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(fitFile("gotest-bench.txt.golden"))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(stdout.String(), "(stdin)", "("+fitFile("gotest-bench.txt")+")")
	if got != string(want) {
		t.Errorf("fit - differs from fit FILE:\n%s", stdout.String())
	}
	err = cmdFit([]string{"-"}, strings.NewReader(""), &stdout, &stderr)
	if err == nil || err.Error() != "stdin:1: empty input" {
		t.Errorf("empty stdin: err = %v, want stdin:1: empty input", err)
	}
}

// TestRunGoBench runs a tiny sweep with --format gobench and reads the
// output back: one line per counted sample, one series, the counts as
// workers.
func TestRunGoBench(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.json")
	code, stdout, stderr := runCmd(t, "run", "pi", "--size", "quick", "--workers", "1,2", "--oversubscribe", "0",
		"--reps", "2", "--warmup", "0", "-o", out, "--format", "gobench")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, head := range []string{"goos: linux\n", "goarch: amd64\n", "pkg: github.com/scalebench/scalebench/workloads\n", "cpu: "} {
		if !strings.Contains(stdout, head) {
			t.Errorf("no %q line in\n%s", head, stdout)
		}
	}
	ref, err := results.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// The -N suffix is the CPU count the run planned for, at every count.
	for _, w := range []int{1, 2} {
		name := fmt.Sprintf("BenchmarkPi/workers=%d-%d", w, ref.Env.LogicalCPUs)
		if n := strings.Count(stdout, name+"\t1\t"); n != 2 {
			t.Errorf("%d lines of %s, want 2:\n%s", n, name, stdout)
		}
	}
	d, err := importer.Read("stdout", []byte(stdout), importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Series) != 1 || d.Series[0].Workload != "BenchmarkPi" || len(d.Series[0].Points) != 2 {
		t.Fatalf("read back %+v", d.Series)
	}
	if d.Env.LogicalCPUs != ref.Env.LogicalCPUs {
		t.Errorf("read back on %d CPUs, want %d", d.Env.LogicalCPUs, ref.Env.LogicalCPUs)
	}
	for i, p := range d.Series[0].Points {
		want := ref.Series[0].Points[i]
		if p.Workers != want.Workers || len(p.SamplesS) != len(want.SamplesS) {
			t.Errorf(
				"point %d: %d workers, %d samples; want %d, %d",
				i,
				p.Workers,
				len(p.SamplesS),
				want.Workers,
				len(want.SamplesS),
			)
		}
		for j := range p.SamplesS {
			if d := p.SamplesS[j] - want.SamplesS[j]; d > 1e-9 || d < -1e-9 {
				t.Errorf("point %d sample %d: %v, want %v", i, j, p.SamplesS[j], want.SamplesS[j])
			}
		}
	}
}

// csv64 is a CSV of 64 worker counts with 5 samples each.
func csv64() []byte {
	var sb strings.Builder
	sb.WriteString("workers,seconds\n")
	for p := 1; p <= 64; p++ {
		for r := range 5 {
			t := (0.05 + 0.95/float64(p) + 0.0004*float64(p)) * (1 + 0.01*float64(r-2))
			fmt.Fprintf(&sb, "%d,%.6f\n", p, t)
		}
	}
	return []byte(sb.String())
}

// BenchmarkReadFit64 reads a 64-point CSV and fits every model, as
// scalebench fit does (without the rendering).
func BenchmarkReadFit64(b *testing.B) {
	data := csv64()
	for b.Loop() {
		d, err := importer.Read("b.csv", data, importer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if fits := analysis.Analyze(d, analysis.Options{}); fits[0].Analysis == nil || fits[0].Analysis.USL == nil {
			b.Fatal("no USL fit")
		}
	}
}

// BenchmarkFitCommand64 is the whole command on a 64-point CSV, table
// output included.
func BenchmarkFitCommand64(b *testing.B) {
	path := filepath.Join(b.TempDir(), "64.csv")
	if err := os.WriteFile(path, csv64(), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var out, errb bytes.Buffer
		if err := run(context.Background(), []string{"fit", path}, &out, &errb); err != nil {
			b.Fatal(err)
		}
	}
}

// TestImportedDataCutAtMachineCPUs: go test -bench output run with
// -cpu 1,2,…,2C records no CPU count, so fit, report and compare cut their
// fits at the C CPUs this machine can use and warn that they did; --cpus
// gives the count instead, without the warning.
func TestImportedDataCutAtMachineCPUs(t *testing.T) {
	c := hostProbe().usable()
	var b strings.Builder
	for p := 1; p <= 2*c; p++ {
		suffix := ""
		if p > 1 {
			suffix = fmt.Sprintf("-%d", p)
		}
		for i := range 3 {
			fmt.Fprintf(&b, "BenchmarkWork%s\t10\t%.0f ns/op\n", suffix, 1e6*(0.1+0.9/float64(p))*(1+0.01*float64(i)))
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "bench.txt")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	warning := fmt.Sprintf(
		"go test -bench output records no CPU count: fitted up to the %d CPUs this machine can use",
		c,
	)
	fitted := func(args ...string) (amdahlN int, warnings []string) {
		t.Helper()
		code, stdout, stderr := runCmd(t, append([]string{"fit", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("fit %v: exit %d, %s", args, code, stderr)
		}
		var recs []struct {
			Amdahl   struct{ N int } `json:"amdahl"`
			Warnings []string        `json:"warnings"`
		}
		if err := json.Unmarshal([]byte(stdout), &recs); err != nil || len(recs) != 1 {
			t.Fatalf("fit %v: %v, %d series\n%s", args, err, len(recs), stdout)
		}
		return recs[0].Amdahl.N, recs[0].Warnings
	}
	warned := func(w []string) bool {
		return slices.ContainsFunc(w, func(s string) bool { return strings.Contains(s, "records no CPU count") })
	}
	if n, w := fitted(in); n != c ||
		!slices.ContainsFunc(w, func(s string) bool { return strings.HasPrefix(s, warning) }) {
		t.Errorf("fit: Amdahl on %d points, warnings %q; want %d points and %q", n, w, c, warning)
	}
	if n, w := fitted("--cpus", strconv.Itoa(2*c), in); n != 2*c || warned(w) {
		t.Errorf("fit --cpus %d: Amdahl on %d points, warnings %q; want %d points, no warning of the CPU count",
			2*c, n, w, 2*c)
	}
	out := filepath.Join(dir, "report")
	if code, _, stderr := runCmd(t, "report", "-o", out, in); code != 0 {
		t.Fatalf("report: exit %d, %s", code, stderr)
	}
	md, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), warning) {
		t.Errorf("report.md does not warn %q", warning)
	}
	code, stdout, stderr := runCmd(t, "compare", "--fail-on", "none", in, in)
	if code != 0 || !strings.Contains(stdout, warning) {
		t.Errorf("compare: exit %d, stderr %q; want the warning %q in\n%s", code, stderr, warning, stdout)
	}
}
