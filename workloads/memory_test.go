package workloads

import (
	"math"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// testMemory reads the memory files of testdata/memory: meminfo names a
// meminfo file there, dir a folder with a cgroup file and an fs tree.
func testMemory(meminfo, dir string) memoryFiles {
	d := filepath.Join("testdata", "memory")
	return memoryFiles{
		meminfo: filepath.Join(d, meminfo),
		cgroup:  filepath.Join(d, dir, "cgroup"),
		root:    filepath.Join(d, dir, "fs"),
	}
}

func TestAvailable(t *testing.T) {
	for _, tc := range []struct {
		meminfo, dir string
		want         int64
		source       string
	}{
		// The parent's limit of 4 GiB, 1 GiB used of which 256 MiB is
		// inactive file cache; its child has no limit.
		{"meminfo", "v2", 4<<30 - 1<<30 + 256<<20, "testdata/memory/v2/fs/user.slice/memory.max"},
		{"meminfo-small", "v2", 1 << 30, "MemAvailable in testdata/memory/meminfo-small"},
		{"none", "v2", 4<<30 - 1<<30 + 256<<20, "testdata/memory/v2/fs/user.slice/memory.max"},
		{"meminfo", "v1", 1 << 30, "testdata/memory/v1/fs/memory/docker/abc/memory.limit_in_bytes"},
		{"meminfo", "unlimited", 20 << 30, "MemAvailable in testdata/memory/meminfo"},
		{"meminfo", "none", 20 << 30, "MemAvailable in testdata/memory/meminfo"},
		{"none", "none", -1, "unknown"},
	} {
		got, source := testMemory(tc.meminfo, tc.dir).available()
		if got != tc.want || source != tc.source {
			t.Errorf("%s, %s: %d (%s), want %d (%s)", tc.meminfo, tc.dir, got, source, tc.want, tc.source)
		}
	}
}

func footprint(t *testing.T, name string, size int64, params map[string]string) Footprint {
	t.Helper()
	spec, _ := Lookup(name)
	p, err := spec.Resolve(params)
	if err != nil {
		t.Fatal(err)
	}
	fp, err := spec.Memory(Config{Size: size, Seed: 1, Params: p})
	if err != nil {
		t.Fatal(err)
	}
	return fp
}

func TestFootprintExact(t *testing.T) {
	for _, tc := range []struct {
		name    string
		size    int64
		params  map[string]string
		workers int
		want    int64
	}{
		{"sum", 1 << 30, nil, 8, 1 << 30},
		{"det", 240, nil, 4, 240 * (100 + 16)},
		// 640 matrices of 10,000 bytes and two digests; per worker the
		// complex128 spectrum, the packed columns (100×50) and the half
		// spectrum (100×51), each twice.
		{"fft2", 640, nil, 2, 640*10_016 + 2*(10_000*16+2*16*(100*50+100*51))},
		// per worker: the result, the direct method's matrix and pairs (100×113
		// uint64), the FFT's two padded arrays and gonum's half spectrum.
		{"autocorr2d", 16, nil, 1, 16*(10_000+8*199*199+16) + 4*199*199 + 8*(10_000+100*113) + 16*200*200 + 16*(200*101+200)},
		{"outer", 24, map[string]string{"outer-n": "2000"}, 4, 24*24 + 4*8*2000*2001},
		{"images", 64, nil, 2, 64*(320*240*6+16) + 2*320*240*4},
		// per worker: a task of 3 rows and a row of steps, a cache line either side.
		{"rowgrid", 460_000, nil, 3, 16*46*10 + 48*16 + 3*(8*(3+1)*10+2*64)},
		{"noop", 1000, nil, 2, 16_000},
		{"sleep", 1000, nil, 2, 16_000},
		{"faulty", 100, map[string]string{"task-bytes": "64"}, 2, 100 * (8 + 64 + 17)},
	} {
		if got := footprint(t, tc.name, tc.size, tc.params).Bytes(tc.workers); got != tc.want {
			t.Errorf("%s at %d on %d workers: %d bytes, want %d", tc.name, tc.size, tc.workers, got, tc.want)
		}
	}
}

func TestFootprintSaturates(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fp      Footprint
		workers int
	}{
		{"sum at 2^63-1", footprint(t, "sum", math.MaxInt64, nil), 1},
		{"det at 2^62", footprint(t, "det", 1<<62, nil), 1},
		{"outer on 2^40 workers", footprint(t, "outer", 24, map[string]string{"outer-n": "40000"}), 1 << 40},
		{"fixed plus workers", Footprint{Fixed: math.MaxInt64 - 1, PerWorker: 2}, 1},
	} {
		if got := tc.fp.Bytes(tc.workers); got != math.MaxInt64 {
			t.Errorf("%s: %d, want %d", tc.name, got, int64(math.MaxInt64))
		}
	}
	if got := (Footprint{Fixed: -5, PerWorker: 3}).Bytes(0); got != 3 {
		t.Errorf("a negative size and 0 workers: %d, want 3 (one worker)", got)
	}
}

