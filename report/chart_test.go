package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/internal/testdocs"
	"github.com/scalebench/scalebench/report/chart"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// testCharts are the charts of the strong and weak test reports, of a
// report of two workloads (with its overview) and of the theory command,
// by file name.
func testCharts(t *testing.T) map[string]*chart.Chart {
	t.Helper()
	two := testdocs.Strong()
	two.Series = two.Series[:2]
	two.Series[1].Workload = "mandelbrot"
	charts := map[string]*chart.Chart{
		"theory-amdahl.svg":              AmdahlFamily(DefaultAmdahlFractions, DefaultTheoryWorkers),
		"theory-gustafson.svg":           GustafsonFamily(DefaultGustafsonFractions, DefaultTheoryWorkers),
		"theory-amdahl-vs-gustafson.svg": BothLaws(0.1, DefaultTheoryWorkers),
	}
	for name, r := range map[string]*Report{
		"strong": newTestReport(t, testdocs.Strong()),
		"weak":   newTestReport(t, testdocs.Weak()),
		"two":    newTestReport(t, two),
	} {
		for i := range r.Figures {
			charts[name+"-"+r.Figures[i].Name+".svg"] = r.Figures[i].Chart()
		}
	}
	if _, ok := charts["two-all-speedup.svg"]; !ok {
		t.Fatal("the report of two workloads has no overview")
	}
	return charts
}

// dataCanvas is the data area of a chart as WriteSVG draws it.
func dataCanvas(ch *chart.Chart) (draw.Canvas, *plot.Plot) {
	p := ch.Bare()
	return p.DataCanvas(draw.Canvas{Rectangle: ch.Layout().Plot}), p
}

