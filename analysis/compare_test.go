package analysis

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/internal/testdocs"
	"github.com/scalebench/scalebench/results"
)

func compareDocs(t testing.TB, b, n *results.Document) *Comparison {
	t.Helper()
	c, err := Compare(Source{Name: "base.json", Doc: b}, Source{Name: "new.json", Doc: n}, DefaultCompareOptions)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// shapeOf returns the shape metric named metric of the first series.
func shapeOf(t testing.TB, c *Comparison, metric string) ShapeChange {
	t.Helper()
	for _, s := range c.Series[0].Shape {
		if s.Metric == metric {
			return s
		}
	}
	t.Fatalf("no %s in %+v", metric, c.Series[0].Shape)
	return ShapeChange{}
}

// TestCompareAA compares the same configuration measured twice, 200
// times over: Amdahl f = 0.1 at P = 1, 2, 4, 8 on 8 CPUs, 5 samples per
// point with 3% lognormal testdocs.Noise. At most 5% of the comparisons may be
// flagged, by either gate; and the U test alone, point by point, must
// hold its level (significant at about α or less: with 5 and 5 samples
// the exact test's real level is 2/63 = 3.2%).
func TestCompareAA(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 1))
	const runs = 200
	alarms, significant, points := 0, 0, 0
	for range runs {
		c := compareDocs(t, testdocs.Amdahl(rng, 0.1, 1, 0.03, 5), testdocs.Amdahl(rng, 0.1, 1, 0.03, 5))
		if c.Regressed("any") {
			alarms++
		}
		for _, p := range c.Series[0].Points {
			points++
			if p.P < 0.05 {
				significant++
			}
		}
	}
	if rate := float64(alarms) / runs; rate > 0.05 {
		t.Errorf("A/A false-alarm rate %.3f (%d of %d), want at most 0.05", rate, alarms, runs)
	}
	if rate := float64(significant) / float64(points); rate > 0.05 {
		t.Errorf("A/A: %.3f of the points significant at α = 0.05 (%d of %d)", rate, significant, points)
	}
	t.Logf("A/A: %d of %d comparisons flagged; %d of %d points significant", alarms, runs, significant, points)
}

// TestCompareSerialFraction compares f = 0.1 with f = 0.3 at the same
// T(1): the one-worker times agree, so a gate on T(1) alone sees nothing,
// but the shape gate flags Amdahl's f (the times at larger P grow too).
func TestCompareSerialFraction(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 2))
	for i := range 50 {
		c := compareDocs(t, testdocs.Amdahl(rng, 0.1, 1, 0.03, 5), testdocs.Amdahl(rng, 0.3, 1, 0.03, 5))
		f := shapeOf(t, c, "amdahl_f")
		if f.Verdict != Regression || !f.Apart || !(f.Change > 0.15 && f.Change < 0.25) {
			t.Errorf("run %d: Amdahl f %+v, want a regression of about +0.2", i, f)
		}
		if c.ShapeRegressions == 0 || !c.Regressed("shape") || !c.Regressed("any") || c.Regressed("none") {
			t.Errorf("run %d: shape regressions %d", i, c.ShapeRegressions)
		}
		if p1 := c.Series[0].Points[0]; p1.Workers != 1 || p1.Verdict == Regression {
			t.Errorf("run %d: P=1 %+v, want no time regression at one worker", i, p1)
		}
	}
}

// TestCompareSlowdown makes every point 20% slower with the shape kept:
// a time regression at every P, and no shape regression. Ten samples a
// side put the ratio's interval clear of the 10% threshold.
func TestCompareSlowdown(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 3))
	for i := range 50 {
		c := compareDocs(t, testdocs.Amdahl(rng, 0.1, 1, 0.03, 10), testdocs.Amdahl(rng, 0.1, 1.2, 0.03, 10))
		for _, p := range c.Series[0].Points {
			if p.Verdict != Regression || !(p.Ratio.Lo > 1 && p.Ratio.Value > 1.1) {
				t.Errorf("run %d: P=%d %+v, want a time regression of about +20%%", i, p.Workers, p)
			}
		}
		if c.TimeRegressions != 4 || c.ShapeRegressions != 0 || !c.Regressed("time") || c.Regressed("shape") {
			t.Errorf("run %d: %d time and %d shape regressions, want 4 and 0", i, c.TimeRegressions, c.ShapeRegressions)
		}
		// The shape's intervals, at 3% testdocs.Noise, may allow a change of f
		// beyond its threshold: those metrics are inconclusive.
		if got := c.Headline(); !strings.HasPrefix(got, "4 time regressions") {
			t.Errorf("headline %q", got)
		}
	}
}

