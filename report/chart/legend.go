package chart

import (
	"bytes"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The legend's place: where a box covers no mark of the plot.

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
	r := vg.Rectangle{
		Min: vg.Point{X: pt.X, Y: pt.Y - e.Descent},
		Max: vg.Point{X: pt.X + f.Width(text), Y: pt.Y + e.Ascent},
	}
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
			k.marks = append(
				k.marks,
				mark{pts: rectPoints(vg.Rectangle{Min: c.Pos.Sub(d), Max: c.Pos.Add(d)}), fill: true},
			)
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
