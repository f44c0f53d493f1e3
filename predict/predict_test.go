package predict

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var rising = Of([]float64{1, 2, 3, 4, 5, 6, 7, 8})

func TestMakespan(t *testing.T) {
	costs := Costs{PerTask: 0.5, PerChunk: 1, PerWorker: 0.25}
	groups := Tasks{Seconds: []float64{4, 8}, Group: 4, N: 8} // tasks 1,1,1,1,2,2,2,2
	for _, c := range []struct {
		name    string
		tasks   Tasks
		workers int
		plan    Plan
		want    float64
	}{
		{"block P=1", rising, 1, Plan{Schedule: Block}, 36},
		{"block P=2", rising, 2, Plan{Schedule: Block}, 26},
		{"block P=3: runs of 3, 3, 2", rising, 3, Plan{Schedule: Block}, 15},
		{"block P=16: idle workers", rising, 16, Plan{Schedule: Block}, 8},
		{"interleave P=2", rising, 2, Plan{Schedule: Interleave}, 20},
		{"interleave P=3", rising, 3, Plan{Schedule: Interleave}, 15},
		{"interleave P=4", rising, 4, Plan{Schedule: Interleave}, 12},
		{"dynamic P=2", rising, 2, Plan{Schedule: Dynamic, Chunk: 1}, 20},
		{"dynamic P=3", rising, 3, Plan{Schedule: Dynamic, Chunk: 1}, 15},
		{"dynamic P=2 chunk 2", rising, 2, Plan{Schedule: Dynamic, Chunk: 2}, 22},
		{"dynamic chunk beyond the tasks", rising, 2, Plan{Schedule: Dynamic, Chunk: 100}, 36},
		{"dynamic, longest first", Of([]float64{8, 7, 6, 5, 4, 3, 2, 1}), 2, Plan{Schedule: Dynamic, Chunk: 1}, 18},
		{"element P=2", rising, 2, Plan{Schedule: Element, Chunk: 5}, 20},
		{"block with costs", Of([]float64{1, 1, 1, 1}), 2, Plan{Schedule: Block, Costs: costs}, 4.5},
		{"interleave with costs", Of([]float64{1, 1, 1, 1}), 2, Plan{Schedule: Interleave, Costs: costs}, 4.5},
		{"dynamic with costs", Of([]float64{1, 1, 1, 1}), 2, Plan{Schedule: Dynamic, Chunk: 1, Costs: costs}, 5.5},
		{"dynamic chunk 2 with costs", Of([]float64{1, 1, 1, 1}), 2, Plan{Schedule: Dynamic, Chunk: 2, Costs: costs}, 4.5},
		{"worker starts beyond the tasks", Of([]float64{1}), 8, Plan{Schedule: Block, Costs: Costs{PerWorker: 1}}, 8},
		{"a slow dispatcher, P=4", Of([]float64{1, 1, 1, 1}), 4, Plan{Schedule: Element, Costs: Costs{Dispatcher: 2}}, 7},
		{"a slow dispatcher, P=1", Of([]float64{1, 1, 1, 1}), 1, Plan{Schedule: Element, Costs: Costs{Dispatcher: 2}}, 7},
		{"a fast dispatcher", Of([]float64{1, 1, 1, 1}), 4, Plan{Schedule: Element, Costs: Costs{Dispatcher: 0.25}}, 1.75},
		{"groups, block P=2", groups, 2, Plan{Schedule: Block}, 8},
		{"groups, block P=3 splits a group", groups, 3, Plan{Schedule: Block}, 5},
		{"groups, block P=4", groups, 4, Plan{Schedule: Block}, 4},
		{"groups, interleave P=2", groups, 2, Plan{Schedule: Interleave}, 6},
		{"groups, interleave P=3", groups, 3, Plan{Schedule: Interleave}, 5},
		{"groups, interleave P=5", groups, 5, Plan{Schedule: Interleave}, 3},
		{"groups, dynamic keeps a group whole", groups, 2, Plan{Schedule: Dynamic, Chunk: 1}, 8},
		{"groups, dynamic chunk of two groups", groups, 2, Plan{Schedule: Dynamic, Chunk: 8}, 12},
		{"a smaller last group", Tasks{Seconds: []float64{4, 3}, Group: 4, N: 7}, 7, Plan{Schedule: Block}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Makespan(c.tasks, c.workers, c.plan)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-c.want) > 1e-12 {
				t.Errorf("makespan %v, want %v", got, c.want)
			}
		})
	}
}

