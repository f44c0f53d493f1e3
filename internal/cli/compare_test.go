package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// compareFile is a file of testdata/compare: base.json and new.json are
// made by gen.go there (synthetic's f from 0.1 to 0.25 at the same T(1),
// pi 20% slower, a series on each side only, another Go version).
func compareFile(name string) string { return filepath.Join("testdata", "compare", name) }

// TestCompareGolden pins the four formats of one comparison.
func TestCompareGolden(t *testing.T) {
	for _, format := range []string{"table", "markdown", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := runCmd(
				t,
				"compare",
				"--format",
				format,
				compareFile("base.json"),
				compareFile("new.json"),
			)
			if code != 1 ||
				stderr != "scalebench: scaling got worse: 2 shape regressions, 6 time regressions; 5 inconclusive (--fail-on any)\n" {
				t.Errorf("exit %d, stderr %q; want 1 and the regressions counted", code, stderr)
			}
			goldenFile(t, compareFile("compare."+format+".golden"), stdout)
		})
	}
}

func TestCompareFailOn(t *testing.T) {
	base, new := compareFile("base.json"), compareFile("new.json")
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"--fail-on", "none", base, new}, 0},
		{[]string{"--fail-on", "time", base, new}, 1},
		{[]string{"--fail-on", "shape", base, new}, 1},
		{[]string{base, base}, 0},
		{[]string{new, new, "--format", "json"}, 0},
		// Thresholds high enough let every change pass.
		{[]string{"--max-slowdown", "100%", "--max-f-increase", "0.5", "--max-efficiency-drop", "50%", base, new}, 0},
		// Only the shape: times may grow by 100%, but f still regressed.
		{[]string{"--max-slowdown", "1", base, new}, 1},
		{[]string{"--max-slowdown", "1", "--fail-on", "time", base, new}, 0},
	} {
		code, stdout, stderr := runCmd(t, append([]string{"compare"}, tc.args...)...)
		if code != tc.code || stdout == "" {
			t.Errorf("compare %v: exit %d, want %d; stderr %q", tc.args, code, tc.code, stderr)
		}
		if code == 0 && stderr != "" {
			t.Errorf("compare %v: stderr %q", tc.args, stderr)
		}
	}
}

func TestCompareBadInput(t *testing.T) {
	base, new := compareFile("base.json"), compareFile("new.json")
	dir := t.TempDir()
	other := filepath.Join(dir, "other.csv")
	if err := os.WriteFile(other, []byte("series,workers,seconds\nfoo,1,1.0\nfoo,2,0.6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown threshold", []string{"--max-kappa-increase", "0.1", base, new}, 2, "unknown flag: --max-kappa-increase"},
		{"negative slowdown", []string{"--max-slowdown", "-5%", base, new}, 2, `--max-slowdown "-5%": must not be negative`},
		{"negative f", []string{"--max-f-increase=-0.01", base, new}, 2, `--max-f-increase "-0.01": must not be negative`},
		{"negative efficiency", []string{"--max-efficiency-drop", "-1", base, new}, 2, `--max-efficiency-drop "-1": must not be negative`},
		{"not a number", []string{"--max-slowdown", "lots", base, new}, 2, `--max-slowdown "lots": want a fraction like 0.1 or a percentage like 10%`},
		{"NaN", []string{"--max-f-increase", "NaN", base, new}, 2, `--max-f-increase "NaN": want a fraction`},
		{"fail-on", []string{"--fail-on", "sometimes", base, new}, 2, `--fail-on "sometimes": want one of time, shape, any, none`},
		{"format", []string{"--format", "xml", base, new}, 2, `--format "xml": want one of table, markdown, csv, json`},
		{"alpha", []string{"--alpha", "0", base, new}, 2, "--alpha 0: want a level in (0, 0.5]"},
		{"one file", []string{base}, 2, "compare: want two files, BASE and NEW, got 1"},
		{"three files", []string{base, new, base}, 2, "compare: want two files, BASE and NEW, got 3"},
		{"both forms", []string{"--base", base, "--new", new, base}, 2, "give BASE NEW or --base and --new, not both"},
		{"base only", []string{"--base", base}, 2, "--base and --new each need at least one file"},
		{"stdin twice", []string{"-", "-"}, 2, "- (stdin) given twice"},
		{"cpus", []string{"--cpus", "-1", base, new}, 2, "--cpus -1: must be at least 1"},
		{"missing file", []string{base, filepath.Join(dir, "missing.json")}, 1, "missing.json"},
		{"nothing in common", []string{base, other}, 1, "compare: no series in common: " + base + " has synthetic"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, append([]string{"compare"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.want)
			}
			if strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "scalebench: ") || stdout != "" {
				t.Errorf("want one line on stderr and nothing on stdout; stderr %q, stdout %q", stderr, stdout)
			}
		})
	}
}

