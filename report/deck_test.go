package report

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/results"
)

// TestWriteDeckLimits checks that WriteDeck refuses a slide that holds
// more than fits, naming the slide, and escapes every text.
func TestWriteDeckLimits(t *testing.T) {
	long := strings.Repeat("x", MaxLineRunes+1)
	rows := make([][]string, MaxSlideRows+1)
	for _, tc := range []struct {
		name  string
		slide Slide
		want  string
	}{
		{"lines", Slide{Title: "a", Lines: make([]string, MaxSlideLines+1)}, "slide 2 (a): 5 lines, at most 4 fit"},
		{"long line", Slide{Title: "b", Lines: []string{long}}, "slide 2 (b): line 1 has 201 characters, at most 200 fit"},
		{"rows", Slide{Title: "c", Table: &SlideTable{Header: []string{"h"}, Rows: rows}}, "slide 2 (c): a table of 9 rows, at most 8 fit"},
		{"columns", Slide{Title: "d", Table: &SlideTable{Header: make([]string, MaxSlideColumns+1)}}, "slide 2 (d): a table of 7 columns, at most 6 fit"},
		{"figure and table", Slide{Title: "e", Figure: []byte("<svg></svg>"), Table: &SlideTable{}}, "slide 2 (e): a figure and a table do not fit together"},
		{"id", Slide{Title: "f", ID: "Not a slug"}, `slide 2 (f): id "Not a slug" is not made of a-z, 0-9 and -`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := WriteDeck(&bytes.Buffer{}, Deck{Title: "t", Slides: []Slide{tc.slide}})
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %s", err, tc.want)
			}
		})
	}
	if err := WriteDeck(&bytes.Buffer{}, Deck{Title: long}); err == nil || !strings.HasPrefix(err.Error(), "title slide: ") {
		t.Errorf("a title too long: err = %v", err)
	}
	var b bytes.Buffer
	d := Deck{Title: evil, Subtitle: "machine", Slides: []Slide{
		{ID: "one", Title: "Plot", Figure: []byte(`<?xml version="1.0"?><svg width="1pt"></svg>`), Alt: evil, Lines: []string{evil}},
		{Title: "Table", Table: &SlideTable{Header: []string{"a"}, Rows: [][]string{{evil}}}},
		{Title: "Words", Lines: []string{"one", "two"}},
	}}
	if err := WriteDeck(&b, d); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{`<section class="slide cover" id="s1">`, `<section class="slide" id="one">`,
		`<svg class="plot" role="img" aria-label="&lt;script&gt;`, `<section class="slide" id="s3">`, `<section class="slide text" id="s4">`} {
		if !strings.Contains(out, want) {
			t.Errorf("the deck lacks %s", want)
		}
	}
	if strings.Contains(out, "<script>alert") || strings.Count(out, "<script") != 1 || strings.Contains(out, "<?xml") {
		t.Error("the deck carries markup from its texts, or the figure's XML prolog")
	}
}

// TestDeckLayout checks the talk a report makes: a slide per group with
// its speedup and verdicts, a summary split at MaxSlideRows rows, and the
// theory only when asked.
func TestDeckLayout(t *testing.T) {
	ids := func(d Deck) string {
		var out []string
		for _, s := range d.Slides {
			out = append(out, s.ID)
		}
		return strings.Join(out, " ")
	}
	r := newTestReport(t, testDoc(), weakDoc())
	d, err := r.Deck()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(d), "pi-speedup synthetic-weak-scaling-scaled-speedup summary-1"; got != want {
		t.Errorf("slides %s, want %s", got, want)
	}
	if d.Subtitle != "Test CPU @ 3.00GHz · 4 logical CPUs · linux/amd64 · go1.26.8 · 2026-11-21" {
		t.Errorf("subtitle %q", d.Subtitle)
	}
	if n := len(d.Slides[0].Lines); n != 3 || !strings.HasPrefix(d.Slides[0].Lines[0], "block: ") {
		t.Errorf("pi slide lines %q: want the verdict of each of the 3 schedules", d.Slides[0].Lines)
	}

	big := testDoc()
	for range 3 {
		big.Series = append(big.Series, big.Series...)
	}
	bench, err := results.ReadFile(filepath.Join("testdata", "bench", "bench.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err = New([]Source{{Name: "big.json", Doc: big}, {Name: "bench.json", Doc: bench}}, Options{Theory: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err = r.Deck()
	if err != nil {
		t.Fatal(err)
	}
	got := ids(d)
	for _, want := range []string{"all-speedup pi-speedup", "summary-1 summary-2 summary-3 summary-4", "theory-amdahl theory-gustafson theory-both"} {
		if !strings.Contains(got, want) {
			t.Errorf("slides %s lack %s", got, want)
		}
	}
	if n := len(d.Slides[1].Lines); n != MaxSlideLines || d.Slides[1].Lines[3] != "and 22 more series: see the summary" {
		t.Errorf("pi slide of 25 series (24 and the recorded run's): lines %q", d.Slides[1].Lines)
	}
	if err := WriteDeck(&bytes.Buffer{}, d); err != nil {
		t.Error(err)
	}
}
