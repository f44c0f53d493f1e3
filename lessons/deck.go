package lessons

import (
	"fmt"
	"html/template"
	"io"
	"strconv"
)

// Slide is the content of one slide, apart from how it is laid out: a
// lesson's measurement (with its verdict), its textbook curves, or the
// title and the closing summary.
type Slide struct {
	Kicker   string // a small line above the title: "Lesson 3 of 10"
	Title    string
	Claim    string   // the claim in one sentence, or the slide's text
	Commands []string // the command lines that test the claim
	SVGs     []template.HTML
	Verdict  *Verdict // nil on slides without one
	Seed     string   // the seed document cited
	// Rows is the summary table of the closing slide: lesson and verdict.
	Rows [][2]string
}

// Deck is a titled list of slides.
type Deck struct {
	Title  string
	Slides []Slide
}

// lessonSlides builds the slides of lesson number i of n from its data
// and verdict: the textbook curves first when it has them, then the
// measurement.
func lessonSlides(l Lesson, i, n int, d Data, v Verdict) ([]Slide, error) {
	var cmds []string
	for _, e := range l.Experiments {
		cmds = append(cmds, e.Command())
	}
	kicker := "Lesson " + strconv.Itoa(i) + " of " + strconv.Itoa(n)
	var out []Slide
	if l.Theory != nil {
		th := Slide{Kicker: kicker + " · the textbook", Title: l.Title, Claim: l.Claim, Seed: l.Seed}
		for _, c := range l.Theory() {
			svg, err := c.SVG()
			if err != nil {
				return nil, err
			}
			th.SVGs = append(th.SVGs, template.HTML(svg))
		}
		out = append(out, th)
	}
	svg, err := l.Chart(d).SVG()
	if err != nil {
		return nil, fmt.Errorf("lesson %s: %w", l.Name, err)
	}
	s := Slide{Kicker: kicker + " · measured here", Title: l.Title, Claim: l.Claim, Commands: cmds, Seed: l.Seed, Verdict: &v}
	if len(d.Series) > 0 {
		s.SVGs = []template.HTML{template.HTML(svg)}
	}
	return append(out, s), nil
}

// Class returns the CSS class of an outcome.
func (o Outcome) Class() string {
	switch o {
	case Held:
		return "held"
	case NotHeld:
		return "not-held"
	}
	return "inconclusive"
}

// WriteSlides writes d as a deck: one slide per screen, arrow keys or
// scrolling to move. WritePage writes it as one scrolling page.
func WriteSlides(w io.Writer, d Deck) error { return deckTmpl.Execute(w, deckData{d, true}) }

// WritePage writes d as a page that scrolls.
func WritePage(w io.Writer, d Deck) error { return deckTmpl.Execute(w, deckData{d, false}) }

type deckData struct {
	Deck
	Slides bool
}

var deckTmpl = template.Must(template.New("deck").Funcs(template.FuncMap{
	"class": func(o string) string { return Outcome(o).Class() },
}).Parse(deckHTML))
