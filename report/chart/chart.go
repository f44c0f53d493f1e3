package chart

import (
	"bytes"
	"image"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"

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
		box.StrokeLines(draw.LineStyle{Color: GridGrey, Width: vg.Points(0.75)}, append(rectPoints(lay.Legend), lay.Legend.Min))
	}
	if lay.Legend != (vg.Rectangle{}) {
		leg := ch.Legend
		leg.Top, leg.Left = true, true
		leg.Draw(draw.Crop(draw.Canvas{Canvas: canvas, Rectangle: lay.Legend}, legendPad, -legendPad, legendPad, -legendPad))
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
	lay.Legend = vg.Rectangle{Min: vg.Point{X: area.Max.X - lw + vg.Points(6), Y: top - size.Y}, Max: vg.Point{X: area.Max.X, Y: top}}
	return lay
}

// emptyPlace finds a place along the edges of the data area, when the
// plot fills area, where a box of the given size covers no mark of the
// plot: the corners first (top left, top right, bottom right, bottom
// left), then down the left and right edges, then along the top and
// bottom.
func (ch *Chart) emptyPlace(area vg.Rectangle, size vg.Point) (vg.Rectangle, bool) {
	var k ink
	ch.Bare().Draw(draw.Canvas{Canvas: &k, Rectangle: area})
	da := ch.Bare().DataCanvas(draw.Canvas{Rectangle: area}).Rectangle
	da.Min.X, da.Min.Y = da.Min.X+LegendGap, da.Min.Y+LegendGap
	da.Max.X, da.Max.Y = da.Max.X-LegendGap, da.Max.Y-LegendGap
	if size.X > da.Size().X/2 || size.Y > da.Size().Y*3/4 {
		// It would hide too much of the grid to be read as a corner.
		return vg.Rectangle{}, false
	}
	free := func(min vg.Point) bool {
		g := vg.Point{X: LegendGap, Y: LegendGap}
		return !k.covers(vg.Rectangle{Min: min.Sub(g), Max: min.Add(size).Add(g)})
	}
	left, right := da.Min.X, da.Max.X-size.X
	bottom, top := da.Min.Y, da.Max.Y-size.Y
	for _, c := range []vg.Point{{X: left, Y: top}, {X: right, Y: top}, {X: right, Y: bottom}, {X: left, Y: bottom}} {
		if free(c) {
			return vg.Rectangle{Min: c, Max: c.Add(size)}, true
		}
	}
	step := vg.Points(6)
	for y := top; y >= bottom; y -= step {
		for _, x := range []vg.Length{left, right} {
			if c := (vg.Point{X: x, Y: y}); free(c) {
				return vg.Rectangle{Min: c, Max: c.Add(size)}, true
			}
		}
	}
	for x := left; x <= right; x += step {
		for _, y := range []vg.Length{top, bottom} {
			if c := (vg.Point{X: x, Y: y}); free(c) {
				return vg.Rectangle{Min: c, Max: c.Add(size)}, true
			}
		}
	}
	return vg.Rectangle{}, false
}

// rectPoints are the corners of r, anticlockwise from its bottom left.
func rectPoints(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
}

// ink is a vg.Canvas that draws nothing but records where a drawing
// leaves marks, to find an empty place for the legend. Marks in the
// colours of the background, the grid and the shading of the
// oversubscribed region are not data and are not recorded; neither is
// rotated text, which is only the label of the y axis.
type ink struct {
	colour  color.Color
	rotated bool
	stack   []inkState
	marks   []mark
}

type inkState struct {
	colour  color.Color
	rotated bool
}

// mark is a polyline, or a polygon when filled.
type mark struct {
	pts  []vg.Point
	fill bool
}

var _ vg.Canvas = (*ink)(nil)

func (k *ink) SetLineWidth(vg.Length)             {}
func (k *ink) SetLineDash([]vg.Length, vg.Length) {}
func (k *ink) SetColor(c color.Color)             { k.colour = c }
func (k *ink) Rotate(rad float64)                 { k.rotated = k.rotated || rad != 0 }
func (k *ink) Translate(vg.Point)                 {}
func (k *ink) Scale(float64, float64)             {}
func (k *ink) Push()                              { k.stack = append(k.stack, inkState{k.colour, k.rotated}) }

func (k *ink) Pop() {
	if n := len(k.stack); n > 0 {
		k.colour, k.rotated = k.stack[n-1].colour, k.stack[n-1].rotated
		k.stack = k.stack[:n-1]
	}
}

