package analysis

import (
	"fmt"
	"math"

	"github.com/scalebench/scalebench/results"
)

// Source is one result document and the name it is known by (its file).
type Source struct {
	Name string
	Doc  *results.Document
}

// Interval formats an interval with format for both ends, or "–" when
// either end is unknown (NaN: no noise estimate).
func Interval(lo, hi float64, format string) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "–"
	}
	return fmt.Sprintf(format+"–"+format, lo, hi)
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
