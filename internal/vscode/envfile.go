package vscode

import (
	"regexp"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
)

// maxEnvFile bounds the envFile read.
const maxEnvFile = 1 << 20

// ReadEnvFile reads the envFile of a launch configuration (path made absolute by the caller) and
// parses it with ParseEnvFile. The Go extension reads every file an envFile names (a string or a
// list) before a debug session starts, and a file it cannot read stops the session with "Cannot
// load environment variables from file PATH: Error: ENOENT: no such file or directory" (its
// src/utils/envUtils.ts); gomedic run and editor.launch share this reading so they agree.
func ReadEnvFile(h host.Host, path string) (map[string]string, error) {
	data, err := h.ReadFile(path, maxEnvFile)
	if err != nil {
		return nil, err
	}
	return ParseEnvFile(string(data), h.Env().Get), nil
}

// ParseEnvFile reads a .env file as the Go extension does (its parseEnvFile): KEY=VALUE lines
// (an optional "export " first), # comments, a byte order mark ignored; a value in single or double
// quotes loses them and has \n turned into a newline; ${NAME} is replaced by a variable defined
// earlier in the file, else by the environment's (lookup), else by nothing, unless a backslash
// escapes it; and \$ is a $.
func ParseEnvFile(text string, lookup func(string) string) map[string]string {
	text = strings.TrimPrefix(text, "\uFEFF")
	out := map[string]string{}
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(strings.TrimSuffix(l, "\r"))
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		l = strings.TrimPrefix(l, "export ")
		k, v, ok := strings.Cut(l, "=")
		k = strings.TrimSpace(k)
		if !ok || !envNameRE.MatchString(k) {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
			v = strings.ReplaceAll(v[1:len(v)-1], `\n`, "\n")
		}
		v = envSubstRE.ReplaceAllStringFunc(v, func(m string) string {
			if strings.HasPrefix(m, `\`) {
				return m // escaped: unescaped below
			}
			name := envSubstRE.FindStringSubmatch(m)[1]
			if val, ok := out[name]; ok && val != "" {
				return val
			}
			return lookup(name)
		})
		out[k] = strings.ReplaceAll(v, `\$`, "$")
	}
	return out
}

var (
	envNameRE  = regexp.MustCompile(`^[A-Za-z]\w*$`)
	envSubstRE = regexp.MustCompile(`\\?\$\{([A-Za-z]\w*)\}`)
)
