package cli

import (
	"github.com/spf13/pflag"

	"github.com/scalebench/scalebench/predict"
)

// maxPredictTo is the most workers --predict-to accepts.
const maxPredictTo = 1 << 16

// predictToFlag registers --predict-to on fs, into p.
func predictToFlag(fs *pflag.FlagSet, p *int) {
	fs.IntVar(p, "predict-to", predict.DefaultMaxWorkers,
		"predict the curve from the recorded task times up to `N` workers (docs/predict.md)")
}

// checkPredictTo checks the value of --predict-to.
func checkPredictTo(n int) error {
	if n < 1 || n > maxPredictTo {
		return usagef("--predict-to %d: must be between 1 and %d", n, maxPredictTo)
	}
	return nil
}
