package sweep

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/scalebench/scalebench/internal/noise"
	"github.com/scalebench/scalebench/results"
)

// noiseEnv makes the test binary a noise generator (see startNoise).
const noiseEnv = "SCALEBENCH_TEST_NOISE"

func TestMain(m *testing.M) {
	if os.Getenv(noiseEnv) == "1" {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		// Every CPU, all the time: whatever the scheduler does, a pass
		// shares its CPUs.
		_ = noise.Run(ctx, noise.Config{CPUs: runtime.NumCPU(), Share: 1, Burst: 100 * time.Millisecond})
		return
	}
	os.Exit(m.Run())
}

// startNoise starts this test binary as a noise generator in a process of
// its own, stopped when the test ends.
func startNoise(t *testing.T) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), noiseEnv+"=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	time.Sleep(200 * time.Millisecond) // let it take the CPUs
}

// TestNoiseIsSeen runs a CPU-bound series beside a process that keeps
// every CPU busy: the ledgers must see it, and the passes that needed
// every CPU must be marked disturbed with their reason.
func TestNoiseIsSeen(t *testing.T) {
	if _, err := os.ReadFile("/proc/stat"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("/proc/stat: %v", err)
		}
		t.Skipf("no /proc/stat (%v): the ledger is unknown here", err)
	}
	startNoise(t)
	cpus := runtime.NumCPU()
	spinFor := func(*hooked) {
		end := time.Now().Add(5 * time.Millisecond)
		for time.Now().Before(end) {
		}
	}
	p := hookPlan(hooked{tasks: 8 * cpus, run: spinFor, serial: func(h *hooked) {
		for range h.tasks {
			spinFor(h)
		}
	}})
	r := &Runner{Config: Config{Counts: Counts([]int{cpus}, nil, cpus), Reps: 2, CPUs: cpus}}
	doc := &results.Document{}
	if err := r.Run(context.Background(), doc, []Plan{p}); err != nil {
		t.Fatal(err)
	}
	pt := doc.Series[0].Points[0]
	if len(pt.Disturbed) == 0 {
		t.Fatalf("P=%d beside a process using every CPU: no pass disturbed; ledgers %v", cpus, ledgers(pt.Ledger))
	}
	for _, d := range pt.Disturbed {
		if d.Ledger == nil || d.Ledger.OthersCPUS <= 0 || !strings.Contains(d.Why, "other processes used") {
			t.Errorf("disturbed pass %+v: want its ledger and reason", d)
		}
	}
}

func ledgers(ls []*results.Ledger) []results.Ledger {
	var out []results.Ledger
	for _, l := range ls {
		if l != nil {
			out = append(out, *l)
		}
	}
	return out
}
