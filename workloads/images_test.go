package workloads

import (
	"image"
	"image/png"
	"os"
	"testing"
)

// writeTestPNG writes a w×h image whose pixel (x, y) is (x, y, x+y).
func writeTestPNG(t *testing.T, name string, w, h int) {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			p := img.Pix[y*img.Stride+4*x:]
			p[0], p[1], p[2], p[3] = byte(x), byte(y), byte(x+y), 255
		}
	}
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
