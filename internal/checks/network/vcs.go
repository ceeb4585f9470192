package network

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/redact"
)

// docsGoGetTools is the page the go command names when a VCS is missing (golang.org/s/gogetcmd).
const docsGoGetTools = "https://go.dev/wiki/GoGetTools"

// vcsTool is a version control program the go command may run for direct fetches.
type vcsTool struct {
	cmd  string   // the program
	name string   // the go command's name for it: "Git" in "go: missing Git command"
	pkg  string   // its package in Linux distributions and Homebrew
	args []string // its version command
}

// vcsTools are the go command's version control systems (cmd/go/internal/vcs vcsList).
var vcsTools = map[string]vcsTool{
	"git":    {"git", "Git", "git", []string{"--version"}},
	"hg":     {"hg", "Mercurial", "mercurial", []string{"--version", "--quiet"}},
	"svn":    {"svn", "Subversion", "subversion", []string{"--version", "--quiet"}},
	"bzr":    {"bzr", "Bazaar", "bzr", []string{"--version"}},
	"fossil": {"fossil", "Fossil", "fossil", []string{"version"}},
}

// vcsWant is a need for one of some version control programs, and why.
type vcsWant struct {
	tools []string // any one will do
	why   string
}

// vcsNeeds is why the go command fetches modules from their origins, and with what.
type vcsNeeds struct {
	reasons []string
	// all is set when every module is fetched from its origin (GOPROXY starts with direct).
	all   bool
	wants []vcsWant
	// problems are GOVCS errors: every direct fetch fails with them.
	problems []string
}

// findVCSNeeds works out, from GOPROXY, GONOPROXY (GOPRIVATE) and GOVCS, which version control
// programs the go command will run. The hosts of GONOPROXY patterns name a VCS when the go
// command knows it without asking (launchpad.net: bzr, chiselapp.com: fossil, a ".hg" path
// element: hg); otherwise git is assumed, as for nearly every module.
func findVCSNeeds(f *facts.Facts) vcsNeeds {
	var n vcsNeeds
	goproxy := f.GoVar("GOPROXY")
	if list, err := parseGOPROXY(goproxy); err == nil && list.has(keywordDirect) {
		n.all = list.entries[0].url == keywordDirect
		reason := fmt.Sprintf("GOPROXY=%s includes direct (modules the proxies lack come from their origins)", redact.List(goproxy))
		if n.all {
			reason = fmt.Sprintf("GOPROXY=%s fetches every module from its origin", redact.List(goproxy))
		}
		n.reasons = append(n.reasons, reason)
	}
	nop := f.GoVar("GONOPROXY")
	if nop != "" && goproxy != keywordDirect {
		n.reasons = append(n.reasons, fmt.Sprintf("modules matching GONOPROXY=%s are fetched from their origin", nop))
	}
	if len(n.reasons) == 0 {
		return n
	}
	n.wants = append(n.wants, vcsWant{tools: []string{"git"}, why: strings.Join(n.reasons, "; ")})
	for _, p := range splitPatterns(nop) {
		if tool := knownVCS(p); tool != "" && tool != "git" {
			n.wants = append(n.wants, vcsWant{tools: []string{tool}, why: fmt.Sprintf("private modules matching %s are kept in %s", p, vcsTools[tool].name)})
		}
	}
	n.addGOVCS(f.GoVar("GOVCS"))
	return n
}

// vcsSuffix matches a path element naming its VCS ("example.com/repo.hg/sub").
var vcsSuffix = regexp.MustCompile(`\.(bzr|fossil|git|hg|svn)(/|$)`)

// knownVCS is the VCS the go command uses for paths matching pattern without asking the server,
// or "".
func knownVCS(pattern string) string {
	if m := vcsSuffix.FindStringSubmatch(pattern); m != nil {
		return m[1]
	}
	switch host, _, _ := strings.Cut(pattern, "/"); host {
	case "launchpad.net":
		return "bzr"
	case "chiselapp.com":
		return "fossil"
	}
	return ""
}

// addGOVCS adds the programs GOVCS restricts some modules to, and its errors.
func (n *vcsNeeds) addGOVCS(govcs string) {
	rules, err := parseGOVCS(govcs)
	if err != nil {
		n.problems = append(n.problems, err.Error())
		return
	}
	for _, r := range rules {
		if r.allows("git") || len(r.allowed) == 1 && r.allowed[0] == "off" {
			continue
		}
		n.wants = append(n.wants, vcsWant{tools: r.allowed, why: fmt.Sprintf("GOVCS allows only %s for %s", strings.Join(r.allowed, "|"), r.pattern)})
	}
}

