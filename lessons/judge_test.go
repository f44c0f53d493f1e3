package lessons

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/results"
)

// recorded reads the result files of lesson name recorded on a 2-CPU
// machine (testdata/2cpu, written by scalebench lessons --quick), by
// experiment.
func recorded(t *testing.T, name string) (Lesson, map[string]*results.Document) {
	t.Helper()
	ls, err := Select(Catalog(Sizes{Quick: true, CPUs: 2}), []string{name})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]*results.Document{}
	for _, e := range ls[0].Experiments {
		doc, err := results.ReadFile(filepath.Join("testdata", "2cpu", "run-"+name+"-"+e.Name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		docs[e.Name] = doc
	}
	return ls[0], docs
}

// dataOf analyses docs in the order of l's experiments for cpus CPUs.
func dataOf(l Lesson, docs map[string]*results.Document, cpus int) Data {
	d := Data{CPUs: cpus}
	for _, e := range l.Experiments {
		d.Add(e, docs[e.Name])
	}
	return d
}

// series returns the series of doc that match, all of them for "".
// A match names an executor, a schedule or a variant.
func series(doc *results.Document, match string) []*results.Series {
	var out []*results.Series
	for i := range doc.Series {
		s := &doc.Series[i]
		if match == "" || s.Executor == match || s.Schedule == match || s.Params["variant"] == match {
			out = append(out, s)
		}
	}
	return out
}

// pointAt returns the point at p workers of s, added as a copy of the last
// point when there is none.
func pointAt(s *results.Series, p int) *results.Point {
	for i := range s.Points {
		if s.Points[i].Workers == p {
			return &s.Points[i]
		}
	}
	pt := s.Points[len(s.Points)-1]
	pt.Workers, pt.Oversubscribed = p, false
	s.Points = append(s.Points, pt)
	return &s.Points[len(s.Points)-1]
}

// tight sets the point at p of the matching series to five samples
// within 0.1% of the one-worker median divided by ratio: a speedup of
// ratio with hardly any noise. The point at 1 is made as tight.
func tight(doc *results.Document, match string, p int, ratio float64) {
	for _, s := range series(doc, match) {
		one := pointAt(s, 1)
		m := medianOf(one.SamplesS)
		one.SamplesS = around(m)
		pointAt(s, p).SamplesS = around(m / ratio)
	}
}

func around(m float64) []float64 {
	return []float64{m, m * 1.001, m * 0.999, m * 1.0005, m * 0.9995}
}

// outcomeCase is one judgement of recorded data, changed by edit. The
// data are judged as recorded, with the passes others disturbed and the
// CPUs they kept busy, when raw is set; otherwise as if no other process
// had run (busyEdit and disturbedEdit put them back).
type outcomeCase struct {
	name   string
	lesson string
	cpus   int
	raw    bool
	edit   func(docs map[string]*results.Document, d *Data)
	want   Outcome
	reason string // a part of the reason
}

func runCases(t *testing.T, cases []outcomeCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.lesson+"/"+c.name, func(t *testing.T) {
			l, docs := recorded(t, c.lesson)
			cpus := c.cpus
			if cpus == 0 {
				cpus = 2
			}
			if !c.raw {
				undisturbed(docs)
			}
			var d Data
			if c.edit != nil {
				c.edit(docs, &d) // d is only set for Missing; the docs first
			}
			missing := d.Missing
			renumber(docs)
			d = dataOf(l, docs, cpus)
			d.Missing = missing
			j := Judge(l, d, nil)
			if j.Outcome != c.want || !strings.Contains(j.Reason, c.reason) {
				t.Errorf("got %s: %s\nwant %s containing %q", j.Outcome, j.Reason, c.want, c.reason)
			}
			if j.Outcome != Inconclusive && (len(j.Numbers) == 0 || len(j.Thresholds) == 0) {
				t.Errorf("a verdict without the numbers or thresholds behind it: %+v", j.Verdict)
			}
		})
	}
}

