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

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/testdocs"
	"github.com/scalebench/scalebench/report/chart"
	"github.com/scalebench/scalebench/results"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// newReport analyses srcs as the report command does, without a
// baseline, and lays out their report.
func newReport(srcs []analysis.Source, opt Options) (*Report, error) {
	set, err := analysis.AnalyzeSet(srcs, analysis.Options{}, nil, analysis.DefaultCompareOptions)
	if err != nil {
		return nil, err
	}
	return New(set, opt), nil
}

func newTestReport(t testing.TB, docs ...*results.Document) *Report {
	t.Helper()
	var srcs []analysis.Source
	for i, d := range docs {
		srcs = append(srcs, analysis.Source{Name: fmt.Sprintf("run%d.json", i+1), Doc: d})
	}
	r, err := newReport(srcs, Options{})
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
		{"strong", []*results.Document{testdocs.Strong()}},
		{"weak", []*results.Document{testdocs.Weak()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newTestReport(t, tc.docs...)
			for i, f := range r.Figures {
				golden(
					t,
					tc.name+"-"+f.Name+".svg",
					render(t, func(b *bytes.Buffer) error { return r.WriteFigure(b, i) }),
				)
			}
			golden(t, tc.name+"-report.md", render(t, func(b *bytes.Buffer) error { return r.WriteMarkdown(b, "") }))
			golden(t, tc.name+"-index.html", render(t, func(b *bytes.Buffer) error { return r.WriteHTML(b) }))
			golden(t, tc.name+"-slides.html", render(t, func(b *bytes.Buffer) error { return r.WriteSlides(b) }))
			for _, format := range []string{"table", "markdown", "csv"} {
				ext := map[string]string{"table": "txt", "markdown": "md", "csv": "csv"}[format]
				golden(
					t,
					tc.name+"-fits."+ext,
					render(t, func(b *bytes.Buffer) error { return r.WriteFits(b, format) }),
				)
			}
		})
	}
}

func TestGoldenTheory(t *testing.T) {
	for name, ch := range map[string]func() *chart.Chart{
		"theory-amdahl.svg":    func() *chart.Chart { return AmdahlFamily(DefaultAmdahlFractions, DefaultTheoryWorkers) },
		"theory-gustafson.svg": func() *chart.Chart { return GustafsonFamily(DefaultGustafsonFractions, DefaultTheoryWorkers) },
		"theory-both.svg":      func() *chart.Chart { return BothLaws(0.1, DefaultTheoryWorkers) },
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
		r := newTestReport(t, testdocs.Strong(), testdocs.Weak())
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
	r := newTestReport(t, testdocs.Strong(), testdocs.Weak())
	var names []string
	for _, f := range r.Figures {
		names = append(names, f.Name)
	}
	want := "pi-speedup pi-efficiency pi-time pi-karp-flatt pi-throughput " +
		"synthetic-weak-scaling-scaled-speedup synthetic-weak-scaling-weak-efficiency synthetic-weak-scaling-time " +
		"synthetic-weak-scaling-throughput"
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
	d := testdocs.Strong()
	for i := range d.Series {
		d.Series[i].Points = nil
	}
	_, err := newReport([]analysis.Source{{Name: "empty.json", Doc: d}}, Options{})
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
		for _, tk := range (chart.WorkerTicks{}).Ticks(tc.lo, tc.hi) {
			got = append(got, tk.Label)
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("workerTicks(%v, %v) = %s, want %s", tc.lo, tc.hi, s, tc.want)
		}
	}
	var got []string
	for _, tk := range (chart.LinearTicks{}).Ticks(0, 1.1) {
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
	d2 := testdocs.Strong()
	d2.Env.Command = "scalebench run pi --schedule block"
	r := newTestReport(t, testdocs.Strong(), d2, testdocs.Weak())
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
