package sweep

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/scalebench/scalebench/results"
)

func TestDisturbance(t *testing.T) {
	tests := []struct {
		name         string
		l            *results.Ledger
		wall         float64
		needed, cpus int
		fits         bool
		want         string // a part of the reason, "" for none
	}{
		{"unknown ledger", nil, 1, 2, 2, true, ""},
		{"quiet", &results.Ledger{OthersCPUS: 0.01, WaitS: 0.05}, 1, 2, 2, true, ""},
		{
			"waited",
			&results.Ledger{OthersCPUS: 0.05, WaitS: 0.06},
			1,
			2,
			2,
			true,
			"its threads waited 6% of its time for a CPU",
		},
		{"waited while others were quiet", &results.Ledger{OthersCPUS: 0.01, WaitS: 0.06}, 1, 2, 2, true, ""},
		{"waited a few milliseconds", &results.Ledger{WaitS: 0.004}, 0.03, 2, 2, true, ""},
		{"waited for its own threads", &results.Ledger{OthersCPUS: 0.01, WaitS: 0.5}, 1, 2, 2, false, ""},
		{"wait unknown", &results.Ledger{OthersCPUS: 0.01, WaitS: -1}, 1, 2, 2, true, ""},
		{"others on the spare CPU", &results.Ledger{OthersCPUS: 0.9}, 1, 1, 2, false, ""},
		{
			"others beyond the spare CPU",
			&results.Ledger{OthersCPUS: 1.2},
			1,
			1,
			2,
			false,
			"taking 17% of its time from the 1 it needed",
		},
		{
			"a fifth of a CPU taken from two",
			&results.Ledger{OthersCPUS: 0.2},
			1,
			2,
			2,
			false,
			"other processes used 0.2 CPUs",
		},
		{"just under the share", &results.Ledger{OthersCPUS: 0.129}, 1, 2, 2, false, ""},
		{"a tick is no disturbance", &results.Ledger{OthersCPUS: 0.02}, 0.05, 2, 2, false, ""},
		{"steal", &results.Ledger{StealS: 0.1}, 1, 2, 2, false, "the hypervisor stole 7%"},
		{"little steal", &results.Ledger{StealS: 0.07}, 1, 2, 2, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Disturbance(tt.l, tt.wall, tt.needed, tt.cpus, tt.fits)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("Disturbance = %q, want %q", got, tt.want)
			}
		})
	}
}

// procStat is a /proc/stat whose cpu line has busy and steal ticks
// (user holds the busy ones).
func procStat(busy, steal int) *fstest.MapFile {
	return &fstest.MapFile{Data: fmt.Appendf(nil, "cpu  %d 0 0 5000 0 0 0 %d 0 0\ncpu0 1 2 3\n", busy, steal)}
}

