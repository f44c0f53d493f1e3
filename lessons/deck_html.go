package lessons

// deckHTML lays out a Deck. Every size of a slide is in units of the
// viewport's height (vh) or width (vw), so that a slide fills a 16:9
// screen of any resolution the same way; the page version lets the
// slides flow.
const deckHTML = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#fff}
h1,h2{margin:0;line-height:1.15}
.kicker{color:#666;text-transform:uppercase;letter-spacing:.05em}
.cmd{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f2f2f4;border-radius:.4em;margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.seed{color:#555}
.badge{display:inline-block;font-weight:700;border-radius:.3em;padding:.1em .5em;color:#fff;text-transform:uppercase}
.held .badge,.badge.held{background:#007a4d}.not-held .badge,.badge.not-held{background:#b3261e}.inconclusive .badge,.badge.inconclusive{background:#6b6b6b}
.verdict p{margin:.4em 0}
.verdict table,.summary{border-collapse:collapse;width:100%}
.verdict td,.summary td{padding:.15em .3em;border-bottom:1px solid #e4e4e4;vertical-align:top}
.verdict td.v{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.th{color:#555}
.plots{display:flex;gap:1vw;min-width:0;min-height:0}
.plots svg{width:100%;height:100%;min-width:0;display:block}
{{if .Slides}}
html{scroll-snap-type:y mandatory}
.slide{width:100vw;height:100vh;overflow:hidden;scroll-snap-align:start;padding:3.5vh 4vw 2.5vh;display:flex;flex-direction:column;gap:1.4vh;border-bottom:1px solid #ddd}
.kicker{font-size:1.8vh}
h1{font-size:6vh}h2{font-size:4.4vh}
.claim{font-size:2.9vh;line-height:1.3;margin:0}
.cmd{font-size:1.65vh;line-height:1.35;padding:.7vh 1vw}
.body{flex:1;min-height:0;display:flex;gap:2vw}
.body .plots{flex:1.7;height:100%}
.verdict{flex:1;min-width:0;font-size:2.05vh;line-height:1.3}
.verdict .badge{font-size:2.6vh}
.seed{font-size:1.6vh}
.summary{font-size:2.3vh}
{{else}}
body{max-width:72rem;margin:0 auto;padding:1rem}
.slide{padding:1.5rem 0;border-bottom:1px solid #ddd;display:flex;flex-direction:column;gap:.7rem}
.kicker{font-size:.85rem}h1{font-size:2.2rem}h2{font-size:1.6rem}
.claim{font-size:1.2rem;line-height:1.4;margin:0}
.cmd{font-size:.85rem;padding:.5rem .8rem}
.body{display:flex;flex-wrap:wrap;gap:1.5rem}
.body .plots{flex:1 1 36rem;height:26rem}
.verdict{flex:1 1 20rem}
.seed{font-size:.85rem}
{{end}}
</style></head><body>
{{range $i, $s := .Deck.Slides}}{{with $s}}<section class="slide" id="slide-{{$i}}">
<div class="kicker">{{.Kicker}}</div>
{{if .Rows}}<h1>{{.Title}}</h1><p class="claim">{{.Claim}}</p>
<table class="summary">{{range .Rows}}<tr><td>{{index . 0}}</td><td>{{with index . 1}}<span class="badge {{class .}}">{{.}}</span>{{end}}</td></tr>{{end}}</table>
{{else}}<h2>{{.Title}}</h2><p class="claim">{{.Claim}}</p>
{{with .Commands}}<pre class="cmd">{{range $i, $c := .}}{{if $i}}
{{end}}$ {{$c}}{{end}}</pre>{{end}}
<div class="body">{{if .SVGs}}<div class="plots">{{range .SVGs}}<div style="flex:1;min-width:0">{{.}}</div>{{end}}</div>{{end}}
{{with .Verdict}}<div class="verdict {{.Outcome.Class}}"><span class="badge">{{.Outcome}}</span>
<p>{{.Reason}}</p>
{{if .Numbers}}<table>{{range .Numbers}}<tr><td>{{.Name}}</td><td class="v">{{.Text}}</td></tr>{{end}}
{{range .Thresholds}}<tr class="th"><td>{{.Name}}</td><td class="v">{{.Text}}</td></tr>{{end}}</table>{{end}}
</div>{{end}}</div>{{end}}
{{if .Seed}}<div class="seed">From {{.Seed}}</div>{{end}}
</section>{{end}}
{{end}}{{if .Slides}}<script>
document.addEventListener("keydown", function (e) {
  var s = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var i = Math.round(window.scrollY / window.innerHeight);
  if (e.key === "ArrowDown" || e.key === "ArrowRight" || e.key === "PageDown" || e.key === " ") i++;
  else if (e.key === "ArrowUp" || e.key === "ArrowLeft" || e.key === "PageUp") i--;
  else return;
  e.preventDefault();
  i = Math.max(0, Math.min(s.length - 1, i));
  s[i].scrollIntoView();
});
</script>{{end}}
</body></html>
`
