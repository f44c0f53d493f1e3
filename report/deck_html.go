package report

import "html/template"

// deckCSS sizes the type from the screen's height (and its width, for
// screens narrower than 16:9), so that a slide that fits 1280×720 fits
// 1920×1080 at the same proportions: 1rem is 24 px on a screen 720 px
// high, and no text of a slide is smaller (code 18 px).
const deckCSS = `
html { font-size: min(3.35vh, 1.88vw); scroll-snap-type: y mandatory; }
body { line-height: 1.3; }
section.slide { height: 100vh; padding: 3vh 4vw; display: flex; flex-direction: column; gap: 1.4vh; overflow: hidden; border-bottom: 2px solid var(--line); scroll-snap-align: start; }
section.slide h1 { font-size: 2.2rem; margin: 0; }
section.slide h2 { font-size: 1.4rem; margin: 0; flex: none; }
section.slide figure { flex: 1 1 0; min-height: 0; margin: 0; display: flex; justify-content: center; }
section.slide figure svg.plot { width: 100%; height: 100%; max-width: none; }
section.slide ul.lines { flex: none; margin: 0; padding-left: 1.1em; font-size: 1rem; }
section.slide ul.lines li { margin: 0.15em 0; }
section.slide table { flex: none; font-size: 1rem; margin: 0.5vh 0; max-width: 100%; }
section.slide th, section.slide td { white-space: normal; overflow-wrap: anywhere; padding: 0.1em 0.4em; }
section.cover, section.text { justify-content: center; }
section.cover p { font-size: 1.2rem; color: var(--muted); margin: 0; }
section.text ul.lines { font-size: 1.2rem; }
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

// slideCSS lays out the parts of a slide beyond a figure, a table and
// lines, in units of the root's size, as deckCSS sizes it for a screen
// or deckPageCSS for a page.
const slideCSS = `
section.slide p.kicker { flex: none; margin: 0; font-size: 1rem; color: var(--muted); }
section.slide p.lead { flex: none; margin: 0; font-size: 1.05rem; }
section.slide pre.code { flex: none; margin: 0; font-family: "Liberation Mono", Menlo, Consolas, monospace; font-size: 0.76rem; line-height: 1.3; background: #f2f2f4; border-radius: 0.4em; padding: 0.5em 0.8em; white-space: pre-wrap; overflow-wrap: anywhere; }
section.slide div.side { flex: 1 1 0; min-height: 0; display: flex; gap: 2vw; }
section.slide div.side figure { flex: 1.1 1 0; min-width: 0; }
section.slide aside.panel { flex: 1 1 0; min-width: 0; max-width: 40rem; font-size: 1rem; line-height: 1.2; }
section.slide p.verdict { flex: none; margin: 0; font-size: 1.05rem; font-weight: 600; }
section.slide p.verdict .badge { margin-right: 0.4em; }
section.slide aside.panel table { width: 100%; font-size: 1em; margin: 0; }
section.slide aside.panel td { border: 0; border-bottom: 1px solid var(--line); padding: 0.12em 0.3em; white-space: normal; }
section.slide aside.panel td:last-child { white-space: nowrap; }
section.slide aside.panel tr.faint { color: var(--muted); }
section.slide aside.panel .badge { font-size: 1em; }
section.slide p.source { flex: none; margin: 0; font-size: 1rem; color: var(--muted); }
section.slide table.list { width: 100%; }
section.slide table.list td { text-align: left; border-width: 0 0 1px; }
section.slide table.list td:has(.badge) { width: 1%; }
.badge { display: inline-block; font-weight: 700; border-radius: 0.3em; padding: 0.05em 0.5em; color: #fff; background: #6b6b6b; text-transform: uppercase; white-space: nowrap; }
.badge.good { background: #007a4d; }
.badge.bad { background: #b3261e; }
`

// deckPageCSS lets the slides flow as an ordinary page.
const deckPageCSS = `
html { font-size: 18px; }
section.slide { max-width: 72rem; margin: 0 auto; padding: 1.5rem 1rem; display: flex; flex-direction: column; gap: 0.7rem; border-bottom: 1px solid var(--line); }
section.slide h1 { font-size: 2.2rem; margin: 0; }
section.slide h2 { font-size: 1.6rem; margin: 0; }
section.slide figure { margin: 0; height: 26rem; display: flex; justify-content: center; }
section.slide figure svg.plot { width: 100%; height: 100%; max-width: none; }
section.slide div.side { flex: none; display: flex; flex-wrap: wrap; gap: 1.5rem; }
section.slide div.side figure { flex: 1 1 30rem; }
section.slide aside.panel { flex: 1 1 18rem; font-size: 0.9rem; }
section.slide p.kicker { font-size: 0.8rem; }
section.slide p.lead { font-size: 1.1rem; }
section.slide pre.code { font-size: 0.8rem; }
section.slide p.source { font-size: 0.8rem; }
section.slide ul.lines { margin: 0; padding-left: 1.1em; }
section.slide table { max-width: 100%; }
section.slide th, section.slide td { white-space: normal; overflow-wrap: anywhere; }
section.cover p { font-size: 1.2rem; color: var(--muted); margin: 0; }
`

// deckParts are the pieces of both ways of writing a deck: the slides.
const deckParts = `
{{- define "slidetable"}}<table{{if not .Table.Header}} class="list"{{end}}>
{{- with .Table.Header}}
<thead><tr>{{range .}}<th>{{.}}</th>{{end}}</tr></thead>
{{- end}}
<tbody>
{{- range .Cells}}
<tr>{{range .}}<td>{{if .Tone}}<span class="badge {{.Tone}}">{{.Text}}</span>{{else}}{{.Text}}{{end}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table>{{end}}
{{- define "verdict"}}<p class="verdict">
{{- if .Badge}}<span class="badge {{.Tone}}">{{.Badge}}</span>{{end}}
{{- range .Lines}} {{.}}{{end}}</p>{{end}}
{{- define "panel"}}<aside class="panel">
{{- if or .Rows .Faint}}
<table>
{{- range .Rows}}
<tr><td>{{index . 0}}</td><td>{{index . 1}}</td></tr>
{{- end}}
{{- range .Faint}}
<tr class="faint"><td>{{index . 0}}</td><td>{{index . 1}}</td></tr>
{{- end}}
</table>
{{- end}}
</aside>{{end}}
{{- define "slides"}}
<section class="slide cover" id="s1">
<h1>{{.Title}}</h1>
{{- if .Subtitle}}
<p>{{.Subtitle}}</p>
{{- end}}
</section>
{{- range .Slides}}
<section class="slide{{if .Text}} text{{end}}" id="{{if .ID}}{{.ID}}{{else}}s{{.N}}{{end}}">
{{- if .Kicker}}
<p class="kicker">{{.Kicker}}</p>
{{- end}}
{{- if .Title}}
<h2>{{.Title}}</h2>
{{- end}}
{{- if .Lead}}
<p class="lead">{{.Lead}}</p>
{{- end}}
{{- if .Code}}
<pre class="code">{{range $i, $c := .Code}}{{if $i}}
{{end}}$ {{$c}}{{end}}</pre>
{{- end}}
{{- with .Panel}}{{if or .Badge .Lines}}
{{template "verdict" .}}
{{- end}}{{end}}
{{- if .Side}}
<div class="side">
{{- if .SVG}}
<figure>{{.SVG}}</figure>
{{- end}}
{{- if .SVG2}}
<figure>{{.SVG2}}</figure>
{{- end}}
{{- with .Panel}}
{{template "panel" .}}
{{- end}}
</div>
{{- else if .SVG}}
<figure>{{.SVG}}</figure>
{{- end}}
{{- if .Table}}
{{template "slidetable" .}}
{{- end}}
{{- if .Lines}}
<ul class="lines">
{{- range .Lines}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .Source}}
<p class="source">{{.Source}}</p>
{{- end}}
</section>
{{- end}}
{{- end}}`

var deckTmpl = template.Must(pageTemplate("deck", `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>`+baseCSS+deckCSS+slideCSS+`</style>
</head>
<body>
{{- template "slides" .}}
<div class="counter" aria-live="polite"></div>
<script>`+deckJS+`</script>
</body>
</html>
`).Parse(deckParts))

var deckPageTmpl = template.Must(pageTemplate("deckpage", `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>`+baseCSS+slideCSS+deckPageCSS+`</style>
</head>
<body>
{{- template "slides" .}}
</body>
</html>
`).Parse(deckParts))
