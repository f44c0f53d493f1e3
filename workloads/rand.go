package workloads

// SplitMix64 is a small, fast and deterministic random stream (Steele,
// Lea and Flood, 2014). Each task gets its own stream from Stream(seed,
// task), so a task's numbers do not depend on which worker runs it.
type SplitMix64 struct{ state uint64 }

// Stream returns the stream of task under seed.
func Stream(seed uint64, task int) SplitMix64 {
	s := SplitMix64{state: seed*0x9e3779b97f4a7c15 ^ uint64(task)*0xd1b54a32d192ed03}
	s.Uint64() // decorrelate neighbouring seeds
	return s
}

// Uint64 returns the next number of the stream.
func (s *SplitMix64) Uint64() uint64 {
	s.state += 0x9e3779b97f4a7c15
	z := s.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Float64 returns a number uniform in [0, 1) with 53 random bits.
func (s *SplitMix64) Float64() float64 {
	return float64(s.Uint64()>>11) * (1.0 / (1 << 53))
}

// Split divides n units into parts nearly equal parts and returns the
// first unit and the count of part i.
func Split(n int64, parts, i int) (start, count int64) {
	q, r := n/int64(parts), n%int64(parts)
	start = int64(i)*q + min(int64(i), r)
	count = q
	if int64(i) < r {
		count++
	}
	return start, count
}
