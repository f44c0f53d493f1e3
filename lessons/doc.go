// Package lessons turns the claims of the seed documents about parallel
// work into experiments: each Lesson names a claim, the run command lines
// that test it on this machine, a pure function that judges the claim from
// the analysed measurements (held, did not hold, or inconclusive, with the
// numbers that decided it and the thresholds it used), and a chart.
// BuildDeck lays the judged lessons out as report.Slides, which the
// report package writes as a deck for a projector (report.WriteDeck) and
// as one page (report.WriteDeckPage).
//
// The package measures nothing itself: the command runs the experiments'
// command lines with the same planning and sweep code as `scalebench run`
// and hands the result documents to Judge.
package lessons
