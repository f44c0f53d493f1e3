package workloads

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
)

// catalogCase is one workload at a size small enough for tests under the
// race detector.
type catalogCase struct {
	name   string
	size   int64
	params map[string]string
	seeded bool // the input depends on the seed
	// heavy cases take seconds under the race detector: they run one
	// parallel pass there and leave the kernel path to a lighter case.
	heavy bool
}

// raceEnabled is set by race_test.go when the race detector is on.
var raceEnabled bool

var catalog = []catalogCase{
	{name: "pi", size: 24_000}, // the seed reaches the kernel through Config, not the input
	{name: "synthetic", size: 2_400},
	{name: "powern", size: 48, seeded: true},
	{name: "autocorr2d", size: 3, seeded: true, heavy: true},
	{name: "autocorr2d", size: 5, params: map[string]string{"autocorr-method": "fft"}, seeded: true},
	{name: "fft2", size: 7, seeded: true},
	{name: "det", size: 2_000, seeded: true},
	{name: "sum", size: 8 * 10_000, seeded: true},
	{name: "cbrt", size: 3_000, seeded: true},
	{name: "rowgrid", size: 46 * 10 * 1_000},
	{name: "rowgrid", size: 10 * 10 * 100, params: map[string]string{"rows": "10"}},
	{
		name:   "rowgrid",
		size:   55 * 100,
		params: map[string]string{"rows": "10", "shape": "triangle", "rows-per-task": "1"},
	},
	{name: "counter", size: 20_000, params: map[string]string{"variant": "mutex"}},
	{name: "counter", size: 20_000, params: map[string]string{"variant": "atomic"}},
	{name: "counter", size: 20_000, params: map[string]string{"variant": "local"}},
	{name: "sleep", size: 6, params: map[string]string{"sleep": "1ms"}},
	{name: "waitrows", size: 6, params: map[string]string{"row-wait": "100us"}},
	{name: "images", size: 5, seeded: true},
	{name: "outer", size: 5, params: map[string]string{"outer-n": "50"}, seeded: true},
	{name: "noop", size: 1_000},
}

func (c catalogCase) label() string {
	l := c.name
	for _, k := range slices.Sorted(maps.Keys(c.params)) {
		l += "/" + k + "=" + c.params[k]
	}
	return l
}

