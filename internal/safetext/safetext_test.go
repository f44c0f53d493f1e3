package safetext

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestQuote(t *testing.T) {
	long := strings.Repeat("é", 200)
	for _, tc := range []struct{ in, want string }{
		{"plain", `"plain"`},
		{"a\nscalebench: forged", `"a\nscalebench: forged"`},
		{"\x1b[31mred\x1b[0m", `"\x1b[31mred\x1b[0m"`},
		{"nul\x00 and \xff", `"nul\x00 and \xff"`},
		{"\u202egnp.exe", `"\u202egnp.exe"`},
		{long, `"` + strings.Repeat("é", MaxRunes-1) + `…"`},
		{strings.Repeat("x", MaxRunes), `"` + strings.Repeat("x", MaxRunes) + `"`},
	} {
		if got := Quote(tc.in); got != tc.want {
			t.Errorf("Quote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// TestCutQuoted: a long quoted value inside a message is cut as Quote
// cuts it, so that the text after it stays.
func TestCutQuoted(t *testing.T) {
	long := strings.Repeat("x", 200)
	cutLong := `"` + strings.Repeat("x", MaxRunes-1) + `…"`
	for _, tc := range []struct{ in, want string }{
		{`plain, no quotes`, `plain, no quotes`},
		{`--w "1,2": bad`, `--w "1,2": bad`},
		{`--w "` + long + `": why`, `--w ` + cutLong + `: why`},
		{`a "` + long + `" for "--reps" flag: parsing "` + long + `": invalid syntax`,
			`a ` + cutLong + ` for "--reps" flag: parsing ` + cutLong + `: invalid syntax`},
		{`esc "` + strings.Repeat(`\"`, 100) + `": why`, `esc "` + strings.Repeat(`\"`, MaxRunes-1) + `…": why`},
		{`ctl "` + strings.Repeat(`\x1b`, 100) + `": why`, `ctl "` + strings.Repeat(`\x1b`, MaxRunes-1) + `…": why`},
		{`bare " in non-quoted-field`, `bare " in non-quoted-field`},
		{`unclosed "` + long, `unclosed "` + long},
	} {
		if got := CutQuoted(tc.in, MaxRunes); got != tc.want {
			t.Errorf("CutQuoted(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLine(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{`report: "a" is C:\dir`, 100, `report: "a" is C:\dir`},
		{"x: bad\nscalebench: forged", 100, `x: bad\nscalebench: forged`},
		{"\r\x1b[2K\x00\x7f\u0085\u2028\u202e", 100, `\r\x1b[2K\x00\x7f\u0085\u2028\u202e`},
		{"bad \xfe byte, fine \uFFFD", 100, `bad \xfe byte, fine ` + "\uFFFD"},
		{"abcdef", 4, "abc…"},
	} {
		if got := Line(tc.in, tc.max); got != tc.want {
			t.Errorf("Line(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"pi · block", "pi · block"},
		{"a\tb\nc\r\nd", "a b c  d"},
		{"\x1b[31m\x00\x7f\u0085\u009b", "\uFFFD[31m\uFFFD\uFFFD \uFFFD"},
		{"bad \xff\xfe, \uFFFE\uFFFF", "bad \uFFFD\uFFFD, \uFFFD\uFFFD"},
		{"<script>|x", "<script>|x"},
	} {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzClean checks that whatever goes in, what comes out is valid UTF-8,
// one line and valid XML character data.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "pi", "a\x00b", "\x1b[31m", "\xff", "\uFFFE", "a\u2028b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		if !utf8.ValidString(c) || strings.ContainsAny(c, "\n\r") {
			t.Fatalf("Clean(%q) = %q", s, c)
		}
		var v struct {
			X string `xml:"x"`
		}
		var b strings.Builder
		if err := xml.EscapeText(&b, []byte(c)); err != nil {
			t.Fatal(err)
		}
		if err := xml.Unmarshal([]byte("<r><x>"+b.String()+"</x></r>"), &v); err != nil {
			t.Fatalf("Clean(%q) = %q is not XML text: %v", s, c, err)
		}
		if v.X != c {
			t.Fatalf("XML round trip of %q gave %q", c, v.X)
		}
		l := Line(s, 1<<20)
		if strings.ContainsAny(l, "\n\r\x1b\x00") || !utf8.ValidString(l) {
			t.Fatalf("Line(%q) = %q", s, l)
		}
	})
}
