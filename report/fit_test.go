package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/testdocs"
	"github.com/scalebench/scalebench/results"
)

func TestGoldenFit(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  *results.Document
		opt  analysis.Options
	}{
		{"strong", testdocs.Strong(), analysis.Options{}},
		{"weak", testdocs.Weak(), analysis.Options{}},
		{"imported", testdocs.Imported(), analysis.Options{}},
		{"imported-cpus", testdocs.Imported(), analysis.Options{CPUs: 8}},
		{"predicted", predictedDoc(), analysis.Options{PredictTo: 8}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fits := fitOf(tc.name+".json", tc.doc, tc.opt)
			golden(t, "fit-"+tc.name+".txt", render(t, func(b *bytes.Buffer) error { return WriteFitTable(b, fits) }))
			golden(t, "fit-"+tc.name+".json", render(t, func(b *bytes.Buffer) error { return WriteFitJSON(b, fits) }))
		})
	}
}

// TestFitJSONShape checks the contract of fit --json: per series its
// identity, points, the three models (null where they do not apply),
// karp_flatt, best_model and warnings (never null).
func TestFitJSONShape(t *testing.T) {
	docs := []*results.Document{testdocs.Strong(), testdocs.Weak(), testdocs.Imported()}
	var fits []analysis.Series
	for _, d := range docs {
		fits = append(fits, fitOf("x", d, analysis.Options{})...)
	}
	b := render(t, func(b *bytes.Buffer) error { return WriteFitJSON(b, fits) })
	var got []map[string]json.RawMessage
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 {
		t.Fatalf("%d series, want 6", len(got))
	}
	for i, s := range got {
		for _, k := range []string{"source", "workload", "mode", "executor", "schedule", "params", "points",
			"amdahl", "gustafson", "usl", "karp_flatt", "best_model", "warnings"} {
			if _, ok := s[k]; !ok {
				t.Errorf("series %d: no %q", i, k)
			}
		}
		if string(s["warnings"]) == "null" || string(s["params"]) == "null" || string(s["points"]) == "null" {
			t.Errorf(
				"series %d: warnings %s, params %s, points %s: want lists and objects, not null",
				i,
				s["warnings"],
				s["params"],
				s["points"],
			)
		}
	}
	// Strong: Amdahl, no Gustafson. Weak: Gustafson, no Amdahl.
	if string(got[0]["amdahl"]) == "null" || string(got[0]["gustafson"]) != "null" {
		t.Errorf("strong: amdahl %s, gustafson %s", got[0]["amdahl"], got[0]["gustafson"])
	}
	if string(got[3]["amdahl"]) != "null" || string(got[3]["gustafson"]) == "null" {
		t.Errorf("weak: amdahl %s, gustafson %s", got[3]["amdahl"], got[3]["gustafson"])
	}
	// The failed point is a warning; the series without a usable point has
	// nothing fitted and says why.
	if w := string(got[4]["warnings"]); !strings.Contains(
		w,
		"P=8 failed and is left out: the command exited non-zero",
	) {
		t.Errorf("imported warnings %s: want the failed point", w)
	}
	if string(got[5]["usl"]) != "null" || string(got[5]["points"]) != "[]" ||
		!strings.Contains(string(got[5]["warnings"]), "no point has valid samples") {
		t.Errorf("zeros: usl %s, points %s, warnings %s", got[5]["usl"], got[5]["points"], got[5]["warnings"])
	}
	if err := WriteFitJSON(&bytes.Buffer{}, nil); err != nil {
		t.Fatal(err)
	}
	if b := render(t, func(b *bytes.Buffer) error { return WriteFitJSON(b, nil) }); string(b) != "[]\n" {
		t.Errorf("no fits: %q, want []", b)
	}
}

