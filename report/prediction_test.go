package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/results"
)

// predictedDoc is a document of one series of eight tasks of 1 to 8 s
// with 1 s of serial work, measured at one and two workers.
func predictedDoc() *results.Document {
	return &results.Document{Schema: results.Schema, Env: results.Env{LogicalCPUs: 2}, Series: []results.Series{{
		Workload: "w", Mode: results.ModeStrong, Executor: "goroutines", Schedule: "block",
		Params: map[string]string{},
		Serial: &results.Serial{Size: 8, SamplesS: []float64{37, 37, 37}},
		TaskTimes: &results.TaskTimes{Tasks: 8, SumS: 36, MinS: 1, MaxS: 8, BeginS: 1,
			DurationsS: []float64{1, 2, 3, 4, 5, 6, 7, 8}},
		Points: []results.Point{
			{Workers: 1, Size: 8, Tasks: 8, SamplesS: []float64{37, 37, 37}, Verified: true},
			{Workers: 2, Size: 8, Tasks: 8, SamplesS: []float64{27, 27, 27}, Verified: true},
		}}}}
}

func TestPredictionInSummary(t *testing.T) {
	sums := analysis.Analyze(predictedDoc(), analysis.Options{PredictTo: 8})
	ss := &sums[0]
	if ss.Prediction == nil {
		t.Fatalf("no prediction; warnings %q", ss.Warnings)
	}
	// At 8 workers every task has a worker of its own: T = 1 + 8 s, and
	// S = 37/9; Block is no slower than the others there.
	line := PredictionLine(ss)
	want := analysis.PredictionLabel + ": S(8) = 4.11 ("
	if !strings.HasPrefix(line, want) || !strings.HasSuffix(line, ", parallelism 4.11, best schedule block") {
		t.Errorf("line %q, want %q… and the parallelism and best schedule", line, want)
	}
	found := false
	for _, l := range Footnotes(ss) {
		found = found || l == line
	}
	if !found {
		t.Errorf("footnotes %q lack the prediction", Footnotes(ss))
	}
	var buf bytes.Buffer
	if err := WriteSummary(&buf, nil, sums, "json"); err != nil {
		t.Fatal(err)
	}
	var run []map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &run); err != nil || run[0]["prediction"] == nil {
		t.Errorf("run --format json: %v, keys without a prediction", err)
	}
	buf.Reset()
	if err := WriteFitJSON(&buf, analysis.Analyze(predictedDoc(), analysis.Options{})); err != nil {
		t.Fatal(err)
	}
	var fit []struct {
		Prediction *analysis.Prediction `json:"prediction"`
	}
	if err := json.Unmarshal(buf.Bytes(), &fit); err != nil || fit[0].Prediction == nil {
		t.Fatalf("fit --json: %v, no prediction", err)
	}
	p := fit[0].Prediction
	if last := p.Points[len(p.Points)-1]; last.Workers != 256 || last.TimeS != 9 || len(p.Times) != len(p.Points) {
		t.Errorf("fit --json predicts to %d workers, T = %v, %d times for %d points",
			last.Workers, last.TimeS, len(p.Times), len(p.Points))
	}
}

func TestNoPredictionWithoutTaskTimes(t *testing.T) {
	doc := predictedDoc()
	doc.Series[0].TaskTimes = nil
	var buf bytes.Buffer
	if err := WriteFitJSON(&buf, analysis.Analyze(doc, analysis.Options{})); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "prediction") {
		t.Errorf("fit --json of a series without task times has a prediction:\n%s", buf.String())
	}
	doc = predictedDoc()
	doc.Series[0].Schedule = "guided"
	sums := analysis.Analyze(doc, analysis.Options{})
	if sums[0].Prediction != nil || !strings.Contains(strings.Join(sums[0].Warnings, "\n"), "cannot be replayed") {
		t.Errorf("an unknown schedule: prediction %v, warnings %q", sums[0].Prediction, sums[0].Warnings)
	}
}

// TestPredictedCurveOnSpeedupChart checks that the speedup chart of a
// series with task times draws its prediction to 256 workers with the
// label, and that one without task times stays at its measured counts.
func TestPredictedCurveOnSpeedupChart(t *testing.T) {
	svg := func(doc *results.Document) (string, float64) {
		r := newTestReport(t, doc)
		for i := range r.Figures {
			if f := &r.Figures[i]; f.Kind == PlotSpeedup {
				ch := f.Chart()
				var b bytes.Buffer
				if err := ch.WriteSVG(&b); err != nil {
					t.Fatal(err)
				}
				return b.String(), ch.Plot.X.Max
			}
		}
		t.Fatal("no speedup chart")
		return "", 0
	}
	got, xmax := svg(predictedDoc())
	for _, want := range []string{"predicted from task times", "(no memory-bandwidth or cache", ">256<"} {
		if !strings.Contains(got, want) {
			t.Errorf("the speedup chart of a predicted series lacks %q", want)
		}
	}
	if xmax < 256 {
		t.Errorf("the worker axis ends at %v, want at least 256", xmax)
	}
	doc := predictedDoc()
	doc.Series[0].TaskTimes = nil
	got, xmax = svg(doc)
	if strings.Contains(got, "predicted") || xmax >= 256 {
		t.Errorf("a series without task times: the chart mentions a prediction or reaches %v workers", xmax)
	}
}
