// Package report turns result files and their analyses into tables, SVG
// plots and self-contained HTML pages. Every renderer writes to an
// io.Writer; callers choose the files.
package report

import (
	"fmt"
	"math"
)

// Seconds formats a duration in seconds with a unit that keeps three
// significant digits: 1.23 s, 45.6 ms, 789 µs, 12.0 ns.
func Seconds(s float64) string {
	switch a := math.Abs(s); {
	case math.IsNaN(s) || math.IsInf(s, 0):
		return "–"
	case a == 0:
		return "0 s"
	case a >= 1:
		return fmt.Sprintf("%.3g s", s)
	case a >= 1e-3:
		return fmt.Sprintf("%.3g ms", s*1e3)
	case a >= 1e-6:
		return fmt.Sprintf("%.3g µs", s*1e6)
	}
	return fmt.Sprintf("%.3g ns", s*1e9)
}

// Num formats a number with an SI prefix and three significant digits.
func Num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	a := math.Abs(x)
	for _, p := range []struct {
		f float64
		s string
	}{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if a >= p.f {
			return fmt.Sprintf("%.3g %s", x/p.f, p.s)
		}
	}
	return fmt.Sprintf("%.3g", x)
}

// Rate formats a throughput in unit per second; bytes become B/s with
// decimal prefixes (GB/s).
func Rate(x float64, unit string) string {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return "–"
	}
	switch unit {
	case "bytes":
		return Num(x) + "B/s"
	case "":
		return Num(x) + "/s"
	}
	return Num(x) + " " + unit + "/s"
}

// Bytes formats a byte count with binary prefixes: 512 B, 9.0 MiB.
func Bytes(n int64) string {
	if n <= 0 {
		return "–"
	}
	f := float64(n)
	for _, u := range []string{"B", "KiB", "MiB", "GiB"} {
		if f < 1024 || u == "GiB" {
			if u == "B" {
				return fmt.Sprintf("%d B", n)
			}
			return fmt.Sprintf("%.3g %s", f, u)
		}
		f /= 1024
	}
	return ""
}
