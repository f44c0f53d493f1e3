package plan

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling/sweep"
	"github.com/scalebench/scalebench/workloads"
	"github.com/scalebench/scalebench/workloads/executor"
)

func TestCapCounts(t *testing.T) {
	counts := sweep.Counts([]int{1, 256}, []int{2, 4}, 256)
	kept, w := capCounts(counts, "shm")
	if len(kept) != 3 || !strings.Contains(w, "shm executor: P=1024 left out: at most 512") {
		t.Errorf("kept %v, warning %q", kept, w)
	}
	if kept, w := capCounts(counts, "goroutines"); kept != nil || w != "" {
		t.Errorf("goroutines capped: %v %q", kept, w)
	}
	if i := slices.IndexFunc(kept, func(c sweep.Count) bool { return c.Workers == 512 }); i < 0 {
		t.Errorf("P=512 dropped: %v", kept)
	}
}

// TestMemoryCounts: points that do not fit in the memory available are
// left out with a warning.
func TestMemoryCounts(t *testing.T) {
	avail, _ := workloads.Available()
	if avail < 7<<30 {
		t.Skipf("needs 7 GiB of memory available to plan the first point, have %d bytes", avail)
	}
	// 20000² float64 is 3 GiB per worker: the first points fit, 1024
	// workers (3 TiB) fit no machine.
	outer, _ := workloads.Lookup("outer")
	params, _ := outer.Resolve(map[string]string{"outer-n": "20000"})
	counts := sweep.Counts([]int{1, 2, 1024}, nil, 1024)
	kept, w, err := memoryCounts(outer, workloads.Config{Size: 1, Params: params}, false, counts)
	if err != nil || len(kept) == 0 || kept[0].Workers != 1 ||
		!strings.Contains(w, "left out for memory: P=1024 (about 3.0 TiB)") {
		t.Errorf("kept %v, warning %q, err %v", kept, w, err)
	}
}

// TestBuild builds a run from Go, as the lessons and the scalebench
// package do: the default worker list of the CPUs, one plan per executor
// and schedule, and the protocol for the sweep.
func TestBuild(t *testing.T) {
	pi, _ := workloads.Lookup("pi")
	c := Config{Workloads: []*workloads.Spec{pi}, Oversubscribe: []int{2}, Size: SizeQuick, CPUs: 4,
		Schedules: []executor.Schedule{executor.Block, executor.Dynamic}, Protocol: DefaultProtocol}
	r, err := c.Build()
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(r.Counts); got != "[{1 false} {2 false} {4 false} {8 true}]" {
		t.Errorf("counts %s", got)
	}
	if len(r.Plans) != 2 || r.Plans[0].Size != pi.Quick || r.Plans[1].Options.Schedule != executor.Dynamic ||
		r.Plans[0].Mode != results.ModeStrong {
		t.Errorf("plans %+v", r.Plans)
	}
	sc := r.Sweep(2)
	if sc.Reps != DefaultReps || sc.MaxTimeScale != AutoTimeScale || sc.MinMaxTime != AutoMinTime || sc.CPUs != 2 {
		t.Errorf("sweep config %+v", sc)
	}
	for _, bad := range []Config{
		{Workloads: c.Workloads, CPUs: 0, Protocol: DefaultProtocol, Size: SizeQuick},
		{CPUs: 2, Protocol: DefaultProtocol, Size: SizeQuick},
		{Workloads: c.Workloads, CPUs: 2, Protocol: Protocol{Reps: 0, MaxReps: 1}, Size: SizeQuick},
		{Workloads: c.Workloads, CPUs: 2, Protocol: DefaultProtocol, Size: SizeQuick, Params: map[string]string{"sleep": "1ms"}},
		{Workloads: c.Workloads, CPUs: 2, Protocol: DefaultProtocol, Size: Size{Named: "huge"}},
	} {
		if _, err := bad.Build(); err == nil || !IsConfig(err) {
			t.Errorf("%+v: error %v, want a configuration error", bad, err)
		}
	}
}
