package report

import "github.com/gomedic/gomedic/internal/result"

// The documents of `gomedic settings` and `gomedic tools` reach the renderers through these
// copies, with every string redacted as in the check report: settings values (go.toolsEnvVars
// holds tokens and proxy URLs), paths, the go command's output in a failure.

// redactSettings is a copy of d with every string redacted.
func redactSettings(d *result.Settings) *result.Settings {
	out := *d
	out.Schema, out.Workspace = Redact(d.Schema), Redact(d.Workspace)
	out.Folders = redactAll(d.Folders)
	out.Editors = make([]result.Editor, len(d.Editors))
	for i, e := range d.Editors {
		out.Editors[i] = redactEditor(e)
	}
	out.Files = make([]result.SettingsFile, len(d.Files))
	for i, f := range d.Files {
		f.Path, f.Scope, f.Editor, f.Profile, f.Folder = Redact(f.Path), Redact(f.Scope), Redact(f.Editor), Redact(f.Profile), Redact(f.Folder)
		if f.Error != nil {
			fe := *f.Error
			fe.Message = Redact(fe.Message)
			f.Error = &fe
		}
		out.Files[i] = f
	}
	out.Settings = redactViews(d.Settings)
	out.Tools = make([]result.ToolView, len(d.Tools))
	for i, t := range d.Tools {
		out.Tools[i] = redactToolView(t)
	}
	return &out
}

func redactEditor(e result.Editor) result.Editor {
	e.Name, e.ID, e.CLI = Redact(e.Name), Redact(e.ID), Redact(e.CLI)
	e.UserDir, e.ExtensionsDir, e.MachineDir, e.RemoteExtensionsDir = Redact(e.UserDir), Redact(e.ExtensionsDir), Redact(e.MachineDir), Redact(e.RemoteExtensionsDir)
	if e.Extensions != nil {
		xs := make([]result.EditorExtension, len(e.Extensions))
		for i, x := range e.Extensions {
			x.ID, x.Version, x.Dir, x.Manifest, x.TargetPlatform = Redact(x.ID), Redact(x.Version), Redact(x.Dir), Redact(x.Manifest), Redact(x.TargetPlatform)
			xs[i] = x
		}
		e.Extensions = xs
	}
	if e.Profiles != nil {
		ps := make([]result.EditorProfile, len(e.Profiles))
		for i, p := range e.Profiles {
			p.ID, p.Name, p.Settings = Redact(p.ID), Redact(p.Name), Redact(p.Settings)
			ps[i] = p
		}
		e.Profiles = ps
	}
	return e
}

// redactViews is a copy of vs redacted (nil stays nil: members and overrides are omitted when
// empty).
func redactViews(vs []result.SettingView) []result.SettingView {
	if vs == nil {
		return nil
	}
	out := make([]result.SettingView, len(vs))
	for i, v := range vs {
		v.Setting = redactSetting(v.Setting)
		if v.Overrides != nil {
			os := make([]result.Setting, len(v.Overrides))
			for j, o := range v.Overrides {
				os[j] = redactSetting(o)
			}
			v.Overrides = os
		}
		v.Members = redactViews(v.Members)
		v.Ignored = Redact(v.Ignored)
		out[i] = v
	}
	return out
}

func redactSetting(st result.Setting) result.Setting {
	st.Value = redactValue(st.Key, st.Value)
	st.Key, st.File, st.Scope, st.Editor = Redact(st.Key), Redact(st.File), Redact(st.Scope), Redact(st.Editor)
	st.Language, st.Folder, st.Profile = Redact(st.Language), Redact(st.Folder), Redact(st.Profile)
	if st.Paths != nil {
		ps := make([]result.SettingPath, len(st.Paths))
		for i, p := range st.Paths {
			p.Key, p.Raw, p.Expanded = Redact(p.Key), Redact(p.Raw), Redact(p.Expanded)
			p.Unexpanded, p.EmptyEnv = redactAll(p.Unexpanded), redactAll(p.EmptyEnv)
			ps[i] = p
		}
		st.Paths = ps
	}
	return st
}

func redactToolView(t result.ToolView) result.ToolView {
	t.Role, t.Tool, t.Setting, t.Name, t.Path = Redact(t.Role), Redact(t.Tool), Redact(t.Setting), Redact(t.Name), Redact(t.Path)
	t.Rule, t.Describe, t.Note = Redact(t.Rule), Redact(t.Describe), Redact(t.Note)
	if t.Tried != nil {
		ps := make([]result.ToolPlace, len(t.Tried))
		for i, p := range t.Tried {
			p.Rule, p.Dir, p.Path, p.Passed, p.PassedPath, p.File = Redact(p.Rule), Redact(p.Dir), Redact(p.Path), Redact(p.Passed), Redact(p.PassedPath), Redact(p.File)
			ps[i] = p
		}
		t.Tried = ps
	}
	return t
}

// redactToolsInstall is a copy of d with every string redacted.
func redactToolsInstall(d *result.ToolsInstall) *result.ToolsInstall {
	out := *d
	out.Schema = Redact(d.Schema)
	out.Results = make([]result.ToolResult, len(d.Results))
	for i, r := range d.Results {
		r.Tool, r.Package, r.Module, r.Query = Redact(r.Tool), Redact(r.Package), Redact(r.Module), Redact(r.Query)
		r.Version, r.GoVersion, r.Status, r.Previous = Redact(r.Version), Redact(r.GoVersion), result.ToolStatus(Redact(string(r.Status))), Redact(r.Previous)
		r.Path, r.Store, r.Log = Redact(r.Path), Redact(r.Store), Redact(r.Log)
		r.Overrides, r.Notes = redactAll(r.Overrides), redactAll(r.Notes)
		if r.Failure != nil {
			fl := *r.Failure
			fl.Cause, fl.Summary, fl.Detail, fl.Tail = Redact(fl.Cause), Redact(fl.Summary), Redact(fl.Detail), Redact(fl.Tail)
			fl.Fix = redactFix(fl.Fix)
			r.Failure = &fl
		}
		out.Results[i] = r
	}
	return &out
}

// redactToolsList is a copy of d with every string redacted.
func redactToolsList(d *result.ToolsList) *result.ToolsList {
	out := *d
	out.Schema = Redact(d.Schema)
	if d.Tools != nil {
		out.Tools = make([]result.ListedTool, len(d.Tools))
	}
	for i, t := range d.Tools {
		t.Name, t.Package, t.Module, t.Need, t.Version, t.GoVersion = Redact(t.Name), Redact(t.Package), Redact(t.Module), Redact(t.Need), Redact(t.Version), Redact(t.GoVersion)
		t.Path, t.Pinned, t.Latest = Redact(t.Path), Redact(t.Pinned), Redact(t.Latest)
		t.Previous = redactAll(t.Previous)
		if t.Store != nil {
			t.Store = append([]result.StoredVersion(nil), t.Store...)
			for j := range t.Store {
				t.Store[j].Version, t.Store[j].Keep = Redact(t.Store[j].Version), Redact(t.Store[j].Keep)
			}
		}
		out.Tools[i] = t
	}
	return &out
}
