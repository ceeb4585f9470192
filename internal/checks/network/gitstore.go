package network

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
)

// maxCredentialStore bounds the read of a git-credential-store file.
const maxCredentialStore = 1 << 20

// storeFiles are the files git's store helper reads for a credential.helper value of "store"
// (its options as git passes them to git-credential-store): the --file named, else
// ~/.git-credentials and $XDG_CONFIG_HOME/git/credentials (~/.config/git/credentials). ok is
// false for any other helper, which gomedic does not ask.
func storeFiles(f *facts.Facts, helper string) (files []string, ok bool) {
	words := strings.Fields(helper)
	if len(words) == 0 || words[0] != "store" {
		return nil, false
	}
	for i, w := range words[1:] {
		file, named := strings.CutPrefix(w, "--file=")
		if w == "--file" && i+2 < len(words) {
			file, named = words[i+2], true
		}
		if named {
			return []string{expandTilde(f, file)}, true
		}
	}
	home := f.Host.HomeDir()
	if home == "" {
		return nil, true
	}
	xdg := f.Host.Env().Get("XDG_CONFIG_HOME")
	if xdg == "" {
		xdg = filepath.Join(home, ".config")
	}
	return []string{filepath.Join(home, ".git-credentials"), filepath.Join(xdg, "git", "credentials")}, true
}

// expandTilde expands a leading ~/ as git does for --file.
func expandTilde(f *facts.Facts, p string) string {
	if strings.HasPrefix(p, "~/") {
		if e := host.ExpandHome(f.Host, p); e != "" {
			return e
		}
	}
	return p
}

// storeHas reports whether a store file holds credentials for origin (scheme://host[:port]) the
// way git-credential-store matches them: the same protocol and host, port included; no path
// (credential.useHttpPath is off by default). No password is kept.
func storeHas(f *facts.Facts, files []string, origin string) bool {
	want, err := url.Parse(origin)
	if err != nil {
		return false
	}
	for _, file := range files {
		data, err := f.Host.ReadFile(file, maxCredentialStore)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			u, err := url.Parse(strings.TrimSpace(line))
			if err == nil && u.User != nil && u.Scheme == want.Scheme && strings.EqualFold(u.Host, want.Host) {
				return true
			}
		}
	}
	return false
}

// storeMissing says where the store helper looked and found nothing for origin.
func storeMissing(f *facts.Facts, files []string, origin string) string {
	var shown []string
	for _, file := range files {
		shown = append(shown, text.Tilde(file, f.Host.HomeDir()))
	}
	verb := " holds"
	if len(shown) > 1 {
		verb = " hold"
	}
	return "the credential helper store applies, but " + strings.Join(shown, " and ") + verb + " no credentials for " + origin +
		": git stores them only after a password typed at a prompt, which the go command disables"
}
