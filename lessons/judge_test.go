package lessons

import (
	"path/filepath"
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
		d.Add(e.Name, docs[e.Name])
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

// point returns the point at p workers of s, added as a copy of the last
// point when there is none.
func point(s *results.Series, p int) *results.Point {
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
		one := point(s, 1)
		m := median(one.SamplesS)
		one.SamplesS = around(m)
		point(s, p).SamplesS = around(m / ratio)
	}
}

func around(m float64) []float64 {
	return []float64{m, m * 1.001, m * 0.999, m * 1.0005, m * 0.9995}
}

// outcomeCase is one judgement of recorded data, changed by edit.
type outcomeCase struct {
	name   string
	lesson string
	cpus   int
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
			for _, doc := range docs { // the busy rule is tested on its own (busyEdit)
				doc.Env.CPUs.Busy = 0
			}
			var d Data
			if c.edit != nil {
				c.edit(docs, &d) // d is only set for Missing; the docs first
			}
			missing := d.Missing
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

func busyEdit(docs map[string]*results.Document, _ *Data) {
	for _, doc := range docs {
		doc.Env.CPUs.Busy = 1
	}
}

// disturbedEdit marks a third of every point's passes as disturbed by
// other processes using 1.5 CPUs: the series' conclusions do not hold.
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

func missingEdit(_ map[string]*results.Document, d *Data) {
	d.Missing = "this platform has no shm executor"
}

func TestJudgeAmdahl(t *testing.T) {
	truth := func(docs map[string]*results.Document, _ *Data) {
		tight(docs["strong"], "", 2, 1/(TrueFraction+(1-TrueFraction)/2)) // S(2) of Amdahl's law
		tight(docs["weak"], "", 2, 1)                                     // the same time for 1.9 times the work
	}
	runCases(t, []outcomeCase{
		{name: "truth", lesson: "amdahl", edit: truth, want: Held, reason: "recover the truth"},
		{name: "truth, disturbed", lesson: "amdahl", edit: func(docs map[string]*results.Document, d *Data) {
			truth(docs, d)
			disturbedEdit(docs, d)
		}, want: Inconclusive, reason: "other processes used 1.5 of the 2 CPUs during"},
		{name: "recorded on a loaded machine", lesson: "amdahl", want: NotHeld, reason: "more than 0.05 from the true 0.10"},
		{name: "busy", lesson: "amdahl", edit: busyEdit, want: Inconclusive, reason: "other processes kept 2 CPUs busy"},
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
	runCases(t, []outcomeCase{
		{name: "flat past the CPUs", lesson: "cpu-bound", edit: speedups(1.9, 1.92, 1.88), want: Held, reason: "past the CPUs nothing more"},
		{name: "no speedup", lesson: "cpu-bound", edit: speedups(1.1, 1.1, 1.1), want: NotHeld, reason: "only 1.10×"},
		{name: "oversubscription helps", lesson: "cpu-bound", edit: speedups(1.6, 2.5, 1.6), want: NotHeld, reason: "4 workers reached 2.50×"},
		{name: "recorded on a loaded machine", lesson: "cpu-bound", want: Inconclusive, reason: "too noisy"},
	})
}

func TestJudgeIOBound(t *testing.T) {
	runCases(t, []outcomeCase{
		{name: "recorded", lesson: "io-bound", want: Held, reason: "with 16 workers on 2 CPUs"},
		{name: "stuck at the CPUs", lesson: "io-bound", edit: func(docs map[string]*results.Document, _ *Data) {
			for _, p := range []int{2, 4, 8, 16} {
				tight(docs["sleep"], "", p, 2)
			}
		}, want: NotHeld, reason: "stays below 4×"},
		{name: "noisy", lesson: "io-bound", edit: func(docs map[string]*results.Document, _ *Data) {
			for _, p := range []int{2, 4, 8, 16} {
				tight(docs["sleep"], "", p, 2)
			}
			s := series(docs["sleep"], "")[0]
			t1 := median(point(s, 1).SamplesS)
			point(s, 16).SamplesS = []float64{t1 / 8, t1 / 2, t1 / 4, t1 / 3, t1 / 5}
		}, want: Inconclusive, reason: "too noisy"},
	})
}

func TestJudgeProcesses(t *testing.T) {
	runCases(t, []outcomeCase{
		{name: "recorded", lesson: "processes", want: Held, reason: "processes pays"},
		{name: "free start", lesson: "processes", edit: func(docs map[string]*results.Document, _ *Data) {
			for _, s := range series(docs["pi"], "processes") {
				for i := range s.Points {
					s.Points[i].StartupS = 0
				}
				s.Points[1].SamplesS = around(0.03)
			}
		}, want: NotHeld, reason: "processes started in"},
		{name: "no shm here", lesson: "processes", edit: missingEdit, want: Inconclusive, reason: "no shm executor"},
	})
}

func TestJudgeChunking(t *testing.T) {
	runCases(t, []outcomeCase{
		{name: "recorded", lesson: "chunking", want: Held, reason: "winning back"},
		{name: "chunks no better", lesson: "chunking", edit: func(docs map[string]*results.Document, _ *Data) {
			el, ch := series(docs["fft2"], "element")[0], series(docs["fft2"], "dynamic")[0]
			ch.Serial, ch.Points = el.Serial, el.Points
		}, want: NotHeld, reason: "win back only 0%"},
		{name: "tasks big enough", lesson: "chunking", edit: func(docs map[string]*results.Document, _ *Data) {
			el := series(docs["fft2"], "element")[0]
			point(el, 2).SamplesS = around(median(el.Serial.SamplesS) / 1.5)
		}, want: NotHeld, reason: "the tasks were big enough"},
		{name: "no processes here", lesson: "chunking", edit: missingEdit, want: Inconclusive, reason: "no shm executor"},
	})
}

func TestJudgeSharedMemory(t *testing.T) {
	shmTimes := func(f float64) func(map[string]*results.Document, *Data) {
		return func(docs map[string]*results.Document, _ *Data) {
			pr, sh := series(docs["det"], "processes")[0], series(docs["det"], "shm")[0]
			point(pr, 2).SamplesS = around(0.2)
			point(sh, 2).SamplesS = around(0.2 * f)
		}
	}
	runCases(t, []outcomeCase{
		{name: "faster", lesson: "shared-memory", edit: shmTimes(0.8), want: Held, reason: "shm sent 4.7 KiB"},
		{name: "slower", lesson: "shared-memory", edit: shmTimes(1.5), want: NotHeld, reason: "shm sent fewer bytes but took"},
		{name: "as many bytes", lesson: "shared-memory", edit: func(docs map[string]*results.Document, d *Data) {
			shmTimes(0.8)(docs, d)
			point(series(docs["det"], "shm")[0], 2).BytesSent = 20_000_000
		}, want: NotHeld, reason: "not 10× fewer"},
		{name: "recorded on a loaded machine", lesson: "shared-memory", want: Inconclusive, reason: "within the noise"},
	})
}

func TestJudgeRaces(t *testing.T) {
	clean := func(docs map[string]*results.Document, _ *Data) {
		tight(docs["mutex"], "", 2, 0.5)
		tight(docs["atomic"], "", 2, 0.7)
		tight(docs["local"], "", 2, 1.9)
	}
	runCases(t, []outcomeCase{
		{name: "as the seed says", lesson: "races", edit: clean, want: Held, reason: "lost-update lost 1637229 increments"},
		{name: "mutex scales", lesson: "races", edit: func(docs map[string]*results.Document, d *Data) {
			clean(docs, d)
			tight(docs["mutex"], "", 2, 1.8)
		}, want: NotHeld, reason: "mutex: 1.80×"},
		{name: "nothing lost", lesson: "races", edit: func(docs map[string]*results.Document, d *Data) {
			clean(docs, d)
			s := series(docs["lost-update"], "")[0]
			for i := range s.Points {
				s.Points[i].Verified, s.Points[i].Note = true, "no update lost this time; the race is still there"
			}
		}, want: Inconclusive, reason: "lost no increment"},
		{name: "a wrong mutex", lesson: "races", edit: func(docs map[string]*results.Document, d *Data) {
			clean(docs, d)
			point(series(docs["mutex"], "")[0], 2).Verified = false
		}, want: NotHeld, reason: "mutex gave a wrong count"},
		{name: "one CPU", lesson: "races", cpus: 1, want: Inconclusive, reason: "too few CPUs"},
	})
}

func TestJudgeLoadBalance(t *testing.T) {
	gains := func(block, dynamic float64) func(map[string]*results.Document, *Data) {
		return func(docs map[string]*results.Document, _ *Data) {
			tight(docs["rowgrid"], "block", 2, block)
			tight(docs["rowgrid"], "interleave", 2, dynamic)
			tight(docs["rowgrid"], "dynamic", 2, dynamic)
		}
	}
	runCases(t, []outcomeCase{
		{name: "five rows against six", lesson: "load-balance", edit: gains(1.5, 1.8), want: Held, reason: "the queue reached 1.80×, the block split 1.50×"},
		{name: "no gain", lesson: "load-balance", edit: gains(1.5, 1.5), want: NotHeld, reason: "no more than"},
		{name: "a small gain", lesson: "load-balance", edit: gains(1.5, 1.56), want: Inconclusive, reason: "too close to tell"},
	})
}

func TestJudgeMemory(t *testing.T) {
	runCases(t, []outcomeCase{
		{name: "recorded", lesson: "memory", want: Held, reason: "grew 1.37× from 1 to 2 workers"},
		{name: "flat", lesson: "memory", edit: func(docs map[string]*results.Document, _ *Data) {
			s := series(docs["outer"], "")[0]
			point(s, 2).PeakRSSBytes = point(s, 1).PeakRSSBytes
		}, want: NotHeld, reason: "grew only 1.00×"},
		{name: "not measured", lesson: "memory", edit: func(docs map[string]*results.Document, _ *Data) {
			point(series(docs["outer"], "")[0], 2).PeakRSSBytes = 0
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
		{name: "saturates", lesson: "bandwidth", cpus: 4, edit: four(2.2), want: Held, reason: "only 55%"},
		{name: "scales", lesson: "bandwidth", cpus: 4, edit: four(3.8), want: NotHeld, reason: "still scale: 95%"},
		{name: "between", lesson: "bandwidth", cpus: 4, edit: four(3.1), want: Inconclusive, reason: "between flat and linear"},
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
	if _, err := Select(all, []string{"nosuch"}); err == nil || !strings.Contains(err.Error(), `unknown lesson "nosuch" (want amdahl, cpu-bound,`) {
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
