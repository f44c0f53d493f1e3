package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
)

// page is what the HTML page shows, in its order: the verdict of every
// series, the comparison with a baseline, the overview figure, a section
// per group, the fitted models, the theory and the machine. Every string
// from the input goes through html/template and is escaped; only the SVG
// figures, which gonum/plot has already escaped, are inserted as HTML.
// A paged report (Report.Paged) has no group sections but links to the
// group pages (Pages), and shows its figures as images of their files.
type page struct {
	Title     string
	Paged     bool
	Lead      string
	Disturbed []string
	Verdicts  []pageVerdict
	Compare   []pageCompare
	Overview  *pageFigure
	Groups    []pageGroup
	Pages     []pageLink
	Fits      pageTable
	Theory    []pageFigure
	Machine   machineTable
}

// pageVerdict is the verdict line of one series; Href is where its
// section is.
type pageVerdict struct {
	ID, Href, Title, Shape, Sentence string
	Facts                            []string
}

// pageLink is the link to a group's page.
type pageLink struct {
	File, Title string
	Series      int
}

type pageTable struct {
	Header []string
	Rows   [][]string
	Notes  []string
}

type pageGroup struct {
	ID      string
	Title   string
	Figures []pageFigure
	Series  []pageSeries
}

type pageSeries struct {
	ID       string
	Title    string
	Colour   string
	Sentence string
	Table    pageTable
}

// pageFigure is a figure of a page: its SVG inline, or when SVG is empty
// an image of its file.
type pageFigure struct {
	ID      string
	Title   string
	Caption string
	File    string
	SVG     template.HTML
}

