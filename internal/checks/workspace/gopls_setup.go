package workspace

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/mod/semver"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/lsp"
	"github.com/gomedic/gomedic/internal/toolset"
	"github.com/gomedic/gomedic/internal/vscode"
	"github.com/gomedic/gomedic/internal/vscode/schema"
)

// goplsSetup is how the editor starts gopls on this workspace, and where each part came from.
type goplsSetup struct {
	cfg lsp.Config
	// version is the gopls version from its build info ("v0.21.1"), "" when unknown.
	version string
	// envNotes say which variables the settings add to the user's environment, and from where
	// ("GOFLAGS=-mod=mod (go.toolsEnvVars, /x/.vscode/settings.json:3)").
	envNotes []string
	// toolsEnv are the variables go.toolsEnvVars sets, and toolVars where each is set.
	toolsEnv map[string]bool
	toolVars []facts.ToolVar
	// settingsNote says where the gopls settings came from.
	settingsNote string
	// hasGoFiles is set when the folders hold Go files (looked for only when gopls loaded no
	// package).
	hasGoFiles bool
	// cache is where gopls keeps its file cache: gomedic's own, kept across runs where it can be.
	cache facts.GoplsCache
	// driver is the go/packages driver gopls runs instead of the go command (GOPACKAGESDRIVER), "" for none.
	driver string
	// alternate is set when the editor runs the gopls go.alternateTools.gopls names.
	alternate *goplsAlternate
}

// goplsAlternate is the go.alternateTools.gopls entry that makes the editor run the gopls it runs.
type goplsAlternate struct {
	key   string       // "go.alternateTools.gopls"
	where string       // its file and line, "~/.config/Code/User/settings.json:3"
	note  string       // why the editor runs that program (advice.AlternateToolNote)
	fix   *finding.Fix // the program corrected, or the entry removed (advice.AlternateTool)
}

// goplsAlternateFor is the go.alternateTools.gopls entry that makes the editor run path, or nil.
func goplsAlternateFor(f *facts.Facts, path string) *goplsAlternate {
	t := toolset.Lookup("gopls")
	st, ok := f.AlternateTool(t)
	if !ok {
		return nil
	}
	return &goplsAlternate{key: st.Key, where: fmt.Sprintf("%s:%d", advice.HomeTilde(f, st.File), st.Line),
		note: advice.AlternateToolNote(t, st, path),
		fix:  advice.AlternateTool(f, t, st, fmt.Sprintf("Correct %s so that it prints nothing on its standard output but gopls's LSP messages (a wrapper that prints must write to standard error, then exec gopls), or point the entry at a working gopls; %s.", path, goplsRestart))}
}

// goplsTelemetryOff keeps gopls from starting its telemetry sidecar, which detaches itself from the
// process group (setsid) and would outlive the probe; asking gopls to load a workspace should not
// start telemetry uploads either. The same variable is set for every gopls probe (facts.Probe).
const goplsTelemetryOff = "GO_TELEMETRY_CHILD=2"

// goplsStart is how the Go extension starts gopls (buildLanguageServerConfig and
// buildLanguageClient in its src/language/goLanguageServer.ts): the resolved binary with
// `-mode=stdio` and go.languageServerFlags; the user's environment with go.toolsEnvVars on top
// (toolExecutionEnvironment in src/goEnv.ts), GOPATH from go.gopath and GOROOT from go.goroot;
// the workspace folders; and the gopls settings object, adjusted as the extension adjusts it
// (adjustGoplsWorkspaceConfiguration), as initializationOptions and as the answer to
// workspace/configuration. One thing differs: gopls keeps its cache in gomedic's own cache
// directory (facts.GoplsCache), not in the user's, which a doctor must not grow; so the first run
// with a gopls binary is a cold load, as the first after installing gopls is in the editor, and
// later ones are warm.
func goplsStart(f *facts.Facts, path string, timeout time.Duration) goplsSetup {
	s := f.Settings()
	st := goplsSetup{toolsEnv: map[string]bool{}}
	if d := findDriver(f); d.value != "off" {
		st.driver = d.value
	}
	st.alternate = goplsAlternateFor(f, path)
	if bi := f.BinInfo(path); bi.Info != nil && semver.IsValid(bi.Info.Version) {
		st.version = bi.Info.Version
	}
	env := f.Host.Env()
	var extra []string
	for _, v := range f.ToolVars() {
		extra = append(extra, v.Name+"="+v.Value)
		if v.Setting == vscode.KeyToolsEnvVars {
			st.toolsEnv[v.Name] = true
			st.toolVars = append(st.toolVars, v)
		}
		st.envNotes = append(st.envNotes, v.String())
	}
	extra = append(extra, goplsTelemetryOff)

	folders := s.Folders
	if len(folders) == 0 {
		folders = []string{f.Dir}
	}
	toolEnv := f.ToolEnv(env.With(extra...), facts.IsolateCaches)
	if st.cache = f.GoplsCache(path); st.cache.Dir != "" {
		toolEnv = toolEnv.With("GOPLSCACHE=" + st.cache.Dir)
		toolEnv = goplsIndexHome(f.Host, toolEnv, st.cache)
	}
	settings, note := goplsSettings(s, st.version)
	st.settingsNote = note
	st.cfg = lsp.Config{
		Host:          f.Host,
		Path:          path,
		Args:          schema.GoplsArgs(s),
		Env:           toolEnv.Environ(),
		Dir:           folders[0],
		Folders:       folders,
		Settings:      goplsInitOptions(settings, st.version),
		Configuration: func(string) json.RawMessage { return settings },
		Timeout:       timeout,
		ClientName:    "gomedic",
	}
	return st
}

