package command

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// Placeholders are the names a template may use in braces.
var Placeholders = []string{"workers", "size"}

// Values are what the placeholders of a template stand for in one run.
type Values struct {
	Workers int
	Size    int64
}

func (v Values) lookup(name string) string {
	switch name {
	case "workers":
		return strconv.Itoa(v.Workers)
	case "size":
		return strconv.FormatInt(v.Size, 10)
	}
	panic("command: unchecked placeholder " + name) // Parse rejects the others
}

// Template is a command line with placeholders: {workers}, {size}. A
// literal brace is written {{ or }}; a brace that does not open a
// placeholder name (such as awk's '{print $1}') is literal too.
//
// Without Shell the template is split into words once (see Split) and the
// placeholders are replaced inside each word, so a value never changes
// how the line is split and nothing is interpreted by a shell. With Shell
// the whole line, placeholders replaced, is run by sh -c. Either way the
// values are integers formatted here, so they cannot inject a command.
type Template struct {
	Text  string
	Shell bool
	words []string // the split line, placeholders not yet replaced
	uses  map[string]bool
}

// Parse checks a template: it must split into at least one word (unless
// Shell) and use only known placeholders.
func Parse(text string, shell bool) (*Template, error) {
	t := &Template{Text: text, Shell: shell, uses: map[string]bool{}}
	words, err := Split(text)
	if err != nil {
		if !shell {
			return nil, err
		}
		words = nil // the shell may accept what Split does not, e.g. $'…'
	}
	if len(words) == 0 && strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("empty command")
	}
	t.words = words
	if _, err := expand(text, nil, t.uses); err != nil {
		return nil, err
	}
	return t, nil
}

// Uses reports whether the template uses the placeholder name.
func (t *Template) Uses(name string) bool { return t.uses[name] }

// Program is the program the template runs (its first word), or "sh"
// with Shell.
func (t *Template) Program() string {
	if t.Shell {
		return "sh"
	}
	return t.words[0]
}

// Name is a short name for what the template runs: the base name of its
// first word (of the line given to the shell, with Shell).
func (t *Template) Name() string {
	if len(t.words) == 0 {
		return "sh"
	}
	w, _ := expand(t.words[0], &Values{}, nil)
	return filepath.Base(w)
}

// Args returns the argument vector for one run: the words with the
// placeholders replaced, or sh -c LINE with Shell.
func (t *Template) Args(v Values) []string {
	if t.Shell {
		line, _ := expand(t.Text, &v, nil)
		return []string{"sh", "-c", line}
	}
	args := make([]string, len(t.words))
	for i, w := range t.words {
		args[i], _ = expand(w, &v, nil)
	}
	return args
}

// expand replaces the placeholders of s by their values (v nil: checks
// only) and records the names used in uses (if not nil).
func expand(s string, v *Values, uses map[string]bool) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c == '{' || c == '}') && i+1 < len(s) && s[i+1] == c {
			b.WriteByte(c)
			i++
			continue
		}
		if c != '{' {
			b.WriteByte(c)
			continue
		}
		end := strings.IndexByte(s[i+1:], '}')
		if end < 0 || !isName(s[i+1:i+1+end]) {
			b.WriteByte(c)
			continue
		}
		name := s[i+1 : i+1+end]
		if !known(name) {
			return "", fmt.Errorf("unknown placeholder {%s} (known: {%s}; write {{ for a literal brace)",
				name, strings.Join(Placeholders, "}, {"))
		}
		if uses != nil {
			uses[name] = true
		}
		if v != nil {
			b.WriteString(v.lookup(name))
		}
		i += end + 1
	}
	return b.String(), nil
}

func known(name string) bool {
	for _, p := range Placeholders {
		if p == name {
			return true
		}
	}
	return false
}

// isName reports whether s is an identifier: a letter or underscore, then
// letters, digits and underscores.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
