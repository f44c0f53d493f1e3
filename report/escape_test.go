package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/scalebench/scalebench/analysis"
	"github.com/scalebench/scalebench/internal/testdocs"
)

const evil = `<script>alert(1)</script>`

func TestEscaping(t *testing.T) {
	d := testdocs.Strong()
	d.Env.Hostname = evil
	d.Env.Command = "scalebench run " + evil
	d.Env.CPUModel = evil
	for i := range d.Series {
		d.Series[i].Workload = evil
		d.Series[i].Params = map[string]string{"p": evil, evil: "x"}
		d.Series[i].Points[1].Note = evil
	}
	d.Series[0].Executor = evil
	r := newTestReport(t, d)
	outputs := map[string][]byte{
		"index.html":  render(t, func(b *bytes.Buffer) error { return r.WriteHTML(b) }),
		"slides.html": render(t, func(b *bytes.Buffer) error { return r.WriteSlides(b) }),
		"report.md":   render(t, func(b *bytes.Buffer) error { return r.WriteMarkdown(b, "") }),
		"fits.md":     render(t, func(b *bytes.Buffer) error { return r.WriteFits(b, "markdown") }),
	}
	for i, f := range r.Figures {
		outputs[f.Name+".svg"] = render(t, func(b *bytes.Buffer) error { return r.WriteFigure(b, i) })
		if strings.ContainsAny(f.Name, "<>/&\"' ") {
			t.Errorf("figure file name %q is not a slug", f.Name)
		}
	}
	for name, out := range outputs {
		s := strings.ToLower(string(out))
		if strings.Contains(s, "<script>alert") || strings.Contains(s, "</script>alert") {
			t.Errorf("%s: the workload name comes out as markup", name)
		}
		if !strings.Contains(s, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: the escaped name is missing", name)
		}
		if name == "slides.html" {
			// The one script of the page is ours.
			if n := strings.Count(s, "<script"); n != 1 {
				t.Errorf("slides.html has %d script elements, want 1", n)
			}
		} else if strings.Contains(s, "<script") {
			t.Errorf("%s contains a script element", name)
		}
	}
}

// control is a series name with what breaks each format: an escape
// sequence, NUL, a line break that would end a Markdown cell, a DEL and a
// C1 control, markup and a table pipe.
const control = "pi\x1b[31m\x00\nnext|line\r\x7f\u0085<script>x"

func TestControlCharacters(t *testing.T) {
	d := testdocs.Strong()
	d.Env.Hostname = "host\x1b]0;title\x07"
	d.Env.Command = "scalebench run\n" + control
	for i := range d.Series {
		d.Series[i].Workload = control
		d.Series[i].Params = map[string]string{"p\x00": "v\nw|" + control}
		d.Series[i].Unit = "pts\x1b"
		d.Series[i].Points[1].Verified = false
		d.Series[i].Points[1].Note = "lost\x00 updates\n|x|"
	}
	r, err := newReport([]analysis.Source{{Name: "run\n\x1b.json", Doc: d}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range r.Figures {
		svg := render(t, func(b *bytes.Buffer) error { return r.WriteFigure(b, i) })
		dec := xml.NewDecoder(bytes.NewReader(svg))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s.svg is not valid XML: %v", f.Name, err)
				break
			}
		}
		noControls(t, f.Name+".svg", svg)
	}
	for name, out := range map[string][]byte{
		"index.html":  render(t, func(b *bytes.Buffer) error { return r.WriteHTML(b) }),
		"slides.html": render(t, func(b *bytes.Buffer) error { return r.WriteSlides(b) }),
	} {
		noControls(t, name, out)
		if !bytes.Contains(out, []byte("pi\uFFFD[31m\uFFFD next|line \uFFFD &lt;script&gt;x")) {
			t.Errorf("%s lacks the cleaned, escaped series name", name)
		}
	}
	var summary bytes.Buffer
	if err := WriteSummary(&summary, d.Env.Warnings, analysis.Analyze(d, analysis.Options{}), "markdown"); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string][]byte{
		"report.md":  render(t, func(b *bytes.Buffer) error { return r.WriteMarkdown(b, "") }),
		"fits.md":    render(t, func(b *bytes.Buffer) error { return r.WriteFits(b, "markdown") }),
		"summary.md": summary.Bytes(),
	} {
		noControls(t, name, out)
		checkMarkdownTables(t, name, string(out))
		if bytes.Contains(out, []byte("<script")) {
			t.Errorf("%s: the series name comes out as markup", name)
		}
	}
	for _, format := range []string{"table", "csv"} {
		var b bytes.Buffer
		if err := WriteSummary(&b, d.Env.Warnings, analysis.Analyze(d, analysis.Options{}), format); err != nil {
			t.Fatal(err)
		}
		noControls(t, "summary "+format, b.Bytes())
	}
	var gb bytes.Buffer
	if err := WriteGoBench(&gb, d, GoBenchOptions{}); err != nil {
		t.Fatal(err)
	}
	noControls(t, "gobench", gb.Bytes())
	var fit bytes.Buffer
	if err := WriteFitTable(&fit, fitOf("run\n\x1b.json", d, analysis.Options{})); err != nil {
		t.Fatal(err)
	}
	noControls(t, "fit table", fit.Bytes())
}

// noControls fails when out holds a control character other than a tab
// or a line feed, or invalid UTF-8.
func noControls(t *testing.T, name string, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Errorf("%s is not valid UTF-8", name)
	}
	for i, r := range string(out) {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			t.Errorf("%s holds control character %U at byte %d", name, r, i)
			return
		}
	}
}

// checkMarkdownTables fails when a row of a Markdown table has another
// number of cells than the table's header: a line break or an unescaped
// pipe in a cell.
func checkMarkdownTables(t *testing.T, name, md string) {
	t.Helper()
	cells := func(line string) int {
		n := 0
		for i := 0; i < len(line); i++ {
			switch line[i] {
			case '\\':
				i++
			case '|':
				n++
			}
		}
		return n
	}
	want := 0
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = 0
			continue
		}
		if want == 0 {
			want = cells(line)
		} else if got := cells(line); got != want {
			t.Errorf("%s: row with %d pipes in a table of %d: %q", name, got, want, line)
		}
	}
}

// TestMarkdownEnvEscaped: the environment of a run (host name, CPU
// model, command) is text in report.md, not Markdown: emphasis and
// strike-through are escaped like every other mark.
func TestMarkdownEnvEscaped(t *testing.T) {
	d := testdocs.Strong()
	d.Env.Hostname = "**bold** _em_ ~~gone~~"
	d.Env.CPUModel = "*cpu* [x](http://y)"
	d.Env.Command = "scalebench run pi __init__"
	r := newTestReport(t, d)
	md := string(render(t, func(b *bytes.Buffer) error { return r.WriteMarkdown(b, "") }))
	for _, want := range []string{
		`| **host** | \*\*bold\*\* \_em\_ \~\~gone\~\~ |`,
		`| **CPU** | \*cpu\* \[x\](http://y) |`,
		`scalebench run pi \_\_init\_\_`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
}
