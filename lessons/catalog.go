package lessons

import (
	"slices"
	"strconv"

	"github.com/scalebench/scalebench/results"
)

// The seed documents the lessons come from (../shared/seeds in the
// project's workspace), cited on every slide.
const (
	seedArrays  = "seed 000, “Array Multi-Processing”"
	seedNumPy   = "seed 001, “Multi-core processing in Python with NumPy”"
	seedHowto   = "seed 002, “HOWTO – Python Multiprocessing”"
	seedThinkin = "seed 003, “Thinking parallel” (ETH Zürich SIS)"
)

// TrueFraction is the serial fraction the synthetic workload of the
// Amdahl lesson is built with; the fits should recover it. Seed 003 draws
// both laws with it (among other fractions). A smaller one would be
// recovered less surely: CPUs that run their parallel part at an
// efficiency e < 1 (two vCPUs sharing a core on the host) shift the
// fitted f by (1−f)(1/e − 1) and α by more, which at f = 0.1 and
// e = 0.97 is most of fitTolerance.
const TrueFraction = 0.5

// Catalog returns every lesson, with experiments sized by s.
func Catalog(s Sizes) []Lesson {
	return slices.Concat(s.speedLessons(), s.costLessons(), s.memoryLessons())
}

// speedLessons are the lessons on how far work speeds up.
func (s Sizes) speedLessons() []Lesson {
	c := max(s.CPUs, 1)
	return []Lesson{
		{Name: "amdahl", Title: "Amdahl and Gustafson",
			Claim: "A serial fraction f caps strong scaling at 1/f (Amdahl), while a problem that grows with the " +
				"workers keeps scaling as P − α(P−1) (Gustafson); fitting measured runs recovers f and α.",
			Seed: seedThinkin + ": strong scaling – Amdahl's law; weak scaling – Gustafson's law",
			Experiments: []Experiment{
				{Name: "strong", Workload: "synthetic", Workers: workers(c), Rounds: pick(s, 30, 7),
					Params: map[string]string{"serial-fraction": ftoa(TrueFraction)},
					Size:   pick[int64](s, 40000, 400000)},
				{Name: "weak", Workload: "synthetic", Workers: workers(c), Rounds: pick(s, 30, 7),
					Mode: results.ModeWeak, Params: map[string]string{"serial-fraction": ftoa(TrueFraction)},
					Size: pick[int64](s, 40000, 200000)},
			},
			Judge: judgeAmdahl, Chart: chartAmdahl, Theory: theoryCharts},
		// Tasks from a queue: a CPU slowed for a while by a neighbour (on
		// the host of a VM) leaves its share to the others, so the speedup
		// measures the CPUs, not the imbalance of the moment.
		{Name: "cpu-bound", Title: "CPU-bound work and the CPU count",
			Claim: "CPU-bound work speeds up with the workers up to the number of CPUs, and not past it: " +
				"oversubscription adds nothing.",
			Seed: seedThinkin + ": IO bound vs CPU bound; oversubscription; computing π",
			Experiments: []Experiment{
				{Name: "pi", Workload: "pi", Workers: append(workers(c), 2*c, 4*c), Rounds: pick(s, 20, 7),
					Schedules: []string{"dynamic"}, Chunk: 1, Size: pick[int64](s, 20_000_000, 400_000_000)},
			},
			Judge: judgeCPUBound, Chart: chartSpeedup},
		{Name: "io-bound", Title: "Waiting work",
			Claim: "Work that waits (I/O-bound) speeds up far past the number of CPUs: a waiting worker needs no CPU.",
			Seed:  seedThinkin + ": IO bound vs CPU bound; downloading files with ThreadPoolExecutor",
			Experiments: []Experiment{
				{Name: "sleep", Workload: "sleep", Workers: workers(8 * c), Rounds: 8, Size: int64(16 * c),
					Params: map[string]string{"sleep": sleepFor(c)}},
			},
			Judge: judgeIOBound, Chart: chartSpeedup},
	}
}

