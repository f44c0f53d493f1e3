package analysis

import (
	"github.com/scalebench/scalebench/results"
	"github.com/scalebench/scalebench/scaling"
)

// Input converts a series to the input of scaling.Analyze: the samples of
// every point with their rounds (the passes others disturbed are not
// among them), and the serial reference's. Failed points and points
// without samples are left out.
func Input(s *results.Series) scaling.Input {
	in := scaling.Input{Mode: scaling.Mode(s.Mode), Throughput: s.Metric == results.MetricThroughput}
	if s.Serial != nil && !in.Throughput {
		in.Serial = s.Serial.SamplesS
		in.SerialSize = float64(s.Serial.Size)
	}
	for _, p := range s.Points {
		samples := p.SamplesS
		if in.Throughput {
			samples = p.Throughput
		}
		if p.Failed || len(samples) == 0 {
			continue
		}
		var rounds []int
		if len(p.Rounds) == len(samples) {
			rounds = p.Rounds
		}
		in.Points = append(in.Points, scaling.Point{Workers: p.Workers, Samples: samples,
			Oversubscribed: p.Oversubscribed, Size: float64(p.Size), Rounds: rounds})
	}
	return in
}