func TestMakespanRejects(t *testing.T) {
	for _, c := range []struct {
		name    string
		tasks   Tasks
		workers int
		plan    Plan
	}{
		{"no tasks", Tasks{}, 1, Plan{Schedule: Block}},
		{"negative time", Of([]float64{1, -1}), 1, Plan{Schedule: Block}},
		{"NaN", Of([]float64{math.NaN()}), 1, Plan{Schedule: Block}},
		{"infinite", Of([]float64{math.Inf(1)}), 1, Plan{Schedule: Block}},
		{"no workers", rising, 0, Plan{Schedule: Block}},
		{"unknown schedule", rising, 1, Plan{Schedule: "guided"}},
		{"negative cost", rising, 1, Plan{Schedule: Block, Costs: Costs{PerTask: -1}}},
		{"NaN cost", rising, 1, Plan{Schedule: Block, Costs: Costs{Dispatcher: math.NaN()}}},
		{"too many tasks for the groups", Tasks{Seconds: []float64{1, 1}, Group: 2, N: 5}, 1, Plan{Schedule: Block}},
		{"too few tasks for the groups", Tasks{Seconds: []float64{1, 1}, Group: 2, N: 2}, 1, Plan{Schedule: Block}},
		{"negative group", Tasks{Seconds: []float64{1}, Group: -2, N: 1}, 1, Plan{Schedule: Block}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Makespan(c.tasks, c.workers, c.plan); !errors.Is(err, ErrBadInput) {
				t.Errorf("error %v, want ErrBadInput", err)
			}
		})
	}
}

// TestMakespanGroupsOfOne checks that entries of one task each give the
// same replay whether or not they are called groups.
func TestMakespanGroupsOfOne(t *testing.T) {
	for _, s := range Schedules {
		for w := 1; w <= 9; w++ {
			plan := Plan{Schedule: s, Chunk: 3, Costs: Costs{PerTask: 0.125, PerChunk: 0.25}}
			a, errA := Makespan(rising, w, plan)
			b, errB := Makespan(Tasks{Seconds: rising.Seconds, Group: 1, N: 8}, w, plan)
			if errA != nil || errB != nil || a != b {
				t.Errorf("%s P=%d: %v (%v) and %v (%v)", s, w, a, errA, b, errB)
			}
		}
	}
}

func TestPredict(t *testing.T) {
	four := Of([]float64{1, 1, 1, 1})
	c, err := Predict(four, Options{Plan: Plan{Schedule: Block}, T1: 5, Workers: []int{1, 2, 4, 8}, Resamples: 50})
	if err != nil {
		t.Fatal(err)
	}
	want := []Point{
		{Workers: 1, TimeS: 5, Speedup: 1, Bound: 1, Burdened: 5.0 / 7},
		{Workers: 2, TimeS: 3, Speedup: 5.0 / 3, Bound: 2, Burdened: 5.0 / 4.5},
		{Workers: 4, TimeS: 2, Speedup: 2.5, Bound: 2.5, Burdened: 5.0 / 3.25},
		{Workers: 8, TimeS: 2, Speedup: 2.5, Bound: 2.5, Burdened: 5.0 / 2.625},
	}
	for i, w := range want {
		// Every resample of equal tasks is the replay: the band is a line.
		w.TimeLoS, w.TimeHiS, w.SpeedupLo, w.SpeedupHi = w.TimeS, w.TimeS, w.Speedup, w.Speedup
		if !closePoint(c.Points[i], w) {
			t.Errorf("point %d = %+v, want %+v", i, c.Points[i], w)
		}
	}
	wantFig := Figures{WorkS: 5, SpanS: 2, Parallelism: 2.5, BurdenedSpanS: 2, BurdenedParallelism: 2.5}
	if c.Figures != wantFig || c.SerialS != 1 || c.Scale != 1 || c.Tasks != 4 || c.Resamples != 50 ||
		len(c.Warnings) != 0 {
		t.Errorf("curve %+v", c)
	}
}

