package tools

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/toolset"
)

// toolCopy is one file holding a copy of a tool, reached through one or more paths.
type toolCopy struct {
	paths []string // every path found that leads to this file, first one first
	real  string   // the file, symlinks resolved
	bi    *facts.BinInfo
	// identity is what two copies must share to be the same tool: the module path, release
	// version, Go version and targets of a release build; the content's hash otherwise.
	identity string
	what     string // a few words for people: "v0.21.1, built with go1.26.8"
}

// shadowedCheck looks for other copies of t in the places the editor and shells look, and warns
// when they are not the same tool.
func shadowedCheck(f *facts.Facts, t *toolset.Tool) finding.Finding {
	editor, skip := installed(f, t)
	if skip != nil {
		return *skip
	}
	paths := f.Copies(t.Name)
	// A program a go.alternateTools entry makes the editor run is the user's choice, not a copy
	// the search order picked: it is compared with nothing and never removed.
	alt, byAlt := f.AlternateTool(t)
	var altNote string
	if byAlt {
		altNote = fmt.Sprintf("The editor runs %s, which %q names (%s:%d), not a copy found in these places.", editor, alt.Key, alt.File, alt.Line)
		editor = ""
	} else {
		paths = append(paths, editor)
	}
	copies := distinctCopies(f, paths)
	ev := []finding.Evidence{{Command: "look for " + t.Name + " in GOBIN, GOPATH/bin, GOROOT/bin and PATH", Output: listCopies(f, copies, "", "")}}
	if len(copies) == 0 {
		return finding.Finding{Status: finding.OK, Title: fmt.Sprintf("no copy of %s in GOBIN, GOPATH/bin, GOROOT/bin or PATH", t.Name), Detail: altNote, Evidence: ev}
	}
	if len(copies) == 1 {
		title := fmt.Sprintf("one copy of %s: %s", t.Name, copies[0].real)
		if len(copies[0].paths) > 1 {
			title = fmt.Sprintf("one copy of %s, reached as %s", t.Name, strings.Join(copies[0].paths, " and "))
		}
		return finding.Finding{Status: finding.OK, Title: title, Detail: altNote, Evidence: ev}
	}
	for i := range copies {
		identify(f, t, &copies[i])
	}
	if allSame(copies) {
		return finding.Finding{Status: finding.OK, Evidence: ev, Detail: altNote,
			Title: fmt.Sprintf("%d copies of %s, all the same (%s)", len(copies), t.Name, copies[0].what)}
	}
	shell := f.ShellTool(t.Name)
	ev[0].Output = listCopies(f, copies, editor, shell)
	keep := editor
	if keep == "" {
		keep = cmp.Or(shell, copies[0].paths[0])
	}
	detail := shadowDetail(f, t, copies, editor, shell)
	if byAlt {
		detail = fmt.Sprintf("%s is installed %d times, and the copies are not the same program:\n%s\n%s Shells, terminal tasks and other editors search PATH only, and the editor runs one of these copies once the entry is gone.",
			t.Name, len(copies), listCopies(f, copies, "", shell), altNote)
	}
	return finding.Finding{
		Status:   finding.Warn,
		Title:    fmt.Sprintf("%d different copies of %s", len(copies), t.Name),
		Detail:   detail,
		Evidence: ev,
		Fix:      keepOneFix(f, t, copies, keep),
	}
}

// distinctCopies groups paths by the file they lead to, keeping the order of first sight.
func distinctCopies(f *facts.Facts, paths []string) []toolCopy {
	var out []toolCopy
	index := map[string]int{}
	for _, p := range paths {
		real := realPath(f, p)
		if i, ok := index[real]; ok {
			if !contains(out[i].paths, p) {
				out[i].paths = append(out[i].paths, p)
			}
			continue
		}
		index[real] = len(out)
		out = append(out, toolCopy{paths: []string{p}, real: real})
	}
	return out
}

// identify fills c's identity. Two release builds of the same module version with the same Go for
// the same targets behave the same even when their bytes differ (built on two machines); builds
// without a release version ("(devel)") or without build info compare by size and content.
func identify(f *facts.Facts, t *toolset.Tool, c *toolCopy) {
	c.bi = f.BinInfo(c.paths[0])
	if info := c.bi.Info; info != nil && info.GoVersion != "" {
		c.what = fmt.Sprintf("%s, built with %s", orDevel(moduleVersion(info, t)), info.GoVersion)
		if len(info.Targets) > 0 {
			c.what += ", " + targetList(info)
		}
		if v := moduleVersion(info, t); v != "" {
			c.identity = strings.Join([]string{"release", info.MainPath, v, info.GoVersion, targetList(info)}, " ")
			return
		}
	}
	sum, size := hashFile(f, c.paths[0])
	if c.what == "" {
		c.what = fmt.Sprintf("%d bytes, no Go build info", size)
	}
	c.identity = fmt.Sprintf("content %d %s", size, sum)
}

