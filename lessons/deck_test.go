package lessons

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// recordedDeck builds the deck of every lesson from the recorded result
// files, as scalebench lessons --quick did on 2 CPUs.
func recordedDeck(t *testing.T) (Deck, *Record) {
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
	// A title, the textbook curves of Amdahl and Gustafson, one slide per
	// lesson, and the summary.
	if got, want := len(deck.Slides), 1+1+len(r.Lessons)+1; got != want {
		t.Fatalf("%d slides, want %d", got, want)
	}
	var buf bytes.Buffer
	if err := WriteSlides(&buf, deck); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	if n := strings.Count(html, `<section class="slide" id="slide-`); n != len(deck.Slides) {
		t.Errorf("%d sections, want %d", n, len(deck.Slides))
	}
	if n := strings.Count(html, "<svg"); n != 2+len(r.Lessons) {
		t.Errorf("%d inline SVG charts, want %d", n, 2+len(r.Lessons))
	}
	for _, want := range []string{"seed 003, “Thinking parallel”", "seed 000, “Array Multi-Processing”", "seed 001,", "seed 002,",
		"$ scalebench run counter --workers 1,2 --oversubscribe 0 --variant lost-update", "scroll-snap-type:y mandatory",
		`<span class="badge">held</span>`, `<span class="badge">inconclusive</span>`, "bandwidthMinCPUs"} {
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
	if page := buf.String(); strings.Contains(page, "scroll-snap") || strings.Contains(page, "<script") || strings.Count(page, `<section class="slide" id="slide-`) != len(deck.Slides) {
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
	b, err := json.Marshal([]Number{{"ceiling", math.Inf(1), Times}, {"f", 0.25, Fraction}, {"share", math.NaN(), Fraction}})
	want := `[{"name":"ceiling","value":null,"unit":"×"},{"name":"f","value":0.25},{"name":"share","value":null}]`
	if err != nil || string(b) != want {
		t.Errorf("got %s, %v; want %s", b, err, want)
	}
}

// TestDeckWithoutMeasurements builds the deck of a platform that could
// measure nothing: every lesson inconclusive, with a slide each.
func TestDeckWithoutMeasurements(t *testing.T) {
	all := Catalog(Sizes{Quick: true, CPUs: 2})
	r := &Record{Schema: RecordSchema, CPUs: 2}
	var data []Data
	for _, l := range all {
		d := Data{CPUs: 2, Missing: "this platform has no processes executor"}
		r.Lessons = append(r.Lessons, Judge(l, d, nil))
		data = append(data, d)
	}
	deck, err := BuildDeck(r, all, data)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteSlides(&buf, deck); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "this platform has no processes executor"); n != len(all) {
		t.Errorf("%d slides say why, want %d", n, len(all))
	}
}
