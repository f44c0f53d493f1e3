package report

import (
	"fmt"
	"io"
)

// pageCompare is one comparison as the HTML page shows it: the
// headline with the regressions under it, then a table per series.
type pageCompare struct {
	Headline    string
	Sides       string
	Regressions []string
	Warnings    []string
	Series      []pageCompareSeries
	Notes       []string
}

// pageCompareSeries is the table of one series compared, under its
// title.
type pageCompareSeries struct {
	Title string
	Table pageTable
}

var compareHeader = []string{"what", "base", "new", "change", "interval", "p", "verdict"}

// comparePages lays out the comparisons for the HTML page: the
// regressions under the headline, then one table per series, the shape
// before the points, and the method and the series not compared last.
func (r *Report) comparePages() []pageCompare {
	var out []pageCompare
	for _, c := range r.Comparisons {
		pc := pageCompare{Headline: c.Headline(), Sides: "base " + sideText(c.Base) + "; new " + sideText(c.New),
			Regressions: regressions(c), Warnings: c.Warnings, Notes: method(c)}
		for i := range c.Series {
			sc := &c.Series[i]
			ps := pageCompareSeries{Title: sc.Title, Table: pageTable{Header: compareHeader}}
			for _, row := range shapeRows(sc, false) {
				ps.Table.Rows = append(ps.Table.Rows, []string{row[0], row[1], row[2], row[3], "", "", row[4]})
			}
			for _, row := range pointRows(sc, false) {
				ps.Table.Rows = append(
					ps.Table.Rows,
					[]string{"time at P=" + row[0], row[1], row[2], row[3], row[4], row[5], row[6]},
				)
			}
			ps.Table.Notes = sc.Warnings
			pc.Series = append(pc.Series, ps)
		}
		for _, t := range c.OnlyBase {
			pc.Notes = append(pc.Notes, "only in base, not compared: "+t)
		}
		for _, t := range c.OnlyNew {
			pc.Notes = append(pc.Notes, "only in new, not compared: "+t)
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
