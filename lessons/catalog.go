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
// Amdahl lesson is built with; the fits should recover it. It is the
// value that seed 003 draws for both laws.
const TrueFraction = 0.1

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
				s.exp("strong", "synthetic", nil, upToC, "--serial-fraction", ftoa(TrueFraction), "--size", s.pick("100000", "400000")),
				s.exp("weak", "synthetic", nil, upToC, "--mode", "weak", "--serial-fraction", ftoa(TrueFraction), "--size", s.pick("50000", "200000")),
			},
			Judge: judgeAmdahl, Chart: chartAmdahl, Theory: theoryCharts},
		{Name: "cpu-bound", Title: "CPU-bound work and the CPU count",
			Claim: "CPU-bound work speeds up with the workers up to the number of CPUs, and not past it: oversubscription adds nothing.",
			Seed:  seedThinkin + ": IO bound vs CPU bound; oversubscription; computing π",
			Experiments: []Experiment{
				s.exp("pi", "pi", nil, workers(c)+","+n(2*c)+","+n(4*c), "--size", s.pick("100000000", "400000000")),
			},
			Judge: judgeCPUBound, Chart: chartSpeedup},
		{Name: "io-bound", Title: "Waiting work",
			Claim: "Work that waits (I/O-bound) speeds up far past the number of CPUs: a waiting worker needs no CPU.",
			Seed:  seedThinkin + ": IO bound vs CPU bound; downloading files with ThreadPoolExecutor",
			Experiments: []Experiment{
				s.exp("sleep", "sleep", nil, workers(8*c), "--size", n(16*c), "--sleep", sleepFor(c)),
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
		{Name: "processes", Title: "What processes cost",
			Claim: "Worker processes pay for starting up and for copying work to them, which goroutines (threads) sharing one memory do not.",
			Seed:  seedNumPy + ": cheap, disposable, or expensive, persistent",
			Experiments: []Experiment{
				s.exp("pi", "pi", []string{"goroutines", "processes", "shm"}, upToC, "--size", s.pick("50000000", "200000000")),
			},
			Judge: judgeProcesses, Chart: chartTime},
		{Name: "chunking", Title: "Tasks too small to send",
			Claim: "Sending processes one small task at a time is slower than doing the work serially; sending chunks of tasks recovers the speed.",
			Seed:  seedArrays + ": avoid naive element-wise processing; partition data into chunks — and " + seedHowto + ": 2D FFT",
			Experiments: []Experiment{
				s.exp("fft2", "fft2", []string{"processes"}, upToC, "--schedule", "element,dynamic", "--chunk", s.pick("32", "64"), "--size", s.pick("1280", "6400")),
			},
			Judge: judgeChunking, Chart: chartAbsSpeedup},
		{Name: "shared-memory", Title: "Shared memory instead of copying",
			Claim: "Workers that read a large input from shared memory send far fewer bytes, and finish sooner, than workers that are sent copies.",
			Seed:  seedArrays + ": use shared memory for large data — and " + seedHowto + ": sharing an Array (determinants)",
			Experiments: []Experiment{
				s.exp("det", "det", []string{"processes", "shm"}, upToC, "--size", s.pick("400000", "1000000")),
			},
			Judge: judgeSharedMemory, Chart: chartTime},
		{Name: "races", Title: "Races and their price",
			Claim: "Unsynchronised read-then-write updates of a shared counter lose increments; a mutex or an atomic add is correct but gets slower with more workers; counting locally and adding at the end is correct and scales.",
			Seed:  seedThinkin + ": total.value = total.value + 1, and get_lock()",
			Experiments: []Experiment{
				s.counter("lost-update", upToC), s.counter("mutex", upToC), s.counter("atomic", upToC), s.counter("local", upToC),
			},
			Judge: judgeRaces, Chart: chartSpeedup},
		{Name: "load-balance", Title: "Load balance",
			Claim: "When the work does not divide evenly, a dynamic task queue keeps every worker busy and beats a fixed block split.",
			Seed:  seedNumPy + ": task queue; sharing work of a grid's rows",
			Experiments: []Experiment{
				s.exp("rowgrid", "rowgrid", nil, "1,"+n(c), "--schedule", "block,interleave,dynamic", "--chunk", "1",
					"--rows", n(4*c+1), "--cols", "64", "--rows-per-task", "2", "--size", s.pick("400000000", "2000000000")),
			},
			Judge: judgeLoadBalance, Chart: chartSpeedup},
		{Name: "memory", Title: "Memory grows with workers",
			Claim: "Every worker holds its own working memory, so the peak memory grows with the number of workers.",
			Seed:  seedThinkin + ": memory profile of multiprocessing programs (outer products)",
			Experiments: []Experiment{
				s.exp("outer", "outer", nil, upToC, "--outer-n", s.pick("1000", "2000"), "--size", n(4*c)),
			},
			Judge: judgeMemory, Chart: chartMemory},
		{Name: "bandwidth", Title: "Memory bandwidth",
			Claim: "Streaming through memory is limited by memory bandwidth: GB/s flatten before the CPU count where the bandwidth saturates.",
			Seed:  seedThinkin + ": main memory reference and reading 1 MB sequentially from memory",
			Experiments: []Experiment{
				s.exp("sum", "sum", nil, upToC, "--size", s.pick("268435456", "1073741824")),
			},
			Judge: judgeBandwidth, Chart: chartThroughput},
	}
}

// counter is the experiment of one variant of the counter workload.
func (s Sizes) counter(variant, workerList string) Experiment {
	size := s.pick("10000000", "20000000")
	if variant == "local" { // a local increment is a hundred times cheaper
		size = s.pick("500000000", "2000000000")
	}
	e := s.exp(variant, "counter", nil, workerList, "--variant", variant, "--size", size)
	e.Wrong = variant == "lost-update"
	return e
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

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
