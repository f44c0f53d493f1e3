package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDetectBOM: a UTF-8 byte order mark, as some Windows editors write
// it, does not change how a file is read: a result file with one is read
// as JSON (it was read as CSV: "no workers column"), and go test output
// keeps its first line.
func TestDetectBOM(t *testing.T) {
	const bom = "\ufeff"
	result, err := os.ReadFile(filepath.Join("testdata", "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, in string
		series   int
		points   int // of the first series
	}{
		{"result file", bom + string(result), 0, 0},
		{"hyperfine", bom + hyperfineScan, 1, 3},
		{"go test", bom + "BenchmarkX 10 100 ns/op\nBenchmarkX-2 10 60 ns/op\n", 1, 2},
		{"csv", bom + "workers,seconds\n1,1\n2,0.6\n", 1, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := Read(tc.name, []byte(strings.TrimPrefix(tc.in, bom)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got, err := ReadFrom(tc.name, strings.NewReader(tc.in), Options{})
			if err != nil {
				t.Fatalf("with a BOM: %v", err)
			}
			if len(got.Series) != len(want.Series) || (tc.series > 0 && len(got.Series[0].Points) != tc.points) {
				t.Errorf("with a BOM: %d series, want %d with %d points", len(got.Series), len(want.Series), tc.points)
			}
		})
	}
}

// TestGoBenchZeroIterations: a go test result line with an iteration
// count of 0 is go test output with a bad line, said as such with its
// line, not a CSV without a workers column.
func TestGoBenchZeroIterations(t *testing.T) {
	for _, in := range []string{
		"BenchmarkX-2 0 100 ns/op\n",
		"goos: linux\nBenchmarkX 10 100 ns/op\nBenchmarkX-2 0 100 ns/op\n",
	} {
		line := bytes.Count([]byte(in), []byte("\n"))
		_, err := Read("in.txt", []byte(in), Options{})
		want := "in.txt:" + string(rune('0'+line)) + `: "BenchmarkX-2": iteration count 0`
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: error %v, want it to start %q", in, err, want)
		}
	}
}