func (k *ink) Stroke(p vg.Path) { k.addPath(p, false) }
func (k *ink) Fill(p vg.Path)   { k.addPath(p, true) }

func (k *ink) FillString(f font.Face, pt vg.Point, text string) {
	if k.rotated || k.background() {
		return
	}
	e := f.Extents()
	r := vg.Rectangle{Min: vg.Point{X: pt.X, Y: pt.Y - e.Descent}, Max: vg.Point{X: pt.X + f.Width(text), Y: pt.Y + e.Ascent}}
	k.marks = append(k.marks, mark{pts: rectPoints(r), fill: true})
}

func (k *ink) DrawImage(r vg.Rectangle, _ image.Image) {
	k.marks = append(k.marks, mark{pts: rectPoints(r), fill: true})
}

// background tells whether the current colour draws no data.
func (k *ink) background() bool {
	if k.colour == nil {
		return false
	}
	c := color.NRGBAModel.Convert(k.colour).(color.NRGBA)
	if c.A == 0 {
		return true
	}
	c.A = 0xff
	return c == color.NRGBA{0xff, 0xff, 0xff, 0xff} || c == lightGrey || c == GridGrey
}

// addPath records every subpath of p; an arc as the square around its
// circle, a curve through its control points.
func (k *ink) addPath(p vg.Path, fill bool) {
	if k.background() {
		return
	}
	var cur []vg.Point
	flush := func() {
		if len(cur) > 0 {
			k.marks = append(k.marks, mark{pts: cur, fill: fill})
		}
		cur = nil
	}
	for _, c := range p {
		switch c.Type {
		case vg.MoveComp:
			flush()
			cur = append(cur, c.Pos)
		case vg.LineComp:
			cur = append(cur, c.Pos)
		case vg.CurveComp:
			cur = append(append(cur, c.Control...), c.Pos)
		case vg.ArcComp:
			flush()
			d := vg.Point{X: c.Radius, Y: c.Radius}
			k.marks = append(k.marks, mark{pts: rectPoints(vg.Rectangle{Min: c.Pos.Sub(d), Max: c.Pos.Add(d)}), fill: true})
		case vg.CloseComp:
			if len(cur) > 0 {
				cur = append(cur, cur[0])
			}
		}
	}
	flush()
}

// covers tells whether any recorded mark touches r.
func (k *ink) covers(r vg.Rectangle) bool {
	centre := vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}
	for _, m := range k.marks {
		if len(m.pts) == 1 && inRect(m.pts[0], r) {
			return true
		}
		for i := 1; i < len(m.pts); i++ {
			if segmentHits(m.pts[i-1], m.pts[i], r) {
				return true
			}
		}
		if m.fill && len(m.pts) > 2 && (segmentHits(m.pts[len(m.pts)-1], m.pts[0], r) || inPolygon(centre, m.pts)) {
			return true
		}
	}
	return false
}

func inRect(p vg.Point, r vg.Rectangle) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

