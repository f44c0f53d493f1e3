package lessons

import "strconv"

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
	return append(s.speedLessons(), s.costLessons()...)
}

// speedLessons are the lessons on how far work speeds up.
func (s Sizes) speedLessons() []Lesson {
	c := max(s.CPUs, 1)
	n := strconv.Itoa
	upToC := workers(c)
	return []Lesson{
		{Name: "amdahl", Title: "Amdahl and Gustafson",
			Claim: "A serial fraction f caps strong scaling at 1/f (Amdahl), while a problem that grows with the workers keeps scaling as P − α(P−1) (Gustafson); fitting measured runs recovers f and α.",
			Seed:  seedThinkin + ": strong scaling – Amdahl's law; weak scaling – Gustafson's law",
			Experiments: []Experiment{
				s.exp("strong", "synthetic", nil, upToC, s.rounds(30, 7), "--serial-fraction", ftoa(TrueFraction),
					"--size", s.pick("40000", "400000")),
				s.exp("weak", "synthetic", nil, upToC, s.rounds(30, 7), "--mode", "weak", "--serial-fraction", ftoa(TrueFraction),
					"--size", s.pick("40000", "200000")),
			},
			Judge: judgeAmdahl, Chart: chartAmdahl, Theory: theoryCharts},
		// Tasks from a queue: a CPU slowed for a while by a neighbour (on
		// the host of a VM) leaves its share to the others, so the speedup
		// measures the CPUs, not the imbalance of the moment.
		{Name: "cpu-bound", Title: "CPU-bound work and the CPU count",
			Claim: "CPU-bound work speeds up with the workers up to the number of CPUs, and not past it: oversubscription adds nothing.",
			Seed:  seedThinkin + ": IO bound vs CPU bound; oversubscription; computing π",
			Experiments: []Experiment{
				s.exp("pi", "pi", nil, workers(c)+","+n(2*c)+","+n(4*c), s.rounds(20, 7), "--schedule", "dynamic", "--chunk", "1",
					"--size", s.pick("20000000", "400000000")),
			},
			Judge: judgeCPUBound, Chart: chartSpeedup},
		{Name: "io-bound", Title: "Waiting work",
			Claim: "Work that waits (I/O-bound) speeds up far past the number of CPUs: a waiting worker needs no CPU.",
			Seed:  seedThinkin + ": IO bound vs CPU bound; downloading files with ThreadPoolExecutor",
			Experiments: []Experiment{
				s.exp("sleep", "sleep", nil, workers(8*c), s.rounds(5, 5), "--size", n(16*c), "--sleep", sleepFor(c)),
			},
			Judge: judgeIOBound, Chart: chartSpeedup},
	}
}

