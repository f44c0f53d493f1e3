package report

import (
	"strings"
	"testing"

	"github.com/scalebench/scalebench/internal/testdocs"
)

// TestReportOpensWithDisturbance: a report of passes others disturbed
// opens with what they did, and calls no series one without speedup.
func TestReportOpensWithDisturbance(t *testing.T) {
	flat := func(float64) float64 { return 1 }
	r := newTestReport(t, testdocs.Disturbed(flat, map[int]int{2: 2, 4: 3}, false))
	var md strings.Builder
	if err := r.WriteMarkdown(&md, ""); err != nil {
		t.Fatal(err)
	}
	if i, j := strings.Index(md.String(), "Measured beside other work"), strings.Index(md.String(), "## Verdict"); i < 0 ||
		i > j {
		t.Errorf("report.md does not open with the disturbance:\n%s", md.String()[:min(600, md.Len())])
	}
	var page strings.Builder
	if err := r.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	if i, j := strings.Index(page.String(), `id="disturbed"`), strings.Index(page.String(), `id="verdict"`); i < 0 ||
		i > j {
		t.Error("index.html does not open with the disturbance")
	}
	if strings.Contains(md.String(), "no speedup") {
		t.Error("a disturbed series is said to have no speedup")
	}
}
