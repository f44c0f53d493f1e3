package scaling

import (
	"encoding/json"
	"math"
	"testing"
)

// TestJSONNonFinite checks that every float field, plain or pointed to,
// encodes a non-finite value as null, under the field's own tag.
func TestJSONNonFinite(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		v    any
		want string
	}{
		{AmdahlFit{F: 0, FLo: 0, FHi: 0.1, T1: 2, R2: 1, SMax: math.Inf(1), N: 3},
			`{"f":0,"f_lo":0,"f_hi":0.1,"t1":2,"r2":1,"s_max":null,"n":3}`},
		{KarpFlattSummary{Trend: "flat", Slope: nan}, `{"trend":"flat","slope":null}`},
		{
			PointResult{
				Workers:    2,
				Summary:    Summary{N: 1, Median: 1, CV: nan},
				Median:     1,
				Speedup:    math.Inf(-1),
				AbsSpeedup: &nan,
			},
			`{"workers":2,"oversubscribed":false,"summary":{"n":1,"median":1,"mean":0,"stddev":0,"mad":0,"min":0,"max":0,"cv":null,"median_lo":0,"median_hi":0},` +
				`"median":1,"speedup":null,"speedup_lo":0,"speedup_hi":0,"efficiency":0,"abs_speedup":null,"karp_flatt":null,"throughput":0}`,
		},
		{
			USLFit{Sigma: 0.1, SigmaSE: nan, N: 4},
			`{"sigma":0.1,"sigma_se":null,"kappa":0,"kappa_se":0,"lambda":0,"lambda_se":0,"r2":0,"has_peak":false,"peak_n":0,"peak_x":0,"n":4}`,
		},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.v)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tt.want {
			t.Errorf("%T:\n got %s\nwant %s", tt.v, b, tt.want)
		}
	}
}
