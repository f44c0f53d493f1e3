package lessons

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/scalebench/scalebench/report"
)

// RecordSchema is the schema of lessons.json.
const RecordSchema = "scalebench-lessons/v1"

// Record is lessons.json: every claim with its verdict, the numbers
// behind it and the result files it was judged from.
type Record struct {
	Schema   string   `json:"schema"`
	CPUModel string   `json:"cpu_model"`
	CPUs     int      `json:"logical_cpus"`
	Quick    bool     `json:"quick"`
	Lessons  []Judged `json:"lessons"`
}

// Judged is one lesson's entry in a Record.
type Judged struct {
	Name     string   `json:"name"`
	Title    string   `json:"title"`
	Claim    string   `json:"claim"`
	Seed     string   `json:"seed"`
	Commands []string `json:"commands"`
	// Files are the result files (scalebench/v1) of the experiments,
	// relative to the folder of lessons.json; `scalebench report` reads
	// them.
	Files []string `json:"files"`
	Verdict
}

// Write writes r as indented JSON.
func (r *Record) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// Judge judges lesson l from d and returns its entry of the record.
func Judge(l Lesson, d Data, files []string) Judged {
	v := l.Judge(d)
	if !l.Untimed {
		v = disturbed(busy(v, d.Busy), d)
	}
	j := Judged{Name: l.Name, Title: l.Title, Claim: l.Claim, Seed: l.Seed, Files: files, Verdict: v}
	for _, e := range l.Experiments {
		j.Commands = append(j.Commands, e.Command())
	}
	if j.Numbers == nil {
		j.Numbers = []Number{}
	}
	if j.Thresholds == nil {
		j.Thresholds = []Number{}
	}
	return j
}

// busy turns a claim that did not hold into an inconclusive one when
// other processes kept more than busyCPUsMax CPUs busy during the
// experiments: the measurement may be theirs.
func busy(v Verdict, cpus float64) Verdict {
	if v.Outcome != NotHeld || cpus <= busyCPUsMax {
		return v
	}
	v.Outcome = Inconclusive
	v.Reason = fmt.Sprintf("other processes kept %.2g CPUs busy, so this does not count: %s", cpus, v.Reason)
	return v
}

// disturbed turns a claim that held or did not into an inconclusive one
// when other processes disturbed so many passes of an experiment's
// series that its numbers cannot carry a conclusion (see
// analysis.Interference.Busy), and a claim that did not hold when they
// disturbed any pass: the passes measured again beside them may still
// be slowed by them, so a claim that failed may be their doing. A claim
// already inconclusive on such a series says first that others
// disturbed it: that is why its numbers are missing or wide. The reason
// says what they did.
func disturbed(v Verdict, d Data) Verdict {
	if v.settled {
		return v
	}
	for _, m := range d.Series {
		in := m.Interference
		if !in.Busy() && (v.Outcome != NotHeld || in.Disturbed == 0) {
			continue
		}
		how := "so this does not count"
		if v.Outcome == Inconclusive {
			how = "so the numbers are too few or too wide"
		}
		v.Outcome = Inconclusive
		v.Reason = fmt.Sprintf("%s (%s): %s; %s: %s", m.Source, m.Executor, in.Sentence(d.Online), how, v.Reason)
		v.short = fmt.Sprintf("others used %.2g of the %d CPUs in %d of %d passes", in.OthersCPUs, d.Online,
			in.Disturbed, in.Passes)
		return v
	}
	return v
}

// BuildDeck builds the deck of the judged lessons: a title slide with the
// machine, the list of lessons with their badges, each lesson's slides,
// and a closing slide with every verdict, then why each inconclusive one
// was. ls, data and r.Lessons run in parallel.
func BuildDeck(r *Record, ls []Lesson, data []Data) (report.Deck, error) {
	if len(ls) != len(data) || len(ls) != len(r.Lessons) {
		return report.Deck{}, fmt.Errorf("internal error: %d lessons, %d data, %d verdicts", len(ls), len(data),
			len(r.Lessons))
	}
	machine := r.CPUModel
	if machine == "" {
		machine = "this machine"
	}
	where := report.Clip(fmt.Sprintf("%s, %d logical CPUs", machine, r.CPUs), report.MaxKickerRunes)
	d := report.Deck{Title: "Parallel work, tested on this machine", Subtitle: where}
	intro := "Each lesson states a claim from the seed documents, runs the experiment that tests it here, and " +
		"says whether the claim held: held, did not hold, or inconclusive (too noisy, disturbed by other " +
		"processes, or too few CPUs to tell)."
	var list [][]string
	var tones [][]report.Tone
	count := map[Outcome]int{}
	for i, j := range r.Lessons {
		title := report.Clip(strconv.Itoa(i+1)+". "+j.Title, report.MaxCellRunes)
		list = append(list, []string{title, string(j.Outcome)})
		tones = append(tones, []report.Tone{report.NoTone, j.Outcome.Tone()})
		count[j.Outcome]++
	}
	d.Slides = append(d.Slides, report.Slide{ID: "lessons", Title: "The lessons", Lead: intro,
		Table: listTable(list, tones)})
	for i, l := range ls {
		s, err := lessonSlides(l, i+1, len(ls), data[i], r.Lessons[i].Verdict)
		if err != nil {
			return report.Deck{}, err
		}
		d.Slides = append(d.Slides, s...)
	}
	d.Slides = append(d.Slides, summarySlides(r, where, list, tones, count)...)
	return d, nil
}

// summarySlides close the deck: every lesson with its badge under a
// title that counts the outcomes, then why each inconclusive one was,
// on as many slides as the rows need.
func summarySlides(
	r *Record,
	where string,
	list [][]string,
	tones [][]report.Tone,
	count map[Outcome]int,
) []report.Slide {
	var parts []string
	for _, o := range []Outcome{Held, NotHeld, Inconclusive} {
		if count[o] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[o], o))
		}
	}
	out := []report.Slide{{ID: "summary", Kicker: where, Title: "On this machine: " + strings.Join(parts, ", "),
		Lead:  "A claim that did not hold here is a question for the class: what about this machine makes it differ?",
		Table: listTable(list, tones)}}
	var why [][]string
	for i, j := range r.Lessons {
		if j.Outcome == Inconclusive {
			reason := j.Reason
			if j.short != "" {
				reason = j.short
			}
			why = append(why, []string{list[i][0], report.Clip(reason, report.MaxCellRunes)})
		}
	}
	title := fmt.Sprintf("Why %d lessons were inconclusive", len(why))
	if len(why) == 1 {
		title = "Why one lesson was inconclusive"
	}
	for k := 0; k < len(why); k += report.MaxSlideRows {
		s := report.Slide{ID: "inconclusive", Kicker: where, Title: title,
			Table: &report.SlideTable{
				Header: []string{"lesson", "why"},
				Rows:   why[k:min(k+report.MaxSlideRows, len(why))],
			}}
		if k > 0 {
			s.ID = fmt.Sprintf("inconclusive-%d", k/report.MaxSlideRows+1)
		}
		out = append(out, s)
	}
	return out
}