// hashFile is the SHA-256 of a file's content and its size; an unreadable file hashes to its path,
// so that it never counts as the same as another.
func hashFile(f *facts.Facts, path string) (string, int64) {
	file, err := f.Host.Open(path)
	if err != nil {
		return "unreadable " + path, -1
	}
	defer file.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(file, 0, file.Size())); err != nil {
		return "unreadable " + path, file.Size()
	}
	return hex.EncodeToString(h.Sum(nil)), file.Size()
}

func allSame(copies []toolCopy) bool {
	for _, c := range copies[1:] {
		if c.identity != copies[0].identity {
			return false
		}
	}
	return true
}

// listCopies lists the copies one a line, marking the one the editor runs and the one a shell
// runs.
func listCopies(f *facts.Facts, copies []toolCopy, editor, shell string) string {
	var b strings.Builder
	for i, c := range copies {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "  %d. %s", i+1, strings.Join(c.paths, " = "))
		if !strings.EqualFold(filepath.ToSlash(filepath.Clean(c.paths[0])), filepath.ToSlash(c.real)) {
			fmt.Fprintf(&b, " -> %s", c.real)
		}
		if c.what != "" {
			fmt.Fprintf(&b, "  (%s)", c.what)
		}
		var who []string
		if editor != "" && c.real == realPath(f, editor) {
			who = append(who, "the editor runs this")
		}
		if shell != "" && c.real == realPath(f, shell) {
			who = append(who, "a shell runs this")
		}
		if len(who) > 0 {
			fmt.Fprintf(&b, "  <- %s", strings.Join(who, "; "))
		}
	}
	return b.String()
}

// shadowDetail explains what the differing copies do to the user.
func shadowDetail(f *facts.Facts, t *toolset.Tool, copies []toolCopy, editor, shell string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is installed %d times, and the copies are not the same program:\n%s\n", t.Name, len(copies), listCopies(f, copies, editor, shell))
	b.WriteString("The editor searches GOBIN and each GOPATH/bin before PATH; shells, terminal tasks and other editors search PATH only. ")
	switch {
	case shell == "":
		fmt.Fprintf(&b, "A shell finds none of them on PATH.")
	case realPath(f, shell) == realPath(f, editor):
		fmt.Fprintf(&b, "Both run %s today, but an editor started with another PATH, or a change of GOBIN or GOPATH, picks another copy.", editor)
	default:
		fmt.Fprintf(&b, "So `%s` in a terminal runs %s while the editor runs %s: versions, bugs and fixes differ between what you test by hand and what the editor does, and `go install` updates only the copy in %s.",
			strings.Join(append([]string{t.Name}, t.ProbeArgs()...), " "), shell, editor, orNothing(f.InstallDir()))
	}
	return b.String()
}

// keepOneFix removes every copy but the one to keep: the one in the tools directory (which go
// install updates) when there is one, else the one the editor runs.
func keepOneFix(f *facts.Facts, t *toolset.Tool, copies []toolCopy, editor string) *finding.Fix {
	keep := realPath(f, editor)
	if dir := f.InstallDir(); dir != "" {
		for _, c := range copies {
			for _, p := range c.paths {
				if facts.SamePathKey(f.Host, dirOf(p)) == facts.SamePathKey(f.Host, dir) {
					keep = c.real
				}
			}
		}
	}
	fix := &finding.Fix{Docs: docsFor(t)}
	var kept string
	for _, c := range copies {
		if c.real == keep {
			kept = c.paths[0]
			continue
		}
		// Remove the name found on the search path, not the target of a symlink: a symlink into
		// a package manager's tree is removed without touching the package.
		fix.Commands = append(fix.Commands, "rm "+shell.Quote(c.paths[0]))
		fix.Actions = append(fix.Actions, finding.Action{Kind: finding.Remove, Path: c.paths[0]})
	}
	fix.Summary = fmt.Sprintf("Keep one %s, %s, and remove the others (a copy a package manager installed is better removed with it: brew uninstall, apt remove, ...). "+
		"Then keep that one current with %s.", t.Name, kept, "gomedic tools install "+t.Name)
	return fix
}

func dirOf(p string) string {
	i := strings.LastIndexAny(p, `/\`)
	if i <= 0 {
		return p
	}
	return p[:i]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
