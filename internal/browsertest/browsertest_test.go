package browsertest

import (
	"image"
	"image/color"
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

func TestChromiumOrSkip(t *testing.T) {
	bin := Chromium(t)
	if FrameHeight(t, bin) < 0 {
		t.Error("the window is smaller than its viewport")
	}
}
