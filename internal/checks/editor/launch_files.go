package editor

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
	"github.com/gomedic/gomedic/internal/vscode"
)

// This file holds what editor.launch and editor.tasks share: finding and parsing each workspace
// folder's .vscode/launch.json or tasks.json, walking the array of configurations or tasks with
// their lines, and expanding the variables VS Code substitutes.

// dotVSCodeFile is one workspace folder's .vscode/<name>.
type dotVSCodeFile struct {
	folder, path string
	doc          *vscode.Doc
}

// dotVSCodeFolders are the folders whose .vscode directory the editor reads: the workspace's
// folders, and the directory gomedic was asked about.
func dotVSCodeFolders(f *facts.Facts) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range append(append([]string(nil), f.Settings().Folders...), f.Dir) {
		if d == "" {
			continue
		}
		k := facts.SamePathKey(f.Host, d)
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}

// readDotVSCode reads .vscode/<name> in every workspace folder. It returns the files that parse,
// the parse errors (each a *vscode.ParseError) and the paths looked at.
func readDotVSCode(f *facts.Facts, name string) (files []dotVSCodeFile, bad []*vscode.ParseError, looked []string) {
	for _, folder := range dotVSCodeFolders(f) {
		p := filepath.Join(folder, ".vscode", name)
		looked = append(looked, p)
		doc, err := vscode.ReadJSONC(f.Host, p)
		var pe *vscode.ParseError
		switch {
		case err == nil:
			files = append(files, dotVSCodeFile{folder: folder, path: p, doc: doc})
		case errors.As(err, &pe):
			bad = append(bad, pe)
		case host.IsNotExist(err):
		default:
			bad = append(bad, &vscode.ParseError{File: p, Msg: err.Error()})
		}
	}
	return files, bad, looked
}

// dotVSCodeParseFailure is the finding for files that do not parse.
func dotVSCodeParseFailure(what string, bad []*vscode.ParseError) finding.Finding {
	var lines []string
	var ev []finding.Evidence
	for _, pe := range bad {
		lines = append(lines, "  "+pe.Error())
		ev = append(ev, finding.Evidence{File: pe.File, Output: pe.Error()})
	}
	title := fmt.Sprintf("%s does not parse: %s", filepath.Base(bad[0].File), bad[0].Error())
	if len(bad) > 1 {
		title = fmt.Sprintf("%d %s files do not parse", len(bad), filepath.Base(bad[0].File))
	}
	return finding.Finding{Status: finding.Fail, Title: title, Evidence: ev,
		Detail: fmt.Sprintf("VS Code reads %s as JSON with comments and trailing commas; with a syntax error it shows the problem when the file is opened and drops what it cannot read, so %s may be missing or cut short:\n%s",
			what, what, strings.Join(lines, "\n")),
		Fix: &finding.Fix{Summary: "Fix the syntax at the line and column shown (a missing comma or quote, an unclosed brace), or open the file in the editor, which underlines the place."}}
}

// dotVSCodeKind is what launch.json or tasks.json is about: its name, the member of its top-level
// object that lists its items, and the object a fix writes.
type dotVSCodeKind struct {
	name, member, items, skeleton string
}

var (
	launchKind = dotVSCodeKind{name: "launch.json", member: "configurations", items: "debug configuration",
		skeleton: `{"version": "0.2.0", "configurations": [...]}`}
	tasksKind = dotVSCodeKind{name: "tasks.json", member: "tasks", items: "task", skeleton: `{"version": "2.0.0", "tasks": [...]}`}
)

// notObjects are the files whose top level is not an object ({ ... }).
func notObjects(files []dotVSCodeFile) []dotVSCodeFile {
	var out []dotVSCodeFile
	for _, ff := range files {
		if ff.doc.Root.Kind != '{' {
			out = append(out, ff)
		}
	}
	return out
}

