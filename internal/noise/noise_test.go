package noise

import (
	"context"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	for _, c := range []Config{{CPUs: 0, Share: 0.5, Burst: time.Millisecond}, {CPUs: 1, Share: 0, Burst: time.Millisecond},
		{CPUs: 1, Share: 1.5, Burst: time.Millisecond}, {CPUs: 1, Share: 0.5}} {
		if c.Check() == nil {
			t.Errorf("%+v accepted", c)
		}
		if Run(context.Background(), c) == nil {
			t.Errorf("Run(%+v) = nil, want the error", c)
		}
	}
}

// TestRunStops: Run returns once its context ends, having used CPU
// time. (How much is a matter of the scheduler: the sweep's tests check
// that its ledger sees it.)
func TestRunStops(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- Run(ctx, Config{CPUs: 2, Share: 0.5, Burst: 10 * time.Millisecond}) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
	if sink.Load() == 0 {
		t.Error("no work done")
	}
}
