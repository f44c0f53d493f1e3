package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/scalebench/scalebench/lessons"
	"github.com/scalebench/scalebench/plan"
	"github.com/scalebench/scalebench/results"
)

func TestLessonsUnknownName(t *testing.T) {
	code, _, stderr := runCmd(t, "lessons", "memory", "nosuch", "-o", filepath.Join(t.TempDir(), "out"))
	want := `scalebench: unknown lesson "nosuch" (want amdahl, cpu-bound, io-bound, processes, chunking, shared-memory, races, load-balance, memory, bandwidth)`
	if code != 2 || strings.TrimSpace(stderr) != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
}

// TestLessonsDeck runs the cheapest lesson and checks what it writes:
// the deck, the page, lessons.json with the verdict and its result file,
// from which report builds a report; a second run replaces them.
func TestLessonsDeck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lessons")
	for range 2 {
		code, stdout, stderr := runCmd(t, "lessons", "memory", "--quick", "-o", dir)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.HasPrefix(stdout, "memory ") || !strings.Contains(stdout, "deck written to") {
			t.Errorf("stdout %q", stdout)
		}
	}
	for _, name := range []string{"slides.html", "index.html", "lessons.json", "run-memory-outer.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "lessons.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rec lessons.Record
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Lessons) != 1 || rec.Lessons[0].Name != "memory" || rec.Lessons[0].Outcome == "" ||
		len(rec.Lessons[0].Files) != 1 || rec.Lessons[0].Files[0] != "run-memory-outer.json" || !rec.Quick {
		t.Errorf("lessons.json: %+v", rec)
	}
	if _, err := results.ReadFile(filepath.Join(dir, "run-memory-outer.json")); err != nil {
		t.Errorf("the result file: %v", err)
	}
	// report DIR/*.json: lessons.json stands for the result files it
	// lists, each read once.
	for _, args := range [][]string{{"lessons.json", "run-memory-outer.json"}, {"lessons.json"}} {
		for i := range args {
			args[i] = filepath.Join(dir, args[i])
		}
		out := filepath.Join(t.TempDir(), "report")
		if code, _, stderr := runCmd(t, append([]string{"report", "-o", out}, args...)...); code != 0 {
			t.Fatalf("report %v: exit %d: %s", args, code, stderr)
		}
		page, err := os.ReadFile(filepath.Join(out, "report.md"))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(page), "run-memory-outer.json"); n == 0 {
			t.Errorf("report %v does not name the lesson's result file", args)
		}
	}
}

// TestLessonsForeignDir refuses, before measuring, a folder that holds
// files scalebench did not write.
func TestLessonsForeignDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "lessons", "memory", "--quick", "-o", dir)
	if code != 2 || !strings.Contains(stderr, "scalebench did not write it") || stdout != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 before any lesson", code, stdout, stderr)
	}
}

// TestLessonMissingExecutor judges a lesson that needs an executor this
// platform lacks as inconclusive, without measuring.
func TestLessonMissingExecutor(t *testing.T) {
	ls, err := lessons.Select(lessons.Catalog(lessons.Sizes{Quick: true, CPUs: 2}), []string{"processes"})
	if err != nil {
		t.Fatal(err)
	}
	l := ls[0]
	l.Experiments[0].Executors = append(l.Experiments[0].Executors, "nosuch")
	d, files, failed, err := measureLesson(context.Background(), l, 2, t.TempDir(), io.Discard)
	if err != nil || failed || files != nil {
		t.Fatalf("measureLesson: %v, %v, %v", files, failed, err)
	}
	j := lessons.Judge(l, d, files)
	if j.Outcome != lessons.Inconclusive || j.Reason != "this platform has no nosuch executor" {
		t.Errorf("%s: %s", j.Outcome, j.Reason)
	}
}

func TestMeasurementFailed(t *testing.T) {
	lost := &results.Document{
		Series: []results.Series{{Points: []results.Point{{Workers: 2, Verified: false, Note: "5 updates lost"}}}},
	}
	crashed := &results.Document{
		Series: []results.Series{{Points: []results.Point{{Workers: 2, Verified: true, Failed: true}}}},
	}
	for _, c := range []struct {
		doc     *results.Document
		wrongOK bool
		want    bool
	}{{lost, true, false}, {lost, false, true}, {crashed, true, true}} {
		if got := measurementFailed(c.doc, c.wrongOK); got != c.want {
			t.Errorf("measurementFailed(%+v, %v) = %v, want %v", c.doc.Series[0].Points[0], c.wrongOK, got, c.want)
		}
	}
}