// segmentHits tells whether the segment from a to b meets r, by
// Liang and Barsky's clipping.
func segmentHits(a, b vg.Point, r vg.Rectangle) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	for _, e := range [4][2]float64{
		{-dx, float64(a.X - r.Min.X)}, {dx, float64(r.Max.X - a.X)},
		{-dy, float64(a.Y - r.Min.Y)}, {dy, float64(r.Max.Y - a.Y)},
	} {
		p, q := e[0], e[1]
		switch {
		case p == 0:
			if q < 0 {
				return false
			}
		case p < 0:
			t0 = math.Max(t0, q/p)
		default:
			t1 = math.Min(t1, q/p)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// inPolygon tells whether p is inside the polygon pts, by the parity
// of the crossings of a ray to the right.
func inPolygon(p vg.Point, pts []vg.Point) bool {
	in := false
	for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
		a, b := pts[i], pts[j]
		if (a.Y > p.Y) != (b.Y > p.Y) && p.X < a.X+(p.Y-a.Y)*(b.X-a.X)/(b.Y-a.Y) {
			in = !in
		}
	}
	return in
}

// hasEntries tells whether a legend has entries (plot.Legend hides them).
func hasEntries(l *plot.Legend) bool {
	return l.Rectangle(draw.Canvas{}).Size().Y > 0
}

// fixSVG drops the XML prolog comment and gives the fonts generic
// fallbacks, so that a viewer without Liberation Sans uses a font of the
// same metrics instead of a serif.
func fixSVG(b []byte) []byte {
	b = bytes.Replace(b, []byte("<!-- Generated by SVGo and Plotinum VG -->\n"), nil, 1)
	return bytes.ReplaceAll(b, []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
}

// Finite keeps the pairs whose coordinates are finite (and positive on a
// log axis).
func Finite(xs, ys []float64, logX, logY bool) plotter.XYs {
	out := make(plotter.XYs, 0, len(xs))
	for i := range xs {
		x, y := xs[i], ys[i]
		if !isFinite(x) || !isFinite(y) || (logX && x <= 0) || (logY && y <= 0) {
			continue
		}
		out = append(out, plotter.XY{X: x, Y: y})
	}
	return out
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Sample samples f on n points between lo and hi (geometrically on a log
// axis) and keeps the finite values.
func Sample(lo, hi float64, n int, logX bool, f func(float64) float64) plotter.XYs {
	xs := make([]float64, n)
	ys := make([]float64, n)
	for i := range n {
		t := float64(i) / float64(n-1)
		if logX {
			xs[i] = lo * math.Pow(hi/lo, t)
		} else {
			xs[i] = lo + (hi-lo)*t
		}
		ys[i] = f(xs[i])
	}
	return Finite(xs, ys, logX, false)
}

// AddLine adds a line through xys (nothing when xys is empty).
func (ch *Chart) AddLine(xys plotter.XYs, c color.Color, width float64, dashes []vg.Length, legend string) {
	if len(xys) == 0 {
		return
	}
	l, err := plotter.NewLine(xys)
	if err != nil { // xys are finite: cannot happen
		return
	}
	l.Color = c
	l.Width = vg.Points(width)
	l.Dashes = dashes
	ch.Plot.Add(l)
	if legend != "" {
		ch.Legend.Add(LegendText(legend), l)
	}
}

var (
	Dashed = []vg.Length{vg.Points(6), vg.Points(3)}
	Dotted = []vg.Length{vg.Points(1.5), vg.Points(2.5)}
	// DashDot is the line of a fitted law that the dashes of the
	// references must not be mistaken for: Gustafson's beside Amdahl's.
	DashDot = []vg.Length{vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)}
)

// AddReference draws a reference curve (an ideal, the serial time, a
// ceiling) in the one style of references: RefGrey, dashed.
func (ch *Chart) AddReference(xys plotter.XYs, legend string) {
	ch.AddLine(xys, RefGrey, RefWidth, Dashed, legend)
}

// ReferenceKey adds a legend entry in the references' style, for
// references drawn without one (several ceilings named once).
func (ch *Chart) ReferenceKey(legend string) {
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}})
	if err != nil {
		return
	}
	l.Color, l.Width, l.Dashes = RefGrey, vg.Points(RefWidth), Dashed
	ch.Legend.Add(LegendText(legend), l)
}

// Fit is a fitted curve as a chart draws it: over the worker counts it
// was fitted on (From to To), and past them, up to Extend, faint and
// labelled extrapolated. Extend not above To draws no extrapolation.
type Fit struct {
	From, To, Extend float64
	F                func(float64) float64
	Colour           color.NRGBA
	Width            float64
	Dashes           []vg.Length
	Legend           string // "" for no legend entry
}

// AddFit draws fit on the scale s.
func (ch *Chart) AddFit(s WorkerScale, fit Fit) {
	if fit.Width == 0 {
		fit.Width = 1.5
	}
	ch.AddLine(s.Curve(fit.From, fit.To, fit.F), fit.Colour, fit.Width, fit.Dashes, fit.Legend)
	if fit.Extend > fit.To {
		leg := ""
		if fit.Legend != "" {
			leg = fit.Legend + ", extrapolated"
		}
		ch.AddLine(s.Curve(fit.To, fit.Extend, fit.F), WithAlpha(fit.Colour, FaintAlpha), fit.Width, fit.Dashes, leg)
	}
}

// IdealSpeedup is the speedup that P workers can reach on cpus CPUs when
// the work only computes: P, at most the CPUs (cpus ≤ 0: P).
func IdealSpeedup(p float64, cpus int) float64 {
	if cpus > 0 {
		return math.Min(p, float64(cpus))
	}
	return p
}

// IdealCurve samples f from lo to hi with the kink at the CPU count
// drawn exactly: the ideal of speedup, efficiency or time capped at the
// CPUs (IdealSpeedup).
func (s WorkerScale) IdealCurve(lo, hi float64, cpus int, f func(float64) float64) plotter.XYs {
	c := float64(cpus)
	if cpus <= 0 || c <= lo || c >= hi {
		return s.Curve(lo, hi, f)
	}
	return append(s.Curve(lo, c, f), s.Curve(c, hi, f)[1:]...)
}

