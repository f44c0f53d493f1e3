package workloads

import (
	"math/big"
	"testing"
)

func TestPowernSum(t *testing.T) {
	var s powernScratch
	got := s.sum(nil, new(big.Int), 7, 2, 3)
	want := new(big.Int)
	for k := int64(2); k < 5; k++ {
		x := big.NewInt(powernBase + 7 + powernStep*k)
		want.Add(want, x.Exp(x, big.NewInt(powernExp), nil))
	}
	if got.Cmp(want) != 0 {
		t.Errorf("sum of 3 powers differs from math/big's Exp")
	}
	if b := got.BitLen(); b < 3*190_000/3 {
		t.Errorf("sum has %d bits, implausibly few", b)
	}
}
