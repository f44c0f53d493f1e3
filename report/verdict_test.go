package report

import (
	"strings"
	"testing"

	"github.com/scalebench/scalebench/results"
)

// curveDoc is a strong-scaling series on a machine of 4 CPUs with points
// at 1, 2 and 4 workers and at 8 and 16 oversubscribed, whose speedup at
// P is speedup(P): five samples of 1/speedup(P) seconds each, with the
// fixed scatter of noise scaled by spread.
func curveDoc(speedup func(p float64) float64, spread float64) *results.Document {
	s := results.Series{Workload: "w", Mode: results.ModeStrong, Executor: "goroutines", Schedule: "block", Unit: "items"}
	for j, p := range []int{1, 2, 4, 8, 16} {
		pt := results.Point{Workers: p, Size: 1000, Oversubscribed: p > 4, Verified: true}
		for i := range 5 {
			pt.SamplesS = append(pt.SamplesS, 1/speedup(float64(p))*(1+spread*noise[(j+i)%len(noise)]))
		}
		s.Points = append(s.Points, pt)
	}
	return &results.Document{Schema: results.Schema, Env: results.Env{LogicalCPUs: 4}, Series: []results.Series{s}}
}

// TestJudge pins the verdict of each kind of curve: its shape, the
// sentence a reader gets, and the worker count its numbers are read at.
func TestJudge(t *testing.T) {
	amdahl := func(f float64) func(float64) float64 {
		return func(p float64) float64 { return 1 / (f + (1-f)/min(p, 4)) }
	}
	failed := curveDoc(func(p float64) float64 { return 0.98 * min(p, 4) }, 1)
	failed.Series[0].Points[3].Failed, failed.Series[0].Points[3].Error = true, "crashed"
	for _, tc := range []struct {
		name  string
		doc   *results.Document
		shape Shape
		want  string
	}{
		{"linear", curveDoc(func(p float64) float64 { return 0.98 * min(p, 4) }, 1), ShapeLinear,
			"scales almost perfectly to the 4 CPUs; oversubscription adds nothing"},
		{"amdahl-limited", curveDoc(amdahl(0.2), 1), ShapeAmdahl,
			"levels off: about 20% of the work is serial, which caps the speedup at 5.05; oversubscription adds nothing"},
		{"retrograde after a peak", curveDoc(func(p float64) float64 { return map[float64]float64{1: 1, 2: 1.6, 4: 1.2, 8: 0.8, 16: 0.6}[p] }, 1), ShapeRetrograde,
			"peaks at 2 workers (1.6×), then slows down: contention; oversubscription costs 50% (0.602× on 16 workers)"},
		{"slower than one worker", curveDoc(func(p float64) float64 { return 1 / (1 + 0.5*(p-1)) }, 1), ShapeRetrograde,
			"runs slower on 4 workers than on one (0.401×): they contend for something shared; oversubscription costs 71% (0.118× on 16 workers)"},
		{"no speedup", curveDoc(func(float64) float64 { return 1 }, 1), ShapeNone,
			"no speedup: 4 workers take as long as one; oversubscription adds nothing"},
		{"I/O-bound past the cores", curveDoc(func(p float64) float64 { return p }, 1), ShapeBeyondCores,
			"keeps speeding up past the 4 CPUs (16× on 16 workers): the work waits rather than computes"},
		// Eight times the noise: the efficiency's interval straddles 0.9.
		{"noisy", curveDoc(func(p float64) float64 { return 0.98 * min(p, 4) }, 8), ShapeInconclusive,
			"inconclusive: it speeds up, but E = 1.02 (0.87–1.22) straddles 0.9, almost perfect; " +
				"noisy: measure again on a quiet machine"},
		{"failed point", failed, ShapeLinear,
			"scales almost perfectly to the 4 CPUs; oversubscription adds nothing; but 1 of 5 worker counts failed or were not verified"},
		{"weak", weakDoc(), ShapeWeak,
			"scaled speedup 3.41 on 4 workers: about 20% of the work stays serial as the problem grows"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := Summarize(tc.doc, SummaryOptions{})[0]
			v := ss.Verdict
			if v.Shape != tc.shape || v.Sentence != tc.want || v.Workers != 4 {
				t.Errorf("verdict %s at P=%d: %q\nwant %s at P=4: %q", v.Shape, v.Workers, v.Sentence, tc.shape, tc.want)
			}
			if len(v.Facts) < 3 || !strings.HasPrefix(v.Facts[0], "S(4) = ") && !strings.HasPrefix(v.Facts[0], "scaled S(4) = ") {
				t.Errorf("facts %q: want the speedup at P=4 first, then efficiency and the fit", v.Facts)
			}
		})
	}
}

