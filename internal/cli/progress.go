package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/scalebench/scalebench/scaling/sweep"
)

// progressBar draws the state of a sweep on a terminal.
type progressBar struct {
	w    io.Writer
	last time.Time
	// plain is set on a terminal that takes no escape sequences
	// (TERM=dumb, or no TERM): the line is redrawn after a carriage
	// return and padded with spaces over the longer line before it.
	plain bool
	drawn int // runes of the line on screen, when plain
}

// newProgressBar returns a bar drawing on w when w is a terminal, or nil;
// term is the terminal's type, the value of TERM.
func newProgressBar(w io.Writer, term string) *progressBar {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &progressBar{w: w, plain: term == "" || term == "dumb"}
}

func (b *progressBar) update(p sweep.Progress) {
	if time.Since(b.last) < 100*time.Millisecond && p.Done > 0 {
		return
	}
	b.last = time.Now()
	const width = 24
	fill := 0
	if p.Total > 0 {
		fill = width * p.Done / p.Total
	}
	left := "?"
	if p.Done > 0 {
		left = p.Left.Round(time.Second).String()
	}
	round := "warm-up"
	if p.Round > 0 {
		round = fmt.Sprintf("round %d/%d", p.Round, p.Rounds)
		if p.Round > p.Rounds {
			round = fmt.Sprintf("round %d (more for precision)", p.Round)
		}
	}
	fill = min(fill, width)
	b.draw(fmt.Sprintf("[%s%s] %s  %s  %d/%d  elapsed %s  left %s",
		strings.Repeat("=", fill), strings.Repeat(" ", width-fill), p.Label, round,
		p.Done, p.Total, p.Elapsed.Round(time.Second), left))
}

// draw replaces the line on screen with line.
func (b *progressBar) draw(line string) {
	if !b.plain {
		fmt.Fprint(b.w, "\r\033[K"+line)
		return
	}
	n := utf8.RuneCountInString(line)
	fmt.Fprint(b.w, "\r"+line+strings.Repeat(" ", max(b.drawn-n, 0)))
	b.drawn = n
}

// done clears the line.
func (b *progressBar) done() {
	b.draw("")
	if b.plain {
		fmt.Fprint(b.w, "\r")
	}
}