// renumber gives the samples an edit set the rounds 0, 1, …, so that
// they pair with the samples of the same rounds of other points.
func renumber(docs map[string]*results.Document) {
	fix := func(samples []float64, p *results.Passes) {
		if len(p.Rounds) != len(samples) {
			p.Rounds, p.Ledger = make([]int, len(samples)), nil
			for i := range p.Rounds {
				p.Rounds[i] = i
			}
		}
	}
	for _, doc := range docs {
		for i := range doc.Series {
			s := &doc.Series[i]
			if s.Serial != nil {
				fix(s.Serial.SamplesS, &s.Serial.Passes)
			}
			for j := range s.Points {
				fix(s.Points[j].SamplesS, &s.Points[j].Passes)
			}
		}
	}
}

// undisturbed drops from docs what other processes did: the disturbed
// passes and the CPUs they kept busy.
func undisturbed(docs map[string]*results.Document) {
	for _, doc := range docs {
		doc.Env.CPUs.Busy = 0
		for i := range doc.Series {
			s := &doc.Series[i]
			if s.Serial != nil {
				s.Serial.Disturbed = nil
			}
			for j := range s.Points {
				s.Points[j].Disturbed = nil
			}
		}
	}
}

func busyEdit(docs map[string]*results.Document, _ *Data) {
	for _, doc := range docs {
		doc.Env.CPUs.Busy = 1
	}
}

// disturbedEdit marks half as many passes as every point has samples as
// disturbed by other processes using 1.5 CPUs: a third of the passes,
// so that the series' conclusions do not hold.
func disturbedEdit(docs map[string]*results.Document, _ *Data) {
	for _, doc := range docs {
		for i := range doc.Series {
			for j := range doc.Series[i].Points {
				p := &doc.Series[i].Points[j]
				for k := range (len(p.SamplesS) + 1) / 2 {
					p.Disturbed = append(p.Disturbed, results.Disturbed{Seconds: 1, Round: k,
						Ledger: &results.Ledger{OthersCPUS: 1.5}, Why: "other processes used 1.5 CPUs beside it"})
				}
			}
		}
	}
}

// both applies every edit in turn.
func both(edits ...func(map[string]*results.Document, *Data)) func(map[string]*results.Document, *Data) {
	return func(docs map[string]*results.Document, d *Data) {
		for _, e := range edits {
			e(docs, d)
		}
	}
}

// spread sets the point at p of the matching series to samples around
// the one-worker median divided by ratio, spread by a factor of two
// either way: an interval too wide to decide anything.
func spread(doc *results.Document, match string, p int, ratio float64) {
	for _, s := range series(doc, match) {
		m := medianOf(pointAt(s, 1).SamplesS) / ratio
		pointAt(s, p).SamplesS = []float64{m / 2, m * 2, m, m / 1.5, m * 1.5}
	}
}

// absolute sets the serial reference and the point at 1 of the matching
// series to 50 ms and the point at p to 50 ms / ratio, all tight: a
// speed of ratio against the serial algorithm.
func absolute(doc *results.Document, match string, p int, ratio float64) {
	for _, s := range series(doc, match) {
		s.Serial.SamplesS = around(0.05)
		pointAt(s, 1).SamplesS = around(0.05)
		pointAt(s, p).SamplesS = around(0.05 / ratio)
	}
}

func missingEdit(_ map[string]*results.Document, d *Data) {
	d.Missing = "this platform has no shm executor"
}