// TestJudgeTooLittle checks the verdicts of series with nothing to
// compare.
func TestJudgeTooLittle(t *testing.T) {
	one := curveDoc(func(p float64) float64 { return p }, 1)
	one.Series[0].Points = one.Series[0].Points[:1]
	none := curveDoc(func(p float64) float64 { return p }, 1)
	for i := range none.Series[0].Points {
		none.Series[0].Points[i].Failed = true
	}
	for name, tc := range map[string]struct {
		doc  *results.Document
		want string
	}{
		"one point":  {one, "one worker count within the CPUs: nothing to compare"},
		"all failed": {none, "nothing could be measured"},
		"imported":   {importedDoc(), "peaks at 16 workers (7.15×), then slows down: contention; but 1 of 7 worker counts failed or were not verified"},
		// SPEC SDM91 (the R usl package's specsdm91): throughput falls
		// 8% after P=72, less than aChange of the speedup but beyond the
		// noise by the F test that chooses the USL.
		"usl peak inside": {specDoc(), "peaks near N* = 96.5 workers, then slows down: contention (the USL fits it)"},
	} {
		t.Run(name, func(t *testing.T) {
			v := Summarize(tc.doc, SummaryOptions{})[0].Verdict
			if v.Sentence != tc.want {
				t.Errorf("verdict %q, want %q", v.Sentence, tc.want)
			}
		})
	}
}

// specDoc is SPEC SDM91's throughput on 1 to 216 processes, one sample
// each, on a machine of 216 CPUs.
func specDoc() *results.Document {
	s := results.Series{Workload: "specsdm91", Mode: results.ModeStrong, Metric: results.MetricThroughput}
	for _, p := range []struct {
		n int
		x float64
	}{{1, 64.9}, {18, 995.9}, {36, 1652.4}, {72, 1853.2}, {108, 1828.9}, {144, 1775.0}, {216, 1702.2}} {
		s.Points = append(s.Points, results.Point{Workers: p.n, Throughput: []float64{p.x}})
	}
	return &results.Document{Schema: results.Schema, Env: results.Env{LogicalCPUs: 216}, Series: []results.Series{s}}
}

// disturbedDoc is curveDoc's series measured in rounds beside a busy
// neighbour: each point has its samples in rounds 0–4, and the passes
// listed by worker count were disturbed (others used 1.5 CPUs) in rounds
// where they were given up, or measured again when keep is set.
func disturbedDoc(speedup func(float64) float64, disturbed map[int]int, keep bool) *results.Document {
	d := curveDoc(speedup, 1)
	s := &d.Series[0]
	for i := range s.Points {
		p := &s.Points[i]
		p.Rounds = []int{0, 1, 2, 3, 4}
		for k := range disturbed[p.Workers] {
			round := k
			if !keep {
				round = 5 + k // a round with no sample of this point
			}
			p.Disturbed = append(p.Disturbed, results.Disturbed{Seconds: 0.5, Round: round,
				Ledger: &results.Ledger{OthersCPUS: 0.75}, Why: "other processes used 1.5 CPUs beside it"})
		}
	}
	d.Env.CPUs = &results.CPUInfo{Online: 2}
	return d
}

// TestJudgeDisturbed: a series whose passes others disturbed says so in
// its verdict; when many were, or a round lost a pass, the verdict is
// inconclusive with the reason, whatever the numbers say (no "no
// speedup" from a busy machine), and the report opens with it.
func TestJudgeDisturbed(t *testing.T) {
	flat := func(float64) float64 { return 1 }
	busy := Summarize(disturbedDoc(flat, map[int]int{2: 4, 4: 5}, false), SummaryOptions{})[0]
	want := "inconclusive: other processes used 1.5 of the 2 CPUs during 9 of 34 passes; " +
		"9 passes were given up after every try was disturbed; measure again on a quieter machine"
	if v := busy.Verdict; v.Shape != ShapeInconclusive || v.Sentence != want || v.Why == "" {
		t.Errorf("verdict %s: %q\nwant inconclusive: %q", v.Shape, v.Sentence, want)
	}
	fine := Summarize(disturbedDoc(func(p float64) float64 { return 0.98 * min(p, 4) }, map[int]int{2: 1}, true), SummaryOptions{})[0]
	if v := fine.Verdict; v.Shape != ShapeLinear || !strings.Contains(v.Sentence, "1 of 26 passes disturbed by other processes were measured again") {
		t.Errorf("verdict %s: %q, want linear, saying a disturbed pass was measured again", v.Shape, v.Sentence)
	}
	few := Summarize(disturbedDoc(flat, map[int]int{2: 2}, true), SummaryOptions{})[0]
	if v := few.Verdict; v.Shape != ShapeInconclusive || strings.HasPrefix(v.Sentence, "no speedup") {
		t.Errorf("a flat series with 2 disturbed passes: %s: %q, want inconclusive", v.Shape, v.Sentence)
	}
	r := newTestReport(t, disturbedDoc(flat, map[int]int{2: 2, 4: 3}, false))
	var md strings.Builder
	if err := r.WriteMarkdown(&md, ""); err != nil {
		t.Fatal(err)
	}
	if i, j := strings.Index(md.String(), "Measured beside other work"), strings.Index(md.String(), "## Verdict"); i < 0 || i > j {
		t.Errorf("report.md does not open with the disturbance:\n%s", md.String()[:min(600, md.Len())])
	}
	var page strings.Builder
	if err := r.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	if i, j := strings.Index(page.String(), `id="disturbed"`), strings.Index(page.String(), `id="verdict"`); i < 0 || i > j {
		t.Error("index.html does not open with the disturbance")
	}
	if strings.Contains(md.String(), "no speedup") {
		t.Error("a disturbed series is said to have no speedup")
	}
}
