//go:build unix

package cli

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/report"
	"github.com/scalebench/scalebench/results"
)

// This file generates the inputs of the hostile-input suite
// (hostile_test.go): the files every case folder holds, and the hostile
// files a case names on its command line.

// hostileNames are series names that try to break out of a table cell,
// a terminal line, an SVG or an HTML page, or a file name.
var hostileNames = []string{
	"<script>alert(1)</script>",
	"a|b|c",
	"\x1b[2J\x1b[31mred\x1b]0;pwned\x07",
	"line1\nscalebench: forged error",
	"nul\x00byte\r\x7f\u0085\u2028\u202egnp.exe",
	"../../../etc/passwd",
	strings.Repeat("long", 2560), // 10 KB
	"",
}

// hostileDoc is a valid result: one series a name, at 1, 2 and 4 workers
// (4 oversubscribed) on 2 CPUs, with three samples a point.
func hostileDoc(names ...string) *results.Document {
	d := &results.Document{Schema: results.Schema,
		Env: results.Env{LogicalCPUs: 2, Hostname: "h", Command: "scalebench run pi", OS: "linux", Arch: "amd64",
			Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}}
	for _, n := range names {
		d.Series = append(
			d.Series,
			results.Series{Workload: n, Mode: "strong", Executor: "goroutines", Schedule: "block",
				Unit: "points", Params: map[string]string{"points": "1000"},
				Serial: &results.Serial{Size: 1000, SamplesS: []float64{0.98, 0.99, 1.0}},
				Points: []results.Point{
					{Workers: 1, Size: 1000, SamplesS: []float64{1.00, 1.01, 0.99}, Verified: true},
					{Workers: 2, Size: 1000, SamplesS: []float64{0.55, 0.56, 0.54}, Verified: true},
					{
						Workers:        4,
						Size:           1000,
						Oversubscribed: true,
						SamplesS:       []float64{0.56, 0.57, 0.55},
						Verified:       true,
					},
				}},
		)
	}
	return d
}

// encodeDoc is d as a result file; edit changes the document first.
func encodeDoc(d *results.Document, edit func(*results.Document)) []byte {
	if edit != nil {
		edit(d)
	}
	var b bytes.Buffer
	if err := results.Encode(&b, d); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// pngHeader is the start of a PNG file of w×h pixels: signature, IHDR and
// IEND, with no image data.
func pngHeader(w, h uint32) []byte {
	chunk := func(typ string, data []byte) []byte {
		var b []byte
		b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
		b = append(b, typ...)
		b = append(b, data...)
		return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(nil, w), h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, chunk("IHDR", ihdr)...)
	return append(out, chunk("IEND", nil)...)
}

// hostileFiles are the hostile inputs by file name; a case that names one
// on its command line finds it in its folder. The testdata files of fit
// stand for valid inputs of the other formats.
var hostileFiles = sync.OnceValue(func() map[string][]byte {
	files := resultFiles()
	maps.Copy(files, textFiles())
	for _, name := range []string{"gotest-bench.txt", "hyperfine-sleep.json", "runs.csv", "throughput.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", "fit", name))
		if err != nil {
			panic(err)
		}
		files[name] = b
	}
	return files
})