// IdealLabel is the legend of the capped ideal of a speedup.
func IdealLabel(cpus int) string {
	if cpus > 0 {
		return "ideal S = P up to " + CPULabel(cpus)
	}
	return "ideal S = P"
}

// Points is a series of measured values with an interval around each:
// it implements plotter.XYer and plotter.YErrorer.
type Points struct {
	X, Y, Lo, Hi []float64
}

var (
	_ plotter.XYer     = Points{}
	_ plotter.YErrorer = Points{}
)

// Len implements plotter.XYer.
func (m Points) Len() int { return len(m.X) }

// XY implements plotter.XYer.
func (m Points) XY(i int) (x, y float64) { return m.X[i], m.Y[i] }

// YError implements plotter.YErrorer: the distances from the value down
// to Lo and up to Hi.
func (m Points) YError(i int) (lo, hi float64) {
	return math.Max(0, m.Y[i]-m.Lo[i]), math.Max(0, m.Hi[i]-m.Y[i])
}

// Add appends a point, or drops it when a value is not finite (or not
// positive on a log axis). Lo and Hi that are not finite collapse onto the
// value.
func (m *Points) Add(x, y, lo, hi float64, logY bool) {
	if !isFinite(x) || !isFinite(y) || (logY && y <= 0) {
		return
	}
	if !isFinite(lo) || (logY && lo <= 0) || lo > y {
		lo = y
	}
	if !isFinite(hi) || hi < y {
		hi = y
	}
	m.X = append(m.X, x)
	m.Y = append(m.Y, y)
	m.Lo = append(m.Lo, lo)
	m.Hi = append(m.Hi, hi)
}

// AddPoints draws markers joined by a thin line and interval bars.
func (ch *Chart) AddPoints(m Points, c color.Color, glyph draw.GlyphDrawer, legend string) {
	if m.Len() == 0 {
		return
	}
	xys, _ := plotter.CopyXYs(m)
	l, err := plotter.NewLine(xys)
	if err != nil {
		return
	}
	l.Color = c
	l.Width = vg.Points(1)
	s, _ := plotter.NewScatter(xys)
	s.Color = c
	s.Shape = glyph
	s.Radius = vg.Points(3.5)
	e, err := plotter.NewYErrorBars(m)
	if err != nil {
		return
	}
	e.Color = c
	e.Width = vg.Points(1.2)
	e.CapWidth = vg.Points(7)
	ch.Plot.Add(l, e, s)
	ch.data = append(ch.data, m)
	if legend != "" {
		ch.Legend.Add(LegendText(legend), l, s)
	}
}

// AddBaseline draws the measurements of a baseline in the references'
// colour: hollow rings with their intervals, joined by a dashed line.
func (ch *Chart) AddBaseline(m Points, legend string) {
	if m.Len() == 0 {
		return
	}
	xys, _ := plotter.CopyXYs(m)
	l, err := plotter.NewLine(xys)
	if err != nil {
		return
	}
	l.Color, l.Width, l.Dashes = RefGrey, vg.Points(RefWidth), Dashed
	s, _ := plotter.NewScatter(xys)
	s.Color, s.Shape, s.Radius = RefGrey, draw.RingGlyph{}, vg.Points(3.5)
	e, err := plotter.NewYErrorBars(m)
	if err != nil {
		return
	}
	e.Color, e.Width, e.CapWidth = RefGrey, vg.Points(1.2), vg.Points(7)
	ch.Plot.Add(l, e, s)
	if legend != "" {
		ch.Legend.Add(LegendText(legend), l, s)
	}
}

// Note adds a line of text to the legend, without a sample line: a
// warning the reader must see beside the data. A note given twice is
// added once.
func (ch *Chart) Note(text string) {
	text = LegendText(text)
	if slices.Contains(ch.notes, text) {
		return
	}
	ch.notes = append(ch.notes, text)
	ch.Legend.Add(text, noThumb{})
}

// Notes are the notes of the chart, in their order.
func (ch *Chart) Notes() []string { return ch.notes }

// noThumb is a legend entry without a sample.
type noThumb struct{}

// Thumbnail implements plot.Thumbnailer.
func (noThumb) Thumbnail(*draw.Canvas) {}

// Band is a filled region between two curves, such as the interval of a
// fitted model: a plot.Plotter and a plot.DataRanger.
type Band struct {
	X, Lo, Hi []float64
	Color     color.Color
}

