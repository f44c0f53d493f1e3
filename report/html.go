package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
)

// page is what the HTML templates show. Every string from the input goes
// through html/template and is escaped; only the SVG figures, which
// gonum/plot has already escaped, are inserted as HTML.
type page struct {
	Title   string
	Compare []pageCompare
	Sources []pageSource
	Fits    pageTable
	Groups  []pageGroup
	Figures []pageFigure
}

type pageSource struct {
	Name string
	Env  [][2]string
}

type pageTable struct {
	Header []string
	Rows   [][]string
	Notes  []string
}

type pageGroup struct {
	Title  string
	Series []pageSeries
}

type pageSeries struct {
	Title  string
	Colour string
	Table  pageTable
}

type pageFigure struct {
	ID      string
	Title   string
	Caption string
	SVG     template.HTML
}

// svgs renders every figure once.
func (r *Report) svgs() ([][]byte, error) {
	if r.svgCache != nil {
		return r.svgCache, nil
	}
	out := make([][]byte, len(r.Figures))
	for i := range r.Figures {
		var b bytes.Buffer
		if err := r.WriteFigure(&b, i); err != nil {
			return nil, err
		}
		out[i] = b.Bytes()
	}
	r.svgCache = out
	return out, nil
}

// SVG returns the SVG document of figure i.
func (r *Report) SVG(i int) ([]byte, error) {
	s, err := r.svgs()
	if err != nil {
		return nil, err
	}
	return s[i], nil
}

func (r *Report) page() (*page, error) {
	svgs, err := r.svgs()
	if err != nil {
		return nil, err
	}
	p := &page{Title: r.Title, Compare: r.comparePages()}
	for i := range r.Sources {
		p.Sources = append(p.Sources, pageSource{Name: r.Sources[i].Name, Env: envRows(&r.Sources[i])})
	}
	p.Fits.Header = fitsHeader[:len(fitsHeader)-1]
	for i := range r.Series {
		row := fitCells(&r.Series[i])
		p.Fits.Rows = append(p.Fits.Rows, row[:len(row)-1])
		for _, w := range warnings(&r.Series[i]) {
			p.Fits.Notes = append(p.Fits.Notes, r.Series[i].Title+": "+w)
		}
	}
	for g := range r.Groups {
		gr := &r.Groups[g]
		pg := pageGroup{Title: gr.Title}
		for j, i := range gr.Series {
			ss := &r.Series[i]
			t := pageTable{Header: header(ss), Notes: Footnotes(ss)}
			for _, row := range ss.Rows {
				t.Rows = append(t.Rows, cells(ss, row))
			}
			c := Colour(j)
			pg.Series = append(pg.Series, pageSeries{Title: ss.Title, Table: t,
				Colour: fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)})
		}
		p.Groups = append(p.Groups, pg)
	}
	for i, f := range r.Figures {
		p.Figures = append(p.Figures, pageFigure{ID: f.Name, Title: f.Title, Caption: f.Caption,
			// The SVG comes from gonum/plot, which escapes every text.
			SVG: template.HTML(svgInline(svgs[i], f.Title))})
	}
	return p, nil
}

// WriteHTML writes index.html: one self-contained page with the
// environment, the tables, every figure inline and the fits with their
// warnings. It needs no network and no JavaScript.
func (r *Report) WriteHTML(w io.Writer) error {
	p, err := r.page()
	if err != nil {
		return err
	}
	return indexTmpl.Execute(w, p)
}

// WriteSlides writes slides.html: one table or figure per slide in large
// type. The arrow keys, Page Up/Down, space, Home and End move between
// slides; without JavaScript the slides are shown one below the other.
func (r *Report) WriteSlides(w io.Writer) error {
	p, err := r.page()
	if err != nil {
		return err
	}
	return slidesTmpl.Execute(w, p)
}

var funcs = template.FuncMap{
	"inc": func(i int) int { return i + 1 },
}

const baseCSS = `
:root { --fg: #1a1a1a; --muted: #555; --line: #d0d0d0; --head: #f3f3f3; }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--fg); background: #fff; margin: 0; line-height: 1.45; }
h1, h2, h3 { line-height: 1.2; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 0.25em 0.6em; text-align: right; white-space: nowrap; }
th { background: var(--head); font-weight: 600; }
td:first-child, th:first-child { text-align: left; }
.notes { color: var(--muted); margin: 0.4em 0 1.2em; padding-left: 1.2em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 0.4em; vertical-align: baseline; }
svg.plot { display: block; max-width: 100%; height: auto; }
`

// parts are the pieces both pages share: a table of a pageTable, and a
// list of notes.
var parts = template.Must(template.New("parts").Funcs(funcs).Parse(`
{{- define "table"}}<table>
<thead><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>{{end}}
{{- define "notes"}}<ul class="notes">
{{- range .}}
<li>{{.}}</li>
{{- end}}
</ul>{{end}}`))

// pageTemplate returns a template named name, parsed from text, that can use the
// shared parts.
func pageTemplate(name, text string) *template.Template {
	return template.Must(template.Must(parts.Clone()).New(name).Parse(text))
}

