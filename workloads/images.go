package workloads

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The generated images are imgW×imgH, smooth colour gradients with a
// little noise, so that they compress and decode like photographs more
// than like static.
const (
	imgW = 320
	imgH = 240
)

// imgMaxDecoded caps the memory of one decoded image: width × height ×
// the bytes per pixel of its colour model (1 to 8). An image beyond it is
// refused before it is decoded: 1 GiB is 16384×16384 in 8-bit RGBA.
// imgMaxPixels caps the pixels of all the images of an instance, so that
// its arrays (3 bytes a pixel, twice) can always be allocated; the memory
// available is checked as well.
const (
	imgMaxDecoded = 1 << 30
	imgMaxPixels  = 1 << 40
)

// imgDistinct bounds the number of files generated: more images decode
// the files again in turn, which keeps building a large instance quick
// (encoding costs more than decoding).
const imgDistinct = 64

func init() {
	Register(&Spec{
		Name:        "images",
		Description: "decode a folder of PNG images into one preallocated shared N×H×W×3 array (file IO plus decoding into shared memory)",
		Unit:        "images",
		Crossing: Crossing{
			Input:  "a file name only; the worker reads and decodes the file",
			Result: "the decoded image (3 bytes a pixel)",
		},
		Quick:    64,
		Full:     640,
		MaxSize:  1 << 20,
		Schedule: "dynamic",
		Chunk:    1,
		Params: []Param{
			{
				Name:    "dir",
				Default: "",
				Help: "folder of PNG images of one size to decode, used in turn until size images are done (default: " +
					"generate 64 deterministic images in a temporary folder)",
			},
		},
		New:    newImages,
		Memory: imagesMemory,
		Kernel: func(Config) (Kernel, error) {
			return func(in, out []byte) ([]byte, error) {
				img, err := readPNG(string(in), 0, 0)
				if err != nil {
					return out, err
				}
				b := img.Bounds()
				n := len(out)
				out = slices.Grow(out, 3*b.Dx()*b.Dy())[:n+3*b.Dx()*b.Dy()]
				toRGB(out[n:], img)
				return out, nil
			}, nil
		},
	})
}

var _ Portable = (*images)(nil)

// images decodes one PNG file per task into its slot of one shared
// N×H×W×3 byte array (RGB, the layout of the seed's numpy array). The
// serial run decodes every file into a second array; decoding is exact,
// so the arrays must be equal byte for byte.
type images struct {
	stop    *Stop
	files   []string // per task
	w, h    int
	tmp     string // generated folder, removed by Close
	data    []byte
	serial  []byte
	errs    []error
	serErr  error
	input   []byte // the paths, one after the other
	offsets []int  // per task, then the end
}

func newImages(c Config) (Instance, error) {
	if c.Size < 1 || c.Size > 1<<20 {
		return nil, &ParamError{
			Workload: "images",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     "between 1 and 1048576 images",
		}
	}
	n := int(c.Size)
	im := &images{stop: c.Stop}
	var names []string
	if dir := c.Params["dir"]; dir != "" {
		var err error
		if names, err = pngFiles(dir); err != nil {
			return nil, err
		}
	} else {
		tmp, err := os.MkdirTemp("", "scalebench-images-")
		if err != nil {
			return nil, fmt.Errorf("images: %w", err)
		}
		im.tmp = tmp
		if names, err = generateImages(tmp, c.Seed, min(n, imgDistinct)); err != nil {
			im.Close()
			return nil, err
		}
	}
	if err := im.checkSizes(names, c.Size); err != nil {
		im.Close()
		return nil, err
	}
	for t := range n {
		f := names[t%len(names)]
		im.files = append(im.files, f)
		im.offsets = append(im.offsets, len(im.input))
		im.input = append(im.input, f...)
	}
	im.offsets = append(im.offsets, len(im.input))
	px := im.w * im.h * 3
	im.data = make([]byte, n*px)
	im.serial = make([]byte, n*px)
	im.errs = make([]error, n)
	return im, nil
}

