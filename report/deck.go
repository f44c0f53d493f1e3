package report

import (
	"fmt"
	"html/template"
	"io"
	"unicode/utf8"
)

// A deck is a talk in one self-contained HTML page: a title slide, then
// one slide per Slide, each filling the screen. With JavaScript the
// arrow keys, Page Up/Down, space, Home, End and a click move between
// slides and the address ends in the slide's number (#3); without it the
// slides are a plain page that scrolls, one screen each.
//
// Every slide fits the screen without scrolling, at 1280×720 and at
// 1920×1080 alike, when it keeps to the limits below: the type is sized
// from the screen's height, a figure takes the room the text leaves, and
// WriteDeck refuses a slide that holds more text than fits. Split what
// does not fit into several slides.
const (
	// MaxSlideLines is the most lines a slide holds.
	MaxSlideLines = 4
	// MaxLineRunes is the longest line and the longest title, in
	// characters (a line wraps to at most three rows).
	MaxLineRunes = 200
	// MaxSlideRows is the most rows of a slide's table, header aside.
	MaxSlideRows = 8
	// MaxSlideColumns is the most columns of a slide's table.
	MaxSlideColumns = 6
	// MaxCellRunes is the longest cell of a slide's table.
	MaxCellRunes = 60
)

// Deck is a talk: a title slide made of Title and Subtitle, then Slides.
type Deck struct {
	// Title heads the title slide and names the page.
	Title string
	// Subtitle is one line under the title (the machine, the date).
	Subtitle string
	Slides   []Slide
}

// Slide is one slide: a heading, then a figure, a table or neither, then
// a few short lines. A slide with neither figure nor table shows its
// lines in larger type. Every text is escaped.
type Slide struct {
	// ID is the slide's anchor, made of [a-z0-9-]; "" for none.
	ID    string
	Title string
	// Figure is an SVG document drawn as large as the slide allows
	// (gonum/plot output, such as Report.SVG or Chart.WriteSVG writes).
	// It is inserted as it is: it must come from the program, never
	// from input. Alt describes it for screen readers.
	Figure []byte
	Alt    string
	Table  *SlideTable
	// Lines are short sentences under the figure or table.
	Lines []string
}

// SlideTable is a small table on a slide.
type SlideTable struct {
	Header []string
	Rows   [][]string
}

// check reports the first limit the slide breaks.
func (s *Slide) check() error {
	long := func(what, text string, limit int) error {
		if n := utf8.RuneCountInString(text); n > limit {
			return fmt.Errorf("%s has %d characters, at most %d fit", what, n, limit)
		}
		return nil
	}
	if err := long("the title", s.Title, MaxLineRunes); err != nil {
		return err
	}
	if len(s.Lines) > MaxSlideLines {
		return fmt.Errorf("%d lines, at most %d fit", len(s.Lines), MaxSlideLines)
	}
	for i, l := range s.Lines {
		if err := long(fmt.Sprintf("line %d", i+1), l, MaxLineRunes); err != nil {
			return err
		}
	}
	t := s.Table
	if t == nil {
		return nil
	}
	if s.Figure != nil {
		return fmt.Errorf("a figure and a table do not fit together")
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
	return nil
}

// deckSlide is a slide as the template shows it.
type deckSlide struct {
	Slide
	N   int
	SVG template.HTML
}

// WriteDeck writes d as one self-contained HTML page (no network; the
// one script is the deck's own). It returns an error naming the first
// slide that holds more than fits.
func WriteDeck(w io.Writer, d Deck) error {
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
		ds := deckSlide{Slide: s, N: i + 2}
		if s.Figure != nil {
			// The figure comes from the program (see Slide.Figure).
			ds.SVG = template.HTML(svgInline(s.Figure, s.Alt))
		}
		page.Slides = append(page.Slides, ds)
	}
	return deckTmpl.Execute(w, page)
}

