package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/results"
)

// TestRunRecordsTaskTimesFitPredicts runs a workload of tasks, checks
// that the result records every task's time and the executor's dispatch
// costs, and that fit --json carries the prediction up to --predict-to.
func TestRunRecordsTaskTimesFitPredicts(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.json")
	code, stderr := runCmdLine(t, "run", "waitrows", "--size", "8", "--row-wait", "200us", "--workers", "1,2",
		"--oversubscribe", "0", "--reps", "2", "--warmup", "0", "-o", out)
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	doc, err := results.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Series[0]
	if tt := s.TaskTimes; tt == nil || tt.Tasks != 8 || len(tt.DurationsS) != 8 || tt.MinS <= 0 {
		t.Fatalf("task times %+v, want the times of 8 tasks", s.TaskTimes)
	}
	if len(s.Dispatch) == 0 {
		t.Errorf("no dispatch costs recorded")
	}
	var stdout, errb bytes.Buffer
	if err := run(context.Background(), []string{"fit", "--json", "--predict-to", "16", out}, &stdout, &errb); err != nil {
		t.Fatalf("fit: %v: %s", err, errb.String())
	}
	var fits []struct {
		Prediction *analysis.Prediction `json:"prediction"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &fits); err != nil || len(fits) != 1 || fits[0].Prediction == nil {
		t.Fatalf("fit --json: %v, %d series, no prediction in\n%s", err, len(fits), stdout.String())
	}
	p := fits[0].Prediction
	if p.Label != analysis.PredictionLabel || p.Points[len(p.Points)-1].Workers != 16 || len(p.Measured) != 2 {
		t.Errorf("prediction %q to %d workers beside %d measured points, want the label, 16 and 2",
			p.Label, p.Points[len(p.Points)-1].Workers, len(p.Measured))
	}
	for _, args := range [][]string{{"fit", "--predict-to", "0", out}, {"report", "--predict-to", "70000", out}} {
		code, stderr := runCmdLine(t, args...)
		if code != 2 || !strings.Contains(stderr, "--predict-to") {
			t.Errorf("%q: exit %d, %q; want 2 and the flag named", args, code, stderr)
		}
	}
}
