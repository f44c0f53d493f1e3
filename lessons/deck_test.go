package lessons

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/report"
)

// recordedDeck builds the deck of every lesson from the recorded result
// files, as scalebench lessons --quick did on 2 CPUs.
func recordedDeck(t *testing.T) (report.Deck, *Record) {
	t.Helper()
	all := Catalog(Sizes{Quick: true, CPUs: 2})
	r := &Record{Schema: RecordSchema, CPUModel: "a recorded machine", CPUs: 2, Quick: true}
	var data []Data
	for _, l := range all {
		_, docs := recorded(t, l.Name)
		d := dataOf(l, docs, 2)
		r.Lessons = append(r.Lessons, Judge(l, d, nil))
		data = append(data, d)
	}
	deck, err := BuildDeck(r, all, data)
	if err != nil {
		t.Fatal(err)
	}
	return deck, r
}

func TestDeckSlides(t *testing.T) {
	deck, r := recordedDeck(t)
	// The list of lessons, the textbook curves of Amdahl and Gustafson,
	// one slide per lesson, the summary and why the inconclusive ones
	// were, after the title slide.
	inconclusive := 0
	for _, j := range r.Lessons {
		if j.Outcome == Inconclusive {
			inconclusive++
		}
	}
	why := (inconclusive + report.MaxSlideRows - 1) / report.MaxSlideRows
	if got, want := len(deck.Slides), 1+1+len(r.Lessons)+1+why; got != want {
		t.Fatalf("%d slides, want %d", got, want)
	}
	if deck.Subtitle != "a recorded machine, 2 logical CPUs" {
		t.Errorf("subtitle %q", deck.Subtitle)
	}
	// Ten lessons in two columns of five, with a badge each, in the list
	// and in the summary; then why the inconclusive ones were.
	list, sum := deck.Slides[0].Table, deck.Slides[len(deck.Slides)-1-why].Table
	if len(list.Rows) != 5 || list.Rows[0][2] != "6. Shared memory instead of copying" || len(sum.Rows) != 5 ||
		len(sum.Rows[4]) != 4 ||
		list.Rows[0][1] != string(r.Lessons[0].Outcome) {
		t.Errorf("list %q, summary %q: want two columns of five lessons", list.Rows, sum.Rows)
	}
	if why > 0 {
		w := deck.Slides[len(deck.Slides)-why].Table
		if len(w.Rows) != min(inconclusive, report.MaxSlideRows) {
			t.Errorf("why inconclusive: %q, want %d rows", w.Rows, inconclusive)
		}
		// A lesson others disturbed says so in full within the cell:
		// "others used 0.93 of the 2 CPUs in 9 of 24 passes".
		others := 0
		for _, row := range w.Rows {
			if strings.HasPrefix(row[1], "others used ") {
				others++
				if strings.HasSuffix(row[1], "…") || !strings.HasSuffix(row[1], " passes") {
					t.Errorf("why %s: %q is clipped", row[0], row[1])
				}
			}
		}
		if others == 0 {
			t.Errorf("why inconclusive: %q, want the recorded load named", w.Rows)
		}
	}
	if sum.Rows[0][1] != string(r.Lessons[0].Outcome) || sum.Tones[0][1] != r.Lessons[0].Outcome.Tone() ||
		sum.Tones[0][0] != report.NoTone {
		t.Errorf("summary row 1 %q %q", sum.Rows[0], sum.Tones[0])
	}
	theory, amdahl := deck.Slides[1], deck.Slides[2]
	if theory.Figure == nil || theory.Figure2 == nil || theory.Panel != nil ||
		theory.Kicker != "Lesson 1 of 10 · the textbook" {
		t.Errorf("the textbook slide: want two figures and no verdict, kicker %q", theory.Kicker)
	}
	if amdahl.Kicker != "Lesson 1 of 10 · measured here" || len(amdahl.Code) != 2 || amdahl.Panel == nil || amdahl.Figure == nil ||
		amdahl.Panel.Badge != string(r.Lessons[0].Outcome) ||
		len(amdahl.Panel.Lines) != 1 {
		t.Errorf("the Amdahl slide: %+v", amdahl)
	}
	var buf bytes.Buffer
	if err := WriteSlides(&buf, deck); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	if n := strings.Count(html, `<section class="slide`); n != len(deck.Slides)+1 {
		t.Errorf("%d sections, want %d", n, len(deck.Slides)+1)
	}
	if n := strings.Count(html, "<svg"); n != 2+len(r.Lessons) {
		t.Errorf("%d inline SVG charts, want %d", n, 2+len(r.Lessons))
	}
	for _, want := range []string{"From seed 003, “Thinking parallel”", "seed 000, “Array Multi-Processing”", "seed 001,", "seed 002,",
		"$ scalebench run counter --workers 1,2 --oversubscribe 0 --variant lost-update", "scroll-snap-type: y mandatory",
		`<span class="badge good">held</span>`, `<span class="badge neutral">inconclusive</span>`, "CPUs needed to tell",
		`<p class="kicker">Lesson 3 of 10 · measured here</p>`, `<tr class="faint"><td>`} {
		if !strings.Contains(html, want) {
			t.Errorf("the deck lacks %q", want)
		}
	}
	if strings.Contains(html, "<?xml") {
		t.Error("an XML declaration inside the page")
	}
	buf.Reset()
	if err := WritePage(&buf, deck); err != nil {
		t.Fatal(err)
	}
	if page := buf.String(); strings.Contains(page, "scroll-snap") || strings.Contains(page, "<script") ||
		strings.Count(
			page,
			`<section class="slide`,
		) != len(
			deck.Slides,
		)+1 || strings.Count(page, "<svg") != 2+len(r.Lessons) {
		t.Error("the page should hold the same slides, scrolling, without a script")
	}
}