// notObjectFailure is the finding for launch.json or tasks.json files whose top level is an array,
// null or a literal. VS Code reads them through the parser it reads settings with (as the "launch"
// or "tasks" section of the folder's configuration) and takes only the members of an object, so
// it reads no item from them: none is listed or run, without a message, except the underline its
// JSON validation draws while the file is open (Incorrect type. Expected "object".).
func notObjectFailure(kind dotVSCodeKind, bad []dotVSCodeFile) finding.Finding {
	var lines []string
	var ev []finding.Evidence
	for _, ff := range bad {
		at := filePlace(ff.path, ff.doc.Line(ff.doc.Root.Start))
		lines = append(lines, fmt.Sprintf("  %s: %s", at, vscode.KindName(ff.doc.Root)))
		ev = append(ev, doctor.Read(at, text.ClipJSON(ff.doc.Data[ff.doc.Root.Start:ff.doc.Root.End], 120)))
	}
	title := fmt.Sprintf("%s holds %s, not an object: VS Code reads no %s from it", kind.name, vscode.KindName(bad[0].doc.Root), kind.items)
	fix := fmt.Sprintf("Make the top level of %s an object: %s", kind.name, kind.skeleton)
	if bad[0].doc.Root.Kind == '[' {
		fix += fmt.Sprintf(", with the array as its %q", kind.member)
	}
	return finding.Finding{Status: finding.Fail, Title: title, Evidence: ev,
		Detail: fmt.Sprintf("VS Code reads %s as an object whose %q member lists the %ss, and takes nothing else: with anything but an object at the top it reads no %s from the file, and says so only by underlining it while it is open in the editor (Incorrect type. Expected \"object\".):\n%s",
			kind.name, kind.member, kind.items, kind.items, strings.Join(lines, "\n")),
		Fix: &finding.Fix{Summary: fix + "."}}
}

// jsonItem is one object of a top-level array ("configurations", "tasks").
type jsonItem struct {
	index   int
	line    int
	members map[string]vscode.Member
	// via maps a member taken from a nested object (a task's "linux", "osx" or "windows") to that
	// object's key, for JSON Pointers.
	via map[string]string
}

// jsonItems yields the objects of the array under key in doc's root, with their lines, one at a
// time: an item's members are read when it is reached, so a file of 20k configurations holds
// one configuration's members at once, not all of them.
func jsonItems(doc *vscode.Doc, key string) iter.Seq[jsonItem] {
	return func(yield func(jsonItem) bool) {
		for i, v := range doc.Elements(key) {
			if v.Kind != '{' {
				continue
			}
			el := jsonItem{index: i, line: doc.Line(v.Start), members: map[string]vscode.Member{}}
			for _, m := range doc.Members(v) {
				el.members[m.Key] = m
			}
			if !yield(el) {
				return
			}
		}
	}
}

// str is the string value of member key, and whether it is a string.
func (e jsonItem) str(key string) (string, bool) {
	m, ok := e.members[key]
	if !ok {
		return "", false
	}
	var s string
	if json.Unmarshal(m.Value, &s) != nil {
		return "", false
	}
	return s, true
}

// strs is the value of member key as a list of strings: an array of strings, or one string.
func (e jsonItem) strs(key string) ([]string, bool) {
	m, ok := e.members[key]
	if !ok {
		return nil, false
	}
	var list []string
	if json.Unmarshal(m.Value, &list) == nil {
		return list, true
	}
	var s string
	if json.Unmarshal(m.Value, &s) == nil {
		return []string{s}, true
	}
	return nil, false
}

// object is member key as an jsonItem of its own, or a zero jsonItem.
func (e jsonItem) object(doc *vscode.Doc, key string) jsonItem {
	out := jsonItem{members: map[string]vscode.Member{}}
	m, ok := e.members[key]
	if !ok {
		return out
	}
	out.line = m.Line
	for _, mm := range doc.Members(m.Node) {
		out.members[mm.Key] = mm
	}
	return out
}

// memberLine is the line of member key, or the jsonItem's own line.
func (e jsonItem) memberLine(key string) int {
	if m, ok := e.members[key]; ok {
		return m.Line
	}
	return e.line
}

// editorOnlyVar matches the variables gomedic cannot know: they depend on the file open in the
// editor (${file}, ${fileDirname}, ${relativeFile}, ...), ask the user (${input:...},
// ${command:...}) or read other settings (${config:...}).
var editorOnlyVar = regexp.MustCompile(`\$\{[^}]*\}`)

// expandConfigPath expands what VS Code substitutes in a path of launch.json or tasks.json, relative to
// folder. It returns "" and the first variable it cannot know when the path depends on one.
func expandConfigPath(f *facts.Facts, folder, p string) (string, string) {
	p = vscode.Expand(p, vscode.Vars{WorkspaceFolder: folder, UserHome: f.Host.HomeDir(), Env: f.Host.Env().Get})
	p = strings.ReplaceAll(p, "${pathSeparator}", string(filepath.Separator))
	p = strings.ReplaceAll(p, "${/}", string(filepath.Separator))
	if v := editorOnlyVar.FindString(p); v != "" {
		return "", v
	}
	if !host.IsAbs(f.Host, p) {
		p = filepath.Join(folder, p)
	}
	return filepath.Clean(p), ""
}

// place is "file:line" for evidence and details.
func filePlace(file string, line int) string { return fmt.Sprintf("%s:%d", file, line) }
