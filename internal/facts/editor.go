package facts

import "github.com/gomedic/gomedic/internal/vscode"

// Settings are the editor settings that apply to the workspace, read once per run.
func (f *Facts) Settings() *vscode.Settings {
	return f.settings.get(func() *vscode.Settings { return vscode.Load(f.Host, f.Dir) })
}
