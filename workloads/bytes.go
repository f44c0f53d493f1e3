package workloads

import (
	"encoding/binary"
	"fmt"
)

// PutU64s appends each value as 8 little-endian bytes.
func PutU64s(b []byte, vs ...uint64) []byte {
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	return b
}

// U64s decodes exactly n little-endian uint64 values from b.
func U64s(b []byte, n int) ([]uint64, error) {
	if len(b) != 8*n {
		return nil, fmt.Errorf("want %d bytes, got %d", 8*n, len(b))
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return out, nil
}