func TestJudgeAmdahl(t *testing.T) {
	truth := func(docs map[string]*results.Document, _ *Data) {
		tight(docs["strong"], "", 2, 1/(TrueFraction+(1-TrueFraction)/2)) // S(2) of Amdahl's law
		tight(docs["weak"], "", 2, 1)                                     // the same time for 1.5 times the work
	}
	wrong := func(docs map[string]*results.Document, d *Data) {
		truth(docs, d)
		tight(docs["strong"], "", 2, 1.9)
	}
	runCases(t, []outcomeCase{
		{name: "truth", lesson: "amdahl", edit: truth, want: Held, reason: "recover the truth"},
		{name: "truth, disturbed", lesson: "amdahl", edit: both(truth, disturbedEdit), want: Inconclusive,
			reason: "other processes used 1.5 of the 2 CPUs during"},
		{name: "recorded on a loaded machine", lesson: "amdahl", raw: true, want: Inconclusive,
			reason: "so the numbers are too few or too wide: too few usable points"},
		{name: "f wrong", lesson: "amdahl", edit: wrong, want: NotHeld, reason: "more than 0.05 from the true 0.50"},
		{name: "f wrong, busy", lesson: "amdahl", edit: both(wrong, busyEdit), want: Inconclusive,
			reason: "other processes kept 2 CPUs busy"},
		{name: "imprecise", lesson: "amdahl", edit: func(docs map[string]*results.Document, d *Data) {
			truth(docs, d)
			spread(docs["strong"], "", 2, 1/(TrueFraction+(1-TrueFraction)/2))
		}, want: Inconclusive, reason: "too noisy to tell"},
		{name: "one CPU", lesson: "amdahl", cpus: 1, want: Inconclusive, reason: "too few CPUs"},
	})
}

func TestJudgeCPUBound(t *testing.T) {
	speedups := func(s2, s4, s8 float64) func(map[string]*results.Document, *Data) {
		return func(docs map[string]*results.Document, _ *Data) {
			tight(docs["pi"], "", 2, s2)
			tight(docs["pi"], "", 4, s4)
			tight(docs["pi"], "", 8, s8)
		}
	}
	flat := speedups(1.9, 1.92, 1.88)
	runCases(t, []outcomeCase{
		{name: "flat past the CPUs", lesson: "cpu-bound", edit: flat, want: Held, reason: "4 workers run at 1.01×"},
		{name: "flat, disturbed", lesson: "cpu-bound", edit: both(flat, disturbedEdit), want: Inconclusive,
			reason: "pi (goroutines): other processes used 1.5 of the 2 CPUs"},
		{name: "no speedup", lesson: "cpu-bound", edit: speedups(1.1, 1.1, 1.1), want: NotHeld, reason: "only 1.10×"},
		{name: "no speedup, disturbed", lesson: "cpu-bound", edit: both(speedups(1.1, 1.1, 1.1), disturbedEdit),
			want: Inconclusive, reason: "so this does not count: the speedup on all 2 CPUs is only 1.10×"},
		{name: "oversubscription helps", lesson: "cpu-bound", edit: speedups(1.6, 2.5, 1.6), want: NotHeld,
			reason: "4 workers run 1.56× (1.56–1.56) as fast as 2"},
		{name: "imprecise", lesson: "cpu-bound", edit: func(docs map[string]*results.Document, d *Data) {
			flat(docs, d)
			spread(docs["pi"], "", 2, 1.3)
		}, want: Inconclusive, reason: "too noisy"},
		{name: "recorded on a loaded machine", lesson: "cpu-bound", raw: true, want: Inconclusive,
			reason: "pi (goroutines): other processes used 1.2 of the 2 CPUs"},
	})
}

func TestJudgeIOBound(t *testing.T) {
	scales := func(docs map[string]*results.Document, _ *Data) {
		for _, p := range []int{2, 4, 8, 16} {
			tight(docs["sleep"], "", p, float64(p))
		}
	}
	stuck := func(docs map[string]*results.Document, _ *Data) {
		for _, p := range []int{2, 4, 8, 16} {
			tight(docs["sleep"], "", p, 2)
		}
	}
	runCases(t, []outcomeCase{
		{name: "scales", lesson: "io-bound", edit: scales, want: Held, reason: "with 16 workers on 2 CPUs"},
		{name: "stuck at the CPUs", lesson: "io-bound", edit: stuck, want: NotHeld, reason: "stays below 4×"},
		{name: "noisy", lesson: "io-bound", edit: func(docs map[string]*results.Document, d *Data) {
			stuck(docs, d)
			s := series(docs["sleep"], "")[0]
			t1 := medianOf(pointAt(s, 1).SamplesS)
			pointAt(s, 16).SamplesS = []float64{t1 / 8, t1 / 2, t1 / 4, t1 / 3, t1 / 5}
		}, want: Inconclusive, reason: "too noisy"},
		{name: "recorded on a loaded machine", lesson: "io-bound", raw: true, want: Inconclusive,
			reason: "sleep (goroutines): other processes used 1.5 of the 2 CPUs"},
	})
}

