package importer

import (
	"testing"

	"github.com/scalebench/scalebench/results"
)

// checkDoc asserts what every successful decode promises: a valid
// document whose series have points with a worker count ≥ 1, sorted and
// distinct, each with samples of the series' metric.
func checkDoc(t *testing.T, d *results.Document, err error) {
	t.Helper()
	if err != nil {
		if _, ok := err.(*Error); !ok {
			t.Fatalf("error of type %T, want *Error: %v", err, err)
		}
		return
	}
	if d == nil {
		t.Fatal("nil document and nil error")
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("invalid document: %v", err)
	}
	for _, s := range d.Series {
		for i, p := range s.Points {
			if p.Workers < 1 {
				t.Fatalf("series %q: workers %d", s.Workload, p.Workers)
			}
			if i > 0 && p.Workers <= s.Points[i-1].Workers {
				t.Fatalf("series %q: points not sorted: %d after %d", s.Workload, p.Workers, s.Points[i-1].Workers)
			}
		}
	}
}

// checkImport adds to checkDoc what the importers promise beyond a result
// file: at least one series, each point with samples.
func checkImport(t *testing.T, d *results.Document, err error) {
	t.Helper()
	checkDoc(t, d, err)
	if err != nil {
		return
	}
	if len(d.Series) == 0 {
		t.Fatal("no series and no error")
	}
	for _, s := range d.Series {
		if s.Metric != "seconds" && s.Metric != "throughput" {
			t.Fatalf("series %q: metric %q", s.Workload, s.Metric)
		}
		for _, p := range s.Points {
			n := len(p.SamplesS)
			if s.Metric == "throughput" {
				n = len(p.Throughput)
			}
			if n == 0 {
				t.Fatalf("series %q P=%d: no samples", s.Workload, p.Workers)
			}
		}
	}
}

func FuzzDecodeCSV(f *testing.F) {
	f.Add([]byte("workers,seconds\n1,1\n2,0.5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := DecodeCSV("f.csv", data)
		checkImport(t, d, err)
	})
}

func FuzzDecodeGoBench(f *testing.F) {
	f.Add([]byte("BenchmarkX-2 10 100 ns/op\n"))
	f.Add([]byte("BenchmarkX/workers=2-4 10 100 ns/op\nBenchmarkX-2 0 100 ns/op\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := DecodeGoBench("f.txt", data)
		checkImport(t, d, err)
	})
}

func FuzzDecodeHyperfine(f *testing.F) {
	f.Add([]byte(`{"results":[{"command":"a 1","times":[1],"parameters":{"workers":"1"}}]}`), "")
	f.Fuzz(func(t *testing.T, data []byte, param string) {
		d, err := DecodeHyperfine("f.json", data, param)
		checkImport(t, d, err)
	})
}

func FuzzDecodeResult(f *testing.F) {
	f.Add([]byte(`{"schema":"scalebench/v1","series":[{"points":[{"workers":1,"samples_s":[1]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Read("f.json", data, Options{Format: JSON})
		if err != nil {
			checkDoc(t, nil, err)
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("invalid document: %v", err)
		}
	})
}

// FuzzRead detects the format and decodes: whatever the input, an error
// or a usable document.
func FuzzRead(f *testing.F) {
	f.Add([]byte("workers,throughput\n1,10\n"))
	f.Add([]byte("\ufeff{\"schema\": \"scalebench/v1\", \"series\": []}"))
	f.Add([]byte("\ufeffBenchmarkX 10 100 ns/op\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Read("f", data, Options{})
		if err != nil {
			checkDoc(t, nil, err)
			return
		}
		if Detect(data) == JSON {
			checkDoc(t, d, nil)
		} else {
			checkImport(t, d, nil)
		}
	})
}
