package main

import (
	"os"

	"github.com/scalebench/scalebench/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:])) }
