package report

import (
	"fmt"
	"io"
)

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
