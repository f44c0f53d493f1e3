package analysis

import (
	"strings"
	"testing"

	"github.com/scalebench/scalebench/internal/testdocs"
	"github.com/scalebench/scalebench/results"
)

// TestJudge pins the verdict of each kind of curve: its shape, the
// sentence a reader gets, and the worker count its numbers are read at.
func TestJudge(t *testing.T) {
	amdahl := func(f float64) func(float64) float64 {
		return func(p float64) float64 { return 1 / (f + (1-f)/min(p, 4)) }
	}
	failed := testdocs.Curve(func(p float64) float64 { return 0.98 * min(p, 4) }, 1)
	failed.Series[0].Points[3].Failed, failed.Series[0].Points[3].Error = true, "crashed"
	for _, tc := range []struct {
		name  string
		doc   *results.Document
		shape Shape
		want  string
	}{
		{"linear", testdocs.Curve(func(p float64) float64 { return 0.98 * min(p, 4) }, 1), ShapeLinear,
			"scales almost perfectly to the 4 CPUs; oversubscription adds nothing"},
		{"amdahl-limited", testdocs.Curve(amdahl(0.2), 1), ShapeAmdahl,
			"levels off: about 20% of the work is serial, which caps the speedup at 5.05; oversubscription adds nothing"},
		{"retrograde after a peak", testdocs.Curve(func(p float64) float64 { return map[float64]float64{1: 1, 2: 1.6, 4: 1.2, 8: 0.8, 16: 0.6}[p] }, 1), ShapeRetrograde,
			"peaks at 2 workers (1.6×), then slows down: contention; oversubscription costs 50% (0.602× on 16 workers)"},
		{"slower than one worker", testdocs.Curve(func(p float64) float64 { return 1 / (1 + 0.5*(p-1)) }, 1), ShapeRetrograde,
			"runs slower on 4 workers than on one (0.401×): they contend for something shared; oversubscription costs 71% (0.118× on 16 workers)"},
		{"no speedup", testdocs.Curve(func(float64) float64 { return 1 }, 1), ShapeNone,
			"no speedup: 4 workers take as long as one; oversubscription adds nothing"},
		{"I/O-bound past the cores", testdocs.Curve(func(p float64) float64 { return p }, 1), ShapeBeyondCores,
			"keeps speeding up past the 4 CPUs (16× on 16 workers): the work waits rather than computes"},
		// Eight times the testdocs.Noise: the efficiency's interval straddles 0.9.
		{"noisy", testdocs.Curve(func(p float64) float64 { return 0.98 * min(p, 4) }, 8), ShapeInconclusive,
			"inconclusive: it speeds up, but E = 1.02 (0.87–1.22) straddles 0.9, almost perfect; " +
				"noisy: measure again on a quiet machine"},
		{"failed point", failed, ShapeLinear,
			"scales almost perfectly to the 4 CPUs; oversubscription adds nothing; but 1 of 5 worker counts failed or were not verified"},
		{"weak", testdocs.Weak(), ShapeWeak,
			"scaled speedup 3.41 on 4 workers: about 20% of the work stays serial as the problem grows"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := Analyze(tc.doc, Options{})[0]
			v := ss.Verdict
			if v.Shape != tc.shape || v.Sentence != tc.want || v.Workers != 4 {
				t.Errorf(
					"verdict %s at P=%d: %q\nwant %s at P=4: %q",
					v.Shape,
					v.Workers,
					v.Sentence,
					tc.shape,
					tc.want,
				)
			}
			if len(v.Facts) < 3 ||
				!strings.HasPrefix(v.Facts[0], "S(4) = ") && !strings.HasPrefix(v.Facts[0], "scaled S(4) = ") {
				t.Errorf("facts %q: want the speedup at P=4 first, then efficiency and the fit", v.Facts)
			}
		})
	}
}

