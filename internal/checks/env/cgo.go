package env

import (
	"cmp"
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
	switch {
	case enabled == "1" && path == "":
		title := "cgo is on but there is no C compiler"
		if cc.Short != "" {
			title = "cgo is on but " + cc.Short
		}
		fix := advice.CompilerFix(f, cc)
		if src.Source != goenv.FromDefault && !cc.UserSet() {
			if unset := advice.Unset(f, src, " so the go command turns cgo off by itself while there is no C compiler"); unset != nil {
				fix.Summary += " Or: " + unset.Summary
				fix.Commands = append(fix.Commands, unset.Commands...)
			}
		}
		failure := cmp.Or(cc.CgoError(), fmt.Sprintf("cgo: C compiler %q not found", cc.Name))
		return finding.Finding{Status: finding.Warn, Evidence: ev,
			Title: title,
			Detail: fmt.Sprintf("CGO_ENABLED=1 (from %s), but %s. Packages that use cgo (net on some systems, os/user, sqlite drivers) fail to build with:\n  %s\n"+
				"and go test -race fails with \"-race requires cgo\".", src.Where(), why, failure),
			Fix: fix}
	case enabled == "0" && src.Source == goenv.FromDefault && path == "":
		if cc.DefaultPath == "" {
			why = cc.Default + " (the go command's default CC) is not on PATH"
		}
		return finding.Finding{Status: finding.Info, Evidence: ev,
			Title: "cgo is off because there is no C compiler",
			Detail: fmt.Sprintf("The go command turns cgo off by default when it finds no C compiler (%s). Pure Go builds work; packages that need cgo are "+
				"excluded (\"build constraints exclude all Go files\") and go test -race fails with \"-race requires cgo\".", why),
			Fix: &finding.Fix{Summary: "Install a C compiler.", Docs: advice.DocsCgo, Commands: advice.CompilerInstall(f.Host.OS())}}
	case enabled == "0":
		return finding.Finding{Status: finding.Info, Evidence: ev,
			Title:  "cgo is off (CGO_ENABLED=0)",
			Detail: fmt.Sprintf("Set in %s. Packages that need cgo are excluded from builds and go test -race is unavailable.", src.Where())}
	}
	return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("cgo is on; the C compiler is %s", path), Evidence: ev}
}