func TestRecordJSON(t *testing.T) {
	_, r := recordedDeck(t)
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Schema  string `json:"schema"`
		Lessons []struct {
			Name       string            `json:"name"`
			Verdict    string            `json:"verdict"`
			Reason     string            `json:"reason"`
			Numbers    []json.RawMessage `json:"numbers"`
			Thresholds []json.RawMessage `json:"thresholds"`
			Commands   []string          `json:"commands"`
		} `json:"lessons"`
	}
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Schema != RecordSchema || len(back.Lessons) != len(Names()) {
		t.Fatalf("schema %q with %d lessons", back.Schema, len(back.Lessons))
	}
	for _, l := range back.Lessons {
		if l.Verdict == "" || l.Reason == "" || len(l.Commands) == 0 || l.Numbers == nil || l.Thresholds == nil {
			t.Errorf("lesson %s: incomplete record %+v", l.Name, l)
		}
	}
}

// TestNumberJSON writes a value that is not finite as null, so that a
// verdict with Amdahl's ceiling at f = 0 still makes a lessons.json.
func TestNumberJSON(t *testing.T) {
	b, err := json.Marshal(
		[]Number{num("ceiling", math.Inf(1), Times), num("f", 0.25, Fraction), num("share", math.NaN(), Fraction)},
	)
	want := `[{"name":"ceiling","value":null,"unit":"×"},{"name":"f","value":0.25},{"name":"share","value":null}]`
	if err != nil || string(b) != want {
		t.Errorf("got %s, %v; want %s", b, err, want)
	}
}

// TestDeckWithoutMeasurements builds the deck of a platform that could
// measure nothing: every lesson inconclusive, with a slide each. It does
// so for machines from 1 to 1024 CPUs, whose command lines are longer,
// in quick and full sizes: every deck keeps to the limits of a slide.
func TestDeckWithoutMeasurements(t *testing.T) {
	for _, size := range []Sizes{{Quick: true, CPUs: 2}, {CPUs: 1}, {CPUs: 64}, {Quick: true, CPUs: 1024}, {CPUs: 1024}} {
		all := Catalog(size)
		r := &Record{Schema: RecordSchema, CPUs: size.CPUs}
		var data []Data
		for _, l := range all {
			d := Data{CPUs: size.CPUs, Missing: "this platform has no processes executor"}
			r.Lessons = append(r.Lessons, Judge(l, d, nil))
			data = append(data, d)
		}
		deck, err := BuildDeck(r, all, data)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteSlides(&buf, deck); err != nil {
			t.Fatalf("%+v: %v", size, err)
		}
		// On each lesson's slide, and again on the slides of the
		// inconclusive ones.
		if n := strings.Count(buf.String(), "this platform has no processes executor"); n != 2*len(all) {
			t.Errorf("%+v: %d slides say why, want %d", size, n, 2*len(all))
		}
	}
}