// build makes an instance of c with seed, closing it when the test ends.
func (c catalogCase) build(t *testing.T, seed uint64) (*Spec, Instance) {
	t.Helper()
	spec, ok := Lookup(c.name)
	if !ok {
		t.Fatalf("workload %s is not registered", c.name)
	}
	params, err := spec.Resolve(c.params)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := spec.New(Config{Size: c.size, Seed: seed, Params: params})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if cl, ok := inst.(io.Closer); ok {
		t.Cleanup(func() {
			if err := cl.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
	}
	return spec, inst
}

// parallelPass runs one pass on p goroutines, task i on worker i mod p.
func parallelPass(inst Instance, p int) {
	inst.Begin(p)
	var wg sync.WaitGroup
	for w := range p {
		wg.Go(func() {
			for t := w; t < inst.Tasks(); t += p {
				inst.Run(w, t)
			}
		})
	}
	wg.Wait()
	inst.End()
}

// kernelPass runs one pass the way the process executors do: every task's
// input bytes through the kernel, every result through SetResult.
func kernelPass(t *testing.T, spec *Spec, cfg Config, inst Portable, p int) {
	t.Helper()
	k, err := spec.Kernel(cfg)
	if err != nil {
		t.Fatalf("Kernel: %v", err)
	}
	inst.Begin(p)
	for task := range inst.Tasks() {
		off, n := inst.TaskInput(task)
		out, err := k(inst.Input()[off:off+n], nil)
		if err != nil {
			t.Fatalf("kernel, task %d: %v", task, err)
		}
		if len(out) > inst.MaxResult() {
			t.Fatalf("task %d: result of %d bytes exceeds MaxResult %d", task, len(out), inst.MaxResult())
		}
		if err := inst.SetResult(task, out); err != nil {
			t.Fatalf("SetResult(%d): %v", task, err)
		}
	}
	inst.End()
}

func TestCatalogVerifies(t *testing.T) {
	for _, c := range catalog {
		t.Run(c.label(), func(t *testing.T) {
			_, inst := c.build(t, 1)
			if inst.Tasks() < 3 {
				t.Fatalf("%d tasks: the test needs at least 3", inst.Tasks())
			}
			inst.Serial()
			ps := []int{1, 2, 3}
			if c.heavy && raceEnabled {
				ps = []int{3}
			}
			for _, p := range ps {
				parallelPass(inst, p)
				if err := inst.Verify(); err != nil {
					t.Errorf("P=%d: %v", p, err)
				}
			}
		})
	}
}

func TestCatalogKernels(t *testing.T) {
	for _, c := range catalog {
		t.Run(c.label(), func(t *testing.T) {
			if c.heavy && raceEnabled {
				t.Skip("heavy under the race detector; the kernel path is covered by the lighter cases")
			}
			spec, inst := c.build(t, 3)
			port, ok := inst.(Portable)
			if spec.Kernel == nil || !ok {
				if spec.Supports("processes") {
					t.Fatalf("%s has no kernel but claims every executor", c.name)
				}
				t.Skipf("%s runs on %v only: %s", c.name, spec.Executors, spec.Why)
			}
			params, _ := spec.Resolve(c.params)
			cfg := Config{Size: c.size, Seed: 3, Params: params}
			inst.Serial()
			kernelPass(t, spec, cfg, port, 2)
			if err := inst.Verify(); err != nil {
				t.Fatalf("kernel pass: %v", err)
			}
			// A worker that returns a wrong answer for one task must fail the
			// pass, at SetResult or at Verify.
			parallelPass(inst, 2)
			k, _ := spec.Kernel(cfg)
			off, n := port.TaskInput(0)
			out, err := k(port.Input()[off:off+n], nil)
			if err != nil {
				t.Fatal(err)
			}
			out[0] ^= 1
			if err := port.SetResult(0, out); err != nil {
				return
			}
			inst.End()
			if err := inst.Verify(); err == nil {
				t.Errorf("a corrupted result for task 0 verified")
			}
		})
	}
}

// fingerprint hashes what an instance computes from: its input bytes, the
// generated files of images, or the serial answers of outer.
func fingerprint(t *testing.T, inst Instance) [32]byte {
	t.Helper()
	h := sha256.New()
	switch x := inst.(type) {
	case *images:
		for _, f := range x.files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			h.Write(b)
		}
	case *outer:
		x.Serial()
		for _, v := range x.serial {
			h.Write(PutU64s(nil, uint64(v*1e15)))
		}
	case Portable:
		h.Write(x.Input())
	default:
		t.Skipf("%T has no input to compare", inst)
	}
	return [32]byte(h.Sum(nil))
}

func TestCatalogDeterministic(t *testing.T) {
	for _, c := range catalog {
		t.Run(c.label(), func(t *testing.T) {
			_, a := c.build(t, 7)
			_, b := c.build(t, 7)
			_, d := c.build(t, 8)
			fa, fb, fd := fingerprint(t, a), fingerprint(t, b), fingerprint(t, d)
			if fa != fb {
				t.Errorf("two instances from one Config differ")
			}
			if c.seeded && fa == fd {
				t.Errorf("seeds 7 and 8 give the same input")
			}
		})
	}
}

// corruptCounter adds one to the parallel answer.
func TestCounterCorrupt(t *testing.T) {
	for _, v := range []string{"mutex", "atomic", "local", "lost-update"} {
		t.Run(v, func(t *testing.T) {
			_, inst := catalogCase{name: "counter", size: 1_000, params: map[string]string{"variant": v}}.build(t, 1)
			inst.Serial()
			parallelPass(inst, 1)
			if err := inst.Verify(); err != nil {
				t.Fatalf("P=1: %v", err)
			}
			inst.(*counter).total--
			err := inst.Verify()
			if err == nil || err.Error() != "counter: 999 of 1000 increments counted: 1 updates lost" {
				t.Errorf("Verify = %v", err)
			}
		})
	}
}

// TestCounterLostUpdate runs the racy variant on truly parallel workers:
// the race detector must stay quiet, updates must be lost, and the error
// says how many. The workers start together (togetherPass), so on two or
// more CPUs their read-modify-write loops overlap; a few passes make a
// pass without a lost update no excuse. With one CPU the test cannot
// tell, and says so.
func TestCounterLostUpdate(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("inconclusive: one CPU runs one worker at a time, so no update can be lost")
	}
	_, inst := catalogCase{
		name:   "counter",
		size:   2_000_000,
		params: map[string]string{"variant": "lost-update"},
	}.build(
		t,
		1,
	)
	inst.Serial()
	re := regexp.MustCompile(`^counter: (\d+) of 2000000 increments counted: (\d+) updates lost$`)
	const attempts = 5
	for _, p := range []int{2, 4} {
		lost := false
		for range attempts {
			togetherPass(inst, p)
			err := inst.Verify()
			if err == nil {
				continue
			}
			if !re.MatchString(err.Error()) {
				t.Errorf("P=%d: Verify = %q, want %s", p, err, re)
			}
			lost = true
			break
		}
		if !lost {
			t.Errorf("P=%d: no update lost in %d passes of workers started together", p, attempts)
		}
	}
}

