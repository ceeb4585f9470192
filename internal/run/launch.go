package run

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/vscode"
)

// LaunchConfig is a Go launch configuration of a workspace folder's .vscode/launch.json, as
// gomedic run --config NAME applies it: what the editor's Run and Debug (F5) start with it. The
// run document shows its RunLaunch; its Env is in the document's env, variable by variable.
type LaunchConfig struct {
	result.RunLaunch
	Env map[string]string
}

// launchJSON is what gomedic reads of a launch configuration.
type launchJSON struct {
	Name       string            `json:"name"`
	Type       string            `json:"type"`
	Request    string            `json:"request"`
	Mode       string            `json:"mode"`
	Program    string            `json:"program"`
	Cwd        string            `json:"cwd"`
	Args       json.RawMessage   `json:"args"`
	Env        map[string]string `json:"env"`
	EnvFile    json.RawMessage   `json:"envFile"`
	BuildFlags json.RawMessage   `json:"buildFlags"`
}

// LoadLaunchConfig finds the configuration named name in the .vscode/launch.json of the folders
// (the workspace folders, the directory gomedic runs in), and expands the variables VS Code
// substitutes. file is the PATH given, which stands for ${file} (the file open in the editor).
func LoadLaunchConfig(h host.Host, folders, workspaceFiles []string, name, file string) (*LaunchConfig, error) {
	var names, looked []string
	for _, src := range vscode.LaunchSources(folders, workspaceFiles) {
		doc, err := vscode.ReadJSONC(h, src.File)
		if host.IsNotExist(err) {
			looked = append(looked, src.File)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", src.File, err)
		}
		raws, lines, err := vscode.LaunchConfigurations(doc, src.InWorkspace)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", src.File, err)
		}
		for i, raw := range raws {
			var head struct {
				Name string `json:"name"`
			}
			if json.Unmarshal(raw, &head) != nil {
				continue // not an object with a string name
			}
			names = append(names, head.Name)
			if head.Name != name {
				continue
			}
			line := 0
			if i < len(lines) {
				line = lines[i]
			}
			var c launchJSON
			if err := json.Unmarshal(raw, &c); err != nil {
				return nil, fmt.Errorf("launch configuration %q (%s:%d) cannot be read: %v", name, src.File, line, err)
			}
			return expandLaunch(h, folders, src.Folder, src.File, line, c, file)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("--config %s: no launch configurations (looked in %s)", name, strings.Join(looked, ", "))
	}
	sort.Strings(names)
	return nil, fmt.Errorf("--config %q: no launch configuration has that name (there are: %s)", name, strings.Join(names, ", "))
}

// expandLaunch checks a configuration of file (at line) and expands it as the Go extension does:
// program, cwd, args, buildFlags, env and envFile, with the variables VS Code substitutes
// (folder is its ${workspaceFolder}, path the PATH given, which stands for ${file}).
func expandLaunch(h host.Host, folders []string, folder, file string, line int, c launchJSON, path string) (*LaunchConfig, error) {
	where := fmt.Sprintf("%s:%d", file, line)
	lc, err := launchHead(c, file, line, where)
	if err != nil {
		return nil, err
	}
	if c.Program == "" {
		return nil, fmt.Errorf("launch configuration %q (%s) has no program", c.Name, where)
	}
	x := &launchExpander{h: h, folders: folders, folder: folder, absFile: absPath(path), name: c.Name, where: where}
	lc.Program = x.abs(x.expand(c.Program))
	if c.Cwd != "" {
		lc.Cwd = x.abs(x.expand(c.Cwd))
		if fi, err := h.Stat(lc.Cwd); x.unknown == nil && (err != nil || !fi.IsDir()) {
			return nil, fmt.Errorf("launch configuration %q (%s) has cwd %s, which is not a directory: the editor cannot start the program there either", c.Name, where, lc.Cwd)
		}
	}
	// A string of args is split as a shell would (quotes group, \ escapes), as the Go extension
	// does; a string of buildFlags at spaces outside single quotes ("-ldflags='-X a=b -X c=d'"),
	// as Delve does. A list's element is one argument.
	if lc.Args, err = x.list(c.Args, "args", `'"`); err != nil {
		return nil, err
	}
	if lc.BuildFlags, err = x.list(c.BuildFlags, "buildFlags", `'`); err != nil {
		return nil, err
	}
	if lc.Env, lc.EnvFile, err = x.env(c.Env, c.EnvFile); err != nil {
		return nil, err
	}
	if x.unknown != nil {
		return nil, x.unknown
	}
	return lc, nil
}