func TestCheckMemory(t *testing.T) {
	mem := testMemory("meminfo", "none") // 20 GiB available
	outer, _ := Lookup("outer")
	params, err := outer.Resolve(map[string]string{"outer-n": "40000"})
	if err != nil {
		t.Fatal(err)
	}
	c := Config{Size: 24, Params: params}
	err = mem.checkMemory(outer, c, 8)
	want := `outer: --size "24": needs about 95.4 GiB of memory on 8 workers with --outer-n 40000, 20.0 GiB available (MemAvailable in testdata/memory/meminfo)`
	if err == nil || err.Error() != want || !IsUsage(err) {
		t.Errorf("CheckMemory = %v, want the usage error %q", err, want)
	}
	if err := mem.checkMemory(outer, c, 1); err != nil {
		t.Errorf("one worker (11.9 GiB): %v", err)
	}
	c.Params = map[string]string{"outer-n": "x"}
	if err := mem.checkMemory(outer, c, 1); !IsUsage(err) {
		t.Errorf("a bad outer-n: %v, want a usage error", err)
	}
	pi, _ := Lookup("pi")
	if err := mem.checkMemory(pi, Config{Size: math.MaxInt64}, 1); err != nil {
		t.Errorf("pi has no estimate: %v", err)
	}
	// No machine has an exbibyte to spare.
	sum, _ := Lookup("sum")
	if avail, _ := Available(); avail >= 0 {
		err := CheckMemory(sum, Config{Size: 1 << 60}, 1)
		if err == nil || !IsUsage(err) ||
			!strings.HasPrefix(err.Error(), `sum: --size "1152921504606846976": needs about 1.0 EiB of memory, `) {
			t.Errorf("CheckMemory(sum, 2^60) = %v", err)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB", 20 << 30: "20.0 GiB",
		8 << 40: "8.0 TiB", math.MaxInt64: "8.0 EiB"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestNewRefusesOverflow: sizes and parameters whose arrays cannot be
// allocated are usage errors, not panics.
func TestNewRefusesOverflow(t *testing.T) {
	for _, tc := range []struct {
		name   string
		size   int64
		params map[string]string
	}{
		{"faulty", 1 << 24, map[string]string{"task-bytes": "1099511627776"}},
		{"powern", math.MaxInt64, nil},
		{"rowgrid", math.MaxInt64, map[string]string{"rows": "1048576", "cols": "1048576"}},
	} {
		spec, _ := Lookup(tc.name)
		p, err := spec.Resolve(tc.params)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := spec.New(Config{Size: tc.size, Params: p}); !IsUsage(err) {
			t.Errorf("%s at %d with %v: %v, want a usage error", tc.name, tc.size, tc.params, err)
		}
	}
}

// TestFootprintCoversNew compares the estimate with the memory that an
// instance holds once New returns.
func TestFootprintCoversNew(t *testing.T) {
	for _, tc := range []struct {
		name   string
		size   int64
		params map[string]string
	}{
		{"sum", 8 << 20, nil}, {"det", 100_000, nil}, {"fft2", 500, nil}, {"autocorr2d", 50, nil},
		{"noop", 100_000, nil}, {"cbrt", 100_000, nil}, {"sleep", 100_000, nil}, {"outer", 100_000, nil}, {"rowgrid", 1 << 24, map[string]string{"rows": "1000", "cols": "1000"}},
	} {
		spec, _ := Lookup(tc.name)
		p, err := spec.Resolve(tc.params)
		if err != nil {
			t.Fatal(err)
		}
		c := Config{Size: tc.size, Seed: 1, Params: p}
		fp, err := spec.Memory(c)
		if err != nil {
			t.Fatal(err)
		}
		// Two collections empty the sync.Pools' victim caches too.
		var before, after runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&before)
		inst, err := spec.New(c)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&after)
		if live := int64(after.HeapAlloc) - int64(before.HeapAlloc); live < fp.Fixed*9/10-1<<16 ||
			live > fp.Fixed*11/10+1<<16 {
			t.Errorf("%s at %d: New holds %d bytes, the estimate is %d", tc.name, tc.size, live, fp.Fixed)
		}
		if cl, ok := inst.(interface{ Close() error }); ok {
			if err := cl.Close(); err != nil {
				t.Error(err)
			}
		}
	}
}

// allocated is the number of bytes f allocates on the heap.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
