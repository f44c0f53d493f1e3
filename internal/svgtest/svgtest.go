// Package svgtest reads back the SVG documents that report/chart draws,
// for the tests of their visual language: which colour each series has,
// that reference curves share one style, and that no fitted curve is
// drawn past the points it was fitted on unless it is marked
// extrapolated. It reads what gonum/plot's SVG canvas writes, not SVG in
// general. Only tests import it.
package svgtest

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Path is one path of a drawing, in the drawing's coordinates (points,
// y upwards).
type Path struct {
	Pts     [][2]float64
	Arc     bool // it has arcs: a round marker
	Fill    string
	Stroke  string
	Width   string
	Dashes  string
	Opacity float64 // of the stroke or the fill; 1 when opaque
	Style   string
}

// Text is one text of a drawing that is not rotated: its left end and
// baseline.
type Text struct {
	X, Y float64
	Text string
}

// Drawing is what a chart's SVG holds.
type Drawing struct {
	Paths []Path
	Texts []Text
}

var (
	pathRE = regexp.MustCompile(`<path d="([^"]*)" style="([^"]*)"`)
	textRE = regexp.MustCompile(
		`(?s)<text x="([-0-9.e]+)" y="([-0-9.e]+)" transform="scale\(1, -1\)"\s*style="[^"]*">([^<]*)</text>`,
	)
	rotateRE = regexp.MustCompile(`(?s)<g transform="rotate\([^)]*\)">.*?</g>`)
	numRE    = regexp.MustCompile(`[-0-9.e]+`)
)

// Parse reads a chart's SVG.
func Parse(svg []byte) (*Drawing, error) {
	s := string(svg)
	if !strings.Contains(s, "<svg") {
		return nil, fmt.Errorf("not an SVG document")
	}
	d := &Drawing{}
	for _, m := range pathRE.FindAllStringSubmatch(s, -1) {
		d.Paths = append(d.Paths, parsePath(m[1], m[2]))
	}
	for _, m := range textRE.FindAllStringSubmatch(rotateRE.ReplaceAllString(s, ""), -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		d.Texts = append(d.Texts, Text{X: x, Y: -y, Text: unescape(m[3])})
	}
	return d, nil
}

func unescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'").Replace(s)
}

// parsePath reads the commands M, L, A and Z of a path and its style.
func parsePath(d, style string) Path {
	p := Path{Style: style, Opacity: 1}
	for _, part := range strings.Split(style, ";") {
		k, v, _ := strings.Cut(part, ":")
		switch k {
		case "fill":
			p.Fill = strings.ToUpper(v)
		case "stroke":
			p.Stroke = strings.ToUpper(v)
		case "stroke-width":
			p.Width = v
		case "stroke-dasharray":
			p.Dashes = v
		case "stroke-opacity", "fill-opacity":
			p.Opacity, _ = strconv.ParseFloat(v, 64)
		}
	}
	if p.Fill == "NONE" {
		p.Fill = ""
	}
	for _, cmd := range regexp.MustCompile(`[MLAZ][^MLAZ]*`).FindAllString(d, -1) {
		nums := numRE.FindAllString(cmd[1:], -1)
		if cmd[0] == 'A' {
			p.Arc = true
		}
		if len(nums) >= 2 {
			x, _ := strconv.ParseFloat(nums[len(nums)-2], 64)
			y, _ := strconv.ParseFloat(nums[len(nums)-1], 64)
			p.Pts = append(p.Pts, [2]float64{x, y})
		}
	}
	return p
}

// Box is the bounding box of the path.
func (p *Path) Box() (minX, minY, maxX, maxY float64) {
	minX, minY, maxX, maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, q := range p.Pts {
		minX, maxX = math.Min(minX, q[0]), math.Max(maxX, q[0])
		minY, maxY = math.Min(minY, q[1]), math.Max(maxY, q[1])
	}
	return
}

// Colour is the colour the path draws with: its stroke, else its fill.
func (p *Path) Colour() string {
	if p.Stroke != "" {
		return p.Stroke
	}
	return p.Fill
}

// Neutral tells whether a colour is a grey (white and black included).
func Neutral(c string) bool {
	return len(c) == 7 && c[1:3] == c[3:5] && c[3:5] == c[5:7]
}

// Marker is the centre and colour of a marker of a measured point.
type Marker struct {
	X, Y   float64
	Colour string
	Legend string // the legend entry it stands beside; "" for a point
}

// Markers are the markers of the drawing: small shapes of more than two
// points, or the slanted strokes of a cross (not the bars of an
// interval), in a colour.
func (d *Drawing) Markers() []Marker {
	var out []Marker
	for _, p := range d.Paths {
		x0, y0, x1, y1 := p.Box()
		cross := len(p.Pts) == 2 && x1 > x0 && y1 > y0 // a stroke of a cross
		if len(p.Pts) < 3 && !p.Arc && !cross || x1-x0 > 10 || y1-y0 > 10 || p.Colour() == "" || p.Opacity < 1 {
			continue
		}
		m := Marker{X: (x0 + x1) / 2, Y: (y0 + y1) / 2, Colour: p.Colour()}
		m.Legend = d.legendAt(m.X, m.Y)
		out = append(out, m)
	}
	return out
}

