package golang

import (
	"context"
	"fmt"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
)

// minGo is the oldest release any current editor tool builds with.
const minGo = "go1.21"

func version(_ context.Context, f *facts.Facts) finding.Finding {
	raw := f.GoVar("GOVERSION")
	v := goenv.Normalize(raw)
	if v == "" {
		return finding.Finding{Status: finding.Info, Title: fmt.Sprintf("go is a development build (%s)", raw),
			Detail: "gomedic cannot compare a development build with the releases gopls supports."}
	}
	latest := f.NewestGo()
	supported := fmt.Sprintf("go1.%d and go1.%d", goenv.Minor(latest), goenv.Minor(latest)-1)
	ev := []finding.Evidence{doctor.Ran(f.GoEnv().Result)}
	ev[0].Output = "GOVERSION=" + raw
	switch {
	case goenv.CompareVersions(v, minGo) < 0:
		return finding.Finding{Status: finding.Fail, Title: fmt.Sprintf("%s is too old for the editor's tools", v), Evidence: ev,
			Detail: fmt.Sprintf("No current release of gopls, dlv or staticcheck builds with %s, and it cannot switch toolchains by itself (that came in go1.21): "+
				"installing tools fails with errors such as \"go.mod requires go >= 1.24\" or \"note: module requires Go 1.24\".", v),
			Fix: upgradeFix(f, latest)}
	case goenv.Minor(v) < goenv.Minor(latest)-1:
		return finding.Finding{Status: finding.Warn, Title: fmt.Sprintf("%s is older than the two releases gopls supports (%s)", v, supported), Evidence: ev,
			Detail: fmt.Sprintf("gopls and the Go extension support only the two newest major Go releases. With %s the newest gopls will not install without a toolchain download, "+
				"and the editor shows \"Found Go version 1.%d, which is not supported by this version of gopls\".", v, goenv.Minor(v)),
			Fix: upgradeFix(f, latest)}
	}
	return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%s (supported: %s)", v, supported), Evidence: ev}
}

// upgradeFix says how to upgrade Go the way it was installed.
func upgradeFix(f *facts.Facts, latest string) *finding.Fix {
	fix := &finding.Fix{Summary: fmt.Sprintf("Upgrade Go to %s.", latest), Docs: advice.DocsInstall}
	switch goenv.Origin(f.Host, f.GOROOT(), f.GoVar("GOMODCACHE")) {
	case goenv.OriginHomebrew:
		fix.Commands = []string{"brew upgrade go"}
	case goenv.OriginGoenv:
		fix.Commands = []string{"goenv install latest", "goenv global latest"}
	case goenv.OriginAsdf:
		fix.Commands = []string{"asdf install golang latest", "asdf set -u golang latest"}
	case goenv.OriginMise:
		fix.Commands = []string{"mise use -g go@latest"}
	case goenv.OriginSnap:
		fix.Commands = []string{"sudo snap refresh go --channel=latest/stable"}
	case goenv.OriginDistro:
		fix.Summary += " Distribution packages lag behind; install the official archive from https://go.dev/dl/ and put its bin directory first on PATH."
	default:
		fix.Commands = []string{"# download and install " + latest + " from https://go.dev/dl/"}
	}
	return fix
}