// TestLegendCoversNoData places every chart's legend and checks, in the
// coordinates of the drawing, that no measured marker or interval bar
// of the chart meets the legend's box.
func TestLegendCoversNoData(t *testing.T) {
	inside := 0
	for name, ch := range testCharts(t) {
		lay := ch.Layout()
		if lay.Legend == (vg.Rectangle{}) {
			t.Errorf("%s: no legend", name)
			continue
		}
		da, p := dataCanvas(ch)
		if lay.Inside {
			inside++
			if !contains(da.Rectangle, lay.Legend) {
				t.Errorf(
					"%s: the legend %v is said to be inside but is not within the data area %v",
					name,
					lay.Legend,
					da.Rectangle,
				)
			}
		} else if lay.Legend.Min.X < da.Max.X {
			t.Errorf("%s: the legend %v is outside but starts left of the data area's right edge %v", name, lay.Legend, da.Max.X)
		}
		trX, trY := p.Transforms(&da)
		r := vg.Points(3.5) // the markers' radius
		for _, m := range ch.Data() {
			for i := range m.X {
				box := vg.Rectangle{Min: vg.Point{X: trX(m.X[i]) - r, Y: trY(m.Lo[i]) - r},
					Max: vg.Point{X: trX(m.X[i]) + r, Y: trY(m.Hi[i]) + r}}
				if overlaps(box, lay.Legend) {
					t.Errorf(
						"%s: the legend %v covers the point (%v, %v) drawn at %v",
						name,
						lay.Legend,
						m.X[i],
						m.Y[i],
						box,
					)
				}
			}
		}
	}
	if inside == 0 {
		t.Error("no legend was put inside a data area")
	}
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

func contains(outer, inner vg.Rectangle) bool {
	return inner.Min.X >= outer.Min.X && inner.Max.X <= outer.Max.X && inner.Min.Y >= outer.Min.Y &&
		inner.Max.Y <= outer.Max.Y
}

// TestLegendPlace draws points on a diagonal, which leave the top left
// corner empty, and points in every corner and along every edge, which
// leave no room inside: the legend goes in the corner, then outside.
func TestLegendPlace(t *testing.T) {
	diagonal := chart.New("diagonal", "x", "y")
	var m chart.Points
	for x := 0.0; x <= 10; x++ {
		m.Add(x, x, x, x, false)
	}
	diagonal.AddPoints(m, chart.Colour(0), chart.Glyph(0), "y = x")
	lay := diagonal.Layout()
	da, _ := dataCanvas(diagonal)
	if !lay.Inside || lay.Legend.Min.X != da.Min.X+chart.LegendGap || lay.Legend.Max.Y != da.Max.Y-chart.LegendGap {
		t.Errorf(
			"diagonal: legend at %v (inside %v), want the top left corner of %v",
			lay.Legend,
			lay.Inside,
			da.Rectangle,
		)
	}

	full := chart.New("full", "x", "y")
	m = chart.Points{}
	for x := 0.0; x <= 10; x++ {
		for y := 0.0; y <= 10; y += 2.5 {
			m.Add(x, y, y, y, false)
		}
	}
	full.AddPoints(m, chart.Colour(0), chart.Glyph(0), "everywhere")
	lay = full.Layout()
	da, _ = dataCanvas(full)
	if lay.Inside || lay.Legend.Min.X <= da.Max.X {
		t.Errorf(
			"full: legend at %v (inside %v), want it right of the data area %v",
			lay.Legend,
			lay.Inside,
			da.Rectangle,
		)
	}
}

// TestWorkerAxis checks the choice of scale and ticks of a worker axis:
// few counts get a tick each and only those, doubling counts a
// logarithmic axis, and crowded labels are thinned.
func TestWorkerAxis(t *testing.T) {
	for _, tc := range []struct {
		counts []float64
		log    bool
		ticks  string // the ticks' values, with the labelled ones in brackets
	}{
		{[]float64{1, 2, 3, 4}, false, "[1] [2] [3] [4]"},
		{[]float64{4, 1, 2, 2, 3}, false, "[1] [2] [3] [4]"},
		{[]float64{1, 2, 4, 8, 16}, true, "[1] [2] [4] [8] [16]"},
		{[]float64{1, 2, 4, 8, 12, 24, 48}, true, "[1] [2] [4] [8] [12] [24] [48]"},
		{[]float64{1, 2, 4, 6, 8}, false, "[1] [2] [4] [6] [8]"},
		{[]float64{2, 4}, false, "[2] [4]"},
		{[]float64{1, 2, 3, 4, 8, 16, 32, 64}, false, "[1] 2 3 [4] [8] [16] [32] [64]"},
		{[]float64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}, true,
			"[1] [2] [4] [8] [16] [32] [64] [128] [256] [512] [1024]"},
		// Many counts: round ticks instead.
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, false, "[2] [4] [6] [8] [10] [12] [14] [16]"},
	} {
		ch := chart.New("t", "x", "y")
		s := chart.NewWorkerScale(tc.counts, false)
		lo, hi := slices.Min(tc.counts), slices.Max(tc.counts)
		s.Apply(ch, lo, hi)
		_, log := ch.Plot.X.Scale.(chart.LogScale)
		// The axis starts at the smallest measured count, not at zero.
		if at := ch.Plot.X.Scale.Normalize(ch.Plot.X.Min, ch.Plot.X.Max, lo); ch.Plot.X.Min <= 0 || at > 0.1 {
			t.Errorf(
				"%v: the axis starts at %g, %.0f%% of its length before the smallest count",
				tc.counts,
				ch.Plot.X.Min,
				100*at,
			)
		}
		if log != tc.log || s.Log != tc.log {
			t.Errorf("%v: logarithmic axis %v, want %v", tc.counts, log, tc.log)
		}
		var got []string
		for _, tk := range ch.Plot.X.Tick.Marker.Ticks(ch.Plot.X.Min, ch.Plot.X.Max) {
			if tk.IsMinor() {
				got = append(got, strconv.FormatFloat(tk.Value, 'f', -1, 64))
			} else {
				got = append(got, "["+tk.Label+"]")
			}
		}
		if s := strings.Join(got, " "); s != tc.ticks {
			t.Errorf("%v: ticks %s, want %s", tc.counts, s, tc.ticks)
		}
	}
	// The test reports: 1, 2, 4, 8, 16 workers double; 1, 2, 3, 4 do not.
	charts := testCharts(t)
	for name, log := range map[string]bool{"strong-pi-speedup.svg": true, "strong-pi-efficiency.svg": true,
		"strong-pi-karp-flatt.svg": true, "strong-pi-throughput.svg": true, "strong-pi-time.svg": true,
		"two-all-speedup.svg": true, "weak-synthetic-weak-scaling-scaled-speedup.svg": false,
		"weak-synthetic-weak-scaling-throughput.svg": false} {
		ch := charts[name]
		if ch == nil {
			t.Errorf("no chart %s", name)
			continue
		}
		if _, got := ch.Plot.X.Scale.(chart.LogScale); got != log {
			t.Errorf("%s: logarithmic worker axis %v, want %v", name, got, log)
		}
	}
	// e(P) is not defined at one worker: its axis starts at two.
	var got []string
	kf := charts["strong-pi-karp-flatt.svg"].Plot.X
	for _, tk := range kf.Tick.Marker.Ticks(kf.Min, kf.Max) {
		got = append(got, tk.Label)
	}
	if s := strings.Join(got, " "); s != "2 4 8 16" {
		t.Errorf("Karp–Flatt worker ticks %s, want 2 4 8 16", s)
	}
}

