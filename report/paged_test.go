package report

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/testdocs"
	"github.com/scalebench/scalebench/results"
)

// manySeriesDoc is a document of n strong-scaling series, each its own
// workload, in groups of perGroup series of one workload.
func manySeriesDoc(n, perGroup int) *results.Document {
	d := &results.Document{Schema: results.Schema,
		Env: results.Env{LogicalCPUs: 4, Hostname: "bench-host", Command: "scalebench run",
			Started: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}}
	for i := range n {
		f := 0.02 + 0.3*float64(i%17)/17
		d.Series = append(d.Series, testdocs.StrongSeries(fmt.Sprintf("w%04d", i/perGroup), "block", f, 0,
			map[string]string{"variant": fmt.Sprint(i % perGroup)}, i))
	}
	return d
}

// countWriter counts the bytes written to it.
type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// maxIndexBytes is the size that index.html of a 2,000-series report
// must stay under (it was 131 MB).
const maxIndexBytes = 10 << 20

// TestManySeriesIndexStaysSmall: the index.html of a report of 2,000
// series, one workload each or all of one workload, stays under 10 MB.
func TestManySeriesIndexStaysSmall(t *testing.T) {
	for _, perGroup := range []int{1, 2000} {
		t.Run(fmt.Sprintf("groups of %d", perGroup), func(t *testing.T) {
			r, err := newReport([]analysis.Source{{Name: "many.json", Doc: manySeriesDoc(2000, perGroup)}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var n countWriter
			if err := r.WriteHTML(&n); err != nil {
				t.Fatal(err)
			}
			if n >= maxIndexBytes {
				t.Errorf("index.html of 2,000 series is %d bytes, want under %d", n, maxIndexBytes)
			}
			t.Logf("index.html: %d bytes", n)
			for g := range r.Groups[:1] {
				var n countWriter
				if err := r.WriteGroupHTML(&n, g); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: %d bytes", r.Groups[g].Page, n)
			}
		})
	}
}

// TestPagedReportLinks: a report of more than MaxPageSeries series links
// every verdict to the section of its series on its group's page, shows
// its plots as images of the figures' files, and one of MaxPageSeries
// series is still one page with its plots inline.
func TestPagedReportLinks(t *testing.T) {
	one, err := newReport([]analysis.Source{{Name: "few.json", Doc: manySeriesDoc(MaxPageSeries, 1)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if one.Paged() || one.Groups[0].Page != "" {
		t.Errorf("a report of %d series is paged", MaxPageSeries)
	}
	if err := one.WriteGroupHTML(&bytes.Buffer{}, 0); err == nil {
		t.Error("a report of one page wrote a group page")
	}
	r, err := newReport([]analysis.Source{{Name: "many.json", Doc: manySeriesDoc(MaxPageSeries+10, 3)}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Paged() {
		t.Fatalf("a report of %d series is not paged", len(r.Series))
	}
	var index bytes.Buffer
	if err := r.WriteHTML(&index); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{"index.html": index.String()}
	for g := range r.Groups {
		var b bytes.Buffer
		if err := r.WriteGroupHTML(&b, g); err != nil {
			t.Fatal(err)
		}
		pages[r.Groups[g].Page] = b.String()
	}
	files := map[string]bool{}
	for _, f := range r.Figures {
		files[f.Name+".svg"] = true
	}
	for name, text := range pages {
		if strings.Contains(text, "<svg") {
			t.Errorf("%s has a plot inline", name)
		}
		for _, m := range regexp.MustCompile(`<img class="plot" src="([^"]+)"`).FindAllStringSubmatch(text, -1) {
			if !files[m[1]] {
				t.Errorf("%s shows %s, not a figure of the report", name, m[1])
			}
		}
	}
	for i := range r.Series {
		g := slices.IndexFunc(r.Groups, func(g Group) bool { return slices.Contains(g.Series, i) })
		href := fmt.Sprintf(`<a href="%s#series-%d">`, r.Groups[g].Page, i+1)
		if !strings.Contains(index.String(), href) {
			t.Errorf("index.html has no link %s", href)
		}
		if !strings.Contains(pages[r.Groups[g].Page], fmt.Sprintf(`<h3 id="series-%d">`, i+1)) {
			t.Errorf("%s has no section series-%d", r.Groups[g].Page, i+1)
		}
	}
}
