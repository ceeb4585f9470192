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

// cacheSettingProblem says what is wrong with a cache directory's setting, or "".
func cacheSettingProblem(f *facts.Facts, name, dir string) string {
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
	return ""
}

// cacheUnwritable is the problem of a cache directory that can be neither written nor created.
func cacheUnwritable(name, dir string, err error) string {
	return fmt.Sprintf("%s=%s can be neither written nor created (%v): builds fail with \"failed to initialize build cache at %s\" or \"could not create module cache\"", name, dir, err, dir)
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
	var problems, undecided []string
	var fix *finding.Fix
	fromBadGOPATH := 0 // problems of a GOMODCACHE derived from a GOPATH that env.gopath fails
	dirs := cacheDirs(f)
	ev := finding.Evidence{Command: "go env GOCACHE GOMODCACHE"}
	if f.GoEnv().OK() {
		ev = doctor.Ran(f.GoEnv().Result)
	}
	ev.Output = fmt.Sprintf("GOCACHE=%s\nGOMODCACHE=%s", dirs["GOCACHE"], dirs["GOMODCACHE"])
	evs := []finding.Evidence{ev}
	for _, name := range []string{"GOCACHE", "GOMODCACHE"} {
		dir := dirs[name]
		p := cacheSettingProblem(f, name, dir)
		if p == "" {
			w := creatable(f, dir)
			evs = append(evs, writableEvidence(dir, w))
			switch {
			case w.Unknown:
				undecided = append(undecided, fmt.Sprintf("%s=%s: %v", name, dir, w.Err))
				continue
			case !w.OK():
				p = cacheUnwritable(name, dir, w.Err)
			default:
				continue
			}
		}
		problems = append(problems, p)
		if name == "GOMODCACHE" && modcacheFromBadGOPATH(f, dir) {
			fromBadGOPATH++
		}
		if fix == nil {
			fix = cacheFix(f, name)
		}
	}
	switch {
	case len(problems) > 0:
		blocked := ""
		if _, collides := goInDefaultGOPATH(f); collides || fromBadGOPATH == len(problems) {
			// GOMODCACHE derives from a GOPATH that is the Go installation, or that is relative:
			// env.gopath's fix is this one's (go env -w GOMODCACHE fails while GOPATH is bad).
			blocked = "env.gopath"
		}
		return finding.Finding{
			BlockedBy: blocked,
			Status:    finding.Fail,
			Title:     "a Go cache cannot be used",
			Detail:    strings.Join(problems, ".\n") + ".\ngopls, builds, tests and tool installs all fail the same way.",
			Evidence:  evs,
			Fix:       fix,
		}
	case len(undecided) > 0:
		return finding.Finding{Status: finding.Info, Title: "cannot tell whether the Go caches are writable", Evidence: evs,
			Detail: strings.Join(undecided, ".\n") + ".\nIf the go command cannot write there, builds fail with \"failed to initialize build cache\" or \"could not create module cache\"."}
	}
	return finding.Finding{Status: finding.OK, Title: "the build and module caches are writable", Evidence: evs}
}

// modcacheFromBadGOPATH reports whether dir, GOMODCACHE, is not set but derived from a GOPATH
// whose first entry is not an absolute path (relative, "~/go"): the go command rejects that
// GOPATH itself ("GOPATH entry is relative"), and env.gopath judges it.
func modcacheFromBadGOPATH(f *facts.Facts, dir string) bool {
	if f.Value("GOMODCACHE").Source != goenv.FromDefault {
		return false
	}
	gp := f.Value("GOPATH")
	if gp.Source == goenv.FromDefault {
		return false
	}
	first := host.SplitList(f.Host, gp.Value)
	return len(first) > 0 && !host.IsAbs(f.Host, first[0]) && filepath.Clean(dir) == filepath.Join(first[0], "pkg", "mod")
}

// cacheFix points the cache name at a directory the user can write: the go command's default,
// or HOME when there is none.
func cacheFix(f *facts.Facts, name string) *finding.Fix {
	if v := f.Value(name); v.Source != goenv.FromDefault {
		return advice.Unset(f, v, " so the go command uses its default location")
	}
	if f.Host.HomeDir() == "" {
		return advice.NoHome(f) // the defaults live under the home directory
	}
	if name == "GOCACHE" {
		return advice.Set(f, "GOCACHE", filepath.Join(f.Host.HomeDir(), ".cache", "go-build"), " (a directory you can write)")
	}
	return advice.Set(f, "GOMODCACHE", filepath.Join(f.Host.HomeDir(), "go", "pkg", "mod"), " (a directory you can write)")
}
