package sweep

import (
	"context"
	"io"
	"math"
	"time"

	"github.com/scalebench/scalebench/workloads"
)

// ChooseSize grows (or shrinks) the size of a workload until its serial
// algorithm takes about target, the way `go test` grows b.N: time one run,
// predict the size that would take target, and repeat until the run lands
// within 10% of it or the size stops changing. Growth is limited to 100×
// per step so that a noisy first run cannot overshoot by much.
//
// A serial run stops early when ctx ends, and ChooseSize returns
// ctx.Err().
func ChooseSize(
	ctx context.Context,
	spec *workloads.Spec,
	params map[string]string,
	seed uint64,
	start int64,
	target time.Duration,
) (int64, error) {
	size := max(start, 1)
	halt := new(workloads.Stop)
	defer halt.Watch(ctx)()
	for range 8 {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		inst, err := spec.New(workloads.Config{Size: size, Seed: seed, Params: params, Stop: halt})
		if err != nil {
			return 0, err
		}
		t0 := time.Now()
		inst.Serial()
		el := time.Since(t0)
		if c, ok := inst.(io.Closer); ok {
			if err := c.Close(); err != nil {
				return 0, err
			}
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		ratio := float64(target) / float64(max(el, time.Microsecond))
		if math.Abs(ratio-1) < 0.1 {
			return size, nil
		}
		next := int64(float64(size) * min(ratio, 100))
		next = max(next, int64(inst.Tasks()))
		if next == size {
			return size, nil
		}
		size = next
	}
	return size, nil
}
