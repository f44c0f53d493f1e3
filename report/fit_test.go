package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/results"
)

// importedDoc is what the importers produce: no CPU count, a throughput
// series with a failed point, and a series with no usable point.
func importedDoc() *results.Document {
	tp := results.Series{Workload: "db", Mode: "strong", Metric: "throughput", Params: map[string]string{}}
	// X(N) = 1000·N / (1 + 0.05(N−1) + 0.002·N(N−1)), with fixed scatter.
	for j, n := range []int{1, 2, 4, 8, 16, 32, 64} {
		x := 1000 * float64(n) / (1 + 0.05*float64(n-1) + 0.002*float64(n*(n-1)))
		p := results.Point{Workers: n}
		for i := range 3 {
			p.Throughput = append(p.Throughput, x*(1+noise[(j+i)%len(noise)]))
		}
		tp.Points = append(tp.Points, p)
	}
	tp.Points[3].Failed, tp.Points[3].Error = true, "the command exited non-zero in 1 of 3 runs"
	empty := results.Series{Workload: "zeros", Mode: "strong", Metric: "seconds",
		Points: []results.Point{{Workers: 1, SamplesS: []float64{0}}, {Workers: 2, SamplesS: []float64{0}}}}
	return &results.Document{Schema: results.Schema, Series: []results.Series{tp, empty}}
}

func TestGoldenFit(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  *results.Document
		opt  SummaryOptions
	}{
		{"strong", testDoc(), SummaryOptions{}},
		{"weak", weakDoc(), SummaryOptions{}},
		{"imported", importedDoc(), SummaryOptions{}},
		{"imported-cpus", importedDoc(), SummaryOptions{CPUs: 8}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fits := Fit(tc.name+".json", tc.doc, tc.opt)
			golden(t, "fit-"+tc.name+".txt", render(t, func(b *bytes.Buffer) error { return WriteFitTable(b, fits) }))
			golden(t, "fit-"+tc.name+".json", render(t, func(b *bytes.Buffer) error { return WriteFitJSON(b, fits) }))
		})
	}
}

// TestFitJSONShape checks the contract of fit --json: per series its
// identity, points, the three models (null where they do not apply),
// karp_flatt, best_model and warnings (never null).
func TestFitJSONShape(t *testing.T) {
	docs := []*results.Document{testDoc(), weakDoc(), importedDoc()}
	var fits []Series
	for _, d := range docs {
		fits = append(fits, Fit("x", d, SummaryOptions{})...)
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
			t.Errorf("series %d: warnings %s, params %s, points %s: want lists and objects, not null", i, s["warnings"], s["params"], s["points"])
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
	if w := string(got[4]["warnings"]); !strings.Contains(w, "P=8 failed and is left out: the command exited non-zero") {
		t.Errorf("imported warnings %s: want the failed point", w)
	}
	if string(got[5]["usl"]) != "null" || string(got[5]["points"]) != "[]" || !strings.Contains(string(got[5]["warnings"]), "no point has valid samples") {
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
	d := testDoc()
	d.Series = append(d.Series, weakDoc().Series...)
	d.Series[2].Executor = "processes"
	d.Series[0].Points[1].Failed = true
	d.Series = append(d.Series, importedDoc().Series[0])
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
