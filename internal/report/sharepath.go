package report

import (
	"path"
	"regexp"
	"slices"
	"strings"
)

// KindDir is the kind of a directory name --share rewrote (with the kinds of share.go).
const KindDir = "directory name"

// absPath matches an absolute path as far as it has no space (a component with a space ends it):
// a Unix one (/x, ~/x), or a Windows one (C:\x, C:/x, \\server\share, ~\x); a backslash
// separates only in a Windows path, so that a regular expression's \. is no path.
var absPath = regexp.MustCompile(`~?(?:/[A-Za-z0-9._@+~$%-]+)+/?|(?:[A-Za-z]:|~|\\\\[A-Za-z0-9._$-]+)(?:[/\\][A-Za-z0-9._@+~$%-]+)+[/\\]?`)

// safeDirs are the directory names a shared path keeps: the system's, Go's, the editors' and the
// tools'. A name not here, and not a version, a public host, a Go file's or a placeholder, becomes
// dir-N.
var safeDirs = []string{
	"usr", "local", "bin", "sbin", "lib", "lib64", "libexec", "share", "opt", "etc", "var", "tmp", "private", "home", "users",
	"root", "proc", "dev", "run", "mnt", "media", "srv", "snap", "nix", "store", "system", "applications", "library",
	"caches", "application", "support", "appdata", "local", "roaming", "programs", "program", "files", "windows", "system32",
	"go", "golang", "goroot", "gopath", "pkg", "mod", "cache", "download", "sumdb", "src", "cmd", "internal", "vendor",
	"testdata", "toolchain", "sdk", "go-build", "tool", "misc", "api", "doc", "test", "exe", "obj", "gomedic", "logs", "store",
	"versions", "current", "tmp", "temp", "config", "data", "state", "homebrew", "cellar", "linuxbrew", ".linuxbrew",
	"code", "user", "machine", "extensions", "profiles", "workspacestorage", "globalstorage", "exthost", "output",
	"vscode", "vscode-server", "vscode-insiders", "vscode-oss", "vscodium", "cursor", "windsurf", "cursor-server",
	"code-insiders", "code-oss", "microsoft", "golang.go", "vscode-go", "tools", "gopls", "dlv", "staticcheck", "impl", "goplay",
	"goimports", "gofumpt", "golangci-lint", "revive", "gotests", "gomodifytags", "go-outline", "gotype-live",
	"asdf", "installs", "shims", "mise", "goenv", "gvm", "gos", "scoop", "apps", "chocolatey", "sdkman", "candidates",
	"work", "workspace", "workspaces", "projects", "project", "dev", "repos", "git", "github", "app", "module", "modules",
	"env", "zshrc", "zshenv", "zprofile", "zlogin", "bashrc", "bash_profile", "bash_login", "profile", "fish", "conf.d",
	"netrc", "gitconfig", "ssh", "bash", "zsh", "sh", "environment", "pam_environment", "launchagents", "systemd", "autostart",
}

// safeExts are the extensions of file names a shared path keeps.
var safeExts = []string{".fish", ".plist", ".desktop", ".go", ".mod", ".sum", ".work", ".json", ".jsonc", ".log", ".txt", ".md", ".exe", ".env", ".sh", ".s", ".c", ".h", ".yaml", ".yml", ".toml", ".code-workspace", ".vsix", ".test"}

// fileLine is the :line or :line:column a file's name may end with.
var fileLine = regexp.MustCompile(`(?::\d+){1,2}$`)

// version matches a version or release name: v1.2.3, 1.26.0, go1.26.0, 0.46.1-universal.
var version = regexp.MustCompile(`^(?:v|go)?\d+(?:[._+-][0-9A-Za-z]+)*$`)

// generated matches the names tools give their own directories: b001, go-build1234, window1,
// output_logging_20260101T090001, 20260101T090000.
var generated = regexp.MustCompile(`^(?:[a-z]?\d+|go-build\d+|window\d+|output_logging_[0-9T]+|\d{8}T\d{6}|[0-9a-f]{16,}|tmp[0-9]*|gopls-\d+)$`)

// paths rewrites the names in absolute paths that are not known to be safe: a path keeps its
// shape and its system, Go and editor directories; the user's own directory names become dir-N.
// Once a path reaches a public host (a module cache's github.com), the module path after it is
// public too. Paths inside the workspace ($WORKSPACE/..., ./...) are the user's names as much as
// their home's are.
func (a *Anonymiser) paths(s string) string {
	return replaceMatches(s, absPath, func(i, j int) string {
		m, before := s[i:j], s[:i]
		switch {
		case strings.HasSuffix(before, "..") && !strings.HasSuffix(before, "..."):
			return a.pathNames(m) // ../name leaves the workspace: its names are the user's
		case strings.HasSuffix(before, "$WORKSPACE"), before == ".", strings.HasSuffix(before, ".") && word(before[len(before)-2]):
			return a.pathNames(m) // the workspace's own directories, and ./name: the user's names too
		case before == "":
		case strings.ContainsAny(before[len(before)-1:], `/\.`) || !word(before[len(before)-1]):
			return m // a URL's path, or part of a relative path or a module path
		}
		return a.pathNames(m)
	})
}

func (a *Anonymiser) pathNames(p string) string {
	var b strings.Builder
	public, inBin := false, false
	start := 0
	for i := 0; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' && p[i] != '\\' {
			continue
		}
		comp := p[start:i]
		switch {
		case public || a.safeName(comp) || inBin && i == len(p):
			// A program in a bin directory (/usr/bin/gcc) is a program's name, not the user's.
			b.WriteString(comp)
		default:
			b.WriteString(a.rewriteName(comp))
		}
		public = public || isPublicHost(comp)
		inBin = comp == "bin" || comp == "sbin"
		if i < len(p) {
			b.WriteByte(p[i])
		}
		start = i + 1
	}
	return b.String()
}

// rewriteName is comp's placeholder, keeping a module version (name@v1.2.3) after it.
func (a *Anonymiser) rewriteName(comp string) string {
	suffix := fileLine.FindString(comp)
	name, ver, ok := strings.Cut(strings.TrimSuffix(comp, suffix), "@")
	if ok && a.safeName(name) {
		return comp
	}
	out := a.placeholder(KindDir, "dir", name)
	if ok {
		out += "@" + ver
	}
	return out + suffix
}

func isPublicHost(comp string) bool { return strings.Contains(comp, ".") && public(comp) }

func (a *Anonymiser) safeName(comp string) bool {
	comp = fileLine.ReplaceAllString(comp, "") // settings.json:3:7
	lower := strings.ToLower(comp)
	switch {
	case comp == "" || comp == "~" || comp == "." || comp == ".." || len(comp) == 2 && comp[1] == ':':
		return true
	case strings.HasPrefix(comp, "$") || strings.HasPrefix(comp, "private-") || strings.HasPrefix(comp, "dir-") || strings.Contains(comp, "REDACTED"):
		return true // a placeholder
	case slices.Contains(safeDirs, strings.TrimPrefix(lower, ".")), version.MatchString(comp), generated.MatchString(comp), isPublicHost(lower):
		return true
	case slices.Contains(safeExts, path.Ext(lower)):
		return true
	}
	return false
}

// replaceMatches replaces each match s[i:j] of re in s by fn(i, j), which returns s[i:j] to keep
// it.
func replaceMatches(s string, re *regexp.Regexp, fn func(i, j int) string) string {
	idx := re.FindAllStringIndex(s, -1)
	if idx == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range idx {
		b.WriteString(s[last:m[0]])
		b.WriteString(fn(m[0], m[1]))
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}