// launchHead checks a configuration's type, request and mode.
func launchHead(c launchJSON, file string, line int, where string) (*LaunchConfig, error) {
	if c.Type != "go" {
		return nil, fmt.Errorf("launch configuration %q (%s) is of type %q, not go", c.Name, where, c.Type)
	}
	if c.Request != "launch" {
		return nil, fmt.Errorf("launch configuration %q (%s) attaches to a running process (request %q); gomedic run starts programs", c.Name, where, c.Request)
	}
	lc := &LaunchConfig{RunLaunch: result.RunLaunch{Name: c.Name, File: file, Line: line, Mode: c.Mode}}
	if lc.Mode == "" {
		lc.Mode = "auto"
	}
	if lc.Mode != "auto" && lc.Mode != "debug" && lc.Mode != "test" && lc.Mode != "exec" {
		return nil, fmt.Errorf("launch configuration %q (%s) has mode %q; gomedic run applies auto, debug, test and exec", c.Name, where, lc.Mode)
	}
	return lc, nil
}

// absPath is path made absolute ("" for none, or when it cannot be).
func absPath(path string) string {
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return ""
}

// launchExpander expands the values of one launch configuration as VS Code does, and keeps the
// first variable it cannot know (unknown): gomedic asks nobody.
type launchExpander struct {
	h           host.Host
	folders     []string // the workspace folders (${workspaceFolder:NAME})
	folder      string   // ${workspaceFolder}
	absFile     string   // ${file}: the PATH given, absolute
	name, where string   // the configuration's name and file:line, for errors
	unknown     error
}

// expand replaces the variables of s.
func (x *launchExpander) expand(s string) string {
	// ${workspaceFolder:NAME} is the workspace folder named NAME (a multi-root workspace).
	s, missing := namedFolders(s, x.folders)
	if missing != "" {
		x.fail("uses %s, and no workspace folder has that name", missing)
	}
	s = vscode.Expand(s, vscode.Vars{WorkspaceFolder: x.folder, UserHome: x.h.HomeDir(), Env: x.h.Env().Get})
	for _, v := range []struct{ name, value string }{
		{"${file}", x.absFile}, {"${fileDirname}", filepath.Dir(x.absFile)}, {"${fileBasename}", filepath.Base(x.absFile)},
		{"${pathSeparator}", string(filepath.Separator)}, {"${/}", string(filepath.Separator)},
	} {
		if !strings.Contains(s, v.name) {
			continue
		}
		if x.absFile == "" && strings.HasPrefix(v.name, "${file") {
			// Said even over an earlier unknown variable: the file is the one thing the user can
			// give (as PATH).
			x.unknown = fmt.Errorf("launch configuration %q (%s) uses %s, the file open in the editor: give that file as PATH (gomedic run --config %q FILE)", x.name, x.where, v.name, x.name)
		}
		s = strings.ReplaceAll(s, v.name, v.value)
	}
	if i := strings.Index(s, "${"); i >= 0 {
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			end = len(s) - i - 1
		}
		x.fail("uses %s, which gomedic cannot know (it asks the editor)", s[i:i+end+1])
	}
	return s
}

// fail keeps the first variable that cannot be expanded.
func (x *launchExpander) fail(format string, args ...any) {
	if x.unknown == nil {
		x.unknown = fmt.Errorf("launch configuration %q (%s) "+format, append([]any{x.name, x.where}, args...)...)
	}
}

// abs is p relative to the configuration's folder, cleaned.
func (x *launchExpander) abs(p string) string {
	if p != "" && !filepath.IsAbs(p) {
		p = filepath.Join(x.folder, p)
	}
	return filepath.Clean(p)
}

// list reads a member that is a list of strings or one string, which is split at white space
// outside quotes (any rune of quotes), and expands each element.
func (x *launchExpander) list(raw json.RawMessage, member, quotes string) ([]string, error) {
	values, isList, err := stringOrList(raw)
	if err != nil {
		return nil, fmt.Errorf("launch configuration %q (%s): %s: %w", x.name, x.where, member, err)
	}
	if !isList && len(values) == 1 {
		values = splitQuoted(values[0], quotes)
	}
	var out []string
	for _, v := range values {
		out = append(out, x.expand(v))
	}
	return out, nil
}

