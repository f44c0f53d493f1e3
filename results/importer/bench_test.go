package importer

import (
	"fmt"
	"strings"
	"testing"
)

// csv64 is a CSV of 64 worker counts with 5 samples each.
func csv64() []byte {
	var sb strings.Builder
	sb.WriteString("workers,seconds\n")
	for p := 1; p <= 64; p++ {
		for r := range 5 {
			t := 0.05 + 0.95/float64(p) + 0.0004*float64(p) + 0.001*float64(r)
			fmt.Fprintf(&sb, "%d,%.6f\n", p, t)
		}
	}
	return []byte(sb.String())
}

func BenchmarkDecodeCSV64(b *testing.B) {
	data := csv64()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DecodeCSV("b.csv", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeCSV64Parallel(b *testing.B) {
	data := csv64()
	b.SetBytes(int64(len(data)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := DecodeCSV("b.csv", data); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
