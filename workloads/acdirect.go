package workloads

// The direct autocorrelation sums, for every lag (dy, dx), the products
// a[r][c]·a[r+dy][c+dx] of the overlap of the matrix with itself shifted.
// Two tricks make it several times faster than one multiply-add per
// product, with the same exact integers:
//
//   - Two lags per multiplication. A lag sums at most 10⁴ products of
//     bytes, below 255²·10⁴ < 6.6·10⁸ < 2³² (10⁸ for the workload's values
//     below 100). The shifted matrix is stored as pairs y[c] + y[c+1]·2³²
//     in one uint64, and one 64-bit multiply-add by a[r][c] adds to the
//     lags dx and dx+1 at once, one in each 32-bit half, with no carry
//     between them.
//   - acBlock lags per pass over the overlap, so that a[r][c] is loaded
//     once for acBlock/2 multiplications. The pass runs over the union of
//     the overlaps of its lags; the shifted rows are padded with zeros so
//     that a product outside a lag's own overlap adds nothing.
//
// C(−dy, −dx) = C(dy, dx), so only dy > 0, and dy = 0 with dx ≥ 0, are
// summed.

// acBlock is the number of lags of one pass, as acBlock/2 pairs.
const acBlock = 8

// acEdge is the zeros on each side of a padded row: a pass reaches
// acBlock−1 columns past a lag's own overlap.
const acEdge = acBlock - 1

// acPairW is the width of a row of pairs: the padded row (2·acEdge + 100
// values) less one, as each pair holds two neighbours.
const acPairW = matSide + 2*acEdge - 1

// acDirectBytes is the size of an acDirect.
const acDirectBytes = 8 * (matSide*matSide + matSide*acPairW)

// acDirect is the work area of the direct method.
type acDirect struct {
	x     [matSide * matSide]uint64 // the matrix
	pairs [matSide * acPairW]uint64 // per row, pairs[j] = y[j−acEdge] + y[j+1−acEdge]·2³², zero outside
}

// correlate writes the full autocorrelation of m into dst, laid out as
// acScratch.correlate's.
func (d *acDirect) correlate(dst []uint32, m []byte) {
	const n = matSide
	m = m[:n*n]
	for i, v := range m {
		d.x[i] = uint64(v)
	}
	for r := range n {
		row := m[r*n : (r+1)*n]
		p := d.pairs[r*acPairW : (r+1)*acPairW]
		for j := range p {
			lo, hi := j-acEdge, j+1-acEdge
			var v uint64
			if lo >= 0 && lo < n {
				v = uint64(row[lo])
			}
			if hi >= 0 && hi < n {
				v |= uint64(row[hi]) << 32
			}
			p[j] = v
		}
	}
	for dy := range n {
		dx0 := -(n - 1)
		if dy == 0 {
			dx0 = 0
		}
		for dx := dx0; dx < n; dx += acBlock {
			s := d.block(dy, dx)
			for k, v := range s {
				for h := range 2 {
					lag := dx + 2*k + h
					if lag >= n {
						break
					}
					c := uint32(v >> (32 * h))
					dst[(dy+n-1)*acSide+lag+n-1] = c
					dst[(-dy+n-1)*acSide-lag+n-1] = c
				}
			}
		}
	}
}

// block sums the lags dx … dx+acBlock−1 at the row offset dy, as pairs:
// the low half of s[k] is the lag dx+2k, the high half dx+2k+1.
func (d *acDirect) block(dy, dx int) (s [acBlock / 2]uint64) {
	const n = matSide
	// Columns c0…c1 of row r overlap row r+dy shifted by some lag of the
	// block; pairs[r+dy][c+dx+acEdge] holds y[c+dx] and y[c+dx+1].
	c0, c1 := max(0, -(dx+acBlock-1)), min(n, n-dx)
	off := dx + acEdge
	var s0, s1, s2, s3 uint64
	for r := 0; r+dy < n; r++ {
		x := d.x[r*n+c0 : r*n+c1]
		q := d.pairs[(r+dy)*acPairW+c0+off : (r+dy)*acPairW+c1+off+6]
		q0, q1, q2, q3 := q[:len(x)], q[2:2+len(x)], q[4:4+len(x)], q[6:6+len(x)]
		for i, v := range x {
			s0 += v * q0[i]
			s1 += v * q1[i]
			s2 += v * q2[i]
			s3 += v * q3[i]
		}
	}
	return [acBlock / 2]uint64{s0, s1, s2, s3}
}
