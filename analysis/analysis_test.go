package analysis

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

func TestCheckPrecision(t *testing.T) {
	a := &scaling.Analysis{
		Points: []scaling.PointResult{
			{Workers: 1, Speedup: 1, SpeedupLo: 1, SpeedupHi: 1},
			{Workers: 2, Speedup: 1.8, SpeedupLo: 1.78, SpeedupHi: 1.83}, // ±1.7%
			{Workers: 4, Speedup: 3, SpeedupLo: 2.8, SpeedupHi: 3.1},     // ±6.7%
			{Workers: 8, Speedup: 3, SpeedupLo: math.NaN(), SpeedupHi: math.NaN(), Oversubscribed: true},
		},
		Amdahl: &scaling.AmdahlFit{F: 0.1, FLo: 0.096, FHi: 0.104}, // ±0.004 of max(0.1, 0.25): ±1.6%
	}
	got := CheckPrecision(a, 4, 0.02)
	if len(got) != 1 || got[0].What != "S(4)" || math.Abs(got[0].Half-0.2/3) > 1e-9 {
		t.Errorf("shortfalls %+v, want S(4) at ±6.7%% only", got)
	}
	if got := CheckPrecision(a, 2, 0.02); len(got) != 0 {
		t.Errorf("up to 2 CPUs: shortfalls %+v, want none", got)
	}
	a.Amdahl.FHi = 0.11
	if got := CheckPrecision(a, 2, 0.02); len(got) != 1 || got[0].What != "f" {
		t.Errorf("f ±0.01: shortfalls %+v, want f", got)
	}
	if got := CheckPrecision(a, 2, 0); got != nil {
		t.Errorf("no precision asked: %+v", got)
	}
	p := &results.Protocol{Rounds: 30, Stopped: results.StopMaxTime}
	want := "±2% not reached: f ±4% after 30 rounds: the time allowed (--max-time) was spent"
	if s := PrecisionSentence(CheckPrecision(a, 2, 0.02), 0.02, p); s != want {
		t.Errorf("sentence %q, want %q", s, want)
	}
}

func TestInterference(t *testing.T) {
	l := &results.Ledger{OthersCPUS: 0.13}
	s := &results.Series{
		Serial: &results.Serial{
			SamplesS: []float64{1, 1},
			Passes:   results.Passes{Rounds: []int{0, 1}, Ledger: []*results.Ledger{l, nil}},
		},
		Points: []results.Point{{Workers: 2, SamplesS: []float64{0.5, 0.5, 0.5}, Passes: results.Passes{
			Rounds: []int{0, 1, 2},
			Disturbed: []results.Disturbed{
				{Seconds: 0.1, Round: 1, Ledger: &results.Ledger{OthersCPUS: 0.1}}, // measured again in round 1
				{Seconds: 0.1, Round: 3, Ledger: &results.Ledger{OthersCPUS: 0.16, StealS: 0.02}},
			}}}},
	}
	in := InterferenceOf(s)
	want := Interference{Passes: 7, Disturbed: 2, Unknown: 1, OthersCPUs: 1.3, StealShare: 0.1, GivenUp: 1}
	if in.Passes != want.Passes || in.Disturbed != want.Disturbed || in.Unknown != want.Unknown ||
		in.GivenUp != want.GivenUp ||
		math.Abs(in.OthersCPUs-want.OthersCPUs) > 1e-9 ||
		math.Abs(in.StealShare-want.StealShare) > 1e-9 {
		t.Errorf("interference %+v, want %+v", in, want)
	}
	if !in.Busy() {
		t.Error("a round lost a pass: want busy")
	}
	sentence := in.Sentence(2)
	for _, part := range []string{"other processes used 1.3 of the 2 CPUs during 2 of 7 passes", "stole 10%", "1 pass was given up"} {
		if !strings.Contains(sentence, part) {
			t.Errorf("sentence %q lacks %q", sentence, part)
		}
	}
	if (Interference{Passes: 9, Disturbed: 2}).Busy() || !(Interference{Passes: 9, Disturbed: 3}).Busy() {
		t.Error("busy from a third of the passes disturbed")
	}
}

