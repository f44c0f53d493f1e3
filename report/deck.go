package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"unicode/utf8"
)

// A deck is a talk in one self-contained HTML page: a title slide, then
// one slide per Slide, each filling the screen. With JavaScript the
// arrow keys, Page Up/Down, space, Home, End and a click move between
// slides and the address ends in the slide's number (#3); without it the
// slides are a plain page that scrolls, one screen each. WriteDeckPage
// writes the same slides as an ordinary page.
//
// Every slide fits the screen without scrolling, at 1280×720 and at
// 1920×1080 alike, when it keeps to the limits below: the type is sized
// from the screen's height, a figure takes the room the text leaves, and
// WriteDeck refuses a slide that holds more text than fits. Split what
// does not fit into several slides.
const (
	// MaxSlideLines is the most lines a slide holds, its code lines
	// counted among them.
	MaxSlideLines = 4
	// MaxLineRunes is the longest line, in characters (it wraps to at
	// most three rows).
	MaxLineRunes = 200
	// MaxTitleRunes is the longest title (two rows).
	MaxTitleRunes = 110
	// MaxSlideRows is the most rows of a slide's table, header aside.
	MaxSlideRows = 8
	// MaxSlideColumns is the most columns of a slide's table.
	MaxSlideColumns = 6
	// MaxCellRunes is the longest cell of a slide's table or panel.
	MaxCellRunes = 60
	// MaxKickerRunes is the longest kicker (one row).
	MaxKickerRunes = 70
	// MaxLeadRunes is the longest lead sentence (three rows).
	MaxLeadRunes = 240
	// MaxSourceRunes is the longest source (two rows).
	MaxSourceRunes = 190
	// MaxCodeRunes is the longest code line (it wraps to two rows).
	MaxCodeRunes = 200
	// MaxBadgeRunes is the longest badge, in a panel or a table.
	MaxBadgeRunes = 20
	// MaxPanelLines is the most lines of a panel.
	MaxPanelLines = 1
	// MaxPanelLineRunes is the longest line of a panel: the verdict's
	// sentence, set across the slide under its badge (two rows).
	MaxPanelLineRunes = 200
	// MaxPanelRows is the most rows of a panel, faint ones included.
	MaxPanelRows = 12
	// MaxPanelNameRunes and MaxPanelValueRunes are the longest name and
	// value of a panel's row.
	MaxPanelNameRunes  = 34
	MaxPanelValueRunes = 12
	// MaxPanelTitleRunes is the longest title of a slide with a panel.
	// A slide with a panel has neither lead nor code: the panel takes
	// their room.
	MaxPanelTitleRunes = 100
)

// Deck is a talk: a title slide made of Title and Subtitle, then Slides.
type Deck struct {
	// Title heads the title slide and names the page.
	Title string
	// Subtitle is one line under the title (the machine, the date).
	Subtitle string
	Slides   []Slide
}

// Slide is one slide: a kicker, a heading and a lead sentence, code
// lines, then a figure, a table or neither (or two figures side by side,
// or a figure beside a panel), then a few short lines and the source.
// A slide with neither figure, table nor panel shows its lines in larger
// type. Every part but the heading may be empty; every text is escaped.
type Slide struct {
	// ID is the slide's anchor, made of [a-z0-9-]; "" for none.
	ID string
	// Kicker is a small line above the title: "Lesson 3 of 10".
	Kicker string
	Title  string
	// Lead is a sentence under the title, in larger type: a claim.
	Lead string
	// Code are command lines, shown in monospace after a "$ " prompt.
	Code []string
	// Figure is an SVG document drawn as large as the slide allows
	// (gonum/plot output, such as Report.SVG or Chart.WriteSVG writes).
	// It is inserted as it is: it must come from the program, never
	// from input. Alt describes it for screen readers.
	Figure []byte
	Alt    string
	// Figure2 is a second figure, beside Figure and as large.
	Figure2 []byte
	Alt2    string
	Table   *SlideTable
	// Panel is shown beside the figure, or alone in its place.
	Panel *SlidePanel
	// Lines are short sentences under the figure or table.
	Lines []string
	// Source is a small line at the foot of the slide: where a claim
	// or the data come from.
	Source string
}

// SlideTable is a small table on a slide.
type SlideTable struct {
	Header []string // nil: no header row
	Rows   [][]string
	// Tones, when set, runs parallel to Rows: a cell with a tone is
	// drawn as a badge of that tone.
	Tones [][]Tone
}