// vcs checks that the version control programs the go command needs for direct fetches are
// there and run.
func vcs(_ context.Context, f *facts.Facts) finding.Finding {
	n := findVCSNeeds(f)
	ev := []finding.Evidence{valueEvidence(f, "GOPROXY"), valueEvidence(f, "GONOPROXY")}
	if len(n.reasons) == 0 {
		return finding.Finding{Status: finding.Skip, Evidence: ev,
			Title: "not needed: every module comes through GOPROXY (no direct, no GOPRIVATE or GONOPROXY)"}
	}
	var v verdicts
	for _, p := range n.problems {
		v.add(finding.Warn, "GOVCS is invalid", fmt.Sprintf("%s: every fetch from a module's origin fails with \"go: %s\".", where(f, "GOVCS"), p),
			govcsFix(f))
	}
	var found []string
	for _, w := range n.wants {
		if title, ok := lookVCS(f, n, w, &v, &ev); ok {
			found = append(found, title)
		}
	}
	return v.finding(strings.Join(found, "; "), ev)
}

// govcsFix removes an invalid GOVCS from wherever it was set.
func govcsFix(f *facts.Facts) *finding.Fix {
	fix := advice.Unset(f, f.Value("GOVCS"), " or correct it (see go help vcs)")
	if fix == nil {
		return &finding.Fix{Summary: "Correct GOVCS (see go help vcs).", Docs: "https://go.dev/ref/mod#vcs-govcs"}
	}
	return fix
}

// lookVCS looks for one of w's programs on PATH and runs its version command.
func lookVCS(f *facts.Facts, n vcsNeeds, w vcsWant, v *verdicts, ev *[]finding.Evidence) (string, bool) {
	env := f.Host.Env()
	for _, name := range w.tools {
		path, err := host.LookPath(f.Host, name, env.Get("PATH"), env.Get("PATHEXT"))
		if err != nil {
			continue
		}
		res := f.Run(host.Cmd{Path: path, Args: vcsArgs(name), Timeout: facts.ProbeTimeout, OutputLimit: 4 << 10})
		*ev = append(*ev, doctor.Ran(res))
		if !res.OK() {
			v.add(finding.Warn, fmt.Sprintf("%s is on PATH but does not run", name),
				fmt.Sprintf("Needed because %s. %s: %s", w.why, path, res.Failure()), installFix(f, name))
			return "", false
		}
		return fmt.Sprintf("%s (%s)", oneLine(res.Output()), path), true
	}
	missingVCS(f, n, w, v, ev)
	return "", false
}

// vcsArgs is the version command of a VCS program.
func vcsArgs(name string) []string {
	if t, ok := vcsTools[name]; ok {
		return t.args
	}
	return []string{"--version"}
}

// missingVCS reports a needed VCS program that is not on PATH.
func missingVCS(f *facts.Facts, n vcsNeeds, w vcsWant, v *verdicts, ev *[]finding.Evidence) {
	name := w.tools[0]
	*ev = append(*ev, finding.Evidence{Command: "look up " + strings.Join(w.tools, ", ") + " on PATH", Output: "not found in PATH=" + f.Host.Env().Get("PATH")})
	tool := vcsTools[name]
	detail := fmt.Sprintf("Needed because %s, and %s is not on PATH. The go command runs it to fetch those modules and fails with "+
		"\"go: missing %s command. See https://golang.org/s/gogetcmd\" and \"...: exec: %q: executable file not found in $PATH\".",
		w.why, strings.Join(w.tools, " or "), tool.name, name)
	status := finding.Warn
	if n.all && name == "git" {
		status = finding.Fail
		detail += " GOPROXY starts with direct, so this is every module: tool installs, go get and gopls loading new dependencies all fail."
	} else {
		detail += " Modules that come through GOPROXY are not affected."
	}
	fix := installFix(f, name)
	if dir := vcsElsewhere(f, name); dir != "" {
		fix = advice.AddToPath(f, dir, fmt.Sprintf(" (%s is there)", name))
		detail += fmt.Sprintf(" %s is installed in %s, which is not on PATH.", name, dir)
	}
	v.add(status, fmt.Sprintf("%s is needed and not on PATH", name), detail, fix)
}