func TestGoldenGoBench(t *testing.T) {
	d := testdocs.Strong()
	d.Series = append(d.Series, testdocs.Weak().Series...)
	d.Series[2].Executor = "processes"
	d.Series[0].Points[1].Failed = true
	d.Series = append(d.Series, testdocs.Imported().Series[0])
	opt := GoBenchOptions{Pkg: "example.com/w", DefaultSchedule: map[string]string{"pi": "block"}}
	golden(t, "gobench.txt", render(t, func(b *bytes.Buffer) error { return WriteGoBench(b, d, opt) }))
}

func TestNSString(t *testing.T) {
	for _, tc := range []struct {
		ns   float64
		want string
	}{{71234567.4, "71234567"}, {100, "100"}, {99.99, "99.99"}, {12.345, "12.35"}, {1.5, "1.500"}, {0.25, "0.2500"}} {
		if got := nsString(tc.ns); got != tc.want {
			t.Errorf("nsString(%v) = %q, want %q", tc.ns, got, tc.want)
		}
	}
}

// fitOf analyses doc, read from source, as fit does.
func fitOf(source string, doc *results.Document, opt analysis.Options) []analysis.Series {
	sums := analysis.Analyze(doc, opt)
	for i := range sums {
		sums[i].Source = source
	}
	return sums
}

// twoPointReport is the report of a series measured on 1 to 16 workers
// on 2 CPUs: fitted on 1 and 2 only.
func twoPointReport() *Report {
	d := testdocs.Curve(
		func(p float64) float64 { return map[float64]float64{1: 1, 2: 1.8, 4: 1.9, 8: 1.8, 16: 1.7}[p] },
		1,
	)
	d.Env.LogicalCPUs = 2
	for i := range d.Series[0].Points {
		d.Series[0].Points[i].Oversubscribed = d.Series[0].Points[i].Workers > 2
	}
	r := New(&analysis.Set{Series: fitOf("two.json", d, analysis.Options{})}, Options{})
	return r
}

// TestFitsTwoPoints: a series measured on 1 and 2 workers (and 4, past
// 2 CPUs) has an Amdahl fit through 2 points, which meets them exactly:
// the table shows no R² for it and both counts, the words say why, and
// the columns of the models that apply to no series are left out.
func TestFitsTwoPoints(t *testing.T) {
	r := twoPointReport()
	var b bytes.Buffer
	if err := r.WriteFits(&b, "markdown"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	cells := func(line string) string {
		var out []string
		for _, c := range strings.Split(line, "|") {
			out = append(out, strings.TrimSpace(c))
		}
		return strings.Join(out, "|")
	}
	if cells(lines[0]) != "|series|points (fitted)|Amdahl f (95% CI)|ceiling 1/f|R²|best model|" ||
		cells(lines[2]) != "|w · goroutines · block|5 (2)|0.1078 (0.0892–0.1302)|9.28|—|amdahl|" {
		t.Errorf("fits table:\n%s", b.String())
	}
	words := strings.Join(FitLines(r.Series[0].Analysis), "\n")
	if !strings.Contains(words, "exact through its points, so no R², ceiling 1/f = ") ||
		!strings.Contains(words, "fitted on 2 of the 5 points") {
		t.Errorf("fit lines:\n%s", words)
	}
}

// TestCaptionsDrawn: the captions of a series fitted on two points,
// where the USL needs three, name the Amdahl fit and no USL curve.
func TestCaptionsDrawn(t *testing.T) {
	r := twoPointReport()
	want := map[PlotKind]string{
		PlotSpeedup:    "Median speedup with its 95% bootstrap interval, the Amdahl fit with its 95% band and the ideal S = P.",
		PlotThroughput: "Work done per second.",
	}
	n := 0
	for _, f := range r.Figures {
		if w, ok := want[f.Kind]; ok {
			n++
			if !strings.HasSuffix(f.Caption, w) {
				t.Errorf("%s: caption %q, want it to end %q", f.Name, f.Caption, w)
			}
		}
	}
	if n != len(want) {
		t.Errorf("%d of the %d figures checked", n, len(want))
	}
}
