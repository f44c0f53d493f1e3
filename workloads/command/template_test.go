package command

import (
	"slices"
	"testing"
)

func TestTemplateArgs(t *testing.T) {
	tests := []struct {
		tmpl  string
		shell bool
		v     Values
		want  []string
		uses  []string
	}{
		{
			"prog --threads {workers}",
			false,
			Values{Workers: 4},
			[]string{"prog", "--threads", "4"},
			[]string{"workers"},
		},
		{
			"prog -n{workers} --size={size}",
			false,
			Values{Workers: 16, Size: 1000000},
			[]string{"prog", "-n16", "--size=1000000"},
			[]string{"workers", "size"},
		},
		{"prog '{workers} x'", false, Values{Workers: 3}, []string{"prog", "3 x"}, []string{"workers"}},
		{"prog {{workers}} }} {{", false, Values{Workers: 3}, []string{"prog", "{workers}", "}", "{"}, nil},
		{"awk '{print $1}' '{x y}' {1}", false, Values{Workers: 3}, []string{"awk", "{print $1}", "{x y}", "{1}"}, nil},
		{"prog", false, Values{Workers: 2}, []string{"prog"}, nil},
		{
			"echo {workers} | wc -c",
			true,
			Values{Workers: 8},
			[]string{"sh", "-c", "echo 8 | wc -c"},
			[]string{"workers"},
		},
		{"echo $'x' {size}", true, Values{Size: 7}, []string{"sh", "-c", "echo $'x' 7"}, []string{"size"}},
	}
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			tm, err := Parse(tt.tmpl, tt.shell)
			if err != nil {
				t.Fatal(err)
			}
			if got := tm.Args(tt.v); !slices.Equal(got, tt.want) {
				t.Errorf("Args = %q, want %q", got, tt.want)
			}
			for _, p := range Placeholders {
				if tm.Uses(p) != slices.Contains(tt.uses, p) {
					t.Errorf("Uses(%s) = %v", p, tm.Uses(p))
				}
			}
		})
	}
}

func TestTemplateErrors(t *testing.T) {
	tests := []struct {
		tmpl  string
		shell bool
		want  string
	}{
		{"prog {foo}", false, "unknown placeholder {foo} (known: {workers}, {size}; write {{ for a literal brace)"},
		{
			"prog {Workers}",
			true,
			"unknown placeholder {Workers} (known: {workers}, {size}; write {{ for a literal brace)",
		},
		{"prog 'a", false, "unterminated single quote"},
		{"  ", false, "empty command"},
		{"", true, "empty command"},
	}
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			_, err := Parse(tt.tmpl, tt.shell)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Parse(%q) error = %v, want %q", tt.tmpl, err, tt.want)
			}
		})
	}
}

func TestTemplateName(t *testing.T) {
	for tmpl, want := range map[string]string{
		"/usr/bin/python3 x.py {workers}": "python3",
		"examples/mpi/pi {workers}":       "pi",
		"'my prog' {workers}":             "my prog",
		"bin/{workers}/x":                 "x",
	} {
		tm, err := Parse(tmpl, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := tm.Name(); got != want {
			t.Errorf("Name of %q = %q, want %q", tmpl, got, want)
		}
	}
}
