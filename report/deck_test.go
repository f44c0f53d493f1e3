package report

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/testdocs"
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
		{"lines", Slide{Title: "a", Lines: make([]string, MaxSlideLines+1)}, fmt.Sprintf("slide 2 (a): %d lines, at most %d fit", MaxSlideLines+1, MaxSlideLines)},
		{"long line", Slide{Title: "b", Lines: []string{long}}, "slide 2 (b): line 1 has 201 characters, at most 200 fit"},
		{"rows", Slide{Title: "c", Table: &SlideTable{Header: []string{"h"}, Rows: rows}}, "slide 2 (c): a table of 9 rows, at most 8 fit"},
		{"columns", Slide{Title: "d", Table: &SlideTable{Header: make([]string, MaxSlideColumns+1)}}, "slide 2 (d): a table of 7 columns, at most 6 fit"},
		{"figure and table", Slide{Title: "e", Figure: []byte("<svg></svg>"), Table: &SlideTable{}}, "slide 2 (e): a figure and a table do not fit together"},
		{"id", Slide{Title: "f", ID: "Not a slug"}, `slide 2 (f): id "Not a slug" is not made of a-z, 0-9 and -`},
		{"kicker", Slide{Title: "g", Kicker: long[:MaxKickerRunes+1]}, fmt.Sprintf("slide 2 (g): the kicker has %d characters, at most %d fit", MaxKickerRunes+1, MaxKickerRunes)},
		{"lead", Slide{Title: "h", Lead: long + long}, fmt.Sprintf("slide 2 (h): the lead has 402 characters, at most %d fit", MaxLeadRunes)},
		{"source", Slide{Title: "i", Source: long}, fmt.Sprintf("slide 2 (i): the source has 201 characters, at most %d fit", MaxSourceRunes)},
		{"code and lines", Slide{Title: "j", Code: []string{"a", "b"}, Lines: []string{"c", "d", "e"}}, fmt.Sprintf("slide 2 (j): 5 lines, at most %d fit", MaxSlideLines)},
		{"long code", Slide{Title: "k", Code: []string{(long + long)[:MaxCodeRunes+1]}}, fmt.Sprintf("slide 2 (k): code line 1 has "+
			"%d characters, at most %d fit", MaxCodeRunes+1, MaxCodeRunes)},
		{"figure2 alone", Slide{Title: "l", Figure2: []byte("<svg></svg>")}, "slide 2 (l): a second figure without a first"},
		{"panel and two figures", Slide{Title: "m", Figure: []byte("<svg></svg>"), Figure2: []byte("<svg></svg>"), Panel: &SlidePanel{}},
			"slide 2 (m): a panel does not fit beside two figures"},
		{"panel and table", Slide{Title: "n", Panel: &SlidePanel{}, Table: &SlideTable{}}, "slide 2 (n): a figure and a table do not fit together"},
		{"panel lines", Slide{Title: "o", Panel: &SlidePanel{Lines: []string{"a", "b"}}}, "slide 2 (o): a panel of 2 lines, at most 1 fit"},
		{"panel line", Slide{Title: "p", Panel: &SlidePanel{Lines: []string{long}}}, fmt.Sprintf("slide 2 (p): a panel's line "+
			"has 201 characters, at most %d fit", MaxPanelLineRunes)},
		{"panel rows", Slide{Title: "q", Panel: &SlidePanel{Rows: make([][2]string, 8), Faint: make([][2]string, 5)}}, fmt.Sprintf("slide 2 (q): a panel of 13 rows, at most %d fit", MaxPanelRows)},
		{"panel name", Slide{Title: "r", Panel: &SlidePanel{Rows: [][2]string{{long, "1"}}}}, fmt.Sprintf("slide 2 (r): a panel's name "+
			"has 201 characters, at most %d fit", MaxPanelNameRunes)},
		{"panel value", Slide{Title: "r", Panel: &SlidePanel{Faint: [][2]string{{"a", long}}}}, "slide 2 (r): a panel's value " +
			"has 201 characters, at most 12 fit"},
		{"panel title", Slide{Title: long[:MaxPanelTitleRunes+1], Panel: &SlidePanel{}}, fmt.Sprintf("slide 2 (%s): the title of a "+
			"slide with a panel has %d characters, at most %d fit",
			long[:MaxPanelTitleRunes+1], MaxPanelTitleRunes+1, MaxPanelTitleRunes)},
		{"panel badge", Slide{Title: "s", Panel: &SlidePanel{Badge: long}}, "slide 2 (s): the badge has 201 characters, at most 20 fit"},
		{"table badge", Slide{Title: "v", Table: &SlideTable{Rows: [][]string{{"a", long[:21]}}, Tones: [][]Tone{{NoTone, Bad}}}}, "slide 2 (v): a badge has 21 characters, at most 20 fit"},
		{"panel tone", Slide{Title: "t", Panel: &SlidePanel{Tone: "red"}}, `slide 2 (t): tone "red" is not good, bad or neutral`},
		{"table tone", Slide{Title: "u", Table: &SlideTable{Rows: [][]string{{"a"}}, Tones: [][]Tone{{"<b>"}}}}, `slide 2 (u): tone "<b>" is not good, bad or neutral`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := WriteDeck(&bytes.Buffer{}, Deck{Title: "t", Slides: []Slide{tc.slide}})
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %s", err, tc.want)
			}
		})
	}
	if err := WriteDeckPage(&bytes.Buffer{}, Deck{Title: "t", Slides: []Slide{{Title: "a", Lines: make([]string, MaxSlideLines+1)}}}); err == nil {
		t.Error("WriteDeckPage wrote a slide that does not fit the deck")
	}
	if err := WriteDeck(&bytes.Buffer{}, Deck{Title: long}); err == nil ||
		!strings.HasPrefix(err.Error(), "title slide: ") {
		t.Errorf("a title too long: err = %v", err)
	}
	var b bytes.Buffer
	d := Deck{Title: evil, Subtitle: "machine", Slides: []Slide{
		{
			ID:     "one",
			Title:  "Plot",
			Figure: []byte(`<?xml version="1.0"?><svg width="1pt"></svg>`),
			Alt:    evil,
			Lines:  []string{evil},
		},
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
	r := newTestReport(t, testdocs.Strong(), testdocs.Weak())
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

	big := testdocs.Strong()
	for range 3 {
		big.Series = append(big.Series, big.Series...)
	}
	bench, err := results.ReadFile(filepath.Join("testdata", "bench", "bench.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err = newReport(
		[]analysis.Source{{Name: "big.json", Doc: big}, {Name: "bench.json", Doc: bench}},
		Options{Theory: true},
	)
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
	if n := len(d.Slides[1].Lines); n != MaxSlideLines ||
		d.Slides[1].Lines[n-1] != fmt.Sprintf("and %d more: see the report", 25-MaxSlideLines+1) {
		t.Errorf("pi slide of 25 series (24 and the recorded run's): lines %q", d.Slides[1].Lines)
	}
	if err := WriteDeck(&bytes.Buffer{}, d); err != nil {
		t.Error(err)
	}
}

// TestWriteDeckParts checks the parts of a slide beyond a figure, a table
// and lines, escaped, in the deck and in the page, and that the page
// holds the same slides without a script or a screen's sizes.
func TestWriteDeckParts(t *testing.T) {
	svg := []byte(`<svg width="1pt"></svg>`)
	d := Deck{Title: "Lessons", Subtitle: "a machine", Slides: []Slide{
		{
			ID:     "one",
			Kicker: "Lesson 1 of 2 " + evil,
			Title:  "Claim",
			Lead:   "A claim " + evil,
			Code:   []string{"scalebench run pi", evil},
			Figure: svg,
			Alt:    "measured",
			Source: "From " + evil,
			Panel: &SlidePanel{
				Badge: "held",
				Tone:  Good,
				Lines: []string{"why " + evil},
				Rows:  [][2]string{{"f", "0.1"}},
				Faint: [][2]string{{"tolerance", "<b>"}},
			},
		},
		{ID: "two", Title: "Textbook", Figure: svg, Alt: "Amdahl", Figure2: svg, Alt2: "Gustafson"},
		{
			ID:    "three",
			Title: "Verdicts",
			Table: &SlideTable{Rows: [][]string{{"1. Claim", "held"}, {"2. Other", "did not hold"}},
				Tones: [][]Tone{{NoTone, Good}, {NoTone, Bad}}},
		},
	}}
	want := []string{
		`<section class="slide" id="one">
<p class="kicker">Lesson 1 of 2 &lt;script&gt;alert(1)&lt;/script&gt;</p>
<h2>Claim</h2>
<p class="lead">A claim &lt;script&gt;alert(1)&lt;/script&gt;</p>
<pre class="code">$ scalebench run pi
$ &lt;script&gt;alert(1)&lt;/script&gt;</pre>
<p class="verdict"><span class="badge good">held</span> why &lt;script&gt;alert(1)&lt;/script&gt;</p>
<div class="side">
<figure><svg class="plot" role="img" aria-label="measured" width="1pt"></svg></figure>
<aside class="panel">
<table>
<tr><td>f</td><td>0.1</td></tr>
<tr class="faint"><td>tolerance</td><td>&lt;b&gt;</td></tr>
</table>
</aside>
</div>
<p class="source">From &lt;script&gt;alert(1)&lt;/script&gt;</p>
</section>`,
		`<div class="side">
<figure><svg class="plot" role="img" aria-label="Amdahl" width="1pt"></svg></figure>
<figure><svg class="plot" role="img" aria-label="Gustafson" width="1pt"></svg></figure>
</div>`,
		`<table class="list">
<tbody>
<tr><td>1. Claim</td><td><span class="badge good">held</span></td></tr>
<tr><td>2. Other</td><td><span class="badge bad">did not hold</span></td></tr>
</tbody>
</table>`,
	}
	var deck, page bytes.Buffer
	if err := WriteDeck(&deck, d); err != nil {
		t.Fatal(err)
	}
	if err := WriteDeckPage(&page, d); err != nil {
		t.Fatal(err)
	}
	for _, w := range want {
		if !strings.Contains(deck.String(), w) || !strings.Contains(page.String(), w) {
			t.Errorf("the deck or the page lacks\n%s", w)
		}
	}
	if strings.Count(deck.String(), "<script") != 1 || !strings.Contains(deck.String(), "scroll-snap-type") {
		t.Error("the deck should have its script and its screen's sizes")
	}
	if p := page.String(); strings.Contains(p, "<script") || strings.Contains(p, "100vh") ||
		strings.Contains(p, "counter") {
		t.Error("the page carries the deck's script or its screen's sizes")
	}
}

// TestThousands groups long whole numbers and leaves the rest alone.
func TestThousands(t *testing.T) {
	for in, want := range map[string]string{
		"4580597":             "4,580,597",
		"4580597 lost of 1e6": "4,580,597 lost of 1e6",
		"1234":                "1234",
		"12345.678901":        "12,345.678901",
		"0.1234567":           "0.1234567",
		"P = 16, 100000000":   "P = 16, 100,000,000",
		"1,234,567":           "1,234,567",
		"pi · points=1000000": "pi · points=1000000",
		"":                    "",
	} {
		if got := Thousands(in); got != want {
			t.Errorf("Thousands(%q) = %q, want %q", in, got, want)
		}
	}
	var b bytes.Buffer
	p := &SlidePanel{Rows: [][2]string{{"increments lost", "4580597"}}}
	if err := WriteDeck(&b, Deck{Title: "t", Slides: []Slide{{Title: "a", Panel: p}}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "<td>4,580,597</td>") || p.Rows[0][1] != "4580597" {
		t.Errorf("the panel's value is not grouped on the slide, or the caller's panel changed: %q", p.Rows[0][1])
	}
}

// TestCompareSlide: a comparison's slide names its regressions under a
// title that states the headline, and puts the reason of a long
// headline under a short title.
func TestCompareSlide(t *testing.T) {
	reg := &analysis.Comparison{TimeRegressions: 1, Tested: 2, Points: 2, PointsTested: 2,
		Series: []analysis.SeriesComparison{{Identity: analysis.Identity{Title: "pi · goroutines · block"},
			Points: []analysis.PointComparison{
				{Workers: 2, Ratio: analysis.Estimate{Value: 1.2, Lo: 1.15, Hi: 1.25}, P: 0.008,
					Verdict: analysis.Regression},
			}}}}
	s := compareSlide(reg)
	if s.Title != "Compared with the baseline: 1 time regression" || len(s.Lines) != 1 ||
		s.Lines[0] != "pi · goroutines · block: P=2 +20.0% slower (+15.0% to +25.0%, p=0.008)" {
		t.Errorf("slide %q, lines %q", s.Title, s.Lines)
	}
	none := &analysis.Comparison{Tested: 2, Points: 24}
	s = compareSlide(none)
	if s.Title != "Compared with the baseline: inconclusive" ||
		!strings.HasPrefix(s.Lines[0], "none of the 24 points could be tested") {
		t.Errorf("slide %q, lines %q", s.Title, s.Lines)
	}
}
