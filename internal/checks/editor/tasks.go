package editor

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
	"github.com/gomedic/gomedic/internal/vscode"
)

func tasksCheck(_ context.Context, f *facts.Facts) finding.Finding {
	files, bad, looked := readDotVSCode(f, "tasks.json")
	if len(bad) > 0 {
		return dotVSCodeParseFailure("tasks.json's tasks", bad)
	}
	if len(files) == 0 {
		return finding.Finding{Status: finding.Skip, Title: "no .vscode/tasks.json", Detail: "Looked for " + strings.Join(looked, ", ") + "."}
	}
	if bad := notObjects(files); len(bad) > 0 {
		return notObjectFailure(tasksKind, bad)
	}
	var issues []launchIssue
	var ev []finding.Evidence
	var notes []string
	goTasks := 0
	for _, ff := range files {
		global := taskOSOverride(f, ff.doc, jsonItem{members: jsonRootMembers(ff.doc)})
		for el := range jsonItems(ff.doc, "tasks") {
			t := newVSTask(f, ff, el, global)
			if !t.runsGo() {
				continue
			}
			goTasks++
			found, skipped := t.check()
			for _, is := range found {
				issues = append(issues, is)
				ev = append(ev, doctor.Read(filePlace(ff.path, el.line), is.title))
			}
			notes = append(notes, skipped...)
		}
	}
	if goTasks == 0 {
		return finding.Finding{Status: finding.Skip, Title: "no task in tasks.json runs go", Detail: "Read " + dotVSCodePaths(files) + "."}
	}
	if len(issues) == 0 {
		fd := finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%d task(s) that run go have a go to run and a directory to run in", goTasks), Evidence: []finding.Evidence{{File: dotVSCodePaths(files)}}}
		if len(notes) > 0 {
			fd.Detail = strings.Join(notes, "\n")
		}
		return fd
	}
	return configIssuesFinding(issues, notes, ev, "tasks.json")
}

func jsonRootMembers(doc *vscode.Doc) map[string]vscode.Member {
	out := map[string]vscode.Member{}
	for _, m := range doc.Members(doc.Root) {
		out[m.Key] = m
	}
	return out
}

// taskOSKey is the member of a task (or of tasks.json) that overrides its properties on h's OS.
func taskOSKey(h host.Host) string {
	switch h.OS() {
	case "windows":
		return "windows"
	case "darwin":
		return "osx"
	}
	return "linux"
}

// taskOSOverride returns el with the members of its OS-specific object ("linux", "osx", "windows")
// replacing its own, as VS Code applies them.
func taskOSOverride(f *facts.Facts, doc *vscode.Doc, el jsonItem) jsonItem {
	o := el.object(doc, taskOSKey(f.Host))
	if len(o.members) == 0 {
		return el
	}
	merged := jsonItem{index: el.index, line: el.line, members: map[string]vscode.Member{}, via: map[string]string{}}
	for k, m := range el.members {
		merged.members[k] = m
	}
	for k, m := range o.members {
		merged.members[k] = m
		merged.via[k] = taskOSKey(f.Host)
	}
	return merged
}

// task is one task of tasks.json, with its OS-specific properties applied.
type vsTask struct {
	f       *facts.Facts
	file    dotVSCodeFile
	el      jsonItem
	label   string
	typ     string
	command string
	options jsonItem // the task's own options
	cwdOpts jsonItem // the options whose cwd applies: the task's, else the file's
	cwdFrom string   // "the task" or "tasks.json's global options"
}

func newVSTask(f *facts.Facts, ff dotVSCodeFile, el jsonItem, global jsonItem) vsTask {
	el = taskOSOverride(f, ff.doc, el)
	t := vsTask{f: f, file: ff, el: el}
	t.label, _ = el.str("label")
	if t.label == "" {
		t.label, _ = el.str("taskName")
	}
	t.typ, _ = el.str("type")
	if t.typ == "" {
		t.typ, _ = global.str("type")
	}
	if t.typ == "" {
		t.typ = "process"
	}
	t.command, _ = el.str("command")
	if t.command == "" && t.typ != "go" {
		t.command, _ = global.str("command")
	}
	t.options = el.object(ff.doc, "options")
	t.cwdOpts, t.cwdFrom = t.options, "the task"
	if _, ok := t.options.members["cwd"]; !ok {
		t.cwdOpts, t.cwdFrom = global.object(ff.doc, "options"), "tasks.json's global options"
	}
	return t
}

