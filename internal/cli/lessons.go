package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/scalebench/scalebench/lessons"
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

const lessonsUsage = `Usage: scalebench lessons [NAME...] [--quick] [-o DIR]

Runs one experiment per lesson of the seed documents on this machine (all
lessons, or the NAMEs given), judges each lesson's claim from the measured
data (held, did not hold, or inconclusive) and writes DIR/slides.html (a
deck: one screen per slide, arrow keys to move), DIR/index.html (the same
as a page), DIR/lessons.json (every claim, its verdict, the numbers and
thresholds behind it and its result files) and the result files
DIR/run-LESSON-EXPERIMENT.json, from which "scalebench report
DIR/*.json" (or DIR/lessons.json alone) builds a report. A claim that did not hold is a result,
not an error: the exit status is 1 only when a measurement failed.
DIR is created if it does not exist; an existing DIR must be empty or hold
files written by scalebench, and only those are replaced. DIR is checked
before anything is measured; interrupted, lessons writes into DIR the
lessons that finished.

Lessons: ` + "%s" + `

Flags:
`

func cmdLessons(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("lessons", stderr)
	quick := fs.Bool(
		"quick",
		false,
		"run every lesson at sizes that finish in a few minutes on a small machine (the default sizes are for a class on a laptop)",
	)
	out := fs.StringP(
		"out",
		"o",
		filepath.Join("results", "lessons"),
		"write the deck, the page, lessons.json and the result files into `DIR`",
	)
	if err := parseFlagsHelp(fs, args, fmt.Sprintf(lessonsUsage, strings.Join(lessons.Names(), ", "))); err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out must name a directory")
	}
	info := hostProbe().cpuInfo(0)
	sel, err := lessons.Select(lessons.Catalog(lessons.Sizes{Quick: *quick, CPUs: info.Planned}), fs.Args())
	if err != nil {
		return usageError{err}
	}
	st, err := openStage(ctx, *out, lessonFileNames(sel), nil)
	if errors.Is(err, errInterrupted) {
		return err
	}
	if err != nil {
		return usagef("-o %s: %v", shownPath(*out), err)
	}
	defer st.close()
	rec := &lessons.Record{Schema: lessons.RecordSchema, CPUModel: cpuModel(), CPUs: info.Planned, Quick: *quick}
	var data []lessons.Data
	failed := false
	for i, l := range sel {
		fmt.Fprintf(stderr, "lesson %d of %d: %s\n", i+1, len(sel), l.Name)
		d, names, bad, err := measureLesson(ctx, l, info.Planned, st.path, stderr)
		if errors.Is(err, errInterrupted) {
			return saveInterrupted(ctx, st, rec, sel[:i], data, stderr)
		}
		if err != nil {
			return err
		}
		failed = failed || bad
		j := lessons.Judge(l, d, names)
		rec.Lessons, data = append(rec.Lessons, j), append(data, d)
		st.adopt(names...)
		fmt.Fprintf(stdout, "%-14s %-13s %s\n", l.Name, j.Outcome, j.Reason)
	}
	if err := commitLessons(ctx, st, rec, sel, data); err != nil {
		if errors.Is(err, errInterrupted) {
			return saveInterrupted(ctx, st, rec, sel, data, stderr)
		}
		return err
	}
	fmt.Fprintf(stdout, "deck written to %s\n", shownPath(filepath.Join(*out, "slides.html")))
	if failed {
		return errQuiet{"a measurement failed: see the points marked failed in " + shownPath(*out)}
	}
	return nil
}

// lessonFileNames are the files that lessons may write for sel: the
// deck, the page, lessons.json and a result file per experiment.
func lessonFileNames(sel []lessons.Lesson) []string {
	names := []string{"slides.html", "index.html", "lessons.json"}
	for _, l := range sel {
		for _, e := range l.Experiments {
			names = append(names, lessonResultName(l, e))
		}
	}
	return names
}

// lessonResultName is the result file of experiment e of lesson l.
func lessonResultName(l lessons.Lesson, e lessons.Experiment) string {
	return "run-" + l.Name + "-" + e.Name + ".json"
}

// commitLessons writes the deck, the page and lessons.json of the lessons
// judged (rec, sel and data) into the stage, and puts it in place.
func commitLessons(ctx context.Context, st *stage, rec *lessons.Record, sel []lessons.Lesson,
	data []lessons.Data) error {
	files, err := lessonFiles(rec, sel, data)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := st.write(ctx, f); err != nil {
			return err
		}
	}
	return st.commit(ctx, nil)
}

