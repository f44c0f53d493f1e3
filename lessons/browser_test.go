package lessons

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/internal/browsertest"
)

// measureSlides, appended to a deck, writes one line per slide into
// <pre id="fit">: "N ok", or "N" and every element that reaches out of
// the slide, and first the viewport's size and whether the deck's script
// ran. It measures the slides as they are laid out without the script:
// one under the other, each the size of the screen. A slide's text
// smaller than 24 px (code 18 px) on a screen 720 px high, or a heading
// that repeats its plot's title, counts as reaching out of it.
const measureSlides = `<script>` + browsertest.SlideTextJS + `
(function () {
  var root = document.documentElement;
  var out = ["viewport " + window.innerWidth + "x" + window.innerHeight + (root.classList.contains("js") ? " js" : "")];
  root.classList.remove("js");
  document.querySelectorAll(".slide").forEach(function (s, i) {
    var r = s.getBoundingClientRect(), bad = [];
    if (s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1)
      bad.push("content " + s.scrollWidth + "x" + s.scrollHeight + " in " + s.clientWidth + "x" + s.clientHeight);
    if (Math.abs(r.width - window.innerWidth) > 1 || Math.abs(r.height - window.innerHeight) > 1)
      bad.push("slide " + r.width + "x" + r.height);
    s.querySelectorAll("*").forEach(function (e) {
      if (e.closest("svg") && e.tagName.toLowerCase() !== "svg") return;
      var b = e.getBoundingClientRect();
      if (b.width === 0 && b.height === 0) return;
      if (b.right > r.right + 1 || b.bottom > r.bottom + 1 || b.left < r.left - 1 || b.top < r.top - 1)
        bad.push(e.tagName + "." + e.className + " at " + Math.round(b.right - r.left) + "," + Math.round(b.bottom - r.top));
      if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && e.tagName !== "svg")
        bad.push(e.tagName + "." + e.className + " wider than its box");
    });
    bad = bad.concat(slideText(s));
    out.push(i + " " + (bad.length ? bad.join("; ") : "ok"));
  });
  var p = document.createElement("pre");
  p.id = "fit";
  p.textContent = out.join("\n");
  document.body.appendChild(p);
})();
</script>`

// measurePage, appended to the page version of a deck, writes one line
// per slide into <pre id="fit">: "N ok", or "N" and how its content
// reaches out of it; and first the viewport's size and the page's width.
const measurePage = `<script>
(function () {
  var out = ["viewport " + window.innerWidth + " page " + document.documentElement.scrollWidth];
  document.querySelectorAll(".slide").forEach(function (s, i) {
    var ok = s.scrollHeight <= s.clientHeight + 1 && s.scrollWidth <= s.clientWidth + 1;
    out.push(i + (ok ? " ok" : " content " + s.scrollWidth + "x" + s.scrollHeight + " in " + s.clientWidth + "x" + s.clientHeight));
  });
  var p = document.createElement("pre");
  p.id = "fit";
  p.textContent = out.join("\n");
  document.body.appendChild(p);
})();
</script>`

var fitRE = regexp.MustCompile(`(?s)<pre id="fit">(.*?)</pre>`)

// TestDeckFitsScreens renders the deck of the recorded lessons in a
// headless Chromium at 1280×720 and 1920×1080 and checks that every
// slide fills the screen and nothing on it reaches out of it. It then
// takes screenshots of two lessons and the summary at 1280×720, copied
// to $SCALEBENCH_SCREENSHOTS when that is set.
func TestDeckFitsScreens(t *testing.T) {
	bin := browsertest.Chromium(t)
	deck, _ := recordedDeck(t)
	var buf bytes.Buffer
	if err := WriteSlides(&buf, deck); err != nil {
		t.Fatal(err)
	}
	page := strings.Replace(buf.String(), "</body>", measureSlides+"</body>", 1)
	path := filepath.Join(t.TempDir(), "slides.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	// Headless Chromium's viewport can be smaller than its window: the
	// difference is measured once, and windows that much larger asked for.
	var dw, dh int
	for _, size := range [][2]int{{1280, 720}, {1920, 1080}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			lines := measure(t, bin, path, size[0]+dw, size[1]+dh)
			var w, h int
			if _, err := fmt.Sscanf(lines[0], "viewport %dx%d js", &w, &h); err != nil {
				t.Fatalf("%q: %v", lines[0], err)
			}
			if w != size[0] || h != size[1] {
				dw, dh = dw+size[0]-w, dh+size[1]-h
				lines = measure(t, bin, path, size[0]+dw, size[1]+dh)
			}
			if want := fmt.Sprintf("viewport %dx%d js", size[0], size[1]); lines[0] != want {
				t.Fatalf("%s, want %s", lines[0], want)
			}
			if len(lines)-1 != len(deck.Slides)+1 {
				t.Fatalf("measured %d slides, want the title and %d", len(lines)-1, len(deck.Slides))
			}
			for _, l := range lines[1:] {
				if !strings.HasSuffix(l, " ok") {
					t.Errorf("slide %s", l)
				}
			}
		})
	}
	shots := filepath.Join(t.TempDir(), "shots.html")
	if err := os.WriteFile(shots, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"amdahl", "load-balance", "summary"} {
		browsertest.Screenshot(t, bin, "file://"+shots+"#"+id, 1280, 720, "lesson-"+id+".png")
	}
}

// TestPageFlows renders the page version of the recorded lessons' deck
// at 1280 pixels wide: it does not scroll sideways, and no slide's
// content reaches out of the slide (as figures of no height would).
func TestPageFlows(t *testing.T) {
	bin := browsertest.Chromium(t)
	deck, _ := recordedDeck(t)
	var buf bytes.Buffer
	if err := WritePage(&buf, deck); err != nil {
		t.Fatal(err)
	}
	page := strings.Replace(buf.String(), "</body>", measurePage+"</body>", 1)
	path := filepath.Join(t.TempDir(), "index.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	lines := measure(t, bin, path, 1280, 900)
	var w, pw int
	if _, err := fmt.Sscanf(lines[0], "viewport %d page %d", &w, &pw); err != nil || pw > w {
		t.Errorf("%s (%v): the page scrolls sideways", lines[0], err)
	}
	if len(lines)-1 != len(deck.Slides)+1 {
		t.Fatalf("measured %d slides, want the title and %d", len(lines)-1, len(deck.Slides))
	}
	for _, l := range lines[1:] {
		if !strings.HasSuffix(l, " ok") {
			t.Errorf("slide %s", l)
		}
	}
}

// measure loads the page at path in a window of w×h and returns the
// lines measureSlides wrote.
func measure(t *testing.T, bin, path string, w, h int) []string {
	t.Helper()
	out, logs := browsertest.Run(t, bin, fmt.Sprintf("--window-size=%d,%d", w, h), "--dump-dom", "file://"+path)
	m := fitRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no measurement in the page; chromium said:\n%s", logs)
	}
	return strings.Split(strings.TrimSpace(m[1]), "\n")
}