// legendAt is the legend entry whose sample holds the point (x, y): the
// text just right of it on the same row.
func (d *Drawing) legendAt(x, y float64) string {
	for _, t := range d.Texts {
		if t.X >= x && t.X-x <= 40 && math.Abs(t.Y+3.5-y) <= 6 {
			return t.Text
		}
	}
	return ""
}

// inLegend tells whether a path is the sample line of a legend entry.
func (d *Drawing) inLegend(p *Path) bool {
	x0, y0, x1, y1 := p.Box()
	return len(p.Pts) == 2 && y0 == y1 && x1-x0 <= 30 && d.legendAt(x1, y0) != "" ||
		d.legendAt((x0+x1)/2, (y0+y1)/2) != "" && x1-x0 <= 30
}

// LegendColours maps each legend entry that has a marker to the colour
// of its marker.
func (d *Drawing) LegendColours() map[string]string {
	out := map[string]string{}
	for _, m := range d.Markers() {
		if m.Legend != "" {
			out[m.Legend] = m.Colour
		}
	}
	return out
}

// PointColours are the colours of the markers of measured points that
// are not grey (grey is the baseline's).
func (d *Drawing) PointColours() map[string]bool {
	out := map[string]bool{}
	for _, m := range d.Markers() {
		if m.Legend == "" && !Neutral(m.Colour) {
			out[m.Colour] = true
		}
	}
	return out
}

// cpuLine is the style of the dotted line at the CPU count.
const cpuLine = "fill:none;stroke:#555555;stroke-dasharray:1.5,2.5"

// References checks that every dashed grey line but the CPU line and
// the legend's keys is drawn in the one style of references, want, and
// that, on a chart of measured points, every dashed coloured line has
// the colour of a measured series (a fit, not a reference in colour).
// It returns the problems found.
func (d *Drawing) References(want string) []string {
	var bad []string
	colours := d.PointColours()
	for i := range d.Paths {
		p := &d.Paths[i]
		if p.Stroke == "" || p.Dashes == "" || p.Style == cpuLine {
			continue
		}
		key := d.inLegend(p) && p.Stroke == "#555555"
		switch {
		case Neutral(p.Stroke) && !key && p.Style != want:
			bad = append(bad, fmt.Sprintf("a grey dashed line in %q, not the references' %q", p.Style, want))
		case !Neutral(p.Stroke) && len(colours) > 0 && !colours[p.Stroke] && p.Opacity == 1:
			bad = append(bad, fmt.Sprintf("a dashed line in %s, the colour of no measured series", p.Stroke))
		}
	}
	return bad
}

// Fits checks that no line or band in the colour of a measured series,
// but its measured points' own, reaches right of the last of its points
// left of the CPU line (the points fits use), unless it is faint: an
// extrapolation, which the legend must name. It returns the problems
// found.
func (d *Drawing) Fits() []string {
	cpuX := math.Inf(1)
	for _, p := range d.Paths {
		if p.Style == cpuLine && len(p.Pts) == 2 && p.Pts[0][0] == p.Pts[1][0] {
			cpuX = p.Pts[0][0]
		}
	}
	limit := map[string]float64{}
	for _, m := range d.Markers() {
		if m.Legend == "" && !Neutral(m.Colour) && m.X <= cpuX+0.5 {
			limit[m.Colour] = math.Max(limit[m.Colour], m.X)
		}
	}
	var bad []string
	faint := false
	for i := range d.Paths {
		p := &d.Paths[i]
		band := p.Fill != "" && p.Opacity < 1
		_, _, x1, _ := p.Box()
		lim, ok := limit[nearest(p.Colour(), limit)]
		switch {
		case !ok || d.inLegend(p) || (p.Dashes == "" || p.Stroke == "") && !band || len(p.Pts) < 2:
		case p.Opacity < 1 && !band:
			faint = true
		case x1 > lim+0.5:
			bad = append(
				bad,
				fmt.Sprintf(
					"a fitted line or band in %s reaches x = %.1f, past its last fitted point at %.1f",
					p.Colour(),
					x1,
					lim,
				),
			)
		}
	}
	if faint && !d.HasText("extrapolated") {
		bad = append(bad, "a faint extension of a fit, but no legend entry says extrapolated")
	}
	return bad
}

// HasText tells whether some text of the drawing contains s.
func (d *Drawing) HasText(s string) bool {
	for _, t := range d.Texts {
		if strings.Contains(t.Text, s) {
			return true
		}
	}
	return false
}

// nearest is the colour of limits closest to c, within a few steps of
// each component (a translucent fill is stored premultiplied); "" when
// none is.
func nearest(c string, limits map[string]float64) string {
	rgb := func(s string) (r, g, b int64) {
		if len(s) != 7 {
			return -99, -99, -99
		}
		r, _ = strconv.ParseInt(s[1:3], 16, 0)
		g, _ = strconv.ParseInt(s[3:5], 16, 0)
		b, _ = strconv.ParseInt(s[5:7], 16, 0)
		return r, g, b
	}
	r, g, b := rgb(c)
	for k := range limits {
		kr, kg, kb := rgb(k)
		if abs(kr-r) <= 3 && abs(kg-g) <= 3 && abs(kb-b) <= 3 {
			return k
		}
	}
	return ""
}

func abs(x int64) int64 { return max(x, -x) }