func TestJudgeProcesses(t *testing.T) {
	free := func(docs map[string]*results.Document, _ *Data) {
		for _, s := range series(docs["pi"], "processes") {
			for i := range s.Points {
				s.Points[i].StartupS, s.Points[i].SamplesS = 0, around(0.001)
			}
		}
	}
	runCases(t, []outcomeCase{
		{name: "recorded", lesson: "processes", raw: true, want: Held, reason: "processes starts in 16.3 ms"},
		{name: "free start", lesson: "processes", edit: free, want: NotHeld, reason: "processes starts in 0 s"},
		{name: "free start, disturbed", lesson: "processes", edit: both(free, disturbedEdit), want: Inconclusive,
			reason: "so this does not count: processes starts in 0 s"},
		{name: "no shm here", lesson: "processes", edit: missingEdit, want: Inconclusive, reason: "no shm executor"},
	})
}

func TestJudgeChunking(t *testing.T) {
	runCases(t, []outcomeCase{
		{name: "recorded, undisturbed", lesson: "chunking", want: Held, reason: "winning back 0.663"},
		{name: "recorded on a loaded machine", lesson: "chunking", raw: true, want: Inconclusive,
			reason: "cbrt (processes): other processes used 0.96 of the 2 CPUs"},
		{name: "chunks no better", lesson: "chunking", edit: func(docs map[string]*results.Document, _ *Data) {
			el, ch := series(docs["cbrt"], "element")[0], series(docs["cbrt"], "dynamic")[0]
			ch.Serial, ch.Points = el.Serial, el.Points
		}, want: NotHeld, reason: "win back only 0"},
		{name: "tasks big enough", lesson: "chunking", edit: func(docs map[string]*results.Document, _ *Data) {
			el := series(docs["cbrt"], "element")[0]
			m := medianOf(el.Serial.SamplesS)
			el.Serial.SamplesS, pointAt(el, 2).SamplesS = around(m), around(m/1.5)
		}, want: NotHeld, reason: "the tasks were big enough"},
		{
			name:   "no processes here",
			lesson: "chunking",
			edit:   missingEdit,
			want:   Inconclusive,
			reason: "no shm executor",
		},
	})
}

func TestJudgeSharedMemory(t *testing.T) {
	shmSpeed := func(f float64) func(map[string]*results.Document, *Data) {
		return func(docs map[string]*results.Document, _ *Data) {
			absolute(docs["sum"], "processes", 2, 1)
			absolute(docs["sum"], "shm", 2, f)
		}
	}
	runCases(t, []outcomeCase{
		{name: "recorded, undisturbed", lesson: "shared-memory", want: Held,
			reason: "shm sent 4.7 KiB a pass against 64 MiB, and ran 5.14×"},
		{name: "recorded on a loaded machine", lesson: "shared-memory", raw: true, want: Inconclusive,
			reason: "sum (processes): other processes used 0.91 of the 2 CPUs"},
		{name: "slower", lesson: "shared-memory", edit: shmSpeed(0.7), want: NotHeld,
			reason: "shm sent fewer bytes but ran at only 0.70×"},
		{name: "as many bytes", lesson: "shared-memory", edit: func(docs map[string]*results.Document, d *Data) {
			shmSpeed(1.5)(docs, d)
			pointAt(series(docs["sum"], "shm")[0], 2).BytesSent = 20_000_000
		}, want: NotHeld, reason: "not 10× fewer"},
		{name: "imprecise", lesson: "shared-memory", edit: func(docs map[string]*results.Document, d *Data) {
			shmSpeed(1)(docs, d)
			spread(docs["sum"], "shm", 2, 1)
		}, want: Inconclusive, reason: "too noisy to tell"},
	})
}