var indexTmpl = pageTemplate("index", `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>`+baseCSS+`
main { max-width: 1200px; margin: 0 auto; padding: 1.5em 1.5em 4em; }
h1 { font-size: 1.9em; margin-bottom: 0.2em; }
h2 { font-size: 1.45em; margin-top: 2em; border-bottom: 2px solid var(--fg); padding-bottom: 0.2em; }
h3 { font-size: 1.1em; margin-top: 1.6em; }
nav ol { columns: 2; padding-left: 1.4em; }
dl.env { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1.2em; margin: 0.5em 0 1em; }
dl.env dt { font-weight: 600; }
dl.env dd { margin: 0; font-family: "Liberation Mono", Menlo, Consolas, monospace; font-size: 0.92em; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
table { font-size: 0.92em; }
figure { margin: 1.5em 0 2.5em; }
figcaption { color: var(--muted); margin-top: 0.4em; }
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<nav aria-label="contents"><ol>
{{- if .Compare}}
<li><a href="#comparison">Comparison with the baseline</a></li>
{{- end}}
<li><a href="#environment">Environment</a></li>
<li><a href="#fits">Fitted models</a></li>
{{- range $i, $g := .Groups}}
<li><a href="#group-{{inc $i}}">{{$g.Title}}: measurements</a></li>
{{- end}}
{{- range .Figures}}
<li><a href="#{{.ID}}">{{.Title}}</a></li>
{{- end}}
</ol></nav>
{{- if .Compare}}

<h2 id="comparison">Comparison with the baseline</h2>
{{- range .Compare}}
<p><strong>{{.Headline}}</strong>: {{.Sides}}</p>
{{- if .Warnings}}
{{template "notes" .Warnings}}
{{- end}}
<div class="scroll">{{template "table" .Table}}</div>
{{template "notes" .Table.Notes}}
{{- end}}
{{- end}}

<h2 id="environment">Environment</h2>
{{- range .Sources}}
<h3>{{.Name}}</h3>
<dl class="env">
{{- range .Env}}
<dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>
{{- end}}
</dl>
{{- end}}

<h2 id="fits">Fitted models</h2>
<div class="scroll">{{template "table" .Fits}}</div>
{{- if .Fits.Notes}}
{{template "notes" .Fits.Notes}}
{{- end}}

{{- range $i, $g := .Groups}}
<h2 id="group-{{inc $i}}">{{$g.Title}}: measurements</h2>
{{- range $g.Series}}
<h3><span class="swatch" style="background: {{.Colour}}"></span>{{.Title}}</h3>
<div class="scroll">{{template "table" .Table}}</div>
{{template "notes" .Table.Notes}}
{{- end}}
{{- end}}

<h2 id="figures">Figures</h2>
{{- range .Figures}}
<figure id="{{.ID}}">
{{.SVG}}
<figcaption><strong>{{.Title}}.</strong> {{.Caption}}</figcaption>
</figure>
{{- end}}
</main>
</body>
</html>
`)

var slidesTmpl = pageTemplate("slides", `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} – slides</title>
<style>`+baseCSS+`
body { font-size: 28px; }
section.slide { min-height: 100vh; padding: 3vh 4vw; display: flex; flex-direction: column; justify-content: center; border-bottom: 2px solid var(--line); }
section.slide h1 { font-size: 2.2em; margin: 0 0 0.6em; }
section.slide h2 { font-size: 1.5em; margin: 0 0 0.5em; }
section.slide table { font-size: 0.75em; }
section.slide .notes { font-size: 0.7em; }
section.slide svg.plot { width: 100%; height: 84vh; max-width: none; }
section.slide p.caption { font-size: 0.7em; color: var(--muted); text-align: center; margin: 0.4em 0 0; }
dl.env { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; font-size: 0.8em; }
dl.env dt { font-weight: 600; }
dl.env dd { margin: 0; overflow-wrap: anywhere; }
.counter { position: fixed; right: 1.2vw; bottom: 1vh; font-size: 0.6em; color: var(--muted); display: none; }
html.js body { overflow: hidden; }
html.js section.slide { display: none; height: 100vh; border: 0; }
html.js section.slide.current { display: flex; }
html.js .counter { display: block; }
</style>
</head>
<body>
<section class="slide" id="s1">
<h1>{{.Title}}</h1>
{{- range .Sources}}
<dl class="env">
<dt>file</dt><dd>{{.Name}}</dd>
{{- range .Env}}
<dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>
{{- end}}
</dl>
{{- end}}
</section>
<section class="slide">
<h2>Fitted models</h2>
{{template "table" .Fits}}
{{- if .Fits.Notes}}
{{template "notes" .Fits.Notes}}
{{- end}}
</section>
{{- range .Figures}}
<section class="slide" id="{{.ID}}">
{{.SVG}}
<p class="caption">{{.Caption}}</p>
</section>
{{- end}}
{{- range .Groups}}
{{- range .Series}}
<section class="slide">
<h2><span class="swatch" style="background: {{.Colour}}"></span>{{.Title}}</h2>
{{template "table" .Table}}
{{template "notes" .Table.Notes}}
</section>
{{- end}}
{{- end}}
<div class="counter" aria-live="polite"></div>
<script>
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
  var n = parseInt(location.hash.slice(1), 10);
  show(isNaN(n) ? 0 : n - 1);
})();
</script>
</body>
</html>
`)
