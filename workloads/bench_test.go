package workloads

import (
	"syscall"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The benchmarks time the serial algorithms at the sizes of the seed
// documents, whose Python versions took on the seed's machine: π from
// 2,000,000 points 0.22 s; 6 tasks of powern 2.7 s; autocorrelation of 30
// matrices 7.6 s; fft2 of 30 matrices 2.1 ms; determinants of 100,000
// slices 0.21 s. They print only what they measure: the Python times on
// this machine are measured by make bench-seeds, beside them.

// benchSerial builds name at size once and times its Serial. It returns
// the CPU time per operation.
func benchSerial(b *testing.B, name string, size int64, params map[string]string) float64 {
	b.Helper()
	spec, ok := Lookup(name)
	if !ok {
		b.Fatalf("no workload %s", name)
	}
	p, err := spec.Resolve(params)
	if err != nil {
		b.Fatal(err)
	}
	inst, err := spec.New(Config{Size: size, Seed: 1, Params: p})
	if err != nil {
		b.Fatal(err)
	}
	cpu0 := cpuTime()
	for b.Loop() {
		inst.Serial()
	}
	return reportCPU(b, cpu0)
}

// cpuTime is the CPU time of this process so far. On a busy machine the
// CPU time per operation stays near the wall time an idle machine gives.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// reportCPU adds the metric cpu-ns/op, the CPU time per operation since
// cpu0, and returns it.
func reportCPU(b *testing.B, cpu0 int64) float64 {
	b.Helper()
	ns := float64(cpuTime()-cpu0) / float64(b.N)
	b.ReportMetric(ns, "cpu-ns/op")
	return ns
}

func BenchmarkSeedPi(b *testing.B) { benchSerial(b, "pi", 2_000_000, nil) }

// BenchmarkSeedPowern is 6 tasks of the seed: 6·400 powers.
func BenchmarkSeedPowern(b *testing.B) { benchSerial(b, "powern", 6*400, nil) }

// BenchmarkSeedAutocorr2d is the serial reference of autocorr2d, the FFT
// method; BenchmarkSeedAutocorr2dDirect is the direct method of its tasks,
// the algorithm of the seed's correlate2d: like is compared with like.
func BenchmarkSeedAutocorr2d(b *testing.B) { benchSerial(b, "autocorr2d", 30, nil) }

func BenchmarkSeedAutocorr2dDirect(b *testing.B) {
	const n = 30
	in := randomMatrices(1, n)
	s := newACScratch()
	dst := make([]uint32, acSide*acSide)
	cpu0 := cpuTime()
	for b.Loop() {
		for i := range n {
			s.correlateDirect(dst, in[i*matSide*matSide:(i+1)*matSide*matSide])
		}
	}
	reportCPU(b, cpu0)
}

func BenchmarkSeedFFT2(b *testing.B) { benchSerial(b, "fft2", 30, nil) }
func BenchmarkSeedDet(b *testing.B)  { benchSerial(b, "det", 100_000, nil) }

// BenchmarkAutocorrDirect and BenchmarkAutocorrFFT compare the two
// methods on one matrix: Serial uses the faster.
func BenchmarkAutocorrDirect(b *testing.B) { benchAutocorr(b, false) }
func BenchmarkAutocorrFFT(b *testing.B)    { benchAutocorr(b, true) }

func benchAutocorr(b *testing.B, fft bool) {
	m := randomMatrices(1, 1)
	s := newACScratch()
	dst := make([]uint32, acSide*acSide)
	for b.Loop() {
		if err := s.correlate(dst, m, fft); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDetGonumLU is the determinant of one slice with gonum's mat.LU
// on a reused matrix, against BenchmarkDetLU, gonum's dgetrf on a reused
// work area, which det uses.
func BenchmarkDetGonumLU(b *testing.B) {
	in := seedDetSlice()
	a := mat.NewDense(detN, detN, nil)
	var lu mat.LU
	for b.Loop() {
		for i, v := range in {
			a.Set(i/detN, i%detN, float64(int8(v)))
		}
		lu.Factorize(a)
		_ = lu.Det()
	}
}

func BenchmarkDetLU(b *testing.B) {
	in := seedDetSlice()
	var w detWork
	for b.Loop() {
		_ = detOf(&w, in)
	}
}

func seedDetSlice() []byte {
	inst, err := newDet(Config{Size: detTasks, Seed: 1})
	if err != nil {
		panic(err)
	}
	return inst.(*det).input[:detN*detN]
}

// BenchmarkFFT2Gonum is BenchmarkSeedFFT2 with gonum's dsp/fourier, one
// row or column at a time, plans and buffers reused: the library the
// workload's batched transform replaced, and the tests' oracle.
func BenchmarkFFT2Gonum(b *testing.B) {
	const n = 30
	in := randomMatrices(1, n)
	g := newRFFT2(matSide, matSide)
	f := make([]float64, matSide*matSide)
	full := make([]complex128, matSide*matSide)
	cpu0 := cpuTime()
	for b.Loop() {
		for i := range n {
			for k, v := range in[i*matSide*matSide : (i+1)*matSide*matSide] {
				f[k] = float64(v)
			}
			g.forward(f)
			g.full(full)
			_ = spectrumDigest(full)
		}
	}
	reportCPU(b, cpu0)
}