// checkSizes reads the size of every file, before decoding any: each
// must be a PNG of the first one's size, within imgMaxDecoded, and n of
// them must fit in imgMaxPixels and in the memory available.
func (im *images) checkSizes(names []string, n int64) error {
	bpp := 0
	for i, name := range names {
		cfg, err := pngConfig(name)
		if err != nil {
			return err
		}
		if i == 0 {
			im.w, im.h, bpp = cfg.Width, cfg.Height, bytesPerPixel(cfg.ColorModel)
		} else if cfg.Width != im.w || cfg.Height != im.h {
			return fmt.Errorf("images: %s is %d×%d, but %s is %d×%d: all images must have one size", name, cfg.Width, cfg.Height, names[0], im.w, im.h)
		}
	}
	what := fmt.Sprintf(" for %d images of %d×%d like %s", n, im.w, im.h, names[0])
	if mulSat(n, int64(im.w)*int64(im.h)) > imgMaxPixels {
		return &ParamError{
			Workload: "images",
			Param:    "size",
			Value:    fmt.Sprint(n),
			Want:     "at most 2^40 pixels in all" + what,
		}
	}
	return systemMemory.check("images", n, imagesFootprint(n, im.w, im.h, bpp).Bytes(1), what)
}

// imagesMemory is per image its RGB pixels twice (the parallel and the
// serial array), and per worker the image being decoded.
func imagesMemory(c Config) (Footprint, error) {
	w, h, bpp := imgW, imgH, 4 // generated images decode to RGBA
	if dir := c.Params["dir"]; dir != "" {
		names, err := pngFiles(dir)
		if err != nil {
			return Footprint{}, err
		}
		cfg, err := pngConfig(names[0])
		if err != nil {
			return Footprint{}, err
		}
		w, h, bpp = cfg.Width, cfg.Height, bytesPerPixel(cfg.ColorModel)
	}
	return imagesFootprint(c.Size, w, h, bpp), nil
}

func imagesFootprint(n int64, w, h, bpp int) Footprint {
	px := int64(w) * int64(h) // below 2^31 each
	return Footprint{Fixed: mulSat(n, addSat(mulSat(px, 6), 16)), PerWorker: mulSat(px, int64(bpp))}
}

// pngFiles lists the PNG files of dir, sorted by name.
func pngFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		want := "a readable folder of PNG images"
		if errors.Is(err, fs.ErrNotExist) {
			want = "an existing folder of PNG images"
		}
		return nil, &ParamError{Workload: "images", Param: "dir", Value: dir, Want: want}
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.EqualFold(filepath.Ext(e.Name()), ".png") {
			names = append(names, filepath.Join(dir, e.Name()))
		}
	}
	if len(names) == 0 {
		return nil, &ParamError{
			Workload: "images",
			Param:    "dir",
			Value:    dir,
			Want:     "a folder holding at least one .png file",
		}
	}
	return names, nil
}

// pngConfig reads the header of a PNG file and checks that the image
// fits in imgMaxDecoded.
func pngConfig(name string) (image.Config, error) {
	f, err := os.Open(name)
	if err != nil {
		return image.Config{}, fmt.Errorf("images: %w", err)
	}
	defer f.Close()
	return decodeConfig(name, f)
}

func decodeConfig(name string, r io.Reader) (image.Config, error) {
	cfg, err := png.DecodeConfig(r)
	if err != nil {
		return cfg, fmt.Errorf("images: %s: %w", name, err)
	}
	if b := mulSat(int64(cfg.Width)*int64(cfg.Height), int64(bytesPerPixel(cfg.ColorModel))); b > imgMaxDecoded {
		return cfg, fmt.Errorf("images: %s is %d×%d: decoded it would take %s, more than the %s an image may take",
			name, cfg.Width, cfg.Height, FormatBytes(b), FormatBytes(imgMaxDecoded))
	}
	return cfg, nil
}

