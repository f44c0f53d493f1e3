package workloads

import (
	"fmt"
	"math"
	"time"
)

func init() {
	Register(&Spec{
		Name: "waitrows",
		Description: "rowgrid's rows as waits of uneven, known length: each row waits longer than the one before, " +
			"every 4th row 4 times as long (load balance and chunks past the cores)",
		Unit: "rows",
		Crossing: Crossing{
			Input:  "parameters only: the row's wait (8 bytes)",
			Result: "how many times it ran (8 bytes)",
		},
		Quick:   64,
		Full:    256,
		MaxSize: 1 << 24,
		// A queue of chunks of six rows: each chunk holds one or two heavy
		// rows, and 256 rows make 43 chunks, fewer than 64 workers.
		Schedule: "dynamic",
		Chunk:    6,
		Params: []Param{
			{Name: "row-wait", Default: "2ms", Help: "what the first row waits, a duration like 2ms"},
			{
				Name:    "row-growth",
				Default: "2",
				Help:    "how much longer the last row waits than the first, as a multiple of the first: row r of R waits row-wait·(1 + growth·r/R)",
			},
			{Name: "heavy-every", Default: "4", Help: "every N-th row (rows 0, N, 2N, …) is heavy; 0 for none"},
			{Name: "heavy-factor", Default: "4", Help: "how many times longer a heavy row waits"},
		},
		New:    newWaitrows,
		Memory: perTaskWord,
		Kernel: func(Config) (Kernel, error) {
			return U64Kernel("waitrows", 1, func(v []uint64) uint64 {
				time.Sleep(time.Duration(v[0]))
				return 1
			}), nil
		},
	})
}

var _ Portable = (*waitrows)(nil)

// waitrows is a grid whose rows are tasks that wait rather than compute,
// so that many more workers than CPUs run for real: the times of the
// tasks are known in advance (RowWaits) and uneven in two ways that the
// schedules meet differently. The rows grow longer along the grid, so
// that a block of the last rows takes longest; and every heavy-every-th
// row is heavy, so that interleaving with a worker count that is a
// multiple of it gives every heavy row to the same few workers. The
// serial run is the same waits one after the other; a pass verifies when
// each row ran exactly once. The waits end early once the instance is
// stopped.
type waitrows struct {
	U64Tasks // per task: the wait in nanoseconds; result: times it ran
	stop     *Stop
	waits    []time.Duration
}

// RowWaits returns the wait of every row of a waitrows grid of rows rows
// with the given parameters: row r waits wait·(1 + growth·r/rows), and
// heavy times that when every > 0 and r is a multiple of every.
func RowWaits(rows int, wait time.Duration, growth float64, every int, heavy float64) []time.Duration {
	out := make([]time.Duration, rows)
	for r := range out {
		x := 1 + growth*float64(r)/float64(rows)
		if every > 0 && r%every == 0 {
			x *= heavy
		}
		out[r] = time.Duration(math.Round(float64(wait) * x))
	}
	return out
}

// waitrowsParams reads and checks the parameters of waitrows.
func waitrowsParams(c Config) (wait time.Duration, growth float64, every int, heavy float64, err error) {
	bad := func(name, want string) error {
		return &ParamError{Workload: "waitrows", Param: name, Value: c.Params[name], Want: want}
	}
	wait, err = time.ParseDuration(c.Params["row-wait"])
	if err != nil || wait < 0 || wait > time.Minute {
		return 0, 0, 0, 0, bad("row-wait", "a duration between 0s and 1m, like 2ms")
	}
	if growth, err = c.Float("row-growth"); err != nil || !(growth >= 0 && growth <= 1000) {
		return 0, 0, 0, 0, bad("row-growth", "a number between 0 and 1000")
	}
	n, err := c.Int("heavy-every")
	if err != nil || n < 0 || n > 1<<24 {
		return 0, 0, 0, 0, bad("heavy-every", "an integer between 0 and 16777216")
	}
	if heavy, err = c.Float("heavy-factor"); err != nil || !(heavy >= 0 && heavy <= 1000) {
		return 0, 0, 0, 0, bad("heavy-factor", "a number between 0 and 1000")
	}
	return wait, growth, int(n), heavy, nil
}

func newWaitrows(c Config) (Instance, error) {
	wait, growth, every, heavy, err := waitrowsParams(c)
	if err != nil {
		return nil, err
	}
	if c.Size < 1 || c.Size > 1<<24 {
		return nil, &ParamError{
			Workload: "waitrows",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     "between 1 and 16777216 rows",
		}
	}
	w := &waitrows{U64Tasks: U64Tasks{Name: "waitrows", Width: 1}, stop: c.Stop,
		waits: RowWaits(int(c.Size), wait, growth, every, heavy)}
	w.Reserve(len(w.waits))
	for _, d := range w.waits {
		w.AddTask(uint64(d))
	}
	return w, nil
}

func (w *waitrows) Tasks() int { return len(w.waits) }

func (w *waitrows) Serial() {
	for _, d := range w.waits {
		if !w.stop.Sleep(d) {
			return
		}
	}
}

func (w *waitrows) Begin(int) { clear(w.Results) }

func (w *waitrows) Run(_, task int) {
	if w.stop.Sleep(w.waits[task]) {
		w.Results[task]++
	}
}

func (w *waitrows) End() {}

func (w *waitrows) Verify() error { return verifyOnce("waitrows", w.Results) }
