package lessons

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/scalebench/scalebench/results"
)

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

// TestBalanceChartPredicts: the load-balance chart goes on past the
// machine with the speed predicted from each schedule's task times, up
// to 64 workers, where the CPUs of a bigger machine part the schedules:
// the queue well ahead of the block split at 8 workers, both held to
// about 21.8 by the longest row (1/21.8 of the parabola's work) at 64.
func TestBalanceChartPredicts(t *testing.T) {
	var l Lesson
	for _, c := range Catalog(Sizes{Quick: true, CPUs: 2}) {
		if c.Name == "load-balance" {
			l = c
		}
	}
	doc, err := results.ReadFile(filepath.Join("testdata", "2cpu", "quiet-load-balance-rowgrid.json"))
	if err != nil {
		t.Fatal(err)
	}
	c := chartBalance(dataOf(l, map[string]*results.Document{"rowgrid": doc}, 2))
	at := map[string]map[float64]float64{}
	for _, cv := range c.Curves {
		if !cv.Predicted {
			continue
		}
		if last := cv.X[len(cv.X)-1]; last != balanceWorkers {
			t.Errorf("%s: predicted to %g workers, want %d", cv.Label, last, balanceWorkers)
		}
		at[cv.Fit] = map[float64]float64{}
		for i, x := range cv.X {
			at[cv.Fit][x] = cv.Y[i]
			if !(cv.Lo[i] <= cv.Hi[i]) {
				t.Errorf("%s at %g: band [%g, %g]", cv.Label, x, cv.Lo[i], cv.Hi[i])
			}
		}
	}
	block, queue := at["block"], at["dynamic"]
	if block == nil || queue == nil {
		t.Fatalf("predicted curves for %v, want block and dynamic", at)
	}
	if !(queue[8] > 1.3*block[8]) {
		t.Errorf("at 8 workers: queue %.3g, block %.3g; want the queue 1.3× ahead", queue[8], block[8])
	}
	for name, s := range map[string]float64{"block": block[64], "dynamic": queue[64]} {
		if s < 17 || s > 26 {
			t.Errorf("%s at 64 workers: T_S/T = %.3g, want about 21.8", name, s)
		}
	}
	if svg, err := c.SVG(); err != nil || !bytes.Contains(svg, []byte("predicted from task times")) {
		t.Errorf("the chart does not name the predicted curves (err %v)", err)
	}
}
