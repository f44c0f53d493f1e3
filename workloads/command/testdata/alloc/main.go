// Command alloc holds the number of MiB given as its argument resident
// for 300 ms, then exits: a program of known size for the tests of the
// peak memory of --cmd programs.
package main

import (
	"os"
	"runtime"
	"strconv"
	"time"
)

func main() {
	mib, err := strconv.Atoi(os.Args[1])
	if err != nil {
		os.Exit(2)
	}
	b := make([]byte, mib<<20)
	for i := range b {
		b[i] = 1
	}
	time.Sleep(300 * time.Millisecond)
	runtime.KeepAlive(b)
}
