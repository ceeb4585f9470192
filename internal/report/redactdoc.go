package report

import (
	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/result"
)

// The documents of `gomedic settings` and `gomedic tools` reach the renderers through these
// copies, with every string redacted as in the check report: settings values (go.toolsEnvVars
// holds tokens and proxy URLs), paths, the go command's output in a failure.

// redactSettingsButViews is a copy of d with every string redacted but the settings in effect,
// which are left out (nil): a renderer that prints them one by one redacts each as it prints it
// (redactView), rather than holding a redacted copy of tens of thousands of them.
func redactSettingsButViews(d *result.Settings) *result.Settings {
	shallow := *d
	shallow.Settings = nil
	return redactSettings(&shallow)
}

// redactSettings is a copy of d with every string redacted.
func redactSettings(d *result.Settings) *result.Settings {
	out := *d
	out.Schema, out.Workspace, out.Editor = redact.Text(d.Schema), redact.Text(d.Workspace), redact.Text(d.Editor)
	out.Folders = redactAll(d.Folders)
	out.Editors = make([]result.Editor, len(d.Editors))
	for i, e := range d.Editors {
		out.Editors[i] = redactEditor(e)
	}
	out.Files = make([]result.SettingsFile, len(d.Files))
	for i, f := range d.Files {
		f.Path, f.Scope, f.Editor, f.Profile, f.Folder = redact.Text(f.Path), redact.Text(f.Scope), redact.Text(f.Editor), redact.Text(f.Profile), redact.Text(f.Folder)
		f.NotUsed = redact.Text(f.NotUsed)
		if f.Error != nil {
			fe := *f.Error
			fe.Message = redact.Text(fe.Message)
			f.Error = &fe
		}
		out.Files[i] = f
	}
	out.Settings = redactViews(d.Settings, texts{})
	out.Tools = make([]result.ToolView, len(d.Tools))
	for i, t := range d.Tools {
		out.Tools[i] = redactToolView(t)
	}
	return &out
}

func redactEditor(e result.Editor) result.Editor {
	e.Name, e.ID, e.CLI = redact.Text(e.Name), redact.Text(e.ID), redact.Text(e.CLI)
	e.UserDir, e.ExtensionsDir, e.MachineDir, e.RemoteExtensionsDir = redact.Text(e.UserDir), redact.Text(e.ExtensionsDir), redact.Text(e.MachineDir), redact.Text(e.RemoteExtensionsDir)
	if e.Extensions != nil {
		xs := make([]result.EditorExtension, len(e.Extensions))
		for i, x := range e.Extensions {
			x.ID, x.Version, x.Dir, x.Manifest, x.TargetPlatform = redact.Text(x.ID), redact.Text(x.Version), redact.Text(x.Dir), redact.Text(x.Manifest), redact.Text(x.TargetPlatform)
			xs[i] = x
		}
		e.Extensions = xs
	}
	if e.Profiles != nil {
		ps := make([]result.EditorProfile, len(e.Profiles))
		for i, p := range e.Profiles {
			p.ID, p.Name, p.Settings = redact.Text(p.ID), redact.Text(p.Name), redact.Text(p.Settings)
			ps[i] = p
		}
		e.Profiles = ps
	}
	return e
}

// texts redacts the strings that repeat across settings (the file, scope, editor, language block,
// folder and profile of every setting of one file) once each: with 50k settings, redacting each
// copy again was half the time of `gomedic settings`.
type texts map[string]string

func (t texts) redact(s string) string {
	if s == "" {
		return s
	}
	r, ok := t[s]
	if !ok {
		r = redact.Text(s)
		t[s] = r
	}
	return r
}

// redactViews is a copy of vs redacted (nil stays nil: members and overrides are omitted when
// empty).
func redactViews(vs []result.SettingView, t texts) []result.SettingView {
	if vs == nil {
		return nil
	}
	out := make([]result.SettingView, len(vs))
	for i, v := range vs {
		out[i] = redactView(v, t)
	}
	return out
}