func TestJudgeRaces(t *testing.T) {
	clean := func(docs map[string]*results.Document, _ *Data) {
		tight(docs["mutex"], "", 2, 0.5)
		tight(docs["atomic"], "", 2, 0.7)
		tight(docs["local"], "", 2, 1.9)
	}
	runCases(t, []outcomeCase{
		{name: "as the seed says", lesson: "races", edit: clean, want: Held,
			reason: "lost-update lost 989731 increments; mutex is correct but runs at 0.06×"},
		{name: "recorded on a loaded machine", lesson: "races", raw: true, want: Inconclusive,
			reason: "lost-update (goroutines): other processes used 1.2 of the 2 CPUs"},
		{name: "mutex beats serial", lesson: "races", edit: func(docs map[string]*results.Document, d *Data) {
			clean(docs, d)
			s := series(docs["mutex"], "")[0]
			pointAt(s, 2).SamplesS = around(medianOf(s.Serial.SamplesS) / 1.5)
		}, want: NotHeld, reason: "mutex on 2 workers beat the plain serial count"},
		{name: "local imprecise", lesson: "races", edit: func(docs map[string]*results.Document, d *Data) {
			clean(docs, d)
			spread(docs["local"], "", 2, 1.3)
		}, want: Inconclusive, reason: "local's speedup"},
		{name: "nothing lost", lesson: "races", edit: func(docs map[string]*results.Document, d *Data) {
			clean(docs, d)
			s := series(docs["lost-update"], "")[0]
			for i := range s.Points {
				s.Points[i].Verified, s.Points[i].Note = true, "no update lost this time; the race is still there"
			}
		}, want: Inconclusive, reason: "lost no increment"},
		{name: "a wrong mutex", lesson: "races", edit: func(docs map[string]*results.Document, d *Data) {
			clean(docs, d)
			pointAt(series(docs["mutex"], "")[0], 2).Verified = false
		}, want: NotHeld, reason: "mutex gave a wrong count"},
		{name: "one CPU", lesson: "races", cpus: 1, want: Inconclusive, reason: "too few CPUs"},
	})
}

func TestJudgeLoadBalance(t *testing.T) {
	gains := func(block, dynamic float64) func(map[string]*results.Document, *Data) {
		return func(docs map[string]*results.Document, _ *Data) {
			absolute(docs["rowgrid"], "block", 2, block)
			absolute(docs["rowgrid"], "dynamic", 2, dynamic)
		}
	}
	runCases(t, []outcomeCase{
		{name: "a triangle", lesson: "load-balance", edit: gains(1.33, 1.9), want: Held,
			reason: "the queue ran 1.43× (1.43–1.43) as fast as the block split"},
		{name: "no gain", lesson: "load-balance", edit: gains(1.5, 1.5), want: NotHeld, reason: "ran only 1.00×"},
		{name: "imprecise", lesson: "load-balance", edit: func(docs map[string]*results.Document, d *Data) {
			gains(1.5, 1.7)(docs, d)
			spread(docs["rowgrid"], "dynamic", 2, 1.7)
		}, want: Inconclusive, reason: "too noisy to tell"},
		{name: "recorded on a loaded machine", lesson: "load-balance", raw: true, want: Inconclusive,
			reason: "rowgrid (goroutines): other processes used"},
	})
}

