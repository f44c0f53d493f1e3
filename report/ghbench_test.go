package report

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/testdocs"
)

func TestGitHubBenchmarks(t *testing.T) {
	doc := testdocs.Amdahl(rand.New(rand.NewPCG(1, 1)), 0.1, 1, 0.03, 5)
	doc.Series[0].Points[3].Oversubscribed = true
	got := GitHubBenchmarks(analysis.Analyze(doc, analysis.Options{}))
	sums := analysis.Analyze(doc, analysis.Options{})
	pts := sums[0].Analysis.Points
	const title = "synthetic · goroutines · block · serial-fraction=0.1"
	if len(got) != 6 {
		t.Fatalf("%d entries, want 4 times and 2 of 1/speedup: %+v", len(got), got)
	}
	for i, p := range pts {
		e := got[i]
		if e.Name != title+" · workers="+[]string{"1", "2", "4", "8"}[i] || e.Unit != "s" || e.Value != p.Median ||
			!strings.HasPrefix(e.Range, "± ") || !strings.HasPrefix(e.Extra, "5 samples\nspeedup ") {
			t.Errorf("entry %d: %+v", i, e)
		}
	}
	if !strings.Contains(got[3].Extra, "oversubscribed") {
		t.Errorf("P=8 extra %q does not say oversubscribed", got[3].Extra)
	}
	// The JSON is an array of objects with exactly the action's fields.
	var b bytes.Buffer
	if err := WriteGitHubBenchmark(&b, analysis.Analyze(doc, analysis.Options{})); err != nil {
		t.Fatal(err)
	}
	var raw []map[string]any
	if err := json.Unmarshal(b.Bytes(), &raw); err != nil || len(raw) != 6 {
		t.Fatalf("%v: %s", err, b.String())
	}
	for _, m := range raw {
		for k := range m {
			if k != "name" && k != "unit" && k != "value" && k != "range" && k != "extra" {
				t.Errorf("field %q is not github-action-benchmark's", k)
			}
		}
		if _, ok := m["value"].(float64); !ok {
			t.Errorf("value %v is not a number", m["value"])
		}
	}
	// Weak scaling gives 1/speedup of the scaled speedup, and no α.
	doc.Series[0].Mode = "weak"
	got = GitHubBenchmarks(analysis.Analyze(doc, analysis.Options{}))
	const weak = "synthetic · weak · goroutines · block · serial-fraction=0.1"
	if last := got[len(got)-1]; last.Name != weak+" · workers=4 · 1/speedup" || last.Unit != "1/speedup" {
		t.Errorf("weak: last entry %+v", last)
	}
}

// TestGitHubBenchmarksSuitRatioTests: github-action-benchmark compares
// every entry with the previous run's by their ratio, so the export holds
// only values a ratio suits, all smaller-is-better and far from 0: the
// times, and T(P)/T(1) (1/speedup) at 2 ≤ P ≤ CPUs. A fitted serial
// fraction is not one (0.124 → 0.981 on unchanged code is 7.9× worse, and
// a base of 0 gives "Infinityx"), nor is a point past the CPUs a shape.
func TestGitHubBenchmarksSuitRatioTests(t *testing.T) {
	for _, f := range []float64{0, 0.1} {
		doc := testdocs.Amdahl(rand.New(rand.NewPCG(1, 2)), f, 1, 0.01, 5)
		doc.Env.LogicalCPUs = 4
		doc.Series[0].Points[3].Oversubscribed = true // P = 8
		got := GitHubBenchmarks(analysis.Analyze(doc, analysis.Options{}))
		pts := analysis.Analyze(doc, analysis.Options{})[0].Analysis.Points
		var names []string
		for _, e := range got {
			names = append(names, e.Name)
			if !(e.Value > 0) || strings.Contains(e.Unit, "fraction") {
				t.Errorf("f = %v: entry %q = %v %s does not suit a ratio test", f, e.Name, e.Value, e.Unit)
			}
		}
		const title = "synthetic · goroutines · block · serial-fraction=0.1"
		want := []string{title + " · workers=1", title + " · workers=2", title + " · workers=4", title + " · workers=8",
			title + " · workers=2 · 1/speedup", title + " · workers=4 · 1/speedup"}
		if !slices.Equal(names, want) {
			t.Fatalf("f = %v: entries\n%q\nwant\n%q", f, names, want)
		}
		for i, p := range pts[1:3] {
			e := got[4+i]
			if e.Unit != "1/speedup" || math.Abs(e.Value*p.Speedup-1) > 1e-12 || !strings.Contains(e.Extra, "efficiency") {
				t.Errorf("f = %v: %+v, want 1/%v with the efficiency", f, e, p.Speedup)
			}
		}
	}
}
