package report

import (
	"fmt"
	"io"
	"path/filepath"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/scalebench/scalebench/report/chart"
	"github.com/scalebench/scalebench/scaling"
)

// baselineDashes mark the measured curves of the baseline, distinct from
// the fits' dashes and dots.
var baselineDashes = []vg.Length{vg.Points(2), vg.Points(2), vg.Points(8), vg.Points(2)}

// addBaseline draws the baseline matched with series i (the j-th of
// group g), when there is one: its values y(p) joined by a dash-dotted
// line in the series' colour, with hollow markers. With several series
// the legend names the line style once.
func (r *Report) addBaseline(ch *chart.Chart, g *Group, j, i int, logY bool, y func(scaling.PointResult) float64) {
	if i >= len(r.Baseline) || r.Baseline[i] == nil || r.Baseline[i].Analysis == nil {
		return
	}
	var m chart.Points
	for _, p := range r.Baseline[i].Analysis.Points {
		v := y(p)
		m.Add(float64(p.Workers), v, v, v, logY)
	}
	if m.Len() == 0 {
		return
	}
	xys, _ := plotter.CopyXYs(m)
	l, err := plotter.NewLine(xys)
	if err != nil {
		return
	}
	c := chart.Colour(j)
	l.Color, l.Width, l.Dashes = c, vg.Points(1.5), baselineDashes
	s, _ := plotter.NewScatter(xys)
	s.Color, s.Shape, s.Radius = c, draw.RingGlyph{}, vg.Points(3.5)
	ch.Plot.Add(l, s)
	switch {
	case len(g.Series) == 1:
		ch.Legend.Add(chart.LegendText("baseline ("+filepath.Base(r.BaselineName)+")"), l, s)
	case j == r.firstBaselined(g):
		k, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}})
		k.Color, k.Width, k.Dashes = chart.Grey, vg.Points(1.5), baselineDashes
		ch.Legend.Add("baseline", k)
	}
}

// firstBaselined is the index in g of its first series with a baseline.
func (r *Report) firstBaselined(g *Group) int {
	for j, i := range g.Series {
		if i < len(r.Baseline) && r.Baseline[i] != nil {
			return j
		}
	}
	return -1
}

// pageCompare is one comparison as the HTML page shows it.
type pageCompare struct {
	Headline string
	Sides    string
	Warnings []string
	Table    pageTable
}

var compareHeader = []string{"series", "what", "base", "new", "change", "interval", "p", "verdict"}

// comparePages lays out the comparisons for the HTML page: one table
// each, the shape before the points of every series.
func (r *Report) comparePages() []pageCompare {
	var out []pageCompare
	for _, c := range r.Comparisons {
		pc := pageCompare{Headline: c.Headline(), Sides: "base " + sideText(c.Base) + "; new " + sideText(c.New),
			Warnings: c.Warnings, Table: pageTable{Header: compareHeader, Notes: method(c)}}
		for i := range c.Series {
			sc := &c.Series[i]
			for _, row := range shapeRows(sc, false) {
				pc.Table.Rows = append(pc.Table.Rows, []string{sc.Title, row[0], row[1], row[2], row[3], "", "", row[4]})
			}
			for _, row := range pointRows(sc, false) {
				pc.Table.Rows = append(pc.Table.Rows, []string{sc.Title, "time at P=" + row[0], row[1], row[2], row[3], row[4], row[5], row[6]})
			}
			for _, w := range sc.Warnings {
				pc.Table.Notes = append(pc.Table.Notes, sc.Title+": "+w)
			}
		}
		for _, t := range c.OnlyBase {
			pc.Table.Notes = append(pc.Table.Notes, "only in base, not compared: "+t)
		}
		for _, t := range c.OnlyNew {
			pc.Table.Notes = append(pc.Table.Notes, "only in new, not compared: "+t)
		}
		out = append(out, pc)
	}
	return out
}

// writeComparisonsMarkdown writes the comparisons with the baseline for
// report.md, under a heading of their own.
func (r *Report) writeComparisonsMarkdown(w io.Writer) error {
	if len(r.Comparisons) == 0 {
		return nil
	}
	if _, err := fmt.Fprint(w, "## Comparison with the baseline\n\n"); err != nil {
		return err
	}
	for _, c := range r.Comparisons {
		if err := writeCompareText(w, c, true); err != nil {
			return err
		}
		if _, err := fmt.Fprintln(w); err != nil {
			return err
		}
	}
	return nil
}
