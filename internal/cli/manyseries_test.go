package cli

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/scalebench/scalebench/report"
	"github.com/scalebench/scalebench/results"
)

var manySeries = flag.String("manyseries", "",
	"write the many-series result files of the report tests into `DIR` and stop")

// manySeriesDoc is a result document of n series in groups of perGroup
// (series of one workload that differ in a parameter), each measured on
// 1, 2 and 4 workers with times of Amdahl's law and 2% noise, f drawn
// per series.
func manySeriesDoc(n, perGroup int) *results.Document {
	rng := rand.New(rand.NewPCG(1, 2))
	d := &results.Document{Schema: results.Schema,
		Env: results.Env{LogicalCPUs: 2, Hostname: "h", Command: "scalebench run",
			Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}}
	for i := range n {
		f := 0.05 + 0.5*rng.Float64()
		s := results.Series{Workload: fmt.Sprintf("w%04d", i/perGroup), Mode: results.ModeStrong,
			Executor: "goroutines", Schedule: "block", Unit: "items",
			Params: map[string]string{"variant": fmt.Sprint(i % perGroup)}}
		for _, p := range []int{1, 2, 4} {
			pt := results.Point{Workers: p, Size: 1000, Oversubscribed: p > 2, Verified: true}
			for range 3 {
				pt.SamplesS = append(pt.SamplesS, (f+(1-f)/float64(min(p, 2)))*(1+0.02*rng.NormFloat64()))
			}
			s.Points = append(s.Points, pt)
		}
		d.Series = append(d.Series, s)
	}
	return d
}

// TestWriteManySeries writes the documents; with -manyseries DIR it
// writes them there, to time the command itself:
//
//	go test ./internal/cli -run WriteManySeries -manyseries /tmp/many
//	/usr/bin/time -v bin/scalebench report /tmp/many/2000x1.json -o /tmp/many/report
func TestWriteManySeries(t *testing.T) {
	dir := *manySeries
	if dir == "" {
		dir = t.TempDir()
	}
	for _, shape := range [][2]int{{2000, 1}, {2000, 10}, {2000, 2000}} {
		path := filepath.Join(dir, fmt.Sprintf("%dx%d.json", shape[0], shape[1]))
		if err := results.WriteFile(path, manySeriesDoc(shape[0], shape[1])); err != nil {
			t.Fatal(err)
		}
		d, err := results.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Series) != shape[0] {
			t.Errorf("%s: %d series", path, len(d.Series))
		}
	}
}

// TestManySeriesReport: a report of more series than one page shows
// writes an index.html without inline plots, under 10 MB, whose every
// link leads to a file of the report, with a page for each workload.
func TestManySeriesReport(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "many.json")
	if err := results.WriteFile(in, manySeriesDoc(report.MaxPageSeries+10, 1)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCmd(t, "report", in, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files := wholeReport(t, out)
	index := files["index.html"]
	if len(index) > 10<<20 || strings.Contains(index, "<svg") {
		t.Errorf("index.html: %d bytes, plots inline %v", len(index), strings.Contains(index, "<svg"))
	}
	pages := 0
	for name, text := range files {
		if strings.HasPrefix(name, "group-") {
			pages++
		}
		for _, m := range regexp.MustCompile(`(?:href|src)="([^"#]+)`).FindAllStringSubmatch(text, -1) {
			if _, ok := files[m[1]]; !ok && strings.HasSuffix(name, ".html") {
				t.Errorf("%s links to %s, not a file of the report", name, m[1])
			}
		}
	}
	if pages != report.MaxPageSeries+10 {
		t.Errorf("%d group pages, want one per workload", pages)
	}
}
