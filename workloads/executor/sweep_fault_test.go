package executor_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling/sweep"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

// TestSweepFailedPoint runs the sweep in weak mode over faulty with the
// fault in task 10: P=1 has 8 tasks and succeeds, P=2 and P=3 have task 10
// and fail. The failures are recorded and the sweep goes on, unless
// FailFast: then the first of P=2 and P=3 in the round's order fails and
// nothing runs after it.
func TestSweepFailedPoint(t *testing.T) {
	spec, _ := workloads.Lookup("faulty")
	for _, tc := range []struct {
		name     string
		fault    string
		failFast bool
		timeout  time.Duration
		want     []string // error of P=1, P=2, P=3
	}{
		{"crash", "crash", false, 0, []string{"", "died: exit status 2", "died: exit status 2"}},
		{"fail-fast", "crash", true, 0, nil},
		// The timeout bounds the start of the workers too: long enough
		// for a loaded machine to start them for the healthy P=1.
		{"hang", "hang", false, 2 * time.Second, []string{"", "timed out after 2s", "timed out after 2s"}},
	} {
		for _, name := range []string{"processes", "shm"} {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				e, err := executor.Lookup(name)
				if err != nil {
					t.Fatal(err)
				}
				params, err := spec.Resolve(map[string]string{"fault": tc.fault, "fault-task": "10"})
				if err != nil {
					t.Fatal(err)
				}
				r := &sweep.Runner{Meter: &sweep.Meter{FS: fstest.MapFS{}}, Config: sweep.Config{
					Counts: sweep.Counts([]int{1, 2, 3}, nil, 8), Reps: 1, Timeout: tc.timeout, FailFast: tc.failFast}}
				doc := &results.Document{Schema: results.Schema}
				plan := sweep.Plan{Spec: spec, Params: params, Mode: "weak", Size: 8, Seed: 1, Executor: e,
					Options: executor.Options{Schedule: executor.Dynamic, Chunk: 1}}
				if err := r.Run(context.Background(), doc, []sweep.Plan{plan}); err != nil {
					t.Fatal(err)
				}
				if !doc.Failed {
					t.Error("document not marked failed")
				}
				if tc.failFast {
					checkFailFast(t, doc.Series[0].Points)
					return
				}
				for i, pt := range doc.Series[0].Points {
					switch want := tc.want[i]; {
					case want == "" && pt.Failed:
						t.Errorf("P=%d failed: %s", pt.Workers, pt.Error)
					case want != "" && (!pt.Failed || !strings.Contains(pt.Error, want)):
						t.Errorf("P=%d: failed %v, error %q; want one containing %q", pt.Workers, pt.Failed, pt.Error, want)
					}
				}
				if p1 := doc.Series[0].Points[0]; len(p1.SamplesS) != 1 || !p1.Verified || p1.StartupS <= 0 || p1.BytesSent <= 0 {
					t.Errorf("P=1 = %+v: want one verified sample with its costs", p1)
				}
			})
		}
	}
}

// checkFailFast checks that one of P=2 and P=3 failed, and nothing else.
func checkFailFast(t *testing.T, pts []results.Point) {
	t.Helper()
	failed := 0
	for _, pt := range pts {
		if pt.Failed {
			failed++
			if pt.Workers == 1 || !strings.Contains(pt.Error, "died: exit status 2") {
				t.Errorf("P=%d failed: %s", pt.Workers, pt.Error)
			}
		}
	}
	if failed != 1 {
		t.Errorf("%d points failed, want the first of P=2 and P=3 only", failed)
	}
}
