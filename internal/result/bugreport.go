package result

// BugReportSchema is the schema of `gomedic report --json`: the check report's fields (schema,
// gomedic, host, workspace, findings, summary, duration_ms) and the sections of BugReport beside
// them in one object (docs/json.md).
const BugReportSchema = "gomedic.report/v1"

// BugReport is what `gomedic report` adds to the check report: the verdict, the chain, and the
// facts a maintainer asks for in a bug report. Package report puts it beside the check report in
// one document.
type BugReport struct {
	// Anonymised says whether --share rewrote the document; Rewritten counts what it rewrote.
	Anonymised bool           `json:"anonymised"`
	Rewritten  map[string]int `json:"rewritten,omitempty"`
	// For is the project the report is shaped for ("vscode-go", "gopls", "delve", "go"), or "".
	For string `json:"for,omitempty"`
	// Verdict are the root causes: the failed checks no other failure explains, with what they block.
	Verdict []RootCause `json:"verdict"`
	// Chain are the links from the editor to the workspace, each with its worst status.
	Chain []ChainLink `json:"chain"`
	// Machine is the OS, the architecture and how the editor reaches it.
	Machine Machine `json:"machine"`
	// Gos are the go on PATH (first, OnPath set) and every other Go installation found.
	Gos []GoInstall `json:"gos"`
	// GoEnv are the Go variables that matter, with where each value came from.
	GoEnv []GoVar `json:"go_env"`
	// Paths are facts about paths that anonymising would hide (a space, non-ASCII characters, a
	// symbolic link, a network mount).
	Paths []PathFact `json:"paths,omitempty"`
	// Settings is the document of `gomedic settings`: editors, the Go extension, the settings in
	// effect with file:line, and the binary each tool resolves to.
	Settings *Settings `json:"settings,omitempty"`
	// Tools are the binaries the editor runs, with what their build info says.
	Tools []BuiltTool `json:"tools"`
	// Layout is the shape of each workspace folder.
	Layout []FolderLayout `json:"layout"`
	// Deep says whether the --deep probes ran (their findings are ws.gopls and ws.dlv).
	Deep bool `json:"deep"`
	// EditorLog are the recent gopls errors found in the editors' logs.
	EditorLog []LogLine `json:"editor_log,omitempty"`
}

// RootCause is a failed check that no other failure explains, and the checks it blocks.
type RootCause struct {
	ID     string   `json:"id"`
	Layer  string   `json:"layer"`
	Status string   `json:"status"`
	Title  string   `json:"title"`
	Blocks []string `json:"blocks,omitempty"`
	Fix    string   `json:"fix,omitempty"`
}

// ChainLink is one link of the chain: the checks that judge it and its worst status.
type ChainLink struct {
	Name   string   `json:"name"`   // "editor", "settings", "tools", "go", "env", "network", "workspace"
	Status string   `json:"status"` // the worst status of its checks; "skip" when none ran
	Root   bool     `json:"root,omitempty"`
	Checks []string `json:"checks,omitempty"` // the ids with a problem
}

// Machine is the machine the report describes.
type Machine struct {
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	Translated bool   `json:"translated,omitempty"` // an amd64 gomedic under Rosetta 2 (or an emulator)
	WSL        string `json:"wsl,omitempty"`        // the WSL distribution, when the machine is one
	Remote     string `json:"remote,omitempty"`     // the remote kind when the editor reaches it remotely (ssh-remote, dev-container, ...)
	Shell      string `json:"shell,omitempty"`
}

// GoInstall is a Go installation.
type GoInstall struct {
	Go      string `json:"go"` // its go binary
	Root    string `json:"root,omitempty"`
	Version string `json:"version,omitempty"`
	Origin  string `json:"origin,omitempty"`
	OnPath  bool   `json:"on_path,omitempty"`
}

// GoVar is a Go variable with where its value came from.
type GoVar struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Source string `json:"source"`         // environment, go env file, $GOROOT/go.env, default
	File   string `json:"file,omitempty"` // file:line for the two file sources
}

// PathFact is what a path tells a maintainer besides its text.
type PathFact struct {
	What     string `json:"what"` // "workspace", "GOPATH", "GOROOT", "GOBIN", "GOMODCACHE", a tool
	Path     string `json:"path"`
	Space    bool   `json:"space,omitempty"`
	NonASCII bool   `json:"non_ascii,omitempty"`
	Symlink  bool   `json:"symlink,omitempty"`
	Network  string `json:"network,omitempty"` // the network (or FUSE) file system it is on: "NFS", "SMB", ...
}

// BuiltTool is a tool binary and what its build info says.
type BuiltTool struct {
	Tool      string `json:"tool"`
	Path      string `json:"path"`
	Module    string `json:"module,omitempty"`
	Version   string `json:"version,omitempty"`
	GoVersion string `json:"go_version,omitempty"` // the Go it was built with
	OS        string `json:"os,omitempty"`
	Arch      string `json:"arch,omitempty"`
	Error     string `json:"error,omitempty"` // why its build info could not be read
}

// FolderLayout is the shape of a workspace folder.
type FolderLayout struct {
	Folder    string   `json:"folder"`
	GoMod     string   `json:"go_mod,omitempty"`
	Module    string   `json:"module,omitempty"`
	GoLine    string   `json:"go,omitempty"`
	Toolchain string   `json:"toolchain,omitempty"`
	GoWork    string   `json:"go_work,omitempty"`
	GOWORK    string   `json:"gowork,omitempty"` // the GOWORK setting and its source, when set
	Use       []string `json:"use,omitempty"`    // the module directories go.work uses
	Nested    []string `json:"nested,omitempty"` // go.mod files below the folder
	Vendor    bool     `json:"vendor,omitempty"`
	GoDirs    int      `json:"go_dirs"`
}

// LogLine is a line of an editor's log.
type LogLine struct {
	File string `json:"file"`
	Line string `json:"line"`
}
