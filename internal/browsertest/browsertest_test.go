package browsertest

import (
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInk(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	for y := range 10 {
		for x := range 10 {
			img.Set(x, y, color.White)
		}
	}
	img.Set(1, 1, color.Black)
	img.Set(2, 2, color.RGBA{0xee, 0xee, 0xee, 0xff}) // light grey counts
	img.Set(3, 3, color.RGBA{0xfa, 0xfa, 0xfa, 0xff}) // near white does not
	if got := Ink(img); got != 2 {
		t.Errorf("Ink = %d, want 2", got)
	}
}

// TestFrameHeight: a window FrameHeight taller than 720 pixels gives a
// viewport of exactly 720, as the fit tests of the decks rely on.
func TestFrameHeight(t *testing.T) {
	bin := Chromium(t)
	fh := FrameHeight(t, bin)
	path := filepath.Join(t.TempDir(), "h.html")
	page := `<!DOCTYPE html><html><body><pre id="h"></pre><script>document.getElementById("h").textContent = "[" + window.innerWidth + "x" + window.innerHeight + "]";</script></body></html>`
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, _ := Run(t, bin, "--dump-dom", fmt.Sprintf("--window-size=1280,%d", 720+fh), "file://"+path)
	if !strings.Contains(dom, `<pre id="h">[1280x720]</pre>`) {
		t.Errorf("a window of 1280×%d (frame %d): %s, want a viewport of 1280x720", 720+fh, fh, dom)
	}
}
