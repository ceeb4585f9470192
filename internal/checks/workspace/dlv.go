package workspace

import "github.com/gomedic/gomedic/internal/doctor"

// dlvChecks returns ws.dlv, the live debug session (--deep).
func dlvChecks() []*doctor.Check { return nil }