// redactView is v redacted.
func redactView(v result.SettingView, t texts) result.SettingView {
	v.Setting = redactSetting(v.Setting, t)
	if v.Overrides != nil {
		os := make([]result.Setting, len(v.Overrides))
		for j, o := range v.Overrides {
			os[j] = redactSetting(o, t)
		}
		v.Overrides = os
	}
	v.Members = redactViews(v.Members, t)
	v.Ignored = t.redact(v.Ignored)
	return v
}

func redactSetting(st result.Setting, t texts) result.Setting {
	st.Value = redact.JSON(st.Key, st.Value)
	st.Key, st.File, st.Scope, st.Editor = redact.Text(st.Key), t.redact(st.File), t.redact(st.Scope), t.redact(st.Editor)
	st.Language, st.Folder, st.Profile = t.redact(st.Language), t.redact(st.Folder), t.redact(st.Profile)
	if st.Paths != nil {
		ps := make([]result.SettingPath, len(st.Paths))
		for i, p := range st.Paths {
			p.Key, p.Raw, p.Expanded = redact.Text(p.Key), redact.Text(p.Raw), redact.Text(p.Expanded)
			p.Unexpanded, p.EmptyEnv = redactAll(p.Unexpanded), redactAll(p.EmptyEnv)
			ps[i] = p
		}
		st.Paths = ps
	}
	return st
}

func redactToolView(t result.ToolView) result.ToolView {
	t.Role, t.Tool, t.Setting, t.Name, t.Path = redact.Text(t.Role), redact.Text(t.Tool), redact.Text(t.Setting), redact.Text(t.Name), redact.Text(t.Path)
	t.Rule, t.Describe, t.Note = redact.Text(t.Rule), redact.Text(t.Describe), redact.Text(t.Note)
	if t.Tried != nil {
		ps := make([]result.ToolPlace, len(t.Tried))
		for i, p := range t.Tried {
			p.Rule, p.Dir, p.Path, p.Passed, p.PassedPath, p.File = redact.Text(p.Rule), redact.Text(p.Dir), redact.Text(p.Path), redact.Text(p.Passed), redact.Text(p.PassedPath), redact.Text(p.File)
			ps[i] = p
		}
		t.Tried = ps
	}
	return t
}

// redactToolsInstall is a copy of d with every string redacted.
func redactToolsInstall(d *result.ToolsInstall) *result.ToolsInstall {
	out := *d
	out.Schema = redact.Text(d.Schema)
	out.Results = make([]result.ToolResult, len(d.Results))
	for i, r := range d.Results {
		r.Tool, r.Package, r.Module, r.Query = redact.Text(r.Tool), redact.Text(r.Package), redact.Text(r.Module), redact.Text(r.Query)
		r.Version, r.GoVersion, r.Status, r.Previous = redact.Text(r.Version), redact.Text(r.GoVersion), result.ToolStatus(redact.Text(string(r.Status))), redact.Text(r.Previous)
		r.Path, r.Store, r.Log = redact.Text(r.Path), redact.Text(r.Store), redact.Text(r.Log)
		r.Overrides, r.Notes = redactAll(r.Overrides), redactAll(r.Notes)
		if r.Failure != nil {
			fl := *r.Failure
			fl.Cause, fl.Summary, fl.Detail, fl.Tail = redact.Text(fl.Cause), redact.Text(fl.Summary), redact.Text(fl.Detail), redact.Text(fl.Tail)
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
	out.Schema = redact.Text(d.Schema)
	if d.Tools != nil {
		out.Tools = make([]result.ListedTool, len(d.Tools))
	}
	for i, t := range d.Tools {
		t.Name, t.Package, t.Module, t.Need, t.Version, t.GoVersion = redact.Text(t.Name), redact.Text(t.Package), redact.Text(t.Module), redact.Text(t.Need), redact.Text(t.Version), redact.Text(t.GoVersion)
		t.Path, t.Pinned, t.Latest = redact.Text(t.Path), redact.Text(t.Pinned), redact.Text(t.Latest)
		t.Previous = redactAll(t.Previous)
		if t.Store != nil {
			t.Store = append([]result.StoredVersion(nil), t.Store...)
			for j := range t.Store {
				t.Store[j].Version, t.Store[j].Keep = redact.Text(t.Store[j].Version), redact.Text(t.Store[j].Keep)
			}
		}
		out.Tools[i] = t
	}
	return &out
}
