package network

import (
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
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
