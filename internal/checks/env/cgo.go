package env

import (
	"context"
	"fmt"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
)

func cgo(_ context.Context, f *facts.Facts) finding.Finding {
	enabled := f.GoVar("CGO_ENABLED")
	src := f.Value("CGO_ENABLED")
	cc := f.CCompiler()
	path, why, ev := cc.Path, cc.Why, doctor.RanAll(cc.Probe)
	ev = append([]finding.Evidence{{Command: "CGO_ENABLED=" + enabled + " CC=" + f.GoVar("CC"), Output: "CGO_ENABLED from " + src.Where()}}, ev...)
	installFix := &finding.Fix{Summary: "Install a C compiler.", Docs: advice.DocsCgo, Commands: advice.CompilerInstall(f.Host.OS())}
	switch {
	case enabled == "1" && path == "":
		return finding.Finding{Status: finding.Warn, Evidence: ev,
			Title: "cgo is on but there is no C compiler",
			Detail: fmt.Sprintf("CGO_ENABLED=1 (from %s), but %s. Packages that use cgo (net on some systems, os/user, sqlite drivers) fail to build with "+
				"\"cgo: C compiler %q not found\", and go test -race fails with \"-race requires cgo\".", src.Where(), why, f.GoVar("CC")),
			Fix: installFix}
	case enabled == "0" && src.Source == goenv.FromDefault && path == "":
		return finding.Finding{Status: finding.Info, Evidence: ev,
			Title: "cgo is off because there is no C compiler",
			Detail: fmt.Sprintf("The go command turns cgo off by default when it finds no C compiler (%s). Pure Go builds work; packages that need cgo are "+
				"excluded (\"build constraints exclude all Go files\") and go test -race fails with \"-race requires cgo\".", why),
			Fix: installFix}
	case enabled == "0":
		return finding.Finding{Status: finding.Info, Evidence: ev,
			Title:  "cgo is off (CGO_ENABLED=0)",
			Detail: fmt.Sprintf("Set in %s. Packages that need cgo are excluded from builds and go test -race is unavailable.", src.Where())}
	}
	return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("cgo is on; the C compiler is %s", path), Evidence: ev}
}