// saveInterrupted writes, after an interrupt, the lessons that were
// judged before it into the output folder, as a whole run of those
// lessons would; the result files of the lesson interrupted are dropped.
// With none judged, the folder is left as it was. Either way stderr says
// so, and the error is errInterrupted.
func saveInterrupted(ctx context.Context, st *stage, rec *lessons.Record, sel []lessons.Lesson,
	data []lessons.Data, stderr io.Writer) error {
	if len(rec.Lessons) == 0 {
		fmt.Fprintf(stderr, "scalebench: no lesson finished; %s is left as it was\n", shownPath(st.dir))
		return errInterrupted
	}
	ctx = context.WithoutCancel(ctx)
	if err := commitLessons(ctx, st, rec, sel[:len(rec.Lessons)], data); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "scalebench: the %d lessons that finished are in %s: "+
		"their verdicts in slides.html and lessons.json, and their result files\n", len(rec.Lessons), shownPath(st.dir))
	return errInterrupted
}

// measureLesson runs the experiments of l into result files in dir and
// returns the data to judge, the files' names, and whether a measurement
// failed. A lesson that needs an executor this platform lacks is not
// measured: its data say why.
func measureLesson(ctx context.Context, l lessons.Lesson, cpus int, dir string,
	stderr io.Writer) (lessons.Data, []string, bool, error) {
	d := lessons.Data{CPUs: cpus}
	if why := lessonMissing(l); why != "" {
		d.Missing = why
		return d, nil, false, nil
	}
	var names []string
	failed := false
	for _, e := range l.Experiments {
		name := lessonResultName(l, e)
		fmt.Fprintf(stderr, "  %s\n", e.Command())
		rp, env, err := planExperiment(e, cpus, filepath.Join(dir, name), stderr)
		if err != nil {
			return d, nil, false, fmt.Errorf("lesson %s: %w", l.Name, err)
		}
		p := hostProbe()
		before := p.snapshot()
		doc, err := measurePlan(ctx, rp, env, stderr)
		if err != nil {
			return d, nil, false, err
		}
		failed = failed || measurementFailed(doc, e.Wrong)
		d.Add(e, doc)
		d.Busy = max(d.Busy, othersBusy(before, p.snapshot(), p.online()))
		names = append(names, name)
	}
	return d, names, failed, nil
}

// planExperiment builds and checks the run of experiment e for cpus
// CPUs (plan.Config.Build), written to out, and describes the machine,
// printing the warnings about both. Nothing is measured yet.
func planExperiment(e lessons.Experiment, cpus int, out string, stderr io.Writer) (*runPlan, results.Env, error) {
	started := time.Now()
	c, err := e.Config(cpus)
	if err != nil {
		return nil, results.Env{}, err
	}
	run, err := c.Build()
	if err != nil {
		return nil, results.Env{}, err
	}
	if err := checkWritable(out); err != nil {
		return nil, results.Env{}, fmt.Errorf("-o %s: %w", shownPath(out), err)
	}
	info := hostProbe().cpuInfo(0)
	if info.Planned != cpus {
		info = hostProbe().cpuInfo(cpus)
	}
	env := collectEnv(append([]string{"run"}, append(e.Args(), "-o", out)...), started)
	env.LogicalCPUs, env.CPUs = info.Planned, info
	env.Warnings = append(cpuWarnings(info), run.Warnings...)
	for _, w := range env.Warnings {
		fmt.Fprintf(stderr, "scalebench: warning: %s\n", w)
	}
	return &runPlan{run: run, out: out}, env, nil
}

// lessonMissing says which executor or workload of l this platform
// lacks, or "" when it has them all.
func lessonMissing(l lessons.Lesson) string {
	for _, e := range l.Experiments {
		s, ok := workloads.Lookup(e.Workload)
		if !ok {
			return "this build has no " + e.Workload + " workload"
		}
		for _, x := range e.Executors {
			if _, err := executor.Lookup(x); err != nil {
				return "this platform has no " + x + " executor"
			}
			if !s.Supports(x) {
				return e.Workload + " cannot run on the " + x + " executor here"
			}
		}
	}
	return ""
}

// measurementFailed reports whether a point of doc could not be measured,
// or gave a wrong answer where a right one was expected.
func measurementFailed(doc *results.Document, wrongOK bool) bool {
	for _, s := range doc.Series {
		for _, p := range s.Points {
			if p.Failed || (!p.Verified && !wrongOK) {
				return true
			}
		}
	}
	return false
}

