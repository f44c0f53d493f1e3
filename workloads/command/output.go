package command

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"strings"
)

// AnswerKept is how many bytes of a verified answer are kept in memory,
// for notes and messages. A program's stdout is spooled to an unlinked
// temporary file (so the program never waits for scalebench, and its disk
// use grows with the output) and read back in a stream: verification
// compares the length and the SHA-256 of the whole answer, so two answers
// that differ only past their first AnswerKept bytes still differ, and
// memory holds no more than AnswerKept bytes of output however much the
// program prints.
const AnswerKept = 64 << 10

// answer is the part of a run's output that verification compares: all
// of stdout, or the first capture group of --verify-regexp.
type answer struct {
	head string // the first AnswerKept bytes
	size int64
	sum  [sha256.Size]byte
}

func (a answer) equal(b answer) bool { return a.size == b.size && a.sum == b.sum }

// String shows the answer quoted, shortened to its first 60 bytes.
func (a answer) String() string { return show(a.head) }

// differs tells a from b for a message, with their sizes and hashes
// when their first bytes look the same.
func (a answer) differs(b answer) (string, string) {
	x, y := a.String(), b.String()
	if x == y {
		x += fmt.Sprintf(" (%d bytes, sha256 %x…)", a.size, a.sum[:6])
		y += fmt.Sprintf(" (%d bytes, sha256 %x…)", b.size, b.sum[:6])
	}
	return x, y
}

// readAnswer reads r to its end into an answer.
func readAnswer(r io.Reader) (answer, error) {
	h := sha256.New()
	head := &prefix{max: AnswerKept}
	n, err := io.Copy(io.MultiWriter(h, head), r)
	a := answer{head: string(head.b), size: n}
	h.Sum(a.sum[:0])
	return a, err
}

// prefix keeps the first max bytes written to it and drops the rest.
type prefix struct {
	b   []byte
	max int
}

func (p *prefix) Write(b []byte) (int, error) {
	p.b = append(p.b, b[:min(len(b), p.max-len(p.b))]...)
	return len(b), nil
}

// answer reads the answer from out, a run's spooled stdout. The regexp,
// when set, runs over the whole output as a stream.
func (p *Program) answer(out *os.File) (answer, error) {
	size, err := out.Seek(0, io.SeekEnd)
	if err != nil {
		return answer{}, fmt.Errorf("read the output: %w", err)
	}
	all := io.NewSectionReader(out, 0, size)
	if p.VerifyRegexp == nil {
		return readAnswer(all)
	}
	loc := p.VerifyRegexp.FindReaderSubmatchIndex(bufio.NewReader(all))
	if _, err := all.Seek(0, io.SeekStart); err != nil {
		return answer{}, fmt.Errorf("read the output: %w", err)
	}
	if loc == nil {
		whole, err := readAnswer(all)
		if err != nil {
			return answer{}, fmt.Errorf("read the output: %w", err)
		}
		return answer{}, fmt.Errorf("output %s does not match --verify-regexp %s", whole, p.VerifyRegexp)
	}
	if len(loc) > 2 {
		loc = loc[2:4] // the first group
	}
	if loc[0] < 0 { // the group took no part in the match
		return readAnswer(strings.NewReader(""))
	}
	return readAnswer(io.NewSectionReader(out, int64(loc[0]), int64(loc[1]-loc[0])))
}
