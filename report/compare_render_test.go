package report

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/testdocs"
	"github.com/scalebench/scalebench/results"
)

func compareDocs(t testing.TB, b, n *results.Document) *analysis.Comparison {
	t.Helper()
	c, err := analysis.Compare(analysis.Source{Name: "base.json", Doc: b}, analysis.Source{Name: "new.json", Doc: n},
		analysis.DefaultCompareOptions)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCompareRender(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 10))
	c := compareDocs(t, testdocs.Amdahl(rng, 0.1, 1, 0.03, 5), testdocs.Amdahl(rng, 0.3, 1, 0.03, 5))
	render := func(format string) string {
		var b bytes.Buffer
		if err := WriteComparison(&b, c, format); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	md := render("markdown")
	for _, want := range []string{"### scalebench compare: 2 shape regressions, 3 time regressions\n", "| Amdahl f ", "**regression**",
		"#### synthetic · goroutines · block · serial-fraction=0.1\n", "Mann–Whitney U test, two-sided, α = 0.05"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	table := render("table")
	for _, want := range []string{"REGRESSION", "│ workers │", "verdict: 2 shape regressions, 3 time regressions\n", ": Amdahl f 0."} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	csv := render("csv")
	if lines := strings.Count(csv, "\n"); lines != 1+4+5 {
		t.Errorf("csv has %d lines, want a header, 4 points and 5 shape metrics:\n%s", lines, csv)
	}
	if err := WriteComparison(&bytes.Buffer{}, c, "xml"); err == nil {
		t.Error("format xml accepted")
	}
}

// TestCompareCleansText: names and machines from the input reach the
// output without control characters.
func TestCompareCleansText(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	b, n := testdocs.Amdahl(rng, 0.1, 1, 0.03, 5), testdocs.Amdahl(rng, 0.1, 1, 0.03, 5)
	for _, d := range []*results.Document{b, n} {
		d.Series[0].Workload = "pi\x1b[2J"
		d.Series[0].Params = map[string]string{"k\x07": "v\r"}
	}
	n.Series[0].Params = map[string]string{"k\x07": "w\r"}
	b.Env.CPUModel, n.Env.GoVersion = "CPU\x1b[31m", "go\x001"
	b.Env.Warnings = []string{"busy\x1b[0m"}
	opt := analysis.DefaultCompareOptions
	opt.Ignore = []string{"k\x07"}
	c, err := analysis.Compare(
		analysis.Source{Name: "a\x1b.json", Doc: b},
		analysis.Source{Name: "b.json", Doc: n},
		opt,
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range CompareFormats {
		var out bytes.Buffer
		if err := WriteComparison(&out, c, format); err != nil {
			t.Fatal(err)
		}
		if s := out.String(); strings.ContainsAny(s, "\x1b\x07\r\x00") {
			t.Errorf("%s output carries control characters:\n%q", format, s)
		}
	}
}