// TestCompareThresholds checks that each threshold decides its gate.
func TestCompareThresholds(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 4))
	b, slow, steep := testdocs.Amdahl(
		rng,
		0.1,
		1,
		0.03,
		5,
	), testdocs.Amdahl(
		rng,
		0.1,
		1.2,
		0.03,
		5,
	), testdocs.Amdahl(
		rng,
		0.3,
		1,
		0.03,
		5,
	)
	opt := DefaultCompareOptions
	opt.MaxSlowdown = 0.5
	c, err := Compare(Source{Name: "b", Doc: b}, Source{Name: "n", Doc: slow}, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Series[0].Points {
		if p.Verdict != Slower {
			t.Errorf("--max-slowdown 50%%: P=%d %s, want slower", p.Workers, p.Verdict)
		}
	}
	opt = DefaultCompareOptions
	opt.MaxFIncrease, opt.MaxEfficiencyDrop = 0.5, 0.5
	c, err = Compare(Source{Name: "b", Doc: b}, Source{Name: "n", Doc: steep}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if f, e := shapeOf(t, c, "amdahl_f"), shapeOf(t, c, "efficiency"); f.Verdict != Worse || e.Verdict != Worse ||
		c.ShapeRegressions != 0 {
		t.Errorf(
			"thresholds 0.5: f %s, efficiency %s, %d shape regressions; want worse, worse, 0",
			f.Verdict,
			e.Verdict,
			c.ShapeRegressions,
		)
	}
	// The other way round the change is for the better.
	c = compareDocs(t, steep, b)
	if f := shapeOf(t, c, "amdahl_f"); f.Verdict != Better || c.ShapeRegressions != 0 {
		t.Errorf("f 0.3 → 0.1: %s, want better", f.Verdict)
	}
	if e := shapeOf(t, c, "efficiency"); e.Verdict != Better || e.Workers != 8 || e.Label != "efficiency at P=8" {
		t.Errorf("efficiency %+v", e)
	}
}

// TestCompareWeak compares Gustafson's α of two weak-scaling series.
func TestCompareWeak(t *testing.T) {
	weak := func(rng *rand.Rand, alpha float64) *results.Document {
		doc := testdocs.Amdahl(rng, 1, 1, 0.03, 5) // f = 1: equal times at every P
		s := &doc.Series[0]
		s.Mode = "weak"
		for i := range s.Points {
			p := &s.Points[i]
			p.Size = int64(40000 * (alpha + (1-alpha)*float64(p.Workers)))
		}
		return doc
	}
	rng := rand.New(rand.NewPCG(2026, 5))
	c := compareDocs(t, weak(rng, 0.1), weak(rng, 0.3))
	g := shapeOf(t, c, "gustafson_alpha")
	if g.Verdict != Regression || !(g.Change > 0.15 && g.Change < 0.25) {
		t.Errorf("Gustafson α %+v, want a regression of about +0.2", g)
	}
	if slices.ContainsFunc(c.Series[0].Shape, func(s ShapeChange) bool { return s.Metric == "amdahl_f" }) {
		t.Error("Amdahl's f compared in weak scaling")
	}
}

// twoSeries is a document with the series of a, and one copy of it per
// extra workload name.
func renamed(doc *results.Document, names ...string) *results.Document {
	out := *doc
	out.Series = nil
	for _, n := range names {
		s := doc.Series[0]
		s.Workload = n
		out.Series = append(out.Series, s)
	}
	return &out
}

func TestCompareMatching(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 6))
	base := renamed(testdocs.Amdahl(rng, 0.1, 1, 0.03, 5), "pi", "sleep", "det")
	new := renamed(testdocs.Amdahl(rng, 0.1, 1, 0.03, 5), "det", "fft2", "pi")
	c := compareDocs(t, base, new)
	var got []string
	for _, sc := range c.Series {
		got = append(got, sc.Workload)
	}
	if !slices.Equal(got, []string{"pi", "det"}) || len(c.OnlyBase) != 1 ||
		!strings.HasPrefix(c.OnlyBase[0], "sleep ·") ||
		len(c.OnlyNew) != 1 ||
		!strings.HasPrefix(c.OnlyNew[0], "fft2 ·") {
		t.Errorf("matched %v, only in base %v, only in new %v", got, c.OnlyBase, c.OnlyNew)
	}
	// A parameter that differs keeps series apart unless it is ignored.
	other := testdocs.Amdahl(rng, 0.3, 1, 0.03, 5)
	other.Series[0].Params = map[string]string{"serial-fraction": "0.3"}
	_, err := Compare(
		Source{Name: "a.json", Doc: testdocs.Amdahl(rng, 0.1, 1, 0.03, 5)},
		Source{Name: "b.json", Doc: other},
		DefaultCompareOptions,
	)
	if !errors.Is(err, ErrNothingInCommon) || strings.Contains(err.Error(), "\n") ||
		!strings.Contains(
			err.Error(),
			"a.json has synthetic · goroutines · block · serial-fraction=0.1; b.json has synthetic",
		) {
		t.Errorf("err %v, want ErrNothingInCommon in one line naming both", err)
	}
	opt := DefaultCompareOptions
	opt.Ignore = []string{"serial-fraction"}
	c, err = Compare(
		Source{Name: "a.json", Doc: testdocs.Amdahl(rng, 0.1, 1, 0.03, 5)},
		Source{Name: "b.json", Doc: other},
		opt,
	)
	if err != nil {
		t.Fatal(err)
	}
	if sc := c.Series[0]; sc.Title != "synthetic · goroutines · block · serial-fraction=0.1→0.3" ||
		len(sc.Warnings) != 1 ||
		!strings.Contains(sc.Warnings[0], "serial-fraction differs (0.1 in base, 0.3 in new)") {
		t.Errorf("title %q, warnings %q", sc.Title, sc.Warnings)
	}
}

