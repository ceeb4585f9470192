package golang

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
)

func found(_ context.Context, f *facts.Facts) finding.Finding {
	goBin, err := f.GoBin()
	if err == nil {
		title := "go is " + goBin
		if shim := goenv.Shim(goBin); shim != "" {
			title += " (a " + shim + " shim)"
		}
		return finding.Finding{Status: finding.OK, Title: title}
	}
	var detail strings.Builder
	detail.WriteString("No directory on PATH holds a go command, so shells print \"go: command not found\" and the Go extension reports \"Failed to find the \\\"go\\\" binary in either GOROOT() or PATH\"; gopls, dlv and tool installs cannot run.")
	for _, e := range f.PathEntries() {
		if e.Problem == facts.PathTilde {
			if p := host.ExpandHome(f.Host, e.Raw); p != "" && host.FindIn(f.Host, p, "go", host.Exts(f.Host, f.Host.Env().Get("PATHEXT"))) != "" {
				fmt.Fprintf(&detail, "\nPATH holds %q, which would reach a go command, but PATH entries are not expanded: write the full path (%s) or let the shell expand it (no quotes around ~).", e.Raw, p)
			}
		}
	}
	installs := f.Installations()
	fd := finding.Finding{Status: finding.Fail, Title: "no go command on PATH"}
	if len(installs) == 0 {
		detail.WriteString("\nNo Go installation was found in the usual places either.")
		fd.Fix = &finding.Fix{Summary: "Install Go, then open a new shell.", Docs: advice.DocsInstall, Commands: []string{"# download and install Go from https://go.dev/dl/"}}
	} else {
		detail.WriteString("\nGo installations on disk that PATH does not reach:")
		for _, in := range installs {
			fmt.Fprintf(&detail, "\n  %s  %s (%s)", in.Root, orUnknown(in.Version), in.Origin)
		}
		best := newest(installs)
		fd.Fix = advice.AddToPath(f, filepath.Dir(best.Go), fmt.Sprintf(" (the newest installation found, %s)", orUnknown(best.Version)))
	}
	fd.Detail = detail.String()
	fd.Evidence = []finding.Evidence{{Command: "PATH=" + f.Host.Env().Get("PATH")}}
	return fd
}

func orUnknown(v string) string {
	if v == "" {
		return "unknown version"
	}
	return v
}

// newest returns the installation with the highest version; ties keep the first.
func newest(ins []goenv.Install) goenv.Install {
	best := ins[0]
	for _, in := range ins[1:] {
		if goenv.CompareVersions(in.Version, best.Version) > 0 {
			best = in
		}
	}
	return best
}