func closePoint(a, b Point) bool {
	eq := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12 }
	return a.Workers == b.Workers && eq(a.TimeS, b.TimeS) && eq(a.TimeLoS, b.TimeLoS) && eq(a.TimeHiS, b.TimeHiS) &&
		eq(a.Speedup, b.Speedup) && eq(a.SpeedupLo, b.SpeedupLo) && eq(a.SpeedupHi, b.SpeedupHi) &&
		eq(a.Bound, b.Bound) && eq(a.Burdened, b.Burdened)
}

func TestPredictSerialPart(t *testing.T) {
	dyn := Plan{Schedule: Dynamic, Chunk: 2, Costs: Costs{PerChunk: 0.5}}
	for _, c := range []struct {
		name          string
		tasks         Tasks
		opt           Options
		serial, scale float64
		span, burden  float64
		warning       string
	}{
		{"T(1) less the replay", rising, Options{Plan: dyn, T1: 40}, 2, 1, 10, 17.5, ""},
		{"no T(1): the given serial part", rising, Options{Plan: dyn, Serial: 3}, 3, 1, 11, 18.5, ""},
		// (80 − 2 of dispatch) / (36 of tasks + 3 serial) = 2: the tasks
		// and the serial part twice as long, the dispatch costs as they are.
		{"rescaled to T(1)", rising, Options{Plan: dyn, T1: 80, Serial: 3, Rescale: true}, 6, 2, 22, 36.5, ""},
		{"rescaled, T(1) below the dispatch costs", Of([]float64{1, 1}),
			Options{Plan: Plan{Schedule: Block, Costs: Costs{PerChunk: 2}}, T1: 1, Rescale: true}, 0, 1, 1, 3,
			"below the dispatch costs"},
		{"tasks longer than T(1) are scaled", Of([]float64{1, 1}), Options{Plan: Plan{Schedule: Block}, T1: 1.5},
			0, 0.75, 0.75, 0.75, "add up to 33.3% more"},
		{"T(1) below the dispatch costs", Of([]float64{1, 1}), Options{Plan: Plan{Schedule: Block, Costs: Costs{PerChunk: 2}}, T1: 1},
			0, 1, 1, 3, "below the dispatch costs"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cv, err := Predict(c.tasks, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if cv.SerialS != c.serial || cv.Scale != c.scale || cv.SpanS != c.span || cv.BurdenedSpanS != c.burden {
				t.Errorf("serial %v scale %v span %v burdened %v, want %v %v %v %v",
					cv.SerialS, cv.Scale, cv.SpanS, cv.BurdenedSpanS, c.serial, c.scale, c.span, c.burden)
			}
			if got := strings.Join(cv.Warnings, "; "); (c.warning == "") != (got == "") ||
				!strings.Contains(got, c.warning) {
				t.Errorf("warnings %q, want %q", got, c.warning)
			}
			if c.opt.T1 > 0 && c.warning != "below the dispatch costs" &&
				math.Abs(cv.Points[0].TimeS-c.opt.T1) > 1e-12 {
				t.Errorf("predicted T(1) %v, measured %v", cv.Points[0].TimeS, c.opt.T1)
			}
		})
	}
}