// TestJudgeTooLittle checks the verdicts of series with nothing to
// compare.
func TestJudgeTooLittle(t *testing.T) {
	one := testdocs.Curve(func(p float64) float64 { return p }, 1)
	one.Series[0].Points = one.Series[0].Points[:1]
	none := testdocs.Curve(func(p float64) float64 { return p }, 1)
	for i := range none.Series[0].Points {
		none.Series[0].Points[i].Failed = true
	}
	for name, tc := range map[string]struct {
		doc  *results.Document
		want string
	}{
		"one point":  {one, "one worker count within the CPUs: nothing to compare"},
		"all failed": {none, "nothing could be measured"},
		"imported": {testdocs.Imported(), "peaks at 16 workers (7.15×), then slows down: contention; but 1 of 7 " +
			"worker counts failed or were not verified"},
		// SPEC SDM91 (the R usl package's specsdm91): throughput falls
		// 8% after P=72, less than aChange of the speedup but beyond the
		// testdocs.Noise by the F test that chooses the USL.
		"usl peak inside": {testdocs.Spec(), "peaks near N* = 96.5 workers, then slows down: contention (the USL fits it)"},
	} {
		t.Run(name, func(t *testing.T) {
			v := Analyze(tc.doc, Options{})[0].Verdict
			if v.Sentence != tc.want {
				t.Errorf("verdict %q, want %q", v.Sentence, tc.want)
			}
		})
	}
}

// TestJudgeDisturbed: a series whose passes others disturbed says so in
// its verdict; when many were, or a round lost a pass, the verdict is
// inconclusive with the reason, whatever the numbers say (no "no
// speedup" from a busy machine), and the report opens with it.
func TestJudgeDisturbed(t *testing.T) {
	flat := func(float64) float64 { return 1 }
	busy := Analyze(testdocs.Disturbed(flat, map[int]int{2: 4, 4: 5}, false), Options{})[0]
	want := "inconclusive: other processes used 1.5 of the 2 CPUs during 9 of 34 passes; " +
		"9 passes were given up after every try was disturbed; measure again on a quieter machine"
	if v := busy.Verdict; v.Shape != ShapeInconclusive || v.Sentence != want || v.Why == "" {
		t.Errorf("verdict %s: %q\nwant inconclusive: %q", v.Shape, v.Sentence, want)
	}
	fine := Analyze(testdocs.Disturbed(func(p float64) float64 { return 0.98 * min(p, 4) }, map[int]int{2: 1}, true), Options{})[0]
	if v := fine.Verdict; v.Shape != ShapeLinear ||
		!strings.Contains(v.Sentence, "1 of 26 passes disturbed by other processes were measured again") {
		t.Errorf("verdict %s: %q, want linear, saying a disturbed pass was measured again", v.Shape, v.Sentence)
	}
	few := Analyze(testdocs.Disturbed(flat, map[int]int{2: 2}, true), Options{})[0]
	if v := few.Verdict; v.Shape != ShapeInconclusive || strings.HasPrefix(v.Sentence, "no speedup") {
		t.Errorf("a flat series with 2 disturbed passes: %s: %q, want inconclusive", v.Shape, v.Sentence)
	}
}

// TestJudgeOversubscriptionHelps pins the verdict of a series on 2 CPUs
// that runs faster on 4 workers than on 2, as pi's did beside a busy
// neighbour: oversubscription helps; it never adds nothing.
func TestJudgeOversubscriptionHelps(t *testing.T) {
	d := testdocs.Curve(func(p float64) float64 {
		return map[float64]float64{1: 1, 2: 1.03, 4: 1.45, 8: 1.45, 16: 1.4}[p]
	}, 1)
	d.Env.LogicalCPUs = 2
	for i := range d.Series[0].Points {
		d.Series[0].Points[i].Oversubscribed = d.Series[0].Points[i].Workers > 2
	}
	v := Analyze(d, Options{})[0].Verdict
	if !strings.Contains(v.Sentence, "oversubscription helps (1.45× on 4 workers)") {
		t.Errorf("verdict %q: want oversubscription helps (1.45× on 4 workers)", v.Sentence)
	}
}
