package lessons

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"regexp"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/scalebench/scalebench/scaling"
)

// Line is one curve of a Chart; NaN and infinite values are left out.
type Line struct {
	Label  string
	X, Y   []float64
	Dashed bool // a model or a reference, not a measurement
	Marks  bool // draw the points
}

// Chart is a small line chart of a slide.
type Chart struct {
	Title, XLabel, YLabel string
	Lines                 []Line
	// LegendLow puts the legend at the bottom right instead of the top
	// left, for curves that stay high.
	LegendLow bool
}

// chartWidth and chartHeight are the size a chart is drawn at; the page
// scales it to the slide.
const (
	chartWidth  = 7 * vg.Inch
	chartHeight = 4.2 * vg.Inch
)

// palette is colour-blind safe (Okabe–Ito).
var palette = []color.NRGBA{
	{0, 114, 178, 255}, {213, 94, 0, 255}, {0, 158, 115, 255}, {204, 121, 167, 255},
	{230, 159, 0, 255}, {86, 180, 233, 255}, {0, 0, 0, 255}, {240, 228, 66, 255},
}

// SVG draws c as an SVG document without the XML declaration, scalable
// by its viewBox.
func (c Chart) SVG() ([]byte, error) {
	p := plot.New()
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = c.Title, c.XLabel, c.YLabel
	p.Title.TextStyle.Font.Size = vg.Points(15)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(13)
		a.Tick.Label.Font.Size = vg.Points(11)
	}
	p.Legend.Top, p.Legend.Left = !c.LegendLow, !c.LegendLow
	p.Legend.TextStyle.Font.Size = vg.Points(11)
	// gonum spaces entries by the height of the text above its baseline;
	// a browser's serif font needs room for the part below it too.
	p.Legend.Padding = vg.Points(4)
	p.Add(plotter.NewGrid())
	for i, l := range c.Lines {
		xys := finite(l.X, l.Y)
		if len(xys) == 0 {
			continue
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		line.Color, line.Width = palette[i%len(palette)], vg.Points(2.5)
		if l.Dashed {
			line.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
			line.Width = vg.Points(1.5)
		}
		p.Add(line)
		thumbs := []plot.Thumbnailer{line}
		if l.Marks {
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, err
			}
			sc.Color, sc.Shape, sc.Radius = palette[i%len(palette)], draw.CircleGlyph{}, vg.Points(3.5)
			p.Add(sc)
			thumbs = append(thumbs, sc)
		}
		p.Legend.Add(l.Label, thumbs...)
	}
	p.Y.Min = math.Min(p.Y.Min, 0)
	p.X.Tick.Marker = workerTicks{}
	var buf bytes.Buffer
	wt, err := p.WriterTo(chartWidth, chartHeight, "svg")
	if err != nil {
		return nil, err
	}
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("draw %s: %w", c.Title, err)
	}
	return inlineSVG(buf.Bytes()), nil
}

// svgHead matches the start of gonum's SVG up to its fixed width and
// height, which inlineSVG drops so that CSS sizes the chart.
var (
	xmlDecl = regexp.MustCompile(`^<\?xml[^>]*\?>\s*`)
	svgSize = regexp.MustCompile(`(<svg[^>]*?)\s+width="[^"]*"\s+height="[^"]*"`)
)

func inlineSVG(b []byte) []byte {
	b = xmlDecl.ReplaceAll(b, nil)
	return svgSize.ReplaceAll(b, []byte(`$1 preserveAspectRatio="xMidYMid meet"`))
}

// finite returns the points of x and y where both are finite.
func finite(x, y []float64) plotter.XYs {
	var out plotter.XYs
	for i := range min(len(x), len(y)) {
		if !math.IsNaN(x[i]) && !math.IsInf(x[i], 0) && !math.IsNaN(y[i]) && !math.IsInf(y[i], 0) {
			out = append(out, plotter.XY{X: x[i], Y: y[i]})
		}
	}
	return out
}

// curve samples f at P = 1 … maxP.
func curve(label string, maxP int, f func(p float64) float64) Line {
	l := Line{Label: label, Dashed: true}
	for p := 1; p <= maxP; p++ {
		l.X, l.Y = append(l.X, float64(p)), append(l.Y, f(float64(p)))
	}
	return l
}

// seedFractions and seedAlphas are the values seed 003 draws.
var (
	seedFractions = []float64{0.1, 0.25, 0.33, 0.5}
	seedAlphas    = []float64{0.1, 0.3, 0.5, 0.7}
)

// theoryCharts are the textbook curves of seed 003.
func theoryCharts() []Chart {
	const maxP = 64
	am := Chart{Title: "Amdahl's law: S(P) = 1 / (f + (1−f)/P)", XLabel: "processors P", YLabel: "speedup"}
	for _, f := range seedFractions {
		l := curve(fmt.Sprintf("f = %g (S_max = %.3g)", f, 1/f), maxP, func(p float64) float64 { return scaling.AmdahlSpeedup(f, p) })
		l.Dashed = false
		am.Lines = append(am.Lines, l)
	}
	gu := Chart{Title: "Gustafson's law: S(P) = P − α(P−1)", XLabel: "processors P", YLabel: "scaled speedup"}
	for _, a := range seedAlphas {
		l := curve(fmt.Sprintf("α = %g", a), maxP, func(p float64) float64 { return scaling.GustafsonSpeedup(a, p) })
		l.Dashed = false
		gu.Lines = append(gu.Lines, l)
	}
	return []Chart{am, gu}
}

var _ plot.Ticker = workerTicks{}

// workerTicks marks whole worker counts: every one up to 10, then the
// powers of two.
type workerTicks struct{}

func (workerTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	step := 1
	if hi-lo > 10 {
		step = 0 // powers of two
	}
	for p := max(1, int(math.Ceil(lo))); float64(p) <= hi; {
		ticks = append(ticks, plot.Tick{Value: float64(p), Label: strconv.Itoa(p)})
		if step == 0 {
			p *= 2
		} else {
			p += step
		}
	}
	return ticks
}
