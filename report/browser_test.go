package report

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// chromium returns the path of a headless Chromium, skipping the test
// when there is none, except in CI where it must be installed.
func chromium(t *testing.T) string {
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

// runChromium runs a headless Chromium with a fresh profile and no
// network chatter, returning stdout and stderr.
func runChromium(t *testing.T, bin string, args ...string) (stdout, stderr string) {
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

// inkPixels counts the pixels of img that are not near white.
func inkPixels(img image.Image) int {
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

func TestBrowser(t *testing.T) {
	bin := chromium(t)
	r := newTestReport(t, testDoc())
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
			dom, logs := runChromium(t, bin, "--dump-dom", url)
			for _, want := range []string{"Scaling of pi", "Fitted models", "Speedup: pi", "<svg"} {
				if !strings.Contains(dom, want) {
					t.Errorf("the rendered DOM lacks %q", want)
				}
			}
			if name == "slides.html" && !strings.Contains(dom, `class="js"`) {
				t.Error("the slide script did not run (no js class on <html>)")
			}
			for _, bad := range []string{"Uncaught", "CONSOLE", "ERR_FILE_NOT_FOUND", "net::ERR"} {
				if strings.Contains(logs, bad) {
					t.Errorf("chromium logged %q:\n%s", bad, logs)
				}
			}
			shot := filepath.Join(dir, strings.TrimSuffix(name, ".html")+".png")
			size, at := "1280,2000", url
			if name == "slides.html" {
				// A projector's shape, on the first figure.
				size, at = "1280,800", url+"#3"
			}
			runChromium(t, bin, "--screenshot="+shot, "--window-size="+size, at)
			f, err := os.Open(shot)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			total := img.Bounds().Dx() * img.Bounds().Dy()
			ink := inkPixels(img)
			// A page of text, tables and plots inks a few percent of its
			// pixels; a blank or failed page inks none.
			if ink < total/100 {
				t.Errorf("screenshot %s is nearly blank: %d of %d pixels inked", shot, ink, total)
			}
			if dst := os.Getenv("SCALEBENCH_SCREENSHOTS"); dst != "" {
				data, _ := os.ReadFile(shot)
				os.WriteFile(filepath.Join(dst, filepath.Base(shot)), data, 0o644)
			}
		})
	}
}
