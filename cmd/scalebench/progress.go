package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/scalebench/scalebench/scaling/sweep"
)

// progressBar draws the state of a sweep on a terminal.
type progressBar struct {
	w    io.Writer
	last time.Time
}

// newProgressBar returns a bar drawing on w when w is a terminal, or nil.
func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return &progressBar{w: w}
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
	fmt.Fprintf(b.w, "\r\033[K[%s%s] %s  %s  %d/%d  elapsed %s  left %s",
		strings.Repeat("=", fill), strings.Repeat(" ", width-fill), p.Label, round,
		p.Done, p.Total, p.Elapsed.Round(time.Second), left)
}

func (b *progressBar) done() { fmt.Fprint(b.w, "\r\033[K") }
