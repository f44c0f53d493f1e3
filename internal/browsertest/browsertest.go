// Package browsertest drives a headless Chromium for the tests of the
// pages scalebench writes: it finds the browser (a test skips without
// it, except in CI, where it must be installed), runs it with a fresh
// profile and no network chatter, and takes screenshots that must not be
// blank. Only tests import it.
package browsertest

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// T is the part of *testing.T the helpers use.
type T interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Errorf(format string, args ...any)
	Skip(args ...any)
	TempDir() string
}

// Chromium returns the path of a headless Chromium. Without one the test
// is skipped, except when CI=true, where it fails.
func Chromium(t T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (scripts/install-deps.sh installs it)")
	}
	t.Skip("chromium is not installed; skipping the browser test")
	return ""
}

// Run runs the headless Chromium bin with a fresh profile and args,
// returning its stdout and stderr; it fails the test when it fails.
func Run(t T, bin string, args ...string) (stdout, stderr string) {
	t.Helper()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0", "--hide-scrollbars"}
	cmd := exec.Command(bin, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, errb.String())
	}
	return out.String(), errb.String()
}

// FrameHeight is how much taller headless Chromium's window is than its
// viewport: 0 in the old headless mode, the height of a frame in the
// new. A test that needs a viewport of h pixels asks for a window of
// h + FrameHeight.
func FrameHeight(t T, bin string) int {
	t.Helper()
	path := filepath.Join(t.TempDir(), "viewport.html")
	page := `<!DOCTYPE html><html><body><pre id="h"></pre><script>document.getElementById("h").textContent = "[" + window.innerHeight + "]";</script></body></html>`
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, _ := Run(t, bin, "--dump-dom", "--window-size=1280,1000", "file://"+path)
	var h int
	if i := strings.Index(dom, `<pre id="h">[`); i < 0 {
		t.Fatalf("the viewport page wrote nothing:\n%s", dom)
	} else if _, err := fmt.Sscanf(dom[i+len(`<pre id="h">[`):], "%d]", &h); err != nil || h <= 0 || h > 1000 {
		t.Fatalf("viewport height %d (%v) in a window of 1000", h, err)
	}
	return 1000 - h
}

// Screenshot takes a screenshot of url in a window of w×h and checks
// that it is not blank: a page of text, tables and plots inks a few
// percent of its pixels, a blank or failed one none. It copies the image
// as name into $SCALEBENCH_SCREENSHOTS when that is set.
func Screenshot(t T, bin, url string, w, h int, name string) {
	t.Helper()
	shot := filepath.Join(t.TempDir(), name)
	Run(t, bin, "--screenshot="+shot, fmt.Sprintf("--window-size=%d,%d", w, h), url)
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	total := img.Bounds().Dx() * img.Bounds().Dy()
	if ink := Ink(img); ink < total/100 {
		t.Errorf("screenshot %s of %s is nearly blank: %d of %d pixels inked", name, url, ink, total)
	}
	if dst := os.Getenv("SCALEBENCH_SCREENSHOTS"); dst != "" {
		if err := os.WriteFile(filepath.Join(dst, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Ink counts the pixels of img that are not near white.
func Ink(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				n++
			}
		}
	}
	return n
}

// SlideTextJS defines slideText(slide), for the scripts a test appends
// to a deck: it returns the problems of the slide's text as a list of
// strings: a text (outside its figures) smaller than MinTextPx, or code
// smaller than MinCodePx; and a heading that repeats the title of one of
// its plots.
const SlideTextJS = `
function slideText(s) {
  var bad = [];
  s.querySelectorAll("*").forEach(function (e) {
    if (e.closest("svg")) return;
    var own = "";
    e.childNodes.forEach(function (n) { if (n.nodeType === 3) own += n.textContent; });
    if (own.trim() === "" || e.getClientRects().length === 0) return;
    var px = parseFloat(getComputedStyle(e).fontSize), code = e.closest("pre, code") !== null;
    var min = code ? ` + minCode + ` : ` + minText + `;
    if (px < min - 0.05) bad.push((code ? "code " : "text ") + JSON.stringify(own.trim().slice(0, 30)) + " at " + px.toFixed(1) + " px");
  });
  var h = s.querySelector("h1, h2");
  if (h) {
    s.querySelectorAll("svg text").forEach(function (t) {
      if (t.textContent.trim() === h.textContent.trim()) bad.push("the heading repeats the plot's title " + JSON.stringify(h.textContent));
    });
  }
  return bad;
}
`

// The smallest text and code a slide of 720 pixels may show, in CSS
// pixels.
const (
	MinTextPx = 24
	MinCodePx = 18
)

const (
	minText = "24"
	minCode = "18"
)
