package analysis

import (
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// Input converts a series to the input of scaling.Analyze: the samples of
// every point with their rounds (the passes others disturbed are not
// among them), and the serial reference's. A point of which every pass
// was disturbed is given its disturbed passes instead, so that a run on
// a busy machine can still be shown (its series is then busy, and its
// conclusions inconclusive: see Interference.Busy). Failed points and
// points without samples are left out.
func Input(s *results.Series) scaling.Input {
	in := scaling.Input{Mode: scaling.Mode(s.Mode), Throughput: s.Metric == results.MetricThroughput}
	if s.Serial != nil && !in.Throughput {
		in.Serial, _ = passSamples(s.Serial.SamplesS, s.Serial.Rounds, s.Serial.Passes)
		in.SerialSize = float64(s.Serial.Size)
	}
	for _, p := range s.Points {
		samples := p.SamplesS
		if in.Throughput {
			samples = p.Throughput
		}
		rounds := p.Rounds
		if !in.Throughput {
			samples, rounds = passSamples(samples, rounds, p.Passes)
		}
		if p.Failed || len(samples) == 0 {
			continue
		}
		if len(rounds) != len(samples) {
			rounds = nil
		}
		in.Points = append(in.Points, scaling.Point{Workers: p.Workers, Samples: samples,
			Oversubscribed: p.Oversubscribed, Size: float64(p.Size), Rounds: rounds})
	}
	return in
}

// passSamples returns the samples and their rounds, or, when there are no
// samples, the disturbed passes' times and rounds.
func passSamples(samples []float64, rounds []int, p results.Passes) ([]float64, []int) {
	if len(samples) > 0 || len(p.Disturbed) == 0 {
		return samples, rounds
	}
	samples = make([]float64, len(p.Disturbed))
	rounds = make([]int, len(p.Disturbed))
	for i, d := range p.Disturbed {
		samples[i], rounds[i] = d.Seconds, d.Round
	}
	return samples, rounds
}
