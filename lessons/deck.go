package lessons

import (
	"fmt"
	"io"
	"strconv"

	"github.com/scalebench/scalebench/report"
)

// lessonSlides builds the slides of lesson number i of n from its data
// and verdict: the textbook curves first when it has them, then the
// measurement with the verdict beside it.
func lessonSlides(l Lesson, i, n int, d Data, v Verdict) ([]report.Slide, error) {
	var cmds []string
	for _, e := range l.Experiments {
		cmds = append(cmds, e.Command())
	}
	kicker := "Lesson " + strconv.Itoa(i) + " of " + strconv.Itoa(n)
	source := "From " + l.Seed
	var out []report.Slide
	if l.Theory != nil {
		th := report.Slide{ID: l.Name + "-theory", Kicker: kicker + " · the textbook", Title: l.Title, Lead: l.Claim,
			Source: source}
		for k, c := range l.Theory() {
			svg, err := chartSVG(c)
			if err != nil {
				return nil, fmt.Errorf("lesson %s: %w", l.Name, err)
			}
			switch k {
			case 0:
				th.Figure, th.Alt = svg, c.Plot.Title.Text
			case 1:
				th.Figure2, th.Alt2 = svg, c.Plot.Title.Text
			default:
				return nil, fmt.Errorf("lesson %s: %d textbook charts, at most 2 fit a slide", l.Name, k+1)
			}
		}
		out = append(out, th)
	}
	s := report.Slide{ID: l.Name, Kicker: kicker + " · measured here", Title: l.Title, Lead: l.Claim, Code: cmds,
		Panel: v.panel(), Source: source}
	if len(d.Series) > 0 {
		c := l.Chart(d)
		svg, err := c.SVG()
		if err != nil {
			return nil, fmt.Errorf("lesson %s: %w", l.Name, err)
		}
		s.Figure, s.Alt = svg, c.Title
	}
	return append(out, s), nil
}

// Tone returns the colour of an outcome's badge.
func (o Outcome) Tone() report.Tone {
	switch o {
	case Held:
		return report.Good
	case NotHeld:
		return report.Bad
	}
	return report.Neutral
}

// panel is the verdict as a slide shows it beside the chart: the badge,
// the reason, the numbers and, muted, the thresholds.
func (v Verdict) panel() *report.SlidePanel {
	p := &report.SlidePanel{Badge: string(v.Outcome), Tone: v.Outcome.Tone()}
	if v.Reason != "" {
		p.Lines = []string{report.Clip(v.Reason, report.MaxLineRunes)}
	}
	cells := func(ns []Number) [][2]string {
		var out [][2]string
		for _, n := range ns {
			name, value := report.Clip(n.Name, report.MaxPanelNameRunes), report.Clip(n.Text(), report.MaxPanelValueRunes)
			out = append(out, [2]string{name, value})
		}
		return out
	}
	p.Rows, p.Faint = cells(v.Numbers), cells(v.Thresholds)
	return p
}

// listTable lays out cells, a row of one or two cells each, in a table
// of at most report.MaxSlideRows rows: in two columns of such rows when
// there are more, read down the first column and then the second.
func listTable(cells [][]string, tones [][]report.Tone) *report.SlideTable {
	t := &report.SlideTable{}
	rows := len(cells)
	if rows > report.MaxSlideRows {
		rows = (rows + 1) / 2
	}
	for i, c := range cells {
		r := i % rows
		if r == len(t.Rows) {
			t.Rows, t.Tones = append(t.Rows, nil), append(t.Tones, nil)
		}
		t.Rows[r] = append(t.Rows[r], c...)
		t.Tones[r] = append(t.Tones[r], tones[i]...)
	}
	return t
}

// WriteSlides writes d as a deck: one slide per screen (report.WriteDeck).
func WriteSlides(w io.Writer, d report.Deck) error { return report.WriteDeck(w, d) }

// WritePage writes d as one page that scrolls (report.WriteDeckPage).
func WritePage(w io.Writer, d report.Deck) error { return report.WriteDeckPage(w, d) }