// costLessons are the lessons on what parallel work costs.
func (s Sizes) costLessons() []Lesson {
	c := max(s.CPUs, 1)
	n := strconv.Itoa
	upToC := workers(c)
	return []Lesson{
		// A pass of pi short against the start-up of worker processes: a
		// few milliseconds on goroutines.
		{Name: "processes", Title: "What processes cost",
			Claim: "Worker processes pay for starting up and for copying work to them, which goroutines (threads) sharing one memory do not.",
			Seed:  seedNumPy + ": cheap, disposable, or expensive, persistent",
			Experiments: []Experiment{
				s.exp("pi", "pi", []string{"goroutines", "processes", "shm"}, upToC, s.rounds(20, 10), "--size", s.pick("1000000", "4000000")),
			},
			Judge: judgeProcesses, Chart: chartTime},
		{Name: "chunking", Title: "Tasks too small to send",
			Claim: "Sending processes one small task at a time is slower than doing the work serially; sending chunks of tasks recovers the speed.",
			Seed:  seedArrays + ": avoid naive element-wise processing; partition data into chunks",
			Experiments: []Experiment{
				s.exp("cbrt", "cbrt", []string{"processes"}, upToC, s.rounds(10, 7), "--schedule", "element,dynamic",
					"--chunk", s.pick("500", "1000"), "--steps", n(cbrtSteps(c)), "--size", s.pick("10000", "100000")),
			},
			Judge: judgeChunking, Chart: chartAbsSpeedup},
		{Name: "shared-memory", Title: "Shared memory instead of copying",
			Claim: "Workers that read a large input from shared memory send far fewer bytes, and finish sooner, than workers that are sent copies.",
			Seed:  seedArrays + ": use shared memory for large data (a sum over a shared array)",
			Experiments: []Experiment{
				s.exp("sum", "sum", []string{"processes", "shm"}, upToC, s.rounds(15, 7), "--size", s.pick("67108864", "536870912")),
			},
			Judge: judgeSharedMemory, Chart: chartTime},
		{Name: "races", Title: "Races and their price",
			Claim: "Unsynchronised read-then-write updates of a shared counter lose increments; a mutex or an atomic add is correct but gets slower with more workers; counting locally and adding at the end is correct and scales.",
			Seed:  seedThinkin + ": total.value = total.value + 1, and get_lock()",
			Experiments: []Experiment{
				s.counter("lost-update", upToC), s.counter("mutex", upToC), s.counter("atomic", upToC), s.counter("local", upToC),
			},
			Judge: judgeRaces, Chart: chartSpeedup},
		// Row r of the triangle has cols·(1 − r/rows) cells: a block split
		// gives the first worker the longest rows, a queue of single rows
		// hands them out as the workers finish.
		{Name: "load-balance", Title: "Load balance",
			Claim: "When the work does not divide evenly, a dynamic task queue keeps every worker busy and beats a fixed block split.",
			Seed:  seedNumPy + ": task queue; sharing work of a grid's rows",
			Experiments: []Experiment{
				s.exp("rowgrid", "rowgrid", nil, "1,"+n(c), s.rounds(30, 10), "--schedule", "block,dynamic", "--chunk", "1",
					"--shape", "triangle", "--rows", "64", "--cols", "256", "--rows-per-task", "1",
					"--size", s.pick("100000000", "2000000000")),
			},
			Judge: judgeLoadBalance, Chart: chartAbsSpeedup},
		// Each worker's matrix (155 MiB) is ten times the memory of the
		// process without it; the peak is read in each point's warm-up.
		{Name: "memory", Title: "Memory grows with workers",
			Claim: "Every worker holds its own working memory, so the peak memory grows with the number of workers.",
			Seed:  seedThinkin + ": memory profile of multiprocessing programs (outer products)",
			Experiments: []Experiment{
				s.exp("outer", "outer", nil, upToC, s.rounds(2, 2), "--outer-n", "4500", "--size", n(2*c)),
			},
			Judge: judgeMemory, Chart: chartMemory},
		{Name: "bandwidth", Title: "Memory bandwidth",
			Claim: "Streaming through memory is limited by memory bandwidth: GB/s flatten before the CPU count where the bandwidth saturates.",
			Seed:  seedThinkin + ": main memory reference and reading 1 MB sequentially from memory",
			Experiments: []Experiment{
				s.exp("sum", "sum", nil, upToC, s.rounds(5, 5), "--size", s.pick("268435456", "1073741824")),
			},
			Judge: judgeBandwidth, Chart: chartThroughput},
	}
}

// counter is the experiment of one variant of the counter workload. The
// local sums take tasks from a queue, as pi does in the cpu-bound lesson.
func (s Sizes) counter(variant, workerList string) Experiment {
	var args []string
	switch variant {
	case "lost-update": // an increment with its think time takes longer
		args = []string{"--size", s.pick("2000000", "10000000")}
	case "local": // a local increment is a hundred times cheaper
		args = []string{"--schedule", "dynamic", "--chunk", "1", "--size", s.pick("100000000", "2000000000")}
	default:
		args = []string{"--size", s.pick("10000000", "20000000")}
	}
	e := s.exp(variant, "counter", nil, workerList, s.rounds(25, 7), append([]string{"--variant", variant}, args...)...)
	e.Wrong = variant == "lost-update"
	return e
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

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
