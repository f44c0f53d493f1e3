package importer

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/results"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with testdata/golden/name, writing name.got on a
// mismatch and the file itself with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		if err := os.WriteFile(path+".got", got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s differs from the golden file: see %s.got", path, path)
	}
}

func readFixture(t *testing.T, name string, opt Options) *results.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(name, data, opt)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("Read(%s) gave an invalid document: %v", name, err)
	}
	return d
}

// TestFixtures reads every fixture and compares the document with its
// golden JSON.
func TestFixtures(t *testing.T) {
	for _, tc := range []struct {
		file, format string
	}{
		{"runs.csv", CSV},
		{"series.csv", CSV},
		{"throughput.csv", CSV},
		{"weak.csv", CSV},
		{"gotest-bench.txt", GoBench},
		{"gobench-run.txt", GoBench},
		{"hyperfine-sleep.json", Hyperfine},
		{"hyperfine-two.json", Hyperfine},
		{"hyperfine-xz.json", Hyperfine},
		{"result.json", JSON},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if got := Detect(data); got != tc.format {
				t.Errorf("Detect = %s, want %s", got, tc.format)
			}
			d := readFixture(t, tc.file, Options{})
			var buf bytes.Buffer
			if err := results.Encode(&buf, d); err != nil {
				t.Fatal(err)
			}
			golden(t, strings.TrimSuffix(tc.file, filepath.Ext(tc.file))+".json", buf.Bytes())
		})
	}
}

// shape is what a test checks of a series: name, mode, metric, and per
// point workers and samples.
type shape struct {
	name, mode, metric string
	points             map[int][]float64
}

func shapes(d *results.Document) []shape {
	var out []shape
	for _, s := range d.Series {
		sh := shape{s.Workload, string(s.Mode), string(s.Metric), map[int][]float64{}}
		for _, p := range s.Points {
			v := p.SamplesS
			if s.Metric == results.MetricThroughput {
				v = p.Throughput
			}
			sh.points[p.Workers] = v
		}
		out = append(out, sh)
	}
	return out
}

