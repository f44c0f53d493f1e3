package workloads

import "testing"

func TestDetOf(t *testing.T) {
	slice := func(f func(i, j int) int) []byte {
		b := make([]byte, detN*detN)
		for i := range detN {
			for j := range detN {
				b[i*detN+j] = byte(int8(f(i, j)))
			}
		}
		return b
	}
	tests := []struct {
		name string
		s    []byte
		want float64
	}{
		{"identity", slice(func(i, j int) int { return b2i(i == j) }), 1},
		{"diagonal 1..10 halved", slice(func(i, j int) int { return b2i(i == j) * (1 + i%2) }), 32},
		{
			"two rows swapped",
			slice(func(i, j int) int { return b2i(i == j && i > 1 || i == 0 && j == 1 || i == 1 && j == 0) }),
			-1,
		},
		{"zero row", slice(func(i, j int) int { return b2i(i == j && i != 4) }), 0},
		{"upper triangular", slice(func(i, j int) int { return b2i(j >= i) * (2 + b2i(i == j)) }), 59049}, // 3¹⁰
	}
	var w detWork
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detOf(&w, tt.s); got != tt.want {
				t.Errorf("det = %g, want %g", got, tt.want)
			}
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
