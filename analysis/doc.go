// Package analysis reads what a measured series says: the input of the
// scaling fits made from its samples (Input), how precise its answer is
// against what was asked (CheckPrecision), what disturbed its passes
// (Interference), and its curve predicted past the machine from its task
// times (Predict, with package predict). It computes; renderers show what
// it returns.
package analysis