// TestCompareStdinAndPool reads BASE from stdin, and pools two files per
// side with --base and --new.
func TestCompareStdinAndPool(t *testing.T) {
	data, err := os.ReadFile(compareFile("base.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err = cmdCompare([]string{"--fail-on", "none", "-", compareFile("new.json")}, bytes.NewReader(data), &out, &errb)
	if err != nil || !strings.HasPrefix(out.String(), "base: stdin (AMD EPYC 9V45") {
		t.Errorf("stdin: %v\n%s", err, out.String())
	}
	code, stdout, stderr := runCmd(
		t,
		"compare",
		"--fail-on",
		"none",
		"--base",
		compareFile("base.json"),
		"--base",
		compareFile("base.json"),
		"--new",
		compareFile("new.json"),
	)
	if code != 0 || !strings.Contains(stdout, "base: "+compareFile("base.json")+" + "+compareFile("base.json")) ||
		!strings.Contains(stdout, "n=10+5") {
		t.Errorf("pooled: exit %d, stderr %q\n%s", code, stderr, stdout)
	}
}

// TestCompareRealRuns measures synthetic with serial fractions 0.1 and
// 0.3 at a tiny size and compares them through the command. Real timings
// decide the verdict, so only the exit status's range is checked: the
// command must judge, not fail.
func TestCompareRealRuns(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	for f, out := range map[string]string{"0.1": a, "0.3": b} {
		code, _, stderr := runCmd(t, "run", "synthetic", "--serial-fraction", f, "--size", "240", "--workers", "1,2",
			"--reps", "3", "--warmup", "0", "--oversubscribe", "0", "-o", out)
		if code != 0 {
			t.Fatalf("run --serial-fraction %s: exit %d: %s", f, code, stderr)
		}
	}
	code, stdout, stderr := runCmd(t, "compare", "--ignore", "serial-fraction", a, b)
	if (code != 0 && code != 1) ||
		!strings.Contains(stdout, "synthetic · goroutines · dynamic · serial-fraction=0.1→0.3") {
		t.Errorf("compare: exit %d, stderr %q\n%s", code, stderr, stdout)
	}
	if code == 1 && !strings.HasPrefix(stderr, "scalebench: scaling got worse: ") {
		t.Errorf("exit 1 without saying what got worse: %q", stderr)
	}
	// report --baseline --ignore matches the series as compare does and
	// heads its page with the same verdict.
	_, verdict, _ := strings.Cut(stdout, "\nverdict: ")
	verdict, _, _ = strings.Cut(verdict, "\n")
	out := filepath.Join(dir, "report")
	if code, _, stderr := runCmd(t, "report", "--baseline", a, "--ignore", "serial-fraction", b, "-o", out); code != 0 {
		t.Fatalf("report --baseline --ignore: exit %d: %s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || verdict == "" ||
		!strings.Contains(string(page), "<strong>"+html.EscapeString(verdict)+"</strong>") {
		t.Errorf("report --baseline --ignore does not head its page with compare's verdict %q", verdict)
	}
	if code, _, stderr := runCmd(t, "report", "--ignore", "serial-fraction", b, "-o", out); code != 2 ||
		!strings.Contains(stderr, "--ignore matches series with a baseline") {
		t.Errorf("--ignore without --baseline: exit %d, %q", code, stderr)
	}
	// Without --ignore the parameter keeps them apart.
	code, _, stderr = runCmd(t, "compare", a, b)
	if code != 1 || !strings.Contains(stderr, "no series in common") {
		t.Errorf("without --ignore: exit %d, %q", code, stderr)
	}
	code, stdout, stderr = runCmd(t, "compare", "--format", "json", a, a)
	var c struct{ Series []struct{ Points []any } }
	if code != 0 || json.Unmarshal([]byte(stdout), &c) != nil || len(c.Series) != 1 || len(c.Series[0].Points) != 2 {
		t.Errorf("a run against itself: exit %d, stderr %q\n%s", code, stderr, stdout)
	}
}

func TestReportBaseline(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "report")
	code, _, stderr := runCmd(t, "report", "--baseline", compareFile("base.json"), compareFile("new.json"), "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	page := read("index.html")
	// The verdict first, then the comparison, before every plot.
	verdict, cmp, plots := strings.Index(
		page,
		`<section id="verdict">`,
	), strings.Index(
		page,
		`<section id="comparison">`,
	), strings.Index(
		page,
		"<figure",
	)
	if verdict < 0 || cmp < verdict || cmp > plots ||
		!strings.Contains(page, "<strong>2 shape regressions, 6 time regressions; 5 inconclusive</strong>") {
		t.Error("index.html does not open with the verdict and the comparison")
	}
	// The baseline, with its interval, on every chart that draws the new run.
	for _, plot := range []string{"synthetic-speedup.svg", "synthetic-efficiency.svg", "synthetic-time.svg",
		"synthetic-karp-flatt.svg"} {
		if !strings.Contains(read(plot), "baseline base.json, 95% CI") {
			t.Errorf("%s does not draw the baseline with its interval", plot)
		}
	}
	if md := read("report.md"); !strings.Contains(
		md,
		"## Comparison with the baseline\n\n### scalebench compare: 2 shape regressions",
	) {
		t.Error("report.md does not open with the comparison")
	}
	// Rounds pooled on both sides: one series each, twice the samples.
	code, _, stderr = runCmd(
		t,
		"report",
		"--pool",
		"--baseline",
		compareFile("base.json"),
		"--baseline",
		compareFile("base.json"),
		compareFile("new.json"),
		compareFile("new.json"),
		"-o",
		dir,
	)
	if page := read("index.html"); code != 0 || !strings.Contains(page, "n=10&#43;10") ||
		!strings.Contains(page, "<th>"+compareFile("new.json")+" &#43; "+compareFile("new.json")+"</th>") {
		t.Errorf("--pool: exit %d, %s", code, stderr)
	}
	other := filepath.Join(t.TempDir(), "other.csv")
	if err := os.WriteFile(other, []byte("series,workers,seconds\nfoo,1,1.0\nfoo,2,0.6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCmd(t, "report", "--baseline", other, compareFile("new.json"), "-o", dir)
	if code != 1 || !strings.Contains(stderr, "no series in common") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("nothing in common: exit %d, %q", code, stderr)
	}
}

func TestRunGitHubActionBenchmark(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.json")
	var stdout, stderr bytes.Buffer
	err := run(
		context.Background(),
		[]string{"run", "--disturbed", "keep", "synthetic", "--size", "240", "--workers", "1,2",
			"--reps", "2", "--warmup", "0", "--oversubscribe", "0", "--cpus", "2", "--format", "github-action-benchmark", "-o", out},
		&stdout,
		&stderr,
	)
	if err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	var entries []struct {
		Name, Unit, Range, Extra string
		Value                    float64
	}
	if err := json.Unmarshal(stdout.Bytes(), &entries); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout.String())
	}
	const title = "synthetic · goroutines · dynamic · serial-fraction=0.1"
	var names []string
	for _, e := range entries {
		names = append(names, e.Name)
		if !(e.Value > 0) || e.Unit == "" {
			t.Errorf("entry %+v", e)
		}
	}
	// Times, and 1/speedup at 2 ≤ P ≤ CPUs; no serial fraction, which a
	// ratio test does not suit.
	want := []string{title + " · workers=1", title + " · workers=2", title + " · workers=2 · 1/speedup"}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Fatalf("names %q, want %q", names, want)
	}
	if entries[0].Unit != "s" || entries[2].Unit != "1/speedup" || !strings.Contains(entries[0].Extra, "2 samples") {
		t.Errorf("entries %+v", entries)
	}
}