// env is the configuration's environment: its envFile's variables (the last file named), then its
// env, which wins, as in the Go extension.
func (x *launchExpander) env(env map[string]string, envFile json.RawMessage) (map[string]string, string, error) {
	out := map[string]string{}
	files, _, err := stringOrList(envFile)
	if err != nil {
		return nil, "", fmt.Errorf("launch configuration %q (%s): envFile: %w", x.name, x.where, err)
	}
	last := ""
	for _, ef := range files {
		last = x.abs(x.expand(ef))
		vars, err := vscode.ReadEnvFile(x.h, last)
		if err != nil {
			return nil, "", fmt.Errorf("launch configuration %q (%s): envFile: %w", x.name, x.where, err)
		}
		for k, v := range vars {
			out[k] = v
		}
	}
	for k, v := range env {
		out[k] = x.expand(v)
	}
	return out, last, nil
}

// namedFolders replaces ${workspaceFolder:NAME} with the workspace folder named NAME (a
// multi-root workspace); it returns the first such variable no folder answers to.
func namedFolders(s string, folders []string) (string, string) {
	missing := ""
	s = namedFolderRE.ReplaceAllStringFunc(s, func(m string) string {
		name := namedFolderRE.FindStringSubmatch(m)[1]
		for _, f := range folders {
			if filepath.Base(f) == name {
				return f
			}
		}
		if missing == "" {
			missing = m
		}
		return m
	})
	return s, missing
}

// namedFolderRE is ${workspaceFolder:NAME} (or the old ${workspaceRoot:NAME}).
var namedFolderRE = regexp.MustCompile(`\$\{workspace(?:Folder|Root):([^}]+)\}`)

// stringOrList reads a member that is a string or a list of strings (absent: none), and says which.
func stringOrList(raw json.RawMessage) (values []string, isList bool, err error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true, nil
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return list, true, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}, false, nil
	}
	return nil, false, errors.New("not a string or a list of strings")
}

// splitQuoted splits s at white space outside quotes; any rune of quotes opens a quote that the
// same rune closes, and within a quote a backslash escapes the next rune. Quotes are removed.
func splitQuoted(s, quotes string) []string {
	var out []string
	var cur strings.Builder
	inField := false
	var quote rune
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case quote != 0 && r == '\\':
			escaped = true
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case strings.ContainsRune(quotes, r):
			quote, inField = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inField {
				out = append(out, cur.String())
				cur.Reset()
				inField = false
			}
		default:
			cur.WriteRune(r)
			inField = true
		}
	}
	if inField {
		out = append(out, cur.String())
	}
	return out
}

// LaunchConfigsFor names the Go launch configurations of the folders' launch.json files that
// start target (a package directory or a .go file, absolute) with settings of their own (cwd,
// args, env, envFile, buildFlags): the editor's F5 may use one of them where gomedic run uses the
// defaults. A configuration whose program is ${file} or ${fileDirname} starts whatever file is
// open, so it counts too.
func LaunchConfigsFor(h host.Host, folders, workspaceFiles []string, target string) []string {
	var out []string
	for _, src := range vscode.LaunchSources(folders, workspaceFiles) {
		p, folder := src.File, src.Folder
		doc, err := vscode.ReadJSONC(h, p)
		if err != nil {
			continue
		}
		raws, lines, err := vscode.LaunchConfigurations(doc, src.InWorkspace)
		if err != nil {
			continue
		}
		for i, raw := range raws {
			var c struct {
				launchJSON
				Env map[string]any `json:"env"`
			}
			if json.Unmarshal(raw, &c) != nil || c.Type != "go" || c.Request != "launch" || c.Program == "" {
				continue
			}
			if c.Cwd == "" && len(c.Args) == 0 && len(c.Env) == 0 && len(c.EnvFile) == 0 && len(c.BuildFlags) == 0 {
				continue // the defaults: gomedic run already does what F5 does with it
			}
			if !strings.Contains(c.Program, "${file") {
				prog, _ := namedFolders(c.Program, folders)
				prog = vscode.Expand(prog, vscode.Vars{WorkspaceFolder: folder, UserHome: h.HomeDir(), Env: h.Env().Get})
				if !filepath.IsAbs(prog) {
					prog = filepath.Join(folder, prog)
				}
				prog = filepath.Clean(prog)
				if prog != target && !(strings.HasSuffix(prog, ".go") && filepath.Dir(prog) == target) &&
					!(strings.HasSuffix(target, ".go") && filepath.Dir(target) == prog) {
					continue
				}
			}
			line := 0
			if i < len(lines) {
				line = lines[i]
			}
			out = append(out, fmt.Sprintf("%q (%s:%d)", c.Name, p, line))
		}
	}
	return out
}
