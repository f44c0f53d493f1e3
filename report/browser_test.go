package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/browsertest"
	"github.com/scalebench/scalebench/internal/testdocs"
	"github.com/scalebench/scalebench/results"
)

// benchFiles are the result files of a real quick run of the suite of
// make bench on a machine of 2 CPUs, recorded in testdata/bench: six
// strong-scaling workloads, the contended counter, and synthetic in weak
// scaling (see testdata/bench/README).
var benchFiles = []string{"bench.json", "bench-counter.json", "bench-weak.json"}

// benchReport is the report of the recorded run, as make bench writes it,
// with the textbook curves.
func benchReport(t testing.TB) *Report {
	t.Helper()
	var srcs []analysis.Source
	for _, name := range benchFiles {
		d, err := results.ReadFile(filepath.Join("testdata", "bench", name))
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, analysis.Source{Name: name, Doc: d})
	}
	r, err := newReport(srcs, Options{Theory: true})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// measureJS, appended to a copy of a page, writes into the DOM what the
// test checks: the viewport, the document's size, the id of the element
// after the title, whether the deck's script ran, and every slide's
// size, with the slides laid out as they are without JavaScript (one
// below the other, each the height of the screen).
const measureJS = `<script>` + browsertest.SlideTextJS + `
(function () {
  var root = document.documentElement, h1 = document.querySelector("h1");
  var out = {w: window.innerWidth, h: window.innerHeight, sw: root.scrollWidth,
    first: h1 && h1.nextElementSibling ? h1.nextElementSibling.id : "", js: root.classList.contains("js"), slides: [],
    scrolls: []};
  document.querySelectorAll(".scroll").forEach(function (e) {
    if (e.scrollWidth > e.clientWidth + 1) {
      var sec = e.closest("section");
      out.scrolls.push((sec ? sec.id : "") + ": a table " + e.scrollWidth + " px wide in " + e.clientWidth);
    }
  });
  root.classList.remove("js");
  var s = document.querySelectorAll("section.slide");
  for (var i = 0; i < s.length; i++) {
    out.slides.push({id: s[i].id, sw: s[i].scrollWidth, sh: s[i].scrollHeight, cw: s[i].clientWidth, ch: s[i].clientHeight,
      oh: s[i].offsetHeight, text: slideText(s[i])});
  }
  var pre = document.createElement("pre");
  pre.id = "measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>`

// measurement is what measureJS writes.
type measurement struct {
	W, H, SW int
	First    string
	JS       bool
	// Scrolls are the tables wider than their box: their last columns
	// hidden until scrolled.
	Scrolls []string
	Slides  []struct {
		ID                 string
		SW, SH, CW, CH, OH int
		Text               []string
	}
}

// measure renders page (HTML) with measureJS in a viewport of w×h and
// returns what it wrote. Headless Chromium's window is taller than its
// viewport by its frame, chrome pixels high.
func measure(t *testing.T, bin, dir, name string, page []byte, w, h, chrome int) measurement {
	t.Helper()
	path := filepath.Join(dir, fmt.Sprintf("measure-%dx%d-%s", w, h, name))
	html := strings.Replace(string(page), "</body>", measureJS+"\n</body>", 1)
	if err := os.WriteFile(path, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, _ := browsertest.Run(t, bin, "--dump-dom", fmt.Sprintf("--window-size=%d,%d", w, h+chrome), "file://"+path)
	i := strings.Index(dom, `<pre id="measure">`)
	if i < 0 {
		t.Fatalf("%s at %dx%d: the measuring script wrote nothing", name, w, h)
	}
	text := dom[i+len(`<pre id="measure">`):]
	text = strings.ReplaceAll(text[:strings.Index(text, "</pre>")], "&quot;", `"`)
	var m measurement
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		t.Fatalf("%s: %v: %s", name, err, text)
	}
	if m.W != w || m.H != h {
		t.Fatalf("%s: viewport %dx%d, want %dx%d", name, m.W, m.H, w, h)
	}
	return m
}

