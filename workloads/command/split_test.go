package command

import (
	"slices"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"   \t\n ", nil},
		{"a", []string{"a"}},
		{"  a  b\tc\nd ", []string{"a", "b", "c", "d"}},
		{`'a b' "c d"`, []string{"a b", "c d"}},
		{`a'b'"c"d`, []string{"abcd"}},
		{`'' ""`, []string{"", ""}},
		{`a\ b`, []string{"a b"}},
		{`a\\b`, []string{`a\b`}},
		{`\'x\"`, []string{`'x"`}},
		{`'a\b'`, []string{`a\b`}},
		{`"a\b"`, []string{`a\b`}},
		{`"a\"b\\c\$d"`, []string{`a"b\c$d`}},
		{`"it's"`, []string{"it's"}},
		{`'say "hi"'`, []string{`say "hi"`}},
		{"a\\\nb", []string{"ab"}},
		{"\"a\\\nb\"", []string{"ab"}},
		{`echo $HOME *.go ~ ; | & > <`, []string{"echo", "$HOME", "*.go", "~", ";", "|", "&", ">", "<"}},
		{`mpirun -np {workers} ./pi`, []string{"mpirun", "-np", "{workers}", "./pi"}},
		{`awk '{print $1}'`, []string{"awk", "{print $1}"}},
		{"naïve 'π ≈ 3'", []string{"naïve", "π ≈ 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Split(tt.in)
			if err != nil {
				t.Fatalf("Split(%q): %v", tt.in, err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Split(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`echo 'abc`, "unterminated single quote"},
		{`echo "abc`, "unterminated double quote"},
		{`echo "abc\"`, "unterminated double quote"},
		{`echo abc\`, "trailing backslash"},
		{`'`, "unterminated single quote"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Split(tt.in)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Split(%q) error = %v, want %q", tt.in, err, tt.want)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{`a 'b c' "d\"e" f\ g`, `'`, `"\`, "x\\\ny"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, err := Split(s)
		if err != nil {
			return
		}
		// Quoting every word in single quotes and splitting again gives
		// the same words.
		var line string
		for _, w := range words {
			line += " '" + strings.ReplaceAll(w, "'", `'\''`) + "'"
		}
		again, err := Split(line)
		if err != nil || !slices.Equal(again, words) {
			t.Fatalf("Split(%q) = %q; requoted %q splits to %q, %v", s, words, line, again, err)
		}
	})
}