func TestLedger(t *testing.T) {
	files := func(busy, steal int, selfWait, workerCPU, workerWait int64, ivcs int) fstest.MapFS {
		return fstest.MapFS{
			"proc/stat":                  procStat(busy, steal),
			"proc/self/task/1/schedstat": {Data: fmt.Appendf(nil, "900 %d 3\n", selfWait)},
			"proc/42/task/42/schedstat":  {Data: fmt.Appendf(nil, "%d %d 7\n", workerCPU, workerWait)},
			"proc/42/task/42/status":     {Data: fmt.Appendf(nil, "Name:\tw\nnonvoluntary_ctxt_switches:\t%d\n", ivcs)},
			"proc/42/task/43/schedstat":  {Data: []byte("1000000000 0 1\n")},
			"proc/42/task/43/status":     {Data: []byte("nonvoluntary_ctxt_switches:\t1\n")},
			"proc/self/task/2/schedstat": {Data: []byte("5 5 5\n")},
		}
	}
	usage := func(self, children float64) func() (Usage, Usage, bool) {
		return func() (Usage, Usage, bool) { return Usage{CPUS: self, Ivcs: 2}, Usage{CPUS: children}, true }
	}
	a := (&Meter{FS: files(1000, 10, 1e8, 1e9, 0, 4), Usage: usage(1, 0)}).read([]int{42})
	b := (&Meter{FS: files(1150, 13, 3e8, 1.5e9, 5e7, 6), Usage: usage(1.2, 0)}).read([]int{42})
	l := ledger(a, b)
	// Own CPU: 0.2 s of this process, 0.5 s of the worker; the machine
	// was busy 1.5 s, so others used 0.8 s.
	want := results.Ledger{CPUS: 0.7, OthersCPUS: 0.8, StealS: 0.03, WaitS: 0.25, InvoluntaryCS: 2}
	if l == nil || !near(l.CPUS, want.CPUS) || !near(l.OthersCPUS, want.OthersCPUS) || !near(l.StealS, want.StealS) ||
		!near(l.WaitS, want.WaitS) || l.InvoluntaryCS != want.InvoluntaryCS {
		t.Errorf("ledger %+v, want %+v", l, want)
	}
	// A command's process tree: its CPU comes from the waited-for
	// children, and its waits are unknown.
	c := ledger((&Meter{FS: files(1000, 0, 0, 0, 0, 0), Usage: usage(1, 3)}).read(nil),
		(&Meter{FS: files(1100, 0, 0, 0, 0, 0), Usage: usage(1, 3.6)}).read(nil))
	if c == nil || !near(c.CPUS, 0.6) || !near(c.OthersCPUS, 0.4) || c.WaitS != -1 {
		t.Errorf("command ledger %+v, want CPU 0.6 s, others 0.4 s, wait unknown", c)
	}
	// Without /proc/stat nothing is known: no ledger, not a zero one.
	none := &Meter{FS: fstest.MapFS{}, Usage: usage(1, 0)}
	if l := ledger(none.read(nil), none.read(nil)); l != nil {
		t.Errorf("ledger without /proc = %+v, want nil", l)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// busyFS is a /proc whose stat shows the machine busier by step ticks at
// every read; the reads listed in noisy add another 100 ticks (1 s of
// other processes' CPU).
type busyFS struct {
	mu    sync.Mutex
	reads int
	ticks int
	noisy map[int]bool
}

func (f *busyFS) Open(name string) (fs.File, error) {
	if name != "proc/stat" {
		return nil, fs.ErrNotExist
	}
	f.mu.Lock()
	f.reads++
	if f.noisy[f.reads] {
		f.ticks += 100
	}
	m := fstest.MapFS{"proc/stat": procStat(f.ticks, 0)}
	f.mu.Unlock()
	return m.Open(name)
}

// TestDisturbedPassesAreMeasuredAgain: a pass whose ledger shows other
// processes taking its CPUs is kept aside with its reason and measured
// again in its round, at most MaxRetries times; the samples hold the
// undisturbed passes only.
func TestDisturbedPassesAreMeasuredAgain(t *testing.T) {
	// Reads come in pairs, one before and one after a pass; no warm-up.
	// The serial reference's first pass (reads 1–2, whatever the order:
	// the first pass of round 0 is disturbed) and, later, three passes
	// in a row are noisy.
	noisy := map[int]bool{2: true, 8: true, 10: true, 12: true}
	m := &Meter{FS: &busyFS{noisy: noisy}, Usage: func() (Usage, Usage, bool) { return Usage{}, Usage{}, true }}
	var events []string
	closed := 0
	r := &Runner{Config: Config{Counts: Counts([]int{1, 2}, nil, 2), Reps: 3, CPUs: 2}, Meter: m}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{plan(spec(&events, &closed, false), "strong")}); err != nil {
		t.Fatal(err)
	}
	s := doc.Series[0]
	disturbed := len(s.Serial.Disturbed)
	samples := len(s.Serial.SamplesS)
	for _, p := range s.Points {
		disturbed += len(p.Disturbed)
		samples += len(p.SamplesS)
		for _, d := range append(p.Disturbed, s.Serial.Disturbed...) {
			if d.Ledger == nil || d.Ledger.OthersCPUS < 0.9 || !strings.Contains(d.Why, "other processes") {
				t.Errorf("disturbed pass %+v: want its ledger and why", d)
			}
		}
	}
	// The first pass was measured again once; of the three noisy passes
	// in a row, one is the first try of a pass and two its retries, the
	// last of which is given up: 4 disturbed, one sample short of 9.
	if disturbed != 4 || samples != 8 || len(events) != 12 {
		t.Errorf("%d disturbed passes, %d samples, %d passes run; want 4, 8 and 12", disturbed, samples, len(events))
	}
}
