package report

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scalebench/scalebench/results"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// noise are fixed relative deviations applied to the model times, so that
// the fits see realistic but reproducible scatter.
var noise = []float64{0.012, -0.008, 0.003, -0.015, 0.009, 0.000, -0.004, 0.011, -0.010, 0.006}

// amdahlTimes returns reps samples of T1·(f + (1−f)/P)·(1 + extra·(P−1)),
// perturbed by noise starting at offset k.
func amdahlTimes(t1, f, extra float64, p, reps, k int) []float64 {
	out := make([]float64, reps)
	for i := range out {
		t := t1 * (f + (1-f)/float64(p)) * (1 + extra*float64(p-1))
		out[i] = t * (1 + noise[(k+i)%len(noise)])
	}
	return out
}

// strongSeries is a strong-scaling series on a 4-CPU machine with points
// at 1, 2, 4 workers and 8, 16 oversubscribed.
func strongSeries(workload, schedule string, f, extra float64, params map[string]string, k int) results.Series {
	s := results.Series{Workload: workload, Mode: "strong", Executor: "goroutines", Schedule: schedule,
		Params: params, Unit: "points",
		Serial: &results.Serial{Size: 1_000_000, SamplesS: amdahlTimes(0.8, f, 0, 1, 5, k)}}
	for j, p := range []int{1, 2, 4, 8, 16} {
		s.Points = append(s.Points, results.Point{Workers: p, Size: 1_000_000, Oversubscribed: p > 4,
			SamplesS: amdahlTimes(0.82, f, extra, p, 5, k+j), Verified: true, PeakRSSBytes: 8 << 20})
	}
	return s
}

// testDoc has three strong-scaling series of one workload (three
// schedules) measured on one machine.
func testDoc() *results.Document {
	return &results.Document{
		Schema: results.Schema,
		Env: results.Env{CPUModel: "Test CPU @ 3.00GHz", LogicalCPUs: 4, GoVersion: "go1.26.8", OS: "linux",
			Arch: "amd64", Hostname: "bench-host", Commit: "0123abc",
			Started: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC),
			Command: "scalebench run pi --schedule block,interleave,dynamic"},
		Series: []results.Series{
			strongSeries("pi", "block", 0.05, 0, map[string]string{"points": "1000000"}, 0),
			strongSeries("pi", "interleave", 0.08, 0.01, map[string]string{"points": "1000000"}, 3),
			strongSeries("pi", "dynamic", 0.12, 0.03, map[string]string{"points": "1000000"}, 6),
		},
	}
}

// weakDoc has one weak-scaling series, Gustafson with α = 0.2.
func weakDoc() *results.Document {
	d := testDoc()
	d.Env.Command = "scalebench run synthetic --mode weak"
	s := results.Series{Workload: "synthetic", Mode: "weak", Executor: "goroutines", Schedule: "block",
		Params: map[string]string{"serial-fraction": "0.2"}, Unit: "units"}
	for j, p := range []int{1, 2, 3, 4} {
		// Scaled speedup P − α(P−1) = P·T(1)/T(P) with T(1) = 0.5 s.
		sp := float64(p) - 0.2*float64(p-1)
		t := 0.5 * float64(p) / sp
		samples := make([]float64, 5)
		for i := range samples {
			samples[i] = t * (1 + noise[(j+i)%len(noise)])
		}
		s.Points = append(s.Points, results.Point{Workers: p, Size: int64(100_000 * p), SamplesS: samples, Verified: true})
	}
	d.Series = []results.Series{s}
	return d
}

func newTestReport(t testing.TB, docs ...*results.Document) *Report {
	t.Helper()
	var srcs []Source
	for i, d := range docs {
		srcs = append(srcs, Source{Name: fmt.Sprintf("run%d.json", i+1), Doc: d})
	}
	r, err := New(srcs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// golden compares got with testdata/name, rewriting it with -update and
// writing testdata/name.got on a mismatch.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		if err := os.WriteFile(path+".got", got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s differs from the golden file; see %s.got (go test ./report -update accepts it)", path, path)
	}
}

func render(t *testing.T, fn func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := fn(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		docs []*results.Document
	}{
		{"strong", []*results.Document{testDoc()}},
		{"weak", []*results.Document{weakDoc()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newTestReport(t, tc.docs...)
			for i, f := range r.Figures {
				golden(t, tc.name+"-"+f.Name+".svg", render(t, func(b *bytes.Buffer) error { return r.WriteFigure(b, i) }))
			}
			golden(t, tc.name+"-report.md", render(t, func(b *bytes.Buffer) error { return r.WriteMarkdown(b, "") }))
			golden(t, tc.name+"-index.html", render(t, func(b *bytes.Buffer) error { return r.WriteHTML(b) }))
			golden(t, tc.name+"-slides.html", render(t, func(b *bytes.Buffer) error { return r.WriteSlides(b) }))
			for _, format := range []string{"table", "markdown", "csv"} {
				ext := map[string]string{"table": "txt", "markdown": "md", "csv": "csv"}[format]
				golden(t, tc.name+"-fits."+ext, render(t, func(b *bytes.Buffer) error { return r.WriteFits(b, format) }))
			}
		})
	}
}