func TestPredictRejects(t *testing.T) {
	for _, c := range []struct {
		name string
		opt  Options
	}{
		{"unsorted counts", Options{Plan: Plan{Schedule: Block}, Workers: []int{2, 1}}},
		{"zero workers", Options{Plan: Plan{Schedule: Block}, Workers: []int{0, 1}}},
		{"no counts", Options{Plan: Plan{Schedule: Block}, Workers: []int{}}},
		{"negative T(1)", Options{Plan: Plan{Schedule: Block}, T1: -1}},
		{"infinite serial part", Options{Plan: Plan{Schedule: Block}, Serial: math.Inf(1)}},
		{"unknown schedule", Options{Plan: Plan{Schedule: "x"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Predict(rising, c.opt); !errors.Is(err, ErrBadInput) {
				t.Errorf("error %v, want ErrBadInput", err)
			}
		})
	}
}

// TestPredictBounds checks, on random tasks, costs and schedules, that
// no prediction beats the work and span laws, that the curve starts at
// T(1), and that the band is ordered and the same for the same seed.
func TestPredictBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		n := 1 + rng.IntN(60)
		d := make([]float64, n)
		for i := range d {
			d[i] = rng.ExpFloat64()
		}
		tasks := Of(d)
		if trial%3 == 0 && n > 4 {
			g := 1 + rng.IntN(4)
			tasks = groupsOf(d, g)
		}
		plan := Plan{Schedule: Schedules[rng.IntN(len(Schedules))], Chunk: 1 + rng.IntN(5),
			Costs: Costs{PerTask: rng.Float64() / 100, PerChunk: rng.Float64() / 10, PerWorker: rng.Float64() / 100,
				Dispatcher: float64(rng.IntN(2)) * rng.Float64() / 10}}
		opt := Options{
			Plan:      plan,
			T1:        (1 + rng.Float64()) * (tasks.Sum() + 7),
			Workers:   Grid(64),
			Resamples: 20,
			Seed:      uint64(trial),
		}
		c, err := Predict(tasks, opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range c.Points {
			if p.Speedup > p.Bound*(1+1e-9) {
				t.Fatalf(
					"trial %d, %s P=%d: speedup %v beats the bound %v",
					trial,
					plan.Schedule,
					p.Workers,
					p.Speedup,
					p.Bound,
				)
			}
			if p.TimeLoS > p.TimeHiS || p.SpeedupLo > p.SpeedupHi {
				t.Fatalf(
					"trial %d P=%d: band %v–%v s, speedup %v–%v",
					trial,
					p.Workers,
					p.TimeLoS,
					p.TimeHiS,
					p.SpeedupLo,
					p.SpeedupHi,
				)
			}
		}
		if math.Abs(c.Points[0].TimeS-opt.T1) > 1e-9*opt.T1 {
			t.Fatalf("trial %d: T(1) predicted %v, measured %v", trial, c.Points[0].TimeS, opt.T1)
		}
		again, _ := Predict(tasks, opt)
		if !slices.Equal(c.Points, again.Points) {
			t.Fatalf("trial %d: the same seed gave another band", trial)
		}
	}
}

// groupsOf sums d in groups of g consecutive tasks.
func groupsOf(d []float64, g int) Tasks {
	t := Tasks{Group: g, N: len(d)}
	for i := 0; i < len(d); i += g {
		s := 0.0
		for _, x := range d[i:min(len(d), i+g)] {
			s += x
		}
		t.Seconds = append(t.Seconds, s)
	}
	t.Longest = slices.Max(d)
	return t
}

func TestGrid(t *testing.T) {
	for _, c := range []struct {
		max   int
		extra []int
		want  []int
	}{
		{256, nil, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 23, 27, 32, 38, 45, 54, 64,
			76, 91, 108, 128, 152, 181, 215, 256}},
		{8, []int{12, 3, 0}, []int{1, 2, 3, 4, 5, 6, 7, 8, 12}},
		{20, nil, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20}},
		{0, []int{2}, []int{2}},
	} {
		if got := Grid(c.max, c.extra...); !slices.Equal(got, c.want) {
			t.Errorf("Grid(%d, %v) = %v, want %v", c.max, c.extra, got, c.want)
		}
	}
}

func TestCompare(t *testing.T) {
	plans := []Plan{{Schedule: Block}, {Schedule: Interleave}, {Schedule: Dynamic, Chunk: 1}}
	got, err := Compare(rising, 1, plans, []int{1, 2, 4})
	if err != nil {
		t.Fatal(err)
	}
	want := []Times{
		{Workers: 1, TimesS: []float64{37, 37, 37}, Fastest: 0},
		{Workers: 2, TimesS: []float64{27, 21, 21}, Fastest: 1},
		{Workers: 4, TimesS: []float64{16, 13, 13}, Fastest: 1},
	}
	for i := range want {
		if got[i].Workers != want[i].Workers || !slices.Equal(got[i].TimesS, want[i].TimesS) ||
			got[i].Fastest != want[i].Fastest {
			t.Errorf("at %d workers %+v, want %+v", want[i].Workers, got[i], want[i])
		}
	}
	if _, err := Compare(rising, 0, nil, []int{1}); !errors.Is(err, ErrBadInput) {
		t.Errorf("no plans: %v", err)
	}
	if _, err := Compare(rising, 0, plans, []int{0}); !errors.Is(err, ErrBadInput) {
		t.Errorf("zero workers: %v", err)
	}
}
