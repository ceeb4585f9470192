package env

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
)

// cacheProblem says what is wrong with a cache directory, or "".
func cacheProblem(f *facts.Facts, name, dir string) string {
	switch {
	case dir == "":
		return fmt.Sprintf("%s is not set and cannot be computed (neither an absolute XDG_CACHE_HOME nor HOME is set)", name)
	case name == "GOCACHE" && dir == "off" && f.Value("GOCACHE").Source == goenv.FromDefault:
		return "the go command found no cache directory (XDG_CACHE_HOME is relative or HOME is not set) and turned the build cache off: every build fails with \"build cache is required, but could not be located\""
	case name == "GOCACHE" && dir == "off":
		return "GOCACHE=off disables the build cache, which the go command requires since Go 1.12: every build fails with \"build cache is disabled by GOCACHE=off, but required as of Go 1.12\""
	case !host.IsAbs(f.Host, dir):
		return fmt.Sprintf("%s=%s is not an absolute path: builds fail with \"%s is not an absolute path\"", name, dir, name)
	}
	if err := creatable(f, dir); err != nil {
		return fmt.Sprintf("%s=%s can be neither written nor created (%v): builds fail with \"failed to initialize build cache at %s\" or \"could not create module cache\"", name, dir, err, dir)
	}
	return ""
}

// cacheDirs are GOCACHE and GOMODCACHE: as go env reported them, or, when go env failed (a bad
// GOCACHE makes even go env fail), as set or as the go command would compute them.
func cacheDirs(f *facts.Facts) map[string]string {
	if f.GoEnv().OK() {
		return map[string]string{"GOCACHE": f.GoVar("GOCACHE"), "GOMODCACHE": f.GoVar("GOMODCACHE")}
	}
	dirs := map[string]string{"GOCACHE": goenv.DefaultGOCACHE(f.Host)}
	if v := f.Value("GOCACHE"); v.Source != goenv.FromDefault {
		dirs["GOCACHE"] = v.Value
	}
	if v := f.Value("GOMODCACHE"); v.Source != goenv.FromDefault {
		dirs["GOMODCACHE"] = v.Value
	} else if gp := f.Value("GOPATH"); gp.Source != goenv.FromDefault {
		if first := host.SplitList(f.Host, gp.Value); len(first) > 0 && first[0] != "" {
			dirs["GOMODCACHE"] = filepath.Join(first[0], "pkg", "mod")
		}
	} else if home := f.Host.HomeDir(); home != "" {
		dirs["GOMODCACHE"] = filepath.Join(home, "go", "pkg", "mod")
	}
	return dirs
}

func caches(_ context.Context, f *facts.Facts) finding.Finding {
	var problems []string
	var fix *finding.Fix
	dirs := cacheDirs(f)
	ev := finding.Evidence{Command: "go env GOCACHE GOMODCACHE"}
	if f.GoEnv().OK() {
		ev = doctor.Ran(f.GoEnv().Result)
	}
	ev.Output = fmt.Sprintf("GOCACHE=%s\nGOMODCACHE=%s", dirs["GOCACHE"], dirs["GOMODCACHE"])
	for _, name := range []string{"GOCACHE", "GOMODCACHE"} {
		dir := dirs[name]
		p := cacheProblem(f, name, dir)
		if p == "" {
			continue
		}
		problems = append(problems, p)
		if fix != nil {
			continue
		}
		if v := f.Value(name); v.Source != goenv.FromDefault {
			fix = advice.Unset(f, v, " so the go command uses its default location")
		} else if f.Host.HomeDir() == "" {
			fix = advice.NoHome(f) // the defaults live under the home directory
		} else if name == "GOCACHE" {
			fix = advice.Set(f, "GOCACHE", filepath.Join(f.Host.HomeDir(), ".cache", "go-build"), " (a directory you can write)")
		} else {
			fix = advice.Set(f, "GOMODCACHE", filepath.Join(f.Host.HomeDir(), "go", "pkg", "mod"), " (a directory you can write)")
		}
	}
	if len(problems) == 0 {
		return finding.Finding{Status: finding.OK, Title: "the build and module caches are writable", Evidence: []finding.Evidence{ev}}
	}
	return finding.Finding{
		Status:   finding.Fail,
		Title:    "a Go cache cannot be used",
		Detail:   strings.Join(problems, ".\n") + ".\ngopls, builds, tests and tool installs all fail the same way.",
		Evidence: []finding.Evidence{ev},
		Fix:      fix,
	}
}
