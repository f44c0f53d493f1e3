package report

import (
	"bytes"
	"strings"
	"testing"
)

const evil = `<script>alert(1)</script>`

func TestEscaping(t *testing.T) {
	d := testDoc()
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
