package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/results"
)

// scheduleDoc is waitrows-like: eight tasks of 1 to 8 s after 1 s of
// Begin, under block, interleave and dynamic (chunks of one), measured at
// 1, 2 and 4 workers exactly as the replay has them: block 37, 27, 16 s;
// interleave 37, 21, 13 s; dynamic 37, 21, 13 s.
func scheduleDoc() *results.Document {
	doc := &results.Document{Schema: results.Schema, Env: results.Env{LogicalCPUs: 2}}
	for _, c := range []struct {
		schedule string
		chunk    int
		times    []float64
	}{
		{"block", 0, []float64{37, 27, 16}},
		{"interleave", 0, []float64{37, 21, 13}},
		{"dynamic", 1, []float64{37, 21, 13}},
	} {
		s := results.Series{Workload: "w", Mode: results.ModeStrong, Executor: "goroutines", Schedule: c.schedule,
			Chunk: c.chunk, Params: map[string]string{},
			TaskTimes: &results.TaskTimes{Tasks: 8, SumS: 36, MinS: 1, MaxS: 8, BeginS: 1,
				DurationsS: []float64{1, 2, 3, 4, 5, 6, 7, 8}}}
		for i, w := range []int{1, 2, 4} {
			s.Points = append(s.Points, results.Point{Workers: w, Size: 8, Tasks: 8, Verified: true,
				SamplesS: []float64{c.times[i], c.times[i], c.times[i]}})
		}
		doc.Series = append(doc.Series, s)
	}
	return doc
}

// check writes doc and runs predictcheck on it.
func check(t *testing.T, doc *results.Document) (string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "w.json")
	if err := results.WriteFile(path, doc); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err := run([]string{path}, &out, &errb)
	return out.String(), err
}

func TestPredictCheckPasses(t *testing.T) {
	out, err := check(t, scheduleDoc())
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{
		"| 4 | 16000.0 ms | 16000.0 ms | +0.0% | 13000.0 ms | 13000.0 ms | +0.0% | 13000.0 ms | 13000.0 ms | +0.0% |",
		"| median abs. error | | | 0.0% | | | 0.0% | | | 0.0% |",
		"every check passed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
}

func TestPredictCheckFails(t *testing.T) {
	doc := scheduleDoc()
	// Block measured 20% slower than predicted at two and four workers:
	// its median absolute error is 20%, and the fastest schedule is
	// still predicted right.
	for i, m := range []float64{27 / 0.8, 16 / 0.8} {
		doc.Series[0].Points[i+1].SamplesS = []float64{m, m, m}
	}
	out, err := check(t, doc)
	if err == nil || !strings.Contains(out, "block") || !strings.Contains(out, "median absolute error 20.0% above 10%") ||
		strings.Count(out, "\n- ") != 1 {
		t.Errorf("err %v, want one failed check, block's median error:\n%s", err, out)
	}
}

func TestPredictCheckPointTable(t *testing.T) {
	doc := scheduleDoc()
	doc.Series = doc.Series[:1]
	out, err := check(t, doc)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := "| 37000.0 ms | 37000.0 ms | +0.0% | 27000.0 ms | 27000.0 ms | +0.0% | 1.370 | 2.000 | 4.11 |"
	if !strings.Contains(out, want) {
		t.Errorf("the output lacks %q:\n%s", want, out)
	}
}

func TestPredictCheckFastest(t *testing.T) {
	doc := scheduleDoc()
	// At four workers interleave and dynamic measured 17 s, behind
	// block's 16 s: the prediction (13 s, a tie of the two) names the
	// wrong fastest, from each series' task times.
	for _, i := range []int{1, 2} {
		doc.Series[i].Points[2].SamplesS = []float64{17, 17, 17}
	}
	out, err := check(t, doc)
	if err == nil || strings.Count(out, "w at P=4: interleave predicted fastest from") != 3 ||
		strings.Count(out, "\n- ") != 3 {
		t.Errorf("err %v, want three failed checks of the fastest at P=4:\n%s", err, out)
	}
	// At 16.1 s they tie with block within 1%: no check fails.
	for _, i := range []int{1, 2} {
		doc.Series[i].Points[2].SamplesS = []float64{16.1, 16.1, 16.1}
	}
	if out, err := check(t, doc); err != nil {
		t.Errorf("measured ties: %v\n%s", err, out)
	}
}