// togetherPass is parallelPass with a start line: every worker spins until
// all have arrived, so that their tasks run at the same time. A worker
// spins without yielding while there is a CPU for each, so that the others
// must start on other CPUs rather than after it on its own.
func togetherPass(inst Instance, p int) {
	inst.Begin(p)
	yield := p > runtime.GOMAXPROCS(0)
	var arrived atomic.Int32
	var wg sync.WaitGroup
	for w := range p {
		wg.Go(func() {
			arrived.Add(1)
			for arrived.Load() < int32(p) {
				if yield {
					runtime.Gosched()
				}
			}
			for t := w; t < inst.Tasks(); t += p {
				inst.Run(w, t)
			}
		})
	}
	wg.Wait()
	inst.End()
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	mixed := filepath.Join(dir, "mixed")
	broken := filepath.Join(dir, "broken")
	for _, d := range []string{empty, mixed, broken} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(empty, "notes.txt"), []byte("no images"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeTestPNG(t, filepath.Join(mixed, "a.png"), 4, 3)
	writeTestPNG(t, filepath.Join(mixed, "b.png"), 5, 3)
	writeTestPNG(t, filepath.Join(broken, "a.png"), 4, 3)
	if err := os.WriteFile(filepath.Join(broken, "b.png"), []byte("not a png"), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		size   int64
		params map[string]string
		usage  bool   // a *ParamError
		want   string // regexp the error must match
	}{
		{"counter", 1000, map[string]string{"variant": "racy"}, true, `--variant "racy": one of`},
		{"counter", 10, nil, true, `--size "10": at least 100`},
		{"images", 4, map[string]string{"dir": filepath.Join(dir, "missing")}, true, `--dir .*: an existing folder`},
		{"images", 4, map[string]string{"dir": empty}, true, `--dir .*: a folder holding at least one .png`},
		{"images", 4, map[string]string{"dir": mixed}, false, `^images: .*b\.png is 5×3, but .*a\.png is 4×3`},
		{"images", 4, map[string]string{"dir": broken}, false, `^images: .*b\.png: png: invalid format`},
		{"sleep", 4, map[string]string{"sleep": "soon"}, true, `--sleep "soon"`},
		{"outer", 4, map[string]string{"outer-n": "0"}, true, `--outer-n "0"`},
		{"rowgrid", 1000, map[string]string{"rows": "-1"}, true, `--rows "-1"`},
		{"rowgrid", 1000, map[string]string{"rows-per-task": "200"}, true, `--rows-per-task "200"`},
		{"rowgrid", 10, nil, true, `--size "10": at least 460`},
		{"powern", 5, nil, true, `--size "5"`},
		{"det", 100, nil, true, `--size "100"`},
		{"sum", 1001, nil, true, `--size "1001": a multiple of 8`},
		{
			"autocorr2d",
			4,
			map[string]string{"autocorr-method": "winograd"},
			true,
			`--autocorr-method "winograd": one of direct, fft`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.want, func(t *testing.T) {
			spec, _ := Lookup(tt.name)
			params, err := spec.Resolve(tt.params)
			if err == nil {
				var inst Instance
				inst, err = spec.New(Config{Size: tt.size, Seed: 1, Params: params})
				if cl, ok := inst.(io.Closer); ok {
					cl.Close()
				}
			}
			if err == nil {
				t.Fatal("no error")
			}
			if IsUsage(err) != tt.usage {
				t.Errorf("IsUsage(%v) = %v, want %v", err, IsUsage(err), tt.usage)
			}
			if !regexp.MustCompile(tt.want).MatchString(err.Error()) {
				t.Errorf("error %q does not match %q", err, tt.want)
			}
		})
	}
}

func TestImagesCloseRemovesFolder(t *testing.T) {
	_, inst := catalogCase{name: "images", size: 2}.build(t, 1)
	dir := inst.(*images).tmp
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
	if err := inst.(io.Closer).Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s still exists after Close (%v)", dir, err)
	}
}

