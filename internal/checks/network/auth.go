package network

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
)

// maxNetrc bounds how much of a .netrc file is read.
const maxNetrc = 1 << 20

// sendsCredentials reports whether the go command would send credentials for e that gomedic's
// probe did not: over https only, from .netrc (GOAUTH=netrc, the default) when it names the host,
// or from any other GOAUTH command, which gomedic does not run. Credentials in the URL itself were
// sent by the probe too.
func sendsCredentials(f *facts.Facts, e proxyEntry) bool {
	u := e.parsed()
	if u == nil || u.Scheme != "https" || u.User != nil {
		return false
	}
	for _, cmd := range strings.Split(f.GoVar("GOAUTH"), ";") {
		switch words := strings.Fields(cmd); {
		case len(words) == 0, words[0] == "off":
		case words[0] == "netrc":
			if netrcHasMachine(f, u.Host+u.Path) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// netrcPath is the .netrc the go command reads: $NETRC, else _netrc (on Windows, when it
// exists) or .netrc in the home directory.
func netrcPath(f *facts.Facts) string {
	if p := f.Host.Env().Get("NETRC"); p != "" {
		return p
	}
	home := f.Host.HomeDir()
	if home == "" {
		return ""
	}
	if f.Host.OS() == "windows" {
		legacy := filepath.Join(home, "_netrc")
		if _, err := f.Host.Stat(legacy); err == nil {
			return legacy
		}
	}
	return filepath.Join(home, ".netrc")
}

// netrcHasMachine reports whether the .netrc has credentials (a machine line with a login and a
// password) that the go command would send to the URL whose host and path are given: the machine
// must be the host (with its port, if the URL has one) or a path prefix of host/path, as in
// cmd/go/internal/auth loadCredential. Only machine names are kept: the file's secrets never leave
// this function.
func netrcHasMachine(f *facts.Facts, hostPath string) bool {
	p := netrcPath(f)
	if p == "" {
		return false
	}
	data, err := f.Host.ReadFile(p, maxNetrc)
	if err != nil {
		return false
	}
	for _, m := range netrcMachines(string(data)) {
		if credentialPrefix(hostPath, m) {
			return true
		}
	}
	return false
}

// credentialPrefix reports whether the go command's credential lookup for hostPath, which tries
// hostPath and then each parent path, reaches machine.
func credentialPrefix(hostPath, machine string) bool {
	p := strings.TrimSuffix(hostPath, "/")
	for {
		if p == machine {
			return true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

// netrcMachines lists the machines of a .netrc that have both a login and a password, following
// cmd/go/internal/auth's parser: tokens in pairs, macdef bodies skipped, parsing ends at default.
func netrcMachines(data string) []string {
	var out []string
	var machine string
	var login, password bool
	inMacro := false
	for _, line := range strings.Split(data, "\n") {
		if inMacro {
			inMacro = line != ""
			continue
		}
		fields := strings.Fields(line)
		i := 0
		for ; i < len(fields)-1; i += 2 {
			switch fields[i] {
			case "machine":
				machine, login, password = fields[i+1], false, false
			case "login":
				login = true
			case "password":
				password = true
			case "macdef":
				inMacro = true
			}
			if machine != "" && login && password {
				out = append(out, machine)
				machine, login, password = "", false, false
			}
		}
		if i < len(fields) && fields[i] == "default" {
			break
		}
	}
	return out
}

// netrcFile is what the checks know of the .netrc the go command reads: machine names only.
type netrcFile struct {
	path    string
	fromEnv bool // NETRC names it
	// home is set when it is ~/.netrc, the file git (through curl) reads too.
	home     bool
	exists   bool
	err      error    // why it could not be read, other than not existing
	machines []string // with a login and a password, as the go command keeps them
	partial  []string // named in a machine line but left out for a missing login or password
}

// readNetrcFile reads the .netrc the go command reads, keeping machine names only.
func readNetrcFile(f *facts.Facts) netrcFile {
	n := netrcFile{path: netrcPath(f), fromEnv: f.Host.Env().Get("NETRC") != ""}
	if n.path == "" {
		return n
	}
	if home := f.Host.HomeDir(); home != "" && n.path == filepath.Join(home, ".netrc") {
		n.home = true
	}
	data, err := f.Host.ReadFile(n.path, maxNetrc)
	switch {
	case err == nil:
		n.exists = true
		n.machines = netrcMachines(string(data))
		for _, m := range netrcNamed(string(data)) {
			if !slices.Contains(n.machines, m) && !slices.Contains(n.partial, m) {
				n.partial = append(n.partial, m)
			}
		}
	case !host.IsNotExist(err):
		n.exists, n.err = true, err
	}
	return n
}

// has reports whether the file has credentials for host (a glob matches any machine it covers).
func (n netrcFile) has(hostName string) bool {
	for _, m := range n.machines {
		if ok, _ := path.Match(hostName, m); ok || m == hostName {
			return true
		}
	}
	return false
}

// evidence shows the file and its machine names, never a login or password.
func (n netrcFile) evidence() finding.Evidence {
	out := "does not exist"
	switch {
	case n.err != nil:
		out = "cannot be read: " + n.err.Error()
	case n.exists:
		out = fmt.Sprintf("machines with a login and a password: %s", strings.Join(n.machines, ", "))
		if len(n.machines) == 0 {
			out = "no machine with both a login and a password"
		}
		if len(n.partial) > 0 {
			out += fmt.Sprintf("\nmachines missing a login or a password (ignored): %s", strings.Join(n.partial, ", "))
		}
	}
	return finding.Evidence{File: n.path, Output: out}
}

// netrcNamed lists every machine name of a .netrc, complete or not.
func netrcNamed(data string) []string {
	var out []string
	for _, line := range strings.Split(data, "\n") {
		fields := strings.Fields(line)
		for i := 0; i < len(fields)-1; i++ {
			if fields[i] == "machine" {
				out = append(out, fields[i+1])
			}
		}
	}
	return out
}

// netrcProblems reports a .netrc that cannot give what it seems to: NETRC naming a file that is
// not there, a file that cannot be read, machine lines the go command ignores, machine names
// written as URLs (it compares host names).
func netrcProblems(f *facts.Facts, n netrcFile, v *verdicts) {
	switch {
	case n.fromEnv && !n.exists:
		v.add(finding.Warn, fmt.Sprintf("NETRC names %s, which does not exist: the go command sends no .netrc credentials", n.path),
			fmt.Sprintf("NETRC=%s replaces ~/.netrc for the go command, and it reads nothing when the file is missing.", n.path),
			&finding.Fix{Summary: "Point NETRC at the .netrc that holds your credentials, or unset it so that the go command reads ~/.netrc (which git reads too).", Docs: docsPrivate})
	case n.err != nil:
		v.add(finding.Warn, fmt.Sprintf("the .netrc %s cannot be read: the go command sends none of its credentials", n.path),
			fmt.Sprintf("Reading %s fails: %v. The go command then sends no .netrc credentials (and says so only with -x).", n.path, n.err), nil)
	case n.fromEnv && !n.home:
		v.add(finding.OK, "", fmt.Sprintf("NETRC=%s: the go command reads it, but git (curl) reads only ~/.netrc, so git does not get these credentials.", n.path), nil)
	}
	for _, m := range n.partial {
		v.add(finding.Warn, fmt.Sprintf("the .netrc machine %s lacks a login or a password: the go command ignores it", m),
			fmt.Sprintf("%s has a machine %s line without both a login and a password (on the same or the following lines); the go command keeps only complete entries, so nothing is sent to %s.", n.path, m, m),
			&finding.Fix{Summary: fmt.Sprintf("Complete the entry in %s: \"machine %s login YOUR_USER password YOUR_TOKEN\" (a password with spaces cannot be written in a .netrc).", n.path, m), Docs: docsPrivate})
	}
	for _, m := range n.machines {
		if strings.Contains(m, "://") || strings.Contains(m, "/") {
			v.add(finding.Warn, fmt.Sprintf("the .netrc machine %s is a URL: it matches no host", m),
				fmt.Sprintf("%s names machine %s; the go command and git compare it with the host name (and path) of the request without a scheme, so it is never used.", n.path, m),
				&finding.Fix{Summary: fmt.Sprintf("In %s, write the machine as a host name alone: machine %s.", n.path, netrcHostOf(m)), Docs: docsPrivate})
		}
	}
}

// netrcHostOf is the host of a machine name written as a URL.
func netrcHostOf(m string) string {
	if _, rest, ok := strings.Cut(m, "://"); ok {
		m = rest
	}
	return strings.SplitN(m, "/", 2)[0]
}
