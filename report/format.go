// Package report turns result files and their analyses into tables, SVG
// plots and self-contained HTML pages. Every renderer writes to an
// io.Writer; callers choose the files.
package report

import (
	"fmt"
	"math"

	"github.com/scalebench/scalebench/analysis"
)

// Seconds formats a duration in seconds with a unit that keeps three
// significant digits: 1.23 s, 45.6 ms, 789 µs, 12.0 ns.
func Seconds(s float64) string {
	switch {
	case math.IsNaN(s) || math.IsInf(s, 0):
		return "–"
	case s == 0:
		return "0 s"
	}
	k, unit := timeUnit(math.Abs(s))
	return fmt.Sprintf("%.3g %s", s*k, unit)
}

// timeUnit picks seconds, milliseconds, microseconds or nanoseconds for
// magnitudes up to max, and the factor that converts seconds to it.
func timeUnit(max float64) (scale float64, unit string) {
	switch {
	case max >= 1:
		return 1, "s"
	case max >= 1e-3:
		return 1e3, "ms"
	case max >= 1e-6:
		return 1e6, "µs"
	}
	return 1e9, "ns"
}

// Num formats a number with an SI prefix and three significant digits.
func Num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	k, prefix := siScale(math.Abs(x))
	if prefix == "" {
		return fmt.Sprintf("%.3g", x)
	}
	return fmt.Sprintf("%.3g %s", x/k, prefix)
}

// siScale picks a decimal prefix (k, M, G, T) for magnitudes up to max,
// and its factor; below 1000 it is 1 and no prefix.
func siScale(max float64) (float64, string) {
	for _, p := range []struct {
		f float64
		s string
	}{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if max >= p.f {
			return p.f, p.s
		}
	}
	return 1, ""
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

// ci names a 95% interval for a model line, or says there is none.
func ci(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "no interval"
	}
	return "95% CI " + analysis.Interval(lo, hi, "%.4f")
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
