package workloads

import (
	"encoding/binary"
	"fmt"
	"unsafe"
)

// sumTasks is the fixed number of parts the array of sum is split into.
const sumTasks = 240

func init() {
	Register(&Spec{
		Name:        "sum",
		Description: "sum of a large int64 array split into parts (memory-bandwidth bound)",
		Unit:        "bytes",
		Crossing: Crossing{
			Input:  "its slice of the int64 array (1/240 of it)",
			Result: "its partial sum (8 bytes)",
			Shared: true,
		},
		Quick:    256 << 20,
		Full:     1 << 30,
		MaxSize:  64 << 30,
		Schedule: "block",
		Chunk:    1,
		New:      newSum,
		Memory:   sumMemory,
		Kernel: func(Config) (Kernel, error) {
			return func(in, out []byte) ([]byte, error) {
				if len(in)%8 != 0 {
					return out, fmt.Errorf("sum task: %d bytes is not a whole number of int64s", len(in))
				}
				return PutU64s(out, uint64(sumInt64s(in))), nil
			}, nil
		},
	})
}

var _ Portable = (*sum)(nil)

// sum adds Size/8 int64 values. Integer addition (wrapping at 2⁶⁴) is
// associative, so the parts add up to the serial sum exactly. The sizes
// are limited by memory, not by time: the full size reads 1 GiB (about 0.15 s
// serially here), the quick one 256 MiB.
type sum struct {
	stop   *Stop
	n      int // values
	data   []byte
	parts  []int64
	serial int64
	total  int64
}

func newSum(c Config) (Instance, error) {
	if c.Size < 8*sumTasks || c.Size%8 != 0 || c.Size > 64<<30 {
		return nil, &ParamError{
			Workload: "sum",
			Param:    "size",
			Value:    fmt.Sprint(c.Size),
			Want:     fmt.Sprintf("a multiple of 8 bytes between %d and %d", 8*sumTasks, int64(64<<30)),
		}
	}
	n := int(c.Size / 8)
	data, err := c.Bytes(int(c.Size))
	if err != nil {
		return nil, fmt.Errorf("sum: %w", err)
	}
	s := &sum{stop: c.Stop, n: n, data: data, parts: make([]int64, sumTasks)}
	vs := int64s(s.data)
	for t := range sumTasks {
		start, cnt := Split(int64(n), sumTasks, t)
		r := Stream(c.Seed, t)
		for i := start; i < start+cnt; i++ {
			// Values in [−2³⁰, 2³⁰): the sum does not wrap below 2³³ values.
			x := int64(r.Uint64()>>33) - 1<<30
			if vs != nil {
				vs[i] = x
			} else {
				binary.LittleEndian.PutUint64(s.data[8*i:], uint64(x))
			}
		}
	}
	return s, nil
}

// int64s views b as int64 values when it is suitably aligned on this
// little-endian machine, and returns nil otherwise.
func int64s(b []byte) []int64 {
	if len(b) == 0 || uintptr(unsafe.Pointer(&b[0]))%8 != 0 {
		return nil
	}
	return unsafe.Slice((*int64)(unsafe.Pointer(&b[0])), len(b)/8)
}

// sumInt64s sums the little-endian int64 values of b with four
// accumulators, so that the loads, not the additions, set the pace.
func sumInt64s(b []byte) int64 {
	var s0, s1, s2, s3 int64
	if v := int64s(b); v != nil {
		i := 0
		for ; i+4 <= len(v); i += 4 {
			s0 += v[i]
			s1 += v[i+1]
			s2 += v[i+2]
			s3 += v[i+3]
		}
		for ; i < len(v); i++ {
			s0 += v[i]
		}
		return s0 + s1 + s2 + s3
	}
	for i := 0; i+8 <= len(b); i += 8 {
		s0 += int64(binary.LittleEndian.Uint64(b[i:]))
	}
	return s0
}

// sumStopEvery is how many bytes are summed between two checks of a Stop
// (a fraction of a millisecond); a multiple of 8.
const sumStopEvery = 1 << 20

// sumBlocks is sumInt64s over b in blocks of sumStopEvery bytes. It
// gives up early, with a partial sum, once stop is stopped. Integer
// addition wraps and is associative, so the sum is the same.
func sumBlocks(stop *Stop, b []byte) int64 {
	var total int64
	for len(b) > 0 && !stop.Stopped() {
		n := min(len(b), sumStopEvery)
		total += sumInt64s(b[:n])
		b = b[n:]
	}
	return total
}

func (s *sum) Input() []byte { return s.data }
func (s *sum) TaskInput(task int) (off, n int) {
	start, cnt := Split(int64(s.n), sumTasks, task)
	return 8 * int(start), 8 * int(cnt)
}
func (s *sum) MaxResult() int { return 8 }

func (s *sum) SetResult(task int, b []byte) error {
	v, err := U64s(b, 1)
	if err != nil {
		return fmt.Errorf("sum task %d result: %w", task, err)
	}
	s.parts[task] = int64(v[0])
	return nil
}

func (s *sum) Tasks() int { return sumTasks }

func (s *sum) Serial() { s.serial = sumBlocks(s.stop, s.data) }

func (s *sum) Begin(int) { clear(s.parts); s.total = 0 }

func (s *sum) Run(_, task int) {
	off, n := s.TaskInput(task)
	s.parts[task] = sumBlocks(s.stop, s.data[off:off+n])
}

func (s *sum) End() {
	s.total = 0
	for _, p := range s.parts {
		s.total += p
	}
}

func (s *sum) Verify() error {
	if s.total != s.serial {
		return fmt.Errorf("sum: total %d, serial run gave %d", s.total, s.serial)
	}
	return nil
}

// sumMemory is the array, Size bytes.
func sumMemory(c Config) (Footprint, error) { return Footprint{Fixed: c.Size}, nil }
