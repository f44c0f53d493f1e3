// Package analysis reads what a measured series says: the input of the
// scaling fits made from its samples (Input), how precise its answer is
// against what was asked (CheckPrecision), and what disturbed its
// passes (Interference). It computes; renderers show what it returns.
package analysis