// TestCPULineLabelled checks that the line at the CPU count is labelled
// with the count, above the data area where the label covers no data.
func TestCPULineLabelled(t *testing.T) {
	out := svgs(t)
	for _, name := range []string{"strong-pi-speedup.svg", "strong-pi-time.svg", "weak-synthetic-weak-scaling-scaled-speedup.svg", "two-all-speedup.svg"} {
		if !bytes.Contains(out[name], []byte(">4 CPUs</text>")) {
			t.Errorf("%s: the CPU line has no label \"4 CPUs\"", name)
		}
	}
}

// svgs renders every test chart.
func svgs(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for name, ch := range testCharts(t) {
		var b bytes.Buffer
		if err := ch.WriteSVG(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b.Bytes()
	}
	return out
}

var fontFamily = regexp.MustCompile(`font-family:([^;"]*)`)

// TestSVGPortable checks that every chart is well-formed XML whose every
// text names a generic font family last, so that a viewer without the
// named fonts uses a font of the same kind.
func TestSVGPortable(t *testing.T) {
	for name, svg := range svgs(t) {
		dec := xml.NewDecoder(bytes.NewReader(svg))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s is not well-formed XML: %v", name, err)
				break
			}
		}
		texts := bytes.Count(svg, []byte("<text"))
		fams := fontFamily.FindAllSubmatch(svg, -1)
		if texts == 0 || len(fams) != texts {
			t.Errorf("%s: %d texts, %d font families", name, texts, len(fams))
		}
		for _, f := range fams {
			list := strings.Split(string(f[1]), ",")
			if last := strings.TrimSpace(list[len(list)-1]); last != "sans-serif" && last != "serif" &&
				last != "monospace" {
				t.Errorf("%s: font-family %q does not end in a generic family", name, f[1])
			}
		}
	}
}

// TestCaptions checks that every figure of the test reports and every
// theory plot has a one-sentence caption.
func TestCaptions(t *testing.T) {
	kinds := []PlotKind{PlotSpeedup, PlotEfficiency, PlotTime, PlotKarpFlatt, PlotThroughput, PlotScaledSpeedup,
		PlotWeakEfficiency, PlotWeakTime, PlotOverview, PlotAmdahl, PlotGustafson, PlotBothLaws}
	for _, k := range kinds {
		c := Caption(k)
		if c == "" || !strings.HasSuffix(c, ".") || strings.Count(c, ". ") > 0 || len([]rune(c)) > 240 {
			t.Errorf("Caption(%q) = %q, want one sentence", k, c)
		}
	}
	if c := Caption("pie"); c != "" {
		t.Errorf("Caption of an unknown kind = %q", c)
	}
	for name := range testCharts(t) {
		name = strings.TrimSuffix(name, ".svg")
		found := false
		for _, k := range kinds {
			found = found || strings.HasSuffix(name, "-"+string(k))
		}
		if !found {
			t.Errorf("%s: no plot kind ends its name", name)
		}
	}
}

// TestLogTicks checks that a narrow logarithmic range gets round labels
// instead of a single power of ten.
func TestLogTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{
		{1, 200, "1 2 5 10 20 50 100 200"},
		{420, 720, "450 500 550 600 650 700"},
	} {
		var got []string
		for _, tk := range (chart.Log125Ticks{}).Ticks(tc.lo, tc.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("log125Ticks(%v, %v) = %s, want %s", tc.lo, tc.hi, s, tc.want)
		}
	}
}
