// Package tools holds the checks of the `tools` layer: each editor tool of the tool table.
package tools

import "github.com/gomedic/gomedic/internal/doctor"

// Checks returns the tools layer's checks, six per tool of the table.
func Checks() []*doctor.Check { return nil }