// program is the program the task starts: the command of a process task, the first word of a
// shell task's command line.
func (t vsTask) program() string {
	if t.typ == "shell" {
		fields := strings.Fields(t.command)
		for len(fields) > 0 && strings.Contains(fields[0], "=") && !strings.ContainsAny(fields[0], `/\`) {
			fields = fields[1:] // VAR=value before the command
		}
		if len(fields) == 0 {
			return ""
		}
		return strings.Trim(fields[0], `"'`)
	}
	return t.command
}

// runsGo reports whether the task runs the go command: a task of the Go extension's "go" type, or a
// shell or process task whose program is go (by name or by path).
func (t vsTask) runsGo() bool {
	if t.typ == "go" {
		return true
	}
	p := strings.ReplaceAll(t.program(), `\`, "/")
	base := p[strings.LastIndex(p, "/")+1:]
	return base == "go" || strings.EqualFold(base, "go.exe")
}

// pointer is the JSON Pointer of a member of the task: "/tasks/2/command", "/tasks/2/linux/command".
func (t vsTask) pointer(member string) string {
	if os := t.el.via[member]; os != "" {
		return fmt.Sprintf("/tasks/%d/%s/%s", t.el.index, os, member)
	}
	return fmt.Sprintf("/tasks/%d/%s", t.el.index, member)
}

func (t vsTask) where(key string) string {
	return fmt.Sprintf("%s:%d (task %q)", t.file.path, t.el.memberLine(key), t.label)
}

func (t vsTask) check() ([]launchIssue, []string) {
	var issues []launchIssue
	var notes []string
	cwd := t.file.folder
	if raw, ok := t.cwdOpts.str("cwd"); ok && raw != "" {
		p, v := expandConfigPath(t.f, t.file.folder, raw)
		fi, err := t.f.Host.Stat(p)
		switch {
		case v != "":
			notes = append(notes, fmt.Sprintf("%s: cwd %q depends on %s, known only in the editor; not checked.", t.where("options"), raw, v))
			cwd = ""
		case err != nil || !fi.IsDir():
			line := t.cwdOpts.memberLine("cwd")
			what := "does not exist"
			if err == nil {
				what = "is not a directory"
			}
			is := launchIssue{status: finding.Fail,
				title: fmt.Sprintf("task %q: cwd %s %s", t.label, p, what),
				detail: fmt.Sprintf("%s:%d: %s sets \"cwd\": %q, which is %s and %s. The task never starts: \"The terminal process failed to launch: Starting directory (cwd) \\\"%s\\\" %s.\"",
					t.file.path, line, t.cwdFrom, raw, p, what, p, what),
				summary: fmt.Sprintf("In %s, point \"options.cwd\" of %q at a directory that exists, or remove it (tasks run in the workspace folder).", t.file.path, t.label)}
			key := t.pointer("options") + "/cwd"
			if t.cwdFrom != "the task" {
				key = "/options/cwd"
			}
			is.actions = []finding.Action{{Kind: finding.SettingsEdit, File: t.file.path, Key: key, Value: text.JSONString("${workspaceFolder}")}}
			issues = append(issues, is)
			cwd = ""
		default:
			cwd = p
		}
	}
	if is := t.commandIssue(cwd); is != nil {
		issues = append(issues, *is)
	}
	return issues, notes
}

// taskPath is the PATH a task's program is looked up in: the task's options.env.PATH (with
// ${env:PATH} expanded), else the PATH gomedic was started with.
func (t vsTask) taskPath() (string, string) {
	env := t.options.object(t.file.doc, "env")
	if p, ok := env.str("PATH"); ok {
		return vscode.Expand(p, vscode.Vars{WorkspaceFolder: t.file.folder, UserHome: t.f.Host.HomeDir(), Env: t.f.Host.Env().Get}), "the task's options.env.PATH"
	}
	return t.f.Host.Env().Get("PATH"), "PATH"
}

// commandIssue reports a go the task cannot start. A process task's program is looked up as VS Code
// does (vscodeFindExecutable: an absolute path as is; a relative path with a directory against the
// task's cwd; a name in each PATH entry, then in the cwd); a shell task's by its shell, in PATH.
// A "go" task runs the go the Go extension resolves.
func (t vsTask) commandIssue(cwd string) *launchIssue {
	h := t.f.Host
	if t.typ == "go" {
		res := vscode.Resolve(h, "go", t.f.ToolSettings(), t.f.GoPaths())
		if res.Path != "" {
			return nil
		}
		return &launchIssue{status: finding.Fail,
			title:   fmt.Sprintf("task %q: the Go extension finds no go to run", t.label),
			detail:  fmt.Sprintf("%s is a task of the Go extension, which runs the go it finds in GOROOT/bin, PATH, /usr/local/go/bin or /usr/local/bin, and there is none (see go.found).", t.where("type")),
			summary: "Install Go, or put its bin directory on PATH (see go.found)."}
	}
	prog := vscode.Expand(t.program(), vscode.Vars{WorkspaceFolder: t.file.folder, UserHome: h.HomeDir(), Env: h.Env().Get})
	if prog == "" || editorOnlyVar.MatchString(prog) {
		return nil
	}
	pathList, pathFrom := t.taskPath()
	found := vscodeFindExecutable(h, prog, cwd, pathList)
	if found != "" {
		return nil
	}
	var msg string
	if t.typ == "shell" {
		msg = fmt.Sprintf("its shell answers \"%s: command not found\" and the task ends with exit code 127", t.program())
	} else {
		msg = fmt.Sprintf("it never starts: \"The terminal process failed to launch: Path to shell executable \\\"%s\\\" does not exist.\"", t.program())
	}
	is := &launchIssue{status: finding.Fail,
		title: fmt.Sprintf("task %q: %s is not found", t.label, t.program()),
		detail: fmt.Sprintf("%s runs %s, which is not found (looked up in %s=%s); %s. The editor looks in its own PATH, which is this one when it was started from this terminal (editor.env_mismatch compares the one it gets from the desktop).",
			t.where("command"), t.program(), pathFrom, pathList, msg),
	}
	goBin, err := t.f.GoBin()
	if err == nil && goBin != "" {
		key := t.pointer("command")
		value := "go"
		if strings.ContainsAny(t.program(), `/\`) || pathFrom != "PATH" {
			value = goBin
		}
		newCommand := value
		if t.typ == "shell" {
			newCommand = strings.Replace(t.command, t.program(), value, 1)
		}
		is.actions = []finding.Action{{Kind: finding.SettingsEdit, File: t.file.path, Key: key, Value: text.JSONString(newCommand)}}
		is.summary = fmt.Sprintf("In %s, make \"command\" of %q %s (the go a shell runs is %s).", t.file.path, t.label, text.JSONString(newCommand), goBin)
	} else {
		is.summary = "Install Go, or put its bin directory on PATH (see go.found)."
	}
	return is
}

// vscodeFindExecutable finds command as VS Code's vscodeFindExecutable does.
func vscodeFindExecutable(h host.Host, command, cwd, pathList string) string {
	exts := host.Exts(h, h.Env().Get("PATHEXT"))
	if host.IsAbs(h, command) {
		if host.Executable(h, command, exts) || h.OS() == "windows" && host.FindIn(h, filepath.Dir(command), filepath.Base(command), exts) != "" {
			return command
		}
		return ""
	}
	if strings.ContainsAny(command, `/\`) {
		if cwd == "" {
			return ""
		}
		return host.FindIn(h, cwd, command, exts)
	}
	for _, dir := range host.SplitList(h, pathList) {
		if dir == "" || !host.IsAbs(h, dir) {
			continue
		}
		if p := host.FindIn(h, dir, command, exts); p != "" {
			return p
		}
	}
	if cwd != "" {
		return host.FindIn(h, cwd, command, exts)
	}
	return ""
}