// TestExpandLessons refuses a lessons record that points outside its
// folder or lists nothing, and leaves other files alone.
func TestExpandLessons(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	evil := write(
		"evil.json",
		`{"schema": "scalebench-lessons/v1", "lessons": [{"name": "x", "files": ["../../etc/passwd"]}]}`,
	)
	empty := write("empty.json", `{"schema": "scalebench-lessons/v1", "lessons": []}`)
	other := write("other.json", `{"schema": "scalebench/v1"}`)
	good := write(
		"lessons.json",
		`{"schema": "scalebench-lessons/v1", "lessons": [{"name": "x", "files": ["run-x-a.json", "run-x-b.json"]}]}`,
	)
	for _, p := range []string{evil, empty} {
		if _, err := expandLessons([]string{p}); err == nil {
			t.Errorf("expandLessons(%s) accepted it", filepath.Base(p))
		}
	}
	got, err := expandLessons([]string{good, filepath.Join(dir, "run-x-a.json"), other, "-"})
	want := []string{filepath.Join(dir, "run-x-a.json"), filepath.Join(dir, "run-x-b.json"), other, "-"}
	if err != nil || strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("expandLessons = %v, %v; want %v", got, err, want)
	}
	if got, err := expandLessons([]string{other, other}); err != nil || len(got) != 2 {
		t.Errorf("expandLessons(other, other) = %v, %v: rounds to pool must both stay", got, err)
	}
}

// TestLessonCommandsPlan checks that every experiment of every lesson,
// quick on 2 CPUs and full on 8, plans (sizes, parameters, memory)
// without measuring, and that the command line its slide shows plans
// the same run.
func TestLessonCommandsPlan(t *testing.T) {
	dir := t.TempDir()
	for _, sizes := range []lessons.Sizes{{Quick: true, CPUs: 2}, {CPUs: 8}} {
		for _, l := range lessons.Catalog(sizes) {
			for _, e := range l.Experiments {
				c, err := e.Config(sizes.CPUs)
				if err != nil {
					t.Fatalf("%+v %s: %v", sizes, e.Command(), err)
				}
				typed, err := c.Build()
				if err != nil {
					t.Errorf("%+v %s: %v", sizes, e.Command(), err)
					continue
				}
				cfg, err := parseRun(append(e.Args(), "-o", filepath.Join(dir, "x.json")), io.Discard)
				if err != nil {
					t.Errorf("%+v %s: %v", sizes, e.Command(), err)
					continue
				}
				rp, err := cfg.plan(context.Background(), sizes.CPUs, time.Now(), io.Discard)
				if err != nil {
					t.Errorf("%+v %s: %v", sizes, e.Command(), err)
					continue
				}
				if got, want := planText(rp.run), planText(typed); got != want {
					t.Errorf("%+v %s plans\n%s\nthe experiment plans\n%s", sizes, e.Command(), got, want)
				}
			}
		}
	}
}

// planText is what a run measures and how, in words, for comparing two.
func planText(r *plan.Run) string {
	out := fmt.Sprintf("%+v %+v\n", r.Counts, r.Sweep(2))
	for _, p := range r.Plans {
		out += fmt.Sprintf("%s %s %s %d %d %v %+v %v\n", p.Spec.Name, p.Executor.Name(), p.Mode, p.Size, p.Seed,
			p.Params, p.Options, p.Counts)
	}
	return out
}

// TestOthersBusy reads the CPU time of the machine and of this process
// from /proc and attributes the rest of the busy time to other processes.
func TestOthersBusy(t *testing.T) {
	snap := func(user, idle, utime string) cpuSnapshot {
		fsys := fstest.MapFS{
			"proc/stat": {Data: []byte("cpu  " + user + " 0 100 " + idle + " 0 0 0 0 0 0\ncpu0 1 2 3 4\n")},
			// A command name with spaces and a parenthesis; utime, stime,
			// cutime and cstime are fields 14 to 17.
			"proc/self/stat": {Data: []byte("42 (a b) c) S 1 1 1 0 -1 0 0 0 0 0 " + utime + " 5 5 5 20 0 1 0\n")},
		}
		return probe{fsys: fsys}.snapshot()
	}
	// 2000 ticks pass on 2 CPUs: 1100 idle and 900 busy, of which this
	// process used 200: others kept 700/2000 of the CPUs' time busy, 0.7
	// CPUs.
	a, b := snap("1000", "5000", "100"), snap("1900", "6100", "300")
	if !a.ok || !b.ok {
		t.Fatalf("snapshots not read: %+v %+v", a, b)
	}
	if got := othersBusy(a, b, 2); math.Abs(got-0.7) > 1e-9 {
		t.Errorf("othersBusy = %v, want 0.7", got)
	}
	if got := othersBusy(a, cpuSnapshot{}, 2); got != 0 {
		t.Errorf("othersBusy without a second reading = %v, want 0", got)
	}
}