// lessonFiles renders the deck, the page and lessons.json.
func lessonFiles(rec *lessons.Record, sel []lessons.Lesson, data []lessons.Data) ([]file, error) {
	deck, err := lessons.BuildDeck(rec, sel, data)
	if err != nil {
		return nil, err
	}
	var slides, page, js bytes.Buffer
	if err := lessons.WriteSlides(&slides, deck); err != nil {
		return nil, err
	}
	if err := lessons.WritePage(&page, deck); err != nil {
		return nil, err
	}
	if err := rec.Write(&js); err != nil {
		return nil, err
	}
	return []file{{name: "slides.html", data: slides.Bytes()}, {name: "index.html", data: page.Bytes()},
		{name: "lessons.json", data: js.Bytes()}}, nil
}

// maxLessonsRecord is the most bytes of a lessons.json that report reads.
const maxLessonsRecord = 16 << 20

// expandLessons replaces every lessons.json among paths (the record that
// scalebench lessons writes) by the result files it lists, beside it, so
// that report reads a lessons folder (report DIR/*.json, or
// DIR/lessons.json alone). A result file that a record lists is read
// once, at the record's place; other files named twice (rounds to pool)
// are kept.
func expandLessons(paths []string) ([]string, error) {
	listed := make([][]string, len(paths))
	inRecord := map[string]bool{}
	for i, p := range paths {
		files, err := lessonsRecordFiles(p)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			full := filepath.Join(filepath.Dir(p), f)
			listed[i] = append(listed[i], full)
			inRecord[full] = true
		}
	}
	var out []string
	added := map[string]bool{}
	for i, p := range paths {
		if listed[i] == nil {
			if p == "-" || !inRecord[filepath.Clean(p)] {
				out = append(out, p)
			}
			continue
		}
		for _, f := range listed[i] {
			if !added[f] {
				added[f] = true
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// lessonsRecordFiles returns the result files a lessons record at path
// lists, or nil when path is not a lessons record.
func lessonsRecordFiles(path string) ([]string, error) {
	if path == "-" || !strings.HasSuffix(path, ".json") || results.CheckRegular(path) != nil {
		return nil, nil // read, or refused, as any other input
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxLessonsRecord))
	if err != nil || !bytes.Contains(b[:min(len(b), 200)], []byte(`"`+lessons.RecordSchema+`"`)) {
		return nil, nil
	}
	var rec lessons.Record
	if err := json.Unmarshal(b, &rec); err != nil || rec.Schema != lessons.RecordSchema {
		return nil, fmt.Errorf("%s: not a lessons record: %v", shownPath(path), err)
	}
	files := []string{}
	for _, j := range rec.Lessons {
		for _, name := range j.Files {
			if !plainName(name) {
				return nil, fmt.Errorf(
					"%s: lesson %s lists %q, not a file name beside it",
					shownPath(path),
					j.Name,
					name,
				)
			}
			files = append(files, name)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: the lessons record lists no result files", shownPath(path))
	}
	return files, nil
}

// cpuSnapshot is the time of all CPUs, total and idle, and the CPU time
// of this process and its waited-for children, in the kernel's clock
// ticks.
type cpuSnapshot struct {
	total, idle, own float64
	ok               bool
}

func (p probe) snapshot() cpuSnapshot {
	total, idle, ok := p.cpuTimes()
	own, okOwn := p.ownTicks()
	return cpuSnapshot{total, idle, own, ok && okOwn}
}

// ownTicks reads utime, stime, cutime and cstime of /proc/self/stat.
func (p probe) ownTicks() (float64, bool) {
	stat := p.read("/proc/self/stat")
	i := strings.LastIndexByte(stat, ')') // the command name may hold anything
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(stat[i+1:]) // f[0] is field 3, the state
	if len(f) < 15 {
		return 0, false
	}
	sum := 0.0
	for _, s := range f[11:15] {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, false
		}
		sum += v
	}
	return sum, true
}

// othersBusy is how many of the online CPUs processes other than this
// one and its children kept busy on average between a and b; 0 when
// either is unknown.
func othersBusy(a, b cpuSnapshot, online int) float64 {
	dt := b.total - a.total
	if !a.ok || !b.ok || dt <= 0 {
		return 0
	}
	others := dt - (b.idle - a.idle) - (b.own - a.own)
	return max(0, others/dt) * float64(online)
}