var (
	_ plot.Plotter     = (*Band)(nil)
	_ plot.DataRanger  = (*Band)(nil)
	_ plot.Thumbnailer = (*Band)(nil)
)

// NewBand samples lo and hi of f on n points between a and b, dropping
// points where either is not finite.
func NewBand(a, b float64, n int, logX bool, f func(float64) (lo, hi float64), c color.Color) *Band {
	bd := &Band{Color: c}
	for _, xy := range Sample(a, b, n, logX, func(x float64) float64 { return x }) {
		lo, hi := f(xy.X)
		if !isFinite(lo) || !isFinite(hi) {
			continue
		}
		if lo > hi {
			lo, hi = hi, lo
		}
		bd.X = append(bd.X, xy.X)
		bd.Lo = append(bd.Lo, lo)
		bd.Hi = append(bd.Hi, hi)
	}
	return bd
}

// Plot implements plot.Plotter.
func (b *Band) Plot(c draw.Canvas, p *plot.Plot) {
	if len(b.X) < 2 {
		return
	}
	trX, trY := p.Transforms(&c)
	pts := make([]vg.Point, 0, 2*len(b.X))
	for i := range b.X {
		pts = append(pts, vg.Point{X: trX(b.X[i]), Y: trY(b.Hi[i])})
	}
	for i := len(b.X) - 1; i >= 0; i-- {
		pts = append(pts, vg.Point{X: trX(b.X[i]), Y: trY(b.Lo[i])})
	}
	c.FillPolygon(b.Color, c.ClipPolygonXY(pts))
}

// DataRange implements plot.DataRanger.
func (b *Band) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for i := range b.X {
		xmin, xmax = math.Min(xmin, b.X[i]), math.Max(xmax, b.X[i])
		ymin, ymax = math.Min(ymin, b.Lo[i]), math.Max(ymax, b.Hi[i])
	}
	return
}

// Thumbnail implements plot.Thumbnailer.
func (b *Band) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	h := r.Size().Y / 4
	c.FillPolygon(b.Color, []vg.Point{{X: r.Min.X, Y: r.Min.Y + h}, {X: r.Max.X, Y: r.Min.Y + h},
		{X: r.Max.X, Y: r.Max.Y - h}, {X: r.Min.X, Y: r.Max.Y - h}})
}

// Region shades the data area right of From: the oversubscribed worker
// counts. It does not widen the axes.
type Region struct {
	From  float64
	Color color.Color
}

