package report

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/svgtest"
	"github.com/scalebench/scalebench/internal/testdocs"
	"github.com/scalebench/scalebench/report/chart"
	"github.com/scalebench/scalebench/results"
)

// refStyle is the one style of the references in an SVG.
const refStyle = "fill:none;stroke:#666666;stroke-width:1.5;stroke-dasharray:6,3"

// baselineReport is the report of the recorded bench run with the same
// run as its baseline, as report --baseline draws it.
func baselineReport(t *testing.T) *Report {
	t.Helper()
	var srcs []analysis.Source
	for _, name := range benchFiles {
		d, err := results.ReadFile(filepath.Join("testdata", "bench", name))
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, analysis.Source{Name: name, Doc: d})
	}
	base := srcs[0]
	base.Name = "base.json"
	set, err := analysis.AnalyzeSet(srcs, analysis.Options{}, &base, analysis.DefaultCompareOptions)
	if err != nil {
		t.Fatal(err)
	}
	return New(set, Options{Theory: true})
}

// svgOf draws a chart and reads it back.
func svgOf(t *testing.T, ch *chart.Chart) *svgtest.Drawing {
	t.Helper()
	var b bytes.Buffer
	if err := ch.WriteSVG(&b); err != nil {
		t.Fatal(err)
	}
	d, err := svgtest.Parse(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestReferencesAndFits draws every chart of the test reports, of the
// recorded run with a baseline, of a series measured past its CPUs and
// of the theory, and checks in the SVG that every reference curve has
// the one neutral style, and that no fitted curve or band reaches past
// the points it was fitted on.
func TestReferencesAndFits(t *testing.T) {
	charts := testCharts(t)
	for _, r := range []*Report{baselineReport(t), newTestReport(t, testdocs.Curve(func(p float64) float64 { return min(p, 4) }, 1))} {
		for i := range r.Figures {
			charts[r.Title+"/"+r.Figures[i].Name] = r.Figures[i].Chart()
		}
	}
	for name, ch := range charts {
		d := svgOf(t, ch)
		for _, p := range append(d.References(refStyle), d.Fits()...) {
			t.Errorf("%s: %s", name, p)
		}
	}
}

// TestExtrapolationIsMarked draws a fit past its points: the extension
// is faint and its legend says extrapolated; without the legend the
// test of fits finds it.
func TestExtrapolationIsMarked(t *testing.T) {
	for _, legend := range []string{"Amdahl fit", ""} {
		ch := chart.LineChart(
			"t",
			"y",
			2,
			[]chart.Curve{{Label: "m", X: []float64{1, 2, 4}, Y: []float64{1, 1.8, 1.9}}},
		)
		s := chart.NewWorkerScale([]float64{1, 2, 4}, false)
		ch.AddFit(
			s,
			chart.Fit{From: 1, To: 2, Extend: 4, F: func(p float64) float64 { return p }, Colour: chart.Colour(0),
				Dashes: chart.Dashed, Legend: legend},
		)
		d := svgOf(t, ch)
		bad := d.Fits()
		if legend != "" && (len(bad) > 0 || !d.HasText("Amdahl fit, extrapolated")) {
			t.Errorf("a marked extrapolation: %v, legend extrapolated %v", bad, d.HasText("extrapolated"))
		}
		if legend == "" && len(bad) == 0 {
			t.Error("an extrapolation without a legend passes the test of fits")
		}
	}
	// A fit drawn past its points at full strength is found.
	ch := chart.LineChart("t", "y", 2, []chart.Curve{{Label: "m", X: []float64{1, 2, 4}, Y: []float64{1, 1.8, 1.9}}})
	ch.AddFit(chart.NewWorkerScale([]float64{1, 2, 4}, false), chart.Fit{From: 1, To: 4,
		F: func(p float64) float64 { return p }, Colour: chart.Colour(0), Dashes: chart.Dashed})
	if len(svgOf(t, ch).Fits()) == 0 {
		t.Error("a fit drawn over the oversubscribed points passes the test of fits")
	}
}

// TestSeriesColours checks that every series has one colour on every
// chart of a report: its own charts draw its points in the colour its
// name has in the overview's legend and beside its table on the page;
// and that the baseline is drawn, grey, on every chart of a series
// compared with it, with its intervals.
func TestSeriesColours(t *testing.T) {
	r := baselineReport(t)
	over := svgOf(t, r.Figures[r.Overview].Chart()).LegendColours()
	page := string(render(t, func(b *bytes.Buffer) error { return r.WriteHTML(b) }))
	for g := range r.Groups {
		gr := &r.Groups[g]
		i := gr.Series[0]
		want := strings.ToUpper(colourCSS(i))
		if c, ok := over[gr.Title]; gr.Mode != results.ModeWeak && (!ok || c != want) {
			t.Errorf("%s is %s in the overview, want %s", gr.Title, c, want)
		}
		for f := range r.Figures {
			if r.Figures[f].Group != g {
				continue
			}
			d := svgOf(t, r.Figures[f].Chart())
			got := d.PointColours()
			if len(got) != 1 || !got[want] {
				t.Errorf("%s: points in %v, want %s", r.Figures[f].Name, got, want)
			}
			if r.Baseline[i] != nil && (!d.HasText("baseline") || !hasGreyBars(d)) {
				t.Errorf("%s: no baseline drawn with its intervals", r.Figures[f].Name)
			}
		}
		if !strings.Contains(page, `background: `+colourCSS(i)+`"></span>`+htmlEscape(r.Series[i].Title)) {
			t.Errorf("the page's swatch of %s is not %s", r.Series[i].Title, colourCSS(i))
		}
	}
}

// hasGreyBars tells whether a drawing has interval bars in the
// references' grey.
func hasGreyBars(d *svgtest.Drawing) bool {
	for _, p := range d.Paths {
		if p.Stroke == "#666666" && p.Dashes == "" && len(p.Pts) == 2 && p.Pts[0][0] == p.Pts[1][0] {
			return true
		}
	}
	return false
}
