package chart

import (
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

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
	if ch.addMarked(m, c, glyph, 1, nil, legend) {
		ch.data = append(ch.data, m)
	}
}

// AddBaseline draws the measurements of a baseline in the references'
// colour: hollow rings with their intervals, joined by a dashed line.
func (ch *Chart) AddBaseline(m Points, legend string) {
	ch.addMarked(m, RefGrey, draw.RingGlyph{}, RefWidth, Dashed, legend)
}

// addMarked draws m as markers of glyph joined by a line of width and
// dashes, with interval bars, all in colour c, and reports whether it
// drew anything.
func (ch *Chart) addMarked(m Points, c color.Color, glyph draw.GlyphDrawer, width float64, dashes []vg.Length,
	legend string) bool {
	if m.Len() == 0 {
		return false
	}
	xys, _ := plotter.CopyXYs(m)
	l, err := plotter.NewLine(xys)
	if err != nil {
		return false
	}
	l.Color, l.Width, l.Dashes = c, vg.Points(width), dashes
	s, _ := plotter.NewScatter(xys)
	s.Color, s.Shape, s.Radius = c, glyph, vg.Points(3.5)
	e, err := plotter.NewYErrorBars(m)
	if err != nil {
		return false
	}
	e.Color, e.Width, e.CapWidth = c, vg.Points(1.2), vg.Points(7)
	ch.Plot.Add(l, e, s)
	if legend != "" {
		ch.Legend.Add(LegendText(legend), l, s)
	}
	return true
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
	sty := draw.TextStyle{
		Color:   v.Style.Color,
		Font:    v.Font,
		XAlign:  draw.XLeft,
		YAlign:  draw.YTop,
		Handler: p.Title.TextStyle.Handler,
	}
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
	sty := draw.TextStyle{
		Color:   h.Color,
		Font:    h.Font,
		XAlign:  h.Align,
		YAlign:  draw.YBottom,
		Handler: p.Title.TextStyle.Handler,
	}
	c.FillText(sty, vg.Point{X: trX(h.X), Y: trY(h.Y) + vg.Points(2)}, h.Text)
}
