// Command gomedic is a doctor for Go development environments. See the README.
package main

import (
	"context"
	"os"

	"github.com/gomedic/gomedic/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], os.Environ(), os.Stdin, os.Stdout, os.Stderr))
}
