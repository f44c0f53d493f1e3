package scaling

import "errors"

// ErrTooFewPoints is returned by a fit that lacks the points it needs.
var ErrTooFewPoints = errors.New("scaling: too few points")

// ErrBadInput is returned for NaN, Inf or non-positive times, worker counts
// below 1 and slices of different lengths.
var ErrBadInput = errors.New("scaling: invalid input")