func TestGoldenTheory(t *testing.T) {
	for name, ch := range map[string]func() *Chart{
		"theory-amdahl.svg":    func() *Chart { return AmdahlFamily(DefaultAmdahlFractions, DefaultTheoryWorkers) },
		"theory-gustafson.svg": func() *Chart { return GustafsonFamily(DefaultGustafsonFractions, DefaultTheoryWorkers) },
		"theory-both.svg":      func() *Chart { return BothLaws(0.1, DefaultTheoryWorkers) },
	} {
		t.Run(name, func(t *testing.T) {
			golden(t, name, render(t, func(b *bytes.Buffer) error { return ch().WriteSVG(b) }))
		})
	}
}

// TestDeterministic renders the same input twice from scratch: CI
// artifacts can be diffed only if the bytes are equal.
func TestDeterministic(t *testing.T) {
	out := func() []byte {
		r := newTestReport(t, testDoc(), weakDoc())
		var b bytes.Buffer
		if err := r.WriteHTML(&b); err != nil {
			t.Fatal(err)
		}
		if err := r.WriteSlides(&b); err != nil {
			t.Fatal(err)
		}
		for i := range r.Figures {
			if err := r.WriteFigure(&b, i); err != nil {
				t.Fatal(err)
			}
		}
		return b.Bytes()
	}
	a, b := out(), out()
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of the same documents differ")
	}
}

func TestLayout(t *testing.T) {
	r := newTestReport(t, testDoc(), weakDoc())
	var names []string
	for _, f := range r.Figures {
		names = append(names, f.Name)
	}
	want := "pi-speedup pi-efficiency pi-time pi-karp-flatt pi-throughput " +
		"synthetic-weak-scaling-scaled-speedup synthetic-weak-scaling-weak-efficiency synthetic-weak-scaling-time synthetic-weak-scaling-throughput"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("figures:\n got %s\nwant %s", got, want)
	}
	if got := strings.Join(r.Groups[0].Labels, ", "); got != "block, interleave, dynamic" {
		t.Errorf("labels of the pi group: %s", got)
	}
	if r.Groups[0].CPUs != 4 {
		t.Errorf("CPUs of the pi group = %d, want 4", r.Groups[0].CPUs)
	}
}

func TestNoPoints(t *testing.T) {
	d := testDoc()
	for i := range d.Series {
		d.Series[i].Points = nil
	}
	_, err := New([]Source{{Name: "empty.json", Doc: d}}, Options{})
	if err == nil || err.Error() != "empty.json: no points to report" {
		t.Fatalf("err = %v, want empty.json: no points to report", err)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"pi-speedup":                  "pi-speedup",
		"<script>alert(1)</script>":   "script-alert-1-script",
		"../../etc/passwd":            "etc-passwd",
		"Matrix Multiply (weak)-time": "matrix-multiply-weak-time",
		"":                            "plot",
		"ωµ":                          "plot",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{
		{0, 8, "0 1 2 3 4 5 6 7 8"},
		{0, 16, "0 2 4 6 8 10 12 14 16"},
		{0, 200, "0 20 40 60 80 100 120 140 160 180 200"},
		{0, 1e6, "0 100000 200000 300000 400000 500000 600000 700000 800000 900000 1000000"},
		{1, 1<<63 - 1, "1000000000000000000 2000000000000000000 3000000000000000000 4000000000000000000 " +
			"5000000000000000000 6000000000000000000 7000000000000000000 8000000000000000000 9000000000000000000"},
		{0, math.Inf(1), ""},
	} {
		var got []string
		for _, tk := range (workerTicks{}).Ticks(tc.lo, tc.hi) {
			got = append(got, tk.Label)
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("workerTicks(%v, %v) = %s, want %s", tc.lo, tc.hi, s, tc.want)
		}
	}
	var got []string
	for _, tk := range (linearTicks{}).Ticks(0, 1.1) {
		got = append(got, tk.Label)
	}
	if s := strings.Join(got, " "); s != "0 0.2 0.4 0.6 0.8 1" {
		t.Errorf("linearTicks(0, 1.1) = %s", s)
	}
}

// TestIndexOrder checks that the page answers first: the verdict right
// after the title, then the overview, the groups, the fits, and the
// machine last, in one table with a column per file.
func TestIndexOrder(t *testing.T) {
	d2 := testDoc()
	d2.Env.Command = "scalebench run pi --schedule block"
	r := newTestReport(t, testDoc(), d2, weakDoc())
	page := string(render(t, func(b *bytes.Buffer) error { return r.WriteHTML(b) }))
	if !strings.Contains(page, "<h1>Scaling of pi, synthetic</h1>\n<section id=\"verdict\">") {
		t.Error("the verdict does not follow the title")
	}
	last := -1
	for _, id := range []string{"verdict", "overview", "group-1", "group-2", "fits", "machine"} {
		i := strings.Index(page, `<section id="`+id+`">`)
		if i < last {
			t.Errorf("section %s is missing or out of order", id)
		}
		last = i
	}
	for _, want := range []string{
		`<thead><tr><th></th><th>run1.json</th><th>run2.json</th><th>run3.json</th></tr></thead>`,
		`<tr><th>command</th><td>scalebench run pi --schedule block,interleave,dynamic</td><td>scalebench run pi --schedule block</td><td>scalebench run synthetic --mode weak</td></tr>`,
		`<tr><th>host</th><td colspan="3">bench-host</td></tr>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the machine table lacks %s", want)
		}
	}
}
