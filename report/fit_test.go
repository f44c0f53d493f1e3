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