// vcsElsewhere is a usual directory holding the program name that PATH lacks, or "".
func vcsElsewhere(f *facts.Facts, name string) string {
	dirs := []string{"/usr/bin", "/usr/local/bin", "/opt/homebrew/bin", "/opt/local/bin"}
	if f.Host.OS() == "windows" {
		dirs = []string{`C:\Program Files\Git\cmd`, `C:\Program Files\Mercurial`, `C:\Program Files\TortoiseSVN\bin`}
	}
	exts := host.Exts(f.Host, f.Host.Env().Get("PATHEXT"))
	for _, d := range dirs {
		if host.FindIn(f.Host, d, name, exts) != "" && f.OnPath(d) == nil {
			return d
		}
	}
	return ""
}

// installFix installs a VCS program the usual way on this OS.
func installFix(f *facts.Facts, name string) *finding.Fix {
	pkg := vcsTools[name].pkg
	var cmd string
	switch f.Host.OS() {
	case "darwin":
		cmd = "brew install " + pkg
		if name == "git" {
			cmd = "xcode-select --install"
		}
	case "windows":
		cmd = "winget install --id Git.Git -e --source winget"
		if name != "git" {
			return &finding.Fix{Summary: fmt.Sprintf("Install %s and put it on PATH.", vcsTools[name].name), Docs: docsGoGetTools}
		}
	default:
		cmd = linuxInstall(f, pkg)
	}
	return &finding.Fix{Summary: fmt.Sprintf("Install %s, then restart the editor so it sees the new PATH.", vcsTools[name].name), Commands: []string{cmd}, Docs: docsGoGetTools}
}

// linuxInstall is the install command of the distribution's package manager.
func linuxInstall(f *facts.Facts, pkg string) string {
	for _, pm := range []struct{ path, cmd string }{
		{"/usr/bin/apt-get", "sudo apt-get install -y "},
		{"/usr/bin/dnf", "sudo dnf install -y "},
		{"/sbin/apk", "sudo apk add "},
		{"/usr/bin/pacman", "sudo pacman -S --noconfirm "},
		{"/usr/bin/zypper", "sudo zypper install -y "},
	} {
		if _, err := f.Host.Stat(filepath.FromSlash(pm.path)); err == nil {
			return pm.cmd + pkg
		}
	}
	return "sudo apt-get install -y " + pkg
}

// govcsRule is one rule of GOVCS, like private:hg|svn.
type govcsRule struct {
	pattern string
	allowed []string
}

// allows reports whether the rule lets the go command use vcs.
func (r govcsRule) allows(vcs string) bool {
	for _, a := range r.allowed {
		if a == vcs || a == "all" {
			return true
		}
	}
	return false
}

// parseGOVCS parses GOVCS as the go command does (cmd/go/internal/vcs parseGOVCS), with its errors.
func parseGOVCS(s string) ([]govcsRule, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var rules []govcsRule
	have := make(map[string]string)
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return nil, fmt.Errorf("empty entry in GOVCS")
		}
		pattern, list, found := strings.Cut(item, ":")
		if !found {
			return nil, fmt.Errorf("malformed entry in GOVCS (missing colon): %q", item)
		}
		pattern, list = strings.TrimSpace(pattern), strings.TrimSpace(list)
		switch {
		case pattern == "":
			return nil, fmt.Errorf("empty pattern in GOVCS: %q", item)
		case list == "":
			return nil, fmt.Errorf("empty VCS list in GOVCS: %q", item)
		case pattern == "." || pattern == ".." || strings.HasPrefix(pattern, "./") || strings.HasPrefix(pattern, "../"):
			return nil, fmt.Errorf("relative pattern not allowed in GOVCS: %q", pattern)
		case have[pattern] != "":
			return nil, fmt.Errorf("unreachable pattern in GOVCS: %q after %q", item, have[pattern])
		}
		have[pattern] = item
		allowed := strings.Split(list, "|")
		for i, a := range allowed {
			if allowed[i] = strings.TrimSpace(a); allowed[i] == "" {
				return nil, fmt.Errorf("empty VCS name in GOVCS: %q", item)
			}
		}
		rules = append(rules, govcsRule{pattern, allowed})
	}
	return rules, nil
}