// svgs renders every figure once.
func (r *Report) svgs() ([][]byte, error) {
	r.svgMu.Lock()
	defer r.svgMu.Unlock()
	if r.svgCache != nil {
		return r.svgCache, nil
	}
	out := make([][]byte, len(r.Figures))
	for i := range r.Figures {
		var b bytes.Buffer
		if err := r.Figures[i].Chart().WriteSVG(&b); err != nil {
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

// figures returns how the pages show figure i: inline in a report of one
// page, as an image of its file in a paged one (whose figures are then
// never all held in memory).
func (r *Report) figures() (func(i int) pageFigure, error) {
	var svgs [][]byte
	if !r.Paged() {
		var err error
		if svgs, err = r.svgs(); err != nil {
			return nil, err
		}
	}
	return func(i int) pageFigure {
		f := &r.Figures[i]
		pf := pageFigure{ID: f.Name, Title: f.Title, Caption: f.Explain(), File: f.Name + ".svg"}
		if svgs != nil {
			// The SVG comes from gonum/plot, which escapes every text.
			pf.SVG = template.HTML(svgInline(svgs[i], f.Title))
		}
		return pf
	}, nil
}

func (r *Report) page() (*page, error) {
	figure, err := r.figures()
	if err != nil {
		return nil, err
	}
	p := &page{
		Title:     r.Title,
		Paged:     r.Paged(),
		Disturbed: r.Disturbed(),
		Compare:   r.comparePages(),
		Machine:   r.machineTable(),
	}
	if r.Overview >= 0 {
		o := figure(r.Overview)
		p.Overview = &o
	}
	var fits [][]string
	for i := range r.Series {
		ss := &r.Series[i]
		id := fmt.Sprintf("series-%d", i+1)
		p.Verdicts = append(p.Verdicts, pageVerdict{ID: id, Href: "#" + id, Title: ss.Title,
			Shape: string(ss.Verdict.Shape), Sentence: ss.Verdict.Sentence, Facts: ss.Verdict.Facts})
		row := fitCells(ss, true)
		fits = append(fits, row[:len(row)-1])
		for _, w := range ss.AllWarnings() {
			p.Fits.Notes = append(p.Fits.Notes, ss.Title+": "+w)
		}
	}
	p.Fits.Header, p.Fits.Rows = shownFits(fitsShown[:len(fitsShown)-1], fits)
	for g := range r.Groups {
		gr := &r.Groups[g]
		if !p.Paged {
			p.Groups = append(p.Groups, r.pageGroup(g, figure))
			continue
		}
		p.Pages = append(p.Pages, pageLink{File: gr.Page, Title: gr.Title, Series: len(gr.Series)})
		for _, i := range gr.Series {
			p.Verdicts[i].Href = gr.Page + p.Verdicts[i].Href
		}
	}
	if p.Paged {
		p.Lead = fmt.Sprintf("%d series in %d groups: each group has a page of its own with its plots and tables.",
			len(r.Series), len(r.Groups))
	}
	for i := range r.Figures {
		if r.Figures[i].Theory() {
			p.Theory = append(p.Theory, figure(i))
		}
	}
	return p, nil
}

// pageGroup is the section of group g: its figures but the overview,
// then every series with its verdict, table and footnotes.
func (r *Report) pageGroup(g int, figure func(int) pageFigure) pageGroup {
	gr := &r.Groups[g]
	pg := pageGroup{ID: fmt.Sprintf("group-%d", g+1), Title: gr.Title}
	for i := range r.Figures {
		if r.Figures[i].Group == g && i != r.Overview {
			pg.Figures = append(pg.Figures, figure(i))
		}
	}
	for _, i := range gr.Series {
		ss := &r.Series[i]
		t := pageTable{Header: header(ss), Notes: Footnotes(ss)}
		for _, row := range ss.Rows {
			t.Rows = append(t.Rows, cells(ss, row))
		}
		ps := pageSeries{ID: fmt.Sprintf("series-%d", i+1), Title: ss.Title, Table: t,
			Colour: colourCSS(i), Sentence: ss.Verdict.Sentence}
		pg.Series = append(pg.Series, ps)
	}
	return pg
}

// groupPage is the page of one group of a paged report.
type groupPage struct {
	Title string // the report's
	Group pageGroup
}

// WriteGroupHTML writes the page of group g of a paged report (its file
// is Groups[g].Page): the group's plots, as images of their SVG files, and
// every series' verdict, table and footnotes, with a link back to
// index.html.
func (r *Report) WriteGroupHTML(w io.Writer, g int) error {
	if !r.Paged() {
		return fmt.Errorf("a report of %d series has no group pages", len(r.Series))
	}
	figure, err := r.figures()
	if err != nil {
		return err
	}
	return groupTmpl.Execute(w, groupPage{Title: r.Title, Group: r.pageGroup(g, figure)})
}

// colourCSS is the CSS colour of series i, as its charts draw it.
func colourCSS(i int) string {
	c := seriesColour(i)
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

// WriteHTML writes index.html: one self-contained page that answers
// first (the verdict of every series, then the overview figure), then
// shows each group of series with its plots side by side, its tables and
// warnings, then the fitted models, and the machine and command last. It
// needs no network and no JavaScript, and at 1280 pixels wide it does not
// scroll sideways: a wide table scrolls inside its own box. A paged
// report's index.html (Paged) has the verdicts as a table whose series
// link to their groups' pages (WriteGroupHTML) in place of the groups,
// and shows its figures as images of their SVG files.
func (r *Report) WriteHTML(w io.Writer) error {
	p, err := r.page()
	if err != nil {
		return err
	}
	return indexTmpl.Execute(w, p)
}

// machineTable is the machine and command of every source: one row per
// field, one column per file, and one cell across the columns where every
// file has the same value.
type machineTable struct {
	Files []string
	Rows  []machineRow
}

type machineRow struct {
	Field string
	Cells []machineCell
}

type machineCell struct {
	Text string
	Span int
}

func (r *Report) machineTable() machineTable {
	var t machineTable
	type key struct {
		field string
		n     int // the n-th row of that field (warnings repeat)
	}
	var order []key
	values := map[key][]string{}
	for s := range r.Sources {
		t.Files = append(t.Files, r.Sources[s].Name)
		seen := map[string]int{}
		for _, kv := range envRows(&r.Sources[s]) {
			k := key{kv[0], seen[kv[0]]}
			seen[kv[0]]++
			if _, ok := values[k]; !ok {
				order = append(order, k)
				values[k] = make([]string, len(r.Sources))
			}
			values[k][s] = kv[1]
		}
	}
	for _, k := range order {
		row := machineRow{Field: k.field}
		for _, v := range values[k] {
			if n := len(row.Cells); n > 0 && row.Cells[n-1].Text == v {
				row.Cells[n-1].Span++
				continue
			}
			row.Cells = append(row.Cells, machineCell{Text: v, Span: 1})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
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
ul.regressions { color: #b3261e; margin: 0.4em 0 1em; padding-left: 1.2em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 0.4em; vertical-align: baseline; }
svg.plot { display: block; max-width: 100%; height: auto; }
`

// parts are the pieces the pages share: a table of a pageTable, and a
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
</ul>{{end}}
{{- define "figure"}}<figure id="{{.ID}}">
<a href="{{.File}}">{{template "plot" .}}</a>
<figcaption><strong>{{.Title}}.</strong> {{.Caption}}</figcaption>
</figure>{{end}}
{{- define "plot"}}{{if .SVG}}{{.SVG}}{{else}}<img class="plot" src="{{.File}}" alt="{{.Title}}" loading="lazy">{{end}}{{end}}
{{- define "group"}}
{{- if .Figures}}
<div class="grid">
{{- range .Figures}}
{{template "figure" .}}
{{- end}}
</div>
{{- end}}
{{- range .Series}}
<h3 id="{{.ID}}"><span class="swatch" style="background: {{.Colour}}"></span>{{.Title}}</h3>
<p class="verdict">{{.Sentence}}</p>
<div class="scroll">{{template "table" .Table}}</div>
{{template "notes" .Table.Notes}}
{{- end}}
{{- end}}`))

// pageTemplate returns a template named name, parsed from text, that can use the
// shared parts.
func pageTemplate(name, text string) *template.Template {
	return template.Must(template.Must(parts.Clone()).New(name).Parse(text))
}

// indexCSS is the style of index.html and of the group pages.
const indexCSS = `main { max-width: 1200px; margin: 0 auto; padding: 1.5em 1.5em 4em; }
h1 { font-size: 1.9em; margin-bottom: 0.4em; }
h2 { font-size: 1.45em; margin-top: 2em; border-bottom: 2px solid var(--fg); padding-bottom: 0.2em; }
h3 { font-size: 1.1em; margin-top: 1.6em; }
section > h2:first-child { margin-top: 1.2em; }
section.disturbed { border-left: 4px solid #d55e00; padding: 0.2em 0 0.2em 1em; margin: 1em 0; }
ul.verdicts { list-style: none; padding: 0; margin: 0; }
ul.verdicts li { margin: 0 0 0.7em; }
ul.verdicts .sentence { font-size: 1.1em; }
.facts { color: var(--muted); font-size: 0.92em; }
p.verdict { font-size: 1.05em; margin: 0.3em 0 0.6em; }
.scroll { overflow-x: auto; max-width: 100%; }
table { font-size: 0.92em; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 460px), 1fr)); gap: 1em 1.5em; }
figure { margin: 1em 0 1.5em; min-width: 0; }
figure.overview { max-width: 820px; }
figcaption { color: var(--muted); margin-top: 0.4em; font-size: 0.92em; }
table.machine { width: 100%; table-layout: fixed; }
table.machine td, table.machine th { white-space: normal; overflow-wrap: anywhere; text-align: left; }
table.machine td { font-family: "Liberation Mono", Menlo, Consolas, monospace; font-size: 0.92em; }
table.machine col.field { width: 9em; }
`

// pagedCSS is the style that a paged index and the group pages add: the
// verdicts as a table whose sentences wrap, and plots as images.
const pagedCSS = `table.verdicts td.text { white-space: normal; text-align: left; min-width: 24em; }
img.plot { display: block; max-width: 100%; height: auto; }
p.lead { font-size: 1.05em; }
`

var indexTmpl = pageTemplate("index", `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>`+baseCSS+`
`+indexCSS+`{{if .Paged}}`+pagedCSS+`{{end}}</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
{{- if .Disturbed}}
<section id="disturbed" class="disturbed">
<p><strong>Measured beside other work.</strong> Other processes took CPUs the measurements needed; the passes they
disturbed were left out and measured again:</p>
<ul>
{{- range .Disturbed}}
<li>{{.}}</li>
{{- end}}
</ul>
</section>
{{- end}}
<section id="verdict">
<h2>Verdict</h2>
{{- if .Paged}}
<p class="lead">{{.Lead}}</p>
<div class="scroll"><table class="verdicts">
<thead><tr><th>series</th><th>shape</th><th>verdict</th></tr></thead>
<tbody>
{{- range .Verdicts}}
<tr id="{{.ID}}"><td><a href="{{.Href}}">{{.Title}}</a></td><td>{{.Shape}}</td><td class="text"><strong>{{.Sentence}}</strong>
{{- if .Facts}}<br><span class="facts">{{range $i, $f := .Facts}}{{if $i}} · {{end}}{{$f}}{{end}}</span>{{end}}</td></tr>
{{- end}}
</tbody>
</table></div>
{{- else}}
<ul class="verdicts">
{{- range .Verdicts}}
<li><a href="#{{.ID}}">{{.Title}}</a>: <span class="sentence"><strong>{{.Sentence}}</strong></span>
{{- if .Facts}}<br><span class="facts">{{range $i, $f := .Facts}}{{if $i}} · {{end}}{{$f}}{{end}}</span>{{end}}</li>
{{- end}}
</ul>
{{- end}}
</section>
{{- if .Compare}}

<section id="comparison">
<h2>Comparison with the baseline</h2>
{{- range .Compare}}
<p><strong>{{.Headline}}</strong>: {{.Sides}}</p>
{{- if .Regressions}}
<ul class="regressions">
{{- range .Regressions}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .Warnings}}
{{template "notes" .Warnings}}
{{- end}}
{{- range .Series}}
<h3>{{.Title}}</h3>
<div class="scroll">{{template "table" .Table}}</div>
{{- if .Table.Notes}}
{{template "notes" .Table.Notes}}
{{- end}}
{{- end}}
{{template "notes" .Notes}}
{{- end}}
</section>
{{- end}}
{{- with .Overview}}

<section id="overview">
<h2>Overview</h2>
<figure class="overview" id="{{.ID}}">
<a href="{{.File}}">{{template "plot" .}}</a>
<figcaption><strong>{{.Title}}.</strong> {{.Caption}}</figcaption>
</figure>
</section>
{{- end}}
{{- range .Groups}}

<section id="{{.ID}}">
<h2>{{.Title}}</h2>{{template "group" .}}
</section>
{{- end}}
{{- if .Pages}}

<section id="groups">
<h2>Groups</h2>
<ul class="groups">
{{- range .Pages}}
<li><a href="{{.File}}">{{.Title}}</a>: {{.Series}} series</li>
{{- end}}
</ul>
</section>
{{- end}}

<section id="fits">
<h2>Fitted models</h2>
<div class="scroll">{{template "table" .Fits}}</div>
{{- if .Fits.Notes}}
{{template "notes" .Fits.Notes}}
{{- end}}
</section>
{{- if .Theory}}

<section id="theory">
<h2>Theory</h2>
<div class="grid">
{{- range .Theory}}
{{template "figure" .}}
{{- end}}
</div>
</section>
{{- end}}

<section id="machine">
<h2>Machine and command</h2>
<table class="machine">
<colgroup><col class="field">{{range .Machine.Files}}<col>{{end}}</colgroup>
<thead><tr><th></th>{{range .Machine.Files}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Machine.Rows}}
<tr><th>{{.Field}}</th>{{range .Cells}}<td{{if gt .Span 1}} colspan="{{.Span}}"{{end}}>{{.Text}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>
</section>
</main>
</body>
</html>
`)

var groupTmpl = pageTemplate("grouppage", `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Group.Title}} · {{.Title}}</title>
<style>`+baseCSS+indexCSS+pagedCSS+`</style>
</head>
<body>
<main>
<p><a href="index.html">{{.Title}}</a></p>
<h1>{{.Group.Title}}</h1>
<section id="{{.Group.ID}}">{{template "group" .Group}}
</section>
</main>
</body>
</html>
`)