func TestImagesFromDir(t *testing.T) {
	dir := t.TempDir()
	writeTestPNG(t, filepath.Join(dir, "a.png"), 4, 3)
	writeTestPNG(t, filepath.Join(dir, "b.PNG"), 4, 3)
	_, inst := catalogCase{name: "images", size: 5, params: map[string]string{"dir": dir}}.build(t, 1)
	im := inst.(*images)
	if im.w != 4 || im.h != 3 || len(im.files) != 5 || im.files[2] != im.files[0] {
		t.Fatalf("images %d×%d, files %v", im.w, im.h, im.files)
	}
	inst.Serial()
	parallelPass(inst, 2)
	if err := inst.Verify(); err != nil {
		t.Fatal(err)
	}
	// The pixel (1, 2) of a test image is (1, 2, 3).
	if got := im.slot(im.data, 1)[3*(2*4+1):][:3]; !bytes.Equal(got, []byte{1, 2, 3}) {
		t.Errorf("pixel (1, 2) of b.PNG = %v, want [1 2 3]", got)
	}
}

func TestOuterNote(t *testing.T) {
	_, inst := catalogCase{name: "outer", size: 4, params: map[string]string{"outer-n": "8"}}.build(t, 1)
	parallelPass(inst, 1)
	if got, want := inst.(Noter).Note(), "up to 1 matrices of 0.0 MiB alive at once (0 MiB)"; got != want {
		t.Errorf("Note = %q, want %q", got, want)
	}
}

// TestRowgridTriangle checks the cells of a triangle: row r of a 4×4
// triangle has its cells from column r on, 10 in all, and the cells
// before them stay zero.
func TestRowgridTriangle(t *testing.T) {
	if got := (span{n: 4, cols: 4, rows: 4, shape: triangle}).cells(); got != 10 {
		t.Errorf("a 4×4 triangle has %d cells, want 10", got)
	}
	if got := (span{n: 3, cols: 6, rows: 3, shape: triangle}).cells(); got != 6+4+2 {
		t.Errorf("a triangle of 3 rows and 6 columns has %d cells, want 12", got)
	}
	_, inst := catalogCase{
		name: "rowgrid",
		size: 10 * 3,
		params: map[string]string{"rows": "4", "cols": "4", "shape": "triangle",
			"rows-per-task": "2"},
	}.build(
		t,
		1,
	)
	g := inst.(*rowgrid)
	g.Serial()
	if g.incs != 3 {
		t.Errorf("%d increments a cell, want 3 (30 updates of 10 cells)", g.incs)
	}
	for r := range 4 {
		for c := range 4 {
			if zero := g.serial[4*r+c] == 0; zero != (c < r || r+c == 0) { // cell (0, 0) adds 0
				t.Errorf("cell (%d, %d) = %g", r, c, g.serial[4*r+c])
			}
		}
	}
	if got, want := g.Note(), "2 tasks of 2 rows of a triangle"; got != want {
		t.Errorf("Note = %q, want %q", got, want)
	}
}