// resultFiles are result files that are not, or that hold hostile or
// degenerate data.
func resultFiles() map[string][]byte {
	valid := encodeDoc(hostileDoc("pi"), nil)
	edit := func(f func(*results.Document)) []byte { return encodeDoc(hostileDoc("pi"), f) }
	point := func(d *results.Document) *results.Point { return &d.Series[0].Points[1] }
	return map[string][]byte{
		"trunc.json":    valid[:len(valid)/2],
		"trailing.json": append(append([]byte{}, valid...), "garbage"...),
		"twodocs.json":  append(append([]byte{}, valid...), valid...),
		"deep.json":     []byte(strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)),
		"deepobj.json": []byte(
			`{"schema":"scalebench/v1","env":` + strings.Repeat(`{"a":`, 20_000) + "1" + strings.Repeat("}", 20_001),
		),
		"bignum.json":   bytes.Replace(valid, []byte("0.55"), []byte("1e999"), 1),
		"overflow.json": bytes.Replace(valid, []byte(`"workers": 2,`), []byte(`"workers": 9223372036854775808,`), 1),
		"floatw.json":   bytes.Replace(valid, []byte(`"workers": 2,`), []byte(`"workers": 2.5,`), 1),
		"schema2.json":  bytes.Replace(valid, []byte("scalebench/v1"), []byte("scalebench/v2"), 1),
		"noschema.json": []byte("{}"),
		"array.json":    []byte("[]"),
		"null.json":     []byte("null"),
		"noseries.json": []byte(`{"schema":"scalebench/v1","series":[]}`),
		"nullpt.json":   []byte(`{"schema":"scalebench/v1","series":[{"points":[null]}]}`),
		"strings.json":  []byte(`{"schema":"scalebench/v1","series":[{"workload":1,"points":"x"}]}`),
		"negative.json": edit(func(d *results.Document) { point(d).SamplesS[0] = -1 }),
		"zerow.json":    edit(func(d *results.Document) { point(d).Workers = 0 }),
		"zeros.json": edit(func(d *results.Document) {
			for i := range d.Series[0].Points {
				d.Series[0].Points[i].SamplesS = []float64{0, 0}
			}
		}),
		"nosamples.json": edit(func(d *results.Document) {
			for i := range d.Series[0].Points {
				d.Series[0].Points[i].SamplesS = nil
			}
		}),
		"huge.json":    edit(func(d *results.Document) { point(d).SamplesS = []float64{1e308, 1.7e308} }),
		"maxw.json":    edit(func(d *results.Document) { point(d).Workers = 1<<63 - 1 }),
		"dupw.json":    edit(func(d *results.Document) { point(d).Workers = 1 }),
		"names.json":   encodeDoc(hostileDoc(hostileNames...), nil),
		"many.json":    encodeDoc(hostileDoc(strings.Split(strings.Repeat("s,", 99)+"s", ",")...), nil),
		"hostenv.json": edit(hostileEnv),
		"cpusneg.json": edit(func(d *results.Document) { d.Env.LogicalCPUs = -5 }),
		"cpusmax.json": edit(func(d *results.Document) {
			d.Env.LogicalCPUs = 1<<63 - 1
			d.Env.CPUs = &results.CPUInfo{Online: -1, Affinity: 1<<63 - 1, Quota: -1e308, Planned: 1<<63 - 1,
				LoadAvg: []float64{1e308, -1}, Busy: 1e308}
		}),
	}
}

// textFiles are CSV tables, go test -bench output, hyperfine exports and
// images that are broken or hostile.
func textFiles() map[string][]byte {
	csv := func(rows ...string) []byte { return []byte(strings.Join(rows, "\n") + "\n") }
	return map[string][]byte{
		"nan.csv":      csv("workers,seconds", "1,1", "2,NaN"),
		"inf.csv":      csv("workers,seconds", "1,1", "2,+Inf"),
		"neg.csv":      csv("workers,seconds", "1,1", "2,-0.5"),
		"dup.csv":      csv("workers,seconds", "1,1", "2,0.6", "2,0.6", "1,1", "1,1"),
		"badcols.csv":  csv("workers,seconds", "1,1,3", "2"),
		"header.csv":   csv("workers,seconds"),
		"hugenum.csv":  csv("workers,seconds", "1,1e308", "2,1.7e308", "3,5e-324"),
		"ovf.csv":      csv("workers,seconds", "1,1", "9223372036854775808,0.5"),
		"maxw.csv":     csv("workers,seconds", "1,1", "9223372036854775807,0.5"),
		"zerow.csv":    csv("workers,seconds", "0,1"),
		"frac.csv":     csv("workers,seconds", "1.5,1"),
		"semi.csv":     csv("workers;seconds", "1;1"),
		"dupcol.csv":   csv("workers,workers,seconds", "1,2,1"),
		"both.csv":     csv("workers,seconds,throughput", "1,1,1"),
		"nometric.csv": csv("workers,size", "1,1"),
		"thr0.csv":     csv("workers,throughput", "1,0", "2,0"),
		"quote.csv":    csv("workers,seconds", `"1,1`),
		"bom.csv":      csv("\ufeffworkers,seconds", "1,1", "2,0.6"),
		"crlf.csv":     []byte("workers,seconds\r\n1,1\r\n2,0.6\r\n"),
		"names.csv":    csv("series,workers,seconds", "\"a\x1b[2J\nb|<i>\",1,1", "\"a\x1b[2J\nb|<i>\",2,0.6"),
		"longline.csv": csv("workers,seconds", "1,"+strings.Repeat("9", 200<<10)),
		"empty.csv":    {},
		"blank.csv":    []byte("\n \n\t\n"),
		"binary.dat":   randomBytes(64 << 10),
		// go test -bench output and hyperfine exports.
		"nan.txt":       []byte("BenchmarkX-2 1 NaN ns/op\n"),
		"negbench.txt":  []byte("BenchmarkX-1 1 -5 ns/op\nBenchmarkX-2 1 1 ns/op\n"),
		"cpuovf.txt":    []byte("BenchmarkX-99999999999999999999 1 1 ns/op\nBenchmarkX-1 1 1 ns/op\n"),
		"nobench.txt":   []byte("PASS\nok  \tx\t0.1s\n"),
		"hf-empty.json": []byte(`{"results":[]}`),
		"hf-param.json": []byte(
			`{"results":[{"command":"x","mean":1,"times":[1],"parameters":{"workers":"\u001b[2J"}}]}`,
		),
		"hf-neg.json": []byte(`{"results":[{"command":"x","mean":1,"times":[-1],"parameters":{"workers":"1"}}]}`),
		// Images: random bytes, and a header of 100000×100000 pixels.
		"img-random/a.png": randomBytes(4096),
		"img-huge/a.png":   pngHeader(100_000, 100_000),
	}
}