func TestDecodeCSV(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []shape
	}{
		{"per sample", "workers,seconds\n1,2\n1,3\n2,1.5\n",
			[]shape{{"f", "strong", "seconds", map[int][]float64{1: {2, 3}, 2: {1.5}}}}},
		{"unit ns and extra columns", "host,workers,ns\na,2,5e8\na,1,1e9\n",
			[]shape{{"f", "strong", "seconds", map[int][]float64{1: {1}, 2: {0.5}}}}},
		{"series in first-seen order", "name,workers,seconds\nb,1,1\na,1,2\nb,2,0.5\n",
			[]shape{{"b", "strong", "seconds", map[int][]float64{1: {1}, 2: {0.5}}},
				{"a", "strong", "seconds", map[int][]float64{1: {2}}}}},
		{"throughput", "workers,throughput\n1,10\n2,19\n",
			[]shape{{"f", "strong", "throughput", map[int][]float64{1: {10}, 2: {19}}}}},
		{"sizes that grow are weak scaling", "workers,size,seconds\n1,10,1\n2,20,1.1\n",
			[]shape{{"f", "weak", "seconds", map[int][]float64{1: {1}, 2: {1.1}}}}},
		{"a mode column wins", "workers,size,seconds,mode\n1,10,1,strong\n2,20,1.1,strong\n",
			[]shape{{"f", "strong", "seconds", map[int][]float64{1: {1}, 2: {1.1}}}}},
		{"blank lines, comments, CRLF and a BOM", "\ufeff# note\r\nworkers,seconds\r\n\r\n1,1\r\n",
			[]shape{{"f", "strong", "seconds", map[int][]float64{1: {1}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read("dir/f.csv", []byte(tc.in), Options{Format: CSV})
			if err != nil {
				t.Fatal(err)
			}
			if got := shapes(d); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestCSVOversubscribedAndSize(t *testing.T) {
	d := readFixture(t, "series.csv", Options{})
	if len(d.Series) != 2 {
		t.Fatalf("%d series, want 2", len(d.Series))
	}
	p := d.Series[0].Points[2]
	if p.Workers != 4 || !p.Oversubscribed || p.Size != 1000 || p.SamplesS[0] != 0.030 {
		t.Errorf("fast P=4 = %+v, want oversubscribed, size 1000, 0.030 s", p)
	}
	if d.Series[0].Points[0].Oversubscribed {
		t.Error("fast P=1 is marked oversubscribed")
	}
}

// TestBadInput checks the exact message of every kind of unreadable input.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, format, in, want string
	}{
		{"empty", "", "", "f.csv:1: empty input"},
		{"blank", "", " \n\n", "f.csv:1: empty input"},
		{"only a comment", CSV, "# nothing\n", "f.csv:1: empty input: want a header line naming workers and seconds or throughput"},
		{"no workers column", "", "threads,seconds\n1,2\n", "f.csv:1: no workers column in the header (found: threads, seconds)"},
		{"no value column", "", "workers,time\n1,2\n", "f.csv:1: no seconds or throughput column in the header (found: workers, time)"},
		{"two value columns", "", "workers,seconds,throughput\n1,2,3\n", "f.csv:1: columns seconds and throughput name the same thing: keep one"},
		{"repeated column", "", "workers,seconds,workers\n1,2,3\n", "f.csv:1: column workers appears twice in the header"},
		{"header only", "", "workers,seconds\n", "f.csv:1: no data rows after the header"},
		{"non-numeric seconds", "", "workers,seconds\n1,1\n2,fast\n", `f.csv:3: seconds "fast" is not a number`},
		{"non-numeric workers", "", "workers,seconds\n1,1\n\ntwo,1\n", `f.csv:4: workers "two" is not a whole number ≥ 1`},
		{"zero workers", "", "workers,seconds\n0,1\n", `f.csv:2: workers "0" is not a whole number ≥ 1`},
		{"fractional workers", "", "workers,seconds\n1.5,1\n", `f.csv:2: workers "1.5" is not a whole number ≥ 1`},
		{"empty workers", "", "workers,seconds\n,1\n", "f.csv:2: empty workers cell"},
		{"empty seconds", "", "workers,seconds\n1,\n", "f.csv:2: empty seconds cell"},
		{"negative seconds", "", "workers,seconds\n1,-1\n", `f.csv:2: seconds "-1" must be finite and not negative`},
		{"NaN throughput", "", "workers,throughput\n1,NaN\n", `f.csv:2: throughput "NaN" must be finite and not negative`},
		{"infinite ms", "", "workers,ms\n1,+Inf\n", `f.csv:2: ms "+Inf" must be finite and not negative`},
		{"short row", "", "workers,seconds\n1,1\n2\n", "f.csv:3: 1 fields, but the header has 2"},
		{"bad quote", "", "workers,seconds\n1,\"1\n", `f.csv:2: extraneous or missing " in quoted-field`},
		{"bad size", "", "workers,seconds,size\n1,1,big\n", `f.csv:2: size "big" is not a number`},
		{"fractional size", "", "workers,seconds,size\n1,1,1.5\n", `f.csv:2: size "1.5" is not a whole number`},
		{"size differs within a point", "", "workers,seconds,size\n1,1,10\n1,1,20\n", "f.csv:3: size 20 differs from " +
			"size 10 of workers 1 on line 2"},
		{"bad mode", "", "workers,seconds,mode\n1,1,fast\n", `f.csv:2: mode "fast": want strong or weak`},
		{"mode differs", "", "workers,seconds,mode\n1,1,weak\n2,1,strong\n", `f.csv:3: mode strong differs from mode weak of series "f" on line 2`},
		{"bad oversubscribed", "", "workers,seconds,oversubscribed\n1,1,maybe\n", `f.csv:2: oversubscribed "maybe": want true or false`},

		{"go test without benchmarks", GoBench, "goos: linux\nPASS\nok  \tpkg\t0.1s\n",
			`f.csv: no benchmark result lines with ns/op (want go test -bench output such as "BenchmarkX-2  100  12345 ns/op")`},
		{"bad ns/op", "", "BenchmarkX-2 \t 10\t 12x ns/op\n", `f.csv:1: BenchmarkX: ns/op "12x" is not a number`},
		{"negative ns/op", "", "pkg: p\nBenchmarkX 10 -5 ns/op\n", `f.csv:2: BenchmarkX: ns/op "-5" must be finite and not negative`},

		{"hyperfine without a parameter", "", `{"results":[{"command":"true","times":[0.1]}]}`,
			"f.csv: hyperfine export has no parameter: export a scan such as hyperfine -P workers 1 8 'prog --threads {workers}'"},
		{"hyperfine without results", Hyperfine, `{"other":1}`, "f.csv: not a hyperfine export: no results array"},
		{"hyperfine with no results", "", `{"results":[]}`, "f.csv: hyperfine export has no results"},
		{"hyperfine with two parameters", "", `{"results":[{"command":"a","times":[1],"parameters":{"t":"1","n":"2"}}]}`,
			"f.csv: hyperfine export has parameters n, t: choose the worker count with --param"},
		{"hyperfine with a bad count", "", `{"results":[{"command":"a 0.5","times":[1],"parameters":{"workers":"0.5"}}]}`,
			`f.csv: result 1 (a 0.5): parameter workers = "0.5" is not a whole number ≥ 1`},
		{"hyperfine with a parameter missing", "", `{"results":[{"command":"a","times":[1],"parameters":{"workers":"1"}},{"command":"b","times":[1],"parameters":{"n":"1"}}]}`,
			"f.csv: result 2 (b) has no parameter workers"},
		{"hyperfine without times", "", `{"results":[{"command":"a 1","parameters":{"workers":"1"}}]}`,
			"f.csv: result 1 (a 1) has no times and no mean"},
		{"hyperfine with a wrong type", "", "{\"results\":[\n{\"command\":\"a 1\",\"times\":\"x\"}]}",
			"f.csv:2: json: cannot unmarshal string into Go struct field hyperfineResult.results.times of type []float64"},

		{"truncated JSON", "", "{\"schema\":\n\"scalebench/v1\"", "f.csv: truncated JSON: unexpected EOF"},
		{"JSON syntax", "", "{\n\"schema\": x}", "f.csv:2: invalid JSON: invalid character 'x' looking for beginning of value"},
		{"another schema", "", `{"schema":"other/v2","series":[]}`, `f.csv: not a scalebench/v1 document (schema "other/v2")`},
		{"neither result nor hyperfine", "", `{"series":[]}`, "f.csv: not a scalebench/v1 document (no schema field)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Read("f.csv", []byte(tc.in), Options{Format: tc.format})
			if err == nil {
				t.Fatalf("no error; got %d series", len(d.Series))
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got: %s\nwant: %s", err, tc.want)
			}
		})
	}
}

func TestReadStdinName(t *testing.T) {
	_, err := Read("-", nil, Options{})
	if err == nil || err.Error() != "stdin:1: empty input" {
		t.Errorf("err = %v, want stdin:1: empty input", err)
	}
	d, err := Read("-", []byte("workers,seconds\n1,1\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Series[0].Workload != "stdin" {
		t.Errorf("series %q, want stdin", d.Series[0].Workload)
	}
}

func TestUnknownFormat(t *testing.T) {
	_, err := Read("f", []byte("x"), Options{Format: "xml"})
	if err == nil || err.Error() != `unknown input format "xml" (want json, csv, gobench, hyperfine)` {
		t.Errorf("err = %v", err)
	}
}

func TestParseBenchLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string // name@workers, or "" for no result line
	}{
		{"BenchmarkFit-8   \t 100\t 1234 ns/op", "BenchmarkFit@8"},
		{"BenchmarkFit \t 100\t 1234 ns/op", "BenchmarkFit@1"},
		{"BenchmarkFit/size=10-2 5 1 ns/op 3 B/op", "BenchmarkFit/size=10@2"},
		{"BenchmarkPi/workers=4-2  1  7 ns/op", "BenchmarkPi@4"},
		{"BenchmarkPi/executor=shm/workers=3-3  1  7 ns/op", "BenchmarkPi/executor=shm@3"},
		{"BenchmarkA-b 1 1 ns/op", "BenchmarkA-b@1"},
		{"BenchmarkA--2 1 1 ns/op", "BenchmarkA-@2"},
		{"BenchmarkFit", ""},
		{"Benchmarking the thing 1 ns/op", ""},
		{"BenchmarkFit-2 0 5 ns/op", "BenchmarkFit@2"}, // recognised, refused by DecodeGoBench
		{"goos: linux", ""},
	} {
		bl, ok := parseBenchLine(tc.line)
		got := ""
		if ok {
			got = bl.name + "@" + string(rune('0'+bl.workers))
		}
		if got != tc.want {
			t.Errorf("parseBenchLine(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestGoBenchEnvAndSeries(t *testing.T) {
	in := "goos: linux\ngoarch: amd64\npkg: a/b\ncpu: Some CPU @ 2GHz\n" +
		"BenchmarkX \t 10\t 2000 ns/op\nBenchmarkX-2\t 10\t 1000 ns/op\nBenchmarkX-2\t 10\t 1100 ns/op\n" +
		"BenchmarkOwnUnits-2 10 5 widgets/op\n--- BENCH: BenchmarkX-2\n    x_test.go:1: log\n" +
		"pkg: a/c\nBenchmarkX-2 1 3000 ns/op\nPASS\nok  \ta/c\t1.0s\n"
	d, err := Read("bench.txt", []byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Env.OS != "linux" || d.Env.Arch != "amd64" || d.Env.CPUModel != "Some CPU @ 2GHz" || d.Env.LogicalCPUs != 0 {
		t.Errorf("env = %+v", d.Env)
	}
	want := []shape{
		{"BenchmarkX", "strong", "seconds", map[int][]float64{1: {2e-6}, 2: {1e-6, 1.1e-6}}},
		{"BenchmarkX", "strong", "seconds", map[int][]float64{2: {3e-6}}},
	}
	if got := shapes(d); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if d.Series[0].Params["pkg"] != "a/b" || d.Series[1].Params["pkg"] != "a/c" {
		t.Errorf("params %v %v, want pkg a/b and a/c", d.Series[0].Params, d.Series[1].Params)
	}
}

func TestHyperfineTemplates(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cmds  []string
		vals  []string
		param string
		want  []string
	}{
		{"value inside a number", []string{"sleep 0.01", "sleep 0.02"}, []string{"1", "2"}, "workers",
			[]string{"sleep 0.0{workers}", "sleep 0.0{workers}"}},
		{"value repeated elsewhere", []string{"p -t 1 -n 100", "p -t 2 -n 100", "p -t 3 -n 100"}, []string{"1", "2", "3"}, "t",
			[]string{"p -t {t} -n 100", "p -t {t} -n 100", "p -t {t} -n 100"}},
		{"two commands", []string{"a 1", "b 1", "a 2", "b 2"}, []string{"1", "1", "2", "2"}, "w",
			[]string{"a {w}", "b {w}", "a {w}", "b {w}"}},
		{"parameter not in the command", []string{"env", "env"}, []string{"1", "2"}, "w",
			[]string{"env", "env"}},
		{"a single result", []string{"make -j 4"}, []string{"4"}, "j", []string{"make -j {j}"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := make([]hyperfineResult, len(tc.cmds))
			for i := range rs {
				rs[i] = hyperfineResult{Command: tc.cmds[i], Parameters: map[string]string{tc.param: tc.vals[i]}}
			}
			if got := commandTemplates(rs, tc.param); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestHyperfineParamAndExitCodes(t *testing.T) {
	in := `{"results":[
{"command":"p -j 1 -x 7","times":[2,2.2],"exit_codes":[0,0],"parameters":{"j":"1","x":"7"}},
{"command":"p -j 2 -x 7","times":[1.1],"exit_codes":[0,1],"parameters":{"j":"2","x":"7"}},
{"command":"p -j 3 -x 7","mean":0.8,"parameters":{"j":"3","x":"7"}}]}`
	d, err := Read("h.json", []byte(in), Options{Param: "j"})
	if err != nil {
		t.Fatal(err)
	}
	want := []shape{{"p -j {j} -x 7", "strong", "seconds", map[int][]float64{1: {2, 2.2}, 2: {1.1}, 3: {0.8}}}}
	if got := shapes(d); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(d.Series[0].Params, map[string]string{"x": "7"}) {
		t.Errorf("params %v, want x=7", d.Series[0].Params)
	}
	p := d.Series[0].Points[1]
	if !p.Failed || p.Error != "the command exited non-zero in 1 of 2 runs" {
		t.Errorf("P=2 = %+v, want failed", p)
	}
	if _, err := Read("h.json", []byte(in), Options{Param: "k"}); err == nil ||
		err.Error() != "h.json: hyperfine export has no parameter k (it has j, x)" {
		t.Errorf("--param k: err = %v", err)
	}
}
