package workloads

import (
	"fmt"
	"math/big"
	"math/bits"
)

// powernTasks is the least number of tasks of powern, that of the preset
// sizes. 24 divides evenly among 1, 2, 3, 4, 6 and 8 workers, so the
// tasks stay balanced at every worker count of a small machine's sweep.
// Sizes above 24·powernPerTask have one task per powernPerTask powers,
// so that a large machine's workers all get work.
const (
	powernTasks   = 24
	powernPerTask = 200
)

// powernTaskCount is the number of tasks for size powers.
func powernTaskCount(size int64) int {
	return int(max(powernTasks, min(size/powernPerTask, 1<<20)))
}

// powernExp is the exponent of every term, as in the seed.
const powernExp = 9999

// powernBase and powernStep define the numbers raised to the power:
// base + offset + step·k for term k, where the offset in [0, step) comes
// from the seed.
const (
	powernBase = 564982
	powernStep = 100
)

func init() {
	Register(&Spec{
		Name:        "powern",
		Description: "sum of i^9999 over integers i = 564982 + 100k with math/big (CPU-bound, big tasks)",
		Unit:        "powers",
		Crossing: Crossing{
			Input:  "parameters only: its first term, term count and offset (24 bytes)",
			Result: "its sum in hexadecimal (tens of kB)",
		},
		Quick:    480,
		Full:     4800,
		Schedule: "block",
		Chunk:    1,
		New:      newPowern,
		Kernel: func(Config) (Kernel, error) {
			pool := newScratchPool(func() *powernScratch { return new(powernScratch) })
			return func(in, out []byte) ([]byte, error) {
				v, err := U64s(in, 3)
				if err != nil {
					return out, fmt.Errorf("powern task: %w", err)
				}
				s := pool.get()
				defer pool.put(s)
				return s.sum(nil, &s.total, v[2], int64(v[0]), int64(v[1])).Append(out, 16), nil
			}, nil
		},
	})
}

var _ Portable = (*powern)(nil)

// powern sums i^9999 over Size numbers. Each task sums a contiguous run
// of the terms; End adds the task sums. Integer sums are exact, so the
// parallel answer equals the serial one whatever the grouping.
type powern struct {
	stop   *Stop
	size   int64
	offset uint64
	parts  []*big.Int // per task, parallel pass
	work   []powernScratch
	serial *big.Int
	total  *big.Int
	input  []byte // per task: first term, terms, offset (uint64 each)
	maxRes int
}

func newPowern(c Config) (Instance, error) {
	// The largest term, base + offset + step·(size−1), must fit in 64 bits.
	const most = (1<<64 - 1 - powernBase - powernStep) / powernStep
	if c.Size < powernTasks || c.Size > most {
		return nil, &ParamError{
			Workload: "powern",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     fmt.Sprintf("between %d and %d powers (one per task)", powernTasks, int64(most)),
		}
	}
	s := Stream(c.Seed, 0)
	tasks := powernTaskCount(c.Size)
	p := &powern{
		stop:   c.Stop,
		size:   c.Size,
		offset: s.Uint64() % powernStep,
		parts:  make([]*big.Int, tasks),
		total:  new(big.Int),
	}
	for t := range tasks {
		start, n := Split(c.Size, tasks, t)
		p.input = PutU64s(p.input, uint64(start), uint64(n), p.offset)
		p.parts[t] = new(big.Int)
	}
	// The sum of n terms below 2^b each is below n·2^(b·9999); in hex
	// that is at most this many digits.
	maxI := uint64(powernBase) + p.offset + powernStep*uint64(c.Size-1)
	bitsMax := powernExp*bits.Len64(maxI) + bits.Len64(uint64(c.Size))
	p.maxRes = bitsMax/4 + 1
	return p, nil
}

// powernScratch holds the two numbers a power is computed in, so that the
// repeated squarings do not allocate, and a kernel's sum.
type powernScratch struct{ z, t, x, total big.Int }

// pow returns x^powernExp by left-to-right square and multiply. The
// result aliases the scratch and is valid until the next call.
func (s *powernScratch) pow(x uint64) *big.Int {
	s.x.SetUint64(x)
	z, t := &s.z, &s.t
	z.SetInt64(1)
	for b := bits.Len(powernExp) - 1; b >= 0; b-- {
		t.Mul(z, z)
		z, t = t, z
		if powernExp>>b&1 == 1 {
			t.Mul(z, &s.x)
			z, t = t, z
		}
	}
	return z
}

// sum sets dst to the sum of terms [start, start+n) and returns it. It
// gives up early, with a partial sum, once stop is stopped (a term takes
// well under a millisecond).
func (s *powernScratch) sum(stop *Stop, dst *big.Int, offset uint64, start, n int64) *big.Int {
	dst.SetInt64(0)
	for k := start; k < start+n && !stop.Stopped(); k++ {
		dst.Add(dst, s.pow(powernBase+offset+powernStep*uint64(k)))
	}
	return dst
}

func (p *powern) Input() []byte                   { return p.input }
func (p *powern) TaskInput(task int) (off, n int) { return 24 * task, 24 }

// MaxResult bounds a task's result, the sum in hexadecimal.
func (p *powern) MaxResult() int { return p.maxRes }

func (p *powern) SetResult(task int, b []byte) error {
	if _, ok := p.parts[task].SetString(string(b), 16); !ok {
		return fmt.Errorf("powern task %d result: not a hexadecimal number", task)
	}
	return nil
}

func (p *powern) Tasks() int { return len(p.parts) }

func (p *powern) Serial() {
	var s powernScratch
	p.serial = s.sum(p.stop, new(big.Int), p.offset, 0, p.size)
}

func (p *powern) Begin(workers int) {
	if len(p.work) != workers {
		p.work = make([]powernScratch, workers)
	}
	for _, x := range p.parts {
		x.SetInt64(0)
	}
	p.total.SetInt64(-1)
}

func (p *powern) Run(worker, task int) {
	start, n := Split(p.size, len(p.parts), task)
	p.work[worker].sum(p.stop, p.parts[task], p.offset, start, n)
}

func (p *powern) End() {
	p.total.SetInt64(0)
	for _, x := range p.parts {
		p.total.Add(p.total, x)
	}
}

func (p *powern) Verify() error {
	if p.total.Cmp(p.serial) != 0 {
		return fmt.Errorf(
			"powern: sum of %d powers differs from the serial one (%d bits, serial %d bits, low digits %s, serial %s)",
			p.size,
			p.total.BitLen(),
			p.serial.BitLen(),
			lowHex(p.total),
			lowHex(p.serial),
		)
	}
	return nil
}

// lowHex returns the last 8 hexadecimal digits of x.
func lowHex(x *big.Int) string {
	s := x.Text(16)
	return s[max(0, len(s)-8):]
}