// costLessons are the lessons on what parallel work costs.
func (s Sizes) costLessons() []Lesson {
	c := max(s.CPUs, 1)
	return []Lesson{
		// A pass of pi of about a millisecond, short against the start-up
		// of worker processes (5–10 ms): the start-up is what shows.
		{Name: "processes", Title: "What processes cost",
			Claim: "Worker processes pay for starting up and for copying work to them, which goroutines (threads) " +
				"sharing one memory do not. Measured here: the start-up and one short pass.",
			Seed: seedNumPy + ": cheap, disposable, or expensive, persistent",
			Experiments: []Experiment{
				{Name: "pi", Workload: "pi", Executors: []string{"goroutines", "processes", "shm"}, Workers: workers(c),
					Rounds: pick(s, 20, 10), Size: pick[int64](s, 240_000, 1_000_000)},
			},
			Judge: judgeProcesses, Chart: chartTime},
		// The seed's element-wise example: the cube root of every element
		// of an array, one element a task, sent to worker processes one
		// task a message or in chunks.
		{Name: "chunking", Title: "Tasks too small to send",
			Claim: "Sending processes one small task at a time is slower than doing the work serially; " +
				"sending chunks of tasks recovers the speed.",
			Seed: seedArrays + ": avoid naive element-wise processing; partition data into chunks — and " +
				seedHowto + ": Pool.map's chunksize",
			Experiments: []Experiment{
				{Name: "cbrt", Workload: "cbrt", Executors: []string{"processes"}, Workers: workers(c),
					Rounds: pick(s, 10, 7), Schedules: []string{"element", "dynamic"}, Chunk: chunkOf(s),
					Params: map[string]string{"steps": strconv.Itoa(cbrtSteps(c))},
					Size:   pick[int64](s, 10000, 100000)},
			},
			Judge: judgeChunking, Chart: chartAbsSpeedup},
		{Name: "shared-memory", Title: "Shared memory instead of copying",
			Claim: "Workers that read a large input from shared memory send far fewer bytes, and finish sooner, " +
				"than workers that are sent copies.",
			Seed: seedArrays + ": use shared memory for large data (a sum over a shared array)",
			Experiments: []Experiment{
				{Name: "sum", Workload: "sum", Executors: []string{"processes", "shm"}, Workers: workers(c),
					Rounds: pick(s, 15, 7), Size: pick[int64](s, 64<<20, 512<<20)},
			},
			Judge: judgeSharedMemory, Chart: chartTime},
		{Name: "races", Title: "Races and their price",
			Claim: "Unsynchronised read-then-write updates of a shared counter lose increments; a mutex or an " +
				"atomic add is correct but slower on all CPUs than a plain serial count; local counts added at " +
				"the end are correct and scale.",
			Seed: seedThinkin + ": total.value = total.value + 1, and get_lock()",
			Experiments: []Experiment{
				s.counter("lost-update", c), s.counter("mutex", c), s.counter("atomic", c), s.counter("local", c),
			},
			Judge: judgeRaces, Chart: chartSpeedup},
		// Row r of the parabola has cols·(1 − r/rows)² cells: a block
		// split gives the first worker the longest rows (7/8 of the work
		// on 2 workers, a gain of 1.75 for a queue of single rows, which
		// hands them out as the workers finish; a triangle's 1.49 was
		// only 1.6 to 2.4 times its noise at --quick, with 30 rounds of
		// passes of about 0.2 s).
		{Name: "load-balance", Title: "Load balance",
			Claim: "When the work does not divide evenly, a dynamic task queue keeps every worker busy and beats " +
				"a fixed block split.",
			Seed: seedNumPy + ": task queue; sharing work of a grid's rows",
			Experiments: []Experiment{
				{Name: "rowgrid", Workload: "rowgrid", Workers: []int{1, c}, Rounds: pick(s, 30, 10),
					Schedules: []string{"block", "dynamic"}, Chunk: 1,
					Params: map[string]string{"shape": "parabola", "rows": "64", "cols": "256", "rows-per-task": "1"},
					Size:   pick[int64](s, 100_000_000, 2_000_000_000)},
			},
			Judge: judgeLoadBalance, Chart: chartBalance},
	}
}

// memoryLessons are the lessons on what parallel work asks of memory.
func (s Sizes) memoryLessons() []Lesson {
	c := max(s.CPUs, 1)
	return []Lesson{
		// Each worker's matrix (155 MiB) is ten times the memory of the
		// process without it; the peak is read in each point's warm-up.
		{Name: "memory", Title: "Memory grows with workers",
			Claim: "Every worker holds its own working memory, so the peak memory grows with the number of workers.",
			Seed:  seedThinkin + ": memory profile of multiprocessing programs (outer products)",
			Experiments: []Experiment{
				{Name: "outer", Workload: "outer", Workers: workers(c), Rounds: 2, Size: int64(2 * c), KeepDisturbed: true,
					Params: map[string]string{"outer-n": "4500"}},
			},
			Judge: judgeMemory, Chart: chartMemory, Untimed: true},
		{Name: "bandwidth", Title: "Memory bandwidth",
			Claim: "Streaming through memory is limited by memory bandwidth: GB/s flatten before the CPU count " +
				"where the bandwidth saturates.",
			Seed: seedThinkin + ": main memory reference and reading 1 MB sequentially from memory",
			Experiments: []Experiment{
				{Name: "sum", Workload: "sum", Workers: workers(c), Rounds: 5, Size: pick[int64](s, 256<<20, 1<<30)},
			},
			Judge: judgeBandwidth, Chart: chartThroughput},
	}
}

// counter is the experiment of one variant of the counter workload on c
// CPUs. The local sums take tasks from a queue, as pi does in the
// cpu-bound lesson.
func (s Sizes) counter(variant string, c int) Experiment {
	e := Experiment{Name: variant, Workload: "counter", Workers: workers(c), Rounds: pick(s, 25, 7),
		Params: map[string]string{"variant": variant}, Wrong: variant == "lost-update"}
	switch variant {
	case "lost-update": // an increment with its think time takes longer
		e.Size = pick[int64](s, 2_000_000, 10_000_000)
	case "local": // a local increment is a hundred times cheaper; a pass of about 0.1 s on 2 CPUs
		e.Schedules, e.Chunk, e.Size = []string{"dynamic"}, 1, pick[int64](s, 300_000_000, 2_000_000_000)
	default:
		e.Size = pick[int64](s, 10_000_000, 20_000_000)
	}
	return e
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// chunkOf is the chunk of the chunking lesson: tasks per message.
func chunkOf(s Sizes) int { return pick(s, 500, 1000) }

// cbrtSteps is the Newton steps of an element of the chunking lesson on
// c CPUs: 320/c, from 10 to 160, so that one element a message stays
// several times slower than serial work on every CPU count (a message
// costs about 13 µs a round trip, which c workers share) while chunks,
// which cost about 0.6 µs an element to send, beat it.
func cbrtSteps(c int) int { return min(160, max(10, 320/max(c, 1))) }

// sleepFor is how long each task of the io-bound lesson waits on c CPUs:
// 20 ms, shortened beyond 8 CPUs so that the serial run of its 16·c
// tasks stays near 2.5 s.
func sleepFor(c int) string {
	ms := 20.0
	if c > 8 {
		ms = max(1, 160/float64(c))
	}
	return strconv.FormatFloat(ms, 'f', -1, 64) + "ms"
}