func TestPreciseNeedsSamples(t *testing.T) {
	s := &results.Series{Points: []results.Point{
		{Workers: 1, SamplesS: []float64{1, 1, 1}, Passes: results.Passes{Rounds: []int{0, 1, 2}}},
		{Workers: 2, SamplesS: []float64{0.5}, Passes: results.Passes{Rounds: []int{0}}},
	}}
	if Precise(s, 2, 0.5) {
		t.Error("a point with one sample is precise")
	}
	s.Points[1].SamplesS, s.Points[1].Rounds = []float64{0.5, 0.5, 0.5}, []int{0, 1, 2}
	if !Precise(s, 2, 0.5) {
		t.Error("exact samples are not precise")
	}
}

// TestEveryPassDisturbed: a point of which every pass was disturbed (all
// given up on a busy machine) is analysed from its disturbed passes, so
// that the run can still be reported, and the series is busy: its verdict
// is inconclusive and says why.
func TestEveryPassDisturbed(t *testing.T) {
	l := &results.Ledger{OthersCPUS: 0.15}
	doc := &results.Document{Schema: results.Schema, Env: results.Env{LogicalCPUs: 2}, Series: []results.Series{{
		Workload: "pi", Mode: results.ModeStrong,
		Serial: &results.Serial{SamplesS: []float64{1, 1, 1}, Passes: results.Passes{Rounds: []int{0, 1, 2}}},
		Points: []results.Point{
			{
				Workers:  1,
				Verified: true,
				SamplesS: []float64{1, 1.01, 0.99},
				Passes:   results.Passes{Rounds: []int{0, 1, 2}},
			},
			{Workers: 2, Verified: true, Passes: results.Passes{Disturbed: []results.Disturbed{
				{
					Seconds: 0.8,
					Round:   0,
					Ledger:  l,
				}, {Seconds: 0.7, Round: 1, Ledger: l}, {Seconds: 0.9, Round: 2, Ledger: l},
			}}},
		},
	}}}
	in := Input(&doc.Series[0])
	if len(in.Points) != 2 || fmt.Sprint(in.Points[1].Samples) != "[0.8 0.7 0.9]" ||
		fmt.Sprint(in.Points[1].Rounds) != "[0 1 2]" {
		t.Fatalf("points %+v, want P=2 from its disturbed passes", in.Points)
	}
	itf := InterferenceOf(&doc.Series[0])
	if itf.OnlyDisturbed != 1 || !itf.Busy() {
		t.Errorf("interference %+v: want 1 point only disturbed, busy", itf)
	}
	if s := itf.Sentence(2); !strings.Contains(s, "1 point had no undisturbed pass") {
		t.Errorf("sentence %q does not name the point without an undisturbed pass", s)
	}
	set, err := AnalyzeSet([]Source{{Name: "busy.json", Doc: doc}}, Options{}, nil, CompareOptions{})
	if err != nil {
		t.Fatalf("AnalyzeSet: %v", err)
	}
	if v := set.Series[0].Verdict; v.Shape != ShapeInconclusive || !strings.Contains(v.Sentence, "other processes") {
		t.Errorf("verdict %q (%s), want inconclusive naming the others", v.Sentence, v.Shape)
	}
	// The best model is not decided beside others either: it says why,
	// and what the points alone would choose.
	a := set.Series[0].Analysis
	if a == nil {
		t.Fatal("no analysis")
	}
	if a.Best != "" || !strings.HasPrefix(a.Reason, "inconclusive: measured beside other work (other processes") ||
		!strings.Contains(a.Reason, "the points alone would choose Amdahl") {
		t.Errorf("best model %q (%q), want none, inconclusive, naming the others and Amdahl", a.Best, a.Reason)
	}
}