// TestRowgridParabola checks the cells of a parabola: row r of rows×cols
// has the last cols·(1 − r/rows)² columns, rounded down, so that a 4×4
// one has 4, 2, 1 and 0 cells; a row without cells is left alone, and
// the tasks give the serial run's grid.
func TestRowgridParabola(t *testing.T) {
	if got := (span{n: 4, cols: 4, rows: 4, shape: parabola}).cells(); got != 4+2+1+0 {
		t.Errorf("a 4×4 parabola has %d cells, want 7", got)
	}
	if got := (span{row: 5, n: 5, cols: 100, rows: 10, shape: parabola}).cells(); got != 25+16+9+4+1 {
		t.Errorf("the last 5 rows of a 10×100 parabola have %d cells, want 55", got)
	}
	_, inst := catalogCase{
		name:   "rowgrid",
		size:   7 * 3,
		params: map[string]string{"rows": "4", "cols": "4", "shape": "parabola", "rows-per-task": "1"},
	}.build(t, 2)
	g := inst.(*rowgrid)
	g.Serial()
	g.Begin(2)
	for task := range g.Tasks() {
		g.Run(task%2, task)
	}
	if err := g.Verify(); err != nil {
		t.Error(err)
	}
	if g.serial[15] != 0 || g.serial[3] == 0 {
		t.Errorf("the last row holds %g, the first row's last cell %g", g.serial[15], g.serial[3])
	}
}

func TestRowgridNote(t *testing.T) {
	for rows, want := range map[string]string{
		"10": "3 tasks of 3 rows and one of 1",
		"46": "15 tasks of 3 rows and one of 1",
		"9":  "3 tasks of 3 rows",
	} {
		_, inst := catalogCase{
			name:   "rowgrid",
			size:   1000,
			params: map[string]string{"rows": rows, "cols": "2"},
		}.build(
			t,
			1,
		)
		if got := inst.(Noter).Note(); got != want {
			t.Errorf("rows %s: Note = %q, want %q", rows, got, want)
		}
	}
}

// TestQuickSizes checks that every workload's quick size has at least 16
// tasks, so that the default sweep (up to 4× the CPU count) has a task
// for every worker on machines of up to 4 CPUs.
func TestQuickSizes(t *testing.T) {
	for _, spec := range All() {
		t.Run(spec.Name, func(t *testing.T) {
			if spec.Quick >= spec.Full {
				t.Errorf("quick size %d is not below the full size %d", spec.Quick, spec.Full)
			}
			var tasks int
			switch spec.Name {
			case "sum": // building it allocates the quick size, 256 MiB
				tasks = sumTasks
			case "images": // building it writes the files; one task per image
				tasks = int(spec.Quick)
			default:
				params, err := spec.Resolve(nil)
				if err != nil {
					t.Fatal(err)
				}
				inst, err := spec.New(Config{Size: spec.Quick, Seed: 1, Params: params})
				if err != nil {
					t.Fatal(err)
				}
				tasks = inst.Tasks()
			}
			if tasks < 16 {
				t.Errorf("%d tasks at the quick size %d, want at least 16", tasks, spec.Quick)
			}
		})
	}
}

// TestKernelsReuseBuffers checks that the kernels of the small-task
// workloads allocate nothing per task once warm (the FFT plans, buffers
// and LU work array are reused).
func TestKernelsReuseBuffers(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items at random")
	}
	for _, c := range []catalogCase{{name: "fft2", size: 3}, {name: "det", size: 480}, {name: "autocorr2d", size: 3, params: map[string]string{"autocorr-method": "fft"}}, {name: "sum", size: 8 * 480}, {name: "cbrt", size: 480}} {
		t.Run(c.label(), func(t *testing.T) {
			spec, inst := c.build(t, 1)
			params, _ := spec.Resolve(c.params)
			k, err := spec.Kernel(Config{Size: c.size, Seed: 1, Params: params})
			if err != nil {
				t.Fatal(err)
			}
			port := inst.(Portable)
			off, n := port.TaskInput(1)
			in := port.Input()[off : off+n]
			out := make([]byte, 0, port.MaxResult())
			if a := testing.AllocsPerRun(20, func() { out, _ = k(in, out[:0]) }); a != 0 {
				t.Errorf("%v allocations per task", a)
			}
		})
	}
}
