package workloads

import "testing"

// TestAutocorrMethodsAgree checks the direct and FFT methods against each
// other and against a brute-force sum at a few lags.
func TestAutocorrMethodsAgree(t *testing.T) {
	m := randomMatrices(5, 1)
	s := newACScratch()
	direct := make([]uint32, acSide*acSide)
	fft := make([]uint32, acSide*acSide)
	if err := s.correlate(direct, m, false); err != nil {
		t.Fatal(err)
	}
	if err := s.correlate(fft, m, true); err != nil {
		t.Fatal(err)
	}
	for i := range direct {
		if direct[i] != fft[i] {
			t.Fatalf("lag index %d: direct %d, fft %d", i, direct[i], fft[i])
		}
	}
	brute := func(dy, dx int) uint32 {
		var c uint32
		for r := range matSide {
			for q := range matSide {
				if r+dy >= 0 && r+dy < matSide && q+dx >= 0 && q+dx < matSide {
					c += uint32(m[r*matSide+q]) * uint32(m[(r+dy)*matSide+q+dx])
				}
			}
		}
		return c
	}
	for _, lag := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {-3, 7}, {99, -99}, {-99, 99}, {50, 2}} {
		dy, dx := lag[0], lag[1]
		if got, want := direct[(dy+99)*acSide+dx+99], brute(dy, dx); got != want {
			t.Errorf("C(%d, %d) = %d, want %d", dy, dx, got, want)
		}
	}
}

// TestAutocorrDirectLargest checks every lag of the direct method on the
// matrices whose sums are largest: all 255 (any byte a kernel may be
// sent), C(dy, dx) = 255²·(100−|dy|)·(100−|dx|), and all 99, the largest
// value of the workload's input. The two lags that share a 64-bit sum must
// not carry into each other.
func TestAutocorrDirectLargest(t *testing.T) {
	for _, v := range []int{255, 99} {
		m := make([]byte, matSide*matSide)
		for i := range m {
			m[i] = byte(v)
		}
		got := make([]uint32, acSide*acSide)
		newACScratch().correlateDirect(got, m)
		for dy := -(matSide - 1); dy < matSide; dy++ {
			for dx := -(matSide - 1); dx < matSide; dx++ {
				want := uint32(v * v * (matSide - abs(dy)) * (matSide - abs(dx)))
				if c := got[(dy+matSide-1)*acSide+dx+matSide-1]; c != want {
					t.Fatalf("all %d: C(%d, %d) = %d, want %d", v, dy, dx, c, want)
				}
			}
		}
	}
}

func abs(x int) int { return max(x, -x) }
