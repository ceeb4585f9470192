// Package network holds the checks of the `net` layer: reaching modules through GOPROXY, HTTP
// proxies, the checksum database and version control tools.
package network

import "github.com/gomedic/gomedic/internal/doctor"

// Checks returns the net layer's checks.
func Checks() []*doctor.Check { return nil }