// Plot implements plot.Plotter.
func (r Region) Plot(c draw.Canvas, p *plot.Plot) {
	if r.From >= p.X.Max {
		return
	}
	trX, _ := p.Transforms(&c)
	x0 := trX(math.Max(r.From, p.X.Min))
	c.FillPolygon(r.Color, []vg.Point{{X: x0, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y},
		{X: c.Max.X, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
}

// Thumbnail implements plot.Thumbnailer.
func (r Region) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(r.Color, []vg.Point{c.Min, {X: c.Max.X, Y: c.Min.Y}, c.Max, {X: c.Min.X, Y: c.Max.Y}})
}

// VLine is a vertical line across the data area at X with a label at
// its top, such as the CPU count. With Above the label is centred on the
// line above the data area, where it covers no data; the plot's title
// padding must leave room for it.
type VLine struct {
	X     float64
	Label string
	Style draw.LineStyle
	Font  font.Font
	Above bool
}

// Plot implements plot.Plotter.
func (v VLine) Plot(c draw.Canvas, p *plot.Plot) {
	if v.X < p.X.Min || v.X > p.X.Max {
		return
	}
	trX, _ := p.Transforms(&c)
	x := trX(v.X)
	c.StrokeLine2(v.Style, x, c.Min.Y, x, c.Max.Y)
	if v.Label == "" {
		return
	}
	sty := draw.TextStyle{Color: v.Style.Color, Font: v.Font, XAlign: draw.XLeft, YAlign: draw.YTop, Handler: p.Title.TextStyle.Handler}
	if v.Above {
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
		// Kept within the data area's width.
		half := sty.Rectangle(v.Label).Size().X / 2
		x = vg.Length(math.Min(math.Max(float64(x), float64(c.Min.X+half)), float64(c.Max.X-half)))
		c.FillText(sty, vg.Point{X: x, Y: c.Max.Y + vg.Points(2)}, v.Label)
		return
	}
	dx := vg.Points(3)
	if x > c.Min.X+(c.Max.X-c.Min.X)*3/4 {
		// Near the right edge: the label goes left of the line.
		sty.XAlign = draw.XRight
		dx = -dx
	}
	c.FillText(sty, vg.Point{X: x + dx, Y: c.Max.Y - vg.Points(2)}, v.Label)
}

// Thumbnail implements plot.Thumbnailer.
func (v VLine) Thumbnail(c *draw.Canvas) {
	x := (c.Min.X + c.Max.X) / 2
	c.StrokeLine2(v.Style, x, c.Min.Y, x, c.Max.Y)
}

// HLabel is a text at a data position, for labelling an asymptote.
type HLabel struct {
	X, Y  float64
	Text  string
	Color color.Color
	Font  font.Font
	Align draw.XAlignment
}

// Plot implements plot.Plotter.
func (h HLabel) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := draw.TextStyle{Color: h.Color, Font: h.Font, XAlign: h.Align, YAlign: draw.YBottom, Handler: p.Title.TextStyle.Handler}
	c.FillText(sty, vg.Point{X: trX(h.X), Y: trY(h.Y) + vg.Points(2)}, h.Text)
}

// MarkCPUs shades the oversubscribed region right of cpus and marks the
// CPU count with a dotted line labelled above the data area, when the x
// range goes beyond it.
func (ch *Chart) MarkCPUs(cpus int, maxX float64) {
	if cpus <= 0 {
		return
	}
	if maxX > float64(cpus) {
		r := Region{From: float64(cpus), Color: lightGrey}
		// Added before the data, so drawn behind it.
		ch.Plot.Add(r)
		ch.Legend.Add("oversubscribed (P > CPUs)", r)
	}
	f := font.From(Font, TickSize)
	ch.Plot.Add(VLine{X: float64(cpus), Label: CPULabel(cpus), Above: true,
		Style: draw.LineStyle{Color: Grey, Width: vg.Points(1), Dashes: Dotted}, Font: f})
	ch.Plot.Title.Padding += f.Size + vg.Points(6)
}

func CPULabel(n int) string {
	if n == 1 {
		return "1 CPU"
	}
	return strconv.Itoa(n) + " CPUs"
}

// WorkerTicks labels whole numbers of workers with a step that leaves at
// most eleven labels, however many workers the axis spans.
type WorkerTicks struct{}

// Ticks implements plot.Ticker.
func (WorkerTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span >= 0) || math.IsInf(span, 0) {
		return nil
	}
	step := 1.0
	for _, s := range []float64{1, 2, 4, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000} {
		step = s
		if span/s <= 10 {
			break
		}
	}
	for span/step > 10 {
		step *= 10
	}
	// Counted, not stepped: near 2⁶³ adding a small step to a float64
	// does not change it.
	var ts []plot.Tick
	first := math.Ceil(lo / step)
	for i := range 11 {
		v := (first + float64(i)) * step
		if v > hi+1e-9 {
			break
		}
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ts
}

// WorkerScale is how a worker axis is drawn: logarithmic in base 2 when
// the measured counts double, else linear; from the smallest measured
// count to the largest, with a tick at each measured count when there
// are few.
type WorkerScale struct {
	Log    bool
	counts []float64 // the distinct measured counts, ascending
}

// maxMeasuredTicks is the most measured counts that get a tick each;
// beyond, the axis has round ticks.
const maxMeasuredTicks = 12

// NewWorkerScale returns the scale of an axis over counts, logarithmic
// when the counts double or when log is set.
func NewWorkerScale(counts []float64, log bool) WorkerScale {
	cs := make([]float64, 0, len(counts))
	for _, c := range counts {
		if isFinite(c) {
			cs = append(cs, c)
		}
	}
	slices.Sort(cs)
	cs = slices.Compact(cs)
	return WorkerScale{Log: log || doubles(cs), counts: cs}
}

// doubles tells whether ascending counts grow by a factor rather than
// by a step: at least three positive counts, each at least 1.5 times the
// one before (1, 2, 4, 8, 12, 24 does; 1, 2, 3, 4 does not), spanning at
// least a factor of four.
func doubles(cs []float64) bool {
	if len(cs) < 3 || cs[0] <= 0 || cs[len(cs)-1] < 4*cs[0] {
		return false
	}
	for i := 1; i < len(cs); i++ {
		if cs[i] < 1.5*cs[i-1]*(1-1e-9) {
			return false
		}
	}
	return true
}

// Curve samples f between lo and hi with enough points for the scale.
func (s WorkerScale) Curve(lo, hi float64, f func(float64) float64) plotter.XYs {
	return Sample(lo, hi, CurveSamples, s.Log, f)
}

// Apply sets the chart's worker axis to span the counts from lo to hi,
// with room for the markers at both ends.
func (s WorkerScale) Apply(ch *Chart, lo, hi float64) {
	x := &ch.Plot.X
	x.Tick.Marker = measuredTicks{counts: s.counts, log: s.Log}
	if s.Log {
		x.Scale = LogScale{}
		x.Min, x.Max = lo/math.Pow(2, 0.25), hi*math.Pow(2, 0.25)
		if lo == hi {
			x.Min, x.Max = lo/2, hi*2
		}
		return
	}
	x.Scale = plot.LinearScale{}
	pad := (hi - lo) * 0.04
	if pad == 0 {
		pad = 0.5
	}
	if lo > 0 {
		pad = math.Min(pad, lo/2) // no count of zero or fewer workers
	}
	x.Min, x.Max = lo-pad, hi+pad
}

// measuredTicks puts a tick at each measured worker count and labels as
// many of them as fit side by side, always the first and the last.
// With more than maxMeasuredTicks counts it labels round numbers
// instead.
type measuredTicks struct {
	counts []float64
	log    bool
}

// Sizes for the guess of which tick labels fit: the width of a digit at
// the tick size, the narrowest data area of a chart and the space
// between two labels.
var (
	tickDigit   = vg.Points(0.56 * TickSize)
	minAxisLen  = vg.Points(300)
	tickSpacing = vg.Points(6)
)

// Ticks implements plot.Ticker.
func (m measuredTicks) Ticks(lo, hi float64) []plot.Tick {
	if len(m.counts) > maxMeasuredTicks || !(hi > lo) {
		if m.log {
			return Log2Ticks{}.Ticks(lo, hi)
		}
		return WorkerTicks{}.Ticks(lo, hi)
	}
	pos := func(v float64) vg.Length { return minAxisLen * vg.Length((v-lo)/(hi-lo)) }
	if m.log {
		pos = func(v float64) vg.Length { return minAxisLen * vg.Length(math.Log(v/lo)/math.Log(hi/lo)) }
	}
	fits := func(a, b plot.Tick) bool {
		need := tickDigit*vg.Length(len(a.Label)+len(b.Label))/2 + tickSpacing
		return pos(b.Value)-pos(a.Value) >= need
	}
	var ts []plot.Tick
	last := -1 // the last labelled tick
	for _, v := range m.counts {
		if v < lo || v > hi {
			continue
		}
		t := plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)}
		if last >= 0 && !fits(ts[last], t) {
			t.Label = ""
		} else {
			last = len(ts)
		}
		ts = append(ts, t)
	}
	// The largest count is labelled: drop the labels that crowd it.
	if n := len(ts); n > 1 && ts[n-1].Label == "" {
		ts[n-1].Label = strconv.FormatFloat(ts[n-1].Value, 'f', -1, 64)
		for i := n - 2; i > 0; i-- {
			if ts[i].Label == "" {
				continue
			}
			if fits(ts[i], ts[n-1]) {
				break
			}
			ts[i].Label = ""
		}
	}
	return ts
}