// randomBytes are n bytes of a fixed pseudo-random sequence.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// hostileEnv fills the environment of d with control characters, markup
// and very long text.
func hostileEnv(d *results.Document) {
	d.Env.Hostname = "\x1b]0;pwned\x07host"
	d.Env.Command = "scalebench run pi\nscalebench: forged"
	d.Env.CPUModel = strings.Repeat("<b>cpu</b>|", 1000)
	d.Env.Warnings = []string{"\x00\x1b[31mred", strings.Repeat("w", 10_000)}
	d.Series[0].Params = map[string]string{"<x>": strings.Repeat("|\n\x00", 1000), "\x1b[2J": "v"}
}

// homeDoc is the valid result file every case folder holds as in.json.
var homeDoc = sync.OnceValue(func() []byte { return encodeDoc(hostileDoc("pi"), nil) })

// homeReport is the report of in.json, as report writes it.
var homeReport = sync.OnceValue(func() []file {
	doc, err := results.Decode(bytes.NewReader(homeDoc()))
	if err != nil {
		panic(err)
	}
	set, err := analysis.AnalyzeSet([]analysis.Source{{Name: "in.json", Doc: doc}}, analysis.Options{}, nil,
		analysis.DefaultCompareOptions)
	if err != nil {
		panic(err)
	}
	files := reportFiles(report.New(set, report.Options{}), false)
	for i, f := range files {
		var b bytes.Buffer
		if err := f.write(&b); err != nil {
			panic(err)
		}
		files[i] = file{name: f.name, data: b.Bytes()}
	}
	return files
})

// makeHome fills dir with what a user's folder holds: notes, a private
// key, a source tree with its .git, the inputs of fit and report, a
// result of an earlier run, a report folder written by scalebench, links
// (to a file, to nowhere, in a loop) and a named pipe.
func makeHome(t *testing.T, dir string) {
	t.Helper()
	write := func(name string, data []byte, mode os.FileMode) {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
	}
	write("notes.txt", []byte("my notes\n"), 0o644)
	write("secret/key.pem", []byte("-----BEGIN KEY-----\n"), 0o600)
	write("src/main.go", []byte("package main\n"), 0o644)
	write("src/.git/HEAD", []byte("ref: refs/heads/main\n"), 0o644)
	write("in.json", homeDoc(), 0o644)
	write("old.json", homeDoc(), 0o644)
	write("in.csv", []byte("workers,seconds\n1,1\n2,0.6\n4,0.4\n"), 0o644)
	if err := writeDir(context.Background(), filepath.Join(dir, "report"), homeReport(), nil); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"link.json": "in.json", "dangling": "nowhere/x", "loop1": "loop2", "loop2": "loop1"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := mkfifo(filepath.Join(dir, "fifo")); err != nil {
		t.Fatal(err)
	}
}

// placeInputs writes into dir the hostile files that args name.
func placeInputs(t *testing.T, dir string, args []string) {
	t.Helper()
	files := hostileFiles()
	for _, a := range args {
		for name, data := range files {
			if a != name && a != filepath.Dir(name) {
				continue
			}
			path := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
