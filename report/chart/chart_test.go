package chart

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TestInkCovers checks the geometry that finds empty corners.
func TestInkCovers(t *testing.T) {
	r := vg.Rectangle{Min: vg.Point{X: 10, Y: 10}, Max: vg.Point{X: 20, Y: 20}}
	for _, tc := range []struct {
		name string
		path func(p *vg.Path)
		fill bool
		want bool
	}{
		{"segment across", func(p *vg.Path) { p.Move(vg.Point{X: 0, Y: 15}); p.Line(vg.Point{X: 30, Y: 15}) }, false, true},
		{"segment beside", func(p *vg.Path) { p.Move(vg.Point{X: 0, Y: 25}); p.Line(vg.Point{X: 30, Y: 25}) }, false, false},
		{"diagonal past the corner", func(p *vg.Path) { p.Move(vg.Point{X: 0, Y: 21}); p.Line(vg.Point{X: 9, Y: 30}) }, false, false},
		{"diagonal through", func(p *vg.Path) { p.Move(vg.Point{X: 0, Y: 0}); p.Line(vg.Point{X: 30, Y: 30}) }, false, true},
		{"circle inside", func(p *vg.Path) { p.Arc(vg.Point{X: 15, Y: 15}, 1, 0, 2*math.Pi) }, false, true},
		{"filled polygon around", func(p *vg.Path) {
			p.Move(vg.Point{X: 0, Y: 0})
			p.Line(vg.Point{X: 40, Y: 0})
			p.Line(vg.Point{X: 40, Y: 40})
			p.Line(vg.Point{X: 0, Y: 40})
			p.Close()
		}, true, true},
	} {
		var k ink
		var p vg.Path
		tc.path(&p)
		if tc.fill {
			k.Fill(p)
		} else {
			k.Stroke(p)
		}
		if got := k.covers(r); got != tc.want {
			t.Errorf("%s: covers = %v, want %v", tc.name, got, tc.want)
		}
	}
	var k ink
	var p vg.Path
	p.Move(vg.Point{X: 0, Y: 15})
	p.Line(vg.Point{X: 30, Y: 15})
	k.SetColor(GridGrey)
	k.Stroke(p)
	if k.covers(r) {
		t.Error("a grid line counts as data")
	}
}

// TestCPULabelAboveData draws the line at the CPU count: its label is
// drawn above the data area, where it covers no data.
func TestCPULabelAboveData(t *testing.T) {
	ch := New("t", "x", "y")
	ch.MarkCPUs(4, 8)
	ch.Plot.X.Min, ch.Plot.X.Max = 0, 8
	var k ink
	p := ch.Bare()
	area := vg.Rectangle{Max: vg.Point{X: 500, Y: 300}}
	p.Draw(draw.Canvas{Canvas: &k, Rectangle: area})
	da := p.DataCanvas(draw.Canvas{Rectangle: area})
	above := vg.Rectangle{Min: vg.Point{X: da.Min.X, Y: da.Max.Y + 1}, Max: vg.Point{X: da.Max.X, Y: da.Max.Y + 20}}
	if !k.covers(above) {
		t.Error("nothing is drawn above the data area: the CPU label is missing there")
	}
	if CPULabel(1) != "1 CPU" || CPULabel(8) != "8 CPUs" {
		t.Errorf("cpuLabel: %q, %q", CPULabel(1), CPULabel(8))
	}
}

// TestLineChartPredicted: a predicted curve takes the worker axis past
// the measured counts to its last count, on a log₂ scale with ticks at
// the powers of two, and adds its legend entry once.
func TestLineChartPredicted(t *testing.T) {
	measured := Curve{Label: "block", X: []float64{1, 2}, Y: []float64{1, 1.3}}
	var pred Curve
	for w := 1.0; w <= 64; w++ {
		pred.X, pred.Y = append(pred.X, w), append(pred.Y, w/2)
		pred.Lo, pred.Hi = append(pred.Lo, w/3), append(pred.Hi, w/1.5)
	}
	pred.Label, pred.Fit, pred.Predicted = "block, predicted", "block", true
	second := pred
	second.Label, second.Fit = "dynamic, predicted", "dynamic"
	ch := LineChart("t", "y", 2, []Curve{measured, {Label: "dynamic", X: []float64{1, 2}, Y: []float64{1, 1.9}},
		pred, second})
	if ch.Plot.X.Max < 64 {
		t.Errorf("the worker axis ends at %g, want 64", ch.Plot.X.Max)
	}
	var ticks []string
	for _, tk := range ch.Plot.X.Tick.Marker.Ticks(ch.Plot.X.Min, ch.Plot.X.Max) {
		if tk.Label != "" {
			ticks = append(ticks, tk.Label)
		}
	}
	if got := strings.Join(ticks, " "); got != "1 2 4 8 16 32 64" {
		t.Errorf("ticks %q, want the powers of two to 64", got)
	}
	var buf bytes.Buffer
	if err := ch.WriteSVG(&buf); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "predicted from task times"); n != 1 {
		t.Errorf("%d legend entries for the predicted curves, want 1", n)
	}
}
