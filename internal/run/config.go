package run

import (
	"fmt"
	"path/filepath"
	"strings"

	wsfacts "github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
)

// applyConfig loads the launch configuration o.Config names and makes o what F5 starts with it:
// the configuration's program (PATH stood only for ${file}), in its mode, with its args before
// any given after -- (gomedic run --config NAME -- ARGS: the arguments are the program's).
func applyConfig(o Options) (Options, error) {
	lc, err := LoadLaunchConfig(o.Host, launchFolders(o.Host, o.Facts, o.Dir, o.Path), o.Facts.Settings().LaunchFiles(), o.Config, o.Path)
	if err != nil {
		return o, &UsageError{err}
	}
	args := o.Args
	if o.Command != nil {
		args = o.Command
	}
	args = append(append([]string(nil), lc.Args...), args...)
	o.Launch, o.Config, o.Command = lc, "", nil
	switch lc.Mode {
	case "exec":
		o.Path, o.Args, o.Command = "", nil, append([]string{lc.Program}, args...)
	case "test":
		o.Path, o.Args, o.Test = lc.Program, args, true
	default:
		o.Path, o.Args = lc.Program, args
	}
	return o, nil
}

// launchNote is the note for a PATH run without --config that F5 may start with a launch
// configuration of its own (cwd, args, env); "" when there is none.
func launchNote(o Options) string {
	if o.Launch != nil || o.Path == "" || o.Command != nil {
		return ""
	}
	target := o.Path
	if !filepath.IsAbs(target) {
		target = filepath.Join(o.Dir, target)
	}
	names := LaunchConfigsFor(o.Host, launchFolders(o.Host, o.Facts, o.Dir, o.Path), o.Facts.Settings().LaunchFiles(), filepath.Clean(target))
	if len(names) == 0 {
		return ""
	}
	what := "the launch configuration"
	if len(names) > 1 {
		what = "the launch configurations"
	}
	return fmt.Sprintf("the editor has %s %s for this program: its Run and Debug "+
		"start it with that configuration's cwd, args and env; gomedic run --config NAME does the same",
		what, strings.Join(names, ", "))
}

// launchFolders are the folders whose .vscode/launch.json may hold the configuration: the
// workspace's folders, then the directories from the current one (and PATH's) up to the root that
// have a .vscode directory, nearest first — the editor may have any of them open.
func launchFolders(h host.Host, f *wsfacts.Facts, wd, path string) []string {
	folders := append(append([]string(nil), f.Settings().Folders...), f.Dir, wd)
	starts := []string{wd}
	if path != "" {
		p := path
		if !filepath.IsAbs(p) {
			p = filepath.Join(wd, p)
		}
		starts = append(starts, filepath.Dir(p))
	}
	for _, d := range starts {
		for d = filepath.Clean(d); ; d = filepath.Dir(d) {
			if fi, err := h.Stat(filepath.Join(d, ".vscode")); err == nil && fi.IsDir() {
				folders = append(folders, d)
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	return dedupe(folders)
}

// dedupe drops empty and repeated entries, keeping the order.
func dedupe(list []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range list {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
