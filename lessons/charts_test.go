package lessons

import "testing"

// TestChartsErrorBars: the measured speedups of a recorded lesson are
// drawn with their 95% intervals, which lie around the medians.
func TestChartsErrorBars(t *testing.T) {
	for _, name := range []string{"cpu-bound", "load-balance"} {
		var l Lesson
		for _, c := range Catalog(Sizes{Quick: true, CPUs: 2}) {
			if c.Name == name {
				l = c
			}
		}
		_, docs := recorded(t, name)
		c := chartSpeedup(dataOf(l, docs, 2))
		bars := 0
		for _, cv := range c.Curves {
			if cv.Reference {
				continue
			}
			if len(cv.Lo) != len(cv.Y) || len(cv.Hi) != len(cv.Y) {
				t.Fatalf("%s, %s: %d values, %d and %d interval ends", name, cv.Label, len(cv.Y), len(cv.Lo), len(cv.Hi))
			}
			for i, y := range cv.Y {
				if !(cv.Lo[i] <= y && y <= cv.Hi[i]) {
					t.Errorf("%s, %s, P = %g: %g outside its interval [%g, %g]", name, cv.Label, cv.X[i], y, cv.Lo[i], cv.Hi[i])
				}
				if cv.Hi[i] > cv.Lo[i] {
					bars++
				}
			}
		}
		if bars == 0 {
			t.Errorf("%s: no point has an error bar", name)
		}
	}
}
