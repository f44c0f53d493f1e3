package cli

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

var bigCSV = flag.String(
	"bigcsv",
	"",
	"write the CSVs of the fit benchmarks into `DIR` (million.csv, series.csv) and stop",
)

// writeBigCSV writes a CSV of series × workers × samples rows: worker
// counts 1..workers, times of Amdahl's law with f = 0.2 and 2% noise.
func writeBigCSV(path string, series, workers, samples int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	rng := rand.New(rand.NewPCG(1, 2))
	fmt.Fprintln(w, "series,workers,seconds")
	for s := range series {
		for range samples {
			for p := 1; p <= workers; p++ {
				t := (0.2 + 0.8/float64(p)) * (1 + 0.02*rng.NormFloat64())
				fmt.Fprintf(w, "s%d,%d,%.6f\n", s, p, t)
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// The inputs of the benchmarks: one series of a million samples over 8
// worker counts, and 10,000 series of 4 worker counts with 3 samples each.
var bigInputs = []struct {
	name                     string
	series, workers, samples int
}{
	{"million.csv", 1, 8, 125_000},
	{"series.csv", 10_000, 4, 3},
}

// TestWriteBigCSV writes the benchmarks' inputs and checks their rows;
// with -bigcsv DIR it writes them there, to time the command itself:
//
//	go test ./internal/cli -run WriteBigCSV -bigcsv /tmp/big
//	time bin/scalebench fit /tmp/big/million.csv >/dev/null
func TestWriteBigCSV(t *testing.T) {
	dir := *bigCSV
	if dir == "" {
		dir = t.TempDir()
	}
	for _, in := range bigInputs {
		path := filepath.Join(dir, in.name)
		if err := writeBigCSV(path, in.series, in.workers, in.samples); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if rows, want := bytes.Count(data, []byte("\n"))-1, in.series*in.workers*in.samples; rows != want {
			t.Errorf("%s: %d rows, want %d", in.name, rows, want)
		}
	}
}

// benchFit times scalebench fit on one of bigInputs, reading the file and
// printing the tables included.
func benchFit(b *testing.B, i int) {
	in := bigInputs[i]
	path := filepath.Join(b.TempDir(), in.name)
	if err := writeBigCSV(path, in.series, in.workers, in.samples); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var out, errb bytes.Buffer
		if err := run(context.Background(), []string{"fit", path}, &out, &errb); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFitMillionSamples fits one series of a million samples.
func BenchmarkFitMillionSamples(b *testing.B) { benchFit(b, 0) }

// BenchmarkFitTenThousandSeries fits 10,000 series of 12 samples.
func BenchmarkFitTenThousandSeries(b *testing.B) { benchFit(b, 1) }
