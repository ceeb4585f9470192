// Package env holds the checks of the `env` layer: the Go environment variables and the
// directories they name.
package env

import (
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/finding"
)

// Checks returns the env layer's checks. env.gopath, env.go111module, env.gotoolchain and
// env.caches judge settings that make even go env fail, so they decide from where the values were
// set when go env cannot tell them, and go.runs blames its failure on them (Causes).
func Checks() []*doctor.Check {
	return []*doctor.Check{
		{ID: "env.gopath", Layer: finding.LayerEnv, Run: gopath, Needs: []string{"go.found"},
			Repair: finding.RepairAuto, RepairNote: "go env -w or -u GOPATH (the start-up file line is removed first when the environment sets it); moving a Go installed in $HOME/go and an entry that cannot be created are manual",
			Looks: "the GOPATH entries",
			Fails: "F: relative (or starting with ~), empty, or equal to / inside GOROOT; Go installed in $HOME/go, GOPATH's default (the fix moves it, never GOPATH=$HOME/go). W: an entry that does not exist and cannot be created"},
		{ID: "env.gobin_on_path", Layer: finding.LayerEnv, Run: gobinOnPath, Needs: []string{"go.runs"},
			Repair: finding.RepairAuto, RepairNote: "path_add in the shell's start-up file and, on Linux with systemd, in ~/.config/environment.d/90-gomedic.conf for programs started from the desktop; on macOS launchd's PATH needs sudo launchctl config user path: listed, never run",
			Looks: "the directory go install writes to (GOBIN, else the first GOPATH entry + /bin), against PATH",
			Fails: "F: not on PATH (compared cleaned and symlink-resolved; a literal ~ or $HOME inside PATH does not count)"},
		{ID: "env.gobin_writable", Layer: finding.LayerEnv, Run: gobinWritable, Needs: []string{"go.runs"},
			Repair: finding.RepairAuto, RepairNote: "go env -u GOBIN when it is relative, go env -w GOBIN=~/go/bin when it cannot be written; a default directory owned by another user needs chown (root): manual",
			Looks: "whether that directory, or the parent go install would create it in, takes new files, asked of the kernel (access(2), effective ids) without creating anything there",
			Fails: "F: GOBIN relative, or the directory can be neither written nor created. I: on a network file system with no gomedic directory on it, undecided"},
		{ID: "env.go111module", Layer: finding.LayerEnv, Run: go111module, Needs: []string{"go.found"},
			Repair: finding.RepairAuto, RepairNote: "go env -u GO111MODULE, or the start-up file line that sets it removed (a confirmation when gomedic cannot find the line)",
			Looks: "GO111MODULE from the environment and from the go env file, each with its source",
			Fails: "F: off, or a value the go command rejects. W: the environment hides a go env file value of off"},
		{ID: "env.goflags", Layer: finding.LayerEnv, Run: goflags, Needs: []string{"go.found"},
			Repair: finding.RepairAuto, RepairNote: "go env -u GOFLAGS (run with another GOFLAGS in the environment, since a -w or -json in the file applies to go env -u too; a list flag's value split at a space is written back quoted), or the start-up file line that sets it removed (a confirmation when gomedic cannot find the line)",
			Looks: "GOFLAGS, with its source, split as the go command splits it (at spaces; a whole entry may be quoted), then parsed by the go command itself",
			Fails: "F: an entry that is a flag of go env (-w or -u: every go env fails, often a -ldflags=-s -w split in two; -changed; -json: go list -f fails), blamed for go.runs; a flag or value the go command rejects. W: -mod=vendor. info: -mod=mod"},
		{ID: "env.gotoolchain", Layer: finding.LayerEnv, Run: gotoolchain, Needs: []string{"go.found"},
			Repair: finding.RepairAuto, RepairNote: "go env -w GOTOOLCHAIN=auto or go env -u, or the start-up file line that sets it removed (a confirmation when gomedic cannot find the line)",
			Looks: "GOTOOLCHAIN, with its source",
			Fails: "F: a value the go command rejects; a toolchain it names (go1.X.Y, go1.X.Y+auto; a language version go1.X names none) that the go command cannot get, so go env itself fails switching to it (go.runs is blamed on it). W: local; auto with GOPROXY=off. info: a toolchain named, which every go command runs"},
		{ID: "env.caches", Layer: finding.LayerEnv, Run: caches, Needs: []string{"go.found"}, Causes: []string{"env.gopath"},
			Repair: finding.RepairAuto, RepairNote: "go env -u, or go env -w to a directory under the home directory; a cache owned by another user needs chown (root): manual",
			Looks: "GOCACHE and GOMODCACHE, and whether they take new files, decided as env.gobin_writable decides",
			Fails: "F: off, relative, or cannot be written or created; blocked by env.gopath when GOMODCACHE is not set and derives from a relative GOPATH or one that is the Go installation. I: undecided (a network file system)"},
		{ID: "env.cgo", Layer: finding.LayerEnv, Run: cgo, Needs: []string{"go.runs"},
			Repair: finding.RepairManual, RepairNote: "installing a C compiler needs a package manager (root) or Xcode's installer",
			Looks: "the effective CGO_ENABLED and the C compiler (CC, else gcc or clang; on macOS xcode-select -p)",
			Fails: "W: CGO_ENABLED=1 and no compiler found. info: CGO_ENABLED=0"},
		{ID: "env.target", Layer: finding.LayerEnv, Run: target, Needs: []string{"go.found"},
			Repair: finding.RepairAuto, RepairNote: "go env -u GOOS/GOARCH, or the start-up file line that sets them removed; moving go.toolsEnvVars values to gopls's build.env is manual",
			Looks: "GOOS and GOARCH from the environment, the go env files and go.toolsEnvVars, with the instruction-set variables (GOAMD64, GOARM, GOARM64, GO386, ...), against this machine",
			Fails: "F: an unknown platform, or another platform than this machine's in the environment or the go env file (go install writes to bin/GOOS_GOARCH, go run fails with exec format error, dlv cannot debug); an instruction-set level this processor does not run where the runtime stops every program at start: GOAMD64 above the amd64 level (from its features), GOARM64 v8.1+ or \",lse\" on a Linux arm64 processor without LSE, GOARM hard float without VFP or 7 without VFPv3 on Linux arm, GOARM below 7 on a multiprocessor NetBSD/OpenBSD arm (an unknown processor: nothing; GO386 and GOARM64 features other than LSE are not checked at start, so not judged); an instruction-set value the go command rejects (GOARM64, GOMIPS, GOMIPS64, GOPPC64, GORISCV64, GOWASM: every go command fails, go.runs is blamed on it; GO386 when building for 386: every build fails). W: GOAMD64 or GOARM set to an invalid value, which the go command (1.23 and later) ignores, building the default level; the same with a go_GOOS_GOARCH_exec wrapper on PATH; only in go.toolsEnvVars (tests and debugging build for it); darwin/amd64 on Apple silicon (Rosetta). info: set to this machine's platform"},
		{ID: "env.gotmpdir", Layer: finding.LayerEnv, Run: gotmpdir, Needs: []string{"go.found"},
			Repair: finding.RepairAuto, RepairNote: "mkdir for a GOTMPDIR that does not exist, go env -u or -w to a directory of the user's; a system temporary directory that cannot be written or is mounted noexec is manual",
			Looks: "GOTMPDIR, else the system's temporary directory (TMPDIR on Unix; TMP, TEMP on Windows), where the go command makes the work directory of every build, test, run and package load",
			Fails: "F: relative, does not exist (the go command never creates it), not a directory, or cannot be written (decided by access(2)). W: on a file system mounted noexec (go run and go test fail with permission denied). I: undecided (a network file system)"},
	}
}