func TestCompareWarnings(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 7))
	b, n := testdocs.Amdahl(rng, 0.1, 1, 0.03, 3), testdocs.Amdahl(rng, 0.1, 1, 0.03, 3)
	n.Env.CPUModel, n.Env.LogicalCPUs, n.Env.GoVersion = "Other CPU", 4, "go1.27.0"
	n.Env.Warnings = []string{"the machine was busy"}
	n.Interrupted = true
	n.Series[0].Points = n.Series[0].Points[:3] // P=8 only in base
	n.Series[0].Points[1].Size = 80000
	c := compareDocs(t, b, n)
	want := []string{
		`the machines differ (base vs new): CPU "Test CPU" vs "Other CPU"; 8 vs 4 logical CPUs; Go go1.26.8 vs go1.27.0; ` +
			"the comparison is shown, but a difference may come from the machines alone",
		"new run: the machine was busy",
		"new run: interrupted, not every point was measured",
	}
	if !slices.Equal(c.Warnings, want) {
		t.Errorf("warnings\n%q\nwant\n%q", c.Warnings, want)
	}
	sw := strings.Join(c.Series[0].Warnings, "\n")
	for _, w := range []string{"measured in base only, not compared: P=8", "the problem sizes differ, so the " +
		"times do too: P=2 (40000 vs 80000)",
		"too few samples for the U test to reach p < 0.05 at P=1 (3+3), P=2 (3+3), P=4 (3+3)"} {
		if !strings.Contains(sw, w) {
			t.Errorf("series warnings lack %q:\n%s", w, sw)
		}
	}
	// Three samples a side cannot be significant: even a 50% slowdown
	// is no time regression.
	slow := testdocs.Amdahl(rng, 0.1, 1.5, 0.03, 3)
	c = compareDocs(t, b, slow)
	if c.TimeRegressions != 0 {
		t.Errorf("3+3 samples: %d time regressions", c.TimeRegressions)
	}
	// Nor can it show that there is none: whatever the shape says, the
	// headline is inconclusive.
	if h := c.Headline(); c.PointsTested != 0 || c.ShapeRegressions == 0 && !strings.HasPrefix(h, "inconclusive: ") {
		t.Errorf("3+3 samples: %d points tested, headline %q", c.PointsTested, h)
	}
}

// TestCompareSingleSamples: with one sample per point no time can be
// judged, even twice as slow, and the ratios have no interval: the JSON
// says null, not NaN.
func TestCompareSingleSamples(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 8))
	c := compareDocs(t, testdocs.Amdahl(rng, 0.1, 1, 0.03, 1), testdocs.Amdahl(rng, 0.1, 2, 0.03, 1))
	if c.Regressed("any") {
		t.Errorf("flagged from single samples: %s", c.Headline())
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatalf("JSON does not parse: %v", err)
	}
	if !strings.Contains(b.String(), `"lo": null`) {
		t.Error("unknown interval not encoded as null")
	}
}

