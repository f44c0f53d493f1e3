// Package lessons turns the claims of the seed documents about parallel
// work into experiments: each Lesson names a claim, the experiments that
// test it on this machine (typed run configurations, plan.Config, shown
// on the slide as the equivalent `scalebench run` command lines), a pure
// function that judges the claim from the analysed series
// (analysis.Series: paired intervals and the interference ledger) as
// held, did not hold, or inconclusive, with the numbers that decided it
// and the thresholds it used, and a chart. BuildDeck lays the judged
// lessons out as report.Slides, which the report package writes as a
// deck for a projector (report.WriteDeck) and as one page
// (report.WriteDeckPage).
//
// The package measures nothing itself: the command builds each
// experiment's plan (Experiment.Config, plan.Config.Build), measures it
// with the same sweep as `scalebench run`, and hands the result
// documents to Data.Add and Judge.
package lessons