// LinearTicks labels 1, 2, 2.5 or 5 times a power of ten, with four to
// eight labels.
type LinearTicks struct{}

// Ticks implements plot.Ticker.
func (LinearTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span > 0) || !isFinite(span) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	mag := math.Pow(10, math.Floor(math.Log10(span)))
	step := mag
	for _, m := range []float64{0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10} {
		step = m * mag
		if span/step <= 8 {
			break
		}
	}
	var ts []plot.Tick
	for i := math.Ceil(lo / step); i*step <= hi+step*1e-9; i++ {
		v := i * step
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 6, 64)})
	}
	return ts
}

// Log2Ticks labels powers of two on a logarithmic worker axis.
type Log2Ticks struct{}

// Ticks implements plot.Ticker.
func (Log2Ticks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for v := math.Pow(2, math.Floor(math.Log2(lo))); v <= hi*(1+1e-9); v *= 2 {
		if v >= lo*(1-1e-9) {
			ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
		}
	}
	return ts
}

// Log125Ticks labels 1, 2 and 5 times the powers of ten on a logarithmic
// axis, with minor ticks between; on a range too narrow for two such
// labels, round values as on a linear axis.
type Log125Ticks struct{}

// Ticks implements plot.Ticker.
func (Log125Ticks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	if lo <= 0 || hi <= 0 {
		return nil
	}
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for m := 1; m < 10; m++ {
			v := float64(m) * base
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'g', 4, 64)
			}
			ts = append(ts, t)
		}
	}
	labels := 0
	for _, t := range ts {
		if t.Label != "" {
			labels++
		}
	}
	if labels < 2 {
		return LinearTicks{}.Ticks(lo, hi)
	}
	return ts
}