// Tone is the colour of a badge.
type Tone string

// The tones of badges.
const (
	NoTone  Tone = ""
	Good    Tone = "good"    // green: a claim held
	Bad     Tone = "bad"     // red: it did not
	Neutral Tone = "neutral" // grey: no one can tell
)

// SlidePanel is a verdict beside a figure: a badge, a line that says
// why, and the numbers behind it, with the thresholds (Faint) muted.
type SlidePanel struct {
	Badge string
	Tone  Tone
	Lines []string
	// Rows and Faint are a name and a value each.
	Rows, Faint [][2]string
}

// long reports a text longer than limit characters.
func long(what, text string, limit int) error {
	if n := utf8.RuneCountInString(text); n > limit {
		return fmt.Errorf("%s has %d characters, at most %d fit", what, n, limit)
	}
	return nil
}

// check reports the first limit the slide breaks.
func (s *Slide) check() error {
	for _, t := range []struct {
		what, text string
		limit      int
	}{{"the title", s.Title, MaxTitleRunes}, {"the kicker", s.Kicker, MaxKickerRunes},
		{"the lead", s.Lead, MaxLeadRunes}, {"the source", s.Source, MaxSourceRunes}} {
		if err := long(t.what, t.text, t.limit); err != nil {
			return err
		}
	}
	if n := len(s.Lines) + len(s.Code); n > MaxSlideLines {
		return fmt.Errorf("%d lines, at most %d fit", n, MaxSlideLines)
	}
	for i, l := range s.Lines {
		if err := long(fmt.Sprintf("line %d", i+1), l, MaxLineRunes); err != nil {
			return err
		}
	}
	for i, l := range s.Code {
		if err := long(fmt.Sprintf("code line %d", i+1), l, MaxCodeRunes); err != nil {
			return err
		}
	}
	switch {
	case s.Figure2 != nil && s.Figure == nil:
		return fmt.Errorf("a second figure without a first")
	case s.Figure2 != nil && s.Panel != nil:
		return fmt.Errorf("a panel does not fit beside two figures")
	case s.Table != nil && (s.Figure != nil || s.Panel != nil):
		return fmt.Errorf("a figure and a table do not fit together")
	}
	if s.Panel != nil {
		if err := long("the title of a slide with a panel", s.Title, MaxPanelTitleRunes); err != nil {
			return err
		}
	}
	if err := s.Panel.check(); err != nil {
		return err
	}
	return s.Table.check()
}

