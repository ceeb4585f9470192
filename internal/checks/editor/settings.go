package editor

import "github.com/gomedic/gomedic/internal/doctor"

// settingsChecks returns editor.found, editor.extension, editor.settings.parse, editor.settings.paths and editor.settings.tools_env.
func settingsChecks() []*doctor.Check { return nil }