// goplsIndexHome gives gopls's index of the module cache a home beside its file cache.
// gopls (v0.18.0 and later) keeps that index (every package of GOMODCACHE with its exported names,
// for completing packages not yet imported) in the user cache directory, $XDG_CACHE_HOME/goimports
// on Linux, builds it in the background when a session starts by parsing every module there, and
// writes it only once complete. ToolEnv moves XDG_CACHE_HOME to the run's scratch space (pinning
// GOCACHE, which derives from it), where the index was never there and never finished: most of a
// warm session's CPU time, the more the larger the module cache, which the editor's gopls, with its
// index kept, does not spend. So XDG_CACHE_HOME is the gopls cache's directory, kept across runs,
// seeded with a copy of the user's own index (facts.GoplsCache.SeedIndex; the user's is only
// read). Where os.UserCacheDir does not read XDG_CACHE_HOME (macOS, Windows, plan9) gopls uses the
// user's directory anyway, and where ToolEnv did not move it (go env did not answer) it stays.
func goplsIndexHome(h host.Host, env *host.Env, c facts.GoplsCache) *host.Env {
	if env.Get("XDG_CACHE_HOME") == "" {
		return env
	}
	switch h.OS() {
	case "windows", "darwin", "ios", "plan9":
		return env
	}
	c.SeedIndex(goenv.UserCacheDir(h))
	return env.With("XDG_CACHE_HOME=" + c.Dir)
}

// goplsSettings is the settings object the Go extension gives gopls: the members of "gopls" set in
// any settings file (merged as VS Code merges them), go.buildFlags and go.buildTags as
// build.buildFlags when "gopls" does not set it, go.inlayHints as ui.inlayhint.hints,
// go.diagnostic.vulncheck as ui.vulncheck, and linkifyShowMessage for gopls v0.14 and later.
func goplsSettings(s *vscode.Settings, version string) (json.RawMessage, string) {
	obj := map[string]json.RawMessage{}
	var from []string
	for _, m := range s.Merged("gopls") {
		obj[strings.TrimPrefix(m.Key, "gopls.")] = m.Value
		if !slices.Contains(from, m.File) {
			from = append(from, m.File)
		}
	}
	if _, ok := obj["build.buildFlags"]; !ok {
		var flags []string
		if st, ok := s.ExtensionValue("go.buildFlags"); ok {
			var fl []string
			if json.Unmarshal(st.Value, &fl) == nil {
				flags = append(flags, fl...)
			}
		}
		if tags, _, ok := s.StringValue("go.buildTags"); ok && tags != "" && !slices.Contains(flags, "-tags") {
			flags = append(flags, "-tags", tags)
		}
		if len(flags) > 0 {
			data, _ := json.Marshal(flags)
			obj["build.buildFlags"] = data
			from = append(from, "go.buildFlags/go.buildTags")
		}
	}
	if st, ok := s.ExtensionValue("go.inlayHints"); ok && bytes.HasPrefix(bytes.TrimSpace(st.Value), []byte("{")) {
		obj["ui.inlayhint.hints"] = st.Value
	}
	if v, _, ok := s.StringValue("go.diagnostic.vulncheck"); ok && v != "" {
		data, _ := json.Marshal(v)
		obj["ui.vulncheck"] = data
	}
	if version != "" && semver.Compare(version, "v0.13.99") > 0 {
		obj["linkifyShowMessage"] = json.RawMessage("true")
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return json.RawMessage("{}"), ""
	}
	sort.Strings(from)
	note := "no gopls settings"
	if len(from) > 0 {
		note = "gopls settings from " + strings.Join(from, ", ")
	}
	return data, note
}

// goplsInitOptions is the settings object sent as initializationOptions (not as the answers to
// workspace/configuration), with two of gopls's options added where the settings leave them out;
// they change when gopls reports its work, not what it loads or diagnoses:
//   - verboseWorkDoneProgress (internal): gopls reports the diagnosis of the initial workspace load,
//     and of the file opened, as $/progress, as `gopls stats` has it do, which tells exactly when
//     the load and its diagnostics are done;
//   - diagnosticsDelay "0s" (v0.8.0 and later, where the option has that name): after the file
//     is opened, gopls otherwise type-checks its package, publishes, then waits a second (its
//     default) before the full diagnosis that ends with the diagnostics of files no package holds;
//     without the delay it does the full diagnosis at once. The user's own value, in either spelling
//     ("ui.diagnostic.diagnosticsDelay"), is kept.
func goplsInitOptions(settings json.RawMessage, version string) json.RawMessage {
	var obj map[string]json.RawMessage
	if json.Unmarshal(settings, &obj) != nil || obj == nil {
		obj = map[string]json.RawMessage{}
	}
	if _, set := obj["verboseWorkDoneProgress"]; !set {
		obj["verboseWorkDoneProgress"] = json.RawMessage("true")
	}
	if semver.Compare(version, "v0.8.0") >= 0 && !goplsSets(obj, "diagnosticsDelay") {
		obj["diagnosticsDelay"] = json.RawMessage(`"0s"`)
	}
	data, err := json.Marshal(obj)
	if err != nil {
		return settings
	}
	return data
}

// goplsSets says whether the settings object sets the gopls option name, which gopls reads from
// the last segment of a dotted key ("ui.diagnostic.diagnosticsDelay").
func goplsSets(obj map[string]json.RawMessage, name string) bool {
	for k := range obj {
		if k == name || strings.HasSuffix(k, "."+name) {
			return true
		}
	}
	return false
}