// FmtFrac formats a fraction for a label: 0.1, 0.25, 0.333.
func FmtFrac(x float64) string {
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// maxLegendRunes bounds a legend entry; longer names are cut with an
// ellipsis (the tables carry the full names).
const maxLegendRunes = 44

func LegendText(s string) string {
	r := []rune(safetext.Clean(s))
	if len(r) <= maxLegendRunes {
		return string(r)
	}
	return string(r[:maxLegendRunes-1]) + "…"
}

// Curve is one line of a LineChart: measured values, drawn with markers
// and their intervals; a reference (an ideal, the serial time), drawn in
// the references' style; or a fit of a measured curve, drawn dashed in
// its colour over the X it was fitted on. Values that are not finite are
// left out.
type Curve struct {
	Label string
	X, Y  []float64
	// Lo and Hi are the 95% interval of each measured value; nil when
	// none is known.
	Lo, Hi    []float64
	Reference bool
	// Fit is the Label of the measured curve this curve was fitted to;
	// "" for a measured curve or a reference.
	Fit string
	// Slot is the palette slot of a measured curve plus one (its colour
	// and marker, Colour(Slot−1)), so that a series keeps its colour on
	// every chart of a deck; 0 takes the slots in the curves' order.
	Slot int
}

// LineChart draws curves against the number of workers in the style of
// the report's plots: the worker axis of the measured counts (log₂ when
// they double), the CPU count marked when cpus is within the range (0:
// unknown), y from zero, and the legend where it covers no data.
func LineChart(title, ylabel string, cpus int, curves []Curve) *Chart {
	ch := New(title, "workers P", ylabel)
	var counts []float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range curves {
		for _, x := range c.X {
			if isFinite(x) && x > 0 && c.Fit == "" && !c.Reference {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
				counts = append(counts, x)
			}
		}
	}
	if lo > hi {
		lo, hi = 1, 1
	}
	if float64(cpus) <= hi {
		ch.MarkCPUs(cpus, hi)
	}
	slots := map[string]int{}
	next := 0
	for _, c := range curves {
		if c.Reference || c.Fit != "" {
			continue
		}
		slot := next
		if c.Slot > 0 {
			slot = c.Slot - 1
		}
		next++
		slots[c.Label] = slot
		var m Points
		for j := range min(len(c.X), len(c.Y)) {
			l, h := c.Y[j], c.Y[j]
			if j < len(c.Lo) && j < len(c.Hi) {
				l, h = c.Lo[j], c.Hi[j]
			}
			m.Add(c.X[j], c.Y[j], l, h, false)
		}
		ch.AddPoints(m, Colour(slot), Glyph(slot), safetext.Clean(c.Label))
	}
	for _, c := range curves {
		var xys plotter.XYs
		for j := range min(len(c.X), len(c.Y)) {
			if isFinite(c.X[j]) && c.X[j] >= lo && c.X[j] <= hi && isFinite(c.Y[j]) {
				xys = append(xys, plotter.XY{X: c.X[j], Y: c.Y[j]})
			}
		}
		switch {
		case c.Reference:
			ch.AddReference(xys, safetext.Clean(c.Label))
		case c.Fit != "":
			ch.AddLine(xys, Colour(slots[c.Fit]), 1.5, Dashed, safetext.Clean(c.Label))
		}
	}
	NewWorkerScale(counts, false).Apply(ch, lo, hi)
	ch.Plot.Y.Min = 0
	return ch
}

// CurveSamples is the number of points a fitted curve is drawn with.
const CurveSamples = 200

func Glyph(i int) draw.GlyphDrawer { return glyphs[i%len(glyphs)] }

// glyphs give each series a marker shape besides its colour.
var glyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{},
	draw.PyramidGlyph{}, draw.RingGlyph{}, draw.BoxGlyph{}, draw.CrossGlyph{}}

// LogScale is a logarithmic axis scale that maps values that are not
// positive to the bottom of the axis instead of failing.
type LogScale struct{}

// Normalize implements plot.Normalizer.
func (LogScale) Normalize(lo, hi, x float64) float64 {
	const tiny = 1e-300
	lo, hi, x = math.Max(lo, tiny), math.Max(hi, tiny), math.Max(x, tiny)
	if hi == lo {
		return 0.5
	}
	return (math.Log(x) - math.Log(lo)) / (math.Log(hi) - math.Log(lo))
}