func TestPool(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 9))
	a, b := testdocs.Amdahl(rng, 0.1, 1, 0.03, 3), testdocs.Amdahl(rng, 0.1, 1, 0.03, 2)
	b.Env.GoVersion = "go1.27.0"
	b.Series[0].Points[3].Failed = true
	b.Series = append(b.Series, renamed(b, "pi").Series...)
	p := Pool([]*results.Document{a, b})
	if len(p.Series) != 2 || p.Series[1].Workload != "pi" {
		t.Fatalf("pooled series %d", len(p.Series))
	}
	s := p.Series[0]
	for i, want := range []int{5, 5, 5, 3} { // P=8 failed in the second round
		if n := len(s.Points[i].SamplesS); n != want {
			t.Errorf("P=%d: %d samples, want %d", s.Points[i].Workers, n, want)
		}
	}
	if len(s.Serial.SamplesS) != 5 || len(a.Series[0].Points[0].SamplesS) != 3 {
		t.Error("serial samples not pooled, or the input changed")
	}
	if len(p.Env.Warnings) != 1 ||
		!strings.Contains(
			p.Env.Warnings[0],
			"file 2 of the pool was measured on another machine: Go go1.26.8 vs go1.27.0",
		) {
		t.Errorf("warnings %q", p.Env.Warnings)
	}
}

// TestPoolRenumbersRounds: the rounds of each pooled file follow those of
// the files before it, so that no two files' samples pair as one round;
// a file without rounds makes the pooled points unpaired.
func TestPoolRenumbersRounds(t *testing.T) {
	withRounds := func(n int) *results.Document {
		d := testdocs.Amdahl(rand.New(rand.NewPCG(1, uint64(n))), 0.1, 1, 0.03, n)
		s := &d.Series[0]
		for i := range s.Points {
			for r := range n {
				s.Points[i].Rounds = append(s.Points[i].Rounds, r)
			}
			s.Points[i].Disturbed = []results.Disturbed{{Seconds: 1, Round: 0}}
		}
		return d
	}
	p := Pool([]*results.Document{withRounds(3), withRounds(2)})
	pt := p.Series[0].Points[1]
	if !slices.Equal(pt.Rounds, []int{0, 1, 2, 3, 4}) || len(pt.SamplesS) != 5 || len(pt.Disturbed) != 2 ||
		pt.Disturbed[1].Round != 3 {
		t.Errorf(
			"pooled rounds %v, %d samples, disturbed %+v; want rounds 0–4, the second file's from 3",
			pt.Rounds,
			len(pt.SamplesS),
			pt.Disturbed,
		)
	}
	if err := p.Validate(); err != nil {
		t.Error(err)
	}
	old := testdocs.Amdahl(rand.New(rand.NewPCG(1, 9)), 0.1, 1, 0.03, 2)
	mixed := Pool([]*results.Document{withRounds(3), old}).Series[0].Points[1]
	if mixed.Rounds != nil || len(mixed.SamplesS) != 5 {
		t.Errorf("pooled with a file without rounds: rounds %v, want none", mixed.Rounds)
	}
}

// TestHeadline: a shape that held says nothing of the times, so a
// comparison none of whose points could be tested is inconclusive.
func TestHeadline(t *testing.T) {
	for _, tc := range []struct {
		c    Comparison
		want string
	}{
		{Comparison{Tested: 2, Points: 6}, "inconclusive: none of the 6 points could be tested (too few samples, " +
			"intervals too wide, or disturbed runs); no shape regression"},
		{Comparison{Tested: 0, Points: 6}, "inconclusive: no point or shape metric could be decided " +
			"(too few samples, intervals too wide, or disturbed runs)"},
		{Comparison{Tested: 8, Points: 6, PointsTested: 6}, "no regression"},
		{Comparison{Tested: 8, Points: 6, PointsTested: 4, Inconclusive: 2}, "no regression shown; 2 inconclusive"},
		{Comparison{Tested: 8, Points: 6, ShapeRegressions: 1, TimeRegressions: 2}, "1 shape regression, 2 time regressions"},
	} {
		if got := tc.c.Headline(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.c, got, tc.want)
		}
	}
}