// deckCSS sizes the type from the screen's height (and its width, for
// screens narrower than 16:9), so that a slide that fits 1280×720 fits
// 1920×1080 at the same proportions.
const deckCSS = `
html { font-size: min(3.3vh, 1.86vw); scroll-snap-type: y mandatory; }
body { line-height: 1.3; }
section.slide { height: 100vh; padding: 3.5vh 4vw; display: flex; flex-direction: column; gap: 1.6vh; overflow: hidden; border-bottom: 2px solid var(--line); scroll-snap-align: start; }
section.slide h1 { font-size: 2.4rem; margin: 0; }
section.slide h2 { font-size: 1.55rem; margin: 0; flex: none; }
section.slide figure { flex: 1 1 0; min-height: 0; margin: 0; display: flex; justify-content: center; }
section.slide figure svg.plot { width: 100%; height: 100%; max-width: none; }
section.slide ul.lines { flex: none; margin: 0; padding-left: 1.1em; font-size: 1rem; }
section.slide ul.lines li { margin: 0.15em 0; }
section.slide table { flex: none; font-size: 0.9rem; margin: 1vh 0; max-width: 100%; }
section.slide th, section.slide td { white-space: normal; overflow-wrap: anywhere; padding: 0.2em 0.5em; }
section.cover, section.text { justify-content: center; }
section.cover p { font-size: 1.2rem; color: var(--muted); margin: 0; }
section.text ul.lines { font-size: 1.3rem; }
.counter { position: fixed; right: 1.2vw; bottom: 1vh; font-size: 0.6rem; color: var(--muted); display: none; }
html.js { scroll-snap-type: none; }
html.js body { overflow: hidden; }
html.js section.slide { display: none; border: 0; }
html.js section.slide.current { display: flex; }
html.js .counter { display: block; }
`

// deckJS moves between the slides; without it they scroll.
const deckJS = `
(function () {
  var slides = document.querySelectorAll("section.slide");
  var counter = document.querySelector(".counter");
  var cur = 0;
  function show(i) {
    cur = Math.max(0, Math.min(slides.length - 1, i));
    for (var k = 0; k < slides.length; k++) {
      slides[k].classList.toggle("current", k === cur);
    }
    counter.textContent = (cur + 1) + " / " + slides.length;
    try { history.replaceState(null, "", "#" + (cur + 1)); } catch (err) {}
  }
  function fromHash() {
    var h = location.hash.slice(1), n = parseInt(h, 10);
    if (!isNaN(n) && String(n) === h) { return n - 1; }
    for (var k = 0; k < slides.length; k++) {
      if (h !== "" && slides[k].id === h) { return k; }
    }
    return 0;
  }
  document.documentElement.classList.add("js");
  document.addEventListener("keydown", function (e) {
    switch (e.key) {
    case "ArrowRight": case "ArrowDown": case "PageDown": case " ": show(cur + 1); break;
    case "ArrowLeft": case "ArrowUp": case "PageUp": show(cur - 1); break;
    case "Home": show(0); break;
    case "End": show(slides.length - 1); break;
    default: return;
    }
    e.preventDefault();
  });
  document.addEventListener("click", function (e) {
    show(e.clientX > window.innerWidth / 3 ? cur + 1 : cur - 1);
  });
  show(fromHash());
})();
`

var deckTmpl = pageTemplate("deck", `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>`+baseCSS+deckCSS+`</style>
</head>
<body>
<section class="slide cover" id="s1">
<h1>{{.Title}}</h1>
{{- if .Subtitle}}
<p>{{.Subtitle}}</p>
{{- end}}
</section>
{{- range .Slides}}
<section class="slide{{if not (or .SVG .Table)}} text{{end}}" id="{{if .ID}}{{.ID}}{{else}}s{{.N}}{{end}}">
{{- if .Title}}
<h2>{{.Title}}</h2>
{{- end}}
{{- if .SVG}}
<figure>{{.SVG}}</figure>
{{- end}}
{{- with .Table}}
{{template "table" .}}
{{- end}}
{{- if .Lines}}
<ul class="lines">
{{- range .Lines}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
</section>
{{- end}}
<div class="counter" aria-live="polite"></div>
<script>`+deckJS+`</script>
</body>
</html>
`)