func TestJudgeMemory(t *testing.T) {
	runCases(t, []outcomeCase{
		{name: "recorded on a loaded machine", lesson: "memory", raw: true, want: Held,
			reason: "grew 1.94× from 1 to 2 workers"},
		{name: "flat", lesson: "memory", edit: func(docs map[string]*results.Document, _ *Data) {
			s := series(docs["outer"], "")[0]
			pointAt(s, 2).PeakRSSBytes = pointAt(s, 1).PeakRSSBytes
		}, want: NotHeld, reason: "grew only 1.00×"},
		{name: "not measured", lesson: "memory", edit: func(docs map[string]*results.Document, _ *Data) {
			pointAt(series(docs["outer"], "")[0], 2).PeakRSSBytes = 0
		}, want: Inconclusive, reason: "not measured"},
	})
}

func TestJudgeBandwidth(t *testing.T) {
	four := func(s4 float64) func(map[string]*results.Document, *Data) {
		return func(docs map[string]*results.Document, _ *Data) {
			tight(docs["sum"], "", 2, 1.9)
			tight(docs["sum"], "", 4, s4)
		}
	}
	runCases(t, []outcomeCase{
		{name: "two CPUs", lesson: "bandwidth", want: Inconclusive, reason: "too few CPUs to tell: 2"},
		{
			name:   "saturates",
			lesson: "bandwidth",
			cpus:   4,
			edit:   four(2.2),
			want:   Held,
			reason: "efficiency of only 0.55",
		},
		{name: "scales", lesson: "bandwidth", cpus: 4, edit: four(3.8), want: NotHeld,
			reason: "still scale: an efficiency of 0.95"},
		{name: "between", lesson: "bandwidth", cpus: 4, edit: four(3.1), want: Inconclusive,
			reason: "not clearly flat (at most 0.70) nor linear"},
	})
}

func TestLostUpdates(t *testing.T) {
	for note, want := range map[string]int64{
		"counter: 1014000 of 2000000 increments counted: 986000 updates lost": 986000,
		"no update lost this time; the race is still there":                   0,
		"": 0,
	} {
		if got := lostUpdates(note); got != want {
			t.Errorf("lostUpdates(%q) = %d, want %d", note, got, want)
		}
	}
}

func TestSelect(t *testing.T) {
	all := Catalog(Sizes{Quick: true, CPUs: 2})
	got, err := Select(all, []string{"races", "amdahl"})
	if err != nil || len(got) != 2 || got[0].Name != "amdahl" || got[1].Name != "races" {
		t.Errorf("Select(races, amdahl) = %v, %v; want amdahl, races in the catalog's order", got, err)
	}
	if _, err := Select(all, []string{"nosuch"}); err == nil ||
		!strings.Contains(err.Error(), `unknown lesson "nosuch" (want amdahl, cpu-bound,`) {
		t.Errorf("Select(nosuch) error = %v", err)
	}
}

func TestSleepFor(t *testing.T) {
	for c, want := range map[int]string{1: "20ms", 8: "20ms", 16: "10ms", 64: "2.5ms", 1000: "1ms"} {
		if got := sleepFor(c); got != want {
			t.Errorf("sleepFor(%d) = %s, want %s", c, got, want)
		}
	}
}

// medianOf is the median of xs.
func medianOf(xs []float64) float64 {
	y := slices.Clone(xs)
	slices.Sort(y)
	if n := len(y); n%2 == 0 {
		return (y[n/2-1] + y[n/2]) / 2
	}
	return y[len(y)/2]
}

// TestSettledVerdict checks that a verdict that does not rest on the
// measurement (two CPUs cannot tell bandwidth) says only why, however
// disturbed the passes were.
func TestSettledVerdict(t *testing.T) {
	l, docs := recorded(t, "bandwidth")
	j := Judge(l, dataOf(l, docs, 2), nil)
	if want := "too few CPUs to tell: 2, the claim needs at least 4"; j.Outcome != Inconclusive || j.Reason != want {
		t.Errorf("got %s: %q, want inconclusive: %q", j.Outcome, j.Reason, want)
	}
}
