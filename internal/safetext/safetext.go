// Package safetext makes text from the user safe to print: quoted and cut
// for error messages, one line for the final error, and free of control
// characters for documents (SVG, HTML, Markdown, terminal tables).
package safetext

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxRunes is where Quote cuts a value.
const MaxRunes = 80

// MaxLine is where Line cuts a whole message.
const MaxLine = 1000

// Quote returns s as a double-quoted Go string literal for an error
// message: control characters, invalid UTF-8 and other unprintable
// characters are escaped (\n, \x1b, \u202e), and a value longer than
// MaxRunes runes is cut with "…".
func Quote(s string) string {
	return strconv.Quote(cut(s, MaxRunes))
}

// CutQuoted returns msg with the value of every double-quoted Go string
// literal in it (as %q and Quote write them) cut at max runes with "…"
// and quoted again, so that what follows a long value, the reason of an
// error, is not lost when the whole message is cut. It is for messages
// written by others (a flag parser, a library) that quote a value whole.
// Quotes pair from the left, a backslash escaping the next byte; a pair
// whose text is not a Go string literal is left as it is.
func CutQuoted(msg string, max int) string {
	var b strings.Builder
	rest := msg
	for {
		i := strings.IndexByte(rest, '"')
		if i < 0 {
			break
		}
		j := closingQuote(rest, i+1)
		if j < 0 {
			break
		}
		lit := rest[i : j+1]
		if v, err := strconv.Unquote(lit); err == nil && utf8.RuneCountInString(v) > max {
			lit = strconv.Quote(cut(v, max))
		}
		b.WriteString(rest[:i])
		b.WriteString(lit)
		rest = rest[j+1:]
	}
	if b.Len() == 0 {
		return msg
	}
	b.WriteString(rest)
	return b.String()
}

// closingQuote is the index of the quote that closes a literal whose text
// starts at from in s, or -1.
func closingQuote(s string, from int) int {
	for k := from; k < len(s); k++ {
		switch s[k] {
		case '\\':
			k++
		case '"':
			return k
		}
	}
	return -1
}

// Line returns s as one line of at most max runes (cut with "…"): every
// control character, line or paragraph separator, bidirectional control
// and invalid byte is escaped as Go would escape it in a string literal.
// Printable text, quotes and backslashes are left as they are.
func Line(s string, max int) string {
	s = cut(s, max)
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		r, n := utf8.DecodeRuneInString(s[i:])
		w = n
		switch {
		case r == utf8.RuneError && n == 1:
			const hex = "0123456789abcdef"
			b.WriteString(`\x`)
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&15])
		case unsafeInLine(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || unsafeInLine(r) {
			return true
		}
	}
	return false
}

func unsafeInLine(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}

// Clean returns s fit for a document: tabs, line breaks and other
// whitespace controls become a space; every other control character
// (C0, DEL, C1), invalid UTF-8 and the non-characters U+FFFE and U+FFFF
// become U+FFFD. What remains is allowed in XML 1.0, HTML and Markdown
// text and cannot move a terminal's cursor.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(cleanRune(r))
	}
	return b.String()
}

func isClean(s string) bool {
	for _, r := range s {
		if cleanRune(r) != r || r == utf8.RuneError {
			return false
		}
	}
	return true
}

func cleanRune(r rune) rune {
	switch {
	case r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' ||
		r == '\u0085' || r == '\u2028' || r == '\u2029':
		return ' '
	case unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF':
		return utf8.RuneError
	}
	return r
}

// cut returns s cut to max runes, the last of them "…".
func cut(s string, max int) string {
	if max < 1 || utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max-1 {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
