package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scalebench/scalebench/results"
)

// writeRun writes a small valid result file: one series at 1, 2 and 4
// workers on a 2-CPU machine.
func writeRun(t *testing.T, dir string) string {
	t.Helper()
	d := &results.Document{Schema: results.Schema,
		Env: results.Env{LogicalCPUs: 2, Hostname: "h", Command: "scalebench run pi",
			Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		Series: []results.Series{
			{Workload: "pi", Mode: "strong", Executor: "goroutines", Schedule: "block", Unit: "points",
				Points: []results.Point{
					{Workers: 1, Size: 1000, SamplesS: []float64{1.00, 1.01, 0.99}, Verified: true},
					{Workers: 2, Size: 1000, SamplesS: []float64{0.55, 0.56, 0.54}, Verified: true},
					{
						Workers:        4,
						Size:           1000,
						Oversubscribed: true,
						SamplesS:       []float64{0.56, 0.57, 0.55},
						Verified:       true,
					},
				}},
		}}
	path := filepath.Join(dir, "run.json")
	if err := results.WriteFile(path, d); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	run := writeRun(t, dir)
	out := filepath.Join(dir, "site", "report")
	code, stdout, stderr := runCmd(t, "report", run, "-o", out, "--slides")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if want := "report written to " + filepath.Join(out, "index.html") + "\n"; stdout != want {
		t.Errorf("stdout = %q, want %q", stdout, want)
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	want := ".scalebench-manifest index.html pi-efficiency.svg pi-karp-flatt.svg pi-speedup.svg " +
		"pi-throughput.svg pi-time.svg report.md slides.html"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("files:\n got %s\nwant %s", got, want)
	}
	first, _ := os.ReadFile(filepath.Join(out, "index.html"))
	// A second run replaces the report with the same bytes and leaves
	// nothing else in the parent.
	if code, _, stderr := runCmd(t, "report", run, "-o", out); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	second, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Equal(first, second) {
		t.Error("index.html differs between two runs on the same input")
	}
	if _, err := os.Stat(filepath.Join(out, "slides.html")); err == nil {
		t.Error("slides.html of the first run survived a run without --slides")
	}
	if ents, _ := os.ReadDir(filepath.Dir(out)); len(ents) != 1 {
		t.Errorf("the parent holds %d entries, want only the report", len(ents))
	}
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeRun(t, dir)
	other := filepath.Join(dir, "other.json")
	os.WriteFile(other, []byte(`{"schema": "benchstat/v9", "series": []}`), 0o644)
	empty := filepath.Join(dir, "empty.json")
	os.WriteFile(
		empty,
		[]byte(
			`{"schema": "scalebench/v1", "env": {}, "series": [{"workload": "pi", "mode": "strong", "points": []}]}`,
		),
		0o644,
	)
	notDir := filepath.Join(dir, "file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	keep := filepath.Join(dir, "keep")
	os.MkdirAll(keep, 0o755)
	os.WriteFile(filepath.Join(keep, "notes.txt"), []byte("mine"), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no files", []string{"report"}, 2, "needs at least one result FILE"},
		{"bad flag", []string{"report", "--nope", good}, 2, "unknown flag"},
		{"missing", []string{"report", filepath.Join(dir, "missing.json")}, 1, "missing.json"},
		{"other schema", []string{"report", other}, 1, other + ": not a scalebench/v1 document"},
		{"no points", []string{"report", empty}, 1, empty + ": no points to report"},
		{"under a file", []string{"report", good, "-o", filepath.Join(notDir, "report")}, 1, "cannot write"},
		{"not a report", []string{"report", good, "-o", keep}, 1, "is not empty and has no .scalebench-manifest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "out-"+strings.ReplaceAll(tc.name, " ", "-"))
			args := tc.args
			if !strings.Contains(strings.Join(args, " "), " -o ") {
				args = append(args, "-o", out)
			}
			code, _, stderr := runCmd(t, args...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.msg)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a partial report directory %s was left behind", out)
			}
			ents, _ := os.ReadDir(dir)
			for _, e := range ents {
				if strings.HasPrefix(e.Name(), ".") {
					t.Errorf("temporary %s left behind", e.Name())
				}
			}
		})
	}
	if b, _ := os.ReadFile(filepath.Join(keep, "notes.txt")); string(b) != "mine" {
		t.Error("a directory that is not a report was touched")
	}
}

func TestTheoryCommand(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCmd(t, "theory", "-o", dir, "--amdahl", "0.05,0.2", "--max-workers", "64")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := []string{"amdahl.svg", "amdahl-vs-gustafson.svg", "gustafson.svg"}
	if got := strings.Fields(stdout); len(got) != 3 {
		t.Fatalf("stdout %q, want three paths", stdout)
	}
	for _, name := range want {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("<?xml")) || !bytes.Contains(b, []byte("</svg>")) {
			t.Errorf("%s is not an SVG document", name)
		}
	}
	amdahl, _ := os.ReadFile(filepath.Join(dir, "amdahl.svg"))
	for _, label := range []string{"f = 0.05: ceiling 20", "f = 0.2: ceiling 5", "ideal S = P"} {
		if !bytes.Contains(amdahl, []byte(label)) {
			t.Errorf("amdahl.svg lacks the label %q", label)
		}
	}
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"theory", "--amdahl", "1.5"}, "--amdahl: fraction 1.5 is outside [0, 1]"},
		{[]string{"theory", "--gustafson", "-0.1"}, "--gustafson: fraction -0.1 is outside [0, 1]"},
		{[]string{"theory", "--max-workers", "1"}, "--max-workers must be at least 2"},
		{[]string{"theory", "extra"}, "theory takes no arguments"},
	} {
		code, _, stderr := runCmd(t, append(tc.args, "-o", filepath.Join(dir, "bad"))...)
		if code != 2 || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.msg)
		}
	}
}

// TestReportFitOversubscribed: the report says when oversubscribed points
// were fitted on request, and leaves them out otherwise.
func TestReportFitOversubscribed(t *testing.T) {
	for _, c := range []struct {
		flag string
		want string
	}{{"", "left out of every fit: P=4, P=8"}, {"--fit-oversubscribed", "oversubscribed points fitted on request"}} {
		dir := filepath.Join(t.TempDir(), "r")
		args := []string{"report", fitFile("result.json"), "-o", dir}
		if c.flag != "" {
			args = append(args, c.flag)
		}
		if code, _, stderr := runCmd(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		page, err := os.ReadFile(filepath.Join(dir, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(page), c.want) {
			t.Errorf("%v: index.html does not say %q", args, c.want)
		}
	}
}
