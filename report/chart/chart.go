package chart

import (
	"bytes"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/scalebench/scalebench/internal/safetext"
)

// Chart is a plot with its legend, drawn in a column to the right of the
// data so that the legend never covers a curve.
type Chart struct {
	Plot   *plot.Plot
	Legend plot.Legend
	// Width and Height of the whole drawing; zero means 7.5×4.5 in.
	Width, Height vg.Length

	// data are the measured series drawn, for the tests of the legend's
	// place.
	data  []Points
	notes []string
}

// Text sizes: at 7.5×4.5 in every text is at least 10 pt.
const (
	titleSize  = 14
	labelSize  = 12
	TickSize   = 11
	legendSize = 11
)

// Font is the face of every text. Liberation Sans has the metrics of
// Arial and Helvetica, which the SVG names as fallbacks.
var Font = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Okabe–Ito colours, distinguishable with the common colour-vision
// deficiencies and in greyscale by their lightness; their black is
// replaced by Tol's wine, as grey and black are the references' and the
// axes'.
var palette = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xff}, // blue
	{0xD5, 0x5E, 0x00, 0xff}, // vermillion
	{0x00, 0x9E, 0x73, 0xff}, // bluish green
	{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	{0xE6, 0x9F, 0x00, 0xff}, // orange
	{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	{0x88, 0x22, 0x55, 0xff}, // wine
}

// Colour returns the colour of the i-th series.
func Colour(i int) color.NRGBA { return palette[i%len(palette)] }

func WithAlpha(c color.NRGBA, a uint8) color.NRGBA {
	// NRGBA is not premultiplied: only the alpha changes.
	c.A = a
	return c
}

var (
	Grey      = color.NRGBA{0x55, 0x55, 0x55, 0xff}
	lightGrey = color.NRGBA{0xee, 0xee, 0xee, 0xff}
	GridGrey  = color.NRGBA{0xdd, 0xdd, 0xdd, 0xff}
	// RefGrey is the colour of every reference: the ideal, the serial
	// time, a ceiling, and the baseline's measurements. No series is
	// drawn in it.
	RefGrey = color.NRGBA{0x66, 0x66, 0x66, 0xff}
)

// The one style of every reference curve (ideal, serial, ceiling,
// baseline): RefGrey, RefWidth points wide, dashed.
const RefWidth = 1.5

// FaintAlpha is the opacity of the part of a fitted curve drawn past the
// points it was fitted on, which its legend calls extrapolated.
const FaintAlpha = 0x50

// New returns a chart with the report's fonts, a light grid and
// axis labels.
func New(title, xlabel, ylabel string) *Chart {
	p := plot.New()
	title, xlabel, ylabel = safetext.Clean(title), safetext.Clean(xlabel), safetext.Clean(ylabel)
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(Font, titleSize)
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(Font, labelSize)
		a.Tick.Label.Font = font.From(Font, TickSize)
		a.Padding = vg.Points(2)
	}
	p.Y.Tick.Marker = LinearTicks{}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	g := plotter.NewGrid()
	g.Vertical.Color = GridGrey
	g.Horizontal.Color = GridGrey
	p.Add(g)
	leg := plot.NewLegend()
	leg.TextStyle.Font = font.From(Font, legendSize)
	leg.Top, leg.Left = true, true
	leg.Padding = vg.Points(3)
	leg.ThumbnailWidth = vg.Points(24)
	return &Chart{Plot: p, Legend: leg}
}

// maxLegendFraction bounds the width of the legend column.
const maxLegendFraction = 0.4

// Room around a legend drawn inside the data area: the gap to the axes
// and the data, and the padding inside its box.
var (
	LegendGap = vg.Points(6)
	legendPad = vg.Points(4)
)

// size is the size of the whole drawing.
func (ch *Chart) size() (width, height vg.Length) {
	width, height = ch.Width, ch.Height
	if width == 0 {
		width = 7.5 * vg.Inch
	}
	if height == 0 {
		height = 4.5 * vg.Inch
	}
	return width, height
}

// WriteSVG draws the chart as an SVG document. The output depends only on
// the chart: the same chart gives the same bytes.
func (ch *Chart) WriteSVG(w io.Writer) error {
	width, height := ch.size()
	canvas := vgsvg.New(width, height)
	dc := draw.New(canvas)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	lay := ch.Layout()
	ch.Bare().Draw(draw.Canvas{Canvas: canvas, Rectangle: lay.Plot})
	if lay.Inside {
		box := draw.Canvas{Canvas: canvas, Rectangle: lay.Legend}
		box.FillPolygon(color.White, rectPoints(lay.Legend))
		box.StrokeLines(
			draw.LineStyle{Color: GridGrey, Width: vg.Points(0.75)},
			append(rectPoints(lay.Legend), lay.Legend.Min),
		)
	}
	if lay.Legend != (vg.Rectangle{}) {
		leg := ch.Legend
		leg.Top, leg.Left = true, true
		leg.Draw(
			draw.Crop(draw.Canvas{Canvas: canvas, Rectangle: lay.Legend}, legendPad, -legendPad, legendPad, -legendPad),
		)
	}
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return err
	}
	_, err := w.Write(fixSVG(buf.Bytes()))
	return err
}

// Bare is a copy of the chart's plot without gonum's own legend: the
// chart draws its legend itself, where it covers no data.
func (ch *Chart) Bare() *plot.Plot {
	p := *ch.Plot
	p.Legend = plot.NewLegend()
	return &p
}

// Layout is where WriteSVG puts the parts of a chart.
type Layout struct {
	Plot   vg.Rectangle // the plot with its title and axes
	Legend vg.Rectangle // the legend's box; zero without a legend
	Inside bool         // the legend is in an empty place of the data area
}

// Data are the measured points added to the chart (AddPoints).
func (ch *Chart) Data() []Points { return ch.data }

// Layout places the legend inside the data area where it covers
// nothing that the plot draws (see emptyPlace), else in a column right of
// the plot.
func (ch *Chart) Layout() Layout {
	width, height := ch.size()
	pad := vg.Points(6)
	area := vg.Rectangle{Min: vg.Point{X: pad, Y: pad}, Max: vg.Point{X: width - pad, Y: height - pad}}
	lay := Layout{Plot: area}
	leg := ch.Legend
	if !hasEntries(&leg) {
		return lay
	}
	size := leg.Rectangle(draw.Canvas{}).Size()
	size.X += 2 * legendPad
	size.Y += 2 * legendPad
	if r, ok := ch.emptyPlace(area, size); ok {
		lay.Legend, lay.Inside = r, true
		return lay
	}
	lw := size.X + vg.Points(6)
	if limit := area.Size().X * maxLegendFraction; lw > limit {
		lw = limit
	}
	lay.Plot.Max.X -= lw
	top := area.Max.Y
	if ch.Plot.Title.Text != "" {
		top -= ch.Plot.Title.TextStyle.Rectangle(ch.Plot.Title.Text).Size().Y + ch.Plot.Title.Padding
	}
	lay.Legend = vg.Rectangle{
		Min: vg.Point{X: area.Max.X - lw + vg.Points(6), Y: top - size.Y},
		Max: vg.Point{X: area.Max.X, Y: top},
	}
	return lay
}
