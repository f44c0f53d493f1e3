package report

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestGitHubBenchmarks(t *testing.T) {
	doc := amdahlDoc(rand.New(rand.NewPCG(1, 1)), 0.1, 1, 0.03, 5)
	doc.Series[0].Points[3].Oversubscribed = true
	got := GitHubBenchmarks(doc, SummaryOptions{})
	sums := Summarize(doc, SummaryOptions{})
	pts := sums[0].Analysis.Points
	const title = "synthetic · goroutines · block · serial-fraction=0.1"
	if len(got) != 5 {
		t.Fatalf("%d entries, want 4 points and Amdahl f: %+v", len(got), got)
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
	f := got[4]
	if f.Name != title+" · Amdahl f" || f.Unit != "serial fraction" || f.Value != sums[0].Analysis.Amdahl.F || !strings.HasPrefix(f.Range, "95% CI ") {
		t.Errorf("f entry %+v", f)
	}
	// The JSON is an array of objects with exactly the action's fields.
	var b bytes.Buffer
	if err := WriteGitHubBenchmark(&b, doc, SummaryOptions{}); err != nil {
		t.Fatal(err)
	}
	var raw []map[string]any
	if err := json.Unmarshal(b.Bytes(), &raw); err != nil || len(raw) != 5 {
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
	// Weak scaling gives Gustafson's α in place of f.
	doc.Series[0].Mode = "weak"
	got = GitHubBenchmarks(doc, SummaryOptions{})
	if last := got[len(got)-1]; last.Name != "synthetic · weak · goroutines · block · serial-fraction=0.1 · Gustafson α" || last.Unit != "serial fraction" {
		t.Errorf("weak: last entry %+v", last)
	}
}