// check reports the first limit the table breaks; nil is no table.
func (t *SlideTable) check() error {
	if t == nil {
		return nil
	}
	if len(t.Rows) > MaxSlideRows {
		return fmt.Errorf("a table of %d rows, at most %d fit", len(t.Rows), MaxSlideRows)
	}
	for _, row := range append([][]string{t.Header}, t.Rows...) {
		if len(row) > MaxSlideColumns {
			return fmt.Errorf("a table of %d columns, at most %d fit", len(row), MaxSlideColumns)
		}
		for _, c := range row {
			if err := long("a cell", c, MaxCellRunes); err != nil {
				return err
			}
		}
	}
	for i, row := range t.Tones {
		for j, tone := range row {
			if err := tone.check(); err != nil {
				return err
			}
			if tone != NoTone && i < len(t.Rows) && j < len(t.Rows[i]) {
				if err := long("a badge", t.Rows[i][j], MaxBadgeRunes); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// check reports the first limit the panel breaks; nil is no panel.
func (p *SlidePanel) check() error {
	if p == nil {
		return nil
	}
	if err := long("the badge", p.Badge, MaxBadgeRunes); err != nil {
		return err
	}
	if err := p.Tone.check(); err != nil {
		return err
	}
	if len(p.Lines) > MaxPanelLines {
		return fmt.Errorf("a panel of %d lines, at most %d fit", len(p.Lines), MaxPanelLines)
	}
	for _, l := range p.Lines {
		if err := long("a panel's line", l, MaxPanelLineRunes); err != nil {
			return err
		}
	}
	if n := len(p.Rows) + len(p.Faint); n > MaxPanelRows {
		return fmt.Errorf("a panel of %d rows, at most %d fit", n, MaxPanelRows)
	}
	for _, row := range append(p.Rows[:len(p.Rows):len(p.Rows)], p.Faint...) {
		if err := long("a panel's name", row[0], MaxPanelNameRunes); err != nil {
			return err
		}
		if err := long("a panel's value", row[1], MaxPanelValueRunes); err != nil {
			return err
		}
	}
	return nil
}

// check reports a tone that is not one of the tones.
func (t Tone) check() error {
	switch t {
	case NoTone, Good, Bad, Neutral:
		return nil
	}
	return fmt.Errorf("tone %q is not good, bad or neutral", string(t))
}

// Thousands groups the digits of every whole number of five digits or
// more in s by thousands, with commas: "4580597 bytes" becomes
// "4,580,597 bytes". Digits after a decimal point are left alone, and
// so is a parameter's value as the command line gives it (points=1000000).
func Thousands(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i {
			b.WriteByte(s[i])
			i++
			continue
		}
		run := s[i:j]
		if len(run) < 5 || i > 0 && strings.IndexByte(".,=", s[i-1]) >= 0 {
			b.WriteString(run)
		} else {
			for k, c := range run {
				if k > 0 && (len(run)-k)%3 == 0 {
					b.WriteByte(',')
				}
				b.WriteRune(c)
			}
		}
		i = j
	}
	return b.String()
}

// deckSlide is a slide as the template shows it.
type deckSlide struct {
	Slide
	N          int
	SVG, SVG2  template.HTML
	Cells      [][]deckCell
	Side, Text bool // a figure with something beside it; a slide of text
}

// deckCell is a cell of a table as the template shows it.
type deckCell struct {
	Text string
	Tone Tone
}

// newDeckSlide prepares s, slide number n, for the template.
func newDeckSlide(s Slide, n int) deckSlide {
	ds := deckSlide{Slide: s, N: n, Side: s.Figure2 != nil || s.Panel != nil,
		Text: s.Figure == nil && s.Table == nil && s.Panel == nil}
	// The figures come from the program (see Slide.Figure).
	if s.Figure != nil {
		ds.SVG = template.HTML(svgInline(s.Figure, s.Alt))
	}
	if s.Figure2 != nil {
		ds.SVG2 = template.HTML(svgInline(s.Figure2, s.Alt2))
	}
	if p := s.Panel; p != nil {
		// A copy, its values' long numbers grouped: the caller's panel
		// stays as it was.
		q := *p
		group := func(rows [][2]string) [][2]string {
			out := make([][2]string, len(rows))
			for i, r := range rows {
				out[i] = [2]string{r[0], Thousands(r[1])}
			}
			return out
		}
		q.Rows, q.Faint = group(p.Rows), group(p.Faint)
		ds.Panel = &q
	}
	if t := s.Table; t != nil {
		for i, row := range t.Rows {
			cells := make([]deckCell, len(row))
			for j, c := range row {
				cells[j].Text = Thousands(c)
				if i < len(t.Tones) && j < len(t.Tones[i]) {
					cells[j].Tone = t.Tones[i][j]
				}
			}
			ds.Cells = append(ds.Cells, cells)
		}
	}
	return ds
}

// WriteDeck writes d as one self-contained HTML page (no network; the
// one script is the deck's own). It returns an error naming the first
// slide that holds more than fits.
func WriteDeck(w io.Writer, d Deck) error { return writeDeck(w, d, deckTmpl) }

// WriteDeckPage writes d as an ordinary page that scrolls, without a
// script: the slides one under the other, each as tall as it needs, for
// reading rather than showing. It refuses what WriteDeck refuses.
func WriteDeckPage(w io.Writer, d Deck) error { return writeDeck(w, d, deckPageTmpl) }

func writeDeck(w io.Writer, d Deck, tmpl *template.Template) error {
	if err := (&Slide{Title: d.Title, Lines: []string{d.Subtitle}}).check(); err != nil {
		return fmt.Errorf("title slide: %w", err)
	}
	page := struct {
		Title, Subtitle string
		Slides          []deckSlide
	}{Title: d.Title, Subtitle: d.Subtitle}
	for i, s := range d.Slides {
		if err := s.check(); err != nil {
			return fmt.Errorf("slide %d (%s): %w", i+2, s.Title, err)
		}
		if s.ID != "" && slug(s.ID) != s.ID {
			return fmt.Errorf("slide %d (%s): id %q is not made of a-z, 0-9 and -", i+2, s.Title, s.ID)
		}
		page.Slides = append(page.Slides, newDeckSlide(s, i+2))
	}
	return tmpl.Execute(w, page)
}
