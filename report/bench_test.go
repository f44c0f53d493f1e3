package report

import (
	"io"
	"testing"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/testdocs"
)

// BenchmarkReport renders the whole report of a three-series document:
// the analysis, every SVG, report.md, index.html and slides.html.
func BenchmarkReport(b *testing.B) {
	doc := testdocs.Strong()
	b.ReportAllocs()
	for b.Loop() {
		r, err := newReport([]analysis.Source{{Name: "run.json", Doc: doc}}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		for i := range r.Figures {
			if _, err := r.SVG(i); err != nil {
				b.Fatal(err)
			}
		}
		if err := r.WriteMarkdown(io.Discard, ""); err != nil {
			b.Fatal(err)
		}
		if err := r.WriteHTML(io.Discard); err != nil {
			b.Fatal(err)
		}
		if err := r.WriteSlides(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
