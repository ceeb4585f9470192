// Command gomedic is a doctor for Go development environments. See the README.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/gomedic/gomedic/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(ctx, os.Args[1:], os.Environ(), os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
