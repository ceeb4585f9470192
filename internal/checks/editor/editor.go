// Package editor holds the checks of the `editor` layer: the VS Code-family editors, the Go
// extension, its settings, the environment an editor started from the desktop gets, and the
// workspace's launch and tasks configurations.
package editor

import (
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/vscode"
	"github.com/gomedic/gomedic/internal/vscode/schema"
)

// Checks returns the editor layer's checks: the whole list of the layer, in order.
func Checks() []*doctor.Check {
	return []*doctor.Check{
		{ID: "editor.found", Layer: finding.LayerEditor, Run: editorsFound,
			Repair: finding.RepairNone,
			Looks:  "which VS Code-family editors (" + strings.Join(vscode.EditorNames(), ", ") + ") have user settings, profiles, remote-server settings or extensions here",
			Fails:  "info: the editors found; skip when there is none"},
		{ID: "editor.extension", Layer: finding.LayerEditor, Run: extensionCheck,
			Repair: finding.RepairConfirm, RepairNote: "a run of the editor's own launcher found on PATH (code --install-extension golang.go, --uninstall-extension for a retired one), once confirmed: it downloads from the editor's marketplace into the editor; without the launcher on PATH, or for a remote server, manual",
			Looks: "the Go extension (golang.go) in each editor's extensions folder (honouring extensions.json and .obsolete) and its remote server's",
			Fails: "W: not installed in an editor that has Go settings or when no editor has it; older than v" + oldestSupportedExtension + "; the retired ms-vscode.go or Go Nightly installed"},
		{ID: "editor.settings.parse", Layer: finding.LayerEditor, Run: parseCheck,
			Repair: finding.RepairManual, RepairNote: "only the user knows what a file that does not parse was meant to say",
			Looks: "user (and profile), remote-server, .code-workspace and .vscode/settings.json files, as JSON with comments and trailing commas",
			Fails: "F: a file that does not parse (file:line:column and the reason) or cannot be read. W: a file too large to read"},
		{ID: remoteCheckID, Layer: finding.LayerEditor, Run: remoteCheck,
			Repair: finding.RepairManual, RepairNote: "gomedic must run on the remote side, and moving settings between the user and Machine settings is the user's choice",
			Looks: "which side of a remote gomedic runs on: .code-workspace folders on another machine (vscode-remote URIs: ssh-remote, wsl, dev-container, ...); the remote servers installed here (~/.vscode-server and the forks' peers, code-server); path settings shaped for another OS; machine-scoped settings (go.goroot, go.gopath, go.toolsGopath, go.toolsManagement.go) in the user settings of remote windows, which VS Code does not apply",
			Fails: "F: a path setting names another machine's path (a Windows path or a macOS home on Linux, ...) that does not exist here. W: the workspace's folders are on a remote (gomedic checked the wrong machine: the fix runs it there); machine-scoped settings in a remote window's user settings. info: this machine is a remote host"},
		{ID: "editor.settings.paths", Layer: finding.LayerEditor, Run: pathsCheck, Causes: []string{remoteCheckID},
			Repair: finding.RepairAuto, RepairNote: "settings_edit at the setting's JSON Pointer in the file and line it came from (user, workspace, .code-workspace, \"[go]\" block): corrected to a path that exists, or removed",
			Looks: "go.goroot, go.gopath, go.toolsGopath, go.alternateTools.*, go.toolsManagement.go, expanded as the Go extension expands them (${env:X}, ${workspaceFolder}, ~; nothing in go.toolsManagement.go)",
			Fails: "F: a path that does not exist, is not a directory or an executable as the setting needs, or keeps a variable the extension does not expand"},
		{ID: "editor.settings.tools_env", Layer: finding.LayerEditor, Run: toolsEnvCheck,
			Repair: finding.RepairAuto, RepairNote: "settings_edit removes the variable from go.toolsEnvVars in the file it came from",
			Looks: "GO111MODULE, GOFLAGS, GOTOOLCHAIN, GOPROXY, CC and the work directory (GOTMPDIR, else TMPDIR) in go.toolsEnvVars, which the extension gives the go command, gopls and every tool it runs",
			Fails: "F: GO111MODULE=off or unknown; GOFLAGS the go command rejects; an invalid GOTOOLCHAIN; a GOTMPDIR or TMPDIR that is relative, missing, not a directory or not writable; GOFLAGS=-mod=vendor where go list -m in a workspace folder stops on it (no vendor/modules.txt while go.mod requires modules, or one out of step). W: GOFLAGS=-mod=vendor in a workspace that vendors consistently; GOTOOLCHAIN=local while the workspace needs a newer Go, or auto with GOPROXY=off; GOPROXY=off; a CC whose first word names no compiler while cgo is on"},

		{ID: "editor.settings.unknown", Layer: finding.LayerEditor, Run: settingsUnknownCheck,
			Repair: finding.RepairAuto, RepairNote: "settings_edit renames a misspelt key to the one real key it is close to, and removes a removed setting; a wrong value, or a key close to several, waits for a confirmation or is manual",
			Looks: "go.* keys and values against the Go extension's own list of settings (the installed extension's package.json, else gomedic's built-in table of golang.go " + schema.Builtin().Version + "), and the members of \"gopls\" against the running gopls's `gopls api-json`, as gopls reads them",
			Fails: "W: a key the extension does not define (with the closest real key), a value of the wrong type or outside its enum, a deprecated key (with its replacement); a gopls option gopls rejects (unknown, deprecated, wrong type, set twice) or ignores (an unknown analyzer, code lens or hint)"},
		{ID: "editor.settings.language_server", Layer: finding.LayerEditor, Run: languageServerCheck,
			Repair: finding.RepairAuto, RepairNote: "settings_edit writes go.languageServerFlags back without the arguments gopls rejects (a confirmation when the repair is a guess, and for a value that is not a list), or sets go.useLanguageServer to true",
			Looks: "go.useLanguageServer, and go.languageServerFlags parsed the way the user's gopls parses its command line (its flags from `gopls help` and `gopls help serve`; gopls is not started)",
			Fails: "W: gopls turned off. F: an argument that makes gopls exit at start (a flag it does not define, a bad flag value, -h, a subcommand); a -logfile gopls cannot create (a ~ or ${...} that neither the extension nor gopls expands, a directory that does not exist or cannot be written)"},
		{ID: "editor.settings.lint_tool", Layer: finding.LayerEditor, Run: lintToolCheck,
			Repair: finding.RepairAuto, RepairNote: "settings_edit of go.lintTool and go.lintFlags; installing the golangci-lint release or updating the extension is manual",
			Looks: "the golangci-lint that go.lintTool (golangci-lint, golangci-lint-v2) makes the Go extension run: its major version (build info, else `golangci-lint version`) against the flags the extension adds for the version it believes it is, and against go.lintFlags",
			Fails: "F: golangci-lint-v2 chosen and no golangci-lint-v2 binary; the extension gives v1 flags to v2 or v2 flags to v1 (golangci-lint-v2 naming a v1, a v1 built from a checkout, an extension older than v" + lintV2Extension + "); go.lintFlags holds flags the binary's major version removed or does not have yet (--fast, --out-format, --disable-all on v2; --fast-only, --output.*, --default on v1), with their spelling in the other version"},

		{ID: "editor.env_mismatch", Layer: finding.LayerEditor, Run: envMismatch, Eager: true,
			Repair: finding.RepairAuto, RepairNote: "path_add in the login file the editor's shell reads, go env -w and the start-up line removed for a Go variable, settings_edit of application.shellEnvironmentResolutionTimeout; a slow start-up file is manual",
			Looks: "the environment an editor started from the desktop gets: the desktop session's (macOS: launchctl getenv; Linux: systemctl --user show-environment) " +
				"and what the user's $SHELL prints when run as VS Code runs it at start-up (-i -l -c, detached, with VS Code's 10 s limit or twice --timeout if less), against a terminal's shell (-i); " +
				"both replayed while nothing they read changed (the shell, its start environment, its start-up files and what they sourced, the go env file; a day at most)",
			Fails: "F: a terminal runs a go the editor cannot find. W: the lookup fails, times out or never prints the environment; a terminal's shell times out (a timeout is reported as such, not as a difference); the editor finds a different go; " +
				"the tools directory is on a terminal's PATH only; GOPATH, GOROOT, GOBIN, GOFLAGS, GO111MODULE, GOPROXY or GOTOOLCHAIN differ. info: start-up files print on stdout, or the lookup is slow"},
		{ID: "editor.launch", Layer: finding.LayerEditor, Run: launchCheck,
			Repair: finding.RepairConfirm, RepairNote: "settings_edit of the configuration in launch.json (program, cwd, args): it changes how the user debugs; a file that does not parse is manual",
			Looks: "the \"type\": \"go\" configurations of each workspace folder's .vscode/launch.json",
			Fails: "F: the file does not parse; program or cwd does not exist; an envFile (a string or a list) that does not exist or cannot be read; in exec mode a program that is a directory; mode test with testing flags lacking their test. prefix (-v for -test.v) or go build flags in args. W: mode debug or auto on a package that is not main"},
		{ID: "editor.tasks", Layer: finding.LayerEditor, Run: tasksCheck,
			Repair: finding.RepairConfirm, RepairNote: "settings_edit of the task in tasks.json (options.cwd, the command); a file that does not parse is manual",
			Looks: "the tasks of each workspace folder's .vscode/tasks.json that run go (shell and process tasks whose program is go, and the Go extension's \"go\" tasks)",
			Fails: "F: the file does not parse; options.cwd does not exist; go is not found where the task looks for it"},
	}
}
