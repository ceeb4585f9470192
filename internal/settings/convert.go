package settings

import (
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/vscode"
)

// setting is st as the document shows it, its value showable.
func setting(st vscode.Setting) result.Setting {
	out := result.Setting{Key: st.Key, Value: showable(st.Value), File: st.File, Line: st.Line, Scope: string(st.Scope),
		Editor: st.Editor, Language: st.Language, Folder: st.Folder, Profile: st.Profile}
	for _, p := range st.Paths {
		out.Paths = append(out.Paths, result.SettingPath{Key: p.Key, Raw: p.Raw, Expanded: p.Expanded, Unexpanded: p.Unexpanded, EmptyEnv: p.EmptyEnv})
	}
	return out
}

// editors are the editors found ([] when none).
func editors(es []vscode.Editor) []result.Editor {
	out := []result.Editor{}
	for _, e := range es {
		out = append(out, editor(e))
	}
	return out
}

func editor(e vscode.Editor) result.Editor {
	out := result.Editor{Name: e.Name, ID: e.ID, UserDir: e.UserDir, ExtensionsDir: e.ExtensionsDir, MachineDir: e.MachineDir,
		RemoteExtensionsDir: e.RemoteExtensionsDir, CLI: e.CLI}
	for _, x := range e.Extensions {
		out.Extensions = append(out.Extensions, result.EditorExtension{ID: x.ID, Version: x.Version, Dir: x.Dir, Manifest: x.Manifest,
			TargetPlatform: x.TargetPlatform, PreRelease: x.PreRelease, Remote: x.Remote})
	}
	for _, p := range e.Profiles {
		out.Profiles = append(out.Profiles, result.EditorProfile{ID: p.ID, Name: p.Name, Settings: p.Settings, Default: p.Default,
			Active: p.Active, UsesDefaultSettings: p.UsesDefaultSettings})
	}
	return out
}

// place is one place the extension looked for a tool.
func place(pl vscode.Place) result.ToolPlace {
	return result.ToolPlace{Rule: string(pl.Rule), Dir: pl.Dir, Path: pl.Path, Passed: pl.Passed, PassedPath: pl.PassedPath, File: pl.File}
}
