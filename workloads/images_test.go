package workloads

import (
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
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

// writePNGHeader writes the signature and the header chunk of a w×h 8-bit
// RGBA PNG, which is all that DecodeConfig reads.
func writePNGHeader(t *testing.T, name string, w, h uint32) {
	t.Helper()
	ihdr := binary.BigEndian.AppendUint32([]byte("IHDR"), w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // depth, RGBA, compression, filter, no interlace
	b := []byte("\x89PNG\r\n\x1a\n")
	b = binary.BigEndian.AppendUint32(b, 13)
	b = append(b, ihdr...)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(ihdr))
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImagesRefuseHugeDimensions(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.png")
	writePNGHeader(t, big, 100_000, 100_000)
	spec, _ := Lookup("images")
	want := "images: " + big + " is 100000×100000: decoded it would take 37.3 GiB, more than the 1.0 GiB an image may take"
	var err error
	alloc := allocated(func() { _, err = spec.New(Config{Size: 1, Params: map[string]string{"dir": dir}}) })
	if err == nil || err.Error() != want {
		t.Errorf("New = %v, want %q", err, want)
	}
	if alloc > 1<<20 {
		t.Errorf("New allocated %d bytes", alloc)
	}
	if _, err := spec.Memory(Config{Size: 1, Params: map[string]string{"dir": dir}}); err == nil ||
		err.Error() != want {
		t.Errorf("Memory = %v, want %q", err, want)
	}
	// A worker checks the header before it decodes.
	kernel, err := spec.Kernel(Config{})
	if err != nil {
		t.Fatal(err)
	}
	alloc = allocated(func() { _, err = kernel([]byte(big), nil) })
	if err == nil || err.Error() != want || alloc > 1<<20 {
		t.Errorf("kernel = %v after %d bytes, want %q", err, alloc, want)
	}
}

func TestImagesRefuseTooManyPixels(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.png")
	writePNGHeader(t, name, 10_000, 10_000) // 381 MiB decoded: allowed alone
	spec, _ := Lookup("images")
	_, err := spec.New(Config{Size: 1 << 20, Params: map[string]string{"dir": dir}})
	want := `images: --size "1048576": at most 2^40 pixels in all for 1048576 images of 10000×10000 like ` + name
	if err == nil || err.Error() != want || !IsUsage(err) {
		t.Errorf("New = %v, want %q", err, want)
	}
	if avail, _ := Available(); avail >= 0 {
		// 10,000 of them need 5.5 TiB: no test machine has that.
		_, err = spec.New(Config{Size: 10_000, Params: map[string]string{"dir": dir}})
		want = `images: --size "10000": needs about 5.5 TiB of memory for 10000 images of 10000×10000 like ` + name + ", "
		if err == nil || !strings.HasPrefix(err.Error(), want) || !IsUsage(err) {
			t.Errorf("New = %v, want %q…", err, want)
		}
	}
}