// TestBrowserFit renders the report, the comparison report (a run with
// its baseline), their decks with the theory plots, and a deck of slides
// at the limits in Chromium and measures them: the pages do not scroll
// sideways at 1280 pixels and open with the verdict; every slide fits
// 1280×720 and 1920×1080 without scrolling, its text is at least 24 px
// (code 18 px) at 1280×720, and no slide's heading repeats its plot's
// title.
func TestBrowserFit(t *testing.T) {
	bin := browsertest.Chromium(t)
	r, cmp := benchReport(t), baselineReport(t)
	dir := t.TempDir()
	pages := map[string][]byte{
		"index.html":   render(t, func(b *bytes.Buffer) error { return r.WriteHTML(b) }),
		"compare.html": render(t, func(b *bytes.Buffer) error { return cmp.WriteHTML(b) }),
	}
	decks := map[string][]byte{
		"slides.html":         render(t, func(b *bytes.Buffer) error { return r.WriteSlides(b) }),
		"compare-slides.html": render(t, func(b *bytes.Buffer) error { return cmp.WriteSlides(b) }),
		"full.html":           render(t, func(b *bytes.Buffer) error { return WriteDeck(b, fullDeck(t, r)) }),
	}
	chrome := browsertest.FrameHeight(t, bin)
	for name, page := range pages {
		m := measure(t, bin, dir, name, page, 1280, 720, chrome)
		if m.SW > m.W {
			t.Errorf("%s is %d px wide at a window of %d: it scrolls sideways", name, m.SW, m.W)
		}
		for _, sc := range m.Scrolls {
			t.Errorf("%s at %d px: %s", name, m.W, sc)
		}
		if m.First != "verdict" {
			t.Errorf("%s: the element after the title is %q, want the verdict section", name, m.First)
		}
	}
	for name, page := range decks {
		for _, size := range [][2]int{{1280, 720}, {1920, 1080}} {
			m := measure(t, bin, dir, name, page, size[0], size[1], chrome)
			if !m.JS {
				t.Errorf("%s at %dx%d: the deck's script did not run", name, size[0], size[1])
			}
			if name != "full.html" && len(m.Slides) < 8 {
				t.Fatalf(
					"%s: %d slides, want the title, overview, a slide per workload, summary and theory",
					name,
					len(m.Slides),
				)
			}
			for i, s := range m.Slides {
				if s.SH > s.CH || s.SW > s.CW || s.OH > m.H {
					t.Errorf("%s: slide %d (%s) at %dx%d does not fit: content %dx%d in a box of %dx%d (%d px high)",
						name, i+1, s.ID, size[0], size[1], s.SW, s.SH, s.CW, s.CH, s.OH)
				}
				for _, p := range s.Text {
					t.Errorf("%s: slide %d (%s) at %dx%d: %s", name, i+1, s.ID, size[0], size[1], p)
				}
			}
		}
	}
	shots := []struct {
		page, at string
		w, h     int
	}{
		{"index.html", "", 1280, 900},
		{"compare.html", "", 1280, 900},
		{"slides.html", "#1", 1280, 720},
		{"slides.html", "#3", 1280, 720},
		{"compare-slides.html", "#2", 1280, 720},
		{"slides.html", "#summary-1", 1920, 1080},
		{"slides.html", "#theory-amdahl", 1280, 720},
	}
	for name, data := range decks {
		pages[name] = data
	}
	for name, data := range pages {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range shots {
		browsertest.Screenshot(t, bin, "file://"+filepath.Join(dir, s.page)+s.at, s.w, s.h,
			fmt.Sprintf("bench-%d-%s.png", i+1, strings.TrimSuffix(s.page, ".html")))
	}
}

// fullDeck is a deck of slides that hold as much as WriteDeck lets them,
// in English words, with r's first figure.
func fullDeck(t *testing.T, r *Report) Deck {
	t.Helper()
	d, err := r.Deck()
	if err != nil {
		t.Fatal(err)
	}
	svg := d.Slides[0].Figure
	text := func(n int) string { return strings.Repeat("Wm", n)[:n-1] + "." }
	words := func(n int) string {
		return strings.Repeat("the serial fraction caps speedup at one over f ", n)[:n-1] + "."
	}
	lines := func(k, n int, f func(int) string) []string {
		out := make([]string, k)
		for i := range out {
			out[i] = f(n)
		}
		return out
	}
	pairs := func(k int) [][2]string {
		out := make([][2]string, k)
		for i := range out {
			out[i] = [2]string{words(MaxPanelNameRunes), "8888.88 GB/s"[:MaxPanelValueRunes]}
		}
		return out
	}
	top := Slide{
		Kicker: words(MaxKickerRunes),
		Title:  words(MaxTitleRunes),
		Lead:   words(MaxLeadRunes),
		Source: words(MaxSourceRunes),
	}
	panel, two, code := top, top, top
	panel.ID, panel.Title, panel.Lead, panel.Figure = "panel", words(MaxPanelTitleRunes), "", svg
	panel.Lines = lines(MaxSlideLines, MaxLineRunes, words)
	panel.Panel = &SlidePanel{
		Badge: text(MaxBadgeRunes),
		Tone:  Bad,
		Lines: lines(MaxPanelLines, MaxPanelLineRunes, words),
		Rows:  pairs(MaxPanelRows / 2),
		Faint: pairs(MaxPanelRows - MaxPanelRows/2),
	}
	two.ID, two.Figure, two.Figure2 = "two", svg, svg
	two.Code, two.Lines = lines(1, MaxCodeRunes, words), lines(MaxSlideLines-1, MaxLineRunes, words)
	code.ID, code.Code = "code", lines(MaxSlideLines, MaxCodeRunes, words)
	return Deck{Title: words(MaxTitleRunes), Subtitle: words(MaxLineRunes), Slides: []Slide{panel, two, code}}
}

// TestBrowser renders the test report's pages: every string arrives,
// the deck's script runs, and nothing is logged as an error.
func TestBrowser(t *testing.T) {
	bin := browsertest.Chromium(t)
	r := newTestReport(t, testdocs.Strong())
	dir := t.TempDir()
	pages := map[string]func(*bytes.Buffer) error{
		"index.html":  func(b *bytes.Buffer) error { return r.WriteHTML(b) },
		"slides.html": func(b *bytes.Buffer) error { return r.WriteSlides(b) },
	}
	for name, fn := range pages {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, render(t, fn), 0o644); err != nil {
				t.Fatal(err)
			}
			url := "file://" + path
			dom, logs := browsertest.Run(t, bin, "--dump-dom", url)
			want := []string{"Scaling of pi", "Verdict", "Fitted models", "Machine and command", "Speedup: pi", "<svg"}
			if name == "slides.html" {
				want = []string{
					"Scaling of pi",
					"Test CPU @ 3.00GHz · 4 logical CPUs",
					"Speedup: pi",
					"Summary",
					"<svg",
				}
				if !strings.Contains(dom, `class="js"`) || strings.Count(dom, ` current"`) != 1 {
					t.Error("the slide script did not run (no js class on <html>, or not one current slide)")
				}
			}
			for _, w := range want {
				if !strings.Contains(dom, w) {
					t.Errorf("the rendered DOM lacks %q", w)
				}
			}
			for _, bad := range []string{"Uncaught", "CONSOLE", "ERR_FILE_NOT_FOUND", "net::ERR"} {
				if strings.Contains(logs, bad) {
					t.Errorf("chromium logged %q:\n%s", bad, logs)
				}
			}
			h, at := 2000, url
			if name == "slides.html" {
				h, at = 800, url+"#3"
			}
			browsertest.Screenshot(t, bin, at, 1280, h, strings.TrimSuffix(name, ".html")+".png")
		})
	}
}
