package workspace

import "github.com/gomedic/gomedic/internal/doctor"

// goplsChecks returns ws.gopls, the live gopls session (--deep).
func goplsChecks() []*doctor.Check { return nil }
