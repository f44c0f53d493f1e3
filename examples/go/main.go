package main

import (
	"fmt"
	"os"

	"github.com/scalebench/scalebench"
)

func main() {
	if err := scalebench.Register(SumSquares); err != nil {
		fmt.Fprintln(os.Stderr, "sumsquares:", err)
		os.Exit(2)
	}
	scalebench.Main()
}