// bytesPerPixel is the size of a pixel of the image that image/png
// decodes for a colour model.
func bytesPerPixel(m color.Model) int {
	switch m {
	case color.GrayModel:
		return 1
	case color.Gray16Model:
		return 2
	case color.RGBAModel, color.NRGBAModel:
		return 4
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 8 // RGBA64, NRGBA64
}

// generateImages writes n deterministic images into dir.
func generateImages(dir string, seed uint64, n int) ([]string, error) {
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	img := image.NewNRGBA(image.Rect(0, 0, imgW, imgH))
	var buf bytes.Buffer
	names := make([]string, n)
	for i := range n {
		s := Stream(seed, i)
		r0, g0, b0 := int(s.Uint64()%256), int(s.Uint64()%256), int(s.Uint64()%256)
		for y := range imgH {
			for x := range imgW {
				noise := int(s.Uint64() % 8)
				p := img.Pix[y*img.Stride+4*x:]
				p[0] = byte(r0 + x*255/imgW + noise)
				p[1] = byte(g0 + y*255/imgH + noise)
				p[2] = byte(b0 + (x+y)*255/(imgW+imgH) + noise)
				p[3] = 255
			}
		}
		buf.Reset()
		if err := enc.Encode(&buf, img); err != nil {
			return nil, fmt.Errorf("images: %w", err)
		}
		names[i] = filepath.Join(dir, fmt.Sprintf("img-%06d.png", i))
		if err := os.WriteFile(names[i], buf.Bytes(), 0o644); err != nil {
			return nil, fmt.Errorf("images: %w", err)
		}
	}
	return names, nil
}

// readPNG reads and decodes one file, after checking its size: w×h when
// w > 0, and imgMaxDecoded. Its errors name the file.
func readPNG(name string, w, h int) (image.Image, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("images: %w", err)
	}
	cfg, err := decodeConfig(name, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	if w > 0 && (cfg.Width != w || cfg.Height != h) {
		return nil, fmt.Errorf("images: %s is %d×%d, want %d×%d", name, cfg.Width, cfg.Height, w, h)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("images: %s: %w", name, err)
	}
	return img, nil
}

// toRGB writes the pixels of img into dst as R, G, B bytes, row by row.
func toRGB(dst []byte, img image.Image) {
	b := img.Bounds()
	w := b.Dx()
	switch m := img.(type) {
	case *image.RGBA:
		for y := range b.Dy() {
			src := m.Pix[y*m.Stride : y*m.Stride+4*w]
			row := dst[3*w*y : 3*w*(y+1)]
			for x := range w {
				row[3*x], row[3*x+1], row[3*x+2] = src[4*x], src[4*x+1], src[4*x+2]
			}
		}
	case *image.NRGBA:
		for y := range b.Dy() {
			src := m.Pix[y*m.Stride : y*m.Stride+4*w]
			row := dst[3*w*y : 3*w*(y+1)]
			for x := range w {
				row[3*x], row[3*x+1], row[3*x+2] = src[4*x], src[4*x+1], src[4*x+2]
			}
		}
	default:
		i := 0
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				dst[i], dst[i+1], dst[i+2] = byte(r>>8), byte(g>>8), byte(bl>>8)
				i += 3
			}
		}
	}
}

// decodeInto decodes task's file into its slot of buf.
func (im *images) decodeInto(buf []byte, task int) error {
	img, err := readPNG(im.files[task], im.w, im.h)
	if err != nil {
		return err
	}
	toRGB(im.slot(buf, task), img)
	return nil
}

func (im *images) slot(buf []byte, task int) []byte {
	px := im.w * im.h * 3
	return buf[task*px : (task+1)*px]
}

func (im *images) Input() []byte { return im.input }
func (im *images) TaskInput(task int) (off, n int) {
	return im.offsets[task], im.offsets[task+1] - im.offsets[task]
}

// MaxResult is one decoded image, H×W×3 bytes.
func (im *images) MaxResult() int { return im.w * im.h * 3 }

func (im *images) SetResult(task int, b []byte) error {
	if len(b) != im.MaxResult() {
		return fmt.Errorf(
			"images: %s: decoded %d bytes, want %d (%d×%d×3)",
			im.files[task],
			len(b),
			im.MaxResult(),
			im.w,
			im.h,
		)
	}
	copy(im.slot(im.data, task), b)
	return nil
}

func (im *images) Tasks() int { return len(im.files) }

func (im *images) Serial() {
	im.serErr = nil
	for t := range im.files {
		if im.stop.Stopped() { // a file takes about a millisecond
			return
		}
		if err := im.decodeInto(im.serial, t); err != nil && im.serErr == nil {
			im.serErr = err
		}
	}
}

func (im *images) Begin(int) {
	clear(im.data)
	clear(im.errs)
}

func (im *images) Run(_, task int) { im.errs[task] = im.decodeInto(im.data, task) }

func (im *images) End() {}

func (im *images) Verify() error {
	if im.serErr != nil {
		return im.serErr
	}
	for _, err := range im.errs {
		if err != nil {
			return err
		}
	}
	for t := range im.files {
		if !bytes.Equal(im.slot(im.data, t), im.slot(im.serial, t)) {
			return fmt.Errorf("images: %s decoded differently from the serial run", im.files[t])
		}
	}
	return nil
}

// Close removes the generated folder, if any.
func (im *images) Close() error {
	if im.tmp == "" {
		return nil
	}
	err := os.RemoveAll(im.tmp)
	im.tmp = ""
	return err
}
