package results

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestTaskTimesRoundTrip checks that task times and dispatch costs are
// written and read back as they were, and that a file without them reads
// as before (nil).
func TestTaskTimesRoundTrip(t *testing.T) {
	d := sample()
	d.Series[0].TaskTimes = &TaskTimes{Tasks: 3, SumS: 0.006, MinS: 0.001, MaxS: 0.003, WallS: 0.0061, ClockS: 2e-8,
		DurationsS: []float64{0.001, 0.002, 0.003}, Ledger: &Ledger{CPUS: 0.006, WaitS: -1}}
	d.Series[0].Dispatch = []Dispatch{{Schedule: "block", PerTaskS: 2e-9, PerChunkS: 1e-6, PerWorkerS: 3e-7, Tasks: 10000}}
	var buf bytes.Buffer
	if err := Encode(&buf, d); err != nil {
		t.Fatal(err)
	}
	got, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("round trip changed the task times:\n got %+v\nwant %+v", got.Series[0], d.Series[0])
	}
	buf.Reset()
	if err := Encode(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); strings.Contains(s, "task_times") || strings.Contains(s, "dispatch") {
		t.Errorf("a series without task times writes them:\n%s", s)
	}
}

func TestTaskTimesRejects(t *testing.T) {
	for _, c := range []struct {
		name string
		tt   TaskTimes
		want string
	}{
		{"no tasks", TaskTimes{}, "at least 1"},
		{"negative", TaskTimes{Tasks: 1, DurationsS: []float64{-1}}, "invalid sample -1"},
		{"NaN sum", TaskTimes{Tasks: 1, SumS: math.NaN(), DurationsS: []float64{1}}, "invalid sample NaN"},
		{"too few durations", TaskTimes{Tasks: 2, DurationsS: []float64{1}}, "1 durations for 2 tasks"},
		{"groups that do not fit", TaskTimes{Tasks: 9, Group: 4, GroupsS: []float64{1, 1}}, "2 groups of 4 for 9 tasks"},
		{"groups of none", TaskTimes{Tasks: 2, GroupsS: []float64{1, 1}}, "groups of 0"},
		{"nothing", TaskTimes{Tasks: 2}, "neither durations nor groups"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := sample()
			d.Series[0].TaskTimes = &c.tt
			err := d.Validate()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
	d := sample()
	d.Series[0].TaskTimes = &TaskTimes{Tasks: 9, Group: 4, GroupsS: []float64{1, 1, 0.5}}
	if err := d.Validate(); err != nil {
		t.Errorf("groups of 4, 4 and 1: %v", err)
	}
}

func TestBin(t *testing.T) {
	for _, x := range []float64{1e-9, 3.7e-6, 0.001, 0.02, 1, 7.5} {
		k := Bin(x)
		if lo, hi := BinLowS(k), BinLowS(k+1); !(lo <= x && x < hi) {
			t.Errorf("%v in bin %d, [%v, %v)", x, k, lo, hi)
		}
	}
}
